"""Online level decisions, e-form edits (catalog/eform_services.py), the portal's selectors
and the staff pages that edit them (catalog/eform_views.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.catalog import eform_services, selectors
from motcua.catalog.content import eform_of
from motcua.catalog.eforms import FieldDef, FieldType, SlotDef
from motcua.catalog.models import CatalogEvent, EForm, OnlineLevelDecision
from motcua.core.errors import DomainError, PermissionDeniedError

from .conftest import BIRTH, CERTIFY, MARRIAGE_STATUS

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
BASIS = "QĐ 1234/QĐ-UBND ngày 01/7/2025 của Chủ tịch UBND thành phố"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def birth(org, publish):
    return publish(org.ward, BIRTH)


def url(version, tail=""):
    return f"/can-bo/thu-tuc/phien-ban/{version.pk}/bieu-mau/{tail}"


# --- Online level -----------------------------------------------------------------------------


def test_publishing_records_the_first_decision(birth):
    decision = birth.online_decisions.get()
    assert (decision.level, decision.previous_level, decision.decided_by) == ("full", "", None)


def test_a_decision_changes_the_level_with_its_basis_and_event(birth, ward_admin):
    decision = eform_services.decide_online_level(
        actor=ward_admin, version=birth, level="partial", legal_basis=f"  {BASIS} ", note="Tạm"
    )
    birth.refresh_from_db()
    assert (birth.online_level, birth.online_level_basis) == ("partial", BASIS)
    assert (decision.previous_level, decision.decided_by, decision.legal_basis) == (
        "full",
        ward_admin,
        BASIS,
    )
    event = CatalogEvent.objects.get(kind="online_level_decided")
    assert event.data["level"] == "partial" and event.actor == ward_admin


def test_a_decision_needs_a_basis_a_level_and_the_permission(birth, ward_admin, other_ward_admin):
    with pytest.raises(DomainError, match="căn cứ pháp lý"):
        eform_services.decide_online_level(
            actor=ward_admin, version=birth, level="none", legal_basis=" "
        )
    with pytest.raises(DomainError, match="không hợp lệ"):
        eform_services.decide_online_level(
            actor=ward_admin, version=birth, level="level4", legal_basis=BASIS
        )
    with pytest.raises(PermissionDeniedError):
        eform_services.decide_online_level(
            actor=other_ward_admin, version=birth, level="none", legal_basis=BASIS
        )
    assert OnlineLevelDecision.objects.count() == 1


def test_a_closed_version_is_history(org, publish, ward_admin):
    old = publish(org.ward, BIRTH, valid_from=dt.date(2024, 1, 1))
    publish(org.ward, BIRTH, valid_from=dt.date(2025, 7, 1))
    old.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        eform_services.add_field(actor=ward_admin, version=old, field=FieldDef("a", "A"))
    assert caught.value.code == "version_closed"


def test_online_versions_are_full_or_partial_and_the_ward_beats_the_province(org, publish):
    publish(org.ward, BIRTH)
    publish(org.ward, CERTIFY)
    publish(org.province, MARRIAGE_STATUS)
    publish(org.province, CERTIFY, online_level="full")
    codes = [v.procedure.code for v in selectors.online_versions(org.unit_a)]
    assert codes == [BIRTH.code, MARRIAGE_STATUS.code]  # the ward's CERTIFY is "none"
    other = {v.procedure.code for v in selectors.online_versions(org.other_ward)}
    assert other == {MARRIAGE_STATUS.code, CERTIFY.code}


def test_province_wards_read_from_the_agency_tree(org):
    assert selectors.province_wards(org.unit_a) == {
        org.ward.code: org.ward.name,
        org.other_ward.code: org.other_ward.name,
    }


# --- E-form edits -----------------------------------------------------------------------------


def test_fields_are_added_edited_moved_removed_with_revisions_and_events(birth, ward_admin):
    add = eform_services.add_field
    add(actor=ward_admin, version=birth, field=FieldDef("ho_ten", "Họ tên", page=2))
    add(actor=ward_admin, version=birth, field=FieldDef("cccd", "CCCD", FieldType.CITIZEN_ID))
    assert [f.key for f in eform_of(birth).fields] == ["cccd", "ho_ten"]  # by page
    eform_services.move_field(actor=ward_admin, version=birth, key="ho_ten", offset=-1)
    eform_services.update_field(
        actor=ward_admin, version=birth, key="cccd", field=FieldDef("cccd_me", "CCCD của mẹ")
    )
    assert [f.key for f in eform_of(birth).fields] == ["ho_ten", "cccd_me"]
    eform_services.remove_field(actor=ward_admin, version=birth, key="ho_ten")
    stored = EForm.objects.get(version=birth)
    assert stored.revision == 5 and stored.updated_by == ward_admin
    kinds = list(
        CatalogEvent.objects.filter(kind__startswith="eform").values_list("kind", flat=True)
    )
    assert sorted(kinds) == sorted(
        [
            "eform_field_added",
            "eform_field_added",
            "eform_field_moved",
            "eform_field_changed",
            "eform_field_removed",
        ]
    )


def test_a_bad_field_reports_every_error_and_writes_nothing(birth, ward_admin):
    eform_services.add_field(actor=ward_admin, version=birth, field=FieldDef("ho_ten", "Họ tên"))
    with pytest.raises(DomainError) as caught:
        eform_services.add_field(
            actor=ward_admin, version=birth, field=FieldDef("ho_ten", "", FieldType.CHOICE)
        )
    assert {e.field for e in caught.value.errors} == {"key", "label", "options"}
    assert len(eform_of(birth).fields) == 1


def test_slots_follow_the_checklist_and_keep_their_limits(birth, ward_admin, other_ward_admin):
    slots = eform_of(birth).slots
    assert [(s.document, s.required) for s in slots] == [(1, True), (2, True), (3, False)]
    eform_services.update_slot(
        actor=ward_admin,
        version=birth,
        document=2,
        slot=SlotDef(2, "", required=False, accepted=("pdf",), max_size_mb=5, max_files=3),
    )
    slot = eform_of(birth).slots[1]
    assert (slot.name, slot.required, slot.accepted, slot.max_files) == (
        "Giấy chứng sinh",
        False,
        ("pdf",),
        3,
    )
    with pytest.raises(PermissionDeniedError):
        eform_services.update_slot(
            actor=other_ward_admin, version=birth, document=2, slot=SlotDef(2, "")
        )
    with pytest.raises(DomainError):
        eform_services.update_slot(actor=ward_admin, version=birth, document=9, slot=SlotDef(9, ""))


# --- Staff pages ------------------------------------------------------------------------------


def test_the_editor_page_shows_level_fields_and_slots(client, birth, ward_admin):
    eform_services.add_field(actor=None, version=birth, field=FieldDef("ho_ten", "Họ tên trẻ"))
    client.force_login(ward_admin)
    html = client.get(url(birth)).content.decode()
    assert "Toàn trình" in html and "Họ tên trẻ" in html and "Giấy chứng sinh" in html
    assert "Thêm câu hỏi" in html
    assert url(birth) in client.get(f"/can-bo/thu-tuc/{BIRTH.code}/").content.decode()


def test_editors_add_edit_move_remove_through_the_pages(client, birth, ward_admin):
    client.force_login(ward_admin)
    response = client.post(
        url(birth, "cau-hoi/them/"),
        {
            "label": "Giới tính",
            "key": "gioi_tinh",
            "type": "choice",
            "required": "on",
            "page": "1",
            "options": "Nam\nNữ\n",
        },
    )
    assert response.status_code == 302
    client.post(
        url(birth, "cau-hoi/them/"),
        {"label": "Số bản", "key": "so_ban", "type": "number", "page": "1", "min_value": "1"},
    )
    assert eform_of(birth).field("gioi_tinh").options == ("Nam", "Nữ")
    client.post(url(birth, "cau-hoi/so_ban/di-chuyen/"), {"huong": "len"})
    assert [f.key for f in eform_of(birth).fields] == ["so_ban", "gioi_tinh"]
    client.post(
        url(birth, "cau-hoi/so_ban/"),
        {"label": "Số bản sao", "key": "so_ban", "type": "number", "page": "2", "max_value": "9"},
    )
    assert eform_of(birth).field("so_ban").max_value == 9
    client.post(url(birth, "cau-hoi/gioi_tinh/xoa/"))
    assert [f.key for f in eform_of(birth).fields] == ["so_ban"]
    client.post(
        url(birth, "tep/1/"), {"accepted": ["pdf", "png"], "max_size_mb": "4", "max_files": "2"}
    )
    assert eform_of(birth).slots[0].accepted == ("pdf", "png")
    response = client.post(url(birth, "muc-do/"), {"level": "partial", "legal_basis": BASIS})
    assert response.status_code == 302
    birth.refresh_from_db()
    assert birth.online_level == "partial"


def test_bad_input_comes_back_in_vietnamese_next_to_each_field(client, birth, ward_admin):
    client.force_login(ward_admin)
    response = client.post(
        url(birth, "cau-hoi/them/"),
        {"label": "Chọn", "key": "Chọn", "type": "choice", "page": "1"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"key", "options"}
    response = client.post(url(birth, "tep/1/"), {"max_size_mb": "99", "max_files": "1"})
    assert set(response.context["form"].errors) == {"max_size_mb", "accepted"}
    response = client.post(url(birth, "muc-do/"), {"level": "full", "legal_basis": ""})
    assert "Ghi căn cứ pháp lý" in response.content.decode()


WRITES = [
    ("post", "cau-hoi/them/"),
    ("get", "cau-hoi/them/"),
    ("post", "cau-hoi/ho_ten/"),
    ("post", "cau-hoi/ho_ten/xoa/"),
    ("post", "cau-hoi/ho_ten/di-chuyen/"),
    ("get", "tep/1/"),
    ("post", "muc-do/"),
]


@pytest.mark.parametrize(("method", "tail"), WRITES)
def test_a_viewer_without_catalog_manage_is_refused(client, birth, counter_officer, method, tail):
    eform_services.add_field(actor=None, version=birth, field=FieldDef("ho_ten", "Họ tên"))
    client.force_login(counter_officer)
    assert client.get(url(birth)).status_code == 200  # a reader sees the form
    assert "Thêm câu hỏi" not in client.get(url(birth)).content.decode()
    assert getattr(client, method)(url(birth, tail)).status_code == 403


@pytest.mark.parametrize(("method", "tail"), [("get", ""), *WRITES])
def test_another_wards_admin_gets_a_404(client, birth, other_ward_admin, method, tail):
    client.force_login(other_ward_admin)
    assert getattr(client, method)(url(birth, tail)).status_code == 404


@pytest.mark.parametrize(("method", "tail"), [("get", ""), *WRITES])
def test_anonymous_is_sent_to_sign_in(client, birth, method, tail):
    response = getattr(client, method)(url(birth, tail))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert not EForm.objects.exists()


def test_the_level_on_a_past_day_comes_from_the_decisions(birth, ward_admin):
    """A decision does not rewrite the past: indicators read the level of their period."""
    day_before = dt.date(2026, 3, 1)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        eform_services.decide_online_level(
            actor=ward_admin, version=birth, level="none", legal_basis=BASIS
        )
    assert selectors.online_levels_on([birth.pk], day_before) == {birth.pk: "full"}
    assert selectors.online_levels_on([birth.pk], dt.date(2026, 3, 5)) == {birth.pk: "none"}
    assert selectors.online_levels_on([birth.pk], dt.date(2020, 1, 1)) == {birth.pk: "full"}


def test_the_migration_gives_every_older_version_its_first_decision(birth):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("motcua.catalog.migrations.0004_eforms_online_level")
    OnlineLevelDecision.objects.all().delete()  # as before the migration
    migration.first_decisions(apps, None)
    decision = OnlineLevelDecision.objects.get(version=birth)
    assert (decision.level, decision.decided_at) == ("full", birth.created_at)


def test_a_full_level_with_documents_to_show_is_flagged(client, birth, ward_admin):
    client.force_login(ward_admin)
    assert "Kiểm tra điều kiện toàn trình" in client.get(url(birth)).content.decode()
    eform_services.decide_online_level(
        actor=ward_admin, version=birth, level="partial", legal_basis=BASIS
    )
    assert "Kiểm tra điều kiện toàn trình" not in client.get(url(birth)).content.decode()


def test_a_new_version_starts_with_the_previous_eform(org, birth, ward_admin, publish):
    from motcua.catalog.content import DocumentData

    eform_services.add_field(actor=ward_admin, version=birth, field=FieldDef("ho_ten", "Họ tên"))
    eform_services.update_slot(
        actor=ward_admin, version=birth, document=2, slot=SlotDef(2, "", max_files=4)
    )
    documents = (BIRTH.documents[0], DocumentData("Giấy chứng sinh bản điện tử"))
    newer = publish(org.ward, BIRTH, valid_from=dt.date(2026, 7, 1), documents=documents)
    form = eform_of(newer)
    assert [f.key for f in form.fields] == ["ho_ten"]
    assert [s.max_files for s in form.slots] == [1, 1]  # document 2 is another document now
    assert EForm.objects.get(version=newer).revision == 1
    assert CatalogEvent.objects.filter(kind="eform_carried_over").count() == 1
