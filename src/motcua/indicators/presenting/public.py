"""The public statistics of a ward (/thong-ke/): this month, quarter and year, shaped from
figures.PublicFigures. No links, no names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from motcua.org.models import Agency

from ..collectors import ScorecardResult
from ..figures import PublicFigures
from ..periods import MONTH, QUARTER, YEAR, Period
from ..rates import RateRow, percent
from .tables import RateTableView, ScorecardView, rate_table_view, scorecard_view
from .wording import as_of_text

# The tabs of the page, in figures.PUBLIC_PERIOD_KINDS order.
PUBLIC_KINDS = {MONTH: "Tháng này", QUARTER: "Quý này", YEAR: "Năm nay"}


@dataclass(frozen=True)
class PeriodSummary:
    kind: str
    title: str
    period: Period
    result: ScorecardResult
    totals: RateRow

    @property
    def progress_rate(self) -> Decimal | None:
        """Tỷ lệ hồ sơ trước hạn, đúng hạn as Decision 766 counts it (the scorecard's
        PROGRESS_ON_TIME): done on time or still within time, over every dossier handled
        in the period — an open dossier past its due counts as late. The rate a citizen
        reads first; ``totals.on_time_rate`` counts only the dossiers already resolved."""
        item = self.result.items["PROGRESS_ON_TIME"]
        return percent(item.numerator, item.denominator) if item.count.has_data else None


@dataclass(frozen=True)
class PublicStatistics:
    ward: Agency
    kind: str
    as_of: dt.datetime
    summaries: list[PeriodSummary]
    scorecard: ScorecardView
    by_unit: RateTableView
    by_procedure: RateTableView

    @property
    def as_of_text(self) -> str:
        return as_of_text(self.chosen.period, self.as_of)

    @property
    def chosen(self) -> PeriodSummary:
        return next(s for s in self.summaries if s.kind == self.kind)


def public_statistics(figures: PublicFigures) -> PublicStatistics:
    """The ward's summaries for each period, the details for the chosen one; unlinked."""
    chosen = figures.chosen
    return PublicStatistics(
        ward=figures.ward,
        kind=figures.kind,
        as_of=chosen.scorecard.as_of,
        summaries=[
            PeriodSummary(p.kind, PUBLIC_KINDS[p.kind], p.period, p.scorecard, p.totals)
            for p in figures.periods
        ],
        scorecard=scorecard_view(chosen.scorecard, None),
        by_unit=rate_table_view(figures.by_unit, None),
        by_procedure=rate_table_view(figures.by_procedure, None),
    )
