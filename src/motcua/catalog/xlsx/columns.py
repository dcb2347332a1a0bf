"""The table of columns of the catalogue spreadsheet: header, field, how a cell is read
and written, the guide text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import deadlines, fees
from ..content import VersionData
from ..models import CopyType, SupplementEffect
from .cells import (
    COPY_WORDS,
    DEADLINE_WORDS,
    DELIVERY_WORDS,
    ONLINE_WORDS,
    SUPPLEMENT_WORDS,
    YES_NO_WORDS,
    read_choice,
    read_code,
    read_count,
    read_date,
    read_deadline_variants,
    read_delivery,
    read_fee,
    read_fee_exemptions,
    read_fee_items,
    read_text,
    read_time,
)

SHEET_VERSIONS = "Thủ tục"
SHEET_DOCUMENTS = "Giấy tờ"
SHEET_GUIDE = "Hướng dẫn"
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    read: Callable
    write: Callable
    guide: str
    width: int = 18
    required: bool = False
    number_format: str | None = None
    choices: tuple[str, ...] = ()


def _words(words: dict, field_name: str) -> Callable[[VersionData], str]:
    """Writer of a choice column: the stored code of ``field_name`` as its word."""
    return lambda data: words[getattr(data, field_name)]


VERSION_COLUMNS = (
    Column(
        "Mã thủ tục",
        "code",
        read_code,
        lambda d: d.code,
        "Mã TTHC trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193 (định dạng ô: Văn bản).",
        width=12,
        required=True,
        number_format="@",
    ),
    Column(
        "Tên thủ tục",
        "name",
        lambda v: read_text(v, required=True, max_length=1000),
        lambda d: d.name,
        "Tên đầy đủ của thủ tục.",
        width=48,
        required=True,
    ),
    Column(
        "Lĩnh vực",
        "sector",
        lambda v: read_text(v, required=True, max_length=255),
        lambda d: d.sector,
        "Ví dụ: Hộ tịch, Chứng thực.",
        width=18,
        required=True,
    ),
    Column(
        "Hiệu lực từ",
        "valid_from",
        lambda v: read_date(v, required=True),
        lambda d: d.valid_from,
        "Ngày bắt đầu áp dụng, dd/mm/yyyy. Phiên bản mới tự động "
        "kết thúc phiên bản trước vào ngày hôm trước.",
        width=12,
        required=True,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "Hiệu lực đến",
        "valid_to",
        lambda v: read_date(v, required=False),
        lambda d: d.valid_to,
        "Ngày cuối cùng áp dụng (để trống nếu chưa biết).",
        width=12,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "Loại thời hạn",
        "deadline_kind",
        lambda v: read_choice(v, DEADLINE_WORDS),
        _words(DEADLINE_WORDS, "deadline_kind"),
        "Cách tính thời hạn giải quyết.",
        width=15,
        required=True,
        choices=tuple(DEADLINE_WORDS.values()),
    ),
    Column(
        "Thời hạn",
        "deadline_amount",
        read_count,
        lambda d: d.deadline_amount,
        "Số ngày, ngày làm việc hoặc giờ làm việc (số nguyên). Thủ tục trong ngày: 0 hoặc "
        "để trống.",
        width=9,
        required=True,
    ),
    Column(
        "Giờ chốt trong ngày",
        "same_day_cutoff",
        read_time,
        lambda d: d.same_day_cutoff,
        "Thủ tục trong ngày: nhận sau giờ này thì trả ngày làm việc tiếp theo (mặc định 15:00).",
        width=10,
        number_format="HH:MM",
    ),
    Column(
        "Thời hạn tạm tính",
        "deadline_provisional",
        lambda v: read_choice(v, YES_NO_WORDS, default=False),
        _words(YES_NO_WORDS, "deadline_provisional"),
        "'có' khi nguồn không ghi thời hạn và đây là giá trị tạm dùng để hẹn trả.",
        width=10,
        choices=tuple(YES_NO_WORDS.values()),
    ),
    Column(
        "Ghi chú thời hạn",
        "deadline_note",
        read_text,
        lambda d: d.deadline_note,
        "Diễn giải thời hạn, trường hợp kéo dài.",
        width=40,
    ),
    Column(
        "Thời hạn theo trường hợp, hình thức nộp, giai đoạn",
        "deadline_variants",
        read_deadline_variants,
        lambda d: deadlines.format_lines(d.deadline_variants),
        "Mỗi dòng một trường hợp: “trường hợp | hình thức nộp | thời hạn”. Trường hợp trống "
        "= mọi trường hợp; hình thức nộp: trực tiếp, trực tuyến, bưu chính hoặc trống "
        "(mọi hình thức); thời hạn: “15 ngày”, “3 ngày làm việc”, “8 giờ làm việc”, “trong "
        "ngày”, nhiều giai đoạn cách nhau bằng “;”, mỗi giai đoạn có thể ghi tên trước “:”. "
        "Ví dụ: “Nhà ở riêng lẻ | | 15 ngày”; “| trực tuyến | 2 ngày làm việc”; "
        "“| | Thẩm tra: 10 ngày; Lấy ý kiến: 15 ngày; Quyết định: 5 ngày”. Để trống khi "
        "chỉ có thời hạn chung.",
        width=40,
    ),
    Column(
        "Lệ phí (đồng)",
        "fee_vnd",
        read_fee,
        lambda d: d.fee_vnd,
        "Số tiền nguyên (đồng); 0 là không thu; để trống khi không có mức cố định (khi đó "
        "phải ghi chú lệ phí).",
        width=12,
        required=True,
        number_format="#,##0",
    ),
    Column(
        "Ghi chú lệ phí",
        "fee_note",
        read_text,
        lambda d: d.fee_note,
        "Cách tính, căn cứ thu phí, lệ phí.",
        width=40,
        required=True,
    ),
    Column(
        "Miễn, giảm lệ phí",
        "exemptions",
        read_text,
        lambda d: d.exemptions,
        "Đối tượng được miễn, giảm.",
        width=30,
    ),
    Column(
        "Cách tính phí, lệ phí",
        "fee_items",
        read_fee_items,
        lambda d: fees.format_items(d.fee_rule),
        "Mỗi dòng một khoản thu: “loại | tên | cách tính | mức | tối đa | trực tuyến”. Loại: "
        "phí, lệ phí, hoặc “phí, lệ phí” khi nguồn không tách; cách tính: mỗi hồ sơ, mỗi "
        "trang, mỗi bản, mỗi trường hợp; mức: “2.000”, theo bậc “2.000; từ 3: 1.000” (từ "
        "trang/bản/trường hợp thứ 3), hoặc “HĐND tỉnh: mã” (mức trong bảng mức thu của tỉnh); "
        "tối đa: “tối đa 200.000” (mỗi bản với cách tính mỗi trang); trực tuyến: “trực tuyến "
        "50%” khi nghị quyết cho mức thấp hơn khi nộp trực tuyến. Ví dụ: “phí | chứng thực bản "
        "sao | mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000 |”. Có cách tính thì để trống "
        "ô Lệ phí (đồng).",
        width=40,
    ),
    Column(
        "Đối tượng miễn, giảm (chọn khi tiếp nhận)",
        "fee_exemptions",
        read_fee_exemptions,
        lambda d: fees.format_exemptions(d.fee_rule),
        "Mỗi dòng một đối tượng: “mã | đối tượng | miễn hoặc giảm N% | phí, lệ phí, hoặc cả "
        "hai (phí, lệ phí) | căn cứ pháp lý”. Mã: chữ thường không dấu, số, “_”. Ví dụ: "
        "“ho_ngheo | Người thuộc hộ nghèo | miễn | lệ phí | Luật Hộ tịch 2014, Điều 11”.",
        width=40,
    ),
    Column(
        "Mức độ trực tuyến",
        "online_level",
        lambda v: read_choice(v, ONLINE_WORDS),
        _words(ONLINE_WORDS, "online_level"),
        "Mức độ dịch vụ công trực tuyến (NĐ 42/2022/NĐ-CP).",
        width=13,
        required=True,
        choices=tuple(ONLINE_WORDS.values()),
    ),
    Column(
        "Ghi chú mức độ trực tuyến",
        "online_level_note",
        read_text,
        lambda d: d.online_level_note,
        "Kênh nộp, điều kiện.",
        width=30,
    ),
    Column(
        "Căn cứ mức độ trực tuyến",
        "online_level_basis",
        read_text,
        lambda d: d.online_level_basis,
        "Văn bản quyết định mức độ trực tuyến (số, ngày, cơ quan ban hành), ví dụ quyết định "
        "phê duyệt danh mục dịch vụ công trực tuyến của UBND tỉnh.",
        width=30,
    ),
    Column(
        "Đơn vị giải quyết (mã định danh)",
        "competent_unit_code",
        lambda v: read_text(v, max_length=40),
        lambda d: d.competent_unit_code,
        "Mã định danh của phòng/đơn vị thuộc phạm vi nhập (để trống nếu chưa phân công).",
        width=16,
        number_format="@",
    ),
    Column(
        "Bổ sung hồ sơ",
        "supplement_effect",
        lambda v: read_choice(v, SUPPLEMENT_WORDS, default=SupplementEffect.PAUSE),
        _words(SUPPLEMENT_WORDS, "supplement_effect"),
        "Khi yêu cầu bổ sung, hoàn thiện hồ sơ: tạm dừng đếm "
        "thời hạn hay tính lại từ đầu (mặc định: tạm dừng).",
        width=12,
        choices=tuple(SUPPLEMENT_WORDS.values()),
    ),
    Column(
        "Hình thức trả kết quả",
        "result_delivery",
        read_delivery,
        lambda d: ", ".join(DELIVERY_WORDS[code] for code in d.result_delivery),
        "Một hoặc nhiều, cách nhau bởi dấu phẩy: trực tiếp, bưu chính, điện tử.",
        width=24,
        required=True,
    ),
    Column(
        "Lưu ý thành phần hồ sơ",
        "documents_note",
        read_text,
        lambda d: d.documents_note,
        "Lưu ý chung về giấy tờ (không phải một giấy tờ).",
        width=30,
    ),
    Column(
        "Căn cứ pháp lý",
        "legal_basis",
        read_text,
        lambda d: d.legal_basis,
        "Văn bản quy định, quyết định công bố.",
        width=30,
    ),
    Column(
        "Nguồn",
        "source",
        read_text,
        lambda d: d.source,
        "Nơi lấy dữ liệu (địa chỉ trang, văn bản).",
        width=30,
    ),
    Column(
        "Lưu ý",
        "caveats",
        read_text,
        lambda d: d.caveats,
        "Điểm chưa chắc chắn, cần đối chiếu; hiện cho cán bộ như một cảnh báo.",
        width=30,
    ),
)

DOCUMENT_COLUMNS = (
    Column(
        "Mã thủ tục",
        "code",
        read_code,
        None,
        "Mã thủ tục của dòng trong sheet 'Thủ tục'.",
        width=12,
        required=True,
        number_format="@",
    ),
    Column(
        "Hiệu lực từ",
        "valid_from",
        lambda v: read_date(v, required=True),
        None,
        "Ngày hiệu lực của phiên bản trong sheet 'Thủ tục'.",
        width=12,
        required=True,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "STT",
        "order",
        lambda v: read_count(v, default=0),
        None,
        "Thứ tự giấy tờ trong hồ sơ.",
        width=6,
    ),
    Column(
        "Tên giấy tờ",
        "name",
        lambda v: read_text(v, required=True),
        None,
        "Tên giấy tờ.",
        width=60,
        required=True,
    ),
    Column(
        "Loại bản",
        "copy_type",
        lambda v: read_choice(v, COPY_WORDS, default=CopyType.ORIGINAL),
        None,
        "bản chính, bản sao có chứng thực, bản sao, hoặc xuất trình (chỉ đưa ra để đối "
        "chiếu, không nộp).",
        width=20,
        choices=tuple(COPY_WORDS.values()),
    ),
    Column(
        "Số lượng",
        "quantity",
        lambda v: read_count(v, default=1),
        None,
        "Số bản (mặc định 1).",
        width=9,
    ),
    Column("Ghi chú", "note", read_text, None, "Ghi chú về giấy tờ.", width=30),
)

COLUMN_ORDER = {column.header: index for index, column in enumerate(VERSION_COLUMNS)}
FIELD_HEADERS = {column.field: column.header for column in VERSION_COLUMNS}
FIELD_HEADERS["documents"] = SHEET_DOCUMENTS
