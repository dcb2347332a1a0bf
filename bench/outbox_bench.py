"""Outbox delivery against a bare loop that only marks the same rows done.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench
    .venv/bin/python bench/outbox_bench.py                         # 20,000 messages, 3 rounds
    .venv/bin/python bench/outbox_bench.py --n 200 --rounds 1     # smoke run (~2 s)

Writes ``--n`` messages (purpose ``bench.outbox``) with bodies the size of a citizen SMS,
then, for each round, times

- **bare**: a loop that takes the rows in batches of ``--batch`` and marks each one sent,
  one UPDATE and one commit per row (in the worker's commit mode,
  ``MOTCUA_OUTBOX_ASYNC_COMMIT``) — the least a delivery that records each message as it
  goes must write (a bulk UPDATE per batch is shown too, as the floor of any queue);
- **worker**: ``outbox.deliver_all`` — the worker's delivery path: the claim of each batch
  (``SELECT … FOR UPDATE SKIP LOCKED`` + UPDATE), the rows read, each message through the
  channel plug-in (the console channel, writing to /dev/null) and its outcome recorded in
  its own transaction.

The rows are reset to pending between runs. Goal: worker ≥ 0.5 × bare (messages per
second). Measurements wait for a quiet machine (bench/machine.py). Everything written is
deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import benchenv  # noqa: F401  (Django set up)
import machine
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from motcua.outbound import outbox
from motcua.outbound.models import Message, MessageStatus

PURPOSE = "bench.outbox"
BODY = (
    "Ho so H26.81-260302-0042 da duoc tiep nhan ngay 02/03/2026, hen tra ket qua ngay "
    "05/03/2026. Tra cuu: https://motcua.example.vn/tra-cuu/?ma=H26.81-260302-0042"
)


def setup(n: int) -> None:
    Message.objects.filter(purpose=PURPOSE).delete()
    now = timezone.now()
    Message.objects.bulk_create(
        [
            Message(
                purpose=PURPOSE,
                channel="sms",
                recipient=f"09{i:08d}",
                body=BODY,
                params={"ma_ho_so": "H26.81-260302-0042"},
                next_attempt_at=now,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def reset() -> None:
    Message.objects.filter(purpose=PURPOSE).update(
        status=MessageStatus.PENDING,
        attempts=0,
        claimed_by="",
        lease_until=None,
        sent_at=None,
        next_attempt_at=timezone.now(),
    )


def bare(batch: int) -> int:
    """Mark every pending bench row sent, one UPDATE and commit per row."""
    done = 0
    rows = Message.objects.filter(purpose=PURPOSE, status=MessageStatus.PENDING)
    while True:
        ids = list(rows.order_by("id").values_list("id", flat=True)[:batch])
        if not ids:
            return done
        with outbox.relaxed_commits():  # the same commit mode as the worker's outcomes
            for message_id in ids:
                Message.objects.filter(id=message_id).update(
                    status=MessageStatus.SENT, sent_at=timezone.now()
                )
        done += len(ids)


def bare_bulk(batch: int) -> int:
    """The floor of any queue: one UPDATE per batch."""
    done = 0
    rows = Message.objects.filter(purpose=PURPOSE, status=MessageStatus.PENDING)
    while True:
        with transaction.atomic():
            ids = list(rows.order_by("id").values_list("id", flat=True)[:batch])
            if not ids:
                return done
            Message.objects.filter(id__in=ids).update(
                status=MessageStatus.SENT, sent_at=timezone.now()
            )
        done += len(ids)


def worker(batch: int) -> int:
    return outbox.deliver_all("bench-worker", limit=batch).sent


def timed(fn, batch: int, n: int) -> float:
    reset()
    start = time.perf_counter()
    done = fn(batch)
    elapsed = time.perf_counter() - start
    if done != n:
        raise SystemExit(f"{fn.__name__} handled {done} of {n} messages")
    return n / elapsed


def run(n: int, batch: int, rounds: int, say=print) -> dict:
    devnull = open(os.devnull, "w")  # noqa: SIM115  (open for the whole run)
    settings.MOTCUA_CHANNELS = {
        **settings.MOTCUA_CHANNELS,
        "sms": {"CLASS": "motcua.outbound.channels.fake.ConsoleChannel", "STREAM": devnull},
    }
    setup(n)
    rates: dict[str, list[float]] = {"bare": [], "bare_bulk": [], "worker": []}
    try:
        for _ in range(rounds):
            for name, fn in (("bare", bare), ("worker", worker), ("bare_bulk", bare_bulk)):
                rate, others = machine.undisturbed(
                    lambda fn=fn: timed(fn, batch, n),
                    database=connection.settings_dict["NAME"],
                    say=say,
                )
                rates[name].append(rate)
                say(f"  {name:10} {rate:10,.0f} messages/s (others took {others:.0%})")
    finally:
        Message.objects.filter(purpose=PURPOSE).delete()
        devnull.close()
    result = {name: statistics.median(values) for name, values in rates.items()}
    result["ratio"] = result["worker"] / result["bare"]
    result["ratio_bulk"] = result["worker"] / result["bare_bulk"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not (1 <= args.n <= 1_000_000 and 1 <= args.batch <= 10_000 and 1 <= args.rounds <= 20):
        raise SystemExit("--n 1–1,000,000, --batch 1–10,000, --rounds 1–20")
    print(f"Outbox delivery, {args.n:,} messages, batches of {args.batch}, {connection.vendor}")
    result = run(args.n, args.batch, args.rounds)
    print(
        f"median: bare {result['bare']:,.0f}/s, worker {result['worker']:,.0f}/s, "
        f"bulk floor {result['bare_bulk']:,.0f}/s\n"
        f"worker / bare = {result['ratio']:.2f} (goal ≥ 0.5); "
        f"worker / bulk floor = {result['ratio_bulk']:.2f}"
    )


if __name__ == "__main__":
    main()
