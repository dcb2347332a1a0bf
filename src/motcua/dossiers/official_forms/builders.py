"""The wording and layout of Mẫu 01–07 (Phụ lục I, Thông tư 03/2025/TT-VPCP).

One function per form turns its dataclass (context.py) into a printable document
(blocks.py). The sentences follow the forms of TT 01/2018/TT-VPCP that TT 03/2025
carries over, adapted where TT 03/2025 renamed or added a form (Mẫu 04, Mẫu 05);
docs/forms.md lists what is confirmed and what is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.core.qr import qr_data_uri, qr_svg

from . import wording as w
from .blocks import (
    bold,
    closing,
    field,
    fields,
    header_cell,
    line,
    nfc,
    note,
    plain,
    signer,
    table,
)
from .context import (
    AgencyHeader,
    ApologyForm,
    Applicant,
    ControlSheetForm,
    CopyType,
    DocumentLine,
    ReceiptForm,
    RefusalForm,
    RegisterForm,
    RegisterRow,
    StopForm,
    SupplementRequestForm,
)

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
YOU = "Ông/Bà"
HEAD_HINT = "(Ký, ghi rõ họ tên và đóng dấu)"
# Capitals that fit on one line of the agency column of a portrait A4 page (12 pt).
PARENT_LINE_CHARS = 30
UNIT_LINE_CHARS = 26


def document(
    *,
    form_no: str,
    title: str,
    header: AgencyHeader,
    number: str | None,
    issued_on: dt.date | None,
    blocks: list[dict[str, Any]],
    subtitle: tuple[str, ...] | list[str] = (),
    orientation: str = "portrait",
    qr: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The whole printable document. ``number=None`` omits the "Số:" line (registers)."""
    return nfc(
        {
            "form_no": form_no,
            "title": title,
            "subtitle": list(subtitle),
            "orientation": orientation,
            "header": {
                "country": COUNTRY,
                "motto": MOTTO,
                "parent": w.balanced_lines(header.parent_name.upper(), PARENT_LINE_CHARS),
                "unit": w.balanced_lines(header.name.upper(), UNIT_LINE_CHARS),
                "number": "" if number is None else f"Số: {w.or_blank(number)}",
                "place_date": w.place_and_date(header.place, issued_on) if issued_on else "",
            },
            "qr": qr,
            "blocks": blocks,
        }
    )


def applicant_lines(person: Applicant, *, label: str) -> list[dict[str, Any]]:
    return [
        field(label, person.full_name, strong=True),
        field("Địa chỉ", w.or_blank(person.address)),
        fields(("Số điện thoại", w.or_blank(person.phone)), ("Email", w.or_blank(person.email))),
    ]


def receipt(form: ReceiptForm) -> dict[str, Any]:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    if form.fee_text:
        fee = form.fee_text
    elif form.fee_vnd:
        fee = w.dong(form.fee_vnd)
    elif form.fee_undetermined is not None:  # never "không thu" for a fee the law leaves open
        reason = f" ({form.fee_undetermined})" if form.fee_undetermined else ""
        fee = f"Chưa xác định{reason}; thu theo mức do cơ quan có thẩm quyền quy định"
    else:
        fee = "Không thu phí, lệ phí"
    blocks = [
        field("Bộ phận tiếp nhận và trả kết quả", form.receiving_unit),
        *applicant_lines(form.applicant, label="Tiếp nhận hồ sơ của"),
        field("Nội dung yêu cầu giải quyết", form.procedure_name, strong=True),
        line(bold("1. Thành phần hồ sơ nộp gồm:"), align="left"),
        received_documents_table(form.documents),
        field("2. Số lượng hồ sơ", f"{w.two_digits(form.dossier_sets)} bộ"),
        field("3. Thời gian giải quyết hồ sơ theo quy định", form.processing_time),
        field("4. Thời gian nhận hồ sơ", w.clock_and_date(form.received_at)),
        field(
            "5. Thời gian trả kết quả giải quyết hồ sơ",
            w.clock_and_date(form.appointment_at),
            strong=True,
        ),
        field("6. Đăng ký nhận kết quả tại", form.result_place),
        field("7. Phí, lệ phí", fee),
        fields(
            ("Vào Sổ theo dõi hồ sơ, Quyển số", w.or_blank(form.register_book)),
            ("Số thứ tự", w.or_blank(form.register_entry)),
        ),
        closing(
            signer("NGƯỜI NỘP HỒ SƠ", form.applicant.full_name),
            signer("NGƯỜI TIẾP NHẬN HỒ SƠ", form.receiving_officer.full_name),
        ),
        note(
            bold("Ghi chú: "),
            plain(
                "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 bản: 01 bản giao "
                "cho người nộp hồ sơ; 01 bản chuyển kèm theo hồ sơ và lưu tại Bộ phận tiếp "
                "nhận và trả kết quả. Tra cứu tình trạng giải quyết hồ sơ bằng mã QR hoặc tại "
            ),
            bold(form.lookup_url),
            plain("."),
        ),
    ]
    return document(
        form_no="01",
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        subtitle=[f"Mã hồ sơ: {form.dossier_code}"],
        header=form.header,
        number=form.number,
        issued_on=form.issued_on,
        blocks=blocks,
        qr={
            "svg": qr_svg(form.lookup_url),
            "data_uri": qr_data_uri(form.lookup_url),
            "url": form.lookup_url,
            "caption": "Quét mã để tra cứu",
        },
    )


def received_documents_table(documents: tuple[DocumentLine, ...]) -> dict[str, Any]:
    return table(
        widths=[1, 8, 3.2, 1.6],
        align=["center", "left", "center", "center"],
        header=[[header_cell(text) for text in ("STT", "Tên giấy tờ", "Loại bản", "Số lượng")]],
        rows=[
            [str(index), doc.name, doc.copy_type.label, w.two_digits(doc.quantity)]
            for index, doc in enumerate(documents, start=1)
        ],
    )


#: The quantity columns of Mẫu 02; a document to be shown counts as an original.
SUPPLEMENT_COLUMNS = (CopyType.ORIGINAL, CopyType.CERTIFIED_COPY, CopyType.PHOTOCOPY)


def supplement_row(index: int, doc: DocumentLine) -> list[str]:
    column = CopyType.ORIGINAL if doc.copy_type == CopyType.PRESENT_ONLY else doc.copy_type
    name = f"{doc.name} (xuất trình)" if doc.copy_type == CopyType.PRESENT_ONLY else doc.name
    counts = [w.two_digits(doc.quantity) if kind == column else "" for kind in SUPPLEMENT_COLUMNS]
    return [str(index), name, *counts]


def supplement_request(form: SupplementRequestForm) -> dict[str, Any]:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    documents = table(
        widths=[1, 7.4, 1.8, 2.2, 1.8],
        align=["center", "left", "center", "center", "center"],
        header=[
            [
                header_cell("STT", rowspan=2),
                header_cell("Tên giấy tờ cần bổ sung, hoàn thiện", rowspan=2),
                header_cell("Số lượng", colspan=3),
            ],
            [header_cell(kind.label) for kind in SUPPLEMENT_COLUMNS],
        ],
        rows=[supplement_row(i, doc) for i, doc in enumerate(form.documents, start=1)],
    )
    blocks = [
        *applicant_lines(form.applicant, label="Hồ sơ của"),
        dossier_code_field(form.dossier_code),
        field("Nội dung yêu cầu giải quyết", form.procedure_name, strong=True),
        line(
            plain(
                f"Sau khi xem xét, {form.unit} đề nghị {YOU} bổ sung, hoàn thiện hồ sơ "
                "gồm những nội dung sau:"
            ),
            indent=True,
        ),
        documents,
        field("Lý do", form.reason),
        line(
            plain(
                f"Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, {YOU} liên hệ với "
            ),
            bold(w.or_blank(form.contact_name)),
            plain(", số điện thoại "),
            bold(w.or_blank(form.contact_phone)),
            plain(" để được hướng dẫn."),
            indent=True,
        ),
        closing(signer("NGƯỜI HƯỚNG DẪN", form.guiding_officer.full_name)),
    ]
    return document(
        form_no="02",
        title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        header=form.header,
        number=form.number,
        issued_on=form.issued_on,
        blocks=blocks,
    )


def dossier_code_field(code: str) -> dict[str, Any]:
    return field("Mã hồ sơ", w.or_blank(code), strong=True)


def refusal(form: RefusalForm) -> dict[str, Any]:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    blocks = [
        field("Bộ phận tiếp nhận và trả kết quả", form.unit),
        *applicant_lines(form.applicant, label="Tiếp nhận hồ sơ của"),
        dossier_code_field(form.dossier_code),
        field("Nội dung yêu cầu giải quyết", form.procedure_name, strong=True),
        line(
            plain(
                f"Qua xem xét, {form.unit} thông báo không tiếp nhận, giải quyết hồ sơ này "
                "với lý do cụ thể như sau:"
            ),
            indent=True,
        ),
        *[
            line(plain(f"{index}. {reason}"), indent=True)
            for index, reason in enumerate(form.reasons, start=1)
        ],
        line(plain(f"Xin thông báo để {YOU} được biết và thực hiện./."), indent=True),
        closing(signer("NGƯỜI TIẾP NHẬN HỒ SƠ", form.receiving_officer.full_name)),
    ]
    return document(
        form_no="03",
        title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        header=form.header,
        number=form.number,
        issued_on=form.issued_on,
        blocks=blocks,
    )


def addressee_lines(person: Applicant) -> list[dict[str, Any]]:
    return [
        line(plain("Kính gửi: "), bold(f"{YOU} {person.full_name}"), align="center"),
        field("Địa chỉ", w.or_blank(person.address)),
        fields(("Số điện thoại", w.or_blank(person.phone)), ("Email", w.or_blank(person.email))),
    ]


def apology(form: ApologyForm) -> dict[str, Any]:
    """Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""
    agency = form.header.name
    blocks = [
        *addressee_lines(form.addressee),
        line(
            plain(
                f"Ngày {w.day(form.received_at)}, {agency} tiếp nhận giải quyết hồ sơ của "
                f"{YOU} {form.addressee.full_name}, mã hồ sơ "
            ),
            bold(form.dossier_code),
            plain(f", về việc {form.procedure_name}."),
            indent=True,
        ),
        line(
            plain(
                "Theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, thời hạn trả kết quả giải quyết "
                f"hồ sơ là {w.clock_and_date(form.original_due_at)}. Tuy nhiên đến nay, "
                f"{agency} chưa giải quyết xong hồ sơ của {YOU}."
            ),
            indent=True,
        ),
        line(plain("Lý do: "), plain(form.reason), indent=True),
        line(
            plain(
                f"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của {YOU}. "
                f"{agency} trân trọng xin lỗi {YOU} và đề nghị {YOU} đồng ý gia hạn thời gian "
                "giải quyết hồ sơ; kết quả giải quyết hồ sơ sẽ được trả cho "
                f"{YOU} vào "
            ),
            bold(w.clock_and_date(form.new_due_at)),
            plain("."),
            indent=True,
        ),
        line(plain("Xin trân trọng cảm ơn./."), indent=True),
        head_closing(form.signer, form.recipients),
    ]
    return document(
        form_no="04",
        title="VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        header=form.header,
        number=form.number,
        issued_on=form.issued_on,
        blocks=blocks,
    )


def head_closing(person, recipients: tuple[str, ...]) -> dict[str, Any]:
    """The head's signature with "Nơi nhận" (letters to the applicant: Mẫu 04, 05)."""
    return closing(
        signer(person.title, person.full_name, hint=HEAD_HINT),
        recipients=[f"- {name};" for name in _distinct(recipients)] + ["- Lưu: VT."],
    )


def _distinct(names: tuple[str, ...]) -> list[str]:
    """ "Nơi nhận" entries once each, in order; "Lưu: VT" is always the last line."""
    kept = (name.strip().rstrip(";.").strip() for name in names)
    return [name for name in dict.fromkeys(kept) if name and name.casefold() != "lưu: vt"]


def stop(form: StopForm) -> dict[str, Any]:
    """Mẫu 05 — Thông báo dừng giải quyết hồ sơ."""
    blocks = [
        *addressee_lines(form.applicant),
        line(
            plain(
                f"Ngày {w.day(form.received_at)}, {form.unit} đã tiếp nhận hồ sơ của {YOU} "
                f"{form.applicant.full_name}, mã hồ sơ "
            ),
            bold(form.dossier_code),
            plain(f", về việc {form.procedure_name}."),
            indent=True,
        ),
        line(plain(f"{form.unit} thông báo dừng giải quyết hồ sơ nêu trên."), indent=True),
        line(plain("Lý do: "), plain(form.reason), indent=True),
        line(plain("Căn cứ pháp lý: "), plain(form.legal_ground), indent=True),
        line(plain(f"Xin thông báo để {YOU} được biết./."), indent=True),
        head_closing(form.signer, form.recipients),
    ]
    return document(
        form_no="05",
        title="THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        header=form.header,
        number=form.number,
        issued_on=form.issued_on,
        blocks=blocks,
    )


def control_sheet(form: ControlSheetForm) -> dict[str, Any]:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (landscape)."""
    handovers = table(
        widths=[0.8, 3.6, 3.6, 3.4, 2.6, 2.6, 2.2, 2.6],
        align=["center", "left", "left", "center", "center", "center", "center", "left"],
        header=[
            [
                header_cell("STT", rowspan=2),
                header_cell("Tên cơ quan, đơn vị", colspan=2),
                header_cell("Thời gian giao, nhận hồ sơ", rowspan=2),
                header_cell("Người giao", rowspan=2),
                header_cell("Người nhận", rowspan=2),
                header_cell("Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn)", rowspan=2),
                header_cell("Ghi chú", rowspan=2),
            ],
            [header_cell("Giao"), header_cell("Nhận")],
        ],
        rows=[
            [
                str(index),
                row.from_unit,
                row.to_unit,
                w.clock_and_date(row.handed_over_at),
                row.giver,
                row.receiver,
                row.result.label if row.result else "",
                row.note,
            ]
            for index, row in enumerate(form.rows, start=1)
        ],
        size="small",
    )
    coordinating = "; ".join(form.coordinating_units) or "Không"
    blocks = [
        fields(("Người nộp hồ sơ", form.applicant.full_name), ("Địa chỉ", form.applicant.address)),
        field("Thủ tục hành chính", form.procedure_name, strong=True),
        fields(
            ("Thời gian nhận hồ sơ", w.clock_and_date(form.received_at)),
            ("Thời gian hẹn trả kết quả", w.clock_and_date(form.due_at)),
        ),
        field("Cơ quan (đơn vị) giải quyết hồ sơ", form.competent_unit),
        field("Cơ quan phối hợp giải quyết hồ sơ", coordinating),
        handovers,
    ]
    return document(
        form_no="06",
        title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        subtitle=[
            f"Mã hồ sơ: {form.dossier_code}",
            "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
        ],
        header=form.header,
        number=None,
        issued_on=None,
        blocks=blocks,
        orientation="landscape",
    )


#: Mẫu 07 columns, shared by the PDF, the print view and the Excel export:
#: (group heading or None, column heading, relative width, alignment).
REGISTER_COLUMNS = (
    (None, "STT", 0.6, "center"),
    (None, "Mã hồ sơ", "auto", "left"),
    (None, "Tên thủ tục hành chính", 3.0, "left"),
    (None, "Số lượng hồ sơ (bộ)", 0.9, "center"),
    ("Cá nhân, tổ chức nộp hồ sơ", "Họ và tên", 2.0, "left"),
    ("Cá nhân, tổ chức nộp hồ sơ", "Địa chỉ", 3.6, "left"),
    (None, "Cơ quan chủ trì giải quyết", 2.0, "left"),
    ("Ngày, tháng, năm", "Nhận hồ sơ", 1.6, "center"),
    ("Ngày, tháng, năm", "Hẹn trả kết quả", 1.6, "center"),
    ("Ngày, tháng, năm", "Chuyển hồ sơ đến cơ quan giải quyết", 1.6, "center"),
    ("Ngày, tháng, năm", "Nhận kết quả giải quyết", 1.6, "center"),
    ("Ngày, tháng, năm", "Trả kết quả", 1.6, "center"),
    (None, "Ghi chú", 1.4, "left"),
)


def register_values(index: int, row: RegisterRow) -> list[Any]:
    """One register row as Python values, in REGISTER_COLUMNS order."""
    return [
        index,
        row.dossier_code,
        row.procedure_name,
        row.quantity,
        row.applicant_name,
        row.applicant_address,
        row.competent_agency,
        row.received_at,
        row.due_at,
        row.forwarded_at,
        row.result_at,
        row.returned_at,
        row.note,
    ]


def register_cell(value: Any) -> str:
    if isinstance(value, dt.datetime) or value is None:
        return w.date_and_clock(value)
    return str(value)


def register_header() -> list[list[dict[str, Any]]]:
    """Two heading rows: grouped columns share a heading above their own."""
    top: list[dict[str, Any]] = []
    bottom: list[dict[str, Any]] = []
    for position, (group, heading, _width, _align) in enumerate(REGISTER_COLUMNS):
        if group is None:
            top.append(header_cell(heading, rowspan=2))
            continue
        bottom.append(header_cell(heading))
        if position == 0 or REGISTER_COLUMNS[position - 1][0] != group:
            span = sum(1 for column in REGISTER_COLUMNS if column[0] == group)
            top.append(header_cell(group, colspan=span))
    return [top, bottom]


def register_title(form: RegisterForm) -> list[str]:
    period = f"Từ ngày {w.day(form.period_start)} đến ngày {w.day(form.period_end)}"
    return [period] + ([f"Quyển số: {form.book_number}"] if form.book_number else [])


def register(form: RegisterForm) -> dict[str, Any]:
    """Mẫu 07 — Sổ theo dõi hồ sơ (landscape; the heading repeats on every page)."""
    rows = table(
        widths=[column[2] for column in REGISTER_COLUMNS],
        align=[column[3] for column in REGISTER_COLUMNS],
        header=register_header(),
        rows=[
            [register_cell(value) for value in register_values(index, row)]
            for index, row in enumerate(form.rows, start=1)
        ],
        size="small",
    )
    return document(
        form_no="07",
        title="SỔ THEO DÕI HỒ SƠ",
        subtitle=register_title(form),
        header=form.header,
        number=None,
        issued_on=None,
        blocks=[rows],
        orientation="landscape",
    )
