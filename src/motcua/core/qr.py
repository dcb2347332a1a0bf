"""QR codes for printed papers (mã QR tra cứu hồ sơ on the Giấy tiếp nhận — Mẫu 01).

Drawn by segno as SVG, so they stay sharp on paper and in PDFs and need no image
library. Always a full QR code, never a Micro QR: segno would pick Micro QR for
short texts, and most phone cameras cannot read it.
"""

from __future__ import annotations

import io

import segno

# Error correction M (15 %) survives a creased or smudged receipt; segno raises it
# further for free when the version has room (boost_error).
ERROR_LEVEL = "m"
# The quiet zone the QR standard asks for around the symbol, in modules.
QUIET_ZONE = 4


def qr_code(text: str) -> segno.QRCode:
    """The QR symbol for ``text``; ValueError when there is nothing to encode."""
    if not text:
        raise ValueError("Không có nội dung để tạo mã QR.")
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=True)


def qr_svg(text: str, *, scale: int = 4) -> str:
    """A standalone SVG document (with its namespace, no XML declaration).

    Suitable both for inlining in HTML and for Typst's ``image(bytes(..), format: "svg")``.
    """
    out = io.BytesIO()
    qr_code(text).save(
        out,
        kind="svg",
        xmldecl=False,
        scale=scale,
        border=QUIET_ZONE,
        svgclass=None,
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")


def qr_data_uri(text: str, *, scale: int = 4) -> str:
    """The SVG as a ``data:`` URI for ``<img src>`` in the HTML print views."""
    return qr_code(text).svg_data_uri(scale=scale, border=QUIET_ZONE)
