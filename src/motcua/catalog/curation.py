"""The catalogue's curation notes and the citizen's reading of a note.

The researched snapshot (data/procedures-notes.md) and imported rows carry the editors'
doubts inside the notes themselves: reviewer tags ("[uncertain]", "[suy luận: …]",
"[mức độ chưa xác định]") and remarks on sources ("Cổng ghi 'Thời gian'=1 …",
"— kiểm tra NQ HĐND tỉnh", "(theo lsu.vn)"). They are for catalogue editors (the staff
catalogue pages and the caveats box). Every page a citizen or a counter officer reads
shows a note through ``citizen_text``, which keeps the statements and drops the curation.
"""

import re

# What marks a clause as the editors' remark rather than a statement for the public.
# Matched case-insensitively, with accents (``công`` in "có công" is not ``Cổng``); the
# portal named as a channel ("Cổng Dịch vụ công") is a statement, the portal as a source is not.
CURATION_MARKERS = (
    "[uncertain",
    "[suy luận",
    "[mức độ chưa xác định",
    "Cổng ghi",
    "Cổng DVC",
    "Cổng:",
    "Cổng hiển thị",
    "Cổng còn",
    "trên Cổng",
    "DVCQG",
    "DVC ",
    "(API)",
    "API detail",
    "kiểm tra NQ",
    "đối chiếu",
    "chưa xác minh",
    "chưa tìm được",
    "theo trang",
    "trang xã",
    "trang TTHC",
    "TTHC Thừa Thiên Huế",
    "lsu.vn",
    "kho tri thức",
    "nguồn thứ cấp",
    "thấy trong",
    "có thể đã rút ngắn",
    "crawl",
)
_MARKER = re.compile("|".join(re.escape(marker) for marker in CURATION_MARKERS), re.IGNORECASE)
# A reviewer tag: "[uncertain]", "[uncertain: why]", "[suy luận: …]", "[mức độ chưa xác định; …]".
_TAG = re.compile(r"\s*\[[^\]]*\]")
_BARE_TAG_START = re.compile(r"^\s*\[(?:uncertain|mức độ chưa xác định)[^\]:]*\]", re.IGNORECASE)
# A sentence ends after ". "; a clause after "; " outside a reviewer tag. A dash " — " opens
# an aside to its clause.
_SENTENCE_END = re.compile(r"(?<=\.)\s+")
_CLAUSE_END = re.compile(r"(?<=;)\s+(?![^\[]*\])")
_ASIDE = " — "


def has_curation(text: str) -> bool:
    return bool(_MARKER.search(text or ""))


def citizen_text(value: str) -> str:
    """A note as the public reads it: statements kept, the editors' remarks dropped.

    A bare doubt tag ("[uncertain] khai sinh quá hạn …") casts doubt on its clause, which
    goes; a tag with its reason inside a clause goes alone; a clause, a dash
    aside or a bracketed aside that names a source or a check goes. What is left keeps its
    own words and punctuation.
    """
    text = _clean(value or "")
    return text[:1].upper() + text[1:]


def _clean(text: str) -> str:
    lines = []
    for line in _without_marked_asides(text).splitlines():
        clauses = []
        for sentence in _SENTENCE_END.split(line):
            for clause in _CLAUSE_END.split(sentence):
                if kept := _kept_clause(clause):
                    clauses.append(kept)
        if kept_line := _join(clauses):
            lines.append(kept_line)
    return "\n".join(lines)


def _kept_clause(clause: str) -> str:
    """The clause without tags and curation asides, or "" when it is a remark as a whole."""
    if _BARE_TAG_START.match(clause):
        return ""
    main, *asides = _TAG.sub("", clause).split(_ASIDE)
    if not _is_statement(main):
        return ""
    return _ASIDE.join([main] + [aside for aside in asides if _is_statement(aside)]).strip()


def _is_statement(clause: str) -> bool:
    return not has_curation(clause) and bool(clause.strip(" .;"))


def _join(clauses: list[str]) -> str:
    """Clauses back into one sentence run, each ending as it ended in the source."""
    parts = []
    for index, clause in enumerate(clauses):
        last = index == len(clauses) - 1
        if last:
            parts.append(clause.rstrip(";"))
        elif clause.endswith((".", ";")):
            parts.append(clause)
        else:
            parts.append(clause + ";")
    return " ".join(parts).strip()


def _without_marked_asides(text: str) -> str:
    """Drop each bracketed aside "( … )" whose words are curation; clean the others inside."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "(":
            out.append(char)
            index += 1
            continue
        end = _closing(text, index)
        if end is None:
            out.append(text[index:])
            break
        inner = text[index + 1 : end]
        cleaned = _clean(inner) if has_curation(inner) else inner
        if cleaned.strip():
            out.append(f"({cleaned})")
        elif out and out[-1] == " ":
            out.pop()
        index = end + 1
    return "".join(out)


def _closing(text: str, start: int) -> int | None:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None
