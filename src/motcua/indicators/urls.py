"""URL routes of the indicators UI (mounted at the site root by motcua.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("can-bo/chi-so/", views.dashboard, name="indicators-dashboard"),
    path("can-bo/chi-so/ho-so/", views.drilldown, name="indicators-drilldown"),
    path("can-bo/chi-so/xuat-excel/", views.export_xlsx, name="indicators-export-xlsx"),
    path("can-bo/chi-so/bao-cao-thang/", views.monthly_report, name="indicators-report-pdf"),
    path("thong-ke/", views.public_statistics, name="indicators-public"),
    path("bang-dien-tu/", views.liveboard, name="indicators-liveboard"),
]
