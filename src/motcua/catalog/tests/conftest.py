"""Catalogue test helpers: version content, published versions, spreadsheets to upload."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from motcua.catalog.content import DocumentData, VersionData
from motcua.catalog.models import CopyType, DeadlineKind, OnlineLevel, ResultDelivery
from motcua.catalog.services import publish_version
from motcua.catalog.xlsx.writer import write_catalog
from motcua.org.models import Role

BIRTH = VersionData(
    code="1.001193",
    name="Thủ tục đăng ký khai sinh",
    sector="Hộ tịch",
    valid_from=dt.date(2025, 7, 1),
    deadline_kind=DeadlineKind.SAME_DAY,
    deadline_amount=0,
    same_day_cutoff=dt.time(15, 0),
    fee_vnd=0,
    fee_note="Miễn lệ phí.",
    online_level=OnlineLevel.FULL,
    result_delivery=(ResultDelivery.COUNTER, ResultDelivery.ELECTRONIC),
    legal_basis="Luật Hộ tịch 2014",
    documents=(
        DocumentData("Tờ khai đăng ký khai sinh theo mẫu"),
        DocumentData("Giấy chứng sinh"),
        DocumentData("Giấy tờ tùy thân", CopyType.PRESENT_ONLY),
    ),
)

CERTIFY = VersionData(
    code="2.000815",
    name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    sector="Chứng thực",
    valid_from=dt.date(2025, 7, 1),
    deadline_kind=DeadlineKind.SAME_DAY,
    fee_vnd=2000,
    fee_note="2.000đ/trang",
    online_level=OnlineLevel.NONE,
    result_delivery=(ResultDelivery.COUNTER,),
    documents=(DocumentData("Bản chính giấy tờ, văn bản làm cơ sở chứng thực"),),
)

MARRIAGE_STATUS = VersionData(
    code="1.004873",
    name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    sector="Hộ tịch",
    valid_from=dt.date(2025, 7, 1),
    deadline_kind=DeadlineKind.DAYS,
    deadline_amount=3,
    fee_vnd=None,
    fee_note="Lệ phí do HĐND tỉnh quy định.",
    online_level=OnlineLevel.PARTIAL,
    result_delivery=(ResultDelivery.COUNTER, ResultDelivery.POSTAL),
    caveats="[uncertain] thời hạn cần đối chiếu",
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff accounts are created in most tests; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def content(base: VersionData = BIRTH, **changes) -> VersionData:
    return dataclasses.replace(base, **changes)


@pytest.fixture
def publish():
    """publish(scope, data=BIRTH, **changes) → the version, as the system actor."""

    def do(scope, data: VersionData = BIRTH, **changes):
        return publish_version(actor=None, scope=scope, data=content(data, **changes)).version

    return do


@pytest.fixture
def ward_admin(org, make_staff):
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot")


@pytest.fixture
def other_ward_admin(org, make_staff):
    return make_staff(org.other_ward, Role.AGENCY_ADMIN, username="quantri.hai")


@pytest.fixture
def counter_officer(org, make_staff):
    return make_staff(org.center, Role.COUNTER_OFFICER, username="motcua.mot")


def upload(data: bytes, name: str = "danh-muc.xlsx") -> io.BytesIO:
    """Bytes as an uploaded file (services read ``.name`` like Django's UploadedFile)."""
    file = io.BytesIO(data)
    file.name = name
    return file


def workbook_with(versions: list[VersionData], edits: dict | None = None) -> bytes:
    """A catalogue file for ``versions``, then cell edits {(sheet, row, header): value}."""
    raw = write_catalog(versions)
    if not edits:
        return raw
    book = load_workbook(io.BytesIO(raw))
    for (sheet_title, row, header), value in edits.items():
        sheet = book[sheet_title]
        headers = [cell.value for cell in sheet[1]]
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
