import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from motcua.catalog import deadlines
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.org.models import Role

from .conftest import BIRTH, CERTIFY, MARRIAGE_STATUS, content, upload, workbook_with

pytestmark = pytest.mark.django_db

PASSWORD = "Kiem-Thu#2026"


@pytest.fixture
def catalogue(org, publish):
    publish(org.ward, BIRTH, competent_unit_code=org.unit_a.code)
    publish(org.ward, CERTIFY)
    publish(org.ward, MARRIAGE_STATUS)
    return org


def titles(response) -> list[str]:
    return re.findall(r'class="title" href="[^"]+">([^<]+)</a>', response.content.decode())


# --- Public ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["chứng thực", "chung thuc", "Chung Thuc"])
def test_public_search_with_and_without_diacritics(client, catalogue, query):
    response = client.get("/thu-tuc/", {"q": query})
    assert response.status_code == 200
    assert titles(response) == [CERTIFY.name]
    assert "Tìm thấy 1 thủ tục" in response.content.decode()


def test_public_search_for_khai_sinh_without_diacritics(client, catalogue):
    assert titles(client.get("/thu-tuc/", {"q": "khai sinh"})) == [BIRTH.name]


def test_public_list_filters_by_sector_and_online_level(client, catalogue):
    from motcua.catalog.models import Sector

    civil = Sector.objects.get(name="Hộ tịch")
    assert set(titles(client.get("/thu-tuc/", {"linh_vuc": civil.pk}))) == {
        BIRTH.name,
        MARRIAGE_STATUS.name,
    }
    assert titles(client.get("/thu-tuc/", {"muc_do": "full"})) == [BIRTH.name]
    html = client.get("/thu-tuc/").content.decode()
    assert "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)" in html
    assert "03 ngày làm việc" in html


def test_bad_filter_values_are_ignored_not_a_500(client, catalogue):
    response = client.get("/thu-tuc/", {"linh_vuc": "abc", "muc_do": "level4", "trang": "x"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_public_list_paginates(client, catalogue, publish):
    for number in range(25):
        publish(
            catalogue.ward, CERTIFY, code=f"9.{number:06d}", name=f"Thủ tục phân trang {number}"
        )
    first = client.get("/thu-tuc/", {"q": "phan trang"})
    second = client.get("/thu-tuc/", {"q": "phan trang", "trang": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert "trang=2" in first.content.decode() and "q=phan+trang" in first.content.decode()
    assert not set(titles(first)) & set(titles(second))


def test_procedure_page_shows_everything_a_citizen_needs(client, catalogue):
    response = client.get(f"/thu-tuc/{BIRTH.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        BIRTH.name,
        "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)",
        "Không thu",
        "Trực tuyến toàn trình",
        "Phòng Văn hóa - Xã hội",  # the competent unit
        "Giấy chứng sinh",
        "Xuất trình",
        "Luật Hộ tịch 2014",
        "Bản điện tử (VNeID, Cổng Dịch vụ công)",
    ):
        assert text in html, text


def test_procedure_page_shows_a_fee_left_to_the_province_and_a_provisional_deadline(
    client, catalogue, publish
):
    publish(
        catalogue.ward, MARRIAGE_STATUS, valid_from=dt.date(2025, 8, 1), deadline_provisional=True
    )
    html = client.get(f"/thu-tuc/{MARRIAGE_STATUS.code}/").content.decode()
    assert "Không có mức cố định" in html and "Lệ phí do HĐND tỉnh quy định." in html
    assert "03 ngày làm việc — tạm tính" in html
    assert "đang được tạm tính" in html
    assert "[uncertain]" not in html  # caveats are for staff


def test_unknown_or_withdrawn_procedure_is_a_vietnamese_404(client, catalogue):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục mã “9.999999”" in response.content.decode()
    Procedure.objects.filter(code=CERTIFY.code).update(is_active=False)
    assert client.get(f"/thu-tuc/{CERTIFY.code}/").status_code == 404


def test_procedure_page_lets_the_citizen_pick_the_ward(client, catalogue, publish):
    publish(catalogue.other_ward, BIRTH, deadline_kind="days", deadline_amount=2)
    default = client.get(f"/thu-tuc/{BIRTH.code}/").content.decode()
    other = client.get(f"/thu-tuc/{BIRTH.code}/", {"noi": "T01.02"}).content.decode()
    assert "Áp dụng tại:" in default
    assert "Trong ngày" in default and "02 ngày làm việc" in other


# --- Staff ----------------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)


def test_staff_pages_need_a_login_and_a_catalogue_role(client, catalogue, django_user_model):
    for url in (
        "/can-bo/thu-tuc/",
        "/can-bo/thu-tuc/nhap-excel/",
        "/can-bo/thu-tuc/xuat-excel/",
        f"/can-bo/thu-tuc/{BIRTH.code}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url
    nobody = django_user_model.objects.create_user("khongvaitro", password=PASSWORD)
    login(client, nobody)
    assert client.get("/can-bo/thu-tuc/").status_code == 403
    assert client.get("/can-bo/thu-tuc/mau-excel/").status_code == 403


def test_counter_officer_reads_the_catalogue_but_cannot_import(client, catalogue, counter_officer):
    login(client, counter_officer)
    html = client.get("/can-bo/thu-tuc/").content.decode()
    assert BIRTH.name in html and CERTIFY.code in html
    assert "Nhập từ Excel" not in html
    assert "badge-warn" in html  # MARRIAGE_STATUS has caveats
    assert client.get("/can-bo/thu-tuc/nhap-excel/").status_code == 403
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/",
        {"scope": catalogue.ward.pk, "file": upload(workbook_with([BIRTH]))},
    )
    assert response.status_code == 403


def test_staff_detail_shows_the_caveats_box_and_history(
    client, catalogue, publish, counter_officer
):
    publish(catalogue.ward, MARRIAGE_STATUS, valid_from=dt.date(2025, 9, 1))
    login(client, counter_officer)
    html = client.get(f"/can-bo/thu-tuc/{MARRIAGE_STATUS.code}/").content.decode()
    assert "Lưu ý dữ liệu" in html and "[uncertain] thời hạn cần đối chiếu" in html
    assert "Đang áp dụng" in html and "Hết hiệu lực" in html
    assert "01/07/2025 đến 31/08/2025" in html


def test_staff_of_another_ward_get_a_404_for_this_wards_procedure(client, catalogue, make_staff):
    stranger = make_staff(catalogue.other_ward, Role.COUNTER_OFFICER, username="motcua.hai")
    login(client, stranger)
    assert client.get(f"/can-bo/thu-tuc/{BIRTH.code}/").status_code == 404
    assert BIRTH.name not in client.get("/can-bo/thu-tuc/").content.decode()


def test_import_page_lists_every_error_and_keeps_nothing(client, org, ward_admin):
    login(client, ward_admin)
    page = client.get("/can-bo/thu-tuc/nhap-excel/")
    assert page.status_code == 200 and "Kiểm tra và nhập" in page.content.decode()
    bad = workbook_with(
        [BIRTH, CERTIFY], {("Thủ tục", 3, "Thời hạn"): -1, ("Thủ tục", 2, "Tên thủ tục"): ""}
    )
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/", {"scope": org.ward.pk, "file": upload(bad)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "tệp có 2 lỗi" in html and "Chưa có dòng nào được nhập" in html
    assert "phải là số nguyên không âm." in html and "không được để trống." in html
    assert ProcedureVersion.objects.count() == 0


def test_import_page_success_redirects_with_a_summary(client, org, ward_admin):
    login(client, ward_admin)
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/",
        {"scope": org.ward.pk, "file": upload(workbook_with([BIRTH, CERTIFY]))},
        follow=True,
    )
    html = response.content.decode()
    assert "2 phiên bản mới" in html and "Phường Một" in html
    assert ProcedureVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "name", "message"),
    [
        (b"a,b\n", "danh-muc.csv", "Chỉ nhận tệp Excel .xlsx"),
        (b"garbage", "danh-muc.xlsx", "không phải tệp Excel .xlsx hợp lệ"),
    ],
)
def test_import_page_refuses_non_xlsx_next_to_the_field(
    client, org, ward_admin, payload, name, message
):
    login(client, ward_admin)
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/", {"scope": org.ward.pk, "file": upload(payload, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_import_page_offers_only_the_admins_own_scopes(client, org, ward_admin):
    login(client, ward_admin)
    response = client.post(
        "/can-bo/thu-tuc/nhap-excel/",
        {"scope": org.other_ward.pk, "file": upload(workbook_with([BIRTH]))},
    )
    assert "Bạn không quản trị danh mục của phạm vi này." in response.content.decode()
    assert ProcedureVersion.objects.count() == 0


def test_export_and_template_downloads(client, catalogue, counter_officer):
    login(client, counter_officer)
    export = client.get("/can-bo/thu-tuc/xuat-excel/")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "danh-muc-thu-tuc-T01.01-" in export["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(export.content))["Thủ tục"].iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [BIRTH.code, CERTIFY.code, MARRIAGE_STATUS.code]
    )
    template = client.get("/can-bo/thu-tuc/mau-excel/")
    assert template.status_code == 200
    assert "mau-danh-muc-thu-tuc.xlsx" in template["Content-Disposition"]


def test_notes_page_shows_the_demo_data_caveats(client, catalogue, counter_officer):
    login(client, counter_officer)
    html = client.get("/can-bo/thu-tuc/nguon-du-lieu/").content.decode()
    assert "[uncertain]" in html and "procedures.csv" in html


def test_staff_list_filters(client, catalogue, ward_admin):
    login(client, ward_admin)
    flagged = client.get("/can-bo/thu-tuc/", {"luu_y": "on"}).content.decode()
    assert MARRIAGE_STATUS.name in flagged and CERTIFY.name not in flagged
    searched = client.get("/can-bo/thu-tuc/", {"q": "chung thuc"}).content.decode()
    assert CERTIFY.name in searched and BIRTH.name not in searched
    assert "Nhập từ Excel" in searched


def test_the_staff_menu_links_the_catalogue(client, catalogue, counter_officer):
    login(client, counter_officer)
    html = client.get("/can-bo/").content.decode()
    assert 'href="/can-bo/thu-tuc/"' in html


def test_content_helper_is_used_consistently():
    # Guards the fixtures: a changed BIRTH would silently weaken the page assertions above.
    assert content().deadline_kind == "same_day" and content().fee_vnd == 0


def test_staff_detail_shows_the_deadline_variants(client, catalogue, publish, counter_officer):
    publish(
        catalogue.ward,
        MARRIAGE_STATUS,
        valid_from=dt.date(2025, 9, 1),
        deadline_kind="calendar_days",
        deadline_amount=20,
        deadline_variants=deadlines.parse("Nhà ở riêng lẻ | | 15 ngày\n| trực tuyến | 12 ngày"),
    )
    login(client, counter_officer)
    html = client.get(f"/can-bo/thu-tuc/{MARRIAGE_STATUS.code}/").content.decode()
    assert "20 ngày" in html
    assert "Nhà ở riêng lẻ: 15 ngày" in html and "nộp trực tuyến: 12 ngày" in html
