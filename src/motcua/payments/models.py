"""Thanh toán phí, lệ phí: payments of a dossier's fee, their audit trail, receipts,
refunds and the daily reconciliation with the gateways.

What a dossier still owes is ``dossier.fee_vnd`` − Σ confirmed payments + Σ refunds
(``selectors.outstanding``). A payment's state is written only by ``services`` (the IPN,
the transaction query, the counter officer), each change with a PaymentEvent in the
same transaction. Money is integer đồng.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class PaymentState(models.TextChoices):
    CREATED = "created", "Mới tạo"
    PENDING = "pending", "Đang chờ thanh toán"
    CONFIRMED = "confirmed", "Đã thanh toán"
    FAILED = "failed", "Không thành công"
    CANCELLED = "cancelled", "Đã hủy, hết hạn"
    REFUNDED = "refunded", "Đã hoàn tiền"


#: The states in which the money was received (a refunded payment was received first).
PAID_STATES = (PaymentState.CONFIRMED, PaymentState.REFUNDED)


class CounterMethod(models.TextChoices):
    CASH = "cash", "Tiền mặt"
    CARD = "card", "Thẻ (máy POS tại quầy)"


class Payment(models.Model):
    """Một lần nộp phí, lệ phí của một hồ sơ, qua một kênh (tại quầy, VNPAY, …)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField("kênh thanh toán", max_length=32)
    online = models.BooleanField(
        "thanh toán trực tuyến",
        help_text="Copied from the provider when the payment is made: the indicators count "
        "online payments by this column.",
    )
    amount_vnd = models.PositiveBigIntegerField("số tiền (đồng)")
    state = models.CharField(
        "trạng thái", max_length=16, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    reference = models.CharField(
        "mã giao dịch của hệ thống",
        max_length=40,
        unique=True,
        help_text="vnp_TxnRef for VNPAY: unique, not guessable, never reused.",
    )
    provider_txn_no = models.CharField("mã giao dịch tại cổng", max_length=64, blank=True)
    bank_code = models.CharField("ngân hàng", max_length=20, blank=True)
    gateway_create_date = models.CharField(
        "thời điểm tạo gửi cổng (yyyyMMddHHmmss)",
        max_length=14,
        blank=True,
        help_text="vnp_CreateDate exactly as sent: querydr and refund repeat it.",
    )
    expires_at = models.DateTimeField("hết hạn thanh toán", null=True, blank=True)
    counter_method = models.CharField(
        "hình thức nộp tại quầy", max_length=8, choices=CounterMethod.choices, blank=True
    )
    counter_receipt_no = models.CharField(
        "số chứng từ tại quầy",
        max_length=40,
        blank=True,
        help_text="The number the officer wrote down (paper receipt, POS slip).",
    )
    refunded_vnd = models.PositiveBigIntegerField("đã hoàn (đồng)", default=0)
    created_at = models.DateTimeField("tạo lúc")
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    last_checked_at = models.DateTimeField("truy vấn cổng lần cuối", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "thanh toán"
        verbose_name_plural = "thanh toán"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "state"], name="payment_dossier_state"),
            models.Index(fields=["state", "created_at"], name="payment_state_created"),
            models.Index(fields=["provider", "confirmed_at"], name="payment_provider_confirmed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_vnd__lte=models.F("amount_vnd")),
                name="payment_refund_at_most_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.provider}, {self.amount_vnd} đ, {self.state})"

    @property
    def is_paid(self) -> bool:
        return self.state in PAID_STATES


class PaymentEvent(models.Model):
    """Nhật ký thanh toán (append-only): every state change and every gateway message."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id}:{self.kind}@{self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Payment events are append-only.")
        super().save(*args, **kwargs)


class Refund(models.Model):
    """Hoàn trả phí, lệ phí đã nộp (e.g. a dossier refused after payment): who and why."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_vnd = models.PositiveBigIntegerField("số tiền hoàn (đồng)")
    reason = models.CharField("lý do", max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người hoàn",
    )
    at = models.DateTimeField("hoàn lúc")
    provider_reference = models.CharField("mã hoàn tại cổng", max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}: −{self.amount_vnd} đ"


class ReceiptCounter(models.Model):
    """Last receipt number issued by one agency in one year (gap-free, see services)."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_receipt_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Receipt(models.Model):
    """Biên lai thu phí, lệ phí (điện tử): one per confirmed payment, numbered per
    receiving agency and year."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="uniq_receipt_number")
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.number:07d}"

    @property
    def series(self) -> str:
        """Ký hiệu biên lai: the agency's code and the year's last two digits."""
        return f"{self.agency.code}/{self.year % 100:02d}E"


class ReconciliationRun(models.Model):
    """Đối soát giao dịch trong ngày với một cổng thanh toán."""

    provider = models.CharField(max_length=32)
    day = models.DateField()
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    ran_at = models.DateTimeField()
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked = models.PositiveIntegerField(default=0)
    mismatches = models.PositiveIntegerField(default=0)
    system_total_vnd = models.PositiveBigIntegerField(default=0)
    gateway_total_vnd = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.day}: {self.mismatches}/{self.checked}"


class GatewayState(models.TextChoices):
    PAID = "paid", "Đã thu"
    FAILED = "failed", "Không thành công"
    PENDING = "pending", "Đang xử lý"
    NOT_FOUND = "not_found", "Không có giao dịch"
    UNKNOWN = "unknown", "Không truy vấn được"


class ReconciliationLine(models.Model):
    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="lines")
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="+")
    system_state = models.CharField(max_length=16, choices=PaymentState.choices)
    system_amount_vnd = models.PositiveBigIntegerField()
    gateway_state = models.CharField(max_length=32, choices=GatewayState.choices)
    gateway_amount_vnd = models.PositiveBigIntegerField(null=True)
    gateway_txn_no = models.CharField(max_length=64, blank=True)
    problem = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.payment_id} {self.problem or 'ok'}"

    @property
    def matches(self) -> bool:
        return not self.problem


class SandboxTransaction(models.Model):
    """The sandbox gateway's own ledger (providers.sandbox): what the fake gateway says
    it took, so that its querydr and the reconciliation have a counterpart to compare."""

    reference = models.CharField(max_length=40, unique=True)
    amount_vnd = models.PositiveBigIntegerField()
    status = models.CharField(max_length=2)  # vnp_TransactionStatus
    response_code = models.CharField(max_length=2)
    txn_no = models.CharField(max_length=16)
    bank_code = models.CharField(max_length=20, default="NCB")
    pay_date = models.CharField(max_length=14)
    refunded_vnd = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.reference}: {self.status}"
