"""Uploads: the server's memory while a large scan arrives, and the bytes read to type it.

Not a timing benchmark. A throw-away SQLite database and media folder are made in a
temporary directory; one ward, one counter officer, one received dossier. Then a real
server process (files_server.py: Django behind wsgiref) receives a 50 MB PDF POSTed to
the dossier page's "Đính kèm bản quét" action, streamed from disk by http.client, and we
read that process's resident memory before the request (VmRSS) and its peak during it
(VmHWM, reset just before through /proc/PID/clear_refs). Exits with status 1 if the peak
grows by more than 10 MB or if the type detection reads more than 64 KB.

    .venv/bin/python bench/files_bench.py             # 50 MB
    .venv/bin/python bench/files_bench.py --mb 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="motcua-files-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'db.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["FILE_UPLOAD_TEMP_DIR"] = str(TMP)
os.environ.setdefault("MOTCUA_UPLOAD_MAX_MB", "1024")

import benchenv  # noqa: E402, F401  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from motcua.catalog.content import VersionData  # noqa: E402
from motcua.catalog.models import DeadlineKind  # noqa: E402
from motcua.catalog.services import publish_version  # noqa: E402
from motcua.dossiers import inputs, services  # noqa: E402
from motcua.dossiers.models import FileKind  # noqa: E402
from motcua.files import sniffing  # noqa: E402
from motcua.files.tests import streaming  # noqa: E402
from motcua.org.models import AgencyKind, Role  # noqa: E402
from motcua.org.services import create_agency, create_staff  # noqa: E402

LIMIT_MB = 10


def setup():
    call_command("migrate", verbosity=0)
    province = create_agency(
        actor=None, code="B01", name="Tỉnh Đo", kind=AgencyKind.PROVINCE, parent=None
    )
    ward = create_agency(
        actor=None, code="B01.01", name="Phường Đo", kind=AgencyKind.WARD, parent=province
    )
    unit = create_agency(
        actor=None, code="B01.01.01", name="Phòng Đo", kind=AgencyKind.UNIT, parent=ward
    )
    centre = create_agency(
        actor=None, code="B01.01.02", name="Trung tâm Đo", kind=AgencyKind.UNIT, parent=ward
    )
    counter = create_staff(
        actor=None,
        agency=centre,
        username="motcua.bench",
        full_name="Cán Bộ Đo",
        password=secrets.token_urlsafe(16),
        roles=[Role.COUNTER_OFFICER],
    )
    procedure = publish_version(
        actor=None,
        scope=ward,
        data=VersionData(
            code="9.000001",
            name="Thủ tục đo",
            sector="Hộ tịch",
            valid_from=dt.date(2025, 1, 1),
            deadline_kind=DeadlineKind.DAYS,
            deadline_amount=3,
            fee_vnd=0,
            competent_unit_code=unit.code,
            result_delivery=("counter",),
        ),
    ).version.procedure
    dossier = services.receive_dossier(
        actor=counter,
        receiving_agency=centre,
        procedure=procedure,
        applicant=inputs.Applicant(name="Nguyễn Văn Đo", phone="0912345678"),
    )
    return counter, dossier


def status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the uploaded file (MB)")
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    counter, dossier = setup()
    client = Client()
    client.force_login(counter)
    csrf = secrets.token_hex(16)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    pdf = TMP / "scan.pdf"
    digest = streaming.write_pdf(pdf, size)
    body = TMP / "body"
    content_type = streaming.write_multipart(
        body,
        {"csrfmiddlewaretoken": csrf, "attach_files-kind": "intake_scan"},
        "attach_files-files",
        "Bản quét.pdf",
        pdf,
    )
    with open(pdf, "rb") as f:
        counted = streaming.CountingReader(f)
        found = sniffing.sniff(counted)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("files_server.py")), str(port)],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        server.stdout.readline()  # "ready"
        # Warm up (imports, templates, the first connection) with the dossier page.
        url = reverse("dossiers-staff-detail", args=[dossier.code])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", url, headers={"Cookie": cookie})
        warm = conn.getresponse()
        warm.read()
        assert warm.status == 200, warm.status
        before = status_kb(server.pid, "VmRSS")
        Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # reset VmHWM
        started = time.perf_counter()
        with open(body, "rb") as stream:
            conn.request(
                "POST",
                reverse("dossiers-staff-action", args=[dossier.code, "attach_files"]),
                body=stream,
                headers={
                    "Content-Type": content_type,
                    "Content-Length": str(body.stat().st_size),
                    "Cookie": cookie,
                },
            )
            answer = conn.getresponse()
            answer.read()
        seconds = time.perf_counter() - started
        peak = status_kb(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait()
    stored = dossier.files.get(kind=FileKind.INTAKE_SCAN).stored_file
    growth_mb = (peak - before) / 1024
    print(f"upload of {args.mb} MB: HTTP {answer.status} in {seconds:.1f} s (not a timing)")
    print(
        f"server RSS before {before / 1024:.1f} MB, peak during the request "
        f"{peak / 1024:.1f} MB: grew by {growth_mb:.2f} MB (limit {LIMIT_MB} MB)"
    )
    print(
        f"stored {stored.size} bytes, sha256 {'matches' if stored.sha256 == digest else 'DIFFERS'}"
    )
    print(
        f"type detection read {counted.bytes_read} bytes ({found.content_type}), "
        f"limit {sniffing.MAX_SNIFF_BYTES}"
    )
    ok = (
        answer.status == 302
        and stored.sha256 == digest
        and growth_mb <= LIMIT_MB
        and counted.bytes_read <= sniffing.MAX_SNIFF_BYTES
    )
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(code)
