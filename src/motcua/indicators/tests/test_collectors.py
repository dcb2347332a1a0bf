"""Collectors against hand-built datasets (tests/conftest.py, counted by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import OnlineLevel
from motcua.core.errors import DomainError
from motcua.indicators import collectors
from motcua.indicators.collectors import NO_DATA, collect, scorecard
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.indicators.scoring import RULES

from .conftest import APRIL_15, at, publish

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)


def pairs(counts):
    return {code: (c.numerator, c.denominator) for code, c in counts.items() if c.has_data}


def test_seven_dossiers_three_on_time_one_early_one_late_two_open(march, org):
    counts = collect(Scope.of(org.ward), MARCH, now=APRIL_15)
    # d1 early, d2–d4 on time, d6 open within time at 31/03 → 5; d5 late, d7 overdue.
    assert pairs(counts)["PROGRESS_ON_TIME"] == (5, 7)
    card = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15)
    assert card.card.items["PROGRESS_ON_TIME"] == Decimal("14.29")  # 20 × 5/7 = 14.2857


def test_ward_march_every_item_counted_by_hand(march_full, org):
    counts = pairs(collect(Scope.of(org.ward), MARCH, now=APRIL_15))
    assert counts == {
        # base: d1–d8, d10 (received in Feb, finished in March), d13 (stopped), d16;
        # not d12 (withdrawn), d9 (April), d11 (Feb), d14 (refused), d15 (other ward).
        # ok: d1–d4, d6, d8 (open within time), d13 (stopped in time), d16 (paused).
        "PROGRESS_ON_TIME": (8, 11),
        # received in March: d1–d8, d12, d13, d16; online: d1, d3, d6, d8, d12.
        "ONLINE_DOSSIERS": (5, 11),
        # fee dossiers: d2, d3, d4, d5, d7, d13 (d16 is exempt); paid online: d3, d4.
        "PAYMENT_DOSSIERS_ONLINE": (2, 6),
        # results in March: d1–d5, d10; electronic: d1, d3, d10.
        "ORIGINAL_RESULT_AVAILABLE": (3, 6),
        # digitised among received: d1, d2, d8.
        "SO_HOA_GIAY_TO_GIAI_QUYET": (3, 11),
        # in force: 2.000001–2.000005; online: 1, 2, 4 and 5 (the ward's own full version).
        "ONLINE_PROCEDURES": (4, 5),
        # online services 1, 2, 4, 5; received online dossiers: 1 (d1…) and 2 (d3).
        "ONLINE_SERVICES_USED": (2, 4),
        # fee-bearing: 2, 3, 4; paid online: 2 (d3) and 3 (d4).
        "PAYMENT_PROCEDURES_TRANSACTED": (2, 3),
    }


def test_ward_march_scorecard(march_full, org):
    result = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15)
    items = result.card.items
    assert items["PROGRESS_ON_TIME"] == Decimal("14.55")  # 20 × 8/11 = 14.545…
    assert items["ONLINE_DOSSIERS"] == Decimal("5.45")  # 6 × (5/11) / 0.5 = 5.4545…
    assert items["PAYMENT_DOSSIERS_ONLINE"] == Decimal("2.00")  # 6 × 2/6
    assert items["ORIGINAL_RESULT_AVAILABLE"] == Decimal("3.00")
    assert items["SO_HOA_GIAY_TO_GIAI_QUYET"] == Decimal("1.09")  # 4 × 3/11 = 1.0909
    assert items["ONLINE_PROCEDURES"] == Decimal("2.00")  # min(2, 2 × 0.8 / 0.8)
    assert items["ONLINE_SERVICES_USED"] == Decimal("2.00")
    assert items["PAYMENT_PROCEDURES_TRANSACTED"] == Decimal("1.67")  # 2 × (2/3)/0.8 = 1.666
    assert result.card.groups["online_service"] == Decimal("9.45")
    assert result.card.groups["online_payment"] == Decimal("3.67")
    assert result.card.groups["transparency"] is None
    assert result.card.groups["satisfaction"] is None
    assert result.card.total == Decimal("14.55") + Decimal("9.45") + Decimal("3.67") + Decimal(
        "4.09"
    )
    assert result.as_of == MARCH.end
    assert result.inputs["PROGRESS_ON_TIME"] == (8, 11)


def test_what_it_takes_to_reach_the_maximum(march_full, org):
    items = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15).items
    # 20 points need 11/11 (10/11 = 18.18); 3 more on time.
    assert items["PROGRESS_ON_TIME"].needed_for_max == 3
    assert items["ONLINE_DOSSIERS"].needed_for_max == 1  # 6/11 ≥ 0.5
    assert items["ONLINE_DOSSIERS"].needed_text == (
        "Cần thêm 1 hồ sơ nộp trực tuyến để đạt điểm tối đa."
    )
    assert items["ONLINE_PROCEDURES"].needed_for_max == 0
    assert items["ONLINE_PROCEDURES"].needed_text == ""
    assert items["DOSSIER_SYNC"].needed_for_max is None


def test_items_without_a_source_stay_none_never_zero(march_full, org):
    result = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15)
    for code, reason in NO_DATA.items():
        count = result.counts[code]
        assert count.numerator is None and count.denominator is None
        assert count.no_data_reason == reason and reason.startswith("Chưa có dữ liệu")
        assert result.card.items[code] is None
        assert result.items[code].drillable is False
    computed = set(collectors.DOSSIER_ITEMS) | set(collectors.CATALOGUE_ITEMS)
    # Every item of Decision 766 is either computed or explained; none is both.
    assert computed | set(NO_DATA) == {rule.code for rule in RULES}
    assert not computed & set(NO_DATA)
    assert list(result.counts) == [rule.code for rule in RULES]


def test_payment_on_portal_is_none_but_transacted_is_counted(march_full, org):
    counts = collect(Scope.of(org.ward), MARCH, now=APRIL_15)
    assert not counts["PAYMENT_PROCEDURES_ON_PORTAL"].has_data
    assert counts["PAYMENT_PROCEDURES_TRANSACTED"].has_data


def test_satisfaction_is_no_data_even_with_late_dossiers(march_full, org):
    result = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15)
    # The zero rule of DOSSIER_RECEIVING_SATISFACTION would give 0: no data is not 0.
    assert result.card.items["DOSSIER_RECEIVING_SATISFACTION"] is None
    assert result.card.items["PETITION_PROCESSING_ON_TIME"] is None


# --- period boundaries ------------------------------------------------------------------------


def test_received_at_23_30_on_31_march_belongs_to_march(march_full, org):
    scope = Scope.of(org.ward)
    march_received = collect(scope, MARCH, now=APRIL_15)["ONLINE_DOSSIERS"].denominator
    april_received = collect(scope, APRIL, now=APRIL_15)["ONLINE_DOSSIERS"].denominator
    assert march_received == 11  # d8 at 23:30 on 31/03 included
    assert april_received == 1  # only d9 (00:00 on 01/04)


def test_april_progress_counts_the_late_dossiers_carried_into_april(march_full, org):
    counts = collect(Scope.of(org.ward), APRIL, now=APRIL_15)
    # base: d9 (received 01/04, early) + d6 (received in March, late result on 03/04)
    # + d7 and d8 (received in March, still open and late on 15/04: an open dossier past
    # its due moment is late). d16 waits on the applicant with time left: not in it.
    assert pairs(counts)["PROGRESS_ON_TIME"] == (1, 4)


def test_a_running_period_is_judged_now(march, org):
    scope = Scope.of(org.ward)
    # On 27/03 at noon d6 is not received yet and d7 (due 30/03) is still within time.
    counts = collect(scope, MARCH, now=at(2026, 3, 27, 12))
    assert pairs(counts)["PROGRESS_ON_TIME"] == (5, 6)
    # The same numbers with the clock at the month's end: d6 in, d7 overdue.
    assert pairs(collect(scope, MARCH, now=APRIL_15))["PROGRESS_ON_TIME"] == (5, 7)


def test_a_past_period_does_not_change_when_open_dossiers_finish_later(march, dossiers, org):
    scope = Scope.of(org.ward)
    before = pairs(collect(scope, MARCH, now=APRIL_15))
    dossiers.finish(march.d7, at(2026, 4, 15, 10, 30))  # late, in April
    assert (
        pairs(collect(scope, MARCH, now=at(2026, 4, 20)))["PROGRESS_ON_TIME"]
        == before["PROGRESS_ON_TIME"]
    )


def test_a_quarter_and_a_custom_range(march_full, org):
    scope = Scope.of(org.ward)
    q1 = pairs(collect(scope, Period.quarter(2026, 1), now=APRIL_15))
    # Q1: March's 11 received + d10, d11 in February.
    assert q1["ONLINE_DOSSIERS"] == (5, 13)
    days = Period.range(MARCH.first_day, MARCH.last_day)
    assert pairs(collect(scope, days, now=APRIL_15)) == pairs(collect(scope, MARCH, now=APRIL_15))


# --- scope boundaries -------------------------------------------------------------------------


def test_unit_scopes_split_the_ward(march_full, org):
    unit_a = pairs(collect(Scope.of(org.unit_a), MARCH, now=APRIL_15))
    unit_b = pairs(collect(Scope.of(org.unit_b), MARCH, now=APRIL_15))
    # Unit A: d1–d3, d5–d8, d10, d16 (ok: d1, d2, d3, d6, d8, d16); unit B: d4, d13.
    assert unit_a["PROGRESS_ON_TIME"] == (6, 9)
    assert unit_b["PROGRESS_ON_TIME"] == (2, 2)
    assert unit_a["ONLINE_PROCEDURES"] == (2, 2)  # 2.000001, 2.000002
    assert unit_b["ONLINE_PROCEDURES"] == (1, 2)  # 2.000004 of 2.000003–4
    assert unit_b["ONLINE_SERVICES_USED"] == (0, 1)
    assert unit_b["PAYMENT_PROCEDURES_TRANSACTED"] == (1, 2)


def test_province_adds_the_other_ward_and_counts_services_per_ward(march_full, org):
    counts = pairs(collect(Scope.of(org.province), MARCH, now=APRIL_15))
    assert counts["PROGRESS_ON_TIME"] == (9, 12)  # + d15 (other ward, on time)
    assert counts["ONLINE_DOSSIERS"] == (5, 12)
    assert counts["ONLINE_PROCEDURES"] == (4, 5)  # distinct procedures
    # Services: ward 1, 2, 4, 5 + other ward 1, 5 (province's partial version) = 6.
    assert counts["ONLINE_SERVICES_USED"] == (2, 6)
    assert counts["PAYMENT_PROCEDURES_TRANSACTED"] == (2, 3)


def test_the_other_ward_sees_only_its_own(march_full, org):
    counts = pairs(collect(Scope.of(org.other_ward), MARCH, now=APRIL_15))
    assert counts["PROGRESS_ON_TIME"] == (1, 1)
    assert counts["ONLINE_DOSSIERS"] == (0, 1)
    assert counts["ONLINE_PROCEDURES"] == (2, 2)  # its full 2.000001, the province's 2.000005
    assert counts["PAYMENT_PROCEDURES_TRANSACTED"] == (0, 0)


def test_ward_and_procedure(march_full, org, catalogue):
    scope = Scope.of(org.ward, procedure=catalogue.part)
    counts = pairs(collect(scope, MARCH, now=APRIL_15))
    # PART in March: d2, d3, d5, d7, d16 + d10 finished; ok: d2, d3, d16.
    assert counts["PROGRESS_ON_TIME"] == (3, 6)
    assert counts["ONLINE_PROCEDURES"] == (1, 1)
    assert counts["ONLINE_SERVICES_USED"] == (1, 1)


def test_unit_within_ward_is_checked(org):
    Scope.unit_in_ward(org.unit_a, org.ward)
    with pytest.raises(DomainError) as error:
        Scope.unit_in_ward(org.other_unit, org.ward)
    assert error.value.code == "scope_invalid"
    with pytest.raises(DomainError):
        Scope.ward_in_province(org.unit_a, org.province)


def test_no_dossiers_at_all(org, catalogue):
    result = scorecard(Scope.of(org.ward), MARCH, now=APRIL_15)
    assert result.inputs["PROGRESS_ON_TIME"] == (0, 0)
    assert result.card.items["PROGRESS_ON_TIME"] == Decimal("0.00")  # zero rule [P]
    assert result.card.items["ONLINE_DOSSIERS"] is None  # 0/0 → null [U]
    assert result.card.items["PAYMENT_DOSSIERS_ONLINE"] == Decimal("0.00")


def test_a_ward_scorecard_takes_two_queries(march_full, org):
    scope = Scope.of(org.ward)
    # The dossier aggregate and the catalogue in force, every time (nothing is remembered).
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            scorecard(scope, MARCH, now=APRIL_15)
        assert len(queries) == 2, [q["sql"][:120] for q in queries]


def test_a_publication_is_seen_by_the_next_scorecard(march_full, org):
    scope = Scope.of(org.ward)
    assert scorecard(scope, MARCH, now=APRIL_15).inputs["ONLINE_PROCEDURES"] == (4, 5)
    publish(org.ward, "2.000006", "Đăng ký giám hộ", level=OnlineLevel.FULL, fee=0)
    assert scorecard(scope, MARCH, now=APRIL_15).inputs["ONLINE_PROCEDURES"] == (5, 6)


def test_scorecard_series_month_by_month(march_full, org):
    series = collectors.scorecard_series(Scope.of(org.ward), MARCH.months(), now=APRIL_15)
    assert [s.period for s in series] == [MARCH]
    quarter = Period.quarter(2026, 1).months()
    series = collectors.scorecard_series(Scope.of(org.ward), quarter, now=APRIL_15)
    assert [s.inputs["ONLINE_DOSSIERS"][1] for s in series] == [0, 2, 11]


def test_digitised_and_electronic_result_count_real_files_once_per_dossier(
    march, org, dossiers, catalogue, people
):
    """Several scans or results on one dossier count it once; a supplement counts as a
    digitised component, a result file only for the electronic-result item."""
    from motcua.dossiers import services
    from motcua.dossiers.models import FileKind
    from motcua.files.tests import samples

    before = pairs(collect(Scope.of(org.ward), MARCH, now=APRIL_15))
    assert before["SO_HOA_GIAY_TO_GIAI_QUYET"] == (2, 7)  # d1, d2
    assert before["ORIGINAL_RESULT_AVAILABLE"] == (2, 5)  # d1, d3 of d1–d5
    services.attach_files(  # d1 already digitised: two more scans change nothing
        actor=people.counter,
        dossier=march.d1,
        uploads=[samples.pdf(), samples.pdf()],
        at=at(2026, 3, 20, 9),
    )
    services.attach_files(  # d7 gets a supplement scan: now digitised
        actor=people.counter,
        dossier=march.d7,
        uploads=[samples.pdf()],
        kind=FileKind.SUPPLEMENT,
        at=at(2026, 3, 26, 9),
    )
    after = pairs(collect(Scope.of(org.ward), MARCH, now=APRIL_15))
    assert after["SO_HOA_GIAY_TO_GIAI_QUYET"] == (3, 7)
    assert after["ORIGINAL_RESULT_AVAILABLE"] == (2, 5)


def test_the_row_caches_are_exactly_the_dossiers_with_files(march_full):
    """facts.digitised / has_electronic_result read the row's caches; the files say the
    same (the caches are written only by the service that attaches a file)."""
    from motcua.dossiers import facts
    from motcua.dossiers.models import COMPONENT_FILE_KINDS, Dossier, FileKind

    def ids(q):
        return set(Dossier.objects.filter(q).values_list("pk", flat=True))

    assert ids(facts.digitised()) == ids(facts.has_files(COMPONENT_FILE_KINDS))
    assert ids(facts.has_electronic_result()) == ids(facts.has_files([FileKind.ELECTRONIC_RESULT]))
    assert ids(facts.digitised()) and ids(facts.has_electronic_result())
