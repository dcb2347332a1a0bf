from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = "Dùng chung"

    def ready(self):
        from .append_only import install_sqlite_function

        # Before any migration or query: the append-only triggers call this function.
        connection_created.connect(install_sqlite_function, dispatch_uid="motcua_append_only")
