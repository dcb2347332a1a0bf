"""The catalogue items of Decision 766 count the online level a version had on the
period's day, from its decisions (catalog.selectors.online_levels_on): a later decision
does not rewrite a closed period."""

import datetime as dt

import pytest
import time_machine

from motcua.catalog import eform_services
from motcua.catalog.models import OnlineLevel, ProcedureVersion
from motcua.indicators.offerings import services_in_force
from motcua.indicators.scopes import Scope
from motcua.org.models import Role

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_services_count_the_level_of_their_day(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        procedure = publish(org.ward, "1.001193", "Khai sinh", level=OnlineLevel.FULL, fee=0)
    version = ProcedureVersion.objects.get(procedure=procedure)
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, tzinfo=dt.UTC), tick=False):
        eform_services.decide_online_level(
            actor=admin, version=version, level=OnlineLevel.NONE, legal_basis="QĐ thử"
        )
    scope = Scope.of(org.ward)
    assert [s.is_online for s in services_in_force(scope, dt.date(2026, 3, 31))] == [True]
    assert [s.is_online for s in services_in_force(scope, dt.date(2026, 4, 30))] == [False]
