import unicodedata

import pytest

from motcua.catalog.search import normalize_search, search_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chứng thực bản sao", "chung thuc ban sao"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("Đất đai", "dat dai"),
        ("Thủ tục 1.001193", "thu tuc 1.001193"),
        ("Hòa giải tranh chấp đất đai", "hoa giai tranh chap dat dai"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
        ("Văn hóa (lễ hội)", "van hoa le hoi"),
        ("", ""),
    ],
)
def test_normalize_search_drops_diacritics_and_case(text, expected):
    assert normalize_search(text) == expected


def test_decomposed_and_composed_input_normalise_alike():
    composed = "Chứng thực"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert normalize_search(decomposed) == normalize_search(composed) == "chung thuc"


def test_search_tokens_are_unique_and_longest_first():
    assert search_tokens("khai  SINH khai") == ["khai", "sinh"]
    assert search_tokens("Chứng thực di chúc") == ["chung", "chuc", "thuc", "di"]
    assert search_tokens("1.001193.") == ["1.001193"]
    assert search_tokens("   ") == []
