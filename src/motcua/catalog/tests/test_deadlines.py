"""Deadline variants by case, channel and stage: their text, checks and xlsx round trip."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog import deadlines, selectors
from motcua.catalog.content import version_as_data
from motcua.catalog.models import DeadlineKind, ProcedureVersion, RequiredDocument
from motcua.catalog.xlsx.writer import export_xlsx
from motcua.core.errors import DomainError

from .conftest import BIRTH
from .test_services import run_import

PERMIT_LINES = "Nhà ở riêng lẻ | | 15 ngày\nCông trình khác | | 20 ngày\n| trực tuyến | 12 ngày"
ADOPTION_LINES = "| | Lấy ý kiến: 10 ngày; Xác minh: 15 ngày; Quyết định: 5 ngày làm việc"

label = st.text(
    alphabet=st.sampled_from("abcđêơưăÂ Nhà ởriênglẻ0123"), min_size=0, max_size=12
).map(lambda text: " ".join(text.split()))
stage = st.one_of(
    st.builds(
        deadlines.StageRule,
        kind=st.sampled_from(["days", "hours", "calendar_days"]),
        amount=st.integers(1, deadlines.MAX_DEADLINE_AMOUNT),
        label=label,
    ),
    st.builds(deadlines.StageRule, kind=st.just("same_day"), amount=st.just(0), label=label),
)
variant = st.builds(
    deadlines.DeadlineVariant,
    case=label,
    channel=st.sampled_from([0, 1, 2, 3]),
    stages=st.lists(stage, min_size=1, max_size=4).map(tuple),
)


@given(st.lists(variant, max_size=5, unique_by=lambda v: (v.case.casefold(), v.channel)))
def test_the_text_reads_back_to_the_same_variants(variants):
    variants = tuple(variants)
    assert deadlines.parse(deadlines.format_lines(variants)) == variants
    assert deadlines.from_json(deadlines.as_json(variants)) == variants


def test_the_text_names_case_channel_and_stages():
    permit = deadlines.parse(PERMIT_LINES)
    assert [v.case for v in permit] == ["Nhà ở riêng lẻ", "Công trình khác", ""]
    assert permit[2].channel == 2
    assert permit[0].describe() == "Nhà ở riêng lẻ: 15 ngày"
    adoption = deadlines.parse(ADOPTION_LINES)[0]
    assert [s.amount for s in adoption.stages] == [10, 15, 5]
    assert adoption.stages[2].kind == "days"
    assert adoption.describe() == (
        "10 ngày + 15 ngày + 5 ngày làm việc "
        "(Lấy ý kiến: 10 ngày; Xác minh: 15 ngày; Quyết định: 5 ngày làm việc)"
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("15 ngày", "trường hợp | hình thức nộp | thời hạn"),
        ("| qua mạng | 3 ngày", "hình thức nộp"),
        ("| | 3 tuần", "không đọc được"),
        ("| | 0 ngày", "từ 1 đến"),
        ("A | | 3 ngày\na | | 4 ngày", "bị lặp"),
        ("| | ", "từ 1 đến 10 giai đoạn"),
    ],
)
def test_bad_lines_are_refused_with_a_reason(text, error):
    with pytest.raises(deadlines.DeadlineRuleError, match=error):
        deadlines.parse(text)


def test_publish_refuses_bad_variants(org, publish):
    bad = (deadlines.DeadlineVariant("A", 9, (deadlines.StageRule("days", 3),)),)
    with pytest.raises(DomainError) as caught:
        publish(org.ward, BIRTH, deadline_variants=bad)
    assert caught.value.field == "deadline_variants"


def test_xlsx_round_trip_keeps_calendar_days_variants_and_stages(org, ward_admin, publish):
    publish(
        org.ward,
        BIRTH,
        deadline_kind=DeadlineKind.CALENDAR_DAYS,
        deadline_amount=20,
        deadline_variants=deadlines.parse(PERMIT_LINES),
    )
    publish(
        org.ward,
        dataclasses.replace(BIRTH, code="1.000000", name="Nhận con nuôi"),
        deadline_kind=DeadlineKind.CALENDAR_DAYS,
        deadline_amount=30,
        deadline_variants=deadlines.parse(ADOPTION_LINES),
    )
    versions = selectors.export_versions(ward_admin, scope=org.ward, include_history=True)
    before = [version_as_data(v) for v in versions]
    exported = export_xlsx(versions)
    RequiredDocument.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    report = run_import(ward_admin, org.ward, exported)
    assert report.ok and report.created == 2
    versions = selectors.export_versions(ward_admin, scope=org.ward, include_history=True)
    after = [version_as_data(v) for v in versions]
    assert after == before
    assert {v.deadline_kind for v in after} == {DeadlineKind.CALENDAR_DAYS}
    assert {len(v.deadline_variants) for v in after} == {1, 3}
