"""Fee rules on versions: publishing, the province's council amounts, the quote selector, and
the spreadsheet round trip with hostile cells."""

import datetime as dt

import pytest

from motcua.catalog import fees, selectors, services
from motcua.catalog.content import version_as_data
from motcua.catalog.models import CatalogEvent, CouncilFee, ProcedureVersion
from motcua.catalog.xlsx.columns import SHEET_VERSIONS
from motcua.catalog.xlsx.writer import export_xlsx, template_xlsx
from motcua.core.errors import DomainError, DomainErrors, PermissionDeniedError

from .conftest import CERTIFY, MARRIAGE_STATUS, content, workbook_with
from .test_services import run_import

pytestmark = pytest.mark.django_db
V = SHEET_VERSIONS

COPY_RULE = fees.parse(
    "phí | chứng thực bản sao | mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000",
    "ho_ngheo | Người thuộc hộ nghèo | miễn | phí | Ví dụ kiểm thử",
)
COUNCIL_RULE = fees.parse(
    "lệ phí | cấp Giấy xác nhận tình trạng hôn nhân | mỗi hồ sơ | HĐND tỉnh: xac_nhan_hn",
    "co_cong | Người có công | giảm 50% | lệ phí | NQ thử",
)
CERTIFY_RULED = content(CERTIFY, fee_vnd=None, fee_note="", fee_rule=COPY_RULE)
MARRIAGE_RULED = content(MARRIAGE_STATUS, fee_rule=COUNCIL_RULE)


def test_a_rule_is_published_and_read_back(org, publish):
    version = publish(org.ward, CERTIFY_RULED)
    assert version.fee_schedule == COPY_RULE
    assert version_as_data(version).fee_rule == COPY_RULE
    quote = selectors.fee_quote(version, fees.FeeInputs(pages=5, copies=2))
    assert quote.total == 2 * 7000 and quote.phi == 14_000


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"fee_vnd": 2000}, "fee_rule_and_amount"),
        ({"fee_rule": fees.FeeRule((fees.FeeItem("thuế", "x"),))}, "fee_rule_invalid"),
        (
            {"fee_rule": fees.FeeRule((), COPY_RULE.exemptions), "fee_vnd": 0},
            "fee_exemption_without_fee",
        ),
    ],
)
def test_a_bad_rule_is_refused_on_its_field(org, publish, changes, code):
    with pytest.raises(DomainError) as caught:
        publish(org.ward, CERTIFY_RULED, **changes)
    assert caught.value.code == code


def test_council_amounts_per_province_in_force_on_the_day(org, publish, make_staff):
    version = publish(org.ward, MARRIAGE_RULED)
    before = selectors.fee_quote(version, fees.FeeInputs(), at=dt.date(2025, 8, 1))
    assert not before.determined  # the province has not set the amount
    services.set_council_fee(
        actor=None,
        province=org.province,
        key="xac_nhan_hn",
        name="Xác nhận TTHN",
        price=20_000,
        online_price=10_000,
        legal_basis="NQ 1/2025/NQ-HĐND",
        valid_from=dt.date(2025, 7, 1),
    )
    services.set_council_fee(
        actor=None,
        province=org.province,
        key="xac_nhan_hn",
        name="Xác nhận TTHN",
        price=30_000,
        legal_basis="NQ 2/2026/NQ-HĐND",
        valid_from=dt.date(2026, 1, 1),
    )
    first = CouncilFee.objects.get(valid_from=dt.date(2025, 7, 1))
    assert first.valid_to == dt.date(2025, 12, 31)
    august = selectors.fee_quote(version, fees.FeeInputs(), at=dt.date(2025, 8, 1))
    online = selectors.fee_quote(version, fees.FeeInputs(channel=2), at=dt.date(2025, 8, 1))
    later = selectors.fee_quote(
        version, fees.FeeInputs(exemption="co_cong"), at=dt.date(2026, 2, 1)
    )
    assert (august.total, online.total, later.total) == (20_000, 10_000, 15_000)
    assert "NQ 2/2026/NQ-HĐND" in later.lines[0].text
    assert CatalogEvent.objects.filter(kind="council_fee_set").count() == 2


def test_council_amounts_are_checked_all_at_once_and_scoped(org, ward_admin, make_staff):
    with pytest.raises(DomainErrors) as caught:
        services.set_council_fee(
            actor=None,
            province=org.province,
            key="Sai mã",
            name="",
            price=10,
            online_price=20,
            legal_basis="",
            valid_from=dt.date(2025, 7, 1),
        )
    assert {e.field for e in caught.value.errors} == {"key", "name", "online_price", "legal_basis"}
    with pytest.raises(DomainError):
        services.set_council_fee(
            actor=None,
            province=org.ward,
            key="a",
            name="a",
            price=1,
            legal_basis="b",
            valid_from=dt.date(2025, 7, 1),
        )
    with pytest.raises(PermissionDeniedError):  # a ward admin does not set the province's table
        services.set_council_fee(
            actor=ward_admin,
            province=org.province,
            key="a",
            name="a",
            price=1,
            legal_basis="b",
            valid_from=dt.date(2025, 7, 1),
        )


def test_the_rule_round_trips_through_the_spreadsheet(org, ward_admin, publish):
    publish(org.ward, CERTIFY_RULED)
    publish(org.ward, MARRIAGE_RULED)
    data = export_xlsx(ProcedureVersion.objects.all())
    other = run_import(ward_admin, org.ward, data)
    assert other.ok and other.unchanged == 2
    ProcedureVersion.objects.all().delete()
    assert run_import(ward_admin, org.ward, data).created == 2
    rules = {v.procedure.code: v.fee_schedule for v in ProcedureVersion.objects.all()}
    assert rules == {CERTIFY.code: COPY_RULE, MARRIAGE_STATUS.code: COUNCIL_RULE}


def test_the_template_carries_a_rule_and_imports(org, ward_admin):
    report = run_import(ward_admin, org.ward, template_xlsx())
    assert report.ok, report.errors
    assert ProcedureVersion.objects.get().fee_schedule.items[0].council_key == "xac_nhan_hon_nhan"


def test_hostile_fee_cells_are_located_errors_and_nothing_is_written(org, ward_admin):
    data = workbook_with(
        [CERTIFY_RULED, MARRIAGE_RULED],
        {
            (V, 2, "Cách tính phí, lệ phí"): "phí | x | mỗi trang | -1.000",
            (
                V,
                3,
                "Đối tượng miễn, giảm (chọn khi tiếp nhận)",
            ): "a | x | miễn | phí | c\nA B | y | miễn | phí | c",
        },
    )
    report = run_import(ward_admin, org.ward, data)
    messages = [str(issue) for issue in report.errors]
    assert messages[0].startswith(
        "Dòng 2, cột 'Cách tính phí, lệ phí': Dòng 1: không đọc được số tiền"
    )
    assert messages[1].startswith(
        "Dòng 3, cột 'Đối tượng miễn, giảm (chọn khi tiếp nhận)': Mã đối tượng"
    )
    assert ProcedureVersion.objects.count() == 0


def test_a_rule_and_a_fixed_amount_together_are_refused_at_import(org, ward_admin):
    data = workbook_with([CERTIFY_RULED], {(V, 2, "Lệ phí (đồng)"): 2000})
    report = run_import(ward_admin, org.ward, data)
    assert [str(i) for i in report.errors] == [
        "Dòng 2, cột 'Lệ phí (đồng)': thủ tục có cách tính phí, lệ phí thì để trống ô mức lệ "
        "phí cố định."
    ]


def test_public_and_staff_pages_show_the_charges_and_grounds(org, publish, client, ward_admin):
    publish(org.ward, CERTIFY_RULED)
    page = client.get(f"/thu-tuc/{CERTIFY.code}/").content.decode()
    assert "Phí chứng thực bản sao: 2.000 đ/trang; từ trang thứ 3: 1.000 đ" in page
    assert "Miễn phí: Người thuộc hộ nghèo (Ví dụ kiểm thử)" in page
    client.force_login(ward_admin)
    listing = client.get("/can-bo/thu-tuc/").content.decode()
    assert "Theo số trang" in listing


def test_a_rule_short_text_for_lists():
    assert COPY_RULE.short() == "Theo số trang"
    assert COUNCIL_RULE.short() == "Theo mức HĐND tỉnh"
    online = fees.parse("lệ phí | x | mỗi hồ sơ | 100.000 | | trực tuyến 50%")
    assert online.short() == "100.000 đ (trực tuyến 50%)"
    assert fees.rule_of({}, 8000).short() == "8.000 đ"


# --- The council table page ------------------------------------------------------------------

COUNCIL_URL = "/can-bo/thu-tuc/muc-thu-hdnd/"


def council_post(**changes):
    data = {
        "key": "ho_tich_khai_sinh",
        "name": "Lệ phí đăng ký khai sinh",
        "price": "5000",
        "online_price": "",
        "legal_basis": "NQ 1/2025/NQ-HĐND",
        "valid_from": "01/07/2025",
    }
    data.update(changes)
    return data


@pytest.fixture
def province_admin(org, make_staff):
    from motcua.org.models import Role

    return make_staff(org.province, Role.AGENCY_ADMIN, username="quantri.tinh")


def test_the_council_page_needs_a_login_and_a_catalogue_role(client, org, django_user_model):
    response = client.get(COUNCIL_URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("khongvaitro", password="x" * 14))
    assert client.get(COUNCIL_URL).status_code == 403
    assert client.post(COUNCIL_URL, council_post(province=org.province.pk)).status_code == 403


def test_a_ward_admin_reads_the_province_table_but_cannot_write_it(client, org, ward_admin):
    services.set_council_fee(
        actor=None,
        province=org.province,
        key="a",
        name="Khoản A",
        price=1000,
        legal_basis="NQ 9",
        valid_from=dt.date(2025, 7, 1),
    )
    client.force_login(ward_admin)
    page = client.get(COUNCIL_URL).content.decode()
    assert "Khoản A" in page and "Thêm mức thu" not in page
    assert client.post(COUNCIL_URL, council_post(province=org.province.pk)).status_code == 403
    assert CouncilFee.objects.count() == 1


def test_a_province_admin_adds_an_amount_or_sees_every_error(client, org, province_admin):
    client.force_login(province_admin)
    bad = council_post(
        province=org.province.pk, key="Sai mã", price="-1", online_price="abc", legal_basis=""
    )
    body = client.post(COUNCIL_URL, bad).content.decode()
    for field in ("price", "online_price", "legal_basis"):
        assert f'id="id_{field}-error"' in body, field
    assert not CouncilFee.objects.exists()
    body = client.post(COUNCIL_URL, council_post(province=org.province.pk, key="Sai mã"))
    assert 'id="id_key-error"' in body.content.decode()
    response = client.post(COUNCIL_URL, council_post(province=org.province.pk))
    assert response.status_code == 302
    fee = CouncilFee.objects.get()
    assert (fee.key, fee.price, fee.online_price) == ("ho_tich_khai_sinh", 5000, None)
    assert CatalogEvent.objects.get(kind="council_fee_set").actor == province_admin
    other = council_post(province=org.ward.pk)  # not a province: not in the choices
    assert 'id="id_province-error"' in client.post(COUNCIL_URL, other).content.decode()
