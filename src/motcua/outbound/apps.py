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
        periodic.register(
            "outbound.prune_task_results", dt.timedelta(days=1), "motcua.outbound.worker.prune"
        )
