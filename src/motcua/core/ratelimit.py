"""Fixed-window rate limits, counted in the database so that every worker and server agrees.

A hit is one statement: an upsert on ``core_ratecounter`` that starts a new window or adds
one to the current one, and returns the count (``INSERT … ON CONFLICT DO UPDATE …
RETURNING``, on PostgreSQL and SQLite alike). On PostgreSQL the table is UNLOGGED, so a
hit neither writes nor waits for the write-ahead log. A fixed window lets a client spend
at most twice its allowance around a window edge, which is enough for these purposes.

Rows of subjects that stop coming back are deleted now and then by the hits themselves
(about one hit in ``PURGE_ONE_IN``), so the table holds roughly the subjects seen within
the longest period.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .models import RateCounter
from .sql import table

PURGE_ONE_IN = 1000
# Rows outlive their window a little, so that a read at the edge still finds them.
GRACE_SECONDS = 60

_TABLE = table(RateCounter)
_UPSERT = f"""
    INSERT INTO {_TABLE} (bucket, window_no, hits, expires_at) VALUES (%s, %s, 1, %s)
    ON CONFLICT (bucket) DO UPDATE SET
        hits = CASE WHEN {_TABLE}.window_no = excluded.window_no
                    THEN {_TABLE}.hits + 1 ELSE 1 END,
        window_no = excluded.window_no,
        expires_at = excluded.expires_at
    RETURNING hits
"""


def now() -> float:
    """Wall-clock seconds (a function so that tests can move time)."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    """At most ``max_hits`` per ``period`` seconds and per subject (an address, a code)."""

    name: str
    max_hits: int
    period: int

    def _bucket(self, subject: str) -> str:
        # Hashed: subjects come from requests; the hash keeps keys short and uniform.
        return f"{self.name}:{hashlib.sha256(subject.encode()).hexdigest()[:40]}"

    def _window(self, moment: float) -> int:
        return int(moment // self.period)

    def hits(self, subject: str) -> int:
        """Hits counted for ``subject`` in the current window."""
        row = (
            RateCounter.objects.filter(bucket=self._bucket(subject), window_no=self._window(now()))
            .values_list("hits", flat=True)
            .first()
        )
        return row or 0

    def exceeded(self, subject: str) -> bool:
        return self.hits(subject) >= self.max_hits

    def hit(self, subject: str) -> int:
        """Count one hit; return the count in the current window, this one included."""
        moment = now()
        expires = int(moment) + self.period + GRACE_SECONDS
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [self._bucket(subject), self._window(moment), expires])
            (count,) = cursor.fetchone()
        if random.randrange(PURGE_ONE_IN) == 0:
            purge_expired(moment)
        return count

    def consume(self, subject: str) -> bool:
        """Count one hit; False when it goes over the allowance (refused hits count too,
        which changes nothing: the subject stays refused until the window ends)."""
        return self.hit(subject) <= self.max_hits

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return max(1, int(self.period - now() % self.period))


def purge_expired(moment: float | None = None) -> int:
    """Delete the counters whose window ended; return how many."""
    cutoff = int(now() if moment is None else moment)
    deleted, _ = RateCounter.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


def rate_setting(setting: str, default: tuple[int, int]) -> tuple[int, int]:
    """A ``(hits, seconds)`` pair from the settings."""
    max_hits, period = getattr(settings, setting, default)
    return int(max_hits), int(period)


def client_ip(request) -> str:
    """The client address to count against.

    REMOTE_ADDR, unless ``MOTCUA_TRUSTED_PROXY_HOPS`` (default 0) says how many reverse
    proxies we sit behind: then the address that the outermost trusted proxy saw, counted
    from the right of X-Forwarded-For (entries further left are the client's to forge).
    IPv6 addresses count per /64, the block one subscriber usually holds.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = int(getattr(settings, "MOTCUA_TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return _network_of(address)


def _network_of(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))
