"""The content of a procedure version as plain values, independent of the database.

The Excel import, the demo loader and the services all speak ``VersionData``; the
export turns a stored version back into the same shape (``version_as_data``), so an
exported file re-imports to equal data and "nothing changed" is a simple ``==``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import eforms
from .deadlines import DeadlineVariant
from .fees import FeeRule, from_json
from .models import (
    CopyType,
    DeadlineKind,
    EForm,
    OnlineLevel,
    ProcedureVersion,
    SupplementEffect,
)


@dataclass(frozen=True)
class DocumentData:
    """Một thành phần hồ sơ."""

    name: str
    copy_type: str = CopyType.ORIGINAL
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True)
class VersionData:
    """One procedure version as the catalogue spreadsheet states it."""

    code: str
    name: str
    sector: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    deadline_kind: str = DeadlineKind.DAYS
    deadline_amount: int = 0
    same_day_cutoff: dt.time = dt.time(15, 0)
    deadline_provisional: bool = False
    deadline_note: str = ""
    deadline_variants: tuple[DeadlineVariant, ...] = ()
    fee_vnd: int | None = None
    fee_note: str = ""
    exemptions: str = ""
    fee_rule: FeeRule = field(default_factory=FeeRule)
    online_level: str = OnlineLevel.NONE
    online_level_note: str = ""
    online_level_basis: str = ""
    competent_unit_code: str = ""
    supplement_effect: str = SupplementEffect.PAUSE
    result_delivery: tuple[str, ...] = ()
    documents_note: str = ""
    legal_basis: str = ""
    source: str = ""
    caveats: str = ""
    documents: tuple[DocumentData, ...] = field(default_factory=tuple)
    # The e-form (catalog.eforms), outside the version's compared content: None = not
    # stated (kept as stored). It may change while the version is in force (its revision).
    eform_fields: tuple[eforms.FieldDef, ...] | None = field(default=None, compare=False)
    eform_slots: tuple[eforms.SlotDef, ...] | None = field(default=None, compare=False)


# Version fields copied one to one between VersionData and ProcedureVersion.
PLAIN_FIELDS = (
    "valid_from",
    "valid_to",
    "deadline_kind",
    "deadline_amount",
    "same_day_cutoff",
    "deadline_provisional",
    "deadline_note",
    "fee_vnd",
    "fee_note",
    "exemptions",
    "online_level",
    "online_level_note",
    "online_level_basis",
    "supplement_effect",
    "documents_note",
    "legal_basis",
    "source",
    "caveats",
)


def version_as_data(version: ProcedureVersion) -> VersionData:
    """A stored version (with its procedure, sector, unit and documents) as VersionData."""
    procedure = version.procedure
    definition = eform_of(version)
    return VersionData(
        code=procedure.code,
        name=procedure.name,
        sector=procedure.sector.name,
        competent_unit_code=version.competent_unit.code if version.competent_unit else "",
        result_delivery=tuple(version.result_delivery),
        deadline_variants=version.variants,
        fee_rule=from_json(version.fee_rule),
        documents=tuple(
            DocumentData(
                name=doc.name, copy_type=doc.copy_type, quantity=doc.quantity, note=doc.note
            )
            for doc in version.documents.all()
        ),
        eform_fields=definition.fields,
        eform_slots=definition.slots,
        **{name: getattr(version, name) for name in PLAIN_FIELDS},
    )


def checklist_of(documents) -> list[eforms.ChecklistItem]:
    """The version's documents as what its upload slots are derived from."""
    return [
        eforms.ChecklistItem(doc.order, doc.name, doc.copy_type == CopyType.PRESENT_ONLY)
        for doc in documents
    ]


def eform_of(version: ProcedureVersion) -> eforms.EFormDef:
    """The version's e-form: the stored questions (none when never defined) and one slot
    per checklist document (stored limits, else the defaults)."""
    stored = EForm.objects.filter(version_id=version.pk).first()  # fresh: edits bump it
    fields = eforms.fields_from_json(stored.fields) if stored else ()
    slots = eforms.slots_from_json(stored.slots) if stored else ()
    return eforms.EFormDef(
        fields, eforms.derive_slots(checklist_of(version.documents.all()), slots)
    )
