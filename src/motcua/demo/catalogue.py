"""Demo catalogue: catalog/data/procedures.csv, 53 ward-level procedures for Phường Hòa Bình.

The CSV and its notes (catalog/data/procedures-notes.md) are a researched snapshot of the
national portal with caveats; the loader keeps every value it reads and every doubt
(the [uncertain], [suy luận], [mức độ chưa xác định] tags) in the version's
``caveats`` so that admins see them. Where the CSV leaves something to the
reader, the choice made here is written in docs/catalog.md:

- deadline 0 → same day with the 15:00 cut-off (every such row says "Trong ngày");
- deadline blank → PROVISIONAL_DEADLINE_DAYS working days, flagged provisional;
- deadline_unit "ngày" → calendar days (the law says "ngày", not "ngày làm việc"), blank →
  working days; deadline_variants → the deadlines by case, channel and stage, one per
  line as the spreadsheet writes them (catalog.deadlines);
- online level: stated level if any; otherwise "một phần" when an online channel is
  listed, "không" when none is (both flagged);
- result delivery: at the counter always, by post when the post is a channel, and
  electronically for fully-online procedures (inferred, see docs);
- competent unit: by sector, to the ward's departments (illustrative mapping).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from django.db import transaction

from motcua.catalog import deadlines, fees
from motcua.catalog.content import DocumentData, VersionData
from motcua.catalog.models import (
    CopyType,
    DeadlineKind,
    OnlineLevel,
    ProcedureVersion,
    ResultDelivery,
)
from motcua.catalog.search import normalize_search
from motcua.catalog.services import publish_version
from motcua.catalog.snapshot import CSV_PATH
from motcua.demo import fee_rules
from motcua.org.models import Agency

SCOPE_CODE = "H26.80"  # Phường Hòa Bình, Thành phố Hải Phòng (demo/organisation.py)
VALID_FROM = dt.date(2025, 7, 1)  # two-tier local government starts
CUTOFF = dt.time(15, 0)
# Blank deadline: 3 working days, the most common deadline of the catalogue's
# ward-level procedures, used only to give an appointment and flagged provisional.
PROVISIONAL_DEADLINE_DAYS = 3

# Illustrative: which of Hòa Bình's departments resolves each sector (demo/organisation.py codes).
UNIT_BY_SECTOR = {
    "Hộ tịch": "H26.80.02",  # Phòng Văn hóa - Xã hội (tư pháp - hộ tịch specialist)
    "Chứng thực": "H26.80.02",
    "Nuôi con nuôi": "H26.80.02",
    "Bảo trợ xã hội": "H26.80.02",
    "Giảm nghèo": "H26.80.02",
    "Văn hóa (lễ hội)": "H26.80.02",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)": "H26.80.03",
    "Hoạt động xây dựng": "H26.80.03",
    "Đất đai": "H26.80.03",
    "Quy hoạch đô thị và nông thôn": "H26.80.03",
    "Trồng trọt": "H26.80.03",
}

CAVEAT_TAGS = ("[uncertain", "[suy luận", "[mức độ chưa xác định", "tùy tỉnh")
PRESENT_PREFIX = re.compile(r"^Xuất trình[^:]*:\s*")
NOTE_PREFIX = re.compile(r"^Ghi chú:\s*")


def _has_caveat(text: str) -> bool:
    return any(tag in text for tag in CAVEAT_TAGS)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def parse_deadline(days: str, note: str, unit: str = "") -> tuple[str, int, bool, list[str]]:
    """(kind, amount, provisional, caveats) from the CSV's deadline_days, its note and its
    unit ("ngày": calendar days; blank: working days)."""
    days = days.strip()
    if not days:
        return (
            DeadlineKind.DAYS,
            PROVISIONAL_DEADLINE_DAYS,
            True,
            [
                f"Thời hạn tạm tính {PROVISIONAL_DEADLINE_DAYS:02d} ngày làm việc: nguồn không ghi "
                "thời hạn; đối chiếu quyết định công bố của tỉnh trước khi dùng."
            ],
        )
    if int(days) == 0:
        if "trong ngay" not in normalize_search(note):
            raise ValueError(f"deadline 0 without 'Trong ngày' in its note: {note!r}")
        return DeadlineKind.SAME_DAY, 0, False, []
    if unit.strip() == "ngày":
        return DeadlineKind.CALENDAR_DAYS, int(days), False, []
    if unit.strip():
        raise ValueError(f"deadline_unit must be blank or 'ngày': {unit!r}")
    return DeadlineKind.DAYS, int(days), False, []


def split_fee_note(note: str) -> tuple[str, str]:
    """(fee note, exemptions): the '; miễn cho …' parts are the exemptions."""
    parts = [part.strip() for part in note.split("; ") if part.strip()]
    exemptions = [part for part in parts if part.lower().startswith("miễn cho")]
    rest = [part for part in parts if part not in exemptions]
    return "; ".join(rest), "; ".join(_capitalised(part) for part in exemptions)


def parse_online_level(text: str) -> tuple[str, list[str]]:
    """(level, caveats) from the CSV's online_level text."""
    plain = normalize_search(text)
    if plain.startswith("toan trinh"):
        return OnlineLevel.FULL, []
    if plain.startswith("mot phan"):
        return OnlineLevel.PARTIAL, []
    if plain.startswith("khong co dvctt"):
        return OnlineLevel.NONE, []
    channels = plain.split("kenh", 1)[1] if "kenh" in plain else ""
    if "truc tuyen" in channels:
        return OnlineLevel.PARTIAL, [
            "Mức độ trực tuyến tạm xếp 'một phần' [suy luận]: nguồn chưa xác định mức độ nhưng "
            "có liệt kê kênh nộp trực tuyến."
        ]
    return OnlineLevel.NONE, [
        "Mức độ trực tuyến tạm xếp 'không' [suy luận]: nguồn không ghi kênh nộp trực tuyến."
    ]


def result_delivery_for(level: str, online_text: str) -> tuple[str, ...]:
    """Counter always; post when the post is a channel; electronic when fully online."""
    options = [ResultDelivery.COUNTER]
    if level == OnlineLevel.FULL or "buu chinh" in normalize_search(online_text):
        options.append(ResultDelivery.POSTAL)
    if level == OnlineLevel.FULL:
        options.append(ResultDelivery.ELECTRONIC)
    return tuple(options)


def copy_type_for(name: str) -> str:
    plain = normalize_search(name)
    if plain.startswith("ban sao co chung thuc"):
        return CopyType.CERTIFIED_COPY
    if plain.startswith("ban sao"):
        return CopyType.PHOTOCOPY
    return CopyType.ORIGINAL


def parse_documents(cell: str) -> tuple[tuple[DocumentData, ...], str]:
    """(documents, documents note) from the ' | '-separated list."""
    documents, notes = [], []
    for item in (part.strip() for part in cell.split(" | ")):
        if not item:
            continue
        if NOTE_PREFIX.match(item):
            notes.append(_capitalised(NOTE_PREFIX.sub("", item)))
        elif PRESENT_PREFIX.match(item):
            documents.append(
                DocumentData(_capitalised(PRESENT_PREFIX.sub("", item)), CopyType.PRESENT_ONLY)
            )
        else:
            documents.append(DocumentData(item, copy_type_for(item)))
    return tuple(documents), "\n".join(notes)


def legal_basis_from_source(source: str) -> str:
    """The publishing decisions the source cites (QĐ công bố, provincial decision)."""
    found = [
        f"Quyết định công bố {match.strip()}"
        for match in re.findall(r"QĐ công bố ([^;),]+)", source)
    ]
    found += [
        f"Cấp xã thực hiện theo {match.strip()}"
        for match in re.findall(r"xác nhận cấp xã: (QĐ [^,]+)", source)
    ]
    return "\n".join(dict.fromkeys(found))


def row_to_version(row: dict[str, str]) -> VersionData:
    kind, amount, provisional, caveats = parse_deadline(
        row["deadline_days"], row["deadline_note"], row["deadline_unit"]
    )
    level, level_caveats = parse_online_level(row["online_level"])
    fee_note, exemptions = split_fee_note(row["fee_note"])
    documents, documents_note = parse_documents(row["documents"])
    rule = fee_rules.rule_for(row["code"].strip())  # the fee as the law writes it
    if _has_caveat(row["deadline_note"]):
        caveats.append(f"Thời hạn: {row['deadline_note']}")
    if _has_caveat(row["fee_note"]):
        caveats.append(f"Phí, lệ phí: {row['fee_note']}")
    if _has_caveat(row["online_level"]):
        caveats.append(f"Mức độ trực tuyến (nguồn): {row['online_level']}")
    caveats += level_caveats
    return VersionData(
        code=row["code"].strip(),
        name=row["name"].strip(),
        sector=row["field"].strip(),
        valid_from=VALID_FROM,
        deadline_kind=kind,
        deadline_amount=amount,
        same_day_cutoff=CUTOFF,
        deadline_provisional=provisional,
        deadline_note=row["deadline_note"].strip(),
        deadline_variants=deadlines.parse(row["deadline_variants"]),
        fee_vnd=None if rule else int(row["fee_vnd"]) if row["fee_vnd"].strip() else None,
        fee_note=fee_note,
        fee_rule=rule or fees.FeeRule(),
        exemptions=exemptions,
        online_level=level,
        online_level_note=row["online_level"].strip(),
        competent_unit_code=UNIT_BY_SECTOR[row["field"].strip()],
        result_delivery=result_delivery_for(level, row["online_level"]),
        documents_note=documents_note,
        legal_basis=legal_basis_from_source(row["source"]),
        source=row["source"].strip(),
        caveats="\n".join(caveats),
        documents=documents,
    )


def read_rows(path: Path = CSV_PATH) -> list[VersionData]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row_to_version(row) for row in csv.DictReader(handle)]


@transaction.atomic
def load() -> None:
    """Publish the demo versions for Phường Hòa Bình (idempotent: existing ones are kept)."""
    scope = Agency.objects.get(code=SCOPE_CODE)
    already = set(
        ProcedureVersion.objects.filter(scope=scope, valid_from=VALID_FROM).values_list(
            "procedure__code", flat=True
        )
    )
    for data in read_rows():
        if data.code not in already:
            publish_version(actor=None, scope=scope, data=data)
