"""The catalogue export writes a hostile procedure name as text (core/xlsx.py)."""

from __future__ import annotations

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.core.tests.xlsx_checks import HOSTILE_CELL, HOSTILE_NAME, text_cells

from .conftest import BIRTH

pytestmark = pytest.mark.django_db


def test_a_formula_and_an_esc_in_a_name_download_as_plain_text(
    client, org, publish, counter_officer
):
    version = publish(org.ward, BIRTH, name=HOSTILE_NAME, legal_basis="+84 Luật Hộ tịch")
    client.force_login(counter_officer)
    response = client.get("/can-bo/thu-tuc/xuat-excel/")
    assert response.status_code == 200
    assert text_cells(response.content, HOSTILE_CELL) == ["xl/worksheets/sheet1.xml!B2"]
    assert text_cells(response.content, "+84 Luật Hộ tịch")
    assert ProcedureVersion.objects.get(pk=version.pk).procedure.name == HOSTILE_NAME  # ESC kept
