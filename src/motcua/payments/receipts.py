"""Biên lai thu phí, lệ phí điện tử: numbering and the PDF."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from motcua.core import sql
from motcua.core.formatting import format_vnd
from motcua.core.pdf import render_typst

from .models import Receipt, ReceiptCounter

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TEMPLATE = Path(__file__).resolve().parent / "typst" / "receipt.typ"


def next_receipt_number(agency_id: int, year: int) -> int:
    """The next number of ``agency``'s receipt series in ``year``, gap-free.

    One upsert: the counter row stays locked until the caller's transaction ends, so two
    confirmations queue on it and a rolled-back one gives its number back.
    """
    table = sql.table(ReceiptCounter)
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({q('agency_id')}, {q('year')}, {q('last')}) "
            f"VALUES (%s, %s, 1) ON CONFLICT ({q('agency_id')}, {q('year')}) "
            f"DO UPDATE SET {q('last')} = {table}.{q('last')} + 1 RETURNING {q('last')}",
            [agency_id, year],
        )
        (number,) = cursor.fetchone()
    return number


def issue_receipt(payment, at) -> Receipt:
    """Give ``payment`` (just confirmed, inside the caller's transaction) its receipt, and
    announce the confirmation (``signals.payment_confirmed``: the outbox tells the payer)."""
    from .signals import payment_confirmed

    agency_id = payment.dossier.receiving_agency_id
    year = timezone.localtime(at, TZ).year
    receipt = Receipt.objects.create(
        payment=payment,
        agency_id=agency_id,
        year=year,
        number=next_receipt_number(agency_id, year),
        issued_at=at,
    )
    payment_confirmed.send(sender=Receipt, payment=payment, receipt=receipt)
    return receipt


def receipt_data(receipt: Receipt) -> dict:
    payment = receipt.payment
    dossier = payment.dossier
    agency = receipt.agency
    issued = timezone.localtime(receipt.issued_at, TZ)
    from .selectors import provider_label

    return {
        "agency": agency.display_name if hasattr(agency, "display_name") else agency.name,
        "ward": getattr(dossier.ward, "name", ""),
        "series": receipt.series,
        "number": receipt.display_number,
        "issued": issued.strftime("%d/%m/%Y %H:%M"),
        "day": f"Ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
        "payer": dossier.applicant_name,
        "address": dossier.applicant_address,
        "dossier": dossier.code,
        "procedure": dossier.procedure.name,
        "amount": format_vnd(payment.amount_vnd),
        "amount_words": amount_in_words(payment.amount_vnd),
        "method": (
            f"Tại Bộ phận Một cửa, {payment.get_counter_method_display().lower()}"
            if payment.counter_method
            else provider_label(payment.provider)
        ),
        "transaction": payment.provider_txn_no or payment.counter_receipt_no or payment.reference,
        "refunded": format_vnd(payment.refunded_vnd) if payment.refunded_vnd else "",
    }


def receipt_pdf(receipt: Receipt) -> bytes:
    return render_typst(TEMPLATE, receipt_data(receipt), timestamp=receipt.issued_at)


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _three(n: int, full: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens > 1:
        words += [_DIGITS[tens], "mươi"]
        if ones == 1:
            words.append("mốt")
        elif ones == 4:
            words.append("tư")
        elif ones == 5:
            words.append("lăm")
        elif ones:
            words.append(_DIGITS[ones])
    elif tens == 1:
        words.append("mười")
        if ones == 5:
            words.append("lăm")
        elif ones:
            words.append(_DIGITS[ones])
    elif ones:
        if words:
            words.append("lẻ")
        words.append("năm" if ones == 5 else _DIGITS[ones])
    return words


def amount_in_words(amount: int) -> str:
    """Số tiền bằng chữ: 15000 → "Mười lăm nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    units = ["", "nghìn", "triệu", "tỷ"]
    groups = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _three(group, full=index != len(groups) - 1)
        unit = units[index % 3] if index % 3 else ("tỷ" if index >= 3 else "")
        if unit:
            words.append(unit)
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
