"""Settings for the benchmarks: the product's settings with three changes for load tests.

- ``DEBUG = False``: no query log, templates as in production. (The HTTPS-only block of
  motcua.settings stays off: it is keyed on the DEBUG read from the environment at import,
  and the bench speaks plain HTTP on the loopback.)
- ``ROOT_URLCONF = "bench_urls"``: the product's URLs plus two bench-only views (a bare
  view, and one query by dossier code) that serve as baselines on the same server.
- The public lookup's rate limit (30 per address per 10 minutes) is raised to 10⁹, or the
  load test would measure the 429 page. The limiter still runs, so its cache round trips
  stay in the measurement. ``BENCH_THROTTLE_CACHE=local`` moves its counters to a
  per-process memory cache to show what they cost; ``MOTCUA_TRUSTED_PROXY_HOPS = 1`` lets
  the load client give each simulated client its own address (X-Forwarded-For), as a
  reverse proxy would, instead of 50 clients sharing one counter.
"""

import os

from motcua.settings import *  # noqa: F403
from motcua.settings import CACHES

DEBUG = False
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

MOTCUA_LOOKUP_RATE = (10**9, 600)
MOTCUA_TRUSTED_PROXY_HOPS = 1
CACHES = {
    **CACHES,
    "bench-local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
MOTCUA_THROTTLE_CACHE = (
    "bench-local" if os.environ.get("BENCH_THROTTLE_CACHE") == "local" else "default"
)
