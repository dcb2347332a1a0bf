"""A dossier and its timeline, mapped onto the official forms (Mẫu 01–07).

The forms (official_forms/) know nothing of models; this module reads the dossier row
and its events and builds their dataclasses. Each form reads the event that produced it,
so a reprint shows what was decided then, not what the dossier says now.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.curation import citizen_text
from motcua.catalog.fees import Quote
from motcua.catalog.models import SigningAuthority
from motcua.core.errors import DomainError
from motcua.org.models import Agency, AgencyKind, Role, RoleAssignment

from . import events
from .clock_reads import initial_due
from .models import Delivery, Dossier, DossierEvent
from .official_forms import context as f
from .official_forms import wording as w
from .timeline import handover_results

WARD_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Thị trấn ")

FORMS = {
    "01": ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "received"),
    "02": ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "supplement_requested"),
    "03": ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "refused"),
    "04": ("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "extended"),
    "05": ("Thông báo dừng giải quyết hồ sơ", "stopped"),
    "06": ("Phiếu kiểm soát quá trình giải quyết hồ sơ", "received"),
}


def available_forms(dossier: Dossier) -> list[tuple[str, str]]:
    """(number, title) of the forms this dossier's timeline can print."""
    kinds = set(dossier.events.values_list("kind", flat=True))
    return [(no, title) for no, (title, kind) in FORMS.items() if kind in kinds]


def header_for(agency: Agency) -> f.AgencyHeader:
    """Left header: the ward (or province) above, the issuing unit below; place = ward name."""
    ward = agency.ward_or_self
    parent = agency.parent if agency.parent_id else None
    place = (ward or agency).display_name
    for prefix in WARD_PREFIXES:
        place = place.removeprefix(prefix)
    parent_name = parent.name if parent else ""
    name = agency.display_name if parent else agency.name
    return f.AgencyHeader(parent_name=parent_name, name=name, place=place)


def _applicant(d: Dossier) -> f.Applicant:
    return f.Applicant(
        full_name=d.applicant_name,
        address=d.applicant_address,
        phone=d.applicant_phone,
        email=d.applicant_email,
    )


def _signer(user, title: str = "") -> f.Signer:
    return f.Signer(full_name=user.display_name if user else "", title=title)


# What each signing authority prints above the signature (Nghị định 30/2020/NĐ-CP,
# Appendix I: "TM." for a collective body, "KT." for a deputy signing for the head).
AUTHORITY_TITLES = {
    SigningAuthority.CHAIRMAN: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    SigningAuthority.VICE_CHAIRMAN: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    SigningAuthority.UNIT_HEAD: "TRƯỞNG PHÒNG",
    SigningAuthority.CENTER_DIRECTOR: "GIÁM ĐỐC",
}
# The role a person must hold to sign for each authority.
AUTHORITY_ROLES = {
    SigningAuthority.CHAIRMAN: Role.WARD_LEADER,
    SigningAuthority.VICE_CHAIRMAN: Role.WARD_LEADER,
    SigningAuthority.UNIT_HEAD: Role.UNIT_HEAD,
    SigningAuthority.CENTER_DIRECTOR: Role.UNIT_HEAD,
}
COMMITTEE = (SigningAuthority.CHAIRMAN, SigningAuthority.VICE_CHAIRMAN)


def unit_head_authority(unit: Agency) -> SigningAuthority:
    """The head of ``unit``: a Center's director, a department's head, a ward's Chairman."""
    if unit.kind == AgencyKind.WARD:
        return SigningAuthority.CHAIRMAN
    if unit.name.startswith("Trung tâm"):
        return SigningAuthority.CENTER_DIRECTOR
    return SigningAuthority.UNIT_HEAD


def _authority_signer(user, authority: SigningAuthority, unit: Agency) -> f.Signer:
    """The real title of ``authority``; the name of ``user`` only if they hold its role
    at ``unit`` or above (otherwise the line is left for the signer's own hand)."""
    holds = bool(
        user
        and RoleAssignment.objects.filter(
            user=user, role=AUTHORITY_ROLES[authority], agency_id__in=unit.ancestor_ids()
        ).exists()
    )
    return _signer(user if holds else None, AUTHORITY_TITLES[authority])


def _issuer_header(d: Dossier, authority: SigningAuthority) -> f.AgencyHeader:
    """A letter signed for the People's Committee carries the ward alone in its header."""
    if authority in COMMITTEE:
        return header_for(d.ward)
    return header_for(d.competent_unit)


def _register_number(data) -> str:
    """ "Số: …" from the register number the issuing event took (blank on older rows)."""
    number = getattr(data, "register_number", None)
    return f"{number:02d}" if number else ""


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _event(d: Dossier, kind: str) -> DossierEvent:
    event = (
        d.events.filter(kind=kind)
        .select_related("actor", "from_agency")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        raise DomainError("form_not_available", "Hồ sơ chưa có bước tạo ra biểu mẫu này.")
    return event


def _document_lines(items) -> tuple[f.DocumentLine, ...]:
    """The dossier's received documents (dicts of ``Dossier.documents``) as form lines."""
    return tuple(
        f.DocumentLine(
            item["name"],
            item.get("copy_type") or f.CopyType.ORIGINAL,
            int(item.get("quantity") or 1),
        )
        for item in items
    )


def _requested_lines(items: tuple[events.RequestedDocument, ...]) -> tuple[f.DocumentLine, ...]:
    return tuple(
        f.DocumentLine(item.name, item.copy_type or f.CopyType.ORIGINAL, item.quantity)
        for item in items
    )


def lookup_url(d: Dossier, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('dossier-lookup')}?ma={d.code}"


def receipt(d: Dossier, *, base_url: str) -> f.ReceiptForm:
    event = _event(d, "received")
    number = _register_number(events.Received.read(event))
    result_place = dict(Delivery.choices)[d.delivery]
    if d.delivery == Delivery.COUNTER:
        result_place = d.receiving_agency.name
    return f.ReceiptForm(
        header=header_for(d.receiving_agency),
        number=number,
        issued_on=_local_date(event.at),
        dossier_code=d.code,
        receiving_unit=d.receiving_agency.name,
        applicant=_applicant(d),
        procedure_name=d.procedure.name,
        documents=_document_lines(d.documents),
        processing_time=d.procedure_version.deadline_words(d.deadline_case, d.channel),
        received_at=event.at,
        appointment_at=_first_due(d),
        result_place=result_place,
        lookup_url=lookup_url(d, base_url),
        receiving_officer=_signer(event.actor),
        fee_vnd=d.fee_vnd,
        # The receipt register is kept per year: its book is the year, its entry the Số.
        register_book=f"{_local_date(event.at):%Y}" if number else "",
        register_entry=number,
        fee_text=fee_statement(d, events.Received.read(event).fee_undetermined),
    )


def fee_statement(d: Dossier, undetermined_reason: str = "", *, fmt=w.dong) -> str:
    """What the receipt (Mẫu 01) and the dossier page say of the fee: the computed amount
    (phí and lệ phí apart where both) or the exemption with its ground and evidence; "không
    thu" only when the law charges nothing — never for a fee the law sets (docs/fees.md)."""
    if d.fee_detail:
        quote = Quote.from_data(d.fee_detail)
        if quote.determined:
            text = quote.summary(fmt)
            evidence = d.fee_detail.get("evidence", "")
            return f"{text}; giấy tờ chứng minh: {evidence}" if evidence else text
        if d.fee_vnd:
            return fmt(d.fee_vnd)
        return _undetermined_words(undetermined_reason)
    # Received before fee rules: the amount stated then, else what the version says.
    if d.fee_vnd:
        return fmt(d.fee_vnd)
    rule = d.procedure_version.fee_schedule
    if not rule.items and not rule.unset:
        return "Không thu phí, lệ phí"
    if undetermined_reason:
        return _undetermined_words(undetermined_reason)
    words = "; ".join(rule.describe()) if rule.items else citizen_text(d.procedure_version.fee_note)
    return f"Theo quy định: {words}" if words else _undetermined_words("")


def _undetermined_words(reason: str) -> str:
    reason = f" ({reason})" if reason else ""
    return f"Chưa xác định{reason}; thu theo mức do cơ quan có thẩm quyền quy định"


def _first_due(d: Dossier) -> dt.datetime:
    """The appointment as promised at receipt (the receipt is never rewritten)."""
    return initial_due(d) or d.due_at


def supplement_request(d: Dossier) -> f.SupplementRequestForm:
    event = _event(d, "supplement_requested")
    data = events.SupplementRequested.read(event)
    # The unit that asked: the competent unit while processing, the counter when it asked
    # an online dossier to be completed before the receipt (services.request_completion).
    unit = event.from_agency or d.competent_unit
    return f.SupplementRequestForm(
        header=header_for(unit),
        number=_register_number(data),
        issued_on=_local_date(event.at),
        dossier_code=d.code,
        unit=unit.name,
        applicant=_applicant(d),
        procedure_name=d.procedure.name,
        documents=_requested_lines(data.missing),
        reason=data.reason,
        contact_name=event.actor.display_name if event.actor else "",
        contact_phone=unit.phone,
        guiding_officer=_signer(event.actor),
    )


def refusal(d: Dossier) -> f.RefusalForm:
    event = _event(d, "refused")
    data = events.Refused.read(event)
    return f.RefusalForm(
        header=header_for(d.receiving_agency),
        number=_register_number(data),
        issued_on=_local_date(event.at),
        dossier_code=d.code,
        unit=d.receiving_agency.name,
        applicant=_applicant(d),
        procedure_name=d.procedure.name,
        reasons=data.reason_lines,
        receiving_officer=_signer(event.actor),
    )


def apology(d: Dossier) -> f.ApologyForm:
    event = _event(d, "extended")
    data = events.Extended.read(event)
    unit = d.competent_unit
    return f.ApologyForm(
        header=header_for(unit),
        number=_register_number(data),
        issued_on=_local_date(event.at),
        addressee=_applicant(d),
        dossier_code=d.code,
        procedure_name=d.procedure.name,
        received_at=d.received_at,
        original_due_at=data.previous_due,
        reason=data.reason,
        new_due_at=data.new_due,
        # Signed by the head of the unit that is late (DOMAIN.md §2, step 4).
        signer=_authority_signer(event.actor, unit_head_authority(unit), unit),
        recipients=("Như trên", d.receiving_agency.name),
    )


def stop_notice(d: Dossier) -> f.StopForm:
    event = _event(d, "stopped")
    data = events.Stopped.read(event)
    authority = d.procedure_version.signer_authority
    return f.StopForm(
        header=_issuer_header(d, authority),
        number=_register_number(data),
        issued_on=_local_date(event.at),
        unit=d.competent_unit.name,
        applicant=_applicant(d),
        dossier_code=d.code,
        procedure_name=d.procedure.name,
        received_at=d.received_at,
        reason=data.reason,
        legal_ground=data.legal_ground,
        # A decision on the dossier: signed by the version's signing authority.
        signer=_authority_signer(event.actor, authority, d.competent_unit),
        recipients=("Như trên", d.competent_unit.name, d.receiving_agency.name),
    )


def control_sheet(d: Dossier) -> f.ControlSheetForm:
    """Mẫu 06: one row per hand-over on the timeline, judged against the legal due."""
    timeline = list(d.events.select_related("actor", "from_agency", "to_agency"))
    judged = handover_results(d, timeline)
    rows = []
    for index, event in enumerate(timeline):
        if not events.is_handover(event.kind):
            continue
        receiver = next((e.actor for e in timeline[index + 1 :] if e.actor), None)
        rows.append(
            f.ControlSheetRow(
                from_unit=(event.from_agency or d.receiving_agency).display_name,
                to_unit=(event.to_agency or event.from_agency or d.competent_unit).display_name,
                handed_over_at=event.at,
                giver=event.actor.display_name if event.actor else "",
                receiver=receiver.display_name if receiver else "",
                result=judged.get(event.pk),
                note=events.label(event.kind),
            )
        )
    return f.ControlSheetForm(
        header=header_for(d.receiving_agency),
        dossier_code=d.code,
        applicant=_applicant(d),
        procedure_name=d.procedure.name,
        received_at=d.received_at or d.submitted_at,
        due_at=d.legal_due_at or d.submitted_at,
        competent_unit=d.competent_unit.name,
        rows=tuple(rows),
    )


def register(agency: Agency, dossiers, start: dt.date, end: dt.date) -> f.RegisterForm:
    """Mẫu 07: dossiers received at ``agency`` between ``start`` and ``end`` (inclusive)."""
    rows = []
    for d in dossiers:
        times = _milestones(d)
        rows.append(
            f.RegisterRow(
                dossier_code=d.code,
                procedure_name=d.procedure.name,
                # Số lượng hồ sơ (bộ): a dossier is one set, whatever its documents.
                quantity=1,
                applicant_name=d.applicant_name,
                applicant_address=d.applicant_address,
                competent_agency=d.competent_unit.name,
                received_at=d.received_at or d.submitted_at,
                due_at=d.due_at,
                forwarded_at=times.get("forwarded"),
                result_at=times.get("result_ready"),
                returned_at=d.returned_at,
                note=d.get_status_display(),
            )
        )
    return f.RegisterForm(
        header=header_for(agency),
        period_start=start,
        period_end=end,
        rows=tuple(rows),
        book_number=f"{start:%Y}",
    )


def _milestones(d: Dossier) -> dict[str, dt.datetime]:
    prefetched = getattr(d, "milestone_events", None)
    milestones = (
        prefetched
        if prefetched is not None
        else d.events.filter(kind__in=("forwarded", "result_ready"))
    )
    times: dict[str, dt.datetime] = {}
    for event in milestones:
        times.setdefault(event.kind, event.at)
    return times


BUILDERS = {
    "01": lambda d, base_url: receipt(d, base_url=base_url),
    "02": lambda d, base_url: supplement_request(d),
    "03": lambda d, base_url: refusal(d),
    "04": lambda d, base_url: apology(d),
    "05": lambda d, base_url: stop_notice(d),
    "06": lambda d, base_url: control_sheet(d),
}


def build(number: str, dossier: Dossier, *, base_url: str = "") -> object:
    if number not in BUILDERS:
        raise DomainError("form_unknown", "Không có biểu mẫu này.")
    return BUILDERS[number](dossier, base_url or settings.MOTCUA_PUBLIC_BASE_URL)
