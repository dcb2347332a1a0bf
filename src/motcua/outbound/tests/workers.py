"""Starting real worker processes against the test database (PostgreSQL tests, bench)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[4]  # the worktree: manage.py


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(name: str, *, out: Path, delay: float, log: Path, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.outbound.tests.worker_settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "PYTHONPATH": str(ROOT / "src"),
        "OUTBOX_TEST_FILE": str(out),
        "OUTBOX_TEST_DELAY": str(delay),
        "MOTCUA_OUTBOX_LEASE_SECONDS": "2",
        "MOTCUA_OUTBOX_BATCH": "20",
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "worker",
            "--worker-id",
            name,
            "--interval",
            "0.1",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_for(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []
