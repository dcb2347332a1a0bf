from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.demo.loader import load_all

REFUSAL = (
    "Từ chối nạp dữ liệu mẫu: DEBUG đang tắt, đây không phải máy phát triển. Dữ liệu mẫu "
    "tạo tài khoản quản trị với mật khẩu công khai trong README. Dùng `make run` trên máy "
    "phát triển; nếu thật sự cần (máy trình diễn), thêm --allow-outside-development."
)


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (idempotent): tổ chức, cán bộ, danh mục thủ tục, hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-outside-development",
            action="store_true",
            help="Nạp cả khi DEBUG tắt (máy trình diễn). Đổi mật khẩu mẫu trước khi mở cho ai.",
        )

    def handle(self, *args, allow_outside_development=False, **options):
        if not settings.DEBUG and not allow_outside_development:
            raise CommandError(REFUSAL, returncode=2)
        self.stdout.write("Đang nạp dữ liệu mẫu…")
        load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
