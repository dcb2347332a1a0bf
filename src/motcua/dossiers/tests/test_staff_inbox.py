"""Inboxes: tabs with counts, filters, sort, pagination, due colours, the menu count."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import DeadlineKind
from motcua.dossiers import inputs, services
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.dossiers.search import backfill_search_text
from motcua.dossiers.web import staff_reads as reads
from motcua.org.models import Role

from .conftest import APPLICANT
from .test_staff_intake import publish

pytestmark = pytest.mark.django_db

INBOX = "/can-bo/ho-so/"
AGO = dt.timedelta


@pytest.fixture
def two_hours(org):
    return publish(
        org.ward,
        org.unit_a,
        "1.000656",
        "Chứng thực bản sao từ bản chính",
        kind=DeadlineKind.HOURS,
        amount=2,
        sector="Chứng thực",
    )


@pytest.fixture
def mixed(receive, staff, procs, two_hours):
    """One dossier per interesting inbox, received through the services."""
    now = timezone.now()

    def take(proc, ago, name, **kw):
        applicant = inputs.Applicant(**{**APPLICANT.__dict__, "name": name})
        return receive(proc, now - ago, applicant=applicant, **kw)

    def to_unit(d, assign=True):
        at = d.received_at + AGO(minutes=1)
        d = services.forward(actor=staff.counter, dossier=d, at=at)
        if assign:
            d = services.assign(
                actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at + AGO(minutes=1)
            )
        return d

    class M:
        overdue = to_unit(take(procs.three_days, AGO(days=30), "Trần Văn Quá"))
        soon = to_unit(take(two_hours, AGO(minutes=5), "Lê Thị Gấp"), assign=False)
        calm = take(procs.unit_b, AGO(minutes=10), "Phạm Văn Xa", channel=Channel.ONLINE)
        waiting = services.request_supplement(
            actor=staff.spec_a,
            dossier=to_unit(take(procs.restart, AGO(days=1), "Đỗ Bổ Sung")),
            missing=[],
            reason="Thiếu tờ khai",
            at=now - AGO(hours=20),
        )
        ready = services.result_ready(
            actor=staff.spec_a,
            dossier=services.decide(
                actor=staff.head_a,
                dossier=to_unit(take(procs.same_day, AGO(days=2), "Vũ Sẵn")),
                approve=True,
                at=now - AGO(days=1),
            ),
            at=now - AGO(hours=23),
        )

    return M


def tab_counts(body: str) -> dict[str, int]:
    return {
        name: int(n)
        for name, n in re.findall(
            r'href="\?hop=(\w+)[^"]*"[^>]*>[^<]*<span class="n[^"]*">(\d+)</span>', body
        )
    }


def codes(body: str) -> list[str]:
    return re.findall(r'<td data-label="Mã hồ sơ"><a href="[^"]+">([^<]+)</a>', body)


def test_counter_tabs_and_counts(client, staff, mixed):
    client.force_login(staff.counter)
    body = client.get(INBOX).content.decode()
    assert tab_counts(body) == {
        "unit": 4,
        "due_soon": 1,
        "overdue": 1,
        "supplement": 1,
        "ready": 1,
        "all": 5,
    }
    assert "mine" not in tab_counts(body)  # a counter officer is never the assignee
    assert set(codes(body)) == {
        mixed.overdue.code,
        mixed.soon.code,
        mixed.calm.code,
        mixed.waiting.code,
    }


def test_a_specialist_starts_on_their_own_dossiers(client, staff, mixed):
    client.force_login(staff.spec_a)
    body = client.get(INBOX).content.decode()
    counts = tab_counts(body)
    assert counts["mine"] == 2 and counts["all"] == 4  # unit B's dossier is not theirs
    assert 'aria-current="page">Của tôi' in body
    assert set(codes(body)) == {mixed.overdue.code, mixed.waiting.code}


def test_unit_b_and_another_ward_see_nothing_of_unit_a(client, staff, mixed):
    client.force_login(staff.spec_b)
    assert codes(client.get(INBOX, {"hop": "all"}).content.decode()) == [mixed.calm.code]
    client.force_login(staff.other_leader)
    assert codes(client.get(INBOX, {"hop": "all"}).content.decode()) == []


def test_due_colours(client, staff, mixed):
    client.force_login(staff.counter)
    body = client.get(INBOX).content.decode()
    row = {
        code: re.search(rf">{re.escape(code)}</a>.*?</tr>", body, re.S).group(0)
        for code in codes(body)
    }
    assert 'class="due due-overdue"' in row[mixed.overdue.code]
    assert 'class="due due-soon"' in row[mixed.soon.code]
    assert 'class="due due-paused"' in row[mixed.waiting.code]
    assert 'class="due"' in row[mixed.calm.code]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hop": "overdue"}, ["overdue"]),
        ({"hop": "due_soon"}, ["soon"]),
        ({"hop": "supplement"}, ["waiting"]),
        ({"hop": "ready"}, ["ready"]),
        ({"hop": "all", "trang_thai": str(Status.DONE)}, ["ready"]),
        ({"hop": "all", "kenh": str(Channel.ONLINE)}, ["calm"]),
        ({"hop": "all", "thu_tuc": "1.013225"}, ["calm"]),
        ({"hop": "all", "q": "gấp"}, ["soon"]),
        ({"hop": "all", "q": "Lê Thị"}, ["soon"]),
    ],
)
def test_filters(client, staff, mixed, params, expected):
    client.force_login(staff.leader)
    body = client.get(INBOX, params).content.decode()
    assert codes(body) == [getattr(mixed, name).code for name in expected]


def test_search_by_code_and_citizen_id(client, staff, mixed):
    client.force_login(staff.leader)
    assert codes(client.get(INBOX, {"hop": "all", "q": mixed.calm.code[-9:]}).content.decode()) == [
        mixed.calm.code
    ]
    found = codes(client.get(INBOX, {"hop": "all", "q": "031190001234"}).content.decode())
    assert len(found) == 5


def test_sort_by_due_then_by_newest_receipt(client, staff, mixed):
    client.force_login(staff.leader)
    by_due = codes(client.get(INBOX, {"hop": "unit"}).content.decode())
    assert by_due[0] == mixed.overdue.code and by_due[1] == mixed.soon.code
    newest = codes(client.get(INBOX, {"hop": "all", "sap_xep": "moi"}).content.decode())
    assert newest == [
        mixed.soon.code,
        mixed.calm.code,
        mixed.waiting.code,
        mixed.ready.code,
        mixed.overdue.code,
    ]


def test_bad_filter_values_are_reported_not_500(client, staff, mixed):
    client.force_login(staff.leader)
    response = client.get(
        INBOX,
        {"hop": "nonsense", "trang_thai": "99", "thu_tuc": "x", "sap_xep": "?", "trang": "abc"},
    )
    assert response.status_code == 200
    assert "Giá trị lọc không hợp lệ." in response.content.decode()


def test_pagination_25_per_page_keeps_the_filters(client, staff, receive, procs):
    start = timezone.now() - AGO(days=3)
    for i in range(27):
        receive(procs.three_days, start + AGO(minutes=i))
    client.force_login(staff.counter)
    first = client.get(INBOX, {"hop": "all", "kenh": "1"}).content.decode()
    assert len(codes(first)) == 25 and "Trang 1 / 2" in first
    assert "?hop=all&amp;kenh=1&amp;trang=2" in first
    second = client.get(INBOX, {"hop": "all", "kenh": "1", "trang": "2"}).content.decode()
    assert len(codes(second)) == 2


def test_unfiltered_inbox_counts_once_per_tab_plus_the_menu(client, staff, mixed):
    client.force_login(staff.counter)
    with CaptureQueriesContext(connection) as unfiltered:
        body = client.get(INBOX).content.decode()
    with CaptureQueriesContext(connection) as filtered:
        client.get(INBOX, {"kenh": "1"})
    tabs = len(tab_counts(body))
    menu = 2  # the menu's numbers: "Hồ sơ" and the online queue ("Hồ sơ trực tuyến")
    assert _counts(unfiltered) == tabs + menu  # the paginator reuses the tab's count
    assert _counts(filtered) == tabs + menu + 1  # a filtered page must count its own rows
    assert "4 hồ sơ" in body


def _counts(captured) -> int:
    return sum("COUNT(*)" in query["sql"] for query in captured.captured_queries)


def test_due_soon_means_one_working_day_on_the_users_calendar(staff):
    # Friday 16:00 → Monday 16:00 (07:30–11:30, 13:30–17:30: 8 working hours).
    friday = timezone.make_aware(dt.datetime(2026, 3, 6, 16, 0))
    assert reads.due_soon_until(staff.counter, friday) == timezone.make_aware(
        dt.datetime(2026, 3, 9, 16, 0)
    )


def test_inboxes_need_a_dossier_role(client, make_staff, org):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    client.force_login(admin)
    assert client.get(INBOX).status_code == 403


def test_menu_shows_intake_and_the_inbox_count(client, staff, mixed):
    client.force_login(staff.counter)
    body = client.get("/can-bo/").content.decode()
    assert ">Tiếp nhận</a>" in body
    assert '>Hồ sơ <span class="nav-count" aria-label="4 hồ sơ">4</span></a>' in body
    client.force_login(staff.spec_a)
    body = client.get(INBOX).content.decode()
    assert ">Tiếp nhận</a>" not in body
    assert 'aria-current="page">Hồ sơ <span class="nav-count" aria-label="2 hồ sơ">2</span>' in body


def test_intake_is_the_active_menu_entry_on_the_intake_page(client, staff):
    client.force_login(staff.counter)
    body = client.get("/can-bo/ho-so/tiep-nhan/").content.decode()
    assert 'aria-current="page">Tiếp nhận</a>' in body
    assert 'aria-current="page">Hồ sơ' not in body


# --- Search without diacritics or case (Dossier.search_text) ---------------------------------


def _named(name: str) -> inputs.Applicant:
    return inputs.Applicant(**{**APPLICANT.__dict__, "name": name})


@pytest.fixture
def namesakes(receive, staff, org, procs):
    """Nguyễn Văn Đức in this ward, Nguyễn Văn Đông in the other one."""

    class N:
        here = receive(applicant=_named("Nguyễn Văn Đức"))
        there = services.receive_dossier(
            actor=staff.other_counter,
            receiving_agency=org.other_unit,
            procedure=procs.other_ward,
            applicant=_named("Nguyễn Văn Đông"),
            at=timezone.now() - AGO(days=1),
        )

    return N


@pytest.mark.parametrize("query", ["nguyen van", "NGUYỄN", "van duc", "  Nguyễn   văn  "])
def test_names_are_found_without_diacritics_or_case(client, staff, mixed, namesakes, query):
    client.force_login(staff.leader)  # sees "Trần Văn Quá", "Phạm Văn Xa"… of this ward too
    assert codes(client.get(INBOX, {"hop": "all", "q": query}).content.decode()) == [
        namesakes.here.code
    ]


def test_a_code_fragment_in_lower_case_is_found(client, staff, mixed, namesakes):
    client.force_login(staff.leader)
    fragment = namesakes.here.code.lower()  # "t01.01.03-260223-0001"
    assert codes(client.get(INBOX, {"hop": "all", "q": fragment}).content.decode()) == [
        namesakes.here.code
    ]


def test_the_search_stays_within_the_users_dossiers(client, staff, namesakes):
    client.force_login(staff.leader)
    assert codes(client.get(INBOX, {"hop": "all", "q": "nguyen van dong"}).content.decode()) == []
    client.force_login(staff.other_leader)
    assert codes(client.get(INBOX, {"hop": "all", "q": "nguyen van"}).content.decode()) == [
        namesakes.there.code
    ]


def test_the_search_text_follows_a_change_of_applicant(namesakes):
    dossier = namesakes.here
    dossier.applicant_name = "Lê Thị Thu"
    dossier.save(update_fields=["applicant_name"])
    dossier.refresh_from_db()
    assert "le thi thu" in dossier.search_text and "duc" not in dossier.search_text


def test_the_migration_backfill_fills_rows_made_before(client, staff, mixed, namesakes):
    Dossier.objects.update(search_text="")  # as the column is just after AddField
    assert backfill_search_text(Dossier, batch_size=2) == Dossier.objects.count() == 7
    assert Dossier.objects.get(pk=namesakes.here.pk).search_text == (
        f"{namesakes.here.code.lower().replace('-', ' ')} nguyen van duc 031190001234 0912345678"
    )
    assert not Dossier.objects.filter(search_text="").exists()
    client.force_login(staff.leader)
    assert codes(client.get(INBOX, {"hop": "all", "q": "nguyen van"}).content.decode()) == [
        namesakes.here.code
    ]


def test_a_search_with_no_match_here_names_the_inboxes_that_have_one(client, staff, mixed):
    """Issue #10: a finished dossier searched in "Của đơn vị" points to "Tất cả"."""
    client.force_login(staff.counter)
    body = client.get(INBOX, {"hop": "unit", "q": "Vũ Sẵn"}).content.decode()
    assert codes(body) == []
    assert "Không có hồ sơ nào phù hợp bộ lọc trong hộp này." in body
    assert "Hộp “Tất cả” có 1 hồ sơ phù hợp" in body
    assert 'href="?hop=all&amp;q=V%C5%A9+S%E1%BA%B5n"' in body
    assert codes(client.get(INBOX, {"hop": "all", "q": "Vũ Sẵn"}).content.decode()) == [
        mixed.ready.code
    ]


@pytest.mark.parametrize("typed", ["0912 345 678", "0912345678", "345678"])
def test_search_by_phone_number(client, staff, mixed, typed):
    client.force_login(staff.counter)
    found = codes(client.get(INBOX, {"hop": "all", "q": typed}).content.decode())
    assert len(found) == 5


def test_the_staff_home_is_a_to_do_list(client, staff, mixed):
    """Issue #10: Tổng quan lists what calls for action, with counts and the urgent dossiers."""
    client.force_login(staff.counter)
    body = client.get(reverse("staff-home")).content.decode()
    todo = body[body.index("Việc cần làm") : body.index("Vai trò của bạn")]
    assert '?hop=overdue"><span class="stat todo-late">1</span> Quá hạn' in todo
    assert "Chờ bổ sung" in todo and "Chờ trả kết quả" in todo
    assert "Của tôi" not in todo  # a counter officer is never the assignee
    assert mixed.overdue.code in todo and mixed.soon.code in todo
    assert todo.index(mixed.overdue.code) < todo.index(mixed.soon.code)
