"""Phí and lệ phí as the law writes them: a version's fee rule and the quote it gives.

Pure: no database, no Django. Money is whole đồng (``int``) everywhere; nothing here ever
makes a float. docs/fees.md gives the legal sources and the doubts.

A **fee rule** (``FeeRule``) is a list of charges (``FeeItem``) and of exemption grounds
(``Exemption``). Each charge is

- a **phí** or a **lệ phí** (Luật Phí và lệ phí 97/2015/QH13 keeps them apart: a phí pays
  for a service, a lệ phí for a state act), or "phí, lệ phí" when the source does not say
  which (versions from before the rule existed);
- counted **per dossier** (one amount), **per page** of each copy, **per copy** or **per
  case/item**, with price **tiers** (e.g. 2.000 đ for pages 1–2, 1.000 đ from page 3) and an
  optional **cap** (per copy for a per-page charge: "tối đa 200.000 đ/bản"; on the charge's
  total otherwise);
- optionally cheaper **online** (channel 2), as a percentage of the counter amount, where a
  resolution says so;
- or **set by the provincial council** (``council_key``): its price comes from the province's
  table (``CouncilRate``, catalog.models.CouncilFee), with its own online price if any.

An **exemption** (miễn) or **reduction** (giảm N %) has a code, a label, the charges it
applies to (phí, lệ phí or both) and its legal ground; the counter chooses it at intake with
evidence (docs/fees.md).

``quote(rule, inputs, council)`` is the one computation: the counter's intake, its preview
and (later) the portal call it through ``catalog.selectors.fee_quote`` with the same inputs,
so they never disagree.

The text form (spreadsheet, demo data), one line per charge::

    phí | Chứng thực bản sao | mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000 |
    lệ phí | Đăng ký khai sinh | mỗi hồ sơ | HĐND tỉnh: khai_sinh | |
    lệ phí | Đăng ký hộ kinh doanh | mỗi hồ sơ | 100.000 | | trực tuyến 50%

and one line per exemption::

    dung_han | Đăng ký khai sinh đúng hạn | miễn | lệ phí | Luật Hộ tịch 2014, Điều 11.1.b
    co_cong | Người có công với cách mạng | giảm 50% | phí, lệ phí | NQ ... HĐND tỉnh
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# --- Vocabulary -----------------------------------------------------------------------------

PHI = "phi"
LE_PHI = "le_phi"
UNSPLIT = "phi_le_phi"  # the source does not say which (legacy fixed amounts)
KIND_WORDS = {PHI: "phí", LE_PHI: "lệ phí", UNSPLIT: "phí, lệ phí"}

PER_DOSSIER = "dossier"
PER_PAGE = "page"
PER_COPY = "copy"
PER_ITEM = "item"
BASIS_WORDS = {
    PER_DOSSIER: "mỗi hồ sơ",
    PER_PAGE: "mỗi trang",
    PER_COPY: "mỗi bản",
    PER_ITEM: "mỗi trường hợp",
}
UNIT_NOUNS = {PER_PAGE: "trang", PER_COPY: "bản", PER_ITEM: "trường hợp"}

ALL = "all"
APPLIES_WORDS = {PHI: "phí", LE_PHI: "lệ phí", ALL: "phí, lệ phí"}

# Filing channels, the national portal's codes (as catalog.deadlines): 2 = trực tuyến.
COUNTER_CHANNEL = 1
ONLINE_CHANNEL = 2

MAX_AMOUNT = 10_000_000_000  # đồng, as catalog.services.MAX_FEE_VND
MAX_ITEMS = 10
MAX_TIERS = 10
MAX_EXEMPTIONS = 20
MAX_NAME = 200
MAX_GROUND = 500
MAX_PAGES = 10_000
MAX_COPIES = 1_000
MAX_CASES = 1_000
KEY_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")


class FeeRuleError(ValueError):
    """A rule that cannot be read or stored; the message is Vietnamese."""


def money(amount: int) -> str:
    """1234567 → '1.234.567 đ' (no Django: the catalogue's pure side)."""
    return f"{amount:,}".replace(",", ".") + " đ"


# --- Values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """From unit number ``start`` (1-based) on, each unit costs ``price``."""

    start: int
    price: int


@dataclass(frozen=True)
class FeeItem:
    kind: str
    name: str
    basis: str = PER_DOSSIER
    tiers: tuple[Tier, ...] = ()
    cap: int | None = None
    online_percent: int = 100
    council_key: str = ""

    def describe(self) -> str:
        """'Phí chứng thực bản sao: 2.000 đ/trang; từ trang thứ 3: 1.000 đ, tối đa …'."""
        per = "" if self.basis == PER_DOSSIER else f"/{UNIT_NOUNS[self.basis]}"
        text = f"{KIND_WORDS[self.kind].capitalize()} {self.name}: "
        if self.council_key:
            text += "theo mức HĐND tỉnh quy định"
            text += "" if self.basis == PER_DOSSIER else f" ({BASIS_WORDS[self.basis]})"
        else:
            first, *rest = self.tiers
            text += money(first.price) + per
            text += "".join(
                f"; từ {UNIT_NOUNS[self.basis]} thứ {t.start}: {money(t.price)}" for t in rest
            )
        if self.cap is not None:
            text += f", tối đa {money(self.cap)}" + ("/bản" if self.basis == PER_PAGE else "")
        if self.online_percent != 100:
            text += f"; nộp trực tuyến: {self.online_percent}% mức trên"
        return text


@dataclass(frozen=True)
class Exemption:
    code: str
    label: str
    percent: int = 100  # 100 = miễn; 1–99 = giảm
    applies_to: str = ALL
    ground: str = ""

    @property
    def action_words(self) -> str:
        return "Miễn" if self.percent == 100 else f"Giảm {self.percent}%"

    def describe(self) -> str:
        """'Miễn lệ phí: Đăng ký khai sinh đúng hạn (Luật Hộ tịch 2014, Điều 11)'."""
        return f"{self.action_words} {APPLIES_WORDS[self.applies_to]}: {self.label}" + (
            f" ({self.ground})" if self.ground else ""
        )

    def covers(self, kind: str) -> bool:
        return self.applies_to == ALL or kind in (self.applies_to, UNSPLIT)


@dataclass(frozen=True)
class FeeRule:
    """What a version charges. ``items`` empty: nothing is charged, unless ``unset`` (the
    catalogue states no amount and no rule: the fee is still to be determined)."""

    items: tuple[FeeItem, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    unset: bool = False

    @property
    def needs_pages(self) -> bool:
        return any(item.basis == PER_PAGE for item in self.items)

    @property
    def needs_copies(self) -> bool:
        return any(item.basis in (PER_PAGE, PER_COPY) for item in self.items)

    @property
    def needs_cases(self) -> bool:
        return any(item.basis == PER_ITEM for item in self.items)

    @property
    def is_variable(self) -> bool:
        """The amount depends on the inputs or the province: no single figure to print."""
        return self.unset or any(
            item.basis != PER_DOSSIER or item.council_key or item.online_percent != 100
            for item in self.items
        )

    @property
    def fixed_amount(self) -> int | None:
        """The one amount of a rule that has one (None when it depends on anything)."""
        if self.is_variable:
            return None
        return sum(item.tiers[0].price for item in self.items)

    def short(self) -> str:
        """A few words for a list cell: '2.000 đ', 'Tính theo số trang', 'Theo mức HĐND tỉnh'."""
        if self.fixed_amount is not None:
            return money(self.fixed_amount)
        words = []
        for item in self.items:
            if item.council_key:
                word = "theo mức HĐND tỉnh"
            elif item.basis != PER_DOSSIER:
                word = f"theo số {UNIT_NOUNS[item.basis]}"
            else:
                word = f"{money(item.tiers[0].price)} (trực tuyến {item.online_percent}%)"
            if word not in words:
                words.append(word)
        text = "; ".join(words)
        return text[:1].upper() + text[1:]

    def exemption(self, code: str) -> Exemption | None:
        return next((e for e in self.exemptions if e.code == code), None)

    def describe(self) -> list[str]:
        return [item.describe() for item in self.items]


@dataclass(frozen=True)
class CouncilRate:
    """An amount set by the provincial council (HĐND tỉnh) for one key, per unit."""

    key: str
    price: int
    online_price: int | None = None
    legal_basis: str = ""


@dataclass(frozen=True)
class FeeInputs:
    """What the counter (or the portal) tells: pages of the original per copy, copies,
    cases, the filing channel, the exemption chosen ("" = none)."""

    pages: int = 0
    copies: int = 1
    cases: int = 1
    channel: int = COUNTER_CHANNEL
    exemption: str = ""

    def as_data(self) -> dict:
        return {
            "pages": self.pages,
            "copies": self.copies,
            "cases": self.cases,
            "channel": self.channel,
            "exemption": self.exemption,
        }


@dataclass(frozen=True)
class QuoteLine:
    kind: str
    name: str
    amount: int  # after the channel, before any exemption
    payable: int  # after the exemption
    text: str  # how it was counted, in Vietnamese


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...] = ()
    exemption: Exemption | None = None
    undetermined: str = ""  # why no amount can be given ("" when the quote is complete)
    free: bool = False  # the law charges nothing for this procedure

    @property
    def determined(self) -> bool:
        return not self.undetermined

    def _sum(self, kind: str, *, gross: bool = False) -> int:
        return sum(
            line.amount if gross else line.payable for line in self.lines if line.kind == kind
        )

    @property
    def phi(self) -> int:
        return self._sum(PHI)

    @property
    def le_phi(self) -> int:
        return self._sum(LE_PHI)

    @property
    def unsplit(self) -> int:
        return self._sum(UNSPLIT)

    @property
    def gross(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total(self) -> int:
        """Tổng số tiền phải nộp, after the exemption (the dossier's ``fee_vnd``)."""
        return sum(line.payable for line in self.lines)

    def explanation(self) -> list[str]:
        """Line by line, in Vietnamese: each charge, the exemption, the total."""
        if self.free:
            return ["Thủ tục không thu phí, lệ phí."]
        out = [line.text for line in self.lines]
        if self.undetermined:
            out.append(self.undetermined)
            return out
        if self.exemption is not None:
            out.append(f"{self.exemption.describe()}: −{money(self.gross - self.total)}.")
        out.append(f"Tổng số tiền phải nộp: {money(self.total)}.")
        return out

    def summary(self, fmt=money) -> str:
        """One sentence for Mẫu 01: phí and lệ phí apart where both, the exemption
        (``fmt`` writes an amount: '1.000 đ' here, '1.000 đồng' on a signed paper)."""
        if self.free:
            return "Không thu phí, lệ phí"
        if self.undetermined:
            return self.undetermined
        # A kind with nothing to count (no copies asked for) is left out, not "0 đồng".
        parts = [
            f"{word.capitalize()}: {fmt(self._sum(kind))}"
            for kind, word in KIND_WORDS.items()
            if self._sum(kind, gross=True) > 0
        ]
        text = "; ".join(parts) or fmt(0)
        if len(parts) > 1:
            text += f". Tổng cộng: {fmt(self.total)}"
        if self.exemption is not None and self.gross != self.total:
            text += f" ({self.exemption.describe()})"
        return text

    def as_data(self) -> dict:
        """What the dossier and its event keep (docs/fees.md)."""
        exemption = self.exemption
        return {
            "phi": self.phi,
            "le_phi": self.le_phi,
            "unsplit": self.unsplit,
            "gross": self.gross,
            "total": self.total,
            "free": self.free,
            "undetermined": self.undetermined,
            "exemption": None
            if exemption is None
            else {
                "code": exemption.code,
                "label": exemption.label,
                "percent": exemption.percent,
                "applies_to": exemption.applies_to,
                "ground": exemption.ground,
            },
            "lines": [
                {
                    "kind": ln.kind,
                    "name": ln.name,
                    "amount": ln.amount,
                    "payable": ln.payable,
                    "text": ln.text,
                }
                for ln in self.lines
            ],
        }

    @classmethod
    def from_data(cls, data: Mapping) -> Quote:
        exemption = data.get("exemption")
        return cls(
            lines=tuple(
                QuoteLine(ln["kind"], ln["name"], int(ln["amount"]), int(ln["payable"]), ln["text"])
                for ln in data.get("lines", ())
            ),
            exemption=Exemption(**exemption) if exemption else None,
            undetermined=data.get("undetermined", ""),
            free=bool(data.get("free", False)),
        )


# --- Computation ----------------------------------------------------------------------------


def units_price(tiers: tuple[Tier, ...], count: int) -> int:
    """The price of units 1..count under ``tiers`` (each tier runs until the next starts)."""
    total = 0
    for index, tier in enumerate(tiers):
        end = tiers[index + 1].start - 1 if index + 1 < len(tiers) else count
        units = min(count, end) - tier.start + 1
        if units > 0:
            total += units * tier.price
    return total


def _tier_words(tiers: tuple[Tier, ...], count: int) -> str:
    """'2 × 2.000 đ + 10 × 1.000 đ': how many units each tier priced."""
    parts = []
    for index, tier in enumerate(tiers):
        end = tiers[index + 1].start - 1 if index + 1 < len(tiers) else count
        units = min(count, end) - tier.start + 1
        if units > 0:
            parts.append(f"{units} × {money(tier.price)}")
    return " + ".join(parts)


def _counted(item: FeeItem, tiers: tuple[Tier, ...], inputs: FeeInputs) -> tuple[int, str]:
    """The counter amount of one charge and how it was counted."""
    if item.basis == PER_DOSSIER:
        return tiers[0].price, f"{money(tiers[0].price)}/hồ sơ"
    if item.basis == PER_PAGE:
        per_copy = units_price(tiers, inputs.pages)
        how = f"{inputs.pages} trang/bản"
        if len(tiers) > 1:
            how += f" ({_tier_words(tiers, inputs.pages)})"
        if item.cap is not None and per_copy > item.cap:
            per_copy, how = item.cap, how + f", tối đa {money(item.cap)}/bản"
        return per_copy * inputs.copies, f"{how} = {money(per_copy)}/bản × {inputs.copies} bản"
    count = inputs.copies if item.basis == PER_COPY else inputs.cases
    amount = units_price(tiers, count)
    how = f"{count} {UNIT_NOUNS[item.basis]}"
    if item.cap is not None and amount > item.cap:
        amount, how = item.cap, how + f", tối đa {money(item.cap)}"
    return amount, how


def _line(item: FeeItem, inputs: FeeInputs, council: Mapping[str, CouncilRate]):
    """(QuoteLine without exemption, or the reason the amount is unknown)."""
    tiers = item.tiers
    online = inputs.channel == ONLINE_CHANNEL
    percent = item.online_percent if online else 100
    source = ""
    if item.council_key:
        rate = council.get(item.council_key)
        if rate is None:
            return None, (
                f"{KIND_WORDS[item.kind].capitalize()} {item.name}: theo mức HĐND tỉnh quy "
                "định — chưa có mức trong bảng phí của tỉnh, thu theo quy định."
            )
        price = rate.price
        if online and rate.online_price is not None:
            price, percent = rate.online_price, 100
        tiers = (Tier(1, price),)
        source = f" (mức HĐND tỉnh{': ' + rate.legal_basis if rate.legal_basis else ''})"
    amount, how = _counted(item, tiers, inputs)
    if percent != 100:
        amount = amount * percent // 100
        how += f", nộp trực tuyến {percent}%"
    text = f"{KIND_WORDS[item.kind].capitalize()} {item.name}: {how} = {money(amount)}{source}."
    return QuoteLine(item.kind, item.name, amount, amount, text), ""


def _after(line: QuoteLine, exemption: Exemption | None) -> QuoteLine:
    if exemption is None or not exemption.covers(line.kind):
        return line
    payable = line.amount * (100 - exemption.percent) // 100
    return QuoteLine(line.kind, line.name, line.amount, payable, line.text)


def input_errors(rule: FeeRule, inputs: FeeInputs) -> list[tuple[str, str]]:
    """(input name, Vietnamese message) for every input the rule cannot count with."""
    errors = []
    if rule.needs_pages and not 1 <= inputs.pages <= MAX_PAGES:
        errors.append(("pages", f"Nhập số trang của bản chính (1–{MAX_PAGES})."))
    # Copies of a per-page charge are at least one; a per-copy charge may be 0 (the copies
    # are only made on request, e.g. extracts of a civil-status entry).
    fewest = 1 if rule.needs_pages else 0
    if rule.needs_copies and not fewest <= inputs.copies <= MAX_COPIES:
        errors.append(("copies", f"Nhập số bản ({fewest}–{MAX_COPIES})."))
    if rule.needs_cases and not 1 <= inputs.cases <= MAX_CASES:
        errors.append(("cases", f"Nhập số trường hợp (1–{MAX_CASES})."))
    if inputs.exemption and rule.exemption(inputs.exemption) is None:
        errors.append(("exemption", "Đối tượng miễn, giảm không có trong quy định của thủ tục."))
    return errors


def quote(
    rule: FeeRule, inputs: FeeInputs, council: Mapping[str, CouncilRate] | None = None
) -> Quote:
    """The fee of one dossier. Raises FeeRuleError on inputs that ``input_errors`` refuses."""
    errors = input_errors(rule, inputs)
    if errors:
        raise FeeRuleError(" ".join(message for _, message in errors))
    if not rule.items:
        if rule.unset:
            return Quote(undetermined="Thu theo mức do cơ quan có thẩm quyền quy định.")
        return Quote(free=True)
    exemption = rule.exemption(inputs.exemption) if inputs.exemption else None
    lines, missing = [], []
    for item in rule.items:
        line, why = _line(item, inputs, council or {})
        if line is None:
            missing.append(why)
        else:
            lines.append(_after(line, exemption))
    return Quote(tuple(lines), exemption, " ".join(missing))


# --- Checks ---------------------------------------------------------------------------------


def _check_text(text: str, what: str, limit: int) -> None:
    if not text.strip():
        raise FeeRuleError(f"Chưa ghi {what}.")
    if len(text) > limit:
        raise FeeRuleError(f"{what.capitalize()} dài quá {limit} ký tự.")
    if any(mark in text for mark in "|\n\r"):
        raise FeeRuleError(f"{what.capitalize()} không được chứa | hoặc xuống dòng.")


def _check_item(item: FeeItem) -> None:
    if item.kind not in KIND_WORDS:
        raise FeeRuleError(f"Loại khoản thu không hợp lệ: {item.kind}.")
    _check_text(item.name, "tên khoản thu", MAX_NAME)
    if ";" in item.name or ":" in item.name:
        raise FeeRuleError("Tên khoản thu không được chứa ; hoặc :.")
    if item.basis not in BASIS_WORDS:
        raise FeeRuleError(f"Cách tính không hợp lệ: {item.basis}.")
    if item.council_key:
        if not KEY_PATTERN.match(item.council_key):
            raise FeeRuleError("Mã mức HĐND tỉnh chỉ gồm chữ thường không dấu, số và “_”.")
        if item.tiers:
            raise FeeRuleError("Khoản thu theo mức HĐND tỉnh không ghi mức tiền.")
    else:
        if not 1 <= len(item.tiers) <= MAX_TIERS:
            raise FeeRuleError(f"Mỗi khoản thu có từ 1 đến {MAX_TIERS} mức.")
        if item.tiers[0].start != 1:
            raise FeeRuleError("Mức đầu tiên tính từ đơn vị thứ 1.")
        starts = [tier.start for tier in item.tiers]
        if starts != sorted(set(starts)):
            raise FeeRuleError("Các mức phải tính từ đơn vị tăng dần, không trùng.")
        if item.basis == PER_DOSSIER and len(item.tiers) > 1:
            raise FeeRuleError("Khoản thu mỗi hồ sơ chỉ có một mức.")
        if any(not 0 <= tier.price <= MAX_AMOUNT for tier in item.tiers):
            raise FeeRuleError(f"Mức thu phải từ 0 đến {money(MAX_AMOUNT)}.")
    if item.cap is not None and not 0 <= item.cap <= MAX_AMOUNT:
        raise FeeRuleError(f"Mức tối đa phải từ 0 đến {money(MAX_AMOUNT)}.")
    if item.cap is not None and item.basis == PER_DOSSIER:
        raise FeeRuleError("Khoản thu mỗi hồ sơ không có mức tối đa.")
    if not 0 <= item.online_percent <= 100:
        raise FeeRuleError("Mức nộp trực tuyến là phần trăm mức tại quầy, từ 0 đến 100.")


def _check_exemption(exemption: Exemption) -> None:
    if not KEY_PATTERN.match(exemption.code):
        raise FeeRuleError(
            "Mã đối tượng miễn, giảm chỉ gồm chữ thường không dấu, số và “_” (tối đa 40)."
        )
    _check_text(exemption.label, "tên đối tượng miễn, giảm", MAX_NAME)
    _check_text(exemption.ground, "căn cứ miễn, giảm", MAX_GROUND)
    if not 1 <= exemption.percent <= 100:
        raise FeeRuleError("Mức giảm từ 1% đến 100% (100% là miễn).")
    if exemption.applies_to not in APPLIES_WORDS:
        raise FeeRuleError("Miễn, giảm áp dụng cho phí, lệ phí hoặc cả hai.")


def check(rule: FeeRule) -> None:
    """Refuse a rule the quote could not count, or the counter could not choose from."""
    if len(rule.items) > MAX_ITEMS:
        raise FeeRuleError(f"Tối đa {MAX_ITEMS} khoản thu.")
    if len(rule.exemptions) > MAX_EXEMPTIONS:
        raise FeeRuleError(f"Tối đa {MAX_EXEMPTIONS} đối tượng miễn, giảm.")
    for item in rule.items:
        _check_item(item)
    codes = [exemption.code for exemption in rule.exemptions]
    if len(codes) != len(set(codes)):
        raise FeeRuleError("Mã đối tượng miễn, giảm bị lặp.")
    for exemption in rule.exemptions:
        _check_exemption(exemption)


# --- Text: one charge (or exemption) per line ----------------------------------------------


def _word_of(words: dict, text: str, what: str):
    wanted = " ".join(text.lower().split())
    for code, word in words.items():
        if word == wanted:
            return code
    raise FeeRuleError(f"{what} “{text.strip()}” không hợp lệ ({', '.join(words.values())}).")


def parse_money(text: str) -> int:
    """'2.000', '2000', '2.000 đ', '2.000 đồng' → 2000."""
    cleaned = re.sub(r"\s|đồng|đ", "", text.lower()).replace(".", "")
    if not cleaned.isdigit() or len(cleaned) > 12:
        raise FeeRuleError(f"không đọc được số tiền “{text.strip()}” (ví dụ: 2.000).")
    return int(cleaned)


def _plain(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _parse_tiers(text: str) -> tuple[Tier, ...]:
    tiers = []
    for index, part in enumerate(p for p in text.split(";") if p.strip()):
        start_text, colon, price_text = part.rpartition(":")
        if not colon:
            if index:
                raise FeeRuleError(f"mức “{part.strip()}”: ghi “từ N: số tiền”.")
            tiers.append(Tier(1, parse_money(part)))
            continue
        match = re.fullmatch(r"\s*từ\s+(?:\w+\s+)?(?:thứ\s+)?(\d{1,6})\s*", start_text)
        if match is None:
            raise FeeRuleError(f"mức “{part.strip()}”: ghi “từ N: số tiền”, ví dụ “từ 3: 1.000”.")
        tiers.append(Tier(int(match[1]), parse_money(price_text)))
    return tuple(tiers)


def _parse_item(line: str) -> FeeItem:
    parts = [part.strip() for part in line.split("|")]
    if not 4 <= len(parts) <= 6:
        raise FeeRuleError(
            "viết “loại | tên | cách tính | mức | tối đa | trực tuyến”, ví dụ “phí | Chứng thực "
            "bản sao | mỗi trang | 2.000; từ 3: 1.000 | tối đa 200.000 |”."
        )
    parts += [""] * (6 - len(parts))
    kind_text, name, basis_text, price_text, cap_text, online_text = parts
    kind = _word_of(KIND_WORDS, kind_text, "Loại khoản thu")
    basis = _word_of(BASIS_WORDS, basis_text, "Cách tính")
    council = re.fullmatch(r"hđnd tỉnh\s*:\s*(\S+)", price_text.lower())
    tiers = () if council else _parse_tiers(price_text)
    cap = None
    if cap_text:
        cap = parse_money(re.sub(r"^tối đa", "", cap_text.lower()).replace("/bản", ""))
    percent = 100
    if online_text:
        found = re.fullmatch(r"trực tuyến\s+(\d{1,3})\s*%", " ".join(online_text.lower().split()))
        if found is None:
            raise FeeRuleError(f"“{online_text}”: ghi “trực tuyến 50%”.")
        percent = int(found[1])
    return FeeItem(kind, name, basis, tiers, cap, percent, council[1] if council else "")


def _parse_exemption(line: str) -> Exemption:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 5:
        raise FeeRuleError(
            "viết “mã | đối tượng | miễn hoặc giảm N% | phí, lệ phí | căn cứ”, ví dụ "
            "“ho_ngheo | Người thuộc hộ nghèo | miễn | lệ phí | Luật Hộ tịch 2014, Điều 11”."
        )
    code, label, action, applies_text, ground = parts
    action = " ".join(action.lower().split())
    if action == "miễn":
        percent = 100
    else:
        found = re.fullmatch(r"giảm\s+(\d{1,3})\s*%", action)
        if found is None:
            raise FeeRuleError(f"“{action}”: ghi “miễn” hoặc “giảm 50%”.")
        percent = int(found[1])
    applies = _word_of(APPLIES_WORDS, applies_text, "Áp dụng cho")
    return Exemption(code, label, percent, applies, ground)


def _parse_lines(text: str, read) -> list:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(read(line))
        except FeeRuleError as exc:
            raise FeeRuleError(f"Dòng {number}: {exc}") from None
    return found


def parse(items_text: str, exemptions_text: str = "") -> FeeRule:
    """The two spreadsheet cells → a checked rule (empty cells: no rule)."""
    rule = FeeRule(
        tuple(_parse_lines(items_text, _parse_item)),
        tuple(_parse_lines(exemptions_text, _parse_exemption)),
    )
    check(rule)
    return rule


def format_items(rule: FeeRule) -> str:
    """The charges as the lines ``parse`` reads back equal."""
    lines = []
    for item in rule.items:
        if item.council_key:
            price = f"HĐND tỉnh: {item.council_key}"
        else:
            price = "; ".join(
                _plain(t.price) if t.start == 1 else f"từ {t.start}: {_plain(t.price)}"
                for t in item.tiers
            )
        cap = "" if item.cap is None else f"tối đa {_plain(item.cap)}"
        online = "" if item.online_percent == 100 else f"trực tuyến {item.online_percent}%"
        lines.append(
            f"{KIND_WORDS[item.kind]} | {item.name} | {BASIS_WORDS[item.basis]} | {price} | "
            f"{cap} | {online}".rstrip()
        )
    return "\n".join(lines)


def format_exemptions(rule: FeeRule) -> str:
    return "\n".join(
        f"{e.code} | {e.label} | {'miễn' if e.percent == 100 else f'giảm {e.percent}%'} | "
        f"{APPLIES_WORDS[e.applies_to]} | {e.ground}"
        for e in rule.exemptions
    )


# --- JSON: how ProcedureVersion.fee_rule stores it -----------------------------------------


def as_json(rule: FeeRule) -> dict:
    if not rule.items and not rule.exemptions:
        return {}
    return {
        "items": [
            {
                "kind": i.kind,
                "name": i.name,
                "basis": i.basis,
                "tiers": [[t.start, t.price] for t in i.tiers],
                "cap": i.cap,
                "online_percent": i.online_percent,
                "council_key": i.council_key,
            }
            for i in rule.items
        ],
        "exemptions": [
            {
                "code": e.code,
                "label": e.label,
                "percent": e.percent,
                "applies_to": e.applies_to,
                "ground": e.ground,
            }
            for e in rule.exemptions
        ],
    }


def from_json(data: Mapping | None) -> FeeRule:
    data = data or {}
    return FeeRule(
        tuple(
            FeeItem(
                kind=i["kind"],
                name=i["name"],
                basis=i.get("basis", PER_DOSSIER),
                tiers=tuple(Tier(int(s), int(p)) for s, p in i.get("tiers", ())),
                cap=None if i.get("cap") is None else int(i["cap"]),
                online_percent=int(i.get("online_percent", 100)),
                council_key=i.get("council_key", ""),
            )
            for i in data.get("items", ())
        ),
        tuple(Exemption(**e) for e in data.get("exemptions", ())),
    )


def rule_of(stored: Mapping | None, fixed_vnd: int | None) -> FeeRule:
    """A version's rule: its own, else its one fixed amount (0 = free; None = unset)."""
    rule = from_json(stored)
    if rule.items:
        return rule
    if fixed_vnd is None:
        return FeeRule(exemptions=rule.exemptions, unset=True)
    if fixed_vnd == 0:
        return FeeRule()
    item = FeeItem(UNSPLIT, "theo danh mục", PER_DOSSIER, (Tier(1, fixed_vnd),))
    return FeeRule((item,), rule.exemptions)
