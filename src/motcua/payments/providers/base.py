"""The interface every payment provider implements.

A provider is stateless: it speaks its gateway's protocol and nothing else. What a message
means for the dossier (confirm, fail, ignore a replay) is decided once, in
``payments.services``; the provider only builds requests, verifies signatures and maps
outcomes to its gateway's answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StartResult:
    """Where to send the payer, and what was promised to the gateway."""

    redirect_url: str
    gateway_create_date: str = ""
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class GatewayMessage:
    """A notification, a return or a query answer, verified and read.

    ``signature_ok`` False: nothing else in it may be trusted.
    """

    signature_ok: bool
    reference: str = ""
    amount_vnd: int | None = None
    success: bool = False
    final: bool = True  # False: the gateway has not decided yet (still pending there)
    txn_no: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None
    response_code: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    ok: bool
    provider_reference: str = ""
    message: str = ""


class NotificationOutcome:
    """What ``services.apply_gateway_message`` decided; each provider maps it to an answer."""

    CONFIRMED = "confirmed"  # recorded (paid or failed)
    NOT_FOUND = "not_found"
    ALREADY = "already"
    INVALID_AMOUNT = "invalid_amount"
    BAD_SIGNATURE = "bad_signature"
    ERROR = "error"


class PaymentProvider:
    """One way of paying. Subclasses set the class attributes and override what they do."""

    label = ""
    #: Paid through an online gateway (counts in the online-payment indicators).
    online = True
    #: Answers ``query`` (checked by check_pending_payments and the reconciliation).
    can_query = False
    can_refund = False

    def __init__(self, code: str):
        self.code = code

    def is_enabled(self) -> bool:
        return True

    # -- the five operations ----------------------------------------------------------------

    def start(self, payment, *, client_ip: str, now: dt.datetime) -> StartResult:
        """Begin a payment: the URL the payer's browser goes to."""
        raise NotImplementedError

    def verify_return(self, params) -> GatewayMessage:
        """Read the parameters the payer's browser came back with (display only)."""
        raise NotImplementedError

    def read_notification(self, params) -> GatewayMessage:
        """Verify and read a server-to-server notification."""
        raise NotImplementedError

    def notification_answer(self, outcome: str) -> tuple[int, dict]:
        """(HTTP status, JSON body) the gateway expects for ``outcome``."""
        raise NotImplementedError

    def query(self, payment, *, now: dt.datetime) -> GatewayMessage:
        """Ask the gateway what became of ``payment``."""
        raise NotImplementedError

    def refund(self, payment, *, amount_vnd: int, actor, now: dt.datetime) -> RefundResult:
        """Give ``amount_vnd`` of ``payment`` back through the gateway."""
        raise NotImplementedError
