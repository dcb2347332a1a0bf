"""Settings of the worker processes started by the PostgreSQL tests and the bench: the
product's settings, with the SMS channel writing (slowly) to the file the test names."""

import os

from motcua.settings import *  # noqa: F403
from motcua.settings import MOTCUA_CHANNELS

MOTCUA_CHANNELS = {
    **MOTCUA_CHANNELS,
    "sms": {
        "CLASS": os.environ.get("OUTBOX_TEST_CLASS", "motcua.outbound.tests.fakes.SlowFileChannel"),
        "PATH": os.environ.get("OUTBOX_TEST_FILE", ""),
        "DELAY": float(os.environ.get("OUTBOX_TEST_DELAY", "0")),
    },
}
