"""The product's date, moment and month inputs (core.fields): Vietnamese order whatever the
browser's language, plausible years, and no native picker anywhere in the source."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms

from motcua.core.fields import DateField, DateTimeField, MonthField, MonthInput

SRC = Path(__file__).resolve().parents[2]
NATIVE_PICKER = re.compile(
    r"""type\s*[=:]\s*["'](?:date|month|week|datetime-local|time)["']"""
    r"""|input_type\s*=\s*["'](?:date|month|week|datetime-local|time)["']""",
    re.IGNORECASE,
)


class Sample(forms.Form):
    day = DateField(required=False)
    moment = DateTimeField(required=False)
    month = MonthField(required=False)


def test_no_template_widget_or_script_asks_for_a_native_picker():
    offenders = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".html", ".py", ".js"} or "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NATIVE_PICKER.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}")
    assert offenders == []


def test_the_inputs_are_text_in_vietnamese_order():
    form = Sample(
        initial={
            "day": dt.date(2026, 12, 4),
            "moment": dt.datetime(2026, 12, 4, 9, 5),
            "month": dt.date(2026, 12, 1),
        }
    )
    html = str(form)
    assert 'value="04/12/2026"' in html and 'value="04/12/2026 09:05"' in html
    assert 'value="12/2026"' in html
    assert 'type="date"' not in html and 'type="month"' not in html
    assert MonthInput().format_value("2026-03") == "03/2026"


def test_typed_values_in_either_order_are_read():
    form = Sample({"day": "04/12/2026", "moment": "04/12/2026 09:05", "month": "12/2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 12, 4)
    assert form.cleaned_data["month"] == dt.date(2026, 12, 1)
    assert Sample({"day": "2026-12-04", "month": "2026-12"}).is_valid()


@pytest.mark.parametrize("field", ["day", "moment", "month"])
@pytest.mark.parametrize("year", ["0001", "1999", "2101", "9999"])
def test_a_year_out_of_range_is_a_field_error_not_a_crash(field, year):
    typed = {
        "day": f"01/01/{year}",
        "moment": f"01/01/{year} 00:00",
        "month": f"01/{year}",
    }[field]
    form = Sample({field: typed})
    assert not form.is_valid()
    assert "Năm phải trong khoảng 2000–2100" in form.errors[field][0]
