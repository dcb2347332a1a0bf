"""The fee as the law writes it, at counter intake: inputs, preview, the dossier, Mẫu 01.

Issue #12 §1 and the two leftovers of #10: an old variable-fee dossier never prints "Không
thu", an empty cleaned fee note never shows "(xem ghi chú)"."""

import datetime as dt

import pytest

from motcua.catalog import fees
from motcua.catalog.content import VersionData
from motcua.catalog.models import DeadlineKind
from motcua.catalog.services import publish_version, set_council_fee
from motcua.dossiers.models import Channel, Dossier, DossierEvent

from .test_staff_intake import error_of, form_url, intake_data

pytestmark = pytest.mark.django_db

COPIES = fees.parse(
    "phí | chứng thực bản sao | mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000",
    "ho_ngheo | Người thuộc hộ nghèo | miễn | phí | Ví dụ kiểm thử, Điều 1",
)
BIRTH = fees.parse(
    "lệ phí | đăng ký khai sinh | mỗi hồ sơ | HĐND tỉnh: khai_sinh\n"
    "phí | cấp bản sao trích lục | mỗi bản | 8.000",
    "dung_han | Đăng ký khai sinh đúng hạn | miễn | lệ phí | Luật Hộ tịch 2014, Điều 11.1.b",
)
BUSINESS = fees.parse("lệ phí | đăng ký hộ kinh doanh | mỗi hồ sơ | 100.000 | | trực tuyến 50%")


def publish(org, code, rule, *, fee_vnd=None, note=""):
    return publish_version(
        actor=None,
        scope=org.ward,
        data=VersionData(
            code=code,
            name=f"Thủ tục {code}",
            sector="Chứng thực",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.DAYS,
            deadline_amount=1,
            fee_vnd=fee_vnd,
            fee_note=note,
            fee_rule=rule,
            competent_unit_code=org.unit_a.code,
            result_delivery=("counter",),
        ),
    ).version.procedure


@pytest.fixture
def counter_client(client, staff):
    client.force_login(staff.counter)
    return client


@pytest.fixture
def copies(org):
    return publish(org, "2.000815", COPIES)


def receipt_fee_line(client, dossier) -> str:
    html = client.get(f"/can-bo/in/ho-so/{dossier.code}/mau-01/").content.decode()
    start = html.index("7. Phí, lệ phí")
    return html[start : start + 500]


def post(client, procedure, **fields):
    data = intake_data([], other_documents="Bản chính giấy tờ", **fields)
    return client.post(form_url(procedure), data)


def test_the_form_asks_for_what_the_rule_counts_and_shows_every_error(counter_client, copies):
    page = counter_client.get(form_url(copies)).content.decode()
    assert 'name="fee_pages"' in page and 'name="fee_copies"' in page
    assert 'name="fee_cases"' not in page and 'name="fee_amount"' not in page
    assert "2.000 đ/trang; từ trang thứ 3: 1.000 đ, tối đa 200.000 đ/bản" in page
    body = post(
        counter_client,
        copies,
        step="confirm",
        fee_pages="",
        fee_copies="0",
        fee_exemption="ho_ngheo",
        applicant_email="sai",
    ).content.decode()
    assert "Nhập số trang" in error_of(body, "fee_pages")
    assert "Nhập số bản (1–1000)" in error_of(body, "fee_copies")
    assert "Ghi giấy tờ chứng minh" in error_of(body, "fee_exemption_evidence")
    assert "Thư điện tử không hợp lệ" in error_of(body, "applicant_email")
    assert not Dossier.objects.exists()


def test_the_preview_explains_and_the_dossier_keeps_the_quote(counter_client, copies):
    body = post(counter_client, copies, fee_pages="12", fee_copies="2").content.decode()
    assert "Phí, lệ phí phải nộp: 28.000 đ" in body
    assert (
        "Phí chứng thực bản sao: 12 trang/bản (2 × 2.000 đ + 10 × 1.000 đ) = 14.000 đ/bản × 2 "
        "bản = 28.000 đ." in body
    )
    post(counter_client, copies, step="confirm", fee_pages="12", fee_copies="2")
    dossier = Dossier.objects.get()
    assert dossier.fee_vnd == 28_000
    assert dossier.fee_detail["phi"] == 28_000 and dossier.fee_detail["le_phi"] == 0
    assert dossier.fee_detail["inputs"]["pages"] == 12
    event = DossierEvent.objects.get(dossier=dossier, kind="received")
    assert event.data["fee"] == dossier.fee_detail
    assert "Phí: 28.000 đồng" in receipt_fee_line(counter_client, dossier)
    page = counter_client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Cách tính" in page and "× 2 bản" in page


def test_the_cap_per_copy_applies(counter_client, copies):
    post(counter_client, copies, step="confirm", fee_pages="500", fee_copies="3")
    assert Dossier.objects.get().fee_vnd == 600_000


def test_an_exemption_prints_its_ground_and_evidence_never_khong_thu(counter_client, copies):
    post(
        counter_client,
        copies,
        step="confirm",
        fee_pages="3",
        fee_copies="1",
        fee_exemption="ho_ngheo",
        fee_exemption_evidence="GCN hộ nghèo số 12/GCN ngày 05/01/2026",
    )
    dossier = Dossier.objects.get()
    assert dossier.fee_vnd == 0
    assert dossier.fee_detail["exemption"]["code"] == "ho_ngheo"
    line = receipt_fee_line(counter_client, dossier)
    assert "Miễn phí: Người thuộc hộ nghèo (Ví dụ kiểm thử, Điều 1)" in line
    assert "giấy tờ chứng minh: GCN hộ nghèo số 12/GCN ngày 05/01/2026" in line
    assert "Không thu" not in line


def test_phi_and_le_phi_print_apart_with_the_council_amount(counter_client, org):
    birth = publish(org, "1.001193", BIRTH)
    page = counter_client.get(form_url(birth)).content.decode()
    assert 'name="fee_amount"' in page  # the province has not set its amount yet
    set_council_fee(
        actor=None,
        province=org.province,
        key="khai_sinh",
        name="Lệ phí khai sinh",
        price=5000,
        legal_basis="NQ 9/2025/NQ-HĐND",
        valid_from=dt.date(2025, 7, 1),
    )
    page = counter_client.get(form_url(birth)).content.decode()
    assert 'name="fee_amount"' not in page and 'name="fee_exemption"' in page
    post(counter_client, birth, step="confirm", fee_copies="2")
    dossier = Dossier.objects.get()
    assert (dossier.fee_detail["le_phi"], dossier.fee_detail["phi"]) == (5000, 16_000)
    assert dossier.fee_vnd == 21_000
    line = receipt_fee_line(counter_client, dossier)
    assert "Phí: 16.000 đồng; Lệ phí: 5.000 đồng. Tổng cộng: 21.000 đồng" in line


def test_online_pays_what_the_resolution_says(counter_client, org):
    business = publish(org, "1.001612", BUSINESS)
    post(
        counter_client,
        business,
        step="confirm",
        channel=str(Channel.ONLINE),
        submitted_at=dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
    )
    assert Dossier.objects.get().fee_vnd == 50_000


def test_an_old_variable_fee_dossier_prints_the_rule_not_khong_thu(counter_client, copies):
    """Issue #10: dossiers received before fee rules were stored as 'exempt' with no amount."""
    post(counter_client, copies, step="confirm", fee_pages="1", fee_copies="1")
    dossier = Dossier.objects.get()
    # (payments' migration set fee_vnd = 0 where the tick box said exempt)
    Dossier.objects.filter(pk=dossier.pk).update(fee_detail={}, fee_vnd=0)
    line = receipt_fee_line(counter_client, Dossier.objects.get())
    assert "Không thu" not in line
    assert "Theo quy định: Phí chứng thực bản sao: 2.000 đ/trang" in line


def test_an_old_dossier_of_an_unset_fee_with_an_empty_cleaned_note(counter_client, org):
    """Issue #10: a note that is only editors' remarks is no explanation: no '(xem ghi chú)'."""
    open_fee = publish(org, "1.004873", fees.FeeRule(), note="[uncertain] — kiểm tra NQ HĐND tỉnh")
    page = counter_client.get(form_url(open_fee)).content.decode()
    assert "xem ghi chú" not in page
    post(counter_client, open_fee, step="confirm", fee_undetermined="Chờ nghị quyết")
    dossier = Dossier.objects.get()
    Dossier.objects.filter(pk=dossier.pk).update(fee_detail={}, fee_vnd=0)
    line = receipt_fee_line(counter_client, Dossier.objects.get())
    assert "Không thu" not in line and "Chưa xác định (Chờ nghị quyết)" in line
