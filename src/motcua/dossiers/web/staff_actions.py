"""The dossier page's action forms: for each workflow action, its form, the service call
it makes and what the page says after. Which actions a user sees is decided by
workflow.available_actions alone; this table only says how each one is asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.core.formatting import format_datetime

from .. import services
from ..models import Dossier
from ..workflow import ACTIONS
from . import staff_forms as f


@dataclass(frozen=True)
class ActionUI:
    form_class: type[f.ActionForm]
    run: Callable[..., Dossier]  # run(actor, dossier, cleaned_data, form) → the dossier after
    button: str
    done: Callable[[Dossier], str]  # the success message
    danger: bool = False
    intro: str = ""


def _receive_online(actor, dossier, data, form):
    return services.receive_online(
        actor=actor, dossier=dossier, deadline_case=data.get("deadline_case", "")
    )


def _request_completion(actor, dossier, data, form):
    return services.request_completion(
        actor=actor, dossier=dossier, missing=form.missing_documents(), reason=data["reason"]
    )


def _refuse_online(actor, dossier, data, form):
    return services.refuse_online(
        actor=actor, dossier=dossier, reasons=data["reasons"], category=data["refusal_category"]
    )


def _forward(actor, dossier, data, form):
    return services.forward(actor=actor, dossier=dossier, note=data["note"])


def _assign(actor, dossier, data, form):
    return services.assign(actor=actor, dossier=dossier, specialist=data["specialist"])


def _request_supplement(actor, dossier, data, form):
    return services.request_supplement(
        actor=actor, dossier=dossier, missing=form.missing_documents(), reason=data["reason"]
    )


def _record_supplement(actor, dossier, data, form):
    return services.record_supplement(actor=actor, dossier=dossier, note=data["note"])


def _request_obligation(actor, dossier, data, form):
    return services.request_obligation(
        actor=actor,
        dossier=dossier,
        description=data["description"],
        amount_vnd=data["amount_vnd"] or 0,
    )


def _record_obligation(actor, dossier, data, form):
    return services.record_obligation(actor=actor, dossier=dossier, note=data["note"])


def _extend(actor, dossier, data, form):
    return services.extend(
        actor=actor, dossier=dossier, new_due=data["new_due"], reason=data["reason"]
    )


def _stop(actor, dossier, data, form):
    return services.stop(
        actor=actor, dossier=dossier, reason=data["reason"], legal_ground=data["legal_ground"]
    )


def _decide(actor, dossier, data, form):
    return services.decide(
        actor=actor, dossier=dossier, approve=data["decision"] == "approve", note=data["note"]
    )


def _result_ready(actor, dossier, data, form):
    return services.result_ready(actor=actor, dossier=dossier, result_files=data["files"])


def _attach_files(actor, dossier, data, form):
    services.attach_files(
        actor=actor,
        dossier=dossier,
        uploads=data["files"],
        kind=data["kind"],
        document_name=data["document_name"],
    )
    return dossier


def _return_result(actor, dossier, data, form):
    return services.return_result(
        actor=actor,
        dossier=dossier,
        method=data["method"],
        recipient_name=data["recipient_name"],
        recipient_id_number=data["recipient_id_number"],
        note=data["note"],
    )


def _withdraw(actor, dossier, data, form):
    return services.withdraw(actor=actor, dossier=dossier, reason=data["reason"])


ACTION_UI: dict[str, ActionUI] = {
    "receive_online": ActionUI(
        f.ReceiveOnlineForm,
        _receive_online,
        "Tiếp nhận hồ sơ",
        lambda d: f"Đã tiếp nhận hồ sơ {d.code}. Hẹn trả kết quả: {format_datetime(d.due_at)}.",
        intro="Hồ sơ đầy đủ, hợp lệ: thời hạn giải quyết bắt đầu tính từ lúc tiếp nhận (ngoài "
        "giờ làm việc thì từ đầu giờ làm việc kế tiếp); cấp Giấy tiếp nhận (Mẫu 01). "
        "Trạng thái sau: Được tiếp nhận.",
    ),
    "request_completion": ActionUI(
        f.SupplementRequestForm,
        _request_completion,
        "Gửi hướng dẫn bổ sung",
        lambda d: "Đã gửi Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) cho người nộp.",
        intro="Hồ sơ chưa đầy đủ, hợp lệ: hướng dẫn một lần, đầy đủ. Thời hạn chưa bắt đầu tính; "
        "khi người nộp bổ sung, hồ sơ trở lại danh sách chờ tiếp nhận. "
        "Trạng thái sau: Yêu cầu bổ sung giấy tờ.",
    ),
    "refuse_online": ActionUI(
        f.RefuseOnlineForm,
        _refuse_online,
        "Từ chối tiếp nhận",
        lambda d: f"Đã từ chối tiếp nhận, lập phiếu từ chối (Mẫu 03) cho hồ sơ {d.code}.",
        danger=True,
        intro="Lập Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) nêu rõ lý do. "
        "Trạng thái sau: Không được tiếp nhận.",
    ),
    "forward": ActionUI(
        f.NoteForm,
        _forward,
        "Chuyển hồ sơ",
        lambda d: f"Đã chuyển hồ sơ đến {d.competent_unit.display_name}.",
    ),
    "assign": ActionUI(
        f.AssignForm,
        _assign,
        "Phân công",
        lambda d: f"Đã phân công {d.assignee.display_name} xử lý hồ sơ.",
    ),
    "request_supplement": ActionUI(
        f.SupplementRequestForm,
        _request_supplement,
        "Gửi yêu cầu bổ sung",
        lambda d: "Đã yêu cầu bổ sung hồ sơ; thời hạn giải quyết tạm dừng.",
        intro="Thời hạn giải quyết tạm dừng cho đến khi nhận hồ sơ bổ sung.",
    ),
    "record_supplement": ActionUI(
        f.NoteForm,
        _record_supplement,
        "Ghi nhận đã bổ sung",
        lambda d: f"Đã nhận hồ sơ bổ sung. Hẹn trả: {format_datetime(d.due_at)}.",
    ),
    "request_obligation": ActionUI(
        f.ObligationRequestForm,
        _request_obligation,
        "Gửi yêu cầu",
        lambda d: "Đã yêu cầu thực hiện nghĩa vụ tài chính; thời hạn tạm dừng.",
        intro="Thời hạn giải quyết tạm dừng cho đến khi người nộp thực hiện xong.",
    ),
    "record_obligation": ActionUI(
        f.NoteForm,
        _record_obligation,
        "Ghi nhận đã thực hiện",
        lambda d: f"Đã ghi nhận nghĩa vụ tài chính. Hẹn trả: {format_datetime(d.due_at)}.",
    ),
    "extend": ActionUI(
        f.ExtendForm,
        _extend,
        "Gia hạn",
        lambda d: f"Đã gia hạn. Hẹn trả mới: {format_datetime(d.due_at)}.",
        intro="Chỉ trước khi hết hạn. Chỉ tiêu đúng hạn vẫn tính theo hạn luật định.",
    ),
    "stop": ActionUI(
        f.StopForm, _stop, "Dừng giải quyết", lambda d: "Đã dừng giải quyết hồ sơ.", danger=True
    ),
    "decide": ActionUI(
        f.DecideForm,
        _decide,
        "Ghi quyết định",
        lambda d: "Đã phê duyệt kết quả." if d.approved else "Đã ghi nhận từ chối giải quyết.",
    ),
    "result_ready": ActionUI(
        f.ResultReadyForm,
        _result_ready,
        "Xác nhận đã có kết quả",
        lambda d: f"Hồ sơ đã có kết quả ({d.get_outcome_display().lower()}), chờ trả.",
    ),
    "return_result": ActionUI(
        f.ReturnResultForm, _return_result, "Trả kết quả", lambda d: "Đã trả kết quả cho người nộp."
    ),
    "attach_files": ActionUI(
        f.AttachFilesForm,
        _attach_files,
        "Đính kèm",
        lambda d: "Đã đính kèm tệp vào hồ sơ.",
        intro="Kiểu tệp được xác định theo nội dung (PDF, JPEG, PNG), không theo tên tệp.",
    ),
    "withdraw": ActionUI(
        f.WithdrawForm,
        _withdraw,
        "Rút hồ sơ",
        lambda d: "Đã rút hồ sơ theo yêu cầu của người nộp.",
        danger=True,
    ),
}


@dataclass
class ActionPanel:
    """One action as the dossier page renders it."""

    name: str
    label: str
    form: f.ActionForm
    ui: ActionUI
    official_form: str  # Mẫu number the action produces, "" if none


def panel(name: str, dossier: Dossier, data=None, files=None) -> ActionPanel:
    ui = ACTION_UI[name]
    action = ACTIONS[name]
    form = ui.form_class(data, files, dossier=dossier, prefix=name)
    return ActionPanel(name, action.label, form, ui, action.form)
