"""Mã số thuế (tax code) of an organisation: 10 digits, or 10 digits, a dash and 3 digits
for a branch (Thông tư 105/2020/TT-BTC, art. 5). Only the shape is checked: the check
digit's formula is not in the circular's text we hold [U], so it is not enforced."""

from __future__ import annotations

import re

from motcua.core.errors import DomainError

_SHAPE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def normalise_tax_code(value: str, *, field: str = "tax_code") -> str:
    """'0101234567' or '0101234567-001'; DomainError by ``field`` otherwise."""
    text = re.sub(r"[\s.]", "", value or "")
    match = _SHAPE.match(text)
    if not match:
        raise DomainError(
            "tax_code_invalid",
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
            "(đơn vị phụ thuộc).",
            field=field,
        )
    head, branch = match.groups()
    return f"{head}-{branch}" if branch else head
