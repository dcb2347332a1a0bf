"""bench/outbox_bench.py keeps working (a tiny run; the timing is for a quiet machine)."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_outbox_bench_runs_and_leaves_nothing(monkeypatch):
    import machine
    import outbox_bench

    from motcua.outbound.models import Message

    monkeypatch.setattr(machine, "PATIENCE", 0)
    monkeypatch.setattr(machine, "ATTEMPTS", 1)
    result = outbox_bench.run(n=120, batch=25, rounds=1, say=lambda _: None)
    assert result["bare"] > 0 and result["worker"] > 0 and result["ratio"] > 0
    assert not Message.objects.exists()
