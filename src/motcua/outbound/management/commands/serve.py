"""manage.py serve [ADDR:PORT] — the development server and the worker, together.

``make run`` uses it: one command starts ``runserver`` and ``worker`` as two child
processes; Ctrl-C (or SIGTERM, or either child ending) stops both.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web phát triển cùng tiến trình nền (Ctrl-C dừng cả hai)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, sys.argv[0]]
        # Each child leads its own process group, so that stopping it stops what it started
        # (runserver's autoreloader runs the server in a grandchild).
        children = [
            subprocess.Popen([*manage, "runserver", addrport], start_new_session=True),
            subprocess.Popen([*manage, "worker"], start_new_session=True),
        ]
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                _signal_group(child, signal.SIGINT)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _signal_group(child, signal.SIGKILL)
                    child.wait()
        self.stdout.write("Đã dừng máy chủ web và tiến trình nền.")


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)  # the child's group: its own pid (start_new_session)
