"""Settings for the test suite (pyproject.toml): the product's, read as `make run` reads them.

DEBUG is off unless the environment sets it (motcua/settings.py). The suite runs like a
development machine, DEBUG=1 unless the shell says otherwise: no SECRET_KEY needed, no
HTTPS redirect. (While tests run, Django's test runner turns DEBUG off, as always; the
tests of the production settings start manage.py with DEBUG=0 in a subprocess.)
"""

import os

os.environ.setdefault("DEBUG", "1")

from motcua.settings import *  # noqa: F403

# Background tasks run at once, inside the request or service that enqueues them: a test
# sees the recompute's result without a worker (a worker process is tested on its own).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No worker runs beside the tests: /healthz checks the database and the disk only (the
# worker's heartbeat check is tested in outbound/tests/test_wiring.py).
MOTCUA_HEALTH_CHECKS: dict[str, str] = {}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files of the tests go to a throw-away folder, never var/media.
MEDIA_ROOT = __import__("pathlib").Path(__import__("tempfile").mkdtemp(prefix="motcua-media-"))
