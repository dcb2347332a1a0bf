"""The "paid" tick box of the dossier (fee_payment, fee_paid_at) becomes payment records.

Runs before dossiers 0011 removes the two columns (run_before: dossiers may not name the
payments app). A dossier ticked "cash" gets a confirmed counter payment, one ticked
"online" a confirmed online payment (provider "online_legacy": the gateway is not known),
each of its fee_vnd, confirmed at fee_paid_at (or its receipt), with a "migrated" event.
No receipt is issued for them: the paper one was. A dossier marked "exempt" owes nothing:
its fee_vnd becomes 0, so every indicator reads "fee dossier" as fee_vnd > 0.
Reversible: the reverse writes the tick box back from the migrated records.
"""

import secrets

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Payment = apps.get_model("payments", "Payment")
    PaymentEvent = apps.get_model("payments", "PaymentEvent")
    Dossier.objects.filter(fee_payment="exempt").update(fee_vnd=0)
    rows = (
        Dossier.objects.filter(fee_payment__in=("cash", "online"), fee_vnd__gt=0)
        .order_by("pk")
        .values_list("pk", "fee_payment", "fee_vnd", "fee_paid_at", "received_at", "submitted_at")
    )
    batch = []
    for pk, how, fee, paid_at, received_at, submitted_at in rows.iterator(chunk_size=BATCH):
        at = paid_at or received_at or submitted_at
        online = how == "online"
        batch.append(
            Payment(
                dossier_id=pk,
                provider="online_legacy" if online else "counter",
                online=online,
                amount_vnd=fee,
                state="confirmed",
                reference="MG" + secrets.token_hex(9).upper(),
                counter_method="" if online else "cash",
                created_at=at,
                confirmed_at=at,
            )
        )
        if len(batch) >= BATCH:
            _save(Payment, PaymentEvent, batch)
            batch = []
    if batch:
        _save(Payment, PaymentEvent, batch)


def _save(Payment, PaymentEvent, batch):
    created = Payment.objects.bulk_create(batch)
    if created and created[0].pk is None:  # a backend without RETURNING
        refs = [p.reference for p in batch]
        created = list(Payment.objects.filter(reference__in=refs))
    PaymentEvent.objects.bulk_create(
        PaymentEvent(payment_id=p.pk, kind="migrated", at=p.confirmed_at, data={"from": "tick box"})
        for p in created
    )


def backwards(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Payment = apps.get_model("payments", "Payment")
    for p in Payment.objects.filter(events__kind="migrated").values(
        "dossier_id", "online", "confirmed_at"
    ):
        Dossier.objects.filter(pk=p["dossier_id"]).update(
            fee_payment="online" if p["online"] else "cash", fee_paid_at=p["confirmed_at"]
        )
    Payment.objects.filter(events__kind="migrated").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("dossiers", "0009_dossier_search_text_phone"),
    ]
    run_before = [("dossiers", "0011_fee_tick_box_to_payment_records")]

    operations = [migrations.RunPython(forwards, backwards)]
