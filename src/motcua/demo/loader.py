"""The whole demo, loaded in dependency order by `manage.py load_demo` (idempotent)."""

from motcua.demo import catalogue, dossiers, fee_rules, organisation

# The organisation first (the catalogue is published for its ward), the dossiers last.
LOADERS = (organisation.load, catalogue.load, fee_rules.load, dossiers.load)


def load_all(stdout=None) -> None:
    for load in LOADERS:
        if stdout:
            stdout.write(f"  · {load.__module__}")
        load()
