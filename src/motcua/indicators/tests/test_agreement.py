"""The numbers agree everywhere (issue #9 §5): the staff inbox's "Quá hạn", the 766
drill-down lists, the directive's rates and the public statistics count one set of late
dossiers, on a data set counted by hand across the November → December 2026 boundary.

"Now" is Fri 11/12/2026 10:00 (December runs, November is closed). FULL and PART take 3
working days, NONE 5; 08:00–17:30 working hours, no holiday from 25/11 to 11/12 (24/11,
Ngày Văn hóa Việt Nam, lies before). An open dossier past its (legal) due moment is late.

====  ====  ===============  =================  =========================================
code  proc  received         legal due          what happens → verdict on 11/12
====  ====  ===============  =================  =========================================
a1    PART  Fri 27/11 09:00  Wed 02/12 09:00    open → late (carried over from November)
a2    FULL  Mon 30/11 09:00  Thu 03/12 09:00    open → late since 03/12
a3    PART  Mon 30/11 10:00  Thu 03/12 10:00    supplement asked Fri 04/12, after the due
                                                → still late, though paused
a4    PART  Tue 01/12 09:00  Fri 04/12 09:00    result Thu 03/12 → early
a5    NONE  Wed 02/12 09:00  Wed 09/12 09:00    result Thu 10/12 → late
a6    PART  Wed 09/12 09:00  Mon 14/12 09:00    open → within time
a7    FULL  Mon 30/11 11:00  Thu 03/12 11:00    extended on 02/12 to 15/12 (Mẫu 04)
                                                → late: the law's due has passed
a8    FULL  Wed 25/11 09:00  Mon 30/11 09:00    result Fri 27/11 → early (November only)
a9    PART  Thu 26/11 09:00  Tue 01/12 09:00    supplement asked Fri 27/11, in time, still
                                                awaited → clock stopped with time left
====  ====  ===============  =================  =========================================
"""

from __future__ import annotations

import pytest
from django.db.models import Q

from motcua.dossiers import selectors, services
from motcua.indicators import collectors, figures, rates
from motcua.indicators.drilldown import drill
from motcua.indicators.periods import MONTH, Period
from motcua.indicators.presenting.public import public_statistics
from motcua.indicators.presenting.wording import measured_share_text
from motcua.indicators.report import monthly_report_document
from motcua.indicators.scopes import Scope

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 12, 11, 10)
NOVEMBER = Period.month(2026, 11)
DECEMBER = Period.month(2026, 12)

# By hand, from the table above.
LATE_NOW = {"a1", "a2", "a3", "a7"}  # open and past their legal due on 11/12
DECEMBER_PROGRESS_BASE = {"a4", "a5", "a6"} | LATE_NOW  # received in Dec + carried-over late
DECEMBER_PROGRESS_OK = {"a4", "a6"}  # early; open within time
DECEMBER_PROGRESS_MISSING = {"a5"} | LATE_NOW  # finished late; open late
DECEMBER_FINISHED = {"a4", "a5"}
NOVEMBER_PROGRESS_BASE = {"a1", "a2", "a3", "a7", "a8", "a9"}  # received in November
# On 01/12 00:00 nothing was past due yet: a1 (due 02/12) … a7 within, a8 early, a9 paused.
NOVEMBER_PROGRESS_OK = NOVEMBER_PROGRESS_BASE


@pytest.fixture
def boundary(time_machine, dossiers, catalogue, people):
    time_machine.move_to(NOW, tick=False)
    b, p = dossiers, catalogue
    d = {}
    d["a1"] = b.receive(p.part, at(2026, 11, 27, 9))
    d["a2"] = b.receive(p.full, at(2026, 11, 30, 9))
    d["a3"] = b.receive(p.part, at(2026, 11, 30, 10))
    d["a3"] = b.request_supplement(d["a3"], at(2026, 12, 4, 9))
    d["a4"] = b.finish(b.receive(p.part, at(2026, 12, 1, 9)), at(2026, 12, 3, 10))
    d["a5"] = b.finish(b.receive(p.none, at(2026, 12, 2, 9)), at(2026, 12, 10, 9))
    d["a6"] = b.receive(p.part, at(2026, 12, 9, 9))
    d["a7"] = services.extend(
        actor=people.head_a,
        dossier=b.receive(p.full, at(2026, 11, 30, 11)),
        new_due=at(2026, 12, 15, 11),
        reason="Chờ xác minh",
        at=at(2026, 12, 2, 9),
    )
    d["a8"] = b.finish(b.receive(p.full, at(2026, 11, 25, 9)), at(2026, 11, 27, 9))
    d["a9"] = b.request_supplement(b.receive(p.part, at(2026, 11, 26, 9)), at(2026, 11, 27, 9))
    return d


def names(boundary, found) -> set[str]:
    """The table's names of the dossiers in a queryset or a drill-down list."""
    rows = getattr(found, "dossiers", found)
    by_code = {d.code: name for name, d in boundary.items()}
    return {by_code[code] for code in rows.values_list("code", flat=True)}


def test_the_hand_counted_due_moments(boundary):
    due = {name: d.legal_due_at for name, d in boundary.items()}
    assert due["a1"] == at(2026, 12, 2, 9)
    assert due["a2"] == at(2026, 12, 3, 9)
    assert due["a5"] == at(2026, 12, 9, 9)
    assert due["a6"] == at(2026, 12, 14, 9)
    assert due["a7"] == at(2026, 12, 3, 11)
    assert boundary["a7"].due_at == at(2026, 12, 15, 11)  # the promise moved, the law did not


def test_inbox_drilldown_rates_and_public_page_agree(boundary, org, people):
    ward = Scope.of(org.ward)

    # The staff inbox of the ward leader.
    inbox = selectors.inbox(people.leader, "overdue", now=NOW)
    assert names(boundary, inbox) == LATE_NOW

    # The 766 drill-down of December, and the open-overdue lists.
    def listed(code, part):
        return names(boundary, drill(code, part, ward, DECEMBER, now=NOW))

    assert listed("PROGRESS_ON_TIME", "denominator") == DECEMBER_PROGRESS_BASE
    assert listed("PROGRESS_ON_TIME", "numerator") == DECEMBER_PROGRESS_OK
    assert listed("PROGRESS_ON_TIME", "missing") == DECEMBER_PROGRESS_MISSING
    assert listed("open_overdue", "count") == LATE_NOW
    assert listed("in_progress_overdue", "count") == LATE_NOW
    assert listed("ON_TIME_RATE", "denominator") == DECEMBER_FINISHED

    # The scorecard and the directive's rates.
    card = collectors.scorecard(ward, DECEMBER, now=NOW)
    progress = card.items["PROGRESS_ON_TIME"]
    assert (progress.numerator, progress.denominator) == (2, 7)
    row = rates.rates(ward, DECEMBER, now=NOW).total
    assert row.open_overdue == row.in_progress_overdue == len(LATE_NOW) == 4
    assert str(row.on_time_rate) == "50.00"  # a4 of a4, a5: only the resolved ones

    # November, closed: nothing was late on 01/12 00:00.
    november = collectors.scorecard(ward, NOVEMBER, now=NOW).items["PROGRESS_ON_TIME"]
    assert (november.numerator, november.denominator) == (6, 6)
    assert listed_in(boundary, ward, NOVEMBER, "denominator") == NOVEMBER_PROGRESS_BASE
    assert listed_in(boundary, ward, NOVEMBER, "numerator") == NOVEMBER_PROGRESS_OK

    # The public statistics: the same 2 of 7 and the same 4 late dossiers.
    stats = public_statistics(figures.public_figures(org.ward, MONTH, now=NOW))
    month = stats.chosen
    assert str(month.progress_rate) == "28.57"
    assert month.totals.in_progress_overdue == 4
    assert str(month.totals.on_time_rate) == "50.00"
    assert stats.by_unit.total.row.open_overdue == 4


def listed_in(boundary, scope, period, part) -> set[str]:
    return names(boundary, drill("PROGRESS_ON_TIME", part, scope, period, now=NOW))


def test_the_public_page_names_each_rate(boundary, org, client):
    page = client.get("/thong-ke/", {"xa": org.ward.code}).content.decode()
    assert "28,57 %" in page  # the 766 progress rate, with open late dossiers
    assert "Tỷ lệ hồ sơ trước hạn, đúng hạn (mục tiêu 100 %)" in page
    assert "Riêng hồ sơ đã giải quyết" in page
    assert "Đo được" in page and "chưa phải điểm đầy đủ" in page


def test_the_measured_share_travels_to_the_report_and_the_sheet(boundary, org):
    card = collectors.scorecard(Scope.of(org.ward), DECEMBER, now=NOW).card
    # Measured today: progress 20, online service 2 + 4 + 6, payment 2 + 6 (3.5b), and
    # digitisation 6 + 4 — the other items (transparency, satisfaction, …) have no data.
    assert card.measured_max == 20 + 12 + 8 + 10
    assert card.unmeasured_groups == ["transparency", "satisfaction"]
    text = measured_share_text(card)
    assert text.startswith("Đo được 50 / 100 điểm; chưa có dữ liệu: nhóm Công khai, minh bạch")
    document = monthly_report_document(Scope.of(org.ward), DECEMBER, now=NOW)
    assert document["scorecard"]["measured"] == text


@pytest.mark.parametrize(
    "month, now, not_ok",
    [
        ((2026, 11), NOW, 0),  # closed: nothing was past due on 01/12 00:00
        ((2026, 12), NOW, 5),  # running: a1, a2, a3, a7 open and late, a5 finished late
        ((2026, 12), at(2026, 12, 3, 10), 2),  # a1, a2 past due; a3 due this minute (on time)
        ((2026, 12), at(2026, 12, 31, 17), 6),  # a5 finished late, every open one but a9 late
    ],
)
def test_progress_ok_is_the_base_finished_or_open_in_time(boundary, org, month, now, not_ok):
    """measures.progress_ok leaves the base's carried-over branch out (it can be neither
    on time nor open in time); it must select exactly what the full condition selects."""
    from motcua.dossiers import facts
    from motcua.dossiers.models import Dossier
    from motcua.indicators import measures

    w = measures.Window.of(Period.month(*month), now)
    done = Q(finished_at__lt=w.as_of) & facts.finished_on_time()
    still_open = (Q(finished_at__isnull=True) | Q(finished_at__gte=w.as_of)) & facts.within_time(
        w.as_of
    )
    full = measures.progress_base(w) & (done | still_open)
    everything = Dossier.objects.all()
    assert everything.count() == len(boundary)
    expected = set(everything.filter(full).values_list("pk", flat=True))
    assert set(everything.filter(measures.progress_ok(w)).values_list("pk", flat=True)) == expected
    assert everything.filter(measures.progress_base(w)).exclude(pk__in=expected).count() == not_ok
