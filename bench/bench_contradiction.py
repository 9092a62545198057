"""Benchmark the contradiction rules (C101-C104): precision, recall, time and memory.

Corpus: copies of the real seed articles (000, 002, 003; 001 and ChineseWebText pages as
figure-free noise). Each *event* is one seed article re-set in another city and year with
fresh figures (kept internally consistent: breakdowns add up, shares are rounded from
their parts, the change "较29日减少N例" matches). Each event is published by 1-N outlets:
near-duplicates in Simplified or Traditional, figures in Arabic numerals, Chinese numerals
or with thousands separators, sentences reordered within paragraphs, the outlet name
replaced. Then, seeded:

* cross-article: in some events one copy gets one dated figure altered (and is
  attributed to its own outlet). Every copy of that event is then involved in a
  contradiction (the altered copy against each original); a finding is correct when it
  sits on the altered figure's line of an involved document.
* internal: some copies of the screening article (seed 002) get one breakdown broken:
  a status part changed (sum), a household-registration part changed (sum), a stated
  share changed (share), or an included figure made larger than its whole (inclusion).

Throughput: MB/s of C101-C104 on the generated documents (every page full of figures:
the worst case) next to the generic anchors, and on the whole pack's realistic corpus
(``make_corpus.py``, where most pages hold no figure and the raw-text prefilters decide):
CPU time of the detectors, each rule alone with its shared analyses, and all four.

Scale: the per-document pass and the corpus pass on 10k, 30k and 100k generated
documents, each size in a fresh process, with time, claims per second and memory. Times
are CPU seconds of the process (the machine is shared: wall time would measure the
neighbours), generation excluded.

    python bench/bench_contradiction.py          # full run: bench/results/contradiction.json
    python bench/bench_contradiction.py --quick    # small sizes
    python bench/bench_contradiction.py --size 2000 --scale 5000,10000
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

from growth import growth
from seedlint.document import Document
from seedlint.engine import finalize_corpus, lint_document
from seedlint.testing import make_doc, ruleset_for

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from test_contradiction import cn_numeral  # noqa: E402  (the tested helper, not a copy)

SEEDS = REPO / "tests" / "fixtures" / "seeds"
SHARED = REPO.parent / "shared" / "corpora"
OUT = REPO / "bench" / "results" / "contradiction.json"
CODES = ["C101", "C102", "C103", "C104"]
S2T = opencc.OpenCC("s2t.json")
T2S = opencc.OpenCC("t2s.json")

CITIES = [
    ("重庆市", "重庆"),
    ("北京市", "北京"),
    ("天津市", "天津"),
    ("上海市", "上海"),
    ("成都市", "成都"),
    ("广州市", "广州"),
    ("深圳市", "深圳"),
    ("西安市", "西安"),
    ("郑州市", "郑州"),
    ("南京市", "南京"),
    ("杭州市", "杭州"),
    ("长沙市", "长沙"),
    ("贵阳市", "贵阳"),
    ("昆明市", "昆明"),
    ("兰州市", "兰州"),
    ("石家庄市", "石家庄"),
    ("哈尔滨市", "哈尔滨"),
    ("沈阳市", "沈阳"),
    ("大连市", "大连"),
    ("青岛市", "青岛"),
    ("济南市", "济南"),
    ("厦门市", "厦门"),
    ("福州市", "福州"),
    ("南宁市", "南宁"),
    ("海口市", "海口"),
    ("合肥市", "合肥"),
    ("南昌市", "南昌"),
    ("太原市", "太原"),
    ("长春市", "长春"),
    ("西宁市", "西宁"),
    ("银川市", "银川"),
    ("拉萨市", "拉萨"),
    ("苏州市", "苏州"),
    ("宁波市", "宁波"),
    ("东莞市", "东莞"),
    ("佛山市", "佛山"),
    ("乌鲁木齐市", "乌鲁木齐"),
    ("呼和浩特市", "呼和浩特"),
    ("四川省", "四川"),
    ("广东省", "广东"),
    ("河南省", "河南"),
    ("浙江省", "浙江"),
    ("江苏省", "江苏"),
    ("湖南省", "湖南"),
    ("云南省", "云南"),
]
OUTLETS = [
    "新华网",
    "澎湃新闻",
    "华龙网",
    "上游新闻",
    "中国新闻网",
    "央视新闻",
    "红星新闻",
    "第一财经",
    "界面新闻",
    "环球网",
    "光明网",
    "中青在线",
    "每日经济新闻",
    "封面新闻",
    "新京报",
    "北京日报",
]


# --------------------------------------------------------------------------- templates


@dataclass
class Slot:
    name: str
    start: int
    end: int
    line: int
    dated: bool
    """A figure with a region, a metric and a date in its sentence: alterable for C101."""
    style: str = "any"
    """any; pct1 (a share, one decimal); sep (always 375,369)."""


@dataclass
class Template:
    key: str
    text: str
    outlets: list[str]
    traditional: bool
    slots: list[Slot]
    gen: Any
    """rng -> {slot name: value}"""


def _slots(text: str, specs: list[tuple[str, str, bool, str]]) -> list[Slot]:
    out = []
    for name, pattern, dated, style in specs:
        m = re.search(pattern, text)
        assert m is not None, (name, pattern)
        out.append(
            Slot(name, m.start(1), m.end(1), text.count("\n", 0, m.start(1)) + 1, dated, style)
        )
    out.sort(key=lambda s: s.start)
    return out


def _gen000(rng: random.Random) -> dict[str, float]:
    return {
        "c21": rng.randint(50, 500),
        "a21": rng.randint(1000, 9000),
        "c22": rng.randint(30, 400),
        "a22": rng.randint(500, 6000),
        "p22": rng.randint(500, 6000),
    }


def _gen002(rng: random.Random) -> dict[str, float]:
    t = rng.randint(20_000, 500_000)
    a = round(t * rng.uniform(0.90, 0.98))
    b = t - a
    h = rng.randint(b // 5, b // 2)
    w = rng.randint(max(1, h // 20), max(2, h // 3))
    s4 = rng.randint(50, 500)
    s1 = round(t * rng.uniform(0.03, 0.07))
    s3 = round(t * rng.uniform(0.2, 0.35))
    sus1 = rng.randint(300, 1500)
    return {
        "T1": t,
        "A": a,
        "pA": round(100 * a / t, 1),
        "B": b,
        "pB": round(100 * b / t, 1),
        "H": h,
        "W": w,
        "T2": t,
        "S1": s1,
        "S2": t - s1 - s3 - s4,
        "S3": s3,
        "S4": s4,
        "sus1": sus1,
        "sus2": sus1 + rng.randint(1000, 4000),
        "places": rng.randint(100_000, 500_000),
        "persons": rng.randint(100_000, 600_000),
    }


def _gen003(rng: random.Random) -> dict[str, float]:
    return {
        "c": rng.randint(50, 400),
        "a": rng.randint(2000, 9000),
        "d30": rng.randint(10, 40),
        "inf": rng.randint(2000, 8000),
        "delta": rng.randint(100, 1500),
        "comm": rng.randint(10, 200),
        "hr": rng.randint(100, 900),
        "towns": rng.randint(50, 300),
        "villages": rng.randint(500, 3000),
        "compounds": rng.randint(2000, 12000),
        "communities": rng.randint(200, 1000),
    }


def templates() -> list[Template]:
    s = {f.name[:3]: f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))}
    t000 = Template(
        "000",
        s["000"],
        ["人民網", "人民日報"],
        True,
        _slots(
            s["000"],
            [
                ("c21", r"確診病例(178)例", True, "any"),
                ("a21", r"感染者(6157)例", True, "any"),
                ("c22", r"確診病例(144)例", True, "any"),
                ("a22", r"感染者(3746)例", True, "any"),
                ("p22", r"人員(4231)人", True, "any"),
            ],
        ),
        _gen000,
    )
    t002 = Template(
        "002",
        s["002"],
        ["城乡统筹发展网"],
        False,
        _slots(
            s["002"],
            [
                ("T1", r"共排查出(208429)人", False, "any"),
                ("A", r"户籍(199213)人", False, "any"),
                ("pA", r"占总数的(95\.6)%", False, "pct1"),
                ("B", r"户籍(9216)人", False, "any"),
                ("pB", r"占总数的(4\.4)%", False, "pct1"),
                ("H", r"湖北籍(3304)人", False, "any"),
                ("W", r"武汉籍(375)人", False, "any"),
                ("T2", r"这(208429)人", False, "any"),
                ("S1", r"离渝(10050)人", False, "any"),
                ("S2", r"正常(139682)人", False, "any"),
                ("S3", r"居家隔离(58377)人", False, "any"),
                ("S4", r"医学观察(227)人", False, "any"),
                ("sus1", r"人员(792)人", True, "any"),
                ("sus2", r"人员(3797)人", False, "any"),
                ("places", r"场所(375,369)个", False, "sep"),
                ("persons", r"个,(412,653)人", False, "sep"),
            ],
        ),
        _gen002,
    )
    t003 = Template(
        "003",
        s["003"],
        ["北京青年报"],
        False,
        _slots(
            s["003"],
            [
                ("c", r"确诊病例(189)例", True, "any"),
                ("a", r"感染者(6347)例", True, "any"),
                ("d30", r"有(30)个区县", True, "any"),
                ("inf", r"感染者(5522)例", True, "any"),
                ("delta", r"减少(863)例", True, "any"),
                ("comm", r"感染者(75)人", False, "any"),
                ("hr", r"有(603)个高风险区", True, "any"),
                ("towns", r"(152)个镇街", True, "any"),
                ("villages", r"(1703)个村", True, "any"),
                ("compounds", r"小区”(8759)个", True, "any"),
                ("communities", r"社区”(690)个", True, "any"),
            ],
        ),
        _gen003,
    )
    return [t000, t002, t003]


def render(v: float, style: str, rng: random.Random) -> str:
    if style == "pct1":
        return f"{v:.1f}"
    if style == "arabic" or v != int(v):
        return f"{v:g}" if v != int(v) else str(int(v))
    n = int(v)
    if style == "sep":
        return f"{n:,}"
    r = rng.random()
    if r < 0.2:
        return cn_numeral(n)
    if r < 0.3 and n >= 1000:
        return f"{n:,}"
    return str(n)


# --------------------------------------------------------------------------- corpus


@dataclass
class GenDoc:
    doc_id: str
    text: str
    event: int
    cross_lines: set[int] = field(default_factory=set)
    """Lines of an altered figure (when the document's event has a cross alteration)."""
    internal: str | None = None
    """The internal alteration made to this copy (status, origin, share, inclusion)."""
    variant: str | None = None
    """A legitimate rewording of an unaltered copy (partial-day count, rounded, bound)."""
    reworded: bool = False
    """Dates and metric names said another way (same facts)."""


def _year_shift(text: str, delta: int) -> str:
    def sub(m: re.Match[str]) -> str:
        return str(int(m.group(1)) + delta)

    return re.sub(r"(?<!\d)(20\d\d)(?=\s?年|-\d{1,2}-\d{1,2}(?!\d))", sub, text)


# Month moves that keep every date of an article valid and in order (the screening article
# runs from January into February, the 003 article from November into December).
MONTHS: dict[str, list[dict[int, int]]] = {
    "000": [{11: m} for m in range(1, 13)],
    "002": [{1: m, 2: m + 1} for m in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11)],
    "003": [{11: m, 12: m + 1} for m in range(3, 11)],
}


def _month_shift(text: str, mapping: dict[int, int]) -> str:
    def md(m: re.Match[str]) -> str:
        return str(mapping.get(int(m.group(1)), int(m.group(1))))

    def iso(m: re.Match[str]) -> str:
        mo = mapping.get(int(m.group(2)), int(m.group(2)))
        return f"{m.group(1)}-{mo:02d}-{m.group(3)}"

    text = re.sub(r"(?<![\d.])(\d{1,2})(?=\s?月)", md, text)
    return re.sub(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)", iso, text)


def _shuffle(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        sents = [x for x in re.split(r"(?<=[。])", line) if x]
        if len(sents) > 2:
            head, body = sents[0], sents[1:]
            rng.shuffle(body)
            lines[i] = head + "".join(body)
    return "\n".join(lines)


def _alter(v: float, rng: random.Random) -> float:
    d = max(1, round(v * rng.uniform(0.02, 0.3)))
    return v + d if rng.random() < 0.5 or v - d <= 0 else v - d


def _internal(vals: dict[str, float], rng: random.Random) -> str:
    kind = rng.choice(["status", "origin", "share", "inclusion"])
    t = vals["T1"]
    if kind == "status":
        name = rng.choice(["S1", "S2", "S3", "S4"])
        d = rng.randint(1, max(1, int(t * 0.03)))
        vals[name] = vals[name] + d if rng.random() < 0.5 or vals[name] <= d else vals[name] - d
    elif kind == "origin":
        d = rng.randint(1, max(1, int(t * 0.002)))
        vals["A"] += d if rng.random() < 0.5 else -d
    elif kind == "share":
        d = round(rng.uniform(0.2, 1.5), 1)
        vals["pA"] = round(vals["pA"] + (d if vals["pA"] + d < 100 else -d), 1)
    else:
        vals["W"] = vals["H"] + rng.randint(1, 500)
    return kind


# Legitimate rewordings that must not look like contradictions: the whole-day count
# reported as a 0-18h count (a different quantity, smaller), or a figure given as "about"
# or "more than" a round number.
VARIANTS = {
    "000": ["partial", "about:a21", "bound:a21", "about:c21"],
    "003": ["about:a", "bound:a", "about:inf", "bound:compounds"],
}


# Same facts, other words: how another outlet may date a figure or name a metric.
REWORDINGS = {
    "000": [
        (
            "21日零時至24時",
            ["11月21日0時至24時", "昨日", "11月21日全天", "21日0-24時", "21日零時至24時"],
        ),
        ("新增本土確診病例", ["本土新增確診病例", "新增本土確診", "新增本土確診病例"]),
        ("新增本土無癥狀感染者", ["本土新增無症狀感染者", "新增本土無症狀感染者"]),
    ],
    "003": [
        (
            "最新通报,12月1日,重庆市新增",
            [
                "最新通报,1日,重庆市新增",
                "最新通报,12月1日0时至24时,重庆市新增",
                "最新通报,12月1日,重庆市新增",
                # the date in the sentence before: out of the extractor's reach (a miss)
                "12月2日发布12月1日疫情数据。全市新增",
            ],
        ),
        ("新增感染者", ["新增阳性感染者", "新增感染者"]),
        ("新增本土无症状感染者", ["本土新增无症状感染者", "新增本土无症状"]),
    ],
}


def _variant_text(
    tpl: Template, variant: str, v: dict[str, float], overrides: dict[str, str]
) -> None:
    kind, _, slot = variant.partition(":")
    if kind == "partial":
        v["c21"] = round(v["c21"] * 0.7)
        v["a21"] = round(v["a21"] * 0.7)
    elif kind == "about":
        overrides[slot] = "约" + str(round(v[slot], -2) if v[slot] >= 1000 else round(v[slot], -1))
    elif kind == "bound":
        step = 1000 if v[slot] >= 2000 else 10
        floor = int(v[slot] // step * step)
        overrides[slot] = "超过" + str(floor if floor < v[slot] else floor - step)


def generate(
    n_docs: int,
    seed: int = 0,
    p_cross: float = 0.25,
    p_internal: float = 0.3,
    p_variant: float = 0.25,
    p_reword: float = 0.3,
    max_copies: int = 5,
) -> Iterator[GenDoc]:
    """Documents one at a time (memory stays flat however many are asked for)."""
    rng = random.Random(seed)
    tpls = templates()
    noise = [SEEDS.joinpath(n).read_text(encoding="utf-8") for n in ["001_712f67c0189c27b8.txt"]]
    for name in ("clean.jsonl", "dirty.jsonl"):
        p = SHARED / "ChineseWebText-examples" / name
        if p.is_file():
            noise.extend(
                json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines()
            )
    # Every event its own (article, city, year, months): no two events share a key, so the
    # only conflicts are the ones made on purpose (185k combinations, enough for 100k docs).
    combos = [
        (ti, c, y, mi)
        for ti in range(len(tpls))
        for c in range(len(CITIES))
        for y in range(-60, 77)
        for mi in range(len(MONTHS[tpls[ti].key]))
    ]
    rng.shuffle(combos)
    made = 0
    event = 0
    while made < n_docs:
        if rng.random() < 0.04:
            text = noise[rng.randrange(len(noise))]
            yield GenDoc(
                f"n{made:07d}.txt", _shuffle(text, rng) if rng.random() < 0.5 else text, -1
            )
            made += 1
            continue
        if event >= len(combos):
            raise ValueError(f"more events than distinct (article, city, year, months): {event}")
        ti, ci, dy, mi = combos[event]
        event += 1
        tpl = tpls[ti]
        vals = tpl.gen(rng)
        copies = min(rng.randint(1, max_copies), n_docs - made)
        alter: tuple[int, str, float] | None = None
        dated = [s for s in tpl.slots if s.dated]
        if copies >= 2 and rng.random() < p_cross:
            slot = rng.choice(dated)
            alter = (rng.randrange(copies), slot.name, _alter(vals[slot.name], rng))
        outlets = rng.sample(OUTLETS, copies)
        city, short = CITIES[ci]
        for k in range(copies):
            v = dict(vals)
            gd = GenDoc(f"e{event:06d}-{k}.txt", "", event)
            if alter is not None:
                gd.cross_lines = {s.line for s in tpl.slots if s.name == alter[1]}
                if alter[0] == k:
                    v[alter[1]] = alter[2]
            if tpl.key == "002" and rng.random() < p_internal:
                gd.internal = _internal(v, rng)
            overrides: dict[str, str] = {}
            if alter is None and tpl.key in VARIANTS and rng.random() < p_variant:
                gd.variant = rng.choice(VARIANTS[tpl.key])
                _variant_text(tpl, gd.variant, v, overrides)
            pieces = []
            last = 0
            for s in tpl.slots:
                pieces.append(tpl.text[last : s.start])
                pieces.append(overrides.get(s.name) or render(v[s.name], s.style, rng))
                last = s.end
            pieces.append(tpl.text[last:])
            text = "".join(pieces)
            if gd.variant == "partial":
                text = text.replace("21日零時至24時", "21日0-18時")
            elif rng.random() < p_reword:
                gd.reworded = True
                for old, choices in REWORDINGS.get(tpl.key, []):
                    text = text.replace(old, rng.choice(choices), 1)
            outlet = outlets[k]
            if tpl.traditional:
                city_w, short_w, outlet = S2T.convert(city), S2T.convert(short), S2T.convert(outlet)
                text = text.replace("重慶市", city_w).replace("重慶", short_w)
            else:
                text = text.replace("重庆市", city).replace("重庆", short)
            for o in tpl.outlets:
                text = text.replace(o, outlet)
            text = _year_shift(_month_shift(text, MONTHS[tpl.key][mi]), dy)
            r = rng.random()
            if tpl.traditional and r < 0.5:
                text = T2S.convert(text)
            elif not tpl.traditional and r < 0.3:
                text = S2T.convert(text)
            if rng.random() < 0.4:
                text = _shuffle(text, rng)
            gd.text = text
            yield gd
            made += 1


# --------------------------------------------------------------------------- quality


def quality(n_docs: int, seed: int) -> dict[str, Any]:
    rs = ruleset_for(CODES)
    docs: list[GenDoc] = list(generate(n_docs, seed))
    collected: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    findings: dict[str, list[Any]] = defaultdict(list)
    for gd in docs:
        d = make_doc(gd.text, gd.doc_id)
        res = lint_document(d, rs)
        findings[gd.doc_id].extend(res.findings)
        for code, data in res.collected.items():
            collected[code].append((d.doc_id, data))
    for f in finalize_corpus(rs, collected, {}):
        findings[f.document].append(f)
    by_id = {gd.doc_id: gd for gd in docs}

    involved = {gd.doc_id for gd in docs if gd.cross_lines}
    c101 = [f for fs in findings.values() for f in fs if f.code == "C101"]
    pred101 = {f.document for f in c101}
    correct101 = [f for f in c101 if f.line in by_id[f.document].cross_lines]
    internal_truth = {gd.doc_id for gd in docs if gd.internal}
    internal_codes = ("C102", "C103")
    pred_int = {d for d, fs in findings.items() if any(f.code in internal_codes for f in fs)}
    c104 = [f for fs in findings.values() for f in fs if f.code == "C104"]
    clean = [gd.doc_id for gd in docs if not gd.cross_lines and not gd.internal]
    clean_flagged = [d for d in clean if findings.get(d)]
    variants: dict[str, dict[str, int]] = defaultdict(lambda: {"documents": 0, "flagged": 0})
    for gd in docs:
        if gd.variant:
            variants[gd.variant]["documents"] += 1
            variants[gd.variant]["flagged"] += bool(findings.get(gd.doc_id))
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"altered": 0, "found": 0})
    expect = {"status": "C102", "origin": "C102", "inclusion": "C102", "share": "C103"}
    for gd in docs:
        if gd.internal:
            per_kind[gd.internal]["altered"] += 1
            if any(f.code == expect[gd.internal] for f in findings.get(gd.doc_id, [])):
                per_kind[gd.internal]["found"] += 1

    def pr(tp: int, pred: int, truth: int) -> dict[str, Any]:
        return {
            "truth": truth,
            "predicted": pred,
            "true_positives": tp,
            "precision": round(tp / pred, 4) if pred else None,
            "recall": round(tp / truth, 4) if truth else None,
        }

    out = {
        "documents": len(docs),
        "events": len({gd.event for gd in docs if gd.event >= 0}),
        "cross_article_documents": pr(len(pred101 & involved), len(pred101), len(involved)),
        "cross_article_findings": {
            "findings": len(c101),
            "on_the_altered_figure": len(correct101),
            "precision": round(len(correct101) / len(c101), 4) if c101 else None,
        },
        "internal_documents": pr(
            len(pred_int & internal_truth), len(pred_int), len(internal_truth)
        ),
        "internal_recall_by_alteration": {
            k: {**v, "recall": round(v["found"] / v["altered"], 4) if v["altered"] else None}
            for k, v in sorted(per_kind.items())
        },
        "self_contradiction_findings": len(c104),
        "legitimate_rewordings": dict(sorted(variants.items())),
        "clean_documents": len(clean),
        "clean_documents_flagged": len(clean_flagged),
        "false_positive_rate": round(len(clean_flagged) / len(clean), 5) if clean else None,
    }
    reworded = {gd.doc_id for gd in docs if gd.reworded and gd.cross_lines}
    out["cross_article_reworded_documents"] = pr(
        len(pred101 & reworded), len(pred101 & reworded), len(reworded)
    )
    misses = sorted(involved - pred101)[:5]
    out["examples_of_missed_cross_article_documents"] = misses
    return out


def print_quality(q: dict[str, Any]) -> None:
    print(f"\n== quality: {q['documents']} generated documents, {q['events']} events")
    print(f"{'check':34} {'truth':>6} {'pred':>6} {'TP':>6} {'precision':>9} {'recall':>7}")
    for label, key in (
        ("C101 cross-article (documents)", "cross_article_documents"),
        ("  of which reworded copies", "cross_article_reworded_documents"),
        ("C102/C103 internal (documents)", "internal_documents"),
    ):
        r = q[key]
        print(
            f"{label:34} {r['truth']:>6} {r['predicted']:>6} {r['true_positives']:>6} "
            f"{r['precision']!s:>9} {r['recall']!s:>7}"
        )
    cf = q["cross_article_findings"]
    print(
        f"C101 findings on the altered figure: {cf['on_the_altered_figure']}/{cf['findings']} "
        f"(precision {cf['precision']})"
    )
    print("internal recall by alteration:")
    for k, v in q["internal_recall_by_alteration"].items():
        print(f"  {k:10} {v['found']:>5}/{v['altered']:<5} recall {v['recall']}")
    print("legitimate rewordings of unaltered copies (must not be flagged):")
    for k, v in q["legitimate_rewordings"].items():
        print(f"  {k:16} flagged {v['flagged']}/{v['documents']}")
    print(
        f"clean documents flagged: {q['clean_documents_flagged']}/{q['clean_documents']} "
        f"(false-positive rate {q['false_positive_rate']}); C104 findings: "
        f"{q['self_contradiction_findings']}"
    )


# --------------------------------------------------------------------------- speed and scale


def _rss_mb(field_name: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def scale_worker(n: int, seed: int) -> dict[str, Any]:
    """One size, in its own process: generation is not timed, linting and finalize are."""
    rs = ruleset_for(CODES)
    rss0 = _rss_mb()
    collected: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    t_pass = 0.0
    nbytes = 0
    claims = 0
    per_doc_findings = 0
    for gd in generate(n, seed):
        d = make_doc(gd.text, gd.doc_id)
        nbytes += len(gd.text.encode("utf-8"))
        t0 = time.process_time()
        res = lint_document(d, rs)
        t_pass += time.process_time() - t0
        per_doc_findings += len(res.findings)
        for code, data in res.collected.items():
            collected[code].append((d.doc_id, data))
            claims += len(data.claims)
        del d
    rss_collected = _rss_mb()
    det = rs.by_code["C101"].detector
    t0 = time.process_time()
    n_hits = sum(1 for _ in det.finalize(collected["C101"]))
    t_index = time.process_time() - t0
    t0 = time.process_time()
    corpus = finalize_corpus(rs, collected, {})
    t_fin = time.process_time() - t0
    assert len(corpus) == n_hits
    return {
        "documents": n,
        "megabytes": round(nbytes / 1e6, 2),
        "comparable_claims": claims,
        "per_document_pass_s": round(t_pass, 2),
        "per_document_mb_per_s": round(nbytes / 1e6 / t_pass, 2),
        "docs_per_s": round(n / t_pass),
        "finalize_s": round(t_fin, 3),
        "finalize_us_per_claim": round(1e6 * t_fin / max(1, claims), 2),
        "index_and_compare_s": round(t_index, 3),
        "index_us_per_claim": round(1e6 * t_index / max(1, claims), 2),
        "cross_article_findings": len(corpus),
        "per_document_findings": per_doc_findings,
        "collected_mb": round(rss_collected - rss0, 1),
        "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
    }


def anchors(n: int, seed: int) -> dict[str, Any]:
    """MB/s of the contradiction rules next to the generic anchors on the same documents."""
    docs = [make_doc(gd.text, gd.doc_id) for gd in generate(n, seed)]
    nbytes = sum(len(d.text.encode("utf-8")) for d in docs)
    out = {}
    for label, codes in (
        ("A001 pattern (anchor)", ["A001"]),
        ("A002 lexicon (anchor)", ["A002"]),
        ("C101-C104", CODES),
    ):
        rs = ruleset_for(codes)
        fresh = [Document(path=d.path, text=d.text) for d in docs]
        t0 = time.perf_counter()
        for d in fresh:
            lint_document(d, rs)
        dt = time.perf_counter() - t0
        out[label] = round(nbytes / 1e6 / dt, 2)
    return out


def pack_corpus(size: str, seed: int = 0) -> tuple[list[Document], float, str]:
    """The benchmark corpus of the whole rule pack (``make_corpus.py``): realistic pages,
    most without any figure, read as JSONL records (fields other than ``text`` become
    metadata, as the JSONL reader does)."""
    import make_corpus

    path = Path(tempfile.mkdtemp(prefix="seedlint-bench-")) / f"corpus-{size}-{seed}.jsonl"
    info = make_corpus.write(path, "jsonl", make_corpus.parse_size(size), seed)
    docs = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        text = rec.pop("text")
        docs.append(Document(path=path.name, text=text, doc_id=f"{path.name}#{i}", metadata=rec))
    path.unlink()
    return docs, sum(len(d.text.encode("utf-8")) for d in docs) / 1e6, str(info["pool"])


def detector_seconds(codes: list[str], docs: list[Document], reps: int = 3) -> float:
    """CPU seconds of the rules' detectors over fresh documents (nothing memoised), best of
    ``reps``: per-document checks and ``collect``, as the pack benchmark times a rule."""
    rs = ruleset_for(codes)
    dets = [r.detector for r in rs.rules]
    best = math.inf
    for _ in range(reps):
        fresh = [
            Document(path=d.path, text=d.text, doc_id=d.doc_id, metadata=d.metadata) for d in docs
        ]
        gc.collect()
        t0 = time.process_time()
        for d in fresh:
            for det in dets:
                for _ in det.check(d):
                    pass
                if det.corpus_wide:
                    det.collect(d)
        best = min(best, time.process_time() - t0)
    return best


def pack_throughput(size: str, seed: int) -> dict[str, Any]:
    """MB/s of C101-C104 on the pack's realistic corpus: each rule alone (its shared
    analyses included) and the four together."""
    docs, mb, pool = pack_corpus(size, seed)
    out: dict[str, Any] = {"corpus": f"make_corpus.py --size {size} --seed {seed}", "pool": pool}
    out |= {"documents": len(docs), "megabytes": round(mb, 2), "mb_per_s": {}}
    for label, codes in [*((c, [c]) for c in CODES), ("C101-C104", CODES)]:
        out["mb_per_s"][label] = round(mb / detector_seconds(codes, docs), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=int, default=6000, help="documents in the quality corpus")
    ap.add_argument("--scale", default="10000,30000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="small sizes (1000; 1000,3000,10000)")
    ap.add_argument("--no-write", action="store_true", help="do not write the JSON results")
    ap.add_argument(
        "--pack-size", default="10MB", help="size of the pack-corpus throughput run (quick: 2MB)"
    )
    ap.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    ns = ap.parse_args()
    if ns.scale_worker:
        print(json.dumps(scale_worker(ns.scale_worker, ns.seed)))
        return
    size = 1000 if ns.quick else ns.size
    if ns.quick and ns.pack_size == "10MB":
        ns.pack_size = "2MB"
    sizes = [1000, 3000, 10000] if ns.quick else [int(x) for x in ns.scale.split(",") if x]
    q = quality(size, ns.seed)
    print_quality(q)
    a = anchors(min(size, 1500), ns.seed + 1)
    print("\n== throughput, MB/s on the same generated documents (per-document pass)")
    for k, v in a.items():
        print(f"  {k:24} {v:>7}")
    pack = pack_throughput(ns.pack_size, 0)
    print(
        f"\n== throughput on the pack's corpus ({pack['corpus']}: {pack['documents']} documents, "
        f"{pack['megabytes']} MB), MB/s of CPU time, detectors alone"
    )
    for k, v in pack["mb_per_s"].items():
        print(f"  {k:24} {v:>7}")
    print("\n== growth with document length (exponent; 1.0 is linear), 8x longer documents")
    grow = growth(CODES)
    print("\n== scale (each size in a fresh process)")
    print(
        f"{'docs':>7} {'MB':>7} {'claims':>8} {'pass cpu s':>10} {'MB/s':>6} {'final cpu s':>11} "
        f"{'us/claim':>8} {'index us/cl':>11} {'C101':>6} {'collected MB':>12} {'peak RSS MB':>11}"
    )
    rows = []
    for n in sizes:
        res = subprocess.run(
            [sys.executable, __file__, "--scale-worker", str(n), "--seed", str(ns.seed)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(res.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"{r['documents']:>7} {r['megabytes']:>7} {r['comparable_claims']:>8} "
            f"{r['per_document_pass_s']:>10} {r['per_document_mb_per_s']:>6} {r['finalize_s']:>11} "
            f"{r['finalize_us_per_claim']:>8} {r['index_us_per_claim']:>11} "
            f"{r['cross_article_findings']:>6} "
            f"{r['collected_mb']:>12} {r['peak_rss_mb']:>11}"
        )
    if len(rows) >= 2:
        a0, a1 = rows[0], rows[-1]
        k = a1["documents"] / a0["documents"]
        pass_growth = a1["per_document_pass_s"] / a0["per_document_pass_s"]
        print(
            f"growth x{k:g} documents: pass time x{pass_growth:.2f}, "
            f"finalize time x{a1['finalize_s'] / max(a0['finalize_s'], 1e-9):.2f}, "
            f"collected memory x{a1['collected_mb'] / max(a0['collected_mb'], 0.1):.2f}"
        )
    result = {
        "seed": ns.seed,
        "notes": "scale times are CPU seconds; finalize = C101 corpus pass including the "
        "findings it reports; index = the detector's own indexing and comparison",
        "quality": q,
        "throughput_mb_per_s": a,
        "pack_corpus_throughput": pack,
        "growth_exponent": grow,
        "scale": rows,
    }
    if not ns.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
