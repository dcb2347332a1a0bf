"""The whole demo, loaded in dependency order by `manage.py load_demo` (idempotent)."""

from motcua.demo import (
    catalogue,
    citizens,
    dossiers,
    eforms,
    fee_rules,
    online,
    organisation,
    outbox,
    payments,
)

# The organisation first (the catalogue is published for its ward, with its e-forms and
# fee rules), the citizens' portal accounts before the online dossiers they submit, then
# the dossiers and their payments, then the outbox (the generated history's messages marked
# sent).
LOADERS = (
    organisation.load,
    catalogue.load,
    eforms.load,
    fee_rules.load,
    citizens.load,
    dossiers.load,
    online.load,
    payments.load,
    outbox.load,
)


def load_all(stdout=None) -> None:
    for load in LOADERS:
        if stdout:
            stdout.write(f"  · {load.__module__}")
        load()
