"""The product's inputs for dates, moments and months, and for phone numbers.

A date is typed as dd/mm/yyyy, a moment as dd/mm/yyyy hh:mm and a month as mm/yyyy (shown
after the label "Tháng", so it reads "tháng 12/2026") in a plain text input: the browser's
own pickers (the date, month and datetime-local input types) show mm/dd/yyyy or "December 2026" in
a browser set to another language, whatever the help text says. ISO values (links,
bookmarks, old forms) are still accepted. Every form of the product uses these fields.
"""

from __future__ import annotations

import datetime as dt

from django import forms

from .errors import DomainError
from .phone import normalise_phone

# Any date typed outside these years is a slip (0001, 2062 for 2026), not a plan: refused by
# the field with the reason, before it can overflow a time-zone conversion or the database.
MIN_YEAR = 2000
MAX_YEAR = 2100

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]
MONTH_FORMATS = ["%m/%Y", "%Y-%m"]
DATE_HELP = "Ngày/tháng/năm, ví dụ 02/03/2026."
DATETIME_HELP = "Ngày và giờ, ví dụ 02/03/2026 10:00."
MONTH_HELP = "Tháng/năm, ví dụ 03/2026."
YEAR_MESSAGE = f"Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}: kiểm tra lại năm đã nhập."


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})}, format="%d/%m/%Y")


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})}, format="%d/%m/%Y %H:%M")


class MonthInput(forms.TextInput):
    """A month as mm/yyyy; a ``date`` (the month's first day) or 'yyyy-mm' shows as mm/yyyy."""

    def __init__(self, attrs=None):
        base = {"placeholder": "mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "size": 8}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%m/%Y")
        if isinstance(value, str) and len(value) == 7 and value[4] == "-":
            return f"{value[5:]}/{value[:4]}"
        return super().format_value(value)


def _check_year(value):
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(YEAR_MESSAGE, code="year_out_of_range")
    return value


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        messages = {"required": "Nhập ngày.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        return _check_year(super().to_python(value))


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        messages = {
            "required": "Nhập ngày và giờ.",
            "invalid": "Thời điểm không hợp lệ (dd/mm/yyyy hh:mm). " + DATETIME_HELP,
        }
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        # The year is checked on the naive value, before it is made aware.
        if isinstance(value, str):
            for fmt in self.input_formats:
                try:
                    _check_year(dt.datetime.strptime(value.strip(), fmt))
                    break
                except ValueError:
                    continue
        return super().to_python(value)


class MonthField(forms.DateField):
    """A month, cleaned to its first day."""

    widget = MonthInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", MONTH_FORMATS)
        messages = {"required": "Nhập tháng.", "invalid": "Tháng không hợp lệ (mm/yyyy)."}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        return _check_year(super().to_python(value))


class PhoneField(forms.CharField):
    """A Vietnamese phone number (core.phone), cleaned to the national number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalise_phone(value)
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
