"""A 50 MB scan uploaded through the dossier page: the request is streamed to disk, so the
process's memory grows by at most 10 MB, and its type is decided from at most 64 KB.

Measured with tracemalloc (every Python allocation, peak during the request), not with
time: the real WSGI handler reads the body from a file as a server reads the socket."""

from __future__ import annotations

import secrets
import tracemalloc

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from motcua.dossiers.models import FileKind
from motcua.files import sniffing
from motcua.files.tests import streaming

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SIZE = 50 * 1024 * 1024
MEMORY_LIMIT = 10 * 1024 * 1024


@pytest.fixture
def no_connection_closing():
    """As Django's test client does: the request keeps the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_50_mb_upload_is_streamed_and_sniffed_from_its_head(
    receive, staff, client, settings, tmp_path, monkeypatch, no_connection_closing
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.MOTCUA_UPLOAD_MAX_BYTES = 60 * 1024 * 1024
    d = receive()
    client.force_login(staff.counter)
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked secret Django accepts
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    pdf = tmp_path / "scan.pdf"
    digest = streaming.write_pdf(pdf, SIZE)
    body = tmp_path / "body"
    content_type = streaming.write_multipart(
        body,
        {"csrfmiddlewaretoken": csrf, "attach_files-kind": "intake_scan"},
        "attach_files-files",
        "Bản quét hồ sơ.pdf",
        pdf,
    )
    sniffed: list[int] = []
    original = sniffing.sniff

    def counting(stream):
        proxy = streaming.CountingReader(stream)
        found = original(proxy)
        sniffed.append(proxy.bytes_read)
        return found

    monkeypatch.setattr(sniffing, "sniff", counting)
    handler = WSGIHandler()
    url = reverse("dossiers-staff-action", args=[d.code, "attach_files"])
    environ = streaming.wsgi_environ(url, body, content_type, cookies)
    statuses = []
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        response = handler(environ, lambda status, headers: statuses.append(status))
        for _ in response:
            pass
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        environ["wsgi.input"].close()
    assert statuses == ["302 Found"]
    stored = d.files.get().stored_file
    assert d.files.get().kind == FileKind.INTAKE_SCAN
    assert stored.size == SIZE and stored.sha256 == digest
    growth = peak - before
    print(f"peak growth {growth / 1024 / 1024:.2f} MB; sniffed {sniffed} bytes")
    assert growth <= MEMORY_LIMIT
    assert sniffed and all(n <= sniffing.MAX_SNIFF_BYTES for n in sniffed)
