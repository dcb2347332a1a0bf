"""Thu thập số liệu Decision 766: each item's numerator and denominator, from the database.

``collect(scope, period)`` returns the counts of all 21 items; ``scorecard(scope, period)``
scores them with the pure engine (scoring.score_all) and keeps the counts next to the
scores, so a dashboard shows "5/7 hồ sơ — 14,29/20 điểm" and links to the dossiers.

Queries for one scorecard, whatever the number of dossiers: one aggregate over the
scope's dossiers alive in the period, grouped by (ward, procedure) — every dossier item
as a ``Count(filter=…)``, and the groups tell which services were used online — and one
read of the catalogue versions in force; plus, for a province, the list of its wards.

An item without a data source in motcua yet is ``None`` ("chưa có dữ liệu") with the
reason in ``NO_DATA``; it is left out of its group's sum by the engine — never a 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from motcua.core.formatting import group_thousands

from . import measures, offerings
from .measures import RATIOS, Window
from .periods import Period
from .scopes import Scope
from .scoring import (
    GROUPS,
    RULES,
    RULES_BY_CODE,
    ItemRule,
    Scorecard,
    numerator_needed_for_max,
    score_all,
)

# Decision 766 items counted from dossiers (measures.RATIOS) and from the catalogue.
DOSSIER_ITEMS = (
    "PROGRESS_ON_TIME",
    "ONLINE_DOSSIERS",
    "PAYMENT_DOSSIERS_ONLINE",
    "ORIGINAL_RESULT_AVAILABLE",
    "SO_HOA_GIAY_TO_GIAI_QUYET",
)
CATALOGUE_ITEMS = ("ONLINE_PROCEDURES", "ONLINE_SERVICES_USED", "PAYMENT_PROCEDURES_TRANSACTED")
# The counts that tell which (ward, procedure) services were used online / paid online.
USED_MEASURES = ("received_online", "fee_paid_online")

_NOT_TRACKED = "Chưa có dữ liệu: hệ thống chưa ghi nhận "
_NO_PAKN = "Chưa có dữ liệu: chưa có phân hệ tiếp nhận, xử lý phản ánh, kiến nghị (PAKN)."

# Why each remaining item is "chưa có dữ liệu". A test checks that every item of RULES is
# either counted above or explained here.
NO_DATA: dict[str, str] = {
    "PUBLISH_ON_TIME": _NOT_TRACKED + "thời điểm công bố, công khai TTHC so với quyết định.",
    "PUBLIC_UPDATE_ON_TIME": _NOT_TRACKED + "thời điểm cập nhật TTHC lên Cơ sở dữ liệu quốc gia.",
    "PUBLIC_CONTENT_FULL": _NOT_TRACKED + "kết quả kiểm tra đủ nội dung công khai của TTHC.",
    "DOSSIER_SYNC": _NOT_TRACKED + "việc đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia.",
    "PAYMENT_PROCEDURES_ON_PORTAL": _NOT_TRACKED
    + "TTHC nào được cung cấp thanh toán trực tuyến trên Cổng (danh mục chưa có trường này).",
    "REUSED_DIGITIZED_DATA": _NOT_TRACKED + "việc khai thác lại dữ liệu đã số hóa.",
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": _NOT_TRACKED
    + "việc chia sẻ dữ liệu số hóa vào kho dữ liệu cá nhân trên Cổng.",
    "CITIZEN_DATA_CONNECTED_DOSSIER": _NOT_TRACKED + "hồ sơ có khai thác dữ liệu dân cư.",
    "CITIZEN_DATA_CONNECTED_FORMALITY": _NOT_TRACKED
    + "TTHC được kết nối Cơ sở dữ liệu quốc gia về dân cư.",
    "ELECTRONIC_CERTIFIED_COPY": _NOT_TRACKED + "chứng thực bản sao điện tử.",
    "PETITION_PROCESSING_ON_TIME": _NO_PAKN,
    "PETITION_HANDLING_SATISFACTION": _NO_PAKN,
    "DOSSIER_RECEIVING_SATISFACTION": "Chưa có dữ liệu: chưa có đánh giá của người dân về hồ sơ "
    "và PAKN (đã biết số hồ sơ quá hạn, chưa biết số hồ sơ bị đánh giá không hài lòng).",
}

# What one more unit of the numerator is, for "cần thêm N … để đạt điểm tối đa".
NUMERATOR_NOUNS: dict[str, str] = {
    "PROGRESS_ON_TIME": "hồ sơ giải quyết trước hạn, đúng hạn",
    "ONLINE_DOSSIERS": "hồ sơ nộp trực tuyến",
    "PAYMENT_DOSSIERS_ONLINE": "hồ sơ thanh toán trực tuyến",
    "ORIGINAL_RESULT_AVAILABLE": "hồ sơ có kết quả điện tử",
    "SO_HOA_GIAY_TO_GIAI_QUYET": "hồ sơ được số hóa",
    "ONLINE_PROCEDURES": "TTHC cung cấp trực tuyến",
    "ONLINE_SERVICES_USED": "dịch vụ công trực tuyến có hồ sơ trực tuyến",
    "PAYMENT_PROCEDURES_TRANSACTED": "TTHC có thanh toán trực tuyến",
}


@dataclass(frozen=True)
class ItemCount:
    """One item's counts, or why there are none (``numerator is None``)."""

    code: str
    numerator: int | None
    denominator: int | None
    no_data_reason: str = ""

    @property
    def has_data(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True)
class ItemResult:
    """An item as a dashboard shows it: counts, ratio, score/max and what is missing."""

    rule: ItemRule
    count: ItemCount
    score: Decimal | None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def label(self) -> str:
        return self.rule.label

    @property
    def max(self) -> int:
        return self.rule.max

    @property
    def numerator(self) -> int | None:
        return self.count.numerator

    @property
    def denominator(self) -> int | None:
        return self.count.denominator

    @property
    def ratio(self) -> Fraction | None:
        if not self.count.has_data or not self.count.denominator:
            return None
        return Fraction(self.count.numerator, self.count.denominator)

    @property
    def needed_for_max(self) -> int | None:
        """How many more in the numerator (same denominator) reach the maximum; None if
        the maximum cannot be reached or there is no data."""
        if not self.count.has_data:
            return None
        needed = numerator_needed_for_max(self.rule, self.count.denominator)
        return None if needed is None else max(0, needed - self.count.numerator)

    @property
    def needed_text(self) -> str:
        """'Cần thêm 12 hồ sơ nộp trực tuyến để đạt điểm tối đa.' ('' at the maximum)."""
        needed = self.needed_for_max
        if not needed:
            return ""
        noun = NUMERATOR_NOUNS.get(self.code, "đơn vị ở tử số")
        return f"Cần thêm {group_thousands(needed)} {noun} để đạt điểm tối đa."

    @property
    def drillable(self) -> bool:
        return self.count.has_data


@dataclass(frozen=True)
class ScorecardResult:
    """Decision 766 for one scope and period: the engine's Scorecard plus raw counts."""

    scope: Scope
    period: Period
    as_of: dt.datetime
    card: Scorecard
    counts: dict[str, ItemCount]
    items: dict[str, ItemResult] = field(repr=False)

    @property
    def inputs(self) -> dict[str, tuple[int, int]]:
        return _inputs(self.counts)

    def group_items(self, group: str) -> list[ItemResult]:
        return [item for item in self.items.values() if item.rule.group == group]

    @property
    def groups(self) -> list[tuple[str, str, Decimal | None, int]]:
        """(code, Vietnamese label, score or None, maximum) in portal order."""
        return [
            (g.code, g.label, self.card.groups[g.code], self.card.group_maxima[g.code])
            for g in GROUPS
        ]


def _inputs(counts: dict[str, ItemCount]) -> dict[str, tuple[int, int]]:
    return {code: (c.numerator, c.denominator) for code, c in counts.items() if c.has_data}


def dossier_measure_names() -> list[str]:
    names = []
    for code in DOSSIER_ITEMS:
        names += [RATIOS[code].numerator, RATIOS[code].denominator]
    return names


def collect(
    scope: Scope, period: Period, *, now: dt.datetime | None = None
) -> dict[str, ItemCount]:
    """Numerator and denominator of every Decision 766 item (RULES order) for the scope
    and period; ``None`` counts, with a reason, where motcua has no data source yet."""
    window = Window.of(period, now)
    # One aggregate, grouped by (ward, procedure): the totals are the groups' sums and
    # the groups tell which services were used online — no second pass over the rows.
    names = [*dossier_measure_names(), *USED_MEASURES]
    grouped = measures.count(scope, window, names, group_by=("ward", "procedure"))
    counts = measures.total(grouped, names)
    found: dict[str, ItemCount] = {}
    for code in DOSSIER_ITEMS:
        ratio = RATIOS[code]
        found[code] = ItemCount(code, counts[ratio.numerator], counts[ratio.denominator])
    used = tuple(offerings.pairs_with(grouped, name) for name in USED_MEASURES)
    catalogue = offerings.catalogue_counts(scope, window, used).pairs()
    for code in CATALOGUE_ITEMS:
        numerator, denominator = catalogue[code]
        found[code] = ItemCount(code, len(numerator), len(denominator))
    for code, reason in NO_DATA.items():
        found[code] = ItemCount(code, None, None, reason)
    return {rule.code: found[rule.code] for rule in RULES}


def score(
    scope: Scope,
    period: Period,
    counts: dict[str, ItemCount],
    *,
    as_of: dt.datetime,
    rules: tuple[ItemRule, ...] = RULES,
) -> ScorecardResult:
    """Score already collected counts (e.g. a cached or imported set)."""
    card = score_all(_inputs(counts), rules=rules)
    by_code = {rule.code: rule for rule in rules}
    items = {
        code: ItemResult(by_code.get(code, RULES_BY_CODE[code]), count, card.items.get(code))
        for code, count in counts.items()
    }
    return ScorecardResult(scope, period, as_of, card, counts, items)


def scorecard(
    scope: Scope,
    period: Period,
    *,
    now: dt.datetime | None = None,
    rules: tuple[ItemRule, ...] = RULES,
) -> ScorecardResult:
    """Decision 766 scorecard of ``scope`` for ``period``, judged at its end (or now)."""
    window = Window.of(period, now)
    counts = collect(scope, period, now=window.now)
    return score(scope, period, counts, as_of=window.as_of, rules=rules)


def scorecard_series(
    scope: Scope, periods: list[Period], *, now: dt.datetime | None = None
) -> list[ScorecardResult]:
    """One scorecard per period (e.g. ``period.months()`` for a month-by-month trend)."""
    return [scorecard(scope, p, now=now) for p in periods]
