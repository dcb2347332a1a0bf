from motcua.dossiers.tests.conftest import (  # noqa: F401  (fixtures reused as they are)
    APPLICANT,
    at,
    in_processing,
    procs,
    receive,
    staff,
)
