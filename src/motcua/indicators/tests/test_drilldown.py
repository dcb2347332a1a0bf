"""Every number leads to its list, and the list's length is the number."""

from __future__ import annotations

import pytest

from motcua.core.errors import DomainError
from motcua.indicators import measures, rates
from motcua.indicators.collectors import CATALOGUE_ITEMS, DOSSIER_ITEMS, NO_DATA, collect
from motcua.indicators.drilldown import drill
from motcua.indicators.measures import MEASURES, Window
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope

from .conftest import APRIL_15

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)


def scopes(org, catalogue):
    return [
        Scope.of(org.province),
        Scope.of(org.ward),
        Scope.of(org.other_ward),
        Scope.of(org.unit_a),
        Scope.of(org.unit_b),
        Scope.of(org.ward, procedure=catalogue.part),
        Scope.unit_in_ward(org.unit_a, org.ward, procedure=catalogue.full),
    ]


@pytest.mark.parametrize("period", [MARCH, APRIL, Period.quarter(2026, 1)], ids=str)
def test_every_item_drills_down_to_exactly_its_numbers(march_full, org, catalogue, period):
    for scope in scopes(org, catalogue):
        counts = collect(scope, period, now=APRIL_15)
        for code in (*DOSSIER_ITEMS, *CATALOGUE_ITEMS):
            count = counts[code]
            found = {
                part: drill(code, part, scope, period, now=APRIL_15).count()
                for part in ("numerator", "denominator", "missing")
            }
            assert found == {
                "numerator": count.numerator,
                "denominator": count.denominator,
                "missing": count.denominator - count.numerator,
            }, (scope.label, code)


@pytest.mark.parametrize("period", [MARCH, APRIL], ids=str)
def test_every_rate_column_drills_down_to_exactly_its_count(march_full, org, catalogue, period):
    for scope in scopes(org, catalogue):
        row = rates.rates(scope, period, now=APRIL_15).total
        for name in rates.COUNTED:
            listed = drill(name, "count", scope, period, now=APRIL_15).count()
            assert listed == getattr(row, name), (scope.label, name)
        if period.is_current(APRIL_15):
            listed = drill("open_overdue", "count", scope, period, now=APRIL_15).count()
            assert listed == row.open_overdue, scope.label
        else:
            assert row.open_overdue is None
        expected = {
            "ON_TIME_RATE": (row.finished_early + row.finished_on_time, row.finished),
            "FULLY_ONLINE_RATE": (row.received_fully_online, row.received),
            "PAID_ONLINE_RATE": (row.fee_paid_online, row.fee),
        }
        for code, (numerator, denominator) in expected.items():
            listed = (
                drill(code, "numerator", scope, period, now=APRIL_15).count(),
                drill(code, "denominator", scope, period, now=APRIL_15).count(),
            )
            assert listed == (numerator, denominator), (scope.label, code)


def test_grouped_counts_equal_the_drill_down_of_each_group(march_full, org, catalogue):
    table = rates.rates(Scope.of(org.ward), MARCH, group_by="unit", now=APRIL_15)
    for row in table.rows:
        unit_scope = Scope.of(org.unit_a if row.key == org.unit_a.pk else org.unit_b)
        late = drill("finished_late", "count", unit_scope, MARCH, now=APRIL_15)
        assert late.count() == row.finished_late


def test_the_late_ones_are_the_late_ones(march_full, org):
    missing = drill("PROGRESS_ON_TIME", "missing", Scope.of(org.ward), MARCH, now=APRIL_15)
    assert set(missing.dossiers) == {march_full.d5, march_full.d7, march_full.d10}
    assert missing.title == "Hồ sơ quá hạn (đã giải quyết quá hạn hoặc đang quá hạn)"
    assert missing.kind == "dossiers"
    not_online = drill("ONLINE_DOSSIERS", "missing", Scope.of(org.ward), MARCH, now=APRIL_15)
    d = march_full
    assert set(not_online.dossiers) == {d.d2, d.d4, d.d5, d.d7, d.d13, d.d16}
    overdue = drill("open_overdue", "count", Scope.of(org.ward), APRIL, now=APRIL_15)
    assert set(overdue.dossiers) == {d.d7, d.d8}


def test_catalogue_items_list_procedures_and_services(march_full, org, catalogue):
    scope = Scope.of(org.province)
    unused = drill("ONLINE_SERVICES_USED", "missing", scope, MARCH, now=APRIL_15)
    assert unused.kind == "procedures"
    assert [(r.ward.code, r.procedure.code) for r in unused.rows] == [
        ("T01.01", "2.000004"),
        ("T01.01", "2.000005"),
        ("T01.02", "2.000001"),
        ("T01.02", "2.000005"),
    ]
    # The other ward's 2.000005 is the province-wide version; the ward has its own.
    versions = {(r.ward.code, r.procedure.code): r.version.scope.code for r in unused.rows}
    assert versions[("T01.02", "2.000005")] == "T01"
    assert versions[("T01.01", "2.000005")] == "T01.01"
    offline = drill("ONLINE_PROCEDURES", "missing", Scope.of(org.ward), MARCH, now=APRIL_15)
    assert [r.procedure.code for r in offline.rows] == ["2.000003"]


def test_drill_down_is_limited_to_what_the_user_may_see(march_full, org, people):
    scope, args = Scope.of(org.ward), ("PROGRESS_ON_TIME", "denominator")
    everything = drill(*args, scope, MARCH, now=APRIL_15)
    assert everything.count() == 11
    assert drill(*args, scope, MARCH, user=people.leader, now=APRIL_15).count() == 11
    # Unit B's head sees unit B's dossiers only (d4, d13).
    only_b = drill(*args, scope, MARCH, user=people.head_b, now=APRIL_15)
    assert set(only_b.dossiers) == {march_full.d4, march_full.d13}
    assert drill(*args, scope, MARCH, user=people.other_head, now=APRIL_15).count() == 0


def test_scope_view_permission(org, people):
    assert Scope.of(org.ward).can_view(people.leader)
    assert Scope.of(org.unit_b).can_view(people.head_b)
    assert not Scope.of(org.ward).can_view(people.head_b)
    assert not Scope.of(org.ward).can_view(people.counter)  # no VIEW_INDICATORS
    with pytest.raises(DomainError) as error:
        Scope.of(org.ward).require_view(people.other_head)
    assert error.value.code == "permission_denied"


def test_items_without_data_and_unknown_codes_are_refused(org):
    scope = Scope.of(org.ward)
    for code in NO_DATA:
        with pytest.raises(DomainError) as error:
            drill(code, "numerator", scope, MARCH, now=APRIL_15)
        assert error.value.code == "drilldown_no_data"
    with pytest.raises(DomainError) as error:
        drill("NOT_A_CODE", "numerator", scope, MARCH, now=APRIL_15)
    assert error.value.code == "drilldown_unknown"
    with pytest.raises(DomainError):
        drill("PROGRESS_ON_TIME", "count", scope, MARCH, now=APRIL_15)
    with pytest.raises(DomainError):
        drill("received", "numerator", scope, MARCH, now=APRIL_15)


def test_every_measure_counted_alone_equals_its_list(march_full, org):
    w = Window.of(APRIL, APRIL_15)
    scope = Scope.of(org.ward)
    counted = measures.count(scope, w, MEASURES)[None]
    for name, measure in MEASURES.items():
        listed = measures.dossiers(scope, w, measure.q(w), measure.rows).count()
        assert counted[name] == listed, name
