"""Vietnamese phone numbers: one check for every phone the product takes.

A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09 (the prefixes since the
2018 renumbering); a landline has 11 digits and starts with 02 (the 2017 area codes,
e.g. 0225 for Hải Phòng). People write them with spaces, dots, dashes or brackets, and
with +84 (or 84) instead of the leading 0; the stored form is the bare national number.
"""

from __future__ import annotations

import re

from motcua.core.errors import DomainError

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
MOBILE_LENGTH = 10
LANDLINE_PREFIX = "02"
LANDLINE_LENGTH = 11
_SEPARATORS = re.compile(r"[\s.\-()]")
MESSAGE = (
    "Số điện thoại không hợp lệ: di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
    "cố định gồm 11 chữ số, bắt đầu bằng 02 (có thể viết +84 thay cho số 0 đầu)."
)


def normalise_phone(value: str, *, field: str = "phone") -> str:
    """The national number ('0912345678'), '' for a blank, or DomainError by ``field``."""
    text = _SEPARATORS.sub("", value or "")
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (MOBILE_LENGTH + 1, LANDLINE_LENGTH + 1):
        text = "0" + text[2:]
    if text.isdigit() and (_is_mobile(text) or _is_landline(text)):
        return text
    raise DomainError("phone_invalid", MESSAGE, field=field)


def _is_mobile(number: str) -> bool:
    return len(number) == MOBILE_LENGTH and number.startswith(MOBILE_PREFIXES)


def _is_landline(number: str) -> bool:
    return len(number) == LANDLINE_LENGTH and number.startswith(LANDLINE_PREFIX)
