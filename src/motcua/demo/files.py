"""Demo files: a small valid one-page PDF per scan or electronic result, so that the demo
dossiers have real attached files (the Decision 766 digitisation items count them) and
a download opens in a PDF reader."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile


def _pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with ASCII text (Helvetica), its cross-reference table exact."""
    text = "".join(
        f"BT /F1 14 Tf 72 {770 - 24 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def scan(code: str, name: str = "Ban quet thanh phan ho so.pdf") -> SimpleUploadedFile:
    body = _pdf(["Ban quet thanh phan ho so (du lieu demo)", f"Ho so {code}"])
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def result(code: str) -> SimpleUploadedFile:
    body = _pdf(["Ket qua giai quyet TTHC - ban dien tu (du lieu demo)", f"Ho so {code}"])
    return SimpleUploadedFile(f"Ket qua {code}.pdf", body, content_type="application/pdf")
