from django.urls import path

from . import views

urlpatterns = [
    path("can-bo/lich-lam-viec/", views.calendar_admin, name="workcal-admin"),
    path("can-bo/lich-lam-viec/them-ngay/", views.override_add, name="workcal-override-add"),
    path(
        "can-bo/lich-lam-viec/ngay/<int:pk>/xoa/",
        views.override_remove,
        name="workcal-override-remove",
    ),
    path("can-bo/lich-lam-viec/gio-lam-viec/", views.periods_set, name="workcal-periods"),
]
