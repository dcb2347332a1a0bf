"""Agencies (province → commune/ward → unit), staff and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class AgencyKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh/Thành phố"
    WARD = "ward", "Xã/Phường/Đặc khu"
    UNIT = "unit", "Phòng/Trung tâm"


# Which kind may sit under which: a unit hangs under a ward (or directly under
# a province for provincial departments that a deployment may also hold).
ALLOWED_PARENT_KINDS = {
    AgencyKind.PROVINCE: (None,),
    AgencyKind.WARD: (AgencyKind.PROVINCE,),
    AgencyKind.UNIT: (AgencyKind.WARD, AgencyKind.PROVINCE),
}


class AgencyQuerySet(models.QuerySet):
    def subtree_of(self, agency_ids):
        """The agencies themselves and everything below them (the tree has 3 levels)."""
        ids = list(agency_ids)
        return self.filter(
            Q(id__in=ids) | Q(parent_id__in=ids) | Q(ward_id__in=ids) | Q(province_id__in=ids)
        )

    def wards(self):
        return self.filter(kind=AgencyKind.WARD)

    def units(self):
        return self.filter(kind=AgencyKind.UNIT)


class Agency(models.Model):
    """Cơ quan, đơn vị: tỉnh/thành phố, UBND xã/phường, phòng chuyên môn, trung tâm.

    ``code`` is the national identifier (mã định danh điện tử, e.g. H44 or
    000.00.01.H29); ``province`` and ``ward`` are denormalised from the parent
    chain so that scoping is one indexed filter, never a recursive walk.
    """

    code = models.CharField("mã định danh", max_length=40, unique=True)
    code_is_illustrative = models.BooleanField(
        "mã minh họa",
        default=False,
        help_text="Mã chưa đối chiếu với danh mục mã định danh quốc gia (dữ liệu mẫu).",
    )
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    kind = models.CharField("cấp", max_length=16, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="trực thuộc",
    )
    province = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    ward = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "province"]), models.Index(fields=["ward"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.province, self.ward = self._derive_province_and_ward()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent else None
        if parent_kind not in ALLOWED_PARENT_KINDS.get(self.kind, ()):
            raise ValidationError({"parent": "Cấp trực thuộc không hợp lệ cho loại cơ quan này."})
        # The kind rule also rules out cycles: kinds strictly descend down the tree.

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def _derive_province_and_ward(self):
        if self.kind == AgencyKind.PROVINCE:
            return None, None
        parent = self.parent
        if parent is None:
            return None, None
        if parent.kind == AgencyKind.PROVINCE:
            return parent, None
        if parent.kind == AgencyKind.WARD:
            return parent.province, parent
        return parent.province, parent.ward

    @property
    def province_or_self(self) -> Agency | None:
        return self if self.kind == AgencyKind.PROVINCE else self.province

    @property
    def ward_or_self(self) -> Agency | None:
        return self if self.kind == AgencyKind.WARD else self.ward

    def ancestor_ids(self) -> list[int]:
        """This agency and those above it, nearest first."""
        ids = [self.pk]
        if self.ward_id and self.ward_id != self.pk:
            ids.append(self.ward_id)
        if self.province_id:
            ids.append(self.province_id)
        return ids


class AccountKind(models.TextChoices):
    """Who an account belongs to, fixed when it is made (docs/portal.md).

    Staff accounts are made by an agency admin (org.services) and sign in at /dang-nhap/;
    citizen and organisation accounts register on the portal (motcua.portal) and sign in
    there. A non-staff account holds no permission whatever its roles or flags say
    (org.permissions), and the staff area and the admin refuse it (org.middleware).
    """

    STAFF = "staff", "Cán bộ"
    CITIZEN = "citizen", "Công dân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


class User(AbstractUser):
    """A person who signs in: staff of one or more agencies, or a citizen or organisation
    with a portal account (``kind``)."""

    kind = models.CharField(
        "loại tài khoản", max_length=16, choices=AccountKind.choices, default=AccountKind.STAFF
    )

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    # Set when an admin chose the password (org.services); the person must replace it
    # before any staff page opens (org.middleware.PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def is_staff_account(self) -> bool:
        return self.kind == AccountKind.STAFF

    @property
    def has_any_role(self) -> bool:
        cached = getattr(self, "_role_cache", None)
        if cached is not None:
            return bool(cached)
        return self.role_assignments.exists()


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    UNIT_HEAD = "unit_head", "Lãnh đạo phòng/đơn vị"
    WARD_LEADER = "ward_leader", "Lãnh đạo UBND"
    REFORM_MONITOR = "reform_monitor", "Theo dõi cải cách hành chính"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan"


class RoleAssignment(models.Model):
    """A role that a person holds at an agency; it covers that agency's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phân công vai trò"
        verbose_name_plural = "phân công vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class AccountEvent(models.Model):
    """Audit row of one account's own security and profile changes (two-factor enrolment,
    recovery codes, a citizen's profile). Not an OrgEvent: those belong to an agency, and
    a superuser or a citizen has none."""

    kind = models.CharField(max_length=40)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Account events are append-only.")
        super().save(*args, **kwargs)


class OrgEvent(models.Model):
    """Audit row for every change to agencies, staff and roles."""

    kind = models.CharField(max_length=40)
    # PROTECT, not SET_NULL/CASCADE: the table is append-only (core.append_only), so a
    # person or an agency that an event names is deactivated, never deleted.
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="org_events")
    # The person the event is about (a new account, a role granted, a lock), if any.
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="org_events_about"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class GrantStatus(models.TextChoices):
    PENDING = "pending", "Chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"
    REJECTED = "rejected", "Bị từ chối"
    WITHDRAWN = "withdrawn", "Đã rút lại"


class RoleGrant(models.Model):
    """A role asked for and not yet in force: a deciding role (org.permissions
    ``APPROVAL_REQUIRED_ROLES``) granted by an agency admin waits for a second admin of
    the same scope. Approval creates the ``RoleAssignment``; every step is an OrgEvent."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    status = models.CharField(
        "trạng thái", max_length=16, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("lý do", max_length=500, blank=True)

    class Meta:
        verbose_name = "đề nghị giao vai trò"
        verbose_name_plural = "đề nghị giao vai trò"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(status="pending"),
                name="uniq_pending_role_grant",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="role_grant_agency_status")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency} ({self.status})"


class Notice(models.Model):
    """Thông báo: something a person is told (a role granted, approved, refused, removed).

    Shown on the person's staff home until read; the outbox (app outbound) learns of a new
    one through ``org.signals.notice_created`` and delivers it by e-mail.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=40)
    text = models.CharField("nội dung", max_length=500)
    at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(OrgEvent, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.text
