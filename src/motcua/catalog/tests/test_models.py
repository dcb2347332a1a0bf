import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from motcua.catalog import deadlines
from motcua.catalog.models import (
    DeadlineKind,
    Procedure,
    ProcedureVersion,
    Sector,
    default_same_day_cutoff,
)
from motcua.workcal.engine import Calendar, Deadline, Plan

from .conftest import BIRTH, MARRIAGE_STATUS

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def version(**fields) -> ProcedureVersion:
    defaults = {
        "deadline_kind": DeadlineKind.DAYS,
        "deadline_amount": 3,
        "same_day_cutoff": dt.time(15, 0),
        "valid_from": dt.date(2025, 7, 1),
    }
    return ProcedureVersion(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"deadline_kind": DeadlineKind.DAYS, "deadline_amount": 3}, "03 ngày làm việc"),
        ({"deadline_kind": DeadlineKind.DAYS, "deadline_amount": 15}, "15 ngày làm việc"),
        ({"deadline_kind": DeadlineKind.HOURS, "deadline_amount": 8}, "08 giờ làm việc"),
        (
            {"deadline_kind": DeadlineKind.SAME_DAY, "deadline_amount": 0},
            "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)",
        ),
        (
            {
                "deadline_kind": DeadlineKind.SAME_DAY,
                "deadline_amount": 0,
                "same_day_cutoff": dt.time(16, 30),
            },
            "Trong ngày (nhận sau 16:30 trả ngày làm việc tiếp theo)",
        ),
        (
            {
                "deadline_kind": DeadlineKind.DAYS,
                "deadline_amount": 3,
                "deadline_provisional": True,
            },
            "03 ngày làm việc — tạm tính",
        ),
    ],
)
def test_deadline_in_words(fields, text):
    assert version(**fields).deadline_text == text


@pytest.mark.parametrize(
    ("fee", "note", "text"),
    [
        (None, "Lệ phí do HĐND tỉnh quy định", "Không có mức cố định (xem ghi chú)"),
        # A note that is only editors' remarks cleans to nothing: no pointer to it (#10).
        (
            None,
            "[uncertain] — kiểm tra NQ HĐND tỉnh",
            "Thu theo mức do cơ quan có thẩm quyền quy định",
        ),
        (None, "", "Thu theo mức do cơ quan có thẩm quyền quy định"),
        (0, "", "Không thu"),
        (1234567, "", "1.234.567 đ"),
    ],
)
def test_fee_in_words(fee, note, text):
    assert version(fee_vnd=fee, fee_note=note).fee_text == text


def test_fee_in_words_with_a_rule():
    rule = {
        "items": [
            {
                "kind": "phi",
                "name": "chứng thực bản sao",
                "basis": "page",
                "tiers": [[1, 2000], [3, 1000]],
                "cap": 200000,
            }
        ]
    }
    copies = version(fee_vnd=None, fee_rule=rule)
    assert copies.fee_text == "Theo số trang"
    assert copies.fee_lines == [
        "Phí chứng thực bản sao: 2.000 đ/trang; từ trang thứ 3: 1.000 đ, tối đa 200.000 đ/bản"
    ]
    fixed = {"items": [{"kind": "le_phi", "name": "x", "basis": "dossier", "tiers": [[1, 50000]]}]}
    assert version(fee_vnd=None, fee_rule=fixed).fee_text == "50.000 đ"


def test_deadline_kinds_are_the_workcal_engine_kinds():
    assert set(DeadlineKind.values) == {
        Deadline.DAYS,
        Deadline.HOURS,
        Deadline.CALENDAR_DAYS,
        Deadline.SAME_DAY,
    }


def test_deadline_plan_builds_the_engine_deadline():
    assert version(deadline_amount=5).deadline_plan() == Plan.single(Deadline.days(5))
    hours = version(deadline_kind=DeadlineKind.HOURS, deadline_amount=8)
    assert hours.deadline_plan() == Plan.single(Deadline.hours(8))
    calendar_days = version(deadline_kind=DeadlineKind.CALENDAR_DAYS, deadline_amount=20)
    assert calendar_days.deadline_plan() == Plan.single(Deadline.calendar_days(20))
    assert calendar_days.deadline_text == "20 ngày"
    same_day = version(
        deadline_kind=DeadlineKind.SAME_DAY, deadline_amount=0, same_day_cutoff=dt.time(15, 0)
    )
    assert same_day.deadline_plan() == Plan.single(Deadline.same_day("15:00"))


def test_deadline_plan_chooses_the_case_and_the_channel():
    permit = version(
        deadline_kind=DeadlineKind.CALENDAR_DAYS,
        deadline_amount=20,
        deadline_variants=deadlines.as_json(
            deadlines.parse(
                "Nhà ở riêng lẻ | | 15 ngày\n"
                "Công trình khác | | 20 ngày\n"
                "Nhà ở riêng lẻ | trực tuyến | 10 ngày"
            )
        ),
    )
    assert permit.case_labels == ["Nhà ở riêng lẻ", "Công trình khác"]
    assert permit.deadline_text == "20 ngày (tùy trường hợp)"
    assert permit.deadline_words("Nhà ở riêng lẻ", 1) == "Nhà ở riêng lẻ: 15 ngày"
    assert permit.default_case == "Công trình khác"
    house = permit.deadline_plan("Nhà ở riêng lẻ", 1)
    assert house == Plan.single(Deadline.calendar_days(15), "Nhà ở riêng lẻ")
    online = permit.deadline_plan("Nhà ở riêng lẻ", 2)
    assert online == Plan.single(Deadline.calendar_days(10), "Nhà ở riêng lẻ")
    assert permit.deadline_plan("Công trình khác", 2).deadlines == (Deadline.calendar_days(20),)
    assert permit.deadline_plan() == Plan.single(Deadline.calendar_days(20))


def test_a_staged_deadline_keeps_each_stage_with_its_unit():
    adoption = version(
        deadline_kind=DeadlineKind.CALENDAR_DAYS,
        deadline_amount=30,
        deadline_variants=deadlines.as_json(
            deadlines.parse(
                "| | Lấy ý kiến: 10 ngày; Xác minh: 15 ngày; Quyết định: 5 ngày làm việc"
            )
        ),
    )
    plan = adoption.deadline_plan()
    assert plan.is_staged
    assert [stage.label for stage in plan.stages] == ["Lấy ý kiến", "Xác minh", "Quyết định"]
    assert plan.deadlines == (
        Deadline.calendar_days(10),
        Deadline.calendar_days(15),
        Deadline.days(5),
    )


def test_same_day_spec_moves_to_the_next_working_day_after_the_cutoff():
    calendar = Calendar(years=(2026, 2026))
    version_ = version(deadline_kind=DeadlineKind.SAME_DAY, deadline_amount=0)
    spec = version_.deadline_plan().stages[0].deadline
    friday_morning = dt.datetime(2026, 3, 6, 9, 0, tzinfo=VN)
    friday_late = dt.datetime(2026, 3, 6, 15, 30, tzinfo=VN)
    assert calendar.due_at(friday_morning, spec) == dt.datetime(2026, 3, 6, 17, 30, tzinfo=VN)
    assert calendar.due_at(friday_late, spec) == dt.datetime(2026, 3, 9, 17, 30, tzinfo=VN)


def test_default_cutoff_comes_from_settings(settings):
    settings.MOTCUA_SAME_DAY_CUTOFF = "16:00"
    assert default_same_day_cutoff() == dt.time(16, 0)


@pytest.mark.django_db
def test_search_text_is_rebuilt_on_save():
    sector = Sector.objects.create(name="Chứng thực")
    procedure = Procedure.objects.create(code="2.001019", name="Chứng thực di chúc", sector=sector)
    assert procedure.search_text == "2.001019 chung thuc di chuc chung thuc"
    procedure.name = "Đăng ký khai tử"
    procedure.save(update_fields=["name"])
    procedure.refresh_from_db()
    assert procedure.search_text == "2.001019 dang ky khai tu chung thuc"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"valid_to": dt.date(2025, 6, 30)},  # ends before it starts
        {"deadline_kind": DeadlineKind.SAME_DAY, "deadline_amount": 2},
        {"deadline_kind": DeadlineKind.DAYS, "deadline_amount": 0},
        {"deadline_kind": "weeks"},
        {"online_level": "level4"},
    ],
)
def test_database_constraints_refuse_inconsistent_versions(org, fields):
    sector = Sector.objects.create(name="Hộ tịch")
    procedure = Procedure.objects.create(code=BIRTH.code, name=BIRTH.name, sector=sector)
    with pytest.raises(IntegrityError), transaction.atomic():
        version(procedure=procedure, scope=org.ward, **fields).save()


@pytest.mark.django_db
def test_two_versions_cannot_start_the_same_day_in_one_scope(org, publish):
    first = publish(org.ward, MARRIAGE_STATUS)
    with pytest.raises(IntegrityError), transaction.atomic():
        version(procedure=first.procedure, scope=org.ward).save()


def test_short_deadline_for_tables():
    same_day = version(deadline_kind=DeadlineKind.SAME_DAY, deadline_amount=0)
    assert same_day.deadline_short == "Trong ngày (chốt 15:00)"
    assert version(deadline_provisional=True).deadline_short == "03 ngày làm việc"
