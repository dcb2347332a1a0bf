"""The dossiers app's paths (views in web/). /tra-cuu/?ma=<code> is printed as a QR code
on the receipt (Mẫu 01): keep it stable."""

from django.urls import path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from .web import access, online_queue, printouts, public, recompute, staff

urlpatterns = [
    # Back office: counter intake, inboxes and the dossier page.
    path("can-bo/ho-so/", staff.inbox_list, name="dossiers-staff-inbox"),
    path("can-bo/ho-so/tiep-nhan/", staff.intake_search, name="dossiers-staff-intake"),
    path("can-bo/ho-so/tiep-nhan/<ma:code>/", staff.intake, name="dossiers-staff-intake-form"),
    path("can-bo/ho-so/truc-tuyen/", online_queue.queue, name="dossiers-online-queue"),
    path("can-bo/ho-so/<ma:code>/", staff.detail, name="dossiers-staff-detail"),
    path("can-bo/ho-so/<ma:code>/thao-tac/<slug:action>/", staff.act, name="dossiers-staff-action"),
    path(
        "can-bo/ho-so/<ma:code>/tep/<int:file_id>/",
        staff.file_download,
        name="dossiers-staff-file",
    ),
    # Official forms.
    path(
        "can-bo/in/ho-so/<ma:code>/mau-<str:number>/",
        printouts.dossier_form,
        name="dossier-form",
    ),
    path("can-bo/in/so-theo-doi/", printouts.register_book, name="dossier-register"),
    # Due-date recomputation after a calendar change.
    path("can-bo/tinh-lai-han/", recompute.run_list, name="dossier-recompute-list"),
    path("can-bo/tinh-lai-han/<int:pk>/", recompute.run_detail, name="dossier-recompute-detail"),
    path(
        "can-bo/tinh-lai-han/<int:pk>/tien-do/",
        recompute.run_progress,
        name="dossier-recompute-progress",
    ),
    # Who opened which dossier's personal data (agency admins).
    path("can-bo/nhat-ky-truy-cap/", access.access_log, name="dossier-access-log"),
    # Public lookup.
    path("tra-cuu/", public.lookup, name="dossier-lookup"),
]
