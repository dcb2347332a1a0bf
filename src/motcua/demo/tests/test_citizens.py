"""The demo portal accounts: verified, with profiles, able to sign in, loadable twice."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from motcua.demo import citizens, organisation
from motcua.org.models import AccountKind, User
from motcua.portal.models import CitizenProfile


def test_demo_citizens_sign_in_on_the_portal(client, db):
    citizens.load()
    citizens.load()
    emails = [row[0] for row in citizens.DEMO_CITIZENS]
    assert User.objects.filter(email__in=emails).count() == len(emails)
    assert CitizenProfile.objects.filter(user__email__in=emails).count() == len(emails)
    company = User.objects.get(email="lienhe@anbinh.example")
    assert company.kind == AccountKind.ORGANISATION
    response = client.post(
        reverse("account_login"),
        {"login": "an.nguyen@congdan.example", "password": organisation.DEMO_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("portal-home")


def test_print_demo_logins_lists_them(db):
    organisation.load()
    citizens.load()
    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    text = out.getvalue()
    assert "an.nguyen@congdan.example" in text and "Dịch vụ công" in text
    assert "admin" in text
