"""``manage.py score766 FILE``: score Decision 766/QĐ-TTg items from counts in a JSON file.

FILE (or ``-`` for stdin) holds ``{CODE: [numerator, denominator], …}`` or a list of such
objects; the output is one scorecard ``{"items", "groups", "total"}`` per object (a list
in, a list out). Bad input: a message naming the item on stderr, nothing on stdout,
exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.indicators.scoring import parse_inputs, score_all

BAD_INPUT = 2


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


def _refuse_constant(name: str):
    # json accepts NaN and Infinity by default; they are not counts.
    raise ValueError(f"giá trị {name} không được phép")


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict:
    # json keeps the last of two equal keys silently; a doubled item code is a mistake.
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"mã {key} xuất hiện hai lần trong cùng một đối tượng")
        seen[key] = value
    return seen


def read_text(path: str) -> str:
    """The input as text: UTF-8, with or without the BOM that Windows editors add."""
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read() if stream is not None else sys.stdin.read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        raise _bad_input(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad_input(f"Tệp {path} không phải văn bản UTF-8: {exc}.") from exc


def decode_json(text: str) -> object:
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates
        )
    except json.JSONDecodeError as exc:
        raise _bad_input(
            f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."
        ) from exc
    except ValueError as exc:
        raise _bad_input(f"JSON không hợp lệ: {exc}.") from exc


def score_document(document: object) -> object:
    """One scorecard for an object, a list of scorecards for a list; all validated first."""
    if isinstance(document, list):
        batch = []
        for position, raw in enumerate(document, start=1):
            try:
                batch.append(parse_inputs(raw))
            except DomainError as exc:
                raise _bad_input(f"Phần tử thứ {position} của danh sách: {exc.message}") from exc
        return [score_all(inputs).to_json_dict() for inputs in batch]
    try:
        return score_all(parse_inputs(document)).to_json_dict()
    except DomainError as exc:
        raise _bad_input(exc.message) from exc


class Command(BaseCommand):
    help = (
        "Tính điểm Bộ chỉ số 766/QĐ-TTg từ tệp JSON {MÃ: [tử số, mẫu số]} "
        "(hoặc danh sách các đối tượng như vậy); '-' để đọc từ đầu vào chuẩn."
    )
    # A pure calculation: it needs neither the database nor the project's system checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON, hoặc '-' để đọc từ đầu vào chuẩn.")

    def handle(self, *args, file: str, **options):
        result = score_document(decode_json(read_text(file)))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
