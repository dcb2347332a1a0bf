"""dossiers.facts: the inbox's "Quá hạn" and the indicators' "đang quá hạn" are one rule,
judged against the legal due moment."""

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


def test_the_inbox_and_the_indicators_judge_the_law(three):
    plain, extended, _ = three
    after_legal_due = at(2026, 2, 27, 10)
    # The extension promises a new appointment but does not make the dossier on time.
    assert overdue(facts.open_past_due(after_legal_due)) == {plain.code, extended.code}
    assert overdue(overdue_in_inbox(after_legal_due)) == {plain.code, extended.code}


def test_a_dossier_paused_in_time_is_within_time_and_not_past_due(three):
    *_, paused = three
    later = at(2026, 3, 20, 10)
    assert paused.code not in overdue(facts.open_past_due(later))
    assert paused.code in overdue(facts.within_time(later))


def test_a_dossier_paused_after_its_due_stays_past_due(in_processing, staff):
    dossier = in_processing()
    late_pause = at(2026, 2, 27, 9)
    assert dossier.legal_due_at < late_pause
    paused = services.request_supplement(
        actor=staff.spec_a, dossier=dossier, missing=[], reason="Thiếu", at=late_pause
    )
    later = at(2026, 3, 20, 10)
    assert paused.code in overdue(facts.open_past_due(later))
    assert paused.code in overdue(facts.late(later))
    assert paused.code in overdue(overdue_in_inbox(later))
