"""Periodic jobs run once per period, whichever worker gets there first."""

import datetime as dt

import pytest
import time_machine

from motcua.core import periodic
from motcua.outbound.models import PeriodicRun
from motcua.outbound.scheduler import Scheduler

pytestmark = pytest.mark.django_db

CALLS: list = []
T0 = dt.datetime(2026, 3, 2, 3, 0, 10, tzinfo=dt.UTC)


def tick():
    CALLS.append(1)


def broken():
    raise ValueError("hỏng")


@pytest.fixture
def only(settings, monkeypatch):
    CALLS.clear()
    monkeypatch.setattr(periodic, "_registered", {})
    settings.MOTCUA_PERIODIC_JOBS = []

    def use(*jobs):
        settings.MOTCUA_PERIODIC_JOBS = list(jobs)

    return use


def test_two_workers_run_a_job_once_per_period(only):
    only(("test.tick", 60, "motcua.outbound.tests.test_periodic.tick"))
    a, b = Scheduler("a"), Scheduler("b")
    with time_machine.travel(T0, tick=False) as clock:
        assert a.run_due() == ["test.tick"]
        assert b.run_due() == []
        assert a.run_due() == []  # same period, already tried
        clock.shift(dt.timedelta(seconds=49))  # 03:00:59, still the same minute
        assert b.run_due() == []
        clock.shift(dt.timedelta(seconds=2))  # 03:01:01, the next period
        assert b.run_due() == ["test.tick"]
        assert a.run_due() == []
    assert len(CALLS) == 2
    assert list(PeriodicRun.objects.order_by("period_start").values_list("worker", flat=True)) == [
        "a",
        "b",
    ]


def test_a_failing_job_is_recorded_and_the_others_still_run(only):
    only(
        ("test.broken", 60, "motcua.outbound.tests.test_periodic.broken"),
        ("test.tick", 60, "motcua.outbound.tests.test_periodic.tick"),
    )
    with time_machine.travel(T0, tick=False):
        assert Scheduler("a").run_due() == ["test.broken", "test.tick"]
    assert "hỏng" in PeriodicRun.objects.get(job="test.broken").error
    assert CALLS == [1]


def test_apps_register_their_jobs_in_ready():
    names = {job.name for job in periodic.jobs()}
    assert {"dossiers.resume_unfinished_recompute", "outbound.prune_task_results"} <= names
