"""The cached calendars follow a write from any path: the stamp is moved by the database."""

import datetime as dt

import pytest
from django.db import connection, transaction

from motcua.core.sql import table
from motcua.workcal.calendars import calendar_for
from motcua.workcal.models import CalendarOverride, CalendarStamp, WorkingSchedule

TUESDAY = dt.date(2026, 3, 10)
WEDNESDAY = dt.date(2026, 3, 11)

pytestmark = pytest.mark.django_db


def test_a_lookup_reads_only_the_stamp_once_built(org, django_assert_num_queries):
    first = calendar_for(org.unit_a)
    with django_assert_num_queries(1):
        assert calendar_for(org.unit_a) is first
    with django_assert_num_queries(2):  # the stamp and unit_b's hours; not built again
        assert calendar_for(org.unit_b) is first


def test_an_override_created_through_the_orm_is_seen(org):
    """As from the shell, the admin or another process: nothing here touches the cache."""
    assert calendar_for(org.unit_a).is_working_day(TUESDAY)
    stamp = CalendarStamp.current()
    CalendarOverride.objects.create(agency=org.ward, date=TUESDAY, kind="off", reason="shell")
    assert CalendarStamp.current() != stamp
    assert not calendar_for(org.unit_a).is_working_day(TUESDAY)


def test_a_queryset_update_is_seen(org):
    CalendarOverride.objects.create(agency=org.province, date=TUESDAY, kind="off", reason="x")
    assert not calendar_for(org.unit_a).is_working_day(TUESDAY)
    CalendarOverride.objects.filter(date=TUESDAY).update(date=WEDNESDAY)
    calendar = calendar_for(org.unit_a)
    assert calendar.is_working_day(TUESDAY)
    assert not calendar.is_working_day(WEDNESDAY)


def test_a_queryset_delete_is_seen(org):
    CalendarOverride.objects.create(agency=org.ward, date=TUESDAY, kind="off", reason="x")
    assert not calendar_for(org.ward).is_working_day(TUESDAY)
    CalendarOverride.objects.all().delete()
    assert calendar_for(org.ward).is_working_day(TUESDAY)


def test_raw_sql_is_seen(org):
    assert calendar_for(org.other_unit).is_working_day(TUESDAY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table(CalendarOverride)} (agency_id, date, kind, reason, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [org.province.pk, TUESDAY, "off", "raw", dt.datetime(2026, 3, 1, tzinfo=dt.UTC)],
        )
    assert not calendar_for(org.other_unit).is_working_day(TUESDAY)


def test_working_hours_changed_by_a_queryset_update_are_seen(org):
    WorkingSchedule.objects.create(agency=org.ward, periods=[["08:00", "12:00"]])
    assert calendar_for(org.unit_a).day_seconds == 4 * 3600
    WorkingSchedule.objects.filter(agency=org.ward).update(periods=[["07:00", "12:00"]])
    assert calendar_for(org.unit_a).day_seconds == 5 * 3600


def test_a_rolled_back_write_leaves_no_stale_calendar(org):
    before = CalendarStamp.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(agency=org.ward, date=TUESDAY, kind="off", reason="x")
        assert not calendar_for(org.ward).is_working_day(TUESDAY)  # cached under the write
        raise RuntimeError
    assert CalendarStamp.current() == before
    assert calendar_for(org.ward).is_working_day(TUESDAY)
