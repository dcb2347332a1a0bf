"""200 intakes at once on PostgreSQL: 200 distinct, gap-free codes."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import APPLICANT, at

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock concurrency is a PostgreSQL property; SQLite serialises",
    ),
]

INTAKES = 200
THREADS = 32


def test_parallel_intakes_get_distinct_gap_free_codes(org, procs, staff):
    start = threading.Barrier(THREADS)
    local = threading.local()

    def intake(_):
        if not getattr(local, "waited", False):
            local.waited = True
            start.wait()
        try:
            return services.receive_dossier(
                actor=staff.counter,
                receiving_agency=org.center,
                procedure=procs.three_days,
                applicant=APPLICANT,
                at=at(2026, 3, 2, 9),
            ).code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = list(pool.map(intake, range(INTAKES)))

    assert len(set(codes)) == INTAKES
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, INTAKES + 1))
    assert Dossier.objects.count() == INTAKES
