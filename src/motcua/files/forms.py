"""The file input of a form: several files at once, the policy's limits as a hint.

The hint (``accept``, the help text) only helps the user choose; the service decides
from the content (services.store_uploads)."""

from __future__ import annotations

from django import forms

from .policy import UploadPolicy, default_policy


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """A list of uploaded files (empty when none was chosen)."""

    def __init__(self, *, policy: UploadPolicy | None = None, **kwargs):
        policy = policy or default_policy()
        kwargs.setdefault(
            "help_text",
            f"{policy.type_names}; tối đa {policy.max_count} tệp, mỗi tệp đến "
            f"{policy.max_megabytes} MB.",
        )
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": policy.accept}))
        kwargs.setdefault(
            "error_messages",
            {"required": "Chọn ít nhất một tệp.", "empty": "Tệp rỗng (0 byte)."},
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data or self.required else []
