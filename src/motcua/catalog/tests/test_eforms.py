"""The pure e-form logic (catalog/eforms.py): definitions, slots, answers; and the Django
form built from a definition (catalog/eform_forms.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.catalog import eforms
from motcua.catalog.eform_forms import build_form
from motcua.catalog.eforms import (
    ChecklistItem,
    DateBound,
    EFormDef,
    FieldDef,
    FieldType,
    SlotDef,
)
from motcua.core.errors import DomainError, DomainErrors

TODAY = dt.date(2026, 3, 2)
WARDS = {"H26.80": "Phường Hòa Bình", "H26.81": "Phường Lê Chân"}

BIRTH_FORM = EFormDef(
    fields=(
        FieldDef("ho_ten_tre", "Họ, chữ đệm, tên của trẻ", max_length=100),
        FieldDef("ngay_sinh", "Ngày sinh của trẻ", FieldType.DATE, date_bound=DateBound.PAST),
        FieldDef("gioi_tinh", "Giới tính", FieldType.CHOICE, options=("Nam", "Nữ")),
        FieldDef("cccd_me", "Số định danh cá nhân của mẹ", FieldType.CITIZEN_ID, page=2),
        FieldDef("dien_thoai", "Số điện thoại liên hệ", FieldType.PHONE, required=False, page=2),
        FieldDef("noi_cu_tru", "Nơi cư trú", FieldType.ADDRESS, page=3),
        FieldDef("so_ban", "Số bản trích lục", FieldType.NUMBER, min_value=1, max_value=10, page=3),
    )
)

GOOD = {
    "ho_ten_tre": "  Nguyễn Văn An ",
    "ngay_sinh": "15/02/2026",
    "gioi_tinh": "Nam",
    "cccd_me": "031 190 012 345",
    "dien_thoai": "",
    "noi_cu_tru__phuong": "H26.80",
    "noi_cu_tru__chi_tiet": "Số 5 Lạch Tray",
    "so_ban": "2",
}


def validate(answers, page=None):
    return eforms.validate_answers(BIRTH_FORM, answers, wards=WARDS, today=TODAY, page=page)


def errors_of(answers, page=None) -> dict[str, str]:
    with pytest.raises(DomainError) as caught:
        validate(answers, page)
    found = getattr(caught.value, "errors", [caught.value])
    return {e.field: e.message for e in found}


def test_good_answers_are_cleaned():
    assert validate(GOOD) == {
        "ho_ten_tre": "Nguyễn Văn An",
        "ngay_sinh": dt.date(2026, 2, 15),
        "gioi_tinh": "Nam",
        "cccd_me": "031190012345",
        "dien_thoai": None,
        "noi_cu_tru": {
            "ward": "H26.80",
            "ward_name": "Phường Hòa Bình",
            "detail": "Số 5 Lạch Tray",
        },
        "so_ban": 2,
    }


def test_every_error_at_once_in_vietnamese_next_to_each_field():
    bad = {
        "ngay_sinh": "03/03/2026",  # after today
        "gioi_tinh": "Khác",
        "cccd_me": "12345",
        "dien_thoai": "12345",
        "noi_cu_tru__phuong": "H99.99",
        "noi_cu_tru__chi_tiet": "Ngõ 3",
        "so_ban": "11",
    }
    assert errors_of(bad) == {
        "ho_ten_tre": "Chưa nhập họ, chữ đệm, tên của trẻ.",
        "ngay_sinh": "Ngày này không được sau hôm nay.",
        "gioi_tinh": "Lựa chọn không có trong danh sách.",
        "cccd_me": "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "dien_thoai": errors_of({**GOOD, "dien_thoai": "12345"})["dien_thoai"],
        "noi_cu_tru": "Chọn xã/phường trong danh sách của tỉnh.",
        "so_ban": "Lớn nhất là 10.",
    }


def test_one_page_only_checks_its_questions():
    assert validate({"cccd_me": "031190012345"}, page=2) == {
        "cccd_me": "031190012345",
        "dien_thoai": None,
    }
    assert set(errors_of({}, page=3)) == {"noi_cu_tru", "so_ban"}
    assert BIRTH_FORM.pages == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "value"), [("3", 3), (" 1.000 ", 1000), ("-2", None), ("3,5", None), ("1e3", None)]
)
def test_numbers(text, value):
    f = FieldDef("n", "Số", FieldType.NUMBER, min_value=0)
    form = EFormDef((f,))
    if value is None:
        with pytest.raises(DomainError):
            eforms.validate_answers(form, {"n": text}, wards={}, today=TODAY)
    else:
        assert eforms.validate_answers(form, {"n": text}, wards={}, today=TODAY) == {"n": value}


def test_dates_of_parents_before_2000_are_accepted_but_not_the_year_1800():
    f = FieldDef("d", "Ngày sinh của mẹ", FieldType.DATE)
    form = EFormDef((f,))
    assert eforms.validate_answers(form, {"d": "01/05/1985"}, wards={}, today=TODAY) == {
        "d": dt.date(1985, 5, 1)
    }
    with pytest.raises(DomainError, match="Năm phải"):
        eforms.validate_answers(form, {"d": "01/05/1885"}, wards={}, today=TODAY)
    with pytest.raises(DomainError, match="dd/mm/yyyy"):
        eforms.validate_answers(form, {"d": "31/02/2020"}, wards={}, today=TODAY)


def test_address_needs_the_street_too():
    assert errors_of({**GOOD, "noi_cu_tru__chi_tiet": ""}) == {
        "noi_cu_tru": "Nhập số nhà, đường/thôn, tổ dân phố."
    }


def test_text_too_long_and_control_characters():
    assert "Tối đa 100 ký tự" in errors_of({**GOOD, "ho_ten_tre": "a" * 101})["ho_ten_tre"]
    assert errors_of({**GOOD, "ho_ten_tre": "An\x00"}) == {"ho_ten_tre": "Có ký tự không hợp lệ."}


# --- Definitions ----------------------------------------------------------------------------


def test_a_bad_definition_reports_every_problem():
    bad = FieldDef(
        "Họ tên",
        "",
        FieldType.NUMBER,
        min_value=5,
        max_value=1,
        max_length=10,
        options=("a",),
        page=0,
    )
    with pytest.raises(DomainErrors) as caught:
        eforms.check_field(bad)
    assert {e.field for e in caught.value.errors} == {
        "key",
        "label",
        "page",
        "max_length",
        "max_value",
        "options",
    }


def test_keys_are_unique_and_choices_need_options():
    taken = FieldDef("ho_ten", "Họ tên")
    with pytest.raises(DomainError, match="Đã có câu hỏi mã 'ho_ten'"):
        eforms.check_field(FieldDef("ho_ten", "Khác"), [taken])
    with pytest.raises(DomainError, match="ít nhất một lựa chọn"):
        eforms.check_field(FieldDef("c", "Chọn", FieldType.CHOICE, options=(" ",)))
    with pytest.raises(DomainError, match="trùng"):
        eforms.check_field(FieldDef("c", "Chọn", FieldType.CHOICE, options=("Nam", "nam")))


def test_check_definition_names_the_question_by_number():
    definition = EFormDef((FieldDef("a", "A"), FieldDef("a", "B")), (SlotDef(1, "x", max_files=0),))
    with pytest.raises(DomainError) as caught:
        eforms.check_definition(definition)
    fields = {e.field for e in getattr(caught.value, "errors", [caught.value])}
    assert fields == {"fields.2.key", "slots.1.max_files"}


def test_slots_derive_from_the_checklist_and_keep_stored_limits():
    checklist = [
        ChecklistItem(1, "Tờ khai đăng ký khai sinh theo mẫu"),
        ChecklistItem(2, "Văn bản ủy quyền (nếu có)"),
        ChecklistItem(3, "Giấy tờ tùy thân", present_only=True),
    ]
    default = eforms.derive_slots(checklist)
    assert [(s.document, s.required) for s in default] == [(1, True), (2, False), (3, False)]
    stored = (
        SlotDef(1, "Tờ khai đăng ký khai sinh theo mẫu", accepted=("pdf",), max_files=2),
        SlotDef(4, "Giấy tờ đã bỏ"),
        SlotDef(2, "Tên cũ của giấy tờ", required=True),
    )
    slots = eforms.derive_slots(checklist, stored)
    assert slots[0] == stored[0]
    assert slots[1] == default[1]  # its document changed name: the default again
    assert len(slots) == 3
    assert slots[0].limits == eforms.UploadLimits(("application/pdf",), 10 * 1024 * 1024, 2)


def test_slot_limits_are_checked():
    with pytest.raises(DomainErrors) as caught:
        eforms.check_slot(SlotDef(1, "x", accepted=("exe",), max_size_mb=51, max_files=21))
    assert {e.field for e in caught.value.errors} == {"accepted", "max_size_mb", "max_files"}
    assert eforms.check_slot(SlotDef(1, "x", accepted=("png", "pdf"))).accepted == ("pdf", "png")


def test_json_round_trip():
    assert (
        eforms.fields_from_json([eforms.field_as_json(f) for f in BIRTH_FORM.fields])
        == BIRTH_FORM.fields
    )
    slot = SlotDef(2, "Giấy chứng sinh", required=False, accepted=("pdf", "png"), max_files=3)
    assert eforms.slots_from_json([eforms.slot_as_json(slot)]) == (slot,)


# --- Properties -----------------------------------------------------------------------------

TEXTS = st.text(max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*sorted(GOOD), "khac"]), TEXTS))
def test_any_answers_give_cleaned_values_or_errors_on_known_fields(answers):
    try:
        cleaned = validate(answers)
    except DomainErrors as several:
        assert {e.field for e in several.errors} <= {f.key for f in BIRTH_FORM.fields}
        assert all(e.message for e in several.errors)
    except DomainError as one:
        assert one.field in {f.key for f in BIRTH_FORM.fields}
    else:
        assert set(cleaned) == {f.key for f in BIRTH_FORM.fields}


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**6), 10**6), st.integers(-100, 100), st.integers(0, 200))
def test_numbers_are_accepted_exactly_within_bounds(value, low, span):
    form = EFormDef((FieldDef("n", "Số", FieldType.NUMBER, min_value=low, max_value=low + span),))
    inside = low <= value <= low + span
    try:
        cleaned = eforms.validate_answers(form, {"n": str(value)}, wards={}, today=TODAY)
    except DomainError:
        assert not inside
    else:
        assert inside and cleaned == {"n": value}


@settings(max_examples=100, deadline=None)
@given(
    st.builds(
        FieldDef,
        key=st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z"),
        label=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()),
        type=st.sampled_from([FieldType.TEXT, FieldType.DATE, FieldType.CITIZEN_ID]),
        required=st.booleans(),
        page=st.integers(1, 5),
    )
)
def test_valid_definitions_survive_json(f):
    try:
        f = eforms.check_field(f)
    except DomainError:
        return
    assert eforms.fields_from_json([eforms.field_as_json(f)]) == (f,)


# --- The Django form ------------------------------------------------------------------------


def test_built_form_puts_each_message_next_to_its_input():
    form_class = build_form(BIRTH_FORM, wards=WARDS, today=TODAY, page=3)
    assert list(form_class.base_fields) == ["noi_cu_tru__phuong", "noi_cu_tru__chi_tiet", "so_ban"]
    form = form_class({"noi_cu_tru__phuong": "H26.80", "so_ban": "0"})
    assert not form.is_valid()
    assert form.errors == {
        "noi_cu_tru__chi_tiet": ["Nhập số nhà, đường/thôn, tổ dân phố."],
        "so_ban": ["Nhỏ nhất là 1."],
    }
    good = form_class(
        {"noi_cu_tru__phuong": "H26.81", "noi_cu_tru__chi_tiet": "Ngõ 3", "so_ban": "1"}
    )
    assert good.is_valid(), good.errors
    assert good.answers["noi_cu_tru"]["ward_name"] == "Phường Lê Chân"


def test_built_form_renders_radios_and_the_date_input():
    html = build_form(BIRTH_FORM, wards=WARDS, today=TODAY, page=1)().as_div()
    assert 'type="radio"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'aria-required="true"' in html
    whole = build_form(BIRTH_FORM, wards=WARDS, today=TODAY)(GOOD)
    assert whole.is_valid(), whole.errors
    assert whole.answers["cccd_me"] == "031190012345"


def test_a_blank_required_question_gets_one_message_and_the_asterisk():
    form_class = build_form(BIRTH_FORM, wards=WARDS, today=TODAY, page=1)
    assert form_class.base_fields["ho_ten_tre"].required
    form = form_class({"ho_ten_tre": "  ", "ngay_sinh": "", "gioi_tinh": "Nam"})
    assert not form.is_valid()
    assert form.errors == {
        "ho_ten_tre": ["Chưa nhập họ, chữ đệm, tên của trẻ."],
        "ngay_sinh": ["Chưa nhập ngày sinh của trẻ."],
    }
    optional = build_form(BIRTH_FORM, wards=WARDS, today=TODAY, page=2).base_fields
    assert not optional["dien_thoai"].required


# --- Uploads against the slots --------------------------------------------------------------

MB = 1024 * 1024
SLOTS = EFormDef(
    slots=(
        SlotDef(1, "Tờ khai", accepted=("pdf",), max_size_mb=2),
        SlotDef(2, "Giấy chứng sinh", max_files=2),
        SlotDef(3, "Văn bản ủy quyền (nếu có)", required=False),
    )
)
PDF = eforms.Upload("application/pdf", MB)


def upload_errors(uploads) -> dict[str, set[str]]:
    with pytest.raises(DomainError) as caught:
        eforms.validate_uploads(SLOTS, uploads)
    found: dict[str, set[str]] = {}
    for e in getattr(caught.value, "errors", [caught.value]):
        found.setdefault(e.field, set()).add(e.code)
    return found


def test_uploads_within_the_limits_pass():
    eforms.validate_uploads(SLOTS, {1: [PDF], 2: [PDF, eforms.Upload("image/png", 3 * MB)]})


def test_every_upload_problem_at_once():
    exe = eforms.Upload("application/x-dosexec", 10)
    assert upload_errors({1: [eforms.Upload("application/pdf", 3 * MB), exe], 2: [], 9: [PDF]}) == {
        "tep_1": {"eform_file_too_large", "eform_file_type", "eform_too_many_files"},
        "tep_2": {"eform_file_required"},
        "tep_9": {"eform_slot_unknown"},
    }
    assert upload_errors({1: [PDF], 2: [PDF, PDF, PDF]}) == {"tep_2": {"eform_too_many_files"}}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["application/pdf", "image/png", "text/html"]), st.integers(0, 12 * MB)
        ),
        max_size=4,
    )
)
def test_a_slot_accepts_exactly_what_its_limits_allow(files):
    slot = SlotDef(2, "Giấy chứng sinh", accepted=("pdf", "png"), max_size_mb=10, max_files=3)
    uploads = [eforms.Upload(t, n) for t, n in files]
    ok = (
        1 <= len(uploads) <= 3
        and all(u.content_type != "text/html" for u in uploads)
        and all(u.size <= 10 * MB for u in uploads)
    )
    try:
        eforms.validate_uploads(EFormDef(slots=(slot,)), {2: uploads})
    except DomainError:
        assert not ok
    else:
        assert ok
