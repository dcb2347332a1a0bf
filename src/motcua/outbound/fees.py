"""What the payer is told about fees: the payment confirmed with its receipt number
(``payments.signals.payment_confirmed``, once per payment), and the payment link a
counter officer sends from the staff payment-link page (``send_payment_link``).

Channels: email and SMS among ``settings.MOTCUA_CITIZEN_CHANNELS``, to the applicant's
address on the dossier. SMS say no more than the dossier code, the amount, the receipt
number and the link (no name, no procedure), written without diacritics like the other
citizen SMS; the e-mail goes to the applicant's own address and says who paid for what.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.core.formatting import format_datetime, format_vnd
from motcua.dossiers.models import Dossier
from motcua.org.permissions import Perm, require
from motcua.payments import links, selectors

from . import outbox
from .channels import DeliveryError, channel
from .citizen import unaccented
from .models import Message, MessageAudit, MessageAuditKind

FEE_CHANNELS = ("email", "sms")
#: A second "send the link" for the same dossier within this time is refused (a double click).
LINK_RESEND_AFTER = dt.timedelta(minutes=1)


def _plugins():
    for code in settings.MOTCUA_CITIZEN_CHANNELS:
        if code not in FEE_CHANNELS:
            continue
        try:
            yield code, channel(code)
        except DeliveryError:
            continue


def _addressed(dossier, *, subject: str, email: str, short: str, **fields) -> list[Message]:
    messages = []
    for code, plugin in _plugins():
        recipient = plugin.address(email=dossier.applicant_email, phone=dossier.applicant_phone)
        if not recipient:
            continue
        if plugin.address_kind == "email":
            body, subj = email, subject
        else:
            body = unaccented(short) if settings.MOTCUA_SMS_UNACCENTED else short
            subj = ""
        messages.append(
            Message(
                channel=code,
                recipient=recipient,
                subject=subj,
                body=body,
                agency=dossier.ward,
                dossier=dossier,
                **fields,
            )
        )
    return messages


def _base() -> str:
    return settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/")


def _signature(dossier) -> str:
    return f"{dossier.receiving_agency.display_name}\nThư này được gửi tự động, xin đừng trả lời."


# --- payment confirmed ------------------------------------------------------------------------


def receipt_url(payment) -> str:
    token = links.make_token(payment.dossier)
    return _base() + reverse("payments-public-receipt", args=[token, payment.pk])


def on_payment_confirmed(sender, *, payment, receipt, **kwargs) -> None:
    """Write the payer's messages (inside the confirming transaction), once per payment."""
    # One query for what the letter names (the IPN's statement budget, docs/performance.md).
    dossier = Dossier.objects.select_related("receiving_agency", "procedure", "ward").get(
        pk=payment.dossier_id
    )
    if receipt.agency_id == dossier.receiving_agency_id:
        receipt.agency = dossier.receiving_agency
    amount = format_vnd(payment.amount_vnd)
    number = f"{receipt.series} số {receipt.display_number}"
    url = receipt_url(payment)
    email = "\n\n".join(
        [
            f"Kính gửi Ông/Bà {dossier.applicant_name},",
            f"{dossier.receiving_agency.display_name} đã nhận {amount} phí, lệ phí của hồ sơ "
            f"«{dossier.procedure.name}» (mã {dossier.code}) lúc "
            f"{format_datetime(receipt.issued_at)}.",
            f"Biên lai điện tử: ký hiệu {receipt.series}, số {receipt.display_number}.\n"
            f"Xem và tải biên lai: {url}",
            _signature(dossier),
        ]
    )
    short = (
        f"Ho so {dossier.code}: da nhan {amount.replace(' đ', ' dong')} phi, le phi. "
        f"Bien lai {receipt.series} so {receipt.display_number}: {url}"
    )
    messages = _addressed(
        dossier,
        subject=f"Đã nhận phí, lệ phí hồ sơ {dossier.code} — biên lai {number}",
        email=email,
        short=short,
        purpose="payments.confirmed",
        source=f"payments.payment:{payment.pk}",
        params={
            "ma_ho_so": dossier.code,
            "so_tien": payment.amount_vnd,
            "so_bien_lai": receipt.display_number,
        },
    )
    if messages:
        outbox.enqueue_once(messages)


# --- the payment link, sent from the counter --------------------------------------------------


@transaction.atomic
def send_payment_link(*, actor, dossier, now: dt.datetime | None = None) -> list[Message]:
    """Gửi liên kết thanh toán: the dossier's payment link to the applicant by SMS and
    e-mail (the addresses on the dossier), with an audit row naming the officer."""
    now = now or timezone.now()
    require(actor, Perm.RECEIVE_DOSSIER, dossier.receiving_agency)
    if not dossier.is_open:
        raise DomainError("dossier_closed", "Hồ sơ đã kết thúc, không thể thanh toán.")
    owed = selectors.outstanding(dossier)
    if owed <= 0:
        raise DomainError("nothing_to_pay", "Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
    recent = Message.objects.filter(
        dossier=dossier, purpose="payments.link", created_at__gte=now - LINK_RESEND_AFTER
    )
    if recent.exists():
        raise DomainError("link_just_sent", "Liên kết vừa được gửi, vui lòng chờ một phút.")
    url = links.payment_url(dossier)
    amount = format_vnd(owed)
    messages = _addressed(
        dossier,
        subject=f"Thanh toán phí, lệ phí hồ sơ {dossier.code}",
        email="\n\n".join(
            [
                f"Kính gửi Ông/Bà {dossier.applicant_name},",
                f"Hồ sơ «{dossier.procedure.name}» (mã {dossier.code}) còn {amount} phí, "
                "lệ phí phải nộp. Ông/Bà có thể thanh toán trực tuyến tại liên kết sau "
                f"(hiệu lực {settings.MOTCUA_PAYMENT_LINK_DAYS} ngày):",
                url,
                _signature(dossier),
            ]
        ),
        short=(
            f"Ho so {dossier.code}: phi, le phi {amount.replace(' đ', ' dong')}. "
            f"Thanh toan truc tuyen: {url}"
        ),
        purpose="payments.link",
        params={"ma_ho_so": dossier.code, "so_tien": owed},
    )
    if not messages:
        raise DomainError(
            "no_address",
            "Hồ sơ không có số điện thoại hay thư điện tử của người nộp để gửi liên kết.",
        )
    created = []
    for message in messages:
        message.next_attempt_at = now
        message.max_attempts = settings.MOTCUA_OUTBOX_MAX_ATTEMPTS
        message.save()
        MessageAudit.objects.create(
            message=message,
            kind=MessageAuditKind.REQUESTED,
            actor=actor,
            at=now,
            note="Gửi liên kết thanh toán",
        )
        created.append(message)
    return created
