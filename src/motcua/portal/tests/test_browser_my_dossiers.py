"""Hồ sơ của tôi in a real browser at 390 px: a citizen signs in on the portal, opens the
list, the dossier, downloads the electronic result; axe-core finds no serious or critical
violation on the list and the dossier page (phone and desktop)."""

from __future__ import annotations

import pytest

from motcua.dossiers import services
from motcua.dossiers.inputs import MissingDocument
from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.dossiers.tests.conftest import at
from motcua.files.tests import samples

from .conftest import PASSWORD
from .test_browser_a11y import PHONE, check_both_widths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

online_procs = dossier_fixtures.online_procs
staff = dossier_fixtures.staff
submit = dossier_fixtures.submit


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(make_citizen):
    return make_citizen("huong@example.vn", full_name="Nguyễn Thị Hường")


def _with_result(d, staff):
    d = services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10))
    d = services.forward(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10, 5))
    d = services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=at(2026, 2, 23, 10, 10)
    )
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 24, 9))
    return services.result_ready(
        actor=staff.spec_a,
        dossier=d,
        result_files=[samples.pdf("Trích lục khai sinh.pdf")],
        at=at(2026, 2, 24, 10),
    )


def _sign_in(page):
    page.goto(page.base_url + "/dich-vu-cong/tai-khoan/login/")
    page.get_by_label("Thư điện tử (email)").fill("huong@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dich-vu-cong/")


def test_a_citizen_follows_a_dossier_and_downloads_the_result(
    page, citizen, submit, staff, screenshot, axe_check
):
    done = _with_result(submit("k-1"), staff)
    waiting = services.request_completion(
        actor=staff.counter,
        dossier=submit("k-2", when=at(2026, 2, 25, 9)),
        missing=[MissingDocument("Giấy chứng sinh", quantity=1)],
        reason="Ảnh mờ",
        at=at(2026, 2, 25, 10),
    )
    page.set_viewport_size(PHONE)
    _sign_in(page)
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.wait_for_url("**/dich-vu-cong/ho-so/")
    assert page.get_by_role("link", name=waiting.code).is_visible()
    # Fits the phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "portal-my-dossiers")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name=done.code).click()
    page.wait_for_url(f"**/dich-vu-cong/ho-so/{done.code}/")
    assert page.get_by_text("Đã xử lý xong").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "portal-my-dossier-result")
    page.set_viewport_size(PHONE)
    with page.expect_download() as download:
        page.get_by_role("link", name="Trích lục khai sinh.pdf").click()
    assert download.value.suggested_filename == "Trích lục khai sinh.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read().startswith(b"%PDF")
    # The dossier waiting for a supplement shows its upload form.
    page.goto(page.base_url + f"/dich-vu-cong/ho-so/{waiting.code}/")
    assert page.get_by_role("button", name="Gửi hồ sơ bổ sung").is_visible()
    screenshot(page, "portal-my-dossier-supplement")

    found = []
    for path in (
        "/dich-vu-cong/ho-so/",
        f"/dich-vu-cong/ho-so/{done.code}/",
        f"/dich-vu-cong/ho-so/{waiting.code}/",
    ):
        found += check_both_widths(page, axe_check, path)
    # A form with its errors shown.
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Rút hồ sơ").click()
    page.wait_for_load_state()
    assert page.get_by_text("Nêu lý do rút hồ sơ.").is_visible()
    found += [("withdraw errors", 390, v) for v in axe_check(page)]
    screenshot(page, "portal-my-dossier-errors")
    assert found == []
