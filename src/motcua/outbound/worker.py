"""The worker: one loop that runs the periodic jobs, delivers the outbox and runs the
django-tasks queued on the database backend (django-tasks-db). ``manage.py worker`` runs
it; ``manage.py serve`` (``make run``) starts it beside the web server.

Several workers may run against one PostgreSQL: the outbox is claimed with
``SKIP LOCKED`` (outbox.claim), a task row likewise (django-tasks-db), a periodic job by
the unique insert of its period (scheduler). On SQLite run one worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time

from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from . import outbox
from .health import Heartbeat, prune_heartbeats
from .scheduler import Scheduler

logger = logging.getLogger(__name__)


def _db_backend():
    """The default task backend when it is django-tasks-db's (None otherwise: the
    immediate backend of the tests runs a task when it is enqueued)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends["default"]
    return backend if isinstance(backend, DatabaseBackend) else None


class Worker:
    def __init__(self, *, worker_id: str | None = None, interval: float = 1.0):
        self.id = worker_id or outbox.worker_id()
        self.interval = interval
        self.running = True
        self.scheduler = Scheduler(self.id)
        self.heartbeat = Heartbeat(self.id)
        self._task_runner = None

    # --- one step of each kind ---------------------------------------------------------

    def run_one_task(self) -> bool:
        backend = _db_backend()
        if backend is None:
            return False
        from django_tasks_db.management.commands.db_worker import Worker as DbWorker
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

        tasks = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
        try:
            with exclusive_transaction(tasks.db):
                found = tasks.get_locked()
                if found is not None:
                    found.claim(self.id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return False
            raise
        if found is None:
            return False
        if self._task_runner is None:
            self._task_runner = DbWorker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name=backend.alias,
                startup_delay=False,
                max_tasks=None,
                worker_id=self.id,
                excluded_queue_names=[],
            )
        self._task_runner.run_task(found)
        return True

    def step(self) -> bool:
        """Run what is due once; whether anything was done (the loop sleeps if not)."""
        if not connection.in_atomic_block:  # (the inline worker of a test runs in one)
            close_old_connections()  # as Django does per request: drop a dead connection
        self.heartbeat.beat()  # /healthz: this worker's loop is turning
        ran = self.scheduler.run_due()
        did_task = self.run_one_task()
        batch = outbox.deliver_batch(self.id)
        return bool(ran or did_task or batch.claimed)

    def drain(self) -> None:
        """Run until nothing is due (the tests' inline worker, ``worker --once``)."""
        while self.step():
            pass

    # --- the loop ------------------------------------------------------------------------

    def stop(self, signum, frame) -> None:
        logger.info("worker %s: stopping after the current step", self.id)
        self.running = False

    def run(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        logger.info("worker %s started", self.id)
        while self.running:
            try:
                busy = self.step()
            except OperationalError:
                logger.exception("worker %s: database error; retrying", self.id)
                busy = False
            if not busy and self.running:
                time.sleep(self.interval)
        logger.info("worker %s stopped", self.id)


def prune(days: int = 30) -> int:
    """Periodic: forget finished task results older than ``days``."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted + prune_heartbeats()
