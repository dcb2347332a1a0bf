"""Background tasks of the dossiers app (django-tasks; run by the worker).

``recompute_run``: advance a RecomputeRun to its end, batch by batch (each batch its own
transaction, so the progress page shows it moving and a killed worker loses at most the
batch it was in: the cursor is in the run row).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from .models import RecomputeRun


@task()
def recompute_run(run_id: int) -> int:
    from . import recompute

    run = RecomputeRun.objects.filter(pk=run_id).first()
    if run is None:
        return 0
    return recompute.run_to_end(run).changed


def resume_unfinished(older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Periodic: finish the runs whose task died with its worker (a run's batches lock
    the run row and move its cursor, so this and a live task never repeat a batch)."""
    from . import recompute

    stale = RecomputeRun.objects.filter(
        finished_at__isnull=True, created_at__lt=timezone.now() - older_than
    )
    count = 0
    for run in stale:
        recompute.run_to_end(run)
        count += 1
    return count
