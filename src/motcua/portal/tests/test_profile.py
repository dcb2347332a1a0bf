"""The citizen's profile: edited by its own account only, every field checked at once,
each change an audit row; pre-filling a form from it and recording what was pre-filled."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django import forms
from django.urls import reverse

from motcua.core.errors import DomainErrors, PermissionDeniedError
from motcua.org.models import AccountEvent, AccountKind
from motcua.portal import services
from motcua.portal.prefill import Prefill, prefill

pytestmark = pytest.mark.django_db

PROFILE = reverse("portal-profile")


def test_the_citizen_edits_her_profile_and_it_is_audited(client, make_citizen):
    citizen = make_citizen("dan@example.vn")
    client.force_login(citizen)
    page = client.get(PROFILE).content.decode()
    assert "Số định danh cá nhân" in page and "dan@example.vn" in page
    assert "Mã số thuế" not in page  # a person's profile
    response = client.post(
        PROFILE,
        {
            "full_name": "  Nguyễn   Văn Dân ",
            "citizen_id": "001 090 012 345",
            "date_of_birth": "05/03/1990",
            "address": "12 Hàng Bài, Hoàn Kiếm",
            "phone": "+84 912 345 678",
        },
    )
    assert response.status_code == 302
    profile = citizen.citizen_profile
    profile.refresh_from_db()
    assert profile.full_name == "Nguyễn Văn Dân"
    assert profile.citizen_id == "001090012345"
    assert profile.date_of_birth == dt.date(1990, 3, 5)
    assert profile.phone == "0912345678" and not profile.phone_verified
    event = AccountEvent.objects.filter(user=citizen, kind="profile_updated").get()
    assert event.actor == citizen
    assert event.data["fields"] == ["address", "citizen_id", "date_of_birth", "phone"]
    assert "0912345678" not in str(event.data)  # names of fields, not the values


def test_every_wrong_field_is_shown_at_once(client, make_citizen):
    client.force_login(make_citizen("dan@example.vn"))
    response = client.post(
        PROFILE,
        {"full_name": "Dân", "citizen_id": "12345", "date_of_birth": "31/02/1990", "phone": "123"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"citizen_id", "date_of_birth", "phone"} <= set(errors)
    assert "12 chữ số" in str(errors["citizen_id"])


def test_service_checks_all_fields_together(make_citizen):
    citizen = make_citizen("dan@example.vn")
    with pytest.raises(DomainErrors) as caught:
        services.update_profile(actor=citizen, user=citizen, citizen_id="999999999999", phone="12")
    assert {e.field for e in caught.value.errors} == {"citizen_id", "phone"}


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC))
def test_a_birth_date_in_the_future_is_refused(make_citizen):
    citizen = make_citizen("dan@example.vn")
    with pytest.raises(Exception) as caught:
        services.update_profile(actor=citizen, user=citizen, date_of_birth=dt.date(2027, 1, 1))
    assert caught.value.field == "date_of_birth"


def test_no_one_else_changes_a_profile(make_citizen):
    citizen, other = make_citizen("dan@example.vn"), make_citizen("khac@example.vn")
    with pytest.raises(PermissionDeniedError):
        services.update_profile(actor=other, user=citizen, full_name="Kẻ Lạ")
    assert citizen.citizen_profile.full_name == "Nguyễn Văn Dân"


def test_an_organisation_keeps_its_tax_code(client, make_citizen):
    company = make_citizen("ct@example.vn", kind=AccountKind.ORGANISATION)
    client.force_login(company)
    page = client.get(PROFILE).content.decode()
    assert "Mã số thuế" in page
    bad = client.post(PROFILE, {"organisation_name": "", "tax_code": "12"})
    assert {"organisation_name", "tax_code"} <= set(bad.context["form"].errors)
    client.post(PROFILE, {"organisation_name": "Công ty Cổ phần An Bình", "tax_code": "0312345678"})
    company.citizen_profile.refresh_from_db()
    assert company.citizen_profile.tax_code == "0312345678"


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField()
    applicant_id_number = forms.CharField(required=False)
    applicant_phone = forms.CharField(required=False)
    applicant_email = forms.CharField(required=False)
    applicant_address = forms.CharField(required=False)
    reason = forms.CharField(required=False)


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC))
def test_prefill_fills_what_the_profile_knows_and_records_it(make_citizen):
    citizen = make_citizen("dan@example.vn", citizen_id="001090012345", address="12 Hàng Bài")
    record = prefill(citizen.citizen_profile, ApplicantForm.base_fields)
    form = ApplicantForm(initial=record.initial)
    assert form.initial == {
        "applicant_name": "Nguyễn Văn Dân",
        "applicant_id_number": "001090012345",
        "applicant_email": "dan@example.vn",
        "applicant_address": "12 Hàng Bài",
    }  # no phone in the profile: not pre-filled; "reason" has no source
    stored = record.as_json()
    assert stored["source"] == "citizen_profile"
    assert stored["fields"]["applicant_id_number"] == {
        "from": "citizen_id",
        "value": "001090012345",
    }
    assert stored["at"].startswith("2026-12-04T10:00")
    again = Prefill.from_json(stored)
    submitted = {**record.initial, "applicant_address": "5 Tràng Tiền", "reason": "x"}
    assert again.changed(submitted) == ["applicant_address"]


def test_prefill_of_a_birth_date_is_plain_json(make_citizen):
    citizen = make_citizen("dan@example.vn", date_of_birth=dt.date(1990, 3, 5))
    record = prefill(citizen.citizen_profile, ["date_of_birth"])
    assert record.as_json()["fields"]["date_of_birth"]["value"] == "1990-03-05"
    assert record.changed({"date_of_birth": dt.date(1990, 3, 5)}) == []
