"""Dossier.search_text: what the staff inbox searches, without diacritics or case.

The dossier code and the applicant's name, citizen ID and organisation code, normalised by
the catalogue's ``normalize_search`` (the one normaliser of the project), so the inbox
filters with the catalogue's ``filter_by_text`` and behaves the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router

from motcua.catalog.search import normalize_search

SEARCHED_FIELDS = ("code", "applicant_name", "applicant_id_number", "applicant_org_code")
BACKFILL_BATCH = 2000


def build_search_text(values: Iterable[str]) -> str:
    """The values of SEARCHED_FIELDS, in that order → 'h29 260223 0001 nguyen van an …'."""
    return normalize_search(" ".join(values))


def search_text_of(dossier) -> str:
    """For a Dossier, or the historical Dossier a migration hands over."""
    return build_search_text(getattr(dossier, name) for name in SEARCHED_FIELDS)


def backfill_search_text(model, batch_size: int = BACKFILL_BATCH) -> int:
    """Fill ``search_text`` on every row of ``model``; returns the number of rows.

    Walks the primary key in ranges: each batch is one indexed SELECT of the searched
    columns and one executemany of single-row UPDATEs, so a million rows never sit in
    memory and no cursor stays open on the table while it is written (SQLite does not
    isolate the two). On PostgreSQL this is about twice as fast as bulk_update, whose
    CASE over thousands of ids costs more than the rows it writes.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(model._meta.db_table)} "
        f"SET {quote(model._meta.get_field('search_text').column)} = %s "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    rows = model._default_manager.order_by("pk").values_list("pk", *SEARCHED_FIELDS)
    last, filled = 0, 0
    with connection.cursor() as cursor:
        while batch := list(rows.filter(pk__gt=last)[:batch_size]):
            cursor.executemany(update, [(build_search_text(values), pk) for pk, *values in batch])
            last, filled = batch[-1][0], filled + len(batch)
    return filled
