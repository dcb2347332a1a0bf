from django.core.management.base import BaseCommand

from motcua.demo import citizens
from motcua.demo.organisation import DEMO_PASSWORD, logins


class Command(BaseCommand):
    help = "In các tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Địa chỉ trang web.")

    def handle(self, *args, **options):
        base = options["url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD})")
        for username, description in logins():
            self.stdout.write(f"  {username:<20} {description}")
        self.stdout.write(
            "  (quản trị và superuser: thiết lập xác thực hai bước ở lần đăng nhập đầu)"
        )
        portal = citizens.logins()
        if portal:
            self.stdout.write("")
            self.stdout.write(f"Dịch vụ công ({base}/dich-vu-cong/, đăng nhập bằng thư điện tử):")
            for email, description in portal:
                self.stdout.write(f"  {email:<28} {description}")
        self.stdout.write("")
        self.stdout.write(f"Mở {base}/ — khu vực cán bộ: {base}/dang-nhap/")
        self.stdout.write("")
