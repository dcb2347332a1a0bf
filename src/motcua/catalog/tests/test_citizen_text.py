import pytest

from motcua.catalog.templatetags.catalog_text import citizen_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Miễn phí; [uncertain] khai sinh quá hạn", "Miễn phí; khai sinh quá hạn"),
        ("một phần [suy luận: hai bên phải có mặt]", "một phần"),
        ("[mức độ chưa xác định] kênh: trực tuyến", "kênh: trực tuyến"),
        ("03 ngày làm việc", "03 ngày làm việc"),
        ("", ""),
    ],
)
def test_reviewer_tags_are_hidden_from_citizens(raw, shown):
    assert citizen_text(raw) == shown
