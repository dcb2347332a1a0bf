"""Generator of a province's worth of dossiers (hồ sơ) for the benchmarks (issue 3, §8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench \\
        .venv/bin/python bench/generate_dossiers.py --dossiers 1000000 --wards 114 --years 2

Builds, in a migrated database:

1. through the services (org.services, catalog.services): a province ``Z99``, ``--wards``
   wards with 4–5 units each and their staff (a ward leader, an agency admin, two counter
   officers, a head and two specialists in each processing unit), and the demo catalogue
   (catalog/data/procedures.csv) published for every ward, valid from the first day;
2. in bulk (PostgreSQL COPY; bulk_create on SQLite, small runs only): ``--dossiers``
   dossiers received over the ``--years`` before ``--until``, each with the timeline its
   fate implies (received, forwarded, assigned, supplement asked and brought, financial
   obligation, extension, decision, result ready, returned; or refused, withdrawn,
   stopped), cut at ``--until`` so that recent ones are still open. Due moments come from
   the working-day engine (epoch-seconds API; the pure clock.replay for pauses and
   extensions), outcomes from clock.outcome_at and the results' worked seconds from
   clock.worked_seconds, codes ``<centre>-<yymmdd>-<NNNN>`` are numbered in receipt order
   per counter and day, and DailyCounter holds each day's last number: the data reads
   exactly as if the services had written it.

The same ``--seed`` and ``--until`` give the same data. Staff accounts share the password
printed at the end. On PostgreSQL the load runs in one transaction with the dossier
tables' secondary indexes and foreign keys dropped and rebuilt from their own definitions
(a failed run leaves the schema as it was), then VACUUM ANALYZE.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import math
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import benchenv  # noqa: F401  (sets Django up)
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test.utils import override_settings
from django.utils import timezone

from motcua.catalog.models import CopyType, OnlineLevel, ProcedureVersion, ResultDelivery
from motcua.catalog.services import publish_version
from motcua.demo import dossiers as story_data
from motcua.demo.catalogue import UNIT_BY_SECTOR, read_rows
from motcua.dossiers import clock, clock_reads, events
from motcua.dossiers.calendar import DossierCalendar
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    DailyCounter,
    Delivery,
    Dossier,
    DossierEvent,
    DossierFile,
    Status,
)
from motcua.dossiers.search import SEARCHED_FIELDS, build_search_text, search_text_of
from motcua.dossiers.workflow import ACTIONS
from motcua.files.services import store_uploads
from motcua.org.models import Agency, AgencyKind, Role, RoleAssignment, User
from motcua.org.services import create_agency, create_staff
from motcua.payments.models import Payment, PaymentState
from motcua.workcal import calendars

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
MINUTE, HOUR = 60, 3600

PROVINCE = ("Z99", "Tỉnh Đo Hiệu Năng", "Tỉnh ĐHN")
STAFF_PASSWORD = "DoTai-Bench#2026"
SQLITE_MAX = 20_000  # above this, SQLite would take minutes and prove nothing
BULK_MODE_MIN = 50_000  # below this, dropping and rebuilding indexes costs more than it saves
BATCH = 20_000  # dossiers per COPY batch
PROGRESS_EVERY = 100_000

# The units of a ward (code suffix, name); .05 exists in every other ward: 4–5 units.
UNITS = [
    ("01", "Văn phòng HĐND và UBND"),
    ("02", "Phòng Văn hóa - Xã hội"),
    ("03", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("04", "Trung tâm Phục vụ hành chính công"),
    ("05", "Trung tâm Dịch vụ sự nghiệp công"),
]
CENTRE = "04"
WARD_NAMES = [
    "An Bình", "An Hòa", "Bình Minh", "Đông Hải", "Hòa Lạc", "Hưng Đạo", "Kim Sơn",
    "Lạc Long", "Minh Đức", "Nam Sơn", "Phú Xuân", "Quang Trung", "Tân Lập", "Thạch Bàn",
    "Thanh Hà", "Thịnh Quang", "Trần Phú", "Trường Chinh", "Vĩnh Niệm", "Xuân Đỉnh",
]  # fmt: skip

# Final fates of the dossiers received (refusals are drawn before: REFUSED_SHARE). Shares of
# about a hundred; the timeline is then cut at --until, so recent dossiers stay open.
FATES = {
    "normal": 72.0,
    "late": 4.5,
    "supplement": 6.0,  # asked for, brought back, then resolved
    "abandoned": 3.5,  # supplement asked for, never brought: waits forever
    "extended": 1.5,  # apology and new date (Mẫu 04)
    "rejected": 1.5,
    "stopped": 1.5,
    "withdrawn": 1.5,
    "stalled": 2.0,  # assigned and forgotten: open, overdue
    "uncollected": 4.0,  # result ready, never picked up
    "unforwarded": 0.3,
}
REFUSED_SHARE = 0.025
OBLIGATION_SHARE = 0.3  # of land dossiers: lệ phí trước bạ, tiền sử dụng đất
ONLINE_TARGET = 0.35
ONLINE_BY_LEVEL = {OnlineLevel.FULL: 0.75, OnlineLevel.PARTIAL: 0.5, OnlineLevel.NONE: 0.0}
WEEKDAY_LOAD = [1.25, 1.05, 1.0, 1.0, 0.9, 0.7, 0.5]


def log(message: str) -> None:
    print(message, flush=True)


# --- Organisation and catalogue (through the services) ------------------------------------


@dataclass
class WardCast:
    """One ward as the generator needs it: ids, its staff by role, its calendar and offers."""

    ward: Agency
    centre: Agency
    units: dict[str, Agency]
    counters: list[int] = field(default_factory=list)
    heads: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    specialists: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    calendar: object = None
    offers: list[Offer] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)


def ward_code(index: int, province_code: str = PROVINCE[0]) -> str:
    return f"{province_code}.{index:03d}"


def ward_name(index: int) -> str:
    kind = "Xã" if index % 4 == 0 else "Phường"
    return f"{kind} {WARD_NAMES[index % len(WARD_NAMES)]} {index:03d}"


def build_province(
    wards: int, first_day: dt.date, *, province: tuple[str, str, str] = PROVINCE
) -> list[WardCast]:
    """Province (code, name, short name), its wards with units, staff and catalogue."""
    code, name, short_name = province
    top = Agency.objects.filter(code=code).first() or create_agency(
        actor=None,
        code=code,
        name=name,
        short_name=short_name,
        kind=AgencyKind.PROVINCE,
        parent=None,
        code_is_illustrative=True,
    )
    catalogue = read_rows()
    casts = []
    # Staff get the shared password below: hashing ~1,400 of them at full strength is minutes.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for index in range(1, wards + 1):
            casts.append(_build_ward(top, index, catalogue, first_day))
    User.objects.filter(username__startswith=f"{code.lower()}.").update(
        password=make_password(STAFF_PASSWORD)
    )
    return casts


@transaction.atomic
def _build_ward(province: Agency, index: int, catalogue, first_day: dt.date) -> WardCast:
    code, name = ward_code(index, province.code), ward_name(index)
    ward = create_agency(
        actor=None,
        code=code,
        name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
        short_name=name,
        kind=AgencyKind.WARD,
        parent=province,
        code_is_illustrative=True,
    )
    units = {}
    for suffix, unit_name in UNITS:
        if suffix == "05" and index % 2:
            continue
        units[suffix] = create_agency(
            actor=None,
            code=f"{code}.{suffix}",
            name=f"{unit_name} {name[0].lower()}{name[1:]}",
            short_name=unit_name,
            kind=AgencyKind.UNIT,
            parent=ward,
            code_is_illustrative=True,
        )
    cast = WardCast(ward=ward, centre=units[CENTRE], units=units)
    _hire(cast, index)
    for data in catalogue:
        suffix = UNIT_BY_SECTOR[data.sector].rsplit(".", 1)[1]
        data = dataclasses.replace(
            data, valid_from=first_day, competent_unit_code=units[suffix].code
        )
        publish_version(actor=None, scope=ward, data=data)
    return cast


def _hire(cast: WardCast, index: int) -> None:
    rng = random.Random(index)
    prefix = f"{cast.ward.code.lower()}."

    def hire(agency: Agency, role: str, username: str) -> User:
        person = story_data.person(rng, cast.ward.short_name, online=False)
        return create_staff(
            actor=None,
            agency=agency,
            username=prefix + username,
            full_name=person.name,
            password=STAFF_PASSWORD,
            roles=[role],
            position=Role(role).label,
        )

    hire(cast.ward, Role.WARD_LEADER, "lanhdao")
    hire(cast.ward, Role.AGENCY_ADMIN, "quantri")
    cast.counters = [hire(cast.centre, Role.COUNTER_OFFICER, f"motcua{n}").pk for n in (1, 2)]
    for suffix, unit in cast.units.items():
        if suffix == CENTRE:
            continue
        if suffix in ("02", "03"):
            head = hire(unit, Role.UNIT_HEAD, f"truongphong{suffix}")
            cast.heads[unit.pk] = [(head.pk, head.display_name)]
            people = [hire(unit, Role.SPECIALIST, f"chuyenvien{suffix}{n}") for n in (1, 2)]
            cast.specialists[unit.pk] = [(p.pk, p.display_name) for p in people]
        else:
            hire(unit, Role.SPECIALIST, f"chuyenvien{suffix}")


def cast_of(ward: Agency) -> WardCast:
    """The WardCast of a ward built earlier by build_province (staff read back by role)."""
    units = {unit.code.rsplit(".", 1)[1]: unit for unit in Agency.objects.filter(parent=ward)}
    cast = WardCast(ward=ward, centre=units[CENTRE], units=units)
    assignments = (
        RoleAssignment.objects.filter(agency__in=[ward, *units.values()])
        .select_related("user")
        .order_by("user__username")
    )
    for assignment in assignments:
        user, agency_id = assignment.user, assignment.agency_id
        if assignment.role == Role.COUNTER_OFFICER:
            cast.counters.append(user.pk)
        elif assignment.role == Role.UNIT_HEAD:
            cast.heads.setdefault(agency_id, []).append((user.pk, user.display_name))
        elif assignment.role == Role.SPECIALIST:
            cast.specialists.setdefault(agency_id, []).append((user.pk, user.display_name))
    return cast


# --- What is asked for --------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """A procedure version of one ward with the habits of its applicants."""

    version_id: int
    procedure_id: int
    unit_id: int
    case: str  # the version's default case (catalog.deadlines)
    deadline: object  # workcal.engine.Plan of that case (channel variants: not generated)
    fee: int
    online_share: float
    effect: str
    sector: str
    summary: str
    documents: tuple[dict, ...]
    deliveries: tuple[str, ...]


def load_offers(cast: WardCast, online_scale: float | None = None) -> float:
    """Fill ``cast.offers``; return the weighted online share before scaling."""
    versions = (
        ProcedureVersion.objects.filter(scope=cast.ward, competent_unit__isnull=False)
        .select_related("procedure__sector")
        .prefetch_related("documents")
        .order_by("procedure__code")
    )
    raw = []
    for version in versions:
        weight = story_data.WEIGHTS.get(version.procedure.code, story_data.DEFAULT_WEIGHT)
        documents = tuple(
            {"name": doc.name, "copy_type": doc.copy_type, "quantity": doc.quantity}
            for doc in version.documents.all()
            if doc.copy_type != CopyType.PRESENT_ONLY
        )
        raw.append((version, weight, documents))
    total = sum(weight for _, weight, _ in raw)
    online = sum(weight * ONLINE_BY_LEVEL[v.online_level] for v, weight, _ in raw) / total
    scale = online_scale if online_scale is not None else ONLINE_TARGET / online
    cast.offers, cast.cum_weights, running = [], [], 0.0
    for version, weight, documents in raw:
        name = version.procedure.name
        cast.offers.append(
            Offer(
                version_id=version.pk,
                procedure_id=version.procedure_id,
                unit_id=version.competent_unit_id,
                case=version.default_case,
                deadline=version.deadline_plan(version.default_case),
                fee=version.fee_vnd or 0,
                online_share=min(0.95, ONLINE_BY_LEVEL[version.online_level] * scale),
                effect=version.supplement_effect,
                sector=version.procedure.sector.name,
                summary=name[len("Thủ tục ") :] if name.startswith("Thủ tục ") else name,
                documents=documents,
                deliveries=tuple(version.result_delivery),
            )
        )
        running += weight
        cast.cum_weights.append(running)
    cast.calendar = calendars.calendar_for(cast.centre)
    return online


# --- One dossier's story --------------------------------------------------------------------


@dataclass
class Step:
    """A timeline event as planned, with what it writes on the dossier row."""

    at: int  # epoch seconds
    event: events.EventData  # the kind and its data, built as the services build them
    actor: int | None
    status: int
    sets: dict
    from_agency: int | None = None
    to_agency: int | None = None
    public: bool = True


def when(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)


def clock_columns(state: clock.ClockState) -> dict:
    return {
        "clock_started_at": state.started_at,
        "legal_due_at": state.legal_due_at,
        "due_at": state.due_at,
        "paused_at": state.paused_at,
        "remaining_seconds": state.legal_remaining,
    }


class Story:
    """Plans the timeline of one dossier received at ``received`` (epoch seconds)."""

    def __init__(self, rng: random.Random, cast: WardCast, offer: Offer, received: int):
        self.rng, self.cast, self.offer = rng, cast, offer
        self.cal = cast.calendar
        self.received = received
        self.unit = offer.unit_id
        self.centre = cast.centre.pk
        self.counter = rng.choice(cast.counters)
        self.head, self.head_name = rng.choice(cast.heads[self.unit])
        self.specialist, self.specialist_name = rng.choice(cast.specialists[self.unit])
        self.steps: list[Step] = []
        self.clock_events: list[clock.ClockEvent] = []
        self.start = self.cal.effective_start_seconds(received)
        self.clock_start = when(self.start)  # moves to the restart after a supplement
        self.legal_due = self.cal.plan_due_seconds(received, offer.deadline)
        self.due = self.legal_due

    # -- time -------------------------------------------------------------------------------

    def after(self, moment: int, working_seconds: float) -> int:
        """``working_seconds`` of working time after ``moment``."""
        return self.cal.due_seconds(moment, max(1, int(working_seconds)))

    def span(self, since: int) -> int:
        """Working seconds from ``since`` to the legal due moment (at least one minute)."""
        return max(MINUTE, self.cal.elapsed_seconds(since, self.legal_due))

    def add(self, step: Step) -> None:
        step.at = max(step.at, self.steps[-1].at) if self.steps else step.at
        self.steps.append(step)

    def _clock(self, kind: str, at: int, **extra) -> dict:
        """Record a clock event; the dossier's clock columns after it (clock.replay)."""
        self.clock_events.append(clock.ClockEvent(kind=kind, at=when(at), **extra))
        state = clock.replay(DossierCalendar(self.cal), self.offer.deadline, self.clock_events)
        self.clock_start = state.started_at
        self.legal_due = self.cal.to_seconds(state.legal_due_at)
        self.due = self.cal.to_seconds(state.due_at)
        return clock_columns(state)

    # -- steps ------------------------------------------------------------------------------

    def receive(self, channel: int) -> None:
        received = when(self.received)
        self.clock_events.append(clock.ClockEvent(kind="received", at=received))
        sets = {
            "status": Status.RECEIVED,
            "clock_started_at": when(self.start),
            "legal_due_at": when(self.legal_due),
            "due_at": when(self.legal_due),
        }
        self.add(
            Step(
                self.received,
                events.Received(channel),
                self.counter,
                Status.RECEIVED,
                sets,
                to_agency=self.centre,
            )
        )

    def forward(self, at: int) -> None:
        self.add(
            Step(
                at,
                events.Forwarded(""),
                self.counter,
                Status.PROCESSING,
                {"status": Status.PROCESSING},
                from_agency=self.centre,
                to_agency=self.unit,
            )
        )

    def assign(self, at: int) -> None:
        self.add(
            Step(
                at,
                events.Assigned(self.specialist_name),
                self.head,
                Status.PROCESSING,
                {"status": Status.PROCESSING, "assignee_id": self.specialist},
                from_agency=self.unit,
                to_agency=self.unit,
                public=False,
            )
        )

    def request_supplement(self, at: int) -> None:
        documents = self.offer.documents or ({"name": "Tờ khai", "copy_type": "original"},)
        missing = tuple(
            events.RequestedDocument(doc["name"], doc["copy_type"], 1, "")
            for doc in self.rng.sample(documents, min(len(documents), self.rng.randint(1, 2)))
        )
        data = events.SupplementRequested(self.rng.choice(story_data.SUPPLEMENT_REASONS), missing)
        sets = {"status": Status.SUPPLEMENT_REQUESTED, **self._clock("clock_paused", at)}
        self.add(
            Step(
                at,
                data,
                self.specialist,
                Status.SUPPLEMENT_REQUESTED,
                sets,
                from_agency=self.unit,
            )
        )

    def record_supplement(self, at: int) -> None:
        effect = self.offer.effect
        sets = {"status": Status.PROCESSING, **self._clock("clock_resumed", at, effect=effect)}
        self.add(
            Step(
                at,
                events.SupplementReceived(effect, ""),
                self.counter,
                Status.PROCESSING,
                sets,
                to_agency=self.unit,
            )
        )

    def request_obligation(self, at: int) -> None:
        amount = self.rng.choice((500_000, 1_200_000, 3_450_000, 12_000_000))
        data = events.ObligationRequested("Nộp lệ phí trước bạ nhà, đất theo thông báo", amount)
        sets = {"status": Status.FINANCIAL_OBLIGATION, **self._clock("clock_paused", at)}
        self.add(Step(at, data, self.specialist, Status.FINANCIAL_OBLIGATION, sets))

    def record_obligation(self, at: int) -> None:
        sets = {"status": Status.PROCESSING, **self._clock("clock_resumed", at, effect="pause")}
        data = events.ObligationFulfilled(note="")
        self.add(Step(at, data, self.counter, Status.PROCESSING, sets))

    def extend(self, at: int, new_due: int) -> None:
        data = events.Extended(
            reason=self.rng.choice(story_data.EXTENSION_REASONS),
            new_due=when(new_due),
            previous_due=when(self.due),
            number=1,
        )
        sets = {"extension_count": 1, **self._clock("extended", at, new_due=when(new_due))}
        self.add(Step(at, data, self.head, Status.PROCESSING, sets))

    def decide(self, at: int, *, approve: bool) -> None:
        note = "" if approve else self.rng.choice(story_data.REJECTION_REASONS)
        self.add(
            Step(
                at,
                events.decided(approve=approve, note=note),
                self.head,
                Status.PROCESSING,
                {"approved": approve},
                from_agency=self.unit,
                public=False,
            )
        )

    def result_ready(self, at: int, *, approved: bool, electronic: bool) -> None:
        outcome = clock.outcome_at(when(at), when(self.legal_due), TZ)
        worked = clock.worked_seconds(
            DossierCalendar(self.cal), self.clock_start, when(at), self.clock_events
        )
        self.add(
            Step(
                at,
                events.ResultReady(approved, outcome),
                self.specialist,
                Status.DONE,
                {
                    "status": Status.DONE,
                    "finished_at": when(at),
                    "outcome": outcome,
                    "worked_seconds": worked,
                    "electronic_result": electronic,
                },
                from_agency=self.unit,
                to_agency=self.centre,
            )
        )

    def return_result(self, at: int, method: str, recipient: tuple[str, str]) -> None:
        data = events.Returned(
            method=method,
            recipient_name=recipient[0] if method != Delivery.ELECTRONIC else "",
            recipient_id_number=recipient[1] if method == Delivery.COUNTER else "",
            note="",
        )
        self.add(
            Step(
                at,
                data,
                self.counter,
                Status.RETURNED,
                {"status": Status.RETURNED, "returned_at": when(at), "delivery": method},
                from_agency=self.centre,
            )
        )

    def stop(self, at: int) -> None:
        data = events.Stopped(
            reason="Người nộp không bổ sung hồ sơ trong thời hạn đã thông báo.",
            legal_ground="Khoản 1 Điều 19 Nghị định 118/2025/NĐ-CP",
        )
        self.add(
            Step(
                at,
                data,
                self.head,
                Status.STOPPED,
                {"status": Status.STOPPED, "finished_at": when(at)},
                from_agency=self.unit,
            )
        )

    def withdraw(self, at: int) -> None:
        data = events.Withdrawn("Người nộp có đơn đề nghị rút hồ sơ.")
        sets = {"status": Status.WITHDRAWN, "finished_at": when(at)}
        self.add(Step(at, data, self.counter, Status.WITHDRAWN, sets))


def play(story: Story, fate: str, channel: int, delivery: str, recipient) -> None:
    """The timeline of a received dossier for ``fate`` (see FATES)."""
    rng = story.rng
    story.receive(channel)
    span = story.span(story.start)
    forwarded = story.after(
        story.start, min(rng.uniform(0.01, 0.06) * span, rng.uniform(600, 4 * HOUR))
    )
    if fate == "unforwarded":
        return
    if fate == "withdrawn" and rng.random() < 0.4:
        story.withdraw(story.after(story.start, rng.uniform(0.05, 0.5) * span))
        return
    story.forward(forwarded)
    assigned = story.after(
        forwarded, min(rng.uniform(0.01, 0.08) * span, rng.uniform(600, 8 * HOUR))
    )
    story.assign(assigned)
    if fate == "stalled":
        return
    if fate == "withdrawn":
        story.withdraw(story.after(assigned, rng.uniform(0.05, 0.6) * story.span(assigned)))
        return
    mark = assigned
    if fate in ("supplement", "abandoned", "stopped") and (fate != "stopped" or rng.random() < 0.6):
        mark = story.after(assigned, rng.uniform(0.1, 0.5) * story.span(assigned))
        story.request_supplement(mark)
        if fate == "abandoned":
            return
        if fate == "stopped":
            story.stop(story.after(mark, rng.uniform(5, 15) * story.cal.day_seconds))
            return
        mark = story.after(mark, rng.expovariate(1 / 3) * story.cal.day_seconds + HOUR)
        story.record_supplement(mark)
    elif fate == "stopped":
        story.stop(story.after(assigned, rng.uniform(0.2, 0.9) * story.span(assigned)))
        return
    elif story.offer.sector in story_data.OBLIGATION_SECTORS and rng.random() < OBLIGATION_SHARE:
        mark = story.after(assigned, rng.uniform(0.2, 0.6) * story.span(assigned))
        story.request_obligation(mark)
        mark = story.after(mark, rng.uniform(0.5, 6) * story.cal.day_seconds)
        story.record_obligation(mark)
    finished = _finish_moment(story, fate, mark)
    decided = story.after(mark, max(MINUTE, 0.9 * story.cal.elapsed_seconds(mark, finished)))
    approve = fate != "rejected"
    story.decide(min(decided, finished), approve=approve)
    electronic = delivery == Delivery.ELECTRONIC or (
        rng.random() < story_data.ELECTRONIC_RESULT_SHARE.get(story.offer.sector, 0.0)
    )
    story.result_ready(finished, approved=approve, electronic=electronic)
    if fate == "uncollected":
        return
    story.return_result(_return_moment(story, finished, delivery), delivery, recipient)


def _finish_moment(story: Story, fate: str, since: int) -> int:
    """When the result is ready: before the legal due moment, or after it for late fates."""
    rng, day = story.rng, story.cal.day_seconds
    if fate == "extended" and story.due - since > HOUR:
        # Mẫu 04 is only possible before the promised moment passes.
        asked = story.after(since, rng.uniform(0.5, 0.9) * story.span(since))
        if asked < story.due:
            legal_due = story.legal_due
            story.extend(asked, story.after(story.due, rng.uniform(2, 6) * day))
            if rng.random() < 0.3:
                return story.after(asked, rng.uniform(0.2, 0.9) * story.span(asked))
            # After the legal due, before the new date: late for the indicators.
            grace = story.cal.elapsed_seconds(legal_due, story.due)
            return story.after(max(legal_due, asked), rng.uniform(0.2, 0.9) * grace)
    if fate in ("late", "extended") or story.legal_due <= since:
        return story.after(max(story.legal_due, since), rng.uniform(0.05, 4) * day)
    return story.after(since, rng.uniform(0.2, 0.98) * story.span(since))


def _return_moment(story: Story, finished: int, delivery: str) -> int:
    rng, day = story.rng, story.cal.day_seconds
    if delivery == Delivery.ELECTRONIC:
        return finished + rng.randint(MINUTE, 30 * MINUTE)
    if delivery == Delivery.POSTAL:
        return story.after(finished, rng.uniform(0.3, 1.5) * day)
    return story.after(finished, rng.expovariate(1 / 1.5) * day + 15 * MINUTE)


# --- The bulk -------------------------------------------------------------------------------


@dataclass
class Totals:
    dossiers: int = 0
    events: int = 0
    counters: int = 0
    statuses: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    online: int = 0
    fee_paid: dict = field(default_factory=dict)


class Generator:
    """Draws the dossiers of every ward and day, in receipt order, and hands them to a sink."""

    def __init__(self, casts: list[WardCast], *, rng: random.Random, until: dt.datetime):
        self.casts = casts
        self.rng = rng
        self.until = int(until.timestamp())
        self.totals = Totals()

    def slots(self, dossiers: int, days: list[dt.date]) -> list[tuple[int, int, int]]:
        """(day index, ward index, count): ``dossiers`` spread over wards and working days.

        Wards differ in size (log-normal), weekdays in load; largest remainders make the
        counts add up to exactly ``dossiers``.
        """
        rng = self.rng
        sizes = [rng.lognormvariate(0, 0.5) for _ in self.casts]
        weights = []
        for d, day in enumerate(days):
            load = WEEKDAY_LOAD[day.weekday()] * rng.uniform(0.85, 1.15)
            weights += [(d, w, load * size) for w, size in enumerate(sizes)]
        total = sum(weight for _, _, weight in weights)
        shares = [(d, w, dossiers * weight / total) for d, w, weight in weights]
        counts = [math.floor(share) for _, _, share in shares]
        missing = dossiers - sum(counts)
        by_remainder = sorted(
            range(len(shares)), key=lambda i: shares[i][2] - counts[i], reverse=True
        )
        for i in by_remainder[:missing]:
            counts[i] += 1
        return [(d, w, n) for (d, w, _), n in zip(shares, counts, strict=True) if n]

    def day_of(self, cast: WardCast, day: dt.date, count: int) -> Iterable[tuple[dict, list]]:
        """The ``count`` dossiers received at ``cast``'s centre on ``day``, numbered in order."""
        cal, rng = cast.calendar, self.rng
        opening = cal.effective_start_seconds(
            int(dt.datetime.combine(day, dt.time(), TZ).timestamp())
        )
        moments = sorted(
            cal.due_seconds(opening, rng.randrange(1, cal.day_seconds - MINUTE))
            for _ in range(count)
        )
        prefix = f"{cast.centre.code}-{day:%y%m%d}-"
        for number, received in enumerate(moments, start=1):
            offer = rng.choices(cast.offers, cum_weights=cast.cum_weights)[0]
            yield self.dossier(cast, offer, received, f"{prefix}{number:04d}")

    def dossier(self, cast: WardCast, offer: Offer, received: int, code: str):
        rng = self.rng
        online = rng.random() < offer.online_share
        channel = (
            Channel.ONLINE
            if online
            else (Channel.POSTAL if rng.random() < 0.03 else Channel.COUNTER)
        )
        organisation = offer.sector in story_data.ORGANISATION_SECTORS and rng.random() < 0.3
        applicant = (
            story_data.organisation(rng, cast.ward.short_name)
            if organisation
            else story_data.person(rng, cast.ward.short_name, online=online)
        )
        submitted = received - rng.randint(10 * MINUTE, 30 * HOUR) if online else received
        story = Story(rng, cast, offer, received)
        row = {
            "code": code,
            "procedure_version_id": offer.version_id,
            "procedure_id": offer.procedure_id,
            "receiving_agency_id": cast.centre.pk,
            "ward_id": cast.ward.pk,
            "competent_unit_id": offer.unit_id,
            "receiver_id": story.counter,
            "applicant_kind": applicant.kind,
            "applicant_name": applicant.name,
            "applicant_id_number": applicant.id_number,
            "applicant_org_code": applicant.org_code,
            "applicant_phone": applicant.phone,
            "applicant_email": applicant.email,
            "applicant_address": applicant.address,
            "channel": channel,
            "deadline_case": offer.case,
            "lookup_phone_tail": applicant.phone[-4:],
            "created_at": when(received),
        }
        row["search_text"] = build_search_text(row[name] for name in SEARCHED_FIELDS)
        if rng.random() < REFUSED_SHARE:
            row.update(submitted_at=when(received), status=Status.NOT_RECEIVED)
            reasons = rng.choice(story_data.REFUSAL_REASONS)
            story.add(
                Step(received, events.Refused(reasons), story.counter, Status.NOT_RECEIVED, {})
            )
            return self.finish(row, story)
        delivery = _delivery(rng, offer, online)
        payment = _fee_payment(rng, offer, online)
        row.update(
            request_summary=offer.summary,
            delivery=delivery,
            documents=list(offer.documents),
            submitted_at=when(submitted),
            received_at=when(received),
            fee_vnd=offer.fee,
            # Not dossier columns: Sink.add writes a payment record from them.
            _paid=payment if offer.fee else "",
            _paid_at=when(received) if offer.fee and payment else None,
            digitised=rng.random() < 0.7,
        )
        fate = rng.choices(FATE_NAMES, cum_weights=FATE_CUM)[0]
        play(story, fate, channel, delivery, (applicant.name, applicant.id_number))
        return self.finish(row, story)

    def finish(self, row: dict, story: Story) -> tuple[dict, list[Step]]:
        """Cut the timeline at --until and apply what the kept steps wrote."""
        kept = [step for step in story.steps if step.at <= self.until]
        for step in kept:
            row.update(step.sets)
        row["updated_at"] = when(kept[-1].at)
        totals = self.totals
        totals.statuses[row["status"]] = totals.statuses.get(row["status"], 0) + 1
        if row.get("outcome"):
            totals.outcomes[row["outcome"]] = totals.outcomes.get(row["outcome"], 0) + 1
        totals.online += row["channel"] == Channel.ONLINE
        if row.get("fee_vnd"):
            payment = row.get("_paid") or "unpaid"
            totals.fee_paid[payment] = totals.fee_paid.get(payment, 0) + 1
        return row, kept


FATE_NAMES = list(FATES)
FATE_CUM = list(itertools.accumulate(FATES.values()))


def _delivery(rng: random.Random, offer: Offer, online: bool) -> str:
    if ResultDelivery.ELECTRONIC in offer.deliveries and online and rng.random() < 0.6:
        return Delivery.ELECTRONIC
    if ResultDelivery.POSTAL in offer.deliveries and rng.random() < 0.05:
        return Delivery.POSTAL
    return Delivery.COUNTER


def _fee_payment(rng: random.Random, offer: Offer, online: bool) -> str:
    if not offer.fee:
        return ""
    if online:
        return "online" if rng.random() < 0.85 else ""
    return "cash" if rng.random() < 0.97 else ""


# --- Writing --------------------------------------------------------------------------------


class Table:
    """Rows for one model: the generator's columns, then every other column's default."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...]):
        self.model = model
        concrete = [f for f in model._meta.concrete_fields]
        by_attname = {f.attname: f for f in concrete}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise SystemExit(f"{model.__name__} has no column(s) {sorted(unknown)}")
        self.fields = [by_attname[c] for c in columns]
        missing = [f for f in concrete if f.attname not in columns]
        for f in missing:
            if not f.has_default() and not f.null and not isinstance(f, models.AutoField):
                raise SystemExit(
                    f"{model.__name__}.{f.name} is new and has no default: teach "
                    "bench/generate_dossiers.py what to write there."
                )
        self.fields += missing
        self.defaults = tuple(f.get_default() if f.has_default() else None for f in missing)
        self.columns = [f.column for f in self.fields]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]

    def instance(self, values: tuple) -> models.Model:
        return self.model(**{f.attname: v for f, v in zip(self.fields, values, strict=True)})


DOSSIER_COLUMNS = (
    "id", "code", "procedure_version_id", "procedure_id", "receiving_agency_id", "ward_id",
    "competent_unit_id", "assignee_id", "receiver_id", "applicant_kind", "applicant_name",
    "applicant_id_number", "applicant_org_code", "applicant_phone", "applicant_email",
    "applicant_address", "request_summary", "channel", "deadline_case", "delivery", "documents",
    "submitted_at", "received_at", "clock_started_at", "legal_due_at", "due_at", "paused_at",
    "remaining_seconds", "finished_at", "returned_at", "worked_seconds", "extension_count",
    "status", "outcome", "approved", "fee_vnd",
    "electronic_result", "digitised", "lookup_phone_tail", "search_text", "created_at",
    "updated_at",
)  # fmt: skip
# Digitised components and electronic results are attached files: one DossierFile row per
# flagged dossier, all pointing at one shared stored file of each kind, and the row's two
# caches of them (digitised, electronic_result) set as services._attach sets them (the
# files_attached event is left out: nothing the benchmarks read looks at it).
FILE_COLUMNS = ("id", "dossier_id", "stored_file_id", "kind", "document_name", "attached_at")
EVENT_COLUMNS = (
    "id", "dossier_id", "kind", "actor_id", "at", "from_agency_id", "to_agency_id",
    "status_after", "is_public", "data",
)  # fmt: skip
PAYMENT_COLUMNS = (
    "id", "dossier_id", "provider", "online", "amount_vnd", "state", "reference",
    "created_at", "confirmed_at", "provider_txn_no", "bank_code", "gateway_create_date",
    "counter_method", "counter_receipt_no",
)  # fmt: skip
DOSSIER_DEFAULTS = {
    "assignee_id": None, "applicant_kind": ApplicantKind.PERSON, "request_summary": "",
    "delivery": Delivery.COUNTER, "documents": [], "received_at": None,
    "clock_started_at": None, "legal_due_at": None, "due_at": None, "paused_at": None,
    "remaining_seconds": None, "finished_at": None, "returned_at": None, "worked_seconds": None,
    "extension_count": 0, "outcome": "", "approved": None, "fee_vnd": 0,
    "electronic_result": False, "digitised": False,
}  # fmt: skip


class Sink:
    """Collects rows and writes them in batches: COPY on PostgreSQL, bulk_create otherwise."""

    def __init__(self):
        self.dossiers = Table(Dossier, DOSSIER_COLUMNS)
        self.events = Table(DossierEvent, EVENT_COLUMNS)
        self.payments = Table(Payment, PAYMENT_COLUMNS)
        self.files = Table(DossierFile, FILE_COLUMNS)
        self.postgres = connection.vendor == "postgresql"
        self.next_dossier = _next_id(Dossier)
        self.next_event = _next_id(DossierEvent)
        self.next_payment = _next_id(Payment)
        self.next_file = _next_id(DossierFile)
        self.shared = {kind: _shared_file(kind) for kind in ("intake_scan", "electronic_result")}
        self.dossier_rows: list[tuple] = []
        self.event_rows: list[tuple] = []
        self.payment_rows: list[tuple] = []
        self.file_rows: list[tuple] = []
        self.written = 0

    def add(self, row: dict, steps: list[Step]) -> None:
        dossier_id = self.next_dossier
        self.next_dossier += 1
        row["id"] = dossier_id
        for flag, kind, at in (
            ("digitised", "intake_scan", row.get("received_at")),
            ("electronic_result", "electronic_result", row.get("finished_at")),
        ):
            if row.get(flag) and at is not None:
                self.file_rows.append(
                    (
                        self.next_file,
                        dossier_id,
                        self.shared[kind],
                        kind,
                        "",
                        at,
                        *self.files.defaults,
                    )
                )
                self.next_file += 1
            else:
                row[flag] = False  # the cache says what the file rows say
        self.dossier_rows.append(
            tuple(row[c] if c in row else DOSSIER_DEFAULTS[c] for c in DOSSIER_COLUMNS)
            + self.dossiers.defaults
        )
        paid = row.get("_paid")
        if paid:
            # A payment record per paid dossier (the payments app's), confirmed at receipt.
            self.payment_rows.append(
                (
                    self.next_payment, dossier_id, "sandbox" if paid == "online" else "counter",
                    paid == "online", row["fee_vnd"], PaymentState.CONFIRMED,
                    f"BENCH{self.next_payment:015d}", row["_paid_at"], row["_paid_at"],
                    "", "", "", "" if paid == "online" else "cash", "",
                    *self.payments.defaults,
                )
            )  # fmt: skip
            self.next_payment += 1
        event_id = self.next_event
        for step in steps:
            self.event_rows.append(
                (
                    event_id,
                    dossier_id,
                    step.event.kind,
                    step.actor,
                    when(step.at),
                    step.from_agency,
                    step.to_agency,
                    step.status,
                    step.public,
                    step.event.as_data(),
                    *self.events.defaults,
                )
            )
            event_id += 1
        self.next_event = event_id

    def flush(self) -> None:
        for table, rows in (
            (self.dossiers, self.dossier_rows),
            (self.events, self.event_rows),
            (self.payments, self.payment_rows),
            (self.files, self.file_rows),
        ):
            if self.postgres:
                copy_rows(table, rows)
            else:
                table.model.objects.bulk_create([table.instance(r) for r in rows], batch_size=500)
        self.written += len(self.dossier_rows)
        self.dossier_rows, self.event_rows = [], []
        self.payment_rows, self.file_rows = [], []


def _shared_file(kind: str) -> int:
    """The one stored file every generated DossierFile of ``kind`` points at."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.demo import files as demo_files

    sample = demo_files.scan("BENCH") if kind == "intake_scan" else demo_files.result("BENCH")
    [stored] = store_uploads([SimpleUploadedFile(sample.name, sample.read())], actor=None)
    return stored.pk


def _next_id(model) -> int:
    return (model.objects.aggregate(top=models.Max("id"))["top"] or 0) + 1


def copy_rows(table: Table, rows: list[tuple]) -> None:
    from psycopg.types.json import Jsonb

    json_columns = table.json
    sql = f"COPY {table.model._meta.db_table} ({', '.join(table.columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        write = copy.write_row
        if not json_columns:
            for row in rows:
                write(row)
            return
        for row in rows:
            row = list(row)
            for i in json_columns:
                row[i] = Jsonb(row[i])
            write(row)


def write_counters(counters: dict[tuple[int, dt.date], int]) -> None:
    """DailyCounter: the last number issued per centre and day (next_code continues)."""
    DailyCounter.objects.bulk_create(
        [DailyCounter(agency_id=a, day=d, last=n) for (a, d), n in counters.items()],
        batch_size=5_000,
    )


# --- PostgreSQL bulk mode -------------------------------------------------------------------


class BulkMode:
    """Drop the dossier tables' secondary indexes and foreign keys; put them back as defined.

    Maintaining 14 + 8 indexes and 11 foreign-key triggers row by row is most of a naive
    load's time; rebuilding them once is a sort each. Runs inside the caller's transaction.
    """

    TABLES = (Dossier._meta.db_table, DossierEvent._meta.db_table)

    def __init__(self):
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            for table in self.TABLES:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                self.foreign_keys += [(table, name, sql) for name, sql in cursor.fetchall()]
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND "
                    "indexname NOT IN (SELECT conname FROM pg_constraint "
                    "WHERE conrelid = %s::regclass)",
                    [table, table],
                )
                self.indexes += cursor.fetchall()
            for table, name, _ in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the transaction rolls back: the schema was never changed
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for name, sql in self.indexes:
                cursor.execute(sql)
                log(f"  index {name} rebuilt")
            for table, name, sql in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {sql}')
        log(
            f"  {len(self.indexes)} indexes and {len(self.foreign_keys)} foreign keys rebuilt "
            f"in {time.perf_counter() - started:.0f} s"
        )
        return False


class NoBulkMode:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --- Putting it together --------------------------------------------------------------------


@dataclass
class Result:
    casts: list[WardCast]
    totals: Totals
    seconds: dict[str, float]
    until: dt.datetime
    first_day: dt.date
    last_day: dt.date


def working_days(calendar, first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def generate(
    *,
    dossiers: int,
    wards: int,
    years: float,
    seed: int,
    until: dt.datetime,
    progress: Callable[[str], None] = log,
) -> Result:
    """Build the organisation, catalogue and ``dossiers`` dossiers (see the module doc)."""
    if Agency.objects.filter(code=PROVINCE[0]).exists():
        raise SystemExit(
            f"Province {PROVINCE[0]} already exists in this database: generate into a fresh, "
            "migrated database (dropdb/createdb, then manage.py migrate)."
        )
    seconds = {}
    last_day = timezone.localtime(until, TZ).date() - dt.timedelta(days=1)
    first_day = last_day - dt.timedelta(days=round(365 * years) - 1)
    started = time.perf_counter()
    casts = build_province(wards, first_day)
    scale = None
    for cast in casts:
        online = load_offers(cast, scale)
        scale = ONLINE_TARGET / online if scale is None else scale
    seconds["organisation and catalogue"] = time.perf_counter() - started
    progress(
        f"{wards} wards, {sum(len(c.units) for c in casts)} units, "
        f"{User.objects.filter(username__startswith='z99.').count()} staff, "
        f"{ProcedureVersion.objects.filter(scope__province__code=PROVINCE[0]).count()} "
        f"procedure versions in {seconds['organisation and catalogue']:.0f} s"
    )
    generator = Generator(casts, rng=random.Random(seed), until=until)
    days = working_days(casts[0].calendar, first_day, last_day)
    slots = generator.slots(dossiers, days)
    sink = Sink()
    counters: dict[tuple[int, dt.date], int] = {}
    bulk = BulkMode() if sink.postgres and dossiers >= BULK_MODE_MIN else NoBulkMode()
    started = time.perf_counter()
    with transaction.atomic(), bulk:
        next_report = PROGRESS_EVERY
        for d, w, count in slots:
            cast = casts[w]
            for row, steps in generator.day_of(cast, days[d], count):
                sink.add(row, steps)
                generator.totals.events += len(steps)
            counters[(cast.centre.pk, days[d])] = count
            if len(sink.dossier_rows) >= BATCH:
                sink.flush()
                if sink.written >= next_report:
                    next_report += PROGRESS_EVERY
                    _report(progress, sink.written, generator.totals.events, started)
        sink.flush()
        write_counters(counters)
        seconds["dossiers and events"] = time.perf_counter() - started
        _report(progress, sink.written, generator.totals.events, started)
        started = time.perf_counter()
    seconds["indexes and foreign keys"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Dossier, DossierEvent, DossierFile]
        ):
            cursor.execute(statement)
    started = time.perf_counter()
    if sink.postgres and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in (*BulkMode.TABLES, DailyCounter._meta.db_table):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        seconds["vacuum analyze"] = time.perf_counter() - started
    generator.totals.dossiers = sink.written
    generator.totals.counters = len(counters)
    return Result(casts, generator.totals, seconds, until, first_day, last_day)


def _report(progress, dossiers: int, event_count: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rows = dossiers + event_count
    progress(
        f"  {dossiers:>9,} dossiers {event_count:>10,} events  {elapsed:6.0f} s  "
        f"{rows / elapsed if elapsed else 0:,.0f} rows/s"
    )


def summary(result: Result) -> str:
    totals = result.totals
    n = totals.dossiers or 1
    statuses = ", ".join(
        f"{Status(code).label} {count / n:.1%}" for code, count in sorted(totals.statuses.items())
    )
    finished = sum(totals.outcomes.values()) or 1
    outcomes = ", ".join(f"{k} {v / finished:.1%}" for k, v in sorted(totals.outcomes.items()))
    fees = ", ".join(f"{k} {v:,}" for k, v in sorted(totals.fee_paid.items()))
    total_seconds = sum(result.seconds.values())
    lines = [
        f"Generated {totals.dossiers:,} dossiers and {totals.events:,} events "
        f"({totals.events / n:.2f} per dossier), {totals.counters:,} daily counters, "
        f"received {result.first_day:%d/%m/%Y}–{result.last_day:%d/%m/%Y}, cut at "
        f"{timezone.localtime(result.until, TZ):%d/%m/%Y %H:%M}.",
        f"Statuses: {statuses}.",
        f"Outcomes of finished dossiers: {outcomes}.",
        f"Online: {totals.online / n:.1%}. Fee dossiers by payment: {fees}.",
        "Time: "
        + ", ".join(f"{name} {s:.0f} s" for name, s in result.seconds.items())
        + f"; total {total_seconds:.0f} s "
        f"({(totals.dossiers + totals.events) / total_seconds:,.0f} rows/s overall).",
        f"Staff accounts: <ward code>.<role><n> (e.g. {ward_code(1).lower()}.truongphong02), "
        f"password {STAFF_PASSWORD}.",
    ]
    return "\n".join(lines)


# --- Checking what was written -------------------------------------------------------------

# The workflow action behind each event kind (dossiers.workflow.ACTIONS).
ACTION_OF_KIND = {
    "forwarded": "forward",
    "assigned": "assign",
    "supplement_requested": "request_supplement",
    "supplement_received": "record_supplement",
    "obligation_requested": "request_obligation",
    "obligation_fulfilled": "record_obligation",
    "extended": "extend",
    "stopped": "stop",
    "approved": "decide",
    "rejected": "decide",
    "result_ready": "result_ready",
    "returned": "return_result",
    "withdrawn": "withdraw",
}
CLOCK_FIELDS = ("clock_started_at", "legal_due_at", "due_at", "paused_at", "remaining_seconds")


def verify(sample: int, *, seed: int = 1) -> list[str]:
    """Problems found in ``sample`` random bench dossiers (an empty list when all is well).

    Checks what the services guarantee: every step allowed by dossiers.workflow from the
    status before it, the cached status equal to the last event's, the clock columns equal
    to clock_reads.derive_clock (the timeline replayed on the working calendar), the outcome
    equal to clock.outcome_at, the working seconds of a result equal to
    clock_reads.worked_seconds (none without a result), codes well formed, the inbox's search
    text, and DailyCounter equal to each day's count and highest number.
    """
    problems: list[str] = []
    bench = Dossier.objects.filter(ward__province__code=PROVINCE[0])
    ids = list(bench.values_list("id", flat=True))
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
    dossiers = bench.filter(id__in=chosen).select_related(
        "procedure_version", "competent_unit", "receiving_agency"
    )
    for dossier in dossiers:
        timeline = list(dossier.events.order_by("at", "id"))
        problems += _check_timeline(dossier, timeline, ACTIONS)
        if dossier.status != Status.NOT_RECEIVED:
            state = clock_columns(clock_reads.derive_clock(dossier))
            for name in CLOCK_FIELDS:
                if getattr(dossier, name) != state[name]:
                    problems.append(
                        f"{dossier.code}: {name} {getattr(dossier, name)} ≠ {state[name]}"
                    )
        if dossier.finished_at and dossier.outcome:
            expected = clock.outcome_at(dossier.finished_at, dossier.legal_due_at, TZ)
            if dossier.outcome != expected:
                problems.append(f"{dossier.code}: outcome {dossier.outcome} ≠ {expected}")
        worked = _expected_worked_seconds(dossier)
        if dossier.worked_seconds != worked:
            problems.append(f"{dossier.code}: worked_seconds {dossier.worked_seconds} ≠ {worked}")
        code_day = timezone.localtime(timeline[0].at, TZ).date()
        if not dossier.code.startswith(f"{dossier.receiving_agency.code}-{code_day:%y%m%d}-"):
            problems.append(f"{dossier.code}: code does not match its centre and receipt day")
        if dossier.search_text != search_text_of(dossier):
            problems.append(f"{dossier.code}: search_text is not what Dossier.save writes")
    problems += _check_counters()
    return problems


def _expected_worked_seconds(dossier: Dossier) -> int | None:
    """What result_ready writes for a result; None for every other dossier."""
    if dossier.status not in (Status.DONE, Status.RETURNED) or not dossier.finished_at:
        return None
    return clock_reads.worked_seconds(dossier, dossier.finished_at)


def _check_timeline(dossier: Dossier, timeline: list, actions) -> list[str]:
    if not timeline:
        return [f"{dossier.code}: no events"]
    first = timeline[0].kind
    if first not in ("received", "refused"):
        return [f"{dossier.code}: starts with {first}"]
    problems = []
    status = timeline[0].status_after
    for event in timeline[1:]:
        action = actions[ACTION_OF_KIND[event.kind]]
        if status not in action.from_statuses:
            problems.append(f"{dossier.code}: {event.kind} from status {status}")
        status = event.status_after
    if status != dossier.status:
        problems.append(f"{dossier.code}: status {dossier.status}, last event says {status}")
    return problems


def _check_counters() -> list[str]:
    """Each counter's ``last`` = the dossiers coded that day = their highest number."""
    problems = []
    bench = Dossier.objects.filter(ward__province__code=PROVINCE[0])
    for counter in DailyCounter.objects.filter(agency__province__code=PROVINCE[0]).select_related(
        "agency"
    )[:200]:
        prefix = f"{counter.agency.code}-{counter.day:%y%m%d}-"
        codes = list(bench.filter(code__startswith=prefix).values_list("code", flat=True))
        numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
        if numbers != list(range(1, counter.last + 1)):
            problems.append(f"{prefix}: counter {counter.last}, numbers {numbers[:5]}…")
    return problems


def parse_until(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=114)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--until",
        type=parse_until,
        default=None,
        help="the moment the data is cut at (ISO, Vietnam time if naive); default: now, "
        "to the hour",
    )
    parser.add_argument(
        "--verify", type=int, default=500, help="dossiers to check afterwards (0: none)"
    )
    args = parser.parse_args(argv)
    if args.dossiers < 1 or args.wards < 1 or args.years <= 0:
        parser.error("--dossiers, --wards and --years must be positive")
    if connection.vendor != "postgresql" and args.dossiers > SQLITE_MAX:
        parser.error(
            f"{args.dossiers:,} dossiers need PostgreSQL (SQLite is refused above "
            f"{SQLITE_MAX:,}): set DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench "
            "and run manage.py migrate first."
        )
    until = args.until or timezone.localtime(timezone.now(), TZ).replace(
        minute=0, second=0, microsecond=0
    )
    log(
        f"Generating {args.dossiers:,} dossiers, {args.wards} wards, {args.years:g} years to "
        f"{until:%d/%m/%Y %H:%M}, seed {args.seed}, into {connection.vendor} "
        f"database {connection.settings_dict['NAME']}"
    )
    result = generate(
        dossiers=args.dossiers,
        wards=args.wards,
        years=args.years,
        seed=args.seed,
        until=until,
    )
    log(summary(result))
    if args.verify:
        problems = verify(args.verify)
        log(
            f"Checked {args.verify:,} random dossiers and 200 daily counters: "
            f"{len(problems)} problem(s)."
        )
        for problem in problems[:20]:
            log(f"  {problem}")
        if problems:
            return 1
    log(f"Reproduce with: --seed {args.seed} --until {until.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
