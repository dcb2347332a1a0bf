"""``manage.py recompute_due``: every bad option is exit status 2 with a message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.models import RecomputeRun

MANAGE_PY = Path(__file__).resolve().parents[4] / "manage.py"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"batch": 99999999999999999999}, "--batch phải từ 1 đến 10000"),
        ({"batch": 0}, "--batch phải từ 1 đến 10000"),
        ({"batch": -3}, "--batch phải từ 1 đến 10000"),
        ({"agency": "KHONG-CO"}, "Không có cơ quan mã KHONG-CO"),
        ({"agency": "T01.01", "date_from": "0001-01-01"}, "ngoài phạm vi lịch (1990–2100)"),
        ({"agency": "T01.01", "date_to": "9999-12-31"}, "ngoài phạm vi lịch (1990–2100)"),
        ({"agency": "T01.01", "date_from": "31/12/2026"}, "Ngày không hợp lệ"),
        ({"agency": "T01.01", "date_from": "2026-03-01", "date_to": "2026-02-01"}, "sau ngày"),
    ],
)
def test_bad_options_exit_2_with_a_message(org, options, message):
    with pytest.raises(CommandError) as caught:
        call_command("recompute_due", **options)
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert not RecomputeRun.objects.exists()


@pytest.mark.slow
def test_a_huge_batch_from_the_shell_is_a_message_not_a_traceback():
    done = subprocess.run(
        [sys.executable, str(MANAGE_PY), "recompute_due", "--batch", "99999999999999999999"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--batch phải từ 1 đến 10000" in done.stderr.decode()
    assert b"Traceback" not in done.stderr
