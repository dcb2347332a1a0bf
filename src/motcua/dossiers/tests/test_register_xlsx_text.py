"""The register's xlsx (Mẫu 07) writes a hostile applicant name as text (core/xlsx.py)."""

from __future__ import annotations

import dataclasses

import pytest

from motcua.core.tests.xlsx_checks import HOSTILE_CELL, HOSTILE_NAME, text_cells
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import APPLICANT, at

pytestmark = pytest.mark.django_db


def test_a_formula_and_an_esc_in_a_name_download_as_plain_text(client, receive, staff):
    applicant = dataclasses.replace(APPLICANT, name=HOSTILE_NAME, address=HOSTILE_NAME)
    dossier = receive(applicant=applicant, when=at(2026, 2, 27, 9))
    client.force_login(staff.counter)
    response = client.get("/can-bo/in/so-theo-doi/?tu=2026-02-01&den=2026-02-28&dinh-dang=xlsx")
    assert response.status_code == 200
    assert len(text_cells(response.content, HOSTILE_CELL)) == 2  # name and address
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.applicant_name == stored.applicant_address == HOSTILE_NAME  # ESC kept
