"""Load test of the public dossier lookup under gunicorn (issue 3, §8).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench
    .venv/bin/python bench/lookup_load.py                          # 50 clients, 20 s each
    .venv/bin/python bench/lookup_load.py --clients 10 --duration 5

Starts gunicorn on 127.0.0.1 with bench_settings (the product's settings with DEBUG off,
the lookup's rate limit raised, two baseline views) on the database of DATABASE_URL,
then, for each target in turn — a bare Django view, one query by dossier code, and the
public lookup /tra-cuu/?ma=<code> — keeps --clients concurrent clients busy for
--duration seconds (a closed loop: each client sends its next request as soon as the
previous one is answered), every request for a random existing code and from one of the
clients' own addresses (X-Forwarded-For; bench_settings trusts one proxy hop). Paced runs
then send each of --paced-rates requests per second, spread over the same clients (at 50
requests/s, each of 50 clients asks once a second), latency counted from the moment each
request was due: the latency of a server that is not saturated.

The load comes from wrk (apt-get install wrk) when it is installed — it is written in C
and leaves the two cores to the server — else from the Python client below (threads +
http.client), which itself needs about a core at full speed. Loopback only, bounded in
time; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import machine

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
GOAL_P99_MS = 25
CODES = 20_000


# --- The load -------------------------------------------------------------------------------


@dataclass
class Load:
    """What one run measured: latencies in ms, statuses, wall time."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    # wrk gives percentiles, not every latency
    summary: dict[str, float] | None = None
    requests: int = 0

    @property
    def count(self) -> int:
        return self.requests or len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if self.summary is not None:
            return self.summary[f"p{p}"]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def max(self) -> float:
        return self.summary["max"] if self.summary is not None else max(self.latencies)

    @property
    def not_ok(self) -> int:
        return self.errors + sum(n for status, n in self.statuses.items() if status != 200)


def client_address(number: int) -> str:
    """The address one simulated client comes from (as a reverse proxy would report it)."""
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256 or 1}"


def python_load(
    host: str,
    port: int,
    paths: list[str],
    *,
    clients: int,
    duration: float,
    rate: float | None = None,
    seed: int = 1,
) -> Load:
    """``clients`` threads sending GETs for ``duration`` seconds; paced when ``rate`` is set.

    Paced: the clients together send ``rate`` requests per second at fixed moments, and a
    latency counts from the moment a request was due, so a slow answer is not hidden by
    the requests it delayed.
    """
    deadline = time.perf_counter() + duration
    results: list[Load] = [Load(duration) for _ in range(clients)]
    interval = clients / rate if rate else 0.0

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        load = results[number]
        headers = {"X-Forwarded-For": client_address(number)}
        connection = http.client.HTTPConnection(host, port, timeout=10)
        due = time.perf_counter() + rng.uniform(0, interval)
        while True:
            if interval:
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            started = due if interval else time.perf_counter()
            if started >= deadline:
                break
            try:
                connection.request("GET", rng.choice(paths), headers=headers)
                response = connection.getresponse()
                response.read()
                load.statuses[response.status] += 1
            except (OSError, http.client.HTTPException):
                load.errors += 1
                connection.close()
                continue
            load.latencies.append((time.perf_counter() - started) * 1000)
            due += interval
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
    total = Load(time.perf_counter() - started)
    for load in results:
        total.latencies += load.latencies
        total.statuses += load.statuses
        total.errors += load.errors
    return total


# wrk runs LuaJIT (Lua 5.1): no integer division operator.
WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local clients = %(clients)d
math.randomseed(%(seed)d)
request = function()
  local n = math.random(clients)
  local address = string.format("10.%%d.%%d.%%d", math.floor(n / 65536) %% 256,
    math.floor(n / 256) %% 256, n %% 256)
  return wrk.format("GET", paths[math.random(#paths)], {["X-Forwarded-For"] = address})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d duration_us=%%d connect=%%d read=%%d write=%%d " ..
    "status=%%d timeout=%%d p50=%%d p95=%%d p99=%%d max=%%d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""
WRK_RESULT = re.compile(r"RESULT (.*)")


def parse_wrk(output: str) -> Load:
    """The RESULT line that WRK_SCRIPT's done() prints → a Load (latencies in ms)."""
    found = WRK_RESULT.search(output)
    if found is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in found.group(1).split())}
    load = Load(values["duration_us"] / 1e6, requests=values["requests"])
    load.summary = {p: values[p] / 1000 for p in ("p50", "p95", "p99", "max")}
    load.errors = sum(values[k] for k in ("connect", "read", "write", "timeout"))
    load.statuses[200] = values["requests"] - values["status"]
    load.statuses["other"] = values["status"]
    return load


def wrk_load(base: str, paths: list[str], *, clients: int, duration: float, seed: int) -> Load:
    with tempfile.TemporaryDirectory() as folder:
        path_file = Path(folder) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n")
        script = Path(folder) / "lookup.lua"
        script.write_text(WRK_SCRIPT % {"paths": path_file, "clients": clients, "seed": seed})
        command = [
            "wrk", "-t1", f"-c{clients}", f"-d{duration:g}s", "--timeout", "10s",
            "-s", str(script), base,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    return parse_wrk(done.stdout + done.stderr)


# --- The server -----------------------------------------------------------------------------


class Gunicorn:
    """gunicorn serving motcua on the loopback with bench_settings; stopped on exit."""

    def __init__(self, port: int, workers: int, *, threads: int = 1):
        self.port, self.workers, self.threads = port, workers, threads
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DB_CONN_MAX_AGE": "600",
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn), "motcua.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                # gthread keeps connections alive; sync (threads = 1) closes each one.
                "--worker-class", "gthread" if self.threads > 1 else "sync",
                "--threads", str(self.threads),
                "--pythonpath", f"{ROOT / 'src'},{BENCH_DIR}",
                "--backlog", "2048",
                "--log-level", "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )  # fmt: skip
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/bench/bare/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- The runs -------------------------------------------------------------------------------


def existing_codes(count: int, seed: int) -> list[str]:
    """``count`` codes of generated dossiers, chosen at random (deterministically)."""
    import benchenv  # noqa: F401  (sets Django up)
    from django.db.models import Max, Min

    from motcua.dossiers.models import Dossier

    bounds = Dossier.objects.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        raise SystemExit("No dossiers here: run bench/generate_dossiers.py first.")
    ids = random.Random(seed).sample(
        range(bounds["low"], bounds["high"] + 1), min(count * 2, bounds["high"] - bounds["low"] + 1)
    )
    codes = list(Dossier.objects.filter(id__in=ids).values_list("code", flat=True)[:count])
    return codes


def check_lookup_page(port: int, code: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", f"/tra-cuu/?ma={code}", headers={"X-Forwarded-For": "10.9.9.9"})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200 or code not in body:
        raise SystemExit(f"/tra-cuu/?ma={code} answered {response.status} without the dossier")


def one_request_costs(codes: list[str], n: int = 300) -> list[tuple[str, float]]:
    """Milliseconds per request in this process, one at a time (median of ``n``): the whole
    request through Django's test client for each target, and the lookup's parts."""
    import benchenv  # noqa: F401
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from motcua.dossiers import lookup
    from motcua.dossiers.web import throttle
    from motcua.dossiers.web.public import TEMPLATE
    from motcua.dossiers.web.public_forms import LookupForm

    client = Client(HTTP_HOST="localhost")
    sample = codes[:n]

    def median_ms(function) -> float:
        times = []
        for number, code in enumerate(sample):
            started = time.perf_counter()
            function(code, number)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def get(path):
        return lambda code, number: client.get(
            path.format(code=code), HTTP_X_FORWARDED_FOR=client_address(number)
        )

    requests = RequestFactory()

    def render(code, number):
        request = requests.get("/tra-cuu/", {"ma": code})
        request.user = AnonymousUser()
        context = {
            "form": LookupForm(initial={"ma": code}),
            "searched": True,
            "code": code,
            "result": results[code],
        }
        render_to_string(TEMPLATE, context, request=request)

    results = {code: lookup.lookup(code) for code in sample}
    limit = throttle.lookup_limit()
    rows = [
        ("bare Django view", median_ms(get("/bench/bare/"))),
        ("one query by code", median_ms(get("/bench/ma/?ma={code}"))),
        ("lookup /tra-cuu/", median_ms(get("/tra-cuu/?ma={code}"))),
        (
            "  part: rate limiter (one upsert)",
            median_ms(lambda code, number: limit.consume(client_address(number))),
        ),
        ("  part: lookup.lookup (2 queries)", median_ms(lambda code, n: lookup.lookup(code))),
        ("  part: template rendering", median_ms(render)),
    ]
    return rows


@dataclass
class Row:
    target: str
    load: Load
    cpu: float  # share of the CPUs busy during the run, everyone's
    others: float = 0.0  # share taken by other people's processes


def measure(name: str, port: int, paths: list[str], args, *, rate: float | None = None) -> Row:
    """One target under load, on a quiet machine (see machine.undisturbed)."""
    base = f"http://127.0.0.1:{port}"

    def run() -> tuple[Load, float]:
        busy0, total0 = machine.cpu_jiffies()
        if rate is None and args.client == "wrk":
            load = wrk_load(
                base, paths, clients=args.clients, duration=args.duration, seed=args.seed
            )
        else:
            load = python_load(
                "127.0.0.1",
                port,
                paths,
                clients=args.clients,
                duration=args.duration,
                rate=rate,
                seed=args.seed,
            )
        busy1, total1 = machine.cpu_jiffies()
        return load, (busy1 - busy0) / max(1, total1 - total0)

    (load, cpu), others = machine.undisturbed(
        run, database=database_name(), say=lambda message: print(f"| {message} |", flush=True)
    )
    row = Row(name, load, cpu, others)
    print(format_row(row), flush=True)
    return row


def database_name() -> str:
    import benchenv  # noqa: F401
    from django.db import connection

    return connection.settings_dict["NAME"]


HEADER = (
    "| target | requests | per second | p50 ms | p95 ms | p99 ms | max ms | not 200 "
    "| CPU busy | of which others |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def format_row(row: Row) -> str:
    load = row.load
    return (
        f"| {row.target} | {load.count:,} | {load.rate:,.0f} | {load.percentile(50):.1f} | "
        f"{load.percentile(95):.1f} | {load.percentile(99):.1f} | {load.max:.1f} | "
        f"{load.not_ok:,} | {row.cpu:.0%} | {row.others:.0%} |"
    )


def verdict(closed: Row, paced: list[Row], args) -> str:
    """The goal, read both ways: clients sending back to back, and clients at a pace."""
    p99 = closed.load.percentile(99)
    lines = [
        f"\nLookup p99 {p99:.1f} ms with {args.clients} clients sending back to back "
        f"(goal ≤ {GOAL_P99_MS} ms: {'met' if p99 <= GOAL_P99_MS else 'NOT met'})."
    ]
    for row in paced:
        p99 = row.load.percentile(99)
        lines.append(
            f"Lookup p99 {p99:.1f} ms at {row.load.rate:,.0f} requests/s from {args.clients} "
            f"clients (goal ≤ {GOAL_P99_MS} ms: {'met' if p99 <= GOAL_P99_MS else 'NOT met'})."
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20, help="seconds per target")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (> 1: gthread workers)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--paced-rates",
        type=lambda text: [float(r) for r in text.split(",") if r.strip()],
        default=[50, 100, 200],
        help="comma-separated requests/s for the paced runs; empty: none",
    )
    parser.add_argument("--client", choices=("wrk", "python"), default=None)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    args.client = args.client or ("wrk" if shutil.which("wrk") else "python")
    codes = existing_codes(CODES, args.seed)
    lookups = [f"/tra-cuu/?ma={code}" for code in codes]
    print(
        f"{args.clients} clients × {args.duration:g} s per target, load from {args.client}, "
        f"gunicorn {args.workers} workers × {args.threads} thread(s), "
        f"{len(codes):,} random existing codes, "
        f"{os.cpu_count()} CPUs.",
        flush=True,
    )
    print("\nOne request at a time, in this process (Django test client), median ms:\n")
    print("| what | ms |\n| --- | ---: |")
    for what, ms in one_request_costs(codes):
        print(f"| {what} | {ms:.2f} |", flush=True)
    print()
    print(HEADER, flush=True)
    rows = []
    with Gunicorn(args.port, args.workers, threads=args.threads) as server:
        check_lookup_page(server.port, codes[0])
        warm_up = argparse.Namespace(**{**vars(args), "duration": min(3, args.duration)})
        measure("warm-up (not counted)", server.port, lookups, warm_up)
        rows.append(measure("bare Django view", server.port, ["/bench/bare/"], args))
        one_query = [f"/bench/ma/?ma={c}" for c in codes]
        rows.append(measure("one query by code", server.port, one_query, args))
        lookup = measure("lookup /tra-cuu/", server.port, lookups, args)
        rows.append(lookup)
        paced = [
            measure(
                f"lookup, {args.clients} clients paced at {rate:g} requests/s",
                server.port,
                lookups,
                args,
                rate=rate,
            )
            for rate in args.paced_rates
        ]
        rows += paced
    print(verdict(lookup, paced, args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
