"""Large uploads without holding them: a PDF and its multipart request body written to
disk in chunks, a WSGI environ reading the body from the file, and a reader that counts
what is read. Used by the memory test (dossiers/tests/test_upload_memory.py) and by
bench/files_bench.py."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from pathlib import Path

CHUNK = 1024 * 1024
PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PDF_TAIL = b"\n%%EOF\n"


def write_pdf(path: Path, size: int) -> str:
    """A ``size``-byte file that starts and ends as a PDF; its SHA-256."""
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        left = size - len(PDF_HEAD) - len(PDF_TAIL)
        for part in (PDF_HEAD,):
            out.write(part)
            digest.update(part)
        filler = (b"% padding " * (CHUNK // 10 + 1))[:CHUNK]
        while left > 0:
            part = filler[: min(CHUNK, left)]
            out.write(part)
            digest.update(part)
            left -= len(part)
        out.write(PDF_TAIL)
        digest.update(PDF_TAIL)
    return digest.hexdigest()


def write_multipart(
    path: Path, fields: dict[str, str], file_field: str, file_name: str, source: Path
) -> str:
    """multipart/form-data with ``fields`` and one file copied from ``source`` in chunks;
    returns the Content-Type (with its boundary)."""
    boundary = "----motcua" + secrets.token_hex(12)
    with open(path, "wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        with open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}"


def wsgi_environ(url: str, body: Path, content_type: str, cookies: dict[str, str]) -> dict:
    """A POST to ``url`` whose body is read from the file ``body`` as a server would."""
    stream = open(body, "rb")  # noqa: SIM115 (closed by the caller via environ["wsgi.input"])
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(os.path.getsize(body)),
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.input": stream,
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


class CountingReader:
    """A stream proxy counting the bytes read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.bytes_read = 0

    def read(self, n=-1):
        data = self.stream.read(n)
        self.bytes_read += len(data)
        return data

    def seek(self, *args):
        return self.stream.seek(*args)

    def tell(self):
        return self.stream.tell()
