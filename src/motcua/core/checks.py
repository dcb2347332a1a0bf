"""System checks of core. ``manage.py check --database default`` (run it after a restore or
an upgrade) verifies that every table an ``AppendOnly`` migration names still has its
triggers in that database (core.append_only)."""

from django.core.checks import Error, Tags, register
from django.db import connections


@register(Tags.database)
def append_only_triggers(app_configs=None, databases=None, **kwargs):
    from .append_only import append_only_tables, expected_triggers, installed_triggers

    errors = []
    for alias in databases or ():
        connection = connections[alias]
        existing = set(connection.introspection.table_names())
        for table in sorted(append_only_tables() & existing):
            missing = expected_triggers(connection.vendor, table) - installed_triggers(
                connection, table
            )
            if missing:
                errors.append(
                    Error(
                        f"{table} has lost its append-only triggers: {sorted(missing)}.",
                        hint="Re-run the AppendOnly operation: python manage.py migrate, or add "
                        "AppendOnly(table) after the migration that rebuilt the table.",
                        id="core.E010",
                    )
                )
    return errors
