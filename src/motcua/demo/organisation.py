"""Demo organisation: Hải Phòng, Phường Hòa Bình with its units, a second ward
to prove scoping, and one account per role. Identifier codes here are
ILLUSTRATIVE (flagged ``code_is_illustrative``): check them against the
national agency code list before any real use."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from motcua.org.models import Agency, AgencyKind, Role, RoleAssignment, User
from motcua.org.services import create_agency, create_staff

# Passes the same rules as every password (org/passwords.py); printed in the README, so
# `load_demo` refuses to run outside development and `check --deploy` fails while any
# active account still has it (motcua.org.checks).
DEMO_PASSWORD = "PhucVu-NhanDan#2026"

PROVINCE = ("H26", "Thành phố Hải Phòng", "TP Hải Phòng")
WARDS = {
    "hoabinh": (
        ("H26.80", "Ủy ban nhân dân phường Hòa Bình", "Phường Hòa Bình"),
        [
            ("H26.80.01", "Văn phòng HĐND và UBND phường Hòa Bình", "Văn phòng HĐND và UBND"),
            ("H26.80.02", "Phòng Văn hóa - Xã hội phường Hòa Bình", "Phòng Văn hóa - Xã hội"),
            (
                "H26.80.03",
                "Phòng Kinh tế, Hạ tầng và Đô thị phường Hòa Bình",
                "Phòng Kinh tế, Hạ tầng và Đô thị",
            ),
            (
                "H26.80.04",
                "Trung tâm Phục vụ hành chính công phường Hòa Bình",
                "Trung tâm Phục vụ hành chính công",
            ),
            (
                "H26.80.05",
                "Trung tâm Dịch vụ sự nghiệp công phường Hòa Bình",
                "Trung tâm Dịch vụ sự nghiệp công",
            ),
        ],
    ),
    "lechan": (
        ("H26.81", "Ủy ban nhân dân phường Lê Chân", "Phường Lê Chân"),
        [
            ("H26.81.01", "Văn phòng HĐND và UBND phường Lê Chân", "Văn phòng HĐND và UBND"),
            ("H26.81.02", "Phòng Văn hóa - Xã hội phường Lê Chân", "Phòng Văn hóa - Xã hội"),
            (
                "H26.81.03",
                "Phòng Kinh tế, Hạ tầng và Đô thị phường Lê Chân",
                "Phòng Kinh tế, Hạ tầng và Đô thị",
            ),
            (
                "H26.81.04",
                "Trung tâm Phục vụ hành chính công phường Lê Chân",
                "Trung tâm Phục vụ hành chính công",
            ),
        ],
    ),
}

# username, full name, position, agency code, roles
DEMO_STAFF = [
    (
        "quantri.hoabinh",
        "Nguyễn Thị Hạnh",
        "Quản trị hệ thống phường",
        "H26.80",
        [Role.AGENCY_ADMIN],
    ),
    ("lanhdao.hoabinh", "Trần Văn Quang", "Phó Chủ tịch UBND phường", "H26.80", [Role.WARD_LEADER]),
    (
        "cchc.hoabinh",
        "Lê Thị Thu Trang",
        "Chuyên viên theo dõi CCHC",
        "H26.80",
        [Role.REFORM_MONITOR],
    ),
    ("motcua.hoabinh", "Phạm Minh Đức", "Cán bộ một cửa", "H26.80.04", [Role.COUNTER_OFFICER]),
    (
        "truongphong.vhxh",
        "Đỗ Thị Lan",
        "Trưởng phòng Văn hóa - Xã hội",
        "H26.80.02",
        [Role.UNIT_HEAD],
    ),
    (
        "chuyenvien.vhxh",
        "Vũ Văn Hùng",
        "Chuyên viên tư pháp - hộ tịch",
        "H26.80.02",
        [Role.SPECIALIST],
    ),
    (
        "chuyenvien.kthtdt",
        "Hoàng Văn Sơn",
        "Chuyên viên địa chính - xây dựng",
        "H26.80.03",
        [Role.SPECIALIST],
    ),
    (
        "truongphong.kthtdt",
        "Đinh Quang Minh",
        "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
        "H26.80.03",
        [Role.UNIT_HEAD],
    ),
    ("quantri.lechan", "Bùi Thị Mai", "Quản trị hệ thống phường", "H26.81", [Role.AGENCY_ADMIN]),
    ("motcua.lechan", "Ngô Văn Tùng", "Cán bộ một cửa", "H26.81.04", [Role.COUNTER_OFFICER]),
    (
        "truongphong.lechan",
        "Phan Thị Yến",
        "Trưởng phòng Văn hóa - Xã hội",
        "H26.81.02",
        [Role.UNIT_HEAD],
    ),
    (
        "chuyenvien.lechan",
        "Tạ Văn Long",
        "Chuyên viên tư pháp - hộ tịch",
        "H26.81.02",
        [Role.SPECIALIST],
    ),
]
DEMO_USERNAMES = ["admin", *(row[0] for row in DEMO_STAFF)]


def _agency(code, name, short, kind, parent) -> Agency:
    existing = Agency.objects.filter(code=code).first()
    if existing:
        return existing
    return create_agency(
        actor=None,
        code=code,
        name=name,
        short_name=short,
        kind=kind,
        parent=parent,
        code_is_illustrative=True,
    )


@transaction.atomic
def load() -> None:
    province = _agency(*PROVINCE, AgencyKind.PROVINCE, None)
    for ward_row, units in WARDS.values():
        ward = _agency(*ward_row, AgencyKind.WARD, province)
        for unit_row in units:
            _agency(*unit_row, AgencyKind.UNIT, ward)
    for username, full_name, position, code, roles in DEMO_STAFF:
        if User.objects.filter(username=username).exists():
            continue
        create_staff(
            actor=None,
            agency=Agency.objects.get(code=code),
            username=username,
            full_name=full_name,
            position=position,
            password=DEMO_PASSWORD,
            roles=roles,
        )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", DEMO_PASSWORD, full_name="Quản trị hệ thống")


def logins() -> list[tuple[str, str]]:
    """(username, description) for the README and `make run`."""
    labels = dict(Role.choices)
    rows = [("admin", f"Quản trị hệ thống (superuser, /{settings.MOTCUA_ADMIN_PATH})")]
    for username, _, _, code, _ in DEMO_STAFF:
        assignment = (
            RoleAssignment.objects.filter(user__username=username).select_related("agency").first()
        )
        if assignment:
            rows.append(
                (username, f"{labels[assignment.role]} — {assignment.agency.display_name} ({code})")
            )
    return rows
