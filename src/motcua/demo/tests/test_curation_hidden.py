"""Issue #10 item 1: the catalogue editors' notes never reach a citizen or the counter.

Every public procedure page and the intake form of every procedure, on the demo
catalogue, read as text: none may show a reviewer tag or a remark on sources."""

import re

import pytest
from django.urls import reverse

from motcua.catalog.curation import CURATION_MARKERS
from motcua.catalog.models import Procedure
from motcua.demo import catalogue, organisation
from motcua.org.models import Agency, User

# The markers as they were seen on the pages, and every marker the cleaner knows.
SEEN = ("[uncertain", "[mức độ chưa xác định", "[suy luận", "Cổng ghi", "kiểm tra NQ HĐND")
MARKERS = tuple(dict.fromkeys(SEEN + CURATION_MARKERS))


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def markers_in(text: str) -> list[str]:
    lowered = text.lower()
    return [marker for marker in MARKERS if marker.lower() in lowered]


@pytest.fixture
def demo_catalogue(db):
    organisation.load()
    catalogue.load()
    return list(Procedure.objects.filter(is_active=True).order_by("code"))


def test_no_public_procedure_page_shows_a_curation_note(client, demo_catalogue):
    assert len(demo_catalogue) == 53
    found = {}
    for procedure in demo_catalogue:
        response = client.get(reverse("catalog-public-detail", args=[procedure.code]))
        assert response.status_code == 200
        if markers := markers_in(page_text(response)):
            found[procedure.code] = markers
    assert found == {}


def test_no_intake_form_shows_a_curation_note(client, demo_catalogue):
    client.force_login(User.objects.get(username="motcua.hoabinh"))
    counter = Agency.objects.get(code="H26.80.04")
    found = {}
    for procedure in demo_catalogue:
        url = reverse("dossiers-staff-intake-form", args=[procedure.code])
        response = client.get(url, {"noi": counter.pk})
        assert response.status_code == 200, procedure.code
        if markers := markers_in(page_text(response)):
            found[procedure.code] = markers
    assert found == {}


def test_the_catalogue_editors_still_see_the_notes(client, demo_catalogue):
    client.force_login(User.objects.get(username="quantri.hoabinh"))
    response = client.get(reverse("catalog-admin-detail", args=["1.001193"]))
    assert "Cổng ghi" in page_text(response)
