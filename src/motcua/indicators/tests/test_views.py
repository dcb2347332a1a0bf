"""The leadership dashboard (/can-bo/chi-so/): who may see what, the numbers it shows for
the hand-built March 2026 dataset (tests/conftest.py), the period picker's messages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.models import Channel
from motcua.indicators.periods import Period
from motcua.indicators.tests.conftest import at
from motcua.org.models import Role

pytestmark = pytest.mark.django_db

URL = "/can-bo/chi-so/"


def item_html(response, code: str) -> str:
    """The <li> of one Decision 766 item on the page."""
    html = response.content.decode()
    match = re.search(rf'<li class="[^"]*" id="chi-tieu-{code}".*?</li>', html, re.S)
    assert match, f"item {code} not on the page"
    return match.group(0)


def link_numbers(fragment: str) -> list[str]:
    return re.findall(r'class="num-link"[^>]*>([^<]+)</a>', fragment)


def test_the_url_and_the_menu_entry(client, people):
    assert reverse("indicators-dashboard") == URL
    client.force_login(people.leader)
    page = client.get("/can-bo/ho-so/").content.decode()
    assert f'href="{URL}"' in page and ">Chỉ số<" in page
    client.force_login(people.counter)
    assert f'href="{URL}"' not in client.get("/can-bo/ho-so/").content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [URL, "/can-bo/chi-so/ho-so/", "/can-bo/chi-so/xuat-excel/"])
def test_staff_without_the_indicators_permission_get_403(client, people, url):
    client.force_login(people.counter)  # counter officer: no Perm.VIEW_INDICATORS
    assert client.get(url).status_code == 403


def test_a_ward_leader_sees_the_ward_scorecard_counted_by_hand(client, people, org, march_full):
    client.force_login(people.leader)
    response = client.get(URL, {"ky": "2026-03"})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.selection.scope.agency == org.ward
    assert board.selection.period == Period.month(2026, 3)
    # conftest: d1–d4 on time, d6/d8/d16 open within time, d13 stopped within time = 8;
    # plus d5 late, d7 overdue, d10 finished late in March = 11 (d12 withdrawn is out).
    progress = item_html(response, "PROGRESS_ON_TIME")
    assert link_numbers(progress)[:2] == ["8", "11"]
    assert "14,55" in progress  # 20 × 8/11 = 14.5454… → 14.55
    assert "72,73 %" in progress
    # 3 not on time → the list of what cost the points, and what it takes to reach 20.
    assert link_numbers(progress)[2] == "3"
    assert "Cần thêm 3 hồ sơ giải quyết trước hạn, đúng hạn để đạt điểm tối đa." in progress
    # Online: d1 d3 d6 d8 d12 of the 11 received in March.
    online = item_html(response, "ONLINE_DOSSIERS")
    assert link_numbers(online)[:2] == ["5", "11"]
    assert "Cần thêm 1 hồ sơ nộp trực tuyến để đạt điểm tối đa." in online


def test_items_without_data_say_so_and_never_show_zero(client, people, march):
    client.force_login(people.leader)
    response = client.get(URL, {"ky": "2026-03"})
    sync = item_html(response, "DOSSIER_SYNC")
    assert "chưa có dữ liệu" in sync
    assert "đồng bộ hồ sơ" in sync  # the reason
    assert link_numbers(sync) == []
    assert "0,00" not in sync
    # Transparency has no item with data: the group says so instead of 0.
    html = response.content.decode()
    group = re.search(r'id="nhom-transparency-ten">.*?</h3>', html, re.S).group(0)
    assert "chưa có dữ liệu" in group


def test_rates_per_unit_and_per_procedure(client, people, org, march):
    client.force_login(people.leader)
    board = client.get(URL, {"ky": "2026-03"}).context["board"]
    by_unit = {row.label: row.row for row in board.by_child.rows}
    # Unit A: d1 d2 d3 d5 d6 d7 received; d1 d2 d3 d5 finished, d5 late → 3/4 = 75 %.
    unit_a = by_unit[org.unit_a.display_name]
    assert (unit_a.received, unit_a.finished, unit_a.finished_late) == (6, 4, 1)
    assert str(unit_a.on_time_rate) == "75.00"
    assert board.by_child.total.row.received == 7
    procedures = {row.row.label.split(" — ")[0] for row in board.by_procedure.rows}
    assert procedures == {"2.000001", "2.000002", "2.000003"}


def test_a_unit_head_sees_only_their_unit(client, people, org, march):
    client.force_login(people.head_a)
    response = client.get(URL, {"ky": "2026-03"})
    assert response.status_code == 200
    assert response.context["board"].selection.scope.agency == org.unit_a
    choices = [code for code, _ in response.context["form"].fields["don_vi"].choices]
    assert choices == [org.unit_a.code]
    assert response.context["board"].ranking == []


@pytest.mark.parametrize("agency", ["ward", "unit_b", "other_ward", "other_unit", "province"])
def test_a_unit_head_cannot_pick_another_agency(client, people, org, agency):
    client.force_login(people.head_a)
    code = getattr(org, agency).code
    assert client.get(URL, {"don_vi": code}).status_code == 404
    assert (
        client.get(
            "/can-bo/chi-so/ho-so/", {"don_vi": code, "chi-so": "received", "phan": "count"}
        ).status_code
        == 404
    )
    assert client.get("/can-bo/chi-so/xuat-excel/", {"don_vi": code}).status_code == 404
    assert client.get("/can-bo/chi-so/bao-cao-thang/", {"don_vi": code}).status_code == 404


def test_a_ward_leader_cannot_pick_another_ward(client, people, org):
    client.force_login(people.leader)
    assert client.get(URL, {"don_vi": org.other_ward.code}).status_code == 404
    assert client.get(URL, {"don_vi": "KHONG-CO"}).status_code == 404
    assert client.get(URL, {"don_vi": org.unit_b.code}).status_code == 200


def test_a_ward_leader_ranks_the_units(client, people, org, march):
    client.force_login(people.leader)
    board = client.get(URL, {"ky": "2026-03"}).context["board"]
    ranked = [row.label for row in board.ranking]
    assert set(ranked) == {org.unit_a.display_name, org.unit_b.display_name}
    scores = [row.score for row in board.ranking]
    assert scores == sorted(scores, reverse=True)
    assert "ranking" in board.charts


def test_the_trend_starts_with_the_first_month_of_work(client, people, march_full):
    client.force_login(people.leader)
    board = client.get(URL, {"ky": "2026-03"}).context["board"]
    # d10 and d11 were received in February; nothing before: Oct 2025–Jan 2026 are left out.
    assert [row.period.key for row in board.trend] == ["2026-02", "2026-03"]
    assert board.charts["trend"]["labels"] == ["02/2026", "03/2026"]
    # A year shows all its months up to now, January (no dossier yet) included.
    year = client.get(URL, {"ky": "2026"}).context["board"]
    assert [row.period.key for row in year.trend][:3] == ["2026-01", "2026-02", "2026-03"]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({}, None),
        ({"loai": "month", "thang": "2026-03"}, "2026-03"),
        ({"loai": "month", "thang": "03/2026"}, "2026-03"),
        ({"loai": "quarter", "quy": "1", "nam": "2026"}, "2026-Q1"),
        ({"loai": "year", "nam": "2026"}, "2026"),
        ({"loai": "range", "tu": "2026-03-10", "den": "2026-03-20"}, "2026-03-10..2026-03-20"),
        ({"ky": "2026-Q2"}, "2026-Q2"),
    ],
)
def test_the_period_picker(client, people, params, key):
    client.force_login(people.leader)
    response = client.get(URL, params)
    assert response.status_code == 200
    period = response.context["selection"].period
    if key is None:
        assert period.kind == "month" and period.is_current()
    else:
        assert period.key == key
    # The form shows back what was chosen, and every link carries it.
    assert response.context["form"].initial["loai"] == period.kind
    assert f"ky={period.key}" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"loai": "month", "thang": "2026-13"}, "thang", "Tháng phải từ 01 đến 12"),
        ({"loai": "month", "thang": ""}, "thang", "Vui lòng nhập tháng"),
        ({"loai": "month", "thang": "2026"}, "thang", "Tháng phải có dạng 2026-03"),
        ({"loai": "quarter", "quy": "1"}, "nam", "Vui lòng nhập năm"),
        ({"loai": "year", "nam": "abc"}, "nam", "Năm phải là một số"),
        ({"loai": "range", "tu": "2026-03-20", "den": "2026-03-10"}, "tu", "phải trước"),
        ({"loai": "range", "tu": "31/02/2026", "den": "2026-03-10"}, "tu", "Ngày không hợp lệ"),
        ({"ky": "tháng ba"}, "loai", "Kỳ báo cáo không hợp lệ"),
    ],
)
def test_a_bad_period_is_a_message_next_to_its_field(client, people, params, field, message):
    client.force_login(people.leader)
    response = client.get(URL, params)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert message in response.content.decode()


def test_a_procedure_scope(client, people, org, catalogue, march):
    client.force_login(people.leader)
    response = client.get(URL, {"ky": "2026-03", "thu_tuc": catalogue.part.code})
    board = response.context["board"]
    assert board.selection.scope.procedure == catalogue.part
    # PART in March: d2 d3 d5 d7 (d2 d3 on time, d5 late, d7 overdue).
    assert link_numbers(item_html(response, "PROGRESS_ON_TIME"))[:2] == ["2", "4"]
    assert board.by_procedure is None
    assert client.get(URL, {"thu_tuc": "9.999999"}).status_code == 404


def test_a_procedure_not_offered_here_can_still_be_read(client, people, org):
    from motcua.catalog.models import OnlineLevel
    from motcua.indicators.tests.conftest import publish

    elsewhere = publish(
        org.other_ward, "2.000099", "Thủ tục ở phường khác", level=OnlineLevel.NONE, fee=0
    )
    client.force_login(people.leader)
    response = client.get(URL, {"ky": "2026-03", "thu_tuc": elsewhere.code})
    assert response.status_code == 200
    assert response.context["board"].selection.scope.procedure == elsewhere


def test_a_unit_and_procedure_scope_shows_a_single_line_of_rates(
    client, people, org, catalogue, march
):
    client.force_login(people.head_a)
    response = client.get(URL, {"ky": "2026-03", "thu_tuc": catalogue.full.code})
    board = response.context["board"]
    assert board.by_child is None and board.by_procedure is None
    assert [row.row.received for row in board.scope_rates.rows] == [2]  # d1, d6


def test_a_reform_monitor_sees_the_ward(client, make_staff, org, march):
    monitor = make_staff(org.ward, Role.REFORM_MONITOR, username="cchc_tk")
    client.force_login(monitor)
    assert client.get(URL, {"ky": "2026-03"}).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_dossiers(
    client, people, catalogue, dossiers, march
):
    """Aggregates, not a query per dossier: three more dossiers in March (one per unit
    and channel) leave the dashboard's and a list's query counts unchanged."""
    client.force_login(people.leader)
    pages = [
        (URL, {"ky": "2026-03"}),
        ("/can-bo/chi-so/ho-so/", {"chi-so": "received", "phan": "count", "ky": "2026-03"}),
    ]

    def queries():
        counts = []
        for url, params in pages:
            client.get(url, params)  # warm the per-process statement cache
            with CaptureQueriesContext(connection) as run:
                assert client.get(url, params).status_code == 200
            counts.append(len(run.captured_queries))
        return counts

    before = queries()
    dossiers.receive(catalogue.full, at(2026, 3, 3, 9), channel=Channel.ONLINE)
    dossiers.receive(catalogue.none, at(2026, 3, 4, 9))
    dossiers.finish(dossiers.receive(catalogue.part, at(2026, 3, 5, 9)), at(2026, 3, 6, 9))
    assert queries() == before
