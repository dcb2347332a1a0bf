"""Writes for agencies, staff and roles. Each runs in a transaction with its OrgEvent."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.core.errors import DomainError

from .models import Agency, AgencyKind, OrgEvent, Role, RoleAssignment, User
from .permissions import Perm, forget_cached_roles, require


def _event(kind: str, *, actor, agency: Agency, **data) -> OrgEvent:
    return OrgEvent.objects.create(kind=kind, actor=actor, agency=agency, data=data)


def _validated(agency: Agency) -> Agency:
    try:
        agency.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        if field == "code":
            raise DomainError(
                "agency_code_taken", "Mã định danh này đã được dùng.", field="code"
            ) from exc
        raise DomainError("agency_invalid", messages[0], field=field) from exc
    return agency


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
                raise DomainError("permission_denied", "Chỉ quản trị hệ thống được thêm cấp tỉnh.")
        else:
            require(actor, Perm.MANAGE_UNITS, parent)
    agency = _validated(
        Agency(
            code=code.strip(),
            name=name.strip(),
            kind=kind,
            parent=parent,
            short_name=short_name.strip(),
            code_is_illustrative=code_is_illustrative,
            address=address,
            phone=phone,
            email=email,
        )
    )
    agency.save()
    _event("agency_created", actor=actor, agency=agency, code=agency.code, name=agency.name)
    return agency


UPDATABLE_AGENCY_FIELDS = ("name", "short_name", "address", "phone", "email", "is_active")


@transaction.atomic
def update_agency(*, actor: User, agency: Agency, **changes) -> Agency:
    """Sửa thông tin đơn vị (not its code or place in the tree: dossiers reference them)."""
    require(actor, Perm.MANAGE_UNITS, agency.parent or agency)
    unknown = set(changes) - set(UPDATABLE_AGENCY_FIELDS)
    if unknown:
        raise DomainError("agency_field_readonly", "Không thể sửa trường này.", field=unknown.pop())
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {name: getattr(agency, name) for name in changes}
    for name, value in changes.items():
        setattr(agency, name, value.strip() if isinstance(value, str) else value)
    _validated(agency).save()
    _event("agency_updated", actor=actor, agency=agency, before=before, after=changes)
    return agency


def _check_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles))
    invalid = [r for r in roles if r not in Role.values]
    if invalid:
        raise DomainError("role_unknown", f"Vai trò không hợp lệ: {invalid[0]}", field="roles")
    return roles


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
    """Thêm cán bộ vào một cơ quan/đơn vị với các vai trò."""
    if actor is not None:
        require(actor, Perm.MANAGE_STAFF, agency)
    roles = _check_roles(roles)
    if not roles:
        raise DomainError("roles_required", "Chọn ít nhất một vai trò.", field="roles")
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", "Tên đăng nhập này đã có người dùng.", field="username")
    user = User(username=username, full_name=full_name.strip(), email=email, phone=phone,
                position=position)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("password_weak", " ".join(exc.messages), field="password") from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DomainError("username_taken", "Tên đăng nhập này đã có người dùng.",
                          field="username") from exc
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, agency=agency, role=role) for role in roles
    )
    _event("staff_created", actor=actor, agency=agency, user_id=user.pk, username=username,
           roles=roles)
    return user


@transaction.atomic
def set_staff_roles(*, actor: User, user: User, agency: Agency, roles: list[str]) -> list[str]:
    """Replace the roles ``user`` holds at ``agency`` (an empty list removes them all)."""
    require(actor, Perm.MANAGE_STAFF, agency)
    roles = _check_roles(roles)
    if actor.pk == user.pk and Role.AGENCY_ADMIN not in roles and not actor.is_superuser:
        held = RoleAssignment.objects.filter(user=user, agency=agency, role=Role.AGENCY_ADMIN)
        if held.exists():
            raise DomainError(
                "cannot_drop_own_admin",
                "Bạn không thể tự bỏ vai trò quản trị của mình; nhờ một quản trị khác.",
                field="roles",
            )
    current = set(
        RoleAssignment.objects.filter(user=user, agency=agency).values_list("role", flat=True)
    )
    wanted = set(roles)
    RoleAssignment.objects.filter(user=user, agency=agency, role__in=current - wanted).delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, agency=agency, role=role) for role in sorted(wanted - current)
    )
    forget_cached_roles(user)
    _event("staff_roles_changed", actor=actor, agency=agency, user_id=user.pk,
           before=sorted(current), after=sorted(wanted))
    return sorted(wanted)


@transaction.atomic
def set_staff_active(*, actor: User, user: User, agency: Agency, active: bool) -> User:
    """Khóa / mở khóa tài khoản cán bộ (only one who works within ``agency``'s subtree)."""
    require(actor, Perm.MANAGE_STAFF, agency)
    if actor.pk == user.pk:
        raise DomainError("cannot_lock_self", "Bạn không thể tự khóa tài khoản của mình.")
    outside = RoleAssignment.objects.filter(user=user).exclude(
        agency__in=Agency.objects.subtree_of([agency.pk])
    )
    if outside.exists() and not actor.is_superuser:
        raise DomainError(
            "staff_outside_scope",
            "Cán bộ này còn giữ vai trò ở cơ quan khác; chỉ quản trị hệ thống được khóa.",
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    _event("staff_activated" if active else "staff_locked", actor=actor, agency=agency,
           user_id=user.pk)
    return user


@transaction.atomic
def reset_staff_password(*, actor: User, user: User, agency: Agency, password: str) -> None:
    require(actor, Perm.MANAGE_STAFF, agency)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("password_weak", " ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    _event("staff_password_reset", actor=actor, agency=agency, user_id=user.pk)


__all__ = [
    "AgencyKind",
    "create_agency",
    "create_staff",
    "reset_staff_password",
    "set_staff_active",
    "set_staff_roles",
    "update_agency",
]
