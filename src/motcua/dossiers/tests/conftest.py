import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.content import VersionData
from motcua.catalog.models import DeadlineKind, OnlineLevel, SupplementEffect
from motcua.catalog.services import publish_version
from motcua.dossiers import inputs, services
from motcua.org.models import Role, User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def _publish(
    scope,
    unit,
    code,
    name,
    *,
    kind=DeadlineKind.DAYS,
    amount=3,
    fee=0,
    effect=SupplementEffect.PAUSE,
):
    return publish_version(
        actor=None,
        scope=scope,
        data=VersionData(
            code=code,
            name=name,
            sector="Hộ tịch",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=kind,
            deadline_amount=amount if kind != DeadlineKind.SAME_DAY else 0,
            fee_vnd=fee,
            competent_unit_code=unit.code,
            supplement_effect=effect,
            result_delivery=("counter",),
        ),
    ).version.procedure


@pytest.fixture
def procs(org):
    class P:
        pass

    p = P()
    p.three_days = _publish(
        org.ward,
        org.unit_a,
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        amount=3,
        fee=15000,
    )
    p.restart = _publish(
        org.ward,
        org.unit_a,
        "1.000110",
        "Thay đổi, cải chính hộ tịch",
        amount=5,
        effect=SupplementEffect.RESTART,
    )
    p.same_day = _publish(
        org.ward, org.unit_a, "1.001193", "Đăng ký khai sinh", kind=DeadlineKind.SAME_DAY
    )
    p.unit_b = _publish(org.ward, org.unit_b, "1.013225", "Cấp giấy phép xây dựng", amount=15)
    p.other_ward = _publish(
        org.other_ward,
        org.other_unit,
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        amount=3,
    )
    return p


@pytest.fixture
def staff(org, make_staff):
    class S:
        pass

    s = S()
    s.counter = make_staff(org.center, Role.COUNTER_OFFICER, username="motcua")
    s.head_a = make_staff(org.unit_a, Role.UNIT_HEAD, username="truongphong_a")
    s.spec_a = make_staff(org.unit_a, Role.SPECIALIST, username="chuyenvien_a")
    s.spec_b = make_staff(org.unit_b, Role.SPECIALIST, username="chuyenvien_b")
    s.head_b = make_staff(org.unit_b, Role.UNIT_HEAD, username="truongphong_b")
    s.leader = make_staff(org.ward, Role.WARD_LEADER, username="lanhdao")
    s.other_counter = make_staff(org.other_unit, Role.COUNTER_OFFICER, username="motcua2")
    s.other_leader = make_staff(org.other_ward, Role.WARD_LEADER, username="lanhdao2")
    return s


APPLICANT = inputs.Applicant(
    name="Nguyễn Thị Hường",
    id_number="031190001234",
    phone="0912345678",
    address="Số 5 Lạch Tray, phường Hòa Bình",
)


@pytest.fixture
def receive(org, procs, staff):
    def do(procedure=None, when=None, **kw):
        return services.receive_dossier(
            actor=kw.pop("actor", staff.counter),
            receiving_agency=kw.pop("agency", org.center),
            procedure=procedure or procs.three_days,
            applicant=kw.pop("applicant", APPLICANT),
            at=when or at(2026, 2, 23, 10),
            **kw,
        )

    return do


@pytest.fixture
def in_processing(receive, staff):
    """A dossier forwarded and assigned: Mon 23/2/2026 10:00, 3 working days."""

    def do(procedure=None, when=None):
        when = when or at(2026, 2, 23, 10)
        d = receive(procedure, when)
        d = services.forward(actor=staff.counter, dossier=d, at=when + dt.timedelta(minutes=5))
        return services.assign(
            actor=staff.head_a,
            dossier=d,
            specialist=staff.spec_a,
            at=when + dt.timedelta(minutes=10),
        )

    return do


# --- Online submission (test_online*.py) -------------------------------------------------------

ANSWERS = {"ho_ten_cha": "Nguyễn Văn An", "so_ban_sao": 2, "ghi_chu": None}


def _publish_online(
    scope,
    unit,
    code,
    name,
    *,
    amount=3,
    effect=SupplementEffect.PAUSE,
    level=OnlineLevel.FULL,
    delivery=("counter", "postal", "electronic"),
):
    return publish_version(
        actor=None,
        scope=scope,
        data=VersionData(
            code=code,
            name=name,
            sector="Hộ tịch",
            valid_from=dt.date(2025, 7, 1),
            deadline_amount=amount,
            fee_vnd=0,
            competent_unit_code=unit.code,
            supplement_effect=effect,
            online_level=level,
            result_delivery=delivery,
        ),
    ).version.procedure


@pytest.fixture
def online_procs(org):
    class P:
        pass

    p = P()
    p.full = _publish_online(org.ward, org.unit_a, "1.000894", "Đăng ký kết hôn")
    p.restart = _publish_online(
        org.ward,
        org.unit_a,
        "1.000893",
        "Đăng ký giám hộ",
        amount=5,
        effect=SupplementEffect.RESTART,
        level=OnlineLevel.PARTIAL,
    )
    p.offline = _publish_online(
        org.ward, org.unit_a, "1.000656", "Đăng ký khai tử", level=OnlineLevel.NONE
    )
    p.counter_only = _publish_online(
        org.ward, org.unit_a, "2.000635", "Cấp bản sao trích lục hộ tịch", delivery=("counter",)
    )
    p.other_ward = _publish_online(org.other_ward, org.other_unit, "1.001193", "Đăng ký khai sinh")
    return p


@pytest.fixture
def citizen(db):
    return User.objects.create_user(username="congdan.huong", full_name="Nguyễn Thị Hường")


@pytest.fixture
def other_citizen(db):
    return User.objects.create_user(username="congdan.khac", full_name="Trần Văn Khác")


@pytest.fixture
def submit(org, online_procs, staff, citizen):
    def do(key="k-1", when=None, **kw):
        return services.submit_online(
            submitter=kw.pop("submitter", citizen),
            receiving_agency=kw.pop("agency", org.center),
            procedure=kw.pop("procedure", online_procs.full),
            applicant=kw.pop("applicant", APPLICANT),
            idempotency_key=key,
            answers=kw.pop("answers", ANSWERS),
            at=when or at(2026, 2, 23, 9),
            **kw,
        )

    return do
