"""The "Phí, lệ phí" card on the citizen's own dossier page (portal "Hồ sơ của tôi"),
contributed through settings.MOTCUA_PORTAL_DOSSIER_PANELS: what is still owed and the
signed payment link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.org.models import AccountKind, User
from motcua.payments.providers import forget_providers

pytestmark = pytest.mark.django_db

online_procs = dossier_fixtures.online_procs
submit = dossier_fixtures.submit


@pytest.fixture
def citizen(db):
    return User.objects.create_user(
        username="cd_portalpanel1", email="pay@example.vn", kind=AccountKind.CITIZEN
    )


@pytest.fixture
def sandbox(settings):
    settings.MOTCUA_PAYMENT_SANDBOX = True
    forget_providers()
    yield
    forget_providers()


def test_the_payment_link_shows_while_something_is_owed(client, citizen, submit, sandbox):
    d = submit()
    url = reverse("portal-my-dossier", args=[d.code])
    client.force_login(citizen)
    assert "Còn phải nộp" not in client.get(url).content.decode()  # nothing charged
    Dossier.objects.filter(pk=d.pk).update(fee_vnd=15000)
    html = client.get(url).content.decode()
    assert "Còn phải nộp" in html and "15.000" in html
    prefix = reverse("payments-page", args=["x"]).rsplit("x", 1)[0]
    [link] = re.findall(rf'href="({re.escape(prefix)}[^"]+)"', html)
    assert client.get(link).status_code == 200
    # Withdrawn: nothing to pay any more.
    client.post(reverse("portal-my-dossier-withdraw", args=[d.code]), {"reason": "Nộp nhầm"})
    assert "Còn phải nộp" not in client.get(url).content.decode()


def test_without_an_online_gateway_the_card_says_where_to_pay(client, citizen, submit, settings):
    settings.MOTCUA_PAYMENT_SANDBOX = False
    settings.VNPAY_TMN_CODE = ""
    forget_providers()
    d = submit()
    Dossier.objects.filter(pk=d.pk).update(fee_vnd=15000)
    client.force_login(citizen)
    html = client.get(reverse("portal-my-dossier", args=[d.code])).content.decode()
    forget_providers()
    assert "Còn phải nộp" in html and "Thanh toán trực tuyến" not in html
