from django.urls import path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import views

urlpatterns = [
    path("can-bo/hop-thu-di/", views.message_list, name="outbound-message-list"),
    path("can-bo/hop-thu-di/<int:pk>/", views.message_detail, name="outbound-message-detail"),
    path(
        "can-bo/hop-thu-di/<int:pk>/gui-lai/", views.message_resend, name="outbound-message-resend"
    ),
    path(
        "can-bo/ho-so/<ma:code>/lien-ket-thanh-toan/gui/",
        views.send_payment_link,
        name="outbound-payment-link-send",
    ),
]
