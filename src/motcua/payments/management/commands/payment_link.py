"""payment_link CODE [--provider vnpay]: the payment URL of a dossier's outstanding amount.

Without --provider: the signed link of the dossier's payment page (what the counter gives
the applicant). With --provider: a payment is started with that gateway and its payment
URL is printed (the page the payer would be sent to). ``--unpaid``: the codes of the open
dossiers that still owe something, one per line. Exit 2 (message on stderr) for an
unknown code or nothing to pay."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.payments import links, selectors, services
from motcua.payments.providers import online_providers


class Command(BaseCommand):
    help = "In liên kết thanh toán phí, lệ phí của một hồ sơ, hoặc danh sách hồ sơ chưa nộp."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="Mã hồ sơ")
        parser.add_argument("--provider", help="Bắt đầu thanh toán qua kênh này (vd. vnpay)")
        parser.add_argument("--unpaid", action="store_true", help="Liệt kê hồ sơ còn phải nộp")

    def handle(self, *args, code=None, provider=None, unpaid=False, **options):
        if unpaid:
            if not online_providers():
                self.fail("Chưa có kênh thanh toán trực tuyến nào được bật.")
            for dossier_code in selectors.unpaid_dossiers().values_list("code", flat=True):
                self.stdout.write(dossier_code)
            return
        if not code:
            self.fail("Cần mã hồ sơ hoặc --unpaid.")
        dossier = Dossier.objects.filter(code=code.strip()).first()
        if dossier is None:
            self.fail(f"Không tìm thấy hồ sơ {code}.")
        owed = selectors.outstanding(dossier)
        if owed <= 0 or not dossier.is_open:
            self.fail(f"Hồ sơ {dossier.code} không còn khoản phí, lệ phí nào phải nộp.")
        if provider is None:
            self.stdout.write(links.payment_url(dossier))
            self.stdout.write(f"Số tiền: {owed} đồng")
            return
        try:
            payment, url = services.start_online_payment(
                dossier=dossier, provider_code=provider, client_ip="127.0.0.1"
            )
        except DomainError as exc:
            self.fail(exc.message)
        self.stdout.write(url)
        self.stdout.write(f"Số tiền: {payment.amount_vnd} đồng · mã giao dịch {payment.reference}")

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
