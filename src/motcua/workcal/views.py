"""Staff page Lịch làm việc: days off of the year, overrides, working hours, a due-date trial."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFoundError, PermissionDeniedError, add_to_form
from motcua.org.permissions import Perm, can, has_perm_anywhere

from . import engine, selectors, services
from .calendars import calendar_for, default_cutoff, schedule_of
from .explain import explain
from .forms import OverrideForm, TryDeadlineForm, WorkingPeriodsForm

YEAR_CHOICES_AROUND = 3


def _require_calendar_role(request) -> None:
    if not has_perm_anywhere(request.user, Perm.MANAGE_CALENDAR):
        raise PermissionDenied


def _agency_from(request, source):
    agency_id = source.get("agency")
    try:
        if agency_id:
            return selectors.manageable_agency(request.user, agency_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    agency = selectors.home_agency(request.user)
    if agency is None:
        raise PermissionDenied
    return agency


def _year_from(source) -> int:
    try:
        year = int(source.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if engine.MIN_YEAR <= year <= engine.MAX_YEAR else timezone.localdate().year


def _page_url(agency, year) -> str:
    return f"{reverse('workcal-admin')}?{urlencode({'agency': agency.pk, 'year': year})}"


def _default_override_target(request, agency):
    """A unit's days off are its ward's: propose the ward (or the province)."""
    targets = selectors.override_targets(request.user)
    for candidate in (agency.ward_or_self, agency.province_or_self):
        if candidate is not None and targets.filter(pk=candidate.pk).exists():
            return candidate.pk
    return None


def _trial(request, agency):
    """The 'tính thử hạn' form, bound only when the user asked for a computation."""
    cutoff = default_cutoff()
    if "received_at" not in request.GET:
        form = TryDeadlineForm(
            cutoff=cutoff,
            initial={
                "received_at": timezone.localtime().replace(second=0, microsecond=0),
                "amount": 3,
            },
        )
        return form, None
    form = TryDeadlineForm(request.GET, cutoff=cutoff)
    if not form.is_valid():
        return form, None
    try:
        return form, explain(
            calendar_for(agency), form.cleaned_data["received_at"], form.deadline()
        )
    except engine.CalendarError as exc:
        form.add_error(None, exc.message)
        return form, None


def _render_page(request, agency, year, *, override_form=None, periods_form=None, status=200):
    user = request.user
    targets = selectors.override_targets(user)
    periods, periods_owner = schedule_of(agency)
    override_form = override_form or OverrideForm(
        targets=targets,
        initial={"agency": _default_override_target(request, agency), "kind": "off"},
    )
    if periods_form is None:
        periods_form = WorkingPeriodsForm(initial=WorkingPeriodsForm.initial_for(periods))
    trial_form, explanation = _trial(request, agency)
    days = selectors.year_days(agency, year)
    context = {
        "agency": agency,
        "year": year,
        "years": range(year - YEAR_CHOICES_AROUND, year + YEAR_CHOICES_AROUND + 1),
        "agencies": selectors.manageable_agencies(user),
        "days": days,
        "removable_ids": {
            day.override.pk
            for day in days
            if day.override and can(user, Perm.MANAGE_CALENDAR, day.override.agency)
        },
        "days_off_count": sum(1 for day in days if not day.working and day.date.weekday() < 5),
        "override_form": override_form,
        "can_add_override": targets.exists(),
        "periods": engine.format_periods(periods),
        "periods_owner": periods_owner,
        "periods_form": periods_form,
        "trial_form": trial_form,
        "explanation": explanation,
        "events": selectors.recent_events(user, agency),
    }
    return render(request, "workcal/calendar_admin.html", context, status=status)


@login_required
def calendar_admin(request):
    """Lịch làm việc của cơ quan: ngày nghỉ, ngày làm bù, giờ làm việc, tính thử hạn."""
    _require_calendar_role(request)
    agency = _agency_from(request, request.GET)
    return _render_page(request, agency, _year_from(request.GET))


@login_required
@require_POST
def override_add(request):
    _require_calendar_role(request)
    agency = _agency_from(request, request.GET)
    form = OverrideForm(request.POST, targets=selectors.override_targets(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_override(
                actor=request.user,
                agency=data["agency"],
                date=data["date"],
                kind=data["kind"],
                reason=data["reason"],
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, f"Đã thêm {data['date']:%d/%m/%Y} vào lịch của {data['agency'].name}."
            )
            return redirect(_page_url(agency, data["date"].year))
    else:
        _check_day_too(form)
    return _render_page(request, agency, _year_from(request.GET), override_form=form, status=400)


def _check_day_too(form) -> None:
    """Another field refused: still say what is wrong with the day, on the same submit."""
    data = form.cleaned_data
    if {"agency", "date", "kind"} <= data.keys():
        try:
            services.check_override_day(agency=data["agency"], date=data["date"], kind=data["kind"])
        except DomainError as exc:
            add_to_form(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def override_remove(request, pk: int):
    """Xóa điều chỉnh: first a confirmation that lists the open dossiers whose appointment
    moves (old → new, computed without saving), then the removal on a confirmed POST."""
    _require_calendar_role(request)
    agency = _agency_from(request, request.GET)
    try:
        override = selectors.manageable_override(request.user, pk)
        if request.method == "POST" and request.POST.get("xac_nhan") == "1":
            services.remove_override(actor=request.user, override=override)
            messages.success(request, f"Đã xóa điều chỉnh ngày {override.date:%d/%m/%Y}.")
            return redirect(_page_url(agency, override.date.year))
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    moved = import_string(settings.MOTCUA_OVERRIDE_REMOVAL_PREVIEW)(override)
    return render(
        request,
        "workcal/override_remove.html",
        {
            "override": override,
            "agency": agency,
            "moved": moved,
            "back_url": _page_url(agency, override.date.year),
        },
    )


@login_required
@require_POST
def periods_set(request):
    _require_calendar_role(request)
    agency = _agency_from(request, request.GET)
    year = _year_from(request.GET)
    form = WorkingPeriodsForm(request.POST)
    if form.is_valid():
        try:
            services.set_working_periods(
                actor=request.user, agency=agency, periods=form.cleaned_data["periods"]
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"Đã lưu giờ làm việc của {agency.name}.")
            return redirect(_page_url(agency, year))
    return _render_page(request, agency, year, periods_form=form, status=400)
