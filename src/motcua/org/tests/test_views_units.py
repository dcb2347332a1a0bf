"""The agency admin's unit pages: the ward's tree, adding a unit, editing one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.org.models import Agency, AgencyKind, OrgEvent

from .helpers import field_error, messages_of


@pytest.fixture
def admin_client(client, ward_admin):
    client.force_login(ward_admin)
    return client


def test_unit_list_shows_the_wards_units_with_codes(admin_client, org):
    Agency.objects.filter(pk=org.unit_b.pk).update(code_is_illustrative=True)
    html = admin_client.get(reverse("org-unit-list")).content.decode()
    assert "Phường Một" in html
    for unit in (org.unit_a, org.unit_b, org.center):
        assert unit.code in html
        assert reverse("org-unit-edit", args=[unit.pk]) in html
    assert html.count("mã minh họa</span>") == 1
    assert "T01.02.01" not in html and "Phường Hai" not in html


def test_unit_list_marks_inactive_units(admin_client, org):
    Agency.objects.filter(pk=org.unit_b.pk).update(is_active=False)
    html = admin_client.get(reverse("org-unit-list")).content.decode()
    assert "Ngừng hoạt động" in html


def _new_unit(parent, **overrides):
    data = {
        "parent": parent.pk,
        "code": "T01.01.04",
        "name": "Trung tâm Dịch vụ sự nghiệp công phường Một",
        "short_name": "TT Dịch vụ sự nghiệp công",
        "address": "1 Đường Một",
        "phone": "0225 3 111 222",
        "email": "ttdv@example.vn",
    }
    data.update(overrides)
    return data


def test_add_a_unit_under_the_ward(admin_client, org, ward_admin):
    response = admin_client.post(reverse("org-unit-create"), _new_unit(org.ward))
    assert response.status_code == 302
    assert response.url == reverse("org-unit-list")
    unit = Agency.objects.get(code="T01.01.04")
    assert (unit.kind, unit.parent, unit.ward, unit.province) == (
        AgencyKind.UNIT,
        org.ward,
        org.ward,
        org.province,
    )
    assert not unit.code_is_illustrative
    assert OrgEvent.objects.filter(kind="agency_created", actor=ward_admin, agency=unit).exists()
    assert messages_of(response) == [f"Đã thêm đơn vị {unit.name} (T01.01.04)."]


def test_add_form_preselects_the_only_ward(admin_client, org):
    html = admin_client.get(reverse("org-unit-create")).content.decode()
    assert f'<option value="{org.ward.pk}" selected>' in html
    assert "Phường Hai" not in html


def test_add_a_unit_with_a_taken_code(admin_client, org):
    response = admin_client.post(reverse("org-unit-create"), _new_unit(org.ward, code="T01.01.01"))
    assert response.status_code == 200
    assert field_error(response, "id_code") == "Mã định danh này đã được dùng."


def test_add_a_unit_with_an_illustrative_code(admin_client, org):
    admin_client.post(reverse("org-unit-create"), _new_unit(org.ward, code_is_illustrative="on"))
    assert Agency.objects.get(code="T01.01.04").code_is_illustrative


def test_add_a_unit_needs_a_name_and_code(admin_client, org):
    response = admin_client.post(reverse("org-unit-create"), _new_unit(org.ward, code="", name=""))
    assert field_error(response, "id_code") == "Trường này là bắt buộc."
    assert field_error(response, "id_name") == "Trường này là bắt buộc."


def test_add_a_unit_in_another_ward_is_refused(admin_client, org):
    response = admin_client.post(reverse("org-unit-create"), _new_unit(org.other_ward))
    assert response.status_code == 200
    assert field_error(response, "id_parent")
    assert not Agency.objects.filter(code="T01.01.04").exists()


def test_add_a_unit_under_a_unit_is_refused(admin_client, org):
    response = admin_client.post(reverse("org-unit-create"), _new_unit(org.unit_a))
    assert field_error(response, "id_parent")
    assert not Agency.objects.filter(code="T01.01.04").exists()


def test_edit_a_unit(admin_client, org, ward_admin):
    url = reverse("org-unit-edit", args=[org.unit_b.pk])
    form = admin_client.get(url).content.decode()
    assert 'value="Phòng Kinh tế"' in form
    assert "T01.01.02" in form
    response = admin_client.post(
        url,
        {
            "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
            "short_name": "",
            "address": "",
            "phone": "0225 3 999 888",
            "email": "",
        },
    )
    assert response.status_code == 302
    org.unit_b.refresh_from_db()
    assert org.unit_b.name == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert org.unit_b.phone == "02253999888"  # core.phone: the national number
    assert not org.unit_b.is_active  # the unticked box means "not active"
    event = OrgEvent.objects.get(kind="agency_updated")
    assert event.actor == ward_admin


def test_edit_a_unit_shows_errors_next_to_fields(admin_client, org):
    url = reverse("org-unit-edit", args=[org.unit_b.pk])
    response = admin_client.post(url, {"name": "", "email": "sai", "is_active": "on"})
    assert field_error(response, "id_name") == "Trường này là bắt buộc."
    assert field_error(response, "id_email") == "Nhập địa chỉ email."
    org.unit_b.refresh_from_db()
    assert org.unit_b.name == "Phòng Kinh tế"


def test_admin_of_another_ward_gets_404_on_the_unit(client, org, other_admin):
    client.force_login(other_admin)
    url = reverse("org-unit-edit", args=[org.unit_a.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"name": "Chiếm quyền", "is_active": "on"})
    assert response.status_code == 404
    org.unit_a.refresh_from_db()
    assert org.unit_a.name == "Phòng Văn hóa - Xã hội"


def test_the_ward_itself_is_not_editable_as_a_unit(admin_client, org):
    assert admin_client.get(reverse("org-unit-edit", args=[org.ward.pk])).status_code == 404
