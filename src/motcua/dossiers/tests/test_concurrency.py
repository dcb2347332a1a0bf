"""200 intakes at once on PostgreSQL: 200 distinct, gap-free codes and register numbers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from motcua.dossiers import events, services
from motcua.dossiers.models import Dossier, DossierEvent

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


def test_parallel_intakes_and_refusals_get_distinct_register_numbers(org, procs, staff):
    """Over several days of one year: Mẫu 01 numbers 1…N in the receipt register, Mẫu 03
    numbers 1…M in the ward's register of outgoing documents, none twice."""
    start = threading.Barrier(THREADS)
    local = threading.local()

    def act(index):
        if not getattr(local, "waited", False):
            local.waited = True
            start.wait()
        common = {
            "actor": staff.counter,
            "receiving_agency": org.center,
            "procedure": procs.three_days,
            "applicant": APPLICANT,
            "at": at(2026, 3, 2 + index % 5, 9),
        }
        try:
            if index % 4 == 0:
                services.refuse_intake(reasons="Không thuộc thẩm quyền", **common)
            else:
                services.receive_dossier(**common)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(act, range(INTAKES)))

    def numbers(kind):
        rows = DossierEvent.objects.filter(kind=kind)
        return sorted(events.read(row).register_number for row in rows)

    refusals = INTAKES // 4
    assert numbers("received") == list(range(1, INTAKES - refusals + 1))
    assert numbers("refused") == list(range(1, refusals + 1))
