"""Staff two-factor sign-in (TOTP, org.twofactor): required for superusers and agency
admins, optional for other staff; codes computed by pyotp, as an authenticator app would."""

from __future__ import annotations

import re
from base64 import b32encode

import pyotp
import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.org import twofactor
from motcua.org.models import AccountEvent, Role

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

PASSWORD = "Kiem-Thu#2026"
SETUP = reverse("two-factor-setup")
VERIFY = reverse("two-factor-verify")


def sign_in(client, username, password=PASSWORD, next_url="/can-bo/"):
    return client.post(
        reverse("login"), {"username": username, "password": password, "next": next_url}
    )


def code_for(device: TOTPDevice) -> str:
    return pyotp.TOTP(b32encode(device.bin_key).decode()).now()


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Open the enrolment page, read the secret as a person would, confirm with a code."""
    page = client.get(SETUP).content.decode()
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code
    response = client.post(SETUP, {"token": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", response.content.decode())
    return TOTPDevice.objects.get(user=response.wsgi_request.user, confirmed=True), codes


def test_an_agency_admin_must_enrol_before_any_staff_page(client, org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    assert twofactor.is_required(admin)
    response = sign_in(client, "quantri.phuong")
    assert response.status_code == 302
    staff_page = client.get("/can-bo/to-chuc/")
    assert staff_page.status_code == 302 and staff_page.url.startswith(SETUP)
    _, codes = enrol(client)
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    assert client.get("/can-bo/to-chuc/").status_code == 200
    assert AccountEvent.objects.filter(user=admin, kind="two_factor_enrolled").exists()


def test_an_enrolled_admin_gives_a_code_in_every_new_session(client, org, make_staff):
    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    device, _ = enrol(client)
    client.post(reverse("logout"))

    response = sign_in(client, "quantri.phuong", next_url="/can-bo/to-chuc/")
    page = client.get(response.url)
    assert page.status_code == 302 and page.url.startswith(VERIFY)
    assert client.get(SETUP).url.startswith(VERIFY)  # no second authenticator either
    wrong = client.post(page.url, {"token": "000000"})
    assert wrong.status_code == 200 and "không đúng" in wrong.content.decode()
    assert client.get("/can-bo/to-chuc/").status_code == 302
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the wrong code's back-off, not the subject here
    device.throttling_failure_count = 0
    device.save()
    right = client.post(page.url, {"token": code_for(device), "next": "/can-bo/to-chuc/"})
    assert right.status_code == 302 and right.url == "/can-bo/to-chuc/"
    assert client.get("/can-bo/to-chuc/").status_code == 200
    kinds = set(AccountEvent.objects.values_list("kind", flat=True))
    assert {"two_factor_failed", "two_factor_verified"} <= kinds


def test_a_recovery_code_works_once(client, org, make_staff):
    user = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    _, codes = enrol(client)
    client.post(reverse("logout"))
    sign_in(client, "quantri.phuong")
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302
    assert client.get("/can-bo/").status_code == 200
    assert twofactor.remaining_recovery_codes(user) == twofactor.RECOVERY_CODE_COUNT - 1
    client.post(reverse("logout"))
    sign_in(client, "quantri.phuong")
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 200  # used up
    assert client.get("/can-bo/").status_code == 302


def test_wrong_codes_are_throttled(client, org, make_staff):
    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    device, _ = enrol(client)
    client.post(reverse("logout"))
    sign_in(client, "quantri.phuong")
    client.post(VERIFY, {"token": "000000"})
    # Right away, even the right code waits for the back-off to pass.
    throttled = client.post(VERIFY, {"token": code_for(device)})
    assert throttled.status_code == 200 and "chờ" in throttled.content.decode()


def test_the_admin_site_is_behind_two_factor(client, superuser):
    if not settings.MOTCUA_ADMIN_ENABLED:
        pytest.skip("admin switched off")
    client.force_login(superuser)
    admin_index = "/" + settings.MOTCUA_ADMIN_PATH
    response = client.get(admin_index)
    assert response.status_code == 302 and response.url.startswith(SETUP)
    enrol(client)
    assert client.get(admin_index).status_code == 200
    client.logout()
    client.force_login(superuser)
    assert client.get(admin_index).url.startswith(VERIFY)


def test_other_staff_may_work_without_it_or_turn_it_on_and_off(client, org, make_staff):
    officer = make_staff(org.ward, Role.COUNTER_OFFICER, username="motcua.canbo")
    assert not twofactor.is_required(officer)
    sign_in(client, "motcua.canbo")
    assert client.get("/can-bo/").status_code == 200
    page = client.get(SETUP).content.decode()
    assert "không bắt buộc" in page
    enrol(client)
    assert twofactor.is_enrolled(officer)
    client.post(reverse("logout"))
    sign_in(client, "motcua.canbo")
    assert client.get("/can-bo/").url.startswith(VERIFY)  # once on, asked every time
    device = twofactor.authenticator_of(officer)
    client.post(VERIFY, {"token": code_for(device)})
    assert client.post(reverse("two-factor-disable")).status_code == 302
    assert not twofactor.is_enrolled(officer)
    assert AccountEvent.objects.filter(user=officer, kind="two_factor_disabled").exists()


def test_an_admin_cannot_turn_it_off(client, org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    enrol(client)
    client.post(reverse("two-factor-disable"))
    assert twofactor.is_enrolled(admin)


def test_new_recovery_codes_replace_the_old(client, org, make_staff):
    user = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    _, old = enrol(client)
    response = client.post(reverse("two-factor-recovery-codes"))
    new = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", response.content.decode())
    assert len(new) == twofactor.RECOVERY_CODE_COUNT and not set(new) & set(old)
    assert twofactor.remaining_recovery_codes(user) == twofactor.RECOVERY_CODE_COUNT


def test_a_password_change_waits_for_the_second_step(client, org, make_staff):
    """An admin-set password (must_change_password): code first, then the change page."""
    from motcua.org.models import User

    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    enrol(client)
    User.objects.filter(username="quantri.phuong").update(must_change_password=True)
    client.post(reverse("logout"))
    sign_in(client, "quantri.phuong")
    first = client.get("/can-bo/")
    assert first.url.startswith(VERIFY)
    assert client.get(first.url).status_code == 200  # not sent round in circles
    device = twofactor.authenticator_of(User.objects.get(username="quantri.phuong"))
    client.post(VERIFY, {"token": code_for(device)})
    assert client.get("/can-bo/").url.startswith(reverse("password-change"))


def test_anonymous_is_sent_to_sign_in(client):
    for path in (VERIFY, SETUP):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for name in ("two-factor-disable", "two-factor-recovery-codes"):
        response = client.post(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_citizen_has_no_two_factor_pages(client, db):
    from motcua.org.models import AccountKind, User

    citizen = User.objects.create_user(
        "cd_abc", "dan@example.vn", PASSWORD, kind=AccountKind.CITIZEN
    )
    client.force_login(citizen)
    assert client.get(VERIFY).status_code == 403
    assert client.get(SETUP).status_code == 403
    assert client.post(reverse("two-factor-recovery-codes")).status_code == 403
    assert client.post(reverse("two-factor-disable")).status_code == 403


def test_the_admin_lists_devices_without_secrets_and_a_delete_is_audited(
    client, superuser, org, make_staff
):
    if not settings.MOTCUA_ADMIN_ENABLED:
        pytest.skip("admin switched off")
    admin_user = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    sign_in(client, "quantri.phuong")
    device, _ = enrol(client)
    client.logout()
    operator = client
    superuser_device = TOTPDevice.objects.create(user=superuser, name="x", confirmed=True)
    operator.force_login(superuser)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = operator.session
    session[DEVICE_ID_SESSION_KEY] = superuser_device.persistent_id
    session.save()
    change = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    page = operator.get(change).content.decode()
    assert device.key not in page
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert operator.post(delete, {"post": "yes"}).status_code == 302
    assert not twofactor.is_enrolled(admin_user)
    event = AccountEvent.objects.get(kind="two_factor_removed")
    assert (event.user, event.actor) == (admin_user, superuser)
