"""Agency tree: denormalised province/ward, parent rules, subtree queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.org.models import Agency, AgencyKind, Role, User


def test_province_has_no_province_or_ward(org):
    assert org.province.province is None
    assert org.province.ward is None


def test_ward_points_to_its_province(org):
    assert org.ward.province == org.province
    assert org.ward.ward is None


def test_unit_of_a_ward_carries_both_province_and_ward(org):
    org.unit_a.refresh_from_db()
    assert org.unit_a.province == org.province
    assert org.unit_a.ward == org.ward


def test_unit_directly_under_a_province_has_no_ward(org):
    department = Agency.objects.create(
        code="T01.90", name="Sở Thử Nghiệm", kind=AgencyKind.UNIT, parent=org.province
    )
    assert department.province == org.province
    assert department.ward is None


def test_saving_again_recomputes_from_the_parent(org):
    unit = Agency.objects.get(pk=org.unit_a.pk)
    unit.parent = org.other_ward
    unit.save()
    unit.refresh_from_db()
    assert unit.ward == org.other_ward


@pytest.mark.parametrize(
    ("kind", "parent_name"),
    [
        (AgencyKind.PROVINCE, "ward"),
        (AgencyKind.WARD, None),
        (AgencyKind.WARD, "ward"),
        (AgencyKind.WARD, "unit_a"),
        (AgencyKind.UNIT, None),
        (AgencyKind.UNIT, "unit_a"),
    ],
)
def test_clean_rejects_a_parent_of_the_wrong_kind(org, kind, parent_name):
    parent = getattr(org, parent_name) if parent_name else None
    agency = Agency(code="X", name="Sai cấp", kind=kind, parent=parent)
    with pytest.raises(ValidationError) as caught:
        agency.clean()
    assert "parent" in caught.value.message_dict


@pytest.mark.parametrize(
    ("kind", "parent_name"),
    [(AgencyKind.WARD, "province"), (AgencyKind.UNIT, "ward"), (AgencyKind.UNIT, "province")],
)
def test_clean_accepts_the_allowed_parents(org, kind, parent_name):
    Agency(code="X", name="Đúng cấp", kind=kind, parent=getattr(org, parent_name)).clean()


def test_clean_rejects_an_agency_under_itself(org):
    ward = Agency.objects.get(pk=org.ward.pk)
    ward.parent = ward
    with pytest.raises(ValidationError) as caught:
        ward.clean()
    assert "parent" in caught.value.message_dict


def test_clean_rejects_a_province_placed_under_its_own_ward(org):
    province = Agency.objects.get(pk=org.province.pk)
    province.parent = org.ward  # the ward's parent is this province: a cycle
    with pytest.raises(ValidationError):
        province.clean()


def _codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_subtree_of_a_ward_is_the_ward_and_its_units(org):
    assert _codes(Agency.objects.subtree_of([org.ward.pk])) == [
        "T01.01",
        "T01.01.01",
        "T01.01.02",
        "T01.01.03",
    ]


def test_subtree_of_a_unit_is_the_unit_alone(org):
    assert _codes(Agency.objects.subtree_of([org.unit_a.pk])) == ["T01.01.01"]


def test_subtree_of_a_province_is_everything_below_it(org):
    assert _codes(Agency.objects.subtree_of([org.province.pk])) == _codes(Agency.objects.all())


def test_subtree_of_two_roots_is_their_union(org):
    codes = _codes(Agency.objects.subtree_of([org.unit_a.pk, org.other_ward.pk]))
    assert codes == ["T01.01.01", "T01.02", "T01.02.01"]


def test_ancestor_ids_nearest_first(org):
    assert org.unit_a.ancestor_ids() == [org.unit_a.pk, org.ward.pk, org.province.pk]
    assert org.ward.ancestor_ids() == [org.ward.pk, org.province.pk]
    assert org.province.ancestor_ids() == [org.province.pk]


def test_queryset_shortcuts(org):
    assert _codes(Agency.objects.wards()) == ["T01.01", "T01.02"]
    assert len(Agency.objects.units()) == 4


def test_display_names(org, make_staff):
    org.unit_a.short_name = "P. VHXH"
    assert org.unit_a.display_name == "P. VHXH"
    assert org.ward.display_name == "Phường Một"
    person = make_staff(org.ward, Role.AGENCY_ADMIN)
    assert str(person) == person.full_name
    assert str(User(username="khongten")) == "khongten"
