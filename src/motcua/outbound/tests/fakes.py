"""Channels for the tests: one that fails on demand, one that writes slowly to a file."""

from __future__ import annotations

import time

from motcua.outbound.channels import DeliveryError
from motcua.outbound.channels.base import Channel
from motcua.outbound.channels.fake import FileChannel

SENT: list = []


class FlakyChannel(Channel):
    """Fails ``options["FAILURES"]`` times per message, then accepts it; ``PERMANENT``
    makes each failure permanent."""

    failures: dict = {}

    def send(self, message) -> str:
        seen = self.failures.get(message.key, 0)
        if seen < self.options.get("FAILURES", 0):
            self.failures[message.key] = seen + 1
            raise DeliveryError(
                "Cổng SMS trả lỗi 503", permanent=self.options.get("PERMANENT", False)
            )
        SENT.append(message.key)
        return f"ok-{message.key}"


class SlowFileChannel(FileChannel):
    """The file channel, pausing before each write (a gateway's round trip)."""

    def send(self, message) -> str:
        time.sleep(float(self.options.get("DELAY", 0)))
        return super().send(message)


class TimeTakingChannel(FlakyChannel):
    """Calls ``before_send`` (set by a test: e.g. moves a frozen clock) before accepting."""

    before_send = None

    def send(self, message) -> str:
        if TimeTakingChannel.before_send:
            TimeTakingChannel.before_send()
        return super().send(message)
