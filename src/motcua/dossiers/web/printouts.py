"""Print views of the official forms: HTML (browser print) and A4 PDF downloads."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render

from motcua.core.errors import DomainError
from motcua.org.models import Agency
from motcua.org.permissions import Perm, agencies_where

from .. import printing
from ..access_log import record_access, record_accesses
from ..models import AccessPurpose, DossierEvent
from ..official_forms.render import form_filename, form_html_context, form_pdf, register_xlsx
from ..selectors import get_visible, visible_dossiers


def _pdf_response(form, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(form_pdf(form), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{form_filename(form, "pdf")}"'
    return response


@login_required
def dossier_form(request, code: str, number: str):
    """Mẫu 01–06 of one dossier: ?dinh-dang=pdf for the PDF, the HTML print view otherwise."""
    dossier = get_visible(request.user, code)
    if dossier is None:
        raise Http404
    try:
        form = printing.build(number, dossier, base_url=request.build_absolute_uri("/"))
    except DomainError as exc:
        raise Http404(exc.message) from exc
    record_access(request.user, dossier, AccessPurpose.FORM, detail=f"Mẫu {number}")
    if request.GET.get("dinh-dang") == "pdf":
        return _pdf_response(form)
    template, context = form_html_context(form)
    return render(request, template, context)


def _parse_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
def register_book(request):
    """Sổ theo dõi hồ sơ (Mẫu 07) of a receiving agency over a period: HTML, PDF or .xlsx."""
    agencies = agencies_where(request.user, Perm.RECEIVE_DOSSIER) | agencies_where(
        request.user, Perm.VIEW_ALL_DOSSIERS
    )
    agencies = agencies.distinct().order_by("code")
    today = dt.date.today()
    start = _parse_day(request.GET.get("tu"), today.replace(day=1))
    end = _parse_day(request.GET.get("den"), today)
    agency = agencies.filter(code=request.GET.get("co-quan")).first() or agencies.first()
    if agency is None:
        raise Http404
    if end < start:
        start, end = end, start
    dossiers = (
        visible_dossiers(request.user)
        .filter(
            receiving_agency__in=Agency.objects.subtree_of([agency.pk]),
            received_at__date__gte=start,
            received_at__date__lte=end,
        )
        .select_related("procedure", "competent_unit")
        .order_by("received_at", "code")
    )
    dossiers = list(_with_milestones(dossiers))
    form = printing.register(agency, dossiers, start, end)
    output = request.GET.get("dinh-dang")
    record_accesses(
        request.user,
        [dossier.pk for dossier in dossiers],
        AccessPurpose.REGISTER,
        agency=agency,
        detail=f"Mẫu 07 ({output or 'html'})",
    )
    if output == "pdf":
        return _pdf_response(form)
    if output == "xlsx":
        response = HttpResponse(
            register_xlsx(form),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{form_filename(form, "xlsx")}"'
        return response
    template, context = form_html_context(form)
    context.update({"agencies": agencies, "agency": agency, "start": start, "end": end})
    return render(request, template, context)


def _with_milestones(dossiers):
    return dossiers.prefetch_related(
        Prefetch(
            "events",
            queryset=DossierEvent.objects.filter(kind__in=("forwarded", "result_ready")),
            to_attr="milestone_events",
        )
    )
