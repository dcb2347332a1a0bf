"""Real worker processes on PostgreSQL: a worker killed with SIGKILL in the middle of a
batch loses nothing, and two workers never send the same message."""

import json
import os
import signal
from collections import Counter

import pytest
from django.db import connection

from motcua.outbound import outbox
from motcua.outbound.models import Message, MessageStatus

from .workers import lines, start_worker, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SKIP LOCKED and several workers: PostgreSQL (on SQLite one worker is the rule)",
    ),
]


def enqueue(n: int) -> set[str]:
    for i in range(n):
        outbox.enqueue(
            purpose="dossier.received", channel="sms", recipient=f"09{i:08d}", body=f"Tin {i}"
        )
    return {str(key) for key in Message.objects.values_list("key", flat=True)}


def delivered_keys(path) -> Counter:
    return Counter(json.loads(line)["key"] for line in lines(path))


def all_sent() -> bool:
    return not Message.objects.exclude(status=MessageStatus.SENT).exists()


def stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def test_a_worker_killed_mid_batch_loses_nothing(tmp_path):
    out, log = tmp_path / "sms.jsonl", tmp_path / "worker.log"
    keys = enqueue(150)
    first = start_worker("worker-a", out=out, delay=0.03, log=log)
    try:
        wait_for(lambda: len(lines(out)) >= 30, timeout=60, what="the first deliveries")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    in_flight = {
        str(k)
        for k in Message.objects.filter(
            status=MessageStatus.SENDING, claimed_by="worker-a"
        ).values_list("key", flat=True)
    }
    assert in_flight, "the worker was killed with a claimed batch"
    assert Message.objects.exclude(status=MessageStatus.SENT).exists()

    second = start_worker("worker-b", out=out, delay=0.0, log=log)
    try:
        wait_for(all_sent, timeout=90, what="every message sent")
    finally:
        stop(second)
    delivered = delivered_keys(out)
    assert set(delivered) == keys  # nothing lost
    twice = {key for key, count in delivered.items() if count > 1}
    # At least once: only the message on the wire when the worker died can arrive twice
    # (the receiver got it, the worker could not record it), with the same key.
    assert len(twice) <= 1 and twice <= in_flight
    assert max(delivered.values()) <= 2
    redone = Message.objects.filter(claimed_by="worker-b", key__in=in_flight)
    assert redone.count() == len(in_flight)


def test_two_workers_never_send_the_same_message(tmp_path):
    out, log = tmp_path / "sms.jsonl", tmp_path / "worker.log"
    keys = enqueue(300)
    workers = [
        start_worker(name, out=out, delay=0.02, log=log) for name in ("worker-a", "worker-b")
    ]
    try:
        wait_for(all_sent, timeout=120, what="every message sent")
    finally:
        for process in workers:
            stop(process)
    delivered = delivered_keys(out)
    assert set(delivered) == keys
    assert max(delivered.values()) == 1  # none twice
    by_worker = Counter(Message.objects.values_list("claimed_by", flat=True))
    assert set(by_worker) == {"worker-a", "worker-b"}, by_worker  # both took a share


def test_serve_starts_the_web_server_and_the_worker_and_ctrl_c_stops_both(tmp_path):
    import socket
    import subprocess
    import sys
    import urllib.request

    from .workers import ROOT, database_url

    out = tmp_path / "sms.jsonl"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.outbound.tests.worker_settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "PYTHONPATH": str(ROOT / "src"),
        "OUTBOX_TEST_FILE": str(out),
    }
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "serve.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        keys = enqueue(3)

        def web_up():
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200
            except OSError:
                return False

        wait_for(web_up, timeout=60, what="the web server")
        wait_for(all_sent, timeout=60, what="the worker's deliveries")
        assert set(delivered_keys(out)) == keys
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=30) == 0
        assert not web_up()
    finally:
        if serve.poll() is None:
            serve.kill()
    log = (tmp_path / "serve.log").read_text()
    assert "Đã dừng máy chủ web và tiến trình nền" in log


def test_a_worker_process_runs_the_recompute_task_of_a_calendar_change(
    tmp_path, settings, in_processing, org
):
    """The database task backend: the run's task row is written with the run, a real
    worker process picks it up and advances the run to its end."""
    from motcua.dossiers import recompute
    from motcua.dossiers.models import RecomputeRun

    from .conftest import at

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for hour in (8, 9):
        in_processing(when=at(2026, 2, 23, hour))
    run = recompute.start_run(agency=org.ward, reason="Kiểm tra tiến trình nền")
    assert RecomputeRun.objects.get(pk=run.pk).done == 0  # nothing in this process
    worker = start_worker("worker-t", out=tmp_path / "sms.jsonl", delay=0, log=tmp_path / "w.log")
    try:
        wait_for(
            lambda: RecomputeRun.objects.get(pk=run.pk).finished_at is not None,
            timeout=60,
            what="the recompute run",
        )
    finally:
        stop(worker)
    assert RecomputeRun.objects.get(pk=run.pk).done == 2
