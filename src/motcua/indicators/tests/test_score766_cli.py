"""``manage.py score766``: JSON in, JSON scorecards out, exit status 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

MANAGE_PY = Path(__file__).resolve().parents[4] / "manage.py"

EXAMPLE = {
    "PROGRESS_ON_TIME": [2348, 2971],
    "PAYMENT_DOSSIERS_ONLINE": [1516, 1707],
    "PAYMENT_PROCEDURES_TRANSACTED": [12, 35],
    "PAYMENT_PROCEDURES_ON_PORTAL": [7, 35],
    "ONLINE_PROCEDURES": [52, 56],
    "ONLINE_SERVICES_USED": [406, 1968],
    "ONLINE_DOSSIERS": [150956, 152595],
}


def run_command(argument: str) -> object:
    out = io.StringIO()
    call_command("score766", argument, stdout=out)
    return json.loads(out.getvalue())


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> str:
    path = tmp_path / "counts.json"
    path.write_text(text, encoding=encoding)
    return str(path)


def test_scores_a_file(tmp_path):
    result = run_command(write(tmp_path, json.dumps(EXAMPLE)))
    assert result["items"]["PROGRESS_ON_TIME"] == 15.81
    assert result["items"]["PAYMENT_PROCEDURES_ON_PORTAL"] == 0.5
    assert result["groups"] == {
        "transparency": None,
        "progress": 15.81,
        "online_service": 8.83,
        "online_payment": 6.69,
        "digitization": None,
        "satisfaction": None,
    }
    assert result["total"] == 31.33
    assert len(result["items"]) == 21


def test_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"PETITION_PROCESSING_ON_TIME": [0, 0]}'))
    result = run_command("-")
    assert result["groups"]["satisfaction"] == 6.0
    assert result["total"] == 6.0


def test_a_list_gives_a_list_in_order(tmp_path):
    document = [{"PROGRESS_ON_TIME": [1, 2]}, {}, {"PROGRESS_ON_TIME": [2, 2]}]
    result = run_command(write(tmp_path, json.dumps(document)))
    assert [card["total"] for card in result] == [10.0, None, 20.0]


def test_accepts_a_byte_order_mark(tmp_path):
    result = run_command(write(tmp_path, '{"DOSSIER_SYNC": [1, 3]}', encoding="utf-8-sig"))
    assert result["items"]["DOSSIER_SYNC"] == 2.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"PROGRESS_ON_TIME": [3, 2]}', "PROGRESS_ON_TIME"),
        ('{"PROGRESS_ON_TIME": [1.5, 2]}', "PROGRESS_ON_TIME"),
        ('{"PROGRESS_ON_TIME": [true, 2]}', "PROGRESS_ON_TIME"),
        ('{"PROGRESS_ON_TIME": ["1", 2]}', "PROGRESS_ON_TIME"),
        ('{"PROGRESS_ON_TIME": [1]}', "PROGRESS_ON_TIME"),
        ('{"PROGRESS_ON_TIME": [NaN, 2]}', "NaN"),
        ('{"PROGRESS_ON_TIME": [1, 2], "PROGRESS_ON_TIME": [1, 2]}', "hai lần"),
        ('{"ONLINE_DOSIERS": [1, 2]}', "ONLINE_DOSSIERS"),
        ('[{"PROGRESS_ON_TIME": [1, 2]}, {"DOSSIER_SYNC": [5, 4]}]', "thứ 2"),
        ("[1, 2]", "thứ 1"),
        ('"PROGRESS_ON_TIME"', "đối tượng JSON"),
        ('{"PROGRESS_ON_TIME": [1, 2]', "dòng 1"),
        ("", "JSON không hợp lệ"),
    ],
)
def test_bad_input_is_refused_with_status_2(tmp_path, text, fragment):
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score766", write(tmp_path, text), stdout=out)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)
    assert out.getvalue() == ""


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("score766", str(tmp_path / "absent.json"))
    assert caught.value.returncode == 2
    assert "absent.json" in str(caught.value)


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "counts.json"
    path.write_bytes(b'{"PROGRESS_ON_TIME": [1, 2]} \xff')
    with pytest.raises(CommandError) as caught:
        call_command("score766", str(path))
    assert caught.value.returncode == 2


def manage(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), "score766", *args],
        input=stdin.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_subprocess_scores_stdin():
    done = manage("-", stdin=json.dumps([EXAMPLE]))
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)[0]["total"] == 31.33
    assert done.stderr == b""


@pytest.mark.slow
def test_subprocess_bad_input_exits_2_with_a_message_on_stderr():
    done = manage("-", stdin='{"PAYMENT_DOSSIERS_ONLINE": [1708, 1707]}')
    assert done.returncode == 2
    assert done.stdout == b""
    message = done.stderr.decode()
    assert "PAYMENT_DOSSIERS_ONLINE" in message
    assert "1708" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 100_000 + "]" * 100_000, "lồng nhau quá 8 cấp"),
        ('{"PROGRESS_ON_TIME": ' + "[" * 8 + "]" * 8 + "}", "lồng nhau quá 8 cấp"),
        ('{"PROGRESS_ON_TIME": [1, ' + "9" * 5000 + "]}", "dài quá 15 chữ số"),
        ('{"PROGRESS_ON_TIME": [1, 1000000000000000]}', "dài quá 15 chữ số"),
        (" " * (1024 * 1024 + 1), "lớn hơn 1 MB"),
    ],
)
def test_input_beyond_its_bounds_is_refused_with_status_2(tmp_path, text, fragment):
    with pytest.raises(CommandError) as caught:
        call_command("score766", write(tmp_path, text))
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    # A bad code is refused by its name, not by the depth check.
    with pytest.raises(CommandError, match="Mã chỉ tiêu không tồn tại"):
        call_command("score766", write(tmp_path, '{"[[[[[[[[[[\\"{{{{{{{{": [1, 2]}'))
    assert run_command(write(tmp_path, '{"PROGRESS_ON_TIME": [999999999999999, 999999999999999]}'))


def test_stdin_is_read_only_up_to_the_bound(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("[" + " " * (1024 * 1024)))
    with pytest.raises(CommandError, match="Đầu vào chuẩn lớn hơn 1 MB") as caught:
        call_command("score766", "-")
    assert caught.value.returncode == 2


@pytest.mark.slow
def test_subprocess_refuses_an_endless_device_without_a_traceback():
    done = manage("/dev/urandom", stdin="")
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"/dev/urandom" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.slow
def test_subprocess_refuses_deep_nesting_without_a_traceback():
    done = manage("-", stdin="[" * 100_000 + "]" * 100_000)
    assert done.returncode == 2
    assert "lồng nhau" in done.stderr.decode() and b"Traceback" not in done.stderr
