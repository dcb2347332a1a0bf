"""`check --deploy` fails while an active account still has the demo password.

The demo password is printed in the README; `load_demo` gives it to a superuser and a
dozen staff. Each comparison hashes the password with that account's salt (PBKDF2, about
0.25 s), so the check is bounded: accounts with a usable password only, the demo's own
accounts and the superusers first, then the others up to CHECK_LIMIT accounts in all
(about 25 s). Accounts left unchecked beyond that are reported as information.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Info
from django.db import DatabaseError
from django.db.models import Case, IntegerField, Q, Value, When

from .organisation import DEMO_PASSWORD, DEMO_USERNAMES

CHECK_LIMIT = 100


def demo_password_in_use(app_configs=None, **kwargs):
    users = get_user_model().objects.filter(is_active=True).exclude(password__startswith="!")
    first = Q(username__in=DEMO_USERNAMES) | Q(is_superuser=True)
    ordered = users.annotate(
        rank=Case(When(first, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("rank", "pk")
    try:
        accounts = list(ordered.values_list("username", "password")[: CHECK_LIMIT + 1])
        total = users.count() if len(accounts) > CHECK_LIMIT else len(accounts)
    except DatabaseError:  # no users table yet (before `migrate`): nothing to check
        return []
    found = [
        name for name, hashed in accounts[:CHECK_LIMIT] if check_password(DEMO_PASSWORD, hashed)
    ]
    messages = []
    if found:
        messages.append(
            Error(
                f"{len(found)} tài khoản đang dùng mật khẩu mẫu công khai: {', '.join(found)}.",
                hint="Đổi mật khẩu hoặc khóa các tài khoản này trước khi vận hành.",
                id="demo.E001",
            )
        )
    if total > CHECK_LIMIT:
        messages.append(
            Info(
                f"Đã so mật khẩu mẫu với {CHECK_LIMIT}/{total} tài khoản (tài khoản mẫu và "
                "quản trị hệ thống trước).",
                id="demo.I001",
            )
        )
    return messages
