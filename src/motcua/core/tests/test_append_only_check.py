"""``check --database``: a lost append-only trigger is a system-check error (core.E010)."""

import pytest
from django.db import connection

from motcua.core.append_only import append_only_tables, drop_sql
from motcua.core.checks import append_only_triggers

pytestmark = pytest.mark.django_db


def test_every_trigger_in_place_is_no_error():
    assert append_only_triggers(databases=["default"]) == []
    assert append_only_triggers() == []  # without --database, no database is read


def test_a_dropped_trigger_is_reported():
    table = sorted(append_only_tables())[0]
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        for statement in drop_sql(connection.vendor, table):
            cursor.execute(statement)
    [error] = append_only_triggers(databases=["default"])
    assert error.id == "core.E010" and table in error.msg
