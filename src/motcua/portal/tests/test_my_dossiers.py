"""Hồ sơ của tôi (issue 11 §5, issue 16 §5): the citizen's own dossiers on the portal —
the list, one dossier's public face, its files and forms, the applicant's actions, the
offices that viewed it; and every one of these refused outside its scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.inputs import MissingDocument, ReceivedDocument
from motcua.dossiers.models import (
    Delivery,
    DossierEvent,
    FileKind,
    PersonalDataAccess,
    Status,
)
from motcua.dossiers.selectors import readable_dossier_file
from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.dossiers.tests.conftest import at
from motcua.files.tests import samples

# The dossiers' online fixtures (published online procedures, staff, `submit`).
online_procs = dossier_fixtures.online_procs
staff = dossier_fixtures.staff
submit = dossier_fixtures.submit

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Ghi chú nội bộ: kiểm tra kỹ hộ khẩu"
COMPLETION_REASON = "Ảnh chụp giấy chứng sinh bị mờ"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(make_citizen):
    """The applicant: a portal account (dossiers' `submit` fixture submits as this one)."""
    return make_citizen("huong@example.vn", full_name="Nguyễn Thị Hường")


@pytest.fixture
def other(make_citizen):
    return make_citizen("khac@example.vn", full_name="Trần Văn Khác")


def _url(name, d, *args):
    return reverse(name, args=[d.code, *args])


def _to_result(d, staff, *, result=True):
    """Receive, forward (with an internal note), assign, approve, result ready."""
    d = services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10))
    d = services.forward(
        actor=staff.counter, dossier=d, note=INTERNAL_NOTE, at=at(2026, 2, 23, 10, 5)
    )
    d = services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at(2026, 2, 23, 10, 10)
    )
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 24, 9))
    return services.result_ready(
        actor=staff.spec_a,
        dossier=d,
        result_files=[samples.pdf("Trích lục khai sinh.pdf")] if result else (),
        at=at(2026, 2, 24, 10),
    )


def _ask_completion(d, staff):
    return services.request_completion(
        actor=staff.counter,
        dossier=d,
        missing=[MissingDocument("Giấy chứng sinh", quantity=1)],
        reason=COMPLETION_REASON,
        at=at(2026, 2, 23, 10),
    )


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_own_dossiers_newest_first(client, citizen, other, submit):
    older = submit("k-1", when=at(2026, 2, 20, 9))
    newer = submit("k-2", when=at(2026, 2, 23, 9))
    theirs = submit("k-3", submitter=other)
    client.force_login(citizen)
    response = client.get(reverse("portal-my-dossiers"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.code) < html.index(older.code)
    assert theirs.code not in html
    assert "Mới đăng ký" in html and newer.procedure.name in html
    assert "23/02/2026" in html


def test_an_organisation_account_sees_its_own_dossiers(client, make_citizen, submit):
    from motcua.org.models import AccountKind

    company = make_citizen("lienhe@congty.example", kind=AccountKind.ORGANISATION)
    d = submit("k-org", submitter=company)
    client.force_login(company)
    assert d.code in client.get(reverse("portal-my-dossiers")).content.decode()
    assert client.get(_url("portal-my-dossier", d)).status_code == 200


def test_the_list_is_paginated(client, citizen, submit, settings):
    from motcua.portal import dossier_views

    for n in range(dossier_views.PAGE_SIZE + 1):
        submit(f"k-{n}", when=at(2026, 2, 2, 8) + dt.timedelta(minutes=n))
    client.force_login(citizen)
    first = client.get(reverse("portal-my-dossiers")).content.decode()

    assert "Trang 1 / 2" in first
    second = client.get(reverse("portal-my-dossiers") + "?trang=2").content.decode()
    assert "Trang 2 / 2" in second
    assert first.count('data-label="Mã hồ sơ"') == dossier_views.PAGE_SIZE
    assert second.count('data-label="Mã hồ sơ"') == 1  # the oldest one


# --- Scope ------------------------------------------------------------------------------------


def _all_urls(d):
    return [
        ("get", reverse("portal-my-dossiers")),
        ("get", _url("portal-my-dossier", d)),
        ("get", _url("portal-my-dossier-form", d, "01")),
        ("get", _url("portal-my-dossier-file", d, 1)),
        ("post", _url("portal-my-dossier-withdraw", d)),
        ("post", _url("portal-my-dossier-delivery", d)),
        ("post", _url("portal-my-dossier-supplement", d)),
    ]


def test_anonymous_is_sent_to_the_portal_sign_in(client, submit):
    d = submit()
    for method, url in _all_urls(d):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_staff_accounts_are_refused(client, submit, staff):
    d = submit()
    client.force_login(staff.counter)  # the counter may see the dossier on the staff side
    for method, url in _all_urls(d):
        assert getattr(client, method)(url).status_code == 403, url


def test_another_citizen_guessing_the_code_gets_404(client, submit, other, staff):
    d = _to_result(submit(), staff)
    row = d.files.get()
    client.force_login(other)
    urls = [*_all_urls(d)[1:], ("get", _url("portal-my-dossier-file", d, row.pk))]
    for method, url in urls:
        data = {"reason": "x", "delivery": "counter"} if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, url
    d.refresh_from_db()
    assert d.status == Status.DONE


# --- One dossier ------------------------------------------------------------------------------


def test_the_dossier_page_shows_the_public_timeline_only(client, citizen, submit, staff):
    d = _to_result(submit(), staff)
    client.force_login(citizen)
    response = client.get(_url("portal-my-dossier", d))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã xử lý xong" in html and "Quá trình giải quyết" in html
    public = [e for e in d.events.order_by("at") if e.is_public]
    assert public and len(public) < d.events.count()  # files_attached stays inside
    assert INTERNAL_NOTE not in html
    for person in (staff.counter, staff.head_a, staff.spec_a):
        assert person.full_name and person.full_name not in html
    assert staff.head_a.username not in html and staff.spec_a.username not in html
    assert "Trích lục khai sinh.pdf" in html  # the electronic result
    assert "Mẫu 01" in html  # the receipt issued when received


def test_the_completion_request_shows_documents_not_the_reason(client, citizen, submit, staff):
    d = _ask_completion(submit(), staff)
    client.force_login(citizen)
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert "Giấy chứng sinh" in html
    assert COMPLETION_REASON not in html
    assert "Bổ sung hồ sơ" in html and 'enctype="multipart/form-data"' in html
    assert "Mẫu 02" in html


def test_the_issued_form_downloads_as_pdf(client, citizen, submit, staff):
    d = services.receive_online(actor=staff.counter, dossier=submit(), at=at(2026, 2, 23, 10))
    client.force_login(citizen)
    response = client.get(_url("portal-my-dossier-form", d, "01"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # Not issued (no refusal) → 404; the office's own forms are not offered.
    assert client.get(_url("portal-my-dossier-form", d, "03")).status_code == 404
    assert client.get(_url("portal-my-dossier-form", d, "06")).status_code == 404


# --- Files ------------------------------------------------------------------------------------


def test_the_applicant_downloads_the_result_but_not_the_counters_scans(
    client, citizen, other, submit, staff
):
    d = submit()
    d = services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 9, 30))
    [scan] = services.attach_files(
        actor=staff.counter, dossier=d, uploads=[samples.pdf("scan.pdf")], at=at(2026, 2, 23, 9, 40)
    )
    d.refresh_from_db()
    d = services.forward(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10, 5))
    d = services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at(2026, 2, 23, 10, 10)
    )
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 24, 9))
    d = services.result_ready(
        actor=staff.spec_a,
        dossier=d,
        result_files=[samples.pdf("Kết quả.pdf")],
        at=at(2026, 2, 24, 10),
    )
    result = d.files.get(kind=FileKind.ELECTRONIC_RESULT)
    client.force_login(citizen)
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert "Kết quả.pdf" in html and "scan.pdf" not in html
    response = client.get(_url("portal-my-dossier-file", d, result.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    # The counter's intake scan is the office's: 404 as for a file that does not exist.
    assert client.get(_url("portal-my-dossier-file", d, scan.pk)).status_code == 404
    assert readable_dossier_file(citizen, scan.pk) is None
    assert readable_dossier_file(citizen, result.pk) == result
    assert readable_dossier_file(other, result.pk) is None
    # Staff keep their rule: the counter reads both.
    assert readable_dossier_file(staff.counter, scan.pk) == scan


def test_a_file_of_another_own_dossier_is_404_under_this_code(client, citizen, submit, staff):
    a = _to_result(submit("k-1"), staff)
    b = submit("k-2", when=at(2026, 2, 25, 9))
    client.force_login(citizen)
    assert client.get(_url("portal-my-dossier-file", b, a.files.get().pk)).status_code == 404


# --- Actions ----------------------------------------------------------------------------------


def test_withdraw_needs_a_reason_then_withdraws(client, citizen, submit):
    d = submit()
    client.force_login(citizen)
    url = _url("portal-my-dossier-withdraw", d)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Nêu lý do rút hồ sơ." in response.content.decode()
    d.refresh_from_db()
    assert d.status == Status.NEW
    response = client.post(url, {"reason": "Tôi nộp nhầm thủ tục"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.WITHDRAWN and d.finished_at is not None
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert "Công dân yêu cầu rút hồ sơ" in html
    assert 'id="rut-ho-so"' not in html  # no second withdrawal


def test_delivery_choice_checks_the_address_and_the_version(client, citizen, submit, online_procs):
    d = submit()
    client.force_login(citizen)
    url = _url("portal-my-dossier-delivery", d)
    response = client.post(url, {"delivery": Delivery.POSTAL, "delivery_address": ""})
    assert response.status_code == 400
    assert "Nhập địa chỉ nhận kết quả" in response.content.decode()
    response = client.post(
        url, {"delivery": Delivery.POSTAL, "delivery_address": "Số 5 Lạch Tray, Hải Phòng"}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.delivery == Delivery.POSTAL and d.delivery_address == "Số 5 Lạch Tray, Hải Phòng"
    assert d.events.filter(kind="delivery_chosen").count() == 1
    # A version that returns at the counter only: post is not a choice.
    only_counter = submit("k-2", procedure=online_procs.counter_only)
    response = client.post(
        _url("portal-my-dossier-delivery", only_counter),
        {"delivery": Delivery.POSTAL, "delivery_address": "Số 5"},
    )
    assert response.status_code == 400
    assert "không trả kết quả theo hình thức đã chọn" in response.content.decode()


def test_supplement_upload_sends_the_dossier_back(client, citizen, submit, staff):
    d = _ask_completion(submit(), staff)
    client.force_login(citizen)
    url = _url("portal-my-dossier-supplement", d)
    # No file, then a disguised executable: errors next to the field, nothing changes.
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Chọn ít nhất một tệp." in response.content.decode()
    response = client.post(url, {"files": [samples.upload("chung-sinh.pdf", samples.EXE)]})
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.status == Status.SUPPLEMENT_REQUESTED and not d.files.exists()
    response = client.post(
        url,
        {
            "files": [samples.pdf("Giấy chứng sinh.pdf"), samples.upload("anh.png", samples.PNG)],
            "note": "Đã chụp lại rõ nét",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.NEW  # back in the counter's online queue
    rows = list(d.files.order_by("id"))
    assert [r.kind for r in rows] == [FileKind.SUPPLEMENT] * 2
    assert all(r.attached_by == citizen for r in rows)
    assert DossierEvent.objects.filter(dossier=d, kind="supplement_received").count() == 1
    # The applicant reads their own supplement back.
    assert client.get(_url("portal-my-dossier-file", d, rows[0].pk)).status_code == 200


def test_supplement_after_receipt_resumes_the_clock(client, citizen, submit, staff):
    d = services.receive_online(actor=staff.counter, dossier=submit(), at=at(2026, 2, 23, 10))
    d = services.forward(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10, 5))
    d = services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at(2026, 2, 23, 10, 10)
    )
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        missing=[MissingDocument("Giấy chứng sinh")],
        reason="Thiếu",
        at=at(2026, 2, 23, 11),
    )
    assert d.paused_at is not None
    client.force_login(citizen)
    response = client.post(
        _url("portal-my-dossier-supplement", d), {"files": [samples.pdf("cs.pdf")]}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.PROCESSING and d.paused_at is None


def test_actions_not_open_in_this_status_are_refused_in_vietnamese(client, citizen, submit, staff):
    d = _to_result(submit(), staff)
    client.force_login(citizen)
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert 'id="rut-ho-so"' not in html and 'id="bo-sung"' not in html
    response = client.post(_url("portal-my-dossier-withdraw", d), {"reason": "đổi ý"})
    assert response.status_code == 400
    assert "Không thể «Rút hồ sơ»" in response.content.decode()
    d.refresh_from_db()
    assert d.status == Status.DONE


# --- Who viewed -------------------------------------------------------------------------------


def test_offices_that_viewed_appear_after_a_staff_member_opens_the_dossier(
    client, citizen, submit, staff, org
):
    d = submit(documents=[ReceivedDocument("Tờ khai")])
    client.force_login(citizen)
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert "Chưa có cơ quan nào xem hồ sơ." in html
    client.force_login(staff.counter)
    assert client.get(reverse("dossiers-staff-detail", args=[d.code])).status_code == 200
    client.force_login(citizen)
    html = client.get(_url("portal-my-dossier", d)).content.decode()
    assert "Chưa có cơ quan nào xem hồ sơ." not in html
    assert org.center.name in html
    assert staff.counter.full_name not in html
    # The citizen's own visits are not "an office viewing".
    assert PersonalDataAccess.objects.filter(dossier=d).count() == 1
