"""Số định danh cá nhân (12-digit citizen identification number) validation.

Structure [P] (Thông tư 07/2016/TT-BCA, Thông tư 59/2021/TT-BCA): 3 digits province of
birth registration, 1 digit century and sex, 2 digits year of birth, 6 random digits.
"""

from __future__ import annotations

import datetime as dt

from motcua.core.errors import DomainError

_PROVINCES = """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034
    035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068
    070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096
"""
PROVINCE_CODES = frozenset(_PROVINCES.split())


def birth_year(number: str) -> int:
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def validate_citizen_id(value: str, *, field: str = "applicant_id_number", today=None) -> str:
    """Return the normalised number or raise DomainError with a Vietnamese message."""
    number = (value or "").strip().replace(" ", "").replace(".", "")
    if not number.isdigit() or len(number) != 12:
        raise DomainError(
            "citizen_id_format", "Số định danh cá nhân phải gồm đúng 12 chữ số.", field=field
        )
    if number[:3] not in PROVINCE_CODES:
        raise DomainError(
            "citizen_id_province",
            "Số định danh cá nhân không hợp lệ: 3 chữ số đầu không phải mã tỉnh.",
            field=field,
        )
    today = today or dt.date.today()
    if birth_year(number) > today.year:
        raise DomainError(
            "citizen_id_birth_year",
            "Số định danh cá nhân không hợp lệ: năm sinh ở tương lai.",
            field=field,
        )
    return number
