"""A stored file answered as an attachment, streamed (docs/files.md).

Never inline and never from a public URL: the caller has checked that the user may read
the file (for a dossier's file, dossiers.selectors.readable_dossier_file) and calls
``attachment``. The type is the one decided from the content when it was stored; the
name is the original one, in RFC 6266/5987 form (an ASCII fallback and the UTF-8 name),
so "Tờ khai đăng ký.pdf" arrives with its Vietnamese letters.
"""

from __future__ import annotations

import logging
import unicodedata
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .models import StoredFile

logger = logging.getLogger(__name__)

_ASCII_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fallback(name: str) -> str:
    """ "Tờ khai.pdf" → "To khai.pdf": for the clients that ignore ``filename*``."""
    plain = unicodedata.normalize("NFKD", name.translate(_ASCII_MAP))
    plain = "".join(ch for ch in plain if ch.isascii() and not unicodedata.combining(ch))
    plain = "".join(ch if ch.isprintable() and ch not in '"\\;' else "_" for ch in plain)
    return plain.strip() or "tep"


def content_disposition(name: str) -> str:
    return (
        f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def attachment(stored: StoredFile) -> FileResponse:
    """Stream ``stored`` as a download (chunks from the storage, never read whole).

    Bytes missing from the storage (a lost disk, a restore without its files) answer
    404 with an error in the log, never a 500: the row says the file existed."""
    try:
        handle = default_storage.open(stored.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        logger.error("stored file %s missing from storage: %s", stored.pk, exc)
        raise Http404("Không tìm thấy nội dung tệp trong kho lưu trữ.") from exc
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(stored.original_name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Even if a browser were told to show it, nothing in it runs.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
