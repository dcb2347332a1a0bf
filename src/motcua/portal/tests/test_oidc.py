"""Sign-in through an identity provider by OpenID Connect (the VNeID plug-in), against
the local fake provider (fake_oidc.py): a new account, a linked one, and refusals."""

from __future__ import annotations

import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from motcua.org.models import AccountKind, Role, User
from motcua.portal.models import CitizenProfile

from .fake_oidc import FakeProvider

pytestmark = pytest.mark.django_db

LOGIN = "/dich-vu-cong/tai-khoan/oidc/vneid/login/"
CLAIMS = {
    "sub": "vneid-0001",
    "name": "Lê Thị Cúc",
    "email": "cuc@example.vn",
    "email_verified": True,
    "so_dinh_danh": "001190012345",
}


@pytest.fixture
def idp(settings):
    settings.SOCIALACCOUNT_PROVIDERS = FakeProvider.app_settings()
    settings.MOTCUA_OIDC_CITIZEN_ID_CLAIM = "so_dinh_danh"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeProvider(mock)


def through_provider(client, idp, claims, *, process="login"):
    start = client.post(LOGIN, {"process": process})
    assert start.status_code == 302, start.content[:500]
    return client.get(idp.authorize(start.url, claims))


def test_the_portal_offers_the_configured_provider(client, idp):
    page = client.get(reverse("account_login")).content.decode()
    assert "Đăng nhập bằng VNeID" in page


def test_a_first_sign_in_makes_a_citizen_account_with_its_profile(client, idp):
    done = through_provider(client, idp, CLAIMS)
    assert done.status_code == 302 and done.url == reverse("portal-home")
    user = User.objects.get(email="cuc@example.vn")
    assert user.kind == AccountKind.CITIZEN and user.username.startswith("cd_")
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.full_name, profile.citizen_id) == ("Lê Thị Cúc", "001190012345")
    assert SocialAccount.objects.get(user=user).uid == "vneid-0001"
    assert idp.calls[:3] == ["authorize", "token", "userinfo"]

    client.post(reverse("account_logout"))
    again = through_provider(client, idp, CLAIMS)
    assert again.status_code == 302
    assert User.objects.filter(email="cuc@example.vn").count() == 1
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_signed_in_citizen_links_the_provider_then_signs_in_with_it(client, idp, make_citizen):
    citizen = make_citizen("dan@example.vn")
    client.force_login(citizen)
    linked = through_provider(
        client, idp, {**CLAIMS, "email": "khac@example.vn"}, process="connect"
    )
    assert linked.status_code == 302
    assert SocialAccount.objects.get(uid="vneid-0001").user == citizen
    client.logout()
    through_provider(client, idp, {**CLAIMS, "email": "khac@example.vn"})
    assert int(client.session["_auth_user_id"]) == citizen.pk
    assert not User.objects.filter(email="khac@example.vn").exists()


def test_a_staff_account_is_never_linked(client, idp, org, make_staff, settings):
    settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # link by e-mail switched on
    officer = make_staff(org.ward, Role.COUNTER_OFFICER, username="motcua.canbo")
    User.objects.filter(pk=officer.pk).update(email="cuc@example.vn")
    through_provider(client, idp, CLAIMS)
    assert not SocialAccount.objects.filter(user=officer).exists()
    assert client.session.get("_auth_user_id") != str(officer.pk)

    client.force_login(officer)
    refused = through_provider(client, idp, {**CLAIMS, "sub": "vneid-0002"}, process="connect")
    assert refused.status_code == 403
    assert not SocialAccount.objects.filter(uid="vneid-0002").exists()


def test_an_id_token_for_another_client_is_refused(client, idp):
    idp.audience = "ung-dung-khac"
    page = through_provider(client, idp, CLAIMS)
    assert page.status_code == 401
    assert "Không đăng nhập được" in page.content.decode()
    assert not User.objects.filter(email="cuc@example.vn").exists()
    assert "_auth_user_id" not in client.session


def test_without_configuration_there_is_no_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert "VNeID" not in client.get(reverse("account_login")).content.decode()
    assert client.post(LOGIN).status_code == 404
