from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("motcua.core.urls")),
    path("", include("motcua.org.urls")),
    path("", include("motcua.catalog.urls")),
    path("", include("motcua.workcal.urls")),
    path("", include("motcua.dossiers.urls")),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.payments.urls")),
    path("", include("motcua.outbound.urls")),
    path("", include("motcua.indicators.urls")),
]
if settings.MOTCUA_ADMIN_ENABLED:
    urlpatterns.append(path(settings.MOTCUA_ADMIN_PATH, admin.site.urls))

handler400 = "motcua.core.views.bad_request"
handler403 = "motcua.core.views.permission_denied"
handler404 = "motcua.core.views.page_not_found"
handler500 = "motcua.core.views.server_error"
