"""Every page carries the Content-Security-Policy (no inline script) and the
Permissions-Policy, whatever its status: public, staff, sign-in, errors, redirects."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from motcua.org.models import Role

PUBLIC = ["/", "/thu-tuc/", "/tra-cuu/", "/thong-ke/", "/bang-dien-tu/", "/dang-nhap/"]
STAFF = ["/can-bo/", "/can-bo/ho-so/", "/can-bo/chi-so/", "/can-bo/mat-khau/", "/can-bo/thu-tuc/"]
ELSEWHERE = ["/khong-co-trang-nay/", "/healthz", "/can-bo/ho-so/?trang=x"]


def assert_protected(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" in directives["style-src"]
    assert response["Permissions-Policy"] == settings.MOTCUA_PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC + ELSEWHERE)
def test_public_pages_carry_the_policies(client, org, url):
    response = client.get(url)
    assert response.status_code < 500
    assert_protected(response)


@pytest.mark.parametrize("url", STAFF)
def test_staff_pages_carry_the_policies(client, org, make_staff, url):
    client.force_login(make_staff(org.ward, Role.WARD_LEADER, Role.COUNTER_OFFICER))
    response = client.get(url)
    assert response.status_code == 200
    assert_protected(response)


def test_a_redirect_and_the_lockout_page_carry_them_too(client, org, make_staff):
    assert_protected(client.get("/can-bo/"))  # to the sign-in page
    person = make_staff(org.ward, Role.SPECIALIST)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": person.username, "password": "x"})
    assert response.status_code == 429
    assert_protected(response)
