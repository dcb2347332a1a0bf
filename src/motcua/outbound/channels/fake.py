"""The development and test channels: they deliver to the console or to a file.

Either can stand in for any channel code (``settings.MOTCUA_CHANNELS[code]["CLASS"]``);
the address it reads follows the code (email for "email", the phone otherwise).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import Channel


def _record(message, code: str) -> dict:
    return {
        "channel": code,
        "key": str(message.key),
        "to": message.recipient,
        "subject": message.subject,
        "body": message.body,
        "params": message.params,
        "at": timezone.now().isoformat(),
    }


class ConsoleChannel(Channel):
    """Prints each message on the worker's standard output."""

    def send(self, message) -> str:
        stream = self.options.get("STREAM") or sys.stdout
        record = _record(message, self.code)
        stream.write(
            f"[{self.code}] → {record['to']} (khóa {record['key']})\n"
            + (f"{record['subject']}\n" if record["subject"] else "")
            + f"{record['body']}\n\n"
        )
        stream.flush()
        return f"console:{record['key']}"


class FileChannel(Channel):
    """Appends each message as one JSON line to ``<MOTCUA_FILE_CHANNEL_DIR>/<code>.jsonl``
    (or options["PATH"]): what a test or a demonstration reads back."""

    def path(self) -> Path:
        path = self.options.get("PATH")
        return Path(path) if path else Path(settings.MOTCUA_FILE_CHANNEL_DIR) / f"{self.code}.jsonl"

    def send(self, message) -> str:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(_record(message, self.code), ensure_ascii=False) + "\n"
        # One write() of a line opened in append mode: whole lines even with two workers.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        return f"file:{message.key}"
