"""The presenters shape figures without reading the database: every read happens in
figures.py, so a page's numbers and its links come from one computation."""

from __future__ import annotations

import pytest

from motcua.indicators import figures
from motcua.indicators.periods import MONTH, Period
from motcua.indicators.presenting.dashboard import dashboard
from motcua.indicators.presenting.links import Selection
from motcua.indicators.presenting.public import public_statistics
from motcua.indicators.scopes import Scope
from motcua.indicators.tests.conftest import APRIL_15, at

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_shaped_without_a_query(org, march_full, django_assert_num_queries):
    selection = Selection(Scope.of(org.ward), Period.month(2026, 3))
    numbers = figures.dashboard_figures(selection.scope, selection.period, now=APRIL_15)
    with django_assert_num_queries(0):
        board = dashboard(numbers, selection)
        board.charts  # noqa: B018 - the charts are shaped on first read
    # Something was shaped: both units ranked, the unit rows linked to their own scope.
    assert [row.label for row in board.ranking] == ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế"]
    unit_rows = board.by_child.rows
    assert {row.selection.agency for row in unit_rows} == {org.unit_a, org.unit_b}
    assert board.by_child.total.received.value == 11


def test_the_public_statistics_are_shaped_without_a_query(
    org, march_full, django_assert_num_queries
):
    # The last minute of March: d8 (received at 23:30) is in, the month still running.
    numbers = figures.public_figures(org.ward, MONTH, now=at(2026, 3, 31, 23, 59))
    with django_assert_num_queries(0):
        stats = public_statistics(numbers)
    assert stats.chosen.period == Period.month(2026, 3)
    assert stats.by_unit.total.received.value == 11
    assert stats.by_unit.total.received.url == ""  # public: no links
