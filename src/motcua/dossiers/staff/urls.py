"""/can-bo/ho-so/: counter intake, inboxes and the dossier page (mounted by dossiers.urls)."""

from django.urls import path, register_converter

from . import views


class DossierCodeConverter:
    """Mã hồ sơ: agency identifier, date and number (000.00.01.H29-240115-0001)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DossierCodeConverter, "ma_ho_so")

urlpatterns = [
    path("", views.inbox_list, name="dossiers-staff-inbox"),
    path("tiep-nhan/", views.intake_search, name="dossiers-staff-intake"),
    path("tiep-nhan/<str:code>/", views.intake, name="dossiers-staff-intake-form"),
    path("<ma_ho_so:code>/", views.detail, name="dossiers-staff-detail"),
    path("<ma_ho_so:code>/thao-tac/<slug:action>/", views.act, name="dossiers-staff-action"),
]
