"""The audit and timeline tables refuse UPDATE and DELETE in the database itself
(core/append_only.py, issue #16 §5), and what they point to is never deleted.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL. Lives in dossiers/tests because it
needs a row in every event table of the apps below (org, workcal, catalog, dossiers).
"""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.db.models import F, ProtectedError
from django.test import RequestFactory

from motcua.core.append_only import (
    AppendOnly,
    append_only_tables,
    expected_triggers,
    installed_triggers,
    maintenance,
)
from motcua.dossiers.access_log import record_access
from motcua.dossiers.models import AccessPurpose, Dossier, DossierEvent
from motcua.org.models import Agency, OrgEvent, User
from motcua.workcal import services as workcal_services

pytestmark = pytest.mark.django_db

EXPECTED = {
    "org_orgevent",
    "workcal_calendarevent",
    "catalog_catalogevent",
    "dossiers_dossierevent",
    "dossiers_personaldataaccess",
}


def _model(table):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


@pytest.fixture
def history(org, staff, receive, make_staff):
    """A row in every append-only table of the apps up to dossiers (those of org's
    accounts, files, payments and outbound: tests/test_append_only_above.py)."""
    dossier = receive()
    record_access(staff.counter, dossier, AccessPurpose.PAGE)
    admin_user = make_staff(org.ward, "agency_admin", username="qtv")
    workcal_services.add_override(
        actor=admin_user, agency=org.ward, date=dt.date(2026, 3, 2), kind="off", reason="Thử"
    )
    for table in EXPECTED:
        assert _model(table).objects.exists(), f"no row in {table}: the test proves nothing"
    return dossier


def test_the_event_tables_are_named_in_migrations_and_have_their_triggers():
    tables = append_only_tables()
    assert tables >= EXPECTED
    for table in tables:
        missing = expected_triggers(connection.vendor, table) - installed_triggers(
            connection, table
        )
        assert not missing, (
            f"{table} lost its append-only triggers {sorted(missing)} (on SQLite a field "
            "change rebuilds the table: repeat AppendOnly(table) after it in that migration)"
        )


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_queryset_update_is_refused(history, table):
    model = _model(table)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        model.objects.all().update(id=F("id"))


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_queryset_delete_is_refused(history, table):
    model = _model(table)
    with pytest.raises((IntegrityError, ProtectedError)), transaction.atomic():
        model.objects.all().delete()
    assert model.objects.exists()


@pytest.mark.parametrize("table", sorted(EXPECTED))
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_raw_sql_is_refused(history, table, statement):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(t=connection.ops.quote_name(table)))


def test_an_event_row_cannot_be_saved_again(history):
    event = OrgEvent.objects.first()
    event.kind = "rewritten"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        OrgEvent.objects.filter(pk=event.pk).update(kind="rewritten")
    assert OrgEvent.objects.get(pk=event.pk).kind != "rewritten"


def test_a_dossier_with_a_history_is_not_deleted(history):
    with pytest.raises(ProtectedError), transaction.atomic():
        history.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:  # past the ORM: the foreign key holds
            cursor.execute("DELETE FROM dossiers_dossier WHERE id = %s", [history.pk])
        connection.check_constraints()
    assert Dossier.objects.filter(pk=history.pk).exists()
    assert DossierEvent.objects.filter(dossier=history).exists()


def test_people_and_agencies_that_events_name_are_not_deleted(history, org, staff):
    with pytest.raises(ProtectedError), transaction.atomic():
        User.objects.filter(pk=staff.counter.pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Agency.objects.filter(pk=org.center.pk).delete()
    assert User.objects.filter(pk=staff.counter.pk).exists()


def test_the_django_admin_deletes_no_person_agency_or_event():
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model in (User, Agency, OrgEvent):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.has_change_permission(request)


class _Editor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_operation_is_reversible_and_serialisable(history):
    operation = AppendOnly("org_orgevent")
    name, args, kwargs = operation.deconstruct()
    assert (name, args, kwargs) == ("AppendOnly", ["org_orgevent"], {})
    editor = _Editor()  # SQLite's schema editor cannot open inside the test's transaction
    operation.database_backwards("org", editor, None, None)
    assert not installed_triggers(connection, "org_orgevent")
    OrgEvent.objects.all().update(kind="allowed-without-triggers")
    operation.database_forwards("org", editor, None, None)
    assert installed_triggers(connection, "org_orgevent") == expected_triggers(
        connection.vendor, "org_orgevent"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgEvent.objects.all().update(kind="refused-again")


def test_maintenance_lets_only_a_flush_through(history):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE waits for no deferred check
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # UPDATE and DELETE stay refused; only TRUNCATE is let through (the suite's flush).
        with pytest.raises(IntegrityError), transaction.atomic(), maintenance(connection):
            OrgEvent.objects.all().update(kind="x")
        with transaction.atomic(), maintenance(connection):
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE org_notice, org_orgevent")
            transaction.set_rollback(True)
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE org_notice, org_orgevent")
    else:
        with transaction.atomic(), maintenance(connection):
            OrgEvent.objects.all().update(kind="x")
            transaction.set_rollback(True)
    assert not OrgEvent.objects.filter(kind="x").exists()
