"""Hot, tiny reads that skip the ORM's query compiler.

Stamp checks run on every intake and every dashboard; compiling the ORM query cost as much
as the round trip. Statements here are plain SQL that both PostgreSQL and SQLite accept,
with values bound as parameters; their results come back unconverted, so they are only
for values compared as they are (stamps), not for dates or JSON shown to people.
"""

from __future__ import annotations

from django.db import connection


def first_row(sql: str, params: list | tuple = ()) -> tuple | None:
    """The first row of ``sql``, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def table(model) -> str:
    """The quoted table name of ``model``."""
    return connection.ops.quote_name(model._meta.db_table)
