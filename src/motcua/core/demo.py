"""Demo data loaders, run in order by `manage.py load_demo` (idempotent)."""

from django.utils.module_loading import import_string

DEMO_LOADERS = [
    "motcua.org.demo.load",
    "motcua.catalog.demo.load",
    "motcua.dossiers.demo.load",
]


def load_all(stdout=None) -> None:
    for dotted in DEMO_LOADERS:
        try:
            loader = import_string(dotted)
        except ImportError:
            continue
        if stdout:
            stdout.write(f"  · {dotted}")
        loader()
