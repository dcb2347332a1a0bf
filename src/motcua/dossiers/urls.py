from django.urls import include, path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import print_views, recompute_views

urlpatterns = [
    path(
        "can-bo/in/ho-so/<ma:code>/mau-<str:number>/",
        print_views.dossier_form,
        name="dossier-form",
    ),
    path("can-bo/in/so-theo-doi/", print_views.register_book, name="dossier-register"),
    path("can-bo/tinh-lai-han/", recompute_views.run_list, name="dossier-recompute-list"),
    path(
        "can-bo/tinh-lai-han/<int:pk>/", recompute_views.run_detail, name="dossier-recompute-detail"
    ),
    path(
        "can-bo/tinh-lai-han/<int:pk>/tiep/",
        recompute_views.run_advance,
        name="dossier-recompute-advance",
    ),
    path("can-bo/ho-so/", include("motcua.dossiers.staff.urls")),
    path("tra-cuu/", include("motcua.dossiers.public.urls")),
]
