"""Append-only tables, enforced by the database itself (issue #16 §5).

An audit or timeline table (``DossierEvent``, ``OrgEvent``, ``CatalogEvent``,
``CalendarEvent``, the personal-data access log, and every event table a later app adds)
accepts INSERT and nothing else: an UPDATE or DELETE is refused by a trigger, whatever
issued it — a service, the Django admin, the shell, ``QuerySet.update()``/``delete()``,
a cascade from a deleted parent row, or raw SQL. The refusal is an ``IntegrityError``
whose message contains ``append-only``.

How an app makes a table append-only — one line in one migration::

    from motcua.core.append_only import AppendOnly

    operations = [
        ...,                     # the CreateModel of the table
        AppendOnly("payments_paymentevent"),
    ]

What the operation creates:

- **PostgreSQL**: ``BEFORE UPDATE OR DELETE … FOR EACH ROW`` and ``BEFORE TRUNCATE … FOR
  EACH STATEMENT`` triggers calling one shared function ``motcua_append_only()``. UPDATE
  and DELETE are refused always; TRUNCATE only while the session setting
  ``motcua.maintenance`` is ``on`` (the test suite's flush; see ``maintenance``).
- **SQLite**: ``BEFORE UPDATE`` and ``BEFORE DELETE`` triggers that ``RAISE(ABORT)``
  unless the SQL function ``motcua_maintenance()`` answers 1. The function is defined in
  Python on each connection Django opens (``core.apps``) and answers 1 only inside
  ``maintenance()``; a connection that lacks it (the ``sqlite3`` shell) gets "no such
  function" — refused too.

What it does not do: stop the database's owner from dropping a trigger. Against that, run
the application as a role that does not own the tables (docs/deployment.md).

On SQLite, an ``AlterField``/``RemoveField`` on such a table rebuilds it and the rebuild
drops its triggers: repeat ``AppendOnly(table)`` after it in the same migration.
``core/tests/test_append_only.py`` fails when a table named in any migration's
``AppendOnly`` lacks its triggers in the migrated database.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import migrations

MESSAGE = "append-only"
_maintenance = contextvars.ContextVar("motcua_append_only_maintenance", default=False)

PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('motcua.maintenance', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = TG_TABLE_NAME || ' is {MESSAGE}: ' || TG_OP || ' refused',
        ERRCODE = 'restrict_violation';
END $$"""


def trigger_names(table: str) -> list[str]:
    return [f"{table}_append_only_{op}" for op in ("update", "delete", "truncate")]


def create_sql(vendor: str, table: str) -> list[str]:
    """The statements that make ``table`` append-only (idempotent)."""
    upd, dele, trunc = trigger_names(table)
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            f'DROP TRIGGER IF EXISTS "{upd}" ON "{table}"',
            f'DROP TRIGGER IF EXISTS "{trunc}" ON "{table}"',
            f'CREATE TRIGGER "{upd}" BEFORE UPDATE OR DELETE ON "{table}"'
            " FOR EACH ROW EXECUTE FUNCTION motcua_append_only()",
            f'CREATE TRIGGER "{trunc}" BEFORE TRUNCATE ON "{table}"'
            " FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only()",
        ]
    if vendor == "sqlite":
        statements = []
        for name, event in ((upd, "UPDATE"), (dele, "DELETE")):
            statements.append(f'DROP TRIGGER IF EXISTS "{name}"')
            statements.append(
                f'CREATE TRIGGER "{name}" BEFORE {event} ON "{table}"'
                " WHEN motcua_maintenance() = 0"
                f" BEGIN SELECT RAISE(ABORT, '{table} is {MESSAGE}: {event} refused'); END"
            )
        return statements
    raise NotImplementedError(f"no append-only triggers for the {vendor} database backend")


def drop_sql(vendor: str, table: str) -> list[str]:
    upd, dele, trunc = trigger_names(table)
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{upd}" ON "{table}"',
            f'DROP TRIGGER IF EXISTS "{trunc}" ON "{table}"',
        ]
    if vendor == "sqlite":
        return [f'DROP TRIGGER IF EXISTS "{upd}"', f'DROP TRIGGER IF EXISTS "{dele}"']
    raise NotImplementedError(f"no append-only triggers for the {vendor} database backend")


def installed_triggers(connection, table: str) -> set[str]:
    """Names of this module's triggers present on ``table`` (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                " AND tgrelid = to_regclass(%s)",
                [f'"{table}"'],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        names = {row[0] for row in cursor.fetchall()}
    return names & set(trigger_names(table))


def expected_triggers(vendor: str, table: str) -> set[str]:
    upd, dele, trunc = trigger_names(table)
    return {upd, trunc} if vendor == "postgresql" else {upd, dele}


class AppendOnly(migrations.operations.base.Operation):
    """Migration operation: the database refuses UPDATE and DELETE on ``table``."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str):
        self.table = table

    def deconstruct(self):
        return (self.__class__.__name__, [self.table], {})

    def state_forwards(self, app_label, state):
        pass  # the model state does not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in create_sql(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in drop_sql(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def describe(self):
        return f"Make {self.table} append-only (database triggers)"

    @property
    def migration_name_fragment(self):
        return f"append_only_{self.table}"


def append_only_tables() -> set[str]:
    """Every table that some applied-or-not migration makes append-only."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        operation.table
        for migration in loader.disk_migrations.values()
        for operation in migration.operations
        if isinstance(operation, AppendOnly)
    }


def _sqlite_maintenance() -> int:
    return 1 if _maintenance.get() else 0


def install_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: define ``motcua_maintenance()`` on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "motcua_maintenance", 0, _sqlite_maintenance, deterministic=False
        )


@contextlib.contextmanager
def maintenance(connection):
    """Let a flush through the append-only triggers (the test suite's flush only).

    SQLite: ``motcua_maintenance()`` answers 1 in this block, so DELETE passes. PostgreSQL:
    TRUNCATE passes while the block's transaction lasts (``SET LOCAL``); UPDATE and DELETE
    stay refused there. Never call this from application code: a table that the
    application may rewrite is not an audit table.
    """
    token = _maintenance.set(True)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL motcua.maintenance = 'on'")
        yield
    finally:
        _maintenance.reset(token)
