"""Payments' paths. The IPN and return paths are registered with the gateway (VNPAY's
merchant admin): keep them stable."""

from django.urls import path

from motcua.core import converters  # noqa: F401  (registers <ma:…>)

from . import views

urlpatterns = [
    path("thanh-toan/<slug:provider>/ipn/", views.ipn, name="payments-ipn"),
    path("thanh-toan/<slug:provider>/tra-ve/", views.return_page, name="payments-return"),
    path(
        "thanh-toan/thu-nghiem/cong/", views.sandbox_gateway_page, name="payments-sandbox-gateway"
    ),
    path("thanh-toan/ho-so/<str:token>/", views.payment_page, name="payments-page"),
    path(
        "thanh-toan/ho-so/<str:token>/bien-lai/<int:payment_id>/",
        views.public_receipt,
        name="payments-public-receipt",
    ),
    # Staff.
    path("can-bo/ho-so/<ma:code>/thu-phi/", views.counter_payment, name="payments-counter"),
    path("can-bo/ho-so/<ma:code>/lien-ket-thanh-toan/", views.payment_link, name="payments-link"),
    path("can-bo/ho-so/<ma:code>/hoan-phi/<int:payment_id>/", views.refund, name="payments-refund"),
    path("can-bo/bien-lai/<int:payment_id>/", views.staff_receipt, name="payments-staff-receipt"),
    path("can-bo/doi-soat/", views.reconciliation, name="payments-reconciliation"),
    path("can-bo/doi-soat/<int:pk>/", views.reconciliation_run, name="payments-reconciliation-run"),
]
