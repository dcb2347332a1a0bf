import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from motcua.catalog import selectors, services
from motcua.catalog.content import DocumentData, version_as_data
from motcua.catalog.models import (
    CatalogEvent,
    CopyType,
    DeadlineKind,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.xlsx.columns import SHEET_DOCUMENTS, SHEET_GUIDE, SHEET_VERSIONS
from motcua.catalog.xlsx.writer import export_xlsx, template_xlsx
from motcua.core.errors import DomainError, PermissionDeniedError

from .conftest import BIRTH, CERTIFY, MARRIAGE_STATUS, content, upload, workbook_with

pytestmark = pytest.mark.django_db

V = SHEET_VERSIONS
D = SHEET_DOCUMENTS


# --- publish_version ------------------------------------------------------------------------


def test_publish_creates_procedure_version_documents_and_events(org, ward_admin):
    result = services.publish_version(
        actor=ward_admin, scope=org.ward, data=content(competent_unit_code=org.unit_a.code)
    )
    version = result.version
    assert result.outcome == "created"
    assert version.procedure.sector.name == "Hộ tịch"
    assert version.competent_unit == org.unit_a
    assert version.created_by == ward_admin
    assert [(d.order, d.copy_type) for d in version.documents.all()] == [
        (1, CopyType.ORIGINAL),
        (2, CopyType.ORIGINAL),
        (3, CopyType.PRESENT_ONLY),
    ]
    kinds = list(CatalogEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["procedure_created", "version_created"]
    assert CatalogEvent.objects.filter(actor=ward_admin, agency=org.ward).count() == 2


def test_a_new_dated_version_closes_the_previous_one(org, publish):
    first = publish(org.ward, valid_from=dt.date(2025, 7, 1))
    second = publish(org.ward, valid_from=dt.date(2026, 3, 1), deadline_note="sửa đổi")
    first.refresh_from_db()
    assert first.valid_to == dt.date(2026, 2, 28)
    assert second.valid_to is None
    assert CatalogEvent.objects.filter(kind="version_closed").count() == 1


def test_versions_must_be_published_in_date_order(org, publish):
    publish(org.ward, valid_from=dt.date(2026, 1, 1))
    with pytest.raises(DomainError) as error:
        publish(org.ward, valid_from=dt.date(2025, 7, 1))
    assert error.value.code == "version_not_latest"
    assert error.value.field == "valid_from"
    assert ProcedureVersion.objects.count() == 1


def test_scopes_are_independent(org, publish):
    publish(org.ward, valid_from=dt.date(2026, 1, 1))
    publish(org.other_ward, valid_from=dt.date(2025, 7, 1))
    publish(org.province, valid_from=dt.date(2025, 7, 1))
    assert ProcedureVersion.objects.filter(valid_to__isnull=True).count() == 3


def test_publishing_the_same_content_again_changes_nothing(org, publish):
    publish(org.ward)
    result = services.publish_version(actor=None, scope=org.ward, data=content())
    assert result.outcome == "unchanged"
    assert ProcedureVersion.objects.count() == 1
    assert RequiredDocument.objects.count() == 3


def test_a_version_in_force_is_never_edited(org, publish):
    publish(org.ward, valid_from=dt.date(2025, 7, 1))
    with pytest.raises(DomainError) as error:
        publish(org.ward, valid_from=dt.date(2025, 7, 1), fee_vnd=5000)
    assert error.value.code == "version_in_force_locked"
    assert ProcedureVersion.objects.get().fee_vnd == 0


def test_a_version_not_yet_in_force_may_be_replaced(org, publish):
    future = dt.date.today() + dt.timedelta(days=30)
    publish(org.ward, valid_from=future)
    result = services.publish_version(
        actor=None,
        scope=org.ward,
        data=content(valid_from=future, fee_vnd=5000, documents=(DocumentData("Tờ khai"),)),
    )
    assert result.outcome == "replaced"
    version = ProcedureVersion.objects.get()
    assert version.fee_vnd == 5000
    assert [d.name for d in version.documents.all()] == ["Tờ khai"]


def test_the_competent_unit_must_belong_to_the_scope(org, publish):
    with pytest.raises(DomainError) as error:
        publish(org.ward, competent_unit_code=org.other_unit.code)
    assert error.value.field == "competent_unit_code"
    with pytest.raises(DomainError):
        publish(org.ward, competent_unit_code=org.ward.code)  # a ward is not a unit
    # A province-wide version may name any unit of the province.
    assert publish(org.province, competent_unit_code=org.other_unit.code).competent_unit == (
        org.other_unit
    )


def test_a_unit_is_not_a_catalogue_scope(org, publish):
    with pytest.raises(DomainError) as error:
        publish(org.unit_a)
    assert error.value.code == "catalog_scope_invalid"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "x"}, "code"),
        ({"name": "  "}, "name"),
        ({"deadline_kind": DeadlineKind.SAME_DAY, "deadline_amount": 3}, "deadline_amount"),
        ({"deadline_kind": DeadlineKind.DAYS, "deadline_amount": 0}, "deadline_amount"),
        ({"fee_vnd": None, "fee_note": ""}, "fee_note"),
        ({"result_delivery": ()}, "result_delivery"),
        ({"valid_to": dt.date(2025, 1, 1)}, "valid_to"),
        ({"documents": (DocumentData("Tờ khai", quantity=0),)}, "documents"),
    ],
)
def test_invalid_content_is_refused_with_its_field(org, publish, changes, field):
    with pytest.raises(DomainError) as error:
        publish(org.ward, **changes)
    assert error.value.field == field
    assert ProcedureVersion.objects.count() == 0


def test_only_catalogue_managers_of_the_scope_may_publish(org, ward_admin, counter_officer):
    with pytest.raises(PermissionDeniedError):
        services.publish_version(actor=counter_officer, scope=org.ward, data=content())
    with pytest.raises(PermissionDeniedError):
        services.publish_version(actor=ward_admin, scope=org.other_ward, data=content())
    with pytest.raises(PermissionDeniedError):  # the province is above the ward admin
        services.publish_version(actor=ward_admin, scope=org.province, data=content())
    assert ProcedureVersion.objects.count() == 0


def test_renaming_a_procedure_is_recorded(org, publish):
    publish(org.ward)
    publish(org.ward, valid_from=dt.date(2026, 1, 1), name="Đăng ký khai sinh (mới)")
    procedure = Procedure.objects.get()
    assert procedure.name == "Đăng ký khai sinh (mới)"
    assert "dang ky khai sinh moi" in procedure.search_text
    event = CatalogEvent.objects.get(kind="procedure_updated")
    assert event.data["before"]["name"] == BIRTH.name


def test_deactivating_a_procedure_is_for_operators(org, publish, ward_admin, django_user_model):
    procedure = publish(org.ward).procedure
    with pytest.raises(PermissionDeniedError):
        services.set_procedure_active(actor=ward_admin, procedure=procedure, active=False)
    root = django_user_model.objects.create_superuser("root", "", "x")
    services.set_procedure_active(actor=root, procedure=procedure, active=False)
    assert not Procedure.objects.get().is_active
    assert CatalogEvent.objects.filter(kind="procedure_deactivated", actor=root).exists()


# --- import_xlsx ----------------------------------------------------------------------------


def run_import(actor, scope, data: bytes, name: str = "danh-muc.xlsx"):
    return services.import_xlsx(actor=actor, scope_agency=scope, file=upload(data, name))


def test_import_creates_every_row(org, ward_admin):
    data = workbook_with(
        [BIRTH, CERTIFY, content(MARRIAGE_STATUS, competent_unit_code=org.unit_a.code)]
    )
    report = run_import(ward_admin, org.ward, data)
    assert report.ok, report.errors
    assert (report.created, report.replaced, report.unchanged) == (3, 0, 0)
    assert report.procedure_codes == {BIRTH.code, CERTIFY.code, MARRIAGE_STATUS.code}
    birth = ProcedureVersion.objects.get(procedure__code=BIRTH.code)
    assert version_as_data(birth) == BIRTH
    assert CatalogEvent.objects.filter(kind="catalog_imported", actor=ward_admin).count() == 1


def test_import_is_all_or_nothing_and_reports_every_bad_cell(org, ward_admin):
    data = workbook_with(
        [BIRTH, CERTIFY, MARRIAGE_STATUS],
        {
            (V, 3, "Thời hạn"): "ba ngày",
            (V, 3, "Hiệu lực từ"): "31/02/2025",
            (V, 4, "Mức độ trực tuyến"): "mức độ 4",
            (V, 4, "Lệ phí (đồng)"): -5,
            (D, 2, "Số lượng"): "hai",
        },
    )
    report = run_import(ward_admin, org.ward, data)
    assert not report.ok
    messages = [str(issue) for issue in report.errors]
    assert messages == [
        "Dòng 3, cột 'Hiệu lực từ': phải là ngày dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        "Dòng 3, cột 'Thời hạn': phải là số nguyên không âm.",
        "Dòng 4, cột 'Lệ phí (đồng)': phải là số tiền nguyên, không âm (đồng).",
        "Dòng 4, cột 'Mức độ trực tuyến': phải là một trong: toàn trình, một phần, không.",
        "Sheet 'Giấy tờ', Dòng 2, cột 'Số lượng': phải là số nguyên không âm.",
    ]
    assert (report.created, report.unchanged) == (0, 0)
    # The good row (BIRTH, row 2) was not kept either.
    assert ProcedureVersion.objects.count() == 0
    assert Procedure.objects.count() == 0
    assert CatalogEvent.objects.count() == 0


def test_business_rule_errors_are_reported_per_row_and_column(org, ward_admin, publish):
    publish(org.ward, CERTIFY, valid_from=dt.date(2026, 1, 1))
    data = workbook_with(
        [
            content(BIRTH, competent_unit_code=org.other_unit.code),
            content(CERTIFY, valid_from=dt.date(2025, 7, 1)),
            content(MARRIAGE_STATUS, deadline_kind=DeadlineKind.SAME_DAY, deadline_amount=3),
        ]
    )
    report = run_import(ward_admin, org.ward, data)
    located = [(issue.row, issue.column) for issue in report.errors]
    assert located == [
        (2, "Đơn vị giải quyết (mã định danh)"),
        (3, "Hiệu lực từ"),
        (4, "Thời hạn"),
    ]
    assert "Phường Một" in report.errors[0].message
    assert ProcedureVersion.objects.count() == 1  # only the one published before


def test_missing_columns_sheets_and_duplicates_are_reported(org, ward_admin):
    book = load_workbook(io.BytesIO(workbook_with([BIRTH, BIRTH])))
    book[V].delete_cols(6)  # "Loại thời hạn"
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_import(ward_admin, org.ward, buffer.getvalue())
    assert [str(issue) for issue in report.errors] == [
        "Dòng 1, cột 'Loại thời hạn': thiếu cột này."
    ]

    duplicate = run_import(ward_admin, org.ward, workbook_with([BIRTH, BIRTH]))
    assert [str(issue) for issue in duplicate.errors] == [
        "Dòng 3, cột 'Hiệu lực từ': trùng mã thủ tục và ngày hiệu lực với dòng 2."
    ]

    del book[D]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DomainError) as error:
        run_import(ward_admin, org.ward, buffer.getvalue())
    assert error.value.code == "import_sheet_missing"


def test_documents_must_match_a_version_row(org, ward_admin):
    data = workbook_with([BIRTH], {(D, 3, "Mã thủ tục"): "1.999999"})
    report = run_import(ward_admin, org.ward, data)
    assert [str(issue) for issue in report.errors] == [
        "Sheet 'Giấy tờ', Dòng 3, cột 'Mã thủ tục': không có dòng nào trong sheet 'Thủ tục' "
        "với mã 1.999999 và hiệu lực từ 01/07/2025."
    ]


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (b"ma,ten\n1.001193,khai sinh\n", "danh-muc.csv"),
        (b"\xd0\xcf\x11\xe0 old excel", "danh-muc.xls"),
        (b"not a zip at all", "danh-muc.xlsx"),
        (b"PK\x03\x04 broken zip", "danh-muc.xlsx"),
    ],
)
def test_files_that_are_not_xlsx_are_refused_clearly(org, ward_admin, payload, name):
    with pytest.raises(DomainError) as error:
        run_import(ward_admin, org.ward, payload, name)
    assert error.value.code == "import_not_xlsx"
    assert ".xlsx" in error.value.message
    assert ProcedureVersion.objects.count() == 0


def test_an_admin_of_one_ward_cannot_import_into_another(org, ward_admin, other_ward_admin):
    data = workbook_with([BIRTH])
    with pytest.raises(PermissionDeniedError):
        run_import(ward_admin, org.other_ward, data)
    with pytest.raises(PermissionDeniedError):
        run_import(other_ward_admin, org.ward, data)
    assert ProcedureVersion.objects.count() == 0
    assert run_import(other_ward_admin, org.other_ward, data).created == 1


def test_import_accepts_cells_typed_by_hand(org, ward_admin):
    data = workbook_with(
        [MARRIAGE_STATUS],
        {
            (V, 2, "Mã thủ tục"): 1.00487,  # a number cell: read with 6 decimals
            (V, 2, "Hiệu lực từ"): "01/07/2025",
            (V, 2, "Thời hạn"): "3",
            (V, 2, "Lệ phí (đồng)"): "50.000 đ",
            (V, 2, "Loại thời hạn"): "NGAY LAM VIEC",
            (V, 2, "Hình thức trả kết quả"): "Trực tiếp; điện tử",
            (V, 2, "Giờ chốt trong ngày"): "16:00",
        },
    )
    assert run_import(ward_admin, org.ward, data).ok
    version = ProcedureVersion.objects.get()
    assert version.procedure.code == "1.004870"
    assert (version.deadline_amount, version.fee_vnd) == (3, 50000)
    assert version.result_delivery == ["counter", "electronic"]
    assert version.same_day_cutoff == dt.time(16, 0)


def cell_values(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {
        title: [tuple(row) for row in book[title].iter_rows(values_only=True)] for title in (V, D)
    }


def test_export_then_import_round_trips(org, ward_admin, publish):
    publish(org.ward, BIRTH, valid_from=dt.date(2025, 7, 1), competent_unit_code=org.unit_a.code)
    publish(org.ward, BIRTH, valid_from=dt.date(2026, 1, 1), deadline_note="sửa đổi")
    publish(org.ward, MARRIAGE_STATUS, deadline_provisional=True)
    publish(org.ward, CERTIFY, name='=HYPERLINK("http://x")', legal_basis="+1 dòng\nhai dòng")
    history = selectors.export_versions(ward_admin, scope=org.ward, include_history=True)
    exported = export_xlsx(history)
    before = [version_as_data(v) for v in history]

    # Importing the export again is harmless: every row is unchanged.
    again = run_import(ward_admin, org.ward, exported)
    assert (again.created, again.unchanged) == (0, 4)

    # Into an empty catalogue it recreates the same versions, and exports identically.
    RequiredDocument.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    report = run_import(ward_admin, org.ward, exported)
    assert report.ok and report.created == 4
    history = selectors.export_versions(ward_admin, scope=org.ward, include_history=True)
    assert [version_as_data(v) for v in history] == before
    assert cell_values(export_xlsx(history)) == cell_values(exported)


def test_exported_text_is_never_a_formula(org, ward_admin, publish):
    publish(org.ward, CERTIFY, name="=1+1")
    exported = export_xlsx(selectors.export_versions(ward_admin, scope=org.ward))
    cell = load_workbook(io.BytesIO(exported))[V]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_the_template_imports_its_example(org, ward_admin):
    book = load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == [V, D, "Biểu mẫu điện tử", "Tệp đính kèm", SHEET_GUIDE]
    guide = [row[1] for row in book[SHEET_GUIDE].iter_rows(values_only=True)]
    assert "Loại thời hạn" in guide and "Loại bản" in guide
    report = run_import(ward_admin, org.ward, template_xlsx())
    assert report.ok and report.created == 1
    assert ProcedureVersion.objects.get().documents.count() == 2
    assert ProcedureVersion.objects.get().eform.revision == 1  # the example's questions
