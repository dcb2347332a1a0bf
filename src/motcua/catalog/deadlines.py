"""A version's deadline variants and stages: values, their one-line text, their JSON.

A procedure version states one general deadline (``deadline_kind``/``deadline_amount``).
Some laws give more (docs/catalog.md, "Thời hạn theo trường hợp và giai đoạn"):

- **cases** — e.g. a building permit: 15 days for a single house, 20 for other works; the
  counter chooses the case at intake and the receipt names it;
- **channels** — a shorter deadline when the dossier is filed online (or by post);
- **stages** — e.g. domestic adoption: 10, 15 and 5 days, each in its own unit; the due
  moment is where the last stage ends, and each stage keeps its own budget.

Each such deadline is a ``DeadlineVariant``: a case label ("" = every case), a channel
(0 = every channel, else the portal's code 1 trực tiếp, 2 trực tuyến, 3 bưu chính) and its
stages. The spreadsheet and the demo data write one variant per line::

    Nhà ở riêng lẻ | | 15 ngày
    | trực tuyến | 2 ngày làm việc
    | | Thẩm tra: 10 ngày; Lấy ý kiến: 15 ngày; Quyết định: 5 ngày

(case | channel | stages separated by ";", each "[label:] N ngày|ngày làm việc|giờ làm
việc" or "trong ngày").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Units, as stored (the same codes as DeadlineKind) and as written.
UNIT_WORDS = {
    "days": "ngày làm việc",
    "hours": "giờ làm việc",
    "calendar_days": "ngày",
    "same_day": "trong ngày",
}
# Filing channels, the national portal's codes (DOMAIN.md §2); 0 = any channel.
ANY_CHANNEL = 0
CHANNEL_WORDS = {1: "trực tiếp", 2: "trực tuyến", 3: "bưu chính"}
MAX_DEADLINE_AMOUNT = 999  # days or hours; far above any legal deadline
MAX_CASE_LENGTH = 200
MAX_VARIANTS = 20
MAX_STAGES = 10

_STAGE = re.compile(r"^(?:(?P<label>[^:]+):\s*)?(?P<amount>\d+)\s+(?P<unit>.+)$")


class DeadlineRuleError(ValueError):
    """A variant that cannot be read or stored; the message is Vietnamese."""


@dataclass(frozen=True)
class StageRule:
    kind: str
    amount: int = 0
    label: str = ""

    def describe(self) -> str:
        unit = UNIT_WORDS[self.kind]
        text = unit if self.kind == "same_day" else f"{self.amount} {unit}"
        return f"{self.label}: {text}" if self.label else text


@dataclass(frozen=True)
class DeadlineVariant:
    case: str = ""
    channel: int = ANY_CHANNEL
    stages: tuple[StageRule, ...] = ()

    @property
    def channel_text(self) -> str:
        return CHANNEL_WORDS.get(self.channel, "")

    @property
    def total_text(self) -> str:
        """'30 ngày' when every stage has one unit, else the stages one after the other."""
        kinds = {stage.kind for stage in self.stages}
        if len(self.stages) > 1 and len(kinds) == 1 and "same_day" not in kinds:
            total = sum(stage.amount for stage in self.stages)
            return f"{total} {UNIT_WORDS[next(iter(kinds))]}"
        return " + ".join(StageRule(s.kind, s.amount).describe() for s in self.stages)

    def describe(self) -> str:
        """'Nhà ở riêng lẻ: 15 ngày', 'Nộp trực tuyến: 2 ngày làm việc', with the stages."""
        who = [self.case] if self.case else []
        if self.channel:
            who.append(f"nộp {self.channel_text}")
        stages = "; ".join(stage.describe() for stage in self.stages)
        text = self.total_text if len(self.stages) == 1 else f"{self.total_text} ({stages})"
        return f"{', '.join(who)}: {text}" if who else text


def check(variants: tuple[DeadlineVariant, ...]) -> None:
    """Refuse what the clock could not count or the counter could not choose."""
    if len(variants) > MAX_VARIANTS:
        raise DeadlineRuleError(f"Tối đa {MAX_VARIANTS} trường hợp thời hạn.")
    seen = set()
    for variant in variants:
        key = (variant.case.casefold(), variant.channel)
        if key in seen:
            raise DeadlineRuleError(
                f"Trường hợp thời hạn bị lặp: “{variant.case or 'chung'}”"
                f"{' nộp ' + variant.channel_text if variant.channel else ''}."
            )
        seen.add(key)
        if len(variant.case) > MAX_CASE_LENGTH:
            raise DeadlineRuleError(f"Tên trường hợp dài quá {MAX_CASE_LENGTH} ký tự.")
        labels = [variant.case, *(stage.label for stage in variant.stages)]
        if any(mark in label for label in labels for mark in "|;:\n"):
            raise DeadlineRuleError(
                "Tên trường hợp, giai đoạn không được chứa | ; : hoặc xuống dòng."
            )
        if variant.channel != ANY_CHANNEL and variant.channel not in CHANNEL_WORDS:
            raise DeadlineRuleError(f"Hình thức nộp không hợp lệ: {variant.channel}.")
        if not 1 <= len(variant.stages) <= MAX_STAGES:
            raise DeadlineRuleError(f"Mỗi trường hợp cần từ 1 đến {MAX_STAGES} giai đoạn.")
        for stage in variant.stages:
            if stage.kind not in UNIT_WORDS:
                raise DeadlineRuleError(f"Đơn vị thời hạn không hợp lệ: {stage.kind}.")
            if stage.kind == "same_day" and stage.amount != 0:
                raise DeadlineRuleError("Giai đoạn trong ngày không ghi số ngày.")
            if stage.kind != "same_day" and not 1 <= stage.amount <= MAX_DEADLINE_AMOUNT:
                raise DeadlineRuleError(
                    f"Thời hạn mỗi giai đoạn từ 1 đến {MAX_DEADLINE_AMOUNT} ngày hoặc giờ."
                )


# --- Text: one variant per line --------------------------------------------------------


def parse(text: str) -> tuple[DeadlineVariant, ...]:
    """Lines "case | channel | stages" → variants (checked)."""
    variants = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            variants.append(_parse_line(line))
        except DeadlineRuleError as exc:
            raise DeadlineRuleError(f"Dòng {number}: {exc}") from None
    found = tuple(variants)
    check(found)
    return found


def _parse_line(line: str) -> DeadlineVariant:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 3:
        raise DeadlineRuleError(
            "viết “trường hợp | hình thức nộp | thời hạn”, ví dụ “Nhà ở riêng lẻ | | 15 ngày”."
        )
    case, channel_word, stages_text = parts
    channels = {word: code for code, word in CHANNEL_WORDS.items()}
    if channel_word and channel_word.lower() not in channels:
        raise DeadlineRuleError(
            f"hình thức nộp “{channel_word}” không hợp lệ (trực tiếp, trực tuyến, bưu chính)."
        )
    stages = tuple(_parse_stage(s) for s in stages_text.split(";") if s.strip())
    return DeadlineVariant(case, channels.get(channel_word.lower(), ANY_CHANNEL), stages)


def _parse_stage(text: str) -> StageRule:
    text = " ".join(text.split())
    label, _, rest = text.rpartition(":")
    if rest.strip().lower() == UNIT_WORDS["same_day"]:
        return StageRule("same_day", 0, label.strip())
    match = _STAGE.match(text)
    units = {word: kind for kind, word in UNIT_WORDS.items()}
    if match is None or match["unit"].strip().lower() not in units:
        raise DeadlineRuleError(
            f"không đọc được thời hạn “{text}” (ví dụ: 15 ngày, 3 ngày làm việc, "
            "8 giờ làm việc, trong ngày; có thể ghi tên giai đoạn trước dấu “:”)."
        )
    label = (match["label"] or "").strip()
    return StageRule(units[match["unit"].strip().lower()], int(match["amount"]), label)


def format_lines(variants: tuple[DeadlineVariant, ...]) -> str:
    """Variants → the lines ``parse`` reads back to equal variants."""
    return "\n".join(
        f"{v.case} | {v.channel_text} | {'; '.join(stage.describe() for stage in v.stages)}"
        for v in variants
    )


# --- JSON: how ProcedureVersion.deadline_variants stores them ----------------------------


def as_json(variants: tuple[DeadlineVariant, ...]) -> list[dict]:
    return [
        {
            "case": v.case,
            "channel": v.channel,
            "stages": [{"label": s.label, "kind": s.kind, "amount": s.amount} for s in v.stages],
        }
        for v in variants
    ]


def from_json(data: list[dict]) -> tuple[DeadlineVariant, ...]:
    return tuple(
        DeadlineVariant(
            case=item.get("case", ""),
            channel=int(item.get("channel", ANY_CHANNEL)),
            stages=tuple(
                StageRule(stage["kind"], int(stage.get("amount", 0)), stage.get("label", ""))
                for stage in item.get("stages", ())
            ),
        )
        for item in data or ()
    )
