import datetime as dt

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = "Thanh toán phí, lệ phí"

    def ready(self):
        from motcua.core import periodic

        # Pending online payments older than 15 minutes are asked about at the gateway
        # (VNPAY's querydr), every 5 minutes; the worker runs it (docs/payments.md).
        periodic.register(
            "payments.check_pending",
            dt.timedelta(minutes=5),
            "motcua.payments.services.check_pending_payments",
        )
