"""Accent-insensitive search text for Vietnamese (tìm kiếm không dấu).

Citizens often type without diacritics ("chung thuc", "khai sinh"). We store a
normalised copy of the searchable text and normalise the query the same way, so a
plain ``LIKE`` filter works identically on SQLite and PostgreSQL (no unaccent
extension, no collation tricks).
"""

from __future__ import annotations

import re
import unicodedata

# "đ" is a letter of its own, not "d" plus a mark: NFD does not split it.
_LETTER_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})
_NOT_WORD = re.compile(r"[^0-9a-z.]+")


def normalize_search(text: str) -> str:
    """'Chứng thực Bản sao' → 'chung thuc ban sao'. Keeps digits and dots (codes)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_FOLDS))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", without_marks.lower()).strip()


def search_tokens(query: str) -> list[str]:
    """The words every result must contain, longest first (most selective filter first)."""
    words = {word.strip(".") for word in normalize_search(query).split()}
    return sorted((word for word in words if word), key=lambda word: (-len(word), word))
