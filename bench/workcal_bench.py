"""Benchmark of the working-day engine (motcua.workcal.engine).

    .venv/bin/python bench/workcal_bench.py            # 1,000,000 computations
    .venv/bin/python bench/workcal_bench.py --n 2000   # smoke run, a second or two

Measures, in one process:

1. the engine on due-date computations with mixed deadlines (60 % N working
   days, 30 % N working hours, 10 % same day), on the epoch-seconds API and on
   the datetime API (inputs in Vietnam time, and in UTC as the ORM returns them);
2. the same day-granularity cases ("the N-th working day after date D") on the
   engine, on `holidays`' HolidayBase.get_nth_working_day and on
   numpy.busday_offset (vectorised and one call per case).

The engine must agree with `holidays` on every day-granularity case (exit
status 1 otherwise). numpy cannot express a worked Saturday (làm bù), so its
disagreements are counted and shown, not treated as failures. Results go to
docs/performance.md by hand: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import holidays

from motcua.workcal.engine import Calendar, Deadline
from motcua.workcal.holidays_vn import vietnam_holidays

GOAL_PER_SECOND = 500_000
FIRST_YEAR, LAST_YEAR = 2015, 2040
CASE_YEARS = (2020, 2034)  # deadlines of up to 30 days stay inside the precomputed span


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _timed(function) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def make_cases(n: int, seed: int, calendar: Calendar):
    """Random receipts (any minute, nights and weekends included) and deadlines."""
    rng = random.Random(seed)
    lo = calendar.to_seconds(dt.datetime(CASE_YEARS[0], 1, 1, tzinfo=calendar.tz))
    hi = calendar.to_seconds(dt.datetime(CASE_YEARS[1], 12, 31, tzinfo=calendar.tz))
    minutes = (hi - lo) // 60
    starts = [lo + 60 * rng.randrange(minutes) for _ in range(n)]
    deadlines = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.6:
            deadlines.append(Deadline.days(rng.randint(1, 30)))
        elif roll < 0.9:
            deadlines.append(Deadline.hours(rng.randint(1, 40)))
        else:
            deadlines.append(Deadline.same_day())
    first_day = dt.date(CASE_YEARS[0], 1, 1).toordinal()
    last_day = dt.date(CASE_YEARS[1], 12, 31).toordinal()
    dates = [dt.date.fromordinal(rng.randint(first_day, last_day)) for _ in range(n)]
    counts = [rng.randint(1, 30) for _ in range(n)]
    return starts, deadlines, dates, counts


def bench_engine(calendar: Calendar, starts, deadlines) -> dict:
    due_at_seconds = calendar.due_at_seconds
    _, epoch_time = _timed(
        lambda: [due_at_seconds(s, d) for s, d in zip(starts, deadlines, strict=True)]
    )
    due_at = calendar.due_at
    moments = [calendar.to_datetime(s) for s in starts]
    _, datetime_time = _timed(
        lambda: [due_at(m, d) for m, d in zip(moments, deadlines, strict=True)]
    )
    # What the ORM hands over: aware datetimes in UTC.
    moments = [dt.datetime.fromtimestamp(s, dt.UTC) for s in starts]
    _, utc_time = _timed(lambda: [due_at(m, d) for m, d in zip(moments, deadlines, strict=True)])
    return {"epoch": epoch_time, "datetime": datetime_time, "utc": utc_time}


def engine_day_results(calendar: Calendar, dates, counts):
    """N-th working day after D as the engine sees it: received D 10:00, N working days."""
    ten = dt.time(10, 0)
    starts = [calendar.to_seconds(dt.datetime.combine(d, ten, tzinfo=calendar.tz)) for d in dates]
    work = [n * calendar.day_seconds for n in counts]
    due_seconds = calendar.due_seconds
    results, seconds = _timed(
        lambda: [due_seconds(s, w) for s, w in zip(starts, work, strict=True)]
    )
    tz = calendar.tz
    return [dt.datetime.fromtimestamp(r, tz).date() for r in results], seconds


def holidays_day_results(dates, counts):
    reference = holidays.country_holidays("VN", years=range(FIRST_YEAR, LAST_YEAR + 1))
    nth = reference.get_nth_working_day
    return _timed(lambda: [nth(d, n) for d, n in zip(dates, counts, strict=True)])


def numpy_day_results(dates, counts, scalar_n: int):
    try:
        import numpy as np
    except ImportError:
        return None
    days_off = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        days_off += [d for d in vietnam_holidays(year).off if d.weekday() < 5]
    busdays = np.busdaycalendar(weekmask="1111100", holidays=np.array(days_off, "datetime64[D]"))
    starts = np.array(dates, dtype="datetime64[D]")
    offsets = np.array(counts)
    # roll="backward": a start on a day off counts from the previous working day, which
    # matches get_nth_working_day (the first working day after D is the first one counted).
    vector, vector_time = _timed(
        lambda: np.busday_offset(starts, offsets, roll="backward", busdaycal=busdays)
    )
    offset = np.busday_offset
    sample = list(zip(starts[:scalar_n], offsets[:scalar_n], strict=True))
    _, scalar_time = _timed(
        lambda: [offset(s, n, roll="backward", busdaycal=busdays) for s, n in sample]
    )
    return vector.astype(object).tolist(), vector_time, scalar_time, len(sample)


def makeup_days():
    found = set()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        found |= set(vietnam_holidays(year).work)
    return found


def report(args, rows, checks, build_time) -> str:
    lines = [
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"holidays {holidays.__version__}, N = {args.n:,}, seed {args.seed}; "
        f"calendar {FIRST_YEAR}–{LAST_YEAR} built in {build_time * 1000:.0f} ms.",
        "",
        "| what | cases | seconds | per second | vs holidays |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    reference_rate = next(rate for name, _, _, rate in rows if name.startswith("holidays"))
    for name, count, seconds, rate in rows:
        lines.append(
            f"| {name} | {count:,} | {seconds:.3f} | {rate:,.0f} | {rate / reference_rate:,.1f}× |"
        )
    lines += ["", *checks]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="due-date computations")
    parser.add_argument(
        "--scalar-n", type=int, default=100_000, help="cases for numpy called once per case (slow)"
    )
    parser.add_argument("--seed", type=int, default=20260213)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")

    calendar, build_time = _timed(
        lambda: Calendar(source=vietnam_holidays, years=(FIRST_YEAR, LAST_YEAR))
    )
    starts, deadlines, dates, counts = make_cases(args.n, args.seed, calendar)

    engine_times = bench_engine(calendar, starts, deadlines)
    engine_days, engine_day_time = engine_day_results(calendar, dates, counts)
    holiday_days, holiday_time = holidays_day_results(dates, counts)
    numpy_result = numpy_day_results(dates, counts, min(args.scalar_n, args.n))

    rows = [
        ("engine, mixed deadlines, epoch seconds", args.n, engine_times["epoch"]),
        (
            "engine, mixed deadlines, aware datetimes (Asia/Ho_Chi_Minh)",
            args.n,
            engine_times["datetime"],
        ),
        (
            "engine, mixed deadlines, aware datetimes (UTC, as from the database)",
            args.n,
            engine_times["utc"],
        ),
        ("engine, N-th working day", args.n, engine_day_time),
        ("holidays get_nth_working_day", args.n, holiday_time),
    ]
    disagreements = sum(1 for a, b in zip(engine_days, holiday_days, strict=True) if a != b)
    checks = [f"Engine vs holidays: {disagreements} of {args.n:,} day results differ."]
    if numpy_result is not None:
        numpy_days, vector_time, scalar_time, scalar_count = numpy_result
        rows += [
            ("numpy busday_offset, one vectorised call", args.n, vector_time),
            ("numpy busday_offset, one call per case", scalar_count, scalar_time),
        ]
        makeups = makeup_days()
        numpy_off = [
            i for i, (a, b) in enumerate(zip(numpy_days, holiday_days, strict=True)) if a != b
        ]
        explained = sum(
            1 for i in numpy_off if any(dates[i] < day <= holiday_days[i] for day in makeups)
        )
        checks.append(
            f"numpy vs holidays: {len(numpy_off)} differ, {explained} of them span a worked "
            "Saturday (làm bù), which a numpy weekmask cannot express."
        )
    else:
        checks.append("numpy is not installed: its rows are left out.")
    rates = {kind: _rate(args.n, seconds) for kind, seconds in engine_times.items()}
    checks.append(
        f"Goal ≥ {GOAL_PER_SECOND:,}/s: epoch-seconds API {rates['epoch']:,.0f}/s, "
        f"datetime API {rates['datetime']:,.0f}/s (Vietnam time) and "
        f"{rates['utc']:,.0f}/s (UTC)."
    )
    rows = [(name, count, seconds, _rate(count, seconds)) for name, count, seconds in rows]
    print(report(args, rows, checks, build_time))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
