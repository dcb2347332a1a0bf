from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "motcua.files"
    verbose_name = "Tệp đính kèm"
