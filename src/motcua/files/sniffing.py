"""The type of a file decided from its first bytes (magic numbers), never from its name.

At most ``SNIFF_BYTES`` are read (the bench and a test count them). The signatures are
the ``filetype`` library's (docs/files.md: why it); on top of it, the starts of the
executable and script formats that must never be accepted, whatever their name says.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype

# filetype looks at the first 8 KB; the bound we promise is 64 KB (issue #11).
SNIFF_BYTES = 8192
MAX_SNIFF_BYTES = 64 * 1024

# Executables and scripts: refused with their own code, whatever the policy allows.
EXECUTABLE_TYPES = {
    "application/x-msdownload",  # MZ: Windows .exe/.dll
    "application/x-executable",  # ELF
    "application/x-mach-binary",
    "application/x-shockwave-flash",
    "application/x-sh",
    "application/vnd.microsoft.portable-executable",
}
_EXECUTABLE_STARTS = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
)


@dataclass(frozen=True)
class Sniffed:
    content_type: str  # "" when unknown
    executable: bool
    bytes_read: int


def sniff(stream) -> Sniffed:
    """Read the head of ``stream`` (from its start) and say what it is."""
    if hasattr(stream, "seek"):
        stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    assert SNIFF_BYTES <= MAX_SNIFF_BYTES
    if hasattr(stream, "seek"):
        stream.seek(0)
    kind = filetype.guess(head) if head else None
    content_type = kind.mime if kind else ""
    executable = content_type in EXECUTABLE_TYPES or head.startswith(_EXECUTABLE_STARTS)
    return Sniffed(content_type, executable, len(head))
