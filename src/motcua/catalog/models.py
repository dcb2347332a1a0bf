"""Danh mục thủ tục hành chính: procedures and their dated versions.

A procedure (thủ tục hành chính, TTHC) is identified by its national code in the
Cơ sở dữ liệu quốc gia về TTHC (e.g. 1.001193). What a ward applies — the deadline,
the fee, the documents, the online level, the competent unit — lives in a
``ProcedureVersion`` valid for a date range in one scope (a province or a ward).
A dossier keeps the version in force at its receipt, so a version that a dossier
used is never edited: a change is a new version with a later ``valid_from``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.core.formatting import format_vnd
from motcua.workcal.engine import Deadline, Plan, Stage

from . import deadlines, fees
from .curation import citizen_text
from .search import normalize_search


def default_same_day_cutoff() -> dt.time:
    """Giờ chốt for same-day procedures (settings.MOTCUA_SAME_DAY_CUTOFF, 15:00 by default)."""
    return dt.time.fromisoformat(settings.MOTCUA_SAME_DAY_CUTOFF)


class Sector(models.Model):
    """Lĩnh vực thủ tục hành chính (e.g. Hộ tịch, Chứng thực)."""

    code = models.CharField("mã lĩnh vực", max_length=40, blank=True)
    name = models.CharField("tên lĩnh vực", max_length=255, unique=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="catalog_sector_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính, identified by its national code (mã thủ tục)."""

    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    name = models.CharField("tên thủ tục", max_length=1000)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực"
    )
    search_text = models.TextField(
        editable=False,
        help_text="Mã, tên và lĩnh vực viết thường, không dấu (đ → d): tìm kiếm không dấu.",
    )
    is_active = models.BooleanField("đang công khai", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return normalize_search(f"{self.code} {self.name} {self.sector.name}")


class DeadlineKind(models.TextChoices):
    """How the legal deadline (thời hạn giải quyết) is stated."""

    DAYS = "days", "Ngày làm việc"
    HOURS = "hours", "Giờ làm việc"
    CALENDAR_DAYS = "calendar_days", "Ngày (theo lịch)"
    SAME_DAY = "same_day", "Trong ngày"


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (NĐ 42/2022/NĐ-CP keeps two levels)."""

    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không có dịch vụ công trực tuyến"


class SupplementEffect(models.TextChoices):
    """What a Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ does to the clock."""

    PAUSE = "pause", "Tạm dừng tính thời hạn"
    RESTART = "restart", "Tính lại thời hạn từ đầu"


class ResultDelivery(models.TextChoices):
    """Hình thức trả kết quả (same codes as the dossier's delivery choice)."""

    COUNTER = "counter", "Trực tiếp tại Bộ phận Một cửa"
    POSTAL = "postal", "Qua dịch vụ bưu chính công ích"
    ELECTRONIC = "electronic", "Bản điện tử (VNeID, Cổng Dịch vụ công)"


class SigningAuthority(models.TextChoices):
    """Thẩm quyền ký: who decides on a dossier and signs what the unit sends out.

    Empty: by the procedure's sector (``SECTOR_SIGNING_AUTHORITY``, else the unit head).
    """

    BY_SECTOR = "", "Theo lĩnh vực (mặc định)"
    CHAIRMAN = "chairman", "Chủ tịch UBND"
    VICE_CHAIRMAN = "vice_chairman", "Phó Chủ tịch UBND"
    UNIT_HEAD = "unit_head", "Trưởng phòng chuyên môn"
    CENTER_DIRECTOR = "center_director", "Giám đốc Trung tâm Phục vụ hành chính công"


# The default by sector [U: the demo's choice, to be set per version from the procedure's
# legal text]: civil status and certification are signed for the ward People's Committee
# by a Vice-Chairman (Luật Hộ tịch 2014, Art. 4 and 70 give the commune Chairman the
# authority; the usual delegation is "KT. CHỦ TỊCH"); the rest by the competent unit head.
SECTOR_SIGNING_AUTHORITY = {
    "Hộ tịch": SigningAuthority.VICE_CHAIRMAN,
    "Chứng thực": SigningAuthority.VICE_CHAIRMAN,
    "Nuôi con nuôi": SigningAuthority.VICE_CHAIRMAN,
}


class ProcedureVersionQuerySet(models.QuerySet):
    def in_force(self, at: dt.date):
        """Versions whose validity covers ``at`` (valid_to is inclusive)."""
        return self.filter(valid_from__lte=at).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=at)
        )


class ProcedureVersion(models.Model):
    """Một phiên bản của thủ tục: what applies in one scope from ``valid_from``.

    ``scope`` is the province (province-wide) or the ward the version applies to; a
    ward-specific version beats the province-wide one (selectors.version_in_force).
    Versions of one procedure in one scope never overlap (services.publish_version).
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name="thủ tục"
    )
    scope = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="procedure_versions",
        verbose_name="phạm vi áp dụng",
    )
    valid_from = models.DateField("hiệu lực từ ngày")
    valid_to = models.DateField("hiệu lực đến hết ngày", null=True, blank=True)

    deadline_kind = models.CharField(
        "loại thời hạn", max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.DAYS
    )
    deadline_amount = models.PositiveIntegerField(
        "thời hạn", default=0, help_text="Số ngày hoặc giờ làm việc; 0 với thủ tục trong ngày."
    )
    same_day_cutoff = models.TimeField(
        "giờ chốt trong ngày",
        default=default_same_day_cutoff,
        help_text="Tiếp nhận sau giờ này thì trả kết quả ngày làm việc tiếp theo.",
    )
    deadline_provisional = models.BooleanField(
        "thời hạn tạm tính",
        default=False,
        help_text="Nguồn không ghi thời hạn: giá trị tạm dùng để hẹn trả, phải đối chiếu lại.",
    )
    deadline_note = models.TextField("ghi chú thời hạn", blank=True)
    deadline_variants = models.JSONField(
        "thời hạn theo trường hợp, hình thức nộp, giai đoạn",
        default=list,
        blank=True,
        help_text="catalog.deadlines: [{case, channel, stages: [{label, kind, amount}]}]; "
        "trống = chỉ có thời hạn chung.",
    )

    fee_vnd = models.PositiveBigIntegerField(
        "phí, lệ phí (đồng)",
        null=True,
        blank=True,
        help_text="Để trống khi không có mức cố định (ví dụ: do HĐND tỉnh quy định).",
    )
    fee_note = models.TextField("ghi chú phí, lệ phí", blank=True)
    exemptions = models.TextField("miễn, giảm phí, lệ phí", blank=True)
    fee_rule = models.JSONField(
        "cách tính phí, lệ phí",
        default=dict,
        blank=True,
        help_text="catalog.fees: {items: [{kind, name, basis, tiers, cap, online_percent, "
        "council_key}], exemptions: [{code, label, percent, applies_to, ground}]}; trống = "
        "theo mức cố định ở trên.",
    )

    online_level = models.CharField(
        "mức độ trực tuyến", max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    online_level_note = models.TextField("ghi chú mức độ trực tuyến", blank=True)
    online_level_basis = models.TextField(
        "căn cứ quyết định mức độ trực tuyến",
        blank=True,
        help_text="Văn bản quyết định mức độ (ví dụ: QĐ phê duyệt danh mục DVCTT của UBND tỉnh).",
    )
    competent_unit = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị giải quyết",
    )
    supplement_effect = models.CharField(
        "khi yêu cầu bổ sung hồ sơ",
        max_length=16,
        choices=SupplementEffect.choices,
        default=SupplementEffect.PAUSE,
    )
    result_delivery = models.JSONField(
        "hình thức trả kết quả",
        default=list,
        blank=True,
        help_text="Danh sách mã: counter, postal, electronic.",
    )
    signing_authority = models.CharField(
        "thẩm quyền ký",
        max_length=16,
        choices=SigningAuthority.choices,
        blank=True,
        default=SigningAuthority.BY_SECTOR,
        help_text="Người quyết định và ký kết quả, văn bản gửi người dân; để trống: theo lĩnh vực.",
    )
    documents_note = models.TextField("lưu ý về thành phần hồ sơ", blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    source = models.TextField("nguồn dữ liệu", blank=True)
    caveats = models.TextField(
        "lưu ý cho quản trị",
        blank=True,
        help_text="Điểm chưa chắc chắn của dữ liệu; hiển thị cho cán bộ như một cảnh báo.",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure__code", "scope__code", "-valid_from"]
        indexes = [
            models.Index(
                fields=["procedure", "scope", "valid_from"], name="catalog_version_lookup"
            ),
            models.Index(fields=["scope", "valid_from"], name="catalog_version_scope"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "scope", "valid_from"], name="catalog_version_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="catalog_version_dates_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(deadline_kind=DeadlineKind.SAME_DAY) & Q(deadline_amount=0))
                | (~Q(deadline_kind=DeadlineKind.SAME_DAY) & Q(deadline_amount__gte=1)),
                name="catalog_version_deadline_amount",
            ),
            models.CheckConstraint(
                condition=Q(deadline_kind__in=DeadlineKind.values),
                name="catalog_version_deadline_kind",
            ),
            models.CheckConstraint(
                condition=Q(online_level__in=OnlineLevel.values),
                name="catalog_version_online_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} @ {self.scope.code} từ {self.valid_from:%d/%m/%Y}"

    @property
    def signer_authority(self) -> SigningAuthority:
        """The signing authority in effect: the version's own, else its sector's default."""
        if self.signing_authority:
            return SigningAuthority(self.signing_authority)
        sector = self.procedure.sector.name
        return SECTOR_SIGNING_AUTHORITY.get(sector, SigningAuthority.UNIT_HEAD)

    def covers(self, at: dt.date) -> bool:
        return self.valid_from <= at and (self.valid_to is None or at <= self.valid_to)

    def _deadline_amount_words(self) -> str:
        if self.deadline_kind == DeadlineKind.CALENDAR_DAYS:
            return f"{self.deadline_amount:02d} ngày"
        unit = "giờ" if self.deadline_kind == DeadlineKind.HOURS else "ngày"
        return f"{self.deadline_amount:02d} {unit} làm việc"

    @property
    def deadline_text(self) -> str:
        """The deadline in words: '03 ngày làm việc', 'Trong ngày (nhận sau 15:00 …)'."""
        if self.deadline_kind == DeadlineKind.SAME_DAY:
            text = f"Trong ngày (nhận sau {self.same_day_cutoff:%H:%M} trả ngày làm việc tiếp theo)"
        else:
            text = self._deadline_amount_words()
        text += self._by_case_words()
        return f"{text} — tạm tính" if self.deadline_provisional else text

    @property
    def deadline_short(self) -> str:
        """For narrow table cells: '03 ngày làm việc', 'Trong ngày (chốt 15:00)'."""
        if self.deadline_kind == DeadlineKind.SAME_DAY:
            return f"Trong ngày (chốt {self.same_day_cutoff:%H:%M})" + self._by_case_words()
        return self._deadline_amount_words() + self._by_case_words()

    def _by_case_words(self) -> str:
        return " (tùy trường hợp)" if self.case_labels else ""

    @property
    def fee_schedule(self) -> fees.FeeRule:
        """The fee rule (catalog.fees): the version's own, else its fixed amount."""
        return fees.rule_of(self.fee_rule, self.fee_vnd)

    @property
    def fee_text(self) -> str:
        """'50.000 đ', 'Không thu', the rule in short, or — with no amount and no rule —
        'Theo quy định', pointing to the note only when a citizen can read one."""
        rule = self.fee_schedule
        if rule.items:
            fixed = rule.fixed_amount
            return format_vnd(fixed) if fixed is not None else rule.short()
        if not rule.unset:
            return "Không thu"
        if citizen_text(self.fee_note):
            return "Không có mức cố định (xem ghi chú)"
        return "Thu theo mức do cơ quan có thẩm quyền quy định"

    @property
    def fee_lines(self) -> list[str]:
        """The rule's charges in words (empty for a fixed amount or none)."""
        rule = self.fee_schedule
        return rule.describe() if rule.is_variable or len(rule.items) > 1 else []

    @property
    def result_delivery_labels(self) -> list[str]:
        labels = dict(ResultDelivery.choices)
        return [labels[code] for code in ResultDelivery.values if code in self.result_delivery]

    @property
    def caveat_lines(self) -> list[str]:
        return [line for line in self.caveats.splitlines() if line.strip()]

    @property
    def variants(self) -> tuple[deadlines.DeadlineVariant, ...]:
        """The deadlines by case, channel and stage (catalog.deadlines)."""
        return deadlines.from_json(self.deadline_variants)

    @property
    def case_labels(self) -> list[str]:
        """The cases the counter chooses from at intake ([] = nothing to choose)."""
        labels: list[str] = []
        for variant in self.variants:
            if variant.case and variant.case not in labels:
                labels.append(variant.case)
        return labels

    @property
    def default_case(self) -> str:
        """The case whose deadline is the general one ("" without cases): what generated and
        imported dossiers that do not say their case are counted by."""
        labels = self.case_labels
        general = self.deadline_plan().deadlines
        return next((c for c in labels if self.deadline_plan(c).deadlines == general), "") or (
            labels[0] if labels else ""
        )

    def deadline_variant(self, case: str = "", channel: int = 0):
        """The variant for ``case`` filed through ``channel`` (the portal's code): the one
        naming that channel, else the one for every channel; None = the general deadline."""
        found = [v for v in self.variants if v.case == case and v.channel in (channel, 0)]
        found.sort(key=lambda v: v.channel != channel)
        return found[0] if found else None

    def deadline_words(self, case: str = "", channel: int = 0) -> str:
        """The deadline of ``case`` filed through ``channel`` in words, naming the case and
        the stages: what the receipt (Mẫu 01) prints as the legal processing time."""
        variant = self.deadline_variant(case, channel)
        if variant is None:
            return self.deadline_text
        text = variant.describe()
        return f"{text} — tạm tính" if self.deadline_provisional else text

    def deadline_plan(self, case: str = "", channel: int = 0) -> Plan:
        """The legal deadline of a dossier of ``case`` filed through ``channel``, as the
        working-day engine's Plan: the variant's stages, or the general deadline."""
        variant = self.deadline_variant(case, channel)
        if variant is None:
            return Plan.single(self._deadline(self.deadline_kind, self.deadline_amount))
        stages = tuple(
            Stage(self._deadline(stage.kind, stage.amount), stage.label) for stage in variant.stages
        )
        return Plan(stages, variant.case)

    def _deadline(self, kind: str, amount: int) -> Deadline:
        if kind == DeadlineKind.SAME_DAY:
            return Deadline.same_day(self.same_day_cutoff)
        return Deadline(kind, amount)


class CouncilFee(models.Model):
    """Mức thu do HĐND tỉnh quy định: one amount of a province's fee table, by key.

    A version's fee rule names the key (``council_key``); the amount in force on the day of
    the quote applies (catalog.selectors.council_rates). Set by the province's catalogue
    admin (services.set_council_fee).
    """

    province = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="council_fees",
        verbose_name="tỉnh, thành phố",
    )
    key = models.CharField("mã mức thu", max_length=40)
    name = models.CharField("tên khoản thu", max_length=255)
    price = models.PositiveBigIntegerField("mức thu tại quầy (đồng)")
    online_price = models.PositiveBigIntegerField(
        "mức thu trực tuyến (đồng)",
        null=True,
        blank=True,
        help_text="Để trống khi nghị quyết không quy định mức riêng cho hồ sơ trực tuyến.",
    )
    legal_basis = models.CharField("nghị quyết HĐND", max_length=500)
    valid_from = models.DateField("hiệu lực từ ngày")
    valid_to = models.DateField("hiệu lực đến hết ngày", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mức thu do HĐND tỉnh quy định"
        verbose_name_plural = "mức thu do HĐND tỉnh quy định"
        ordering = ["province", "key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "key", "valid_from"], name="catalog_council_fee_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="catalog_council_fee_dates",
            ),
            models.CheckConstraint(
                condition=Q(online_price__isnull=True) | Q(online_price__lte=F("price")),
                name="catalog_council_fee_online_not_dearer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.province_id}: {self.price}"

    def as_rate(self) -> fees.CouncilRate:
        return fees.CouncilRate(self.key, self.price, self.online_price, self.legal_basis)


class CopyType(models.TextChoices):
    """Loại bản of a document in thành phần hồ sơ."""

    ORIGINAL = "original", "Bản chính"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    PHOTOCOPY = "photocopy", "Bản sao"
    PRESENT_ONLY = "present_only", "Xuất trình"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one document the applicant submits or shows."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name="phiên bản thủ tục",
    )
    order = models.PositiveSmallIntegerField("STT")
    name = models.TextField("tên giấy tờ")
    copy_type = models.CharField(
        "loại bản", max_length=16, choices=CopyType.choices, default=CopyType.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField("số lượng", default=1)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "giấy tờ trong hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_document_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def citizen_name(self) -> str:
        """The name as the applicant reads it (receipt, checklist): no editors' tags."""
        return citizen_text(self.name)


class CatalogEvent(models.Model):
    """Nhật ký thay đổi danh mục: audit row for every catalogue write."""

    kind = models.CharField(max_length=40)
    # PROTECT throughout: the table is append-only in the database (core.append_only).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_events",
        help_text="Phạm vi áp dụng bị thay đổi; trống với thay đổi toàn quốc (mã, tên thủ tục).",
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký danh mục"
        verbose_name_plural = "nhật ký danh mục"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class OnlineLevelDecision(models.Model):
    """Quyết định mức độ dịch vụ công trực tuyến of a version: who recorded which level,
    when, on which legal basis (catalog.eform_services.decide_online_level). The version's
    ``online_level`` is the latest decision's level; the rows are its history."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="online_decisions",
        verbose_name="phiên bản thủ tục",
    )
    level = models.CharField("mức độ", max_length=16, choices=OnlineLevel.choices)
    previous_level = models.CharField("mức độ trước", max_length=16, blank=True)
    legal_basis = models.TextField("căn cứ pháp lý")
    note = models.TextField("ghi chú", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    decided_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "quyết định mức độ trực tuyến"
        verbose_name_plural = "quyết định mức độ trực tuyến"
        ordering = ["version", "-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=OnlineLevel.values), name="catalog_online_decision_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.level} @ {self.decided_at:%Y-%m-%d}"


class EForm(models.Model):
    """Biểu mẫu điện tử of a version: its questions and document slots as validated JSON
    (catalog.eforms: ``FieldDef`` / ``SlotDef``). ``revision`` goes up by one with every
    change, so a dossier can name the exact form it answered."""

    version = models.OneToOneField(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="eform",
        verbose_name="phiên bản thủ tục",
    )
    fields = models.JSONField("câu hỏi", default=list, blank=True)
    slots = models.JSONField("tệp đính kèm", default=list, blank=True)
    revision = models.PositiveIntegerField("lần sửa", default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người sửa",
    )
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        verbose_name = "biểu mẫu điện tử"
        verbose_name_plural = "biểu mẫu điện tử"

    def __str__(self) -> str:
        return f"Biểu mẫu {self.version_id} (lần {self.revision})"
