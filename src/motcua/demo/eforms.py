"""Demo e-forms (catalog.eforms) for the demo catalogue of Phường Hòa Bình.

Every version that can be submitted online (toàn trình, một phần) gets an e-form: the
applicant's block (name, citizen ID, phone, residence), and for the common procedures the
questions of their paper form (khai sinh: the child, the mother, the father; kết hôn: both
parties; trích lục: kind and number of copies…). The certified copy (2.000815) is "không có
DVCTT" in the demo data: it gets its form (document, pages, copies) to show that an e-form
alone does not open a procedure to online submission. The questions follow the paper
forms of TT 04/2024/TT-BTP (hộ tịch) in spirit [U: not checked field by field]; the
slot limits are illustrative.

Idempotent: a version that already has an e-form (edited by a demo user) is left alone.
"""

from __future__ import annotations

from motcua.catalog import eform_services
from motcua.catalog.eforms import DateBound, FieldDef, FieldType, SlotDef
from motcua.catalog.models import EForm, ProcedureVersion
from motcua.demo.catalogue import SCOPE_CODE

TEXT, NUMBER, DATE, CHOICE = FieldType.TEXT, FieldType.NUMBER, FieldType.DATE, FieldType.CHOICE
CITIZEN_ID, PHONE, ADDRESS = FieldType.CITIZEN_ID, FieldType.PHONE, FieldType.ADDRESS
SEX = ("Nam", "Nữ")
NAME_HELP = "Viết đầy đủ, có dấu, như trên giấy tờ tùy thân."


def _applicant(page: int, *, relation: tuple[str, ...] = ()) -> tuple[FieldDef, ...]:
    fields = [
        FieldDef(
            "ho_ten_nguoi_yeu_cau",
            "Họ, chữ đệm, tên người yêu cầu",
            max_length=100,
            help_text=NAME_HELP,
            page=page,
        ),
        FieldDef(
            "so_dinh_danh_nguoi_yeu_cau",
            "Số định danh cá nhân người yêu cầu",
            CITIZEN_ID,
            page=page,
        ),
        FieldDef(
            "dien_thoai",
            "Số điện thoại liên hệ",
            PHONE,
            page=page,
            help_text="Để cán bộ liên hệ khi cần bổ sung hồ sơ.",
        ),
        FieldDef("noi_cu_tru", "Nơi cư trú", ADDRESS, page=page),
    ]
    if relation:
        fields.insert(
            2,
            FieldDef(
                "quan_he", "Quan hệ với người được đăng ký", CHOICE, options=relation, page=page
            ),
        )
    return tuple(fields)


def _person(prefix: str, who: str, page: int, *, required: bool = True) -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            f"ho_ten_{prefix}",
            f"Họ, chữ đệm, tên {who}",
            max_length=100,
            required=required,
            page=page,
        ),
        FieldDef(
            f"ngay_sinh_{prefix}",
            f"Ngày sinh {who}",
            DATE,
            date_bound=DateBound.PAST,
            required=required,
            page=page,
        ),
        FieldDef(
            f"so_dinh_danh_{prefix}",
            f"Số định danh cá nhân {who}",
            CITIZEN_ID,
            required=required,
            page=page,
        ),
    )


BIRTH = (
    FieldDef("ho_ten_tre", "Họ, chữ đệm, tên của trẻ", max_length=100, help_text=NAME_HELP),
    FieldDef("ngay_sinh_tre", "Ngày sinh của trẻ", DATE, date_bound=DateBound.PAST),
    FieldDef("gioi_tinh_tre", "Giới tính của trẻ", CHOICE, options=SEX),
    FieldDef(
        "noi_sinh",
        "Nơi sinh",
        max_length=200,
        help_text="Tên cơ sở y tế, hoặc địa chỉ nơi sinh nếu sinh ngoài cơ sở y tế.",
    ),
    FieldDef("dan_toc_tre", "Dân tộc của trẻ", max_length=50, help_text="Ví dụ: Kinh."),
    *_person("me", "của mẹ", 2),
    *_person("cha", "của cha", 3, required=False),
    *_applicant(4, relation=("Mẹ", "Cha", "Ông, bà", "Người thân thích khác")),
    FieldDef(
        "so_ban_sao",
        "Số bản sao Giấy khai sinh đề nghị cấp",
        NUMBER,
        min_value=0,
        max_value=10,
        required=False,
        page=4,
        help_text="Bản sao trích lục thu phí theo quy định; để trống nếu không cần.",
    ),
)

MARRIAGE = (
    *_person("chong", "của bên nam", 1),
    *_person("vo", "của bên nữ", 2),
    FieldDef(
        "lan_ket_hon",
        "Kết hôn lần thứ mấy (bên nam, bên nữ)",
        max_length=50,
        required=False,
        page=3,
        help_text="Ví dụ: 1, 1.",
    ),
    FieldDef("dien_thoai", "Số điện thoại liên hệ", PHONE, page=3),
    FieldDef("noi_cu_tru", "Nơi cư trú của người nộp", ADDRESS, page=3),
)

DEATH = (
    FieldDef("ho_ten_nguoi_chet", "Họ, chữ đệm, tên người đã chết", max_length=100),
    FieldDef(
        "so_dinh_danh_nguoi_chet", "Số định danh cá nhân người đã chết", CITIZEN_ID, required=False
    ),
    FieldDef("ngay_chet", "Ngày chết", DATE, date_bound=DateBound.PAST),
    FieldDef("noi_chet", "Nơi chết", max_length=200),
    *_applicant(2, relation=("Vợ, chồng", "Con", "Cha, mẹ", "Người thân thích khác")),
)

MARITAL_STATUS = (
    *_applicant(1),
    FieldDef(
        "muc_dich",
        "Mục đích sử dụng Giấy xác nhận",
        max_length=300,
        page=2,
        help_text="Ví dụ: để đăng ký kết hôn với …; để bổ sung hồ sơ vay vốn.",
    ),
    FieldDef("so_ban", "Số bản đề nghị cấp", NUMBER, min_value=1, max_value=5, page=2),
)

CIVIL_COPY = (
    *_applicant(1),
    FieldDef(
        "loai_trich_luc",
        "Loại bản sao đề nghị cấp",
        CHOICE,
        page=2,
        options=(
            "Giấy khai sinh",
            "Trích lục kết hôn",
            "Trích lục khai tử",
            "Trích lục hộ tịch khác",
        ),
    ),
    FieldDef(
        "ho_ten_nguoi_duoc_cap",
        "Họ, chữ đệm, tên người có tên trong giấy tờ",
        max_length=100,
        page=2,
    ),
    FieldDef(
        "ngay_dang_ky",
        "Ngày đăng ký hộ tịch (nếu biết)",
        DATE,
        date_bound=DateBound.PAST,
        required=False,
        page=2,
    ),
    FieldDef("so_ban", "Số bản sao", NUMBER, min_value=1, max_value=20, page=2),
)

CERTIFIED_COPY = (
    *_applicant(1),
    FieldDef("ten_giay_to", "Tên giấy tờ, văn bản cần chứng thực", max_length=200, page=2),
    FieldDef("so_trang", "Số trang của bản chính", NUMBER, min_value=1, max_value=500, page=2),
    FieldDef("so_ban", "Số bản sao cần chứng thực", NUMBER, min_value=1, max_value=100, page=2),
)

HOUSEHOLD_BUSINESS = (
    *_applicant(1),
    FieldDef("ten_ho_kinh_doanh", "Tên hộ kinh doanh", max_length=200, page=2),
    FieldDef("nganh_nghe", "Ngành, nghề kinh doanh", max_length=1000, page=2),
    FieldDef("dia_diem", "Địa điểm kinh doanh", ADDRESS, page=2),
    FieldDef("von", "Vốn kinh doanh (đồng)", NUMBER, min_value=0, page=2),
    FieldDef(
        "so_lao_dong", "Số lao động", NUMBER, min_value=0, max_value=10000, page=2, required=False
    ),
)

#: code → (questions, {document STT: slot limits}); the rest get the applicant's block.
FORMS: dict[str, tuple[tuple[FieldDef, ...], dict[int, dict]]] = {
    "1.001193": (BIRTH, {2: {"max_files": 3, "max_size_mb": 5}}),
    "1.000894": (MARRIAGE, {}),
    "1.000656": (DEATH, {2: {"max_files": 2}}),
    "1.004873": (MARITAL_STATUS, {}),
    "2.000635": (CIVIL_COPY, {}),
    "2.000815": (CERTIFIED_COPY, {1: {"max_files": 20, "max_size_mb": 20, "accepted": ("pdf",)}}),
    "1.001612": (HOUSEHOLD_BUSINESS, {}),
}


def _slots(version: ProcedureVersion, limits: dict[int, dict]) -> tuple[SlotDef, ...] | None:
    if not limits:
        return None
    return tuple(SlotDef(document=order, name="", **changes) for order, changes in limits.items())


def load() -> None:
    versions = ProcedureVersion.objects.filter(scope__code=SCOPE_CODE).select_related(
        "procedure", "scope"
    )
    has_form = set(EForm.objects.values_list("version_id", flat=True))
    for version in versions:
        if version.pk in has_form:
            continue
        code = version.procedure.code
        if code in FORMS:
            fields, limits = FORMS[code]
        elif version.online_level in ("full", "partial"):
            fields, limits = _applicant(1), {}
        else:
            continue
        eform_services.set_eform(
            actor=None, version=version, fields=fields, slots=_slots(version, limits)
        )
