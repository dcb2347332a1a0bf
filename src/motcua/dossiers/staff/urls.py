"""/can-bo/ho-so/: counter intake, inboxes and the dossier page (mounted by dossiers.urls)."""

from django.urls import path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import views

urlpatterns = [
    path("", views.inbox_list, name="dossiers-staff-inbox"),
    path("tiep-nhan/", views.intake_search, name="dossiers-staff-intake"),
    path("tiep-nhan/<ma:code>/", views.intake, name="dossiers-staff-intake-form"),
    path("<ma:code>/", views.detail, name="dossiers-staff-detail"),
    path("<ma:code>/thao-tac/<slug:action>/", views.act, name="dossiers-staff-action"),
]
