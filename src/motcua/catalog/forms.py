from __future__ import annotations

from pathlib import PurePath

from django import forms

from motcua.core.fields import DATE_HELP, DateField

from .models import OnlineLevel, Sector

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PublicSearchForm(forms.Form):
    """Tra cứu thủ tục: free text (with or without diacritics), sector, online level."""

    q = forms.CharField(
        label="Tìm thủ tục",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Ví dụ: khai sinh, chứng thực, 1.001193",
            }
        ),
    )
    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Sector.objects.none(),
        required=False,
        empty_label="Tất cả lĩnh vực",
    )
    muc_do = forms.ChoiceField(
        label="Mức độ trực tuyến",
        required=False,
        choices=[("", "Tất cả mức độ"), *OnlineLevel.choices],
    )

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].queryset = sectors if sectors is not None else Sector.objects.all()
        self.fields["linh_vuc"].error_messages["invalid_choice"] = (
            "Lĩnh vực không có trong danh mục."
        )
        self.fields["muc_do"].error_messages["invalid_choice"] = "Mức độ trực tuyến không hợp lệ."

    def filters(self) -> dict:
        """Valid filters only: a bad parameter is dropped (and reported), never a 500."""
        self.is_valid()  # cleaned_data keeps the fields that are valid
        data = self.cleaned_data
        return {
            "query": data.get("q", "") or "",
            "sector": data.get("linh_vuc"),
            "online_level": data.get("muc_do", "") or "",
        }


class StaffSearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm thủ tục",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Tên, mã, lĩnh vực"}),
    )
    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Sector.objects.all(),
        required=False,
        empty_label="Tất cả lĩnh vực",
    )
    pham_vi = forms.ModelChoiceField(
        label="Phạm vi áp dụng", queryset=None, required=False, empty_label="Mọi phạm vi"
    )
    luu_y = forms.BooleanField(label="Chỉ thủ tục có lưu ý", required=False)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pham_vi"].queryset = scopes.order_by("code")
        for name in ("linh_vuc", "pham_vi"):
            self.fields[name].error_messages["invalid_choice"] = "Giá trị không hợp lệ."

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", "") or "",
            "sector": data.get("linh_vuc"),
            "scope": data.get("pham_vi"),
            "caveats_only": bool(data.get("luu_y")),
        }


class ImportForm(forms.Form):
    """Nhập danh mục từ Excel vào một phạm vi (tỉnh hoặc xã/phường) mà cán bộ quản trị."""

    scope = forms.ModelChoiceField(label="Áp dụng cho", queryset=None, empty_label=None)
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Dùng tệp mẫu hoặc tệp đã xuất. Tối đa 5 MB. Có một dòng sai thì không dòng "
        "nào được nhập.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={"required": "Chọn tệp Excel cần nhập.", "empty": "Tệp tải lên đang rỗng."},
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
        self.fields["scope"].error_messages["invalid_choice"] = (
            "Bạn không quản trị danh mục của phạm vi này."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                "Chỉ nhận tệp Excel .xlsx (tệp .xls, .csv hãy mở bằng Excel rồi lưu lại "
                "dạng Excel Workbook .xlsx)."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB; hãy chia nhỏ tệp.")
        return upload


class CouncilFeeForm(forms.Form):
    """Mức thu do HĐND tỉnh quy định: one amount of a province's table (catalog.fees)."""

    province = forms.ModelChoiceField(label="Tỉnh, thành phố", queryset=None, empty_label=None)
    key = forms.CharField(
        label="Mã mức thu",
        max_length=40,
        help_text="Mã ghi trong cách tính phí của thủ tục, ví dụ ho_tich_khai_sinh.",
        error_messages={"required": "Nhập mã mức thu."},
    )
    name = forms.CharField(
        label="Tên khoản thu", max_length=255, error_messages={"required": "Nhập tên khoản thu."}
    )
    price = forms.IntegerField(
        label="Mức thu tại quầy (đồng)",
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Nhập mức thu.", "invalid": "Nhập số tiền (đồng)."},
    )
    online_price = forms.IntegerField(
        label="Mức thu khi nộp trực tuyến (đồng, nếu nghị quyết quy định riêng)",
        required=False,
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Nhập số tiền (đồng)."},
    )
    legal_basis = forms.CharField(
        label="Nghị quyết HĐND quy định",
        max_length=500,
        error_messages={"required": "Ghi nghị quyết HĐND quy định mức thu."},
    )
    valid_from = DateField(label="Áp dụng từ ngày", help_text=DATE_HELP)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["province"].error_messages["invalid_choice"] = (
            "Bạn không quản trị danh mục của tỉnh, thành phố này."
        )
