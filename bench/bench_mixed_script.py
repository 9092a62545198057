"""Recall, false positives and speed of the mixed-script rules (A101-A104, X101-X104).

Labels come from how each case is made, never from the rules under test:

* gloss      a Traditional text with pinyin readings (pypinyin, random heteronym, tone
             marks / tone numbers / no tones, half- or full-width parentheses) inserted
             after random Han characters: every inserted gloss must be found (A101) and
             the fix must give back the original text;
* paragraph  a document of pure paragraphs of one script with one random paragraph
             converted to the other script by OpenCC: X101 must report that paragraph;
* expected   a whole pure document converted to the other script, checked against
             ``expected-script``: X102 must report it;
* homoglyph  English sentences with one word's letters swapped for Cyrillic (or Greek)
             look-alikes from the UTS #39 data: X103 must report that word;
* halfwidth  Chinese text whose full-width ，：；！ between Han characters were turned
             into ASCII: A102 must report exactly those;
* fullwidth  half-width words with some letters or digits made full-width: X104.

Clean text (Traditional from Big5 pages and OpenCC's Taiwan/Hong Kong/standard
conversions, Simplified from GB2312 pages, OpenCC's input text and the Classical
*Zuozhuan*, English from a licence text) is the hard-negative side: the false-positive
rate is the share of clean documents with any finding of the rule.

Speed: the eight rules together over a Chinese corpus of ``--size`` MB assembled from
the same sources, against OpenCC converting the same documents (t2s and s2t), one
process, documents one at a time as the linter sees them, CPU time, best of
``--repeat``. Two configurations: ``expected-script: any`` (the default) and
``zh-Hans``, where the 40% Traditional documents each get an OpenCC conversion computed
as their X102 fix, so that run includes OpenCC's own work on them.

    python bench/bench_mixed_script.py               # full: 50 MB, 300 cases per kind
    python bench/bench_mixed_script.py --quick       # 5 MB, 60 cases per kind
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc
from confusable_homoglyphs import confusables
from pypinyin import Style, pinyin

from seedlint.document import Document
from seedlint.engine import lint_document
from seedlint.testing import check_text, ruleset_for

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
OUT = REPO / "bench" / "results" / "mixed_script.json"
CODES = ["A101", "A102", "A103", "A104", "X101", "X102", "X103", "X104"]

HAN = re.compile("[\u4e00-\u9fff]")
_TAG = re.compile(r"<[^>]*>")
_T2S = opencc.OpenCC("t2s.json")
_S2T = opencc.OpenCC("s2t.json")


# ---------------------------------------------------------------- sources


@dataclass
class Sources:
    simp: list[str] = field(default_factory=list)
    """Simplified paragraphs (one line each)."""
    trad: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    zuozhuan: str = ""
    seeds: list[str] = field(default_factory=list)


def _paragraphs(text: str, min_han: int = 15) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip().replace("\u3000", "")
        if len(HAN.findall(line)) >= min_han:
            out.append(line)
    return out


def _page_text(raw: bytes, encoding: str) -> str:
    text = raw.decode(encoding, errors="replace")
    # Feeds escape their HTML once more: unescape, drop tags, twice.
    for _ in range(2):
        text = html.unescape(_TAG.sub("\n", text))
    return _TAG.sub("\n", text)


def load_sources(shared: Path = SHARED) -> Sources:
    src = Sources()
    cs = shared / "char-dataset"
    for p in sorted((cs / "big5").glob("*")):
        src.trad += _paragraphs(_page_text(p.read_bytes(), "big5hkscs"))
    for p in sorted((cs / "gb2312").glob("*")):
        src.simp += _paragraphs(_page_text(p.read_bytes(), "gb18030"))
    golden = shared / "OpenCC" / "test" / "golden"
    src.simp += _paragraphs((golden / "input" / "us_constitution_zhs.txt").read_text("utf-8"))
    for name in ("s2t", "s2tw", "s2hk"):
        p = golden / "output" / f"us_constitution_zhs.{name}.txt"
        src.trad += _paragraphs(p.read_text("utf-8"))
    src.zuozhuan = (shared / "OpenCC" / "test" / "benchmark" / "zuozhuan.txt").read_text("utf-8")
    lic = (shared / "OpenCC" / "LICENSE").read_text("utf-8")
    src.english = [
        s.strip()
        for s in re.split(r"(?<=[.;:])\s+", " ".join(lic.split()))
        if len(s.split()) >= 6 and s.isascii()
    ]
    src.seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return src


def pure_document(rng: random.Random, paras: list[str], n: int) -> list[str]:
    return [paras[rng.randrange(len(paras))] for _ in range(n)]


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    text: str
    spans: list[tuple[int, int]]
    """Where the rule must report (one finding per span)."""
    original: str | None = None
    """The text a correct fix gives back, when there is one."""
    metadata: dict[str, Any] | None = None


def gloss_cases(rng: random.Random, src: Sources, n: int) -> list[Case]:
    out: list[Case] = []
    for _ in range(n):
        body = "\n".join(pure_document(rng, src.trad, rng.randint(2, 6)))
        positions = [m.start() for m in HAN.finditer(body)]
        k = rng.randint(3, min(30, len(positions)))
        chosen = sorted(rng.sample(positions, k))
        pieces, spans, last, shift = [], [], 0, 0
        for pos in chosen:
            ch = body[pos]
            readings = pinyin(ch, heteronym=True, style=Style.TONE, errors="ignore")
            if not readings or not readings[0]:
                continue
            r = rng.choice(readings[0])
            if len(r) < 2 and r == _strip_tone(r):
                continue  # a one-letter toneless reading is a list marker, not a gloss
            form = rng.random()
            if form < 0.15:
                r = _tone3(r)
            elif form < 0.25 and len(_strip_tone(r)) >= 2:
                r = _strip_tone(r)
            op, cl = ("（", "）") if rng.random() < 0.2 else ("(", ")")
            gloss = f"{op}{r}{cl}"
            pieces.append(body[last : pos + 1])
            start = pos + 1 + shift
            pieces.append(gloss)
            spans.append((start, start + len(gloss)))
            shift += len(gloss)
            last = pos + 1
        pieces.append(body[last:])
        out.append(Case("".join(pieces), spans, original=body))
    return out


_MARKS = {"āáǎà": "a", "ēéěè": "e", "īíǐì": "i", "ōóǒò": "o", "ūúǔù": "u", "ǖǘǚǜ": "ü"}


def _strip_tone(s: str) -> str:
    for marks, base in _MARKS.items():
        for m in marks:
            s = s.replace(m, base)
    return s


def _tone3(s: str) -> str:
    for marks, base in _MARKS.items():
        for i, m in enumerate(marks):
            if m in s:
                return s.replace(m, base) + str(i + 1)
    return s


def paragraph_cases(rng: random.Random, src: Sources, n: int) -> tuple[list[Case], int]:
    """Documents with one paragraph converted; also how many carry enough evidence."""
    from seedlint.detectors._hanscript import Script, find_script_chars

    out: list[Case] = []
    detectable = 0
    for i in range(n):
        base_trad = i % 2 == 0
        pool = src.trad if base_trad else src.simp
        base: Script = "Hant" if base_trad else "Hans"
        script: Script = "Hans" if base_trad else "Hant"
        paras = pure_document(rng, pool, rng.randint(3, 8))
        j = rng.randrange(len(paras))
        conv = (_T2S if base_trad else _S2T).convert(paras[j])
        paras[j] = conv
        # The planted paragraph must be the minority: add paragraphs of the base script
        # until they outweigh it (otherwise the rest of the document is the minority).
        planted = len(find_script_chars(conv, script))
        while sum(len(find_script_chars(p, base)) for p in paras) <= planted:
            paras.append(pool[rng.randrange(len(pool))])
        text = "\n".join(paras)
        start = sum(len(p) + 1 for p in paras[:j])
        chars = find_script_chars(conv, script)
        if len(chars) >= 4 and len(set(chars)) >= 3:
            detectable += 1
        out.append(Case(text, [(start, start + len(conv))]))
    return out, detectable


def expected_cases(rng: random.Random, src: Sources, n: int) -> tuple[list[Case], int]:
    """Whole documents in the unexpected script; also how many carry enough evidence
    (10 one-script characters, 3 different)."""
    from seedlint.detectors._hanscript import find_script_chars

    out, detectable = [], 0
    for i in range(n):
        to_trad = i % 2 == 0
        paras = pure_document(rng, src.simp if to_trad else src.trad, rng.randint(1, 5))
        text = (_S2T if to_trad else _T2S).convert("\n".join(paras))
        expected = "zh-Hans" if to_trad else "zh-Hant"
        chars = find_script_chars(text, "Hant" if to_trad else "Hans")
        detectable += len(chars) >= 10 and len(set(chars)) >= 3
        out.append(Case(text, [(0, len(text))], metadata={"expected-script": expected}))
    return out, detectable


_lookalike_cache: dict[tuple[str, str], str | None] = {}
# The letters a spammer reaches for: the basic Greek and Cyrillic blocks.
_BLOCKS = {"CYRILLIC": (0x0400, 0x04FF), "GREEK": (0x0370, 0x03FF)}


def lookalike(ch: str, script: str) -> str | None:
    """A letter of ``script`` that UTS #39 lists as confusable with ``ch``."""
    key = (ch, script)
    if key not in _lookalike_cache:
        found = confusables.is_confusable(ch, greedy=True, preferred_aliases=[script.lower()])
        alike = None
        lo, hi = _BLOCKS[script]
        for h in found[0]["homoglyphs"] if found else []:
            if len(h["c"]) == 1 and lo <= ord(h["c"]) <= hi:
                alike = h["c"]
                break
        _lookalike_cache[key] = alike
    return _lookalike_cache[key]


def homoglyph_cases(rng: random.Random, src: Sources, n: int, script: str) -> list[Case]:
    out: list[Case] = []
    words = re.compile(r"[A-Za-z]{3,}")
    while len(out) < n:
        sent = src.english[rng.randrange(len(src.english))]
        cands = [m for m in words.finditer(sent) if any(lookalike(c, script) for c in m.group(0))]
        if not cands:
            continue
        m = rng.choice(cands)
        word = list(m.group(0))
        idx = [i for i, c in enumerate(word) if lookalike(c, script)]
        if not idx:
            continue
        for i in rng.sample(idx, rng.randint(1, min(3, len(idx)))):
            word[i] = lookalike(word[i], script) or word[i]
        fake = "".join(word)
        text = sent[: m.start()] + fake + sent[m.end() :]
        if rng.random() < 0.5:  # the same spam inside Chinese text
            zh = src.simp[rng.randrange(len(src.simp))]
            cut = rng.randrange(len(zh))
            text = zh[:cut] + fake + zh[cut:]
            out.append(Case(text, [(cut, cut + len(fake))]))
        else:
            out.append(Case(text, [(m.start(), m.start() + len(fake))]))
    return out


_FW = {
    c: chr(ord(c) + 0xFEE0)
    for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}


def fullwidth_cases(rng: random.Random, src: Sources, n: int) -> list[Case]:
    out: list[Case] = []
    tok = re.compile(r"[A-Za-z0-9]{3,}")
    while len(out) < n:
        if rng.random() < 0.5:  # a Latin line: one whole word made full-width
            sent = src.english[rng.randrange(len(src.english))]
            ms = list(tok.finditer(sent))
            m = rng.choice(ms)
            fw = "".join(_FW[c] for c in m.group(0))
        else:  # Chinese text: some characters of a half-width word made full-width
            zh = src.simp[rng.randrange(len(src.simp))]
            word = rng.choice(["2022", "iPhone", "CCTV", "COVID19", "5G", "WiFi", "GB2312"])
            cut = rng.randrange(len(zh))
            sent = zh[:cut] + word + zh[cut:]
            found = tok.search(sent, cut) if len(word) >= 3 else None
            if found is None or found.start() != cut or found.group(0) != word:
                continue
            m = found
            chars = list(word)
            for i in rng.sample(range(len(chars)), rng.randint(1, len(chars) - 1)):
                chars[i] = _FW[chars[i]]
            fw = "".join(chars)
        text = sent[: m.start()] + fw + sent[m.end() :]
        out.append(Case(text, [(m.start(), m.start() + len(fw))], original=sent))
    return out


_ASCII_PUNCT = {"，": ",", "：": ":", "；": ";", "！": "!"}
_ASCII_BETWEEN_HAN = re.compile("[\u4e00-\u9fff）」』》】〉][,:;!][\u4e00-\u9fff（「『《【〈]")
# An ASCII full stop or exclamation mark ending a Chinese sentence at a line end: A102
# reports it too, so a base page holding one is not clean either.
_ASCII_LINE_END = re.compile("[\u4e00-\u9fff]{2}[.!][\"']?[ \t\r]*$", re.MULTILINE)
_FW_BETWEEN_HAN = re.compile("(?<=[\u4e00-\u9fff])[，：；！](?=[\u4e00-\u9fff])")


def halfwidth_cases(rng: random.Random, src: Sources, n: int) -> list[Case]:
    out: list[Case] = []
    while len(out) < n:
        paras = pure_document(rng, src.simp if rng.random() < 0.6 else src.trad, 4)
        body = "\n".join(paras)
        pos = [m.start() for m in _FW_BETWEEN_HAN.finditer(body)]
        if not pos or _ASCII_BETWEEN_HAN.search(body) or _ASCII_LINE_END.search(body):
            continue  # the page already has half-width punctuation: not a clean base
        chosen = set(rng.sample(pos, rng.randint(1, min(10, len(pos)))))
        text = "".join(_ASCII_PUNCT[c] if i in chosen else c for i, c in enumerate(body))
        out.append(Case(text, [(i, i + 1) for i in sorted(chosen)], original=body))
    return out


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    kind: str
    code: str
    cases: int = 0
    positives: int = 0
    found: int = 0
    extra: int = 0
    """Findings of the rule that match no planted span (false positives in positives)."""
    fixed_exact: int = 0
    fix_checked: int = 0
    clean_docs: int = 0
    clean_flagged: int = 0
    detectable: int | None = None

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 0.0

    @property
    def precision(self) -> float:
        hits = self.found + self.extra
        return self.found / hits if hits else 1.0

    @property
    def fp_rate(self) -> float:
        return self.clean_flagged / self.clean_docs if self.clean_docs else 0.0

    def row(self) -> dict[str, Any]:
        d = {
            "kind": self.kind,
            "code": self.code,
            "cases": self.cases,
            "planted": self.positives,
            "found": self.found,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "clean_docs": self.clean_docs,
            "clean_docs_flagged": self.clean_flagged,
            "fp_rate": round(self.fp_rate, 4),
        }
        if self.fix_checked:
            d["fix_exact"] = round(self.fixed_exact / self.fix_checked, 4)
        if self.detectable is not None:
            d["detectable"] = self.detectable
            d["recall_detectable"] = (
                round(self.found / self.detectable, 4) if self.detectable else 0.0
            )
        return d


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_cases(
    kind: str, code: str, cases: list[Case], expected: str = "any", check_fix: bool = False
) -> Score:
    from seedlint.model import Applicability
    from seedlint.testing import fix_text

    rs = ruleset_for([code], expected_script=expected)
    sc = Score(kind, code, cases=len(cases))
    for c in cases:
        fs = [f for f in check_text(c.text, metadata=c.metadata, ruleset=rs) if f.code == code]
        spans = [(f.start, f.end) for f in fs]
        sc.positives += len(c.spans)
        sc.found += sum(1 for s in c.spans if any(_overlaps(s, t) for t in spans))
        sc.extra += sum(1 for t in spans if not any(_overlaps(s, t) for s in c.spans))
        if check_fix and c.original is not None:
            fixed, _ = fix_text(c.text, level=Applicability.UNSAFE, metadata=c.metadata, ruleset=rs)
            sc.fix_checked += 1
            sc.fixed_exact += fixed == c.original
    return sc


def score_clean(
    sc: Score, docs: Iterable[tuple[str, dict[str, Any] | None]], expected: str
) -> None:
    rs = ruleset_for([sc.code], expected_script=expected)
    for text, meta in docs:
        sc.clean_docs += 1
        if any(f.code == sc.code for f in check_text(text, metadata=meta, ruleset=rs)):
            sc.clean_flagged += 1


def clean_documents(rng: random.Random, src: Sources, n: int) -> dict[str, list[str]]:
    """Pure documents per script (and English), the hard negatives."""
    zz = src.zuozhuan.splitlines()
    zuo = []
    for _ in range(max(1, n // 10)):
        i = rng.randrange(max(1, len(zz) - 40))
        zuo.append("\n".join(zz[i : i + 40]))
    return {
        "trad": ["\n".join(pure_document(rng, src.trad, rng.randint(2, 10))) for _ in range(n)],
        "simp": ["\n".join(pure_document(rng, src.simp, rng.randint(2, 10))) for _ in range(n)]
        + zuo,
        "english": [" ".join(pure_document(rng, src.english, 5)) for _ in range(n)],
    }


def accuracy(src: Sources, n: int, seed: int) -> list[Score]:
    rng = random.Random(seed)
    clean = clean_documents(rng, src, n)
    zh = [(t, None) for t in clean["trad"] + clean["simp"]]
    every = zh + [(t, None) for t in clean["english"]]
    scores = []

    sc = score_cases("gloss", "A101", gloss_cases(rng, src, n), check_fix=True)
    score_clean(sc, every, "any")
    scores.append(sc)

    cases, detectable = paragraph_cases(rng, src, n)
    sc = score_cases("paragraph", "X101", cases)
    sc.detectable = detectable
    score_clean(sc, zh, "any")
    scores.append(sc)

    cases, detectable = expected_cases(rng, src, n)
    sc = score_cases("expected", "X102", cases)
    sc.detectable = detectable
    score_clean(sc, [(t, {"expected-script": "zh-Hant"}) for t in clean["trad"]], "any")
    score_clean(sc, [(t, {"expected-script": "zh-Hans"}) for t in clean["simp"]], "any")
    scores.append(sc)

    greek_notation = [
        "TNFα和IFNγ水平升高，NF-κB通路激活。",
        "αvβ3整合素与ERα受体，剂量10μg，Gαq蛋白，Aβ沉积。",
        "The PPARγ agonist and IL-1β levels, Gαs and Gβγ subunits.",
    ]
    for script in ("CYRILLIC", "GREEK"):
        sc = score_cases(
            f"homoglyph-{script.lower()}", "X103", homoglyph_cases(rng, src, n, script)
        )
        score_clean(sc, every + [(t, None) for t in greek_notation], "any")
        scores.append(sc)

    sc = score_cases("halfwidth", "A102", halfwidth_cases(rng, src, n), check_fix=True)
    # Hard negatives: clean pages that have no ASCII punctuation between Han characters
    # but plenty elsewhere (numbers, times, URLs, Latin text).
    score_clean(
        sc,
        [d for d in zh if not _ASCII_BETWEEN_HAN.search(d[0]) and not _ASCII_LINE_END.search(d[0])],
        "any",
    )
    scores.append(sc)

    sc = score_cases("fullwidth", "X104", fullwidth_cases(rng, src, n), check_fix=True)
    score_clean(sc, every, "any")
    scores.append(sc)
    return scores


# ---------------------------------------------------------------- speed


def speed_corpus(rng: random.Random, src: Sources, size_mb: float) -> list[str]:
    """Documents of 1-12 KB: 58% Simplified (10% Classical), 40% Traditional, and 2% the
    real seeds (mirror pages full of glosses and half-width punctuation)."""
    docs: list[str] = []
    total = 0
    target = size_mb * 1_000_000
    zz = src.zuozhuan.splitlines()
    while total < target:
        r = rng.random()
        if r < 0.02:
            doc = src.seeds[rng.randrange(len(src.seeds))]
        elif r < 0.42:
            doc = "\n".join(pure_document(rng, src.trad, rng.randint(5, 30)))
        elif r < 0.52:
            i = rng.randrange(len(zz) - 20)
            doc = "\n".join(zz[i : i + 20])
        else:
            doc = "\n".join(pure_document(rng, src.simp, rng.randint(5, 30)))
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def _time(fn: Callable[[], None]) -> float:
    """CPU time of this process: other processes on a shared machine slow the wall clock
    of both sides unevenly, not the work each side does."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def speed(src: Sources, size_mb: float, seed: int, repeat: int = 3) -> dict[str, Any]:
    """Best of ``repeat`` runs each, alternating OpenCC and the rules so that load from
    other processes hits both alike."""
    rng = random.Random(seed)
    docs = speed_corpus(rng, src, size_mb)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    out: dict[str, Any] = {"corpus_mb": round(mb, 2), "documents": len(docs)}
    rulesets = {e: ruleset_for(CODES, expected_script=e) for e in ("any", "zh-Hans")}
    findings: dict[str, int] = {}

    def convert(cc: Any) -> None:
        for d in docs:
            cc.convert(d)

    def lint(expected: str) -> None:
        rs = rulesets[expected]
        n = 0
        for i, d in enumerate(docs):
            n += len(lint_document(Document(path=f"d{i}.txt", text=d), rs, collect=False).findings)
        findings[expected] = n

    def detect(expected: str) -> None:
        """The detectors alone: hits made, no findings built (the engine's share)."""
        rules = rulesets[expected].rules
        for i, d in enumerate(docs):
            doc = Document(path=f"d{i}.txt", text=d)
            for rule in rules:
                for _ in rule.detector.check(doc):
                    pass

    lint("any")  # warm-up: builds the script sets and compiles the regexes
    best: dict[str, float] = {}
    jobs: dict[str, Callable[[], None]] = {
        "opencc_t2s": lambda: convert(_T2S),
        "opencc_s2t": lambda: convert(_S2T),
        "rules_any": lambda: lint("any"),
        "detectors_any": lambda: detect("any"),
        "rules_zh-Hans": lambda: lint("zh-Hans"),
    }
    for _ in range(repeat):
        for name, job in jobs.items():
            best[name] = min(best.get(name, float("inf")), _time(job))
    for name, t in best.items():
        out[f"{name}_mb_s"] = round(mb / t, 2)
    for expected, n in findings.items():
        out[f"rules_{expected}_findings"] = n
    out["findings_per_mb"] = round(findings["any"] / mb)
    for name in ("rules_any", "detectors_any", "rules_zh-Hans"):
        out[f"ratio_{name}_vs_t2s"] = round(best["opencc_t2s"] / best[name], 3)
        out[f"ratio_{name}_vs_s2t"] = round(best["opencc_s2t"] / best[name], 3)
    return out


# ---------------------------------------------------------------- main


def _table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))
    body = [
        "  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True))
        for r in rows
    ]
    return "\n".join([line, "-" * len(line), *body])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=float, default=50.0, help="speed corpus size in MB")
    ap.add_argument("--cases", type=int, default=300, help="generated cases per kind")
    ap.add_argument("--quick", action="store_true", help="5 MB, 60 cases per kind")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--output", type=Path, default=OUT)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs per job (best counts)")
    args = ap.parse_args(argv)
    if args.quick:
        args.size, args.cases = 5.0, 60
    if not args.shared.is_dir():
        print(f"shared corpora not found at {args.shared}", file=sys.stderr)
        return 2
    src = load_sources(args.shared)
    print(
        f"sources: {len(src.simp)} Simplified and {len(src.trad)} Traditional paragraphs, "
        f"{len(src.english)} English sentences"
    )
    scores = accuracy(src, args.cases, args.seed)
    rows = [s.row() for s in scores]
    print()
    print(
        _table(
            rows,
            [
                "kind",
                "code",
                "planted",
                "found",
                "recall",
                "precision",
                "fix_exact",
                "clean_docs",
                "clean_docs_flagged",
                "fp_rate",
                "detectable",
                "recall_detectable",
            ],
        )
    )
    result: dict[str, Any] = {"seed": args.seed, "cases_per_kind": args.cases, "accuracy": rows}
    if not args.no_speed:
        sp = speed(src, args.size, args.seed, args.repeat)
        print()
        print(_table([{"measure": k, "value": v} for k, v in sp.items()], ["measure", "value"]))
        result["speed"] = sp
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    shown = args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output
    print(f"\nwrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
