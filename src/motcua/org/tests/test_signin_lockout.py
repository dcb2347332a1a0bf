"""Sign-in lockout (django-axes): per user name *and* client address, with a cool-off.

The rule of issue 16: the officers of one ward share one public address, so a lock must
never lock out a colleague; it is the pair (user name, address) that is locked. The same
user name from another address is therefore not locked either: an attacker who rotates
addresses gets AXES_FAILURE_LIMIT tries per address, the price of never letting one
officer's typos (or a prankster in the same office) lock the whole ward out.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

PASSWORD = "Kiem-Thu#2026"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def sign_in(client, username, password, *, address=OFFICE, url=None, **extra):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, username, times, **kwargs):
    for _ in range(times):
        sign_in(client, username, "sai-mat-khau", **kwargs)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, specialist):
    fail(client, specialist.username, 30)
    response = sign_in(client, specialist.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "Vui lòng thử lại sau" in html
    assert f"{settings.AXES_FAILURE_LIMIT} lần" in html


def test_the_lock_starts_at_the_failure_limit(client, specialist):
    fail(client, specialist.username, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, specialist.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_page_says_when_to_try_again(client, specialist):
    at = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))
    with time_machine.travel(at, tick=False):
        fail(client, specialist.username, settings.AXES_FAILURE_LIMIT)
        html = sign_in(client, specialist.username, PASSWORD).content.decode()
    assert "09:15 ngày 02/03/2026" in html
    assert "15 phút" in html


def test_the_django_admin_sign_in_is_locked_too(client, superuser):
    url = reverse("admin:login")
    fail(client, superuser.username, 30, url=url)
    response = sign_in(client, superuser.username, PASSWORD, url=url)
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_colleague_behind_the_same_address_is_not_locked(client, specialist, counter_officer):
    fail(client, specialist.username, 30)
    assert sign_in(client, counter_officer.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_same_user_from_another_address_is_not_locked(client, specialist):
    fail(client, specialist.username, 30)
    assert sign_in(client, specialist.username, PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, specialist):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(client, specialist.username, 30)
        clock.shift(settings.AXES_COOLOFF_TIME - timedelta(seconds=5))
        assert sign_in(client, specialist.username, PASSWORD).status_code == 429
        # That refused try restarted the cool-off.
        clock.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert sign_in(client, specialist.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_unlock_command_frees_the_user(client, specialist):
    fail(client, specialist.username, 30)
    call_command("axes_reset_username", specialist.username)
    assert sign_in(client, specialist.username, PASSWORD).status_code == 302


def test_a_superuser_unlocks_in_the_django_admin(client, specialist, superuser):
    fail(client, specialist.username, 30)
    [attempt] = AccessAttempt.objects.filter(username=specialist.username)
    client.force_login(superuser)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert specialist.username in listing.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert sign_in(client, specialist.username, PASSWORD).status_code == 302


def test_successes_and_failures_are_recorded_and_read_only(client, specialist, superuser):
    fail(client, specialist.username, 2)
    sign_in(client, specialist.username, PASSWORD)
    failures = AccessFailureLog.objects.filter(username=specialist.username)
    assert failures.count() == 2
    assert {f.ip_address for f in failures} == {OFFICE}
    [success] = AccessLog.objects.filter(username=specialist.username)
    assert success.ip_address == OFFICE
    client.force_login(superuser)
    for model, row in (("accesslog", success), ("accessfailurelog", failures[0])):
        assert client.get(reverse(f"admin:axes_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:axes_{model}_delete", args=[row.pk])).status_code == 403


@pytest.mark.parametrize("hops, locked", [(0, True), (1, False)])
def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(
    client, specialist, settings, hops, locked
):
    """Behind one trusted proxy each client has its own address; without one, a forged
    X-Forwarded-For is ignored and the socket address (the proxy) counts."""
    settings.MOTCUA_TRUSTED_PROXY_HOPS = hops
    fail(client, specialist.username, 30, HTTP_X_FORWARDED_FOR="192.0.2.1")
    response = sign_in(client, specialist.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert (response.status_code == 429) is locked


def test_ipv6_counts_per_64_block(client, specialist):
    fail(client, specialist.username, 30, address="2001:db8:1:2::1")
    assert (
        sign_in(client, specialist.username, PASSWORD, address="2001:db8:1:2::99").status_code
        == 429
    )
    assert (
        sign_in(client, specialist.username, PASSWORD, address="2001:db8:1:3::1").status_code == 302
    )


def test_a_sign_in_without_an_address_is_recorded_without_one(client, specialist):
    client.force_login(specialist)  # the test client's request has no REMOTE_ADDR
    assert AccessLog.objects.get(username=specialist.username).ip_address is None
