"""Hồ sơ của tôi: the signed-in citizen's (or organisation's) own dossiers on the portal.

Every read starts from ``dossiers.selectors.applicant_dossiers`` (``submitted_by`` = the
account): another account's dossier is a 404 whatever code is typed; staff accounts are
refused (403) as on the rest of the portal. What the page shows of the dossier's history
is the public lookup's view (``dossiers.lookup.public_view``): no internal events, no
staff names. Actions call the dossiers services (``withdraw_online``, ``choose_delivery``,
``supplement_online``), which check again that the account is the applicant."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, add_to_form
from motcua.dossiers import lookup, printing, services
from motcua.dossiers.access_log import offices_that_viewed
from motcua.dossiers.models import Delivery, Dossier, status_tone
from motcua.dossiers.official_forms.render import form_filename, form_pdf
from motcua.dossiers.selectors import applicant_dossiers, applicant_files, readable_dossier_file
from motcua.dossiers.workflow import APPLICANT_ACTIONS, applicant_may
from motcua.files.downloads import attachment

from . import selectors
from .forms import DeliveryForm, SupplementForm, WithdrawForm
from .views import PORTAL_LOGIN

PAGE_SIZE = 20
# The forms the office issues to the applicant (Nghị định 61/2018 as amended, Thông tư
# 01/2018): the receipt, the request to complete, the refusal. Mẫu 04–06 are the office's
# own (apology, stop notice, control sheet) and not offered here.
APPLICANT_FORMS = ("01", "02", "03")
DELIVERY_LABELS = dict(Delivery.choices)


def citizen_only(view):
    """Signed in (else the portal's sign-in) with a citizen or organisation account (else
    403: staff do not use the portal)."""

    @login_required(login_url=PORTAL_LOGIN)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_citizen(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _own_or_404(user, code: str) -> Dossier:
    dossier = (
        applicant_dossiers(user)
        .select_related("procedure", "procedure_version", "receiving_agency")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


@citizen_only
def my_dossiers(request):
    """Danh sách hồ sơ của tôi, newest first."""
    dossiers = (
        applicant_dossiers(request.user)
        .select_related("procedure")
        .order_by("-submitted_at", "-id")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [(d, status_tone(d.status), d.status in lookup.APPOINTMENT_STATUSES) for d in page]
    return render(request, "portal/my_dossiers.html", {"page": page, "rows": rows})


def _forms_issued(dossier: Dossier) -> list[dict]:
    return [
        {
            "number": number,
            "title": title,
            "url": reverse("portal-my-dossier-form", args=[dossier.code, number]),
        }
        for number, title in printing.available_forms(dossier)
        if number in APPLICANT_FORMS
    ]


def _panels(request, dossier) -> list[dict]:
    """Cards of the apps above the portal (settings.MOTCUA_PORTAL_DOSSIER_PANELS)."""
    return [
        panel
        for path in getattr(settings, "MOTCUA_PORTAL_DOSSIER_PANELS", ())
        if (panel := import_string(path)(request, dossier)) is not None
    ]


def _may(user, name: str, dossier) -> bool:
    return applicant_may(user, APPLICANT_ACTIONS[name], dossier)


def _detail(request, dossier, *, status=200, withdraw=None, delivery=None, supplement=None):
    allowed = services.allowed_deliveries(dossier.procedure_version)
    may_withdraw = _may(request.user, "withdraw_online", dossier)
    may_deliver = _may(request.user, "choose_delivery", dossier)
    may_supplement = _may(request.user, "supplement_online", dossier)
    if may_deliver and delivery is None:
        delivery = DeliveryForm(
            initial={"delivery": dossier.delivery, "delivery_address": dossier.delivery_address},
            choices=[(code, DELIVERY_LABELS[code]) for code in allowed],
        )
    context = {
        "dossier": dossier,
        "d": lookup.public_view(dossier),
        "files": applicant_files(dossier),
        "forms_issued": _forms_issued(dossier),
        "panels": _panels(request, dossier),
        "offices": offices_that_viewed(dossier),
        "delivery_label": DELIVERY_LABELS.get(dossier.delivery, ""),
        # A form posted back with its errors is shown even when the action is no longer
        # open (its error says why); otherwise only the actions open now.
        "withdraw_form": withdraw or (WithdrawForm() if may_withdraw else None),
        "delivery_form": delivery,
        "supplement_form": supplement or (SupplementForm() if may_supplement else None),
        "may_supplement": may_supplement,
    }
    return render(request, "portal/my_dossier.html", context, status=status)


@citizen_only
def my_dossier(request, code: str):
    """Một hồ sơ của tôi: status, public timeline, files, forms, actions."""
    return _detail(request, _own_or_404(request.user, code))


def _done(request, dossier, message: str):
    messages.success(request, message)
    return redirect("portal-my-dossier", code=dossier.code)


@require_POST
@citizen_only
def withdraw(request, code: str):
    dossier = _own_or_404(request.user, code)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_online(
                citizen=request.user, dossier=dossier, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return _done(request, dossier, "Đã rút hồ sơ.")
    return _detail(request, dossier, status=400, withdraw=form)


@require_POST
@citizen_only
def choose_delivery(request, code: str):
    dossier = _own_or_404(request.user, code)
    allowed = services.allowed_deliveries(dossier.procedure_version)
    form = DeliveryForm(
        request.POST, choices=[(code_, DELIVERY_LABELS[code_]) for code_ in allowed]
    )
    if form.is_valid():
        try:
            services.choose_delivery(
                citizen=request.user,
                dossier=dossier,
                method=form.cleaned_data["delivery"],
                address=form.cleaned_data["delivery_address"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return _done(request, dossier, "Đã lưu hình thức nhận kết quả.")
    return _detail(request, dossier, status=400, delivery=form)


@require_POST
@citizen_only
def supplement(request, code: str):
    dossier = _own_or_404(request.user, code)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.supplement_online(
                citizen=request.user,
                dossier=dossier,
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["files"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            return _done(request, dossier, "Đã gửi hồ sơ bổ sung.")
    return _detail(request, dossier, status=400, supplement=form)


@citizen_only
def file_download(request, code: str, file_id: int):
    """Tải tệp: the account's own dossier, and only the applicant's kinds of file
    (dossiers.selectors.readable_dossier_file); 404 for anything else."""
    dossier = _own_or_404(request.user, code)
    found = readable_dossier_file(request.user, file_id, dossier=dossier)
    if found is None:
        raise Http404("Không tìm thấy tệp.")
    return attachment(found.stored_file)


@citizen_only
def form_download(request, code: str, number: str):
    """Mẫu 01, 02 or 03 issued to the applicant, as the A4 PDF the office prints."""
    dossier = _own_or_404(request.user, code)
    if number not in APPLICANT_FORMS or number not in dict(printing.available_forms(dossier)):
        raise Http404("Không có biểu mẫu này.")
    form = printing.build(number, dossier, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(form_pdf(form), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{form_filename(form, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response
