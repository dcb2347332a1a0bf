"""The dossier page and its actions through the web: POST → service → redirect, errors in
Vietnamese next to their field (200, never 500), and the scoping boundaries."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import events, services
from motcua.dossiers.models import Delivery, Dossier, FileKind, Outcome, Status
from motcua.dossiers.web.staff_actions import ACTION_UI
from motcua.dossiers.workflow import ACTIONS
from motcua.files.tests import samples

from .test_staff_intake import DOCS, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(receive, staff):
    """A dossier received a few minutes ago (the web acts at the real 'now', after it)."""

    def make(procedure=None, *, to=Status.RECEIVED):
        when = timezone.now() - dt.timedelta(minutes=30)
        d = receive(procedure, when)
        if to == Status.RECEIVED:
            return d
        d = services.forward(actor=staff.counter, dossier=d, at=when + dt.timedelta(minutes=1))
        d = services.assign(
            actor=staff.head_a,
            dossier=d,
            specialist=staff.spec_a,
            at=when + dt.timedelta(minutes=2),
        )
        if to == Status.SUPPLEMENT_REQUESTED:
            d = services.request_supplement(
                actor=staff.spec_a,
                dossier=d,
                missing=[],
                reason="Thiếu tờ khai",
                at=when + dt.timedelta(minutes=3),
            )
        if to == Status.DONE:
            d = services.decide(
                actor=staff.head_a, dossier=d, approve=True, at=when + dt.timedelta(minutes=3)
            )
            d = services.result_ready(
                actor=staff.spec_a, dossier=d, at=when + dt.timedelta(minutes=4)
            )
        assert d.status == to
        return d

    return make


def page_url(d):
    return reverse("dossiers-staff-detail", args=[d.code])


def action_url(d, name):
    return reverse("dossiers-staff-action", args=[d.code, name])


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, user, d, name, **fields):
    """POST an action form (its fields carry the action name as prefix)."""
    as_user(client, user)
    return client.post(action_url(d, name), {f"{name}-{k}": v for k, v in fields.items()})


def offered(client, user, d) -> set[str]:
    body = as_user(client, user).get(page_url(d)).content.decode()
    return set(re.findall(r'id="thao-tac-([a-z_]+)"', body))


def reload(d):
    return Dossier.objects.get(pk=d.pk)


def test_every_workflow_action_has_a_form_on_the_page():
    assert set(ACTION_UI) == set(ACTIONS)


# --- The page ------------------------------------------------------------------------------


def test_page_shows_data_documents_clock_and_control_sheet(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    body = as_user(client, staff.head_a).get(page_url(d)).content.decode()
    assert d.code in body and "Nguyễn Thị Hường" in body and "031190001234" in body
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in body and "Phường Một" in body
    assert "15.000 đ" in body
    assert "Thời hạn giải quyết" in body and "Cách tính hạn" in body
    assert "làm việc" in body and "đến hẹn trả" in body
    assert "Phiếu kiểm soát" in body
    for step in ("Tiếp nhận hồ sơ", "Chuyển đơn vị giải quyết", "Phân công chuyên viên xử lý"):
        assert step in body
    assert "Trung tâm Phục vụ HCC → Phòng Văn hóa - Xã hội" in body
    assert "Trước hạn" in body


def test_the_page_offers_exactly_the_available_actions(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    assert offered(client, staff.counter, d) == {"withdraw", "attach_files"}
    assert offered(client, staff.spec_a, d) == {
        "request_supplement",
        "request_obligation",
        "attach_files",
    }
    assert offered(client, staff.head_a, d) == {
        "attach_files",
        "assign",
        "request_supplement",
        "request_obligation",
        "extend",
        "stop",
        "decide",
    }


def test_a_counter_officer_does_not_see_the_decide_form_and_cannot_post_it(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    body = as_user(client, staff.counter).get(page_url(d)).content.decode()
    assert "decide-decision" not in body
    response = post(client, staff.counter, d, "decide", decision="approve")
    assert response.status_code == 403
    assert reload(d).approved is None


@pytest.mark.parametrize("who", ["spec_b", "head_b", "other_counter", "other_leader"])
def test_staff_outside_the_dossier_get_404_on_page_and_actions(client, staff, fresh, who):
    d = fresh(to=Status.PROCESSING)
    user = getattr(staff, who)
    assert as_user(client, user).get(page_url(d)).status_code == 404
    for name in ("decide", "request_supplement", "withdraw", "assign"):
        assert post(client, user, d, name, decision="approve", reason="x").status_code == 404
    assert reload(d).events.count() == 3


def test_unknown_code_or_action_is_404(client, staff, fresh):
    d = fresh()
    as_user(client, staff.counter)
    assert client.get("/can-bo/ho-so/T01.01.03-990101-0001/").status_code == 404
    assert client.post(action_url(d, "teleport")).status_code == 404


def test_actions_only_accept_post(client, staff, fresh):
    d = fresh()
    assert as_user(client, staff.counter).get(action_url(d, "forward")).status_code == 405


def test_anonymous_users_are_sent_to_login(client, fresh):
    d = fresh()
    response = client.get(page_url(d))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_an_action_no_longer_available_says_why(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    response = post(client, staff.counter, d, "forward", note="")
    assert response.status_code == 302
    body = client.get(page_url(d)).content.decode()
    assert "Không thể «Chuyển đơn vị giải quyết» khi hồ sơ đang ở trạng thái «Đang xử lý»" in body


# --- Each action through the web ------------------------------------------------------------


def test_forward(client, staff, fresh):
    d = fresh()
    response = post(client, staff.counter, d, "forward", note="Chuyển bản giấy")
    assert response.status_code == 302 and response["Location"] == page_url(d)
    assert reload(d).status == Status.PROCESSING
    assert "Đã chuyển hồ sơ đến Phòng Văn hóa - Xã hội" in client.get(page_url(d)).content.decode()


def test_assign_offers_only_the_units_specialists(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    body = as_user(client, staff.head_a).get(page_url(d)).content.decode()
    options = re.search(r'name="assign-specialist".*?</select>', body, re.S).group(0)
    assert staff.spec_a.display_name in options and staff.spec_b.display_name not in options
    response = post(client, staff.head_a, d, "assign", specialist=staff.spec_b.pk)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ phân công cho chuyên viên của đơn vị giải quyết." in body
    assert 'id="id_assign-specialist-error"' in body
    response = post(client, staff.head_a, d, "assign", specialist=staff.head_a.pk)
    assert response.status_code == 302 and reload(d).assignee == staff.head_a


def test_request_and_record_supplement(client, staff, org, fresh):
    proc = publish(org.ward, org.unit_a, "1.000894", "Đăng ký kết hôn", documents=DOCS)
    d = fresh(proc, to=Status.PROCESSING)
    doc = proc.versions.get().documents.get(order=1)
    response = post(
        client,
        staff.spec_a,
        d,
        "request_supplement",
        missing=[doc.pk],
        other_missing="Giấy xác nhận cư trú",
        reason="Tờ khai chưa ký",
    )
    assert response.status_code == 302
    d = reload(d)
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.paused_at is not None
    data = events.SupplementRequested.read(d.events.get(kind="supplement_requested"))
    assert [m.name for m in data.missing] == [doc.name, "Giấy xác nhận cư trú"]
    body = client.get(page_url(d)).content.decode()
    assert "Đang tạm dừng tính thời hạn" in body and "Chờ bổ sung hồ sơ" in body
    assert "record_supplement" in offered(client, staff.counter, d)
    response = post(client, staff.counter, d, "record_supplement", note="Đã nộp tờ khai")
    assert response.status_code == 302 and reload(d).status == Status.PROCESSING


def test_an_empty_supplement_request_is_refused_next_to_the_reason(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    response = post(client, staff.spec_a, d, "request_supplement", reason="  ")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_request_supplement-reason-error"' in body
    assert "Nêu giấy tờ cần bổ sung hoặc lý do." in body
    assert '<details class="action-panel" id="thao-tac-request_supplement" open>' in body
    assert reload(d).status == Status.PROCESSING


def test_request_and_record_obligation(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    response = post(
        client,
        staff.spec_a,
        d,
        "request_obligation",
        amount_vnd="-5",
        description="Nộp lệ phí trước bạ",
    )
    assert response.status_code == 200 and "Số tiền không được âm." in response.content.decode()
    response = post(
        client,
        staff.spec_a,
        d,
        "request_obligation",
        amount_vnd="500000",
        description="Nộp lệ phí trước bạ",
    )
    assert response.status_code == 302
    assert reload(d).status == Status.FINANCIAL_OBLIGATION
    response = post(client, staff.counter, d, "record_obligation", note="Biên lai số 12")
    assert response.status_code == 302 and reload(d).status == Status.PROCESSING


def test_extend_moves_the_promise_not_the_legal_due(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    new_due = timezone.localtime(d.due_at + dt.timedelta(days=3))
    response = post(
        client,
        staff.head_a,
        d,
        "extend",
        reason="Cần xác minh thêm",
        new_due=new_due.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    after = reload(d)
    assert after.due_at == new_due.replace(second=0, microsecond=0)
    assert after.legal_due_at == d.legal_due_at and after.extension_count == 1
    body = client.get(page_url(d)).content.decode()
    assert "gia hạn 1 lần" in body and "Cần xác minh thêm" in body


def test_extend_errors_are_shown_next_to_their_fields(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    earlier = timezone.localtime(d.due_at - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = post(client, staff.head_a, d, "extend", reason="Cần xác minh", new_due=earlier)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_extend-new_due-error"' in body
    assert "Ngày hẹn mới phải sau ngày hẹn hiện tại." in body
    assert "Cần xác minh" in body  # the input is kept
    response = post(client, staff.head_a, d, "extend", reason="x", new_due="ngày mai")
    assert "Ngày giờ không hợp lệ." in response.content.decode()
    assert reload(d).extension_count == 0


def test_stop(client, staff, fresh):
    d = fresh(to=Status.SUPPLEMENT_REQUESTED)
    response = post(client, staff.head_a, d, "stop", reason="", legal_ground="")
    assert response.status_code == 200 and "Thông tin này là bắt buộc." in response.content.decode()
    response = post(
        client,
        staff.head_a,
        d,
        "stop",
        reason="Quá hạn bổ sung",
        legal_ground="Điều 21 Nghị định 118/2025/NĐ-CP",
    )
    assert response.status_code == 302 and reload(d).status == Status.STOPPED


def test_decide_reject_needs_a_reason_and_keeps_the_choice(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    response = post(client, staff.head_a, d, "decide", decision="reject", note="")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_decide-note-error"' in body and "Nêu rõ lý do từ chối giải quyết." in body
    assert re.search(r'value="reject"[^>]*checked', body)
    response = post(client, staff.head_a, d, "decide", decision="reject", note="Không đủ điều kiện")
    assert response.status_code == 302 and reload(d).approved is False


def test_decide_approve_then_result_ready_and_return(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    assert post(client, staff.head_a, d, "decide", decision="approve").status_code == 302
    assert "result_ready" in offered(client, staff.spec_a, d)
    response = post(
        client, staff.spec_a, d, "result_ready", files=[samples.pdf("Giấy xác nhận.pdf")]
    )
    assert response.status_code == 302
    d = reload(d)
    assert d.status == Status.DONE and d.outcome == Outcome.EARLY
    assert d.files.get().kind == FileKind.ELECTRONIC_RESULT
    body = client.get(page_url(d)).content.decode()
    assert "Hồ sơ đã có kết quả (trước hạn), chờ trả." in body
    response = post(
        client,
        staff.counter,
        d,
        "return_result",
        method=Delivery.COUNTER,
        recipient_name="",
        recipient_id_number="",
        note="",
    )
    assert "Nhập họ tên người nhận kết quả." in response.content.decode()
    response = post(
        client,
        staff.counter,
        d,
        "return_result",
        method=Delivery.COUNTER,
        recipient_name="Nguyễn Thị Hường",
        recipient_id_number="031190001234",
        note="",
    )
    assert response.status_code == 302
    d = reload(d)
    assert d.status == Status.RETURNED and d.returned_at is not None
    assert offered(client, staff.counter, d) == set()


def test_return_form_is_prefilled_with_the_applicant(client, staff, fresh):
    d = fresh(to=Status.DONE)
    body = as_user(client, staff.counter).get(page_url(d)).content.decode()
    assert 'name="return_result-recipient_name" value="Nguyễn Thị Hường"' in body


def test_withdraw(client, staff, fresh):
    d = fresh()
    response = post(client, staff.counter, d, "withdraw", reason="Người nộp xin rút")
    assert response.status_code == 302 and reload(d).status == Status.WITHDRAWN
    body = client.get(page_url(d)).content.decode()
    assert "Đã rút hồ sơ theo yêu cầu của người nộp." in body and "Người nộp xin rút" in body


def test_a_late_result_is_judged_late_on_the_control_sheet(client, staff, receive):
    long_ago = timezone.now() - dt.timedelta(days=40)
    d = receive(when=long_ago)
    d = services.forward(actor=staff.counter, dossier=d, at=long_ago + dt.timedelta(minutes=5))
    d = services.decide(actor=staff.head_a, dossier=d, approve=True)
    post(client, staff.spec_a, d, "result_ready")
    d = reload(d)
    assert d.outcome == Outcome.LATE
    body = client.get(page_url(d)).content.decode()
    assert re.search(r'<span class="badge badge-err">Quá hạn</span>', body)
    assert "quá hạn" in body and "ngày" in body


def test_extend_starts_from_the_current_appointment_and_accepts_dd_mm_yyyy(client, staff, fresh):
    d = fresh(to=Status.PROCESSING)
    due = timezone.localtime(d.due_at)
    body = as_user(client, staff.head_a).get(page_url(d)).content.decode()
    assert f'name="extend-new_due" value="{due:%d/%m/%Y %H:%M}"' in body
    new_due = due + dt.timedelta(days=2)
    response = post(
        client,
        staff.head_a,
        d,
        "extend",
        reason="Chờ xác minh",
        new_due=f"{new_due:%d/%m/%Y %H:%M}",
    )
    assert response.status_code == 302
    assert reload(d).due_at == new_due.replace(second=0, microsecond=0)


def test_the_page_links_the_official_forms_its_timeline_can_print(client, staff, fresh):
    d = fresh(to=Status.SUPPLEMENT_REQUESTED)
    body = as_user(client, staff.counter).get(page_url(d)).content.decode()
    receipt = reverse("dossier-form", args=[d.code, "01"])
    assert f'href="{receipt}"' in body and "In giấy tiếp nhận (Mẫu 01)" in body
    assert reverse("dossier-form", args=[d.code, "02"]) in body
    assert f"{reverse('dossier-form', args=[d.code, '06'])}?dinh-dang=pdf" in body
    assert reverse("dossier-form", args=[d.code, "04"]) not in body
    printed = client.get(receipt)
    assert printed.status_code == 200 and "Nguyễn Thị Hường" in printed.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01/01/2101 10:00", "Năm phải trong khoảng 2000–2100"),
        ("01/01/0001 10:00", "Năm phải trong khoảng 2000–2100"),
        ("far", "Hẹn trả mới cách hôm nay hơn một năm"),
    ],
)
def test_extend_shows_every_error_at_once_with_the_reason(client, staff, fresh, typed, message):
    """Issue #10: an implausible new appointment and a missing reason, both on one submit."""
    d = fresh(to=Status.PROCESSING)
    if typed == "far":
        typed = f"{timezone.localtime() + dt.timedelta(days=400):%d/%m/%Y %H:%M}"
    response = post(client, staff.head_a, d, "extend", reason="", new_due=typed)
    body = response.content.decode()
    assert message in body
    assert "Thông tin này là bắt buộc." in body
    assert reload(d).due_at == d.due_at


def test_the_supplement_is_handed_over_by_the_counter_officer(client, staff, fresh):
    """Issue #10: "Nhận hồ sơ bổ sung" reads counter → unit, done by the officer."""
    d = fresh(to=Status.SUPPLEMENT_REQUESTED)
    d = services.record_supplement(actor=staff.counter, dossier=d)
    body = as_user(client, staff.counter).get(page_url(d)).content.decode()
    row = body[body.rindex("Nhận hồ sơ bổ sung") :]
    row = row[: row.index("</tr>")]
    assert d.receiving_agency.display_name in row
    assert staff.counter.display_name in row
