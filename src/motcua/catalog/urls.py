from django.urls import path, register_converter

from . import views


class ProcedureCodeConverter:
    """Mã thủ tục: digits, letters, dots and hyphens (1.001193, 1.014028.H38)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,39}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProcedureCodeConverter, "ma_thu_tuc")

urlpatterns = [
    path("thu-tuc/", views.public_list, name="catalog-public-list"),
    path("thu-tuc/<ma_thu_tuc:code>/", views.public_detail, name="catalog-public-detail"),
    path("can-bo/thu-tuc/", views.admin_list, name="catalog-admin-list"),
    path("can-bo/thu-tuc/nhap-excel/", views.admin_import, name="catalog-admin-import"),
    path("can-bo/thu-tuc/xuat-excel/", views.admin_export, name="catalog-admin-export"),
    path("can-bo/thu-tuc/mau-excel/", views.admin_template, name="catalog-admin-template"),
    path("can-bo/thu-tuc/nguon-du-lieu/", views.admin_notes, name="catalog-admin-notes"),
    path("can-bo/thu-tuc/<ma_thu_tuc:code>/", views.admin_detail, name="catalog-admin-detail"),
]
