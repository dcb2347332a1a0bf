"""bench/workcal_bench.py keeps running: a tiny N, checked for its correctness lines only."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[4] / "bench" / "workcal_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("workcal_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_runs_and_agrees_with_holidays(capsys):
    bench = load_bench()
    assert bench.main(["--n", "300", "--scalar-n", "50", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Engine vs holidays: 0 of 300 day results differ." in out
    assert "| holidays get_nth_working_day | 300 |" in out
    assert "| engine, mixed deadlines, aware datetimes (UTC, as from the database) | 300 |" in out
    assert "numpy vs holidays" in out


def test_the_benchmark_cases_are_reproducible():
    bench = load_bench()
    calendar = bench.Calendar(source=bench.vietnam_holidays, years=(2020, 2034))
    assert bench.make_cases(50, 3, calendar) == bench.make_cases(50, 3, calendar)
