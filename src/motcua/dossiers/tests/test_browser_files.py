"""At a phone's width: the counter attaches a scan to a dossier, a disguised executable is
refused next to the file input, and the scan downloads with its Vietnamese name."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.files.tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_counter_attaches_a_scan_and_downloads_it_at_390_px(
    page, screenshot, browser_login, staff, receive, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    d = receive()
    page.set_viewport_size(PHONE)
    browser_login(page, staff.counter.username)
    page.goto(f"{page.base_url}/can-bo/ho-so/{d.code}/")
    panel = page.locator(
        "details.action-panel", has=page.locator("summary", has_text="Đính kèm bản quét hồ sơ")
    )
    panel.locator("summary").click()

    # A program renamed .pdf: refused, the message next to the file input.
    panel.locator('input[type="file"]').set_input_files(
        {"name": "Don-xin.pdf", "mimeType": "application/pdf", "buffer": samples.EXE}
    )
    panel.get_by_role("button", name="Đính kèm").click()
    error = page.locator("#id_attach_files-files-error")
    expect(error).to_contain_text("chương trình chạy được")
    screenshot(page, "dossier-attach-refused")

    panel = page.locator(
        "details.action-panel", has=page.locator("summary", has_text="Đính kèm bản quét hồ sơ")
    )
    page.set_viewport_size(PHONE)
    panel.locator('input[type="file"]').set_input_files(
        {"name": "Tờ khai đăng ký.pdf", "mimeType": "application/pdf", "buffer": samples.PDF}
    )
    panel.get_by_role("button", name="Đính kèm").click()
    expect(page.locator(".msg-success")).to_contain_text("Đã đính kèm tệp vào hồ sơ.")
    link = page.locator("#tep").get_by_role("link", name="Tờ khai đăng ký.pdf")
    expect(link).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.locator("#tep").scroll_into_view_if_needed()
    screenshot(page, "dossier-attached-scan")

    page.set_viewport_size(PHONE)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "Tờ khai đăng ký.pdf"
    assert Path(download.path()).read_bytes() == samples.PDF
