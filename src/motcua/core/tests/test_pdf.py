import datetime as dt
import io
import logging
import unicodedata

import pytest
from pypdf import PdfReader

from motcua.core.pdf import PdfRenderError, render_typst

TEMPLATE = """\
#let data = json(bytes(sys.inputs.data))
#set page(paper: "a4")
#set text(font: "Libertinus Serif", lang: "vi")
Họ và tên: #data.name
"""


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "hello.typ"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_renders_an_a4_pdf_with_vietnamese_text(template):
    pdf = render_typst(template, {"name": "Đặng Quốc Bảo"})
    assert pdf.startswith(b"%PDF")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "Họ và tên: Đặng Quốc Bảo" in text_of(pdf)


def test_data_is_printed_as_text_never_run_as_typst(template):
    name = 'Lê #strong[Tý] *đậm* $x^2$ [a] \\ "q" #panic("boom")'
    assert name in text_of(render_typst(template, {"name": name}))


def test_system_fonts_are_ignored(tmp_path, caplog):
    # DejaVu Serif is installed on this machine but not embedded in typst: asking for it
    # must fall back to an embedded font (and say so), so every server prints the same.
    other = tmp_path / "other.typ"
    other.write_text(TEMPLATE.replace("Libertinus Serif", "DejaVu Serif"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="motcua.core.pdf"):
        pdf = render_typst(other, {"name": "x"})
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names and all("DejaVu" not in name for name in names)
    assert "unknown font family: dejavu serif" in caplog.text


def test_a_missing_font_is_logged(template, tmp_path, caplog):
    other = tmp_path / "other.typ"
    other.write_text(TEMPLATE.replace("Libertinus Serif", "Nope Sans"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="motcua.core.pdf"):
        render_typst(other, {"name": "x"})
    assert "unknown font family" in caplog.text


def test_a_broken_template_raises_with_typst_diagnostic(tmp_path):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = \n", encoding="utf-8")
    with pytest.raises(PdfRenderError) as error:
        render_typst(broken, {})
    assert "broken.typ" in str(error.value)
    assert "expected expression" in error.value.diagnostic


def test_missing_template_and_bad_data_raise_the_same_error(template, tmp_path):
    with pytest.raises(PdfRenderError, match="không tìm thấy"):
        render_typst(tmp_path / "absent.typ", {})
    with pytest.raises(PdfRenderError, match="JSON"):
        render_typst(template, {"name": object()})


def test_files_outside_the_template_folder_are_out_of_reach(tmp_path):
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    inner = tmp_path / "forms"
    inner.mkdir()
    peeking = inner / "peek.typ"
    peeking.write_text('#read("../secret.txt")', encoding="utf-8")
    with pytest.raises(PdfRenderError):
        render_typst(peeking, {})


def test_a_fixed_timestamp_gives_the_same_bytes(template):
    moment = dt.datetime(2026, 2, 25, 10, 0, 0, 123456, tzinfo=dt.UTC)
    first = render_typst(template, {"name": "Hường"}, timestamp=moment)
    assert render_typst(template, {"name": "Hường"}, timestamp=moment) == first
    with pytest.raises(ValueError):
        render_typst(template, {"name": "Hường"}, timestamp=dt.datetime(2026, 2, 25))


VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
STYLES = """\
#let data = json(bytes(sys.inputs.data))
#set text(font: "Libertinus Serif")
#for (weight, style) in ((400, "normal"), (700, "normal"), (400, "italic"), (600, "italic")) {
  text(weight: weight, style: style, data.letters)
  linebreak()
}
"""


def test_every_vietnamese_letter_comes_back_composed_in_every_style_the_forms_use(tmp_path):
    # The official forms use regular, bold, italic and semibold italic (never Libertinus
    # Bold Italic, whose text layer maps ơ/ư wrongly: see docs/forms.md).
    path = tmp_path / "styles.typ"
    path.write_text(STYLES, encoding="utf-8")
    letters = VIETNAMESE + VIETNAMESE.upper()
    page = PdfReader(io.BytesIO(render_typst(path, {"letters": letters}))).pages[0]
    lines = page.extract_text().split("\n")
    assert lines == [letters] * 4
