"""PDF rendering with Typst, in-process (the ``typst`` package, no system libraries).

A template is a ``.typ`` file that reads its data with::

    #let data = json(bytes(sys.inputs.data))

and prints the values as text. The data never becomes Typst markup: it travels as a
JSON string in ``sys.inputs`` and Typst treats every string in it as plain text, so
an applicant called ``#eval("…")`` or ``*[x]*`` prints exactly that. Do not build
Typst source by string formatting.

Only the fonts embedded in the typst package are used (Libertinus Serif covers the
whole Vietnamese alphabet), never the machine's: the same PDF comes out on every
server, and nothing is fetched at run time (package imports are not available).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typst

logger = logging.getLogger(__name__)

#: The key under ``sys.inputs`` that holds the JSON document.
DATA_INPUT = "data"


class PdfRenderError(RuntimeError):
    """A Typst template could not be turned into a PDF.

    ``diagnostic`` and ``hints`` carry what Typst said (file, line, cause). This is a
    programming or deployment fault (broken template, unserialisable data), not a
    business rule: it is logged and surfaces as a server error, never as a form error.
    """

    def __init__(self, template: Path, message: str, *, diagnostic: str = "", hints=()):
        super().__init__(f"{template.name}: {message}")
        self.template = template
        self.diagnostic = diagnostic
        self.hints = list(hints)


def render_typst(
    template_path: str | Path,
    data: Mapping[str, Any],
    *,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """Compile ``template_path`` with ``data`` (JSON-serialisable) and return the PDF bytes.

    The template's folder is the Typst project root, so templates may ``#import`` their
    neighbours and nothing outside it. ``timestamp`` fixes the PDF's creation date
    (the same input then gives the same bytes); by default it is the current time.
    """
    template = Path(template_path)
    if not template.is_file():
        raise PdfRenderError(template, "không tìm thấy mẫu Typst")
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise PdfRenderError(template, f"dữ liệu không chuyển được sang JSON: {exc}") from exc
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(template),
            root=str(template.parent),
            sys_inputs={DATA_INPUT: payload},
            ignore_system_fonts=True,
            timestamp=_pdf_timestamp(timestamp),
        )
    except typst.TypstError as exc:
        raise PdfRenderError(
            template, exc.message, diagnostic=exc.diagnostic, hints=exc.hints or ()
        ) from exc
    for warning in warnings:
        # A warning usually means a missing glyph or font fallback: visible on paper.
        logger.warning("Typst %s: %s", template.name, warning.message)
    return without_false_suspects(pdf)


# Typst's tagged PDF writes "/MarkInfo<</Marked true/Suspects false>>" in the catalogue.
# That is valid (ISO 32000-1 §14.7.1: Suspects is a boolean, false by default), but
# poppler up to 23.x reads any Suspects other than true as "Syntax Error: Suspects object
# is wrong type (boolean)" — pdfinfo, pdftoppm and the viewers built on poppler print it
# on every form. The entry says nothing (false is the default): it is blanked with spaces
# of the same length, so every byte offset of the cross-reference table stays right.
_FALSE_SUSPECTS = b"/Suspects false"


def without_false_suspects(pdf: bytes) -> bytes:
    """``pdf`` with the default-valued ``/Suspects false`` entry blanked out (see above)."""
    return pdf.replace(_FALSE_SUSPECTS, b" " * len(_FALSE_SUSPECTS), 1)


def _pdf_timestamp(moment: dt.datetime | None) -> dt.datetime | None:
    """Typst takes a fixed-offset moment in whole seconds."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("timestamp must be timezone-aware")
    return moment.astimezone(dt.UTC).replace(microsecond=0)
