import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.django_db
def test_home_is_vietnamese_and_links_the_catalogue(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Thủ tục hành chính" in html
    assert "/thu-tuc/" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/tra-cuu/", "/thong-ke/"])
def test_every_public_page_links_lookup_statistics_and_catalogue(client, path):
    """Issue #10: citizens find the lookup and the statistics from the header."""
    html = client.get(path).content.decode()
    header = html[html.index('<nav class="top-nav"') : html.index("</nav>")]
    for target in ('href="/thu-tuc/"', 'href="/tra-cuu/"', 'href="/thong-ke/"'):
        assert target in header


@pytest.mark.django_db
def test_unknown_page_gets_the_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "disk"}


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_is_vietnamese_and_standalone(rf):
    from motcua.core import views

    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.django_db
def test_static_assets_are_vendored_not_from_a_cdn(client):
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<body")[0]
    assert "/static/vendor/htmx" in html


@pytest.mark.slow
def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "a-real-production-secret-key-with-enough-length-and-entropy-1234567890",
        "ALLOWED_HOSTS": "motcua.example.vn",
        "MOTCUA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "MOTCUA_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_no_half_translated_english_is_offered():
    """Issue #10: the switch is gone until every page is translated."""
    client = Client()
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 404
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html and "Thủ tục hành chính" in html
    assert 'name="language"' not in html


@pytest.mark.django_db
def test_browsers_announcing_english_still_get_vietnamese(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Thủ tục hành chính" in html


def test_debug_is_off_unless_the_environment_sets_it(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "a-real-production-secret-key-with-enough-length-and-entropy-1234567890",
        "MOTCUA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
