"""Writes for agencies, staff and roles. Each runs in a transaction with its OrgEvent.

A ward's agency admin (quản trị cơ quan) manages the people and units of her
own ward only: every function checks the actor's permission at the agency it
touches and, for a person, that the person works inside the actor's scope.
``actor=None`` means the system itself (demo loader, data import).
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDeniedError

from . import signals
from .models import (
    Agency,
    AgencyKind,
    GrantStatus,
    Notice,
    OrgEvent,
    Role,
    RoleAssignment,
    RoleGrant,
    User,
)
from .permissions import (
    APPROVAL_REQUIRED_ROLES,
    Perm,
    agencies_where,
    can,
    forget_cached_roles,
    require,
)

USERNAME_MAX_LENGTH = 150
REASON_MAX_LENGTH = 500


def _event(kind: str, *, actor, agency: Agency, subject: User | None = None, **data) -> OrgEvent:
    return OrgEvent.objects.create(
        kind=kind, actor=actor, agency=agency, subject=subject, data=data
    )


def _notify(user: User, kind: str, text: str, event: OrgEvent) -> Notice:
    """Tell ``user`` (their staff home; the outbox e-mails it through the signal)."""
    notice = Notice.objects.create(user=user, kind=kind, text=text[:500], event=event)
    signals.notice_created.send(sender=Notice, notice=notice)
    return notice


def _role_label(role: str) -> str:
    return Role(role).label


def _grants_directly(actor: User | None) -> bool:
    """The system (``actor=None``) and the deployment's operators grant without a second
    approval; an agency admin's grant of a deciding role waits for one."""
    return actor is None or actor.is_superuser


def _refuse_self_grant(actor: User | None, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise DomainError(
            "role_self_grant",
            "Bạn không thể tự giao vai trò cho mình; nhờ một quản trị khác.",
            field="roles",
        )


def _grant(actor: User | None, user: User, agency: Agency, role: str) -> RoleAssignment:
    """Put ``role`` in force (no checks: the callers made them), with its event and notice."""
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
    event = _event("role_granted", actor=actor, agency=agency, subject=user, role=role)
    if actor is not None:  # the system's set-up (demo, import) tells nobody
        _notify(
            user,
            "role_granted",
            f"Bạn được giao vai trò {_role_label(role)} tại {agency.display_name}.",
            event,
        )
    forget_cached_roles(user)
    signals.role_granted.send(sender=RoleAssignment, assignment=assignment, event=event)
    return assignment


def _request_grant(actor: User, user: User, agency: Agency, role: str) -> RoleGrant:
    existing = RoleGrant.objects.filter(
        user=user, agency=agency, role=role, status=GrantStatus.PENDING
    ).first()
    if existing is not None:
        return existing
    grant = RoleGrant.objects.create(user=user, agency=agency, role=role, requested_by=actor)
    event = _event(
        "role_grant_requested",
        actor=actor,
        agency=agency,
        subject=user,
        role=role,
        grant_id=grant.pk,
    )
    _notify(
        user,
        "role_grant_requested",
        f"Đề nghị giao vai trò {_role_label(role)} tại {agency.display_name} "
        "đang chờ một quản trị khác phê duyệt.",
        event,
    )
    return grant


def _grant_or_request(actor: User | None, user: User, agency: Agency, roles) -> tuple:
    """(roles put in force, roles waiting for approval)."""
    direct, pending = [], []
    for role in sorted(roles):
        if role in APPROVAL_REQUIRED_ROLES and not _grants_directly(actor):
            _request_grant(actor, user, agency, role)
            pending.append(role)
        else:
            _grant(actor, user, agency, role)
            direct.append(role)
    return direct, pending


def _validated(agency: Agency) -> Agency:
    try:
        agency.full_clean()
    except ValidationError as exc:
        code_errors = exc.error_dict.get("code", [])
        if any(error.code == "unique" for error in code_errors):
            raise DomainError(
                "agency_code_taken", "Mã định danh này đã được dùng.", field="code"
            ) from exc
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("agency_invalid", messages[0], field=field) from exc
    return agency


def _check_kind(kind: str) -> None:
    # Agency.clean() looks the kind up in a table: an unknown kind must stop here.
    if kind not in AgencyKind.values:
        raise DomainError("agency_kind_invalid", "Loại cơ quan không hợp lệ.", field="kind")


@transaction.atomic
def create_agency(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Agency | None,
    short_name: str = "",
    code_is_illustrative: bool = False,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Agency:
    """Thêm cơ quan/đơn vị. Staff may add units only below an agency they administer."""
    if actor is not None:
        if parent is None:
            if not actor.is_superuser:
                raise PermissionDeniedError("Chỉ quản trị hệ thống được thêm cấp tỉnh.")
        else:
            require(actor, Perm.MANAGE_UNITS, parent)
    _check_kind(kind)
    agency = _validated(
        Agency(
            code=code.strip(),
            name=name.strip(),
            kind=kind,
            parent=parent,
            short_name=short_name.strip(),
            code_is_illustrative=code_is_illustrative,
            address=address.strip(),
            phone=phone.strip(),
            email=email.strip(),
        )
    )
    agency.save()
    _event("agency_created", actor=actor, agency=agency, code=agency.code, name=agency.name)
    return agency


UPDATABLE_AGENCY_FIELDS = ("name", "short_name", "address", "phone", "email", "is_active")


@transaction.atomic
def update_agency(*, actor: User, agency: Agency, **changes) -> Agency:
    """Sửa thông tin đơn vị (not its code or place in the tree: dossiers reference them).

    The agency above decides: a ward's admin edits its units, not the ward itself.
    """
    require(actor, Perm.MANAGE_UNITS, agency.parent or agency)
    unknown = set(changes) - set(UPDATABLE_AGENCY_FIELDS)
    if unknown:
        raise DomainError(
            "agency_field_readonly", "Không thể sửa trường này.", field=sorted(unknown)[0]
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {name: getattr(agency, name) for name in changes}
    for name, value in changes.items():
        setattr(agency, name, value.strip() if isinstance(value, str) else value)
    after = {name: getattr(agency, name) for name in changes}
    if after == before:
        return agency
    _validated(agency).save()
    _event("agency_updated", actor=actor, agency=agency, before=before, after=after)
    return agency


def _check_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles))
    invalid = [r for r in roles if r not in Role.values]
    if invalid:
        raise DomainError("role_unknown", f"Vai trò không hợp lệ: {invalid[0]}", field="roles")
    return roles


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:  # worded in Vietnamese by org/passwords.py
        raise DomainError("password_weak", " ".join(exc.messages), field="password") from exc


def check_username(username: str) -> str:
    """The username lower-cased, or DomainError: unaccented, no spaces, not taken."""
    username = username.strip().lower()
    if not username:
        raise DomainError("username_required", "Nhập tên đăng nhập.", field="username")
    try:
        ASCIIUsernameValidator()(username)
    except ValidationError as exc:
        raise DomainError(
            "username_invalid",
            "Tên đăng nhập viết không dấu, chỉ gồm chữ cái, chữ số và các ký tự @ . + - _ "
            "(không có dấu cách).",
            field="username",
        ) from exc
    if len(username) > USERNAME_MAX_LENGTH:
        raise DomainError(
            "username_invalid",
            f"Tên đăng nhập dài tối đa {USERNAME_MAX_LENGTH} ký tự.",
            field="username",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", "Tên đăng nhập này đã có người dùng.", field="username")
    return username


def _check_email(email: str) -> str:
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(
                "email_invalid", "Địa chỉ thư điện tử không hợp lệ.", field="email"
            ) from exc
    return email


def _check_agency_active(agency: Agency) -> None:
    if not agency.is_active:
        raise DomainError("agency_inactive", "Đơn vị này đã ngừng hoạt động.", field="agency")


@transaction.atomic
def create_staff(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    email: str = "",
    phone: str = "",
    position: str = "",
) -> User:
    """Thêm cán bộ vào một cơ quan/đơn vị với các vai trò.

    A deciding role (``APPROVAL_REQUIRED_ROLES``) given by an agency admin waits for a
    second admin's approval; the account exists at once and holds the other roles.
    """
    if actor is not None:
        require(actor, Perm.MANAGE_STAFF, agency)
    _check_agency_active(agency)
    roles = _check_roles(roles)
    if not roles:
        raise DomainError("roles_required", "Chọn ít nhất một vai trò.", field="roles")
    username = check_username(username)
    full_name = full_name.strip()
    if not full_name:
        raise DomainError("full_name_required", "Nhập họ và tên cán bộ.", field="full_name")
    user = User(
        username=username,
        full_name=full_name,
        email=_check_email(email),
        phone=phone.strip(),
        position=position.strip(),
        # An admin chose this password: the person replaces it at first sign-in.
        must_change_password=actor is not None,
    )
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent request took the name after our check
        raise DomainError(
            "username_taken", "Tên đăng nhập này đã có người dùng.", field="username"
        ) from exc
    _event(
        "staff_created",
        actor=actor,
        agency=agency,
        subject=user,
        user_id=user.pk,
        username=username,
        roles=roles,
    )
    _grant_or_request(actor, user, agency, roles)
    return user


def _refuse_superuser_target(actor: User, user: User) -> None:
    # A superuser is the deployment's operator: no agency admin may change their account.
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDeniedError("Không thể thay đổi tài khoản quản trị hệ thống.")


def _require_staff_in_scope(actor: User, user: User) -> None:
    """The person must hold a role somewhere the actor manages staff."""
    if actor.is_superuser:
        return
    _refuse_superuser_target(actor, user)
    scope = agencies_where(actor, Perm.MANAGE_STAFF)
    if not (
        RoleAssignment.objects.filter(user=user, agency__in=scope).exists()
        or RoleGrant.objects.filter(
            user=user, agency__in=scope, status=GrantStatus.PENDING
        ).exists()
    ):
        raise PermissionDeniedError("Cán bộ này không thuộc phạm vi quản lý của bạn.")


def _require_wholly_in_scope(actor: User, user: User, *, action: str) -> None:
    """Locking an account or replacing its password acts on every agency the person
    works for, so all of their roles must lie inside the actor's scope."""
    _require_staff_in_scope(actor, user)
    if actor.is_superuser:
        return
    scope = agencies_where(actor, Perm.MANAGE_STAFF)
    if RoleAssignment.objects.filter(user=user).exclude(agency__in=scope).exists():
        raise DomainError(
            "staff_outside_scope",
            f"Cán bộ này còn giữ vai trò ở cơ quan khác; chỉ quản trị hệ thống được {action}.",
        )


@transaction.atomic
def set_staff_roles(*, actor: User, user: User, agency: Agency, roles: list[str]) -> list[str]:
    """Phân công vai trò: replace the roles ``user`` holds at ``agency``; answers the roles
    in force afterwards.

    Nobody grants a role to themselves (``role_self_grant``). An added deciding role
    (``APPROVAL_REQUIRED_ROLES``) waits for a second admin (``approve_role_grant``) unless
    the actor is a superuser; a removed role ends at once. An empty list removes them
    all, unless they are the person's last roles anywhere (a person who stops working
    is locked, not left without a role, or nobody but a superuser could find them again).
    """
    require(actor, Perm.MANAGE_STAFF, agency)
    _require_staff_in_scope(actor, user)
    roles = _check_roles(roles)
    held = RoleAssignment.objects.filter(user=user, agency=agency)
    current = set(held.values_list("role", flat=True))
    wanted = set(roles)
    if wanted == current:
        return sorted(wanted)
    if wanted - current:
        _refuse_self_grant(actor, user)
        _check_agency_active(agency)
    if actor.pk == user.pk and Role.AGENCY_ADMIN in current - wanted and not actor.is_superuser:
        raise DomainError(
            "cannot_drop_own_admin",
            "Bạn không thể tự bỏ vai trò quản trị của mình; nhờ một quản trị khác.",
            field="roles",
        )
    in_force = (current & wanted) | {
        role
        for role in wanted - current
        if role not in APPROVAL_REQUIRED_ROLES or _grants_directly(actor)
    }
    if (
        not in_force
        and not RoleAssignment.objects.filter(user=user).exclude(agency=agency).exists()
    ):
        raise DomainError(
            "last_role",
            "Cán bộ phải giữ ít nhất một vai trò (một vai trò mới chỉ có hiệu lực khi được "
            "phê duyệt). Nếu cán bộ nghỉ việc, hãy khóa tài khoản.",
            field="roles",
        )
    for role in sorted(current - wanted):
        held.filter(role=role).delete()
        event = _event("role_revoked", actor=actor, agency=agency, subject=user, role=role)
        _notify(
            user,
            "role_revoked",
            f"Vai trò {_role_label(role)} tại {agency.display_name} của bạn đã được thu hồi.",
            event,
        )
        signals.role_revoked.send(
            sender=RoleAssignment, user=user, agency=agency, role=role, event=event
        )
    direct, pending = _grant_or_request(actor, user, agency, wanted - current)
    forget_cached_roles(user)
    after = sorted((current & wanted) | set(direct))
    _event(
        "staff_roles_changed",
        actor=actor,
        agency=agency,
        subject=user,
        user_id=user.pk,
        before=sorted(current),
        after=after,
        pending=pending,
    )
    return after


def _decidable_grant(actor: User, grant: RoleGrant) -> RoleGrant:
    """The grant locked, after the checks shared by approve and reject."""
    require(actor, Perm.MANAGE_STAFF, grant.agency)
    grant = RoleGrant.objects.select_for_update().select_related("agency", "user").get(pk=grant.pk)
    if grant.status != GrantStatus.PENDING:
        raise DomainError("grant_not_pending", "Đề nghị này đã được xử lý.")
    if actor.pk == grant.user_id:
        raise DomainError("role_self_grant", "Bạn không thể tự phê duyệt vai trò giao cho mình.")
    if actor.pk == grant.requested_by_id:
        raise DomainError(
            "grant_needs_second_admin",
            "Người đề nghị không tự phê duyệt được; cần một quản trị khác.",
        )
    return grant


@transaction.atomic
def approve_role_grant(*, actor: User, grant: RoleGrant) -> RoleAssignment:
    """Phê duyệt giao vai trò: a second admin of the grant's scope puts it in force."""
    grant = _decidable_grant(actor, grant)
    _check_agency_active(grant.agency)
    if not grant.user.is_active:
        raise DomainError("staff_locked", "Tài khoản này đang bị khóa.")
    grant.status = GrantStatus.APPROVED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    _event(
        "role_grant_approved",
        actor=actor,
        agency=grant.agency,
        subject=grant.user,
        role=grant.role,
        grant_id=grant.pk,
        requested_by=grant.requested_by_id,
    )
    return _grant(actor, grant.user, grant.agency, grant.role)


@transaction.atomic
def reject_role_grant(*, actor: User, grant: RoleGrant, reason: str = "") -> RoleGrant:
    """Từ chối đề nghị giao vai trò (by a second admin of the grant's scope)."""
    grant = _decidable_grant(actor, grant)
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            "reason_too_long", f"Lý do dài tối đa {REASON_MAX_LENGTH} ký tự.", field="reason"
        )
    grant.status = GrantStatus.REJECTED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.reason = reason
    grant.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    event = _event(
        "role_grant_rejected",
        actor=actor,
        agency=grant.agency,
        subject=grant.user,
        role=grant.role,
        grant_id=grant.pk,
        reason=reason,
    )
    _notify(
        grant.user,
        "role_grant_rejected",
        f"Đề nghị giao vai trò {_role_label(grant.role)} tại {grant.agency.display_name} "
        "không được phê duyệt." + (f" Lý do: {reason}" if reason else ""),
        event,
    )
    return grant


@transaction.atomic
def withdraw_role_grant(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """Rút lại đề nghị (any admin of the scope, the requester included)."""
    require(actor, Perm.MANAGE_STAFF, grant.agency)
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != GrantStatus.PENDING:
        raise DomainError("grant_not_pending", "Đề nghị này đã được xử lý.")
    grant.status = GrantStatus.WITHDRAWN
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    _event(
        "role_grant_withdrawn",
        actor=actor,
        agency=grant.agency,
        subject=grant.user,
        role=grant.role,
        grant_id=grant.pk,
    )
    return grant


def may_decide_grant(actor: User, grant: RoleGrant) -> bool:
    """Whether ``actor`` is a second admin for ``grant`` (for the page's buttons)."""
    return (
        grant.status == GrantStatus.PENDING
        and actor.pk not in (grant.user_id, grant.requested_by_id)
        and can(actor, Perm.MANAGE_STAFF, grant.agency)
    )


@transaction.atomic
def mark_notices_read(*, user: User) -> int:
    """Đánh dấu đã đọc: the person's own notices."""
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def set_staff_active(*, actor: User, user: User, agency: Agency, active: bool) -> User:
    """Khóa / mở khóa tài khoản cán bộ; the event is recorded at ``agency``."""
    require(actor, Perm.MANAGE_STAFF, agency)
    if actor.pk == user.pk:
        raise DomainError("cannot_lock_self", "Bạn không thể tự khóa tài khoản của mình.")
    _require_wholly_in_scope(actor, user, action="khóa hoặc mở khóa tài khoản")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    _event(
        "staff_activated" if active else "staff_locked",
        actor=actor,
        agency=agency,
        subject=user,
        user_id=user.pk,
    )
    return user


@transaction.atomic
def reset_staff_password(*, actor: User, user: User, agency: Agency, password: str) -> None:
    """Đặt lại mật khẩu; the person's open sessions end with the old password, and the
    person must choose their own at the next sign-in."""
    require(actor, Perm.MANAGE_STAFF, agency)
    _require_wholly_in_scope(actor, user, action="đặt lại mật khẩu")
    _check_password(password, user)
    user.set_password(password)
    user.must_change_password = user.pk != actor.pk
    user.save(update_fields=["password", "must_change_password"])
    _event("staff_password_reset", actor=actor, agency=agency, subject=user, user_id=user.pk)


__all__ = [
    "AgencyKind",
    "approve_role_grant",
    "create_agency",
    "create_staff",
    "mark_notices_read",
    "reject_role_grant",
    "reset_staff_password",
    "set_staff_active",
    "set_staff_roles",
    "update_agency",
    "withdraw_role_grant",
]
