from django.urls import path

from . import views

urlpatterns = [
    # /tra-cuu/?ma=<code> is printed as a QR code on the receipt (Mẫu 01): keep it stable.
    path("", views.lookup, name="dossier-lookup"),
]
