"""Forms of the organisation pages: they parse and check the shape of the input;
business rules (password strength, unique username, scope) live in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from motcua.core.errors import DomainError
from motcua.core.fields import PhoneField

from .models import Agency, Role
from .passwords import RULES_HELP
from .services import check_username


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị của cơ quan.",
        "not_staff": (
            "Đây là tài khoản dịch vụ công của người dân hoặc tổ chức: vui lòng đăng nhập "
            "tại trang Dịch vụ công."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        )

    def confirm_login_allowed(self, user):
        """Only staff accounts sign in here; a citizen's account signs in on the portal."""
        super().confirm_login_allowed(user)
        if not user.is_staff_account:
            raise forms.ValidationError(self.error_messages["not_staff"], code="not_staff")


class OwnPasswordChangeForm(PasswordChangeForm):
    """Đổi mật khẩu của chính mình: the current one, then a new one that differs from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].help_text = RULES_HELP
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and "new_password2" not in self.errors and self.user.check_password(password):
            self.add_error("new_password2", "Mật khẩu mới phải khác mật khẩu hiện tại.")
        return cleaned


class AgencyChoiceField(forms.ModelChoiceField):
    """A select of agencies in tree order; ``choices`` come from selectors.agency_choices."""

    def __init__(self, choices, **kwargs):
        super().__init__(queryset=Agency.objects.filter(pk__in=[pk for pk, _ in choices]), **kwargs)
        self.choices = [("", "— Chọn đơn vị —"), *choices]


def roles_field(*, required: bool, label: str = "Vai trò") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Role.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một vai trò."},
    )


def password_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=RULES_HELP,
    )


class PasswordPairMixin:
    """Typing the new password twice catches a slip before the person is locked out."""

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", "Hai mật khẩu không khớp.")
        return cleaned


class StaffCreateForm(PasswordPairMixin, forms.Form):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ thường không dấu, ví dụ nguyenvana hoặc nguyen.van.a.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    position = forms.CharField(label="Chức vụ", max_length=120, required=False)
    phone = PhoneField(label="Điện thoại", required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    password = password_field("Mật khẩu ban đầu")
    password_confirm = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    roles = roles_field(required=True)

    def __init__(self, *args, agency_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(agency_choices, label="Cơ quan, đơn vị")
        if len(agency_choices) == 1:
            self.initial.setdefault("agency", agency_choices[0][0])
        self.order_fields(
            ["username", "full_name", "position", "phone", "email", "agency", "roles"]
        )

    def clean_username(self) -> str:
        # The service's own rule, checked with the other fields so one submit shows all.
        try:
            return check_username(self.cleaned_data["username"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from error


class StaffRolesForm(forms.Form):
    """The roles a person holds at one agency (unticking all removes them there)."""

    roles = roles_field(required=False, label="Vai trò tại đơn vị này")


class StaffAddRoleForm(forms.Form):
    """Give a person roles at another agency of the admin's scope."""

    roles = roles_field(required=True)

    def __init__(self, *args, agency_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(agency_choices, label="Tại cơ quan, đơn vị")
        self.order_fields(["agency", "roles"])


class PasswordResetForm(PasswordPairMixin, forms.Form):
    password = password_field("Mật khẩu mới")
    password_confirm = forms.CharField(
        label="Nhập lại mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class StaffFilterForm(forms.Form):
    """The filters of the staff list (GET): never an error, an unknown value is ignored."""

    q = forms.CharField(
        label="Tìm theo tên, tên đăng nhập",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    role = forms.ChoiceField(
        label="Vai trò", required=False, choices=[("", "Tất cả vai trò"), *Role.choices]
    )

    def __init__(self, *args, agency_choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = AgencyChoiceField(agency_choices, label="Đơn vị", required=False)
        field.choices = [("", "Tất cả đơn vị"), *agency_choices]
        self.fields["agency"] = field
        self.order_fields(["q", "agency", "role"])

    def filters(self) -> dict:
        if not self.is_valid():
            return {"agency": None, "role": "", "query": ""}
        data = self.cleaned_data
        return {"agency": data["agency"], "role": data["role"], "query": data["q"]}


class UnitContactFields(forms.Form):
    name = forms.CharField(label="Tên đầy đủ", max_length=255)
    short_name = forms.CharField(
        label="Tên ngắn",
        max_length=120,
        required=False,
        help_text="Dùng trong danh sách và trên điện thoại, ví dụ “Phòng Văn hóa - Xã hội”.",
    )
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    phone = PhoneField(label="Điện thoại", required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)


class UnitCreateForm(UnitContactFields):
    code = forms.CharField(
        label="Mã định danh",
        max_length=40,
        help_text="Mã định danh điện tử của đơn vị theo danh mục quốc gia, ví dụ H26.80.06.",
    )
    code_is_illustrative = forms.BooleanField(
        label="Mã minh họa (chưa đối chiếu với danh mục mã định danh quốc gia)", required=False
    )

    def __init__(self, *args, parent_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = AgencyChoiceField(parent_choices, label="Trực thuộc")
        if len(parent_choices) == 1:
            self.initial.setdefault("parent", parent_choices[0][0])
        self.order_fields(["parent", "code", "code_is_illustrative", "name", "short_name"])


class UnitEditForm(UnitContactFields):
    is_active = forms.BooleanField(
        label="Đang hoạt động",
        required=False,
        help_text="Bỏ chọn khi đơn vị giải thể hoặc sáp nhập: hồ sơ cũ vẫn giữ nguyên.",
    )


class RoleGrantDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Phê duyệt"), ("reject", "Từ chối"), ("withdraw", "Rút lại")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label="Lý do (nếu từ chối)", max_length=500, required=False)
