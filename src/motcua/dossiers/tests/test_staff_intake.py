"""Counter intake through the web: procedure search, checklist, preview, confirm, refuse."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.content import DocumentData, VersionData
from motcua.catalog.models import CopyType, DeadlineKind
from motcua.catalog.services import publish_version
from motcua.core.phone import MESSAGE as PHONE_MESSAGE
from motcua.dossiers.models import Channel, Delivery, Dossier, DossierEvent, Status
from motcua.org.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
INTAKE = "/can-bo/ho-so/tiep-nhan/"
DOCS = (
    DocumentData("Tờ khai đăng ký kết hôn", CopyType.ORIGINAL, 1),
    DocumentData("Giấy tờ chứng minh nhân thân", CopyType.PRESENT_ONLY, 1),
    DocumentData("Bản án ly hôn đã có hiệu lực", CopyType.CERTIFIED_COPY, 2),
)


def publish(
    scope,
    unit,
    code,
    name,
    *,
    kind=DeadlineKind.DAYS,
    amount=3,
    fee=0,
    documents=(),
    delivery=("counter",),
    sector="Hộ tịch",
):
    """A procedure version in force since 1/7/2025 in ``scope``, resolved by ``unit``."""
    return publish_version(
        actor=None,
        scope=scope,
        data=VersionData(
            code=code,
            name=name,
            sector=sector,
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=kind,
            deadline_amount=amount if kind != DeadlineKind.SAME_DAY else 0,
            fee_vnd=fee,
            competent_unit_code=unit.code,
            result_delivery=tuple(delivery),
            documents=tuple(documents),
        ),
    ).version.procedure


@pytest.fixture
def marriage(org):
    return publish(
        org.ward,
        org.unit_a,
        "1.000894",
        "Đăng ký kết hôn",
        fee=15000,
        documents=DOCS,
        delivery=("counter", "postal"),
    )


@pytest.fixture
def counter_client(client, staff):
    client.force_login(staff.counter)
    return client


def form_url(procedure, agency=None):
    url = f"{INTAKE}{procedure.code}/"
    return f"{url}?noi={agency.pk}" if agency else url


def intake_data(version_docs, **overrides):
    """A complete intake POST: every listed document ticked, a valid applicant."""
    data = {
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Thị Hường",
        "applicant_id_number": "031190001234",
        "applicant_phone": "0912 345 678",
        "applicant_email": "huong@example.vn",
        "applicant_address": "Số 5 Lạch Tray",
        "request_summary": "Xác nhận tình trạng hôn nhân để đăng ký kết hôn",
        "channel": str(Channel.COUNTER),
        "delivery": Delivery.COUNTER,
        "other_documents": "",
        "reasons": "",
        "step": "preview",
    }
    for doc in version_docs:
        data[f"doc_{doc.pk}"] = "on"
        data[f"qty_{doc.pk}"] = str(doc.quantity)
        data[f"copy_{doc.pk}"] = doc.copy_type
    data.update(overrides)
    return data


def docs_of(procedure):
    return list(procedure.versions.get().documents.order_by("order"))


# --- Choosing the procedure ----------------------------------------------------------------


def test_search_finds_procedures_without_diacritics(counter_client, marriage, procs):
    page = counter_client.get(INTAKE, {"q": "ket hon"}).content.decode()
    assert "Đăng ký kết hôn" in page
    assert "Đăng ký khai sinh" not in page
    assert form_url(marriage) in page
    by_code = counter_client.get(INTAKE, {"q": "1.001193"}).content.decode()
    assert "Đăng ký khai sinh" in by_code


def test_search_lists_only_what_is_in_force_at_the_counter(counter_client, org, procs):
    publish(org.other_ward, org.other_unit, "2.000001", "Thủ tục riêng của phường Hai")
    page = counter_client.get(INTAKE, {"q": "phuong hai"}).content.decode()
    assert "Thủ tục riêng của phường Hai" not in page
    assert "Không có thủ tục nào phù hợp" in page


def test_live_search_answers_htmx_with_the_results_only(counter_client, marriage):
    response = counter_client.get(INTAKE, {"q": "Kết hôn"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "Đăng ký kết hôn" in body
    assert "HX-Request" in response["Vary"]


def test_frequent_procedures_come_first_without_a_query(counter_client, receive, procs):
    receive(procs.same_day, when=timezone.now() - dt.timedelta(days=2))
    page = counter_client.get(INTAKE).content.decode()
    assert "Thủ tục thường tiếp nhận" in page and "Đăng ký khai sinh" in page


def test_only_counter_officers_may_take_in_dossiers(client, staff, marriage):
    client.force_login(staff.spec_a)
    assert client.get(INTAKE).status_code == 403
    assert client.get(form_url(marriage)).status_code == 403


def test_a_procedure_not_in_force_here_cannot_be_received(counter_client, org):
    elsewhere = publish(org.other_ward, org.other_unit, "2.000002", "Chỉ áp dụng ở phường Hai")
    response = counter_client.get(form_url(elsewhere))
    assert response.status_code == 404
    assert "chưa thể tiếp nhận" in response.content.decode()


# --- The intake form ----------------------------------------------------------------------------


def test_form_shows_the_checklist_prefilled_and_only_allowed_deliveries(counter_client, marriage):
    page = counter_client.get(form_url(marriage)).content.decode()
    for doc in DOCS:
        assert doc.name in page
    ban_an = docs_of(marriage)[2]
    assert f'name="qty_{ban_an.pk}" value="2"' in page
    assert '<option value="certified_copy" selected>' in page
    assert 'value="postal"' in page and 'value="electronic"' not in page
    assert "15.000 đ" in page and 'name="fee_payment"' not in page


def test_preview_shows_the_appointment_and_saves_nothing(counter_client, marriage):
    response = counter_client.post(form_url(marriage), intake_data(docs_of(marriage)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hẹn trả kết quả" in body and "Cách tính hẹn trả" in body
    assert "Thời hạn: 3 ngày làm việc" in body
    assert 'value="confirm"' in body
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 3, 3, 9, 30),  # Tuesday, office hours
        dt.datetime(2026, 3, 3, 15, 45),  # after the same-day cut-off (15:00)
        dt.datetime(2026, 3, 3, 19, 0),  # after office hours
        dt.datetime(2026, 3, 7, 10, 0),  # Saturday
    ],
    ids=["office-hours", "after-cutoff", "evening", "saturday"],
)
@pytest.mark.parametrize(
    "kind", [DeadlineKind.DAYS, DeadlineKind.CALENDAR_DAYS, DeadlineKind.SAME_DAY]
)
def test_the_preview_promises_what_confirming_stores(
    counter_client, org, monkeypatch, moment, kind
):
    procedure = publish(org.ward, org.unit_a, "1.000777", "Chứng thực bản sao", kind=kind)
    now = timezone.make_aware(moment)
    monkeypatch.setattr(timezone, "now", lambda: now)
    preview = counter_client.post(form_url(procedure), intake_data([]))
    promised = preview.context["appointment"].due_at
    counter_client.post(form_url(procedure), intake_data([], step="confirm"))
    stored = Dossier.objects.get()
    assert stored.received_at == now
    assert promised == stored.due_at == stored.legal_due_at
    assert promised > now


def test_confirm_receives_the_dossier_and_goes_to_its_page(counter_client, marriage, org, staff):
    data = intake_data(
        docs_of(marriage), step="confirm", other_documents="Giấy ủy quyền\n\n  Ảnh 4x6  "
    )
    response = counter_client.post(form_url(marriage), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers-staff-detail", args=[dossier.code])
    assert dossier.status == Status.RECEIVED and dossier.receiving_agency == org.center
    assert dossier.receiver == staff.counter
    assert dossier.applicant_phone == "0912345678"
    assert dossier.fee_vnd == 15000
    assert [d["name"] for d in dossier.documents][-2:] == ["Giấy ủy quyền", "Ảnh 4x6"]
    assert dossier.documents[2] == {
        "name": DOCS[2].name,
        "copy_type": "certified_copy",
        "quantity": 2,
    }
    page = counter_client.get(response["Location"]).content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in page


def test_edited_quantity_and_copy_type_are_kept(counter_client, marriage):
    first = docs_of(marriage)[0]
    data = intake_data(
        [first], step="confirm", **{f"qty_{first.pk}": "3", f"copy_{first.pk}": "photocopy"}
    )
    counter_client.post(form_url(marriage), data)
    assert Dossier.objects.get().documents == [
        {"name": first.name, "copy_type": "photocopy", "quantity": 3}
    ]


def test_nothing_ticked_is_refused_next_to_the_checklist(counter_client, marriage):
    response = counter_client.post(form_url(marriage), intake_data([], step="confirm"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đánh dấu các giấy tờ đã nhận của người nộp." in body
    assert 'value="Nguyễn Thị Hường"' in body  # nothing typed is lost
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant_id_number", "999190001234", "3 chữ số đầu không phải mã tỉnh"),
        ("applicant_id_number", "12345", "phải gồm đúng 12 chữ số"),
        ("applicant_phone", "12", PHONE_MESSAGE),
        ("applicant_name", "  ", "Thông tin này là bắt buộc."),
        ("applicant_email", "khong-phai-email", "Thư điện tử không hợp lệ."),
    ],
)
@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_bad_applicant_data_is_shown_next_to_its_field(
    counter_client, marriage, field, value, message, step
):
    data = intake_data(docs_of(marriage), step=step, **{field: value})
    response = counter_client.post(form_url(marriage), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in body and message in body
    assert 'value="Số 5 Lạch Tray"' in body
    assert not Dossier.objects.exists()


def test_an_organisation_gives_its_code_and_a_valid_representative_id(counter_client, marriage):
    data = intake_data(
        docs_of(marriage),
        step="confirm",
        applicant_kind="organisation",
        applicant_name="Công ty TNHH Hòa Bình",
        applicant_org_code="0201234567",
        applicant_id_number="abc",
    )
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "phải gồm đúng 12 chữ số" in body and not Dossier.objects.exists()
    data["applicant_id_number"] = ""
    counter_client.post(form_url(marriage), data)
    assert Dossier.objects.get().applicant_org_code == "0201234567"


def test_a_delivery_the_version_does_not_allow_is_refused(counter_client, marriage):
    data = intake_data(docs_of(marriage), step="confirm", delivery=Delivery.ELECTRONIC)
    response = counter_client.post(form_url(marriage), data)
    assert response.status_code == 200 and 'id="id_delivery-error"' in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_submission_time_in_the_future_is_refused(counter_client, marriage):
    data = intake_data(
        docs_of(marriage),
        step="confirm",
        channel=str(Channel.ONLINE),
        submitted_at="2099-01-01T10:00",
    )
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "Thời điểm nộp không thể ở tương lai." in body and not Dossier.objects.exists()


def test_an_online_dossier_keeps_its_submission_time(counter_client, marriage):
    sent = timezone.localdate() - dt.timedelta(days=3)
    data = intake_data(
        docs_of(marriage),
        step="confirm",
        channel=str(Channel.ONLINE),
        submitted_at=f"{sent:%d/%m/%Y} 20:15",
    )
    counter_client.post(form_url(marriage), data)
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.ONLINE
    assert dossier.submitted_at == dt.datetime.combine(sent, dt.time(20, 15), tzinfo=VN)


def test_a_procedure_without_documents_takes_free_text_lines(counter_client, procs):
    page = counter_client.get(form_url(procs.same_day)).content.decode()
    assert "Danh mục chưa có thành phần hồ sơ" in page
    data = intake_data([], step="confirm", other_documents="Tờ khai đăng ký khai sinh")
    counter_client.post(form_url(procs.same_day), data)
    assert Dossier.objects.get().documents == [
        {"name": "Tờ khai đăng ký khai sinh", "copy_type": "", "quantity": 1}
    ]


# --- Refusal (Mẫu 03) ---------------------------------------------------------------------------


def test_refusal_needs_reasons_shown_next_to_them(counter_client, marriage):
    data = intake_data([], step="refuse")
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert 'id="id_reasons-error"' in body and "Nêu rõ lý do từ chối tiếp nhận." in body
    assert '<details class="card refusal" open>' in body
    assert not Dossier.objects.exists()


def test_a_refusal_needs_its_category(counter_client, marriage):
    data = intake_data([], step="refuse", reasons="Thiếu tờ khai")
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "Chọn loại lý do từ chối" in error_of(body, "refusal_category")
    assert not Dossier.objects.exists()


def test_refusal_records_a_not_received_dossier(counter_client, marriage):
    data = intake_data(
        [],
        step="refuse",
        reasons="Không thuộc thẩm quyền của phường",
        refusal_category="not_competent",
    )
    response = counter_client.post(form_url(marriage), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.status == Status.NOT_RECEIVED
    assert dossier.events.get().data == {
        "reasons": "Không thuộc thẩm quyền của phường",
        "register_number": 1,
        "category": "not_competent",
    }
    page = counter_client.get(response["Location"]).content.decode()
    assert "Không được tiếp nhận" in page and "Chưa tính thời hạn" in page
    assert "Không thuộc thẩm quyền của phường" in page
    assert reverse("dossier-form", args=[dossier.code, "03"]) in page


def test_a_post_without_a_known_button_only_previews(counter_client, marriage):
    data = intake_data(docs_of(marriage), step="save-everything")
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "Hẹn trả kết quả" in body and not Dossier.objects.exists()


def test_an_officer_at_two_counters_chooses_where_to_receive(client, org, make_staff, procs):
    officer = make_staff(org.center, Role.COUNTER_OFFICER)
    RoleAssignment.objects.create(user=officer, agency=org.other_unit, role=Role.COUNTER_OFFICER)
    client.force_login(officer)
    page = client.get(INTAKE, {"q": "hon nhan", "noi": org.other_unit.pk}).content.decode()
    assert 'name="noi"' in page and f"?noi={org.other_unit.pk}" in page
    data = intake_data([], step="confirm")
    client.post(form_url(procs.other_ward, org.other_unit), data)
    dossier = Dossier.objects.get()
    assert dossier.receiving_agency == org.other_unit and dossier.ward == org.other_ward
    assert dossier.code.startswith("T01.02.01-")


def test_a_counter_not_held_falls_back_to_ones_own(counter_client, org, marriage):
    page = counter_client.get(form_url(marriage, org.other_unit)).content.decode()
    assert f'name="noi" value="{org.center.pk}"' in page


def error_of(body: str, field: str) -> str:
    start = body.find(f'id="id_{field}-error"')
    return body[start : body.find("</ul>", start)] if start >= 0 else ""


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_every_bad_field_is_shown_on_one_submit(counter_client, marriage, step):
    """Issue #10: a bad email, citizen ID, phone and submission time, all shown at once."""
    data = intake_data(
        docs_of(marriage),
        step=step,
        applicant_email="khong-phai-email",
        applicant_id_number="12345",
        applicant_phone="abc",
        channel=str(Channel.ONLINE),
        submitted_at="01/01/2020 08:00",
    )
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "Thư điện tử không hợp lệ." in error_of(body, "applicant_email")
    assert "12 chữ số" in error_of(body, "applicant_id_number")
    assert PHONE_MESSAGE in error_of(body, "applicant_phone")
    assert "cách đây hơn 30 ngày" in error_of(body, "submitted_at")
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01/01/0001 00:00", "Năm phải trong khoảng 2000–2100"),
        ("01/01/2101 00:00", "Năm phải trong khoảng 2000–2100"),
        ("0001-01-01T00:00", "Năm phải trong khoảng 2000–2100"),
        ("31/02/2026 10:00", "Thời điểm không hợp lệ"),
    ],
)
def test_an_implausible_submission_time_is_a_field_error(counter_client, marriage, typed, message):
    data = intake_data(docs_of(marriage), step="preview", submitted_at=typed)
    response = counter_client.post(form_url(marriage), data)
    assert response.status_code == 200
    assert message in error_of(response.content.decode(), "submitted_at")


@pytest.mark.parametrize(
    ("typed", "national"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("0225 3 999 888", "02253999888"),
    ],
)
def test_a_phone_is_stored_as_the_national_number(counter_client, marriage, typed, national):
    data = intake_data(docs_of(marriage), step="confirm", applicant_phone=typed)
    counter_client.post(form_url(marriage), data)
    assert Dossier.objects.get().applicant_phone == national


# --- A version without a fixed fee (issue #10 item 2) ----------------------------------------


@pytest.fixture
def council_fee(org):
    """Like 1.004873: the fee is set by the provincial council, no amount in the catalogue."""
    return publish_version(
        actor=None,
        scope=org.ward,
        data=VersionData(
            code="1.004873",
            name="Cấp Giấy xác nhận tình trạng hôn nhân",
            sector="Hộ tịch",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.DAYS,
            deadline_amount=3,
            fee_vnd=None,
            fee_note="Lệ phí do HĐND tỉnh quy định",
            competent_unit_code=org.unit_a.code,
            result_delivery=("counter",),
        ),
    ).version.procedure


def receipt_fee_line(client, dossier) -> str:
    html = client.get(f"/can-bo/in/ho-so/{dossier.code}/mau-01/").content.decode()
    start = html.index("7. Phí, lệ phí")
    return html[start : start + 400]


def test_an_open_fee_asks_for_the_amount_or_a_reason(counter_client, council_fee):
    data = intake_data([], step="confirm", other_documents="Tờ khai")
    body = counter_client.post(form_url(council_fee), data).content.decode()
    assert "không có mức phí cố định" in error_of(body, "fee_amount")
    assert not Dossier.objects.exists()


def test_an_open_fee_stated_by_the_counter_is_the_dossiers(counter_client, council_fee):
    data = intake_data([], step="confirm", other_documents="Tờ khai", fee_amount="20000")
    counter_client.post(form_url(council_fee), data)
    dossier = Dossier.objects.get()
    assert dossier.fee_vnd == 20000
    assert "20.000" in receipt_fee_line(counter_client, dossier)


def test_an_undetermined_fee_is_never_printed_as_not_charged(counter_client, council_fee):
    data = intake_data(
        [], step="confirm", other_documents="Tờ khai", fee_undetermined="Chờ nghị quyết HĐND"
    )
    counter_client.post(form_url(council_fee), data)
    dossier = Dossier.objects.get()
    assert dossier.fee_vnd == 0
    line = receipt_fee_line(counter_client, dossier)
    assert "Chưa xác định (Chờ nghị quyết HĐND)" in line
    assert "Không thu" not in line


def test_the_checklist_error_shows_with_the_field_errors(counter_client, marriage):
    data = intake_data([], step="preview", applicant_id_number="999190001234")
    body = counter_client.post(form_url(marriage), data).content.decode()
    assert "Đánh dấu các giấy tờ đã nhận của người nộp." in body
    assert "3 chữ số đầu không phải mã tỉnh" in error_of(body, "applicant_id_number")
