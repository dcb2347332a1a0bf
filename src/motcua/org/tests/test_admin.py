"""The Django admin shows the organisation and changes none of it (writes go through
org.services, with their scope checks and events)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from motcua.org import services
from motcua.org.models import (
    AccountEvent,
    Agency,
    Notice,
    OrgEvent,
    Role,
    RoleAssignment,
    RoleGrant,
    User,
)

pytestmark = pytest.mark.django_db

MODELS = (User, Agency, OrgEvent, AccountEvent, RoleGrant, Notice)


@pytest.fixture
def operator(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def rows(org, make_staff):
    """One row of each model: a staff member (with a role and its OrgEvent) at a unit, and
    a role waiting for approval with the notice that told her."""
    person = make_staff(org.unit_a, Role.SPECIALIST, username="chuyenvien.admin")
    account_event = AccountEvent.objects.create(
        kind="two_factor_enrolled", user=person, actor=person
    )
    admin_user = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.admin")
    services.set_staff_roles(
        actor=admin_user, user=person, agency=org.unit_a, roles=[Role.SPECIALIST, Role.UNIT_HEAD]
    )
    return {
        User: person,
        Agency: org.unit_a,
        OrgEvent: OrgEvent.objects.first(),
        AccountEvent: account_event,
        RoleGrant: RoleGrant.objects.get(user=person),
        Notice: Notice.objects.filter(user=person).first(),
    }


def url(model, view: str, *args) -> str:
    return reverse(f"admin:org_{model._meta.model_name}_{view}", args=args)


def test_every_org_model_in_the_admin_is_read_only(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    registered = [m for m in admin.site._registry if m._meta.app_label == "org"]
    assert set(registered) == set(MODELS)
    for model in registered:
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None)
            assert not inline.has_change_permission(request)
            assert not inline.has_delete_permission(request)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_lists_and_shows_but_refuses_add_change_and_delete(operator, rows, model):
    row = rows[model]
    assert operator.get(url(model, "changelist")).status_code == 200
    assert operator.get(url(model, "change", row.pk)).status_code == 200
    assert operator.get(url(model, "add")).status_code == 403
    assert operator.post(url(model, "add"), {}).status_code == 403
    assert operator.get(url(model, "delete", row.pk)).status_code == 403
    assert operator.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_a_posted_change_is_not_saved(operator, rows):
    agency = rows[Agency]
    response = operator.post(url(Agency, "change", agency.pk), {"name": "Đổi tên qua admin"})
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name != "Đổi tên qua admin"


def test_roles_and_passwords_are_not_changed_here(operator, rows):
    person = rows[User]
    password = operator.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),  # Django's name
        {"password1": "Mat-Khau-Moi#2026", "password2": "Mat-Khau-Moi#2026"},
    )
    assert password.status_code == 403
    person.refresh_from_db()
    assert person.check_password("Kiem-Thu#2026")
    page = operator.get(url(User, "change", person.pk)).content.decode()
    assert "Thêm phân công vai trò" not in page and 'name="role_assignments-0-DELETE"' not in page
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_bulk_delete_is_not_offered(operator, rows):
    response = operator.post(
        url(Agency, "changelist"),
        {"action": "delete_selected", "_selected_action": [rows[Agency].pk]},
    )
    assert Agency.objects.filter(pk=rows[Agency].pk).exists()
    assert "delete_selected" not in response.content.decode()
