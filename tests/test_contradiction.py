"""Contradictions across articles (C101) and within one (C102-C104), on the real seeds
and on copies of them with one figure altered.

The seeds report the same city over the same weeks from different outlets, so they are
full of near-misses: the same metric on another day, the same day on part of the day, a
bound next to an exact figure. Each near-miss is pinned below with the reason it is not
a contradiction, and each altered copy with the finding it must produce.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import opencc
import pytest

from seedlint import datacodec
from seedlint.claims import Claim, analysis_for, catalog_of
from seedlint.detectors.contradiction import ClaimContradiction, Collected, Rec
from seedlint.model import Finding, Severity
from seedlint.rules import load_rules
from seedlint.testing import check_corpus, make_doc, ruleset_for

CODES = ["C101", "C102", "C103", "C104"]
S2T = opencc.OpenCC("s2t.json")
T2S = opencc.OpenCC("t2s.json")


def seeds(raw: Path) -> dict[str, str]:
    return {f.name[:3]: f.read_text(encoding="utf-8") for f in sorted(raw.glob("*.txt"))}


def corpus(texts: list[str], codes: list[str] | None = None) -> list[list[Finding]]:
    return check_corpus(texts, codes or CODES, paths=[f"d{i}.txt" for i in range(len(texts))])


def seed_claims(raw: Path) -> dict[str, list[Claim]]:
    cat = catalog_of(ruleset_for(["C101"]).rules)
    assert cat is not None
    return {
        k: analysis_for(make_doc(t, path=f"{k}.txt"), cat).claims for k, t in seeds(raw).items()
    }


# ------------------------------------------------------------------ the seeds


def test_seed_status_breakdown_93_short_of_its_total_is_found(raw_seeds: Path) -> None:
    texts = seeds(raw_seeds)
    [f] = [f for f in corpus([texts["002"]])[0] if f.code == "C102"]
    assert f.snippet == "离渝10050人、正常139682人、居家隔离58377人、医学观察227人"
    assert "208336人" in f.message and "93 short of" in f.message and "208429人" in f.message
    # "已全部定位、定点、定状态，其中…": 全部 says every person was located, not that the
    # list after 其中 is complete (real text: "26名示威者已全部被捕，其中14人为…" lists some).
    assert f.severity is Severity.WARNING
    assert (f.line, f.column) == (17, 227)


def test_seed_origin_breakdown_and_its_shares_are_consistent(raw_seeds: Path) -> None:
    # 199213 + 9216 = 208429; 95.58% -> 95.6, 4.42% -> 4.4; "湖北籍3304人(含武汉籍375人)" fits.
    texts = seeds(raw_seeds)
    fs = corpus([texts["002"]])[0]
    assert [f.code for f in fs] == ["C102"]


def test_no_contradiction_among_the_four_seeds(raw_seeds: Path) -> None:
    texts = list(seeds(raw_seeds).values())
    found = [(f.path, f.code) for fs in corpus(texts) for f in fs]
    assert found == [("d2.txt", "C102")]


# Each near-miss: two claims from the seeds that look alike, and why they are not the same
# quantity. (doc, claim text) pairs; the test checks both claims exist and differ in key.
NEAR_MISSES = [
    (
        ("000", "新增本土確診病例178例"),
        ("000", "新增本土確診病例144例"),
        "21日零时至24时 is a whole day; 11月22日0-18时 is part of the next day",
    ),
    (
        ("000", "新增本土確診病例144例"),
        ("003", "新增本土确诊病例189例"),
        "a 0-18h window on 11-22 against the whole day 12-01",
    ),
    (
        ("000", "新增本土無癥狀感染者6157例"),
        ("003", "新增本土无症状感染者6347例"),
        "the same metric and city on different days (11-21 and 12-01)",
    ),
    (
        ("000", "日新增超6000例"),
        ("003", "新增感染者5522例"),
        "超6000例 is a bound over 'two consecutive days' that no date resolves, about the "
        "whole city; 5522 is one day in the central districts only",
    ),
    (
        ("003", "新增感染者5522例"),
        ("003", "较29日减少863例"),
        "the 30th's figure and the 29th's figure derived from the change (6385)",
    ),
    (
        ("002", "共排查出208429人"),
        ("002", "发现可疑症状人员3797人"),
        "different metrics; 目前 (as of publication) is never compared across documents",
    ),
]


@pytest.mark.parametrize(("a", "b", "why"), NEAR_MISSES, ids=[n[2][:40] for n in NEAR_MISSES])
def test_near_misses_in_the_seeds_are_different_quantities(
    raw_seeds: Path, a: tuple[str, str], b: tuple[str, str], why: str
) -> None:
    cl = seed_claims(raw_seeds)
    ca = next(c for c in cl[a[0]] if c.text == a[1])
    cb = next(c for c in cl[b[0]] if c.text == b[1])
    assert ca.key is None or cb.key is None or ca.key != cb.key, why


def test_dateline_and_press_conference_dates_do_not_date_the_figures(raw_seeds: Path) -> None:
    # 000: "本報重慶11月22日電" and 003: "12月1日召开的...发布会上介绍，到11月30日" - the figures
    # belong to the 21st and to the 30th, not to the day the news was filed or announced.
    cl = seed_claims(raw_seeds)
    assert {c.period.key for c in cl["000"][:2] if c.period} == {"day:2022-11-21"}
    cleared = next(c for c in cl["003"] if c.metric == "districts_cleared")
    assert cleared.period is not None and cleared.period.key == "asof:2022-11-30"


# ------------------------------------------------------------------ altered copies


def _cn4(n: int) -> str:
    digits = "零一二三四五六七八九"
    out, gap = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if gap and out else "") + digits[d] + name
            gap = False
        else:
            gap = True
    return out


def cn_numeral(n: int) -> str:
    """How a reporter writes a count in Chinese numerals (positive, below 10^8)."""
    hi, lo = divmod(n, 10_000)
    out = _cn4(hi) + "万" if hi else ""
    if lo:
        out += ("零" if hi and lo < 1000 else "") + _cn4(lo)
    return out[1:] if out.startswith("一十") else out


@pytest.mark.parametrize(
    ("n", "s"), [(178, "一百七十八"), (6157, "六千一百五十七"), (10050, "一万零五十"), (15, "十五")]
)
def test_cn_numeral_helper_round_trips(n: int, s: str) -> None:
    from seedlint.claims import parse_cn_int

    assert cn_numeral(n) == s and parse_cn_int(s) == n


def reattribute(text: str, outlet: str) -> str:
    return text.replace("人民網", outlet).replace("人民日報", outlet)


def transform(text: str, rng: random.Random, figure: str | None = None) -> str:
    """A near-duplicate: other script, Chinese numerals for a figure, shuffled sentences."""
    if rng.random() < 0.5:
        text = str(T2S.convert(text)) if rng.random() < 0.5 else str(S2T.convert(text))
    if figure and rng.random() < 0.5:
        text = re.sub(rf"(?<!\d){figure}(?=[例人])", cn_numeral(int(figure)), text)
    if rng.random() < 0.5:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            sents = [s for s in re.split(r"(?<=[。])", line) if s]
            if len(sents) > 2:
                head, body = sents[0], sents[1:]
                rng.shuffle(body)
                lines[i] = head + "".join(body)
        text = "\n".join(lines)
    return text


SEED_FIGURES = [
    ("000", "178", "新增本土"),
    ("000", "6157", "无症状感染者"),
    ("003", "189", "确诊病例"),
    ("003", "6347", "感染者"),
    ("003", "5522", "感染者"),
]


def test_altered_copy_of_a_seed_contradicts_the_original_at_both_spans(raw_seeds: Path) -> None:
    orig = seeds(raw_seeds)["000"]
    altered = reattribute(orig, "新華網").replace("病例178例", "病例187例")
    fa, fb = ([f for f in fs if f.code == "C101"] for fs in corpus([orig, altered], ["C101"]))
    assert len(fa) == 1 and len(fb) == 1
    a, b = fa[0], fb[0]
    assert (a.line, a.column, a.snippet) == (17, 97, "新增本土確診病例178例")
    assert (b.line, b.column, b.snippet) == (17, 97, "新增本土確診病例187例")
    for f, mine, theirs, other in ((a, "178", "187", "d1.txt"), (b, "187", "178", "d0.txt")):
        assert f.severity is Severity.ERROR
        assert f"gives {mine}例 here (line 17:97, published 2022-11-23)" in f.message
        assert f"{other} gives {theirs}例 (line 17:97, published 2022-11-23" in f.message
        assert "2022-11-21 (whole day)" in f.message and "重庆市" in f.message


@pytest.mark.parametrize("seed", range(6))
def test_generated_alterations_are_found_whatever_the_script_numerals_and_order(
    raw_seeds: Path, seed: int
) -> None:
    rng = random.Random(seed)
    texts = seeds(raw_seeds)
    key, figure, _ = rng.choice(SEED_FIGURES)
    new = str(int(figure) + rng.choice([-1, 1]) * rng.randint(1, 400))
    orig = texts[key]
    altered = re.sub(rf"(?<!\d){figure}(?=[例人])", new, reattribute(orig, "新華網"), count=1)
    altered = transform(altered, rng, new)
    dup = transform(orig, rng, figure)
    found = corpus([orig, altered, dup], ["C101"])
    # 5522 also sets the 29th's figure derived from "较29日减少863例": two keys conflict
    per_doc = 2 if figure == "5522" else 1
    assert [len(fs) for fs in found] == [per_doc] * 3, (key, figure, new)
    assert all(new in fs[0].message or cn_numeral(int(new)) in fs[0].message for fs in found)


@pytest.mark.parametrize("seed", range(6))
def test_unaltered_near_duplicates_never_contradict(raw_seeds: Path, seed: int) -> None:
    rng = random.Random(100 + seed)
    texts = list(seeds(raw_seeds).values())
    copies = [transform(reattribute(t, "新華網"), rng) for t in texts]
    found = [(f.path, f.code) for fs in corpus(texts + copies) for f in fs]
    assert sorted(found) == [("d2.txt", "C102"), ("d6.txt", "C102")]


# ------------------------------------------------------------------ the corpus pass

HEAD = "2022年11月22日 来源：{}\n"


def test_one_finding_per_document_each_naming_the_nearest_conflicting_value() -> None:
    docs = [
        HEAD.format("甲报") + "21日零时至24时，重庆市新增本土确诊病例178例。",
        HEAD.format("乙报") + "21日零时至24时，重庆市新增本土确诊病例178例。",
        HEAD.format("丙报") + "重庆市通报。21日0-24时，重庆市新增本土确诊病例187例。",
    ]
    found = corpus(docs, ["C101"])
    assert [len(fs) for fs in found] == [1, 1, 1]
    assert "d2.txt gives 187例" in found[0][0].message
    assert "d0.txt gives 178例" in found[2][0].message
    assert "1 more conflicting figure(s)" in found[2][0].message
    assert (found[2][0].line, found[2][0].column) == (2, 19)


def test_a_bound_conflicts_only_with_an_exact_value_outside_it() -> None:
    exact = HEAD.format("甲报") + "21日0时至24时，重庆市新增本土确诊病例178例。"
    fits = HEAD.format("乙报") + "21日0时至24时，重庆市新增本土确诊病例超过170例。"
    violated = HEAD.format("丙报") + "21日0时至24时，重庆市新增本土确诊病例超过200例。"
    loose = HEAD.format("丁报") + "21日0时至24时，重庆市新增本土确诊病例不足150例。"
    assert [len(fs) for fs in corpus([exact, fits], ["C101"])] == [0, 0]
    assert [len(fs) for fs in corpus([exact, violated], ["C101"])] == [1, 1]
    # two bounds that cannot both hold are still not reported: neither is a figure
    assert [len(fs) for fs in corpus([violated, loose], ["C101"])] == [0, 0]


@pytest.mark.parametrize(
    "other",
    [
        "上海市通报，11月21日，黄浦区新增本土确诊病例12例。",  # a district, from the gazetteer
        "11月21日，上海市主城区新增本土确诊病例12例。",  # part of the city
        "11月21日，上海市新增本土确诊病例超过20例。",  # a bound the figure meets
        "11月21日0-12时，上海市新增本土确诊病例12例。",  # half a day
        "11月20日，上海市新增本土确诊病例12例。",  # another day
        "11月21日，上海市新增确诊病例32例。",  # another metric (imported cases included)
        "上海市11月21日召开新闻发布会，新增本土确诊病例12例。",  # the date of the conference
    ],
)
def test_figures_about_other_quantities_never_contradict(other: str) -> None:
    city = HEAD.format("甲报") + "11月21日，上海市新增本土确诊病例30例。"
    assert corpus([city, HEAD.format("乙报") + other], ["C101"]) == [[], []]


def test_rounded_figures_admit_their_rounding() -> None:
    a = HEAD.format("甲报") + "截至21日24时，重庆市累计确诊病例1.2万例。"
    b = HEAD.format("乙报") + "截至21日24时，重庆市累计确诊病例12345例。"
    c = HEAD.format("丙报") + "截至21日24时，重庆市累计确诊病例12678例。"
    assert [len(fs) for fs in corpus([a, b], ["C101"])] == [0, 0]
    assert [len(fs) for fs in corpus([a, c], ["C101"])] == [1, 1]


def test_tolerance_is_configurable_per_rule() -> None:
    [rule] = [r for r in load_rules(overrides={"C101": {"abs_tolerance": 5}}) if r.code == "C101"]
    det = rule.detector
    assert isinstance(det, ClaimContradiction)
    docs = [
        make_doc(HEAD.format("甲报") + "21日0时至24时，重庆市新增本土确诊病例178例。", "a.txt"),
        make_doc(HEAD.format("乙报") + "21日0时至24时，重庆市新增本土确诊病例180例。", "b.txt"),
    ]
    collected = [(d.doc_id, det.collect(d)) for d in docs]
    assert list(det.finalize(collected)) == []


def test_collected_claims_are_small_plain_data() -> None:
    det = ruleset_for(["C101"]).rules[0].detector
    doc = make_doc(HEAD.format("甲报") + "21日零时至24时，重庆市新增本土确诊病例178例。")
    data = det.collect(doc)
    assert isinstance(data, Collected) and len(data.claims) == 1
    assert datacodec.loads(datacodec.dumps(data)) == data
    assert len(datacodec.dumps(data)) < 600


def _rec(key: str, v: float, line: int = 1) -> Rec:
    return Rec(key, v, v, True, f"{v:g}例", 0, 5, line, 1, line, 6, "x", "c1")


def test_finalize_indexes_by_key_and_does_not_compare_all_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import seedlint.detectors.contradiction as mod

    det = ruleset_for(["C101"]).rules[0].detector
    assert isinstance(det, ClaimContradiction)
    calls = 0
    real = mod._disjoint

    def counting(a: Rec, b: Rec) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(mod, "_disjoint", counting)
    n = 20_000
    key = "重庆市|new_local_confirmed|day:2022-11-21"
    collected: list[tuple[str, object]] = [
        (f"d{i}", Collected(f"d{i}.txt", "2022-11-22", [_rec(key, 178), _rec(f"k{i}|m|p", i)]))
        for i in range(n)
    ]
    collected.append(("odd", Collected("odd.txt", "2022-11-22", [_rec(key, 187)])))
    t0 = time.perf_counter()
    hits = list(det.finalize(collected))
    elapsed = time.perf_counter() - t0
    assert len(hits) == n + 1  # every document involved, each once
    odd = next(h for h in hits if h.doc_id == "odd")
    assert f"{n - 1} more conflicting figure(s)" in odd.hit.data["more"]
    assert calls <= 2 * (n + 1)  # only a document's own claims are compared pairwise
    assert elapsed < 5


# ------------------------------------------------------------------ within one document


def test_a_change_that_contradicts_a_stated_figure_is_a_self_contradiction() -> None:
    text = (
        "2022年12月1日 来源：甲报\n11月29日，重庆市中心城区新增感染者6000例。"
        "11月30日，中心城区共报告新增感染者5522例，较29日减少863例。"
    )
    [f] = corpus([text], ["C104"])[0]
    assert f.snippet == "较29日减少863例"
    assert "6385例 (derived" in f.message and "6000例" in f.message


def test_self_contradiction_needs_the_same_period() -> None:
    text = (
        "2022年11月23日 来源：甲报\n11月22日0-18时，重庆市新增本土确诊病例144例。"
        "11月22日0时至24时，重庆市新增本土确诊病例188例。"
    )
    assert corpus([text], ["C104"]) == [[]]


@pytest.mark.parametrize(
    "text",
    [
        "全市共排查出208429人，其中湖北籍3304人、武汉籍375人。",  # a selection, far from the total
        "新增感染者5000例，其中渝中区2900例、江北区2000例等。",  # 等: partial
        "全市约1.2万人参与，其中志愿者8000人、医护人员4100人。",  # rounded total
        "共有密切接触者1200人，其中集中隔离800人、居家隔离400人。",
        "共排查2,084人，其中本市1,992人、外地92人。",
        "共排查2084人，其中本市1992人(含主城区1500人)、外地92人。",
    ],
)
def test_breakdown_hard_negatives(text: str) -> None:
    assert corpus([text], ["C102", "C103"]) == [[]]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("共有密切接触者1200人，其中集中隔离800人、居家隔离380人。", Severity.WARNING),
        # 均 says all 1200 are under control, not that the list after 其中 is complete.
        ("1200人均已落实管控，其中集中隔离800人、居家隔离380人。", Severity.WARNING),
        ("密切接触者1200人，其中集中隔离、居家隔离分别为800人、380人。", Severity.ERROR),
        ("共有密切接触者1200人，其中集中隔离800人、居家隔离420人。", Severity.WARNING),
    ],
)
def test_breakdown_that_does_not_add_up(text: str, severity: Severity) -> None:
    [f] = corpus([text], ["C102"])[0]
    assert f.severity is severity and "1200人" in f.message


def test_part_larger_than_its_total_is_reported_even_in_a_selection() -> None:
    [f] = corpus(["新增感染者500例，其中本土确诊病例620例。"], ["C102"])[0]
    assert f.snippet == "620例" and "larger than its total" in f.message


def test_share_that_does_not_match_its_part_is_reported_at_the_share() -> None:
    text = "全市共排查出208429人，其中重庆市户籍199213人（占95.2%），外省区市户籍9216人（占4.4%）。"
    [f] = corpus([text], ["C103"])[0]
    assert f.snippet == "95.2%" and "95.578%" in f.message


def test_records_of_a_jsonl_file_are_named_by_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from seedlint.cli import main

    recs = [
        HEAD.format("甲报") + "21日零时至24时，重庆市新增本土确诊病例178例。",
        HEAD.format("乙报") + "21日零时至24时，重庆市新增本土确诊病例187例。",
    ]
    p = tmp_path / "news.jsonl"
    p.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in recs))
    args = [str(p), "--select", "C101", "--output-format", "json", "--no-progress"]
    assert main([*args, "--no-cache"]) == 1
    report = json.loads(capsys.readouterr().out)
    msgs = {f["document"]: f["message"] for f in report["findings"]}
    assert len(msgs) == 2
    first, second = sorted(msgs)
    assert f"but {second} gives 187例" in msgs[first] and "#" in second
