"""/healthz (database, disk, registered checks; 503 when unhealthy) and the JSON logs with
the request id (issue #16 §6)."""

import json
import logging
from collections import namedtuple

import pytest
from django.test import Client

from motcua.core import health
from motcua.core.logs import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def ok_check():
    return True, {"age_s": 3}


def failing_check():
    return False, {"age_s": 900}


def broken_check():
    raise RuntimeError("secret detail that must not leak")


def test_healthy_is_200_with_every_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["disk"]["ok"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_registered_check_is_run(client, settings):
    settings.MOTCUA_HEALTH_CHECKS = {"worker": f"{__name__}.ok_check"}
    assert client.get("/healthz").json()["checks"]["worker"] == {"ok": True, "age_s": 3}
    settings.MOTCUA_HEALTH_CHECKS = {"worker": f"{__name__}.failing_check"}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"


def test_a_check_that_raises_is_unhealthy_and_says_nothing_more(client, settings):
    settings.MOTCUA_HEALTH_CHECKS = {"worker": f"{__name__}.broken_check"}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "secret" not in response.content.decode()


def test_low_disk_is_503(client, settings, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(health.shutil, "disk_usage", lambda path: usage(1, 1, 100 * 1024 * 1024))
    settings.MOTCUA_HEALTH_MIN_FREE_MB = 500
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == {"ok": False, "free_mb": 100, "min_free_mb": 500}


def test_a_database_failure_is_503_not_500(client, monkeypatch):
    monkeypatch.setitem(health.BUILT_IN, "database", lambda: (_ for _ in ()).throw(OSError()))
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "check failed"}


def test_the_health_answer_holds_no_path_or_secret(client, settings):
    text = client.get("/healthz").content.decode()
    assert str(settings.MEDIA_ROOT) not in text and settings.SECRET_KEY not in text


# --- Request id and JSON lines ------------------------------------------------------------


def test_a_request_gets_an_id_echoed_in_the_response(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_id_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] == (
        "abc123def456"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')["X-Request-ID"]
    assert forged != 'x" injected\nline' and len(forged) == 32


def test_every_log_line_of_a_request_carries_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="req-0001-abcd")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "req-0001-abcd" for r in records)


def test_the_json_formatter_writes_one_parseable_line():
    record = logging.LogRecord("motcua.x", logging.ERROR, __file__, 1, "Hồ sơ %s", ("A-1",), None)
    record.dossier = "A-1"
    token = request_id_var.set("rid-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line.strip().splitlines()[0] and len(line.splitlines()) == 1
    entry = json.loads(line)
    assert entry["message"] == "Hồ sơ A-1" and entry["level"] == "ERROR"
    assert entry["request_id"] == "rid-12345678" and entry["dossier"] == "A-1"
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
