"""The recompute runs as a background task; a run whose worker died is finished by the
periodic job."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from motcua.dossiers import recompute, tasks
from motcua.dossiers.models import RecomputeRun

from .conftest import at

pytestmark = pytest.mark.django_db


def test_starting_a_run_enqueues_its_task(in_processing, org, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    in_processing()
    run = recompute.start_run(agency=org.ward, reason="Kiểm tra")
    (result,) = default_task_backend.results
    assert result.task.func is tasks.recompute_run.func and result.args == [run.pk]
    assert run.done == 0 and run.finished_at is None
    assert tasks.recompute_run.call(run.pk) == 0  # what the worker runs
    run.refresh_from_db()
    assert run.done == 1 and run.finished_at


def test_a_run_left_by_a_dead_worker_is_finished_by_the_periodic_job(in_processing, org):
    for hour in (8, 9, 10):
        in_processing(when=at(2026, 2, 23, hour))
    run = recompute.start_run(agency=org.ward, reason="Kiểm tra", launch=False)
    run = recompute.advance(run, batch=1)  # …and the worker died here
    assert tasks.resume_unfinished() == 0  # too recent: a live task may still be on it
    later = timezone.now() + dt.timedelta(minutes=11)
    with time_machine.travel(later):
        assert tasks.resume_unfinished() == 1
    run = RecomputeRun.objects.get(pk=run.pk)
    assert run.done == 3 and run.finished_at
