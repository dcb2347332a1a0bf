from django.contrib.auth import views as auth_views
from django.urls import path

from . import twofactor_views, views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", twofactor_views.verify, name="two-factor-verify"),
    path("can-bo/bao-mat/", twofactor_views.setup, name="two-factor-setup"),
    path(
        "can-bo/bao-mat/ma-du-phong/",
        twofactor_views.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("can-bo/bao-mat/tat/", twofactor_views.disable, name="two-factor-disable"),
    path("can-bo/", views.staff_home, name="staff-home"),
    path("can-bo/mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    # Cán bộ, đơn vị: the agency admin's pages.
    path("can-bo/to-chuc/", views.staff_list, name="org-staff-list"),
    path("can-bo/to-chuc/can-bo/them/", views.staff_create, name="org-staff-create"),
    path("can-bo/to-chuc/can-bo/<int:pk>/", views.staff_detail, name="org-staff-detail"),
    path(
        "can-bo/to-chuc/can-bo/<int:pk>/vai-tro/<int:agency_pk>/",
        views.staff_roles,
        name="org-staff-roles",
    ),
    path(
        "can-bo/to-chuc/can-bo/<int:pk>/giao-vai-tro/",
        views.staff_add_role,
        name="org-staff-add-role",
    ),
    path("can-bo/to-chuc/can-bo/<int:pk>/khoa/", views.staff_set_active, name="org-staff-active"),
    path(
        "can-bo/to-chuc/can-bo/<int:pk>/mat-khau/",
        views.staff_reset_password,
        name="org-staff-password",
    ),
    path("can-bo/thong-bao/da-doc/", views.notices_read, name="notices-read"),
    path("can-bo/to-chuc/phe-duyet/", views.grant_list, name="org-grant-list"),
    path("can-bo/to-chuc/phe-duyet/<int:pk>/", views.grant_decide, name="org-grant-decide"),
    path("can-bo/to-chuc/don-vi/", views.unit_list, name="org-unit-list"),
    path("can-bo/to-chuc/don-vi/them/", views.unit_create, name="org-unit-create"),
    path("can-bo/to-chuc/don-vi/<int:pk>/sua/", views.unit_edit, name="org-unit-edit"),
]
