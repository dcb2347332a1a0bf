"""reconcile_payments --provider vnpay --date dd/mm/yyyy --agency CODE: the daily
reconciliation of the staff screen, from the command line (or a scheduled job)."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.org.models import Agency
from motcua.payments.services import reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch một ngày với cổng thanh toán."

    def add_arguments(self, parser):
        parser.add_argument("--provider", default="vnpay")
        parser.add_argument("--date", help="dd/mm/yyyy (mặc định: hôm qua)")
        parser.add_argument("--agency", required=True, help="Mã nơi tiếp nhận")

    def handle(self, *args, provider, date, agency, **options):
        try:
            day = (
                dt.datetime.strptime(date, "%d/%m/%Y").date()
                if date
                else timezone.localdate() - dt.timedelta(days=1)
            )
        except ValueError:
            self.stderr.write("Ngày phải có dạng dd/mm/yyyy.")
            sys.exit(2)
        place = Agency.objects.filter(code=agency).first()
        if place is None:
            self.stderr.write(f"Không có nơi tiếp nhận {agency}.")
            sys.exit(2)
        try:
            run = reconcile(actor=None, provider_code=provider, day=day, agency=place)
        except DomainError as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        self.stdout.write(f"{run.checked} giao dịch, {run.mismatches} chênh lệch")
        for line in run.lines.select_related("payment").filter(problem__gt=""):
            self.stdout.write(f"{line.payment.reference}\t{line.problem}")
