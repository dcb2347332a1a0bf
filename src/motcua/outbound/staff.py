"""What a staff member is told by e-mail: the notices of org (a role granted, a grant
waiting for a second admin, refused, a role revoked), written to the outbox in the
transaction of the notice (``org.signals.notice_created``).

One e-mail per notice (``source="org.notice:<id>"`` with the unique source × channel ×
purpose): a notice announced twice speaks once. No e-mail when the person has no address
or the deployment has no e-mail channel; the notice stays on the staff home either way.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from . import outbox
from .channels import DeliveryError, channel
from .models import Message

SUBJECTS = {
    "role_granted": "Bạn được giao vai trò mới",
    "role_grant_requested": "Đề nghị giao vai trò đang chờ phê duyệt",
    "role_grant_rejected": "Đề nghị giao vai trò không được phê duyệt",
    "role_revoked": "Vai trò của bạn đã được thu hồi",
}


def notice_email(notice) -> tuple[str, str]:
    """(subject, body) of the e-mail telling ``notice`` to its person."""
    user = notice.user
    site = settings.MOTCUA_SITE_NAME
    subject = f"{site}: {SUBJECTS.get(notice.kind, 'Thông báo')}"
    home = settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/") + reverse("staff-home")
    body = "\n\n".join(
        [
            f"Kính gửi {user.display_name},",
            notice.text,
            f"Xem thông báo và vai trò của bạn tại trang cán bộ: {home}",
            f"{site}\nThư này được gửi tự động, xin đừng trả lời.",
        ]
    )
    return subject, body


def on_notice_created(sender, *, notice, **kwargs) -> None:
    """Write the e-mail of ``notice`` (inside the transaction that created it)."""
    try:
        plugin = channel("email")
    except DeliveryError:
        return
    recipient = plugin.address(email=notice.user.email or "")
    if not recipient:
        return
    subject, body = notice_email(notice)
    event = notice.event
    outbox.enqueue_once(
        [
            Message(
                purpose=f"org.{notice.kind}"[:60],
                channel="email",
                recipient=recipient,
                subject=subject,
                body=body,
                agency_id=event.agency_id if event is not None else None,
                source=f"org.notice:{notice.pk}",
            )
        ]
    )
