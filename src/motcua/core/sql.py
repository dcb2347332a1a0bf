"""Table names for the few statements the ORM cannot write (the upserts of counters)."""

from __future__ import annotations

from django.db import connection


def table(model) -> str:
    """The quoted table name of ``model``."""
    return connection.ops.quote_name(model._meta.db_table)
