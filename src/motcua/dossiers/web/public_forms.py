"""The public lookup form: a dossier code and, optionally, the phone's last four digits."""

from __future__ import annotations

import re

from django import forms

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{2,63}$")
PHONE_DIGITS_MESSAGE = "Nhập đúng 4 chữ số cuối của số điện thoại."
# Dashes that phones and word processors substitute when a code is copied.
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def normalise_code(value: str) -> str:
    """' h26.80.04 – 261127-0001 ' → 'H26.80.04-261127-0001'."""
    return "".join(value.translate(DASHES).split()).upper()


class LookupForm(forms.Form):
    ma = forms.CharField(
        label="Mã hồ sơ",
        max_length=100,
        help_text="In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "search",
            }
        ),
        error_messages={"required": "Nhập mã hồ sơ cần tra cứu."},
    )
    so = forms.CharField(
        label="4 số cuối số điện thoại (không bắt buộc)",
        required=False,
        max_length=4,
        help_text="Số điện thoại đã khai khi nộp hồ sơ: nhập để xem tên viết tắt người nộp.",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "size": "6",
            }
        ),
        error_messages={"max_length": PHONE_DIGITS_MESSAGE},
    )

    def __init__(self, *args, example_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if example_code:
            self.fields[
                "ma"
            ].help_text = f"In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ {example_code}."

    def clean_ma(self) -> str:
        code = normalise_code(self.cleaned_data["ma"])
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                "Mã hồ sơ chỉ gồm chữ, số, dấu chấm và dấu gạch ngang, "
                "như in trên Giấy tiếp nhận hồ sơ."
            )
        return code

    def clean_so(self) -> str:
        digits = "".join(self.cleaned_data["so"].split())
        if digits and not re.fullmatch(r"[0-9]{4}", digits):
            raise forms.ValidationError(PHONE_DIGITS_MESSAGE)
        return digits
