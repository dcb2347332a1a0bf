"""Password rules, one's own password change, and the admin's password replaced at first
sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.org import services
from motcua.org.models import Role

PASSWORD = "Kiem-Thu#2026"
MINE = "Cua-Rieng-Toi#2026"


def change(client, old=PASSWORD, new=MINE, confirm=None, url=None):
    return client.post(
        url or reverse("password-change"),
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


@pytest.mark.parametrize(
    "password, words",
    [
        ("Ab#12345678", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("password1234", "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("123456789012345", "Mật khẩu không được chỉ gồm chữ số."),
        ("chuyenvien.mot1", "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử."),
    ],
)
def test_each_rule_speaks_vietnamese(specialist, password, words):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, specialist)
    assert words in caught.value.messages


def test_twelve_characters_are_enough(specialist):
    validate_password("Tra-Cuu#2026", specialist)


# --- One's own password ----------------------------------------------------------------


def test_the_change_page_needs_a_sign_in(client, db):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_page_header_links_to_the_change_page(client, specialist):
    client.force_login(specialist)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password-change")}"' in html


def test_an_officer_changes_her_own_password_and_stays_signed_in(client, specialist):
    client.force_login(specialist)
    page = client.get(reverse("password-change")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Ít nhất 12 ký tự" in page
    response = change(client)
    assert response.status_code == 302
    assert response.url == reverse("staff-home")
    specialist.refresh_from_db()
    assert specialist.check_password(MINE)
    assert client.get(reverse("staff-home")).status_code == 200


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"old": "sai-mat-khau"}, "id_old_password", "Mật khẩu cũ không chính xác"),
        ({"new": "Ab#1234"}, "id_new_password2", "cần ít nhất 12 ký tự"),
        ({"confirm": "Khac-Han#2026"}, "id_new_password2", "không giống nhau"),
        ({"new": PASSWORD}, "id_new_password2", "phải khác mật khẩu hiện tại"),
    ],
)
def test_a_refused_change_says_why_in_vietnamese(client, specialist, fields, field, words):
    client.force_login(specialist)
    html = change(client, **fields).content.decode()
    assert f'id="{field}-error"' in html and words in html
    specialist.refresh_from_db()
    assert specialist.check_password(PASSWORD)


# --- A password an admin chose ----------------------------------------------------------


def test_a_password_chosen_by_an_admin_must_be_changed(org, ward_admin, specialist):
    created = services.create_staff(
        actor=ward_admin,
        agency=org.unit_a,
        username="moi.vao",
        full_name="Người Mới",
        password=PASSWORD,
        roles=[Role.SPECIALIST],
    )
    assert created.must_change_password
    services.reset_staff_password(
        actor=ward_admin, user=specialist, agency=org.ward, password="Dat-Lai#2026"
    )
    specialist.refresh_from_db()
    assert specialist.must_change_password


def test_a_password_set_by_the_system_or_by_oneself_need_not_be_changed(org, ward_admin):
    # make_staff creates with actor=None (the system: demo loader, fixtures).
    assert not ward_admin.must_change_password
    services.reset_staff_password(
        actor=ward_admin, user=ward_admin, agency=org.ward, password="Dat-Lai#2026"
    )
    ward_admin.refresh_from_db()
    assert not ward_admin.must_change_password


@pytest.fixture
def newcomer(specialist):
    specialist.must_change_password = True
    specialist.save()
    return specialist


@pytest.mark.parametrize("url", ["/can-bo/", "/can-bo/ho-so/", "/", "/thu-tuc/"])
def test_until_then_every_page_leads_to_the_change_page(client, newcomer, url):
    client.force_login(newcomer)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('password-change')}?next={url.replace('/', '%2F')}"


def test_the_django_admin_leads_there_too(client, superuser):
    superuser.must_change_password = True
    superuser.save()
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.url.startswith(reverse("password-change"))


def test_sign_out_stays_open(client, newcomer):
    client.force_login(newcomer)
    assert client.post(reverse("logout")).url == reverse("home")


def test_after_the_change_the_person_goes_on_where_she_was_going(client, newcomer):
    client.force_login(newcomer)
    page = client.get(f"{reverse('password-change')}?next=/can-bo/ho-so/").content.decode()
    assert "Mật khẩu của bạn do quản trị đặt" in page
    response = change(client, url=f"{reverse('password-change')}?next=/can-bo/ho-so/")
    assert response.url == "/can-bo/ho-so/"
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert client.get(reverse("staff-home")).status_code == 200


def test_a_next_to_another_site_is_ignored(client, newcomer):
    client.force_login(newcomer)
    response = change(client, url=f"{reverse('password-change')}?next=https://evil.example/")
    assert response.url == reverse("staff-home")


def test_the_whole_way_from_the_admin_page_to_work(client, org, ward_admin, approve_pending):
    client.force_login(ward_admin)
    client.post(
        reverse("org-staff-create"),
        {
            "username": "tran.thi.c",
            "full_name": "Trần Thị C",
            "agency": org.unit_a.pk,
            "roles": [Role.SPECIALIST],
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    client.logout()
    approve_pending()  # a deciding role waits for a second admin
    signed_in = client.post(reverse("login"), {"username": "tran.thi.c", "password": PASSWORD})
    assert client.get(signed_in.url).url.startswith(reverse("password-change"))
    change(client)
    assert client.get(reverse("staff-home")).status_code == 200
