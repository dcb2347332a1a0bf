from django.core.management.base import BaseCommand

from motcua.demo.loader import load_all


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (idempotent): tổ chức, cán bộ, danh mục thủ tục, hồ sơ."

    def handle(self, *args, **options):
        self.stdout.write("Đang nạp dữ liệu mẫu…")
        load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
