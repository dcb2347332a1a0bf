"""Staff catalogue pages of a version's online level and e-form
(/can-bo/thu-tuc/phien-ban/<id>/bieu-mau/…). A version outside the user's catalogue scopes
is a 404; a change without ``catalog.manage`` at the version's scope is a 403. Views parse
and call catalog.eform_services; they never save."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, add_to_form
from motcua.org.permissions import Perm, can, has_perm_anywhere

from . import eform_services, eforms, selectors
from .content import eform_of
from .eforms import DateBound, FieldDef, FieldType, SlotDef
from .models import CopyType, OnlineLevel

# --- Forms ----------------------------------------------------------------------------------


def _optional_int(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        min_value=-eforms.MAX_NUMBER,
        max_value=eforms.MAX_NUMBER,
        error_messages={"invalid": "Nhập số nguyên."},
    )


class FieldForm(forms.Form):
    label = forms.CharField(label="Câu hỏi", max_length=eforms.MAX_LABEL)
    key = forms.CharField(
        label="Mã câu hỏi",
        max_length=40,
        help_text="Chữ thường không dấu, số, gạch dưới (ví dụ: ho_ten_me). Dùng khi xuất, "
        "nhập Excel và lưu câu trả lời.",
    )
    type = forms.ChoiceField(label="Loại", choices=list(FieldType.LABELS.items()))
    required = forms.BooleanField(label="Bắt buộc trả lời", required=False, initial=True)
    help_text = forms.CharField(
        label="Hướng dẫn",
        required=False,
        max_length=eforms.MAX_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    page = forms.IntegerField(
        label="Bước",
        min_value=1,
        max_value=eforms.MAX_PAGES,
        initial=1,
        help_text="Các câu hỏi cùng bước hiện trên một màn hình.",
        error_messages={"invalid": "Nhập số nguyên."},
    )
    max_length = _optional_int("Độ dài tối đa (câu hỏi chữ)", "Để trống: 200 ký tự.")
    min_value = _optional_int("Giá trị nhỏ nhất (câu hỏi số)")
    max_value = _optional_int("Giá trị lớn nhất (câu hỏi số)")
    options = forms.CharField(
        label="Lựa chọn (câu hỏi chọn một)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một lựa chọn.",
    )
    date_bound = forms.ChoiceField(
        label="Giới hạn ngày (câu hỏi ngày)",
        choices=list(DateBound.LABELS.items()),
        required=False,
    )

    @classmethod
    def initial_of(cls, f: FieldDef) -> dict:
        return {
            "label": f.label,
            "key": f.key,
            "type": f.type,
            "required": f.required,
            "help_text": f.help_text,
            "page": f.page,
            "max_length": f.max_length,
            "min_value": f.min_value,
            "max_value": f.max_value,
            "options": "\n".join(f.options),
            "date_bound": f.date_bound,
        }

    def definition(self) -> FieldDef:
        data = self.cleaned_data
        return FieldDef(
            key=data["key"],
            label=data["label"],
            type=data["type"],
            required=data["required"],
            help_text=data["help_text"],
            page=data["page"],
            max_length=data["max_length"],
            min_value=data["min_value"],
            max_value=data["max_value"],
            options=tuple(line for line in data["options"].splitlines() if line.strip()),
            date_bound=data.get("date_bound") or "",
        )


class SlotForm(forms.Form):
    required = forms.BooleanField(label="Bắt buộc nộp khi nộp trực tuyến", required=False)
    accepted = forms.MultipleChoiceField(
        label="Loại tệp được nhận",
        choices=list(eforms.FILE_TYPE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một loại tệp được nhận."},
    )
    max_size_mb = forms.IntegerField(
        label="Dung lượng tối đa mỗi tệp (MB)",
        min_value=1,
        max_value=eforms.MAX_SLOT_MB,
        error_messages={"invalid": "Nhập số nguyên."},
    )
    max_files = forms.IntegerField(
        label="Số tệp tối đa",
        min_value=1,
        max_value=eforms.MAX_SLOT_FILES,
        error_messages={"invalid": "Nhập số nguyên."},
    )

    def slot(self, document: int) -> SlotDef:
        data = self.cleaned_data
        return SlotDef(
            document=document,
            name="",
            required=data["required"],
            accepted=tuple(data["accepted"]),
            max_size_mb=data["max_size_mb"],
            max_files=data["max_files"],
        )


class OnlineLevelForm(forms.Form):
    level = forms.ChoiceField(label="Mức độ trực tuyến", choices=OnlineLevel.choices)
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Số, ngày, cơ quan ban hành văn bản quyết định mức độ (ví dụ: quyết định "
        "phê duyệt danh mục dịch vụ công trực tuyến của UBND tỉnh).",
        max_length=eform_services.MAX_BASIS_LENGTH,
        error_messages={"required": "Ghi căn cứ pháp lý của quyết định."},
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=eform_services.MAX_BASIS_LENGTH,
    )


# --- Views ----------------------------------------------------------------------------------


def _version(request, version_id: int):
    if not has_perm_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN):
        raise PermissionDenied
    version = selectors.staff_version(request.user, version_id)
    if version is None:
        raise Http404("Không có phiên bản này trong danh mục của bạn.")
    version.can_manage = can(request.user, Perm.MANAGE_CATALOG, version.scope)
    version.is_closed = version.valid_to is not None and version.valid_to < timezone.localdate()
    return version


def _managed(request, version_id: int):
    version = _version(request, version_id)
    if not version.can_manage:
        raise PermissionDenied
    return version


def _home(version):
    return redirect("catalog-eform", version_id=version.pk)


def _render_detail(request, version, level_form=None):
    definition = eform_of(version)
    level_form = level_form or OnlineLevelForm(
        initial={
            "level": version.online_level,
            "legal_basis": version.online_level_basis,
            "note": version.online_level_note,
        }
    )
    return render(
        request,
        "catalog/eform_detail.html",
        {
            "version": version,
            "definition": definition,
            "fields": list(enumerate(definition.fields, start=1)),
            "level_form": level_form,
            "decisions": list(version.online_decisions.all()),
            "online": selectors.can_submit_online(version),
            "shown_documents": [
                d for d in version.documents.all() if d.copy_type == CopyType.PRESENT_ONLY
            ],
        },
    )


@login_required
def eform_detail(request, version_id: int):
    """Biểu mẫu điện tử và mức độ trực tuyến của một phiên bản."""
    return _render_detail(request, _version(request, version_id))


@login_required
@require_POST
def online_level(request, version_id: int):
    version = _managed(request, version_id)
    form = OnlineLevelForm(request.POST)
    if form.is_valid():
        try:
            eform_services.decide_online_level(
                actor=request.user, version=version, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã ghi nhận quyết định mức độ trực tuyến.")
            return _home(version)
    return _render_detail(request, version, level_form=form)


def _field_page(request, version, form, *, key=None):
    return render(
        request,
        "catalog/eform_field_form.html",
        {"version": version, "form": form, "key": key},
    )


@login_required
def field_add(request, version_id: int):
    version = _managed(request, version_id)
    form = FieldForm(request.POST or None, initial={"required": True, "page": 1})
    if request.method == "POST" and form.is_valid():
        try:
            eform_services.add_field(actor=request.user, version=version, field=form.definition())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã thêm câu hỏi.")
            return _home(version)
    return _field_page(request, version, form)


@login_required
def field_edit(request, version_id: int, key: str):
    version = _managed(request, version_id)
    existing = eform_of(version).field(key)
    if existing is None:
        raise Http404("Không có câu hỏi này.")
    form = FieldForm(request.POST or None, initial=FieldForm.initial_of(existing))
    if request.method == "POST" and form.is_valid():
        try:
            eform_services.update_field(
                actor=request.user, version=version, key=key, field=form.definition()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã sửa câu hỏi.")
            return _home(version)
    return _field_page(request, version, form, key=key)


def _write(request, version, action) -> None:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)


@login_required
@require_POST
def field_remove(request, version_id: int, key: str):
    version = _managed(request, version_id)
    _write(
        request,
        version,
        lambda: eform_services.remove_field(actor=request.user, version=version, key=key),
    )
    return _home(version)


@login_required
@require_POST
def field_move(request, version_id: int, key: str):
    version = _managed(request, version_id)
    offset = -1 if request.POST.get("huong") == "len" else 1
    _write(
        request,
        version,
        lambda: eform_services.move_field(
            actor=request.user, version=version, key=key, offset=offset
        ),
    )
    return _home(version)


@login_required
def slot_edit(request, version_id: int, document: int):
    version = _managed(request, version_id)
    slot = next((s for s in eform_of(version).slots if s.document == document), None)
    if slot is None:
        raise Http404("Không có giấy tờ này.")
    initial = {
        "required": slot.required,
        "accepted": list(slot.accepted),
        "max_size_mb": slot.max_size_mb,
        "max_files": slot.max_files,
    }
    form = SlotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            eform_services.update_slot(
                actor=request.user, version=version, document=document, slot=form.slot(document)
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã sửa giới hạn tệp.")
            return _home(version)
    return render(
        request,
        "catalog/eform_slot_form.html",
        {"version": version, "form": form, "slot": slot},
    )
