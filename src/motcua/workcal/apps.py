from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "motcua.workcal"
    verbose_name = "Lịch làm việc"
