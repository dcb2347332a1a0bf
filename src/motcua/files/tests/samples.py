"""Small files of each kind for the tests (and the dossiers' tests, which may import
files: it is below them)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
TEXT = "Xin chào, đây là văn bản thường.\n".encode()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    """As Django hands a file over (the browser's type is a claim, never used)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "ban-quet.pdf", pad: int = 0):
    return upload(name, PDF + b"%" * pad)
