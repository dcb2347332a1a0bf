"""Fixed-window rate limits counted in the database (motcua.core.ratelimit)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from motcua.core import ratelimit
from motcua.core.models import RateCounter
from motcua.core.ratelimit import Limit

T0 = 1_800_000_000.0  # a multiple of 600 and of 3600


@pytest.fixture
def clock(monkeypatch):
    moment = {"now": T0}
    monkeypatch.setattr(ratelimit, "now", lambda: moment["now"])
    return moment


@pytest.mark.django_db
def test_hits_count_up_within_a_window_and_restart_in_the_next(clock):
    limit = Limit("test", max_hits=3, period=600)
    assert [limit.hit("a") for _ in range(4)] == [1, 2, 3, 4]
    assert limit.hits("a") == 4
    clock["now"] += 599
    assert limit.hit("a") == 5
    clock["now"] += 1
    assert limit.hits("a") == 0
    assert limit.hit("a") == 1
    # Still one row per subject: a new window overwrites the old one.
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db
def test_consume_refuses_over_the_allowance_until_the_window_ends(clock):
    limit = Limit("test", max_hits=2, period=600)
    assert [limit.consume("a") for _ in range(4)] == [True, True, False, False]
    assert limit.exceeded("a")
    assert limit.consume("b")
    assert limit.retry_after() == 600
    clock["now"] += 450
    assert limit.retry_after() == 150
    clock["now"] += 150
    assert limit.consume("a")


@pytest.mark.django_db
def test_limits_and_subjects_have_their_own_counters(clock):
    lookups = Limit("lookup", max_hits=5, period=600)
    phones = Limit("lookup-phone", max_hits=5, period=3600)
    lookups.hit("x")
    lookups.hit("x")
    phones.hit("x")
    lookups.hit("y")
    assert (lookups.hits("x"), phones.hits("x"), lookups.hits("y")) == (2, 1, 1)
    # Subjects are stored hashed: what a client sends never becomes a key as is.
    assert not RateCounter.objects.filter(bucket__contains="x").exclude(bucket__startswith="lookup")
    assert all(len(row.bucket) <= 80 for row in RateCounter.objects.all())
    long_subject = "2001:db8::/64" * 50
    assert lookups.hit(long_subject) == 1


@pytest.mark.django_db
def test_expired_counters_are_purged(clock):
    short = Limit("short", max_hits=5, period=60)
    long = Limit("long", max_hits=5, period=3600)
    short.hit("a")
    long.hit("a")
    clock["now"] += 60 + ratelimit.GRACE_SECONDS + 1
    assert ratelimit.purge_expired() == 1
    assert list(RateCounter.objects.values_list("bucket", flat=True)) == [long._bucket("a")]


@pytest.mark.django_db
def test_hits_purge_now_and_then(clock, monkeypatch):
    limit = Limit("short", max_hits=5, period=60)
    limit.hit("old")
    clock["now"] += 3600
    monkeypatch.setattr(ratelimit.random, "randrange", lambda n: 0)
    limit.hit("new")
    assert list(RateCounter.objects.values_list("bucket", flat=True)) == [limit._bucket("new")]


def test_client_address_rules(settings):
    factory = RequestFactory()
    assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="192.0.2.5")) == "192.0.2.5"
    v6a = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    v6b = factory.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")
    assert ratelimit.client_ip(v6a) == ratelimit.client_ip(v6b) == "2001:db8:1:2::/64"
    mapped = factory.get("/", REMOTE_ADDR="::ffff:192.0.2.5")
    assert ratelimit.client_ip(mapped) == "192.0.2.5"
    assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="")) == "unknown"
    settings.MOTCUA_TRUSTED_PROXY_HOPS = 1
    assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    behind = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert ratelimit.client_ip(behind) == "5.6.7.8"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL does not"
)
def test_parallel_hits_from_many_connections_lose_no_count():
    """What several gunicorn workers do at once: every hit is counted exactly once."""
    limit = Limit("parallel", max_hits=10**6, period=3600)
    threads, per_thread = 16, 25
    start = threading.Barrier(threads)

    def hammer(_):
        start.wait()
        try:
            return [limit.hit("shared") for _ in range(per_thread)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        counts = [n for batch in pool.map(hammer, range(threads)) for n in batch]

    total = threads * per_thread
    # Each hit saw a distinct count: the upsert is atomic under concurrency.
    assert sorted(counts) == list(range(1, total + 1))
    assert limit.hits("shared") == total
