"""How official papers write dates, times, money and counts (Nghị định 30/2020/NĐ-CP).

Kept beside the forms rather than in core.formatting: these are the long, formal
spellings of a signed paper ("10 giờ 00 phút, ngày 25/02/2026", "1.234.567 đồng"),
not the compact ones the screens use.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.core.formatting import format_date, group_thousands

#: Printed where a value is unknown, so the officer can write it in by hand.
BLANK = "…………………"


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(moment)


def place_and_date(place: str, day: dt.date) -> str:
    """'Hòa Bình, ngày 05 tháng 02 năm 2026' / 'Hòa Bình, ngày 25 tháng 3 năm 2026'.

    NĐ 30/2020, Phụ lục I: days below 10 and the months 1 and 2 take a leading zero
    (so that nobody can add a digit later); other months are written plainly.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def clock_and_date(moment: dt.datetime | None) -> str:
    """'10 giờ 00 phút, ngày 25/02/2026' in local time; the blank when unknown."""
    if moment is None:
        return BLANK
    at = local(moment)
    return f"{at.hour:02d} giờ {at.minute:02d} phút, ngày {at:%d/%m/%Y}"


def date_and_clock(moment: dt.datetime | None) -> str:
    """'25/02/2026 10:00' for narrow table cells (wraps into date over time); '' when unknown."""
    if moment is None:
        return ""
    at = local(moment)
    return f"{at:%d/%m/%Y %H:%M}"


def day(value: dt.date | dt.datetime | None) -> str:
    """'25/02/2026' (a datetime is taken in local time); the blank when unknown."""
    return format_date(value) if value is not None else BLANK


def dong(amount: int) -> str:
    """1234567 → '1.234.567 đồng' (amounts on signed papers spell the currency out)."""
    return f"{group_thousands(int(amount))} đồng"


def two_digits(count: int) -> str:
    """Counts on forms are written on two digits: 1 → '01', 12 → '12'."""
    return f"{count:02d}"


def balanced_lines(text: str, max_chars: int) -> str:
    """Break a long heading into lines of similar length, at spaces.

    Agency names in the header are set in capitals in a narrow column; left to the
    typesetter they break as "TRUNG TÂM PHỤC VỤ HÀNH / CHÍNH CÔNG", where an official
    paper writes "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG". Line breaks already in the text
    (the caller's choice) are kept.
    """
    return "\n".join(_balance(part, max_chars) for part in text.splitlines() or [""])


def _balance(text: str, max_chars: int) -> str:
    words = text.split()
    if len(text) <= max_chars or len(words) < 2:
        return text
    line_count = -(-len(text) // max_chars)
    target = -(-len(text) // line_count)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        # Close the line at the break nearest to the target length.
        if current and len(candidate) > target and len(candidate) - target > target - len(current):
            lines.append(current)
            candidate = word
        current = candidate
    lines.append(current)
    return "\n".join(lines)


def or_blank(text: str) -> str:
    return text if text.strip() else BLANK
