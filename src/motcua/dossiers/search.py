"""Dossier.search_text: what the staff inbox searches, without diacritics or case.

The dossier code and the applicant's name, citizen ID, organisation code and phone (the
national number core.phone stores, so "0912 345 678" and "345678" both find it), normalised by
the catalogue's ``normalize_search`` (the one normaliser of the project), so the inbox
filters with the catalogue's ``filter_by_text`` and behaves the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from motcua.catalog.search import normalize_search
from motcua.core.backfill import backfill_column

SEARCHED_FIELDS = (
    "code",
    "applicant_name",
    "applicant_id_number",
    "applicant_org_code",
    "applicant_phone",
)
BACKFILL_BATCH = 2000


def build_search_text(values: Iterable[str]) -> str:
    """The values of SEARCHED_FIELDS, in that order → 'h29 260223 0001 nguyen van an …'."""
    return normalize_search(" ".join(values))


def search_text_of(dossier) -> str:
    """For a Dossier, or the historical Dossier a migration hands over."""
    return build_search_text(getattr(dossier, name) for name in SEARCHED_FIELDS)


def backfill_search_text(model, batch_size: int = BACKFILL_BATCH) -> int:
    """Fill ``search_text`` on every row of ``model``; returns the number of rows."""
    return backfill_column(
        model._default_manager.values_list("pk", *SEARCHED_FIELDS),
        "search_text",
        lambda batch: [(build_search_text(values), pk) for pk, *values in batch],
        batch_size,
    )
