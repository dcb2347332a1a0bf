"""Demo e-forms (demo/eforms.py) on the demo catalogue of Phường Hòa Bình."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog import selectors
from motcua.catalog.content import eform_of
from motcua.catalog.eforms import check_definition, validate_answers
from motcua.catalog.models import CatalogEvent, EForm, ProcedureVersion
from motcua.demo import catalogue, eforms, organisation
from motcua.org.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    organisation.load()
    catalogue.load()
    eforms.load()
    return Agency.objects.get(code=catalogue.SCOPE_CODE)


def version(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code, scope__code=catalogue.SCOPE_CODE)


def test_every_online_version_has_a_valid_eform(demo):
    online = selectors.online_versions(demo, dt.date(2026, 3, 2))
    assert len(online) > 30
    for item in online:
        definition = eform_of(item)
        assert definition.fields, item.procedure.code
        assert check_definition(definition) == definition
        assert len(definition.slots) == item.documents.count()


def test_the_certified_copy_has_a_form_but_is_not_online(demo):
    copy = version("2.000815")
    keys = [f.key for f in eform_of(copy).fields]
    assert {"so_trang", "so_ban"} <= set(keys)
    assert copy not in selectors.online_versions(demo, dt.date(2026, 3, 2))


def test_a_birth_registration_answered_online(demo):
    birth = eform_of(version("1.001193"))
    wards = selectors.province_wards(demo)
    answers = {
        "ho_ten_tre": "Nguyễn Minh An",
        "ngay_sinh_tre": "20/02/2026",
        "gioi_tinh_tre": "Nữ",
        "noi_sinh": "Bệnh viện Phụ sản Hải Phòng",
        "dan_toc_tre": "Kinh",
        "ho_ten_me": "Trần Thị Bình",
        "ngay_sinh_me": "02/05/1995",
        "so_dinh_danh_me": "031195001234",
        "ho_ten_nguoi_yeu_cau": "Trần Thị Bình",
        "so_dinh_danh_nguoi_yeu_cau": "031195001234",
        "quan_he": "Mẹ",
        "dien_thoai": "0912 345 678",
        "noi_cu_tru__phuong": catalogue.SCOPE_CODE,
        "noi_cu_tru__chi_tiet": "Số 12 Lạch Tray",
    }
    cleaned = validate_answers(birth, answers, wards=wards, today=dt.date(2026, 3, 2))
    assert cleaned["ho_ten_cha"] is None and cleaned["dien_thoai"] == "0912345678"
    assert birth.pages == [1, 2, 3, 4]
    assert birth.slots[1].max_files == 3


def test_loading_twice_changes_nothing(demo):
    revisions = dict(EForm.objects.values_list("version_id", "revision"))
    events = CatalogEvent.objects.count()
    eforms.load()
    assert dict(EForm.objects.values_list("version_id", "revision")) == revisions
    assert CatalogEvent.objects.count() == events
