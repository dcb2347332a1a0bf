"""Tra cứu hồ sơ công khai: what anyone holding a dossier code (mã hồ sơ) may see.

The public view is copied out of the Dossier row into plain values here, so the page
never holds the row and cannot show what was not copied: no applicant name, citizen ID,
phone or address, no staff names or assignee, no internal notes. The applicant's
initials are copied only after the last four digits of their phone were matched.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db.models import F

from motcua.catalog.models import CopyType
from motcua.org.models import Agency

from . import events
from .models import (
    CLOCK_STOPPED_STATUSES,
    OPEN_STATUSES,
    RESULT_STATUSES,
    Channel,
    Delivery,
    Dossier,
    DossierEvent,
    Status,
    dossier_code,
    status_tone,
)

# Statuses whose appointment (ngày hẹn trả) still means something to the applicant.
APPOINTMENT_STATUSES = (*OPEN_STATUSES, *RESULT_STATUSES)
COPY_TYPES = dict(CopyType.choices)
# The only columns of the dossier the lookup reads: the public ones, plus what the phone
# check needs.
PUBLIC_FIELDS = (
    "code",
    "status",
    "channel",
    "delivery",
    "submitted_at",
    "received_at",
    "due_at",
    "returned_at",
    "applicant_name",
    "lookup_phone_tail",
)
# Lower-cased first letter: they follow "Nhận kết quả:" or "Đã trả kết quả —" in a sentence.
DELIVERY_LABELS = {code: label[:1].lower() + label[1:] for code, label in Delivery.choices}


@dataclass(frozen=True)
class PublicDocument:
    """One document the applicant is asked to bring (from Mẫu 02)."""

    name: str
    copy_type: str = ""
    quantity: int = 1


@dataclass(frozen=True)
class PublicStep:
    """One line of the public timeline."""

    at: dt.datetime
    label: str
    detail: str = ""
    new_due: dt.datetime | None = None
    documents: tuple[PublicDocument, ...] = ()


@dataclass(frozen=True)
class PublicDossier:
    """The public face of a dossier: procedure, status, dates and public steps."""

    code: str
    procedure_name: str
    agency_name: str
    status: int
    status_label: str
    channel_label: str
    delivery: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None  # the first appointment, when it was extended
    returned_at: dt.datetime | None
    steps: tuple[PublicStep, ...]
    waiting_documents: tuple[PublicDocument, ...] = ()
    waiting_obligation: str = ""
    waiting_obligation_vnd: int = 0
    applicant_initials: str = ""

    @property
    def clock_paused(self) -> bool:
        return self.status in CLOCK_STOPPED_STATUSES

    @property
    def waiting_supplement(self) -> bool:
        return self.status == Status.SUPPLEMENT_REQUESTED

    @property
    def waiting_for_obligation(self) -> bool:
        return self.status == Status.FINANCIAL_OBLIGATION

    @property
    def result_waiting(self) -> bool:
        """Đã có kết quả, chờ trả."""
        return self.status == Status.DONE

    @property
    def delivery_label(self) -> str:
        return DELIVERY_LABELS.get(self.delivery, "")

    @property
    def collect_at_counter(self) -> bool:
        return self.delivery == Delivery.COUNTER

    @property
    def shows_appointment(self) -> bool:
        return self.status in APPOINTMENT_STATUSES and self.due_at is not None

    @property
    def status_tone(self) -> str:
        return status_tone(self.status)


@dataclass(frozen=True)
class LookupResult:
    dossier: PublicDossier | None
    phone_checked: bool = False
    phone_matched: bool = False

    @property
    def phone_mismatch(self) -> bool:
        return self.phone_checked and not self.phone_matched


def initials(name: str) -> str:
    """'Nguyễn Thị Hường' → 'N.T.H.': enough for the applicant to recognise, nothing more."""
    return "".join(f"{word[0].upper()}." for word in name.split() if word[:1].isalpha())


def phone_matches(lookup_phone_tail: str, digits: str) -> bool:
    """Constant-time comparison with the last four digits of the applicant's phone."""
    return len(lookup_phone_tail) == 4 and hmac.compare_digest(lookup_phone_tail, digits)


def lookup(code: str, phone_digits: str = "") -> LookupResult:
    """Find the dossier ``code`` and build its public view (None when unknown).

    Two statements: the dossier's public columns with its procedure's and receiving
    agency's names, and its public events (kind, moment, data).
    """
    row = (
        Dossier.objects.filter(code=code)
        .values(
            "pk",
            *PUBLIC_FIELDS,
            procedure_name=F("procedure__name"),
            agency_name=F("receiving_agency__name"),
        )
        .first()
    )
    checked = bool(phone_digits)
    if row is None:
        return LookupResult(None, phone_checked=checked)
    matched = checked and phone_matches(row["lookup_phone_tail"], phone_digits)
    return LookupResult(
        _public_view(row, with_initials=matched), phone_checked=checked, phone_matched=matched
    )


def public_view(dossier: Dossier) -> PublicDossier:
    """The same public view for the applicant's own dossier (the portal's "Hồ sơ của
    tôi"): exactly what the lookup shows, without the initials (the page is theirs)."""
    row = (
        Dossier.objects.filter(pk=dossier.pk)
        .values(
            "pk",
            *PUBLIC_FIELDS,
            procedure_name=F("procedure__name"),
            agency_name=F("receiving_agency__name"),
        )
        .get()
    )
    return _public_view(row)


def _public_events(dossier_id: int) -> list[tuple[str, dt.datetime, events.EventData | None]]:
    rows = (
        DossierEvent.objects.filter(dossier_id=dossier_id, is_public=True)
        .order_by("at", "id")
        .values_list("kind", "at", "data")
    )
    return [(kind, at, events.payload(kind, data)) for kind, at, data in rows]


def _public_view(row: dict, *, with_initials: bool = False) -> PublicDossier:
    """The dossier as ``lookup`` read it: public columns and two names."""
    timeline = _public_events(row["pk"])
    waiting_documents, obligation, obligation_vnd = _waiting_for(row["status"], timeline)
    return PublicDossier(
        code=row["code"],
        procedure_name=row["procedure_name"],
        agency_name=row["agency_name"],
        status=row["status"],
        status_label=Status(row["status"]).label,
        channel_label=Channel(row["channel"]).label,
        delivery=row["delivery"],
        received_at=row["received_at"],
        due_at=row["due_at"],
        original_due_at=_first_appointment(timeline),
        returned_at=row["returned_at"],
        steps=tuple(_steps(row, timeline)),
        waiting_documents=waiting_documents,
        waiting_obligation=obligation,
        waiting_obligation_vnd=obligation_vnd,
        applicant_initials=initials(row["applicant_name"]) if with_initials else "",
    )


def _steps(row: dict, timeline) -> list[PublicStep]:
    steps = []
    received, submitted = row["received_at"], row["submitted_at"]
    # Dossiers submitted through the portal carry their own "submitted" event.
    told = any(kind == "submitted" for kind, _, _ in timeline)
    if row["channel"] == Channel.ONLINE and received and submitted < received and not told:
        steps.append(PublicStep(submitted, "Đã nộp hồ sơ trực tuyến"))
    for kind, at, data in timeline:
        label = events.public_label(kind)
        if label:
            steps.append(_step(at, label, data))
    return steps


def _step(at: dt.datetime, label: str, data: events.EventData | None) -> PublicStep:
    if isinstance(data, events.SupplementRequested):
        return PublicStep(at, label, documents=_documents(data))
    if isinstance(data, events.Extended | events.DueRecomputed):
        return PublicStep(at, label, new_due=data.new_due)
    if isinstance(data, events.Returned):
        return PublicStep(at, label, detail=DELIVERY_LABELS.get(data.method, ""))
    if isinstance(data, events.Refused):  # the category only: the reasons stay inside
        return PublicStep(at, label, detail=data.category_label)
    return PublicStep(at, label)


def _documents(data: events.SupplementRequested) -> tuple[PublicDocument, ...]:
    """Name, kind of copy and quantity only: notes on the request stay inside."""
    return tuple(
        PublicDocument(
            name=item.name,
            copy_type=COPY_TYPES.get(item.copy_type, item.copy_type),
            quantity=item.quantity,
        )
        for item in data.missing
        if item.name
    )


def _waiting_for(status: int, timeline) -> tuple[tuple[PublicDocument, ...], str, int]:
    """What the paused clock waits on: the documents asked for, or the obligation."""
    wanted = {
        Status.SUPPLEMENT_REQUESTED: events.SupplementRequested,
        Status.FINANCIAL_OBLIGATION: events.ObligationRequested,
    }.get(status)
    if wanted is None:
        return (), "", 0
    last = next((data for kind, _, data in reversed(timeline) if kind == wanted.kind), None)
    if last is None:
        return (), "", 0
    if isinstance(last, events.SupplementRequested):
        return _documents(last), "", 0
    return (), last.description, last.amount_vnd


def _first_appointment(timeline) -> dt.datetime | None:
    """The appointment before the first extension (Mẫu 04), if any."""
    first = next((data for kind, _, data in timeline if kind == events.Extended.kind), None)
    return first.previous_due if first else None


def example_code(today: dt.date) -> str:
    """A code in the real format for the form's hint: today's first number at the agency
    that received the latest dossier (or any agency), as ``services.next_code`` writes it."""
    agency_code = (
        Dossier.objects.order_by("-pk").values_list("receiving_agency__code", flat=True).first()
        or Agency.objects.filter(is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
        .last()
    )
    if not agency_code:
        return "<mã đơn vị>-<năm tháng ngày>-<số thứ tự>"
    return dossier_code(agency_code, today, 1)
