from django.apps import AppConfig


class OutboundConfig(AppConfig):
    name = "motcua.outbound"
    verbose_name = "Gửi tin (hộp thư đi, kênh thông báo, tác vụ nền)"

    def ready(self):
        import datetime as dt

        from motcua.core import periodic
        from motcua.dossiers.signals import event_recorded

        from .citizen import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="outbound.citizen_messages")

        from motcua.org.signals import notice_created
        from motcua.payments.signals import payment_confirmed

        from .fees import on_payment_confirmed
        from .staff import on_notice_created

        notice_created.connect(on_notice_created, dispatch_uid="outbound.staff_notices")
        payment_confirmed.connect(on_payment_confirmed, dispatch_uid="outbound.payment_confirmed")
        periodic.register(
            "outbound.prune_task_results", dt.timedelta(days=1), "motcua.outbound.worker.prune"
        )
