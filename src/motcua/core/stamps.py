"""The one scheme for keeping a computed answer in process memory (architecture principle 9).

An answer is remembered only together with the *stamp* of the data it was computed from,
and reused only while a fresh read of that stamp returns the same value:

- the stamp is a one-row table (a subclass of ``Stamp``) that the database itself rewrites
  with a random value on every insert, update, delete (and, on PostgreSQL, truncate) of
  the stamped tables, through triggers created by ``trigger_sql`` in a migration. A write
  through a service, the admin, the shell, a data migration, ``QuerySet.update()`` or raw
  SQL moves it alike, in the writer's transaction, so another process sees it as soon as
  the write commits;
- the value is random, not a counter: a rolled-back write can never leave the same value
  behind for different data;
- a lookup reads the stamp *before* the data, so a write in between moves it again;
- ``StampedCache`` holds plain values (ids, numbers, tuples, immutable computed objects),
  never model instances.

Used by ``workcal.calendars``: building a working calendar costs 8.7 ms (SQLite, quiet
machine), a cached lookup 0.2 ms (docs/workcal.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.db import models


class Stamp(models.Model):
    """A one-row table (id 1) whose ``stamp`` the triggers replace on every write."""

    stamp = models.CharField(max_length=32)

    class Meta:
        abstract = True

    @classmethod
    def current(cls) -> str:
        """The stamp now ("" before the first write to the stamped tables)."""
        # One row by its key: no ORDER BY (``first()`` would add one to compile and run).
        return next(iter(cls.objects.filter(pk=1).values_list("stamp", flat=True)), "")


class StampedCache:
    """Answers kept per process, each with the stamp it was computed under."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[Hashable, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for ``key`` if it was computed under ``stamp``, else ``compute()``."""
        hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        answer = compute()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = (stamp, answer)
        return answer

    def clear(self) -> None:
        """Forget every answer (tests and benchmarks that need a cold start)."""
        with self._lock:
            self._entries.clear()


def trigger_sql(vendor: str, *, stamp_table: str, stamped_tables: Sequence[str]) -> tuple:
    """(create statements, drop statements) of the triggers that move ``stamp_table``
    on every write to ``stamped_tables``, for PostgreSQL or SQLite."""
    if vendor == "postgresql":
        function = f"{stamp_table}_move"
        create = [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {stamp_table} (id, stamp)
    VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET stamp = EXCLUDED.stamp;
    RETURN NULL;
END $$"""
        ]
        drop = []
        for table in stamped_tables:
            create.append(
                f"CREATE TRIGGER {table}_moves_stamp"
                f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
            drop.append(f"DROP TRIGGER IF EXISTS {table}_moves_stamp ON {table}")
        drop.append(f"DROP FUNCTION IF EXISTS {function}()")
        return create, drop
    if vendor == "sqlite":
        create, drop = [], []
        for table in stamped_tables:
            for event in ("insert", "update", "delete"):
                name = f"{table}_moves_stamp_on_{event}"
                create.append(
                    f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} BEGIN"
                    f" INSERT INTO {stamp_table} (id, stamp) VALUES (1, lower(hex(randomblob(16))))"
                    " ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp; END"
                )
                drop.append(f"DROP TRIGGER IF EXISTS {name}")
        return create, drop
    raise NotImplementedError(f"no stamp triggers for the {vendor} database backend")
