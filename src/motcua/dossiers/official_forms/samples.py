"""Sample forms with realistic data: previews of the layout, demos and the tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.dossiers.official_forms.context import (
    AgencyHeader,
    ApologyForm,
    Applicant,
    ControlSheetForm,
    ControlSheetRow,
    CopyType,
    DocumentLine,
    HandoverResult,
    ReceiptForm,
    RefusalForm,
    RegisterForm,
    RegisterRow,
    Signer,
    StopForm,
    SupplementRequestForm,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.01.H29-260225-0001"
LOOKUP_URL = "https://motcua.hoabinh.gov.vn/tra-cuu/000.00.01.H29-260225-0001"
HEADER = AgencyHeader(
    parent_name="Ủy ban nhân dân phường Hòa Bình",
    name="Trung tâm Phục vụ hành chính công",
    place="Hòa Bình",
)
HUONG = Applicant(
    full_name="Nguyễn Thị Hường",
    address="Số 12 ngõ 34 phố Lạch Tray, phường Hòa Bình, thành phố Hải Phòng",
    phone="0912 345 678",
    email="huong.nt@example.vn",
)
BAO = Applicant(full_name="Đặng Quốc Bảo", address="Tổ dân phố Đông Hải 2, phường Hòa Bình")
PROCEDURE = "Đăng ký khai sinh"
UNIT = "Trung tâm Phục vụ hành chính công phường Hòa Bình"


def at(day: int, hour: int, minute: int = 0, month: int = 2) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


def receipt(applicant: Applicant = HUONG, **changes) -> ReceiptForm:
    values = dict(
        header=HEADER,
        number="125/TNHS",
        issued_on=dt.date(2026, 2, 25),
        dossier_code=CODE,
        receiving_unit=UNIT,
        applicant=applicant,
        procedure_name=PROCEDURE,
        documents=(
            DocumentLine("Tờ khai đăng ký khai sinh theo mẫu", CopyType.ORIGINAL, 1),
            DocumentLine("Giấy chứng sinh", CopyType.ORIGINAL, 1),
            DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", CopyType.CERTIFIED_COPY, 1),
            DocumentLine("Căn cước của người đi đăng ký", CopyType.PHOTOCOPY, 1),
        ),
        processing_time="03 ngày làm việc",
        received_at=at(25, 10, 0),
        appointment_at=at(2, 10, 0, month=3),
        result_place="Trung tâm Phục vụ hành chính công phường Hòa Bình (quầy số 3)",
        lookup_url=LOOKUP_URL,
        receiving_officer=Signer("Trần Thu Hà"),
        fee_vnd=1_234_567,
        register_book="01/2026",
        register_entry="125",
    )
    values.update(changes)
    return ReceiptForm(**values)


def supplement_request(applicant: Applicant = BAO) -> SupplementRequestForm:
    return SupplementRequestForm(
        header=HEADER,
        number="18/YCBS",
        issued_on=dt.date(2026, 2, 26),
        dossier_code=CODE,
        unit=UNIT,
        applicant=applicant,
        procedure_name="Đăng ký thường trú",
        documents=(
            DocumentLine("Tờ khai thay đổi thông tin cư trú (CT01)", CopyType.ORIGINAL, 1),
            DocumentLine("Hợp đồng thuê nhà có công chứng", CopyType.CERTIFIED_COPY, 2),
            DocumentLine("Giấy tờ chứng minh chỗ ở hợp pháp", CopyType.PHOTOCOPY, 1),
            DocumentLine("Căn cước", CopyType.PRESENT_ONLY, 1),
        ),
        reason="Hợp đồng thuê nhà đã hết hạn; tờ khai chưa có ý kiến của chủ hộ.",
        contact_name="Lê Minh Tuấn",
        contact_phone="0225 3 123 456",
        guiding_officer=Signer("Lê Minh Tuấn"),
    )


def refusal(applicant: Applicant = HUONG) -> RefusalForm:
    return RefusalForm(
        header=HEADER,
        number="03/TCTN",
        issued_on=dt.date(2026, 2, 27),
        dossier_code=CODE,
        unit=UNIT,
        applicant=applicant,
        procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        reasons=(
            "Thửa đất nằm trong khu vực đã có quyết định thu hồi đất.",
            "Thủ tục không thuộc thẩm quyền giải quyết của UBND phường.",
        ),
        receiving_officer=Signer("Trần Thu Hà"),
    )


def apology(applicant: Applicant = HUONG) -> ApologyForm:
    return ApologyForm(
        header=HEADER,
        number="45/XL-TTPVHCC",
        issued_on=dt.date(2026, 3, 1),
        addressee=applicant,
        dossier_code=CODE,
        procedure_name=PROCEDURE,
        received_at=at(25, 10, 0),
        original_due_at=at(2, 10, 0, month=3),
        reason="Cần xác minh thông tin hộ tịch với UBND xã nơi cư trú trước đây của người mẹ.",
        new_due_at=at(5, 16, 30, month=3),
        signer=Signer("Phạm Văn Long", "GIÁM ĐỐC"),
        recipients=("Như trên", "Chủ tịch UBND phường (để báo cáo)"),
    )


def stop(applicant: Applicant = BAO) -> StopForm:
    return StopForm(
        header=HEADER,
        number="07/TB-TTPVHCC",
        issued_on=dt.date(2026, 3, 3),
        unit="Phòng Kinh tế, Hạ tầng và Đô thị",
        applicant=applicant,
        dossier_code=CODE,
        procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        received_at=at(25, 14, 15),
        reason="Người nộp hồ sơ có văn bản đề nghị dừng giải quyết để điều chỉnh thiết kế.",
        legal_ground="Khoản 2 Điều 19 Nghị định 118/2025/NĐ-CP.",
        signer=Signer("Phạm Văn Long", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
        recipients=("Như trên",),
    )


def control_sheet(applicant: Applicant = HUONG) -> ControlSheetForm:
    return ControlSheetForm(
        header=HEADER,
        dossier_code=CODE,
        applicant=applicant,
        procedure_name=PROCEDURE,
        received_at=at(25, 10, 0),
        due_at=at(2, 10, 0, month=3),
        competent_unit="Phòng Văn hóa - Xã hội",
        coordinating_units=("Công an phường Hòa Bình",),
        rows=(
            ControlSheetRow(
                "Bộ phận tiếp nhận và trả kết quả",
                "Phòng Văn hóa - Xã hội",
                at(25, 14, 0),
                "Trần Thu Hà",
                "Vũ Thị Lan",
                HandoverResult.EARLY,
            ),
            ControlSheetRow(
                "Phòng Văn hóa - Xã hội",
                "Lãnh đạo UBND phường",
                at(27, 9, 30),
                "Vũ Thị Lan",
                "Phạm Văn Long",
                HandoverResult.ON_TIME,
            ),
            ControlSheetRow(
                "Lãnh đạo UBND phường",
                "Bộ phận tiếp nhận và trả kết quả",
                at(2, 15, 0, 3),
                "Phạm Văn Long",
                "Trần Thu Hà",
                HandoverResult.LATE,
                "Đã gửi văn bản xin lỗi",
            ),
        ),
    )


def register(rows: int = 12, applicant: Applicant = HUONG) -> RegisterForm:
    names = [applicant.full_name, BAO.full_name, "Hoàng Thị Ánh Tuyết", "Lương Văn Ưng"]
    return RegisterForm(
        header=HEADER,
        period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 2, 28),
        book_number="01/2026",
        rows=tuple(
            RegisterRow(
                dossier_code=f"000.00.01.H29-2602{1 + i % 28:02d}-{i + 1:04d}",
                procedure_name=PROCEDURE if i % 2 else "Chứng thực bản sao từ bản chính",
                quantity=1,
                applicant_name=names[i % len(names)],
                applicant_address=(
                    applicant.address if i % len(names) == 0 else "Phường Hòa Bình, Hải Phòng"
                ),
                competent_agency="Phòng Văn hóa - Xã hội",
                received_at=at(1 + i % 28, 8 + i % 8, 15),
                due_at=at(1 + i % 28, 16, 0) + dt.timedelta(days=3),
                forwarded_at=at(1 + i % 28, 15, 0) if i % 3 else None,
                result_at=None,
                returned_at=None,
                note="Trực tuyến" if i % 5 == 0 else "",
            )
            for i in range(rows)
        ),
    )


ALL_FORMS = {
    "01": receipt,
    "02": supplement_request,
    "03": refusal,
    "04": apology,
    "05": stop,
    "06": control_sheet,
    "07": register,
}
