"""Services of the working calendar: permissions, validation, audit, cache and the hook."""

import datetime as dt

import pytest
from django.db import transaction

from motcua.core.errors import DomainError, DomainErrors, NotFoundError, PermissionDeniedError
from motcua.org.models import Role
from motcua.workcal.calendars import calendar_for
from motcua.workcal.engine import Deadline, due_at
from motcua.workcal.models import CalendarEvent, CalendarOverride, WorkingSchedule
from motcua.workcal.services import add_override, remove_override, set_working_periods
from motcua.workcal.signals import calendar_changed

from .moments import at

TUESDAY = dt.date(2026, 3, 10)
SATURDAY = dt.date(2026, 3, 14)


@pytest.fixture
def ward_admin(org, make_staff):
    return make_staff(org.ward, Role.AGENCY_ADMIN)


@pytest.fixture
def province_admin(org, make_staff):
    return make_staff(org.province, Role.AGENCY_ADMIN)


def add_day_off(actor, agency, day=TUESDAY, reason="Thông báo 12/TB-UBND"):
    return add_override(actor=actor, agency=agency, date=day, kind="off", reason=reason)


# --- Permission boundary -----------------------------------------------------------------


@pytest.mark.django_db
def test_ward_admin_adds_a_day_off_for_own_ward(org, ward_admin):
    override = add_day_off(ward_admin, org.ward)
    assert override.created_by == ward_admin
    event = CalendarEvent.objects.get(kind="override_added")
    assert event.actor == ward_admin
    assert event.agency == org.ward
    assert event.data["date"] == "2026-03-10"


@pytest.mark.django_db
def test_ward_admin_cannot_add_for_another_ward(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        add_day_off(ward_admin, org.other_ward)
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_ward_admin_cannot_add_for_the_province(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        add_day_off(ward_admin, org.province)
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.COUNTER_OFFICER, Role.WARD_LEADER])
def test_staff_without_the_calendar_role_cannot_add_any(org, make_staff, role):
    user = make_staff(org.ward, role)
    for agency in (org.ward, org.province):
        with pytest.raises(PermissionDeniedError):
            add_day_off(user, agency)
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_unit_admin_cannot_set_the_ward_calendar(org, make_staff):
    unit_admin = make_staff(org.unit_a, Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDeniedError):
        add_day_off(unit_admin, org.ward)


@pytest.mark.django_db
def test_province_admin_may_add_for_the_province_and_its_wards(org, province_admin):
    add_day_off(province_admin, org.province)
    add_day_off(province_admin, org.other_ward, day=dt.date(2026, 3, 11))
    assert CalendarOverride.objects.count() == 2


@pytest.mark.django_db
def test_ward_admin_cannot_remove_another_wards_override(org, ward_admin, make_staff):
    other_admin = make_staff(org.other_ward, Role.AGENCY_ADMIN)
    override = add_day_off(other_admin, org.other_ward)
    with pytest.raises(PermissionDeniedError):
        remove_override(actor=ward_admin, override=override)
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


@pytest.mark.django_db
def test_ward_admin_cannot_change_another_wards_hours(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        set_working_periods(actor=ward_admin, agency=org.other_ward, periods=[("08:00", "12:00")])
    assert not WorkingSchedule.objects.exists()


# --- Validation --------------------------------------------------------------------------


@pytest.mark.django_db
def test_overrides_are_for_provinces_and_wards_only(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        add_day_off(ward_admin, org.unit_a)
    assert caught.value.code == "override_level"


@pytest.mark.django_db
def test_one_override_per_agency_and_day(org, ward_admin):
    add_day_off(ward_admin, org.ward)
    with pytest.raises(DomainError) as caught:
        add_override(actor=ward_admin, agency=org.ward, date=TUESDAY, kind="off", reason="Lại")
    assert (caught.value.code, caught.value.field) == ("override_exists", "date")


@pytest.mark.django_db
def test_an_override_that_changes_nothing_is_refused(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        add_day_off(ward_admin, org.ward, day=dt.date(2026, 2, 17))  # Tết
    assert caught.value.code == "override_redundant"
    assert "Tết" in caught.value.message
    with pytest.raises(DomainError) as caught:
        add_override(actor=ward_admin, agency=org.ward, date=TUESDAY, kind="work", reason="x")
    assert caught.value.code == "override_redundant"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reason": "   "}, "override_reason_required"),
        ({"reason": "x" * 256}, "override_reason_too_long"),
        ({"kind": "holiday"}, "override_kind_invalid"),
        ({"date": dt.date(2150, 1, 1)}, "override_date_out_of_range"),
    ],
)
def test_override_input_is_checked(org, ward_admin, changes, code):
    arguments = {
        "actor": ward_admin,
        "agency": org.ward,
        "date": TUESDAY,
        "kind": "off",
        "reason": "Thông báo",
    } | changes
    with pytest.raises(DomainError) as caught:
        add_override(**arguments)
    assert caught.value.code == code
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_every_refused_field_comes_at_once(org, ward_admin):
    """Issue #10: a day already off (Tết) with no reason and a wrong kind says all three on
    one submit; the calendar is asked about the date only when kind and date are readable."""
    with pytest.raises(DomainErrors) as caught:
        add_override(
            actor=ward_admin, agency=org.ward, date=dt.date(2026, 2, 17), kind="x", reason=" "
        )
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("kind", "override_kind_invalid"),
        ("reason", "override_reason_required"),
    }
    with pytest.raises(DomainErrors) as caught:
        add_override(
            actor=ward_admin, agency=org.ward, date=dt.date(2026, 2, 17), kind="off", reason=""
        )
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("date", "override_redundant"),
        ("reason", "override_reason_required"),
    }
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_bad_working_periods_are_refused(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        set_working_periods(actor=ward_admin, agency=org.ward, periods=[("11:30", "07:30")])
    assert caught.value.code == "working_periods_invalid"
    assert not WorkingSchedule.objects.exists()


# --- The calendar follows at once --------------------------------------------------------


@pytest.mark.django_db
def test_an_override_is_visible_at_once_in_due_dates(org, ward_admin):
    received, deadline = at(2026, 3, 9, 10), Deadline.days(1)
    assert due_at(calendar_for(org.unit_a), received, deadline) == at(2026, 3, 10, 10)
    add_day_off(ward_admin, org.ward)
    assert due_at(calendar_for(org.unit_a), received, deadline) == at(2026, 3, 11, 10)
    assert due_at(calendar_for(org.other_unit), received, deadline) == at(2026, 3, 10, 10)


@pytest.mark.django_db
def test_province_days_apply_to_every_ward_and_a_ward_may_work_anyway(org, province_admin):
    add_day_off(province_admin, org.province, reason="Tỉnh cho nghỉ")
    assert not calendar_for(org.ward).is_working_day(TUESDAY)
    assert not calendar_for(org.other_unit).is_working_day(TUESDAY)
    assert calendar_for(org.ward).day_reason(TUESDAY) == "Tỉnh cho nghỉ"
    add_override(
        actor=province_admin, agency=org.ward, date=TUESDAY, kind="work", reason="Phường trực"
    )
    assert calendar_for(org.unit_a).is_working_day(TUESDAY)
    assert not calendar_for(org.other_ward).is_working_day(TUESDAY)


@pytest.mark.django_db
def test_a_working_saturday(org, ward_admin):
    add_override(
        actor=ward_admin,
        agency=org.ward,
        date=SATURDAY,
        kind="work",
        reason="Làm bù theo thông báo",
    )
    received = at(2026, 3, 13, 10)  # Friday
    assert due_at(calendar_for(org.ward), received, Deadline.days(1)) == at(2026, 3, 14, 10)


@pytest.mark.django_db
def test_removing_an_override_restores_the_day(org, ward_admin):
    override = add_day_off(ward_admin, org.ward)
    assert not calendar_for(org.ward).is_working_day(TUESDAY)
    remove_override(actor=ward_admin, override=override)
    assert calendar_for(org.ward).is_working_day(TUESDAY)
    assert CalendarEvent.objects.filter(kind="override_removed").count() == 1
    with pytest.raises(NotFoundError):
        remove_override(actor=ward_admin, override=override)


@pytest.mark.django_db
def test_working_hours_fall_back_up_the_tree(org, ward_admin, province_admin):
    assert calendar_for(org.unit_a).day_seconds == 8 * 3600  # settings default
    set_working_periods(
        actor=province_admin, agency=org.province, periods=[("07:30", "11:30"), ("13:30", "17:00")]
    )
    assert calendar_for(org.unit_a).day_seconds == 7.5 * 3600
    set_working_periods(actor=ward_admin, agency=org.ward, periods=[("08:00", "12:00")])
    assert calendar_for(org.unit_a).day_seconds == 4 * 3600
    assert calendar_for(org.other_unit).day_seconds == 7.5 * 3600
    set_working_periods(actor=ward_admin, agency=org.unit_a, periods=[("07:00", "17:00")])
    assert calendar_for(org.unit_a).day_seconds == 10 * 3600
    assert calendar_for(org.unit_b).day_seconds == 4 * 3600
    set_working_periods(actor=ward_admin, agency=org.unit_a, periods=None)
    assert calendar_for(org.unit_a).day_seconds == 4 * 3600
    assert WorkingSchedule.objects.get(agency=org.ward).periods == [["08:00", "12:00"]]
    assert CalendarEvent.objects.filter(kind="periods_changed").count() == 4


@pytest.mark.django_db
def test_calendars_are_cached_until_something_changes(org, ward_admin, django_assert_num_queries):
    first = calendar_for(org.unit_a)
    with django_assert_num_queries(1):  # only the stamp
        assert calendar_for(org.unit_a) is first
    assert calendar_for(org.unit_b) is first  # same ward, same hours: shared
    add_day_off(ward_admin, org.ward)
    assert calendar_for(org.unit_a) is not first


# --- The recompute hook ------------------------------------------------------------------


@pytest.fixture
def received_signals():
    found = []

    def handler(sender, **kwargs):
        found.append(kwargs)

    calendar_changed.connect(handler)
    yield found
    calendar_changed.disconnect(handler)


@pytest.mark.django_db
def test_calendar_changed_is_sent_on_commit(
    org, ward_admin, received_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        override = add_day_off(ward_admin, org.ward)
        assert received_signals == []  # not before commit
    assert received_signals == [
        {
            "signal": calendar_changed,
            "agency": org.ward,
            "actor": ward_admin,
            "change": "override_added",
            "date_from": TUESDAY,
            "date_to": TUESDAY,
            "reason": "Thông báo 12/TB-UBND",
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        remove_override(actor=ward_admin, override=override)
        set_working_periods(actor=ward_admin, agency=org.unit_a, periods=[("08:00", "16:00")])
    assert [s["change"] for s in received_signals] == [
        "override_added",
        "override_removed",
        "periods_changed",
    ]
    assert (received_signals[-1]["date_from"], received_signals[-1]["date_to"]) == (None, None)
    assert received_signals[1]["reason"] == "Thông báo 12/TB-UBND"
    assert received_signals[2]["reason"] == "Phòng Văn hóa - Xã hội: 08:00–16:00"


@pytest.mark.django_db
def test_calendar_changed_is_not_sent_for_a_rolled_back_change(
    org, ward_admin, received_signals, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        add_day_off(ward_admin, org.ward)
        raise RuntimeError("later step failed")
    assert callbacks == []
    assert received_signals == []
    assert calendar_for(org.ward).is_working_day(TUESDAY)


@pytest.mark.django_db
def test_a_failing_handler_does_not_break_the_change(
    org, ward_admin, django_capture_on_commit_callbacks
):
    def broken(sender, **kwargs):
        raise ValueError("recompute failed")

    calendar_changed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            add_day_off(ward_admin, org.ward)
    finally:
        calendar_changed.disconnect(broken)
    assert CalendarOverride.objects.count() == 1


@pytest.mark.django_db
def test_system_imports_need_no_actor(org):
    add_override(actor=None, agency=org.province, date=TUESDAY, kind="off", reason="Nhập")
    assert CalendarEvent.objects.get().actor is None
