from django.apps import AppConfig
from django.core import checks


class DemoConfig(AppConfig):
    name = "motcua.demo"
    verbose_name = "Dữ liệu mẫu"

    def ready(self):
        from .checks import demo_password_in_use

        # deploy=True: `check --deploy` runs it (it hashes, see checks.py), startup does not.
        checks.register(demo_password_in_use, checks.Tags.security, deploy=True)
