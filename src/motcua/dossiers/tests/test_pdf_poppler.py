"""Every form's PDF opens in poppler without a complaint (issue #9 §4).

poppler is what pdftoppm, pdfinfo and the Linux viewers (Evince, Okular) read PDFs
with; a "Syntax Error" or "Warning" on stderr is what a clerk's viewer would flag.
"""

import shutil
import subprocess

import pytest

from motcua.dossiers.official_forms import samples
from motcua.dossiers.official_forms.render import form_pdf

POPPLER = shutil.which("pdftoppm") and shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftoppm, pdfinfo) not installed; .ci/run installs it"
)


def poppler_complaints(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    complaints = []
    for command in (
        ["pdfinfo", str(path)],
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
    ):
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, (command, done.stderr)
        complaints += [
            line
            for line in done.stderr.splitlines()
            if "Syntax Error" in line or "Warning" in line or "Error" in line
        ]
    return complaints


@pytest.mark.parametrize("number", sorted(samples.ALL_FORMS))
def test_the_form_opens_without_a_warning(number, tmp_path):
    assert poppler_complaints(form_pdf(samples.ALL_FORMS[number]()), tmp_path) == []
