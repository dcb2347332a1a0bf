"""Báo cáo tình hình tiếp nhận và giải quyết thủ tục hành chính tháng MM/YYYY (PDF).

An administrative report in the layout of Nghị định 30/2020/NĐ-CP: the agency and the
national header, the title, the month's results in words and in tables, the Decision 766
scorecard, one chart (the share of dossiers resolved early or on time per unit, drawn by
Typst from the numbers), the recipients and the signature block; then, on landscape
pages, the appendix of the monthly report columns per unit and per procedure.

``monthly_report_document`` builds the JSON document (strings already formatted the
Vietnamese way, plus the chart's raw numbers); the Typst template only lays it out
(core.pdf: data travels as JSON, never as markup).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from motcua.core.formatting import group_thousands
from motcua.core.pdf import render_typst
from motcua.dossiers.official_forms.wording import balanced_lines, place_and_date
from motcua.org.models import Agency

from . import collectors, rates
from .figures import child_group
from .periods import MONTH, Period
from .presenting.wording import as_of_text, measured_share_text
from .rates import RateRow, RateTable
from .scopes import UNIT, Scope

TEMPLATE = Path(__file__).resolve().parent / "report_templates" / "monthly_report.typ"
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BÁO CÁO"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
PLACE_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Thị trấn ", "Thành phố ", "Tỉnh ", "TP ")
# Capitals that fit on one line of the agency column (portrait A4, 12 pt).
AGENCY_LINE_CHARS = 28
# The chart shows at most this many bars (the units, or the busiest procedures).
CHART_BARS = 12
NO_VALUE = "—"


def subtitle(period: Period) -> str:
    return f"Tình hình tiếp nhận và giải quyết thủ tục hành chính tháng {period.first_day:%m/%Y}"


def filename(scope: Scope, period: Period) -> str:
    """bao-cao-thang-03-2026-H26.80.pdf"""
    parts = [f"bao-cao-thang-{period.first_day:%m-%Y}", scope.agency.code]
    if scope.procedure is not None:
        parts.append(scope.procedure.code)
    return "-".join(parts) + ".pdf"


# --- Vietnamese numbers ----------------------------------------------------------------------


def number(value: int | Decimal | None) -> str:
    """2971 → '2.971'; 92.5 → '92,50'; None → '—' (no data is never written as 0)."""
    if value is None:
        return NO_VALUE
    if isinstance(value, Decimal):
        whole, _, decimals = f"{value:.2f}".partition(".")
        return f"{group_thousands(int(whole))},{decimals}"
    return group_thousands(value)


def percent_text(value: Decimal | None) -> str:
    return NO_VALUE if value is None else f"{number(value)} %"


# --- the agency's header ----------------------------------------------------------------------


def place_name(agency: Agency) -> str:
    """Địa danh before the date: 'Hòa Bình' for Phường Hòa Bình (or its unit)."""
    place = (agency.ward_or_self or agency).display_name
    for prefix in PLACE_PREFIXES:
        place = place.removeprefix(prefix)
    return place


def _without_committee(agency: Agency) -> str:
    """'phường Hòa Bình' from 'Ủy ban nhân dân phường Hòa Bình' (or the name as it is)."""
    name = agency.name.strip()
    if name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        return name[len(PEOPLES_COMMITTEE) :].strip()
    return name


def reporter(scope: Scope) -> str:
    """Who reports, as the opening sentence names it: 'Ủy ban nhân dân phường Hòa Bình'."""
    agency = scope.agency
    if agency.kind == UNIT:
        return agency.name
    place = _without_committee(agency)
    return f"{PEOPLES_COMMITTEE} {place[:1].lower()}{place[1:]}"


def header(agency: Agency, issued_on: dt.date) -> dict[str, str]:
    """Tên cơ quan ban hành (left) and Quốc hiệu, Tiêu ngữ (right), NĐ 30/2020 Phụ lục I."""
    if agency.kind == UNIT:
        above = agency.ward_or_self or agency.province_or_self
        parent = f"UBND {above.display_name}".upper() if above else ""
        unit = balanced_lines(agency.display_name.upper(), AGENCY_LINE_CHARS)
        number_line = "Số:        /BC"
    else:
        parent = ""
        unit = f"{PEOPLES_COMMITTEE.upper()}\n{_without_committee(agency).upper()}"
        number_line = "Số:        /BC-UBND"
    return {
        "country": COUNTRY,
        "motto": MOTTO,
        "parent": parent,
        "unit": unit,
        "number": number_line,
        "place_date": place_and_date(place_name(agency), issued_on),
    }


def signature(agency: Agency) -> dict[str, Any]:
    if agency.kind == UNIT:
        return {"lines": ["THỦ TRƯỞNG ĐƠN VỊ"], "hint": "(Ký, ghi rõ họ tên)"}
    return {"lines": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "hint": "(Ký, ghi rõ họ tên, đóng dấu)"}


def recipients(agency: Agency) -> list[str]:
    if agency.kind == UNIT:
        above = agency.ward_or_self
        superior = f"UBND {above.display_name}" if above else "Lãnh đạo UBND"
        return [f"- {superior} (để báo cáo);", "- Bộ phận theo dõi cải cách hành chính;"]
    superior = agency.province.display_name if agency.province_id else ""
    first = f"- UBND {superior} (để báo cáo);" if superior else "- Cơ quan cấp trên (để báo cáo);"
    return [first, "- Các phòng, đơn vị thuộc UBND;", "- Lưu: VT."]


# --- the body ---------------------------------------------------------------------------------


def summary_lines(total: RateRow) -> list[str]:
    """Section I in words, as the report is read aloud at the committee's meeting."""
    lines = [
        f"Tổng số hồ sơ phải giải quyết: {number(total.handled)} hồ sơ (kỳ trước chuyển qua "
        f"{number(total.carried_over)}; mới tiếp nhận {number(total.received)}, trong đó "
        f"trực tuyến {number(total.received_online)}, trực tiếp {number(total.received_counter)}, "
        f"qua bưu chính công ích {number(total.received_postal)}).",
        f"Đã giải quyết: {number(total.finished)} hồ sơ (trước hạn "
        f"{number(total.finished_early)}, đúng hạn {number(total.finished_on_time)}, quá hạn "
        f"{number(total.finished_late)}); tỷ lệ giải quyết trước hạn, đúng hạn "
        f"{percent_text(total.on_time_rate)} (mục tiêu 100 %).",
        f"Đang giải quyết: {number(total.in_progress)} hồ sơ (trong hạn "
        f"{number(total.in_progress_within)}, quá hạn {number(total.in_progress_overdue)}).",
        f"Hồ sơ trực tuyến toàn trình: {number(total.received_fully_online)} hồ sơ, chiếm "
        f"{percent_text(total.fully_online_rate)} số hồ sơ tiếp nhận; hồ sơ có phí, lệ phí "
        f"thanh toán trực tuyến: {number(total.fee_paid_online)}/{number(total.fee)} "
        f"({percent_text(total.paid_online_rate)}).",
    ]
    if total.avg_processing_days is not None:
        lines.append(
            f"Thời gian giải quyết trung bình: {number(total.avg_processing_days)} ngày làm việc."
        )
    return lines


def rates_rows(table: RateTable) -> list[list[str]]:
    return [
        [
            row.label,
            number(row.received),
            number(row.finished),
            percent_text(row.on_time_rate),
            percent_text(row.fully_online_rate),
            percent_text(row.paid_online_rate),
            number(row.avg_processing_days),
        ]
        for row in table.rows
    ]


def report_rows(table: RateTable) -> list[list[str]]:
    """The appendix columns of the monthly report (Tổng số … Đang giải quyết quá hạn)."""
    rows = [[str(index), *_report_cells(row)] for index, row in enumerate(table.rows, start=1)]
    if table.group_by is not None:
        rows.append(["", *_report_cells(table.total)])
    return rows


def _report_cells(row: RateRow) -> list[str]:
    values = (
        row.handled,
        row.carried_over,
        row.received,
        row.received_online,
        row.received_counter,
        row.received_postal,
        row.finished,
        row.finished_early,
        row.finished_on_time,
        row.finished_late,
        row.in_progress,
        row.in_progress_within,
        row.in_progress_overdue,
    )
    return [row.label, *(number(value) for value in values)]


def chart(table: RateTable) -> dict[str, Any]:
    """Bars of % early + on time per row (most resolved first), with the 100 % target."""
    rows = sorted(table.rows, key=lambda r: (-r.finished, r.label))[:CHART_BARS]
    return {
        "title": "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (%)",
        "target": 100,
        "bars": [
            {
                "label": row.label,
                "value": float(row.on_time_rate) if row.on_time_rate is not None else None,
                "text": percent_text(row.on_time_rate),
                "count": f"{number(row.finished)} hồ sơ đã giải quyết",
            }
            for row in rows
        ],
    }


def scorecard_rows(result: collectors.ScorecardResult) -> list[dict[str, Any]]:
    rows = []
    for code, label, score, maximum in result.groups:
        rows.append({"group": True, "cells": [label, "", number(score), str(maximum)]})
        for item in result.group_items(code):
            ratio = (
                f"{number(item.numerator)}/{number(item.denominator)}"
                if item.count.has_data
                else "chưa có dữ liệu"
            )
            rows.append(
                {"group": False, "cells": [item.label, ratio, number(item.score), str(item.max)]}
            )
    return rows


def needed_lines(result: collectors.ScorecardResult) -> list[str]:
    """What it takes to reach each item's maximum, where it can be reached."""
    return [
        f"{item.label}: {item.needed_text}" for item in result.items.values() if item.needed_text
    ]


def monthly_report_document(
    scope: Scope, month: Period, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The report's JSON document for ``scope`` and the month ``month``."""
    if month.kind != MONTH:
        raise ValueError("the monthly report needs a month")
    now = now or timezone.now()
    result = collectors.scorecard(scope, month, now=now)
    group = child_group(scope)
    per_group = rates.rates(scope, month, group_by=group, now=now)
    per_procedure = (
        rates.rates(scope, month, group_by="procedure", now=now)
        if scope.procedure is None
        else None
    )
    agency = scope.agency
    group_label = {"ward": "Xã, phường", "unit": "Đơn vị", None: "Phạm vi"}[group]
    chart_table = per_group if group else (per_procedure or per_group)
    appendix = [
        {
            "title": f"Phụ lục 1. Số liệu tiếp nhận, giải quyết hồ sơ theo {group_label.lower()}",
            "group_label": group_label,
            "rows": report_rows(per_group),
        }
    ]
    if per_procedure is not None:
        appendix.append(
            {
                "title": "Phụ lục 2. Số liệu tiếp nhận, giải quyết hồ sơ theo thủ tục hành chính",
                "group_label": "Thủ tục hành chính",
                "rows": report_rows(per_procedure),
            }
        )
    return {
        "header": header(agency, timezone.localdate(now)),
        "title": TITLE,
        "subtitle": subtitle(month),
        "opening": (
            "Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ về Bộ "
            "chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "
            f"trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực, "
            f"{reporter(scope)} báo cáo tình hình tiếp nhận và giải quyết thủ tục hành chính "
            f"tháng {month.first_day:%m/%Y}{_procedure_clause(scope)} như sau:"
        ),
        "as_of": as_of_text(month, result.as_of, running="tháng chưa kết thúc"),
        "summary": summary_lines(per_group.total),
        "rates": {
            "group_label": group_label,
            "rows": rates_rows(per_group),
            "total": rates_rows_total(per_group),
        },
        "chart": chart(chart_table),
        "scorecard": {
            "rows": scorecard_rows(result),
            "total": number(result.card.total),
            "total_max": str(result.card.total_max),
            "measured": measured_share_text(result.card),
        },
        "needed": needed_lines(result),
        "appendix": appendix,
        "recipients": recipients(agency),
        "signature": signature(agency),
    }


def _procedure_clause(scope: Scope) -> str:
    if scope.procedure is None:
        return ""
    return f" đối với thủ tục {scope.procedure.code} {scope.procedure.name}"


def rates_rows_total(table: RateTable) -> list[str] | None:
    if table.group_by is None:
        return None
    total = table.total
    return [
        "Tổng cộng",
        number(total.received),
        number(total.finished),
        percent_text(total.on_time_rate),
        percent_text(total.fully_online_rate),
        percent_text(total.paid_online_rate),
        number(total.avg_processing_days),
    ]


def monthly_report_pdf(scope: Scope, month: Period, *, now: dt.datetime | None = None) -> bytes:
    """The report as an A4 PDF (core.pdf.render_typst, embedded Libertinus Serif)."""
    document = monthly_report_document(scope, month, now=now)
    return render_typst(TEMPLATE, document, timestamp=now)
