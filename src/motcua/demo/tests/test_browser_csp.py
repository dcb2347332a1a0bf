"""No page breaks the Content-Security-Policy in a real browser: the staff inbox, the
dashboard with its Chart.js charts, a printable form, and the public pages, on the demo
ward. A violation is caught by the page's own ``securitypolicyviolation`` event and by
the console, where Chromium reports every refused script or style."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.demo import catalogue, organisation
from motcua.demo import dossiers as demo_dossiers
from motcua.dossiers.models import Dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
window.print = () => { window.__printed = true; };
"""


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations() -> list[str]:
        return page.evaluate("window.__cspViolations") + console

    page.violations = violations
    return page


@pytest.fixture
def demo():
    organisation.load()
    catalogue.load()
    demo_dossiers.load()


def visit(page, path: str) -> None:
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.violations() == [], path


def test_public_pages_run_without_a_violation(watched, demo):
    code = Dossier.objects.values_list("code", flat=True).first()
    for path in ("/", "/thu-tuc/", "/tra-cuu/", f"/tra-cuu/?ma={code}", "/thong-ke/"):
        visit(watched, path)
    visit(watched, "/bang-dien-tu/")
    expect(watched.locator("#board")).to_be_visible()


def test_staff_inbox_dashboard_and_print_run_without_a_violation(watched, browser_login, demo):
    browser_login(watched, "lanhdao.hoabinh", organisation.DEMO_PASSWORD)
    visit(watched, "/can-bo/ho-so/")
    visit(watched, "/can-bo/chi-so/")
    # Chart.js drew: its canvases have a size, which only its script gives them.
    charts = watched.locator("canvas")
    expect(charts.first).to_be_visible()
    assert watched.evaluate("[...document.querySelectorAll('canvas')].every(c => c.width > 0)")
    code = Dossier.objects.values_list("code", flat=True).first()
    visit(watched, f"/can-bo/in/ho-so/{code}/mau-01/")
    watched.get_by_role("button", name="In").click()
    assert watched.evaluate("window.__printed === true")  # the handler moved to a file runs
    assert watched.violations() == []
