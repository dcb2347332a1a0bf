"""Rate limits for the public dossier lookup (tra cứu hồ sơ), on Django's cache framework.

Two fixed-window counters:

- lookups per client address (default 30 per 10 minutes), so codes cannot be enumerated;
- wrong phone-digit checks per dossier code (default 5 per hour), so the four digits that
  unlock the applicant's initials cannot be guessed in 10,000 tries.

Counters live in the cache named by ``MOTCUA_THROTTLE_CACHE`` (default ``"default"``).
With several app servers (or several gunicorn workers) that cache must be shared —
DatabaseCache or Redis — or each process counts on its own.
A fixed window lets a client spend at most twice its allowance around a window edge,
which is enough for this purpose and costs one cache round trip per request.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


def now() -> float:
    """Wall-clock seconds (a function so that tests can move time)."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    """At most ``max_hits`` per ``period`` seconds and per subject (an address, a code)."""

    name: str
    max_hits: int
    period: int

    def _key(self, subject: str, window: int) -> str:
        # Hashed: subjects come from the request and must make safe cache keys.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"motcua:throttle:{self.name}:{digest}:{window}"

    def _window(self) -> int:
        return int(now() // self.period)

    def hits(self, subject: str) -> int:
        return _cache().get(self._key(subject, self._window()), 0)

    def exceeded(self, subject: str) -> bool:
        return self.hits(subject) >= self.max_hits

    def hit(self, subject: str) -> int:
        """Count one hit; return the count in the current window."""
        cache = _cache()
        key = self._key(subject, self._window())
        # add() is a no-op when the key exists; the timeout outlives the window.
        cache.add(key, 0, timeout=self.period + 60)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=self.period + 60)
            return 1

    def consume(self, subject: str) -> bool:
        """Count one hit if the allowance is not spent; False when it is."""
        if self.exceeded(subject):
            return False
        self.hit(subject)
        return True

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return max(1, int(self.period - now() % self.period))


def _cache():
    return caches[getattr(settings, "MOTCUA_THROTTLE_CACHE", "default")]


def _rate(setting: str, default: tuple[int, int]) -> tuple[int, int]:
    max_hits, period = getattr(settings, setting, default)
    return int(max_hits), int(period)


def lookup_limit() -> Limit:
    """Lookups per client address: settings.MOTCUA_LOOKUP_RATE = (hits, seconds)."""
    return Limit("lookup", *_rate("MOTCUA_LOOKUP_RATE", (30, 600)))


def phone_check_limit() -> Limit:
    """Wrong phone digits per dossier code: settings.MOTCUA_LOOKUP_PHONE_RATE."""
    return Limit("lookup-phone", *_rate("MOTCUA_LOOKUP_PHONE_RATE", (5, 3600)))


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
