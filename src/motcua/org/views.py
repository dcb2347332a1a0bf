from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .forms import LoginForm
from .models import Role
from .permissions import Perm, has_perm_anywhere


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def staff_home(request):
    """Tổng quan: who I am, where I work and what I can do here."""
    if not has_perm_anywhere(request.user, Perm.VIEW_DASHBOARD):
        raise PermissionDenied
    assignments = (
        request.user.role_assignments.select_related("agency", "agency__parent")
        .order_by("agency__code", "role")
    )
    labels = dict(Role.choices)
    roles_by_agency: dict = {}
    for assignment in assignments:
        roles_by_agency.setdefault(assignment.agency, []).append(labels[assignment.role])
    return render(request, "org/staff_home.html", {"roles_by_agency": roles_by_agency})
