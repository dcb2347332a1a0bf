"""check_pending_payments: ask the gateways about payments pending for more than 15
minutes (VNPAY: querydr). The worker calls services.check_pending_payments the same way."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from motcua.payments.services import CHECK_AFTER, check_pending_payments


class Command(BaseCommand):
    help = "Truy vấn cổng thanh toán các giao dịch đang chờ quá 15 phút."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=int(CHECK_AFTER.total_seconds() // 60))

    def handle(self, *args, minutes, **options):
        counts = check_pending_payments(older_than=dt.timedelta(minutes=minutes))
        self.stdout.write(" · ".join(f"{k}: {v}" for k, v in counts.items()))
