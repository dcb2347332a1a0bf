import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.citizen_id import PROVINCE_CODES, birth_year, validate_citizen_id
from motcua.core.errors import DomainError

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("031190001234", 1990),
        ("001085012345", 1985),
        ("031205001234", 2005),
        ("079300123456", 2000),
    ],
)
def test_valid_numbers_and_their_birth_year(number, year):
    assert validate_citizen_id(number, today=TODAY) == number
    assert birth_year(number) == year


def test_spaces_and_dots_are_tolerated():
    assert validate_citizen_id(" 031 190 001 234 ", today=TODAY) == "031190001234"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("03119000123", "citizen_id_format"),
        ("0311900012345", "citizen_id_format"),
        ("03119000123a", "citizen_id_format"),
        ("", "citizen_id_format"),
        ("003190001234", "citizen_id_province"),
        ("031227001234", "citizen_id_birth_year"),
    ],
)
def test_invalid_numbers_get_a_stable_code(number, code):
    with pytest.raises(DomainError) as exc:
        validate_citizen_id(number, today=TODAY)
    assert exc.value.code == code
    assert exc.value.field == "applicant_id_number"


@pytest.mark.slow
@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 3),
    st.integers(0, 99),
    st.integers(0, 999_999),
)
def test_any_well_formed_past_number_passes(province, century, year, serial):
    number = f"{province}{century}{year:02d}{serial:06d}"
    if birth_year(number) <= TODAY.year:
        assert validate_citizen_id(number, today=TODAY) == number
    else:
        with pytest.raises(DomainError):
            validate_citizen_id(number, today=TODAY)
