"""Every write on a dossier: one function per one-stop action.

Each service runs in one transaction, locks the dossier row, checks the action against
workflow.ACTIONS (status and role), appends its DossierEvent and rewrites the cached
status/clock columns from the timeline. A refused action raises DomainError and writes
nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from motcua.catalog import fees
from motcua.catalog.models import OnlineLevel
from motcua.catalog.selectors import fee_quote, version_in_force
from motcua.core import sql
from motcua.core.errors import DomainError, DomainErrors, ErrorCollector, PermissionDeniedError
from motcua.files.policy import UploadPolicy
from motcua.files.services import discard_stored, store_uploads
from motcua.org.models import Agency, Role, RoleAssignment
from motcua.org.permissions import Perm, can, require

from . import clock, events, online, signals
from .clock_reads import derive_clock, receipt_clock, worked_seconds
from .inputs import Applicant, MissingDocument, ReceivedDocument
from .models import (
    COMPONENT_FILE_KINDS,
    Channel,
    DailyCounter,
    Delivery,
    Dossier,
    DossierEvent,
    DossierFile,
    FileKind,
    Register,
    RegisterCounter,
    Status,
    dossier_code,
)
from .workflow import ACTIONS, APPLICANT_ACTIONS, applicant_may, is_applicant, may

TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass
class _Change:
    """What a transition writes: the event (its data built by events.py) and the new
    cached status."""

    event: events.EventData
    status: int
    from_agency: Agency | None = None
    to_agency: Agency | None = None
    is_public: bool = True


# --- Helpers ----------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("Service times must be timezone-aware.")
    return moment


def next_code(agency: Agency, day: dt.date) -> str:
    """Mã hồ sơ ``<agency identifier>-<yymmdd>-<NNNN>``: gap-free per agency and day."""
    number = _bump(DailyCounter, agency_id=agency.pk, day=day)
    return dossier_code(agency.code, day, number)


def next_register_number(agency: Agency, register: str, at: dt.datetime) -> int:
    """ "Số: …" of a form issued by ``agency`` at ``at``: the next number of its register
    (Register.RECEIPT, Register.OUTGOING) in that local year, gap-free.

    The receipt register is the receiving agency's own (Sổ theo dõi hồ sơ of the counter).
    The register of outgoing documents is the ward's: the People's Committee is the
    agency whose văn thư numbers what its units and its Center send out [U: a unit with
    its own seal and register would need a setting; docs/forms.md].
    """
    holder = agency if register == Register.RECEIPT else (agency.ward_or_self or agency)
    year = timezone.localtime(at, TZ).year
    return _bump(RegisterCounter, agency_id=holder.pk, year=year, register=register)


def _bump(model, **key) -> int:
    """Add one to ``model``'s counter row at ``key`` (created at 1) and return it.

    One upsert statement: the counter row stays locked until the caller's transaction
    ends, so parallel actions queue on it, and a rolled-back action gives its number back.
    """
    table = sql.table(model)
    columns = ", ".join(connection.ops.quote_name(name) for name in key)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, last) VALUES ({', '.join(['%s'] * len(key))}, 1) "
            f"ON CONFLICT ({columns}) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            list(key.values()),
        )
        (number,) = cursor.fetchone()
    return number


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update()
        .select_related("procedure_version", "receiving_agency", "competent_unit", "ward")
        .get(pk=dossier.pk)
    )


def _check(actor, action_name: str, dossier: Dossier) -> None:
    action = ACTIONS[action_name]
    if may(actor, action, dossier):
        return
    if any(can(actor, perm, getattr(dossier, attr)) for perm, attr in action.grants):
        raise DomainError(
            "invalid_transition",
            f"Không thể «{action.label}» khi hồ sơ đang ở trạng thái "
            f"«{dossier.get_status_display()}».",
            action=action_name,
            status=dossier.status,
        )
    raise PermissionDeniedError(f"Bạn không có quyền «{action.label}» với hồ sơ này.")


def _last_event_at(dossier: Dossier) -> dt.datetime | None:
    return dossier.events.order_by("-at", "-id").values_list("at", flat=True).first()


def _append(
    dossier: Dossier, actor, at: dt.datetime, change: _Change, *, first: bool = False
) -> DossierEvent:
    """Append ``change`` to the timeline; ``first`` for a new dossier (nothing to order)."""
    last = None if first else _last_event_at(dossier)
    if last is not None and at < last:
        raise DomainError(
            "event_before_last", "Thời điểm thao tác không được trước bước trước đó.", field="at"
        )
    dossier.status = change.status
    return record_event(
        dossier,
        change.event,
        actor=actor,
        at=at,
        is_public=change.is_public,
        from_agency=change.from_agency,
        to_agency=change.to_agency,
    )


def record_event(
    dossier: Dossier,
    data: events.EventData,
    *,
    actor,
    at: dt.datetime,
    is_public: bool = True,
    from_agency: Agency | None = None,
    to_agency: Agency | None = None,
) -> DossierEvent:
    """Create one timeline row: the only place a DossierEvent is written.

    Runs inside the caller's transaction (every service's) and sends
    ``signals.event_recorded`` there, so whatever a receiver writes (the outbox's
    messages) commits or rolls back with the event. ``dossier`` carries its cached
    columns as the service will save them (status, due moments)."""
    event = DossierEvent.objects.create(
        dossier=dossier,
        kind=data.kind,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at,
        status_after=dossier.status,
        data=data.as_data(),
        is_public=is_public,
        from_agency=from_agency,
        to_agency=to_agency,
    )
    signals.event_recorded.send(sender=DossierEvent, event=event, dossier=dossier)
    return event


def _write_clock(dossier: Dossier) -> None:
    _set_clock(dossier, derive_clock(dossier))


def _set_clock(dossier: Dossier, state: clock.ClockState) -> None:
    dossier.clock_started_at = state.started_at
    dossier.legal_due_at = state.legal_due_at
    dossier.due_at = state.due_at
    dossier.paused_at = state.paused_at
    dossier.remaining_seconds = state.legal_remaining


def _open(actor, action_name: str, dossier: Dossier) -> Dossier:
    """Lock the dossier row and check that ``actor`` may take the action now."""
    dossier = _lock(dossier)
    _check(actor, action_name, dossier)
    return dossier


def _save(dossier: Dossier, *, clock: bool = False) -> Dossier:
    """Write the cached columns; ``clock`` when the new event moved the clock."""
    if clock:
        _write_clock(dossier)
    dossier.save()
    return dossier


# --- Intake -------------------------------------------------------------------------------


def _intake_context(actor, receiving_agency: Agency, procedure, at: dt.datetime):
    require(actor, Perm.RECEIVE_DOSSIER, receiving_agency)
    ward = receiving_agency.ward_or_self
    if ward is None:
        raise DomainError("agency_not_in_ward", "Nơi tiếp nhận phải thuộc một xã, phường.")
    version = version_in_force(procedure, ward, timezone.localtime(at, TZ).date())
    if version is None:
        raise DomainError(
            "procedure_not_in_force",
            "Thủ tục này chưa được ban hành áp dụng tại xã, phường vào ngày tiếp nhận.",
            field="procedure",
        )
    if version.competent_unit is None:
        raise DomainError(
            "procedure_without_unit",
            "Thủ tục chưa được giao đơn vị giải quyết; liên hệ quản trị danh mục.",
            field="procedure",
        )
    return ward, version


def _new_dossier(*, actor, receiving_agency, ward, version, applicant: Applicant, at, **fields):
    """A dossier numbered at ``receiving_agency`` for ``applicant`` (not saved yet)."""
    return Dossier(
        code=next_code(receiving_agency, timezone.localtime(at, TZ).date()),
        procedure_version=version,
        procedure=version.procedure,
        receiving_agency=receiving_agency,
        ward=ward,
        competent_unit=version.competent_unit,
        receiver=actor if getattr(actor, "pk", None) else None,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_org_code=applicant.org_code,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        lookup_phone_tail=applicant.phone[-4:],
        **fields,
    )


def check_deadline_case(version, case: str) -> None:
    """A version with deadlines by case needs one of its cases; any other, none."""
    labels = version.case_labels
    if labels and case not in labels:
        raise DomainError(
            "deadline_case_required",
            "Chọn trường hợp của thủ tục: thời hạn giải quyết tùy theo trường hợp.",
            field="deadline_case",
        )
    if not labels and case:
        raise DomainError(
            "deadline_case_invalid",
            "Thủ tục này không có thời hạn theo trường hợp.",
            field="deadline_case",
        )


# Where each input of the fee quote is typed on the intake form.
FEE_INPUT_FIELDS = {
    "pages": "fee_pages",
    "copies": "fee_copies",
    "cases": "fee_cases",
    "exemption": "fee_exemption",
}


def quote_intake_fee(version, inputs: fees.FeeInputs, *, evidence: str = "", at=None):
    """The fee of a dossier at intake (catalog.selectors.fee_quote, the portal's function
    too), every refused input at once on its intake field; an exemption needs its evidence."""
    errors = [
        DomainError(f"fee_{name}_invalid", message, field=FEE_INPUT_FIELDS[name])
        for name, message in fees.input_errors(version.fee_schedule, inputs)
    ]
    if inputs.exemption and not evidence.strip():
        errors.append(
            DomainError(
                "fee_exemption_evidence_required",
                "Ghi giấy tờ chứng minh đối tượng được miễn, giảm (số, ngày, nơi cấp).",
                field="fee_exemption_evidence",
            )
        )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DomainErrors(errors)
    return fee_quote(version, inputs, at=at)


def _intake_fee(version, inputs, evidence, stated, reason, at) -> tuple[int, dict, str]:
    """(fee_vnd, fee_detail, why the fee is undetermined) of a new dossier.

    A complete quote gives the amount payable after the exemption. An incomplete one (no
    amount in the catalogue, or none yet in the province's council table) takes the amount
    the counter states, or keeps the reason it could not: never "không thu"."""
    quote = quote_intake_fee(version, inputs, evidence=evidence, at=at)
    detail = {
        **quote.as_data(),
        "inputs": inputs.as_data(),
        "evidence": evidence.strip()[:500] if inputs.exemption else "",
    }
    if quote.determined:
        return quote.total, detail, ""
    detail["stated_vnd"] = stated or None
    return stated or 0, detail, "" if stated else reason.strip()


@transaction.atomic
def receive_dossier(
    *,
    actor,
    receiving_agency: Agency,
    procedure,
    applicant: Applicant,
    channel: int = Channel.COUNTER,
    delivery: str = Delivery.COUNTER,
    documents: list[ReceivedDocument] = (),
    request_summary: str = "",
    submitted_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
    fee_vnd: int | None = None,
    fee_undetermined: str = "",
    fee_inputs: fees.FeeInputs | None = None,
    fee_evidence: str = "",
    deadline_case: str = "",
) -> Dossier:
    """Tiếp nhận hồ sơ hợp lệ và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).

    ``deadline_case``: the case of the procedure the counter chose, when its version has
    deadlines by case (catalog.deadlines); the receipt names it.

    The fee is the version's rule quoted with ``fee_inputs`` (pages, copies, cases, the
    exemption chosen, with ``fee_evidence``; the channel is the dossier's):
    catalog.fees, docs/fees.md. ``fee_vnd`` is the amount the counter states when the
    quote cannot give one (no amount in the catalogue or the province's table); without it
    the fee stays undetermined, never "không thu"."""
    at = _now(at)
    submitted_at = submitted_at or at
    if submitted_at > at:
        raise DomainError(
            "submitted_after_receipt",
            "Thời điểm nộp không thể sau thời điểm tiếp nhận.",
            field="submitted_at",
        )
    if channel not in Channel.values:
        raise DomainError("channel_invalid", "Hình thức nộp không hợp lệ.", field="channel")
    if delivery not in Delivery.values:
        raise DomainError(
            "delivery_invalid", "Hình thức nhận kết quả không hợp lệ.", field="delivery"
        )
    applicant = applicant.validated()
    ward, version = _intake_context(actor, receiving_agency, procedure, at)
    inputs = dataclasses.replace(fee_inputs or fees.FeeInputs(), channel=channel)
    fee, fee_detail, fee_undetermined = _intake_fee(
        version, inputs, fee_evidence, fee_vnd, fee_undetermined, at
    )
    check_deadline_case(version, deadline_case)
    dossier = _new_dossier(
        actor=actor,
        receiving_agency=receiving_agency,
        ward=ward,
        version=version,
        applicant=applicant,
        at=at,
        request_summary=request_summary.strip()[:500],
        channel=channel,
        delivery=delivery,
        documents=[d.as_json() for d in documents],
        submitted_at=submitted_at,
        received_at=at,
        status=Status.RECEIVED,
        fee_vnd=fee,
        fee_detail=fee_detail,
        deadline_case=deadline_case,
    )
    # The clock of a new dossier is its receipt alone, saved in one INSERT without reading
    # the timeline back; the intake preview promises the same (clock_reads.appointment).
    _set_clock(dossier, receipt_clock(version, at, case=deadline_case, channel=channel))
    dossier.save()
    number = next_register_number(receiving_agency, Register.RECEIPT, at)
    change = _Change(
        events.Received(
            channel,
            fee_undetermined=fee_undetermined,
            register_number=number,
            fee=fee_detail,
        ),
        Status.RECEIVED,
        to_agency=receiving_agency,
    )
    _append(dossier, actor, at, change, first=True)
    return dossier


def _refusal_checks(reasons: str, category: str) -> ErrorCollector:
    """What a refusal (Mẫu 03, at the counter or online) needs: its reasons, and the category
    the public lookup shows. The refusals collected, not raised: the caller adds its own."""
    refused = ErrorCollector()
    if not reasons.strip():
        refused.add(
            DomainError("reason_required", "Nêu rõ lý do từ chối tiếp nhận.", field="reasons")
        )
    if category not in events.REFUSAL_CATEGORIES:
        refused.add(
            DomainError(
                "refusal_category_required",
                "Chọn loại lý do từ chối (người nộp xem được loại lý do khi tra cứu).",
                field="refusal_category",
            )
        )
    return refused


@transaction.atomic
def refuse_intake(
    *,
    actor,
    receiving_agency: Agency,
    procedure,
    applicant: Applicant,
    reasons: str,
    category: str = "other",
    channel: int = Channel.COUNTER,
    at: dt.datetime | None = None,
) -> Dossier:
    """Từ chối tiếp nhận hồ sơ — Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)."""
    at = _now(at)
    refused = _refusal_checks(reasons, category)  # every refused field at once (issue #10)
    applicant = refused.run(applicant.validated, default=applicant)
    refused.raise_any()
    ward, version = _intake_context(actor, receiving_agency, procedure, at)
    dossier = _new_dossier(
        actor=actor,
        receiving_agency=receiving_agency,
        ward=ward,
        version=version,
        applicant=applicant,
        at=at,
        channel=channel,
        submitted_at=at,
        status=Status.NOT_RECEIVED,
    )
    dossier.save()
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Refused(
                reasons.strip(),
                category,
                register_number=next_register_number(receiving_agency, Register.OUTGOING, at),
            ),
            Status.NOT_RECEIVED,
        ),
        first=True,
    )
    return dossier


# --- Online submission and the counter's check (issue #11 §3–§5) ----------------------------

IDEMPOTENCY_KEY_MAX = 64
ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


def allowed_deliveries(version) -> list[str]:
    """The result deliveries the procedure version allows (the counter if it says none)."""
    allowed = [code for code in Delivery.values if code in (version.result_delivery or ())]
    return allowed or [Delivery.COUNTER]


def _checked_delivery(version, method: str, address: str) -> str:
    """The postal address to keep (empty unless by post), or every refused field at once."""
    if method not in allowed_deliveries(version):
        raise DomainError(
            "delivery_invalid",
            "Thủ tục này không trả kết quả theo hình thức đã chọn.",
            field="delivery",
        )
    address = " ".join(address.split())
    if method == Delivery.POSTAL and not address:
        raise DomainError(
            "delivery_address_required",
            "Nhập địa chỉ nhận kết quả qua dịch vụ bưu chính công ích.",
            field="delivery_address",
        )
    if len(address) > 255:
        raise DomainError(
            "delivery_address_too_long", "Địa chỉ tối đa 255 ký tự.", field="delivery_address"
        )
    return address if method == Delivery.POSTAL else ""


def _submission(submitter, key: str) -> Dossier | None:
    return Dossier.objects.filter(submitted_by=submitter, idempotency_key=key).first()


def _replayed(existing: Dossier, procedure) -> Dossier:
    """A repeated submit with the same key: the dossier it already made, never a second.
    The same key for another procedure is a client error, not a repeat."""
    if existing.procedure_id != procedure.pk:
        raise DomainError(
            "idempotency_key_reused",
            "Mã lần nộp này đã dùng cho một hồ sơ khác; tải lại trang rồi nộp lại.",
        )
    return existing


@transaction.atomic
def submit_online(
    *,
    submitter,
    receiving_agency: Agency,
    procedure,
    applicant: Applicant,
    idempotency_key: str,
    answers: dict | None = None,
    documents: list[ReceivedDocument] = (),
    request_summary: str = "",
    delivery: str = Delivery.COUNTER,
    delivery_address: str = "",
    fee_inputs: fees.FeeInputs | None = None,
    fee_evidence: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Nộp hồ sơ trực tuyến: a dossier "Mới đăng ký" (national status 1, channel 2) waiting
    in the counter's online queue, with its code (the applicant can look it up at once).

    The legal clock does **not** start here: it starts at the valid receipt
    (``receive_online``; DOMAIN.md §2, "in working days from the receipt of a valid
    dossier"). ``idempotency_key`` is made by the portal once per submission: calling
    again with the same submitter and key (a double click, a retry after a time-out, two
    requests at once) returns the one dossier it made (a unique constraint decides a race).
    ``answers`` is the e-form's JSON, stored as given. The fee is quoted as at the
    counter (``quote_intake_fee`` with ``fee_inputs``, channel online)."""
    at = _now(at)
    if not getattr(submitter, "pk", None) or not submitter.is_active:
        raise PermissionDeniedError("Đăng nhập để nộp hồ sơ trực tuyến.")
    key = (idempotency_key or "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX:
        raise DomainError("idempotency_key_invalid", "Thiếu mã lần nộp hợp lệ.")
    existing = _submission(submitter, key)
    if existing is not None:
        return _replayed(existing, procedure)
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise DomainError("answers_invalid", "Nội dung khai trực tuyến không hợp lệ.")
    applicant = applicant.validated()
    ward = receiving_agency.ward_or_self
    if ward is None or not online.receives_online(receiving_agency):
        raise DomainError(
            "no_online_counter", "Xã, phường này chưa tiếp nhận hồ sơ trực tuyến.", field="ward"
        )
    version = version_in_force(procedure, ward, timezone.localtime(at, TZ).date())
    if version is None:
        raise DomainError(
            "procedure_not_in_force",
            "Thủ tục này chưa được ban hành áp dụng tại xã, phường vào ngày nộp.",
            field="procedure",
        )
    if version.online_level not in ONLINE_LEVELS:
        raise DomainError(
            "procedure_not_online",
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến: nộp tại Bộ phận Một cửa.",
            field="procedure",
        )
    if version.competent_unit is None:
        raise DomainError(
            "procedure_without_unit",
            "Thủ tục chưa được giao đơn vị giải quyết; liên hệ Bộ phận Một cửa.",
            field="procedure",
        )
    address = _checked_delivery(version, delivery, delivery_address)
    # The same quote as at the counter (the portal passes what the rule asks: pages, copies,
    # the exemption and its evidence); the online amount where the province sets one.
    inputs = dataclasses.replace(fee_inputs or fees.FeeInputs(), channel=Channel.ONLINE)
    fee, fee_detail, _ = _intake_fee(version, inputs, fee_evidence, None, "", at)
    try:
        # A savepoint: a racing twin that lost on the unique constraint gives its dossier
        # number back (the counter row's update is undone with it).
        with transaction.atomic():
            dossier = _new_dossier(
                actor=None,
                receiving_agency=receiving_agency,
                ward=ward,
                version=version,
                applicant=applicant,
                at=at,
                request_summary=request_summary.strip()[:500],
                channel=Channel.ONLINE,
                delivery=delivery,
                delivery_address=address,
                documents=[d.as_json() for d in documents],
                submitted_at=at,
                submitted_by=submitter,
                answers=answers,
                idempotency_key=key,
                status=Status.NEW,
                fee_vnd=fee,
                fee_detail=fee_detail,
            )
            dossier.save()
    except IntegrityError:
        existing = _submission(submitter, key)
        if existing is None:
            raise
        return _replayed(existing, procedure)
    change = _Change(
        events.Submitted(Channel.ONLINE, online_level=version.online_level),
        Status.NEW,
        to_agency=receiving_agency,
    )
    _append(dossier, submitter, at, change, first=True)
    return dossier


@transaction.atomic
def receive_online(
    *, actor, dossier: Dossier, deadline_case: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Tiếp nhận hồ sơ trực tuyến hợp lệ: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).

    The legal clock starts at this valid receipt; received outside office hours or on a
    day off, it starts at the next working period (clock.replay's effective start on the
    competent unit's calendar, as at the counter). The dossier keeps the procedure version
    it was submitted under: the applicant filled that version's form."""
    at = _now(at)
    dossier = _open(actor, "receive_online", dossier)
    check_deadline_case(dossier.procedure_version, deadline_case)
    dossier.deadline_case = deadline_case
    dossier.received_at = at
    dossier.receiver = actor if getattr(actor, "pk", None) else None
    number = next_register_number(dossier.receiving_agency, Register.RECEIPT, at)
    change = _Change(
        events.Received(Channel.ONLINE, register_number=number),
        Status.RECEIVED,
        to_agency=dossier.receiving_agency,
    )
    _append(dossier, actor, at, change)
    return _save(dossier, clock=True)


@transaction.atomic
def request_completion(
    *,
    actor,
    dossier: Dossier,
    missing: list[MissingDocument],
    reason: str,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hướng dẫn bổ sung, hoàn thiện hồ sơ trực tuyến — Phiếu yêu cầu bổ sung, hoàn thiện
    hồ sơ (Mẫu 02) issued by the counter before the receipt: the dossier waits for the
    applicant ("Yêu cầu bổ sung giấy tờ", status 5) and the legal clock has not started.
    When the applicant completes it online (``supplement_online``) it is back in the queue."""
    at = _now(at)
    if not missing and not reason.strip():
        raise DomainError("supplement_empty", "Nêu giấy tờ cần bổ sung hoặc lý do.", field="reason")
    dossier = _open(actor, "request_completion", dossier)
    data = events.SupplementRequested(
        reason=reason.strip(),
        missing=tuple(missing),
        register_number=next_register_number(dossier.receiving_agency, Register.OUTGOING, at),
    )
    change = _Change(data, Status.SUPPLEMENT_REQUESTED, from_agency=dossier.receiving_agency)
    _append(dossier, actor, at, change)
    return _save(dossier)


@transaction.atomic
def refuse_online(
    *,
    actor,
    dossier: Dossier,
    reasons: str,
    category: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Từ chối tiếp nhận hồ sơ trực tuyến — Phiếu từ chối tiếp nhận giải quyết hồ sơ
    (Mẫu 03): "Không được tiếp nhận" (status 3); the legal clock never started."""
    at = _now(at)
    _refusal_checks(reasons, category).raise_any()
    dossier = _open(actor, "refuse_online", dossier)
    number = next_register_number(dossier.receiving_agency, Register.OUTGOING, at)
    change = _Change(
        events.Refused(reasons.strip(), category, register_number=number),
        Status.NOT_RECEIVED,
        from_agency=dossier.receiving_agency,
    )
    _append(dossier, actor, at, change)
    return _save(dossier)


# --- What the applicant does online (no portal page yet: the portal calls these) ------------


def _open_as_applicant(citizen, action_name: str, dossier: Dossier) -> Dossier:
    """Lock the dossier row and check that ``citizen`` submitted it and may act now."""
    dossier = _lock(dossier)
    action = APPLICANT_ACTIONS[action_name]
    if applicant_may(citizen, action, dossier):
        return dossier
    if is_applicant(citizen, dossier):
        raise DomainError(
            "invalid_transition",
            f"Không thể «{action.label}» khi hồ sơ đang ở trạng thái "
            f"«{dossier.get_status_display()}».",
            action=action_name,
            status=dossier.status,
        )
    raise PermissionDeniedError("Hồ sơ này không do tài khoản của bạn nộp.")


@transaction.atomic
def supplement_online(
    *, citizen, dossier: Dossier, note: str = "", uploads=(), at: dt.datetime | None = None
) -> Dossier:
    """Bổ sung hồ sơ trực tuyến: the applicant sends what Mẫu 02 asked for.

    ``uploads``: the files sent (motcua.files: typed, hashed, scanned), attached as
    ``supplement`` files in the same transaction; a refused file refuses the supplement.

    Before the receipt (the counter asked for completion) the dossier goes back to the
    counter's online queue, "Mới đăng ký", with a fresh checking limit; the legal clock
    still has not started. After the receipt (the unit asked) the clock resumes or
    restarts as the procedure version says (``supplement_effect``), exactly as when the
    counter records a supplement brought on paper (``record_supplement``)."""
    at = _now(at)
    dossier = _open_as_applicant(citizen, "supplement_online", dossier)
    if uploads:
        _attach(dossier, citizen, at, uploads, FileKind.SUPPLEMENT)
    if dossier.received_at is None:
        change = _Change(
            events.SupplementReceived("", note.strip(), by_applicant=True),
            Status.NEW,
            to_agency=dossier.receiving_agency,
        )
        _append(dossier, citizen, at, change)
        return _save(dossier)
    effect = dossier.procedure_version.supplement_effect
    change = _Change(
        events.SupplementReceived(effect, note.strip(), by_applicant=True),
        Status.PROCESSING,
        to_agency=dossier.competent_unit,
    )
    _append(dossier, citizen, at, change)
    return _save(dossier, clock=True)


@transaction.atomic
def withdraw_online(
    *, citizen, dossier: Dossier, reason: str, at: dt.datetime | None = None
) -> Dossier:
    """Rút hồ sơ theo yêu cầu của người nộp, asked online with a reason.

    The dossier ends (``finished_at``): the clock stops for good. As for a withdrawal at
    the counter, it resolves nothing: never counted finished, on time or late
    (facts.finished, the 766 progress base leave withdrawn dossiers out); one withdrawn
    after its receipt still counts as received (and received online) in its period; one
    withdrawn before it was never received and counts nowhere."""
    at = _now(at)
    if not reason.strip():
        raise DomainError("reason_required", "Nêu lý do rút hồ sơ.", field="reason")
    dossier = _open_as_applicant(citizen, "withdraw_online", dossier)
    dossier.finished_at = at
    change = _Change(events.Withdrawn(reason.strip(), by_applicant=True), Status.WITHDRAWN)
    _append(dossier, citizen, at, change)
    return _save(dossier)


@transaction.atomic
def choose_delivery(
    *,
    citizen,
    dossier: Dossier,
    method: str,
    address: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Chọn hình thức nhận kết quả: at the counter, by public postal service (with the
    address to send it to) or electronically — among those the procedure version allows;
    any time before the result is handed over."""
    at = _now(at)
    dossier = _open_as_applicant(citizen, "choose_delivery", dossier)
    address = _checked_delivery(dossier.procedure_version, method, address)
    dossier.delivery = method
    dossier.delivery_address = address
    _append(dossier, citizen, at, _Change(events.DeliveryChosen(method, address), dossier.status))
    return _save(dossier)


# --- Processing ---------------------------------------------------------------------------


@transaction.atomic
def forward(*, actor, dossier: Dossier, note: str = "", at: dt.datetime | None = None) -> Dossier:
    """Chuyển hồ sơ đến đơn vị có thẩm quyền giải quyết."""
    at = _now(at)
    dossier = _open(actor, "forward", dossier)
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Forwarded(note),
            Status.PROCESSING,
            from_agency=dossier.receiving_agency,
            to_agency=dossier.competent_unit,
        ),
    )
    return _save(dossier)


@transaction.atomic
def assign(*, actor, dossier: Dossier, specialist, at: dt.datetime | None = None) -> Dossier:
    """Phân công chuyên viên xử lý (lãnh đạo đơn vị giải quyết)."""
    at = _now(at)
    dossier = _open(actor, "assign", dossier)
    works_there = RoleAssignment.objects.filter(
        user=specialist,
        role__in=[Role.SPECIALIST, Role.UNIT_HEAD],
        agency_id__in=dossier.competent_unit.ancestor_ids(),
    ).exists()
    if not works_there or not specialist.is_active:
        raise DomainError(
            "assignee_not_in_unit",
            "Chỉ phân công cho chuyên viên của đơn vị giải quyết.",
            field="specialist",
        )
    dossier.assignee = specialist
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Assigned(specialist.display_name),
            Status.PROCESSING,
            from_agency=dossier.competent_unit,
            to_agency=dossier.competent_unit,
            is_public=False,
        ),
    )
    return _save(dossier)


@transaction.atomic
def request_supplement(
    *,
    actor,
    dossier: Dossier,
    missing: list[MissingDocument],
    reason: str,
    at: dt.datetime | None = None,
) -> Dossier:
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): the legal clock stops."""
    at = _now(at)
    if not missing and not reason.strip():
        raise DomainError("supplement_empty", "Nêu giấy tờ cần bổ sung hoặc lý do.", field="reason")
    dossier = _open(actor, "request_supplement", dossier)
    data = events.SupplementRequested(
        reason=reason.strip(),
        missing=tuple(missing),
        register_number=next_register_number(dossier.competent_unit, Register.OUTGOING, at),
    )
    _append(
        dossier,
        actor,
        at,
        _Change(
            data,
            Status.SUPPLEMENT_REQUESTED,
            from_agency=dossier.competent_unit,
        ),
    )
    return _save(dossier, clock=True)


@transaction.atomic
def record_supplement(
    *, actor, dossier: Dossier, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Nhận hồ sơ bổ sung: the clock resumes or restarts per the procedure version."""
    at = _now(at)
    dossier = _open(actor, "record_supplement", dossier)
    effect = dossier.procedure_version.supplement_effect
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.SupplementReceived(effect, note),
            Status.PROCESSING,
            to_agency=dossier.competent_unit,
        ),
    )
    return _save(dossier, clock=True)


@transaction.atomic
def request_obligation(
    *,
    actor,
    dossier: Dossier,
    description: str,
    amount_vnd: int = 0,
    at: dt.datetime | None = None,
) -> Dossier:
    """Yêu cầu thực hiện nghĩa vụ tài chính: the clock stops until it is fulfilled."""
    at = _now(at)
    refused = ErrorCollector()
    if not description.strip():
        refused.add(
            DomainError(
                "obligation_description_required",
                "Nêu nghĩa vụ tài chính cần thực hiện.",
                field="description",
            )
        )
    if amount_vnd < 0:
        refused.add(DomainError("amount_negative", "Số tiền không được âm.", field="amount_vnd"))
    refused.raise_any()
    dossier = _open(actor, "request_obligation", dossier)
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.ObligationRequested(description.strip(), amount_vnd),
            Status.FINANCIAL_OBLIGATION,
        ),
    )
    return _save(dossier, clock=True)


@transaction.atomic
def record_obligation(
    *, actor, dossier: Dossier, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    at = _now(at)
    dossier = _open(actor, "record_obligation", dossier)
    _append(
        dossier,
        actor,
        at,
        _Change(events.ObligationFulfilled(note=note), Status.PROCESSING),
    )
    return _save(dossier, clock=True)


@transaction.atomic
def extend(
    *,
    actor,
    dossier: Dossier,
    new_due: dt.datetime,
    reason: str,
    at: dt.datetime | None = None,
) -> Dossier:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04).

    Only before the promised moment passes; at most MOTCUA_MAX_EXTENSIONS times. The legal
    due moment does not move: indicators still judge against it.
    """
    at = _now(at)
    dossier = _open(actor, "extend", dossier)
    if dossier.due_at is None or at >= dossier.due_at:
        raise DomainError(
            "extension_too_late", "Chỉ được xin lỗi và gia hạn trước khi hết hạn giải quyết."
        )
    if dossier.extension_count >= settings.MOTCUA_MAX_EXTENSIONS:
        raise DomainError(
            "extension_limit",
            f"Hồ sơ đã được gia hạn {dossier.extension_count} lần, không được gia hạn thêm.",
        )
    refused = ErrorCollector()  # both fields said on one submit (issue #10)
    if not reason.strip():
        refused.add(DomainError("reason_required", "Nêu rõ lý do gia hạn.", field="reason"))
    if timezone.is_naive(new_due) or new_due <= dossier.due_at:
        refused.add(
            DomainError(
                "extension_not_later", "Ngày hẹn mới phải sau ngày hẹn hiện tại.", field="new_due"
            )
        )
    refused.raise_any()
    dossier.extension_count += 1
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Extended(
                reason=reason.strip(),
                new_due=new_due,
                previous_due=dossier.due_at,
                number=dossier.extension_count,
                register_number=next_register_number(dossier.competent_unit, Register.OUTGOING, at),
            ),
            dossier.status,
        ),
    )
    return _save(dossier, clock=True)


@transaction.atomic
def stop(
    *, actor, dossier: Dossier, reason: str, legal_ground: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05)."""
    at = _now(at)
    if not reason.strip():
        raise DomainError("reason_required", "Nêu rõ lý do dừng giải quyết.", field="reason")
    dossier = _open(actor, "stop", dossier)
    dossier.finished_at = at
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Stopped(
                reason.strip(),
                legal_ground.strip(),
                register_number=next_register_number(dossier.competent_unit, Register.OUTGOING, at),
            ),
            Status.STOPPED,
            from_agency=dossier.competent_unit,
        ),
    )
    return _save(dossier)


@transaction.atomic
def decide(
    *, actor, dossier: Dossier, approve: bool, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Phê duyệt kết quả, hoặc từ chối giải quyết (with reasons)."""
    at = _now(at)
    if not approve and not note.strip():
        raise DomainError("reason_required", "Nêu rõ lý do từ chối giải quyết.", field="note")
    dossier = _open(actor, "decide", dossier)
    dossier.approved = approve
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.decided(approve=approve, note=note.strip()),
            Status.PROCESSING,
            from_agency=dossier.competent_unit,
            is_public=False,
        ),
    )
    return _save(dossier)


@transaction.atomic
def result_ready(
    *, actor, dossier: Dossier, result_files=(), at: dt.datetime | None = None
) -> Dossier:
    """Đã có kết quả: finishes the dossier and fixes its outcome against the legal due and
    the working time its clock ran (what the indicators average).

    ``result_files``: the electronic result (uploaded files, motcua.files), attached in the
    same transaction; the indicators count a dossier with one as having an electronic
    result."""
    at = _now(at)
    dossier = _open(actor, "result_ready", dossier)
    if result_files:
        _attach(dossier, actor, at, result_files, FileKind.ELECTRONIC_RESULT)
    dossier.finished_at = at
    dossier.outcome = clock.outcome_at(at, dossier.legal_due_at, TZ)
    dossier.worked_seconds = worked_seconds(dossier, at)
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.ResultReady(dossier.approved, dossier.outcome),
            Status.DONE,
            from_agency=dossier.competent_unit,
            to_agency=dossier.receiving_agency,
        ),
    )
    return _save(dossier)


@transaction.atomic
def return_result(
    *,
    actor,
    dossier: Dossier,
    method: str,
    recipient_name: str,
    recipient_id_number: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Trả kết quả: at the counter, by public postal service, or electronically."""
    at = _now(at)
    if method not in Delivery.values:
        raise DomainError("delivery_invalid", "Hình thức trả kết quả không hợp lệ.", field="method")
    if method != Delivery.ELECTRONIC and not recipient_name.strip():
        raise DomainError(
            "recipient_required", "Nhập họ tên người nhận kết quả.", field="recipient_name"
        )
    dossier = _open(actor, "return_result", dossier)
    dossier.returned_at = at
    dossier.delivery = method
    _append(
        dossier,
        actor,
        at,
        _Change(
            events.Returned(
                method, recipient_name.strip(), recipient_id_number.strip(), note.strip()
            ),
            Status.RETURNED,
            from_agency=dossier.receiving_agency,
        ),
    )
    return _save(dossier)


@transaction.atomic
def withdraw(
    *, actor, dossier: Dossier, reason: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Rút hồ sơ theo yêu cầu của người nộp."""
    at = _now(at)
    dossier = _open(actor, "withdraw", dossier)
    dossier.finished_at = at
    _append(dossier, actor, at, _Change(events.Withdrawn(reason.strip()), Status.WITHDRAWN))
    return _save(dossier)


# --- Files -------------------------------------------------------------------------------

# What staff attach from the dossier page; the electronic result comes with result_ready,
# the citizen's uploads with the online submission.
STAFF_FILE_KINDS = (FileKind.INTAKE_SCAN, FileKind.SUPPLEMENT)


def _attach(
    dossier: Dossier,
    actor,
    at: dt.datetime,
    uploads,
    kind: str,
    document_name: str = "",
    policy: UploadPolicy | None = None,
) -> list[DossierFile]:
    """Store ``uploads`` (motcua.files: typed, hashed, scanned) and attach them to the
    locked ``dossier`` as ``kind``, with one ``files_attached`` event. The count limit
    covers the files of that kind the dossier already has."""
    uploads = [upload for upload in uploads if upload is not None]
    if not uploads:
        raise DomainError("files_required", "Chọn ít nhất một tệp.", field="files")
    already = dossier.files.filter(kind=kind).count()
    stored = store_uploads(uploads, actor=actor, policy=policy, already=already, at=at)
    document_name = " ".join(document_name.split())[:255]
    try:
        rows = [
            DossierFile.objects.create(
                dossier=dossier,
                stored_file=file,
                kind=kind,
                document_name=document_name,
                attached_by=actor if getattr(actor, "pk", None) else None,
                attached_at=at,
            )
            for file in stored
        ]
        data = events.FilesAttached(
            file_kind=kind,
            document_name=document_name,
            files=tuple(
                events.AttachedFile(file.pk, file.original_name, file.size, file.sha256)
                for file in stored
            ),
        )
        _append(dossier, actor, at, _Change(data, dossier.status, is_public=False))
    except BaseException:
        discard_stored(stored)  # the transaction drops the rows; the bytes go too
        raise
    # The row's caches of its files (what the indicators count); the caller saves.
    if kind in COMPONENT_FILE_KINDS:
        dossier.digitised = True
    if kind == FileKind.ELECTRONIC_RESULT:
        dossier.electronic_result = True
    return rows


@transaction.atomic
def attach_files(
    *,
    actor,
    dossier: Dossier,
    uploads,
    kind: str = FileKind.INTAKE_SCAN,
    document_name: str = "",
    at: dt.datetime | None = None,
) -> list[DossierFile]:
    """Đính kèm bản quét: the counter (or the unit) attaches scans of the dossier's
    components, or of a supplement. Refused files (type, size, count, antivirus) are
    DomainErrors on the field ``files``; nothing is attached then."""
    at = _now(at)
    if kind not in STAFF_FILE_KINDS:
        raise DomainError("file_kind_invalid", "Loại tệp không hợp lệ.", field="kind")
    dossier = _open(actor, "attach_files", dossier)
    rows = _attach(dossier, actor, at, uploads, kind, document_name)
    _save(dossier)
    return rows


# --- Calendar changes ---------------------------------------------------------------------


def recompute_due(
    *, dossier: Dossier, actor=None, reason: str = "", at: dt.datetime | None = None
) -> bool:
    """Replay one open dossier's clock on the current calendar; record any change."""
    at = _now(at)
    with transaction.atomic():
        dossier = _lock(dossier)
        if not dossier.is_open or dossier.legal_due_at is None:
            return False
        before = (dossier.legal_due_at, dossier.due_at)
        _write_clock(dossier)
        if (dossier.legal_due_at, dossier.due_at) == before:
            return False
        data = events.DueRecomputed(
            reason=reason,
            previous_due=before[1],
            new_due=dossier.due_at,
            previous_legal_due=before[0],
            new_legal_due=dossier.legal_due_at,
        )
        record_event(dossier, data, actor=actor, at=at)
        dossier.save()
        return True
