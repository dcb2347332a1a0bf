import pytest

from motcua.core.errors import DomainError
from motcua.core.phone import normalise_phone


@pytest.mark.parametrize(
    ("typed", "national"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0356-123-456", "0356123456"),
        ("(0225) 3 999 888", "02253999888"),
        ("+84 24 3825 1234", "02438251234"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_valid_numbers_become_the_national_number(typed, national):
    assert normalise_phone(typed) == national


@pytest.mark.parametrize(
    "typed",
    ["abc", "12", "0112345678", "0412345678", "091234567", "09123456789", "0212345678", "+1 555"],
)
def test_invalid_numbers_are_refused_by_their_field(typed):
    with pytest.raises(DomainError) as caught:
        normalise_phone(typed, field="applicant_phone")
    assert caught.value.field == "applicant_phone"
    assert caught.value.code == "phone_invalid"
