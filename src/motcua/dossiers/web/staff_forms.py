"""Forms of the back office. Field names match the ``field`` of the services' DomainErrors
(applicant_name, reason, new_due, …) so that core.errors.add_to_form puts a refused rule
next to the input it concerns."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone

from motcua.catalog import fees
from motcua.catalog.models import CopyType, Procedure
from motcua.catalog.selectors import council_rates
from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError, add_to_form
from motcua.core.fields import DATETIME_HELP, DateTimeField, PhoneField
from motcua.core.formatting import format_datetime
from motcua.files.forms import FilesField

from .. import events, services
from ..inputs import Applicant, MissingDocument, ReceivedDocument
from ..models import ApplicantKind, Channel, Delivery, FileKind, Status
from .staff_reads import assignable_staff

REQUIRED = "Thông tin này là bắt buộc."
# How far a typed moment may lie from now before it is a slip rather than a fact:
# an online or postal submission reaches the counter within days (30 leaves room for a
# long holiday); the longest ward deadline is 60 working days, so a new appointment more
# than a year ahead is a mistyped year.
SUBMISSION_MAX_AGE = dt.timedelta(days=30)
APPOINTMENT_MAX_AHEAD = dt.timedelta(days=366)


def _text(label, *, max_length, required=False, textarea=False, **attrs):
    widget = forms.Textarea(attrs={"rows": 3, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"required": REQUIRED, "max_length": f"Tối đa {max_length} ký tự."},
    )


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# --- Counter intake --------------------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    """Chọn thủ tục: by name or code, with or without diacritics."""

    q = forms.CharField(
        label="Tìm thủ tục",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": "Tên hoặc mã thủ tục, ví dụ: khai sinh",
            }
        ),
    )
    noi = forms.ModelChoiceField(
        label="Nơi tiếp nhận", queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noi"].queryset = agencies
        # With JavaScript, results follow the typing (htmx); without it, the form submits.
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": reverse("dossiers-staff-intake"),
                "hx-target": "#intake-results",
                "hx-trigger": "input changed delay:300ms, search",
                "hx-include": "closest form",
                "hx-push-url": "true",
            }
        )
        self.fields["noi"].error_messages["invalid_choice"] = "Bạn không tiếp nhận tại nơi này."


class IntakeForm(forms.Form):
    """Tiếp nhận hồ sơ: checklist of the version's documents, applicant, channel, delivery,
    fee. The same form carries the refusal (Phiếu từ chối tiếp nhận, Mẫu 03)."""

    applicant_kind = forms.ChoiceField(
        label="Người nộp là",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    applicant_name = _text(
        "Họ tên người nộp / tên tổ chức", max_length=255, required=True, autocomplete="name"
    )
    applicant_id_number = _text(
        "Số định danh cá nhân (12 chữ số)", max_length=20, inputmode="numeric", autocomplete="off"
    )
    applicant_org_code = _text("Mã số doanh nghiệp / tổ chức", max_length=20)
    applicant_phone = PhoneField(label="Điện thoại", required=False)
    applicant_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        max_length=254,
        error_messages={"invalid": "Thư điện tử không hợp lệ."},
    )
    applicant_address = _text("Địa chỉ", max_length=255, autocomplete="street-address")
    request_summary = _text("Nội dung yêu cầu", max_length=500, textarea=True)
    channel = forms.TypedChoiceField(
        label="Hình thức nộp", choices=Channel.choices, coerce=int, initial=Channel.COUNTER
    )
    submitted_at = DateTimeField(
        label="Thời điểm nộp (nếu khác lúc tiếp nhận)",
        required=False,
        help_text="Hồ sơ nộp trực tuyến hoặc qua bưu chính: thời điểm người nộp gửi hồ sơ. "
        + DATETIME_HELP,
    )
    deadline_case = forms.ChoiceField(
        label="Trường hợp (tính thời hạn giải quyết)", widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(label="Nhận kết quả", widget=forms.RadioSelect)
    other_documents = _text(
        "Giấy tờ khác đã nhận (mỗi dòng một giấy tờ)", max_length=2000, textarea=True
    )
    fee_amount = forms.IntegerField(
        label="Số tiền phí, lệ phí phải nộp (đồng)",
        required=False,
        min_value=1,
        max_value=10**12,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
        error_messages={"min_value": "Số tiền phải lớn hơn 0.", "invalid": "Nhập số tiền."},
    )
    fee_undetermined = _text(
        "Hoặc: lý do chưa xác định được số tiền",
        max_length=255,
        placeholder="Ví dụ: chờ nghị quyết HĐND tỉnh về mức thu",
    )
    fee_pages = forms.IntegerField(
        label="Số trang của bản chính (mỗi bản)",
        required=False,
        min_value=1,
        max_value=fees.MAX_PAGES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": "Ít nhất 1 trang.", "invalid": "Nhập số trang."},
    )
    fee_copies = forms.IntegerField(
        label="Số bản",
        required=False,
        min_value=0,
        max_value=fees.MAX_COPIES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": "Số bản không âm.", "invalid": "Nhập số bản."},
    )
    fee_cases = forms.IntegerField(
        label="Số trường hợp (việc)",
        required=False,
        min_value=1,
        max_value=fees.MAX_CASES,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": "Ít nhất 1.", "invalid": "Nhập một số."},
    )
    fee_exemption = forms.ChoiceField(label="Miễn, giảm phí, lệ phí", required=False)
    fee_exemption_evidence = _text(
        "Giấy tờ chứng minh được miễn, giảm",
        max_length=500,
        placeholder="Ví dụ: Giấy chứng nhận hộ nghèo số 12/GCN-UBND ngày 05/01/2026",
    )
    refusal_category = forms.ChoiceField(
        label="Loại lý do (người nộp xem được khi tra cứu)",
        required=False,
        choices=[("", "— Chọn loại lý do —"), *events.REFUSAL_CATEGORIES.items()],
    )
    reasons = _text("Lý do từ chối tiếp nhận", max_length=2000, textarea=True)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.documents = list(version.documents.all())
        self._fee_fields(version.fee_schedule)
        self.fields["delivery"].choices = delivery_choices(version)
        self.fields["delivery"].initial = self.fields["delivery"].choices[0][0]
        self.fields["deadline_case"].choices = deadline_case_choices(version)
        if not self.fields["deadline_case"].choices:
            del self.fields["deadline_case"]
        self.checklist_errors: list[str] = []
        for doc in self.documents:
            self.fields[f"doc_{doc.pk}"] = forms.BooleanField(
                label=doc.citizen_name, required=False
            )
            self.fields[f"qty_{doc.pk}"] = forms.IntegerField(
                label="Số lượng",
                min_value=1,
                max_value=99,
                initial=doc.quantity,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "min_value": "Ít nhất 1.",
                    "max_value": "Tối đa 99.",
                    "invalid": "Nhập một số.",
                },
            )
            self.fields[f"copy_{doc.pk}"] = forms.ChoiceField(
                label="Loại bản", choices=CopyType.choices, initial=doc.copy_type, required=False
            )

    def _fee_fields(self, rule: fees.FeeRule) -> None:
        """The fee inputs the version's rule counts with (catalog.fees), and no other."""
        self.fee_rule = rule
        self.has_fee = bool(rule.items)
        # No amount in the catalogue, or a council amount the province has not set: the
        # counter states the amount, or says why it is not known yet.
        keys = {item.council_key for item in rule.items if item.council_key}
        self.fee_is_open = rule.unset or bool(keys - set(council_rates(self.version.scope)))
        wanted = {
            "fee_amount": self.fee_is_open,
            "fee_undetermined": self.fee_is_open,
            "fee_pages": rule.needs_pages,
            "fee_copies": rule.needs_copies,
            "fee_cases": rule.needs_cases,
            "fee_exemption": bool(rule.exemptions),
            "fee_exemption_evidence": bool(rule.exemptions),
        }
        for name, keep in wanted.items():
            if not keep:
                del self.fields[name]
        if rule.needs_copies:  # one copy of a per-page charge; extracts only on request
            self.fields["fee_copies"].initial = 1 if rule.needs_pages else 0
        if rule.exemptions:
            self.fields["fee_exemption"].choices = [
                ("", "Không thuộc đối tượng miễn, giảm"),
                *((e.code, e.describe()) for e in rule.exemptions),
            ]

    def fee_inputs(self) -> fees.FeeInputs:
        """The quote's inputs from this form (the channel too; the service takes the
        dossier's)."""
        data = self.cleaned_data
        return fees.FeeInputs(
            pages=data.get("fee_pages") or 0,
            copies=1 if "fee_copies" not in self.fields else (data.get("fee_copies") or 0),
            cases=data.get("fee_cases") or (1 if "fee_cases" not in self.fields else 0),
            channel=data.get("channel") or Channel.COUNTER,
            exemption=data.get("fee_exemption", "") or "",
        )

    def fee_quote(self, at) -> fees.Quote:
        """The quote the intake preview shows: the service's own computation."""
        return services.quote_intake_fee(
            self.version,
            self.fee_inputs(),
            evidence=self.cleaned_data.get("fee_exemption_evidence", ""),
            at=at,
        )

    def checklist(self) -> list[dict]:
        """Rows of the checklist for the template: the document and its three inputs."""
        return [
            {
                "doc": doc,
                "tick": self[f"doc_{doc.pk}"],
                "qty": self[f"qty_{doc.pk}"],
                "copy": self[f"copy_{doc.pk}"],
            }
            for doc in self.documents
        ]

    def clean_applicant_id_number(self) -> str:
        value = self.cleaned_data["applicant_id_number"]
        if value and self.data.get(self.add_prefix("applicant_kind")) == ApplicantKind.ORGANISATION:
            # The service checks a person's number; an organisation's representative's too.
            try:
                return validate_citizen_id(value)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return value

    def clean_submitted_at(self):
        value = self.cleaned_data["submitted_at"]
        now = timezone.now()
        if value and value > now:
            raise forms.ValidationError("Thời điểm nộp không thể ở tương lai.")
        if value and value < now - SUBMISSION_MAX_AGE:
            raise forms.ValidationError(
                f"Thời điểm nộp cách đây hơn {SUBMISSION_MAX_AGE.days} ngày: hồ sơ trực tuyến, "
                "bưu chính thường đến Bộ phận Một cửa trong vài ngày — kiểm tra lại ngày, năm."
            )
        return value

    def clean(self):
        """The applicant's rules (citizen ID, phone) checked with the fields, not after them,
        so one submit shows every error."""
        cleaned = super().clean()
        amount, reason = cleaned.get("fee_amount"), cleaned.get("fee_undetermined")
        if self.fee_is_open and not amount and not reason and "fee_amount" not in self.errors:
            self.add_error(
                "fee_amount",
                "Thủ tục này không có mức phí cố định trong danh mục: nhập số tiền phải nộp, "
                "hoặc ghi lý do chưa xác định được.",
            )
        try:
            self.applicant().validated()
        except DomainError as error:
            add_to_form(self, error)
        self._check_fee_inputs()
        return cleaned

    def _check_fee_inputs(self) -> None:
        """The rule's inputs checked with the other fields (one submit, every error)."""
        if not self.has_fee:
            return
        try:  # a field already refused keeps its own message (add_to_form)
            services.quote_intake_fee(
                self.version,
                self.fee_inputs(),
                evidence=self.cleaned_data.get("fee_exemption_evidence", ""),
            )
        except DomainError as error:
            add_to_form(self, error)

    def check_documents(self) -> bool:
        """A valid dossier has documents: at least one ticked when the version lists any."""
        if self.documents and not self.received_documents():
            self.checklist_errors.append("Đánh dấu các giấy tờ đã nhận của người nộp.")
            return False
        return True

    def received_documents(self) -> list[ReceivedDocument]:
        data = self.cleaned_data
        ticked = [
            ReceivedDocument(
                name=doc.citizen_name,
                copy_type=data.get(f"copy_{doc.pk}") or doc.copy_type,
                quantity=data.get(f"qty_{doc.pk}") or doc.quantity,
            )
            for doc in self.documents
            if data.get(f"doc_{doc.pk}")
        ]
        others = [ReceivedDocument(name=name) for name in _lines(data.get("other_documents", ""))]
        return ticked + others

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data.get("applicant_name", ""),
            kind=data.get("applicant_kind", ApplicantKind.PERSON),
            id_number=data.get("applicant_id_number", ""),
            org_code=data.get("applicant_org_code", ""),
            phone=data.get("applicant_phone", ""),
            email=data.get("applicant_email", ""),
            address=data.get("applicant_address", ""),
        )

    def intake_kwargs(self) -> dict:
        """Keyword arguments of services.receive_dossier taken from this form."""
        data = self.cleaned_data
        return {
            "applicant": self.applicant(),
            "channel": data["channel"],
            "delivery": data["delivery"],
            "documents": self.received_documents(),
            "request_summary": data["request_summary"],
            "submitted_at": data["submitted_at"],
            "fee_vnd": data.get("fee_amount"),
            "fee_undetermined": data.get("fee_undetermined", ""),
            "fee_inputs": self.fee_inputs(),
            "fee_evidence": data.get("fee_exemption_evidence", ""),
            "deadline_case": data.get("deadline_case", ""),
        }


def deadline_case_choices(version) -> list[tuple[str, str]]:
    """The cases of a version with deadlines by case, each with its deadline for the
    channel chosen later (the general one shown; catalog.deadlines)."""
    return [
        (case, f"{case} — {version.deadline_plan(case).describe()}") for case in version.case_labels
    ]


def delivery_choices(version) -> list[tuple[str, str]]:
    """Only the result deliveries the procedure version allows (the counter if it says none)."""
    allowed = services.allowed_deliveries(version)
    return [(code, label) for code, label in Delivery.choices if code in allowed]


# --- Inbox -----------------------------------------------------------------------------------


SORTS = {"han": "Hạn trả sớm nhất", "moi": "Tiếp nhận mới nhất"}


class InboxFilterForm(forms.Form):
    """Lọc hộp hồ sơ. An invalid parameter is dropped and reported, never a 500."""

    q = forms.CharField(
        label="Tìm mã hồ sơ, tên, số định danh, điện thoại",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "aria-describedby": "q-help"}),
    )
    trang_thai = forms.TypedChoiceField(
        label="Trạng thái",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả trạng thái"), *Status.choices],
    )
    thu_tuc = forms.ModelChoiceField(
        label="Thủ tục",
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label="Tất cả thủ tục",
    )
    kenh = forms.TypedChoiceField(
        label="Hình thức nộp",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả hình thức"), *Channel.choices],
    )
    sap_xep = forms.ChoiceField(label="Sắp xếp", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thu_tuc"].queryset = procedures
        self.fields["thu_tuc"].label_from_instance = _procedure_label
        for name in ("trang_thai", "thu_tuc", "kenh", "sap_xep"):
            self.fields[name].error_messages["invalid_choice"] = "Giá trị lọc không hợp lệ."

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": (data.get("q") or "").strip(),
            "status": data.get("trang_thai"),
            "procedure": data.get("thu_tuc"),
            "channel": data.get("kenh"),
            "sort": data.get("sap_xep") or "han",
        }


def _procedure_label(procedure: Procedure) -> str:
    name = procedure.name if len(procedure.name) <= 80 else procedure.name[:79] + "…"
    return f"{procedure.code} — {name}"


# --- Actions on a dossier (one small form each) -----------------------------------------------


class ActionForm(forms.Form):
    """Base: every action form knows its dossier (choices and defaults depend on it)."""

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier


class NoteForm(ActionForm):
    note = _text("Ghi chú", max_length=1000, textarea=True)


class AssignForm(ActionForm):
    specialist = forms.ModelChoiceField(
        label="Chuyên viên xử lý",
        queryset=None,
        empty_label="— Chọn chuyên viên —",
        error_messages={
            "required": "Chọn chuyên viên xử lý.",
            "invalid_choice": "Chỉ phân công cho chuyên viên của đơn vị giải quyết.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = assignable_staff(self.dossier)
        self.fields["specialist"].label_from_instance = lambda user: user.display_name
        if self.dossier.assignee_id:
            self.fields["specialist"].initial = self.dossier.assignee_id


class SupplementRequestForm(ActionForm):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."""

    missing = forms.MultipleChoiceField(
        label="Giấy tờ cần bổ sung", required=False, widget=forms.CheckboxSelectMultiple
    )
    other_missing = _text(
        "Giấy tờ khác cần bổ sung (mỗi dòng một giấy tờ)", max_length=2000, textarea=True
    )
    reason = _text("Lý do, hướng dẫn", max_length=2000, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {
            str(doc.pk): doc for doc in self.dossier.procedure_version.documents.all()
        }
        self.fields["missing"].choices = [
            (pk, doc.citizen_name) for pk, doc in self.documents.items()
        ]
        self.fields["missing"].error_messages["invalid_choice"] = "Giấy tờ không có trong danh mục."
        if not self.documents:
            del self.fields["missing"]

    def missing_documents(self) -> list[MissingDocument]:
        data = self.cleaned_data
        listed = [
            MissingDocument(
                name=self.documents[pk].citizen_name,
                copy_type=self.documents[pk].copy_type,
                quantity=self.documents[pk].quantity,
            )
            for pk in data.get("missing", [])
        ]
        return listed + [MissingDocument(name=name) for name in _lines(data["other_missing"])]


class ObligationRequestForm(ActionForm):
    description = _text(
        "Nghĩa vụ tài chính cần thực hiện", max_length=1000, required=True, textarea=True
    )
    amount_vnd = forms.IntegerField(
        label="Số tiền (đồng)",
        required=False,
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
        error_messages={"min_value": "Số tiền không được âm.", "invalid": "Nhập số tiền."},
    )


class ExtendForm(ActionForm):
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04)."""

    new_due = DateTimeField(
        label="Ngày giờ hẹn trả mới",
        help_text=DATETIME_HELP,
        error_messages={
            "required": "Nhập ngày giờ hẹn trả mới.",
            "invalid": "Ngày giờ không hợp lệ. " + DATETIME_HELP,
        },
    )
    reason = _text("Lý do gia hạn", max_length=2000, required=True, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dossier.due_at:
            # Start from the current appointment: the officer moves it forward.
            self.fields["new_due"].initial = self.dossier.due_at
            self.fields[
                "new_due"
            ].help_text = f"Hẹn hiện tại: {format_datetime(self.dossier.due_at)}. {DATETIME_HELP}"

    def clean_new_due(self):
        value = self.cleaned_data["new_due"]
        if value and value > timezone.now() + APPOINTMENT_MAX_AHEAD:
            raise forms.ValidationError(
                "Hẹn trả mới cách hôm nay hơn một năm: thời hạn dài nhất của thủ tục cấp xã "
                "khoảng ba tháng — kiểm tra lại năm."
            )
        return value


class StopForm(ActionForm):
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05)."""

    reason = _text("Lý do dừng giải quyết", max_length=2000, required=True, textarea=True)
    legal_ground = _text("Căn cứ pháp lý", max_length=1000)


class DecideForm(ActionForm):
    decision = forms.ChoiceField(
        label="Quyết định",
        widget=forms.RadioSelect,
        choices=[("approve", "Phê duyệt kết quả"), ("reject", "Từ chối giải quyết")],
        error_messages={"required": "Chọn phê duyệt hoặc từ chối."},
    )
    note = _text("Ý kiến (bắt buộc khi từ chối)", max_length=1000, textarea=True)


class ResultReadyForm(ActionForm):
    files = FilesField(label="Kết quả điện tử (bản điện tử có chữ ký số, nếu có)", required=False)


class AttachFilesForm(ActionForm):
    """Đính kèm bản quét thành phần hồ sơ (or of a supplement) from the dossier page."""

    kind = forms.ChoiceField(
        label="Loại tệp",
        choices=[
            (FileKind.INTAKE_SCAN.value, FileKind.INTAKE_SCAN.label),
            (FileKind.SUPPLEMENT.value, FileKind.SUPPLEMENT.label),
        ],
        initial=FileKind.INTAKE_SCAN,
        widget=forms.RadioSelect,
    )
    document_name = forms.ChoiceField(label="Giấy tờ", required=False)
    files = FilesField(label="Tệp bản quét", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [doc.citizen_name for doc in self.dossier.procedure_version.documents.all()]
        names += [doc.get("name", "") for doc in self.dossier.documents]
        unique = list(dict.fromkeys(name for name in names if name))
        self.fields["document_name"].choices = [
            ("", "— Nhiều giấy tờ / không ghi —"),
            *((name, name[:120]) for name in unique),
        ]
        self.fields["document_name"].error_messages["invalid_choice"] = (
            "Giấy tờ không có trong hồ sơ."
        )


class ReturnResultForm(ActionForm):
    method = forms.ChoiceField(label="Hình thức trả", choices=Delivery.choices)
    recipient_name = _text("Người nhận kết quả", max_length=255)
    recipient_id_number = _text("Số định danh người nhận", max_length=20, inputmode="numeric")
    note = _text("Ghi chú", max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].initial = self.dossier.delivery
        self.fields["recipient_name"].initial = self.dossier.applicant_name
        self.fields["recipient_id_number"].initial = self.dossier.applicant_id_number


class WithdrawForm(ActionForm):
    reason = _text("Lý do rút hồ sơ", max_length=1000, textarea=True)


# --- The counter's check of an online dossier ("Mới đăng ký") ---------------------------------


class ReceiveOnlineForm(ActionForm):
    """Tiếp nhận hồ sơ trực tuyến (Mẫu 01): the case of a procedure whose deadline depends on
    it, as at the counter; nothing else to type — the applicant filled the rest."""

    deadline_case = forms.ChoiceField(
        label="Trường hợp (tính thời hạn giải quyết)",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Chọn trường hợp của thủ tục: thời hạn giải quyết tùy theo trường hợp.",
            "invalid_choice": "Trường hợp không có trong danh mục của thủ tục.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = deadline_case_choices(self.dossier.procedure_version)
        if choices:
            self.fields["deadline_case"].choices = choices
        else:
            del self.fields["deadline_case"]


class RefuseOnlineForm(ActionForm):
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03), the same reasons as at the counter."""

    refusal_category = forms.ChoiceField(
        label="Loại lý do (người nộp xem được khi tra cứu)",
        choices=[("", "— Chọn loại lý do —"), *events.REFUSAL_CATEGORIES.items()],
        error_messages={
            "required": "Chọn loại lý do từ chối (người nộp xem được loại lý do khi tra cứu).",
            "invalid_choice": "Loại lý do không hợp lệ.",
        },
    )
    reasons = _text("Lý do từ chối tiếp nhận", max_length=2000, required=True, textarea=True)
