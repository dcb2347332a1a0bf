"""Signed out after MOTCUA_IDLE_TIMEOUT_MINUTES without a request; 8 hours at most."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

IDLE = timedelta(minutes=settings.MOTCUA_IDLE_TIMEOUT_MINUTES)


def officer(db):
    return get_user_model().objects.create_user("canbo.ranh", password="Kiem-Thu#2026")


def test_the_idle_timeout_is_thirty_minutes_by_default():
    assert settings.MOTCUA_IDLE_TIMEOUT_MINUTES == 30


def test_activity_keeps_the_session_and_silence_ends_it(client, db):
    client.force_login(officer(db))
    home = reverse("password-change")  # a page every signed-in user may open
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(home).status_code == 200
        for _ in range(3):  # 29 minutes between requests, 87 in all: still signed in
            clock.shift(IDLE - timedelta(minutes=1))
            assert client.get(home).status_code == 200
        clock.shift(IDLE + timedelta(seconds=1))
        response = client.get(home)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={home}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Phiên làm việc đã kết thúc sau 30 phút không thao tác" in page


def test_an_htmx_request_is_told_to_load_the_sign_in_page(client, db):
    client.force_login(officer(db))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(reverse("home"))
        clock.shift(IDLE + timedelta(minutes=1))
        response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_the_absolute_limit_holds_however_busy(client, db):
    client.force_login(officer(db))
    page = reverse("password-change")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(page)
        spent = timedelta(0)
        while spent < timedelta(seconds=settings.SESSION_COOKIE_AGE) - IDLE:
            clock.shift(IDLE - timedelta(minutes=1))
            spent += IDLE - timedelta(minutes=1)
            assert client.get(page).status_code == 200
        clock.shift(IDLE - timedelta(minutes=1))
        assert client.get(page).status_code == 302


def test_visitors_who_are_not_signed_in_are_left_alone(client, db):
    assert client.get(reverse("home")).status_code == 200
    assert not client.session.keys()
