"""Pre-filling a form from the citizen's profile, and the record of what was pre-filled.

``prefill(profile, fields)`` answers the form's ``initial`` values and a ``Prefill`` record
that names, field by field, the profile attribute it came from and the value shown. The
submission flow (next session) stores ``record.as_json()`` with the dossier and, with
``record.changed(submitted)``, which pre-filled values the citizen changed before sending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from .models import CitizenProfile

# A form's field name → the profile attribute it is filled from (the dossier intake's
# applicant fields first, then plain names).
SOURCES = {
    "applicant_name": "full_name",
    "applicant_id_number": "citizen_id",
    "applicant_birth_date": "date_of_birth",
    "applicant_address": "address",
    "applicant_phone": "phone",
    "applicant_email": "email",
    "applicant_org_name": "organisation_name",
    "applicant_org_code": "tax_code",
    "full_name": "full_name",
    "citizen_id": "citizen_id",
    "date_of_birth": "date_of_birth",
    "address": "address",
    "phone": "phone",
    "email": "email",
    "organisation_name": "organisation_name",
    "tax_code": "tax_code",
}
SOURCE_NAME = "citizen_profile"


def _value_of(profile: CitizenProfile, attribute: str):
    if attribute == "email":
        return profile.user.email
    return getattr(profile, attribute)


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


@dataclass(frozen=True)
class Prefill:
    """What was put into which field of a form, from which profile attribute."""

    profile_id: int
    at: datetime
    fields: dict[str, dict] = field(default_factory=dict)  # name → {"from", "value"}

    @property
    def initial(self) -> dict:
        return {name: item["value"] for name, item in self.fields.items()}

    def changed(self, submitted: dict) -> list[str]:
        """The pre-filled fields whose submitted value differs from what was shown."""
        return sorted(
            name
            for name, item in self.fields.items()
            if name in submitted and _plain(submitted[name]) != item["value"]
        )

    def as_json(self) -> dict:
        return {
            "source": SOURCE_NAME,
            "profile_id": self.profile_id,
            "at": self.at.isoformat(),
            "fields": {name: dict(item) for name, item in self.fields.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Prefill:
        return cls(
            profile_id=data["profile_id"],
            at=datetime.fromisoformat(data["at"]),
            fields={name: dict(item) for name, item in data["fields"].items()},
        )


def prefill(
    profile: CitizenProfile, form_fields, *, sources: dict[str, str] | None = None
) -> Prefill:
    """Fill the names in ``form_fields`` that the profile knows (non-empty values only)."""
    sources = {**SOURCES, **(sources or {})}
    filled = {}
    for name in form_fields:
        attribute = sources.get(name)
        if attribute is None:
            continue
        value = _plain(_value_of(profile, attribute))
        if value in (None, ""):
            continue
        filled[name] = {"from": attribute, "value": value}
    return Prefill(profile_id=profile.pk, at=timezone.now(), fields=filled)
