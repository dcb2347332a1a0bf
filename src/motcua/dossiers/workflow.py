"""Which action may be taken on which status, by whom (the one table services and the UI
share: a service refuses exactly what the dossier page does not offer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.org.permissions import Perm, can

from .models import Status

S = Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    from_statuses: frozenset[int]
    # Any of these (permission, which agency of the dossier) grants the action.
    grants: tuple[tuple[str, str], ...]
    form: str = ""  # official form this action produces (Mẫu)
    # Extra condition on the dossier beyond its status (e.g. a decision must exist).
    requires: Callable[[object], bool] | None = None


def _received(dossier) -> bool:
    """Validly received: the legal clock has started (an online dossier asked to complete
    its papers before the receipt has not)."""
    return dossier.received_at is not None


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        # The counter checks an online dossier waiting in its queue ("Mới đăng ký").
        Action(
            "receive_online",
            "Tiếp nhận hồ sơ trực tuyến",
            frozenset({S.NEW}),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"),),
            form="01",
        ),
        Action(
            "request_completion",
            "Yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến",
            frozenset({S.NEW}),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"),),
            form="02",
        ),
        Action(
            "refuse_online",
            "Từ chối tiếp nhận hồ sơ trực tuyến",
            frozenset({S.NEW}),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"),),
            form="03",
        ),
        Action(
            "forward",
            "Chuyển đơn vị giải quyết",
            frozenset({S.RECEIVED}),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"),),
        ),
        Action(
            "assign",
            "Phân công chuyên viên",
            frozenset({S.PROCESSING}),
            ((Perm.ASSIGN_DOSSIER, "competent_unit"),),
        ),
        Action(
            "request_supplement",
            "Yêu cầu bổ sung hồ sơ",
            frozenset({S.PROCESSING}),
            ((Perm.PROCESS_DOSSIER, "competent_unit"),),
            form="02",
        ),
        Action(
            "record_supplement",
            "Ghi nhận hồ sơ bổ sung",
            frozenset({S.SUPPLEMENT_REQUESTED}),
            ((Perm.PROCESS_DOSSIER, "competent_unit"), (Perm.RECEIVE_DOSSIER, "receiving_agency")),
            # Before the receipt the applicant completes the dossier online (back to the
            # counter's queue: services.supplement_online), not through the unit.
            requires=_received,
        ),
        Action(
            "request_obligation",
            "Yêu cầu thực hiện nghĩa vụ tài chính",
            frozenset({S.PROCESSING}),
            ((Perm.PROCESS_DOSSIER, "competent_unit"),),
        ),
        Action(
            "record_obligation",
            "Ghi nhận đã thực hiện nghĩa vụ tài chính",
            frozenset({S.FINANCIAL_OBLIGATION}),
            ((Perm.PROCESS_DOSSIER, "competent_unit"), (Perm.RECEIVE_DOSSIER, "receiving_agency")),
        ),
        Action(
            "extend",
            "Xin lỗi và gia hạn",
            frozenset({S.PROCESSING}),
            ((Perm.APPROVE_DOSSIER, "competent_unit"),),
            form="04",
        ),
        Action(
            "stop",
            "Dừng giải quyết",
            frozenset({S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION}),
            ((Perm.APPROVE_DOSSIER, "competent_unit"),),
            form="05",
            requires=_received,
        ),
        Action(
            "decide",
            "Phê duyệt / từ chối giải quyết",
            frozenset({S.PROCESSING}),
            ((Perm.APPROVE_DOSSIER, "competent_unit"),),
            requires=lambda d: d.approved is None,
        ),
        Action(
            "result_ready",
            "Đã có kết quả",
            frozenset({S.PROCESSING}),
            ((Perm.PROCESS_DOSSIER, "competent_unit"),),
            requires=lambda d: d.approved is not None,
        ),
        Action(
            "return_result",
            "Trả kết quả",
            frozenset({S.DONE}),
            ((Perm.RETURN_RESULT, "receiving_agency"),),
        ),
        Action(
            "attach_files",
            "Đính kèm bản quét hồ sơ",
            frozenset(
                {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION, S.DONE}
            ),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"), (Perm.PROCESS_DOSSIER, "competent_unit")),
        ),
        Action(
            "withdraw",
            "Rút hồ sơ theo yêu cầu",
            frozenset(
                {S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION}
            ),
            ((Perm.RECEIVE_DOSSIER, "receiving_agency"),),
        ),
    )
}


@dataclass(frozen=True)
class ApplicantAction:
    """What the applicant may do online on their own dossier (the account that submitted
    it: ``Dossier.submitted_by``), and from which statuses."""

    name: str
    label: str
    from_statuses: frozenset[int]
    requires: Callable[[object], bool] | None = None


# Until the result is handed over the applicant may still say how to receive it.
_BEFORE_RETURN = frozenset(
    {S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION, S.DONE}
)

APPLICANT_ACTIONS: dict[str, ApplicantAction] = {
    a.name: a
    for a in (
        ApplicantAction(
            "supplement_online", "Bổ sung hồ sơ trực tuyến", frozenset({S.SUPPLEMENT_REQUESTED})
        ),
        ApplicantAction(
            "withdraw_online",
            "Rút hồ sơ",
            frozenset(
                {S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION}
            ),
        ),
        ApplicantAction("choose_delivery", "Chọn hình thức nhận kết quả", _BEFORE_RETURN),
    )
}


def is_applicant(user, dossier) -> bool:
    """``user`` is the account that submitted ``dossier`` online."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and dossier.submitted_by_id is not None
        and dossier.submitted_by_id == user.pk
    )


def applicant_may(user, action: ApplicantAction, dossier) -> bool:
    if not is_applicant(user, dossier) or dossier.status not in action.from_statuses:
        return False
    return action.requires is None or action.requires(dossier)


def may(user, action: Action, dossier) -> bool:
    """May ``user`` take ``action`` on ``dossier`` now (status and role)?"""
    if dossier.status not in action.from_statuses:
        return False
    if action.requires is not None and not action.requires(dossier):
        return False
    return any(can(user, perm, getattr(dossier, attr)) for perm, attr in action.grants)


def available_actions(user, dossier) -> list[Action]:
    return [action for action in ACTIONS.values() if may(user, action, dossier)]
