"""Role grants (issue #16 §1): nobody grants a role to herself; a deciding role granted by
an agency admin waits for a second admin of the same scope; every step is an OrgEvent and
the person is told."""

import pytest
from django.urls import reverse

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.org import services, signals
from motcua.org.models import (
    GrantStatus,
    Notice,
    OrgEvent,
    Role,
    RoleAssignment,
    RoleGrant,
    User,
)
from motcua.org.permissions import APPROVAL_REQUIRED_ROLES, DECIDING_ROLES, Perm, can

pytestmark = pytest.mark.django_db


def _roles(user, agency):
    return sorted(
        RoleAssignment.objects.filter(user=user, agency=agency).values_list("role", flat=True)
    )


def _ask(ward_admin, specialist, org, role=Role.WARD_LEADER, agency=None):
    services.set_staff_roles(
        actor=ward_admin,
        user=specialist,
        agency=agency or org.unit_a,
        roles=[Role.SPECIALIST, role],
    )
    return RoleGrant.objects.get(user=specialist, role=role, status=GrantStatus.PENDING)


def test_the_deciding_roles_are_those_that_act_on_a_dossier():
    assert {
        Role.COUNTER_OFFICER,
        Role.SPECIALIST,
        Role.UNIT_HEAD,
        Role.WARD_LEADER,
    } == DECIDING_ROLES
    assert DECIDING_ROLES | {Role.AGENCY_ADMIN} == APPROVAL_REQUIRED_ROLES
    assert Role.REFORM_MONITOR not in APPROVAL_REQUIRED_ROLES


def test_a_deciding_grant_waits_then_a_second_admin_approves(
    org, ward_admin, second_admin, specialist
):
    told = []
    signals.role_granted.connect(lambda sender, **kw: told.append(kw), weak=False, dispatch_uid="t")
    try:
        grant = _ask(ward_admin, specialist, org)
        assert not can(specialist, Perm.APPROVE_DOSSIER, org.unit_a)
        assert OrgEvent.objects.filter(kind="role_grant_requested", subject=specialist).exists()
        services.approve_role_grant(actor=second_admin, grant=grant)
    finally:
        signals.role_granted.disconnect(dispatch_uid="t")
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (GrantStatus.APPROVED, second_admin)
    assert _roles(specialist, org.unit_a) == sorted([Role.SPECIALIST, Role.WARD_LEADER])
    assert can(User.objects.get(pk=specialist.pk), Perm.APPROVE_DOSSIER, org.unit_a)
    kinds = list(OrgEvent.objects.filter(subject=specialist).values_list("kind", flat=True))
    assert {"role_grant_requested", "role_grant_approved", "role_granted"} <= set(kinds)
    texts = list(Notice.objects.filter(user=specialist).values_list("text", flat=True))
    assert any("Lãnh đạo UBND" in text and "chờ" in text for text in texts)
    assert any(text.startswith("Bạn được giao vai trò Lãnh đạo UBND") for text in texts)
    assert [kw["assignment"].role for kw in told] == [Role.WARD_LEADER]


def test_the_requester_cannot_approve_her_own_request(org, ward_admin, specialist):
    grant = _ask(ward_admin, specialist, org)
    with pytest.raises(DomainError) as caught:
        services.approve_role_grant(actor=ward_admin, grant=grant)
    assert caught.value.code == "grant_needs_second_admin"
    assert _roles(specialist, org.unit_a) == [Role.SPECIALIST]


def test_the_grantee_cannot_approve_a_grant_to_herself(org, ward_admin, second_admin, make_staff):
    third = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.ba")
    services.set_staff_roles(
        actor=ward_admin, user=third, agency=org.ward, roles=[Role.AGENCY_ADMIN, Role.WARD_LEADER]
    )
    grant = RoleGrant.objects.get(user=third)
    with pytest.raises(DomainError) as caught:
        services.approve_role_grant(actor=third, grant=grant)
    assert caught.value.code == "role_self_grant"


def test_an_admin_of_another_ward_cannot_decide(org, ward_admin, other_admin, specialist):
    grant = _ask(ward_admin, specialist, org)
    with pytest.raises(PermissionDeniedError):
        services.approve_role_grant(actor=other_admin, grant=grant)
    with pytest.raises(PermissionDeniedError):
        services.reject_role_grant(actor=other_admin, grant=grant)
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.PENDING


def test_a_province_admin_or_superuser_may_be_the_second_admin(
    org, ward_admin, specialist, make_staff, superuser
):
    province_admin = make_staff(org.province, Role.AGENCY_ADMIN, username="quantri.tinh")
    grant = _ask(ward_admin, specialist, org)
    services.approve_role_grant(actor=province_admin, grant=grant)
    assert Role.WARD_LEADER in _roles(specialist, org.unit_a)
    # A superuser (the deployment's operator) grants directly.
    services.set_staff_roles(
        actor=superuser, user=specialist, agency=org.unit_b, roles=[Role.UNIT_HEAD]
    )
    assert _roles(specialist, org.unit_b) == [Role.UNIT_HEAD]


def test_reject_tells_the_person_with_the_reason(org, ward_admin, second_admin, specialist):
    grant = _ask(ward_admin, specialist, org)
    services.reject_role_grant(
        actor=second_admin, grant=grant, reason="Chưa có quyết định bổ nhiệm"
    )
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.REJECTED
    assert _roles(specialist, org.unit_a) == [Role.SPECIALIST]
    assert Notice.objects.filter(
        user=specialist, kind="role_grant_rejected", text__contains="Chưa có quyết định bổ nhiệm"
    ).exists()
    with pytest.raises(DomainError) as caught:
        services.approve_role_grant(actor=second_admin, grant=grant)
    assert caught.value.code == "grant_not_pending"


def test_a_revocation_is_an_event_and_told(org, ward_admin, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.unit_a, role=Role.REFORM_MONITOR)
    services.set_staff_roles(
        actor=ward_admin, user=specialist, agency=org.unit_a, roles=[Role.SPECIALIST]
    )
    assert OrgEvent.objects.filter(
        kind="role_revoked", subject=specialist, data__role=Role.REFORM_MONITOR
    ).exists()
    assert Notice.objects.filter(user=specialist, kind="role_revoked").exists()


def test_a_non_deciding_role_takes_effect_at_once_and_is_told(org, ward_admin, specialist):
    services.set_staff_roles(
        actor=ward_admin,
        user=specialist,
        agency=org.unit_a,
        roles=[Role.SPECIALIST, Role.REFORM_MONITOR],
    )
    assert Role.REFORM_MONITOR in _roles(specialist, org.unit_a)
    assert Notice.objects.filter(user=specialist, kind="role_granted").exists()
    assert not RoleGrant.objects.exists()


# --- Pages ------------------------------------------------------------------------------


def test_the_approval_page_lists_and_approves(client, org, ward_admin, second_admin, specialist):
    grant = _ask(ward_admin, specialist, org)
    client.force_login(ward_admin)
    html = client.get(reverse("org-grant-list")).content.decode()
    assert specialist.display_name in html and "Chờ một quản trị khác phê duyệt" in html
    refused = client.post(reverse("org-grant-decide", args=[grant.pk]), {"decision": "approve"})
    assert refused.status_code == 302
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.PENDING
    client.force_login(second_admin)
    html = client.get(reverse("org-grant-list")).content.decode()
    assert 'value="approve"' in html
    response = client.post(reverse("org-grant-decide", args=[grant.pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.APPROVED


def test_the_approval_pages_refuse_outsiders(client, org, ward_admin, other_admin, specialist):
    grant = _ask(ward_admin, specialist, org)
    client.force_login(other_admin)
    assert specialist.display_name not in client.get(reverse("org-grant-list")).content.decode()
    response = client.post(reverse("org-grant-decide", args=[grant.pk]), {"decision": "approve"})
    assert response.status_code == 404
    client.force_login(specialist)
    assert client.get(reverse("org-grant-list")).status_code == 403
    client.logout()
    assert client.get(reverse("org-grant-list")).url.startswith(reverse("login"))
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.PENDING


def test_the_person_sees_her_notices_and_marks_them_read(client, org, ward_admin, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.unit_a, role=Role.REFORM_MONITOR)
    services.set_staff_roles(
        actor=ward_admin, user=specialist, agency=org.unit_a, roles=[Role.SPECIALIST]
    )
    client.force_login(specialist)
    html = client.get(reverse("staff-home")).content.decode()
    assert "Thông báo" in html and "đã được thu hồi" in html
    client.post(reverse("notices-read"))
    assert "đã được thu hồi" not in client.get(reverse("staff-home")).content.decode()
    client.logout()
    assert client.post(reverse("notices-read")).url.startswith(reverse("login"))


def test_a_person_whose_roles_wait_is_listed_as_waiting(client, org, ward_admin):
    person = services.create_staff(
        actor=ward_admin,
        agency=org.unit_a,
        username="cho.duyet",
        full_name="Người Chờ Duyệt",
        password="Mat-Khau#Moi2026",
        roles=[Role.SPECIALIST],
    )
    client.force_login(ward_admin)
    html = client.get(reverse("org-staff-list")).content.decode()
    assert "Người Chờ Duyệt" in html and "Vai trò chờ phê duyệt" in html
    html = client.get(reverse("org-staff-detail", args=[person.pk])).content.decode()
    assert "Chờ phê duyệt" in html and "Chuyên viên tại Phòng Văn hóa - Xã hội" in html


def test_a_new_officer_waiting_for_approval_sees_why(client, org, ward_admin, approve_pending):
    person = services.create_staff(
        actor=ward_admin,
        agency=org.center,
        username="moi.vao",
        full_name="Cán Bộ Mới",
        password="Mat-Khau#Moi2026",
        roles=[Role.COUNTER_OFFICER],
    )
    person.must_change_password = False
    person.save(update_fields=["must_change_password"])
    client.force_login(person)
    response = client.get(reverse("staff-home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "đang chờ phê duyệt" in html and "Cán bộ một cửa tại" in html
    assert client.get(reverse("dossiers-staff-inbox")).status_code == 403
    approve_pending()
    assert "Vai trò của bạn" in client.get(reverse("staff-home")).content.decode()
