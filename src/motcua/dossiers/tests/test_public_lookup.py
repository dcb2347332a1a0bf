"""Tra cứu hồ sơ: the public lookup at /tra-cuu/ (issue #3 §5)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core import ratelimit
from motcua.core.models import RateCounter
from motcua.dossiers import inputs, services
from motcua.dossiers.lookup import initials
from motcua.dossiers.models import Channel, Delivery, dossier_code
from motcua.dossiers.web import throttle
from motcua.dossiers.web.public_forms import normalise_code

from .conftest import APPLICANT, at

pytestmark = pytest.mark.django_db

URL = "/tra-cuu/"
PERSONAL = [APPLICANT.name, APPLICANT.id_number, APPLICANT.phone, "Lạch Tray", "5678"]
MIN = dt.timedelta(minutes=1)


def get(client, code, **extra):
    return client.get(URL, {"ma": code}, **extra)


def post(client, code, digits="", **extra):
    return client.post(URL, {"ma": code, "so": digits}, **extra)


def text(response) -> str:
    return response.content.decode()


def assert_in_order(page: str, *parts: str) -> None:
    positions = [page.index(part) for part in parts]
    assert positions == sorted(positions), parts


def test_the_url_printed_on_the_receipt_is_stable():
    assert reverse("dossier-lookup") == URL


def test_the_empty_page_shows_the_form_only(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Mã hồ sơ" in page and "4 số cuối số điện thoại" in page
    assert "Kết quả tra cứu" not in page


def test_the_example_code_has_the_format_of_a_real_code(client, receive):
    d = receive()
    page = text(client.get(URL))
    today = timezone.localdate()
    example = dossier_code(d.receiving_agency.code, today, 1)
    assert f"ví dụ {example}." in page
    # the same shape as the code the counter gave: agency-yymmdd-NNNN
    assert example.rsplit("-", 2)[0] == d.code.rsplit("-", 2)[0]
    assert len(example) == len(d.code)


def test_a_received_dossier_shows_procedure_status_dates_and_no_personal_data(
    client, receive, staff
):
    d = receive()
    response = get(client, d.code)
    assert response.status_code == 200
    page = text(response)
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in page
    assert "Được tiếp nhận" in page
    assert "10:00 ngày 23/02/2026" in page  # received
    assert "10:00 ngày 26/02/2026" in page  # appointment: 3 working days
    assert "Hồ sơ đã được tiếp nhận" in page
    for secret in [*PERSONAL, staff.counter.display_name]:
        assert secret not in page
    assert "Người nộp" not in page


def test_codes_are_normalised(client, receive):
    d = receive()
    typed = "  " + d.code.lower().replace("-", " \u2013 ", 1) + " "
    assert normalise_code(typed) == d.code
    assert "Được tiếp nhận" in text(get(client, typed))


def test_an_unknown_code_gets_the_same_page_shape_and_status(client, receive):
    known = get(client, receive().code)
    unknown = get(client, "T01.01.03-260223-0999")
    assert unknown.status_code == known.status_code == 200
    for page in (text(known), text(unknown)):
        assert 'id="ket-qua"' in page and "Kết quả tra cứu" in page
        assert "Tra cứu lại hoặc xác minh người nộp" in page
    assert "Không tìm thấy hồ sơ có mã" in text(unknown)
    assert "T01.01.03-260223-0999" in text(unknown)
    assert "Không tìm thấy" not in text(known)


def test_a_malformed_code_is_refused_next_to_the_field(client):
    response = get(client, "<script>alert(1)</script>")
    assert response.status_code == 200
    page = text(response)
    assert "Mã hồ sơ chỉ gồm chữ, số, dấu chấm và dấu gạch ngang" in page
    assert "<script>alert" not in page
    assert "Kết quả tra cứu" not in page


def test_the_public_timeline_lists_public_steps_in_order_without_notes_or_staff(
    client, receive, staff
):
    d = receive()
    d = services.forward(
        actor=staff.counter, dossier=d, note="Gọi lại cho chị Hường", at=at(2026, 2, 23, 10, 5)
    )
    d = services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at(2026, 2, 23, 10, 10)
    )
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        reason="Tờ khai ký sai chỗ, đã báo anh trưởng phòng",
        missing=[
            inputs.MissingDocument(
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                copy_type="original",
                note="Ghi chú riêng của chuyên viên",
            ),
            inputs.MissingDocument("Trích lục ly hôn", copy_type="certified_copy", quantity=2),
        ],
        at=at(2026, 2, 24, 9),
    )
    page = text(get(client, d.code))
    assert "Yêu cầu bổ sung giấy tờ" in page  # the status
    assert "Hồ sơ đang chờ bổ sung:" in page
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in page
    assert "Trích lục ly hôn" in page and "bản sao có chứng thực, 2 bản" in page
    assert "Tạm dừng tính thời hạn" in page
    assert_in_order(
        page, "Hồ sơ đã được tiếp nhận", "Đã chuyển đơn vị giải quyết", "Cần bổ sung hồ sơ"
    )
    assert "09:00 ngày 24/02/2026" in page
    for secret in [
        "Gọi lại cho chị Hường",
        "trưởng phòng",
        "Ghi chú riêng",
        "Đang được xử lý",  # the assignment is not public
        staff.spec_a.display_name,
        staff.head_a.display_name,
        *PERSONAL,
    ]:
        assert secret not in page


def test_after_the_supplement_the_new_appointment_is_shown(client, in_processing, staff):
    d = in_processing()
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        reason="Thiếu",
        missing=[inputs.MissingDocument("Tờ khai")],
        at=at(2026, 2, 24, 10),
    )
    d = services.record_supplement(actor=staff.counter, dossier=d, at=at(2026, 2, 26, 10))
    page = text(get(client, d.code))
    assert "Hồ sơ đang chờ bổ sung" not in page
    assert "Đã nhận hồ sơ bổ sung" in page
    # One working day used before the pause, two left from Thu 26/2 10:00 → Mon 2/3 10:00.
    assert "10:00 ngày 02/03/2026" in page


def test_an_extension_shows_the_new_date_and_the_first_one(client, in_processing, staff):
    d = in_processing()
    new_due = at(2026, 3, 4, 17, 30)
    d = services.extend(
        actor=staff.head_a,
        dossier=d,
        new_due=new_due,
        reason="Cần xác minh thông tin tại nơi cư trú trước đây",
        at=at(2026, 2, 25, 9),
    )
    page = text(get(client, d.code))
    assert "<strong>17:30 ngày 04/03/2026</strong>" in page
    assert "hẹn ban đầu 10:00 ngày 26/02/2026" in page
    assert "Hẹn lại ngày trả kết quả: 17:30 ngày 04/03/2026" in page
    assert "xác minh thông tin" not in page


def test_a_financial_obligation_says_what_to_pay(client, in_processing, staff):
    d = in_processing()
    d = services.request_obligation(
        actor=staff.spec_a,
        dossier=d,
        description="Nộp lệ phí trước bạ",
        amount_vnd=500000,
        at=at(2026, 2, 24, 10),
    )
    page = text(get(client, d.code))
    assert "Hồ sơ đang chờ thực hiện nghĩa vụ tài chính:" in page
    assert "Nộp lệ phí trước bạ — số tiền 500.000 đ" in page


def test_a_returned_dossier_hides_the_decision_and_the_recipient(client, in_processing, staff):
    d = in_processing()
    d = services.decide(
        actor=staff.head_a, dossier=d, approve=True, note="Đủ điều kiện", at=at(2026, 2, 24, 9)
    )
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 2, 24, 10))
    ready = text(get(client, d.code))
    assert "Hồ sơ đã có kết quả." in ready
    assert "mang theo Giấy tiếp nhận hồ sơ" in ready
    d = services.return_result(
        actor=staff.counter,
        dossier=d,
        method=Delivery.COUNTER,
        recipient_name="Trần Văn Bình",
        at=at(2026, 2, 24, 15),
    )
    page = text(get(client, d.code))
    assert "Đã trả kết quả" in page and "15:00 ngày 24/02/2026" in page
    assert "Đã trả kết quả — tại Bộ phận Một cửa" in page
    for secret in ["Trần Văn Bình", "Đủ điều kiện", "Phê duyệt"]:
        assert secret not in page


def test_a_refused_dossier_has_no_appointment(client, org, procs, staff):
    d = services.refuse_intake(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=APPLICANT,
        reasons="Giấy chứng sinh của bà Nguyễn Thị Hường bị tẩy xóa",
        category="incomplete",
        at=at(2026, 2, 23, 9),
    )
    page = text(get(client, d.code))
    assert "Không được tiếp nhận" in page and "Hồ sơ không được tiếp nhận" in page
    assert "Hẹn trả kết quả" not in page
    # the category is public, the reasons written on Mẫu 03 are not
    assert "Hồ sơ không được tiếp nhận — Hồ sơ chưa đầy đủ, hợp lệ theo quy định" in page
    assert "tẩy xóa" not in page


def test_an_online_dossier_shows_when_it_was_submitted(client, receive):
    d = receive(
        channel=Channel.ONLINE, submitted_at=at(2026, 2, 21, 21, 40), when=at(2026, 2, 23, 8)
    )
    page = text(get(client, d.code))
    assert "Trực tuyến" in page
    timeline = page.split("Quá trình giải quyết")[1]
    assert_in_order(
        timeline,
        "21:40 ngày 21/02/2026",
        "Đã nộp hồ sơ trực tuyến",
        "08:00 ngày 23/02/2026",
        "Hồ sơ đã được tiếp nhận",
    )


def test_the_page_is_never_cached(client, receive):
    response = get(client, receive().code)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in text(response)


# --- The phone check --------------------------------------------------------------------


def test_the_right_phone_digits_show_the_initials_only(client, receive):
    d = receive()
    response = post(client, d.code, "5678")
    assert response.status_code == 200
    page = text(response)
    assert "N.T.H." in page
    for secret in PERSONAL:
        assert secret not in page


def test_wrong_phone_digits_say_so_and_show_no_initials(client, receive):
    d = receive()
    page = text(post(client, d.code, "1234"))
    assert "4 số cuối điện thoại không khớp" in page
    assert "N.T.H." not in page
    assert "Được tiếp nhận" in page


def test_phone_digits_in_a_link_are_ignored(client, receive):
    d = receive()
    page = text(client.get(URL, {"ma": d.code, "so": "5678"}))
    assert "N.T.H." not in page and "không khớp" not in page


def test_phone_digits_must_be_four_digits(client, receive):
    d = receive()
    for typed in ("12a4", "12345", "123"):
        page = text(post(client, d.code, typed))
        assert "Nhập đúng 4 chữ số cuối của số điện thoại." in page
        assert "N.T.H." not in page


def test_a_dossier_without_phone_never_matches(client, receive):
    d = receive(applicant=inputs.Applicant(name="Lê Văn Tám"))
    assert "không khớp" in text(post(client, d.code, "0000"))


def test_five_wrong_tries_lock_the_phone_check_of_that_code(client, receive, settings):
    d = receive()
    other = receive(when=at(2026, 2, 23, 11))
    for _ in range(5):
        assert post(client, d.code, "0000").status_code == 200
    locked = post(client, d.code, "5678")
    assert locked.status_code == 429
    page = text(locked)
    assert "Đã nhập sai số điện thoại quá nhiều lần" in page
    assert "N.T.H." not in page
    assert int(locked["Retry-After"]) > 0
    # The status itself can still be read, and other dossiers are not affected.
    assert get(client, d.code).status_code == 200
    assert "N.T.H." in text(post(client, other.code, "5678"))


def test_wrong_tries_lock_only_the_address_that_made_them(client, receive):
    """Issue #16 §4: an attacker typing wrong digits must not lock the citizen out."""
    d = receive()
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(5):
        assert post(client, d.code, "0000", **attacker).status_code == 200
    assert post(client, d.code, "5678", **attacker).status_code == 429
    citizen = post(client, d.code, "5678", REMOTE_ADDR="198.51.100.20")
    assert citizen.status_code == 200
    assert "N.T.H." in text(citizen)


def test_right_digits_do_not_count_as_wrong_tries(client, receive):
    d = receive()
    for _ in range(7):
        assert "N.T.H." in text(post(client, d.code, "5678"))


# --- The lookup rate per client address -------------------------------------------------


def test_too_many_lookups_from_one_address_get_429(client, receive, settings):
    settings.MOTCUA_LOOKUP_RATE = (3, 600)
    d = receive()
    for _ in range(3):
        assert get(client, d.code).status_code == 200
    refused = get(client, d.code)
    assert refused.status_code == 429
    assert "Tra cứu quá nhiều lần" in text(refused)
    assert 0 < int(refused["Retry-After"]) <= 600
    # Unknown codes are refused alike: probing does not get around the limit.
    assert get(client, "T01.01.03-260223-0999").status_code == 429
    # The bare form is not a lookup; another address has its own allowance.
    assert client.get(URL).status_code == 200
    assert get(client, d.code, REMOTE_ADDR="10.0.0.7").status_code == 200


def test_the_window_passes(client, receive, settings, monkeypatch):
    settings.MOTCUA_LOOKUP_RATE = (2, 600)
    d = receive()
    clock = {"now": 1_800_000_000.0}
    monkeypatch.setattr(ratelimit, "now", lambda: clock["now"])
    assert [get(client, d.code).status_code for _ in range(3)] == [200, 200, 429]
    clock["now"] += 600
    assert get(client, d.code).status_code == 200


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, receive, settings):
    settings.MOTCUA_LOOKUP_RATE = (2, 600)
    d = receive()
    codes = [
        get(client, d.code, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, receive, settings):
    settings.MOTCUA_LOOKUP_RATE = (2, 600)
    settings.MOTCUA_TRUSTED_PROXY_HOPS = 1
    d = receive()

    def from_client(forged):
        # The proxy appends the address it saw (198.51.100.9); the rest is the client's.
        header = f"{forged}, 198.51.100.9"
        return get(client, d.code, HTTP_X_FORWARDED_FOR=header).status_code

    assert [from_client(f"10.9.9.{n}") for n in range(3)] == [200, 200, 429]
    other = get(client, d.code, HTTP_X_FORWARDED_FOR="198.51.100.10").status_code
    assert other == 200


def test_counters_are_rows_that_every_worker_shares(client, receive, settings):
    settings.MOTCUA_LOOKUP_RATE = (2, 600)
    d = receive()
    assert [get(client, d.code).status_code for _ in range(3)] == [200, 200, 429]
    assert throttle.lookup_limit().hits("127.0.0.1") == 3
    assert RateCounter.objects.get().hits == 3


def test_only_get_and_post(client):
    assert client.put(URL).status_code == 405


def test_initials():
    assert initials("Nguyễn Thị Hường") == "N.T.H."
    assert initials("  đỗ   văn  an ") == "Đ.V.A."
    assert initials("") == ""


def test_a_lookup_costs_three_statements(client, receive, django_assert_num_queries):
    """One upsert for the rate limit, the dossier with its two names, its public events."""
    d = receive()
    with django_assert_num_queries(3):
        assert get(client, d.code).status_code == 200
