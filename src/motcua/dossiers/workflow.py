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


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
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


def may(user, action: Action, dossier) -> bool:
    """May ``user`` take ``action`` on ``dossier`` now (status and role)?"""
    if dossier.status not in action.from_statuses:
        return False
    if action.requires is not None and not action.requires(dossier):
        return False
    return any(can(user, perm, getattr(dossier, attr)) for perm, attr in action.grants)


def available_actions(user, dossier) -> list[Action]:
    return [action for action in ACTIONS.values() if may(user, action, dossier)]
