from django.urls import path

from . import views

urlpatterns = [
    path("can-bo/hop-thu-di/", views.message_list, name="outbound-message-list"),
    path("can-bo/hop-thu-di/<int:pk>/", views.message_detail, name="outbound-message-detail"),
    path(
        "can-bo/hop-thu-di/<int:pk>/gui-lai/", views.message_resend, name="outbound-message-resend"
    ),
]
