"""Hồ sơ thủ tục hành chính: the dossier, its append-only timeline, its daily counter.

The timeline (DossierEvent) is the truth. The status, due moments and outcome on the
Dossier row are a cache written by the same service, in the same transaction, as the
event that changed them (see services.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from .search import search_text_of


class Status(models.IntegerChoices):
    """Trạng thái hồ sơ — the national portal's TrangThai codes (DOMAIN.md §2)."""

    NEW = 1, "Mới đăng ký"
    RECEIVED = 2, "Được tiếp nhận"
    NOT_RECEIVED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung giấy tờ"
    FINANCIAL_OBLIGATION = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    DONE = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


OPEN_STATUSES = (
    Status.NEW,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
)
# While waiting on the applicant the legal clock does not run.
CLOCK_STOPPED_STATUSES = (Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION)
# Finished with a result (ready, or handed over).
RESULT_STATUSES = (Status.DONE, Status.RETURNED)


def status_tone(status: int) -> str:
    """Badge colour of a status, staff and public alike: waiting on the applicant = warn,
    result = ok, still open = plain, closed without a result = muted."""
    if status in CLOCK_STOPPED_STATUSES:
        return "warn"
    if status in RESULT_STATUSES:
        return "ok"
    if status in OPEN_STATUSES:
        return ""
    return "muted"


class Channel(models.IntegerChoices):
    """Hình thức nộp — portal codes: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích."""

    COUNTER = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Bưu chính công ích"


class Delivery(models.TextChoices):
    """Hình thức nhận kết quả."""

    COUNTER = "counter", "Tại Bộ phận Một cửa"
    POSTAL = "postal", "Qua dịch vụ bưu chính công ích"
    ELECTRONIC = "electronic", "Bản điện tử (VNeID, Cổng Dịch vụ công)"


class Outcome(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức"


class Dossier(models.Model):
    """Hồ sơ TTHC, from receipt to the return of its result."""

    code = models.CharField("mã hồ sơ", max_length=64, unique=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="phiên bản thủ tục",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="thủ tục",
    )
    # Where: the receiving agency (usually the ward's Center), the ward whose numbers it
    # counts in, and the competent unit that resolves it.
    receiving_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name="nơi tiếp nhận",
    )
    ward = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="ward_dossiers",
        verbose_name="xã/phường",
    )
    competent_unit = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
        verbose_name="đơn vị giải quyết",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name="chuyên viên xử lý",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_dossiers",
        verbose_name="cán bộ tiếp nhận",
    )

    # Applicant (người nộp hồ sơ)
    applicant_kind = models.CharField(
        max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField("họ tên / tên tổ chức", max_length=255)
    applicant_id_number = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    applicant_org_code = models.CharField("mã số doanh nghiệp/tổ chức", max_length=20, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=255, blank=True)
    request_summary = models.CharField("nội dung yêu cầu", max_length=500, blank=True)

    # Online submission (nộp trực tuyến): who submitted it from the portal, what the
    # e-form answered (opaque here: the catalogue's e-form reads it), and the key that
    # makes a repeated submit (double click, retry after a time-out) the same dossier.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_dossiers",
        verbose_name="tài khoản nộp trực tuyến",
    )
    answers = models.JSONField("nội dung khai trực tuyến", default=dict, blank=True)
    idempotency_key = models.CharField(
        "mã lần nộp",
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="Cổng dịch vụ công tạo một mã cho mỗi lần nộp; nộp lại cùng mã "
        "(bấm hai lần, gửi lại khi mạng chậm) trả về cùng một hồ sơ.",
    )

    channel = models.PositiveSmallIntegerField("hình thức nộp", choices=Channel.choices)
    deadline_case = models.CharField(
        "trường hợp tính thời hạn",
        max_length=200,
        blank=True,
        help_text="Trường hợp của thủ tục mà Bộ phận Một cửa chọn khi tiếp nhận (thời hạn "
        "theo trường hợp, catalog.deadlines); trống = thời hạn chung.",
    )
    delivery = models.CharField(
        "nhận kết quả", max_length=16, choices=Delivery.choices, default=Delivery.COUNTER
    )
    delivery_address = models.CharField(
        "địa chỉ nhận kết quả qua bưu chính",
        max_length=255,
        blank=True,
        default="",
        help_text="Chỉ khi người nộp chọn nhận kết quả qua dịch vụ bưu chính công ích.",
    )
    documents = models.JSONField("giấy tờ đã nhận", default=list, blank=True)

    # The clock
    submitted_at = models.DateTimeField("thời điểm nộp")
    received_at = models.DateTimeField("thời điểm tiếp nhận hợp lệ", null=True, blank=True)
    clock_started_at = models.DateTimeField("bắt đầu tính thời hạn", null=True, blank=True)
    legal_due_at = models.DateTimeField(
        "hạn giải quyết theo quy định",
        null=True,
        blank=True,
        help_text="Follows pauses and restarts, never extensions: what indicators judge.",
    )
    due_at = models.DateTimeField(
        "hẹn trả kết quả",
        null=True,
        blank=True,
        help_text="What the applicant is told; moves with extensions.",
    )
    paused_at = models.DateTimeField("thời điểm tạm dừng", null=True, blank=True)
    remaining_seconds = models.BigIntegerField(
        "thời gian làm việc còn lại khi tạm dừng (giây)", null=True, blank=True
    )
    finished_at = models.DateTimeField("có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("đã trả kết quả", null=True, blank=True)
    # Fixed by services.result_ready (clock.worked_seconds): the processing time the
    # indicators average is then one SUM, not a replay of every dossier's pauses.
    worked_seconds = models.PositiveBigIntegerField(
        "thời gian giải quyết (giây làm việc)",
        null=True,
        editable=False,
        help_text="Số giây làm việc thời hạn giải quyết đã chạy, từ lúc bắt đầu tính đến khi "
        "có kết quả, trừ thời gian dừng để bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính, "
        "theo lịch làm việc của đơn vị giải quyết lúc có kết quả; để trống khi chưa giải "
        "quyết xong hoặc kết thúc không có kết quả (từ chối, dừng, rút).",
    )
    extension_count = models.PositiveSmallIntegerField("số lần gia hạn", default=0)

    status = models.PositiveSmallIntegerField(
        "trạng thái", choices=Status.choices, default=Status.NEW
    )
    outcome = models.CharField(
        "kết quả đúng hạn", max_length=8, choices=Outcome.choices, blank=True
    )
    approved = models.BooleanField(
        "kết quả giải quyết",
        null=True,
        blank=True,
        help_text="True: chấp thuận; False: từ chối giải quyết.",
    )

    # What is payable; what was paid is the payments app's (payment records, receipts).
    fee_vnd = models.PositiveBigIntegerField("phí, lệ phí phải nộp (đồng)", default=0)
    fee_detail = models.JSONField(
        "cách tính phí, lệ phí",
        default=dict,
        blank=True,
        help_text="The quote at intake (catalog.fees.Quote.as_data: phi, le_phi, gross, total, "
        "exemption, lines) with its inputs and the exemption's evidence; {} before fee rules.",
    )
    # Caches of the attached files (DossierFile), never ticked by hand: set by the service
    # that attaches a file of that kind, in the same transaction (services._attach), and
    # what the indicators count (facts.digitised, facts.has_electronic_result). One
    # column each, so the scorecard stays one aggregate over dossier rows.
    digitised = models.BooleanField(
        "có thành phần hồ sơ số hóa",
        default=False,
        editable=False,
        help_text="Có ít nhất một tệp bản quét, tệp nộp trực tuyến hoặc hồ sơ bổ sung.",
    )
    electronic_result = models.BooleanField(
        "có kết quả điện tử",
        default=False,
        editable=False,
        help_text="Có tệp kết quả điện tử đính kèm.",
    )

    lookup_phone_tail = models.CharField(max_length=4, blank=True, editable=False)
    search_text = models.TextField(
        editable=False,
        default="",
        help_text="Mã hồ sơ, tên, số định danh, mã số tổ chức, số điện thoại viết thường, "
        "không dấu (đ → d): tìm kiếm không dấu trong hộp hồ sơ.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["competent_unit", "status", "due_at"], name="dossier_unit_inbox"),
            models.Index(
                fields=["receiving_agency", "status", "due_at"], name="dossier_counter_inbox"
            ),
            models.Index(fields=["ward", "status", "due_at"], name="dossier_ward_inbox"),
            models.Index(fields=["ward", "received_at"], name="dossier_ward_received"),
            # Period counts read "received before the end and not finished before the start".
            models.Index(fields=["ward", "finished_at"], name="dossier_ward_finished"),
            models.Index(fields=["assignee", "status"], name="dossier_assignee"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_id_number="") | Q(applicant_id_number__regex=r"^[0-9]{12}$"),
                name="dossier_id_number_12_digits",
            ),
            # One dossier per submitter and submission key (services.submit_online).
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dossier_unique_online_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        # As Procedure.save: whatever writes the code or the applicant, the search follows.
        self.search_text = search_text_of(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def clock_running(self) -> bool:
        return self.is_open and self.status not in CLOCK_STOPPED_STATUSES and self.paused_at is None


class DossierEvent(models.Model):
    """One step on the dossier's timeline (append-only).

    Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06), the public timeline and every
    indicator are read from these rows.
    """

    # PROTECT: the table is append-only in the database (core.append_only), so a dossier
    # with a history is never deleted, and a person who acted on one is deactivated.
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    from_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_after = models.PositiveSmallIntegerField(choices=Status.choices)
    is_public = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_timeline")]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.kind}@{self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Dossier events are append-only.")
        super().save(*args, **kwargs)


class FileKind(models.TextChoices):
    """What an attached file is to the dossier."""

    INTAKE_SCAN = "intake_scan", "Bản quét thành phần hồ sơ (tiếp nhận)"
    CITIZEN_UPLOAD = "citizen_upload", "Tệp người nộp gửi trực tuyến"
    SUPPLEMENT = "supplement", "Hồ sơ bổ sung"
    ELECTRONIC_RESULT = "electronic_result", "Kết quả điện tử"


# Files that are the dossier's components (Decision 766: "thành phần hồ sơ được số hóa").
COMPONENT_FILE_KINDS = (FileKind.INTAKE_SCAN, FileKind.CITIZEN_UPLOAD, FileKind.SUPPLEMENT)


class DossierFile(models.Model):
    """A stored file (motcua.files) attached to a dossier, written by services.attach_files
    or services.result_ready with a ``files_attached`` event; read through
    selectors.readable_dossier_file (the dossier's scope)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    stored_file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, related_name="+", verbose_name="tệp"
    )
    kind = models.CharField("loại", max_length=20, choices=FileKind.choices)
    document_name = models.CharField("tên giấy tờ", max_length=255, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attached_at = models.DateTimeField("thời điểm đính kèm")

    class Meta:
        verbose_name = "tệp của hồ sơ"
        verbose_name_plural = "tệp của hồ sơ"
        ordering = ["attached_at", "id"]
        indexes = [models.Index(fields=["dossier", "kind"], name="dossier_file_kind")]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "stored_file"], name="uniq_dossier_file")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.kind}:{self.stored_file_id}"


def dossier_code(agency_code: str, day: dt.date, number: int) -> str:
    """Mã hồ sơ ``<agency identifier>-<yymmdd>-<NNNN>``, e.g. H26.80.04-261204-0010."""
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


class DailyCounter(models.Model):
    """Last dossier number issued per receiving agency and local day (gap-free codes)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="uniq_daily_counter")]

    def __str__(self) -> str:
        return f"{self.agency_id}@{self.day}: {self.last}"


class Register(models.TextChoices):
    """The books a form's "Số: …" is taken from (Nghị định 30/2020/NĐ-CP, Art. 15 and
    Appendix III: numbered from 01 on 1 January of each year)."""

    RECEIPT = "receipt", "Sổ theo dõi hồ sơ (tiếp nhận)"
    OUTGOING = "outgoing", "Sổ đăng ký văn bản đi"


class RegisterCounter(models.Model):
    """Last number issued in one register of one agency in one year.

    Allocated by services.next_register_number in the transaction of the event that
    issues the form, so a rolled-back action gives its number back and two clerks never
    get the same one.
    """

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    register = models.CharField(max_length=16, choices=Register.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "register"], name="uniq_register_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.register}: {self.last}"


class RecomputeRun(models.Model):
    """Tính lại hạn giải quyết: one pass over the open dossiers after a calendar change.

    Processed in batches (a cursor on the dossier id), so a large province can be done
    from the command line or from the staff page with its progress shown, and two clients
    never process the same batch (the row is locked while a batch runs).
    """

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("lý do", max_length=500)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    cursor = models.BigIntegerField(default=0, help_text="Last dossier id processed.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class AccessPurpose(models.TextChoices):
    PAGE = "page", "Xem trang hồ sơ"
    FORM = "form", "In biểu mẫu"
    REGISTER = "register", "Xuất sổ theo dõi"
    FILE = "file", "Tải tệp đính kèm"


class PersonalDataAccess(models.Model):
    """Nhật ký truy cập dữ liệu cá nhân: who opened which dossier's personal data, when,
    from which office, for what (the page, a printed form, a file). Append-only in the
    database (core.append_only); one insert per view (dossiers.access_log)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The office the person acted for: the agency of the role that let them see the dossier
    # (null for a superuser), what the citizen is shown.
    office = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(max_length=16, choices=AccessPurpose.choices)
    detail = models.CharField(max_length=80, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "truy cập dữ liệu cá nhân"
        verbose_name_plural = "truy cập dữ liệu cá nhân"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="pd_access_by_dossier"),
            models.Index(fields=["user", "at"], name="pd_access_by_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.dossier_id} ({self.purpose}) @ {self.at:%Y-%m-%d %H:%M}"
