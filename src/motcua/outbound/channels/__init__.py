"""Notification channels as plug-ins, one class per channel (the shape of healthchecks'
transports): ``settings.MOTCUA_CHANNELS`` maps a channel code to its class and options.

A channel knows which address of a recipient it uses (``address_kind``: email or
phone) and sends one outbox message (``send``), returning the receiver's reference. It
passes the message's ``key`` to the receiver as an idempotency key where the receiver has
a field for it. A failure raises ``DeliveryError``: ``permanent`` when retrying cannot
help (the address was refused), otherwise the outbox retries with backoff.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Channel, DeliveryError

__all__ = ["Channel", "DeliveryError", "channel", "configured"]

_cache: dict[tuple, Channel] = {}


def configured() -> list[str]:
    return list(settings.MOTCUA_CHANNELS)


def channel(code: str) -> Channel:
    """The channel plug-in for ``code`` (built once per configuration)."""
    options = settings.MOTCUA_CHANNELS.get(code)
    if options is None:
        raise DeliveryError(f"Kênh «{code}» chưa được cấu hình.", permanent=True)
    key = (code, repr(sorted(options.items())))
    if key not in _cache:
        cls = import_string(options["CLASS"])
        _cache[key] = cls(code, options)
    return _cache[key]
