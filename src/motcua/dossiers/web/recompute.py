"""Staff page: recompute due moments after a calendar change (the worker does it), with
the progress shown."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from motcua.core.errors import DomainError, add_to_form
from motcua.org.models import Agency, AgencyKind
from motcua.org.permissions import Perm, agencies_where

from .. import recompute
from ..models import RecomputeRun


class StartRunForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Phạm vi", empty_label=None
    )
    reason = forms.CharField(
        label="Lý do", max_length=500, initial="Tính lại hạn sau khi điều chỉnh lịch làm việc"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


def _calendar_agencies(user):
    if not agencies_where(user, Perm.MANAGE_CALENDAR).exists():
        raise PermissionDenied
    return (
        agencies_where(user, Perm.MANAGE_CALENDAR)
        .filter(kind__in=[AgencyKind.PROVINCE, AgencyKind.WARD])
        .order_by("code")
    )


def _visible_run(user, pk: int) -> RecomputeRun:
    run = (
        RecomputeRun.objects.select_related("agency")
        .filter(pk=pk, agency__in=_calendar_agencies(user))
        .first()
    )
    if run is None:
        raise Http404
    return run


@login_required
def run_list(request):
    agencies = _calendar_agencies(request.user)
    form = StartRunForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            run = recompute.start_run(
                agency=form.cleaned_data["agency"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            return redirect("dossier-recompute-detail", pk=run.pk)
    runs = RecomputeRun.objects.filter(agency__in=agencies).select_related(
        "agency", "requested_by"
    )[:30]
    return render(request, "dossiers/recompute/list.html", {"form": form, "runs": runs})


@login_required
def run_detail(request, pk: int):
    run = _visible_run(request.user, pk)
    return render(request, "dossiers/recompute/detail.html", {"run": run})


@login_required
def run_progress(request, pk: int):
    """The progress fragment; htmx asks again every second until the worker is done."""
    run = _visible_run(request.user, pk)
    return render(request, "dossiers/recompute/_progress.html", {"run": run})
