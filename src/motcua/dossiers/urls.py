from django.urls import include, path

from . import print_views

urlpatterns = [
    path(
        "can-bo/in/ho-so/<str:code>/mau-<str:number>/",
        print_views.dossier_form,
        name="dossier-form",
    ),
    path("can-bo/in/so-theo-doi/", print_views.register_book, name="dossier-register"),
    path("can-bo/ho-so/", include("motcua.dossiers.staff.urls")),
    path("tra-cuu/", include("motcua.dossiers.public.urls")),
]
