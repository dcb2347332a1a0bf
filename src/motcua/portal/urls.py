from django.urls import include, path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import dossier_views, views

urlpatterns = [
    path("dich-vu-cong/", views.home, name="portal-home"),
    path("dich-vu-cong/thong-tin-ca-nhan/", views.profile, name="portal-profile"),
    # Hồ sơ của tôi (docs/portal.md).
    path("dich-vu-cong/ho-so/", dossier_views.my_dossiers, name="portal-my-dossiers"),
    path("dich-vu-cong/ho-so/<ma:code>/", dossier_views.my_dossier, name="portal-my-dossier"),
    path(
        "dich-vu-cong/ho-so/<ma:code>/rut/",
        dossier_views.withdraw,
        name="portal-my-dossier-withdraw",
    ),
    path(
        "dich-vu-cong/ho-so/<ma:code>/nhan-ket-qua/",
        dossier_views.choose_delivery,
        name="portal-my-dossier-delivery",
    ),
    path(
        "dich-vu-cong/ho-so/<ma:code>/bo-sung/",
        dossier_views.supplement,
        name="portal-my-dossier-supplement",
    ),
    path(
        "dich-vu-cong/ho-so/<ma:code>/tep/<int:file_id>/",
        dossier_views.file_download,
        name="portal-my-dossier-file",
    ),
    path(
        "dich-vu-cong/ho-so/<ma:code>/mau-<str:number>/",
        dossier_views.form_download,
        name="portal-my-dossier-form",
    ),
    # allauth: register, sign in and out, verify e-mail and phone, reset and change the
    # password, identity providers (docs/portal.md).
    path("dich-vu-cong/tai-khoan/", include("allauth.urls")),
]
