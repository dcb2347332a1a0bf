"""catalog.fees: tiers, caps, channels, exemptions, the text and JSON forms (property-tested)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog import fees
from motcua.catalog.fees import (
    CouncilRate,
    Exemption,
    FeeInputs,
    FeeItem,
    FeeRule,
    FeeRuleError,
    Tier,
)

# Thông tư 226/2016/TT-BTC: 2.000 đ/trang for pages 1–2, 1.000 đ from page 3, ≤ 200.000 đ/bản.
CERTIFIED_COPY = FeeItem(
    fees.PHI, "chứng thực bản sao", fees.PER_PAGE, (Tier(1, 2000), Tier(3, 1000)), cap=200_000
)
POOR = Exemption("ho_ngheo", "Người thuộc hộ nghèo", 100, fees.ALL, "Luật Hộ tịch 2014, Điều 11")
HALF = Exemption("giam", "Giảm một nửa", 50, fees.LE_PHI, "NQ HĐND tỉnh")


def copies_rule(*exemptions):
    return FeeRule((CERTIFIED_COPY,), tuple(exemptions))


def test_certified_copies_per_page_with_the_cap():
    assert fees.quote(copies_rule(), FeeInputs(pages=1)).total == 2000
    assert fees.quote(copies_rule(), FeeInputs(pages=2)).total == 4000
    assert fees.quote(copies_rule(), FeeInputs(pages=3)).total == 5000
    assert fees.quote(copies_rule(), FeeInputs(pages=10, copies=3)).total == 3 * 12_000
    # 2 × 2.000 + 198 × 1.000 = 202.000 > 200.000: the cap per copy.
    big = fees.quote(copies_rule(), FeeInputs(pages=200, copies=2))
    assert big.total == 400_000 and big.phi == 400_000 and big.le_phi == 0
    assert "tối đa 200.000 đ/bản" in big.lines[0].text


def test_the_explanation_reads_line_by_line():
    quote = fees.quote(copies_rule(POOR), FeeInputs(pages=3, copies=2, exemption="ho_ngheo"))
    assert quote.gross == 10_000 and quote.total == 0
    assert quote.explanation() == [
        "Phí chứng thực bản sao: 3 trang/bản (2 × 2.000 đ + 1 × 1.000 đ) = 5.000 đ/bản × 2 bản "
        "= 10.000 đ.",
        "Miễn phí, lệ phí: Người thuộc hộ nghèo (Luật Hộ tịch 2014, Điều 11): −10.000 đ.",
        "Tổng số tiền phải nộp: 0 đ.",
    ]


def test_phi_and_le_phi_apart_and_a_reduction_on_one_of_them():
    rule = FeeRule(
        (
            FeeItem(fees.LE_PHI, "đăng ký", fees.PER_DOSSIER, (Tier(1, 50_000),)),
            FeeItem(fees.PHI, "bản sao trích lục", fees.PER_COPY, (Tier(1, 8000),)),
        ),
        (HALF,),
    )
    quote = fees.quote(rule, FeeInputs(copies=2, exemption="giam"))
    assert (quote.le_phi, quote.phi, quote.total, quote.gross) == (25_000, 16_000, 41_000, 66_000)
    assert quote.summary().startswith("Phí: 16.000 đ; Lệ phí: 25.000 đ. Tổng cộng: 41.000 đ")


def test_the_summary_leaves_out_what_was_not_asked_for():
    rule = FeeRule(
        (
            FeeItem(fees.LE_PHI, "khai sinh", fees.PER_DOSSIER, (Tier(1, 5000),)),
            FeeItem(fees.PHI, "bản sao trích lục", fees.PER_COPY, (Tier(1, 8000),)),
        ),
        (Exemption("dung_han", "Đúng hạn", 100, fees.LE_PHI, "Luật Hộ tịch 2014, Điều 11"),),
    )
    on_time = fees.quote(rule, FeeInputs(copies=0, exemption="dung_han"))
    assert on_time.summary() == "Lệ phí: 0 đ (Miễn lệ phí: Đúng hạn (Luật Hộ tịch 2014, Điều 11))"
    copies_only = fees.quote(FeeRule(rule.items[1:]), FeeInputs(copies=0))
    assert copies_only.summary() == "0 đ" and copies_only.total == 0


def test_online_cheaper_where_configured_and_council_amounts():
    rule = FeeRule(
        (
            FeeItem(
                fees.LE_PHI,
                "hộ kinh doanh",
                fees.PER_DOSSIER,
                (Tier(1, 100_000),),
                online_percent=50,
            ),
            FeeItem(fees.LE_PHI, "kết hôn", fees.PER_DOSSIER, council_key="ket_hon"),
        )
    )
    council = {"ket_hon": CouncilRate("ket_hon", 30_000, 20_000, "NQ 1/2025")}
    counter = fees.quote(rule, FeeInputs(channel=1), council)
    online = fees.quote(rule, FeeInputs(channel=2), council)
    assert counter.total == 130_000 and online.total == 70_000
    assert "mức HĐND tỉnh: NQ 1/2025" in counter.lines[1].text
    missing = fees.quote(rule, FeeInputs(), {})
    assert not missing.determined and "chưa có mức" in missing.undetermined


def test_legacy_versions_unset_free_and_fixed():
    assert fees.quote(fees.rule_of({}, None), FeeInputs()).determined is False
    assert fees.quote(fees.rule_of({}, 0), FeeInputs()).free
    fixed = fees.quote(fees.rule_of({}, 8000), FeeInputs())
    assert fixed.total == 8000 and fixed.unsplit == 8000
    assert fees.rule_of({}, 8000).fixed_amount == 8000
    assert copies_rule().fixed_amount is None


def test_inputs_are_checked_all_at_once():
    rule = FeeRule((CERTIFIED_COPY, FeeItem(fees.PHI, "chữ ký", fees.PER_ITEM, (Tier(1, 10),))))
    errors = fees.input_errors(rule, FeeInputs(pages=0, copies=0, cases=0, exemption="x"))
    assert [name for name, _ in errors] == ["pages", "copies", "cases", "exemption"]
    with pytest.raises(FeeRuleError):
        fees.quote(rule, FeeInputs(pages=0))


# --- Properties ------------------------------------------------------------------------------

# Timing is not what these test: the machine is shared, so no per-example deadline.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

prices = st.integers(0, 50_000)
tiers = st.lists(st.tuples(st.integers(2, 60), prices), max_size=4).flatmap(
    lambda rest: prices.map(
        lambda first: (Tier(1, first), *(Tier(s, p) for s, p in sorted(dict(rest).items())))
    )
)
caps = st.one_of(st.none(), st.integers(0, 500_000))
page_items = st.builds(
    FeeItem,
    kind=st.sampled_from([fees.PHI, fees.LE_PHI]),
    name=st.just("x"),
    basis=st.just(fees.PER_PAGE),
    tiers=tiers,
    cap=caps,
    online_percent=st.integers(0, 100),
)
exemptions = st.builds(
    Exemption,
    code=st.just("e"),
    label=st.just("Đối tượng"),
    percent=st.integers(1, 100),
    applies_to=st.sampled_from([fees.PHI, fees.LE_PHI, fees.ALL]),
    ground=st.just("căn cứ"),
)


@RELAXED
@given(page_items, st.integers(1, 400), st.integers(1, 20))
def test_monotone_in_pages_and_never_above_cap_times_copies(item, pages, copies):
    rule = FeeRule((item,))
    fewer = fees.quote(rule, FeeInputs(pages=pages, copies=copies)).total
    more = fees.quote(rule, FeeInputs(pages=pages + 1, copies=copies)).total
    assert 0 <= fewer <= more
    if item.cap is not None:
        assert more <= item.cap * copies
    uncapped = fees.units_price(item.tiers, pages) * copies
    assert fewer == (uncapped if item.cap is None else min(uncapped, item.cap * copies))


@RELAXED
@given(page_items, exemptions, st.integers(1, 300), st.integers(1, 10))
def test_an_exemption_zeroes_or_reduces_by_its_rule(item, exemption, pages, copies):
    rule = FeeRule((item,), (exemption,))
    plain = fees.quote(rule, FeeInputs(pages=pages, copies=copies))
    exempt = fees.quote(rule, FeeInputs(pages=pages, copies=copies, exemption="e"))
    assert exempt.gross == plain.total
    if not exemption.covers(item.kind):
        assert exempt.total == plain.total
    elif exemption.percent == 100:
        assert exempt.total == 0
    else:
        assert exempt.total == plain.total * (100 - exemption.percent) // 100
        assert 0 <= exempt.total <= plain.total


@RELAXED
@given(page_items, st.integers(1, 300), st.integers(1, 10))
def test_online_is_at_most_the_counter_amount_as_configured(item, pages, copies):
    rule = FeeRule((item,))
    counter = fees.quote(rule, FeeInputs(pages=pages, copies=copies, channel=1)).total
    online = fees.quote(rule, FeeInputs(pages=pages, copies=copies, channel=2)).total
    postal = fees.quote(rule, FeeInputs(pages=pages, copies=copies, channel=3)).total
    assert postal == counter
    assert online == counter * item.online_percent // 100 <= counter


names = st.text(alphabet=st.sampled_from("abcđêơưă Chứngthựcbản0123"), min_size=1, max_size=20)
names = names.map(lambda t: " ".join(t.split())).filter(bool)
any_item = st.one_of(
    page_items.map(lambda i: FeeItem(i.kind, "trang", i.basis, i.tiers, i.cap, i.online_percent)),
    st.builds(
        FeeItem,
        kind=st.sampled_from(list(fees.KIND_WORDS)),
        name=names,
        basis=st.just(fees.PER_DOSSIER),
        tiers=prices.map(lambda p: (Tier(1, p),)),
        online_percent=st.integers(0, 100),
    ),
    st.builds(
        FeeItem,
        kind=st.sampled_from(list(fees.KIND_WORDS)),
        name=names,
        basis=st.sampled_from([fees.PER_COPY, fees.PER_ITEM, fees.PER_PAGE]),
        council_key=st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
        cap=caps,
    ),
)
any_exemption = st.builds(
    Exemption,
    code=st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
    label=names,
    percent=st.integers(1, 100),
    applies_to=st.sampled_from(list(fees.APPLIES_WORDS)),
    ground=names,
)


@RELAXED
@given(
    st.lists(any_item, max_size=4), st.lists(any_exemption, max_size=3, unique_by=lambda e: e.code)
)
def test_the_text_and_json_read_back_to_the_same_rule(items, exemptions):
    rule = FeeRule(tuple(items), tuple(exemptions))
    assert fees.parse(fees.format_items(rule), fees.format_exemptions(rule)) == rule
    assert fees.from_json(fees.as_json(rule)) == rule


@RELAXED
@given(
    st.lists(any_item, min_size=1, max_size=4),
    st.integers(0, 50),
    st.integers(0, 5),
    st.integers(0, 5),
    st.sampled_from([1, 2, 3]),
)
def test_a_quote_is_never_negative_and_round_trips(items, pages, copies, cases, channel):
    rule = FeeRule(tuple(items))
    inputs = FeeInputs(pages=pages, copies=copies, cases=cases, channel=channel)
    if fees.input_errors(rule, inputs):
        return
    council = {i.council_key: CouncilRate(i.council_key, 1000) for i in items if i.council_key}
    quote = fees.quote(rule, inputs, council)
    assert quote.total >= 0 and quote.phi + quote.le_phi + quote.unsplit == quote.total
    assert fees.Quote.from_data(quote.as_data()) == quote


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("phí | x | mỗi trang", "viết “loại"),
        ("thuế | x | mỗi hồ sơ | 1.000", "Loại khoản thu"),
        ("phí | x | mỗi tháng | 1.000", "Cách tính"),
        ("phí | x | mỗi trang | abc", "không đọc được số tiền"),
        ("phí | x | mỗi trang | 1.000; 2.000", "từ N"),
        ("phí | x | mỗi trang | 1.000; từ 5: 2; từ 3: 1", "tăng dần"),
        ("phí | x | mỗi hồ sơ | 1.000 | tối đa 5", "không có mức tối đa"),
        ("phí | x | mỗi hồ sơ | 1.000 | | trực tuyến 150%", "phần trăm"),
        ("phí | x | mỗi hồ sơ | 99999999999999", "không đọc được"),
        ("phí | x | mỗi hồ sơ | HĐND tỉnh: Kết_hôn", "Mã mức HĐND"),
        ("\n".join(["phí | x | mỗi hồ sơ | 1"] * 11), "Tối đa 10"),
        ("phí | =cmd() | mỗi hồ sơ | 1", None),
    ],
)
def test_hostile_charge_lines_are_refused_with_a_message(items, message):
    if message is None:  # a formula-looking name is only text: stored as typed
        assert fees.parse(items).items[0].name == "=cmd()"
        return
    with pytest.raises(FeeRuleError, match=message):
        fees.parse(items)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ho ngheo | x | miễn | phí | căn cứ", "Mã đối tượng"),
        ("a | x | giảm 0% | phí | căn cứ", "Mức giảm"),
        ("a | x | giảm | phí | căn cứ", "giảm 50%"),
        ("a | x | miễn | thuế | căn cứ", "Áp dụng cho"),
        ("a | x | miễn | phí | ", "căn cứ"),
        ("a | x | miễn | phí | c\na | y | miễn | phí | c", "bị lặp"),
    ],
)
def test_hostile_exemption_lines_are_refused(line, message):
    with pytest.raises(FeeRuleError, match=message):
        fees.parse("phí | x | mỗi hồ sơ | 1.000", line)
