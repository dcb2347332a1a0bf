"""The dashboard's filter: which agency (đơn vị), which procedure (thủ tục) and which
reporting period (kỳ báo cáo: tháng, quý, năm hoặc khoảng thời gian).

Links between pages carry the period in its short text form (``ky=2026-03``, ``2026-Q1``,
``2026``, ``2026-03-01..2026-03-31``, periods.parse_period); the form on the page offers
the friendlier fields (a month picker, a quarter and a year, two dates) and turns them
into the same Period. A bad value is a Vietnamese message next to its field.
"""

from __future__ import annotations

import datetime as dt

from django import forms

from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.core.fields import DATE_HELP, MONTH_HELP, DateField, MonthInput
from motcua.org.models import Agency, AgencyKind

from .periods import MONTH, QUARTER, RANGE, ROMAN, YEAR, Period, parse_period

KIND_CHOICES = [
    (MONTH, "Tháng"),
    (QUARTER, "Quý"),
    (YEAR, "Năm"),
    (RANGE, "Khoảng thời gian"),
]
QUARTER_CHOICES = [(str(n), f"Quý {ROMAN[n]}") for n in ROMAN]
REQUIRED = "Vui lòng nhập {what}."


def agency_choice_label(agency: Agency) -> str:
    """Units are indented under their ward in the picker (the list is in tree order)."""
    if agency.kind == AgencyKind.UNIT:
        return f"— {agency.display_name}"
    return agency.display_name


class IndicatorFilterForm(forms.Form):
    """Đơn vị, thủ tục và kỳ báo cáo of the leadership dashboard (GET form)."""

    don_vi = forms.ChoiceField(label="Đơn vị", required=False)
    thu_tuc = forms.ChoiceField(label="Thủ tục hành chính", required=False)
    loai = forms.ChoiceField(label="Kỳ báo cáo", choices=KIND_CHOICES, required=False)
    thang = forms.CharField(
        label="Tháng",
        required=False,
        widget=MonthInput(),
        help_text=MONTH_HELP,
    )
    quy = forms.ChoiceField(label="Quý", choices=QUARTER_CHOICES, required=False)
    nam = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Năm phải là một số, ví dụ 2026.",
            "min_value": "Năm phải từ 2000 trở đi.",
            "max_value": "Năm phải trước 2100.",
        },
    )
    tu = DateField(label="Từ ngày", required=False, help_text=DATE_HELP)
    den = DateField(label="Đến ngày", required=False, help_text=DATE_HELP)
    ky = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data=None,
        *,
        agencies: list[Agency],
        procedures: list[Procedure],
        today: dt.date,
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        self.today = today
        self.period: Period | None = None
        self.fields["don_vi"].choices = [(a.code, agency_choice_label(a)) for a in agencies]
        self.fields["thu_tuc"].choices = [("", "Tất cả thủ tục")] + [
            (p.code, f"{p.code} — {_short(p.name)}") for p in procedures
        ]

    @classmethod
    def showing(cls, period: Period, *, agency: Agency, procedure: Procedure | None, **kwargs):
        """An unbound form whose fields show ``period`` and the scope (after a valid GET)."""
        initial = {
            "don_vi": agency.code,
            "thu_tuc": procedure.code if procedure else "",
            "loai": period.kind,
            "thang": f"{period.first_day:%Y-%m}",
            "quy": str((period.first_day.month - 1) // 3 + 1),
            "nam": period.first_day.year,
            "tu": period.first_day,
            "den": period.last_day,
        }
        return cls(None, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("loai")
        try:
            if kind:
                self.period = self._period_from_fields(kind, cleaned)
            elif cleaned.get("ky"):
                self.period = parse_period(cleaned["ky"])
            else:
                self.period = Period.containing(MONTH, self.today)
        except DomainError as error:
            self.add_error(_field_for(kind), error.message)
        except _Missing as missing:
            self.add_error(missing.field, REQUIRED.format(what=missing.what))
        return cleaned

    def _period_from_fields(self, kind: str, cleaned: dict) -> Period | None:
        if kind == MONTH:
            month = parse_period(_require(cleaned, "thang", "tháng (dạng 03/2026)"))
            if month.kind != MONTH:
                raise DomainError("period_invalid", "Tháng phải có dạng 2026-03 hoặc 03/2026.")
            return month
        if kind == QUARTER:
            quarter = int(_require(cleaned, "quy", "quý"))
            return Period.quarter(_require(cleaned, "nam", "năm"), quarter)
        if kind == YEAR:
            return Period.year(_require(cleaned, "nam", "năm"))
        first = _require(cleaned, "tu", "ngày bắt đầu")
        return Period.range(first, _require(cleaned, "den", "ngày kết thúc"))


class _Missing(Exception):
    def __init__(self, field: str, what: str):
        super().__init__(field)
        self.field, self.what = field, what


def _require(cleaned: dict, field: str, what: str):
    value = cleaned.get(field)
    if value in (None, ""):
        raise _Missing(field, what)
    return value


def _field_for(kind: str | None) -> str | None:
    """Where a period error is shown: the field the user typed the period into."""
    return {MONTH: "thang", QUARTER: "nam", YEAR: "nam", RANGE: "tu"}.get(kind or "", "loai")


def _short(name: str, limit: int = 90) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
