from django.urls import path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import eform_views, views

EFORM = "can-bo/thu-tuc/phien-ban/<int:version_id>/bieu-mau/"

urlpatterns = [
    path("thu-tuc/", views.public_list, name="catalog-public-list"),
    path("thu-tuc/<ma:code>/", views.public_detail, name="catalog-public-detail"),
    path("can-bo/thu-tuc/", views.admin_list, name="catalog-admin-list"),
    path("can-bo/thu-tuc/nhap-excel/", views.admin_import, name="catalog-admin-import"),
    path("can-bo/thu-tuc/xuat-excel/", views.admin_export, name="catalog-admin-export"),
    path("can-bo/thu-tuc/mau-excel/", views.admin_template, name="catalog-admin-template"),
    path("can-bo/thu-tuc/nguon-du-lieu/", views.admin_notes, name="catalog-admin-notes"),
    path(
        "can-bo/thu-tuc/muc-thu-hdnd/", views.admin_council_fees, name="catalog-admin-council-fees"
    ),
    path("can-bo/thu-tuc/<ma:code>/", views.admin_detail, name="catalog-admin-detail"),
    path(EFORM, eform_views.eform_detail, name="catalog-eform"),
    path(EFORM + "muc-do/", eform_views.online_level, name="catalog-eform-level"),
    path(EFORM + "cau-hoi/them/", eform_views.field_add, name="catalog-eform-field-add"),
    path(EFORM + "cau-hoi/<slug:key>/", eform_views.field_edit, name="catalog-eform-field"),
    path(
        EFORM + "cau-hoi/<slug:key>/xoa/",
        eform_views.field_remove,
        name="catalog-eform-field-remove",
    ),
    path(
        EFORM + "cau-hoi/<slug:key>/di-chuyen/",
        eform_views.field_move,
        name="catalog-eform-field-move",
    ),
    path(EFORM + "tep/<int:document>/", eform_views.slot_edit, name="catalog-eform-slot"),
]
