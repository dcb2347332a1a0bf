"""The directive's rates against the hand-built datasets of tests/conftest.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import OnlineLevel, SupplementEffect
from motcua.dossiers.models import Dossier
from motcua.indicators import rates
from motcua.indicators.measures import Window
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope

from .conftest import APRIL_15, at, publish

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)

REPORT_COLUMNS = (
    "received",
    "carried_over",
    "received_online",
    "received_counter",
    "received_postal",
    "received_fully_online",
    "fee",
    "fee_paid_online",
    "finished",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "in_progress",
    "in_progress_within",
    "in_progress_overdue",
    "processed",
)


def columns(row):
    return {name: getattr(row, name) for name in REPORT_COLUMNS}


def test_ward_march_report_counted_by_hand(march_full, org):
    table = rates.rates(Scope.of(org.ward), MARCH, now=APRIL_15)
    assert len(table.rows) == 1 and table.total is table.rows[0]
    row = table.total
    assert columns(row) == {
        "received": 11,  # d1–d8, d12, d13, d16
        "carried_over": 1,  # d10 (received 25/02, open on 01/03)
        "received_online": 5,  # d1, d3, d6, d8, d12
        "received_counter": 5,  # d2, d4, d7, d13, d16
        "received_postal": 1,  # d5
        "received_fully_online": 4,  # online and FULL: d1, d6, d8, d12 (d3 is partial)
        "fee": 6,
        "fee_paid_online": 2,
        "finished": 7,  # d1–d5, d10, d13 (stopped); d12 withdrawn is not
        "finished_early": 1,  # d1
        "finished_on_time": 4,  # d2, d3, d4, d13
        "finished_late": 2,  # d5, d10
        "in_progress": 4,  # d6, d7, d8, d16 at 31/03 24:00
        "in_progress_within": 3,  # d6, d8, d16 (paused with time left)
        "in_progress_overdue": 1,  # d7
        "processed": 6,  # results: d1–d5, d10
    }
    assert row.handled == 12
    assert row.on_time_rate == Decimal("71.43")  # 5/7
    assert row.online_rate == Decimal("45.45")
    assert row.fully_online_rate == Decimal("36.36")  # 4/11
    assert row.paid_online_rate == Decimal("33.33")
    # Working hours: d1 17, d2 23, d3 23.5, d4 40, d5 29, d10 33 → 165.5 h = 20.6875 days.
    assert row.processing_days == Fraction(165.5 / 8)
    assert row.avg_processing_days == Decimal("3.45")
    assert row.open_overdue is None  # March is closed: "overdue now" belongs to April


def test_rates_per_unit_one_row_each_and_the_total_adds_up(march_full, org):
    table = rates.rates(Scope.of(org.ward), MARCH, group_by="unit", now=APRIL_15)
    assert [r.label for r in table.rows] == ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]
    unit_b, unit_a = table.rows
    assert unit_a.key == org.unit_a.pk and unit_b.key == org.unit_b.pk
    assert (unit_a.received, unit_a.finished, unit_a.finished_late) == (9, 5, 2)
    assert (unit_b.received, unit_b.finished, unit_b.finished_on_time) == (2, 2, 2)
    assert unit_b.on_time_rate == Decimal("100.00")
    assert unit_a.avg_processing_days == Decimal("3.14")  # 125.5 h / 8 / 5
    assert unit_b.avg_processing_days == Decimal("5.00")  # d4: 40 h
    ungrouped = rates.rates(Scope.of(org.ward), MARCH, now=APRIL_15).total
    assert columns(table.total) == columns(ungrouped)
    assert table.total.avg_processing_days == ungrouped.avg_processing_days


def test_rates_per_procedure_and_per_ward(march_full, org, catalogue):
    table = rates.rates(Scope.of(org.ward), MARCH, group_by="procedure", now=APRIL_15)
    by_key = {r.key: r for r in table.rows}
    assert by_key[catalogue.full.pk].received_fully_online == 4
    assert by_key[catalogue.full.pk].label == "2.000001 — Đăng ký khai sinh"
    assert by_key[catalogue.part.pk].carried_over == 1
    assert by_key[catalogue.none.pk].received == 2
    assert catalogue.unused.pk not in by_key  # no dossier at all
    province = rates.rates(Scope.of(org.province), MARCH, group_by="ward", now=APRIL_15)
    # Ordered by name: Phường Hai (the other ward) before Phường Một.
    assert [r.key for r in province.rows] == [org.other_ward.pk, org.ward.pk]
    other = province.rows[0]
    assert (other.received, other.finished, other.finished_early) == (1, 1, 1)
    assert province.total.received == 12


def test_running_period_counts_overdue_now(march_full, org):
    table = rates.rates(Scope.of(org.ward), APRIL, group_by="unit", now=APRIL_15)
    row = table.total
    assert row.received == 1  # d9
    assert row.carried_over == 4  # d6, d7, d8, d16
    assert (row.finished, row.finished_early, row.finished_late) == (2, 1, 1)  # d9, d6
    assert (row.in_progress, row.in_progress_within, row.in_progress_overdue) == (3, 1, 2)
    # Open, clock running, past legal due: d7 (30/03) and d8 (03/04); d16 is paused.
    assert row.open_overdue == 2
    # Unit B has nothing alive in April (d4 and d13 ended in March): no row.
    assert {r.key: r.open_overdue for r in table.rows} == {org.unit_a.pk: 2}
    w = Window.of(APRIL, APRIL_15)
    assert rates.open_overdue_counts(Scope.of(org.ward), w) == {None: 2}


def test_month_by_month_trend(march_full, org):
    points = rates.trend(Scope.of(org.ward), Period.quarter(2026, 1), now=APRIL_15)
    assert [p.period.key for p in points] == ["2026-01", "2026-02", "2026-03"]
    assert [p.row.received for p in points] == [0, 2, 11]
    # February: d11 (late: received on a Tết day, due 25/02 17:30, done 26/02).
    assert [p.row.finished_late for p in points] == [0, 1, 2]
    assert points[0].row.on_time_rate is None  # nothing finished: no rate, not 0 %
    # A running year stops at the current month.
    year = rates.trend(Scope.of(org.ward), Period.year(2026), now=APRIL_15)
    assert [p.period.key for p in year][-1] == "2026-04"


def test_processing_time_leaves_out_the_paused_time_and_starts_again_after_a_restart(
    org, catalogue, dossiers
):
    restart = publish(
        org.ward,
        "2.000009",
        "Thay đổi, cải chính hộ tịch",
        unit=org.unit_a,
        level=OnlineLevel.NONE,
        fee=0,
        effect=SupplementEffect.RESTART,
    )
    paused = dossiers.receive(catalogue.part, at(2026, 3, 9, 9), paid="cash")
    paused = dossiers.request_supplement(paused, at(2026, 3, 10, 9))  # 8 h used
    paused = dossiers.record_supplement(paused, at(2026, 3, 12, 9))
    dossiers.finish(paused, at(2026, 3, 13, 10))  # + 9 h → 17 h
    again = dossiers.receive(restart, at(2026, 3, 9, 9))
    again = dossiers.request_supplement(again, at(2026, 3, 10, 9))
    again = dossiers.record_supplement(again, at(2026, 3, 12, 9))  # clock restarts here
    dossiers.finish(again, at(2026, 3, 13, 10))  # 9 h
    w = Window.of(MARCH, APRIL_15)
    found = rates.processing_days(Scope.of(org.ward), w, "procedure")
    assert found == {
        catalogue.part.pk: (1, Fraction(17, 8)),
        restart.pk: (1, Fraction(9, 8)),
    }
    row = rates.rates(Scope.of(org.ward), MARCH, now=APRIL_15).total
    assert row.avg_processing_days == Decimal("1.63")  # 13 h = 1.625 days, half-up


def test_processing_time_is_one_sum_of_the_stored_working_seconds(march_full, org):
    w = Window.of(MARCH, APRIL_15)
    with CaptureQueriesContext(connection) as queries:
        found = rates.processing_days(Scope.of(org.ward), w, "unit")
    statements = [q["sql"].upper() for q in queries.captured_queries]
    assert sum("SUM(" in sql for sql in statements) == 1
    assert not any("DOSSIERS_DOSSIEREVENT" in sql for sql in statements)
    assert found[org.unit_b.pk] == (1, Fraction(40, 8))  # d4
    # The stored column is what counts: 8 working hours more is one working day more.
    Dossier.objects.filter(competent_unit=org.unit_b, worked_seconds__isnull=False).update(
        worked_seconds=F("worked_seconds") + 8 * 3600
    )
    assert rates.processing_days(Scope.of(org.ward), w, "unit")[org.unit_b.pk] == (1, 6)


def test_no_dossiers_gives_empty_rates_not_zero_percent(org, catalogue):
    row = rates.rates(Scope.of(org.ward), MARCH, now=APRIL_15).total
    assert row.received == 0
    assert row.on_time_rate is None
    assert row.avg_processing_days is None
    assert rates.rates(Scope.of(org.ward), MARCH, group_by="unit", now=APRIL_15).rows == []


def test_group_by_is_checked(org):
    with pytest.raises(ValueError):
        rates.rates(Scope.of(org.ward), MARCH, group_by="sector", now=APRIL_15)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 7, "71.43"), (1, 8, "12.50"), (1, 200, "0.50"), (1, 3, "33.33"), (2, 3, "66.67")],
)
def test_percent_is_half_up_on_exact_values(numerator, denominator, expected):
    assert rates.percent(numerator, denominator) == Decimal(expected)
    assert rates.percent(0, 0) is None
