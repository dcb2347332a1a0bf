from django.urls import include, path

from . import views

urlpatterns = [
    path("dich-vu-cong/", views.home, name="portal-home"),
    path("dich-vu-cong/thong-tin-ca-nhan/", views.profile, name="portal-profile"),
    # allauth: register, sign in and out, verify e-mail and phone, reset and change the
    # password, identity providers (docs/portal.md).
    path("dich-vu-cong/tai-khoan/", include("allauth.urls")),
]
