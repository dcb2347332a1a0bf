"""The printable document: plain, JSON-ready dicts shared by the PDF and the HTML view.

Every form is built once (builders.py) as a *document* — header, title, QR code and a
list of blocks — and drawn by two generic renderers: ``templates/official_form.typ``
(Typst → PDF) and ``dossiers/forms/official_form.html`` (Django → print view). The
wording of a form therefore lives in one place, and both outputs say the same thing.

Blocks (``kind``):

- ``line``: a paragraph of spans ``{"text", "style": plain|bold|italic}``; ``indent``
  indents the first line (prose), ``align`` is left|center|justify.
- ``table``: ``widths`` (relative, or "auto": as wide as its longest cell), ``align``
  per column, ``header`` rows of cells ``{"text", "colspan", "rowspan"}`` (repeated on
  every page), ``rows`` of strings (a newline breaks the line), ``size`` normal|small.
- ``closing``: ``signers`` (``{"title", "hint", "name"}``, one or two columns) and,
  for letters, ``recipients`` ("Nơi nhận") on the left.
- ``note``: a small italic paragraph of spans.

Every string is data: both renderers print it as text (Typst reads the document from
JSON, Django escapes it), so nothing an applicant types can become markup.
"""

from __future__ import annotations

import unicodedata
from typing import Any

Span = dict[str, str]
Block = dict[str, Any]


def plain(text: str) -> Span:
    return {"text": text, "style": "plain"}


def bold(text: str) -> Span:
    return {"text": text, "style": "bold"}


def italic(text: str) -> Span:
    return {"text": text, "style": "italic"}


def line(*spans: Span, indent: bool = False, align: str = "justify") -> Block:
    return {"kind": "line", "spans": list(spans), "indent": indent, "align": align}


def field(label: str, value: str, *, strong: bool = False) -> Block:
    """'Label: value' on its own line, the value in bold when it matters most."""
    return line(plain(f"{label}: "), bold(value) if strong else plain(value), align="left")


def fields(*pairs: tuple[str, str]) -> Block:
    """Several short 'Label: value' pairs on one line ("Số điện thoại: … Email: …")."""
    spans: list[Span] = []
    for position, (label, value) in enumerate(pairs):
        separator = "; " if position else ""
        spans += [plain(f"{separator}{label}: "), plain(value)]
    return line(*spans, align="left")


def header_cell(text: str, *, colspan: int = 1, rowspan: int = 1) -> dict[str, Any]:
    return {"text": text, "colspan": colspan, "rowspan": rowspan}


def table(
    *,
    widths: list[float | str],
    align: list[str],
    header: list[list[dict[str, Any]]],
    rows: list[list[str]],
    size: str = "normal",
) -> Block:
    if len(widths) != len(align) or any(len(row) != len(widths) for row in rows):
        raise ValueError("table: every row needs one cell per column")
    return {
        "kind": "table",
        "widths": widths,
        "align": align,
        "header": header,
        "rows": rows,
        "size": size,
    }


def signer(title: str, name: str, *, hint: str = "(Ký và ghi rõ họ tên)") -> dict[str, str]:
    return {"title": title, "hint": hint, "name": name}


def closing(*signers: dict[str, str], recipients: list[str] | None = None) -> Block:
    return {"kind": "closing", "signers": list(signers), "recipients": recipients}


def note(*spans: Span) -> Block:
    return {"kind": "note", "spans": list(spans)}


def nfc(value: Any) -> Any:
    """Every string in NFC: typed on a Mac or pasted from a PDF, 'ườ' may arrive
    decomposed; one composed form keeps search, comparison and PDF text identical."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(item) for item in value]
    return value
