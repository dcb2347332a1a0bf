"""Decision 766 scoring: worked examples of DOMAIN.md §4, rounding, zero rules, properties."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import DomainError
from motcua.indicators.scoring import (
    GROUPS,
    RULES,
    RULES_BY_CODE,
    OnZeroDenominator,
    group_maxima,
    numerator_needed_for_max,
    parse_inputs,
    round_half_up,
    score_all,
    score_item,
    score_rule,
)

PROGRESS_EXAMPLE = {"PROGRESS_ON_TIME": (2348, 2971)}
PAYMENT_EXAMPLE = {
    "PAYMENT_DOSSIERS_ONLINE": (1516, 1707),
    "PAYMENT_PROCEDURES_TRANSACTED": (12, 35),
    "PAYMENT_PROCEDURES_ON_PORTAL": (7, 35),
}
ONLINE_SERVICE_EXAMPLE = {
    "ONLINE_PROCEDURES": (52, 56),
    "ONLINE_SERVICES_USED": (406, 1968),
    "ONLINE_DOSSIERS": (150956, 152595),
}


# --- worked examples (DOMAIN.md §4) -----------------------------------------------------


def test_progress_example():
    assert score_item("PROGRESS_ON_TIME", 2348, 2971) == Decimal("15.81")
    card = score_all(PROGRESS_EXAMPLE)
    assert card.groups["progress"] == Decimal("15.81")
    assert card.total == Decimal("15.81")


def test_payment_example():
    card = score_all(PAYMENT_EXAMPLE)
    assert card.items["PAYMENT_DOSSIERS_ONLINE"] == Decimal("5.33")
    assert card.items["PAYMENT_PROCEDURES_TRANSACTED"] == Decimal("0.86")
    assert card.items["PAYMENT_PROCEDURES_ON_PORTAL"] == Decimal("0.50")
    assert card.groups["online_payment"] == Decimal("6.69")


def test_online_service_example():
    card = score_all(ONLINE_SERVICE_EXAMPLE)
    assert card.items["ONLINE_PROCEDURES"] == Decimal("2.00")
    assert card.items["ONLINE_SERVICES_USED"] == Decimal("0.83")
    assert card.items["ONLINE_DOSSIERS"] == Decimal("6.00")
    assert card.groups["online_service"] == Decimal("8.83")


def test_examples_together_sum_groups_into_the_total():
    card = score_all({**PROGRESS_EXAMPLE, **PAYMENT_EXAMPLE, **ONLINE_SERVICE_EXAMPLE})
    assert card.total == Decimal("15.81") + Decimal("6.69") + Decimal("8.83")
    assert card.groups["transparency"] is None
    assert card.groups["digitization"] is None
    assert card.groups["satisfaction"] is None


# --- rounding ---------------------------------------------------------------------------


def test_half_up_where_floats_round_down():
    # 2 × 0.15 / 0.8 = 0.375 exactly; as floats it is 0.37499999999999994.
    assert 2 * 0.15 / 0.8 < 0.375
    assert score_item("PAYMENT_PROCEDURES_ON_PORTAL", 3, 20) == Decimal("0.38")


def test_half_up_where_round_half_even_rounds_down():
    # 20 × 1/4000 = 0.005: half-even would give 0.00.
    assert score_item("PROGRESS_ON_TIME", 1, 4000) == Decimal("0.01")
    assert score_item("PROGRESS_ON_TIME", 1, 8000) == Decimal("0.00")  # 0.0025


def test_round_half_up_keeps_two_decimals():
    assert str(round_half_up(Fraction(6))) == "6.00"
    assert str(round_half_up(Fraction(0))) == "0.00"
    assert str(round_half_up(Fraction(1, 8))) == "0.13"


def test_target_caps_at_the_maximum():
    assert score_item("ONLINE_DOSSIERS", 100, 100) == Decimal("6.00")
    assert score_item("ONLINE_DOSSIERS", 25, 100) == Decimal("3.00")
    assert score_item("DOSSIER_RECEIVING_SATISFACTION", 45, 100) == Decimal("3.00")
    assert score_item("DOSSIER_RECEIVING_SATISFACTION", 95, 100) == Decimal("6.00")


# --- the table --------------------------------------------------------------------------


def test_group_maxima_match_the_portal():
    assert group_maxima() == {
        "transparency": 18,
        "progress": 20,
        "online_service": 12,
        "online_payment": 10,
        "digitization": 22,
        "satisfaction": 18,
    }
    assert score_all({}).total_max == 100


def test_every_rule_belongs_to_a_known_group_and_codes_are_unique():
    assert {rule.group for rule in RULES} == {group.code for group in GROUPS}
    assert len(RULES_BY_CODE) == len(RULES) == 21
    assert all(0 < rule.target <= 1 for rule in RULES)


ZERO_RULES = {
    "PUBLISH_ON_TIME": None,
    "PUBLIC_UPDATE_ON_TIME": None,
    "PUBLIC_CONTENT_FULL": None,
    "DOSSIER_SYNC": None,
    "PROGRESS_ON_TIME": Decimal("0.00"),
    "ONLINE_PROCEDURES": None,
    "ONLINE_SERVICES_USED": None,
    "ONLINE_DOSSIERS": None,
    "PAYMENT_PROCEDURES_ON_PORTAL": None,
    "PAYMENT_PROCEDURES_TRANSACTED": None,
    "PAYMENT_DOSSIERS_ONLINE": Decimal("0.00"),
    "ORIGINAL_RESULT_AVAILABLE": None,
    "SO_HOA_GIAY_TO_GIAI_QUYET": None,
    "REUSED_DIGITIZED_DATA": None,
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": None,
    "CITIZEN_DATA_CONNECTED_DOSSIER": None,
    "CITIZEN_DATA_CONNECTED_FORMALITY": None,
    "ELECTRONIC_CERTIFIED_COPY": None,
    "PETITION_PROCESSING_ON_TIME": Decimal("6.00"),
    "PETITION_HANDLING_SATISFACTION": Decimal("6.00"),
    "DOSSIER_RECEIVING_SATISFACTION": Decimal("0.00"),
}


@pytest.mark.parametrize(("code", "expected"), ZERO_RULES.items())
def test_zero_denominator(code, expected):
    assert score_item(code, 0, 0) == expected


def test_zero_denominator_null_keeps_the_group_maximum():
    card = score_all({"PUBLISH_ON_TIME": (0, 0), "DOSSIER_SYNC": (3, 6)})
    assert card.items["PUBLISH_ON_TIME"] is None
    assert card.groups["transparency"] == Decimal("3.00")
    assert card.group_maxima["transparency"] == 18


def test_no_petitions_scores_full_marks():
    card = score_all(
        {
            "PETITION_PROCESSING_ON_TIME": (0, 0),
            "PETITION_HANDLING_SATISFACTION": (0, 0),
            "DOSSIER_RECEIVING_SATISFACTION": (0, 0),
        }
    )
    assert card.groups["satisfaction"] == Decimal("12.00")


# --- absent items, null groups, total ---------------------------------------------------


def test_empty_input_is_all_null():
    card = score_all({})
    assert set(card.items) == set(RULES_BY_CODE)
    assert all(score is None for score in card.items.values())
    assert all(score is None for score in card.groups.values())
    assert card.total is None


def test_explicit_null_is_the_same_as_absent():
    assert parse_inputs({"PROGRESS_ON_TIME": None}) == {}


def test_zero_score_is_not_null():
    card = score_all({"PROGRESS_ON_TIME": (0, 0)})
    assert card.groups["progress"] == Decimal("0.00")
    assert card.total == Decimal("0.00")


def test_full_marks_everywhere_is_100():
    card = score_all({rule.code: (10, 10) for rule in RULES})
    assert card.total == Decimal("100.00")
    assert card.groups == {code: Decimal(m) for code, m in group_maxima().items()}


def test_a_substituted_table_changes_one_zero_rule():
    rules = tuple(
        replace(rule, on_zero_denominator=OnZeroDenominator.ZERO)
        if rule.code == "ONLINE_PROCEDURES"
        else rule
        for rule in RULES
    )
    assert score_all({"ONLINE_PROCEDURES": (0, 0)}, rules=rules).groups["online_service"] == 0
    assert score_all({"ONLINE_PROCEDURES": (0, 0)}).groups["online_service"] is None


def test_json_dict_shape():
    data = score_all({**PAYMENT_EXAMPLE, "PROGRESS_ON_TIME": (5, 5)}).to_json_dict()
    assert set(data) == {"items", "groups", "total"}
    assert list(data["groups"]) == [group.code for group in GROUPS]
    assert list(data["items"]) == [rule.code for rule in RULES]
    assert json.dumps(data["groups"]["online_payment"]) == "6.69"
    assert json.dumps(data["items"]["PROGRESS_ON_TIME"]) == "20.0"
    assert data["items"]["PUBLISH_ON_TIME"] is None


def test_every_two_decimal_score_prints_as_itself_in_json():
    for hundredths in range(0, 10001):
        score = Decimal(hundredths).scaleb(-2)
        printed = json.dumps(float(score))
        assert Decimal(printed) == score
        assert len(printed.partition(".")[2]) <= 2


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error_code"),
    [
        ({"PROGRESS_ON_TIME": [5.0, 10]}, "score766_not_integer"),
        ({"PROGRESS_ON_TIME": [5, 10.5]}, "score766_not_integer"),
        ({"PROGRESS_ON_TIME": [True, 10]}, "score766_not_integer"),
        ({"PROGRESS_ON_TIME": ["5", 10]}, "score766_not_integer"),
        ({"PROGRESS_ON_TIME": [-1, 10]}, "score766_negative"),
        ({"PROGRESS_ON_TIME": [11, 10]}, "score766_numerator_exceeds_denominator"),
        ({"PROGRESS_ON_TIME": [1, 2, 3]}, "score766_bad_shape"),
        ({"PROGRESS_ON_TIME": {"n": 1, "d": 2}}, "score766_bad_shape"),
        ({"PROGRESS_ON_TIME": 7}, "score766_bad_shape"),
    ],
)
def test_bad_pairs_name_the_item(raw, error_code):
    with pytest.raises(DomainError) as caught:
        parse_inputs(raw)
    assert caught.value.code == error_code
    assert caught.value.field == "PROGRESS_ON_TIME"
    assert "PROGRESS_ON_TIME" in caught.value.message


def test_unknown_code_suggests_the_nearest():
    with pytest.raises(DomainError) as caught:
        score_all({"PROGRES_ON_TIME": (1, 2)})
    assert caught.value.code == "score766_unknown_item"
    assert "PROGRESS_ON_TIME" in caught.value.message


@pytest.mark.parametrize("raw", [[], "PROGRESS_ON_TIME", 3, None])
def test_input_must_be_an_object(raw):
    with pytest.raises(DomainError) as caught:
        parse_inputs(raw)
    assert caught.value.code == "score766_bad_shape"


def test_score_item_validates_too():
    with pytest.raises(DomainError):
        score_item("PROGRESS_ON_TIME", 3, 2)
    with pytest.raises(DomainError):
        score_item("NO_SUCH_ITEM", 1, 2)


# --- numerator needed for the maximum ---------------------------------------------------


def test_numerator_needed_for_max_examples():
    dossiers = RULES_BY_CODE["ONLINE_DOSSIERS"]
    progress = RULES_BY_CODE["PROGRESS_ON_TIME"]
    assert numerator_needed_for_max(dossiers, 100) == 50
    assert numerator_needed_for_max(progress, 2971) == 2971
    # 9998/10000 × 20 = 19.996, shown as 20.00; 9997 gives 19.994 → 19.99.
    assert numerator_needed_for_max(progress, 10000) == 9998
    assert numerator_needed_for_max(RULES_BY_CODE["ONLINE_PROCEDURES"], 56) == 45


def test_numerator_needed_for_max_with_nothing_to_count():
    assert numerator_needed_for_max(RULES_BY_CODE["PETITION_PROCESSING_ON_TIME"], 0) == 0
    assert numerator_needed_for_max(RULES_BY_CODE["PROGRESS_ON_TIME"], 0) is None
    assert numerator_needed_for_max(RULES_BY_CODE["PUBLISH_ON_TIME"], 0) is None


def test_numerator_needed_for_max_refuses_a_negative_denominator():
    with pytest.raises(DomainError):
        numerator_needed_for_max(RULES_BY_CODE["PROGRESS_ON_TIME"], -1)


# --- properties -------------------------------------------------------------------------

rules = st.sampled_from(RULES)
denominators = st.integers(min_value=1, max_value=10**7)


@st.composite
def counts(draw):
    denominator = draw(denominators)
    return draw(st.integers(min_value=0, max_value=denominator)), denominator


@given(rules, counts())
def test_score_is_between_zero_and_max_in_hundredths(rule, pair):
    score = score_rule(rule, *pair)
    assert Decimal(0) <= score <= rule.max
    assert score.as_tuple().exponent == -2


@given(rules, counts(), st.data())
def test_score_is_monotone_in_the_numerator(rule, pair, data):
    numerator, denominator = pair
    larger = data.draw(st.integers(min_value=numerator, max_value=denominator))
    assert score_rule(rule, numerator, denominator) <= score_rule(rule, larger, denominator)


@given(rules, counts())
def test_score_is_the_half_up_rounding_of_the_exact_formula(rule, pair):
    numerator, denominator = pair
    exact = min(Fraction(rule.max), rule.max * Fraction(numerator, denominator) / rule.target)
    error = Fraction(score_rule(rule, numerator, denominator)) - exact
    assert abs(error) <= Fraction(1, 200)
    if abs(error) == Fraction(1, 200):
        assert error > 0  # a tie goes up


@given(st.sampled_from([r for r in RULES if r.target == 1]), st.data())
def test_every_exact_half_hundredth_rounds_up(rule, data):
    # With denominator 200 × max the exact score is numerator / 200: odd numerators are ties.
    denominator = 200 * rule.max
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    expected = Decimal((numerator + 1) // 2).scaleb(-2)
    assert score_rule(rule, numerator, denominator) == expected


@given(rules, denominators)
def test_numerator_needed_for_max_is_the_smallest_that_reaches_it(rule, denominator):
    needed = numerator_needed_for_max(rule, denominator)
    assert 0 <= needed <= denominator
    assert score_rule(rule, needed, denominator) == rule.max
    if needed > 0:
        assert score_rule(rule, needed - 1, denominator) < rule.max


@given(st.dictionaries(st.sampled_from([r.code for r in RULES]), counts()))
def test_groups_sum_their_items_and_the_total_sums_the_groups(inputs):
    card = score_all(inputs)
    for group in GROUPS:
        scores = [card.items[r.code] for r in RULES if r.group == group.code]
        known = [s for s in scores if s is not None]
        assert card.groups[group.code] == (sum(known) if known else None)
        if known:
            assert card.groups[group.code] <= card.group_maxima[group.code]
    known_groups = [s for s in card.groups.values() if s is not None]
    assert card.total == (sum(known_groups) if known_groups else None)
    assert card.total is None or card.total <= 100
