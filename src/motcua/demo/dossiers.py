"""Demo dossiers (hồ sơ mẫu): about 300 for Phường Hòa Bình over the last three months,
and a handful for Phường Lê Chân so that scoping shows.

Every dossier is written through the services (receive, forward, assign, request a
supplement, extend, decide, …) with ``at=`` moments inside working hours and never after
now, so the timeline, the cached status and due columns, the official forms and the
indicators all agree. The random choices come from a seeded ``random.Random``: a run is
reproducible for a given day. Stories are anchored to now: each one runs forward from its
receipt and stops at the first step that would lie in the future, so the latest
dossiers are still open and the inboxes have work; a few pinned stories guarantee that
every open status is on show whatever the day.

The mix aims at a ward that does well: most dossiers early or on time, some late (about
6 %), a few extended with an apology (Mẫu 04), a third submitted online (some outside
working hours), a few by post, fees paid in cash or online, some electronic results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from motcua.catalog import fees
from motcua.catalog.content import version_as_data
from motcua.catalog.models import CopyType, OnlineLevel, ProcedureVersion
from motcua.catalog.search import normalize_search
from motcua.catalog.services import publish_version
from motcua.demo import fee_rules
from motcua.dossiers import inputs, services
from motcua.dossiers.calendar import DossierCalendar, calendar_for
from motcua.dossiers.models import ApplicantKind, Channel, Delivery, Dossier
from motcua.org.models import Agency, Role, RoleAssignment, User

from . import files as demo_files

SEED = 766
HOABINH = "H26.80"
LECHAN = "H26.81"
WINDOW_DAYS = 91  # "the last three months"
DOSSIERS = 300  # for the demo ward: the pinned stories below, the rest drawn at random
HOUR = 3600

# How often each procedure is asked for, relative to the others (weight 1). Certifying
# copies and birth registration fill a ward's counter; building permits are rare.
WEIGHTS = {
    "2.000815": 32,  # chứng thực bản sao từ bản chính
    "2.000884": 12,  # chứng thực chữ ký
    "1.001193": 16,  # đăng ký khai sinh
    "1.004873": 9,  # xác nhận tình trạng hôn nhân
    "2.000635": 7,  # bản sao trích lục hộ tịch
    "1.000894": 5,  # đăng ký kết hôn
    "1.000656": 4,  # đăng ký khai tử
    "2.001035": 5,  # chứng thực hợp đồng, giao dịch
    "2.001008": 3,  # chứng thực chữ ký người dịch
    "1.001612": 4,  # đăng ký thành lập hộ kinh doanh
    "2.000720": 3,  # thay đổi đăng ký hộ kinh doanh
    "1.013978": 3,  # đăng ký đất đai, cấp Giấy chứng nhận
    "1.012796": 2,  # đính chính Giấy chứng nhận
    "1.013225": 2,  # giấy phép xây dựng
    "1.004859": 2,  # thay đổi, cải chính hộ tịch
}
DEFAULT_WEIGHT = 1
# Sectors whose dossiers may owe a financial obligation (lệ phí trước bạ, tiền sử dụng đất).
OBLIGATION_SECTORS = ("Đất đai",)
ORGANISATION_SECTORS = ("Hoạt động xây dựng", "Đất đai")
# Results also issued as an electronic original (bản điện tử), beyond electronic delivery:
# civil-status extracts from the civil registry database, electronic certified copies.
ELECTRONIC_RESULT_SHARE = {"Hộ tịch": 0.6, "Chứng thực": 0.2}
# Share of dossiers submitted online, by the version's online level.
ONLINE_SHARE = {OnlineLevel.FULL: 0.75, OnlineLevel.PARTIAL: 0.6, OnlineLevel.NONE: 0.0}

# What happens to a dossier of the bulk (weights of about a hundred).
FATES = {
    "normal": 77.0,
    "late": 4.0,
    "extended": 2.0,
    "supplement": 7.5,
    "stopped": 1.2,
    "obligation": 2.0,  # only for OBLIGATION_SECTORS, else normal
    "rejected": 1.5,
    "withdrawn": 1.5,
    "refused": 2.0,
}
# Pinned stories: each ends in its status whatever today is.
PINNED = [
    ("received", 3),
    ("processing", 3),
    ("supplement", 3),
    ("obligation", 2),
    ("done", 3),
    ("overdue", 2),
    ("extended", 2),
    ("stopped", 1),
    ("withdrawn", 1),
    ("refused", 1),
]
BULK_STORIES = DOSSIERS - sum(count for _, count in PINNED)
LECHAN_STORIES = [
    "received",
    "received",
    "processing",
    "processing",
    "processing",
    "refused",
    "withdrawn",
]


# --- Who acts ------------------------------------------------------------------------------


@dataclass
class Cast:
    """The demo staff of one ward, by what they may do (demo/organisation.py accounts)."""

    ward: Agency
    counter_agency: Agency
    counter: User
    leaders: list[User]
    heads: dict[int, list[User]] = field(default_factory=dict)
    specialists: dict[int, list[User]] = field(default_factory=dict)

    @classmethod
    def of(cls, ward: Agency) -> Cast | None:
        rows = list(
            RoleAssignment.objects.filter(
                agency__in=Agency.objects.subtree_of([ward.pk]), user__is_active=True
            )
            .select_related("user", "agency")
            .order_by("user__username")
        )
        counters = [r for r in rows if r.role == Role.COUNTER_OFFICER]
        if not counters:
            return None
        cast = cls(
            ward=ward,
            counter_agency=counters[0].agency,
            counter=counters[0].user,
            leaders=[r.user for r in rows if r.role == Role.WARD_LEADER],
        )
        for row in rows:
            if row.role == Role.UNIT_HEAD:
                cast.heads.setdefault(row.agency_id, []).append(row.user)
            elif row.role == Role.SPECIALIST:
                cast.specialists.setdefault(row.agency_id, []).append(row.user)
        return cast

    def processors(self, unit: Agency) -> list[User]:
        """Who may request a supplement or declare the result (chuyên viên, else trưởng phòng)."""
        return self.specialists.get(unit.pk) or self.heads.get(unit.pk, [])

    def approvers(self, unit: Agency) -> list[User]:
        """Who signs: the unit's head or the ward's leader."""
        return self.heads.get(unit.pk, []) + self.leaders

    def can_process(self, unit: Agency) -> bool:
        return bool(self.processors(unit) and self.approvers(unit))


# --- What is asked for ------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One procedure as the demo asks for it: its version in force and its habits."""

    version: ProcedureVersion
    weight: float
    documents: tuple[inputs.ReceivedDocument, ...]

    @property
    def procedure(self):
        return self.version.procedure

    @property
    def sector(self) -> str:
        return self.version.procedure.sector.name

    @property
    def online_share(self) -> float:
        return ONLINE_SHARE.get(self.version.online_level, 0.0)

    @property
    def working_days(self) -> int:
        return self.version.deadline_amount if self.version.deadline_kind == "days" else 0


def offers(ward: Agency, cast: Cast, first_day: dt.date, last_day: dt.date) -> list[Offer]:
    """The ward's procedures in force over the whole window whose unit can process them."""
    versions = (
        ProcedureVersion.objects.in_force(first_day)
        .in_force(last_day)
        .filter(scope=ward, competent_unit__isnull=False, procedure__is_active=True)
        .select_related("procedure__sector", "competent_unit")
        .prefetch_related("documents")
        .order_by("procedure__code")
    )
    found = []
    for version in versions:
        if not cast.can_process(version.competent_unit):
            continue
        documents = tuple(
            inputs.ReceivedDocument(doc.name, doc.copy_type, doc.quantity)
            for doc in version.documents.all()
            if doc.copy_type != CopyType.PRESENT_ONLY
        )
        weight = WEIGHTS.get(version.procedure.code, DEFAULT_WEIGHT)
        found.append(Offer(version, weight, documents))
    return found


# --- Applicants ---------------------------------------------------------------------------

SURNAMES = [
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 5),
    ("Phan", 4),
    ("Đặng", 2),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Hồ", 1),
    ("Ngô", 2),
    ("Dương", 1),
    ("Đinh", 1),
    ("Mai", 1),
]
MIDDLE = {
    "m": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Công", "Mạnh"],
    "f": ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Bích"],
}
GIVEN = {
    "m": [
        "Hùng",
        "Dũng",
        "Tuấn",
        "Nam",
        "Hải",
        "Long",
        "Sơn",
        "Thắng",
        "Cường",
        "Huy",
        "Khánh",
        "Phong",
        "Bình",
        "Quân",
        "Trung",
        "Hiếu",
        "Đạt",
        "Tùng",
    ],
    "f": [
        "Hương",
        "Lan",
        "Hoa",
        "Mai",
        "Linh",
        "Trang",
        "Hằng",
        "Ngọc",
        "Thảo",
        "Nga",
        "Yến",
        "Hà",
        "Huyền",
        "Nhung",
        "Vân",
        "Giang",
        "Oanh",
        "Thủy",
    ],
}
STREETS = [
    "Lạch Tray",
    "Lê Lợi",
    "Cầu Đất",
    "Lương Khánh Thiện",
    "Trần Phú",
    "Điện Biên Phủ",
    "Hoàng Văn Thụ",
    "Minh Khai",
    "Đinh Tiên Hoàng",
    "Quang Trung",
    "Tô Hiệu",
    "Văn Cao",
    "Lê Thánh Tông",
    "Hai Bà Trưng",
    "Nguyễn Đức Cảnh",
    "Đà Nẵng",
    "Chợ Con",
]
OTHER_WARDS = [
    "phường Lê Chân",
    "phường Ngô Quyền",
    "phường Gia Viên",
    "phường An Biên",
    "phường Hải An",
]
COMPANIES = [
    "Công ty TNHH Xây dựng Minh Phát",
    "Công ty Cổ phần Đầu tư Cảng Xanh",
    "Công ty TNHH Thương mại Hải Long",
    "Công ty TNHH Kiến trúc Đông Á",
]
# Mobile prefixes of the three large networks (Viettel, MobiFone, VinaPhone).
MOBILE_PREFIXES = [
    *("086", "096", "097", "098", *(f"03{n}" for n in range(2, 10))),
    *("090", "093", "070", *(f"07{n}" for n in range(6, 10))),
    *("088", "091", "094", *(f"08{n}" for n in range(1, 6))),
]
HAIPHONG_BIRTH_CODE = "031"  # province of birth registration (citizen ID's first 3 digits)


def person(rng: random.Random, ward_name: str, *, online: bool) -> inputs.Applicant:
    sex = rng.choice("mf")
    surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
    name = f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    born = rng.randint(1950, 2006)
    century_sex = (0 if born < 2000 else 2) + (1 if sex == "f" else 0)
    id_number = f"{HAIPHONG_BIRTH_CODE}{century_sex}{born % 100:02d}{rng.randrange(10**6):06d}"
    plain = normalize_search(name).split()
    email = f"{plain[-1]}{''.join(w[0] for w in plain[:-1])}{born % 100:02d}@example.com"
    return inputs.Applicant(
        name=name,
        id_number=id_number,
        phone=_phone(rng),
        email=email if online or rng.random() < 0.15 else "",
        address=_address(rng, ward_name),
    )


def organisation(rng: random.Random, ward_name: str) -> inputs.Applicant:
    return inputs.Applicant(
        name=rng.choice(COMPANIES),
        kind=ApplicantKind.ORGANISATION,
        org_code=f"02{rng.randrange(10**8):08d}",
        phone=_phone(rng),
        address=_address(rng, ward_name),
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def _address(rng: random.Random, ward_name: str) -> str:
    # Centers receive regardless of boundary: some applicants live in other wards.
    where = ward_name if rng.random() < 0.85 else rng.choice(OTHER_WARDS)
    return f"Số {rng.randint(1, 250)} {rng.choice(STREETS)}, {where}, thành phố Hải Phòng"


# --- Working time -------------------------------------------------------------------------


class Clock:
    """Working-time arithmetic on a ward's calendar, in aware datetimes."""

    def __init__(self, cal: DossierCalendar, now: dt.datetime):
        self.cal = cal
        self.engine = cal.cal
        self.now = now
        self.tz = self.engine.tz
        self.day_seconds = self.engine.day_seconds

    def after(self, moment: dt.datetime, seconds: float) -> dt.datetime:
        return self.cal.add_working_seconds(moment, max(0, int(seconds)))

    def working(self, start: dt.datetime, end: dt.datetime) -> int:
        return self.cal.working_seconds_between(start, end) if end > start else 0

    def between(self, start: dt.datetime, end: dt.datetime, share: float) -> dt.datetime:
        """The moment ``share`` of the working time from ``start`` to ``end``."""
        return self.after(start, self.working(start, end) * share)

    def day_end(self, moment: dt.datetime) -> dt.datetime:
        day = moment.astimezone(self.tz).date()
        return dt.datetime.combine(day, self.engine.periods[-1][1], self.tz)

    def periods_of(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.engine.is_working_day(day):
            return []
        return [
            (dt.datetime.combine(day, a, self.tz), dt.datetime.combine(day, b, self.tz))
            for a, b in self.engine.periods
        ]

    def rewind(self, moment: dt.datetime, seconds: float) -> dt.datetime:
        """The working moment ``seconds`` of working time before ``moment``."""
        left = max(0.0, seconds)
        day = moment.astimezone(self.tz).date()
        while True:
            for start, end in reversed(self.periods_of(day)):
                if start >= moment:
                    continue
                end = min(end, moment)
                span = (end - start).total_seconds()
                if span >= left:
                    return end - dt.timedelta(seconds=left)
                left -= span
            day -= dt.timedelta(days=1)

    def latest(self) -> dt.datetime:
        """The last working moment at or before now."""
        return self.rewind(self.now, 0)

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        days, day = [], first
        while day <= last:
            if self.engine.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


# --- Stories --------------------------------------------------------------------------------


@dataclass
class Plan:
    """One dossier to write: who asks for what, when it was received, and its fate."""

    offer: Offer
    cast: Cast
    received_at: dt.datetime
    submitted_at: dt.datetime
    channel: int
    delivery: str
    fee_payment: str  # how the fee is paid at receipt: "online", "cash" or "" (demo.payments)
    applicant: inputs.Applicant
    fate: str
    fee_inputs: fees.FeeInputs = field(default_factory=fees.FeeInputs)
    fee_evidence: str = ""


class Story:
    """Writes one dossier's history through the services, never past now."""

    def __init__(self, plan: Plan, clock: Clock, rng: random.Random):
        self.plan = plan
        self.clock = clock
        self.rng = rng
        self.cast = plan.cast
        self.unit = plan.offer.version.competent_unit
        self.dossier: Dossier | None = None
        self.t = plan.received_at

    # Each step: False (and nothing written) when its moment is still in the future.
    def act(self, when: dt.datetime, step: Callable[..., Dossier], **kwargs) -> bool:
        when = max(when, self.t)
        if when > self.clock.now:
            return False
        self.dossier = step(dossier=self.dossier, at=when, **kwargs)
        self.t = when
        return True

    @property
    def same_day(self) -> bool:
        """Trong ngày: the counter hands it over at once and the unit turns it round fast."""
        return self.plan.offer.working_days == 0

    def minutes(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high) * 60

    def days(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high) * self.clock.day_seconds

    def pick(self, people: list[User]) -> User:
        return self.rng.choice(people)

    # -- the steps --------------------------------------------------------------------------

    def receive(self) -> None:
        p = self.plan
        digitised = self.rng.random() < 0.85
        self.dossier = services.receive_dossier(
            actor=self.cast.counter,
            receiving_agency=self.cast.counter_agency,
            procedure=p.offer.procedure,
            applicant=p.applicant,
            channel=p.channel,
            delivery=p.delivery,
            documents=list(p.offer.documents),
            request_summary=_summary(p.offer),
            submitted_at=p.submitted_at,
            at=p.received_at,
            fee_inputs=p.fee_inputs,
            fee_evidence=p.fee_evidence,
            deadline_case=p.offer.version.default_case,
        )
        if digitised:  # the counter scans the components at the receipt
            services.attach_files(
                actor=self.cast.counter,
                dossier=self.dossier,
                uploads=[demo_files.scan(self.dossier.code)],
                at=p.received_at,
            )
        from .payments import settle  # demo.payments reads this module's helpers

        settle(self.dossier, p.fee_payment, p.received_at, self.cast.counter)

    def refuse(self) -> None:
        p = self.plan
        self.dossier = services.refuse_intake(
            actor=self.cast.counter,
            receiving_agency=self.cast.counter_agency,
            procedure=p.offer.procedure,
            applicant=p.applicant,
            channel=p.channel,
            reasons=self.rng.choice(REFUSAL_REASONS),
            at=p.received_at,
        )

    def forward(self, when: dt.datetime | None = None) -> bool:
        # Paper the same working day, or the next morning after 15:00 (DOMAIN.md §2).
        if when is None:
            local = timezone.localtime(self.t, self.clock.tz)
            late = self.plan.channel != Channel.ONLINE and local.time() >= dt.time(15)
            delay = self.minutes(2, 15) if self.same_day else self.minutes(5, 50)
            when = self.clock.after(self.t, delay + (2 * HOUR if late else 0))
        return self.act(when, _as(services.forward, self.cast.counter))

    def assign(self, when: dt.datetime | None = None) -> bool:
        heads = self.cast.heads.get(self.unit.pk)
        if not heads:  # no head to assign in this unit: the specialist takes it from the pool
            return True
        delay = self.minutes(3, 20) if self.same_day else self.minutes(10, 150)
        when = when or self.clock.after(self.t, delay)
        return self.act(
            when,
            _as(services.assign, self.pick(heads)),
            specialist=self.pick(self.cast.processors(self.unit)),
        )

    def request_supplement(self, when: dt.datetime | None = None) -> bool:
        when = when or self.share_of_remaining(0.15, 0.5)
        documents = list(self.plan.offer.documents)
        wanted = self.rng.sample(documents, k=min(len(documents), self.rng.choice([1, 1, 2])))
        missing = [inputs.MissingDocument(d.name, d.copy_type, d.quantity) for d in wanted]
        return self.act(
            when,
            _as(services.request_supplement, self._processor()),
            missing=missing,
            reason=self.rng.choice(SUPPLEMENT_REASONS),
        )

    def record_supplement(self) -> bool:
        actor = self.cast.counter if self.rng.random() < 0.7 else self._processor()
        return self.act(
            self.clock.after(self.t, self.days(0.3, 4)), _as(services.record_supplement, actor)
        )

    def request_obligation(self, when: dt.datetime | None = None) -> bool:
        when = when or self.share_of_remaining(0.2, 0.6)
        amount = self.rng.randrange(300, 6000) * 1000
        return self.act(
            when,
            _as(services.request_obligation, self._processor()),
            description="Nộp lệ phí trước bạ nhà, đất và phí thẩm định hồ sơ",
            amount_vnd=amount,
        )

    def record_obligation(self) -> bool:
        return self.act(
            self.clock.after(self.t, self.days(0.5, 5)),
            _as(services.record_obligation, self.cast.counter),
        )

    def extend(self, when: dt.datetime | None = None) -> bool:
        due = self.dossier.due_at
        if when is None:
            when = self.clock.rewind(due, self.minutes(30, 300))
            if when <= self.t:
                when = self.clock.between(self.t, due, 0.5)
        if when >= due:
            return True  # too late to apologise: the dossier simply runs late
        # Mẫu 04 names a new day: the end of that working day.
        new_due = self.clock.day_end(self.clock.after(due, self.days(2, 5)))
        return self.act(
            when,
            _as(services.extend, self._approver()),
            new_due=new_due,
            reason=self.rng.choice(EXTENSION_REASONS),
        )

    def stop(self, when: dt.datetime | None = None) -> bool:
        return self.act(
            when or self.clock.after(self.t, self.days(8, 15)),
            _as(services.stop, self._approver()),
            reason="Quá thời hạn bổ sung theo Phiếu yêu cầu bổ sung, hoàn thiện "
            "hồ sơ mà người nộp không bổ sung",
            legal_ground="Nghị định số 118/2025/NĐ-CP",
        )

    def withdraw(self, when: dt.datetime) -> bool:
        return self.act(
            when,
            _as(services.withdraw, self.cast.counter),
            reason="Người nộp đề nghị rút hồ sơ để hoàn thiện giấy tờ, nộp lại sau",
        )

    def finish(self, finish: dt.datetime, *, approve: bool = True) -> bool:
        decided = self.clock.between(self.t, finish, self.rng.uniform(0.6, 0.95))
        note = "" if approve else self.rng.choice(REJECTION_REASONS)
        if not self.act(
            decided, _as(services.decide, self._approver()), approve=approve, note=note
        ):
            return False
        share = ELECTRONIC_RESULT_SHARE.get(self.plan.offer.sector, 0.0)
        electronic = self.plan.delivery == Delivery.ELECTRONIC or self.rng.random() < share
        return self.act(
            finish,
            _as(services.result_ready, self._processor()),
            result_files=[demo_files.result(self.dossier.code)] if electronic else (),
        )

    def return_result(self) -> bool:
        delivery = self.plan.delivery
        if delivery == Delivery.ELECTRONIC:
            when = self.clock.after(self.t, self.minutes(2, 30))
        elif delivery == Delivery.POSTAL:
            when = self.clock.after(self.t, self.days(0.5, 1.5))
        else:
            when = self.clock.after(
                self.t, self.rng.choice([self.minutes(20, 240), self.days(0.5, 3), self.days(3, 8)])
            )
        recipient = "" if delivery == Delivery.ELECTRONIC else self._recipient()
        return self.act(
            when,
            _as(services.return_result, self.cast.counter),
            method=delivery,
            recipient_name=recipient,
        )

    # -- helpers ----------------------------------------------------------------------------

    def _processor(self) -> User:
        assignee = self.dossier.assignee
        return assignee if assignee else self.pick(self.cast.processors(self.unit))

    def _approver(self) -> User:
        return self.pick(self.cast.approvers(self.unit))

    def _recipient(self) -> str:
        applicant = self.plan.applicant
        if applicant.kind == ApplicantKind.PERSON and self.rng.random() < 0.9:
            return applicant.name
        return person(self.rng, "", online=False).name  # a relative or an employee

    def share_of_remaining(self, low: float, high: float) -> dt.datetime:
        due = self.dossier.legal_due_at
        return self.clock.between(self.t, due, self.rng.uniform(low, high))

    def natural_finish(self) -> dt.datetime:
        """Mostly well before the legal due moment; close to it now and then."""
        due = self.dossier.legal_due_at
        left = self.clock.working(self.t, due)
        if left < 15 * 60:
            return self.clock.after(self.t, self.minutes(15, 90))
        share = (
            self.rng.uniform(0.1, 0.75) if self.rng.random() < 0.8 else self.rng.uniform(0.75, 0.97)
        )
        return self.clock.after(self.t, left * share)


def _as(service: Callable[..., Dossier], actor: User) -> Callable[..., Dossier]:
    """The service with its acting staff member bound."""

    def step(**kwargs) -> Dossier:
        return service(actor=actor, **kwargs)

    return step


def _summary(offer: Offer) -> str:
    name = offer.procedure.name
    return name[len("Thủ tục ") :] if name.startswith("Thủ tục ") else name


REFUSAL_REASONS = [
    "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường; đã hướng dẫn "
    "người nộp liên hệ cơ quan có thẩm quyền.",
    "Giấy tờ xuất trình đã hết hiệu lực; đã hướng dẫn người nộp cấp đổi trước khi nộp lại.",
]
SUPPLEMENT_REASONS = [
    "Tờ khai chưa ghi đủ thông tin theo mẫu.",
    "Bản sao giấy tờ không rõ nét, không đọc được nội dung.",
    "Thiếu giấy tờ chứng minh theo quy định của thủ tục.",
    "Thông tin trên các giấy tờ không thống nhất, cần bổ sung giấy tờ chứng minh.",
]
EXTENSION_REASONS = [
    "Cần xác minh thông tin tại cơ quan, đơn vị khác.",
    "Phải lấy ý kiến của cơ quan có liên quan trước khi giải quyết.",
    "Phải kiểm tra thực địa; thời tiết không bảo đảm để kiểm tra đúng lịch.",
]
REJECTION_REASONS = [
    "Không đủ điều kiện theo quy định của thủ tục; đã có văn bản trả lời nêu rõ lý do.",
    "Nội dung đề nghị không phù hợp với hồ sơ, giấy tờ gốc; đã có văn bản trả lời.",
]


def play_bulk(story: Story) -> None:
    """A story of the bulk: from receipt to return, cut short at now."""
    fate = story.plan.fate
    if fate == "refused":
        story.refuse()
        return
    story.receive()
    if fate == "withdrawn" and story.rng.random() < 0.4:
        story.withdraw(story.clock.after(story.t, story.minutes(10, 240)))
        return
    if not (story.forward() and story.assign()):
        return
    if fate == "withdrawn":
        story.withdraw(story.share_of_remaining(0.1, 0.6))
        return
    if fate in ("supplement", "stopped"):
        if not story.request_supplement():
            return
        if fate == "stopped":
            story.stop()
            return
        if not story.record_supplement():
            return
    if fate == "obligation" and not (story.request_obligation() and story.record_obligation()):
        return
    if fate == "extended" and not story.extend():
        return
    if not story.finish(_finish_moment(story), approve=fate != "rejected"):
        return
    story.return_result()


def _finish_moment(story: Story) -> dt.datetime:
    d, fate, clock = story.dossier, story.plan.fate, story.clock
    if fate == "late":
        return clock.after(max(d.legal_due_at, story.t), story.days(0.1, 2.5))
    if fate == "extended" and d.due_at > d.legal_due_at:
        # Late for the indicators, on the new date for the applicant.
        return clock.between(max(d.legal_due_at, story.t), d.due_at, story.rng.uniform(0.2, 0.9))
    return story.natural_finish()


def play_pinned(story: Story, end: dt.datetime) -> None:
    """A pinned story: every step between its receipt and ``end`` (≤ now), by shares."""
    clock, fate = story.clock, story.plan.fate
    if fate == "refused":
        story.refuse()
        return
    story.receive()
    start = story.t

    def at(share: float) -> dt.datetime:
        return clock.between(start, end, share)

    if fate == "received":
        return
    if fate == "withdrawn":
        story.withdraw(at(0.5))
        return
    story.forward(at(0.1))
    story.assign(at(0.2))
    if fate == "supplement":
        story.request_supplement(at(0.6))
    elif fate == "stopped":
        story.request_supplement(at(0.3))
        story.stop(at(0.95))
    elif fate == "obligation":
        story.request_obligation(at(0.6))
    elif fate == "extended":
        story.extend(at(0.8))
    elif fate == "done":
        story.finish(at(0.9))


# --- Planning ---------------------------------------------------------------------------


class Planner:
    """Draws the dossiers of one ward: procedure, applicant, channel, receipt, fate."""

    def __init__(self, cast: Cast, offers_: list[Offer], clock: Clock, rng: random.Random):
        self.cast = cast
        self.offers = offers_
        self.clock = clock
        self.rng = rng
        self.ward_name = f"phường {cast.ward.display_name.removeprefix('Phường ')}"

    def offer(self, *, min_days: int = 0, sector: str = "", assignable: bool = False) -> Offer:
        """A procedure by weight; pinned stories ask for a long enough deadline, a sector,
        or a unit whose head assigns (so that the specialist's own inbox has work)."""
        long_enough = [o for o in self.offers if o.working_days >= min_days] or self.offers
        fits = [
            o
            for o in long_enough
            if (not sector or o.sector == sector)
            and (not assignable or self.cast.heads.get(o.version.competent_unit_id))
        ]
        fits = fits or long_enough
        return self.rng.choices(fits, [o.weight for o in fits])[0]

    def bulk(self, days: list[dt.date]) -> Plan:
        offer = self.offer()
        fate = self.rng.choices(list(FATES), list(FATES.values()))[0]
        if fate == "obligation" and offer.sector not in OBLIGATION_SECTORS:
            fate = "normal"
        if fate in ("extended", "late") and offer.working_days < 2:
            fate = "normal" if fate == "extended" else fate
        return self.plan(offer, self._receipt(days), fate)

    def plan(self, offer: Offer, received_at: dt.datetime, fate: str) -> Plan:
        rng = self.rng
        channel = Channel.COUNTER
        if rng.random() < offer.online_share:
            channel = Channel.ONLINE
        elif "postal" in offer.version.result_delivery and rng.random() < 0.05:
            channel = Channel.POSTAL
        online = channel == Channel.ONLINE
        if offer.sector in ORGANISATION_SECTORS and rng.random() < 0.3:
            applicant = organisation(rng, self.ward_name)
        else:
            applicant = person(rng, self.ward_name, online=online)
        fee_inputs, fee_evidence = fee_rules.inputs_for(
            offer.version.fee_schedule, f"{offer.procedure.code}|{received_at.isoformat()}"
        )
        return Plan(
            offer=offer,
            cast=self.cast,
            received_at=received_at,
            submitted_at=self._submitted(channel, received_at),
            channel=channel,
            delivery=self._delivery(offer, channel),
            fee_payment=self._fee_payment(offer, online),
            applicant=applicant,
            fate=fate,
            fee_inputs=fee_inputs,
            fee_evidence=fee_evidence,
        )

    def _receipt(self, days: list[dt.date]) -> dt.datetime:
        """A working moment at or before now; mornings and Mondays are busier."""
        rng, clock = self.rng, self.clock
        while True:
            day = rng.choices(days, [1.3 if d.weekday() == 0 else 1.0 for d in days])[0]
            periods = [(a, min(b, clock.now)) for a, b in clock.periods_of(day) if a < clock.now]
            if not periods:
                continue
            weights = [
                (2.0 if i == 0 else 1.0) * (b - a).total_seconds()
                for i, (a, b) in enumerate(periods)
            ]
            start, end = rng.choices(periods, weights)[0]
            moment = start + (end - start) * rng.random()
            return moment.replace(microsecond=0)

    def _submitted(self, channel: int, received: dt.datetime) -> dt.datetime:
        rng = self.rng
        if channel == Channel.POSTAL:  # the post office took it a day or two earlier
            return received - dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
        if channel != Channel.ONLINE:
            return received
        if rng.random() < 0.35:  # sent the evening before (or over the weekend)
            evening = timezone.localtime(received, self.clock.tz).replace(
                hour=rng.randint(18, 22), minute=rng.randrange(60), second=0, microsecond=0
            )
            return evening - dt.timedelta(days=rng.choice([1, 1, 1, 2]))
        return received - dt.timedelta(minutes=rng.randint(5, 180))

    def _delivery(self, offer: Offer, channel: int) -> str:
        options = offer.version.result_delivery
        rng = self.rng
        if channel == Channel.ONLINE and Delivery.ELECTRONIC in options and rng.random() < 0.7:
            return Delivery.ELECTRONIC
        wants_post = 0.8 if channel == Channel.POSTAL else 0.06
        if Delivery.POSTAL in options and rng.random() < wants_post:
            return Delivery.POSTAL
        return Delivery.COUNTER

    def _fee_payment(self, offer: Offer, online: bool) -> str:
        if not offer.version.fee_schedule.items:
            return ""
        share_online = 0.85 if online else 0.25  # QR transfers at the counter count as online
        return "online" if self.rng.random() < share_online else "cash"


def pinned_plans(planner: Planner, clock: Clock) -> list[tuple[Plan, dt.datetime]]:
    """Stories that end in a given open status whatever today is, with their end moment."""
    latest, day = clock.latest(), clock.day_seconds
    rng = planner.rng
    found = []
    for fate, count in PINNED:
        for _ in range(count):
            if fate == "received":
                offer = planner.offer()
                start = clock.rewind(latest, rng.uniform(0.3, 3) * HOUR)
            elif fate == "processing":
                offer = planner.offer(min_days=2, assignable=True)
                start = clock.rewind(latest, rng.uniform(0.3, 0.8) * day)
            elif fate == "obligation":
                offer = planner.offer(min_days=5, sector=OBLIGATION_SECTORS[0])
                start = clock.rewind(latest, rng.uniform(1, 3) * day)
            elif fate in ("supplement", "done", "withdrawn", "refused"):
                offer = planner.offer(min_days=3)
                start = clock.rewind(latest, rng.uniform(1, 2) * day)
            elif fate == "stopped":  # the applicant never brought the supplement
                offer = planner.offer(min_days=5)
                start = clock.rewind(latest, rng.uniform(12, 15) * day)
            elif fate == "overdue":
                offer = planner.offer(min_days=2)
                start = clock.rewind(latest, (offer.working_days + rng.uniform(1, 3)) * day)
            else:  # extended: due tomorrow or so, apologised for today
                offer = planner.offer(min_days=3)
                start = clock.rewind(latest, (offer.working_days - rng.uniform(0.3, 0.8)) * day)
            plan = planner.plan(offer, start, fate)
            found.append((plan, latest))
    return found


# --- Loading --------------------------------------------------------------------------------


@transaction.atomic
def load(now: dt.datetime | None = None, seed: int = SEED) -> None:
    """Write the demo dossiers once (idempotent: nothing if the demo ward has dossiers)."""
    now = now or timezone.now()
    ward = Agency.objects.filter(code=HOABINH).first()
    if ward is None or Dossier.objects.filter(ward=ward).exists():
        return
    rng = random.Random(seed)
    _load_ward(ward, now, rng)
    second = Agency.objects.filter(code=LECHAN).first()
    if second is not None and not Dossier.objects.filter(ward=second).exists():
        _load_second_ward(second, ward, now, rng)


def _load_ward(ward: Agency, now: dt.datetime, rng: random.Random) -> int:
    cast = Cast.of(ward)
    if cast is None:
        return 0
    clock = Clock(calendar_for(cast.counter_agency), now)
    today = timezone.localtime(now, clock.tz).date()
    first_day = today - dt.timedelta(days=WINDOW_DAYS)
    found = offers(ward, cast, first_day, today)
    if not found:
        return 0
    planner = Planner(cast, found, clock, rng)
    days = clock.working_days(first_day, today)
    stories = [(planner.bulk(days), None) for _ in range(BULK_STORIES)]
    stories += pinned_plans(planner, clock)
    return _play_in_order(stories, clock, rng)


def _play_in_order(stories, clock: Clock, rng: random.Random) -> int:
    # In receipt order, so that each day's dossier numbers follow the clock.
    stories.sort(key=lambda item: item[0].received_at)
    for plan, end in stories:
        story = Story(plan, clock, rng)
        if end is None:
            play_bulk(story)
        else:
            play_pinned(story, end)
    return len(stories)


def _load_second_ward(
    ward: Agency, model_ward: Agency, now: dt.datetime, rng: random.Random
) -> int:
    """A handful of recent dossiers at the second ward's counter (received, forwarded…)."""
    cast = Cast.of(ward)
    if cast is None:
        return 0
    clock = Clock(calendar_for(cast.counter_agency), now)
    today = timezone.localtime(now, clock.tz).date()
    _publish_demo_versions(ward, model_ward, today)
    found = [
        Offer(version, WEIGHTS.get(version.procedure.code, DEFAULT_WEIGHT), ())
        for version in ProcedureVersion.objects.in_force(today)
        .filter(scope=ward, competent_unit__isnull=False)
        .select_related("procedure__sector", "competent_unit")
    ]
    if not found:
        return 0
    planner = Planner(cast, found, clock, rng)
    latest = clock.latest()
    stories = []
    for fate in LECHAN_STORIES:
        start = clock.rewind(latest, rng.uniform(0.1, 4) * clock.day_seconds)
        stories.append((planner.plan(planner.offer(), start, fate), latest))
    return _play_in_order(stories, clock, rng)


# The second ward publishes a few of the same procedures, for its own units.
SECOND_WARD_PROCEDURES = ("2.000815", "1.001193", "1.004873", "1.001612")


def _publish_demo_versions(ward: Agency, model_ward: Agency, today: dt.date) -> None:
    if ProcedureVersion.objects.in_force(today).filter(scope=ward).exists():
        return
    units = {unit.code.rsplit(".", 1)[-1]: unit.code for unit in Agency.objects.filter(parent=ward)}
    versions = (
        ProcedureVersion.objects.in_force(today)
        .filter(
            scope=model_ward,
            procedure__code__in=SECOND_WARD_PROCEDURES,
            competent_unit__isnull=False,
        )
        .select_related("procedure__sector", "competent_unit")
        .prefetch_related("documents")
    )
    for version in versions:
        unit_code = units.get(version.competent_unit.code.rsplit(".", 1)[-1])
        if unit_code:
            data = dataclasses.replace(version_as_data(version), competent_unit_code=unit_code)
            publish_version(actor=None, scope=ward, data=data)
