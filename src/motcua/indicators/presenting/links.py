"""The page's scope and period as the pages pass them around, and the address of the list
behind each number (the drill-down page)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.org.models import Agency

from ..periods import Period
from ..scopes import Scope


@dataclass(frozen=True)
class Selection:
    """A scope and a period as the pages pass them around (``don_vi``, ``thu_tuc``, ``ky``)."""

    scope: Scope
    period: Period

    @property
    def agency(self) -> Agency:
        return self.scope.agency

    @property
    def procedure(self) -> Procedure | None:
        return self.scope.procedure

    def params(self) -> dict[str, str]:
        params = {"don_vi": self.agency.code}
        if self.procedure is not None:
            params["thu_tuc"] = self.procedure.code
        params["ky"] = self.period.key
        return params

    def query(self, **extra: str) -> str:
        return urlencode({**self.params(), **extra})

    def with_scope(self, scope: Scope) -> Selection:
        return Selection(scope, self.period)

    def with_period(self, period: Period) -> Selection:
        return Selection(self.scope, period)

    def dashboard_url(self) -> str:
        return f"{reverse('indicators-dashboard')}?{self.query()}"

    def drill_url(self, code: str, part: str) -> str:
        """The list behind a number: /can-bo/chi-so/ho-so/?chi-so=CODE&phan=PART&…"""
        which = urlencode({"chi-so": code, "phan": part})
        return f"{reverse('indicators-drilldown')}?{which}&{self.query()}"


@dataclass(frozen=True)
class Count:
    """A number and the address of the list it counts ('' when it has no list)."""

    value: int | None
    url: str = ""


def linked_count(selection: Selection | None, code: str, part: str, value: int | None) -> Count:
    """``value`` with the list behind it; no link on public pages (``selection=None``)."""
    if selection is None or value is None:
        return Count(value)
    return Count(value, selection.drill_url(code, part))
