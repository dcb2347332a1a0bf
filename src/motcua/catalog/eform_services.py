"""Writes to a version's online level and e-form. Each runs in a transaction, checks
``catalog.manage`` at the version's scope (``actor=None`` is the system: demo, import
already checked) and writes its CatalogEvent.

Unlike the version's legal content, the online level and the e-form may change while the
version is in force: the level is the province's decision on how the service is offered
(NĐ 42/2022/NĐ-CP), and the e-form is how the checklist is asked online. A dossier
received keeps its channel and (portal) a snapshot of the form with its ``revision``.
A version whose validity has ended is history: nothing of it changes.
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.org.permissions import Perm, require

from . import eforms
from .content import checklist_of, eform_of
from .eforms import EFormDef, FieldDef, SlotDef
from .models import CatalogEvent, EForm, OnlineLevel, OnlineLevelDecision, ProcedureVersion

MAX_BASIS_LENGTH = 2000


def _event(kind: str, *, actor, version: ProcedureVersion, **data) -> CatalogEvent:
    return CatalogEvent.objects.create(
        kind=kind,
        actor=actor,
        agency=version.scope,
        procedure=version.procedure,
        data={"version_id": version.pk, **data},
    )


def _allowed(actor, version: ProcedureVersion, *, permission_only: bool = False) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_CATALOG, version.scope)
    if permission_only:
        return
    if version.valid_to is not None and version.valid_to < timezone.localdate():
        raise DomainError(
            "version_closed",
            "Phiên bản đã hết hiệu lực: không sửa mức độ trực tuyến, biểu mẫu điện tử.",
        )


# --- Online level ----------------------------------------------------------------------------


def record_published_level(*, actor, version: ProcedureVersion, previous_level: str = "") -> None:
    """The level a published version states is its first decision (called by
    services.publish_version, whose event already covers the write)."""
    OnlineLevelDecision.objects.create(
        version=version,
        level=version.online_level,
        previous_level=previous_level,
        legal_basis=version.online_level_basis,
        note="Ban hành phiên bản thủ tục.",
        decided_by=actor,
    )


def carry_over(*, actor, version: ProcedureVersion) -> bool:
    """A new version starts with the e-form of the version before it (same procedure and
    scope): its questions, and the limits of the slots whose document (STT and name) is
    still in the checklist. Called by services.publish_version; True when one was copied."""
    previous = (
        EForm.objects.filter(
            version__procedure_id=version.procedure_id,
            version__scope_id=version.scope_id,
            version__valid_from__lt=version.valid_from,
        )
        .order_by("-version__valid_from")
        .first()
    )
    if previous is None or EForm.objects.filter(version_id=version.pk).exists():
        return False
    slots = eforms.derive_slots(
        checklist_of(version.documents.all()), eforms.slots_from_json(previous.slots)
    )
    EForm.objects.create(
        version=version,
        fields=previous.fields,
        slots=[eforms.slot_as_json(s) for s in slots],
        revision=1,
        updated_by=actor,
    )
    _event("eform_carried_over", actor=actor, version=version, from_version_id=previous.version_id)
    return True


@transaction.atomic
def decide_online_level(
    *, actor, version: ProcedureVersion, level: str, legal_basis: str, note: str = ""
) -> OnlineLevelDecision:
    """Quyết định mức độ trực tuyến của một phiên bản (toàn trình, một phần, không có),
    with the legal text it rests on. Only full and partial versions take online dossiers."""
    _allowed(actor, version)
    legal_basis, note = legal_basis.strip(), note.strip()
    if level not in OnlineLevel.values:
        raise DomainError("online_level_invalid", "Mức độ trực tuyến không hợp lệ.", field="level")
    if not legal_basis:
        raise DomainError(
            "online_level_basis_required",
            "Ghi căn cứ pháp lý của quyết định (số, ngày, cơ quan ban hành văn bản).",
            field="legal_basis",
        )
    if len(legal_basis) > MAX_BASIS_LENGTH or len(note) > MAX_BASIS_LENGTH:
        raise DomainError(
            "online_level_text_too_long",
            f"Căn cứ, ghi chú tối đa {MAX_BASIS_LENGTH} ký tự.",
            field="legal_basis",
        )
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    previous = version.online_level
    version.online_level, version.online_level_basis = level, legal_basis
    version.online_level_note = note
    version.save(update_fields=["online_level", "online_level_basis", "online_level_note"])
    decision = OnlineLevelDecision.objects.create(
        version=version,
        level=level,
        previous_level=previous,
        legal_basis=legal_basis,
        note=note,
        decided_by=actor,
    )
    _event(
        "online_level_decided",
        actor=actor,
        version=version,
        level=level,
        previous_level=previous,
        legal_basis=legal_basis,
    )
    return decision


# --- E-form ----------------------------------------------------------------------------------


def _locked(version: ProcedureVersion) -> EForm:
    stored, _ = EForm.objects.select_for_update().get_or_create(version_id=version.pk)
    return stored


def _save(
    actor, version: ProcedureVersion, stored: EForm, fields, slots, kind: str, **data
) -> EForm:
    stored.fields = [eforms.field_as_json(f) for f in fields]
    stored.slots = [eforms.slot_as_json(s) for s in slots]
    stored.revision += 1
    stored.updated_by = actor
    stored.save()
    _event(kind, actor=actor, version=version, revision=stored.revision, **data)
    return stored


def _current(version: ProcedureVersion) -> EFormDef:
    version = ProcedureVersion.objects.prefetch_related("documents").get(pk=version.pk)
    return eform_of(version)


@transaction.atomic
def add_field(*, actor, version: ProcedureVersion, field: FieldDef) -> EForm:
    """Thêm câu hỏi (at the end of its page's questions, else at the end)."""
    _allowed(actor, version)
    stored = _locked(version)
    current = _current(version)
    if len(current.fields) >= eforms.MAX_FIELDS:
        raise DomainError(
            "eform_too_many_fields", f"Tối đa {eforms.MAX_FIELDS} câu hỏi.", field="key"
        )
    field = eforms.check_field(field, current.fields)
    fields = list(current.fields)
    after = [i for i, f in enumerate(fields) if f.page <= field.page]
    fields.insert(after[-1] + 1 if after else 0, field)
    return _save(actor, version, stored, fields, current.slots, "eform_field_added", key=field.key)


def _index(current: EFormDef, key: str) -> int:
    for index, f in enumerate(current.fields):
        if f.key == key:
            return index
    raise DomainError("eform_field_missing", "Không có câu hỏi này trong biểu mẫu.", field="key")


@transaction.atomic
def update_field(*, actor, version: ProcedureVersion, key: str, field: FieldDef) -> EForm:
    """Sửa câu hỏi ``key`` (its place in the order is kept)."""
    _allowed(actor, version)
    stored = _locked(version)
    current = _current(version)
    index = _index(current, key)
    others = current.fields[:index] + current.fields[index + 1 :]
    field = eforms.check_field(field, others)
    fields = list(current.fields)
    fields[index] = field
    return _save(
        actor, version, stored, fields, current.slots, "eform_field_changed", key=field.key
    )


@transaction.atomic
def remove_field(*, actor, version: ProcedureVersion, key: str) -> EForm:
    _allowed(actor, version)
    stored = _locked(version)
    current = _current(version)
    index = _index(current, key)
    fields = current.fields[:index] + current.fields[index + 1 :]
    return _save(actor, version, stored, fields, current.slots, "eform_field_removed", key=key)


@transaction.atomic
def move_field(*, actor, version: ProcedureVersion, key: str, offset: int) -> EForm:
    """Đưa câu hỏi lên (offset -1) hoặc xuống (+1); at either end nothing moves."""
    _allowed(actor, version)
    stored = _locked(version)
    current = _current(version)
    index = _index(current, key)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(current.fields):
        return stored
    fields = list(current.fields)
    fields[index], fields[target] = fields[target], fields[index]
    return _save(
        actor, version, stored, fields, current.slots, "eform_field_moved", key=key, to=target + 1
    )


@transaction.atomic
def update_slot(*, actor, version: ProcedureVersion, document: int, slot: SlotDef) -> EForm:
    """Sửa giới hạn tệp của giấy tờ STT ``document`` (required, types, size, count)."""
    _allowed(actor, version)
    stored = _locked(version)
    current = _current(version)
    existing = next((s for s in current.slots if s.document == document), None)
    if existing is None:
        raise DomainError(
            "eform_slot_missing", "Không có giấy tờ này trong thành phần hồ sơ.", field="document"
        )
    slot = eforms.check_slot(dataclasses.replace(slot, document=document, name=existing.name))
    slots = tuple(slot if s.document == document else s for s in current.slots)
    return _save(
        actor, version, stored, current.fields, slots, "eform_slot_changed", document=document
    )


def set_eform(
    *,
    actor,
    version: ProcedureVersion,
    fields: tuple[FieldDef, ...] | None,
    slots: tuple[SlotDef, ...] | None,
) -> bool:
    """Replace the questions and/or the slot limits (None = keep), as the import states
    them; True when anything changed. Slots are matched to the checklist by STT. Runs
    inside the caller's transaction (services.import_xlsx)."""
    _allowed(actor, version, permission_only=True)
    current = _current(version)
    new_fields = current.fields if fields is None else tuple(fields)
    new_slots = current.slots
    if slots is not None:
        stated = {s.document: s for s in slots}
        new_slots = tuple(
            dataclasses.replace(stated[s.document], name=s.name) if s.document in stated else s
            for s in eforms.derive_slots(checklist_of(version.documents.all()))
        )
    checked = eforms.check_definition(EFormDef(new_fields, new_slots))
    if checked == current:
        return False
    _allowed(actor, version)
    with transaction.atomic():
        stored = _locked(version)
        _save(
            actor,
            version,
            stored,
            checked.fields,
            checked.slots,
            "eform_set",
            questions=len(checked.fields),
        )
    return True


__all__ = [
    "add_field",
    "carry_over",
    "decide_online_level",
    "move_field",
    "record_published_level",
    "remove_field",
    "set_eform",
    "update_field",
    "update_slot",
]
