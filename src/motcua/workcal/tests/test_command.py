"""manage.py workdays due|explain: first stdout line, exit status 2 on bad input."""

import datetime as dt
import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from motcua.org.models import Role
from motcua.workcal.services import add_override


def run(capsys, *args) -> tuple[int, str, str]:
    """Run the command as from a shell: (exit status, stdout, stderr)."""
    try:
        execute_from_command_line(["manage.py", "workdays", *args])
        status = 0
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_due_prints_iso_8601_with_offset_first(capsys):
    status, out, err = run(capsys, "due", "--received", "2026-02-13T10:00", "--days", "3")
    assert status == 0, err
    assert out.splitlines()[0] == "2026-02-25T10:00:00+07:00"
    assert out.splitlines()[1] == "10:00 Thứ Tư, 25/02/2026"


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["--received", "2026-03-09T10:00", "--hours", "4"], "2026-03-09T16:00:00+07:00"),
        (["--received", "2026-03-09T07:30", "--hours", "4"], "2026-03-09T11:30:00+07:00"),
        (["--received", "2026-03-09T16:00", "--same-day"], "2026-03-10T17:30:00+07:00"),
        (
            ["--received", "2026-03-09T15:30", "--same-day", "--cutoff", "16:00"],
            "2026-03-09T17:30:00+07:00",
        ),
        (["--received", "2026-02-13T03:00Z", "--days", "3"], "2026-02-25T10:00:00+07:00"),
        (["--received", "2026-02-13T10:00+07:00", "--days", "3"], "2026-02-25T10:00:00+07:00"),
        (["--received", "13/02/2026 10:00", "--days", "3"], "2026-02-25T10:00:00+07:00"),
        (["--received", "2025-04-24T09:00", "--days", "2"], "2025-04-26T09:00:00+07:00"),
    ],
)
def test_due_variants(capsys, args, first_line):
    status, out, err = run(capsys, "due", *args)
    assert status == 0, err
    assert out.splitlines()[0] == first_line


@pytest.mark.parametrize(
    ("received", "days", "first_line"),
    [
        # Art. 147: 13/02 not counted; 15 days end Sat 28/02 → Art. 148: Mon 02/03.
        ("2026-02-13T10:00", "15", "2026-03-02T17:30:00+07:00"),
        # The last day falls in Tết (Tue 17/02): the end of the first working day after.
        ("2026-02-13T10:00", "4", "2026-02-23T17:30:00+07:00"),
        # Received on a working day, last day a working day: the end of its office hours.
        ("2026-03-09T16:00", "2", "2026-03-11T17:30:00+07:00"),
        # Received in the evening: counted from the next working day's receipt (10/03).
        ("2026-03-09T19:00", "2", "2026-03-12T17:30:00+07:00"),
    ],
)
def test_due_in_calendar_days(capsys, received, days, first_line):
    status, out, err = run(capsys, "due", "--received", received, "--calendar-days", days)
    assert status == 0, err
    assert out.splitlines()[0] == first_line
    assert len(out.splitlines()) == 2


def test_explain_in_calendar_days_cites_the_civil_code(capsys):
    args = ("explain", "--received", "2026-02-13T10:00", "--calendar-days", "4")
    status, out, _ = run(capsys, *args)
    assert status == 0
    assert "Bộ luật Dân sự 2015, Điều 147–148" in out
    assert "Ngày cuối cùng là ngày nghỉ (Tết Nguyên Đán)" in out


def test_explain_prints_the_derivation(capsys):
    status, out, _ = run(capsys, "explain", "--received", "2026-02-13T10:00", "--days", "3")
    assert status == 0
    assert "Giao thừa Tết Nguyên Đán" in out
    assert "- Thứ Bảy, 14/02/2026: nghỉ — Thứ Bảy." in out
    assert out.rstrip().endswith("Hạn giải quyết: 10:00 Thứ Tư, 25/02/2026.")


def test_explain_as_json(capsys):
    import json

    status, out, _ = run(
        capsys, "explain", "--received", "2026-02-13T10:00", "--days", "3", "--json"
    )
    assert status == 0
    data = json.loads(out)
    assert data["end"] == "2026-02-25T10:00:00+07:00"
    assert data["counted_seconds"] == 24 * 3600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--received", "2026-02-31T10:00", "--days", "3"], "thời điểm không hợp lệ"),
        (["due", "--received", "hôm nay", "--days", "3"], "thời điểm không hợp lệ"),
        (["due", "--received", "2026-02-13T10:00", "--days", "-1"], "không được âm"),
        (["due", "--received", "2026-02-13T10:00", "--days", "ba"], "cần một số nguyên"),
        (
            ["due", "--received", "2026-02-13T10:00", "--days", "1", "--hours", "2"],
            "not allowed with",
        ),
        (
            ["due", "--received", "2026-02-13T10:00", "--days", "1", "--same-day"],
            "not allowed with",
        ),
        (["due", "--received", "2026-02-13T10:00"], "one of the arguments"),
        (["due", "--days", "3"], "--received"),
        (
            ["due", "--received", "2026-02-13T10:00", "--same-day", "--cutoff", "3pm"],
            "giờ chốt không hợp lệ",
        ),
        (
            ["due", "--received", "2026-02-13T10:00", "--days", "3", "--cutoff", "15:00"],
            "--cutoff chỉ dùng cùng --same-day",
        ),
        (["due", "--received", "2150-01-05T10:00", "--days", "3"], "1990–2100"),
        (["explain", "--received", "2150-01-05T10:00", "--days", "3"], "1990–2100"),
        # Converting these between zones would overflow: refused as they are read.
        (["due", "--received", "9999-12-31T23:00Z", "--days", "3"], "ngoài phạm vi lịch"),
        (["due", "--received", "0001-01-01T00:00+14:00", "--days", "3"], "ngoài phạm vi lịch"),
        (["due", "--received", "2026-02-13T10:00", "--hours", "9" * 30], "tối đa 10000"),
        (["due", "--received", "2026-02-13T10:00", "--calendar-days", "x"], "cần một số nguyên"),
        (["due", "--received", "2026-02-13T10:00", "--calendar-days", "-1"], "không được âm"),
        (
            ["due", "--received", "2026-02-13T10:00", "--calendar-days", "3", "--days", "3"],
            "not allowed with argument",
        ),
        (
            ["due", "--received", "2026-02-13T10:00", "--calendar-days", "3", "--cutoff", "15:00"],
            "--cutoff chỉ dùng cùng --same-day",
        ),
        (["due", "--received", "2100-12-20T10:00", "--calendar-days", "30"], "1990–2100"),
        ([], "required"),
        (["weekly"], "invalid choice"),
    ],
)
def test_bad_input_exits_with_status_2(capsys, args, message):
    status, out, err = run(capsys, *args)
    assert status == 2
    assert message in err
    assert out == ""


def call(*args) -> str:
    """In-process, keeping the test's database connection (run_from_argv would close it)."""
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_unknown_agency():
    with pytest.raises(CommandError) as caught:
        call("due", "--received", "2026-02-13T10:00", "--days", "3", "--agency", "KHONG-CO")
    assert caught.value.returncode == 2
    assert "không có cơ quan mã 'KHONG-CO'" in str(caught.value)


@pytest.mark.django_db
def test_agency_calendar_and_hours(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    add_override(
        actor=admin, agency=org.ward, date=dt.date(2026, 2, 24), kind="off", reason="Phường nghỉ"
    )
    args = ["--received", "2026-02-13T10:00", "--days", "3"]
    assert call("due", *args, "--agency", "T01.01.01").splitlines()[0] == (
        "2026-02-26T10:00:00+07:00"
    )
    assert call("due", *args, "--agency", "T01.02").splitlines()[0] == ("2026-02-25T10:00:00+07:00")
    assert "- Thứ Ba, 24/02/2026: nghỉ — Phường nghỉ." in call(
        "explain", *args, "--agency", "T01.01"
    )
