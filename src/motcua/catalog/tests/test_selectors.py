import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog import selectors
from motcua.catalog.models import OnlineLevel, Procedure, Sector
from motcua.org.models import Role

from .conftest import BIRTH, CERTIFY, MARRIAGE_STATUS

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
JULY_1 = dt.date(2025, 7, 1)


def test_ward_version_beats_the_province_wide_one(org, publish):
    publish(org.province, deadline_note="toàn tỉnh")
    publish(org.ward, deadline_note="riêng phường")
    procedure = Procedure.objects.get(code=BIRTH.code)

    assert selectors.version_in_force(procedure, org.ward, JULY_1).deadline_note == "riêng phường"
    # A unit of the ward and the Center follow the ward's version.
    assert selectors.version_in_force(procedure, org.unit_a, JULY_1).scope == org.ward
    # Another ward has no version of its own: the province-wide one applies.
    assert selectors.version_in_force(procedure, org.other_ward, JULY_1).scope == org.province
    assert selectors.version_in_force(procedure, org.province, JULY_1).scope == org.province


def test_version_in_force_follows_the_dates(org, publish):
    publish(org.ward, valid_from=dt.date(2025, 7, 1), deadline_note="cũ")
    publish(org.ward, valid_from=dt.date(2026, 1, 1), deadline_note="mới")
    procedure = Procedure.objects.get(code=BIRTH.code)

    def note(at):
        found = selectors.version_in_force(procedure, org.ward, at)
        return found.deadline_note if found else None

    assert note(dt.date(2025, 6, 30)) is None
    assert note(dt.date(2025, 7, 1)) == "cũ"
    assert note(dt.date(2025, 12, 31)) == "cũ"  # valid_to is the last day, inclusive
    assert note(dt.date(2026, 1, 1)) == "mới"
    assert note(dt.date(2030, 5, 5)) == "mới"


def test_a_moment_is_read_as_its_date_in_vietnam(org, publish):
    publish(org.ward, valid_from=dt.date(2026, 1, 1))
    procedure = Procedure.objects.get(code=BIRTH.code)
    # 00:30 on 1/1/2026 in Hà Nội is still 31/12/2025 in UTC.
    just_after_midnight = dt.datetime(2026, 1, 1, 0, 30, tzinfo=VN)
    assert selectors.version_in_force(procedure, org.ward, just_after_midnight) is not None
    utc = dt.datetime(2025, 12, 31, 17, 30, tzinfo=dt.UTC)  # the same moment
    assert selectors.version_in_force(procedure, org.ward, utc) is not None
    evening_before = dt.datetime(2025, 12, 31, 23, 0, tzinfo=VN)
    assert selectors.version_in_force(procedure, org.ward, evening_before) is None


def test_a_closed_ward_version_falls_back_to_the_province(org, publish):
    publish(org.province)
    publish(org.ward, valid_to=dt.date(2025, 12, 31))
    procedure = Procedure.objects.get(code=BIRTH.code)
    assert selectors.version_in_force(procedure, org.ward, dt.date(2025, 9, 1)).scope == org.ward
    assert selectors.version_in_force(procedure, org.ward, dt.date(2026, 2, 1)).scope == (
        org.province
    )


# --- Public search --------------------------------------------------------------------------


@pytest.fixture
def catalogue(org, publish):
    publish(org.ward, BIRTH)
    publish(org.ward, CERTIFY)
    publish(org.ward, MARRIAGE_STATUS)
    return org


def codes(queryset) -> list[str]:
    return [procedure.code for procedure in queryset]


@pytest.mark.parametrize("query", ["chứng thực", "chung thuc", "CHUNG THUC", "thực chứng"])
def test_public_search_ignores_diacritics_case_and_word_order(catalogue, query):
    assert codes(selectors.public_procedures(query=query)) == [CERTIFY.code]


def test_public_search_by_code_and_by_sector(catalogue):
    assert codes(selectors.public_procedures(query="1.001193")) == [BIRTH.code]
    assert set(codes(selectors.public_procedures(query="ho tich"))) == {
        BIRTH.code,
        MARRIAGE_STATUS.code,
    }


def test_public_search_puts_the_whole_phrase_first(catalogue, publish):
    publish(catalogue.ward, BIRTH, code="1.004884", name="Thủ tục đăng ký lại khai sinh")
    found = codes(selectors.public_procedures(query="dang ky khai sinh"))
    assert found == [BIRTH.code, "1.004884"]


def test_public_filters_by_sector_and_online_level(catalogue):
    sector = Sector.objects.get(name="Hộ tịch")
    assert set(codes(selectors.public_procedures(sector=sector))) == {
        BIRTH.code,
        MARRIAGE_STATUS.code,
    }
    assert codes(selectors.public_procedures(online_level=OnlineLevel.FULL)) == [BIRTH.code]
    assert codes(selectors.public_procedures(online_level=OnlineLevel.NONE)) == [CERTIFY.code]
    assert [s.name for s in selectors.public_sectors()] == ["Chứng thực", "Hộ tịch"]


def test_public_catalogue_hides_inactive_and_not_yet_valid_procedures(catalogue, publish):
    Procedure.objects.filter(code=CERTIFY.code).update(is_active=False)
    publish(
        catalogue.ward,
        BIRTH,
        code="9.000001",
        name="Thủ tục tương lai",
        valid_from=dt.date(2099, 1, 1),
    )
    shown = codes(selectors.public_procedures())
    assert CERTIFY.code not in shown and "9.000001" not in shown
    assert selectors.public_procedure(CERTIFY.code) is None


# --- Staff scoping --------------------------------------------------------------------------


def test_staff_see_their_ward_and_province_but_not_another_ward(org, publish, make_staff):
    publish(org.province, CERTIFY)
    publish(org.ward, BIRTH)
    publish(org.other_ward, MARRIAGE_STATUS)
    officer = make_staff(org.center, Role.COUNTER_OFFICER)
    seen = {(v.procedure.code, v.scope.code) for v in selectors.staff_current_versions(officer)}
    assert seen == {(CERTIFY.code, org.province.code), (BIRTH.code, org.ward.code)}
    procedure, versions = selectors.staff_procedure(officer, MARRIAGE_STATUS.code)
    assert procedure is not None and versions == []


def test_staff_without_a_catalogue_role_see_nothing(org, publish, django_user_model):
    publish(org.ward, BIRTH)
    nobody = django_user_model.objects.create_user("khongvaitro", password="x")
    assert list(selectors.staff_current_versions(nobody)) == []
    assert selectors.staff_counts(nobody).versions == 0


def test_staff_counts_and_caveat_filter(org, publish, make_staff):
    publish(org.ward, BIRTH)
    publish(org.ward, MARRIAGE_STATUS)
    publish(org.ward, CERTIFY, deadline_provisional=True)
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    counts = selectors.staff_counts(admin)
    assert (counts.procedures, counts.with_caveats, counts.provisional_deadlines) == (3, 1, 1)
    assert (counts.online_full, counts.online_partial) == (1, 1)
    flagged = selectors.staff_current_versions(admin, caveats_only=True)
    assert [v.procedure.code for v in flagged] == [MARRIAGE_STATUS.code]


def test_manageable_scopes_are_provinces_and_wards_under_the_admin_role(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    officer = make_staff(org.center, Role.COUNTER_OFFICER)
    assert list(selectors.manageable_scopes(admin)) == [org.ward]
    assert list(selectors.manageable_scopes(officer)) == []


def test_export_scope_prefers_the_ward(org, publish, make_staff):
    publish(org.province, CERTIFY)
    officer = make_staff(org.center, Role.COUNTER_OFFICER)
    assert selectors.default_export_scope(officer) == org.province
    publish(org.ward, BIRTH)
    assert selectors.default_export_scope(officer) == org.ward
