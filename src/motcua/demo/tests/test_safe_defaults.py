"""The demo stays on development machines: `load_demo` refuses with DEBUG off, and
`check --deploy` fails while an active account still has the demo password."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.management import CommandError, call_command

from motcua.demo import checks as demo_checks
from motcua.demo import organisation
from motcua.demo.management.commands import load_demo
from motcua.org.models import User


@pytest.fixture
def loaded(monkeypatch):
    calls = []
    monkeypatch.setattr(load_demo, "load_all", lambda stdout=None: calls.append(True))
    return calls


def test_load_demo_refuses_with_debug_off(settings, loaded):
    settings.DEBUG = False
    with pytest.raises(CommandError) as caught:
        call_command("load_demo")
    assert caught.value.returncode == 2
    assert "DEBUG đang tắt" in str(caught.value)
    assert "--allow-outside-development" in str(caught.value)
    assert not loaded


def test_load_demo_runs_outside_development_only_when_told(settings, loaded):
    settings.DEBUG = False
    call_command("load_demo", "--allow-outside-development", stdout=None)
    assert loaded


def test_load_demo_runs_in_development(settings, loaded):
    settings.DEBUG = True
    call_command("load_demo")
    assert loaded


def _codes(messages):
    return [message.id for message in messages]


def test_the_deploy_check_names_every_account_with_the_demo_password(db):
    organisation.load()
    [error] = demo_checks.demo_password_in_use()
    assert error.id == "demo.E001" and error.level == checks.ERROR
    assert "admin" in error.msg and "quantri.hoabinh" in error.msg
    assert f"{len(organisation.DEMO_USERNAMES)} tài khoản" in error.msg


def test_changed_or_locked_accounts_pass(db):
    organisation.load()
    for user in User.objects.filter(username__in=organisation.DEMO_USERNAMES[1:]):
        user.set_password("Mat-Khau-That#2026")
        user.save()
    User.objects.filter(username="admin").update(is_active=False)
    assert demo_checks.demo_password_in_use() == []


def test_the_check_runs_under_check_deploy_only(db):
    organisation.load()
    assert "demo.E001" in _codes(checks.run_checks(include_deployment_checks=True))
    assert "demo.E001" not in _codes(checks.run_checks())


def test_the_check_is_bounded_and_says_so(db, monkeypatch):
    organisation.load()
    monkeypatch.setattr(demo_checks, "CHECK_LIMIT", 3)
    User.objects.create_user("nguoi.khac", password=organisation.DEMO_PASSWORD)
    error, info = demo_checks.demo_password_in_use()
    assert error.msg.startswith("3 tài khoản") and "nguoi.khac" not in error.msg  # demo first
    assert info.id == "demo.I001" and "3/" in info.msg
