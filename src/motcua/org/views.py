"""Sign-in, the staff home page and the agency admin's pages for staff and units.

Views parse, call a service or a selector, and render. A person or unit
outside the admin's scope is answered with 404 (its existence is not
revealed); a user without the permission anywhere gets the 403 page.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, PermissionDeniedError, add_to_form

from . import selectors, services
from .forms import (
    LoginForm,
    OwnPasswordChangeForm,
    PasswordResetForm,
    RoleGrantDecisionForm,
    StaffAddRoleForm,
    StaffCreateForm,
    StaffFilterForm,
    StaffRolesForm,
    UnitCreateForm,
    UnitEditForm,
)
from .models import AgencyKind, GrantStatus, Role, RoleGrant
from .permissions import Perm, has_perm_anywhere

STAFF_PER_PAGE = 50


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # A signed-in staff member goes on to the staff area; a citizen signed in on the
        # portal sees this form (the staff area would refuse her).
        self.redirect_authenticated_user = getattr(request.user, "is_staff_account", True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django adds the request's host as "site_name"; the deployment's own name
        # (from the context processor) is the one to show.
        context.pop("site_name", None)
        return context


class PasswordChangeView(auth_views.RedirectURLMixin, auth_views.PasswordChangeView):
    """Đổi mật khẩu: every signed-in user, and the one an admin's password must pass by.

    Afterwards, back to the page that ``?next=`` names (same host only), else the staff home.
    """

    template_name = "registration/password_change.html"
    form_class = OwnPasswordChangeForm
    next_page = reverse_lazy("staff-home")

    def form_valid(self, form):
        response = super().form_valid(form)  # saves, and keeps this session signed in
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


@login_required
def staff_home(request):
    """Tổng quan: the to-do panels of the apps above (settings.MOTCUA_STAFF_HOME_PANELS),
    then who I am, where I work and what I can do here."""
    if not has_perm_anywhere(request.user, Perm.VIEW_DASHBOARD):
        waiting = RoleGrant.objects.filter(user=request.user, status=GrantStatus.PENDING)
        if not waiting.exists():
            raise PermissionDenied
        # A new officer whose roles wait for a second admin: her own notices, nothing else.
        return render(
            request,
            "org/staff_waiting.html",
            {"notices": selectors.unread_notices(request.user), "waiting": waiting},
        )
    assignments = request.user.role_assignments.select_related("agency", "agency__parent").order_by(
        "agency__code", "role"
    )
    labels = dict(Role.choices)
    roles_by_agency: dict = {}
    for assignment in assignments:
        roles_by_agency.setdefault(assignment.agency, []).append(labels[assignment.role])
    panels = [
        panel
        for path in settings.MOTCUA_STAFF_HOME_PANELS
        if (panel := import_string(path)(request)) is not None
    ]
    return render(
        request,
        "org/staff_home.html",
        {
            "roles_by_agency": roles_by_agency,
            "panels": panels,
            "notices": selectors.unread_notices(request.user),
        },
    )


@require_POST
@login_required
def notices_read(request):
    """Đánh dấu đã đọc các thông báo của chính mình."""
    services.mark_notices_read(user=request.user)
    return redirect("staff-home")


def requires_perm(perm: str):
    """Signed in and holding ``perm`` somewhere, else the login page or 403.

    A PermissionDeniedError from a service (the scope changed under the page)
    also becomes the 403 page rather than a 500.
    """

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not has_perm_anywhere(request.user, perm):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from exc

        return wrapper

    return decorate


def show_on_form(form, error: DomainError) -> None:
    """A refused business rule goes next to its field; a refused permission is a 403."""
    if isinstance(error, PermissionDeniedError):
        raise error
    add_to_form(form, error)


# --- Staff (cán bộ) -------------------------------------------------------------


@requires_perm(Perm.MANAGE_STAFF)
def staff_list(request):
    """Danh sách cán bộ của các cơ quan, đơn vị mà quản trị phụ trách."""
    choices = selectors.agency_choices(selectors.staff_agencies(request.user))
    filter_form = StaffFilterForm(request.GET, agency_choices=choices)
    filters = filter_form.filters()
    people = selectors.staff_in_scope(request.user, **filters)
    page = Paginator(people, STAFF_PER_PAGE).get_page(request.GET.get("trang"))
    for person in page.object_list:
        person.role_groups = selectors.group_roles(person.scoped_assignments)
    return render(
        request,
        "org/staff_list.html",
        {
            "filter_form": filter_form,
            "is_filtered": any(filters.values()),
            "page": page,
            "query_string": _without_page(request),
        },
    )


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


@requires_perm(Perm.MANAGE_STAFF)
def staff_create(request):
    """Thêm cán bộ: tài khoản, mật khẩu ban đầu và vai trò tại một đơn vị."""
    choices = selectors.agency_choices(selectors.staff_agencies(request.user))
    form = StaffCreateForm(request.POST or None, agency_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.create_staff(
                actor=request.user,
                agency=data["agency"],
                username=data["username"],
                full_name=data["full_name"],
                position=data["position"],
                phone=data["phone"],
                email=data["email"],
                password=data["password"],
                roles=data["roles"],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request, f"Đã thêm cán bộ {person.display_name} (tên đăng nhập {person.username})."
            )
            _say_pending(request, person)
            return redirect("org-staff-list")
    return render(request, "org/staff_form.html", {"form": form})


def _staff_member(request, pk: int):
    return get_object_or_404(selectors.staff_in_scope(request.user), pk=pk)


def _render_staff_detail(
    request, person, *, role_forms=None, add_role_form=None, password_form=None
):
    actor = request.user
    choices = selectors.agency_choices(selectors.staff_agencies(actor))
    role_forms = role_forms or {}
    groups = selectors.scoped_role_groups(actor, person)
    # A refused change at an agency where the person holds nothing yet still shows its error.
    shown = {group.agency.pk for group in groups}
    groups += [
        selectors.RoleGroup(form.agency) for pk, form in role_forms.items() if pk not in shown
    ]
    for group in groups:
        group.form = role_forms.get(group.agency.pk) or StaffRolesForm(
            prefix=f"a{group.agency.pk}", initial={"roles": group.roles}
        )
    context = {
        "person": person,
        "role_groups": groups,
        "roles_elsewhere": selectors.roles_outside_scope(actor, person),
        "add_role_form": add_role_form or StaffAddRoleForm(prefix="them", agency_choices=choices),
        "password_form": password_form or PasswordResetForm(prefix="mk"),
        "is_self": person.pk == actor.pk,
        "pending_grants": selectors.grants_in_scope(actor).filter(user=person),
    }
    return render(request, "org/staff_detail.html", context)


@requires_perm(Perm.MANAGE_STAFF)
def staff_detail(request, pk: int):
    """Trang của một cán bộ: vai trò tại từng đơn vị, khóa tài khoản, đặt lại mật khẩu."""
    return _render_staff_detail(request, _staff_member(request, pk))


@require_POST
@requires_perm(Perm.MANAGE_STAFF)
def staff_roles(request, pk: int, agency_pk: int):
    """Sửa các vai trò của cán bộ tại một đơn vị."""
    person = _staff_member(request, pk)
    agency = get_object_or_404(selectors.staff_agencies(request.user), pk=agency_pk)
    form = StaffRolesForm(request.POST, prefix=f"a{agency.pk}")
    form.agency = agency
    if form.is_valid():
        try:
            services.set_staff_roles(
                actor=request.user, user=person, agency=agency, roles=form.cleaned_data["roles"]
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"Đã cập nhật vai trò tại {agency.display_name}.")
            _say_pending(request, person)
            return _after_role_change(request, person)
    return _render_staff_detail(request, person, role_forms={agency.pk: form})


def _say_pending(request, person) -> None:
    pending = selectors.grants_in_scope(request.user).filter(user=person)
    if pending:
        labels = ", ".join(f"{g.get_role_display()} ({g.agency.display_name})" for g in pending)
        messages.info(
            request,
            f"Vai trò chờ một quản trị khác phê duyệt: {labels}. "
            "Vai trò có hiệu lực khi được phê duyệt.",
        )


def _after_role_change(request, person):
    # Removing a person's last role in scope takes them out of the admin's sight.
    if selectors.staff_in_scope(request.user).filter(pk=person.pk).exists():
        return redirect("org-staff-detail", pk=person.pk)
    return redirect("org-staff-list")


@require_POST
@requires_perm(Perm.MANAGE_STAFF)
def staff_add_role(request, pk: int):
    """Giao thêm vai trò tại một đơn vị khác trong phạm vi quản lý."""
    person = _staff_member(request, pk)
    choices = selectors.agency_choices(selectors.staff_agencies(request.user))
    form = StaffAddRoleForm(request.POST, prefix="them", agency_choices=choices)
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        held = person.role_assignments.filter(agency=agency).values_list("role", flat=True)
        try:
            services.set_staff_roles(
                actor=request.user,
                user=person,
                agency=agency,
                roles=[*held, *form.cleaned_data["roles"]],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"Đã giao vai trò tại {agency.display_name}.")
            _say_pending(request, person)
            return redirect("org-staff-detail", pk=person.pk)
    return _render_staff_detail(request, person, add_role_form=form)


@require_POST
@requires_perm(Perm.MANAGE_STAFF)
def staff_set_active(request, pk: int):
    """Khóa hoặc mở khóa tài khoản."""
    person = _staff_member(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_staff_active(
            actor=request.user,
            user=person,
            agency=selectors.management_agency(request.user, person),
            active=active,
        )
    except DomainError as error:
        if isinstance(error, PermissionDeniedError):
            raise
        messages.error(request, error.message)
    else:
        done = "Đã mở khóa" if active else "Đã khóa"
        messages.success(request, f"{done} tài khoản {person.username}.")
    return redirect("org-staff-detail", pk=person.pk)


@require_POST
@requires_perm(Perm.MANAGE_STAFF)
def staff_reset_password(request, pk: int):
    """Đặt lại mật khẩu cho cán bộ quên mật khẩu."""
    person = _staff_member(request, pk)
    form = PasswordResetForm(request.POST, prefix="mk")
    if form.is_valid():
        try:
            services.reset_staff_password(
                actor=request.user,
                user=person,
                agency=selectors.management_agency(request.user, person),
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                f"Đã đặt lại mật khẩu cho {person.username}. "
                "Hãy trao mật khẩu mới trực tiếp cho cán bộ.",
            )
            return redirect("org-staff-detail", pk=person.pk)
    return _render_staff_detail(request, person, password_form=form)


# --- Role grants waiting for a second admin ------------------------------------------


@requires_perm(Perm.MANAGE_STAFF)
def grant_list(request):
    """Phê duyệt giao vai trò: grants of deciding roles waiting for a second admin."""
    grants = list(selectors.grants_in_scope(request.user))
    for grant in grants:
        grant.may_decide = services.may_decide_grant(request.user, grant)
    return render(
        request, "org/grant_list.html", {"grants": grants, "form": RoleGrantDecisionForm()}
    )


@require_POST
@requires_perm(Perm.MANAGE_STAFF)
def grant_decide(request, pk: int):
    """Phê duyệt, từ chối hoặc rút lại một đề nghị (POST ``quyet-dinh``)."""
    grant = get_object_or_404(
        RoleGrant.objects.filter(agency__in=selectors.staff_agencies(request.user)), pk=pk
    )
    form = RoleGrantDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ.")
        return redirect("org-grant-list")
    decision = form.cleaned_data["decision"]
    try:
        if decision == "approve":
            services.approve_role_grant(actor=request.user, grant=grant)
            done = "Đã phê duyệt"
        elif decision == "reject":
            services.reject_role_grant(
                actor=request.user, grant=grant, reason=form.cleaned_data["reason"]
            )
            done = "Đã từ chối"
        else:
            services.withdraw_role_grant(actor=request.user, grant=grant)
            done = "Đã rút lại"
    except DomainError as error:
        if isinstance(error, PermissionDeniedError):
            raise
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{done} vai trò {grant.get_role_display()} cho {grant.user.display_name} "
            f"tại {grant.agency.display_name}.",
        )
    return redirect("org-grant-list")


# --- Units (phòng, trung tâm) -------------------------------------------------------


@requires_perm(Perm.MANAGE_UNITS)
def unit_list(request):
    """Cơ cấu tổ chức: các phòng, trung tâm trực thuộc xã/phường với mã định danh."""
    return render(request, "org/unit_list.html", {"branches": selectors.unit_tree(request.user)})


@requires_perm(Perm.MANAGE_UNITS)
def unit_create(request):
    """Thêm phòng/trung tâm trực thuộc xã/phường."""
    choices = selectors.agency_choices(selectors.unit_parents_in_scope(request.user))
    form = UnitCreateForm(request.POST or None, parent_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_agency(
                actor=request.user,
                kind=AgencyKind.UNIT,
                parent=data["parent"],
                code=data["code"],
                code_is_illustrative=data["code_is_illustrative"],
                name=data["name"],
                short_name=data["short_name"],
                address=data["address"],
                phone=data["phone"],
                email=data["email"],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"Đã thêm đơn vị {unit.name} ({unit.code}).")
            return redirect("org-unit-list")
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@requires_perm(Perm.MANAGE_UNITS)
def unit_edit(request, pk: int):
    """Sửa tên, thông tin liên hệ, tình trạng hoạt động của một đơn vị."""
    unit = get_object_or_404(selectors.units_in_scope(request.user), pk=pk)
    initial = {name: getattr(unit, name) for name in services.UPDATABLE_AGENCY_FIELDS}
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(actor=request.user, agency=unit, **form.cleaned_data)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"Đã lưu thông tin {form.cleaned_data['name']}.")
            return redirect("org-unit-list")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})
