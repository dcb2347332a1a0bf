"""The staff page /can-bo/lich-lam-viec/: scoping, forms, errors next to fields."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.org.models import Role
from motcua.workcal.models import CalendarOverride, WorkingSchedule
from motcua.workcal.services import add_override

PAGE = reverse("workcal-admin")
ADD = reverse("workcal-override-add")
PERIODS = reverse("workcal-periods")


@pytest.fixture
def ward_admin(org, make_staff):
    return make_staff(org.ward, Role.AGENCY_ADMIN)


@pytest.fixture
def admin_client(client, ward_admin):
    client.force_login(ward_admin)
    return client


def override_data(org, **changes):
    return {
        "agency": org.ward.pk,
        "date": "2026-03-10",
        "kind": "off",
        "reason": "Thông báo 12/TB-UBND",
    } | changes


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_staff_without_the_calendar_role_get_403(client, org, make_staff):
    client.force_login(make_staff(org.ward, Role.SPECIALIST))
    assert client.get(PAGE).status_code == 403
    assert client.post(ADD, override_data(org)).status_code == 403
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_the_page_lists_the_years_days_off(admin_client, org):
    response = admin_client.get(PAGE, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch làm việc" in html
    assert "Phường Một" in html
    assert "16/02/2026" in html and "Giao thừa Tết Nguyên Đán" in html
    assert "27/04/2026" in html and "Hùng Vương" in html
    assert "22/08/2026" in html and "làm bù" in html
    assert "24/11/2026" in html
    assert "07:30–11:30, 13:30–17:30" in html


@pytest.mark.django_db
def test_another_wards_calendar_is_out_of_scope(admin_client, org):
    assert admin_client.get(PAGE, {"agency": org.other_ward.pk}).status_code == 404
    assert admin_client.get(PAGE, {"agency": org.province.pk}).status_code == 404
    assert admin_client.get(PAGE, {"agency": "abc"}).status_code == 404
    assert admin_client.get(PAGE, {"agency": org.unit_a.pk}).status_code == 200


@pytest.mark.django_db
def test_adding_an_override(admin_client, org):
    response = admin_client.post(f"{ADD}?agency={org.ward.pk}", override_data(org))
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert (override.agency, override.date, override.kind) == (
        org.ward,
        dt.date(2026, 3, 10),
        "off",
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "Thông báo 12/TB-UBND" in page
    assert "Đã thêm 10/03/2026" in page


@pytest.mark.django_db
def test_form_errors_are_shown_next_to_their_fields(admin_client, org):
    response = admin_client.post(ADD, override_data(org, reason="", date="31/02/2026"))
    assert response.status_code == 400
    form = response.context["override_form"]
    assert form.errors["reason"] == ["Ghi lý do hoặc căn cứ."]
    assert form.errors["date"] == ["Ngày không hợp lệ (dd/mm/yyyy)."]
    assert 'class="field has-error"' in response.content.decode()
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_service_refusals_are_shown_next_to_the_field(admin_client, org):
    response = admin_client.post(ADD, override_data(org, date="2026-02-17"))
    assert response.status_code == 400
    assert "đã là ngày nghỉ" in response.context["override_form"].errors["date"][0]


@pytest.mark.django_db
def test_the_days_refusal_comes_with_the_forms_on_one_submit(admin_client, org):
    """Issue #10: no reason and a day already off: both said at once."""
    response = admin_client.post(ADD, override_data(org, reason="", date="17/02/2026"))
    assert response.status_code == 400
    errors = response.context["override_form"].errors
    assert errors["reason"] == ["Ghi lý do hoặc căn cứ."]
    assert "đã là ngày nghỉ" in errors["date"][0]


@pytest.mark.django_db
def test_a_ward_admin_cannot_post_for_another_ward_or_the_province(admin_client, org):
    for agency in (org.other_ward, org.province):
        response = admin_client.post(ADD, override_data(org, agency=agency.pk))
        assert response.status_code == 400
        assert "agency" in response.context["override_form"].errors
    assert not CalendarOverride.objects.exists()


@pytest.mark.django_db
def test_removing_an_override(admin_client, org, ward_admin, make_staff):
    own = add_override(
        actor=ward_admin, agency=org.ward, date=dt.date(2026, 3, 10), kind="off", reason="Nghỉ"
    )
    other = add_override(
        actor=None, agency=org.other_ward, date=dt.date(2026, 3, 10), kind="off", reason="Nghỉ"
    )
    province = add_override(
        actor=None, agency=org.province, date=dt.date(2026, 3, 11), kind="off", reason="Tỉnh nghỉ"
    )
    page = admin_client.get(PAGE, {"year": 2026}).content.decode()
    assert reverse("workcal-override-remove", args=[own.pk]) in page
    assert reverse("workcal-override-remove", args=[province.pk]) not in page  # not theirs
    assert "Tỉnh nghỉ" in page
    for override in (other, province):
        url = reverse("workcal-override-remove", args=[override.pk])
        assert admin_client.post(url, {"xac_nhan": "1"}).status_code == 404
        assert admin_client.get(url).status_code == 404
    url = reverse("workcal-override-remove", args=[own.pk])
    # Asked first: a GET, or a POST without the confirmation, changes nothing.
    assert "Xác nhận xóa" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 200
    assert CalendarOverride.objects.filter(pk=own.pk).exists()
    response = admin_client.post(url, {"xac_nhan": "1"})
    assert response.status_code == 302
    assert set(CalendarOverride.objects.values_list("pk", flat=True)) == {other.pk, province.pk}


@pytest.mark.django_db
def test_setting_working_periods(admin_client, org):
    data = {"p1_start": "07:00", "p1_end": "11:00", "p2_start": "13:00", "p2_end": "17:00"}
    response = admin_client.post(f"{PERIODS}?agency={org.ward.pk}", data)
    assert response.status_code == 302
    assert WorkingSchedule.objects.get(agency=org.ward).periods == [
        ["07:00", "11:00"],
        ["13:00", "17:00"],
    ]
    response = admin_client.post(f"{PERIODS}?agency={org.ward.pk}", {"inherit": "on"})
    assert response.status_code == 302
    assert not WorkingSchedule.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"p1_start": "11:00", "p1_end": "07:00"}, "p1_end", "Giờ kết thúc phải sau giờ bắt đầu."),
        ({"p1_start": "07:00"}, "p1_end", "Nhập cả giờ bắt đầu và giờ kết thúc của buổi này."),
        (
            {"p1_start": "07:00", "p1_end": "12:00", "p2_start": "11:00", "p2_end": "17:00"},
            "p2_start",
            "Buổi này bắt đầu trước khi buổi trước kết thúc (12:00).",
        ),
        ({"p1_start": "7h", "p1_end": "12:00"}, "p1_start", "Giờ không hợp lệ (HH:MM)."),
        ({}, "p1_start", "Nhập ít nhất một buổi làm việc."),
    ],
)
def test_bad_periods_are_explained_next_to_the_field(admin_client, org, data, field, message):
    response = admin_client.post(PERIODS, data)
    assert response.status_code == 400
    assert response.context["periods_form"].errors[field] == [message]
    assert not WorkingSchedule.objects.exists()


@pytest.mark.django_db
def test_periods_of_another_ward_cannot_be_set(admin_client, org):
    data = {"p1_start": "07:00", "p1_end": "11:00"}
    assert admin_client.post(f"{PERIODS}?agency={org.other_ward.pk}", data).status_code == 404
    assert not WorkingSchedule.objects.exists()


@pytest.mark.django_db
def test_trial_computation(admin_client, org):
    response = admin_client.get(
        PAGE,
        {
            "agency": org.ward.pk,
            "received_at": "2026-02-13T10:00",
            "amount": "3",
            "deadline_kind": "days",
        },
    )
    assert response.status_code == 200
    explanation = response.context["explanation"]
    assert explanation.due_at.isoformat() == "2026-02-25T10:00:00+07:00"
    html = response.content.decode()
    assert "25/02/2026" in html
    assert "Giao thừa Tết Nguyên Đán" in html


@pytest.mark.django_db
def test_trial_in_calendar_days(admin_client, org):
    response = admin_client.get(
        PAGE,
        {
            "agency": org.ward.pk,
            "received_at": "2026-02-13T10:00",
            "amount": "15",
            "deadline_kind": "calendar_days",
        },
    )
    assert response.context["explanation"].due_at.isoformat() == "2026-03-02T17:30:00+07:00"
    assert "Bộ luật Dân sự 2015" in response.content.decode()


@pytest.mark.django_db
def test_trial_same_day_and_bad_input(admin_client, org):
    response = admin_client.get(
        PAGE, {"received_at": "13/02/2026 16:00", "deadline_kind": "same_day"}
    )
    assert response.context["explanation"].due_at.isoformat() == "2026-02-23T17:30:00+07:00"
    response = admin_client.get(
        PAGE, {"received_at": "hôm qua", "amount": "-1", "deadline_kind": "days"}
    )
    assert response.status_code == 200
    form = response.context["trial_form"]
    assert form.errors["received_at"] == ["Thời điểm không hợp lệ (dd/mm/yyyy hh:mm)."]
    assert form.errors["amount"] == ["Thời hạn không được âm."]
    assert response.context["explanation"] is None


@pytest.mark.django_db
def test_the_menu_entry_shows_for_agency_admins_only(client, org, make_staff, ward_admin):
    client.force_login(ward_admin)
    assert f'href="{PAGE}"' in client.get(reverse("staff-home")).content.decode()
    client.force_login(make_staff(org.ward, Role.COUNTER_OFFICER))
    assert f'href="{PAGE}"' not in client.get(reverse("staff-home")).content.decode()
