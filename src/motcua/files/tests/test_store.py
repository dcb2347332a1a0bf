"""Storing an upload: type from the content, limits, hash, antivirus, storage."""

from __future__ import annotations

import hashlib
import io
import os
import socketserver
import struct
import threading

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from motcua.core.errors import DomainError
from motcua.files import antivirus, sniffing
from motcua.files.models import StoredFile
from motcua.files.policy import UploadPolicy
from motcua.files.services import clean_name, store_uploads

from . import samples
from .fakes import EICAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    return [name for _, _, names in os.walk(media) for name in names]


def refused(code, uploads, media, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        store_uploads(uploads, actor=None, **kwargs)
    assert caught.value.code == code, caught.value
    assert caught.value.field == "files"
    assert StoredFile.objects.count() == 0
    assert stored_files(media) == []
    return caught.value


def test_a_pdf_is_stored_with_its_hash_size_and_type_from_content(media, make_staff, org):
    from motcua.org.models import Role

    clerk = make_staff(org.ward, Role.COUNTER_OFFICER)
    content = samples.PDF + b"%" * 300_000  # past FILE_UPLOAD_MAX_MEMORY_SIZE
    upload = samples.upload("Tờ khai đăng ký.pdf", content, content_type="text/html")
    [stored] = store_uploads([upload], actor=clerk)
    stored.refresh_from_db()
    assert stored.content_type == "application/pdf"  # not the browser's claim
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.original_name == "Tờ khai đăng ký.pdf"
    assert stored.uploaded_by == clerk
    assert stored.storage_name.startswith("files/") and stored.storage_name.endswith(".pdf")
    assert "Tờ" not in stored.storage_name
    with default_storage.open(stored.storage_name) as f:
        assert f.read() == content


def test_images_are_typed_by_content(media):
    png, jpeg = store_uploads(
        [samples.upload("a.png", samples.PNG), samples.upload("b", samples.JPEG)], actor=None
    )
    assert (png.content_type, jpeg.content_type) == ("image/png", "image/jpeg")
    assert jpeg.storage_name.endswith(".jpg")


@pytest.mark.parametrize("content", [samples.EXE, samples.ELF, b"#!/bin/sh\nrm -rf /\n"])
def test_a_disguised_executable_renamed_pdf_is_refused(media, content):
    error = refused("file_executable", [samples.upload("Giay-to.pdf", content)], media)
    assert "Giay-to.pdf" in error.message and "chương trình" in error.message


def test_a_type_outside_the_policy_is_refused(media):
    refused("file_type_not_allowed", [samples.upload("ghi-chu.pdf", samples.TEXT)], media)
    only_pdf = UploadPolicy(allowed_types=frozenset({"application/pdf"}))
    error = refused(
        "file_type_not_allowed", [samples.upload("anh.png", samples.PNG)], media, policy=only_pdf
    )
    assert "PDF" in error.message


def test_a_name_that_says_another_type_than_the_content_is_refused(media):
    error = refused("file_type_mismatch", [samples.upload("scan.pdf", samples.PNG)], media)
    assert ".pdf" in error.message and "PNG" in error.message


def test_an_oversize_file_is_refused(media):
    policy = UploadPolicy(max_bytes=1000)
    error = refused("file_too_large", [samples.pdf(pad=2000)], media, policy=policy)
    assert "MB" in error.message


def test_the_size_limit_holds_on_the_bytes_read_not_the_announced_size(media):
    upload = samples.pdf(pad=5000)
    upload.size = 10  # a handler that lied about the size
    refused("file_too_large", [upload], media, policy=UploadPolicy(max_bytes=1000))


def test_too_many_files_are_refused(media):
    policy = UploadPolicy(max_count=2)
    refused("file_too_many", [samples.pdf(), samples.pdf(), samples.pdf()], media, policy=policy)
    error = refused("file_too_many", [samples.pdf()], media, policy=policy, already=2)
    assert "Tối đa 2 tệp" in error.message


def test_one_bad_file_refuses_the_whole_request_and_leaves_nothing(media):
    refused("file_executable", [samples.pdf(), samples.upload("x.pdf", samples.EXE)], media)


@override_settings(MOTCUA_ANTIVIRUS="motcua.files.tests.fakes.RejectingScanner")
def test_the_antivirus_hook_rejects_before_anything_is_stored(media):
    infected = samples.upload("ho-so.pdf", samples.PDF + EICAR)
    error = refused("file_infected", [infected], media)
    assert "Eicar-Test-Signature" in error.message
    assert store_uploads([samples.pdf()], actor=None)  # a clean one passes


@override_settings(MOTCUA_ANTIVIRUS="motcua.files.tests.fakes.DownScanner")
def test_a_scanner_that_does_not_answer_refuses_the_file(media):
    refused("antivirus_unavailable", [samples.pdf()], media)


class CountingReader(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, n=-1):
        data = super().read(n)
        self.bytes_read += len(data)
        return data


def test_type_detection_reads_at_most_64_kb():
    stream = CountingReader(samples.PDF + b"\0" * (5 * 1024 * 1024))
    found = sniffing.sniff(stream)
    assert found.content_type == "application/pdf"
    assert stream.bytes_read == found.bytes_read <= sniffing.MAX_SNIFF_BYTES


def test_names_lose_folders_and_control_characters():
    assert clean_name("C:\\Users\\An\\Giấy khai sinh.pdf") == "Giấy khai sinh.pdf"
    assert clean_name("../../etc/passwd\x00.pdf") == "passwd.pdf"
    assert clean_name("") == "tep"
    long = clean_name("a" * 400 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


# --- ClamAV's daemon, spoken to over a socket --------------------------------------------


class FakeClamd(socketserver.StreamRequestHandler):
    def handle(self):
        assert self.rfile.read(10) == b"zINSTREAM\0"
        data = b""
        while True:
            (size,) = struct.unpack("!L", self.rfile.read(4))
            if not size:
                break
            data += self.rfile.read(size)
        reply = b"stream: Eicar-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
        self.wfile.write(reply)


@pytest.fixture
def clamd(tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = socketserver.UnixStreamServer(path, FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"unix://{path}"
    server.shutdown()
    server.server_close()


def test_clamd_scanner_speaks_instream(clamd):
    scanner = antivirus.ClamdScanner(clamd, timeout=5)
    assert scanner.scan(io.BytesIO(samples.PDF * 30_000)) == antivirus.Verdict(True)
    found = scanner.scan(io.BytesIO(samples.PDF + EICAR))
    assert found == antivirus.Verdict(False, "Eicar-Signature")


def test_clamd_scanner_unreachable_is_unavailable(tmp_path):
    scanner = antivirus.ClamdScanner(f"unix://{tmp_path}/none.sock", timeout=1)
    with pytest.raises(antivirus.ScannerUnavailable):
        scanner.scan(io.BytesIO(samples.PDF))


def test_clamd_error_reply_is_unavailable():
    with pytest.raises(antivirus.ScannerUnavailable):
        antivirus.parse_reply("INSTREAM size limit exceeded. ERROR")


def test_uploaded_temporary_files_are_read_in_chunks(media, settings):
    # A file past FILE_UPLOAD_MAX_MEMORY_SIZE arrives as a TemporaryUploadedFile.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 256 * 1024
    big = SimpleUploadedFile("lon.pdf", samples.PDF + b"%" * (3 * 1024 * 1024))
    [stored] = store_uploads([big], actor=None)
    assert stored.size == big.size


def test_the_hashing_reader_reads_whole_or_in_chunks_and_rewinds():
    from motcua.files.services import HashingReader

    data = samples.PDF * 1000
    reader = HashingReader(io.BytesIO(data), limit=len(data))
    assert reader.read(10) + reader.read() == data
    assert reader.sha256.hexdigest() == hashlib.sha256(data).hexdigest()
    reader.seek(0)
    assert reader.read(len(data)) == data and reader.size == len(data)
    with pytest.raises(io.UnsupportedOperation):
        reader.seek(5)


def test_upload_settings_are_checked_at_start(settings):
    from motcua.files.apps import check_upload_settings

    assert check_upload_settings() == []
    settings.MOTCUA_UPLOAD_TYPES = ["application/pdf", "text/html"]
    [error] = check_upload_settings()
    assert error.id == "files.E001" and "text/html" in error.msg
    settings.MOTCUA_UPLOAD_TYPES = ["application/pdf"]
    settings.MOTCUA_UPLOAD_MAX_FILES = 0
    assert check_upload_settings()[0].id == "files.E001"
