"""The back office in a real browser: a dossier from the counter to its return, handled by
three people, with screenshots at phone and desktop widths (looked at)."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, Status

from .test_staff_intake import DOCS, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


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


def fits_phone(page) -> bool:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width <= PHONE_WIDTH


def sign_in_as(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(page, user.username)


def open_dossier(page, code):
    page.goto(f"{page.base_url}/can-bo/ho-so/{code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def take_action(page, label, button, fill=None):
    """Open an action's panel on the dossier page, fill it, submit, wait for the message."""
    panel = page.locator("details.action-panel", has=page.locator("summary", has_text=label))
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    if fill:
        fill(panel)
    panel.get_by_role("button", name=button).click()
    expect(page.locator(".msg-success")).to_be_visible()


def test_counter_to_return_through_the_back_office(
    page, screenshot, browser_login, staff, marriage
):
    # Counter officer: find the procedure without diacritics (htmx live results).
    sign_in_as(page, browser_login, staff.counter)
    page.get_by_role("link", name="Tiếp nhận").first.click()
    expect(page.get_by_role("heading", name="Tiếp nhận hồ sơ")).to_be_visible()
    page.wait_for_load_state("load")  # htmx (deferred) listens from here on
    page.get_by_label("Tìm thủ tục").fill("ket hon")
    expect(page.get_by_role("status")).to_have_text("1 thủ tục phù hợp với «ket hon».")
    assert page.url.endswith("?q=ket%20hon")  # the live search keeps the address shareable
    result = page.locator(".result-list .title", has_text="Đăng ký kết hôn")
    expect(result).to_be_visible()
    screenshot(page, "backoffice-intake-search")
    result.click()

    # Checklist (prefilled quantities), applicant, then the appointment before confirming.
    expect(page.get_by_role("heading", name="Đăng ký kết hôn")).to_be_visible()
    page.get_by_label("1. Tờ khai đăng ký kết hôn").check()
    page.get_by_label("2. Giấy tờ chứng minh nhân thân").check()
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Nguyễn Thị Hường")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("031190001234")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label("Địa chỉ").fill("Số 5 Lạch Tray, phường Hòa Bình")
    page.get_by_role("button", name="Xem hẹn trả").click()
    expect(page.get_by_role("heading", name="Hẹn trả kết quả")).to_be_visible()
    assert Dossier.objects.count() == 0  # nothing saved on preview
    assert fits_phone(page)
    screenshot(page, "backoffice-intake-preview")
    page.get_by_role("button", name="Xác nhận tiếp nhận").click()
    expect(page.locator(".msg-success")).to_contain_text("Đã tiếp nhận hồ sơ")
    expect(page.get_by_role("link", name="In giấy tiếp nhận (Mẫu 01)")).to_be_visible()
    dossier = Dossier.objects.get()
    assert [doc["name"] for doc in dossier.documents] == [DOCS[0].name, DOCS[1].name]

    # The fee, taken at the counter (the payments app's card on the dossier page).
    take_action(
        page,
        "Thu tại quầy",
        "Ghi nhận đã thu",
        lambda p: p.get_by_label("Số chứng từ (biên lai giấy, hóa đơn POS)").fill("0001234"),
    )
    expect(page.locator("#con-phai-nop")).to_have_text("Đã nộp đủ")

    take_action(page, "Chuyển đơn vị giải quyết", "Chuyển hồ sơ")
    expect(page.locator("h1 .badge")).to_have_text("Đang xử lý")

    # Unit head: finds it in the unit's inbox, assigns the specialist.
    sign_in_as(page, browser_login, staff.head_a)
    page.get_by_role("link", name=re.compile(r"^Hồ sơ")).first.click()
    expect(page.get_by_role("link", name=dossier.code)).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "backoffice-inbox")
    page.get_by_role("link", name=dossier.code).click()
    take_action(
        page,
        "Phân công chuyên viên",
        "Phân công",
        lambda p: p.get_by_label("Chuyên viên xử lý").select_option(
            label=staff.spec_a.display_name
        ),
    )

    # Specialist: requests a supplement, the clock stops.
    sign_in_as(page, browser_login, staff.spec_a)
    page.get_by_role("link", name=re.compile(r"^Hồ sơ")).first.click()
    page.get_by_role("link", name=dossier.code).click()

    def supplement(panel):
        panel.get_by_label("Bản án ly hôn đã có hiệu lực").check()
        panel.get_by_label("Lý do, hướng dẫn").fill("Cần bản sao có chứng thực bản án ly hôn")

    take_action(page, "Yêu cầu bổ sung hồ sơ", "Gửi yêu cầu bổ sung", supplement)
    expect(page.locator(".clock-state")).to_contain_text("Đang tạm dừng")

    # Counter: records the supplement.
    sign_in_as(page, browser_login, staff.counter)
    open_dossier(page, dossier.code)
    take_action(
        page,
        "Ghi nhận hồ sơ bổ sung",
        "Ghi nhận đã bổ sung",
        lambda p: p.get_by_label("Ghi chú").fill("Đã nhận bản sao bản án"),
    )

    # Head approves; specialist marks the result ready.
    sign_in_as(page, browser_login, staff.head_a)
    open_dossier(page, dossier.code)
    page.locator("summary", has_text="Xin lỗi và gia hạn").click()
    assert fits_phone(page)
    screenshot(page, "backoffice-dossier-head")
    take_action(
        page,
        "Phê duyệt / từ chối giải quyết",
        "Ghi quyết định",
        lambda p: p.get_by_label("Phê duyệt kết quả").check(),
    )
    sign_in_as(page, browser_login, staff.spec_a)
    open_dossier(page, dossier.code)
    take_action(page, "Đã có kết quả", "Xác nhận đã có kết quả")

    # Counter returns it to the applicant.
    sign_in_as(page, browser_login, staff.counter)
    open_dossier(page, dossier.code)
    take_action(page, "Trả kết quả", "Trả kết quả")
    expect(page.locator("h1 .badge")).to_have_text("Đã trả kết quả")
    expect(page.get_by_text("Không có thao tác nào bạn có thể thực hiện")).to_be_visible()
    expect(page.locator("table.stack .step")).to_have_text(
        [
            "Tiếp nhận hồ sơ",
            "Chuyển đơn vị giải quyết",
            "Phân công chuyên viên xử lý",
            "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
            "Nhận hồ sơ bổ sung",
            "Phê duyệt kết quả",
            "Đã có kết quả",
            "Trả kết quả",
        ]
    )
    assert fits_phone(page)
    screenshot(page, "backoffice-dossier-returned")
    assert Dossier.objects.get().status == Status.RETURNED

    # The applicant follows it on the public lookup: the whole story, none of her data.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/tra-cuu/?ma={dossier.code}")
    result = page.locator("main")
    expect(result).to_contain_text("Đã trả kết quả")
    expect(result).to_contain_text("Cần bổ sung hồ sơ")
    expect(result).not_to_contain_text("Nguyễn Thị Hường")
    expect(result).not_to_contain_text("031190001234")
    screenshot(page, "backoffice-public-lookup")


def test_intake_errors_keep_what_was_typed(page, browser_login, staff, marriage):
    sign_in_as(page, browser_login, staff.counter)
    page.goto(f"{page.base_url}/can-bo/ho-so/tiep-nhan/{marriage.code}/")
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Trần Văn Bình")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("999190001234")
    page.get_by_role("button", name="Xem hẹn trả").click()
    # every error on one submit (issue #10): the checklist and the citizen ID together
    expect(page.get_by_text("Đánh dấu các giấy tờ đã nhận của người nộp.")).to_be_visible()
    expect(page.get_by_text("3 chữ số đầu không phải mã tỉnh")).to_be_visible()
    expect(page.get_by_label("Họ tên người nộp / tên tổ chức")).to_have_value("Trần Văn Bình")
    page.get_by_label("1. Tờ khai đăng ký kết hôn").check()
    page.get_by_role("button", name="Xem hẹn trả").click()
    expect(page.get_by_text("3 chữ số đầu không phải mã tỉnh")).to_be_visible()
    assert Dossier.objects.count() == 0
