"""The Decision 766 scorecard and the directive's rate tables as the pages show them:
each count with the list behind it, each row of a grouped table with its own scope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from motcua.catalog.models import Procedure

from ..collectors import CATALOGUE_ITEMS, ItemResult, ScorecardResult
from ..drilldown import CATALOGUE_TITLES
from ..figures import RowSubjects
from ..measures import MEASURES, RATIOS
from ..rates import RateRow, RateTable, percent
from ..scopes import Scope
from .links import Count, Selection, linked_count
from .wording import inside_sentence, measured_share_text

# What one unit of a catalogue item's count is (the dossier items count "hồ sơ").
CATALOGUE_NOUNS = {
    "ONLINE_PROCEDURES": "TTHC",
    "ONLINE_SERVICES_USED": "dịch vụ",
    "PAYMENT_PROCEDURES_TRANSACTED": "TTHC",
}

GROUP_LABELS = {"unit": "Đơn vị", "ward": "Xã, phường", "procedure": "Thủ tục", None: "Phạm vi"}


# --- the scorecard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One Decision 766 item: n/d with their lists, the ratio, score/max, what is missing."""

    item: ItemResult
    numerator: Count
    denominator: Count
    missing: Count
    noun: str
    missing_label: str

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def has_data(self) -> bool:
        return self.item.count.has_data

    @property
    def percent(self) -> Decimal | None:
        if not self.has_data:
            return None
        return percent(self.item.numerator, self.item.denominator)


@dataclass(frozen=True)
class GroupView:
    code: str
    label: str
    score: Decimal | None
    max: int
    items: list[ItemView]

    @property
    def fill(self) -> int:
        """Width of the score bar, in percent of the group's maximum."""
        if self.score is None or not self.max:
            return 0
        return round(100 * self.score / self.max)


@dataclass(frozen=True)
class ScorecardView:
    result: ScorecardResult
    groups: list[GroupView]

    @property
    def total(self) -> Decimal | None:
        return self.result.card.total

    @property
    def total_max(self) -> int:
        return self.result.card.total_max

    @property
    def measured_max(self) -> int:
        return self.result.card.measured_max

    @property
    def measured_text(self) -> str:
        return measured_share_text(self.result.card)


def _item_view(item: ItemResult, selection: Selection | None) -> ItemView:
    code = item.code
    if not item.count.has_data:
        return ItemView(item, Count(None), Count(None), Count(None), "hồ sơ", "")
    missing = item.denominator - item.numerator
    if code in CATALOGUE_ITEMS:
        noun, missing_label = CATALOGUE_NOUNS[code], CATALOGUE_TITLES[(code, "missing")]
    else:
        noun, missing_label = "hồ sơ", RATIOS[code].missing_label
    return ItemView(
        item,
        linked_count(selection, code, "numerator", item.numerator),
        linked_count(selection, code, "denominator", item.denominator),
        linked_count(selection, code, "missing", missing),
        noun,
        inside_sentence(missing_label),
    )


def scorecard_view(result: ScorecardResult, selection: Selection | None) -> ScorecardView:
    """The scorecard in its six groups; ``selection=None`` (public pages): no links."""
    groups = [
        GroupView(
            code,
            label,
            score,
            maximum,
            [_item_view(item, selection) for item in result.group_items(code)],
        )
        for code, label, score, maximum in result.groups
    ]
    return ScorecardView(result, groups)


# --- the directive's rates --------------------------------------------------------------------


@dataclass(frozen=True)
class RateRowView:
    """A line of the rates table with the lists behind its counts."""

    row: RateRow
    selection: Selection | None
    received: Count
    finished: Count
    finished_ok: Count
    finished_late: Count
    fully_online: Count
    fee: Count
    fee_paid_online: Count
    overdue: Count
    is_total: bool = False

    @property
    def label(self) -> str:
        return self.row.label

    @property
    def meets_target(self) -> bool:
        """The directive: 100 % of dossiers resolved early or on time."""
        return self.row.on_time_rate is not None and self.row.on_time_rate == 100


def rate_row_view(row: RateRow, selection: Selection | None, *, is_total=False) -> RateRowView:
    s = selection
    running = row.open_overdue is not None
    overdue_code = "open_overdue" if running else "in_progress_overdue"
    overdue = row.open_overdue if running else row.in_progress_overdue
    return RateRowView(
        row=row,
        selection=s,
        received=linked_count(s, "received", "count", row.received),
        finished=linked_count(s, "ON_TIME_RATE", "denominator", row.finished),
        finished_ok=linked_count(
            s, "ON_TIME_RATE", "numerator", row.finished_early + row.finished_on_time
        ),
        finished_late=linked_count(s, "ON_TIME_RATE", "missing", row.finished_late),
        fully_online=linked_count(s, "FULLY_ONLINE_RATE", "numerator", row.received_fully_online),
        fee=linked_count(s, "PAID_ONLINE_RATE", "denominator", row.fee),
        fee_paid_online=linked_count(s, "PAID_ONLINE_RATE", "numerator", row.fee_paid_online),
        overdue=linked_count(s, overdue_code, "count", overdue),
        is_total=is_total,
    )


@dataclass(frozen=True)
class RateTableView:
    table: RateTable
    rows: list[RateRowView]
    total: RateRowView
    group_label: str

    @property
    def running(self) -> bool:
        return self.table.total.open_overdue is not None

    @property
    def display_rows(self) -> list[RateRowView]:
        """The rows, then "Tổng cộng" when the table is split into groups."""
        return [*self.rows, self.total] if self.total.is_total else self.rows

    @property
    def overdue_label(self) -> str:
        return "Đang quá hạn" if self.running else "Quá hạn cuối kỳ"

    @property
    def overdue_title(self) -> str:
        code = "open_overdue" if self.running else "in_progress_overdue"
        return MEASURES[code].label


def row_selections(
    table: RateTable, selection: Selection, subjects: RowSubjects
) -> dict[int | None, Selection]:
    """The scope of each row: the unit / ward / procedure it counts, within the page's."""
    if table.group_by is None:
        return {None: selection}
    rows = {}
    for key, subject in subjects.items():
        if isinstance(subject, Procedure):
            scope = Scope.of(selection.agency, procedure=subject)
        else:
            scope = Scope.of(subject, procedure=selection.procedure)
        rows[key] = selection.with_scope(scope)
    return rows


def rate_table_view(
    table: RateTable, selection: Selection | None, subjects: RowSubjects | None = None
) -> RateTableView:
    """Rows linked to their own lists (``subjects``: what each row counts, from
    figures.row_subjects); the total row to the page's scope. No links without a
    ``selection`` (public pages)."""
    scopes = row_selections(table, selection, subjects or {}) if selection is not None else {}
    rows = [rate_row_view(row, scopes.get(row.key)) for row in table.rows]
    if table.group_by is None:
        total = rows[0]
    else:
        total = rate_row_view(table.total, selection, is_total=True)
    return RateTableView(table, rows, total, GROUP_LABELS[table.group_by])
