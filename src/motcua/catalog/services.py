"""Writes to the procedure catalogue. Each runs in a transaction with its CatalogEvent.

The versioning rule (DOMAIN.md §1: "a dossier keeps the version in force at
receipt"): a version that has taken effect is never edited, because dossiers may
already point at it. A change is published as a new version with a later
``valid_from``; publishing it closes the previous one (``valid_to`` = the day before).
Only a version that has not yet taken effect (``valid_from`` after today) may be
replaced in place: no dossier can have used it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError, ErrorCollector, PermissionDeniedError
from motcua.org.models import Agency, AgencyKind, User
from motcua.org.permissions import Perm, require

from . import deadlines, fees
from .content import PLAIN_FIELDS, DocumentData, VersionData, version_as_data
from .deadlines import MAX_DEADLINE_AMOUNT
from .eform_services import carry_over, record_published_level, set_eform
from .models import (
    CatalogEvent,
    CopyType,
    CouncilFee,
    DeadlineKind,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    ResultDelivery,
    Sector,
    SupplementEffect,
)
from .xlsx.reader import ImportIssue, ParsedRow, issue_for_field, read_catalog

CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{2,39}$")
MAX_NAME_LENGTH = 1000
MAX_FEE_VND = 10_000_000_000


def _event(kind: str, *, actor, agency: Agency | None, procedure=None, **data) -> CatalogEvent:
    return CatalogEvent.objects.create(
        kind=kind, actor=actor, agency=agency, procedure=procedure, data=data
    )


def _date_vi(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


# --- Validation of one version's content ----------------------------------------------------


def _check_identity(data: VersionData) -> None:
    if not CODE_PATTERN.match(data.code):
        raise DomainError(
            "procedure_code_invalid",
            "Mã thủ tục không hợp lệ (ví dụ đúng: 1.001193).",
            field="code",
        )
    if not data.name.strip():
        raise DomainError("procedure_name_required", "Chưa nhập tên thủ tục.", field="name")
    if len(data.name) > MAX_NAME_LENGTH:
        raise DomainError(
            "procedure_name_too_long",
            f"Tên thủ tục dài quá {MAX_NAME_LENGTH} ký tự.",
            field="name",
        )
    if not data.sector.strip():
        raise DomainError("sector_required", "Chưa nhập lĩnh vực.", field="sector")


def _check_dates(data: VersionData) -> None:
    if data.valid_to is not None and data.valid_to < data.valid_from:
        raise DomainError(
            "version_dates_reversed",
            "Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực.",
            field="valid_to",
        )


def _check_deadline(data: VersionData) -> None:
    """Thời hạn giải quyết: N working days, N working hours, N calendar days, or same day
    with a cut-off; then the variants by case, channel and stage (catalog.deadlines)."""
    if data.deadline_kind not in DeadlineKind.values:
        raise DomainError(
            "deadline_kind_invalid", "Loại thời hạn không hợp lệ.", field="deadline_kind"
        )
    if data.deadline_kind == DeadlineKind.SAME_DAY and data.deadline_amount != 0:
        raise DomainError(
            "deadline_amount_same_day",
            "Thủ tục giải quyết trong ngày thì để trống thời hạn hoặc ghi 0.",
            field="deadline_amount",
        )
    if data.deadline_kind != DeadlineKind.SAME_DAY and data.deadline_amount < 1:
        raise DomainError(
            "deadline_amount_required",
            "Thời hạn theo ngày hoặc giờ phải từ 1 trở lên.",
            field="deadline_amount",
        )
    if data.deadline_amount > MAX_DEADLINE_AMOUNT:
        raise DomainError(
            "deadline_amount_too_large",
            f"Thời hạn không được quá {MAX_DEADLINE_AMOUNT}.",
            field="deadline_amount",
        )
    try:
        deadlines.check(data.deadline_variants)
    except deadlines.DeadlineRuleError as exc:
        raise DomainError("deadline_variants_invalid", str(exc), field="deadline_variants") from exc


def _check_fee(data: VersionData) -> None:
    if data.fee_vnd is not None and not 0 <= data.fee_vnd <= MAX_FEE_VND:
        raise DomainError(
            "fee_out_of_range",
            f"Lệ phí phải từ 0 đến {MAX_FEE_VND:,} đồng.".replace(",", "."),
            field="fee_vnd",
        )
    try:
        fees.check(data.fee_rule)
    except fees.FeeRuleError as exc:
        raise DomainError("fee_rule_invalid", str(exc), field="fee_rule") from exc
    if data.fee_rule.items and data.fee_vnd is not None:
        raise DomainError(
            "fee_rule_and_amount",
            "Thủ tục có cách tính phí, lệ phí thì để trống ô mức lệ phí cố định.",
            field="fee_vnd",
        )
    if data.fee_rule.exemptions and not data.fee_rule.items and not data.fee_vnd:
        raise DomainError(
            "fee_exemption_without_fee",
            "Có đối tượng miễn, giảm nhưng thủ tục không có khoản thu nào.",
            field="fee_rule",
        )
    if data.fee_vnd is None and not data.fee_rule.items and not data.fee_note.strip():
        raise DomainError(
            "fee_note_required",
            "Để trống mức lệ phí thì phải ghi chú lý do (ví dụ: do HĐND tỉnh quy định).",
            field="fee_note",
        )


def _check_choices(data: VersionData) -> None:
    if data.online_level not in OnlineLevel.values:
        raise DomainError(
            "online_level_invalid", "Mức độ trực tuyến không hợp lệ.", field="online_level"
        )
    if data.supplement_effect not in SupplementEffect.values:
        raise DomainError(
            "supplement_effect_invalid",
            "Cách tính thời hạn khi bổ sung hồ sơ không hợp lệ.",
            field="supplement_effect",
        )
    if not data.result_delivery or set(data.result_delivery) - set(ResultDelivery.values):
        raise DomainError(
            "result_delivery_invalid",
            "Chọn ít nhất một hình thức trả kết quả hợp lệ.",
            field="result_delivery",
        )


def _check_documents(documents: tuple[DocumentData, ...]) -> None:
    for document in documents:
        if not document.name.strip():
            raise DomainError(
                "document_name_required", "Có giấy tờ chưa có tên.", field="documents"
            )
        if document.copy_type not in CopyType.values or not 1 <= document.quantity <= 100:
            raise DomainError(
                "document_invalid",
                f"Giấy tờ '{document.name[:60]}': loại bản hoặc số lượng không hợp lệ.",
                field="documents",
            )


def check_version_content(data: VersionData) -> None:
    """Raise DomainError (with the offending field) unless ``data`` is a valid version."""
    _check_identity(data)
    _check_dates(data)
    _check_deadline(data)
    _check_fee(data)
    _check_choices(data)
    _check_documents(data.documents)


def _check_scope(scope: Agency) -> None:
    if scope.kind not in (AgencyKind.PROVINCE, AgencyKind.WARD):
        raise DomainError(
            "catalog_scope_invalid",
            "Danh mục thủ tục áp dụng cho tỉnh/thành phố hoặc xã/phường, không cho phòng ban.",
            field="scope",
        )


def _competent_unit(code: str, scope: Agency) -> Agency | None:
    """Đơn vị giải quyết: a unit inside the scope (a ward's department, a province's)."""
    if not code:
        return None
    unit = Agency.objects.subtree_of([scope.pk]).filter(code=code, kind=AgencyKind.UNIT).first()
    if unit is None:
        raise DomainError(
            "competent_unit_outside_scope",
            f"Không có đơn vị mã '{code}' thuộc {scope.display_name}.",
            field="competent_unit_code",
        )
    return unit


# --- Procedures ------------------------------------------------------------------------------


def _procedure_for(data: VersionData, *, actor, scope: Agency) -> Procedure:
    """The national procedure row (mã, tên, lĩnh vực), created or brought up to date."""
    sector, _ = Sector.objects.get_or_create(name=data.sector.strip())
    procedure = Procedure.objects.select_for_update().filter(code=data.code).first()
    if procedure is None:
        procedure = Procedure(code=data.code, name=data.name.strip(), sector=sector)
        procedure.save()
        _event(
            "procedure_created",
            actor=actor,
            agency=scope,
            procedure=procedure,
            code=procedure.code,
            name=procedure.name,
            sector=sector.name,
        )
        return procedure
    before = {"name": procedure.name, "sector": procedure.sector.name}
    after = {"name": data.name.strip(), "sector": sector.name}
    if before != after:
        procedure.name, procedure.sector = after["name"], sector
        procedure.save(update_fields=["name", "sector", "updated_at"])
        _event(
            "procedure_updated",
            actor=actor,
            agency=scope,
            procedure=procedure,
            before=before,
            after=after,
        )
    return procedure


@transaction.atomic
def set_procedure_active(*, actor: User, procedure: Procedure, active: bool) -> Procedure:
    """Ngừng / mở lại công khai một thủ tục (national: the deployment's operators only)."""
    if not actor.is_superuser:
        raise PermissionDeniedError()
    procedure.is_active = active
    procedure.save(update_fields=["is_active", "updated_at"])
    _event(
        "procedure_activated" if active else "procedure_deactivated",
        actor=actor,
        agency=None,
        procedure=procedure,
        code=procedure.code,
    )
    return procedure


# --- Versions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishResult:
    version: ProcedureVersion
    outcome: str  # "created", "replaced" or "unchanged"


def _canonical(data: VersionData) -> VersionData:
    """Strip text and put the delivery options in their fixed order."""
    stripped = {
        name: getattr(data, name).strip()
        for name in (f.name for f in dataclasses.fields(data))
        if isinstance(getattr(data, name), str)
    }
    delivery = tuple(code for code in ResultDelivery.values if code in data.result_delivery)
    documents = tuple(
        dataclasses.replace(doc, name=doc.name.strip(), note=doc.note.strip())
        for doc in data.documents
    )
    return dataclasses.replace(data, **stripped, result_delivery=delivery, documents=documents)


def _write_version(version: ProcedureVersion, data: VersionData, unit: Agency | None) -> None:
    for name in PLAIN_FIELDS:
        setattr(version, name, getattr(data, name))
    version.competent_unit = unit
    version.result_delivery = list(data.result_delivery)
    version.deadline_variants = deadlines.as_json(data.deadline_variants)
    version.fee_rule = fees.as_json(data.fee_rule)
    try:
        version.full_clean(exclude=["procedure", "scope", "created_by", "competent_unit"])
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise DomainError("version_invalid", messages[0], field=name) from exc
    version.save()
    version.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            order=order,
            name=doc.name,
            copy_type=doc.copy_type,
            quantity=doc.quantity,
            note=doc.note,
        )
        for order, doc in enumerate(data.documents, start=1)
    )


def _same_start(existing: ProcedureVersion, data: VersionData, unit, *, actor) -> PublishResult:
    """A version with this start date exists: keep it, replace it (future only), or refuse."""
    stored = version_as_data(existing)
    incoming = dataclasses.replace(data, name=stored.name, sector=stored.sector)
    if stored == incoming:
        return PublishResult(existing, "unchanged")
    if existing.valid_from <= timezone.localdate():
        raise DomainError(
            "version_in_force_locked",
            f"Đã có phiên bản hiệu lực từ {_date_vi(existing.valid_from)} với nội dung khác. "
            "Phiên bản đã có hiệu lực không được sửa (hồ sơ đã tiếp nhận giữ phiên bản này); "
            "hãy nhập phiên bản mới với ngày hiệu lực sau.",
            field="valid_from",
        )
    previous_level = existing.online_level
    _write_version(existing, data, unit)
    record_published_level(actor=actor, version=existing, previous_level=previous_level)
    _event(
        "version_replaced",
        actor=actor,
        agency=existing.scope,
        procedure=existing.procedure,
        version_id=existing.pk,
        valid_from=existing.valid_from.isoformat(),
    )
    return PublishResult(existing, "replaced")


def _close_previous(siblings, data: VersionData, *, actor, scope: Agency) -> None:
    """The version running on ``data.valid_from`` ends the day before it."""
    previous = siblings.in_force(data.valid_from).filter(valid_from__lt=data.valid_from).first()
    if previous is None:
        return
    previous.valid_to = data.valid_from - dt.timedelta(days=1)
    previous.save(update_fields=["valid_to"])
    _event(
        "version_closed",
        actor=actor,
        agency=scope,
        procedure=previous.procedure,
        version_id=previous.pk,
        valid_to=previous.valid_to.isoformat(),
    )


@transaction.atomic
def publish_version(*, actor: User | None, scope: Agency, data: VersionData) -> PublishResult:
    """Ban hành một phiên bản thủ tục for ``scope`` (a province or a ward).

    ``actor`` None is the system (demo loader). The new version closes the one
    running on its start date; a later version already published blocks it (publish in
    date order), so versions of one procedure in one scope never overlap.
    """
    if actor is not None:
        require(actor, Perm.MANAGE_CATALOG, scope)
    _check_scope(scope)
    data = _canonical(data)
    check_version_content(data)
    unit = _competent_unit(data.competent_unit_code, scope)
    procedure = _procedure_for(data, actor=actor, scope=scope)
    siblings = ProcedureVersion.objects.select_for_update().filter(procedure=procedure, scope=scope)
    existing = siblings.filter(valid_from=data.valid_from).first()
    if existing is not None:
        return _same_start(existing, data, unit, actor=actor)
    later = siblings.filter(valid_from__gt=data.valid_from).order_by("valid_from").first()
    if later is not None:
        raise DomainError(
            "version_not_latest",
            f"Đã có phiên bản hiệu lực từ {_date_vi(later.valid_from)}, sau ngày này; "
            "chỉ thêm được phiên bản có ngày hiệu lực sau phiên bản mới nhất.",
            field="valid_from",
        )
    _close_previous(siblings, data, actor=actor, scope=scope)
    version = ProcedureVersion(procedure=procedure, scope=scope, created_by=actor)
    _write_version(version, data, unit)
    record_published_level(actor=actor, version=version)
    carry_over(actor=actor, version=version)
    _event(
        "version_created",
        actor=actor,
        agency=scope,
        procedure=procedure,
        version_id=version.pk,
        valid_from=version.valid_from.isoformat(),
    )
    return PublishResult(version, "created")


# --- Amounts set by the provincial council ---------------------------------------------------


@transaction.atomic
def set_council_fee(
    *,
    actor: User | None,
    province: Agency,
    key: str,
    name: str,
    price: int,
    legal_basis: str,
    valid_from: dt.date,
    online_price: int | None = None,
) -> CouncilFee:
    """Ghi mức thu do HĐND tỉnh quy định (one key of the province's table) from
    ``valid_from``; the amount in force before it ends the day before. ``actor`` None is the
    system (demo loader)."""
    if actor is not None:
        require(actor, Perm.MANAGE_CATALOG, province)
    if province.kind != AgencyKind.PROVINCE:
        raise DomainError(
            "council_fee_scope",
            "Mức thu do HĐND cấp tỉnh quy định: chọn tỉnh, thành phố.",
            field="province",
        )
    errors = ErrorCollector()
    if not fees.KEY_PATTERN.match(key):
        errors.errors.append(
            DomainError(
                "council_fee_key",
                "Mã mức thu chỉ gồm chữ thường không dấu, số và “_”.",
                field="key",
            )
        )
    if not name.strip() or len(name) > 255:
        errors.errors.append(DomainError("council_fee_name", "Nhập tên khoản thu.", field="name"))
    if not 0 <= price <= MAX_FEE_VND:
        errors.errors.append(
            DomainError("council_fee_price", "Mức thu không hợp lệ.", field="price")
        )
    if online_price is not None and not 0 <= online_price <= price:
        errors.errors.append(
            DomainError(
                "council_fee_online",
                "Mức thu trực tuyến không được cao hơn mức tại quầy.",
                field="online_price",
            )
        )
    if not legal_basis.strip() or len(legal_basis) > 500:
        errors.errors.append(
            DomainError(
                "council_fee_basis", "Ghi nghị quyết HĐND quy định mức thu.", field="legal_basis"
            )
        )
    errors.raise_any()
    rows = CouncilFee.objects.select_for_update().filter(province=province, key=key)
    if rows.filter(valid_from__gte=valid_from).exists():
        raise DomainError(
            "council_fee_not_latest",
            "Đã có mức thu hiệu lực từ ngày này hoặc sau; chỉ thêm mức mới với ngày sau.",
            field="valid_from",
        )
    rows.filter(valid_to__isnull=True).update(valid_to=valid_from - dt.timedelta(days=1))
    fee = CouncilFee.objects.create(
        province=province,
        key=key,
        name=name.strip(),
        price=price,
        online_price=online_price,
        legal_basis=legal_basis.strip(),
        valid_from=valid_from,
    )
    _event(
        "council_fee_set",
        actor=actor,
        agency=province,
        key=key,
        price=price,
        online_price=online_price,
        legal_basis=fee.legal_basis,
        valid_from=valid_from.isoformat(),
    )
    return fee


# --- Excel import ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    """Result of an import: every problem found, or what was written (never both)."""

    errors: list[ImportIssue] = field(default_factory=list)
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    eforms_changed: int = 0
    procedure_codes: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return self.created + self.replaced + self.unchanged

    def count(self, result: PublishResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.procedure_codes.add(result.version.procedure.code)


class _RollBack(Exception):
    """Raised inside the import transaction so that nothing of a bad file is kept."""


def _apply_rows(rows: list[ParsedRow], *, actor, scope: Agency, report: ImportReport):
    # Date order within a procedure: each version closes the previous one.
    for row in sorted(rows, key=lambda r: (r.data.code, r.data.valid_from)):
        try:
            result = publish_version(actor=actor, scope=scope, data=row.data)
        except PermissionDeniedError:
            raise
        except DomainError as error:
            report.errors.append(issue_for_field(row.number, error.field, error.message))
            continue
        report.count(result)
        _apply_eform(row, result.version, actor=actor, report=report)


def _apply_eform(row: ParsedRow, version, *, actor, report: ImportReport) -> None:
    """The questions and slot limits the file's e-form sheets state (None = not stated)."""
    if row.data.eform_fields is None and row.data.eform_slots is None:
        return
    try:
        changed = set_eform(
            actor=actor, version=version, fields=row.data.eform_fields, slots=row.data.eform_slots
        )
    except PermissionDeniedError:
        raise
    except DomainError as error:
        report.errors.append(issue_for_field(row.number, None, error.message))
        return
    report.eforms_changed += int(changed)


@transaction.atomic
def import_xlsx(*, actor: User, scope_agency: Agency, file) -> ImportReport:
    """Nhập danh mục thủ tục từ tệp Excel, all or nothing.

    Every bad row is reported (sheet, row, column, Vietnamese message); when there is
    any, nothing is written. Rows already stored unchanged are counted, not duplicated,
    so importing an export again is harmless.
    """
    require(actor, Perm.MANAGE_CATALOG, scope_agency)
    _check_scope(scope_agency)
    parsed = read_catalog(file)
    report = ImportReport(errors=list(parsed.issues))
    try:
        with transaction.atomic():
            _apply_rows(parsed.rows, actor=actor, scope=scope_agency, report=report)
            if report.errors:
                raise _RollBack
            _event(
                "catalog_imported",
                actor=actor,
                agency=scope_agency,
                file=getattr(file, "name", ""),
                created=report.created,
                replaced=report.replaced,
                unchanged=report.unchanged,
                eforms_changed=report.eforms_changed,
            )
    except _RollBack:
        report.errors.sort(key=lambda issue: issue.sort_key)
        return ImportReport(errors=report.errors)
    return report


__all__ = [
    "ImportReport",
    "PublishResult",
    "check_version_content",
    "import_xlsx",
    "publish_version",
    "set_council_fee",
    "set_procedure_active",
]
