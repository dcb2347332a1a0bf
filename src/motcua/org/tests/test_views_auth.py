"""Sign-in, the staff home page and the Vietnamese error pages."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from motcua.org.models import Role, User

PASSWORD = "Kiem-Thu#2026"


def test_login_page_is_in_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập cán bộ" in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'lang="vi"' in html
    assert settings.MOTCUA_SITE_NAME in html
    assert "testserver" not in html  # not the request's host in place of the site name


def test_bad_login_shows_the_vietnamese_error(client, org, specialist):
    response = client.post(
        reverse("login"), {"username": specialist.username, "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_locked_account_cannot_sign_in(client, org, specialist):
    specialist.is_active = False
    specialist.save()
    response = client.post(
        reverse("login"), {"username": specialist.username, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "không đúng" in response.content.decode()


def test_good_login_goes_to_the_staff_home(client, org, specialist):
    response = client.post(
        reverse("login"), {"username": specialist.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("staff-home")


def test_staff_home_lists_my_roles_and_menu(client, org, ward_admin):
    client.force_login(ward_admin)
    html = client.get(reverse("staff-home")).content.decode()
    assert f"Xin chào, {ward_admin.full_name}" in html
    assert "Phường Một" in html and "Quản trị cơ quan" in html
    assert reverse("org-staff-list") in html  # the menu entry for MANAGE_STAFF


def test_staff_home_of_a_counter_officer_has_no_org_menu(client, org, counter_officer):
    client.force_login(counter_officer)
    html = client.get(reverse("staff-home")).content.decode()
    assert "Cán bộ một cửa" in html
    assert reverse("org-staff-list") not in html


def test_staff_home_asks_anonymous_to_sign_in(client, db):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_person_without_role_gets_the_vietnamese_403(client, db):
    nobody = User.objects.create_user("khongvaitro", password=PASSWORD)
    client.force_login(nobody)
    response = client.get(reverse("staff-home"))
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in response.content.decode()
    assert response.templates[0].name == "403.html"


def test_unknown_address_gets_the_vietnamese_404(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert response.templates[0].name == "404.html"


def test_logout_is_a_post(client, org, make_staff):
    person = make_staff(org.ward, Role.WARD_LEADER)
    client.force_login(person)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
