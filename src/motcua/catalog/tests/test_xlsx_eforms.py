"""The e-form sheets of the catalogue workbook and the online level's basis column:
export → import round trip, located errors, hostile input (catalog/xlsx/eform_sheets.py)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from motcua.catalog import eform_services, services
from motcua.catalog.content import eform_of, version_as_data
from motcua.catalog.eforms import DateBound, FieldDef, FieldType, SlotDef
from motcua.catalog.models import EForm, ProcedureVersion
from motcua.catalog.xlsx.eform_sheets import SHEET_FIELDS, SHEET_SLOTS
from motcua.catalog.xlsx.writer import export_xlsx, write_catalog

from .conftest import BIRTH, upload, workbook_with
from .test_import_hostile import EXTERNAL_ENTITY_SHEET, LAUGHING_SHEET, rewritten

pytestmark = pytest.mark.django_db

BASIS = "QĐ 2874/QĐ-UBND ngày 16/7/2025 của UBND thành phố Hải Phòng"
FIELDS = (
    FieldDef("ho_ten_tre", "Họ, chữ đệm, tên của trẻ", max_length=100, help_text="Viết hoa"),
    FieldDef("ngay_sinh", "Ngày sinh", FieldType.DATE, date_bound=DateBound.PAST),
    FieldDef("gioi_tinh", "Giới tính", FieldType.CHOICE, options=("Nam", "Nữ"), page=2),
    FieldDef("cccd_me", "=Số định danh của mẹ", FieldType.CITIZEN_ID, page=2),
    FieldDef("noi_cu_tru", "Nơi cư trú", FieldType.ADDRESS, required=False, page=3),
    FieldDef("so_ban", "Số bản trích lục", FieldType.NUMBER, min_value=-1, max_value=10, page=3),
)


@pytest.fixture
def birth(org, publish):
    version = publish(org.ward, BIRTH, online_level_basis=BASIS)
    stored = EForm.objects.create(version=version, revision=1)
    stored.fields = [dataclasses.asdict(f) | {"options": list(f.options)} for f in FIELDS]
    stored.slots = [
        {
            "document": 2,
            "name": "Giấy chứng sinh",
            "required": False,
            "accepted": ["pdf"],
            "max_size_mb": 5,
            "max_files": 3,
        }
    ]
    stored.save()
    return ProcedureVersion.objects.get(pk=version.pk)


def run_import(actor, scope, data: bytes):
    return services.import_xlsx(actor=actor, scope_agency=scope, file=upload(data))


def edited(raw: bytes, edits: dict) -> bytes:
    book = load_workbook(io.BytesIO(raw))
    for (title, row, header), value in edits.items():
        sheet = book[title]
        headers = [cell.value for cell in sheet[1]]
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_writes_questions_slots_and_the_basis(birth):
    book = load_workbook(io.BytesIO(export_xlsx([birth])))
    fields = list(book[SHEET_FIELDS].iter_rows(min_row=2, values_only=True))
    assert [row[3] for row in fields] == [f.key for f in FIELDS]
    assert fields[2][12] == "Nam\nNữ" and fields[1][13] == "không sau hôm nay"
    assert book[SHEET_FIELDS].cell(row=5, column=5).data_type == "s"  # "=…" stays text
    slots = list(book[SHEET_SLOTS].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[4], row[5], row[7]) for row in slots] == [
        (1, "có", "PDF, JPEG, PNG", 1),
        (2, "không", "PDF", 3),
        (3, "không", "PDF, JPEG, PNG", 1),
    ]
    headers = [cell.value for cell in book["Thủ tục"][1]]
    row = [cell.value for cell in book["Thủ tục"][2]]
    assert row[headers.index("Căn cứ mức độ trực tuyến")] == BASIS


def test_reimport_into_the_same_scope_changes_nothing(birth, ward_admin):
    report = run_import(ward_admin, birth.scope, export_xlsx([birth]))
    assert report.ok and report.unchanged == 1 and report.eforms_changed == 0
    assert EForm.objects.get().revision == 1


def test_import_into_an_empty_catalogue_recreates_equal_eforms(birth, org, make_staff):
    from motcua.org.models import Role

    admin = make_staff(org.other_ward, Role.AGENCY_ADMIN, username="qt.hai")
    report = run_import(admin, org.other_ward, export_xlsx([birth]))
    assert report.ok and report.created == 1 and report.eforms_changed == 1
    copy = ProcedureVersion.objects.get(scope=org.other_ward)
    assert eform_of(copy) == eform_of(birth)
    assert copy.online_level_basis == BASIS
    assert copy.online_decisions.get().legal_basis == BASIS


def test_an_in_force_versions_eform_changes_through_the_file(birth, ward_admin):
    raw = edited(
        export_xlsx([birth]),
        {(SHEET_FIELDS, 2, "Câu hỏi"): "Họ và tên của trẻ", (SHEET_SLOTS, 2, "Số tệp tối đa"): 4},
    )
    report = run_import(ward_admin, birth.scope, raw)
    assert report.ok and report.unchanged == 1 and report.eforms_changed == 1
    form = eform_of(birth)
    assert form.fields[0].label == "Họ và tên của trẻ" and form.slots[0].max_files == 4
    assert EForm.objects.get().revision == 2


def test_a_file_without_the_eform_sheets_keeps_the_stored_eform(birth, ward_admin):
    book = load_workbook(io.BytesIO(export_xlsx([birth])))
    del book[SHEET_FIELDS]
    del book[SHEET_SLOTS]
    out = io.BytesIO()
    book.save(out)
    report = run_import(ward_admin, birth.scope, out.getvalue())
    assert report.ok and report.eforms_changed == 0
    assert eform_of(birth).fields == FIELDS


def test_every_bad_cell_is_located_and_nothing_is_written(birth, ward_admin):
    raw = edited(
        export_xlsx([birth]),
        {
            (SHEET_FIELDS, 2, "Loại"): "hộp kiểm",
            (SHEET_FIELDS, 3, "Mã câu hỏi"): "Ngày sinh",
            (SHEET_FIELDS, 6, "Mã câu hỏi"): "gioi_tinh",
            (SHEET_FIELDS, 5, "Lựa chọn"): "a",
            (SHEET_FIELDS, 7, "Giá trị nhỏ nhất"): 20,
            (SHEET_SLOTS, 2, "Loại tệp"): "PDF, EXE",
            (SHEET_SLOTS, 3, "Dung lượng tối đa (MB)"): 99,
            (SHEET_SLOTS, 4, "STT giấy tờ"): 9,
        },
    )
    raw = edited(raw, {(SHEET_FIELDS, 8, "Mã thủ tục"): "9.999999"})
    book = load_workbook(io.BytesIO(raw))
    book[SHEET_FIELDS].cell(row=8, column=2).value = BIRTH.valid_from
    for column, value in enumerate(["x", "Câu", "chữ"], start=4):
        book[SHEET_FIELDS].cell(row=8, column=column).value = value
    out = io.BytesIO()
    book.save(out)
    report = run_import(ward_admin, birth.scope, out.getvalue())
    found = {(i.sheet, i.row, i.column) for i in report.errors}
    assert found == {
        (SHEET_FIELDS, 2, "Loại"),
        (SHEET_FIELDS, 3, "Mã câu hỏi"),
        (SHEET_FIELDS, 6, "Mã câu hỏi"),
        (SHEET_FIELDS, 5, "Lựa chọn"),
        (SHEET_FIELDS, 7, "Giá trị lớn nhất"),
        (SHEET_FIELDS, 8, "Mã thủ tục"),
        (SHEET_SLOTS, 2, "Loại tệp"),
        (SHEET_SLOTS, 3, "Dung lượng tối đa (MB)"),
        (SHEET_SLOTS, 4, "STT giấy tờ"),
    }
    texts = [str(i) for i in report.errors]
    assert (
        "Sheet 'Biểu mẫu điện tử', Dòng 6, cột 'Mã câu hỏi': đã có câu hỏi mã 'gioi_tinh' "
        "trong biểu mẫu." in texts
    )
    assert EForm.objects.get().revision == 1 and eform_of(birth).fields == FIELDS


def test_a_closed_versions_eform_cannot_change(org, publish, ward_admin):
    import datetime as dt

    old = publish(org.ward, BIRTH, valid_from=dt.date(2024, 1, 1))
    publish(org.ward, BIRTH, valid_from=dt.date(2025, 7, 1))
    data = dataclasses.replace(
        version_as_data(ProcedureVersion.objects.get(pk=old.pk)),
        eform_fields=(FieldDef("ho_ten", "Họ tên"),),
    )
    report = run_import(ward_admin, org.ward, write_catalog([data]))
    assert not report.ok
    assert "hết hiệu lực" in str(report.errors[0])
    assert not EForm.objects.exists()


def test_an_outsider_cannot_change_an_eform_through_set_eform(birth, other_ward_admin):
    from motcua.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        eform_services.set_eform(actor=other_ward_admin, version=birth, fields=(), slots=None)
    with pytest.raises(PermissionDeniedError):  # even when it would change nothing
        eform_services.set_eform(actor=other_ward_admin, version=birth, fields=None, slots=None)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"])
@pytest.mark.parametrize("sheet", [LAUGHING_SHEET, EXTERNAL_ENTITY_SHEET])
def test_a_hostile_eform_sheet_is_refused(client, org, ward_admin, part, sheet):
    raw = workbook_with([dataclasses.replace(BIRTH, eform_fields=FIELDS)])
    with io.BytesIO(raw) as buffer:
        import zipfile

        assert part in zipfile.ZipFile(buffer).namelist()
    client.force_login(ward_admin)
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/",
        {"scope": org.ward.pk, "file": upload(rewritten(raw, replace={part: sheet}))},
    )
    assert "không phải tệp Excel .xlsx hợp lệ" in response.content.decode()
    assert ProcedureVersion.objects.count() == 0


def test_huge_cells_in_the_eform_sheet_are_errors_not_crashes(org, ward_admin):
    slots = (SlotDef(1, BIRTH.documents[0].name),)
    raw = edited(
        workbook_with([dataclasses.replace(BIRTH, eform_fields=FIELDS, eform_slots=slots)]),
        {
            (SHEET_FIELDS, 2, "Câu hỏi"): "x" * 5000,
            (SHEET_FIELDS, 3, "Độ dài tối đa"): "1e9999",
            (SHEET_FIELDS, 4, "Bước"): -3,
            (SHEET_SLOTS, 2, "Số tệp tối đa"): True,
        },
    )
    report = run_import(ward_admin, org.ward, raw)
    assert {(i.sheet, i.row, i.column) for i in report.errors} == {
        (SHEET_FIELDS, 2, "Câu hỏi"),
        (SHEET_FIELDS, 3, "Độ dài tối đa"),
        (SHEET_FIELDS, 4, "Bước"),
        (SHEET_SLOTS, 2, "Số tệp tối đa"),
    }
    assert ProcedureVersion.objects.count() == 0


def test_slot_rows_are_written_for_every_document(org, ward_admin):
    data = dataclasses.replace(
        BIRTH, eform_slots=(SlotDef(1, BIRTH.documents[0].name, max_files=2),)
    )
    report = run_import(ward_admin, org.ward, write_catalog([data]))
    assert report.ok
    slots = eform_of(ProcedureVersion.objects.get()).slots
    assert [s.max_files for s in slots] == [2, 1, 1]
