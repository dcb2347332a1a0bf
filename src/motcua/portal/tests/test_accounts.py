"""Citizen and organisation accounts (django-allauth): register, verify the e-mail from
the mail, sign in; the separation from staff; lockout; password reset; phone codes."""

from __future__ import annotations

import logging
import re

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.urls import reverse

from motcua.org.models import AccountEvent, AccountKind, Role, User
from motcua.portal.models import CitizenProfile

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


def signup(client, **overrides):
    data = {
        "account_kind": "citizen",
        "full_name": "Trần Thị Bình",
        "email": "binh@example.vn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(SIGNUP, data)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_register_verify_from_the_mail_then_sign_in(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="binh@example.vn")
    assert user.kind == AccountKind.CITIZEN
    assert user.username.startswith("cd_")
    assert CitizenProfile.objects.get(user=user).full_name == "Trần Thị Bình"
    assert AccountEvent.objects.filter(user=user, kind="citizen_registered").exists()
    # Mandatory verification: not signed in yet, and signing in is refused until verified.
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["binh@example.vn"]
    assert "Xác minh" in message.subject and "liên kết" in message.body
    refused = client.post(LOGIN, {"login": "binh@example.vn", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 302 and refused.url == reverse("account_email_verification_sent")

    path = link_in(mail.outbox[-1]).split("testserver", 1)[1]
    page = client.get(path)
    assert "Xác nhận" in page.content.decode()
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="binh@example.vn").verified

    signed_in = client.post(LOGIN, {"login": "binh@example.vn", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("portal-home")
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(reverse("portal-home")).content.decode()
    assert "Trần Thị Bình" in home and "Thông tin cá nhân" in home


def test_signup_page_is_vietnamese_and_errors_sit_by_their_fields(client):
    page = client.get(SIGNUP).content.decode()
    for text in ("Đăng ký tài khoản", "Thư điện tử", "Mật khẩu", "Số điện thoại"):
        assert text in page
    response = signup(client, password1="ngan", password2="ngan", email="khong-phai-email")
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "password1" in form.errors
    assert not User.objects.filter(full_name="Trần Thị Bình").exists()


def test_an_organisation_registers_with_its_tax_code(client):
    missing = signup(client, account_kind="organisation", email="ct@example.vn")
    form = missing.context["form"]
    assert "tax_code" in form.errors and "organisation_name" in form.errors
    done = signup(
        client,
        account_kind="organisation",
        email="ct@example.vn",
        organisation_name="Công ty TNHH Bình An",
        tax_code="0101234567-001",
    )
    assert done.status_code == 302
    user = User.objects.get(email="ct@example.vn")
    assert user.kind == AccountKind.ORGANISATION
    profile = user.citizen_profile
    assert (profile.organisation_name, profile.tax_code) == (
        "Công ty TNHH Bình An",
        "0101234567-001",
    )


def test_an_email_in_use_is_not_registered_twice(client, make_citizen):
    make_citizen("binh@example.vn")
    signup(client)
    assert User.objects.filter(email__iexact="binh@example.vn").count() == 1


def test_a_phone_given_at_signup_is_confirmed_by_an_sms_code(client, caplog):
    Message = apps.get_model("outbound", "Message")  # (portal does not import outbound)

    with caplog.at_level(logging.DEBUG):
        response = signup(client, phone="0912 345 678")
    assert response.status_code == 302 and response.url == reverse("account_verify_phone")
    user = User.objects.get(email="binh@example.vn")
    assert user.citizen_profile.phone == "0912345678"
    assert not user.citizen_profile.phone_verified
    # The code goes through the outbox's SMS channel (settings.MOTCUA_SMS_SENDER), once.
    sms = Message.objects.get(purpose="portal.phone_code")
    assert (sms.channel, sms.recipient, sms.status) == ("sms", "0912345678", "pending")
    code = re.search(r"la (\d{6})\.", sms.body).group(1)
    # ...and never into the logs.
    assert not [r for r in caplog.records if code in r.getMessage()]
    wrong = client.post(reverse("account_verify_phone"), {"code": "000000"})
    assert wrong.status_code == 200
    client.post(reverse("account_verify_phone"), {"code": code})
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.phone_verified
    assert AccountEvent.objects.filter(user=user, kind="phone_verified").exists()


def test_a_staff_account_cannot_sign_in_on_the_portal(client, org, make_staff):
    officer = make_staff(org.ward, Role.COUNTER_OFFICER, username="motcua.canbo")
    officer.email = "canbo@example.vn"
    officer.save()
    response = client.post(LOGIN, {"login": "canbo@example.vn", "password": "Kiem-Thu#2026"})
    assert response.status_code == 403
    assert "tài khoản cán bộ" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_citizen_cannot_sign_in_on_the_staff_form(client, make_citizen):
    make_citizen("dan@example.vn")
    response = client.post(reverse("login"), {"username": "dan@example.vn", "password": PASSWORD})
    assert response.status_code == 200
    assert "Dịch vụ công" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_citizen_never_reaches_the_staff_area_or_the_admin(client, org, make_citizen, settings):
    citizen = make_citizen("dan@example.vn")
    # Everything granted by mistake: a role, the staff and superuser flags.
    citizen.role_assignments.create(agency=org.ward, role=Role.AGENCY_ADMIN)
    citizen.is_staff = citizen.is_superuser = True
    citizen.save()
    client.force_login(citizen)
    for path in ("/can-bo/", "/can-bo/ho-so/", "/can-bo/to-chuc/", "/can-bo/bao-mat/"):
        assert client.get(path).status_code == 403, path
    if settings.MOTCUA_ADMIN_ENABLED:
        assert client.get("/" + settings.MOTCUA_ADMIN_PATH).status_code == 403
    from motcua.org.permissions import Perm, agencies_where, permissions_of

    assert permissions_of(citizen) == set()
    assert not agencies_where(citizen, Perm.VIEW_ALL_DOSSIERS).exists()


def test_the_portal_lockout_is_django_axes(client, make_citizen, settings):
    make_citizen("dan@example.vn")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(LOGIN, {"login": "dan@example.vn", "password": "sai-mat-khau-roi"})
        assert wrong.status_code == 200
        assert "Thư điện tử hoặc mật khẩu không đúng" in wrong.content.decode()
    last = client.post(LOGIN, {"login": "dan@example.vn", "password": "sai-mat-khau-roi"})
    assert last.status_code == 429
    assert AccessAttempt.objects.filter(username="dan@example.vn").exists()
    locked = client.post(LOGIN, {"login": "dan@example.vn", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # A neighbour on the same address is not locked.
    make_citizen("hangxom@example.vn")
    other = client.post(LOGIN, {"login": "hangxom@example.vn", "password": PASSWORD})
    assert other.status_code == 302 and "_auth_user_id" in client.session


def test_password_reset_mails_a_citizen_never_a_staff_member(client, org, make_staff, make_citizen):
    make_citizen("dan@example.vn")
    officer = make_staff(org.ward, Role.COUNTER_OFFICER)
    officer.email = "canbo@example.vn"
    officer.save()
    client.post(reverse("account_reset_password"), {"email": "canbo@example.vn"})
    assert all(
        "canbo@example.vn" not in m.to or "password_reset" not in m.body for m in mail.outbox
    )
    assert not any(re.search(r"/password/reset/key/", m.body) for m in mail.outbox)
    client.post(reverse("account_reset_password"), {"email": "dan@example.vn"})
    reset_mail = mail.outbox[-1]
    assert reset_mail.to == ["dan@example.vn"] and "mật khẩu" in reset_mail.body
    path = link_in(reset_mail).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new = "Mat-Khau-Moi#2026-dai"
    client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert User.objects.get(email="dan@example.vn").check_password(new)


def test_anonymous_is_sent_to_the_portal_sign_in(client):
    response = client.get(reverse("portal-profile"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert client.get(reverse("portal-home")).status_code == 200


def test_a_staff_member_has_no_profile_page(client, org, make_staff):
    client.force_login(make_staff(org.ward, Role.COUNTER_OFFICER))
    assert client.get(reverse("portal-profile")).status_code == 403


def test_a_citizen_changes_her_password_in_vietnamese(client, make_citizen):
    citizen = make_citizen("dan@example.vn")
    client.force_login(citizen)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page
    new = "Mat-Khau-Moi#2026-dai"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(new)


def test_an_idle_citizen_is_sent_to_the_portal_sign_in(client, make_citizen, settings):
    import datetime as dt

    import time_machine

    client.force_login(make_citizen("dan@example.vn"))
    with time_machine.travel(dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC), tick=False) as traveller:
        assert client.get(reverse("portal-profile")).status_code == 200
        traveller.shift(settings.MOTCUA_IDLE_TIMEOUT_MINUTES * 60 + 61)
        response = client.get(reverse("portal-profile"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_signed_in_citizen_sees_the_staff_form_not_a_refusal(client, make_citizen):
    client.force_login(make_citizen("dan@example.vn"))
    assert client.get(reverse("login")).status_code == 200
