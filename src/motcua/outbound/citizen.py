"""What a citizen is told when something happens to his dossier, written to the outbox in
the transaction of the event (dossiers.signals.event_recorded).

One builder per event kind that concerns the applicant: received (code, appointment,
lookup link), supplement requested (what is missing), refused (reason), apology with a new
appointment, appointment moved by a calendar change, result ready (how to receive it).
Every other kind says nothing. Each message goes to the applicant's address on each of
``settings.MOTCUA_CITIZEN_CHANNELS`` that the dossier has (email, phone).

SMS carries no personal data beyond what the citizen already knows: the dossier code,
dates, the names of documents the procedure asks for, and the lookup link. The applicant's
name, the reasons written about his papers and the result stay in the email (to his own
address) and on the lookup page behind his phone digits. SMS text is written without
diacritics (``MOTCUA_SMS_UNACCENTED``): brandname gateways bill a Unicode SMS as two or
three, and many refuse it.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from motcua.core.formatting import format_date, format_datetime
from motcua.dossiers import events
from motcua.dossiers.models import Delivery

from . import outbox
from .channels import DeliveryError, channel
from .models import Message


@dataclasses.dataclass(frozen=True)
class Notice:
    subject: str
    email: str  # the full letter
    short: str  # SMS and the record of a template message: code, dates, documents, link
    params: dict  # named values for template channels (Zalo ZNS)


def lookup_url(code: str) -> str:
    base = settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{reverse('dossier-lookup')}?{urlencode({'ma': code})}"


def _letter(dossier, *lines: str) -> str:
    greeting = f"Kính gửi Ông/Bà {dossier.applicant_name},"
    agency = dossier.receiving_agency.display_name
    footer = (
        f"Tra cứu tình trạng hồ sơ: {lookup_url(dossier.code)} "
        "(nhập mã hồ sơ và 4 số cuối điện thoại đã khai khi nộp).\n\n"
        f"{agency}\nThư này được gửi tự động, xin đừng trả lời."
    )
    return "\n\n".join([greeting, *[line for line in lines if line], footer])


def _received(dossier, event) -> Notice:
    due = format_date(dossier.due_at)
    return Notice(
        subject=f"Hồ sơ {dossier.code} đã được tiếp nhận",
        email=_letter(
            dossier,
            f"{dossier.receiving_agency.display_name} đã tiếp nhận hồ sơ "
            f"«{dossier.procedure.name}» của Ông/Bà lúc {format_datetime(event.at)}.",
            f"Mã hồ sơ: {dossier.code}\nNgày hẹn trả kết quả: {format_datetime(dossier.due_at)}",
        ),
        short=(
            f"Ho so {dossier.code} da duoc tiep nhan ngay {format_date(event.at)}, "
            f"hen tra ket qua ngay {due}. Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={"ma_ho_so": dossier.code, "ngay_tiep_nhan": format_date(event.at), "ngay_hen": due},
    )


def _supplement(dossier, event) -> Notice:
    data = events.SupplementRequested.read(event)
    names = [doc.name for doc in data.missing if doc.name]
    listed = "\n".join(
        f"- {doc.name}"
        + (f" ({doc.copy_type})" if doc.copy_type else "")
        + (f", {doc.quantity} bộ" if doc.quantity and doc.quantity > 1 else "")
        + (f": {doc.note}" if doc.note else "")
        for doc in data.missing
    )
    return Notice(
        subject=f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện",
        email=_letter(
            dossier,
            f"Hồ sơ «{dossier.procedure.name}» (mã {dossier.code}) cần được bổ sung, hoàn thiện "
            "trước khi tiếp tục giải quyết. Thời gian giải quyết tạm dừng cho đến khi nhận đủ.",
            f"Giấy tờ cần bổ sung:\n{listed}" if listed else "",
            f"Lý do: {data.reason}" if data.reason else "",
            "Ông/Bà vui lòng nộp bổ sung tại Bộ phận Một cửa nơi đã nộp hồ sơ.",
        ),
        short=(
            f"Ho so {dossier.code} can bo sung ({format_date(event.at)}): "
            + ("; ".join(names) if names else "xem chi tiet khi tra cuu")
            + f". Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={
            "ma_ho_so": dossier.code,
            "ngay_yeu_cau": format_date(event.at),
            "giay_to": "; ".join(names)[:200],
        },
    )


def _refused(dossier, event) -> Notice:
    data = events.Refused.read(event)
    return Notice(
        subject=f"Hồ sơ {dossier.code} không được tiếp nhận",
        email=_letter(
            dossier,
            f"Hồ sơ «{dossier.procedure.name}» của Ông/Bà (mã {dossier.code}) không được tiếp nhận "
            f"ngày {format_date(event.at)}.",
            f"Lý do: {data.category_label}" if data.category_label else "",
            "\n".join(f"- {line}" for line in data.reason_lines),
        ),
        short=(
            f"Ho so {dossier.code} khong duoc tiep nhan ngay {format_date(event.at)}: "
            f"{data.category_label or 'xem Phieu tu choi'}. Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={
            "ma_ho_so": dossier.code,
            "ngay": format_date(event.at),
            "ly_do": data.category_label[:200],
        },
    )


def _extended(dossier, event) -> Notice:
    data = events.Extended.read(event)
    return Notice(
        subject=f"Xin lỗi về việc trễ hẹn hồ sơ {dossier.code}",
        email=_letter(
            dossier,
            f"{dossier.competent_unit.display_name} chân thành xin lỗi Ông/Bà: hồ sơ "
            f"«{dossier.procedure.name}» (mã {dossier.code}) không giải quyết được đúng hẹn "
            f"ngày {format_date(data.previous_due)}.",
            f"Lý do: {data.reason}" if data.reason else "",
            f"Ngày hẹn trả kết quả mới: {format_datetime(data.new_due)}",
        ),
        short=(
            f"Xin loi ong/ba: ho so {dossier.code} cham so voi hen "
            f"{format_date(data.previous_due)}. Hen tra moi: {format_date(data.new_due)}. "
            f"Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={
            "ma_ho_so": dossier.code,
            "ngay_hen_cu": format_date(data.previous_due),
            "ngay_hen": format_date(data.new_due),
        },
    )


def _due_recomputed(dossier, event) -> Notice | None:
    data = events.DueRecomputed.read(event)
    if data.new_due is None or data.new_due == data.previous_due:
        return None  # only the legal moment moved: the appointment the citizen holds did not
    return Notice(
        subject=f"Ngày hẹn trả kết quả hồ sơ {dossier.code} thay đổi",
        email=_letter(
            dossier,
            f"Do thay đổi lịch làm việc, ngày hẹn trả kết quả hồ sơ «{dossier.procedure.name}» "
            f"(mã {dossier.code}) đổi từ {format_datetime(data.previous_due)} "
            f"sang {format_datetime(data.new_due)}.",
        ),
        short=(
            f"Ho so {dossier.code}: do thay doi lich lam viec, ngay hen tra doi tu "
            f"{format_date(data.previous_due)} sang {format_date(data.new_due)}. "
            f"Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={
            "ma_ho_so": dossier.code,
            "ngay_hen_cu": format_date(data.previous_due),
            "ngay_hen": format_date(data.new_due),
        },
    )


HOW_TO_RECEIVE = {
    Delivery.COUNTER: "Ông/Bà vui lòng mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả và "
    "giấy tờ tùy thân đến nhận kết quả tại {place}.",
    Delivery.POSTAL: "Kết quả sẽ được gửi đến Ông/Bà qua dịch vụ bưu chính công ích.",
    Delivery.ELECTRONIC: "Bản điện tử của kết quả được trả trên tài khoản định danh điện tử "
    "(VNeID) hoặc Cổng Dịch vụ công của Ông/Bà.",
}
HOW_SHORT = {
    Delivery.COUNTER: "Nhan tai Bo phan Mot cua, mang theo Giay hen",
    Delivery.POSTAL: "Ket qua gui qua buu chinh",
    Delivery.ELECTRONIC: "Nhan ban dien tu tren VNeID/Cong DVC",
}


def _result_ready(dossier, event) -> Notice:
    how = HOW_TO_RECEIVE.get(dossier.delivery, HOW_TO_RECEIVE[Delivery.COUNTER]).format(
        place=dossier.receiving_agency.display_name
    )
    short_how = HOW_SHORT.get(dossier.delivery, HOW_SHORT[Delivery.COUNTER])
    return Notice(
        subject=f"Hồ sơ {dossier.code} đã có kết quả",
        email=_letter(
            dossier,
            f"Hồ sơ «{dossier.procedure.name}» (mã {dossier.code}) đã có kết quả "
            f"ngày {format_date(event.at)}.",
            how,
        ),
        short=(
            f"Ho so {dossier.code} da co ket qua ngay {format_date(event.at)}. {short_how}. "
            f"Tra cuu: {lookup_url(dossier.code)}"
        ),
        params={"ma_ho_so": dossier.code, "ngay": format_date(event.at), "cach_nhan": short_how},
    )


BUILDERS = {
    "received": _received,
    "supplement_requested": _supplement,
    "refused": _refused,
    "extended": _extended,
    "due_recomputed": _due_recomputed,
    "result_ready": _result_ready,
}


def unaccented(text: str) -> str:
    """'Hồ sơ đã được tiếp nhận' → 'Ho so da duoc tiep nhan' (SMS in GSM-7)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def notice_for(event, dossier) -> Notice | None:
    builder = BUILDERS.get(event.kind)
    return builder(dossier, event) if builder else None


def on_event_recorded(sender, *, event, dossier, **kwargs) -> None:
    """Write the applicant's messages for ``event`` (inside the event's transaction)."""
    notice = notice_for(event, dossier)
    if notice is None:
        return
    messages = []
    for code in settings.MOTCUA_CITIZEN_CHANNELS:
        try:
            plugin = channel(code)
        except DeliveryError:
            continue  # a channel listed but not configured: nothing to write
        recipient = plugin.address(email=dossier.applicant_email, phone=dossier.applicant_phone)
        if not recipient:
            continue
        if plugin.address_kind == "email":
            subject, body = notice.subject, notice.email
        else:
            subject, body = "", notice.short
            if settings.MOTCUA_SMS_UNACCENTED and code == "sms":
                body = unaccented(body)
        messages.append(
            Message(
                purpose=f"dossier.{event.kind}",
                channel=code,
                recipient=recipient,
                subject=subject,
                body=body,
                params=notice.params,
                agency=dossier.ward,
                dossier=dossier,
                source_event=event,
            )
        )
    if messages:
        outbox.enqueue_once(messages)
