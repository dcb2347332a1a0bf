import base64
import re
import urllib.parse

import pytest
import segno

from motcua.core.qr import QUIET_ZONE, qr_code, qr_data_uri, qr_svg

URL = "https://motcua.hoabinh.gov.vn/tra-cuu/000.00.01.H29-260225-0001"


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """(row, column) of every dark module drawn by segno's run-length SVG path."""
    path = re.search(r""" d=(["'])(.+?)\1""", svg).group(2)
    cells, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            cells |= {(int(y), int(x) + i) for i in range(int(float(a)))}
            x += float(a)
    return cells


def test_the_lookup_url_becomes_a_full_qr_code_never_micro():
    code = qr_code(URL)
    assert not code.is_micro
    assert code.version >= 1
    assert code.error in {"M", "Q", "H"}
    size = 17 + 4 * code.version
    assert len(code.matrix) == size and all(len(row) == size for row in code.matrix)
    # A short text would get a Micro QR from segno.make: we never want one.
    assert not qr_code("1").is_micro


def test_svg_draws_exactly_the_modules_of_the_matrix():
    svg = qr_svg(URL)
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<?xml" not in svg
    matrix = segno.make_qr(URL, error="m", boost_error=True).matrix
    expected = {
        (r + QUIET_ZONE, c + QUIET_ZONE)
        for r, row in enumerate(matrix)
        for c, dark in enumerate(row)
        if dark
    }
    assert dark_modules(svg) == expected


def test_different_texts_give_different_codes_and_the_same_text_the_same_svg():
    assert qr_svg(URL) == qr_svg(URL)
    assert qr_svg(URL) != qr_svg(URL + "x")


def test_data_uri_carries_the_same_svg():
    uri = qr_data_uri(URL)
    assert uri.startswith("data:image/svg+xml")
    payload = uri.split(",", 1)[1]
    svg = base64.b64decode(payload).decode() if ";base64" in uri else urllib.parse.unquote(payload)
    assert dark_modules(svg) == dark_modules(qr_svg(URL))


def test_nothing_to_encode_is_refused():
    with pytest.raises(ValueError):
        qr_svg("")
