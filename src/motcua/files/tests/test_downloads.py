"""A stored file answered as an attachment."""

from __future__ import annotations

import pytest

from motcua.files.downloads import ascii_fallback, attachment, content_disposition
from motcua.files.services import store_uploads

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_attachment_headers_and_streamed_body():
    [stored] = store_uploads(
        [samples.upload("Giấy chứng nhận đủ điều kiện.pdf", samples.PDF)], actor=None
    )
    response = attachment(stored)
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(samples.PDF))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="Giay chung nhan du dieu kien.pdf"' in disposition
    assert (
        "filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn%20%C4%91%E1%BB%A7"
        "%20%C4%91i%E1%BB%81u%20ki%E1%BB%87n.pdf" in disposition
    )
    assert b"".join(response.streaming_content) == samples.PDF
    response.close()


def test_ascii_fallback_cannot_break_the_header():
    assert ascii_fallback('Đơn "xin"; việc.pdf') == "Don _xin__ viec.pdf"
    assert ascii_fallback("Ảnh.png") == "Anh.png"
    assert ascii_fallback("日本.pdf") == ".pdf"
    assert "\n" not in content_disposition("a\nb.pdf")


def test_bytes_missing_from_the_storage_answer_404_not_500(caplog):
    from django.core.files.storage import default_storage
    from django.http import Http404

    [stored] = store_uploads([samples.pdf()], actor=None)
    default_storage.delete(stored.storage_name)  # a restore without its files, a lost disk
    with pytest.raises(Http404):
        attachment(stored)
    assert f"stored file {stored.pk} missing" in caplog.text
