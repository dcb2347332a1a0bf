from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from motcua.workcal.signals import register_recompute_handler

        from .recompute import on_calendar_changed

        register_recompute_handler(on_calendar_changed)

        import datetime as dt

        from motcua.core import periodic

        periodic.register(
            "dossiers.resume_unfinished_recompute",
            dt.timedelta(minutes=10),
            "motcua.dossiers.tasks.resume_unfinished",
        )
