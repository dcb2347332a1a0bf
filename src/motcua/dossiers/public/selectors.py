"""Tra cứu hồ sơ công khai: what anyone holding a dossier code (mã hồ sơ) may see.

The public view is copied out of the Dossier row into plain values here, so the page
never holds the row and cannot show what was not copied: no applicant name, citizen ID,
phone or address, no staff names or assignee, no internal notes. The applicant's
initials are copied only after the last four digits of their phone were matched.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
from dataclasses import dataclass

from django.db import connection

from motcua.catalog.models import CopyType, Procedure
from motcua.core.sql import table
from motcua.org.models import Agency

from ..events import public_label
from ..models import (
    CLOCK_STOPPED_STATUSES,
    OPEN_STATUSES,
    RESULT_STATUSES,
    Channel,
    Delivery,
    Dossier,
    DossierEvent,
    Status,
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


def phone_matches(dossier: Dossier, digits: str) -> bool:
    """Constant-time comparison with the last four digits of the applicant's phone."""
    expected = dossier.lookup_phone_tail
    return len(expected) == 4 and hmac.compare_digest(expected, digits)


def lookup(code: str, phone_digits: str = "") -> LookupResult:
    """Find the dossier ``code`` and build its public view (None when unknown)."""
    dossier = next(iter(Dossier.objects.raw(_statements().dossier, [code])), None)
    checked = bool(phone_digits)
    if dossier is None:
        return LookupResult(None, phone_checked=checked)
    matched = checked and phone_matches(dossier, phone_digits)
    return LookupResult(
        _public_view(dossier, with_initials=matched), phone_checked=checked, phone_matched=matched
    )


@dataclass(frozen=True)
class _Statements:
    dossier: str
    events: str


@functools.cache
def _statements() -> _Statements:
    """The lookup's two statements, written once per process from the models' metadata.

    The lookup is the busiest page of the site (every receipt's QR code leads here), so
    it skips the ORM's query compiler, which cost more than the statements themselves.
    ``raw()`` still converts the columns (dates, JSON) as the ORM would.
    """
    quote = connection.ops.quote_name
    dossiers = Dossier._meta
    columns = ", ".join(f"d.{quote(dossiers.get_field(name).column)}" for name in PUBLIC_FIELDS)
    return _Statements(
        dossier=(
            f"SELECT d.{quote(dossiers.pk.column)}, {columns},"
            " p.name AS procedure_name, a.name AS agency_name"
            f" FROM {table(Dossier)} d"
            f" JOIN {table(Procedure)} p ON p.id = d.procedure_id"
            f" JOIN {table(Agency)} a ON a.id = d.receiving_agency_id"
            " WHERE d.code = %s"
        ),
        events=(
            f"SELECT id, kind, at, data FROM {table(DossierEvent)}"
            " WHERE dossier_id = %s AND is_public ORDER BY at, id"
        ),
    )


def _public_events(dossier: Dossier) -> list[tuple[str, dt.datetime, dict]]:
    rows = DossierEvent.objects.raw(_statements().events, [dossier.pk])
    return [(event.kind, event.at, event.data) for event in rows]


def _public_view(dossier: Dossier, *, with_initials: bool = False) -> PublicDossier:
    """``dossier`` as read by ``_statements().dossier``: public columns and two names."""
    events = _public_events(dossier)
    waiting_documents, obligation, obligation_vnd = _waiting_for(dossier, events)
    return PublicDossier(
        code=dossier.code,
        procedure_name=dossier.procedure_name,
        agency_name=dossier.agency_name,
        status=dossier.status,
        status_label=Status(dossier.status).label,
        channel_label=Channel(dossier.channel).label,
        delivery=dossier.delivery,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        original_due_at=_first_appointment(events),
        returned_at=dossier.returned_at,
        steps=tuple(_steps(dossier, events)),
        waiting_documents=waiting_documents,
        waiting_obligation=obligation,
        waiting_obligation_vnd=obligation_vnd,
        applicant_initials=initials(dossier.applicant_name) if with_initials else "",
    )


def _steps(dossier: Dossier, events) -> list[PublicStep]:
    steps = []
    received = dossier.received_at
    if dossier.channel == Channel.ONLINE and received and dossier.submitted_at < received:
        steps.append(PublicStep(dossier.submitted_at, "Đã nộp hồ sơ trực tuyến"))
    for kind, at, data in events:
        label = public_label(kind)
        if label:
            steps.append(_step(kind, at, label, data))
    return steps


def _step(kind: str, at: dt.datetime, label: str, data: dict) -> PublicStep:
    if kind == "supplement_requested":
        return PublicStep(at, label, documents=_documents(data))
    if kind in ("extended", "due_recomputed"):
        return PublicStep(at, label, new_due=_moment(data.get("new_due")))
    if kind == "returned":
        return PublicStep(at, label, detail=DELIVERY_LABELS.get(data.get("method"), ""))
    return PublicStep(at, label)


def _documents(data: dict) -> tuple[PublicDocument, ...]:
    """Name, kind of copy and quantity only: notes on the request stay inside."""
    return tuple(
        PublicDocument(
            name=item.get("name", ""),
            copy_type=COPY_TYPES.get(item.get("copy_type", ""), item.get("copy_type", "")),
            quantity=item.get("quantity") or 1,
        )
        for item in data.get("missing", [])
        if item.get("name")
    )


def _waiting_for(dossier: Dossier, events) -> tuple[tuple[PublicDocument, ...], str, int]:
    """What the paused clock waits on: the documents asked for, or the obligation."""
    wanted = {
        Status.SUPPLEMENT_REQUESTED: "supplement_requested",
        Status.FINANCIAL_OBLIGATION: "obligation_requested",
    }.get(dossier.status)
    last = next((data for kind, _, data in reversed(events) if kind == wanted), None)
    if last is None:
        return (), "", 0
    if wanted == "supplement_requested":
        return _documents(last), "", 0
    return (), last.get("description", ""), int(last.get("amount_vnd") or 0)


def _first_appointment(events) -> dt.datetime | None:
    first = next((data for kind, _, data in events if kind == "extended"), None)
    return _moment(first.get("previous_due")) if first else None


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
