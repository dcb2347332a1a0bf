"""The dossier benchmarks (bench/) keep working: each one run with a tiny N.

The generator's data is checked the way its --verify option checks a million dossiers:
workflow steps, clock columns replayed by the service code, outcomes, worked seconds,
codes and daily counters — and the check itself is shown to catch a tampered row.
"""

from __future__ import annotations

import datetime as dt
import http.server
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Max
from django.test import Client

from motcua.dossiers.models import DailyCounter, Dossier, Status
from motcua.workcal import calendars

BENCH = Path(__file__).resolve().parents[4] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import dossiers_bench  # noqa: E402
import generate_dossiers as gen  # noqa: E402
import lookup_load  # noqa: E402
import machine  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNTIL = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _no_waiting_for_quiet(monkeypatch):
    """Real measurements wait for a quiet machine; a smoke run must not."""
    monkeypatch.setattr(machine, "PATIENCE", 0)
    monkeypatch.setattr(machine, "ATTEMPTS", 1)


@pytest.fixture
def generated(db):
    calendars.clear_cache()
    return gen.generate(
        dossiers=300, wards=2, years=0.2, seed=7, until=UNTIL, progress=lambda _: None
    )


def test_generated_dossiers_read_as_the_services_would_write_them(generated):
    assert Dossier.objects.count() == 300
    assert generated.totals.events > 3 * 300
    assert gen.verify(300) == []
    assert sum(DailyCounter.objects.values_list("last", flat=True)) == 300
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {Status.RETURNED, Status.NOT_RECEIVED} <= statuses
    assert statuses & {Status.PROCESSING, Status.SUPPLEMENT_REQUESTED}
    assert Dossier.objects.aggregate(last=Max("received_at"))["last"] < UNTIL
    with pytest.raises(SystemExit, match="already exists"):
        gen.generate(dossiers=10, wards=1, years=0.1, seed=7, until=UNTIL)


def test_the_check_catches_a_tampered_dossier(generated):
    dossier = Dossier.objects.exclude(status=Status.NOT_RECEIVED).order_by("id").first()
    Dossier.objects.filter(pk=dossier.pk).update(
        due_at=dossier.due_at + dt.timedelta(hours=1), search_text=""
    )
    result = Dossier.objects.filter(status=Status.RETURNED).order_by("id").first()
    Dossier.objects.filter(pk=result.pk).update(worked_seconds=result.worked_seconds + 60)
    counter = DailyCounter.objects.order_by("id").first()
    DailyCounter.objects.filter(pk=counter.pk).update(last=counter.last + 1)
    problems = gen.verify(300)
    assert any(p.startswith(f"{dossier.code}: due_at") for p in problems)
    assert any(p.startswith(f"{result.code}: worked_seconds") for p in problems)
    assert f"{dossier.code}: search_text is not what Dossier.save writes" in problems
    assert any(f"counter {counter.last + 1}" in p for p in problems)


def test_sqlite_is_refused_for_a_large_run(db, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the refusal concerns SQLite only")
    with pytest.raises(SystemExit):
        gen.main(["--dossiers", "1000000"])
    assert "need PostgreSQL" in capsys.readouterr().err


def test_the_inbox_bench_measures_the_first_page_and_the_whole_view(generated, capsys):
    dossiers_bench.bench_inbox(runs=3, show_plans=False)
    out = capsys.readouterr().out
    assert "| unit head, Z99." in out
    assert "EXPLAIN" in out
    assert "Whole page GET /can-bo/ho-so/?hop=unit" in out
    assert "| ids (proposed) |" in out


def test_the_intake_bench_compares_and_leaves_nothing_behind(db, capsys):
    calendars.clear_cache()
    service = dossiers_bench.bench_intake(n=8, seed=1, profile=False, warmup=2, rounds=1)
    out = capsys.readouterr().out
    assert service.count == 8
    assert "Service / raw create:" in out
    assert "INSERT dossiers_dossier" in out
    assert "writes the same rows as the service: yes" in out
    assert not Dossier.objects.exists()


@pytest.mark.urls("bench_urls")
def test_the_bench_baseline_views(db):
    client = Client()
    assert client.get("/bench/bare/").content == b"ok"
    assert client.get("/bench/ma/?ma=KHONG-CO").content == b"-"


def test_the_bench_settings_lift_the_lookup_limit_only():
    import bench_settings

    assert bench_settings.MOTCUA_LOOKUP_RATE[0] >= 10**6
    assert bench_settings.ROOT_URLCONF == "bench_urls"
    assert bench_settings.DEBUG is False


class _Ok(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 200 if self.path.startswith("/ok") else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def tiny_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_the_python_load_client_counts_requests_and_statuses(tiny_server):
    load = lookup_load.python_load(
        "127.0.0.1", tiny_server, ["/ok", "/missing"], clients=3, duration=0.5
    )
    assert load.count > 10
    assert load.statuses[200] > 0 and load.statuses[404] > 0
    assert load.not_ok == load.statuses[404]
    assert 0 < load.percentile(50) <= load.percentile(99) <= load.max


def test_the_paced_client_keeps_its_rate(tiny_server):
    load = lookup_load.python_load(
        "127.0.0.1", tiny_server, ["/ok"], clients=4, duration=1.0, rate=40
    )
    assert 25 <= load.count <= 45


def test_wrk_results_are_read():
    output = (
        "Running 20s test\nRESULT requests=1000 duration_us=2000000 connect=0 read=1 write=0 "
        "status=3 timeout=2 p50=4100 p95=9000 p99=12500 max=30000\n"
    )
    load = lookup_load.parse_wrk(output)
    assert load.rate == 500
    assert load.percentile(99) == 12.5
    assert load.not_ok == 3 + 3


def test_the_machine_check_tells_mine_from_other_peoples_processes():
    me = __import__("os").getpid()
    table = {
        me: (0, 1, "python bench/lookup_load.py"),
        100: (0, me, "wrk -t1 -c50"),
        101: (0, 100, "child of wrk"),
        200: (0, 1, "postgres: 15/main: postgres motcua_bench 127.0.0.1(5) SELECT"),
        201: (0, 1, "postgres: 15/main: parallel worker for PID 200"),
        300: (0, 1, "postgres: 15/main: postgres motcua_bench_ind 127.0.0.1(6) SELECT"),
        301: (0, 1, "postgres: 15/main: parallel worker for PID 300"),
        400: (0, 1, "python -m pytest"),
        500: (0, 2, ""),  # a kernel thread
    }
    mine = machine.mine_predicate("motcua_bench")
    assert {pid for pid in table if mine(pid, table)} == {me, 100, 101, 200, 201, 500}
