from django.apps import AppConfig
from django.core import checks


class FilesConfig(AppConfig):
    name = "motcua.files"
    verbose_name = "Tệp đính kèm"

    def ready(self):
        checks.register(check_upload_settings)


def check_upload_settings(app_configs=None, **kwargs):
    """MOTCUA_UPLOAD_* must make a policy: refused at start, not as a 500 on an upload."""
    from .policy import default_policy

    try:
        default_policy()
    except ValueError as error:
        return [checks.Error(f"MOTCUA_UPLOAD_*: {error}", id="files.E001")]
    return []
