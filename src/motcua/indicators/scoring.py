"""Decision 766/QĐ-TTg scoring — "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ
người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực".

A pure core: no database, no settings, no floats. Each item of the index is a ratio
R = numerator / denominator turned into points (``min(max, max × R / target)``), rounded
half-up to 2 decimals; a group is the sum of its rounded items, the total the sum of the
groups (100 points). The formulas reproduce the national portal's published scores
(DOMAIN.md §4, [P]); docs/indicators.md records every decision taken where the source is
silent.

"Chưa có dữ liệu" (no data) is ``None`` everywhere: an item absent from the input, or an
item whose denominator is 0 where the rule says so. ``None`` is left out of sums; a group
whose every item is ``None`` is ``None``; the total is ``None`` only when every group is.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from motcua.core.errors import DomainError

# Half a hundredth: the half-up rounding threshold for scores kept to 2 decimals.
HALF_HUNDREDTH = Fraction(1, 200)


class Confidence(enum.StrEnum):
    """How sure DOMAIN.md is of a rule: confirmed, partly confirmed, unconfirmed."""

    CONFIRMED = "C"
    PARTLY = "P"
    UNCONFIRMED = "U"


class OnZeroDenominator(enum.Enum):
    """What an item scores when its denominator is 0 (nothing to measure in the period)."""

    NULL = "null"  # chưa có dữ liệu: left out of the group sum
    ZERO = "zero"  # 0 points
    FULL = "full"  # the item's maximum


@dataclass(frozen=True)
class Group:
    """One of the six groups (nhóm chỉ số) shown on the national portal."""

    code: str
    label: str


@dataclass(frozen=True)
class ItemRule:
    """One item (chỉ tiêu) of Decision 766: its group, maximum, target and zero rule.

    ``target`` is the ratio at which the item reaches its maximum (1 = plain ``max × R``).
    ``confidence`` is the weakest mark of the item's formula and of its zero rule.
    """

    code: str
    group: str
    max: int
    target: Fraction
    on_zero_denominator: OnZeroDenominator
    label: str
    confidence: Confidence = Confidence.PARTLY


# Short names that keep the table below one row per item.
NULL, ZERO, FULL = OnZeroDenominator.NULL, OnZeroDenominator.ZERO, OnZeroDenominator.FULL
PLAIN = Fraction(1)  # no target: max × R
U = Confidence.UNCONFIRMED

GROUPS: tuple[Group, ...] = (
    Group("transparency", "Công khai, minh bạch"),
    Group("progress", "Tiến độ giải quyết"),
    Group("online_service", "Dịch vụ công trực tuyến"),
    Group("online_payment", "Thanh toán trực tuyến"),
    Group("digitization", "Số hóa hồ sơ"),
    Group("satisfaction", "Mức độ hài lòng"),
)

# THE table of Decision 766 (DOMAIN.md §4). Group maxima are the sums of their items:
# 18 · 20 · 12 · 10 · 22 · 18 = 100. The zero rule of the online-service and
# payment-procedure items is not in the source: NULL is our choice, marked [U].
RULES: tuple[ItemRule, ...] = (
    ItemRule("PUBLISH_ON_TIME", "transparency", 6, PLAIN, NULL,
             "TTHC được công bố, công khai đúng hạn"),
    ItemRule("PUBLIC_UPDATE_ON_TIME", "transparency", 4, PLAIN, NULL,
             "TTHC được cập nhật, công khai đúng hạn"),
    ItemRule("PUBLIC_CONTENT_FULL", "transparency", 2, PLAIN, NULL,
             "TTHC công khai đầy đủ nội dung"),
    ItemRule("DOSSIER_SYNC", "transparency", 6, PLAIN, NULL,
             "Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia"),
    ItemRule("PROGRESS_ON_TIME", "progress", 20, PLAIN, ZERO,
             "Hồ sơ giải quyết trước hạn, đúng hạn"),
    ItemRule("ONLINE_PROCEDURES", "online_service", 2, Fraction("0.8"), NULL,
             "TTHC cung cấp dịch vụ công trực tuyến (toàn trình và một phần)", U),
    ItemRule("ONLINE_SERVICES_USED", "online_service", 4, PLAIN, NULL,
             "Dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến", U),
    ItemRule("ONLINE_DOSSIERS", "online_service", 6, Fraction("0.5"), NULL,
             "Hồ sơ được tiếp nhận trực tuyến", U),
    ItemRule("PAYMENT_PROCEDURES_ON_PORTAL", "online_payment", 2, Fraction("0.8"), NULL,
             "TTHC có phí, lệ phí được cung cấp thanh toán trực tuyến", U),
    ItemRule("PAYMENT_PROCEDURES_TRANSACTED", "online_payment", 2, Fraction("0.8"), NULL,
             "TTHC có phí, lệ phí có phát sinh thanh toán trực tuyến", U),
    ItemRule("PAYMENT_DOSSIERS_ONLINE", "online_payment", 6, PLAIN, ZERO,
             "Hồ sơ có phí, lệ phí được thanh toán trực tuyến"),
    ItemRule("ORIGINAL_RESULT_AVAILABLE", "digitization", 6, PLAIN, NULL,
             "Hồ sơ được cấp kết quả giải quyết điện tử"),
    ItemRule("SO_HOA_GIAY_TO_GIAI_QUYET", "digitization", 4, PLAIN, NULL,
             "Hồ sơ được số hóa thành phần hồ sơ"),
    ItemRule("REUSED_DIGITIZED_DATA", "digitization", 2, Fraction("0.8"), NULL,
             "Dữ liệu số hóa được khai thác, sử dụng lại"),
    ItemRule("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "digitization", 4, PLAIN, NULL,
             "Dữ liệu số hóa được chia sẻ vào kho dữ liệu cá nhân trên Cổng DVCQG"),
    ItemRule("CITIZEN_DATA_CONNECTED_DOSSIER", "digitization", 2, PLAIN, NULL,
             "Hồ sơ có khai thác dữ liệu dân cư"),
    ItemRule("CITIZEN_DATA_CONNECTED_FORMALITY", "digitization", 2, PLAIN, NULL,
             "TTHC được kết nối Cơ sở dữ liệu quốc gia về dân cư"),
    ItemRule("ELECTRONIC_CERTIFIED_COPY", "digitization", 2, PLAIN, NULL,
             "Chứng thực bản sao điện tử"),
    ItemRule("PETITION_PROCESSING_ON_TIME", "satisfaction", 6, PLAIN, FULL,
             "Phản ánh, kiến nghị được xử lý đúng hạn"),
    ItemRule("PETITION_HANDLING_SATISFACTION", "satisfaction", 6, PLAIN, FULL,
             "Phản ánh, kiến nghị được xử lý hài lòng"),
    ItemRule("DOSSIER_RECEIVING_SATISFACTION", "satisfaction", 6, Fraction("0.9"), ZERO,
             "Hồ sơ được đánh giá hài lòng"),
)  # fmt: skip

RULES_BY_CODE: dict[str, ItemRule] = {rule.code: rule for rule in RULES}


def group_maxima(rules: tuple[ItemRule, ...] = RULES) -> dict[str, int]:
    """Maximum points of each group, in portal order: the sum of its items' maxima."""
    return {group.code: sum(r.max for r in rules if r.group == group.code) for group in GROUPS}


# --- input validation -------------------------------------------------------------------


def _invalid(code: str, message: str, *, item: str | None = None) -> DomainError:
    return DomainError(f"score766_{code}", message, field=item)


def _rule_for(code: object, by_code: Mapping[str, ItemRule] = RULES_BY_CODE) -> ItemRule:
    rule = by_code.get(code) if isinstance(code, str) else None
    if rule is None:
        close = difflib.get_close_matches(str(code), by_code, n=1)
        hint = f" Có phải là {close[0]}?" if close else ""
        raise _invalid("unknown_item", f"Mã chỉ tiêu không tồn tại: {code!r}.{hint}")
    return rule


def _count(code: str, role: str, value: object) -> int:
    """A numerator or denominator: a non-negative int (bool is an int in Python: refuse it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(
            "not_integer",
            f"{code}: {role} phải là số nguyên không âm, nhận được {value!r}.",
            item=code,
        )
    if value < 0:
        raise _invalid("negative", f"{code}: {role} không được âm ({value}).", item=code)
    return value


def validate_pair(code: str, numerator: object, denominator: object) -> tuple[int, int]:
    """Check one item's counts: non-negative integers, numerator ≤ denominator."""
    numerator = _count(code, "tử số", numerator)
    denominator = _count(code, "mẫu số", denominator)
    if numerator > denominator:
        raise _invalid(
            "numerator_exceeds_denominator",
            f"{code}: tử số ({numerator}) lớn hơn mẫu số ({denominator}).",
            item=code,
        )
    return numerator, denominator


def parse_inputs(raw: object, *, rules: tuple[ItemRule, ...] = RULES) -> dict[str, tuple[int, int]]:
    """Validate a decoded JSON object ``{CODE: [numerator, denominator] | null}``.

    ``null`` means "chưa có dữ liệu", the same as leaving the code out. Raises
    DomainError (code ``score766_*``) naming the offending item.
    """
    by_code = {rule.code: rule for rule in rules}
    if not isinstance(raw, Mapping):
        raise _invalid(
            "bad_shape",
            "Dữ liệu vào phải là một đối tượng JSON {MÃ: [tử số, mẫu số]}, "
            f"nhận được {type(raw).__name__}.",
        )
    pairs: dict[str, tuple[int, int]] = {}
    for code, value in raw.items():
        rule = _rule_for(code, by_code)
        if value is None:
            continue
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise _invalid(
                "bad_shape",
                f"{rule.code}: phải là [tử số, mẫu số], nhận được {value!r}.",
                item=rule.code,
            )
        pairs[rule.code] = validate_pair(rule.code, *value)
    return pairs


# --- scoring ----------------------------------------------------------------------------


def round_half_up(value: Fraction) -> Decimal:
    """Round a non-negative exact number half-up to 2 decimals (0.375 → 0.38).

    Python's round() rounds half to even and floats cannot hold 0.375 exactly after a
    division, so the rounding is done on the exact fraction.
    """
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths).scaleb(-2)


def _exact_score(rule: ItemRule, numerator: int, denominator: int) -> Fraction:
    ratio = Fraction(numerator, denominator)
    return min(Fraction(rule.max), rule.max * ratio / rule.target)


def score_rule(rule: ItemRule, numerator: int, denominator: int) -> Decimal | None:
    """Points of one item under ``rule``; ``None`` when the rule gives no data."""
    numerator, denominator = validate_pair(rule.code, numerator, denominator)
    if denominator == 0:
        return {
            NULL: None,
            ZERO: round_half_up(Fraction(0)),
            FULL: round_half_up(Fraction(rule.max)),
        }[rule.on_zero_denominator]
    return round_half_up(_exact_score(rule, numerator, denominator))


def score_item(code: str, numerator: int, denominator: int) -> Decimal | None:
    """Points of the Decision 766 item ``code`` (e.g. PROGRESS_ON_TIME 2348/2971 → 15.81)."""
    return score_rule(_rule_for(code), numerator, denominator)


def numerator_needed_for_max(rule: ItemRule, denominator: int) -> int | None:
    """Smallest numerator whose (rounded) score is the item's maximum.

    "What it takes to reach the maximum" for a dashboard: ONLINE_DOSSIERS (target 0.5)
    with 100 dossiers → 50. The score is shown rounded, so 5.995 already reads as 6.00.
    ``None`` when the maximum cannot be reached (denominator 0 scoring 0 or no data).
    """
    denominator = _count(rule.code, "mẫu số", denominator)
    if denominator == 0:
        return 0 if rule.on_zero_denominator is FULL else None
    # round_half_up(max × n / (d × t)) = max  ⇔  max × n / (d × t) ≥ max − 1/200
    needed = denominator * rule.target * (rule.max - HALF_HUNDREDTH) / rule.max
    return math.ceil(needed)


@dataclass(frozen=True)
class Scorecard:
    """A unit's Decision 766 scores for one period, with the maxima to show "score/max"."""

    items: dict[str, Decimal | None]
    groups: dict[str, Decimal | None]
    total: Decimal | None
    item_maxima: dict[str, int]
    group_maxima: dict[str, int]
    total_max: int

    @property
    def measured_max(self) -> int:
        """The points the data can earn: the maxima of the items that scored (an item
        "chưa có dữ liệu" is out of the total, so the total is out of this, not of 100)."""
        return sum(m for code, m in self.item_maxima.items() if self.items[code] is not None)

    @property
    def unmeasured_groups(self) -> list[str]:
        """The groups (codes, portal order) with no item measured at all."""
        return [code for code, score in self.groups.items() if score is None]

    @property
    def partial(self) -> bool:
        """True when some item has no data: the total is not the unit's full score."""
        return self.measured_max < self.total_max

    def to_json_dict(self) -> dict:
        """``{"items": …, "groups": …, "total": …}`` with scores as JSON numbers.

        A 2-decimal Decimal below 10¹⁵ converts to the float whose shortest repr is the
        same decimal, so json prints 15.81 (and 6.0 for 6.00), never 15.810000000000002.
        """
        return {
            "items": {code: _json_number(score) for code, score in self.items.items()},
            "groups": {code: _json_number(score) for code, score in self.groups.items()},
            "total": _json_number(self.total),
        }


def _json_number(score: Decimal | None) -> float | None:
    return None if score is None else float(score)


def _sum_known(scores: list[Decimal | None]) -> Decimal | None:
    known = [score for score in scores if score is not None]
    return sum(known, Decimal("0.00")) if known else None


def score_all(
    inputs: Mapping[str, tuple[int, int]], *, rules: tuple[ItemRule, ...] = RULES
) -> Scorecard:
    """Score every item, group and the total from ``{CODE: (numerator, denominator)}``.

    Items absent from ``inputs`` are ``None`` ("chưa có dữ liệu"). ``rules`` lets a caller
    substitute a configured table (e.g. another choice for an [U] zero rule). Bad input
    raises DomainError (code ``score766_*``) naming the item.
    """
    pairs = parse_inputs(inputs, rules=rules)
    items = {
        rule.code: score_rule(rule, *pairs[rule.code]) if rule.code in pairs else None
        for rule in rules
    }
    groups = {
        group.code: _sum_known([items[r.code] for r in rules if r.group == group.code])
        for group in GROUPS
    }
    maxima = group_maxima(rules)
    return Scorecard(
        items=items,
        groups=groups,
        total=_sum_known(list(groups.values())),
        item_maxima={rule.code: rule.max for rule in rules},
        group_maxima=maxima,
        total_max=sum(maxima.values()),
    )
