"""Recall: clean paragraphs corrupted in each way the rules know, at seeded random places.

Every kind of corruption is generated from clean text (the clean set and the clean
seeds), so the truth is known: a case is *detected* when a finding of the expected rule
overlaps the corrupted span, and *exactly repaired* when applying the rules' fixes gives
back the original paragraph. The benchmark (bench/bench_mojibake.py) runs the same
generators at scale and prints the rates; here a smaller sample pins lower bounds.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ftfy
import ftfy.bad_codecs
import pytest

from conftest import shared_corpus
from seedlint.detectors.latin_mojibake import FTFY_ENCODING_ONLY
from seedlint.model import Applicability
from seedlint.testing import check_text, fix_text, ruleset_for

REPO = Path(__file__).resolve().parent.parent
CLEAN_SOURCES = [
    *sorted((REPO / "tests" / "data" / "clean").glob("*.txt")),
    REPO / "tests" / "fixtures" / "seeds" / "001_712f67c0189c27b8.txt",
    REPO / "tests" / "fixtures" / "seeds" / "003_7452ed3e741612d2.txt",
]
_HAN = re.compile(r"[\u4e00-\u9fff]")


def clean_paragraphs(sources: list[Path] | None = None, min_len: int = 20) -> list[str]:
    out = []
    for p in sources or CLEAN_SOURCES:
        for para in p.read_text(encoding="utf-8").split("\n"):
            para = para.strip()
            if len(para) >= min_len:
                out.append(para)
    return out


@dataclass
class Case:
    kind: str
    original: str
    corrupted: str
    start: int
    end: int
    codes: tuple[str, ...]
    repairable: bool
    """Whether the original can be restored exactly from the corrupted text."""


def _span(text: str, rng: random.Random, lo: int, hi: int, han: bool) -> tuple[int, int] | None:
    """A random span of ``lo``..``hi`` characters (starting on a Han character if ``han``)."""
    for _ in range(20):
        n = rng.randint(lo, hi)
        if len(text) < n + 1:
            return None
        s = rng.randrange(0, len(text) - n + 1)
        if han and not _HAN.match(text[s]):
            continue
        return s, s + n
    return None


def _misdecode(codec: str, lo: int, hi: int, han: bool, codes: tuple[str, ...]) -> Gen:
    def gen(text: str, rng: random.Random) -> Case | None:
        sp = _span(text, rng, lo, hi, han)
        if sp is None:
            return None
        s, e = sp
        raw = text[s:e].encode("utf-8")
        moj = raw.decode(codec, "replace")
        if moj == text[s:e]:
            return None
        try:
            exact = raw.decode(codec) == moj
        except UnicodeDecodeError:
            exact = False
        return Case("", text, text[:s] + moj + text[e:], s, s + len(moj), codes, exact)

    return gen


def _whole(codec: str) -> Gen:
    def gen(text: str, rng: random.Random) -> Case | None:
        if not _HAN.search(text):
            return None
        moj = text.encode("utf-8").decode(codec, "replace")
        return Case("", text, moj, 0, len(moj), ("M103",), "\ufffd" not in moj)

    return gen


def _insert(
    pieces: list[str], codes: tuple[str, ...], han_neighbours: bool = False, repairable: bool = True
) -> Gen:
    def gen(text: str, rng: random.Random) -> Case | None:
        for _ in range(20):
            i = rng.randrange(1, len(text))
            if han_neighbours and not (_HAN.match(text[i - 1]) and _HAN.match(text[i])):
                continue
            piece = rng.choice(pieces)
            corrupted = text[:i] + piece + text[i:]
            return Case("", text, corrupted, i, i + len(piece), codes, repairable)
        return None

    return gen


def _lost_question(text: str, rng: random.Random) -> Case | None:
    """An encoder lost one or two characters between Chinese characters."""
    for _ in range(30):
        i = rng.randrange(1, len(text) - 2)
        n = rng.choice([1, 1, 2])
        if _HAN.match(text[i - 1]) and all(_HAN.match(c) for c in text[i : i + n + 1]):
            return Case("", text, text[:i] + "?" * n + text[i + n :], i, i + n, ("M106",), False)
    return None


def _replacement(text: str, rng: random.Random) -> Case | None:
    for _ in range(30):
        i = rng.randrange(1, len(text) - 1)
        if _HAN.match(text[i]):
            return Case("", text, text[:i] + "\ufffd" + text[i + 1 :], i, i + 1, ("M105",), False)
    return None


def _entity(text: str, rng: random.Random) -> Case | None:
    for _ in range(30):
        i = rng.randrange(0, len(text))
        c = text[i]
        if c in "&;#":
            continue
        ent = rng.choice([f"&#{ord(c)};", f"&#x{ord(c):x};", html.escape(c, quote=True)])
        if c == " ":
            ent = "&nbsp;"
            c = "\xa0"
        if ent == c:
            continue
        original = text[:i] + c + text[i + 1 :]
        return Case("", original, text[:i] + ent + text[i + 1 :], i, i + len(ent), ("M111",), True)
    return None


def _tag(text: str, rng: random.Random) -> Case | None:
    i = rng.randrange(1, len(text))
    piece = rng.choice(["</a>", "<br/>", '<span class="x">', "</p>", "<!-- ad -->", "</div>"])
    if text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii() and text[i].isalnum():
        return None  # deleting the tag would need a space: not an exact repair case
    return Case("", text, text[:i] + piece + text[i:], i, i + len(piece), ("M112",), True)


Gen = Callable[[str, random.Random], "Case | None"]

KINDS: dict[str, Gen] = {
    "utf8-as-cp1252 (Chinese span)": _misdecode("sloppy-windows-1252", 2, 8, True, ("M102",)),
    "utf8-as-cp1252 (any span)": _misdecode("sloppy-windows-1252", 3, 20, False, ("M102",)),
    "utf8-as-latin1 (any span)": _misdecode("latin-1", 3, 20, False, ("M102", "M107")),
    "utf8-as-macroman (any span)": _misdecode("mac_roman", 3, 20, False, ("M102",)),
    "utf8-as-gbk (span)": _misdecode("gbk", 4, 20, True, ("M103",)),
    "utf8-as-gb18030 (span)": _misdecode("gb18030", 4, 20, True, ("M103",)),
    "utf8-as-big5 (span)": _misdecode("cp950", 12, 30, True, ("M103",)),
    "utf8-as-gbk (whole paragraph)": _whole("gbk"),
    "utf8-as-gb18030 (whole paragraph)": _whole("gb18030"),
    "utf8-as-big5 (whole paragraph)": _whole("cp950"),
    "debris 锟斤拷/烫/屯": _insert(
        ["锟斤拷", "锟斤拷锟斤拷", "烫烫烫烫", "屯屯屯屯屯"], ("M104",), repairable=False
    ),
    "lost ? between Han": _lost_question,
    "U+FFFD": _replacement,
    "C0 control / escape": _insert(["\x00", "\x07", "\x1b[0m", "\x1b[1;31m", "\x7f"], ("M107",)),
    "zero-width in a word": _insert(["\u200b", "\u200d", "\u2060", "\ufeff"], ("M108",), True),
    "bidi control": _insert(["\u202e", "\u202d", "\u2066", "\u200f"], ("M109",)),
    "nbsp run": _insert(["\xa0\xa0", "\xa0 ", "\xa0\xa0\xa0"], ("M110",), repairable=False),
    "html entity": _entity,
    "html tag": _tag,
}
ALL_CODES = sorted({c for g in ("M101", "M102", "M103", "M104", "M105", "M106") for c in [g]})
M_RULES = ruleset_for([f"M1{i:02d}" for i in range(1, 13)])


@dataclass
class Outcome:
    detected: bool
    exact: bool
    safe_exact: bool
    clean_after_fix: bool
    faithful: bool
    """The fixed text is the original except where U+FFFD marks lost characters."""


def faithful(fixed: str, original: str) -> bool:
    """Every character of ``fixed`` is the original's, U+FFFD standing for 1-3 lost ones."""
    pattern = ".{1,3}".join(re.escape(p) for p in fixed.split("\ufffd"))
    return re.fullmatch(pattern, original, re.DOTALL) is not None


def evaluate(case: Case) -> Outcome:
    found = check_text(case.corrupted, ruleset=M_RULES)
    hit = any(
        f.code in case.codes and f.start < max(case.end, case.start + 1) and f.end > case.start
        for f in found
    )
    fixed, _ = fix_text(case.corrupted, level=Applicability.UNSAFE, ruleset=M_RULES)
    safe, _ = fix_text(case.corrupted, level=Applicability.SAFE, ruleset=M_RULES)
    again = fix_text(fixed, level=Applicability.UNSAFE, ruleset=M_RULES)[0]
    return Outcome(
        hit,
        fixed == case.original,
        safe == case.original,
        again == fixed,
        faithful(fixed, case.original),
    )


def generate(kind: str, n: int, seed: int, paragraphs: list[str]) -> list[Case]:
    rng = random.Random(f"{seed}:{kind}")
    out: list[Case] = []
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        case = KINDS[kind](rng.choice(paragraphs), rng)
        if case is not None:
            case.kind = kind
            out.append(case)
    return out


# Lower bounds measured on this sample (the benchmark reports the exact rates at scale).
# (detection, exact repair among repairable cases); None: no repair expected.
BOUNDS: dict[str, tuple[float, float | None]] = {
    "utf8-as-cp1252 (Chinese span)": (0.95, 0.95),
    "utf8-as-cp1252 (any span)": (0.85, 0.85),
    "utf8-as-latin1 (any span)": (0.85, 0.8),
    "utf8-as-macroman (any span)": (0.75, 0.75),
    "utf8-as-gbk (span)": (0.9, 0.75),
    "utf8-as-gb18030 (span)": (0.95, 0.9),
    "utf8-as-big5 (span)": (0.6, None),
    "utf8-as-gbk (whole paragraph)": (0.95, 0.9),
    "utf8-as-gb18030 (whole paragraph)": (0.95, 0.9),
    "utf8-as-big5 (whole paragraph)": (0.8, None),
    "debris 锟斤拷/烫/屯": (1.0, None),
    "lost ? between Han": (0.9, None),
    "U+FFFD": (1.0, None),
    "C0 control / escape": (1.0, 1.0),
    "zero-width in a word": (1.0, 1.0),
    "bidi control": (1.0, 1.0),
    "nbsp run": (1.0, None),
    "html entity": (1.0, 1.0),
    "html tag": (1.0, 1.0),
}


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return clean_paragraphs()


@pytest.mark.parametrize("kind", list(KINDS))
def test_generated_corruption_is_detected_and_repaired(kind: str, paragraphs: list[str]) -> None:
    cases = generate(kind, 40, seed=7, paragraphs=paragraphs)
    assert len(cases) >= 30
    outcomes = [evaluate(c) for c in cases]
    detection = sum(o.detected for o in outcomes) / len(outcomes)
    min_det, min_exact = BOUNDS[kind]
    assert detection >= min_det, f"{kind}: detection {detection:.2f}"
    repairable = [o for c, o in zip(cases, outcomes, strict=True) if c.repairable]
    if min_exact is not None and repairable:
        exact = sum(o.exact for o in repairable) / len(repairable)
        assert exact >= min_exact, f"{kind}: exact repair {exact:.2f}"
    assert all(o.clean_after_fix for o in outcomes), f"{kind}: a second --fix changed the text"
    if kind.startswith("utf8-as-g") and "whole" in kind:
        # Partial repairs guess nothing: what is not U+FFFD is the original text.
        assert sum(o.faithful for o in outcomes) / len(outcomes) >= 0.9


def test_ftfys_real_world_cases_are_found_and_repaired_like_ftfy() -> None:
    """ftfy's in-the-wild mojibake: our span-wise repair must agree with ftfy's own."""
    path = shared_corpus("python-ftfy", "tests", "test-cases", "in-the-wild.json")
    cases = [c for c in json.loads(path.read_text("utf-8")) if c["expect"] == "pass"]
    rules = ruleset_for(["M102", "M107"])
    found = same = 0
    for c in cases:
        found += bool(check_text(c["original"], ruleset=rules))
        ours = fix_text(c["original"], level=Applicability.UNSAFE, ruleset=rules)[0]
        same += ours == ftfy.fix_encoding(
            c["original"], FTFY_ENCODING_ONLY._replace(fix_c1_controls=True)
        )
    assert found / len(cases) >= 0.9
    assert same / len(cases) >= 0.95
