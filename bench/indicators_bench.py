"""Benchmark of the Decision 766 scorecard on PostgreSQL (issue 4, §8).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench
    .venv/bin/python bench/generate_dossiers.py --dossiers 1000000 --wards 114 --years 2 \\
        --until 2026-11-28T08:00                      # once, into a fresh migrated database
    .venv/bin/python bench/indicators_bench.py        # ward-month and province-year
    .venv/bin/python bench/indicators_bench.py --explain --runs 5

Measures, with the generated province (bench/generate_dossiers.py) in the database:

1. **ward-month**: ``collectors.scorecard(Scope.of(ward), month)`` for the busiest ward
   and the last closed month before the data's cut;
2. **province-year**: ``collectors.scorecard(Scope.of(province), year)`` for the last
   closed calendar year;

each side by side with **the floor**: one hand-written SQL statement that computes the
same dossier counts (``COUNT(*) FILTER (WHERE …)``) over the same rows — what reading
those rows costs at least, whatever the code around it. The scorecard also reads the
catalogue (the versions in force), which the floor does not; "its dossier query" times
the collectors' own aggregate alone (``measures.count``), the part the floor is the floor
of. For information: the directive's rates of the same scopes (per unit / per ward, with
the processing time) and one drill-down list (count + first page).

``--index create`` adds the index this benchmark argues for (see docs/performance.md),
``--index drop`` removes it, to measure both; by default the schema is left alone.

Before timing, the floor's counts are checked against the collectors' (exit status 1 on
any difference). Times are wall-clock medians of ``--runs`` runs after one warm-up run, in
one process, with a fresh Scope each run (a request would build one). Goals: ward-month
≤ 300 ms and ≤ 1.5 × the floor; province-year ≤ 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from collections.abc import Callable

import benchenv  # noqa: F401  (sets Django up)
from django.db import connection
from django.db.models import Count, Max

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.indicators import collectors, measures, rates
from motcua.indicators.drilldown import drill
from motcua.indicators.measures import RATIOS, Window
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.org.models import Agency, AgencyKind

PROVINCE_CODE = "Z99"
WARD_MONTH_GOAL_MS = 300
WARD_MONTH_FLOOR_RATIO = 1.5
PROVINCE_YEAR_GOAL_MS = 3000

# The floor: the dossier counts of the scorecard in one statement. Conditions written out
# by hand from docs/indicators.md ("Collectors"), not generated from measures.py.
FLOOR_SQL = """
WITH alive AS (
    SELECT * FROM dossiers_dossier
    WHERE ward_id = ANY(%(wards)s)
      AND received_at < %(as_of)s
      AND (finished_at IS NULL OR finished_at >= %(start)s)
), flagged AS (
    SELECT *,
        (received_at >= %(start)s) AS rec,
        (finished_at >= %(start)s AND finished_at < %(as_of)s) AS fin,
        (status = 7 AND finished_at < %(as_of)s) AS withdrawn_by,
        -- received before the period, still open at its end and late then (NULLs: not
        -- within time), the carried-over late dossiers of issue #9 section 5
        (received_at < %(start)s AND (finished_at IS NULL OR finished_at >= %(as_of)s)
         AND NOT COALESCE(legal_due_at >= %(as_of)s
                          OR (paused_at <= %(as_of)s AND remaining_seconds >= 0), false))
            AS late_open
    FROM alive
)
SELECT
    count(*) FILTER (WHERE rec) AS received,
    count(*) FILTER (WHERE rec AND channel = 2) AS received_online,
    count(*) FILTER (WHERE rec AND fee_vnd > 0 AND fee_payment <> 'exempt') AS fee,
    count(*) FILTER (WHERE rec AND fee_vnd > 0 AND fee_payment = 'online') AS fee_paid_online,
    count(*) FILTER (WHERE rec AND digitised) AS digitised,
    count(*) FILTER (WHERE fin AND status IN (9, 10)) AS with_result,
    count(*) FILTER (WHERE fin AND status IN (9, 10) AND electronic_result) AS electronic_result,
    count(*) FILTER (WHERE (rec OR fin OR late_open) AND NOT withdrawn_by) AS progress_base,
    count(*) FILTER (
        WHERE (rec OR fin) AND NOT withdrawn_by AND (
            (finished_at < %(as_of)s AND (
                outcome IN ('early', 'on_time')
                OR (status = 8 AND (
                    legal_due_at >= finished_at
                    OR (paused_at <= finished_at AND remaining_seconds >= 0)))))
            OR ((finished_at IS NULL OR finished_at >= %(as_of)s) AND (
                legal_due_at >= %(as_of)s
                OR (paused_at <= %(as_of)s AND remaining_seconds >= 0)))
        )
    ) AS progress_ok
FROM flagged
"""
FLOOR_COLUMNS = (
    "received",
    "received_online",
    "fee",
    "fee_paid_online",
    "digitised",
    "with_result",
    "electronic_result",
    "progress_base",
    "progress_ok",
)


def log(message: str = "") -> None:
    print(message, flush=True)


def floor(scope: Scope, window: Window) -> dict[str, int]:
    params = {"wards": scope.ward_ids, "start": window.start, "as_of": window.as_of}
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, params)
        return dict(zip(FLOOR_COLUMNS, cursor.fetchone(), strict=True))


def collector_counts(result: collectors.ScorecardResult) -> dict[str, int]:
    """The scorecard's dossier counts under the floor's column names."""
    found = {}
    for code in collectors.DOSSIER_ITEMS:
        ratio, count = RATIOS[code], result.counts[code]
        found[ratio.numerator] = count.numerator
        found[ratio.denominator] = count.denominator
    return {name: found[name] for name in FLOOR_COLUMNS}


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    result = fn()  # warm-up: calendars, connection, plan cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def describe(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):8.1f} ms   min {min(times):8.1f}   "
        f"max {max(times):8.1f}   (n={len(times)})"
    )


def explain(scope: Scope, window: Window) -> None:
    params = {"wards": scope.ward_ids, "start": window.start, "as_of": window.as_of}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + FLOOR_SQL, params)
        for (line,) in cursor.fetchall():
            log(f"    {line}")


# --- what to measure -------------------------------------------------------------------------


def busiest_ward(province: Agency) -> Agency:
    row = (
        Dossier.objects.filter(ward__province=province)
        .values("ward_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return Agency.objects.get(pk=row["ward_id"])


def data_cut() -> dt.datetime:
    """The moment the generated data stops (just after its latest event): "now"."""
    latest = DossierEvent.objects.aggregate(latest=Max("at"))["latest"]
    return latest + dt.timedelta(minutes=1)


INDEX_NAME = "dossier_ward_finished"
INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON dossiers_dossier (ward_id, finished_at)"


def set_index(wanted: bool | None) -> bool:
    """Create or drop the proposed (ward, finished_at) index; report whether it exists."""
    with connection.cursor() as cursor:
        if wanted is True:
            cursor.execute(INDEX_SQL)
            cursor.execute("ANALYZE dossiers_dossier")
        elif wanted is False:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [INDEX_NAME])
        return cursor.fetchone() is not None


def case(
    name: str,
    scope_of: Callable[[], Scope],
    period: Period,
    now: dt.datetime,
    runs: int,
    *,
    group_by: str,
    show_plan: bool,
) -> dict:
    log(f"\n{name}: {scope_of().label}, {period.label} (judged at {now:%d/%m/%Y %H:%M})")
    window = Window.of(period, now)
    result = collectors.scorecard(scope_of(), period, now=now)
    expected = floor(scope_of(), window)
    got = collector_counts(result)
    if got != expected:
        log(f"  MISMATCH collectors {got} != floor {expected}")
        raise SystemExit(1)
    log(f"  counts (collectors = floor): {expected}")
    log(f"  total score {result.card.total} / 100")
    sc_times, _ = timed(lambda: collectors.scorecard(scope_of(), period, now=now), runs)
    floor_times, _ = timed(lambda: floor(scope_of(), window), runs)
    names = [*collectors.dossier_measure_names(), *collectors.USED_MEASURES]
    aggregate_times, _ = timed(
        lambda: measures.count(scope_of(), window, names, group_by=("ward", "procedure")), runs
    )
    rate_times, table = timed(
        lambda: rates.rates(scope_of(), period, group_by=group_by, now=now), max(3, runs // 4)
    )
    drill_times, _ = timed(lambda: _first_page(scope_of(), period, now), max(3, runs // 4))
    log(f"  scorecard            {describe(sc_times)}")
    log(f"  floor (one SQL)      {describe(floor_times)}")
    log(f"  its dossier query    {describe(aggregate_times)}")
    log(f"  rates by {group_by:<11} {describe(rate_times)}   ({len(table.rows)} rows)")
    log(f"  drill-down, page 1   {describe(drill_times)}")
    ratio = statistics.median(sc_times) / statistics.median(floor_times)
    query_ratio = statistics.median(aggregate_times) / statistics.median(floor_times)
    log(f"  scorecard / floor = {ratio:.2f}; its dossier query / floor = {query_ratio:.2f}")
    if show_plan:
        log("  plan of the floor:")
        explain(scope_of(), window)
    return {
        "scorecard": statistics.median(sc_times),
        "floor": statistics.median(floor_times),
        "ratio": ratio,
    }


def _first_page(scope: Scope, period: Period, now: dt.datetime):
    listing = drill("PROGRESS_ON_TIME", "missing", scope, period, now=now)
    return listing.count(), list(listing.dossiers.order_by("received_at", "pk")[:25])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case")
    parser.add_argument("--explain", action="store_true", help="print the floor's plans")
    parser.add_argument(
        "--index",
        choices=("create", "drop", "keep"),
        default="keep",
        help=f"create or drop the proposed index {INDEX_NAME} (ward_id, finished_at) first",
    )
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        parser.error("PostgreSQL only: set DATABASE_URL=postgres://…")
    province = Agency.objects.filter(code=PROVINCE_CODE, kind=AgencyKind.PROVINCE).first()
    if province is None:
        parser.error("no generated data: run bench/generate_dossiers.py first")
    has_index = set_index({"create": True, "drop": False, "keep": None}[args.index])
    now = data_cut()
    ward = busiest_ward(province)
    month = Period.containing("month", now).previous()
    year = Period.containing("year", now).previous()
    total = Dossier.objects.count()
    log(
        f"PostgreSQL {connection.pg_version // 10000}, Python {platform.python_version()}, "
        f"{total:,} dossiers, data cut at {now:%d/%m/%Y %H:%M}, "
        f"index {INDEX_NAME} {'present' if has_index else 'absent'}"
    )
    ward_month = case(
        "ward-month",
        lambda: Scope.of(ward),
        month,
        now,
        args.runs,
        group_by="unit",
        show_plan=args.explain,
    )
    province_year = case(
        "province-year",
        lambda: Scope.of(province),
        year,
        now,
        max(3, args.runs // 4),
        group_by="ward",
        show_plan=args.explain,
    )
    goals = [
        ("ward-month ≤ 300 ms", ward_month["scorecard"] <= WARD_MONTH_GOAL_MS),
        ("ward-month ≤ 1.5 × floor", ward_month["ratio"] <= WARD_MONTH_FLOOR_RATIO),
        ("province-year ≤ 3 s", province_year["scorecard"] <= PROVINCE_YEAR_GOAL_MS),
    ]
    log("")
    for label, met in goals:
        log(f"  {'met' if met else 'MISSED'}: {label}")
    return 0 if all(met for _, met in goals) else 2


if __name__ == "__main__":
    sys.exit(main())
