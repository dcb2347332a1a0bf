"""Forms of the portal: allauth's (registration, sign-in, password reset) with the
product's fields and Vietnamese labels, and the profile."""

from __future__ import annotations

import datetime as dt

from allauth.account import forms as allauth_forms
from django import forms

from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError
from motcua.core.fields import DateField, PhoneField
from motcua.org.models import AccountKind
from motcua.org.passwords import RULES_HELP

from .taxcode import normalise_tax_code

KIND_CHOICES = [
    (AccountKind.CITIZEN.value, "Cá nhân (công dân)"),
    (AccountKind.ORGANISATION.value, "Tổ chức, doanh nghiệp"),
]


def _vietnamese_password_fields(form) -> None:
    for name, label in (("password1", "Mật khẩu"), ("password2", "Nhập lại mật khẩu")):
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)
    if "password1" in form.fields:
        form.fields["password1"].help_text = RULES_HELP


class SignupForm(allauth_forms.SignupForm):
    """Đăng ký: a person or an organisation (its name and tax code), e-mail, optional
    phone, password twice. The profile is made from it (portal.adapters.save_user)."""

    account_kind = forms.ChoiceField(
        label="Đăng ký cho",
        choices=KIND_CHOICES,
        initial=AccountKind.CITIZEN.value,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    organisation_name = forms.CharField(
        label="Tên tổ chức, doanh nghiệp", max_length=300, required=False
    )
    tax_code = forms.CharField(label="Mã số thuế", max_length=20, required=False)

    field_order = [
        "account_kind",
        "full_name",
        "organisation_name",
        "tax_code",
        "email",
        "phone",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Thư điện tử (email)"
        self.fields["email"].help_text = "Chúng tôi gửi thư xác minh đến địa chỉ này."
        self.fields["email"].widget.attrs.pop("placeholder", None)
        if "phone" in self.fields:
            self.fields["phone"].label = "Số điện thoại (không bắt buộc)"
            self.fields["phone"].help_text = "Nếu nhập, bạn sẽ nhận mã xác minh qua tin nhắn."
        self.fields[
            "full_name"
        ].help_text = "Với tổ chức: họ tên người đại diện hoặc người liên hệ."
        _vietnamese_password_fields(self)
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("account_kind") == AccountKind.ORGANISATION:
            if not (cleaned.get("organisation_name") or "").strip():
                self.add_error("organisation_name", "Nhập tên tổ chức, doanh nghiệp.")
            try:
                cleaned["tax_code"] = normalise_tax_code(cleaned.get("tax_code") or "")
            except DomainError as error:
                self.add_error("tax_code", error.message)
        else:
            cleaned["organisation_name"] = ""
            cleaned["tax_code"] = ""
        return cleaned

    def profile_values(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data.get("full_name", ""),
            "organisation_name": data.get("organisation_name", ""),
            "tax_code": data.get("tax_code", ""),
        }


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Thư điện tử (email)"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].label = "Mật khẩu"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields.pop("remember", None)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Quên mật khẩu: only citizen and organisation accounts get a link here; a staff
    member's password is reset by the agency admin (org), never by e-mail from the portal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Thư điện tử (email)"
        self.fields["email"].widget.attrs.pop("placeholder", None)

    def clean_email(self):
        email = super().clean_email()
        self.users = [user for user in self.users if user.kind != AccountKind.STAFF]
        return email


class BirthDateField(DateField):
    """core.fields' date (dd/mm/yyyy, same input) for a birth date: years from 1900 to now,
    not the 2000–2100 that a dossier's dates are held to."""

    def to_python(self, value):
        value = forms.DateField.to_python(self, value)
        if value is not None and not (1900 <= value.year <= dt.date.today().year):
            raise forms.ValidationError(
                f"Năm sinh phải trong khoảng 1900–{dt.date.today().year}.", code="birth_year"
            )
        return value


class ProfileForm(forms.Form):
    """Thông tin cá nhân: what later forms are pre-filled from."""

    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    citizen_id = forms.CharField(
        label="Số định danh cá nhân",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="12 chữ số trên căn cước hoặc căn cước công dân.",
    )
    date_of_birth = BirthDateField(label="Ngày sinh", required=False)
    address = forms.CharField(
        label="Địa chỉ",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = PhoneField(label="Số điện thoại", required=False)
    organisation_name = forms.CharField(
        label="Tên tổ chức, doanh nghiệp", max_length=300, required=False
    )
    tax_code = forms.CharField(label="Mã số thuế", max_length=20, required=False)

    def __init__(self, *args, organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not organisation:
            del self.fields["organisation_name"]
            del self.fields["tax_code"]
        else:
            for name, message in (
                ("organisation_name", "Nhập tên tổ chức, doanh nghiệp."),
                ("tax_code", "Nhập mã số thuế của tổ chức."),
            ):
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message

    # The core checks here too, so that a form shows every wrong field on one submit (the
    # service checks again: it is the rule).
    def clean_citizen_id(self):
        value = self.cleaned_data["citizen_id"]
        return _checked(validate_citizen_id, value, field="citizen_id") if value else ""

    def clean_tax_code(self):
        value = self.cleaned_data["tax_code"]
        return _checked(normalise_tax_code, value) if value else ""


def _checked(check, value, **kwargs):
    try:
        return check(value, **kwargs)
    except DomainError as error:
        raise forms.ValidationError(error.message, code=error.code) from error


# --- Hồ sơ của tôi: what the applicant does on their own dossier ---------------------------


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do rút hồ sơ",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Nêu lý do rút hồ sơ."},
    )


class DeliveryForm(forms.Form):
    """Chọn hình thức nhận kết quả, among those the procedure version allows."""

    delivery = forms.ChoiceField(
        label="Hình thức nhận kết quả",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Chọn hình thức nhận kết quả.",
            "invalid_choice": "Thủ tục này không trả kết quả theo hình thức đã chọn.",
        },
    )
    delivery_address = forms.CharField(
        label="Địa chỉ nhận kết quả (khi nhận qua bưu chính)", max_length=255, required=False
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = list(choices)


class SupplementForm(forms.Form):
    """Bổ sung hồ sơ trực tuyến: the files asked for (motcua.files' default policy)."""

    def __init__(self, *args, **kwargs):
        from motcua.files.forms import FilesField

        super().__init__(*args, **kwargs)
        self.fields["files"] = FilesField(label="Tệp bổ sung")
        self.fields["note"] = forms.CharField(
            label="Ghi chú (không bắt buộc)",
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
