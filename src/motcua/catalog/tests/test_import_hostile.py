"""Hostile or broken uploads to the catalogue import: a field error on the form, never a
500, nothing imported (catalog/xlsx/reader.py)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.xlsx import reader

from .conftest import BIRTH, upload, workbook_with

pytestmark = pytest.mark.django_db

IMPORT = "/can-bo/thu-tuc/nhap-excel/"
SHEET = "xl/worksheets/sheet1.xml"  # "Thủ tục"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def laughs(root: bytes) -> bytes:
    """Billion laughs: nine levels of ten references, 10⁹ "lol" once expanded."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10)
    )
    return b'<?xml version="1.0"?><!DOCTYPE %s [%s]>' % (root, entities)


LAUGHING_SHEET = laughs(b"worksheet") + (
    b'<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
    b"</is></c></row></sheetData></worksheet>" % MAIN
)
EXTERNAL_ENTITY_SHEET = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t>'
    b"</is></c></row></sheetData></worksheet>" % MAIN
)


def rewritten(raw: bytes, *, replace=None, add=None) -> bytes:
    """The workbook ``raw`` with some parts replaced ({name: bytes}) and others added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = replace.get(item.filename, source.read(item.filename))
            target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in add.items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_declared_size(raw: bytes, member: str, size: int) -> bytes:
    """``raw`` whose central directory claims that ``member`` unpacks to ``size`` bytes."""
    data = bytearray(raw)
    end_record = data.rfind(b"PK\x05\x06")
    entry = struct.unpack_from("<I", data, end_record + 16)[0]  # the directory's offset
    while data[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, entry + 24, size)
            return bytes(data)
        entry += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"{member} is not in the archive")


def post(client, org, payload: bytes, name: str = "danh-muc.xlsx"):
    return client.post(IMPORT, {"scope": org.ward.pk, "file": upload(payload, name)})


def assert_refused(response, message: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kiểm tra và nhập" in html  # the form again
    assert message in html
    assert ProcedureVersion.objects.count() == 0


@pytest.fixture
def admin_client(client, ward_admin):
    client.force_login(ward_admin)
    return client


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml"])
def test_a_doctype_with_entities_is_refused_not_expanded(admin_client, org, part):
    root = b"worksheet" if part == SHEET else b"x"
    hostile = laughs(root) + b"<%s>&lol9;</%s>" % (root, root)
    raw = rewritten(workbook_with([BIRTH]), replace={part: hostile})
    assert_refused(post(admin_client, org, raw), "không phải tệp Excel .xlsx hợp lệ")


@pytest.mark.parametrize("sheet", [LAUGHING_SHEET, EXTERNAL_ENTITY_SHEET])
def test_a_hostile_sheet_is_refused(admin_client, org, sheet):
    raw = rewritten(workbook_with([BIRTH]), replace={SHEET: sheet})
    assert_refused(post(admin_client, org, raw), "không phải tệp Excel .xlsx hợp lệ")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(admin_client, org):
    padding = b" " * (reader.MAX_UNPACKED_BYTES + 1)
    raw = rewritten(workbook_with([BIRTH]), add={"xl/media/padding.bin": padding})
    assert len(raw) < 1024 * 1024  # a small upload …
    assert_refused(post(admin_client, org, raw), "Tệp khi giải nén lớn hơn 50 MB")  # … 50 MB+


def test_an_abnormally_compressed_part_is_refused(admin_client, org):
    padding = b" " * (2 * reader.RATIO_CHECKED_ABOVE_BYTES)
    raw = rewritten(workbook_with([BIRTH]), add={"xl/media/padding.bin": padding})
    assert_refused(post(admin_client, org, raw), "Tệp bị nén bất thường")


def test_a_part_larger_than_it_declares_is_not_unpacked_beyond(admin_client, org):
    raw = with_declared_size(workbook_with([BIRTH]), SHEET, 100)
    assert_refused(post(admin_client, org, raw), "không phải tệp Excel .xlsx hợp lệ")


def test_a_sheet_cut_short_is_refused(admin_client, org):
    """openpyxl parses a read-only sheet only while its rows are read."""
    good = workbook_with([BIRTH])
    sheet = zipfile.ZipFile(io.BytesIO(good)).read(SHEET)
    raw = rewritten(good, replace={SHEET: sheet[: len(sheet) // 2]})
    assert_refused(post(admin_client, org, raw), "không phải tệp Excel .xlsx hợp lệ")


def test_too_many_parts_are_refused(admin_client, org):
    extra = {f"xl/extra/{number}.xml": b"" for number in range(reader.MAX_MEMBERS)}
    raw = rewritten(workbook_with([BIRTH]), add=extra)
    assert_refused(post(admin_client, org, raw), "thành phần")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n",
            "không phải tệp Excel .xlsx hợp lệ",
        ),
        (b"", "Tệp tải lên đang rỗng."),
        (b"PK\x05\x06" + b"\x00" * 18, "không phải tệp Excel .xlsx hợp lệ"),  # an empty zip
    ],
)
def test_a_file_that_is_not_a_workbook_is_a_field_error(admin_client, org, payload, message):
    assert_refused(post(admin_client, org, payload), message)


def test_a_good_workbook_still_imports(admin_client, org):
    response = post(admin_client, org, workbook_with([BIRTH]))
    assert response.status_code == 302
    assert ProcedureVersion.objects.count() == 1
