"""Demo dossiers (issue #3 §6): loaded through the services, in every status, consistent.

One test loads the demo once (a few seconds on SQLite) and checks everything on it; the
loader's small pieces are tested on their own below.
"""

import datetime as dt
import itertools
import random
from collections import Counter

import pytest
from django.db.models import F
from django.utils import timezone

from motcua.demo import catalogue, organisation
from motcua.demo import dossiers as demo_dossiers
from motcua.dossiers.calendar import calendar_for
from motcua.dossiers.models import Channel, Dossier, DossierEvent, Outcome, Status
from motcua.org.models import Agency

pytestmark = pytest.mark.django_db

MAIN_STATUSES = [
    Status.RECEIVED,
    Status.NOT_RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
    Status.WITHDRAWN,
    Status.STOPPED,
    Status.DONE,
    Status.RETURNED,
]


@pytest.fixture
def demo_world():
    organisation.load()
    catalogue.load()
    demo_dossiers.load()


@pytest.mark.slow
def test_the_demo_ward_gets_a_realistic_quarter_of_dossiers(demo_world, client):
    ward = Agency.objects.get(code=demo_dossiers.HOABINH)
    dossiers = Dossier.objects.filter(ward=ward)
    total = dossiers.count()
    assert total == demo_dossiers.DOSSIERS

    by_status = Counter(dossiers.values_list("status", flat=True))
    for status in MAIN_STATUSES:
        assert by_status[status] > 0, Status(status).label
    assert by_status[Status.RETURNED] > total / 2  # most of a quarter's work is done

    finished = dossiers.exclude(outcome="")
    late = finished.filter(outcome=Outcome.LATE).count()
    assert 0.02 <= late / finished.count() <= 0.12  # about 6 %
    in_time = finished.filter(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]).count()
    assert in_time / finished.count() >= 0.9
    assert finished.filter(outcome=Outcome.EARLY).exists()
    assert dossiers.filter(extension_count__gt=0).count() >= 3
    online = dossiers.filter(channel=Channel.ONLINE).count()
    assert 0.25 <= online / total <= 0.47  # about 36 %
    assert dossiers.filter(channel=Channel.POSTAL).exists()
    assert dossiers.filter(files__kind="electronic_result").exists()
    scanned = dossiers.filter(files__kind="intake_scan").distinct().count()
    received = dossiers.exclude(received_at=None).count()
    assert 0.7 <= scanned / received <= 0.95  # about 85 %: real files, not a tick
    assert dossiers.filter(payments__online=False, payments__state="confirmed").exists()
    assert dossiers.filter(payments__online=True, payments__state="confirmed").exists()
    # The inboxes have work: open dossiers received over the last days, some overdue.
    open_ = dossiers.filter(status__in=[Status.RECEIVED, Status.PROCESSING])
    assert open_.count() >= 10
    assert open_.filter(due_at__lt=timezone.now()).exists()
    assert dossiers.filter(assignee__username="chuyenvien.vhxh", status=Status.PROCESSING).exists()

    _assert_consistent_history(dossiers)
    _assert_online_submissions_sometimes_outside_hours(dossiers)
    _assert_the_second_ward_has_a_handful()
    _assert_lookups_work(client, dossiers)

    before = (Dossier.objects.count(), DossierEvent.objects.count())
    demo_dossiers.load()
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == before


def _assert_consistent_history(dossiers):
    now = timezone.now()
    events = DossierEvent.objects.filter(dossier__in=dossiers)
    assert not events.filter(at__gt=now).exists()
    assert not dossiers.filter(received_at__gt=now).exists()
    assert not dossiers.filter(submitted_at__gt=F("received_at")).exists()
    # Every event written by a staff member, in working hours, in order per dossier.
    assert not events.filter(actor__isnull=True).exists()
    calendar = calendar_for(Agency.objects.get(code="H26.80.04")).cal
    moments = list(events.values_list("dossier_id", "at", "id").order_by("dossier_id", "id"))
    for (prev_dossier, prev_at, _), (dossier, at, _) in itertools.pairwise(moments):
        if dossier == prev_dossier:
            assert at >= prev_at
    assert all(
        calendar.is_working_moment(calendar.to_seconds(at)) or _period_end(calendar, at)
        for _, at, _ in moments
    )
    # The cached status is the last event's, and each day's numbers have no gaps.
    for dossier in dossiers.prefetch_related("events"):
        assert list(dossier.events.all())[-1].status_after == dossier.status
    codes = Counter(code.rsplit("-", 1)[0] for code in dossiers.values_list("code", flat=True))
    for prefix, count in codes.items():
        numbers = sorted(
            int(code.rsplit("-", 1)[1])
            for code in dossiers.filter(code__startswith=prefix + "-").values_list(
                "code", flat=True
            )
        )
        assert numbers == list(range(1, count + 1)), prefix


def _period_end(calendar, at) -> bool:
    """The engine puts a due moment at a period's end (e.g. 17:30): still inside hours."""
    local = timezone.localtime(at, calendar.tz)
    return any(local.time() == end for _, end in calendar.periods)


def _assert_online_submissions_sometimes_outside_hours(dossiers):
    calendar = calendar_for(Agency.objects.get(code="H26.80.04")).cal
    online = dossiers.filter(channel=Channel.ONLINE).values_list("submitted_at", flat=True)
    outside = [at for at in online if not calendar.is_working_moment(calendar.to_seconds(at))]
    assert outside


def _assert_the_second_ward_has_a_handful():
    second = Dossier.objects.filter(ward__code=demo_dossiers.LECHAN)
    assert 3 <= second.count() <= 12
    assert second.filter(receiving_agency__code__startswith="H26.81").count() == second.count()
    assert not second.filter(competent_unit__code__startswith="H26.80").exists()


def _assert_lookups_work(client, dossiers):
    for status in (Status.SUPPLEMENT_REQUESTED, Status.RETURNED, Status.PROCESSING):
        dossier = dossiers.filter(status=status).exclude(applicant_phone="").first()
        page = client.get("/tra-cuu/", {"ma": dossier.code.lower()}).content.decode()
        assert dossier.procedure.name in page
        assert Status(status).label in page
        assert dossier.applicant_name not in page
        page = client.post(
            "/tra-cuu/", {"ma": dossier.code, "so": dossier.applicant_phone[-4:]}
        ).content.decode()
        assert demo_initials(dossier.applicant_name) in page


def demo_initials(name: str) -> str:
    return "".join(f"{word[0].upper()}." for word in name.split())


# --- Pieces of the loader -------------------------------------------------------------------


def test_nothing_is_written_without_the_demo_organisation():
    demo_dossiers.load()
    assert not Dossier.objects.exists()


def test_demo_applicants_are_valid(db):
    from motcua.core.citizen_id import validate_citizen_id

    rng = random.Random(1)
    for _ in range(200):
        applicant = demo_dossiers.person(rng, "phường Hòa Bình", online=True).validated()
        assert validate_citizen_id(applicant.id_number) == applicant.id_number
        assert applicant.id_number.startswith("031")
        assert len(applicant.phone) == 10 and applicant.phone.startswith("0")
        assert applicant.email.endswith("@example.com")


def test_rewind_walks_back_over_nights_and_weekends(org):
    clock = demo_dossiers.Clock(calendar_for(org.center), timezone.now())
    tz = clock.tz
    monday_8 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=tz)
    # One working hour before Monday 08:00: Monday's first half hour, then Friday 17:00
    # (periods 07:30–11:30, 13:30–17:30).
    assert clock.rewind(monday_8, 3600) == dt.datetime(2026, 2, 27, 17, 0, tzinfo=tz)
    # From a Saturday, 0 seconds back is the end of Friday's afternoon.
    saturday = dt.datetime(2026, 2, 28, 10, 0, tzinfo=tz)
    assert clock.rewind(saturday, 0) == dt.datetime(2026, 2, 27, 17, 30, tzinfo=tz)
    assert clock.after(clock.rewind(monday_8, 5 * 3600), 5 * 3600) == monday_8
