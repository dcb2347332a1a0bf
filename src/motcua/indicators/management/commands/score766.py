"""``manage.py score766 FILE``: score Decision 766/QĐ-TTg items from counts in a JSON file.

FILE (or ``-`` for stdin) holds ``{CODE: [numerator, denominator], …}`` or a list of such
objects; the output is one scorecard ``{"items", "groups", "total"}`` per object (a list
in, a list out). Bad input: a message naming the item on stderr, nothing on stdout,
exit status 2. Input is bounded before it is decoded: at most ``MAX_INPUT_BYTES`` are
read (``/dev/urandom`` is refused, not read for ever), nesting at most ``MAX_DEPTH``
deep, integers at most ``MAX_DIGITS`` digits (counts of dossiers, not arithmetic).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.indicators.scoring import parse_inputs, score_all

BAD_INPUT = 2
MAX_INPUT_BYTES = 1024 * 1024
#: A list of objects of [numerator, denominator] pairs is three deep.
MAX_DEPTH = 8
MAX_DIGITS = 15


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


def _bounded_int(text: str) -> int:
    # Counts of dossiers; json would otherwise build a 4,300-digit integer.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"số {text[:20]}… dài quá {MAX_DIGITS} chữ số")
    return int(text)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before json recurses into it (one linear pass:
    brackets inside strings do not count)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _bad_input(f"JSON không hợp lệ: lồng nhau quá {MAX_DEPTH} cấp.")
        elif char in "]}":
            depth -= 1


def read_text(path: str) -> str:
    """The input as text (UTF-8, with or without the BOM that Windows editors add), read
    only up to MAX_INPUT_BYTES."""
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            data = stream.read(MAX_INPUT_BYTES + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise _bad_input(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    if len(data) > MAX_INPUT_BYTES:
        source = "Đầu vào chuẩn" if path == "-" else f"Tệp {path}"
        raise _bad_input(f"{source} lớn hơn {MAX_INPUT_BYTES // (1024 * 1024)} MB.")
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad_input(f"Tệp {path} không phải văn bản UTF-8: {exc}.") from exc


def decode_json(text: str) -> object:
    _check_depth(text)
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_bounded_int,
            object_pairs_hook=_refuse_duplicates,
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
