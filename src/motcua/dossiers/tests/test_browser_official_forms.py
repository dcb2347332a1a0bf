"""The HTML print views of Mẫu 01–07 in a real Chromium: on screen, on a phone, on paper."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from motcua.dossiers.official_forms import samples
from motcua.dossiers.official_forms.render import form_html_context

pytestmark = pytest.mark.browser


def open_form(page, form) -> None:
    name, context = form_html_context(form)
    page.set_content(render_to_string(name, context))


def printed(page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=False)))


def test_receipt_prints_on_one_a4_sheet_without_the_print_button(page, screenshot):
    open_form(page, samples.receipt())
    assert page.get_by_role("button", name="In").is_visible()
    qr = page.get_by_role("img", name="Mã QR tra cứu hồ sơ")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "official-form-01")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="In").is_visible()
    pdf = printed(page)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_register_prints_landscape_with_its_heading_on_every_page(page, screenshot):
    open_form(page, samples.register(rows=60))
    screenshot(page, "official-form-07")
    pdf = printed(page)
    assert len(pdf.pages) > 1
    for sheet in pdf.pages:
        box = sheet.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)
        # Chromium's text layer spaces out Vietnamese marks ("M ã h ồ"): look for "STT".
        assert "STT" in sheet.extract_text()


def test_the_sheet_fits_a_phone_screen(page):
    open_form(page, samples.apology())
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.get_by_text("Kính gửi:").is_visible()
