"""What /healthz checks (issue #16 §6): the reverse proxy and the monitor read it.

Each check is a function returning ``(ok, details)``; ``details`` are plain, public values
(no host names, paths, versions or secrets). Built in: the database answers, and the disk
holding the stored files has ``MOTCUA_HEALTH_MIN_FREE_MB`` free. Apps above core add
theirs through the settings registry ``MOTCUA_HEALTH_CHECKS`` (name → dotted path),
e.g. the worker's heartbeat: ``{"worker": "motcua.outbound.health.worker_heartbeat"}``.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string


def database() -> tuple[bool, dict]:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return False, {"error": "unreachable"}
    return True, {"ms": round((time.monotonic() - started) * 1000, 1)}


def disk() -> tuple[bool, dict]:
    """Free space where the stored files (and, by default, the SQLite file) live."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    minimum = settings.MOTCUA_HEALTH_MIN_FREE_MB
    return free_mb >= minimum, {"free_mb": free_mb, "min_free_mb": minimum}


BUILT_IN = {"database": database, "disk": disk}


def run_checks() -> tuple[bool, dict]:
    results = {}
    checks = dict(BUILT_IN)
    checks.update(
        {name: import_string(path) for name, path in settings.MOTCUA_HEALTH_CHECKS.items()}
    )
    for name, check in checks.items():
        try:
            ok, details = check()
        except Exception:
            ok, details = False, {"error": "check failed"}
        results[name] = {"ok": bool(ok), **details}
    return all(result["ok"] for result in results.values()), results
