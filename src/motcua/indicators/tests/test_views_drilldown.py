"""Every number on the dashboard opens the list behind it, and the list's count is the
number: followed link by link on the hand-built March 2026 dataset (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from motcua.indicators import views
from motcua.indicators.collectors import CATALOGUE_ITEMS, DOSSIER_ITEMS

pytestmark = pytest.mark.django_db

URL = "/can-bo/chi-so/"
DRILL = "/can-bo/chi-so/ho-so/"


class NumberLinks(HTMLParser):
    """(href, text) of every <a class="num-link"> of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "num-link" in (attrs.get("class") or "").split():
            self._href, self._text = attrs["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def number_links(response) -> list[tuple[str, int]]:
    parser = NumberLinks()
    parser.feed(response.content.decode())
    return [(href, int(text.replace(".", ""))) for href, text in parser.links]


def listed_count(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, (href, response.status_code)
    total = re.search(r'id="so-luong" data-total="(\d+)"', response.content.decode())
    assert total, href
    count = int(total.group(1))
    if "page" in response.context:  # a dossier list: the rows on the page agree too
        page = response.context["page"]
        assert page.paginator.count == count
        assert len(page.object_list) == min(count, views.DRILL_PAGE_SIZE)
        assert response.context["hidden"] == 0, "the user may open every dossier counted"
    else:
        assert len(response.context["rows"]) == count
    return count


def follow_every_number(client, params) -> set[tuple[str, str]]:
    """Open every number's list; return the (code, part) pairs that were linked."""
    response = client.get(URL, params)
    assert response.status_code == 200
    links = number_links(response)
    assert links, "the dashboard links its numbers"
    seen = {}
    for href, shown in links:
        href = html_lib.unescape(href)
        if href not in seen:
            seen[href] = listed_count(client, href)
        assert seen[href] == shown, f"{href}: dashboard shows {shown}, list has {seen[href]}"
    pairs = set()
    for href in seen:
        query = parse_qs(urlsplit(href).query)
        assert urlsplit(href).path == DRILL
        pairs.add((query["chi-so"][0], query["phan"][0]))
    return pairs


def every_count(board) -> list:
    """Every number the dashboard computed with a list behind it (items, rates, trend)."""
    counts = []
    for group in board.scorecard.groups:
        for view in group.items:
            counts += [view.numerator, view.denominator, view.missing]
    tables = [board.by_child, board.by_procedure, board.scope_rates]
    for row in [row for table in tables if table for row in table.display_rows]:
        counts += [
            row.received,
            row.finished,
            row.finished_ok,
            row.finished_late,
            row.fully_online,
            row.fee,
            row.fee_paid_online,
            row.overdue,
        ]
    for month in board.trend:  # the trend table shows these three counts
        counts += [month.rates.received, month.rates.finished, month.rates.finished_late]
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026-03-09..2026-03-20"])
def test_every_number_of_the_ward_dashboard_equals_its_list(client, people, march_full, period):
    client.force_login(people.leader)
    response = client.get(URL, {"ky": period})
    linked = {html_lib.unescape(href): shown for href, shown in number_links(response)}
    # Every number above 0 is a link on the page; a 0 is shown plain, and its list —
    # were it opened — is empty too.
    for count in every_count(response.context["board"]):
        if count.value:
            assert linked.get(count.url) == count.value, count
        elif count.url:
            assert count.url not in linked
            assert listed_count(client, count.url) == 0, count
    pairs = follow_every_number(client, {"ky": period})
    # Every item counted from dossiers or the catalogue, and the rates' columns.
    for code in (*DOSSIER_ITEMS, *CATALOGUE_ITEMS):
        assert {(code, "numerator"), (code, "denominator")} <= pairs
    rates = {
        ("received", "count"),
        ("ON_TIME_RATE", "numerator"),
        ("ON_TIME_RATE", "denominator"),
        ("FULLY_ONLINE_RATE", "numerator"),
        ("PAID_ONLINE_RATE", "denominator"),
    }
    assert rates <= pairs


@pytest.mark.slow
def test_the_overdue_at_the_end_of_a_closed_month_are_linked(client, people, march):
    client.force_login(people.leader)
    assert ("in_progress_overdue", "count") in follow_every_number(client, {"ky": "2026-03"})


@pytest.mark.slow
def test_every_number_of_a_unit_heads_dashboard_equals_its_list(client, people, march_full):
    client.force_login(people.head_a)
    pairs = follow_every_number(client, {"ky": "2026-03"})
    assert ("PROGRESS_ON_TIME", "missing") in pairs


@pytest.mark.slow
def test_every_number_of_a_procedure_dashboard_equals_its_list(
    client, people, catalogue, march_full
):
    client.force_login(people.leader)
    follow_every_number(client, {"ky": "2026-03", "thu_tuc": catalogue.part.code})


@pytest.mark.slow
def test_the_running_month_links_the_dossiers_overdue_now(client, people, dossiers, catalogue):
    # Received two weeks ago for a 3-working-day procedure: overdue now, clock running.
    dossiers.receive(catalogue.part, timezone.now() - dt.timedelta(days=14))
    client.force_login(people.leader)
    pairs = follow_every_number(client, {})
    assert ("open_overdue", "count") in pairs


def test_the_list_names_the_dossiers_and_links_their_pages(client, people, march):
    client.force_login(people.leader)
    response = client.get(DRILL, {"chi-so": "PROGRESS_ON_TIME", "phan": "missing", "ky": "2026-03"})
    html = response.content.decode()
    assert response.context["total"] == 2  # d5 late, d7 overdue
    for dossier in (march.d5, march.d7):
        assert f'href="/can-bo/ho-so/{dossier.code}/"' in html
    assert march.d1.code not in html
    assert "Hồ sơ quá hạn" in html


def test_the_list_is_paginated_and_keeps_its_count(client, people, march, monkeypatch):
    monkeypatch.setattr(views, "DRILL_PAGE_SIZE", 3)
    client.force_login(people.leader)
    params = {"chi-so": "received", "phan": "count", "ky": "2026-03"}
    first = client.get(DRILL, params)
    second = client.get(DRILL, {**params, "trang": "3"})
    assert first.context["total"] == second.context["total"] == 7
    assert len(first.context["page"].object_list) == 3
    assert len(second.context["page"].object_list) == 1
    assert "trang=2" in first.content.decode()


def test_a_catalogue_item_lists_procedures(client, people, catalogue, march):
    client.force_login(people.leader)
    response = client.get(
        DRILL, {"chi-so": "ONLINE_PROCEDURES", "phan": "missing", "ky": "2026-03"}
    )
    assert response.status_code == 200
    assert [row.procedure for row in response.context["rows"]] == [catalogue.none]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"chi-so": "KHONG_CO", "phan": "count"}, "Không có số liệu mang mã"),
        ({"chi-so": "PROGRESS_ON_TIME", "phan": "count"}, "không áp dụng"),
        ({"chi-so": "DOSSIER_SYNC", "phan": "numerator"}, "Chưa có dữ liệu"),
        ({"chi-so": "received", "phan": "count", "ky": "2026-13"}, "Tháng phải từ 01 đến 12"),
    ],
)
def test_a_bad_link_is_a_clear_message(client, people, params, message):
    client.force_login(people.leader)
    response = client.get(DRILL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_user_who_may_not_open_some_counted_dossiers_is_told_how_many(
    client, people, march, monkeypatch
):
    """No role today reads a scope's indicators without seeing its dossiers; should one
    appear, the list says how many it leaves out instead of showing a smaller count."""
    from motcua.indicators import drilldown

    hidden = march.d1.pk
    real = drilldown.visible_dossiers
    monkeypatch.setattr(drilldown, "visible_dossiers", lambda user: real(user).exclude(pk=hidden))
    client.force_login(people.leader)
    response = client.get(DRILL, {"chi-so": "received", "phan": "count", "ky": "2026-03"})
    assert response.context["total"] == 6
    assert response.context["hidden"] == 1
    assert "1 hồ sơ khác cũng được tính vào con số này" in response.content.decode()
