"""Shared pytest fixtures: an organisation tree, staff factories, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _flush_through_append_only_triggers():
    """A transactional test ends with Django's flush (DELETE on SQLite, TRUNCATE on
    PostgreSQL), which the append-only triggers refuse (core/append_only.py): the suite's
    flush, and only it, runs inside ``maintenance()``."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        from django.db import transaction

        from motcua.core.append_only import maintenance

        with transaction.atomic(using=self.connection.alias), maintenance(self.connection):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush


def pytest_configure(config):
    _flush_through_append_only_triggers()


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Staff two-factor sign-in (org.twofactor) is enforced in the tests marked
    ``two_factor``; elsewhere force_login'd admins go straight to their pages."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.MOTCUA_TWO_FACTOR_ENFORCED = False


@pytest.fixture
def org(db):
    """Province → two wards → units, built through the services (no demo accounts)."""
    from types import SimpleNamespace

    from motcua.org.models import AgencyKind
    from motcua.org.services import create_agency

    # attribute, code, name, kind, parent attribute
    tree = [
        ("province", "T01", "Tỉnh Thử Nghiệm", AgencyKind.PROVINCE, None),
        ("ward", "T01.01", "Phường Một", AgencyKind.WARD, "province"),
        ("unit_a", "T01.01.01", "Phòng Văn hóa - Xã hội", AgencyKind.UNIT, "ward"),
        ("unit_b", "T01.01.02", "Phòng Kinh tế", AgencyKind.UNIT, "ward"),
        ("center", "T01.01.03", "Trung tâm Phục vụ HCC", AgencyKind.UNIT, "ward"),
        ("other_ward", "T01.02", "Phường Hai", AgencyKind.WARD, "province"),
        ("other_unit", "T01.02.01", "Phòng Văn hóa - Xã hội 2", AgencyKind.UNIT, "other_ward"),
    ]
    t = SimpleNamespace()
    for attribute, code, name, kind, parent in tree:
        agency = create_agency(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            parent=getattr(t, parent) if parent else None,
        )
        setattr(t, attribute, agency)
    return t


@pytest.fixture
def make_staff(db):
    """make_staff(agency, *roles, username=None) → a user holding those roles there."""
    from motcua.org.services import create_staff

    counter = {"n": 0}

    def make(agency, *roles, username=None, password="Kiem-Thu#2026"):
        counter["n"] += 1
        return create_staff(
            actor=None,
            agency=agency,
            username=username or f"canbo{counter['n']}",
            full_name=f"Cán Bộ Số {counter['n']}",
            password=password,
            roles=list(roles),
        )

    return make


# --- Browser -----------------------------------------------------------------


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def _playwright_browser():
    if not _chromium_available():
        if os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (MOTCUA_REQUIRE_BROWSER=1)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh desktop-size page; ``page.base_url`` is the live server."""
    context = _playwright_browser.new_context(
        viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): save phone and desktop full-page PNGs under test-artifacts/."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str) -> list[Path]:
        paths = []
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            pg.set_viewport_size(size)
            path = folder / f"{name}-{label}.png"
            pg.screenshot(path=str(path), full_page=True)
            paths.append(path)
        pg.set_viewport_size(DESKTOP)
        return paths

    return take


def login(pg, username: str, password: str = "Kiem-Thu#2026") -> None:
    pg.goto(pg.base_url + "/dang-nhap/")
    pg.get_by_label("Tên đăng nhập").fill(username)
    pg.get_by_label("Mật khẩu").fill(password)
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.wait_for_url("**/can-bo/**")


AXE = Path(__file__).resolve().parent / "test-assets" / "axe-core" / "axe.min.js"
AXE_SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(_axe_source):
    """axe_check(page) → the serious and critical accessibility violations of the page as
    axe-core (test-assets/) finds them, WCAG 2.x A and AA rules. Run through the DevTools
    protocol, so the page's Content-Security-Policy does not stop it."""

    def check(pg) -> list[dict]:
        if not pg.evaluate("typeof window.axe !== 'undefined'"):
            pg.evaluate(_axe_source)
        result = pg.evaluate(
            """async () => await window.axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in AXE_SERIOUS
        ]

    return check


@pytest.fixture
def browser_login():
    return login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.3 s per user; tests create many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
