"""Phạm vi đánh giá: which dossiers and which procedures an indicator is computed over.

A scope is rooted at one agency — a province, a ward (xã/phường) or a unit (phòng, trung
tâm) — and may be narrowed to one procedure (thủ tục hành chính). Dossiers are selected
with the FKs the dossier row carries, so every filter is an indexed equality: ``ward``
for a ward, ``ward`` + ``competent_unit`` for a unit (the ward keeps the
(ward, received_at) / (ward, finished_at) indexes usable), ``ward IN (…)`` for a province
(its wards are listed once: the dossier row has no province column).

A dossier counts in the ward whose numbers it belongs to (``Dossier.ward``) and in the
unit that resolves it (``Dossier.competent_unit``), whichever counter received it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.org.models import Agency, AgencyKind
from motcua.org.permissions import Perm, can

PROVINCE, WARD, UNIT = AgencyKind.PROVINCE, AgencyKind.WARD, AgencyKind.UNIT


def _invalid(message: str) -> DomainError:
    return DomainError("scope_invalid", message, field="scope")


@dataclass(frozen=True, eq=False)
class Scope:
    """Phạm vi: a province, a ward or a unit, optionally one procedure within it.

    Build it with ``Scope.of(agency, procedure=…)``; the constructor checks that the
    parts fit together (a unit inside its ward, a ward inside its province).
    """

    agency: Agency
    procedure: Procedure | None = None

    def __post_init__(self):
        if self.agency is None or self.agency.pk is None:
            raise _invalid("Chưa chọn cơ quan, đơn vị để tính chỉ số.")
        if self.agency.kind not in (PROVINCE, WARD, UNIT):
            raise _invalid(f"Loại cơ quan không hợp lệ: {self.agency.kind}.")

    @classmethod
    def of(cls, agency: Agency, procedure: Procedure | None = None) -> Scope:
        return cls(agency=agency, procedure=procedure)

    @classmethod
    def unit_in_ward(cls, unit: Agency, ward: Agency, procedure=None) -> Scope:
        """A unit, checked to belong to ``ward`` (a URL may name both)."""
        if unit.kind != UNIT or unit.ward_id != ward.pk:
            raise _invalid(f"«{unit.display_name}» không thuộc «{ward.display_name}».")
        return cls(agency=unit, procedure=procedure)

    @classmethod
    def ward_in_province(cls, ward: Agency, province: Agency, procedure=None) -> Scope:
        if ward.kind != WARD or ward.province_id != province.pk:
            raise _invalid(f"«{ward.display_name}» không thuộc «{province.display_name}».")
        return cls(agency=ward, procedure=procedure)

    # -- what it is --------------------------------------------------------------------------

    @property
    def level(self) -> str:
        """province | ward | unit"""
        return self.agency.kind

    @property
    def ward(self) -> Agency | None:
        return self.agency.ward_or_self

    @property
    def label(self) -> str:
        """Vietnamese title: "Phường Hòa Bình", "Phòng Kinh tế — Phường Hòa Bình", "… — TTHC"."""
        parts = [self.agency.display_name]
        if self.level == UNIT and self.agency.ward_id:
            parts.append(self.agency.ward.display_name)
        if self.procedure is not None:
            parts.append(f"{self.procedure.code} {self.procedure.name}")
        return " — ".join(parts)

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.agency.pk, self.procedure.pk if self.procedure else None)

    def __eq__(self, other) -> bool:
        return isinstance(other, Scope) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    # -- filters -----------------------------------------------------------------------------

    @cached_property
    def ward_ids(self) -> list[int]:
        """The wards whose dossiers and catalogue the scope covers (one query for a province)."""
        if self.level == PROVINCE:
            return list(
                Agency.objects.filter(kind=WARD, province=self.agency)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        ward = self.ward
        return [ward.pk] if ward is not None else []

    def dossier_q(self, prefix: str = "") -> Q:
        """Q over Dossier (or over a model reaching it by ``prefix``, e.g. "dossier__")."""
        if self.level == PROVINCE:
            q = Q(**{f"{prefix}ward_id__in": self.ward_ids})
        elif self.level == WARD:
            q = Q(**{f"{prefix}ward_id": self.agency.pk})
        else:
            q = Q(**{f"{prefix}competent_unit_id": self.agency.pk})
            if self.agency.ward_id:
                q &= Q(**{f"{prefix}ward_id": self.agency.ward_id})
        if self.procedure is not None:
            q &= Q(**{f"{prefix}procedure_id": self.procedure.pk})
        return q

    # -- who may read it ---------------------------------------------------------------------

    def can_view(self, user) -> bool:
        """Staff see the indicators of the agencies where they hold Perm.VIEW_INDICATORS."""
        return can(user, Perm.VIEW_INDICATORS, self.agency)

    def require_view(self, user) -> None:
        if not self.can_view(user):
            raise PermissionDeniedError("Bạn không có quyền xem chỉ số của đơn vị này.")
