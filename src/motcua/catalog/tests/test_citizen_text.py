import pytest

from motcua.catalog.curation import has_curation
from motcua.catalog.templatetags.catalog_text import citizen_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Miễn phí; [uncertain] khai sinh quá hạn", "Miễn phí"),
        ("một phần [suy luận: hai bên phải có mặt]", "Một phần"),
        ("[mức độ chưa xác định] kênh: trực tuyến", ""),
        ("Cần xác minh: kéo dài [uncertain mức kéo dài].", "Cần xác minh: kéo dài."),
        (
            "Trong ngày (trình tự trên Cổng DVCQG). Cổng ghi 'Thời gian'=1, đơn vị 'OTHER' "
            "(API). Hạn đi khai sinh: 60 ngày kể từ ngày sinh.",
            "Trong ngày. Hạn đi khai sinh: 60 ngày kể từ ngày sinh.",
        ),
        (
            "Miễn phí (Cổng DVCQG, mọi kênh); phí bản sao 8.000đ/bản. [uncertain] khai sinh quá "
            "hạn thu lệ phí theo HĐND tỉnh — kiểm tra NQ HĐND tỉnh",
            "Miễn phí; phí bản sao 8.000đ/bản.",
        ),
        ("02 ngày (NĐ 23/2015/NĐ-CP Đ.7 — theo lsu.vn)", "02 ngày (NĐ 23/2015/NĐ-CP Đ.7)"),
        ("toàn trình (theo DVC An Giang; tùy tỉnh)", "Toàn trình (tùy tỉnh)"),
        ("03 ngày làm việc", "03 ngày làm việc"),
        ("", ""),
    ],
)
def test_curation_is_hidden_from_citizens(raw, shown):
    assert citizen_text(raw) == shown
    assert not has_curation(citizen_text(raw))


def test_has_curation_keeps_words_that_only_look_alike():
    assert not has_curation("miễn cho gia đình có công")
    assert has_curation("Cổng hiển thị 'Miễn phí'")
