"""Benchmarks of dossiers on PostgreSQL (issue 3, §8): counter intake and the unit inbox.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench
    .venv/bin/python bench/dossiers_bench.py                       # both parts
    .venv/bin/python bench/dossiers_bench.py --only intake --profile
    .venv/bin/python bench/dossiers_bench.py --only inbox --explain

1. Intake: ``services.receive_dossier`` called --n times in one process, one transaction
   each as at the counter, against a raw ORM insert of the very rows the service wrote
   (the Dossier and its "received" DossierEvent): ``create()`` twice in one transaction per
   dossier, and ``bulk_create`` by 500. Every database statement and commit is timed, so
   the report says where the service's time goes (--profile adds cProfile's top
   functions). The intake runs at a ward of its own (province Z98, built on first use)
   and its dossiers are deleted afterwards: the database is left as it was found.
2. Inbox: the first page of a unit's inbox — ``selectors.inbox(user, "unit")`` ordered by
   due date with LIMIT 25, as the staff inbox view asks for it, plus its COUNT — for the
   head of the busiest unit of the generated province (and, for scale, the ward's counter
   and its leader), p50/p95 over --runs runs with a fresh user each run as a request has;
   EXPLAIN ANALYZE of both queries; then the whole staff inbox page through Django's test
   client. Needs bench/generate_dossiers.py's data.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import datetime as dt
import io
import os
import platform
import pstats
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import benchenv  # noqa: F401  (sets Django up)
import generate_dossiers as gen
import machine
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.fees import FeeInputs
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import scope_chain
from motcua.core.append_only import maintenance
from motcua.demo import fee_rules
from motcua.dossiers import inputs, services
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.calendar import calendar_for
from motcua.dossiers.events import Received
from motcua.dossiers.models import (
    OPEN_STATUSES,
    Channel,
    Dossier,
    DossierEvent,
    Register,
    Status,
)
from motcua.dossiers.selectors import inbox
from motcua.org.models import Agency, Role, RoleAssignment, User
from motcua.org.permissions import Perm, agencies_where, require

INTAKE_PROVINCE = ("Z98", "Tỉnh Đo Tiếp Nhận", "Tỉnh ĐTN")
INTAKE_GOAL = 0.4  # the service's rate over the raw insert's (issue #8 §2)
INBOX_GOAL_MS = 50
PAGE_SIZE = 25
WARMUP = 30


def log(message: str = "") -> None:
    print(message, flush=True)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# --- Timing every statement -----------------------------------------------------------------


@dataclass
class DbClock:
    """Seconds spent in database statements (by kind and table) and in commits."""

    statements: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    commit: float = 0.0
    commits: int = 0

    @property
    def statement_total(self) -> float:
        return sum(self.statements.values())

    def commit_ms(self, items: int) -> float:
        return self.commit * 1000 / items


def label(sql: str) -> str:
    """'SELECT … FROM "catalog_procedureversion" …' → 'SELECT catalog_procedureversion'."""
    verb = sql.split(None, 1)[0].upper()
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql, re.I)
    return f"{verb} {table.group(1) if table else '?'}"


@contextmanager
def timed_database(clock: DbClock):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            name = label(sql)
            clock.statements[name] += time.perf_counter() - started
            clock.counts[name] += 1

    original_commit = connection._commit

    def commit():
        started = time.perf_counter()
        try:
            return original_commit()
        finally:
            clock.commit += time.perf_counter() - started
            clock.commits += 1

    connection._commit = commit
    try:
        with connection.execute_wrapper(wrapper):
            yield clock
    finally:
        del connection._commit


def undisturbed(run):
    """``run()`` on a quiet machine (machine.undisturbed); warns when it stayed disturbed."""
    result, others = machine.undisturbed(
        run, database=connection.settings_dict["NAME"], say=lambda m: log(m)
    )
    if others > machine.OTHERS_MAX:
        log(f"WARNING: other work took {others:.0%} of the CPUs: the next figures are suspect.")
    return result, others


# --- Intake ---------------------------------------------------------------------------------


def intake_cast() -> gen.WardCast:
    """The intake bench's own ward (province Z98), built through the services on first use."""
    ward = Agency.objects.filter(code=gen.ward_code(1, INTAKE_PROVINCE[0])).first()
    if ward is None:
        first_day = timezone.localdate() - dt.timedelta(days=30)
        cast = gen.build_province(1, first_day, province=INTAKE_PROVINCE)[0]
    else:
        cast = gen.cast_of(ward)
    gen.load_offers(cast)
    return cast


def intake_calls(cast: gen.WardCast, n: int, seed: int) -> list[dict]:
    """Keyword arguments of ``n`` receive_dossier calls, drawn like the generator's mix."""
    rng = random.Random(seed)
    actor = User.objects.get(pk=cast.counters[0])
    procedures = Procedure.objects.in_bulk([offer.procedure_id for offer in cast.offers])
    versions = ProcedureVersion.objects.in_bulk([offer.version_id for offer in cast.offers])
    cases = {pk: version.default_case for pk, version in versions.items()}
    calls = []
    for _ in range(n):
        offer = rng.choices(cast.offers, cum_weights=cast.cum_weights)[0]
        online = rng.random() < offer.online_share
        calls.append(
            {
                "actor": actor,
                "receiving_agency": cast.centre,
                "procedure": procedures[offer.procedure_id],
                "applicant": gen.story_data.person(rng, cast.ward.short_name, online=online),
                "channel": Channel.ONLINE if online else Channel.COUNTER,
                "documents": [
                    inputs.ReceivedDocument(d["name"], d["copy_type"], d["quantity"])
                    for d in offer.documents
                ],
                "request_summary": offer.summary,
                "deadline_case": cases[offer.version_id],
            }
        )
        # The fee's inputs as the demo generator draws them (their own stream).
        fee_inputs, evidence = fee_rules.inputs_for(
            versions[offer.version_id].fee_schedule, f"bench|{seed}|{len(calls)}"
        )
        calls[-1].update(fee_inputs=fee_inputs, fee_evidence=evidence)
    return calls


@dataclass
class Run:
    name: str
    count: int
    seconds: float
    clock: DbClock

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    @property
    def per_item_ms(self) -> float:
        return 1000 * self.seconds / self.count

    @property
    def python_ms(self) -> float:
        """What is neither a statement nor a commit: Django's and our Python, per item."""
        python = self.seconds - self.clock.statement_total - self.clock.commit
        return 1000 * python / self.count


def run_service(calls: list[dict], receive=None, name="services.receive_dossier"):
    receive = receive or services.receive_dossier
    ids = []
    with timed_database(DbClock()) as clock:
        started = time.perf_counter()
        for kwargs in calls:
            ids.append(receive(**kwargs).pk)
        seconds = time.perf_counter() - started
    return Run(name, len(calls), seconds, clock), ids


# --- The proposed intake ----------------------------------------------------------------------

VERSION_FIELDS = (
    "id", "procedure_id", "scope_id", "valid_from", "valid_to", "deadline_kind",
    "deadline_amount", "same_day_cutoff", "deadline_variants", "fee_vnd", "fee_rule",
    "competent_unit__id",
    "competent_unit__code", "competent_unit__kind", "competent_unit__parent_id",
    "competent_unit__province_id", "competent_unit__ward_id",
)  # fmt: skip


@transaction.atomic
def receive_proposed(
    *,
    actor,
    receiving_agency,
    procedure,
    applicant,
    channel=Channel.COUNTER,
    delivery="counter",
    documents=(),
    request_summary="",
    submitted_at=None,
    at=None,
    fee_inputs=None,
    fee_evidence="",
    deadline_case="",
):
    """receive_dossier as docs/performance.md proposes it, for measuring only: the same
    checks and the same rows, with the version read narrowly and the dossier written once.

    - version_in_force without the wide select_related (procedure, scope, competent unit
      with every column): only the columns the intake uses;
    - the clock of a new dossier computed in memory from its one clock event (what
      clock.replay does for a lone "received"), so the row is INSERTed with its due
      moments instead of INSERTed, read back and UPDATEd;
    - no "last event" read before the first event of a new dossier.
    """
    at = services._now(at)
    submitted_at = submitted_at or at
    if submitted_at > at or channel not in Channel.values:
        raise ValueError("the bench only sends valid intakes")
    applicant = applicant.validated()
    require(actor, Perm.RECEIVE_DOSSIER, receiving_agency)
    ward = receiving_agency.ward_or_self
    day = timezone.localtime(at, services.TZ).date()
    candidates = {
        version.scope_id: version
        for version in ProcedureVersion.objects.in_force(day)
        .filter(procedure=procedure, scope_id__in=scope_chain(receiving_agency))
        .select_related("competent_unit")
        .only(*VERSION_FIELDS)
    }
    version = next(candidates[s] for s in scope_chain(receiving_agency) if s in candidates)
    fee_inputs = dataclasses.replace(fee_inputs or FeeInputs(), channel=channel)
    fee, fee_detail, undetermined = services._intake_fee(
        version, fee_inputs, fee_evidence, None, "", at
    )
    calendar = calendar_for(version.competent_unit)
    services.check_deadline_case(version, deadline_case)
    due = calendar.due(at, version.deadline_plan(deadline_case, channel))
    dossier = Dossier.objects.create(
        code=services.next_code(receiving_agency, day),
        procedure_version=version,
        procedure=procedure,
        receiving_agency=receiving_agency,
        ward=ward,
        competent_unit=version.competent_unit,
        receiver=actor,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_org_code=applicant.org_code,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        request_summary=request_summary.strip()[:500],
        channel=channel,
        deadline_case=deadline_case,
        delivery=delivery,
        documents=[d.as_json() for d in documents],
        submitted_at=submitted_at,
        received_at=at,
        clock_started_at=calendar.effective_start(at),
        legal_due_at=due,
        due_at=due,
        status=Status.RECEIVED,
        fee_vnd=fee,
        fee_detail=fee_detail,
        lookup_phone_tail=applicant.phone[-4:] if applicant.phone else "",
    )
    received = Received(
        channel,
        fee_undetermined=undetermined,
        register_number=services.next_register_number(receiving_agency, Register.RECEIPT, at),
        fee=fee_detail,
    )
    DossierEvent.objects.create(
        dossier=dossier,
        kind=received.kind,
        actor=actor,
        at=at,
        status_after=Status.RECEIVED,
        data=received.as_data(),
        to_agency=receiving_agency,
    )
    return dossier


# search_text holds the code, which differs between the two intakes.
COMPARED_SKIP = {"id", "code", "search_text", "created_at", "updated_at", "procedure_version_id"}


def same_rows_as_the_service(call: dict) -> bool:
    """The proposed intake writes what the service writes (but the code and the stamps)."""
    at = timezone.now()
    made = [
        receive(**{**call, "at": at}) for receive in (services.receive_dossier, receive_proposed)
    ]
    rows = snapshot([d.pk for d in made])
    delete([d.pk for d in made])
    (first, first_events), (second, second_events) = rows
    same_dossier = {k: v for k, v in first.items() if k not in COMPARED_SKIP} == {
        k: v for k, v in second.items() if k not in COMPARED_SKIP
    }
    same_version = made[0].procedure_version_id == made[1].procedure_version_id
    return same_dossier and same_version and first_events == second_events


def snapshot(ids: list[int]) -> list[tuple[dict, list[dict]]]:
    """The rows the service wrote, as field values (without ids and timestamps it sets)."""
    skip = {"id", "created_at", "updated_at"}
    events = defaultdict(list)
    for event in DossierEvent.objects.filter(dossier_id__in=ids).values():
        dossier_id = event.pop("dossier_id")
        # Like the code, the receipt register number differs between two intakes.
        event["data"] = {k: v for k, v in event["data"].items() if k != "register_number"}
        events[dossier_id].append({k: v for k, v in event.items() if k != "id"})
    return [
        ({k: v for k, v in row.items() if k not in skip}, events[row["id"]])
        for row in Dossier.objects.filter(pk__in=ids).order_by("id").values()
    ]


def delete(ids: list[int]) -> None:
    """Remove the benchmark's own dossiers from the scratch database.

    The timeline is append-only in the database (core.append_only): its triggers refuse
    this DELETE from the application. A benchmark database is scratch, so it passes them
    the way only an operator can: on SQLite inside ``maintenance()``, on PostgreSQL with
    ``session_replication_role = replica`` (which needs a superuser, as the benchmarks
    run; the application's role cannot).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            bypass = contextlib.nullcontext()
        else:
            bypass = maintenance(connection)
        with bypass:
            DossierEvent.objects.filter(dossier_id__in=ids).delete()
            Dossier.objects.filter(pk__in=ids).delete()


def run_raw_create(rows) -> tuple[Run, list[int]]:
    ids = []
    with timed_database(DbClock()) as clock:
        started = time.perf_counter()
        for dossier_fields, events in rows:
            with transaction.atomic():
                dossier = Dossier.objects.create(**dossier_fields)
                for event in events:
                    DossierEvent.objects.create(dossier=dossier, **event)
            ids.append(dossier.pk)
        seconds = time.perf_counter() - started
    return Run("raw ORM: create() ×2, one transaction per dossier", len(rows), seconds, clock), ids


def run_raw_bulk(rows, batch: int = 500) -> tuple[Run, list[int]]:
    ids = []
    with timed_database(DbClock()) as clock:
        started = time.perf_counter()
        for first in range(0, len(rows), batch):
            chunk = rows[first : first + batch]
            with transaction.atomic():
                dossiers = Dossier.objects.bulk_create([Dossier(**d) for d, _ in chunk])
                DossierEvent.objects.bulk_create(
                    DossierEvent(dossier=dossier, **event)
                    for dossier, (_, events) in zip(dossiers, chunk, strict=True)
                    for event in events
                )
            ids += [d.pk for d in dossiers]
        seconds = time.perf_counter() - started
    return Run(f"raw ORM: bulk_create by {batch}", len(rows), seconds, clock), ids


# The steps of receive_dossier, timed by wrapping the functions it calls (services.py).
STEPS = (
    ("Applicant.validated: name, citizen ID, phone", inputs.Applicant, "validated"),
    ("_intake_context: permission, ward, version_in_force", services, "_intake_context"),
    ("next_code: DailyCounter upsert", services, "next_code"),
    ("next_register_number: RegisterCounter upsert", services, "next_register_number"),
    ("_append: last event read, event INSERT", services, "_append"),
    ("_write_clock: calendar_for, clock events read, replay", services, "_write_clock"),
    ("_save: UPDATE of the whole row", services, "_save"),
    ("Dossier.save (first save: INSERT)", Dossier, "save"),
)


@contextmanager
def timed_steps(spent: dict[str, float]):
    """Wrap each STEPS function with a timer adding to ``spent`` (nested time included)."""
    originals = []
    for name, owner, attribute in STEPS:
        original = getattr(owner, attribute)
        originals.append((owner, attribute, original))

        def timed(*args, _original=original, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] += time.perf_counter() - started

        setattr(owner, attribute, timed)
    try:
        yield spent
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)


def step_breakdown(calls: list[dict]) -> list[tuple[str, float]]:
    """Milliseconds per intake in each step of receive_dossier (the rest: commit, glue)."""
    spent: dict[str, float] = defaultdict(float)
    with timed_database(DbClock()) as clock, timed_steps(spent):
        started = time.perf_counter()
        ids = [services.receive_dossier(**kwargs).pk for kwargs in calls]
        total = time.perf_counter() - started
    delete(ids)
    insert_name, update_name = STEPS[-1][0], STEPS[-2][0]
    spent[insert_name] -= spent[update_name]  # _save's own Dossier.save counted once
    rows = [(name, spent[name]) for name, _, _ in STEPS]
    rows.append(("commit", clock.commit))
    rows.append(("the rest: Dossier(…) built, atomic, checks", total - sum(t for _, t in rows)))
    rows.append(("total", total))
    return [(name, 1000 * seconds / len(calls)) for name, seconds in rows]


def queries_of_one_intake(call: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        dossier = services.receive_dossier(**call)
    delete([dossier.pk])
    return [query["sql"] for query in captured.captured_queries]


def profile_intake(calls: list[dict], top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    ids = [services.receive_dossier(**kwargs).pk for kwargs in calls]
    profiler.disable()
    delete(ids)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def bench_intake(n: int, seed: int, profile: bool, *, warmup: int = WARMUP, rounds: int = 3) -> Run:
    cast = intake_cast()
    log(f"## Intake at {cast.centre.code} ({cast.ward.short_name}), N = {n:,}")
    warm = intake_calls(cast, warmup, seed + 1)
    delete(run_service(warm)[1])
    calls = intake_calls(cast, n, seed)

    def compare() -> tuple[Run, Run, Run, Run]:
        service, ids = run_service(calls)
        rows = snapshot(ids)
        delete(ids)
        raw, ids = run_raw_create(rows)
        delete(ids)
        bulk, ids = run_raw_bulk(rows)
        delete(ids)
        proposed, ids = run_service(calls, receive_proposed, "receive_dossier as proposed")
        delete(ids)
        return service, raw, bulk, proposed

    results = []
    for _ in range(rounds):
        result, others = undisturbed(compare)
        results.append((result, others))
    results.sort(key=lambda item: item[0][0].rate / item[0][1].rate)
    ratios = ", ".join(f"{r[0].rate / r[1].rate:.2f}×" for r, _ in results)
    (service, raw, bulk, proposed), others = results[len(results) // 2]
    log()
    log(
        f"{rounds} rounds of N intakes, each followed by the raw inserts of its rows; "
        f"service / raw create per round: {ratios}. The median round, during which other "
        f"people's processes took {others:.0%} of the CPUs:"
    )
    log()
    log(
        "| what | dossiers | seconds | per second | ms per dossier | statements "
        "| in statements | in commits |"
    )
    log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in (service, raw, bulk, proposed):
        statements = sum(run.clock.counts.values())
        log(
            f"| {run.name} | {run.count:,} | {run.seconds:.2f} | {run.rate:,.0f} | "
            f"{run.per_item_ms:.2f} | {statements / run.count:.1f} per dossier | "
            f"{run.clock.statement_total / run.seconds:.0%} | "
            f"{run.clock.commit / run.seconds:.0%} |"
        )
    ratio = service.rate / raw.rate
    verdict = "met" if ratio >= INTAKE_GOAL else "NOT met"
    log()
    log(
        f"Service / raw create: {ratio:.2f}× (goal ≥ {INTAKE_GOAL}×: {verdict}); "
        f"service / bulk_create: {service.rate / bulk.rate:.2f}×; the proposed intake / raw "
        f"create: {proposed.rate / raw.rate:.2f}× (writes the same rows as the service: "
        f"{'yes' if same_rows_as_the_service(calls[0]) else 'NO'})."
    )
    log()
    log("Where the service's time goes, per dossier (ms):")
    log()
    log("| part | service | raw create | proposed |")
    log("| --- | ---: | ---: | ---: |")
    runs = (service, raw, proposed)
    names = sorted(
        set().union(*(run.clock.statements for run in runs)),
        key=lambda k: -service.clock.statements.get(k, 0),
    )

    def cells(ms_of) -> str:
        return " | ".join(f"{ms_of(run):.3f}" for run in runs)

    for name in names:
        count = service.clock.counts.get(name, 0) / service.count
        spent = cells(lambda run, name=name: run.clock.statements.get(name, 0) * 1000 / run.count)
        log(f"| {name} (×{count:g} in the service) | {spent} |")
    log(f"| commit | {cells(lambda run: run.clock.commit_ms(run.count))} |")
    log(f"| Python (Django, service code) | {cells(lambda run: run.python_ms)} |")
    log(f"| total | {cells(lambda run: run.per_item_ms)} |")
    log()
    log("The steps of receive_dossier, per dossier (ms, database time included):")
    log()
    log("| step | ms |")
    log("| --- | ---: |")
    for name, ms in step_breakdown(intake_calls(cast, min(n, 500), seed + 3)):
        log(f"| {name} | {ms:.3f} |")
    log()
    log("Statements of one intake:")
    for number, sql in enumerate(queries_of_one_intake(calls[0]), start=1):
        log(f"  {number:2}. {' '.join(sql.split())[:150]}")
    if profile:
        log()
        log("cProfile of the service, cumulative:")
        log(profile_intake(intake_calls(cast, min(n, 500), seed + 2)))
    return service


# --- Inbox ----------------------------------------------------------------------------------


def first_page_query(user, scope=None):
    """The queryset behind the first page of the unit inbox (as staff.views.inbox_list).

    ``scope`` replaces selectors.visible_dossiers (see scope_by_ids).
    """
    base = inbox(user, "unit") if scope is None else scope(user).filter(status__in=OPEN_STATUSES)
    queryset = base.order_by(F("due_at").asc(nulls_last=True), "id")
    return queryset, queryset.select_related("procedure", "assignee")[:PAGE_SIZE]


def scope_by_ids(user):
    """selectors.visible_dossiers with each agency set read into a list of ids first.

    The change proposed in docs/performance.md, measured side by side: the same scope,
    but PostgreSQL sees ``competent_unit_id = ANY('{…}')`` instead of OR-ed IN-subqueries,
    and can use the (competent_unit, status, due_at) index.
    """

    def ids(*perms) -> list[int]:
        found = set()
        for perm in perms:
            found |= set(agencies_where(user, perm).values_list("pk", flat=True))
        return sorted(found)

    counters = ids(Perm.RECEIVE_DOSSIER)
    units = ids(Perm.PROCESS_DOSSIER, Perm.APPROVE_DOSSIER)
    overseen = ids(Perm.VIEW_ALL_DOSSIERS)
    scope = Q(pk__in=[])
    if counters:
        scope |= Q(receiving_agency__in=counters)
    if units:
        scope |= Q(competent_unit__in=units)
    if overseen:
        scope |= Q(ward__in=overseen) | Q(competent_unit__in=overseen)
    return Dossier.objects.filter(scope)


def time_selector(user_id: int, scope=None) -> tuple[float, int, int]:
    """One request's worth: the user read afresh, the page, the count. (ms, rows, count)"""
    started = time.perf_counter()
    user = User.objects.get(pk=user_id)
    queryset, page = first_page_query(user, scope)
    rows = list(page)
    count = queryset.count()
    return (time.perf_counter() - started) * 1000, len(rows), count


INDEX_USE = re.compile(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)")


def explain(queryset) -> tuple[str, float, list[str]]:
    if connection.vendor != "postgresql":  # SQLite's EXPLAIN QUERY PLAN takes no options
        plan = queryset.explain()
        return plan, float("nan"), sorted(set(re.findall(r"USING (?:COVERING )?INDEX (\w+)", plan)))
    plan = queryset.explain(analyze=True, buffers=True)
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return (
        plan,
        float(found.group(1)) if found else float("nan"),
        sorted(set(INDEX_USE.findall(plan))),
    )


@dataclass
class Subject:
    label: str
    user_id: int


def subjects() -> list[Subject]:
    """The head of the busiest unit (most open dossiers), that ward's counter and leader."""
    busiest = (
        Dossier.objects.filter(ward__province__code=gen.PROVINCE[0], status__in=OPEN_STATUSES)
        .values("competent_unit")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise SystemExit("No generated dossiers here: run bench/generate_dossiers.py first.")
    unit = Agency.objects.get(pk=busiest["competent_unit"])

    def holder(agency, role) -> int:
        return RoleAssignment.objects.filter(agency=agency, role=role).values_list(
            "user", flat=True
        )[0]

    centre = Agency.objects.get(code=f"{unit.ward.code}.{gen.CENTRE}")
    return [
        Subject(f"unit head, {unit.code}", holder(unit, Role.UNIT_HEAD)),
        Subject(f"counter officer, {centre.code}", holder(centre, Role.COUNTER_OFFICER)),
        Subject(f"ward leader, {unit.ward.code}", holder(unit.ward, Role.WARD_LEADER)),
    ]


def bench_inbox(runs: int, show_plans: bool) -> None:
    total = Dossier.objects.count()
    log(f"## Unit inbox, first page of {PAGE_SIZE} + count, {total:,} dossiers in the database")
    log()
    log(
        "| whose inbox | scope as | open dossiers | statements | first run ms | p50 ms "
        "| p95 ms | max ms | others' CPU |"
    )
    log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    plans = []
    for subject in subjects():
        for scope_label, scope in (("selectors (as is)", None), ("ids (proposed)", scope_by_ids)):
            with timed_database(DbClock()) as clock:
                first, _, count = time_selector(subject.user_id, scope)
            times, others = undisturbed(
                lambda subject=subject, scope=scope: [
                    time_selector(subject.user_id, scope)[0] for _ in range(runs)
                ]
            )
            log(
                f"| {subject.label} | {scope_label} | {count:,} | {sum(clock.counts.values())} "
                f"| {first:.1f} | {percentile(times, 50):.1f} | {percentile(times, 95):.1f} "
                f"| {max(times):.1f} | {others:.0%} |"
            )
            user = User.objects.get(pk=subject.user_id)
            queryset, page = first_page_query(user, scope)
            plans.append((subject, scope_label, "page", *explain(page)))
            plans.append((subject, scope_label, "count", *explain(queryset)))
    log()
    log("EXPLAIN ANALYZE (execution time in the server, indexes used):")
    log()
    for subject, scope_label, which, _, ms, indexes in plans:
        log(
            f"- {subject.label}, scope {scope_label}, {which}: {ms:.2f} ms, "
            f"{', '.join(indexes) or 'no index'}"
        )
    if show_plans:
        for subject, scope_label, which, plan, _, _ in plans:
            log()
            log(f"{subject.label}, scope {scope_label}, {which}:")
            log(plan)
    bench_inbox_view(subjects()[0], runs)


def bench_inbox_view(subject: Subject, runs: int) -> None:
    """The whole page through Django's test client: tabs with counts, filters, 25 rows —
    with the selector as it is, then with scope_by_ids patched in (for the measurement
    only) to show what the proposed change does to the page."""
    try:
        url = reverse("dossiers-staff-inbox") + "?hop=unit"
    except Exception:  # the staff views are not there: the selector numbers stand alone
        log("The staff inbox view is not installed: page not measured.")
        return
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=subject.user_id))
    log()
    log(f"Whole page GET {url} for the {subject.label}, through the test client:")
    log()
    log("| scope as | statements | KiB | p50 ms | p95 ms | max ms | others' CPU |")
    log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for scope_label, scope in (("selectors (as is)", None), ("ids (proposed)", scope_by_ids)):
            with patched_scope(scope):
                with timed_database(DbClock()) as clock:
                    response = client.get(url)
                if response.status_code != 200:
                    log(f"GET {url} answered {response.status_code}: page not measured.")
                    return
                times, others = undisturbed(lambda: page_times(client, url, runs))
            log(
                f"| {scope_label} | {sum(clock.counts.values())} | "
                f"{len(response.content) / 1024:.0f} | {percentile(times, 50):.1f} | "
                f"{percentile(times, 95):.1f} | {max(times):.1f} | {others:.0%} |"
            )
    finally:
        client.logout()


def page_times(client: Client, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times


@contextmanager
def patched_scope(scope):
    """selectors.visible_dossiers replaced by ``scope`` (None: left alone) for a while."""
    if scope is None:
        yield
        return
    original = dossier_selectors.visible_dossiers
    dossier_selectors.visible_dossiers = scope
    try:
        yield
    finally:
        dossier_selectors.visible_dossiers = original


# --- Main -----------------------------------------------------------------------------------


def describe_machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    import django

    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, {version} "
        f"(shared_buffers {buffers}), database {connection.settings_dict['NAME']}, "
        f"{os.cpu_count()} CPUs."
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("intake", "inbox"))
    parser.add_argument("--n", type=int, default=2000, help="intakes to time per round")
    parser.add_argument("--rounds", type=int, default=3, help="intake rounds (median kept)")
    parser.add_argument("--runs", type=int, default=50, help="inbox runs to time")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the intake")
    parser.add_argument("--explain", action="store_true", help="print the inbox query plans")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        log("Note: not PostgreSQL — the figures say little about a deployment.")
    log(describe_machine())
    log()
    if args.only in (None, "intake"):
        bench_intake(args.n, args.seed, args.profile, rounds=args.rounds)
        log()
    if args.only in (None, "inbox"):
        bench_inbox(args.runs, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
