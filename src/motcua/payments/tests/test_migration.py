"""payments 0002: the tick box becomes payment records before dossiers 0011 drops it."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .conftest import TZ

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BEFORE = [("dossiers", "0010_online_submission"), ("payments", "0001_initial")]
AFTER = [
    ("dossiers", "0011_fee_tick_box_to_payment_records"),
    ("payments", "0002_from_fee_tick_box"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_ticked_dossiers_get_payment_records_and_exempt_ones_owe_nothing(fee_dossier, receive):
    others = [receive(when=dt.datetime(2026, 3, 2, 10 + i, tzinfo=TZ)) for i in range(3)]
    ids = [fee_dossier.pk] + [d.pk for d in others]
    try:
        old = migrate(BEFORE)
        Dossier = old.get_model("dossiers", "Dossier")
        paid_at = dt.datetime(2026, 3, 2, 9, 5, tzinfo=TZ)
        Dossier.objects.filter(pk=ids[0]).update(fee_payment="cash", fee_paid_at=paid_at)
        Dossier.objects.filter(pk=ids[1]).update(fee_payment="online", fee_paid_at=paid_at)
        Dossier.objects.filter(pk=ids[2]).update(fee_payment="exempt")
        new = migrate(AFTER)
        Payment = new.get_model("payments", "Payment")
        rows = {
            p.dossier_id: (p.provider, p.online, p.amount_vnd, p.state, p.confirmed_at)
            for p in Payment.objects.all()
        }
        assert rows == {
            ids[0]: ("counter", False, 15000, "confirmed", paid_at),
            ids[1]: ("online_legacy", True, 15000, "confirmed", paid_at),
        }
        fees = dict(new.get_model("dossiers", "Dossier").objects.values_list("pk", "fee_vnd"))
        assert fees[ids[2]] == 0 and fees[ids[3]] == 15000
        assert (
            new.get_model("payments", "PaymentEvent").objects.filter(kind="migrated").count() == 2
        )
        # And back: the tick box returns.
        old = migrate(BEFORE)
        Dossier = old.get_model("dossiers", "Dossier")
        assert Dossier.objects.get(pk=ids[1]).fee_payment == "online"
        assert not old.get_model("payments", "Payment").objects.exists()
    finally:
        migrate(executor_leaves())


def executor_leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
