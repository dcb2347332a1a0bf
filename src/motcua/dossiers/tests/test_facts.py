"""dossiers.facts: the inbox's "Quá hạn" and the indicators' "đang quá hạn" are one rule,
judged against the promised and the legal due moment respectively."""

import datetime as dt

import pytest

from motcua.dossiers import facts, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import overdue_in_inbox

from .conftest import at

pytestmark = pytest.mark.django_db


def overdue(condition) -> set[str]:
    return set(Dossier.objects.filter(condition).values_list("code", flat=True))


@pytest.fixture
def three(in_processing, staff):
    """Three dossiers due Thu 26/2/2026 10:00: plain, extended to 2/3, paused in time."""
    plain = in_processing()
    extended = services.extend(
        actor=staff.head_a,
        dossier=in_processing(),
        new_due=at(2026, 3, 2, 10),
        reason="Chờ xác minh",
        at=at(2026, 2, 25, 9),
    )
    paused = services.request_supplement(
        actor=staff.spec_a,
        dossier=in_processing(),
        missing=[],
        reason="Thiếu",
        at=at(2026, 2, 24, 9),
    )
    return plain, extended, paused


def test_the_due_moment_itself_is_not_past_due(three):
    plain, extended, _ = three
    due = plain.legal_due_at
    assert overdue(facts.open_past_due(due)) == set()
    assert overdue(facts.open_past_due(due + dt.timedelta(seconds=1))) == {
        plain.code,
        extended.code,
    }
    assert overdue(overdue_in_inbox(due)) == set()


def test_the_inbox_judges_the_promise_the_indicators_the_law(three):
    plain, extended, _ = three
    after_legal_due = at(2026, 2, 27, 10)
    assert overdue(facts.open_past_due(after_legal_due)) == {plain.code, extended.code}
    # The applicant holds the extended appointment: not yet overdue in the staff inbox.
    assert overdue(overdue_in_inbox(after_legal_due)) == {plain.code}
    after_promise = at(2026, 3, 2, 11)
    assert overdue(overdue_in_inbox(after_promise)) == overdue(facts.open_past_due(after_promise))


def test_a_paused_dossier_is_within_time_and_not_past_due(three):
    *_, paused = three
    later = at(2026, 3, 20, 10)
    assert paused.code not in overdue(facts.open_past_due(later))
    assert paused.code in overdue(facts.within_time(later))
