from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = "Dùng chung"

    def ready(self):
        from django.core.signals import request_finished

        from . import checks  # noqa: F401  (registers the system checks)
        from .append_only import install_sqlite_function
        from .logs import forget_request_id

        # Before any migration or query: the append-only triggers call this function.
        connection_created.connect(install_sqlite_function, dispatch_uid="motcua_append_only")
        request_finished.connect(forget_request_id, dispatch_uid="motcua_request_id")
