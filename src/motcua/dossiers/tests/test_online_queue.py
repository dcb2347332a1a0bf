"""The counter's online queue (/can-bo/ho-so/truc-tuyen/) and the check's actions on the
dossier page: scope, the checking limit, the forms and their errors."""

import re

import pytest
import time_machine
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status

from .conftest import at

QUEUE = "/can-bo/ho-so/truc-tuyen/"


def _act(code, action):
    return reverse("dossiers-staff-action", args=[code, action])


@pytest.fixture
def waiting(submit, staff, receive):
    """Three online dossiers waiting (Mon 23/2 08:00, Tue 24/2 09:00, Wed 25/2 15:00), one
    received online, one received at the counter."""
    old = submit("a", when=at(2026, 2, 23, 8))
    middle = submit("b", when=at(2026, 2, 24, 9))
    new = submit("c", when=at(2026, 2, 25, 15))
    received = services.receive_online(
        actor=staff.counter, dossier=submit("d", when=at(2026, 2, 23, 9)), at=at(2026, 2, 23, 10)
    )
    counter = receive(when=at(2026, 2, 23, 11))
    return old, middle, new, received, counter


def _codes(html: str) -> list[str]:
    return re.findall(r'data-label="Mã hồ sơ"><a href="[^"]+">([^<]+)</a>', html)


def test_the_queue_lists_online_dossiers_waiting_oldest_first(client, staff, waiting):
    old, middle, new, received, counter = waiting
    client.force_login(staff.counter)
    # Wed 25/2 16:00: Monday's is 8 working hours old (due Tue 08:00), Tuesday's is due
    # Wed 09:00; Wednesday's 15:00 one is due Thu 15:00.
    with time_machine.travel(at(2026, 2, 25, 16), tick=False):
        response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert _codes(html) == [old.code, middle.code, new.code]
    assert received.code not in html and counter.code not in html
    assert html.count('class="row-overdue"') == 2
    assert "2 hồ sơ quá hạn kiểm tra" in html
    assert "08:00 ngày 24/02/2026" in html  # 23/2 08:00 + 8 working hours (07:30–11:30, …)
    assert "15:00 ngày 26/02/2026" in html  # Wed 15:00 + 2 h 30 + 4 h + 1 h 30


def test_the_menu_shows_the_queue_to_counter_officers_only(client, staff, waiting):
    client.force_login(staff.counter)
    html = client.get("/can-bo/ho-so/").content.decode()
    assert re.search(r'href="/can-bo/ho-so/truc-tuyen/"[^>]*>\s*Hồ sơ trực tuyến', html)
    client.force_login(staff.spec_a)
    assert "/can-bo/ho-so/truc-tuyen/" not in client.get("/can-bo/ho-so/").content.decode()


def test_another_wards_officer_sees_nothing_and_cannot_act(client, staff, waiting):
    old = waiting[0]
    client.force_login(staff.other_counter)
    response = client.get(QUEUE)
    assert response.status_code == 200 and _codes(response.content.decode()) == []
    assert client.get(reverse("dossiers-staff-detail", args=[old.code])).status_code == 404
    for action in ("receive_online", "request_completion", "refuse_online"):
        assert client.post(_act(old.code, action), {}).status_code == 404
    assert Dossier.objects.get(pk=old.pk).status == Status.NEW


def test_staff_who_do_not_receive_are_refused(client, staff, waiting):
    client.force_login(staff.spec_a)
    assert client.get(QUEUE).status_code == 403
    # The unit sees the dossier (its competent unit) but may not check it for the counter.
    old = waiting[0]
    assert client.post(_act(old.code, "receive_online"), {}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, waiting):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    response = client.post(_act(waiting[0].code, "receive_online"), {})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert Dossier.objects.get(pk=waiting[0].pk).status == Status.NEW


def test_the_dossier_page_offers_the_three_checks_and_the_checking_limit(client, staff, waiting):
    old = waiting[0]
    client.force_login(staff.counter)
    with time_machine.travel(at(2026, 2, 25, 16), tick=False):
        html = client.get(reverse("dossiers-staff-detail", args=[old.code])).content.decode()
    for label in (
        "Tiếp nhận hồ sơ trực tuyến",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến",
        "Từ chối tiếp nhận hồ sơ trực tuyến",
    ):
        assert label in html
    assert "Hạn kiểm tra" in html and "Quá hạn kiểm tra" in html
    assert "Chưa tính thời hạn" in html


def test_receiving_from_the_page_starts_the_clock_and_offers_the_receipt(client, staff, waiting):
    old = waiting[0]
    client.force_login(staff.counter)
    with time_machine.travel(at(2026, 2, 25, 16), tick=False):
        response = client.post(_act(old.code, "receive_online"), {}, follow=True)
        receipt = client.get(reverse("dossier-form", args=[old.code, "01"]))
    html = response.content.decode()
    assert f"Đã tiếp nhận hồ sơ {old.code}" in html
    dossier = Dossier.objects.get(pk=old.pk)
    assert dossier.status == Status.RECEIVED and dossier.clock_started_at == at(2026, 2, 25, 16)
    assert "In giấy tiếp nhận (Mẫu 01)" in html
    assert receipt.status_code == 200 and old.code in receipt.content.decode()


def test_refusing_needs_a_category_and_reasons_shown_next_to_each(client, staff, waiting):
    old = waiting[0]
    client.force_login(staff.counter)
    response = client.post(_act(old.code, "refuse_online"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chọn loại lý do từ chối" in html and "Thông tin này là bắt buộc." in html
    assert Dossier.objects.get(pk=old.pk).status == Status.NEW
    response = client.post(
        _act(old.code, "refuse_online"),
        {
            "refuse_online-refusal_category": "not_competent",
            "refuse_online-reasons": "Thủ tục thuộc thẩm quyền cấp tỉnh",
        },
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=old.pk).status == Status.NOT_RECEIVED
    assert client.get(reverse("dossier-form", args=[old.code, "03"])).status_code == 200


def test_asking_for_completion_needs_what_is_missing(client, staff, waiting):
    old = waiting[0]
    client.force_login(staff.counter)
    response = client.post(_act(old.code, "request_completion"), {})
    assert "Nêu giấy tờ cần bổ sung hoặc lý do." in response.content.decode()
    response = client.post(
        _act(old.code, "request_completion"),
        {"request_completion-other_missing": "Giấy chứng sinh (bản chụp rõ nét)"},
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(pk=old.pk)
    assert dossier.status == Status.SUPPLEMENT_REQUESTED and dossier.received_at is None
    assert client.get(reverse("dossier-form", args=[old.code, "02"])).status_code == 200
    assert old.code not in client.get(QUEUE).content.decode()
