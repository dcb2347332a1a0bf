import csv
import datetime as dt

import pytest

from motcua.catalog.models import (
    CopyType,
    DeadlineKind,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.snapshot import CSV_PATH, NOTES_PATH
from motcua.demo import catalogue, organisation


def csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_repository_carries_the_catalogue_and_its_notes():
    assert len(csv_rows()) == 53
    assert "[uncertain]" in NOTES_PATH.read_text(encoding="utf-8")


def test_every_sector_has_an_illustrative_unit():
    assert {row["field"] for row in csv_rows()} <= set(catalogue.UNIT_BY_SECTOR)


@pytest.mark.parametrize(
    ("days", "note", "expected"),
    [
        ("0", "Trong ngày; tiếp nhận sau 15:00 → …", (DeadlineKind.SAME_DAY, 0, False)),
        ("3", "03 ngày làm việc", (DeadlineKind.DAYS, 3, False)),
        (
            "",
            "[uncertain] Không có thông tin",
            (DeadlineKind.DAYS, catalogue.PROVISIONAL_DEADLINE_DAYS, True),
        ),
    ],
)
def test_parse_deadline(days, note, expected):
    kind, amount, provisional, caveats = catalogue.parse_deadline(days, note)
    assert (kind, amount, provisional) == expected
    assert bool(caveats) == provisional


def test_a_zero_deadline_without_trong_ngay_is_refused():
    with pytest.raises(ValueError):
        catalogue.parse_deadline("0", "Không có thông tin")


@pytest.mark.parametrize(
    ("text", "level", "flagged"),
    [
        ("toàn trình (theo DVC An Giang; tùy tỉnh)", OnlineLevel.FULL, False),
        ("một phần [suy luận: hai bên phải có mặt]; kênh: trực tuyến", OnlineLevel.PARTIAL, False),
        ("không có DVCTT (Cổng DVCQG chỉ liệt kê nộp trực tiếp)", OnlineLevel.NONE, False),
        (
            "[mức độ chưa xác định] kênh: trực tuyến, bưu chính, trực tiếp",
            OnlineLevel.PARTIAL,
            True,
        ),
        ("[mức độ chưa xác định] kênh: bưu chính, trực tiếp", OnlineLevel.NONE, True),
        ("", OnlineLevel.NONE, True),
    ],
)
def test_parse_online_level(text, level, flagged):
    found, caveats = catalogue.parse_online_level(text)
    assert found == level
    assert bool(caveats) == flagged


def test_parse_documents_splits_present_only_and_notes():
    documents, note = catalogue.parse_documents(
        "Tờ khai theo mẫu | Bản sao giấy chứng tử | Bản sao có chứng thực hợp đồng | "
        "Xuất trình: giấy tờ tùy thân | Xuất trình (để đối chiếu): giấy khai sinh | "
        "Ghi chú: không yêu cầu giấy tờ đã có trên VNeID"
    )
    assert [(d.name, d.copy_type) for d in documents] == [
        ("Tờ khai theo mẫu", CopyType.ORIGINAL),
        ("Bản sao giấy chứng tử", CopyType.PHOTOCOPY),
        ("Bản sao có chứng thực hợp đồng", CopyType.CERTIFIED_COPY),
        ("Giấy tờ tùy thân", CopyType.PRESENT_ONLY),
        ("Giấy khai sinh", CopyType.PRESENT_ONLY),
    ]
    assert note == "Không yêu cầu giấy tờ đã có trên VNeID"
    assert catalogue.parse_documents("") == ((), "")


def test_split_fee_note_moves_exemptions():
    note, exemptions = catalogue.split_fee_note(
        "Lệ phí do HĐND tỉnh quy định; miễn cho hộ nghèo, người khuyết tật"
    )
    assert note == "Lệ phí do HĐND tỉnh quy định"
    assert exemptions == "Miễn cho hộ nghèo, người khuyết tật"


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_all_53_procedures_once():
    organisation.load()
    catalogue.load()
    catalogue.load()  # idempotent
    assert Procedure.objects.count() == 53
    assert ProcedureVersion.objects.count() == 53
    assert set(ProcedureVersion.objects.values_list("scope__code", flat=True)) == {"H26.80"}
    assert set(ProcedureVersion.objects.values_list("valid_from", flat=True)) == {
        dt.date(2025, 7, 1)
    }
    assert not ProcedureVersion.objects.filter(competent_unit__isnull=True).exists()

    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert birth.deadline_text == "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)"
    assert birth.competent_unit.code == "H26.80.02"
    assert birth.documents.filter(copy_type=CopyType.PRESENT_ONLY).count() == 2
    assert "[uncertain]" in birth.caveats

    status = ProcedureVersion.objects.get(procedure__code="1.004873")
    assert (status.deadline_text, status.fee_vnd) == ("03 ngày làm việc", None)
    assert status.exemptions.startswith("Miễn cho")

    blank = ProcedureVersion.objects.filter(deadline_provisional=True)
    assert sorted(blank.values_list("procedure__code", flat=True)) == [
        "2.000927",
        "2.000942",
        "2.002516",
    ]
    house = ProcedureVersion.objects.get(procedure__code="1.001612")
    assert house.competent_unit.code == "H26.80.03" and house.fee_vnd is None
    assert house.fee_schedule.items[0].council_key == "dang_ky_hkd"  # demo/fee_rules.py
    copies = ProcedureVersion.objects.get(procedure__code="2.000815").fee_schedule
    assert copies.items[0].cap == 200_000 and copies.needs_pages
    assert RequiredDocument.objects.count() > 150


@pytest.mark.slow
@pytest.mark.django_db
def test_public_page_hides_review_tags_and_crawl_sources(client):
    """The snapshot's reviewer tags stay in the caveats, never on the citizen's page."""
    organisation.load()
    catalogue.load()
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "[uncertain]" not in html and "[mức độ chưa xác định]" not in html
    assert "chatbot_tthc" not in html
    assert "Quyết định công bố 163/QĐ-BTP" in html


def test_the_reviewed_deadlines_carry_their_unit_cases_and_stages():
    rows = {version.code: version for version in catalogue.read_rows()}
    for code in ("1.013225", "1.013226", "1.013229"):
        permit = rows[code]
        assert (permit.deadline_kind, permit.deadline_amount) == (DeadlineKind.CALENDAR_DAYS, 20)
        assert [(v.case, v.stages[0].amount) for v in permit.deadline_variants] == [
            ("Nhà ở riêng lẻ", 15),
            ("Công trình khác", 20),
        ]
    adoption = rows["2.001263"]
    assert adoption.deadline_kind == DeadlineKind.CALENDAR_DAYS
    (stages,) = [v.stages for v in adoption.deadline_variants]
    assert [(s.kind, s.amount) for s in stages] == [
        ("calendar_days", 10),
        ("calendar_days", 15),
        ("calendar_days", 5),
    ]
    for code in ("2.000815", "2.000884"):
        assert [s.kind for v in rows[code].deadline_variants for s in v.stages] == [
            "same_day",
            "days",
        ]
    assert rows["1.001612"].deadline_kind == DeadlineKind.DAYS
    assert [v.case for v in rows["2.000575"].deadline_variants] == [
        "Cấp lại",
        "Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh",
    ]


def test_an_unknown_deadline_unit_is_refused():
    with pytest.raises(ValueError, match="deadline_unit"):
        catalogue.parse_deadline("3", "03 tuần", "tuần")


@pytest.mark.django_db
def test_demo_fee_rules_parse_and_name_real_procedures():
    """Every demo rule reads, belongs to a procedure of the snapshot and says its grounds."""
    from motcua.catalog import fees
    from motcua.demo import fee_rules

    codes = {data.code for data in catalogue.read_rows()}
    assert set(fee_rules.RULES) <= codes
    birth = fee_rules.rule_for("1.001193")
    on_time = birth.exemption("dung_han")
    assert on_time.applies_to == fees.LE_PHI and "Điều 11" in on_time.ground
    quote = fees.quote(
        birth,
        fees.FeeInputs(copies=1, exemption="dung_han"),
        {"ho_tich_khai_sinh": fees.CouncilRate("ho_tich_khai_sinh", 5000)},
    )
    assert (quote.le_phi, quote.phi) == (0, 8000)
    assert all(e.ground for code in fee_rules.RULES for e in fee_rules.rule_for(code).exemptions)
