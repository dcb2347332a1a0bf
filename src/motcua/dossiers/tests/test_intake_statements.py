"""What counter intake costs the database, statement by statement (issue #8 §2).

Timing depends on the machine; the statements do not. Intake is the raw insert of a
dossier and its first event plus what the law and the clock need: the version in force,
the dossier's code (daily counter), the receipt's register number (yearly counter) and the
working calendar's stamp (the calendar itself is remembered under it, core.stamps) — and
the citizen's "received" messages, written into the outbox in the event's transaction
(one INSERT for every channel, architecture principle 10). A new statement here is a
decision: write it into this budget and into docs/performance.md."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import at

# (statement kind, table), in order.
INTAKE = [
    ("SELECT", "catalog_procedureversion"),
    ("INSERT", "dossiers_dailycounter"),
    ("SELECT", "workcal_calendarstamp"),
    ("INSERT", "dossiers_dossier"),
    ("INSERT", "dossiers_registercounter"),
    ("INSERT", "dossiers_dossierevent"),
    ("INSERT", "outbound_message"),
]


def statements(captured) -> list[tuple[str, str]]:
    found = []
    for query in captured:
        sql = query["sql"]
        if re.match(r"\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)", sql):
            continue
        kind = sql.split(None, 1)[0].upper()
        table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql).group(1)
        found.append((kind, table))
    return found


def test_counter_intake_is_the_raw_insert_plus_five_statements(receive):
    receive(when=at(2026, 3, 2, 9))  # the first builds the working calendar
    with CaptureQueriesContext(connection) as captured:
        receive(when=at(2026, 3, 2, 10))
    assert statements(captured) == INTAKE
