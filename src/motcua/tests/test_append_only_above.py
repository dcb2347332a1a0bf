"""The append-only tables of org's accounts, files, payments and outbound refuse UPDATE
and DELETE in the database itself, like the timeline's (dossiers/tests/test_append_only.py
covers the apps up to dossiers; this project-wide package may use every app). Runs on
SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from motcua.core.append_only import append_only_tables

from .test_access_matrix import world  # noqa: F401  (one of every object per ward)

ABOVE = {
    "org_accountevent",
    "files_storedfile",
    "payments_paymentevent",
    "outbound_messageaudit",
}


def _model(table):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


@pytest.fixture
def rows(world):  # noqa: F811
    from motcua.org.models import AccountEvent
    from motcua.outbound.models import Message, MessageAudit

    person = world["own"].specialist
    AccountEvent.objects.create(kind="two_factor_enrolled", user=person, actor=person)
    MessageAudit.objects.create(
        message=Message.objects.get(pk=world["own"].message_id),
        kind="resent",
        actor=person,
        at=timezone.now(),
    )
    for table in ABOVE:
        assert _model(table).objects.exists(), f"no row in {table}: the test proves nothing"


def test_the_tables_are_append_only():
    assert append_only_tables() >= ABOVE


@pytest.mark.parametrize("table", sorted(ABOVE))
def test_update_and_delete_are_refused(rows, table):
    model = _model(table)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(id=F("id"))
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.all()._raw_delete(model.objects.db)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
    assert model.objects.exists()
