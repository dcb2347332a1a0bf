"""A NUL character anywhere in a request is a 400 with the Vietnamese page, never a 500
(PostgreSQL refuses NUL in any string, even in a comparison). Run on PostgreSQL in CI."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

#: Every filter parameter the pages read, with a NUL as its value.
PUBLIC = [
    "/thu-tuc/?q=%00",
    "/thu-tuc/?linh_vuc=%00",
    "/thu-tuc/?muc_do=%00",
    "/thu-tuc/?trang=%00",
    "/thu-tuc/1.001193/?noi=%00",
    "/thu-tuc/%00/",
    "/tra-cuu/?ma=%00",
    "/thong-ke/?xa=%00",
    "/thong-ke/?xem=%00",
    "/thong-ke/?co-quan=%00",
    "/bang-dien-tu/?xa=%00",
    "/?%00=1",
]
STAFF = [
    "/can-bo/ho-so/?thu_tuc=%00",
    "/can-bo/ho-so/?q=%00",
    "/can-bo/ho-so/?hop=%00",
    "/can-bo/ho-so/?trang_thai=%00&kenh=%00&sap_xep=%00",
    "/can-bo/ho-so/tiep-nhan/?q=%00&noi=%00",
    "/can-bo/ho-so/%00/",
    "/can-bo/in/so-theo-doi/?co-quan=%00",
    "/can-bo/in/so-theo-doi/?tu=%00&den=%00&dinh-dang=xlsx",
    "/can-bo/chi-so/?don_vi=%00",
    "/can-bo/chi-so/?thu_tuc=%00",
    "/can-bo/chi-so/?ky=%00&loai=%00&thang=%00&nam=%00",
    "/can-bo/chi-so/ho-so/?chi-so=%00&phan=%00",
    "/can-bo/chi-so/xuat-excel/?don_vi=%00",
    "/can-bo/thu-tuc/?pham_vi=%00&linh_vuc=%00&q=%00",
    "/can-bo/thu-tuc/xuat-excel/?pham_vi=%00",
    "/can-bo/to-chuc/?q=%00&role=%00",
    "/can-bo/lich-lam-viec/?agency=%00&year=%00",
    "/can-bo/lich-lam-viec/?received_at=%00&amount=%00",
]


def assert_refused(response) -> None:
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri_nul", password="Kiem-Thu#2026")


@pytest.mark.parametrize("url", PUBLIC)
def test_a_nul_on_a_public_page_is_a_400(client, org, url):
    assert_refused(client.get(url))


@pytest.mark.parametrize("url", STAFF)
def test_a_nul_on_a_staff_page_is_a_400(client, org, superuser, url):
    client.force_login(superuser)
    assert_refused(client.get(url))


def test_a_nul_in_a_form_post_is_a_400(client, org, superuser):
    assert_refused(client.post("/dang-nhap/", {"username": "quan\x00tri", "password": "x"}))
    assert_refused(client.post("/tra-cuu/", {"ma\x00": "1", "so": "0912"}))
    client.force_login(superuser)
    assert_refused(client.post("/can-bo/to-chuc/don-vi/them/", {"name": "Phòng\x00", "code": "X"}))


def test_a_nul_in_a_cookie_is_a_400(client, org):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert_refused(client.get("/thu-tuc/"))


def test_pages_without_a_nul_still_answer(client, org, superuser):
    assert client.get("/thu-tuc/?q=khai+sinh").status_code == 200
    client.force_login(superuser)
    assert client.get("/can-bo/ho-so/?q=T01").status_code == 200
