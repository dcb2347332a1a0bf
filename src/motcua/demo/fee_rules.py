"""Demo fee rules (catalog.fees) for the demo catalogue, and Hải Phòng's council table.

The CSV snapshot gives one number per procedure; here the fees are written as the law
does (docs/fees.md gives every source and doubt):

- **phí chứng thực** (Thông tư 226/2016/TT-BTC): copies 2.000 đ/trang for pages 1–2,
  1.000 đ from page 3, at most 200.000 đ per copy; signatures 10.000 đ per case;
  contracts and transactions 50.000 / 30.000 / 25.000 đ [P: the snapshot's reading of the
  circular and the portal; whether a 2025 circular replaced it is not checked];
- **phí khai thác thông tin hộ tịch** (Thông tư 281/2016/TT-BTC): 8.000 đ per copy of an
  extract [P];
- **lệ phí hộ tịch** set by the provincial council (Thông tư 85/2019/TT-BTC), exempt under
  Luật Hộ tịch 2014, Art. 11.1: (a) families of people with merit, poor households, people
  with disabilities; (b) on-time birth and death registration, guardianship, marriage of
  citizens residing in Vietnam [P: the article as quoted by secondary sources];
- **lệ phí đăng ký nuôi con nuôi** 400.000 đ with the exemptions the portal lists
  (Nghị định 114/2016/NĐ-CP) [P];
- **lệ phí đăng ký hộ kinh doanh**, **lệ phí cấp giấy phép xây dựng**: set by the council.

``COUNCIL_FEES`` are **illustrative amounts**, not Hải Phòng's resolution (not checked):
their legal basis says so on every quote. The building-permit key is left out on purpose, so
the demo shows a council fee the province has not entered (the counter states it).
"""

from __future__ import annotations

import datetime as dt
import random

from motcua.catalog import fees
from motcua.catalog.services import set_council_fee
from motcua.org.models import Agency

PROVINCE_CODE = "H26"
VALID_FROM = dt.date(2025, 7, 1)

HO_TICH_11A = "Luật Hộ tịch 2014, Điều 11 khoản 1 điểm a"
HO_TICH_11B = "Luật Hộ tịch 2014, Điều 11 khoản 1 điểm b"
MERIT_POOR_DISABLED = (
    "co_cong_ngheo_khuyet_tat | Người thuộc gia đình có công với cách mạng, hộ nghèo, người "
    f"khuyết tật | miễn | lệ phí | {HO_TICH_11A}"
)
EXTRACT_COPY = "phí | cấp bản sao trích lục (nếu yêu cầu) | mỗi bản | 8.000"
COPY_PAGES = "mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000"


def _ho_tich(key: str, name: str, on_time: str = "") -> tuple[str, str]:
    exemptions = [MERIT_POOR_DISABLED]
    if on_time:
        exemptions.append(f"dung_han | {on_time} | miễn | lệ phí | {HO_TICH_11B}")
    items = f"lệ phí | {name} | mỗi hồ sơ | HĐND tỉnh: {key}\n{EXTRACT_COPY}"
    return items, "\n".join(exemptions)


# code → (charges, exemptions), in the spreadsheet's text form.
RULES: dict[str, tuple[str, str]] = {
    # Chứng thực (TT 226/2016/TT-BTC)
    "2.000815": (f"phí | chứng thực bản sao từ bản chính | {COPY_PAGES}", ""),
    "2.000942": (f"phí | cấp bản sao có chứng thực từ bản chính hợp đồng | {COPY_PAGES}", ""),
    "2.000884": ("phí | chứng thực chữ ký | mỗi trường hợp | 10.000", ""),
    "2.001008": ("phí | chứng thực chữ ký người dịch | mỗi trường hợp | 10.000", ""),
    "2.001035": (
        "phí | chứng thực hợp đồng, giao dịch | mỗi hồ sơ | 50.000",
        "the_chap_nong_nghiep | Hợp đồng thế chấp của cá nhân, hộ gia đình vay vốn phát triển "
        "nông nghiệp, nông thôn | miễn | phí | Nghị định 55/2015/NĐ-CP",
    ),
    "2.001019": ("phí | chứng thực di chúc | mỗi hồ sơ | 50.000", ""),
    "2.001406": ("phí | chứng thực văn bản phân chia di sản | mỗi hồ sơ | 50.000", ""),
    "2.001016": ("phí | chứng thực văn bản từ chối nhận di sản | mỗi hồ sơ | 50.000", ""),
    "2.000913": (
        "phí | chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch | mỗi hồ sơ | 30.000",
        "",
    ),
    "2.000927": ("phí | sửa lỗi sai sót trong hợp đồng, giao dịch | mỗi hồ sơ | 25.000", ""),
    # Hộ tịch (lệ phí: HĐND tỉnh, TT 85/2019; phí bản sao trích lục: TT 281/2016)
    "1.001193": _ho_tich("ho_tich_khai_sinh", "đăng ký khai sinh", "Đăng ký khai sinh đúng hạn"),
    "1.000656": _ho_tich("ho_tich_khai_tu", "đăng ký khai tử", "Đăng ký khai tử đúng hạn"),
    # 1.000894 kết hôn: exempt (Art. 11.1.b); the CSV's 0 stands ("Không thu").
    "1.004873": (
        "lệ phí | cấp Giấy xác nhận tình trạng hôn nhân | mỗi hồ sơ | HĐND tỉnh: xac_nhan_tthn",
        MERIT_POOR_DISABLED,
    ),
    "2.000635": ("phí | cấp bản sao trích lục hộ tịch | mỗi bản | 8.000", ""),
    # The portal's note also exempts merit families, poor households and people with
    # disabilities; no legal text for a phí was found, so no exemption is entered (docs).
    "2.002516": ("phí | xác nhận thông tin hộ tịch | mỗi trường hợp | 8.000", ""),
    # Nuôi con nuôi (NĐ 114/2016/NĐ-CP)
    "2.001263": (
        "lệ phí | đăng ký nuôi con nuôi trong nước | mỗi hồ sơ | 400.000",
        "\n".join(
            f"{code} | {label} | miễn | lệ phí | Nghị định 114/2016/NĐ-CP"
            for code, label in (
                ("con_rieng", "Cha dượng, mẹ kế nhận con riêng của vợ hoặc chồng"),
                ("ho_hang", "Cô, cậu, dì, chú, bác ruột nhận cháu làm con nuôi"),
                ("tre_dac_biet", "Nhận trẻ khuyết tật, nhiễm HIV/AIDS, mắc bệnh hiểm nghèo"),
                ("co_cong", "Người có công với cách mạng nhận con nuôi"),
            )
        ),
    ),
    # Hộ kinh doanh (lệ phí: HĐND tỉnh, TT 85/2019)
    "1.001612": ("lệ phí | đăng ký hộ kinh doanh | mỗi hồ sơ | HĐND tỉnh: dang_ky_hkd", ""),
    # Xây dựng (lệ phí cấp GPXD: HĐND tỉnh) — no amount in the demo table on purpose
    "1.013225": ("lệ phí | cấp giấy phép xây dựng | mỗi hồ sơ | HĐND tỉnh: cap_gpxd", ""),
}

# Not Hải Phòng's resolution (not checked): the quote says it is a demo amount.
ILLUSTRATIVE = "mức minh họa của bản demo"
# key → (name, counter price, online price or None)
COUNCIL_FEES = {
    "ho_tich_khai_sinh": ("Lệ phí đăng ký khai sinh (quá hạn)", 5_000, None),
    "ho_tich_khai_tu": ("Lệ phí đăng ký khai tử (quá hạn)", 5_000, None),
    "xac_nhan_tthn": ("Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 5_000, 2_500),
    "dang_ky_hkd": ("Lệ phí đăng ký hộ kinh doanh", 100_000, 50_000),
}


def rule_for(code: str) -> fees.FeeRule | None:
    """The demo rule of a procedure (checked), or None to keep the CSV's amount."""
    if code not in RULES:
        return None
    items, exemptions = RULES[code]
    return fees.parse(items, exemptions)


def load() -> None:
    """Hải Phòng's council table (illustrative amounts); idempotent."""
    province = Agency.objects.get(code=PROVINCE_CODE)
    existing = set(province.council_fees.values_list("key", flat=True))
    for key, (name, price, online) in COUNCIL_FEES.items():
        if key not in existing:
            set_council_fee(
                actor=None,
                province=province,
                key=key,
                name=name,
                price=price,
                online_price=online,
                legal_basis=ILLUSTRATIVE,
                valid_from=VALID_FROM,
            )


def inputs_for(rule: fees.FeeRule, seed: str) -> tuple[fees.FeeInputs, str]:
    """Plausible counter inputs for a generated dossier (its own random stream, so the
    dossier generator's stream is unchanged): (inputs, evidence of the exemption)."""
    rng = random.Random(seed)
    pages = rng.choice([1, 1, 2, 2, 3, 4, 6, 10]) if rule.needs_pages else 0
    copies = rng.choice([1, 1, 2, 3]) if rule.needs_pages else rng.choice([0, 0, 1, 2])
    cases = rng.choice([1, 1, 1, 2]) if rule.needs_cases else 1
    exemption, evidence = "", ""
    on_time = rule.exemption("dung_han")
    if on_time is not None and rng.random() < 0.9:
        exemption, evidence = on_time.code, "Giấy chứng sinh/báo tử: đăng ký trong thời hạn"
    elif rule.exemptions and rng.random() < 0.1:
        exemption = rng.choice(rule.exemptions).code
        evidence = "Giấy chứng nhận hộ nghèo số 15/GCN-UBND do UBND phường cấp"
    return fees.FeeInputs(pages, copies, cases, exemption=exemption), evidence
