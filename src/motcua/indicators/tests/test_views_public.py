"""Public pages, no login: /thong-ke/ (the ward's statistics) and /bang-dien-tu/ (the
Center's TV liveboard). Aggregates and dossier codes only — never a person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Delivery
from motcua.indicators import rates, selectors
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.indicators.tests.conftest import APPLICANT, APRIL_15

pytestmark = pytest.mark.django_db

STATS = "/thong-ke/"
BOARD = "/bang-dien-tu/"


def test_the_urls():
    assert reverse("indicators-public") == STATS
    assert reverse("indicators-liveboard") == BOARD


def test_statistics_need_no_login_and_show_the_first_ward(client, org):
    response = client.get(STATS)
    assert response.status_code == 200
    assert response.context["ward"] == org.ward  # T01.01 before T01.02
    html = response.content.decode()
    assert "Phường Một" in html
    assert "Bộ chỉ số 766" in html
    # Several wards: a picker.
    assert f'<option value="{org.other_ward.code}"' in html


def test_statistics_of_another_ward_and_an_unknown_one(client, org):
    assert client.get(STATS, {"xa": org.other_ward.code}).context["ward"] == org.other_ward
    assert client.get(STATS, {"xa": "KHONG-CO"}).status_code == 404
    assert client.get(STATS, {"xa": org.unit_a.code}).status_code == 404  # a unit is no ward


def test_statistics_compare_month_quarter_and_year(client, org, march_full, on_april_15):
    response = client.get(STATS, {"xem": "nam"})
    stats = response.context["stats"]
    assert [s.kind for s in stats.summaries] == ["month", "quarter", "year"]
    assert [s.period for s in stats.summaries] == [
        Period.month(2026, 4),
        Period.quarter(2026, 2),
        Period.year(2026),
    ]
    assert stats.kind == "year"
    year = Period.year(2026)
    expected = rates.rates(Scope.of(org.ward), year, now=APRIL_15).total
    # conftest: d1–d13 and d16 were received in the ward in 2026 (d14 refused, d15 elsewhere).
    assert expected.received == 14
    chosen = stats.chosen
    assert chosen.period == year
    assert chosen.totals.received == expected.received
    assert chosen.totals.finished == expected.finished > 0
    # The details split the year per unit and per procedure; the totals add up.
    assert sum(row.row.received for row in stats.by_unit.rows) == expected.received
    assert sum(row.row.received for row in stats.by_procedure.rows) == expected.received
    html = response.content.decode()
    assert 'aria-current="page">Năm nay<' in html


def test_statistics_show_no_personal_data_and_no_dossier_links(
    client, org, march_full, on_april_15
):
    response = client.get(STATS, {"xem": "nam"})
    # The page counts the dataset (else the checks below would pass on an empty page).
    assert response.context["stats"].chosen.totals.received == 14
    html = response.content.decode()
    assert '<td class="num">14</td>' in html
    assert APPLICANT.name not in html
    assert APPLICANT.phone not in html
    assert march_full.d1.code not in html
    assert "/can-bo/" not in html
    assert "num-link" not in html


def moments_today(count: int) -> list[dt.datetime]:
    """``count`` increasing moments of today (Vietnam time), all in the past: the
    liveboard counts "returned today", so the story must not straddle midnight."""
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now - dt.timedelta(hours=2), midnight)
    step = (now - start) / (count + 1)
    return [start + step * i for i in range(count)]


@pytest.fixture
def today_at_the_center(org, people, catalogue, dossiers):
    """One result handed over today, one waiting at the counter, one being processed,
    one waiting to be mailed (not for pickup), one in another ward."""
    received, decided, handed_over = moments_today(3)
    returned = dossiers.finish(dossiers.receive(catalogue.full, received), decided)
    returned = services.return_result(
        actor=people.counter,
        dossier=returned,
        method=Delivery.COUNTER,
        recipient_name=APPLICANT.name,
        at=handed_over,
    )
    ready = dossiers.finish(dossiers.receive(catalogue.part, received), decided)
    in_progress = dossiers.receive(catalogue.none, received)
    mailed = services.receive_dossier(
        actor=people.counter,
        receiving_agency=org.center,
        procedure=catalogue.full,
        applicant=APPLICANT,
        delivery=Delivery.POSTAL,
        at=received,
    )
    mailed = dossiers.finish(
        services.forward(actor=people.counter, dossier=mailed, at=received), decided
    )
    elsewhere = dossiers.receive(catalogue.full, received, other_ward=True)
    return returned, ready, in_progress, mailed, elsewhere


def test_the_liveboard_lists_codes_only(client, org, today_at_the_center):
    returned, ready, in_progress, mailed, elsewhere = today_at_the_center
    response = client.get(BOARD)
    assert response.status_code == 200
    board = response.context["board"]
    assert board.ready.codes == [ready.code]
    assert board.in_progress.codes == [in_progress.code]
    assert board.returned_today.codes == [returned.code]
    html = response.content.decode()
    for dossier in (returned, ready, in_progress):
        assert dossier.code in html
    assert mailed.code not in html and elsewhere.code not in html
    assert APPLICANT.name not in html and APPLICANT.phone not in html
    assert response["Cache-Control"] == "no-store"


def test_the_liveboard_refreshes_itself_with_and_without_javascript(client, org):
    html = client.get(BOARD, {"xa": org.ward.code}).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in html
    assert 'hx-trigger="every 30s"' in html
    assert f'hx-get="/bang-dien-tu/?xa={org.ward.code}"' in html
    partial = client.get(BOARD, {"xa": org.ward.code}, headers={"HX-Request": "true"})
    fragment = partial.content.decode()
    assert "<html" not in fragment and 'id="board"' in fragment
    assert "HX-Request" in partial["Vary"]


def test_the_liveboard_of_another_ward(client, org, today_at_the_center):
    elsewhere = today_at_the_center[-1]
    response = client.get(BOARD, {"xa": org.other_ward.code})
    assert response.context["board"].in_progress.codes == [elsewhere.code]
    assert client.get(BOARD, {"xa": "KHONG-CO"}).status_code == 404


def test_a_long_column_says_how_many_more(client, org, people, catalogue, dossiers, monkeypatch):
    monkeypatch.setattr(selectors, "BOARD_IN_PROGRESS_CODES", 2)
    for moment in moments_today(3):
        dossiers.receive(catalogue.none, moment)
    response = client.get(BOARD)
    column = response.context["board"].in_progress
    assert (column.total, len(column.codes), column.more) == (3, 2, 1)
    assert "… và 1 hồ sơ khác" in response.content.decode()
