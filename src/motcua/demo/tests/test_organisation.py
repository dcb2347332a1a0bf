"""The demo organisation: one account per role, loadable twice without change."""

from __future__ import annotations

from django.urls import reverse

from motcua.demo import organisation
from motcua.org.models import Agency, OrgEvent, Role, RoleAssignment, User
from motcua.org.permissions import Perm, agencies_where


def _counts():
    return tuple(model.objects.count() for model in (Agency, User, RoleAssignment, OrgEvent))


def test_demo_has_an_account_for_every_role(db):
    organisation.load()
    held = set(
        RoleAssignment.objects.filter(
            user__username__in=[row[0] for row in organisation.DEMO_STAFF]
        ).values_list("role", flat=True)
    )
    assert held == set(Role.values)
    for username, *_ in organisation.DEMO_STAFF:
        assert User.objects.get(username=username).check_password(organisation.DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser


def test_demo_tree_has_two_wards_with_illustrative_codes(db):
    organisation.load()
    wards = Agency.objects.wards()
    assert wards.count() == 2
    assert all(agency.code_is_illustrative for agency in Agency.objects.all())
    hoa_binh = Agency.objects.get(code="H26.80")
    assert Agency.objects.units().filter(ward=hoa_binh).count() == 5


def test_demo_load_is_idempotent(db):
    organisation.load()
    before = _counts()
    organisation.load()
    assert _counts() == before


def test_demo_ward_admins_are_scoped_to_their_ward(db):
    organisation.load()
    hoa_binh_admin = User.objects.get(username="quantri.hoabinh")
    codes = set(agencies_where(hoa_binh_admin, Perm.MANAGE_STAFF).values_list("code", flat=True))
    assert "H26.80.04" in codes
    assert not any(code.startswith("H26.81") for code in codes)


def test_demo_logins_describe_every_account(db):
    organisation.load()
    rows = dict(organisation.logins())
    assert set(rows) == {"admin", *(row[0] for row in organisation.DEMO_STAFF)}
    assert rows["motcua.hoabinh"].startswith("Cán bộ một cửa")


def test_demo_ward_admin_reaches_the_staff_page(client, db):
    organisation.load()
    credentials = {"username": "quantri.hoabinh", "password": organisation.DEMO_PASSWORD}
    assert client.post(reverse("login"), credentials).status_code == 302
    html = client.get(reverse("org-staff-list")).content.decode()
    assert "Phạm Minh Đức" in html
    assert "Ngô Văn Tùng" not in html
