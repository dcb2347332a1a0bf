"""Back office for dossiers (/can-bo/ho-so/): counter intake, inboxes, the dossier page.

Views parse, call a service or a read, and render; they never save. Every dossier is
read through selectors.visible_dossiers, so a dossier outside the user's scope is a 404
(its existence is not revealed) on its page and on its action URLs alike.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from motcua.catalog.models import CopyType, Procedure
from motcua.catalog.selectors import answer_labels, filter_by_text, version_in_force
from motcua.core.errors import DomainError, PermissionDeniedError, add_to_form
from motcua.core.formatting import format_datetime
from motcua.files.downloads import attachment
from motcua.org.models import Agency
from motcua.org.permissions import Perm, can, has_perm_anywhere

from .. import clock_reads, facts, online, printing, services
from ..access_log import record_access
from ..models import (
    CLOCK_STOPPED_STATUSES,
    OPEN_STATUSES,
    AccessPurpose,
    Channel,
    Status,
    status_tone,
)
from ..selectors import (
    INBOXES,
    dossier_files,
    get_visible,
    inbox,
    overdue_in_inbox,
    readable_dossier_file,
)
from ..workflow import ACTIONS, available_actions
from . import staff_presenters, staff_reads
from .staff_actions import ACTION_UI, panel
from .staff_forms import SORTS, InboxFilterForm, IntakeForm, ProcedureSearchForm

PAGE_SIZE = 25
STEPS = ("preview", "confirm", "refuse")


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _intake_agencies_or_403(user) -> list[Agency]:
    agencies = staff_reads.intake_agencies(user)
    if not agencies:
        raise PermissionDenied
    return agencies


def _chosen_agency(request, agencies: list[Agency]) -> Agency:
    wanted = request.POST.get("noi") or request.GET.get("noi")
    return next((a for a in agencies if str(a.pk) == wanted), agencies[0])


# --- Counter intake -------------------------------------------------------------------------


@login_required
def intake_search(request):
    """Tiếp nhận hồ sơ, bước 1: chọn thủ tục (tìm có dấu hoặc không dấu)."""
    agencies = _intake_agencies_or_403(request.user)
    form = ProcedureSearchForm(
        request.GET, agencies=Agency.objects.filter(pk__in=[a.pk for a in agencies])
    )
    form.is_valid()
    agency = form.cleaned_data.get("noi") or agencies[0]
    query = (form.cleaned_data.get("q") or "").strip()
    day = timezone.localdate()
    frequent = [] if query else staff_reads.frequent_procedures(agency, day=day)
    results = staff_reads.intake_procedures(agency, query, day=day) if query or not frequent else []
    context = {
        "form": form,
        "agency": agency,
        "agencies": agencies,
        "query": query,
        "results": results,
        "frequent": frequent,
        "limit": staff_reads.INTAKE_RESULTS,
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "_intake_results.html" if partial else "intake_search.html"
    response = render(request, f"dossiers/staff/{template}", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def intake(request, code: str):
    """Tiếp nhận hồ sơ, bước 2: checklist, người nộp, xem hẹn trả, xác nhận (or refuse)."""
    agencies = _intake_agencies_or_403(request.user)
    agency = _chosen_agency(request, agencies)
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    now = timezone.now()
    version = version_in_force(procedure, agency, now)
    if version is None:
        return render(
            request,
            "dossiers/staff/intake_unavailable.html",
            {"procedure": procedure, "agency": agency},
            status=404,
        )
    step = None
    if request.method == "POST":  # a POST without a known button previews: nothing saved
        step = request.POST.get("step") if request.POST.get("step") in STEPS else "preview"
    form = IntakeForm(request.POST if step else None, version=version)
    appointment = fee = None
    fields_ok = documents_ok = False
    if step:  # the checklist is checked with the fields: one submit shows every error
        fields_ok = form.is_valid()
        documents_ok = step == "refuse" or form.check_documents()
    if fields_ok and documents_ok:
        try:
            if step == "refuse":
                return _refuse(request, form, agency, procedure)
            if step == "confirm":
                return _receive(request, form, agency, procedure)
            appointment = _appointment(form, version, now)
            fee = form.fee_quote(now) if form.has_fee else None
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            add_to_form(form, error)
    return render(
        request,
        "dossiers/staff/intake_form.html",
        {
            "form": form,
            "procedure": procedure,
            "version": version,
            "agency": agency,
            "many_agencies": len(agencies) > 1,
            "appointment": appointment,
            "fee": fee,
            "refusing": step == "refuse",
        },
    )


def _appointment(form: IntakeForm, version, now):
    """Xem hẹn trả: the appointment and its derivation, nothing saved. The applicant's data
    is checked the way the service will, so a confirmed preview does not fail on it."""
    form.applicant().validated()
    if version.competent_unit is None:
        raise DomainError(
            "procedure_without_unit",
            "Thủ tục chưa được giao đơn vị giải quyết; liên hệ quản trị danh mục.",
        )
    case = form.cleaned_data.get("deadline_case", "")
    services.check_deadline_case(version, case)
    return clock_reads.appointment(version, now, case=case, channel=form.cleaned_data["channel"])


def _receive(request, form: IntakeForm, agency, procedure):
    dossier = services.receive_dossier(
        actor=request.user, receiving_agency=agency, procedure=procedure, **form.intake_kwargs()
    )
    messages.success(
        request,
        f"Đã tiếp nhận hồ sơ {dossier.code}. Hẹn trả kết quả: {format_datetime(dossier.due_at)}. "
        "Đính kèm bản quét thành phần hồ sơ ở mục «Thao tác».",
    )
    return redirect("dossiers-staff-detail", code=dossier.code)


def _refuse(request, form: IntakeForm, agency, procedure):
    dossier = services.refuse_intake(
        actor=request.user,
        receiving_agency=agency,
        procedure=procedure,
        applicant=form.applicant(),
        reasons=form.cleaned_data["reasons"],
        category=form.cleaned_data["refusal_category"],
        channel=form.cleaned_data["channel"],
    )
    messages.success(request, f"Đã từ chối tiếp nhận, lập phiếu từ chối cho hồ sơ {dossier.code}.")
    return redirect("dossiers-staff-detail", code=dossier.code)


# --- Inboxes --------------------------------------------------------------------------------


def _filtered(queryset, filters: dict):
    if filters["status"] is not None:
        queryset = queryset.filter(status=filters["status"])
    if filters["procedure"] is not None:
        queryset = queryset.filter(procedure=filters["procedure"])
    if filters["channel"] is not None:
        queryset = queryset.filter(channel=filters["channel"])
    if filters["query"]:
        # Every word, without diacritics or case, in the code, name, citizen ID or
        # organisation code (Dossier.search_text): "nguyen van" finds "Nguyễn Văn".
        queryset = filter_by_text(queryset, filters["query"])
    if filters["sort"] == "moi":
        return queryset.order_by(F("received_at").desc(nulls_last=True), "-id")
    return queryset.order_by(F("due_at").asc(nulls_last=True), "id")


class CountedPaginator(Paginator):
    """A paginator that may be told its count, so that it does not run a second COUNT."""

    def __init__(self, object_list, per_page, *, known_count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return super().count if self.known_count is None else self.known_count


def _due_tone(dossier, until) -> str:
    """Red when overdue (as the "Quá hạn" inbox counts it), amber when due within one
    working day, grey while paused."""
    if dossier.status not in OPEN_STATUSES or dossier.due_at is None:
        return ""
    if dossier.status in CLOCK_STOPPED_STATUSES:
        return "paused"
    if dossier.overdue:
        return "overdue"
    return "soon" if dossier.due_at <= until else ""


@login_required
def inbox_list(request):
    """Hộp hồ sơ: tabs by role with counts, filter, sort, 25 per page."""
    user = request.user
    if not staff_reads.sees_dossiers(user):
        raise PermissionDenied
    names = staff_reads.inbox_names(user)
    name = request.GET.get("hop")
    name = name if name in names else staff_reads.default_inbox(user)
    now = timezone.now()
    until = staff_reads.due_soon_until(user, now)
    tabs = staff_reads.inbox_tabs(user, now=now, until=until)
    form = InboxFilterForm(request.GET, procedures=staff_reads.procedure_choices(user))
    filters = form.filters()
    dossiers = _filtered(inbox(user, name, now=now, due_soon_until=until), filters).annotate(
        overdue=facts.as_flag(overdue_in_inbox(now))
    )
    filtered = any(filters[key] for key in ("query", "status", "procedure", "channel"))
    # Unfiltered, the list is the tab itself: its COUNT is already known.
    known = None if filtered else next(tab.count for tab in tabs if tab.name == name)
    paginator = CountedPaginator(
        dossiers.select_related("procedure", "assignee"), PAGE_SIZE, known_count=known
    )
    page = paginator.get_page(request.GET.get("trang"))
    rows = [(d, _due_tone(d, until), status_tone(d.status)) for d in page]
    elsewhere = []
    if filtered and not rows:
        # Nothing here: say which other inboxes hold matches (a finished dossier has left
        # "Của đơn vị" but is still in "Tất cả"), with the same filters.
        for other in names:
            if other != name:
                found = _filtered(inbox(user, other, now=now, due_soon_until=until), filters)
                if count := found.count():
                    elsewhere.append((INBOXES[other], other, count))
    return render(
        request,
        "dossiers/staff/inbox.html",
        {
            "tabs": tabs,
            "current": name,
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "tab_query": _query_without(request, "hop", "trang"),
            "querystring": _query_without(request, "trang"),
            "sort_label": SORTS[filters["sort"]],
            "elsewhere": elsewhere,
            "can_receive": user.is_superuser or has_perm_anywhere(user, Perm.RECEIVE_DOSSIER),
        },
    )


# --- The dossier page -----------------------------------------------------------------------


def _visible_or_404(user, code: str):
    dossier = get_visible(user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


@login_required
def detail(request, code: str):
    """Trang hồ sơ: data, documents, the clock, the Phiếu kiểm soát, the allowed actions."""
    dossier = _visible_or_404(request.user, code)
    record_access(request.user, dossier, AccessPurpose.PAGE)
    return _render_detail(request, dossier)


def _render_detail(request, dossier, bound=None):
    timeline = list(dossier.events.select_related("actor", "from_agency", "to_agency"))
    now = timezone.now()
    panels = [
        bound if bound is not None and bound.name == action.name else panel(action.name, dossier)
        for action in available_actions(request.user, dossier)
    ]
    copy_labels = dict(CopyType.choices)
    documents = [
        {**doc, "copy_label": copy_labels.get(doc.get("copy_type"), "")}
        for doc in dossier.documents
    ]
    return render(
        request,
        "dossiers/staff/detail.html",
        {
            "dossier": dossier,
            "version": dossier.procedure_version,
            "documents": documents,
            "clock": staff_presenters.clock_panel(dossier, timeline, now),
            "sheet": staff_presenters.control_sheet(dossier, timeline),
            "fee": staff_presenters.fee_panel(dossier, timeline),
            "panels": panels,
            "open_panel": bound.name if bound is not None else "",
            "status_tone": status_tone(dossier.status),
            "print_forms": _print_links(dossier),
            "online_check": _online_check(dossier, timeline, now),
            "answers": staff_presenters.answer_rows(
                dossier.answers,
                answer_labels(dossier.procedure_version_id) if dossier.answers else None,
            ),
            "app_panels": _app_panels(request, dossier),
            "files": staff_presenters.file_rows(dossier, dossier_files(dossier)),
        },
    )


def _online_check(dossier, timeline, now) -> dict | None:
    """An online dossier waiting for the counter: since when, and its checking limit."""
    if dossier.status != Status.NEW or dossier.channel != Channel.ONLINE:
        return None
    queued = [event.at for event in timeline if event.kind in online.QUEUE_EVENTS]
    queued_at = queued[-1] if queued else dossier.submitted_at
    due = online.check_due(dossier.receiving_agency, queued_at)
    return {"queued_at": queued_at, "due": due, "overdue": due < now}


def _app_panels(request, dossier) -> list[dict]:
    """Cards the apps above dossiers add to the page (settings.MOTCUA_DOSSIER_PANELS)."""
    return [
        panel
        for path in settings.MOTCUA_DOSSIER_PANELS
        if (panel := import_string(path)(request, dossier)) is not None
    ]


def _print_links(dossier) -> list[dict]:
    """The official forms its timeline can print (Mẫu 01–06): HTML print view and PDF."""
    links = []
    for number, title in printing.available_forms(dossier):
        url = reverse("dossier-form", args=[dossier.code, number])
        links.append({"number": number, "title": title, "url": url, "pdf": f"{url}?dinh-dang=pdf"})
    return links


def _may_by_role(user, name: str, dossier) -> bool:
    return any(can(user, perm, getattr(dossier, attr)) for perm, attr in ACTIONS[name].grants)


@require_POST
@login_required
def act(request, code: str, action: str):
    """POST one action: validate its small form, call its service, back to the page."""
    dossier = _visible_or_404(request.user, code)
    if action not in ACTION_UI:
        raise Http404("Không có thao tác này.")
    if action not in {a.name for a in available_actions(request.user, dossier)}:
        if not _may_by_role(request.user, action, dossier):
            raise PermissionDenied
        messages.error(
            request,
            f"Không thể «{ACTIONS[action].label}» khi hồ sơ đang ở trạng "
            f"thái «{dossier.get_status_display()}».",
        )
        return redirect("dossiers-staff-detail", code=dossier.code)
    bound = panel(action, dossier, request.POST, request.FILES)
    if bound.form.is_valid():
        try:
            after = bound.ui.run(request.user, dossier, bound.form.cleaned_data, bound.form)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            add_to_form(bound.form, error)
        else:
            messages.success(request, bound.ui.done(after))
            return redirect("dossiers-staff-detail", code=after.code)
    return _render_detail(request, dossier, bound)


@login_required
def file_download(request, code: str, file_id: int):
    """Tải tệp của hồ sơ: only for those who may see the dossier (404 for anyone else,
    whatever the id they guess), as an attachment, streamed."""
    dossier = _visible_or_404(request.user, code)
    found = readable_dossier_file(request.user, file_id, dossier=dossier)
    if found is None:
        raise Http404("Không tìm thấy tệp.")
    record_access(request.user, found.dossier, AccessPurpose.FILE, found.stored_file.original_name)
    return attachment(found.stored_file)
