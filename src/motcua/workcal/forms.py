"""Forms of the staff calendar page. Validation messages are Vietnamese and sit by their field."""

from __future__ import annotations

import datetime as dt

from django import forms

from motcua.core.fields import DateField, DateTimeField

from . import engine
from .models import OverrideKind

PERIOD_SLOTS = 3


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OverrideForm(forms.Form):
    agency = AgencyChoiceField(
        queryset=None,
        label="Áp dụng cho",
        error_messages={
            "required": "Chọn tỉnh hoặc xã/phường áp dụng.",
            "invalid_choice": "Bạn không quản lý lịch của đơn vị này.",
        },
    )
    date = DateField(label="Ngày", error_messages={"required": "Chọn ngày."})
    kind = forms.ChoiceField(
        label="Loại",
        choices=OverrideKind.choices,
        error_messages={
            "required": "Chọn loại ngày.",
            "invalid_choice": "Chọn ngày nghỉ hoặc ngày làm việc.",
        },
    )
    reason = forms.CharField(
        label="Lý do, căn cứ",
        max_length=255,
        help_text="Ví dụ: Thông báo số 12/TB-UBND ngày 05/02/2026 của UBND tỉnh.",
        error_messages={
            "required": "Ghi lý do hoặc căn cứ.",
            "max_length": "Lý do dài tối đa 255 ký tự.",
        },
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = targets


class WorkingPeriodsForm(forms.Form):
    """Up to three periods, or ``inherit`` (a button of its own): use the level above."""

    inherit = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in range(1, PERIOD_SLOTS + 1):
            for part, label in (("start", "từ"), ("end", "đến")):
                self.fields[f"p{slot}_{part}"] = forms.TimeField(
                    label=f"Buổi {slot} — {label}",
                    required=False,
                    input_formats=["%H:%M", "%H:%M:%S"],
                    widget=forms.TimeInput(
                        format="%H:%M",
                        attrs={"placeholder": "hh:mm", "inputmode": "numeric", "size": 5},
                    ),
                    error_messages={"invalid": "Giờ không hợp lệ (HH:MM)."},
                )

    def slots(self):
        """[(start bound field, end bound field)] for the template."""
        return [(self[f"p{n}_start"], self[f"p{n}_end"]) for n in range(1, PERIOD_SLOTS + 1)]

    @classmethod
    def initial_for(cls, periods) -> dict:
        initial = {}
        for slot, (start, end) in enumerate(periods, start=1):
            initial[f"p{slot}_start"], initial[f"p{slot}_end"] = start, end
        return initial

    def clean(self):
        data = super().clean()
        if data.get("inherit"):
            data["periods"] = None
            return data
        periods = []
        previous_end = None
        for slot in range(1, PERIOD_SLOTS + 1):
            start, end = data.get(f"p{slot}_start"), data.get(f"p{slot}_end")
            if f"p{slot}_start" in self.errors or f"p{slot}_end" in self.errors:
                continue
            if start is None and end is None:
                continue
            if start is None or end is None:
                missing = f"p{slot}_start" if start is None else f"p{slot}_end"
                self.add_error(missing, "Nhập cả giờ bắt đầu và giờ kết thúc của buổi này.")
                continue
            if end <= start:
                self.add_error(f"p{slot}_end", "Giờ kết thúc phải sau giờ bắt đầu.")
                continue
            if previous_end is not None and start < previous_end:
                self.add_error(
                    f"p{slot}_start",
                    f"Buổi này bắt đầu trước khi buổi trước kết thúc ({previous_end:%H:%M}).",
                )
                continue
            periods.append((start, end))
            previous_end = end
        if not periods and not self.errors:
            self.add_error("p1_start", "Nhập ít nhất một buổi làm việc.")
        data["periods"] = periods
        return data


class TryDeadlineForm(forms.Form):
    """Tính thử hạn giải quyết: nothing is saved."""

    KIND_CHOICES = [
        (engine.Deadline.DAYS, "ngày làm việc"),
        (engine.Deadline.HOURS, "giờ làm việc"),
        (engine.Deadline.CALENDAR_DAYS, "ngày (theo lịch)"),
        (engine.Deadline.SAME_DAY, "trong ngày"),
    ]

    received_at = DateTimeField(
        label="Thời điểm tiếp nhận",
        error_messages={
            "required": "Nhập thời điểm tiếp nhận.",
            "invalid": "Thời điểm không hợp lệ (dd/mm/yyyy hh:mm).",
        },
    )
    amount = forms.IntegerField(
        label="Thời hạn",
        required=False,
        min_value=0,
        max_value=engine.MAX_DEADLINE_AMOUNT,
        error_messages={
            "invalid": "Nhập một số nguyên.",
            "min_value": "Thời hạn không được âm.",
            "max_value": f"Tối đa {engine.MAX_DEADLINE_AMOUNT}.",
        },
    )
    deadline_kind = forms.ChoiceField(
        label="Tính theo",
        choices=KIND_CHOICES,
        initial=engine.Deadline.DAYS,
        error_messages={"required": "Chọn cách tính.", "invalid_choice": "Cách tính không hợp lệ."},
    )

    def __init__(self, *args, cutoff: dt.time, **kwargs):
        super().__init__(*args, **kwargs)
        self.cutoff = cutoff

    def clean(self):
        data = super().clean()
        kind, amount = data.get("deadline_kind"), data.get("amount")
        needs_amount = kind != engine.Deadline.SAME_DAY
        if needs_amount and amount is None and "amount" not in self.errors:
            self.add_error("amount", "Nhập số ngày hoặc số giờ.")
        return data

    def deadline(self) -> engine.Deadline:
        kind = self.cleaned_data["deadline_kind"]
        if kind == engine.Deadline.SAME_DAY:
            return engine.Deadline.same_day(self.cutoff)
        return engine.Deadline(kind, self.cleaned_data["amount"])
