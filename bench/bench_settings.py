"""Settings for the benchmarks: the product's settings with three changes for load tests.

- ``DEBUG = False``: no query log, templates as in production. (The HTTPS-only block of
  motcua.settings stays off: it is keyed on the DEBUG read from the environment at import,
  which defaults to 1 here as for `make run`, and the bench speaks plain HTTP on the
  loopback.)
- ``ROOT_URLCONF = "bench_urls"``: the product's URLs plus two bench-only views (a bare
  view, and one query by dossier code) that serve as baselines on the same server.
- The public lookup's rate limit (30 per address per 10 minutes) is raised to 10⁹, or the
  load test would measure the 429 page. The limiter still runs, so its upsert stays in
  the measurement. ``MOTCUA_TRUSTED_PROXY_HOPS = 1`` lets
  the load client give each simulated client its own address (X-Forwarded-For), as a
  reverse proxy would, instead of 50 clients sharing one counter.
"""

import os

os.environ.setdefault("DEBUG", "1")

from motcua.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

MOTCUA_LOOKUP_RATE = (10**9, 600)
MOTCUA_TRUSTED_PROXY_HOPS = 1
