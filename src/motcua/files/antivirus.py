"""Antivirus hook: a scanner may reject a file before it is attached.

Off unless ``MOTCUA_ANTIVIRUS`` names a scanner class (docs/files.md, docs/deployment.md).
The one shipped is ``ClamdScanner``: ClamAV's daemon over its documented INSTREAM
command, on a Unix socket or TCP (``MOTCUA_CLAMD_ADDRESS``). A scanner answers a
``Verdict``; one that cannot answer raises ``ScannerUnavailable`` and the upload is
refused (fail closed: a file nobody could scan is not attached).

Why no client library: the ``clamd`` package was last released in 2014 and ``pyclamd`` in
2017; the INSTREAM exchange is a dozen lines (length-prefixed chunks, a zero-length end,
one reply line), tested here against a fake daemon on a socket.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""  # the virus name when not clean


class ScannerUnavailable(Exception):
    pass


class ClamdScanner:
    """ClamAV daemon (clamd), INSTREAM. ``address``: ``unix:///run/clamav/clamd.ctl`` or
    ``tcp://host:3310``."""

    def __init__(self, address: str | None = None, timeout: float | None = None):
        self.address = address or settings.MOTCUA_CLAMD_ADDRESS
        self.timeout = timeout if timeout is not None else settings.MOTCUA_CLAMD_TIMEOUT

    def _connect(self) -> socket.socket:
        if self.address.startswith("unix://"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target = self.address.removeprefix("unix://")
        elif self.address.startswith("tcp://"):
            host, _, port = self.address.removeprefix("tcp://").rpartition(":")
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            target = (host, int(port))
        else:
            raise ScannerUnavailable(f"Unknown clamd address: {self.address!r}")
        sock.settimeout(self.timeout)
        sock.connect(target)
        return sock

    def scan(self, stream) -> Verdict:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                stream.seek(0)
                while chunk := stream.read(CHUNK):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except OSError as error:
            raise ScannerUnavailable(str(error)) from error
        finally:
            stream.seek(0)
        return parse_reply(reply.rstrip(b"\0").decode("utf-8", "replace"))


def parse_reply(reply: str) -> Verdict:
    """``stream: OK`` · ``stream: Eicar-Signature FOUND`` · ``… ERROR`` (unavailable)."""
    _, _, result = reply.partition(": ")
    if result == "OK":
        return Verdict(True)
    if result.endswith(" FOUND"):
        return Verdict(False, result.removesuffix(" FOUND"))
    raise ScannerUnavailable(reply or "empty reply")


@cache
def _scanner_class(path: str):
    return import_string(path)


def scanner():
    """The configured scanner, or None when no antivirus is configured."""
    path = settings.MOTCUA_ANTIVIRUS
    return _scanner_class(path)() if path else None
