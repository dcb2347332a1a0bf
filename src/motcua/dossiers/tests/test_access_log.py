"""Personal-data access log (issue #16 §5): every view of a dossier's personal data is one
row; agency admins read it for their scope; the portal asks which offices viewed a dossier."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.access_log import offices_that_viewed
from motcua.dossiers.models import AccessPurpose, PersonalDataAccess
from motcua.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(org, make_staff):
    return (
        make_staff(org.ward, Role.AGENCY_ADMIN, username="qt1"),
        make_staff(org.other_ward, Role.AGENCY_ADMIN, username="qt2"),
    )


def test_the_dossier_page_records_one_row_with_the_office(client, receive, staff, org):
    dossier = receive()
    client.force_login(staff.head_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dossiers-staff-detail", args=[dossier.code])).status_code == 200
    inserts = [q for q in queries if "dossiers_personaldataaccess" in q["sql"]]
    assert len(inserts) == 1 and inserts[0]["sql"].startswith("INSERT")
    [row] = PersonalDataAccess.objects.all()
    assert (row.dossier, row.user, row.office, row.purpose) == (
        dossier,
        staff.head_a,
        org.unit_a,
        AccessPurpose.PAGE,
    )


def test_a_refused_view_records_nothing(client, receive, staff):
    dossier = receive()
    client.force_login(staff.other_counter)
    assert client.get(reverse("dossiers-staff-detail", args=[dossier.code])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_printed_forms_and_the_register_are_recorded(client, receive, staff, org):
    dossier = receive()
    client.force_login(staff.counter)
    assert client.get(reverse("dossier-form", args=[dossier.code, "01"])).status_code == 200
    response = client.get(reverse("dossier-register"), {"tu": "2026-02-01", "den": "2026-02-28"})
    assert response.status_code == 200
    rows = list(PersonalDataAccess.objects.order_by("id").values_list("purpose", "detail"))
    assert rows == [(AccessPurpose.FORM, "Mẫu 01"), (AccessPurpose.REGISTER, "Mẫu 07 (html)")]
    assert set(PersonalDataAccess.objects.values_list("office", flat=True)) == {org.center.pk}


def test_the_admin_page_shows_her_scope_only(client, receive, staff, admins):
    dossier = receive()
    client.force_login(staff.leader)
    client.get(reverse("dossiers-staff-detail", args=[dossier.code]))
    ward_admin, other_admin = admins
    client.force_login(ward_admin)
    html = client.get(reverse("dossier-access-log"), {"ma": dossier.code}).content.decode()
    assert dossier.code in html and staff.leader.username in html
    html = client.get(reverse("dossier-access-log"), {"can-bo": "nobody"}).content.decode()
    assert "Chưa có lượt truy cập" in html
    client.force_login(other_admin)
    html = client.get(reverse("dossier-access-log")).content.decode()
    assert dossier.code not in html and "Chưa có lượt truy cập" in html


def test_the_admin_page_refuses_others(client, staff):
    client.force_login(staff.leader)
    assert client.get(reverse("dossier-access-log")).status_code == 403
    client.logout()
    assert client.get(reverse("dossier-access-log")).url.startswith(reverse("login"))


def test_offices_that_viewed_names_offices_not_people(client, receive, staff, org):
    dossier = receive()
    for person in (staff.counter, staff.head_a, staff.head_a):
        client.force_login(person)
        client.get(reverse("dossiers-staff-detail", args=[dossier.code]))
    offices = offices_that_viewed(dossier)
    assert sorted((o["office"], o["views"]) for o in offices) == sorted(
        [(org.center.name, 1), (org.unit_a.name, 2)]
    )
    assert all(set(o) == {"office", "views", "last_at"} for o in offices)
