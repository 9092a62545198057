"""Claims: the figures a document states, as (region, metric, period, value) facts.

Contradiction checks are only as good as the reading of a figure: "21日零时至24时，重庆市
新增本土确诊病例178例" is one fact about a whole day, "22日0-18时...144例" a different one about
part of a day, and "超6000例" a bound, not a value. This module turns text into such facts
so that the contradiction detectors compare like with like and nothing else.

Pipeline, linear in the document:

1. ``normalize``: Traditional to Simplified (for matching only), full-width digits to ASCII,
   inline pinyin glosses some sites inject (``網(wǎng)``) removed; an offset map keeps every
   position traceable to the original text.
2. ``scan_quantities``: Arabic and Chinese numerals, thousands separators, 万/亿, decimals,
   percentages, ranges, units and qualifiers (超, 约, 至少, 余 ...).
3. ``scan_times``: absolute dates, dates relative to the publication date or to the date last
   named (``21日``, ``昨日``), whole-day and partial windows, "as of" moments and spans; dates
   that only say when a press conference was held or a dispatch filed are marked as events.
4. ``analyze``: metric terms from YAML (``metrics_zh.yaml``) bind to the adjacent
   quantity; the nearest region and period before it complete the key. Changes ("较29日减少
   863例") yield a derived claim for the day referred to.
5. ``find_breakdowns``: "total ..., 其中 A、B、C" enumerations for the internal sum and
   percentage checks; metric-agnostic, since breakdowns name arbitrary categories.

The reading is pure (text and dates in, facts out) and memoised per document; the detectors
in ``seedlint.detectors.contradiction`` and ``seedlint.detectors.consistency`` only decide
what is worth a finding, and ``seedlint claims`` prints the facts themselves.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import sys
import weakref
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick
import opencc

from seedlint.document import Document
from seedlint.lexicons import load_lexicon
from seedlint.provenance import extract_provenance
from seedlint.yamlsafe import YamlError, load_yaml_file

# --------------------------------------------------------------------------- normalisation

_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
_FULLWIDTH_RE = re.compile("[\uff10-\uff19％．\u3000\u00a0]")
_FULLWIDTH_PAIRS = tuple(sorted((chr(k), str(v)) for k, v in _FULLWIDTH.items()))
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# The look-behind sits after the bracket so the engine can jump from bracket to bracket
# (the same matches as a look-behind in front, which must be tried at every position).
# Anything that could be a gloss, without the context ``_GLOSS_RE`` asks for (a superset).
_RAW_GLOSS_RE = re.compile(rf"[(（](?=[a-zü{_TONE}]*[{_TONE}])[a-zü{_TONE}]{{1,7}}[)）]")
_GLOSS_RE = re.compile(
    rf"[(（](?<=[\u3400-\u9fff][(（])(?=[a-zü{_TONE}]*[{_TONE}])[a-zü{_TONE}]{{1,7}}[)）]"
)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Traditional to Simplified with the length kept, so offsets stay valid.

    OpenCC converts phrase by phrase and could in principle change a length; a line whose
    length changes is converted character by character instead.
    """
    if text.isascii():
        return text
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        return str(out)
    parts = []
    for line in text.splitlines(keepends=True):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in line)
        parts.append(conv)
    return "".join(parts)


def _simplified_all(texts: list[str]) -> list[str]:
    """``[to_simplified(t) for t in texts]`` in one OpenCC call for one-line texts.

    OpenCC never matches a phrase across a line break, so each line of the joined texts
    converts as it would alone; a text whose conversion changes its length (or that
    holds a line break itself) goes through ``to_simplified`` on its own, as before.
    """
    if not texts:
        return []
    out = str(_t2s().convert("\n".join(texts))).split("\n")
    if len(out) != len(texts):
        return [to_simplified(t) for t in texts]
    return [
        o if len(o) == len(t) and "\n" not in t and not t.isascii() else to_simplified(t)
        for t, o in zip(texts, out, strict=True)
    ]


_CONVERTED_RANGES = ((0x80, 0xD800), (0xE000, 0xFFFE), (0x20000, 0x31350))
"""Every code point but ASCII and surrogates, up to the supplementary ideographic planes
(end exclusive)."""
_NONZERO = re.compile(rb"[^\x00]+")
_U32 = next(t for t in "IL" if array(t).itemsize == 4)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@lru_cache(maxsize=1)
def _preimages() -> dict[str, frozenset[str]] | None:
    """For each character, the other characters ``normalize`` can turn into it.

    Found by converting every code point of the BMP and of the supplementary ideographic
    planes on its own (one OpenCC call), plus the full-width forms and what only the
    phrase table does (``_PHRASE_ONLY``). None when a conversion changes a length: then
    there is no raw-text prefilter.
    """
    # Every process needs this table before its first document, so it is built without a
    # Python step per code point: the code points go in and come out as UTF-32 arrays,
    # and the changed ones are the non-zero words of the two arrays XORed.
    codes = array(_U32)
    for lo, hi in _CONVERTED_RANGES:
        codes.extend(range(lo, hi))
    n = len(codes)
    lines = array(_U32, [10]) * (2 * n - 1)  # one code point a line, "\n" between
    lines[0::2] = codes
    out = str(_t2s().convert(lines.tobytes().decode(_UTF32)))
    # One character in, one out, on every line: anything else (a line grown, shrunk or
    # turned into a line break) is a length change.
    if len(out) != 2 * n - 1 or out[1::2] != "\n" * (n - 1):
        return None
    conv = out[0::2]
    if "\n" in conv:
        return None
    src = codes.tobytes()
    order = sys.byteorder
    diff = int.from_bytes(src, order) ^ int.from_bytes(conv.encode(_UTF32), order)
    # Code points are below 2**24, so the most significant byte of every XORed word is
    # zero and a run of non-zero bytes never spans two words.
    changed = {m.start() >> 2 for m in _NONZERO.finditer(diff.to_bytes(len(src), order))}
    pre: dict[str, set[str]] = {}
    for i in changed:
        pre.setdefault(conv[i], set()).add(chr(codes[i]))
    for full, ascii_ in _FULLWIDTH_PAIRS:
        pre.setdefault(ascii_, set()).add(full)
    for target, sources in _PHRASE_ONLY.items():
        pre.setdefault(target, set()).update(sources)
    return {k: frozenset(v) for k, v in pre.items()}


_PHRASE_ONLY = {
    "了": "瞭",
    "借": "藉",
    "沉": "沈",
    "坯": "坏",
    "锺": "鍾",
    "里": "哩",
    "迳": "逕",
    "复": "覆",
    "链": "鍊",
    "\U0002bac7": "噁",
    "麽": "麼",
    "划": "畫",
    "钜": "鉅",
    "只": "衹",
    "苏": "甦",
    "具": "俱",
    "仿": "彷",
    "幺": "么",
}
"""Characters OpenCC's phrase table alone turns into others (瞭 in 瞭解 -> 了解, while 瞭 on
its own stays 瞭), which converting characters one by one cannot see. A test dumps the
installed phrase table and checks it against this."""


@dataclass
class Normalized:
    """Text for matching, with the map back to offsets in the original text."""

    text: str
    omap: list[int] | None = None
    """Original offset of each character of ``text`` (None: the identity)."""
    length: int = 0
    """Length of the original text."""

    def orig(self, i: int) -> int:
        if self.omap is None:
            return i
        if i >= len(self.omap):
            return self.length
        return self.omap[i]

    def orig_end(self, i: int) -> int:
        """Original offset just after normalised character ``i - 1``."""
        if self.omap is None:
            return i
        if i <= 0:
            return 0
        return self.omap[i - 1] + 1


def normalize(text: str) -> Normalized:
    s = to_simplified(text)
    if _FULLWIDTH_RE.search(s):
        # One replace per character present: what ``translate`` does, without its
        # per-character dictionary lookups (every replacement is ASCII, never a key).
        for full, ascii_ in _FULLWIDTH_PAIRS:
            if full in s:
                s = s.replace(full, ascii_)
    if "(" not in s and "（" not in s:
        return Normalized(s, None, len(text))
    pieces: list[str] = []
    omap: list[int] = []
    last = 0
    for m in _GLOSS_RE.finditer(s):
        pieces.append(s[last : m.start()])
        omap.extend(range(last, m.start()))
        last = m.end()
    if not pieces:
        return Normalized(s, None, len(text))
    pieces.append(s[last:])
    omap.extend(range(last, len(s)))
    return Normalized("".join(pieces), omap, len(text))


# --------------------------------------------------------------------------- numbers

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"


def parse_cn_int(s: str) -> int | None:
    """Chinese numerals to an int: 六千一百五十七, 一万零五十, 两百, 十二, 二〇二二."""
    if not s:
        return None
    if all(c in _CN_DIGIT for c in s):
        if len(s) == 1:
            return _CN_DIGIT[s]
        if len(s) == 2 and 0 < _CN_DIGIT[s[0]] and _CN_DIGIT[s[1]] == _CN_DIGIT[s[0]] + 1:
            return None  # 两三次, 三四个: "two or three", an estimate, not 23 or 34
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total = 0
    section = 0
    num: int | None = None
    seen_digit = False
    prev_digit = False
    for ch in s:
        if ch in _CN_DIGIT:
            d = _CN_DIGIT[ch]
            if prev_digit and num not in (None, 0) and d != 0:
                return None  # 一二 inside a positional numeral is not a number
            num = d
            seen_digit = True
            prev_digit = True
            continue
        prev_digit = False
        if ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if num is None:
                if unit != 10:
                    return None
                num = 1
                seen_digit = True
            section += num * unit
            num = None
        elif ch == "万":
            total += (section + (num or 0)) * 10_000
            section, num = 0, None
        elif ch == "亿":
            total = (total + section + (num or 0)) * 100_000_000
            section, num = 0, None
        else:
            return None
    if not seen_digit:
        return None
    return total + section + (num or 0)


def parse_cn_number(s: str) -> tuple[float, float] | None:
    """Chinese numerals with an optional 点 decimal part: (value, precision)."""
    head, _, frac = s.partition("点")
    whole = parse_cn_int(head)
    if whole is None:
        return None
    if not frac:
        return float(whole), 1.0
    if not all(c in _CN_DIGIT for c in frac):
        return None
    digits = "".join(str(_CN_DIGIT[c]) for c in frac)
    return whole + int(digits) / 10 ** len(digits), 10.0 ** -len(digits)


_MULT = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万亿": 1e12}

TIME_UNITS = frozenset(
    ["年", "月", "日", "号", "时", "点", "分", "秒", "天", "周", "小时", "分钟", "个月", "个小时"]
)
_UNITS = sorted(
    [
        "人次",
        "例",
        "人",
        "名",
        "位",
        "个月",
        "个小时",
        "个",
        "家",
        "处",
        "户",
        "座",
        "所",
        "项",
        "次",
        "份",
        "元",
        "岁",
        "天",
        "日",
        "号",
        "月",
        "年",
        "小时",
        "时",
        "点",
        "分钟",
        "分",
        "秒",
        "周",
        "公里",
        "千米",
        "米",
        "吨",
        "辆",
        "张",
        "件",
        "只",
        "头",
        "栋",
        "间",
        "台",
        "架",
        "艘",
        "条",
        "批",
        "轮",
        "组",
        "支",
        "队",
        "剂",
        "剂次",
        "管",
        "床",
        "张床",
    ],
    key=len,
    reverse=True,
)
_UNIT_FIRST = frozenset(u[0] for u in _UNITS) | {"余", "多", " "}
# A lone numeral character counts only before a unit: 一线 and 三公 are words, 三个 is not.
_NUM_RE = re.compile(
    r"百分之(?P<pcn>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)"
    r"|(?P<ar>\d{1,3}(?:[,，]\d{3})+(?!\d|[,，]\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>万亿|千万|百万|万|亿)?(?P<pct>\s?[%‰])?"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]{2,}(?:点[零〇一二三四五六七八九]+)?"
    r"|[零〇一二两三四五六七八九十](?=[" + "".join(sorted(_UNIT_FIRST - {" "})) + r"]))"
)

_UNIT_RE = re.compile(
    r"\s?(?P<q1>余|多)?\s?(?P<unit>" + "|".join(map(re.escape, _UNITS)) + r")?"
    r"(?P<q2>以上|以下|左右|上下|之多)?"
)
# Person-like units are one class: a case (例) is a person (人).
_UNIT_CLASS = {"例": "人", "人": "人", "名": "人", "位": "人", "个": "个", "处": "个"}

# Longest first: 不少于 before 少于.
_PREFIX_QUAL = [
    ("不少于", "ge"),
    ("不低于", "ge"),
    ("不超过", "le"),
    ("不高于", "le"),
    ("不到", "lt"),
    ("不足", "lt"),
    ("少于", "lt"),
    ("低于", "lt"),
    ("多于", "gt"),
    ("高于", "gt"),
    ("超过", "gt"),
    ("至少", "ge"),
    ("最多", "le"),
    ("至多", "le"),
    ("将近", "about_le"),
    ("接近", "about_le"),
    ("近", "about_le"),
    ("大约", "about"),
    ("约", "about"),
    ("逾", "gt"),
    ("超", "gt"),
]
_PREFIX_LAST = frozenset(w[-1] for w, _ in _PREFIX_QUAL)
_SUFFIX_QUAL = {"以上": "ge", "以下": "le", "左右": "about", "上下": "about", "之多": "exact"}


def unit_class(unit: str) -> str:
    return _UNIT_CLASS.get(unit, unit)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written, with its unit and what the wording says about it."""

    start: int
    """Normalised offset of the number (after any qualifier word)."""
    end: int
    """Normalised offset after the unit and qualifier suffix."""
    value: float
    precision: float
    """Place value of the last written digit (1.2万: 1000), for rounding tolerance."""
    unit: str = ""
    percent: bool = False
    qualifier: str = "exact"
    """exact, gt, ge, lt, le, about, about_le, range."""
    qual_start: int = -1
    """Start of the qualifier word before the number (``start`` when there is none)."""
    high: float | None = None
    """Upper end of a range."""

    @property
    def is_time(self) -> bool:
        return self.unit in TIME_UNITS

    @property
    def rounded(self) -> bool:
        """Written with fewer digits than the value has (1.2万), so it is a rounding."""
        return self.precision > 1


def _parse_number_match(m: re.Match[str]) -> tuple[float, float, bool] | None:
    if m.group("pcn") is not None:
        raw = m.group("pcn")
        if raw[0].isdigit():
            return float(raw), _decimal_precision(raw), True
        parsed = parse_cn_number(raw)
        return (parsed[0], parsed[1], True) if parsed else None
    if m.group("ar") is not None:
        raw = m.group("ar").replace(",", "").replace("，", "")
        value = float(raw)
        prec = _decimal_precision(raw)
        mult = m.group("mult")
        if mult:
            value *= _MULT[mult]
            prec *= _MULT[mult]
        return value, prec, m.group("pct") is not None
    raw = m.group("cn")
    if raw is None or raw in ("万", "亿", "千", "百", "万亿"):
        return None
    parsed = parse_cn_number(raw)
    if parsed is None:
        return None
    return parsed[0], parsed[1], False


def _decimal_precision(raw: str) -> float:
    _, dot, frac = raw.partition(".")
    return 10.0 ** -len(frac) if dot else 1.0


# What a number can begin with: every branch of _NUM_RE starts with one of these.
_NUM_START_RE = re.compile(r"[\d百零〇一二两三四五六七八九十千万亿]")


def _num_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_NUM_RE.finditer(text, start, end)``, tried only where a number can begin.

    _NUM_RE's branches begin with named groups, which keeps the engine from skipping ahead
    on its own: it would try all of them at every position (two to three times slower).
    """
    search, match = _NUM_START_RE.search, _NUM_RE.match
    pos = start
    while (c := search(text, pos, end)) is not None:
        m = match(text, c.start(), end)
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: every branch holds a digit or numeral


def scan_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number in the text with its unit and qualifier, ranges merged, in order.

    ``start``/``end`` scan one stretch of the text with the whole text as context. Scanning
    stretches that begin and end just after a character no number, unit or range can hold
    (``SEGMENT_ENDS``) gives exactly the whole-text quantities that start in them.
    """
    out: list[Quantity] = []
    n = len(text)
    for m in _num_matches(text, start, n if end is None else end):
        s = m.start()
        if s > 0 and text[s - 1] in "第.":
            continue  # ordinals (第一轮), version-like tails
        if s > 0 and text[s - 1].isascii() and text[s - 1].isalpha():
            continue  # codes such as 渝B2-20170014, ICP备...
        parsed = _parse_number_match(m)
        if parsed is None:
            continue
        value, prec, pct = parsed
        end = m.end()
        unit = ""
        qual = "exact"
        if not pct and end < n:
            um = _UNIT_RE.match(text, end)
            if um is not None:
                q1, unit, q2 = um.group("q1"), um.group("unit") or "", um.group("q2")
                if unit or q2:
                    end = um.end()
                elif q1:
                    end = um.start("q1") + 1
                if q1:
                    qual = "gt"  # 5万余人, 100多例: more than the number
                if q2:
                    qual = _SUFFIX_QUAL[q2]
        if unit in _CALENDAR or not (unit or pct or qual != "exact" or _may_follow(text, end)):
            continue  # parts of dates and times, bare numbers: never a figure or a range start
        qstart = s
        if s > 0 and text[s - 1] in _PREFIX_LAST:
            head = text[max(0, s - 3) : s]
            for word, q in _PREFIX_QUAL:
                if head.endswith(word):
                    if qual == "exact":
                        qual = q
                    qstart = s - len(word)
                    break
        out.append(Quantity(s, end, value, prec, unit, pct, qual, qstart))
    return _merge_ranges(text, out)


_RANGE_SEP = frozenset("-~～至到—–")
_CALENDAR = frozenset(["年", "月", "日", "号", "时", "点", "分", "秒"])


def _may_follow(text: str, end: int) -> bool:
    """A bare number is kept only if a range or a unit only some metric knows may follow."""
    if end >= len(text):
        return False
    ch = text[end]
    return ch in _RANGE_SEP or "\u3400" <= ch <= "\u9fff"


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """``100-200例`` and ``100至200例`` become one range quantity with the second unit."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        if i + 1 < len(qs) and not a.percent:
            b = qs[i + 1]
            gap = text[a.end : b.qual_start]
            if (
                len(gap) == 1
                and gap in _RANGE_SEP
                and b.unit
                and not b.is_time
                and a.unit in ("", b.unit)
                and b.value > a.value
            ):
                out.append(
                    Quantity(
                        a.start,
                        b.end,
                        a.value,
                        min(a.precision, b.precision),
                        b.unit,
                        False,
                        "range",
                        a.qual_start,
                        b.value,
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def interval(q: Quantity, about: float = 0.1) -> tuple[float, float]:
    """The values a quantity admits, as a closed interval (open ends nudged inwards).

    A rounded exact figure (1.2万) admits half a unit of its last digit either side; an
    "about" figure admits ``about`` relative slack.
    """
    v = q.value
    eps = 1e-9 * max(1.0, abs(v))
    half = q.precision / 2 if q.rounded else 0.0
    match q.qualifier:
        case "exact":
            return v - half, v + half
        case "gt":
            return v + eps, math.inf
        case "ge":
            return v - half, math.inf
        case "lt":
            return -math.inf, v - eps
        case "le":
            return -math.inf, v + half
        case "about":
            return v * (1 - about), v * (1 + about)
        case "about_le":
            return v * (1 - about), v + half
        case "range":
            return v, q.high if q.high is not None else v
    return v, v


# --------------------------------------------------------------------------- times


@dataclass(frozen=True, slots=True)
class Period:
    """When a figure applies. ``key`` is what two claims must share to be compared."""

    kind: str
    """day (a whole day), window (part of a day), asof (a total at a moment), span (several
    days), current (as of publication, not comparable)."""
    start: dt.date | None = None
    end: dt.date | None = None
    h0: int | None = None
    h1: int | None = None
    text: str = ""

    @property
    def resolved(self) -> bool:
        return self.start is not None and (self.kind != "span" or self.end is not None)

    @property
    def key(self) -> str | None:
        if not self.resolved or self.kind == "current":
            return None
        d = self.start.isoformat() if self.start else ""
        if self.kind == "day":
            return f"day:{d}"
        if self.kind == "window":
            return f"window:{d}T{self.h0:02d}-{self.h1:02d}"
        if self.kind == "asof":
            return f"asof:{d}" + (f"T{self.h0:02d}" if self.h0 is not None else "")
        if self.kind == "span":
            return f"span:{d}..{self.end.isoformat() if self.end else ''}"
        return None

    def describe(self) -> str:
        if self.kind == "current":
            when = self.start.isoformat() if self.start else "publication"
            return f"as of {when} ({self.text})"
        if not self.resolved:
            return f"{self.text} (date unresolved)"
        d = self.start.isoformat() if self.start else "?"
        if self.kind == "day":
            return f"{d} (whole day)"
        if self.kind == "window":
            return f"{d} {self.h0:02d}-{self.h1:02d}h (part of the day)"
        if self.kind == "asof":
            return f"as of {d}" + (f" {self.h0:02d}:00" if self.h0 is not None else "")
        return f"{d} to {self.end.isoformat() if self.end else '?'}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "key": self.key}
        if self.start:
            out["start"] = self.start.isoformat()
        if self.end:
            out["end"] = self.end.isoformat()
        if self.kind == "window":
            out["hours"] = [self.h0, self.h1]
        elif self.kind == "asof" and self.h0 is not None:
            out["hour"] = self.h0
        return out

    def shifted(self, days: int) -> Period:
        if self.start is None:
            return self
        end = self.end + dt.timedelta(days=days) if self.end else None
        return Period(self.kind, self.start + dt.timedelta(days=days), end, self.h0, self.h1)


def describe_period_key(key: str) -> str:
    """A period key (``window:2022-11-22T00-18``) in words, as ``Period.describe`` says it."""
    kind, _, rest = key.partition(":")
    if kind == "day":
        return f"{rest} (whole day)"
    if kind == "window":
        d, _, hours = rest.partition("T")
        h0, _, h1 = hours.partition("-")
        return f"{d} {h0}-{h1}h (part of the day)"
    if kind == "asof":
        d, _, h = rest.partition("T")
        return f"as of {d}" + (f" {h}:00" if h else "")
    if kind == "span":
        a, _, b = rest.partition("..")
        return f"{a} to {b}"
    return key


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    kind: str
    """date, window, asof, span, current."""
    date: dt.date | None
    end_date: dt.date | None = None
    h0: int | None = None
    h1: int | None = None
    role: str = "data"
    """data (when a figure applies), event (when something was said or held), start (a
    beginning: 自...以来, ...起), duration (连续3日)."""
    text: str = ""


_CN_D = "[零〇一二两三四五六七八九十]"
_DATE_RE = re.compile(
    rf"(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?P<m>\d{{1,2}}|{_CN_D}{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|{_CN_D}{{1,3}})\s*[日号]"
    r"|(?<![\d.])(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?![\d.])"
    r"|(?P<cur>截至目前|截止目前|截至发稿时|目前|当前|现有|至今|迄今)"
    r"|(?P<rel>昨日|昨天|今日|今天|前日|前天)"
    r"|(?<![\d月年./\-:])(?P<bd>\d{1,2})\s*日"
    r"|(?<![零〇一二两三四五六七八九十百千万月年第])(?P<bdc>[一二三]?十[一二三四五六七八九]?)日"
)
# Every date expression ends in 日/号 or is a date word or an ISO date: finding those
# anchors is one fast scan, and the full expression is then matched in a short window
# before each anchor (a regex with this many alternatives is slow to search a whole text).
# A 日 or 号 ends a date only after a numeral (``21日``, ``二十一日``, ``21 日``) or in
# 昨日/今日/前日: the look-behinds skip the far more common 日 of 日本, 节日, 日常 before any
# window is searched (the same anchors survive; the others could never end a date).
# Every branch starts with a literal character, so the engine jumps from candidate to
# candidate instead of trying every branch at every position (five times faster).
_ANCHOR_RE = re.compile(
    r"日(?<=[\d零〇一二两三四五六七八九十昨今前\s]日)|号(?<=[\d零〇一二两三四五六七八九十昨今前\s]号)"
    r"|截至目前|截止目前|截至发稿时|目前|当前|现有|至今|迄今|昨日|昨天|今日|今天|前日|前天"
    r"|19\d\d[-/.]\d{1,2}[-/.]\d{1,2}|20\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
)
_WINDOW_BEFORE = 16
# The characters a _DATE_RE match can begin with (numerals, then the date words' firsts).
_DATE_START_RE = re.compile(r"[\d〇零一二两三四五六七八九十截目当现至迄昨今前]")


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches ``_DATE_RE.finditer`` would give, found from their anchors."""
    last = 0
    for a in _ANCHOR_RE.finditer(text):
        if a.start() < last:
            continue
        g = a.group()
        if g in ("日", "号"):
            found = None
            # The window's first place a date can start: no branch of _DATE_RE begins
            # anywhere else, so a search from there finds what a search from the window's
            # start would.
            s = _DATE_START_RE.search(text, max(last, a.start() - _WINDOW_BEFORE), a.end())
            if s is None:
                continue
            for m in _DATE_RE.finditer(text, s.start(), a.end()):
                if m.end() == a.end():
                    found = m
                    break
            if found is None:
                continue
            # the same expression as a whole-text search would see it (lookarounds intact)
            m2 = _DATE_RE.match(text, found.start())
            if m2 is None:
                continue
            last = m2.end()
            yield m2
        else:
            m2 = _DATE_RE.match(text, a.start())
            if m2 is not None:
                last = m2.end()
                yield m2


_WINDOW_RE = re.compile(
    r"\s*(?:凌晨)?(?P<h0>\d{1,2}|零)\s*(?:时|点)?\s*(?:至|到|-|—|–|~|～)\s*"
    r"(?P<h1>\d{1,2}|二十四)\s*[时点]|\s*(?P<allday>全天)"
)
_HOUR_RE = re.compile(r"\s*(?P<ampm>凌晨|上午|中午|下午|晚上|晚)?\s*(?P<h>\d{1,2})\s*[时点](?!\d)")
_RANGE_JOIN_RE = re.compile(r"\s*(?:上午|下午|晚上|晚)?\s*(?:至|到|—|–|-|~|～)\s*")
_CLAUSE_END = "，,；;。！？!?\n"
_SENT_END = "。！？!?\n"
_EVENT_WORDS = ("发布会", "会议", "会上", "召开", "举行", "记者会", "通报会", "座谈会", "答记者问")
# "韩国8日报告新增确诊病例36719例": the day it was reported, not the day it counts.
_EVENT_VERBS = ("发布", "公布", "通报", "宣布", "报告")
_CLAUSE_END_RE = re.compile("[" + re.escape(_CLAUSE_END) + "]")
_EVENT_WORDS_RE = re.compile("|".join(_EVENT_WORDS))
"""Right after a date, the date is when something was announced (11月2日发布...)."""
_DURATION_BEFORE = ("连续", "持续", "近", "最近", "过去", "未来", "每", "第", "前后")
_DURATION_AFTER = ("内", "之内", "来", "以来", "后", "之后")
_START_AFTER = ("起", "以来", "开始", "启动")
_ASOF_BEFORE = ("截至", "截止到", "截止", "截至到", "到", "至")


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return parse_cn_int(s)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _resolve_md(
    m: int, d: int, published: dt.date | None, anchor: dt.date | None
) -> dt.date | None:
    """Month and day without a year: the publication year, else the year last named."""
    if published is not None:
        cand = _safe_date(published.year, m, d)
        if cand is not None and cand > published + dt.timedelta(days=31):
            cand = _safe_date(published.year - 1, m, d)
        return cand
    if anchor is not None:
        return _safe_date(anchor.year, m, d)
    return None


def _resolve_day(d: int, published: dt.date | None, anchor: dt.date | None) -> dt.date | None:
    """A bare day of month (21日): in the month last named, never after publication."""
    base = anchor or published
    if base is None:
        return None
    cand = _safe_date(base.year, base.month, d)
    if published is not None and (cand is None or cand > published):
        prev = base.replace(day=1) - dt.timedelta(days=1)
        cand = _safe_date(prev.year, prev.month, d)
    return cand


def _hour(s: str | None) -> int | None:
    if s is None:
        return None
    if s == "零":
        return 0
    if s == "二十四":
        return 24
    return int(s) if s.isdigit() else None


def scan_times(
    text: str,
    published: dt.date | None,
    reference: dt.date | None = None,
    stop: int | None = None,
) -> list[TimeExpr]:
    """Time expressions in order, each resolved against publication and preceding dates.

    ``reference`` is what relative words count from (the dateline's date when there is
    one: 本报重庆11月22日电 ... 昨日 is the 21st); it defaults to ``published``. With
    ``stop``, the scan ends before the first expression starting there or later (the
    earlier ones are the same: each depends only on what comes before it).
    """
    ref = reference or published
    out: list[TimeExpr] = []
    anchor: dt.date | None = None
    pos = 0
    n = len(text)
    for m in _date_matches(text):
        if m.start() < pos:
            continue
        if stop is not None and m.start() >= stop:
            break
        start, end = m.span()
        pos = end
        kind = "date"
        date: dt.date | None = None
        if m.group("cur"):
            out.append(TimeExpr(start, end, "current", published, text=m.group()))
            continue
        if m.group("m"):
            mo, dd = _num(m.group("m")), _num(m.group("d"))
            if mo is None or dd is None or not (1 <= mo <= 12 and 1 <= dd <= 31):
                continue
            if m.group("y"):
                y = _num(m.group("y"))
                date = _safe_date(y, mo, dd) if y else None
            else:
                date = _resolve_md(mo, dd, published, anchor)
        elif m.group("iy"):
            date = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            if date is None:
                continue
        elif m.group("rel"):
            if ref is None:
                date = None
            else:
                back = {"昨": 1, "今": 0, "前": 2}[m.group("rel")[0]]
                date = ref - dt.timedelta(days=back)
        else:
            raw_day = m.group("bd") or m.group("bdc")
            dd = _num(raw_day) or 0
            if not 1 <= dd <= 31:
                continue
            before = text[max(0, start - 2) : start]
            after = text[end : end + 2]
            if before.endswith(_DURATION_BEFORE) or after.startswith(_DURATION_AFTER):
                continue
            date = _resolve_day(dd, published, anchor or ref)
        h0 = h1 = None
        end_date: dt.date | None = None
        wm = _WINDOW_RE.match(text, end)
        if wm:
            end = wm.end()
            if wm.group("allday"):
                h0, h1 = 0, 24
            else:
                h0, h1 = _hour(wm.group("h0")), _hour(wm.group("h1"))
            kind = "day" if (h0, h1) == (0, 24) else "window"
            if h0 is None or h1 is None or not (0 <= h0 < h1 <= 24):
                kind, h0, h1 = "date", None, None
        else:
            jm = _RANGE_JOIN_RE.match(text, end)
            m2 = _DATE_RE.match(text, jm.end()) if jm else None
            if jm and m2 and (m2.group("m") or m2.group("bd") or m2.group("bdc")) and date:
                if m2.group("m"):
                    mo2, d2 = _num(m2.group("m")), _num(m2.group("d"))
                    end_date = _resolve_md(mo2, d2, published, date) if mo2 and d2 else None
                else:
                    d2 = _num(m2.group("bd") or m2.group("bdc")) or 0
                    end_date = _safe_date(date.year, date.month, d2)
                if end_date is not None and end_date > date:
                    kind = "span"
                    end = m2.end()
                    pos = end
                else:
                    end_date = None
            if kind == "date":
                hm = _HOUR_RE.match(text, end)
                if hm and not hm.group("ampm"):
                    h = int(hm.group("h"))
                    if 0 <= h <= 24:
                        h0 = None if h == 24 else h
                        kind = "asof"
                        end = hm.end()
        pos = max(pos, end)
        before = text[max(0, start - 4) : start].rstrip()
        if kind in ("date", "asof") and before.endswith(_ASOF_BEFORE):
            kind = "asof"
        role = _role(text, start, end, n)
        if date is not None and role != "duration":
            anchor = date if kind != "span" else (end_date or date)
            if kind == "date" and (m.group("y") or m.group("iy")) and _in_heading(text, start):
                # "### 日记八 2020年02月13日": a diary entry's or section's own date is what
                # its 今天 means, not the publication date of the whole page.
                ref = date
        out.append(TimeExpr(start, end, kind, date, end_date, h0, h1, role, text[start:end]))
    return out


def _in_heading(text: str, i: int) -> bool:
    """Whether offset ``i`` is on a Markdown heading line."""
    return text.startswith("#", text.rfind("\n", 0, i) + 1)


def _role(text: str, start: int, end: int, n: int) -> str:
    before = text[max(0, start - 1) : start]
    after = text[end : min(n, end + 2)].lstrip()
    if before in ("自", "从") or after.startswith(_START_AFTER):
        return "start"
    if after[:1] in ("电", "讯") or after.startswith(_EVENT_VERBS):
        return "event"
    limit = min(n, end + 30)
    ce = _CLAUSE_END_RE.search(text, end, limit)
    if _EVENT_WORDS_RE.search(text, end, limit if ce is None else ce.start()):
        return "event"
    return "data"


def period_of(te: TimeExpr, flow: bool) -> Period:
    """A time expression as the period of a figure: a date is a day for counts over a
    period (flows) and "as of" that day for totals (stocks)."""
    if te.kind == "current":
        return Period("current", te.date, text=te.text)
    if te.kind == "span":
        return Period("span", te.date, te.end_date, text=te.text)
    if te.kind == "window":
        if not flow:
            # "18日12-24时，…累计报告确诊病例759例": a total at the window's end, as
            # "截至18日24时" says it.
            return Period("asof", te.date, h0=None if te.h1 == 24 else te.h1, text=te.text)
        return Period("window", te.date, h0=te.h0, h1=te.h1, text=te.text)
    if te.kind == "day":
        return Period("day" if flow else "asof", te.date, text=te.text)
    if te.kind == "asof":
        return Period("asof", te.date, h0=te.h0, text=te.text)
    return Period("day" if flow else "asof", te.date, text=te.text)


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class MetricDef:
    id: str
    label: str
    terms: tuple[str, ...]
    units: tuple[str, ...]
    flow: bool = True
    position: str = "after"
    max_gap: int = 6
    after_contains: tuple[str, ...] = ()
    after_excludes: tuple[str, ...] = ()
    before_excludes: tuple[str, ...] = ()
    """Words that, right before the term, make it another figure's continuation."""
    parts: tuple[tuple[str, str], ...] = ()
    """(word, metric id): a part after 其中 led by the word is a figure of that metric."""
    cohort: bool = False
    """Opening a sentence, this metric's figure makes the sentence about that group."""
    then_new: str | None = None
    """The flow metric a bare "，当日新增N例" right after this stock's figure counts
    ("累计死亡病例2788例，当日新增44例": new deaths)."""

    @property
    def unit(self) -> str:
        return self.units[0] if self.units else ""


@dataclass(frozen=True)
class RegionDef:
    name: str
    level: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    def home(self, regions: dict[str, RegionDef]) -> str | None:
        """The city or province this region belongs to (itself when it is one)."""
        r: RegionDef | None = self
        seen = 0
        while r is not None and seen < 8:
            if r.level in ("city", "province"):
                return r.name
            r = regions.get(r.parent) if r.parent else None
            seen += 1
        return None


_METRIC_KEYS = {
    "label",
    "terms",
    "units",
    "flow",
    "position",
    "max_gap",
    "after_contains",
    "after_excludes",
    "before_excludes",
    "then_new",
    "cohort",
    "parts",
}


@dataclass
class Catalog:
    """Metrics and regions: what a figure measures and where it applies, from YAML."""

    metrics: dict[str, MetricDef] = field(default_factory=dict)
    regions: dict[str, RegionDef] = field(default_factory=dict)
    contextual: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    """Extra place names (a gazetteer): a mention bounds a claim's region even when the
    place has no entry of its own, so a figure about 成都 is never given to 重庆."""
    _metric_ac: Any = field(default=None, repr=False)
    _region_ac: Any = field(default=None, repr=False)
    _raw_src: str | None = field(default=None, repr=False)
    """Every way a metric term (or a key part of it) can be written before normalisation,
    as a pattern (None when spellings are unknown)."""
    _raw_re: re.Pattern[str] | None = field(default=None, repr=False)
    """``_raw_src`` compiled."""
    _gate_re: re.Pattern[str] | None = field(default=None, repr=False)
    """``_raw_src`` or anything ``_RAW_GLOSS_RE`` finds: one search answers both questions
    a clean document asks (``raw_plain`` and ``may_have_metrics``)."""

    def compile(self) -> Catalog:
        ma = ahocorasick.Automaton()
        by_term: dict[str, list[str]] = {}
        for m in self.metrics.values():
            for t in m.terms:
                by_term.setdefault(to_simplified(t), []).append(m.id)
        for t, ids in by_term.items():
            ma.add_word(t, (len(t), tuple(ids)))
        if len(ma):
            ma.make_automaton()
        self._metric_ac = ma
        self._raw_src = _raw_pattern(by_term)
        if self._raw_src is not None:
            # The gloss pattern led by each bracket as a literal: every branch of the
            # alternation starts with one, so the engine still skips ahead in C.
            tail = _RAW_GLOSS_RE.pattern.removeprefix("[(（]")
            self._gate_re = re.compile(rf"{self._raw_src}|\({tail}|（{tail}")
        ra = ahocorasick.Automaton()
        entries: list[tuple[str, tuple[str, str]]] = [(p, ("place", p)) for p in self.places]
        for r in self.regions.values():
            entries.extend((t, ("region", r.name)) for t in (r.name, *r.aliases))
        entries.extend((t, ("contextual", suffix)) for t, suffix in self.contextual.items())
        entries.extend((t, ("ignore", "")) for t in self.ignore)
        simple = _simplified_all([t for t, _ in entries])
        names = dict(zip(simple, (v for _, v in entries), strict=True))
        # Reversed: pyahocorasick looks a character up among a node's children one by one,
        # and place names share few last characters (市, 县, 区 ...) but hundreds of first
        # ones, so matching the reversed text is several times faster (same matches).
        for t, v in names.items():
            ra.add_word(t[::-1], (len(t), v))
        if len(ra):
            ra.make_automaton()
        self._region_ac = ra
        return self

    def may_have_metrics(self, raw: str) -> bool:
        """False only when ``normalize(raw)`` holds no metric term (``raw`` without pinyin
        glosses, which can split a term): one search of the raw text."""
        if self._raw_src is None:  # spellings unknown: maybe
            return bool(len(self._metric_ac)) if self._metric_ac is not None else False
        if self._raw_re is None:
            # Compiled on first use only: documents ask the gate, which holds the same
            # branches, so most processes never need this pattern on its own.
            self._raw_re = re.compile(self._raw_src)
        return self._raw_re.search(raw) is not None

    def metric_hits(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        ac = self._metric_ac
        if ac is None or not len(ac):
            return []
        return _longest([(e - ln + 1, e + 1, v) for e, (ln, v) in ac.iter(text)])

    def region_hits(self, text: str) -> list[tuple[int, int, tuple[str, str]]]:
        ac = self._region_ac
        if ac is None or not len(ac):
            return []
        # A match ending at e in the reversed text starts at len - 1 - e in the text.
        n1 = len(text) - 1
        return _longest([(n1 - e, n1 - e + ln, v) for e, (ln, v) in ac.iter(text[::-1])])


_MAX_SPELLINGS = 512


def _spellings(c: str, pre: dict[str, frozenset[str]]) -> frozenset[str]:
    """``c`` and every character normalisation turns into ``c``."""
    return pre.get(c, frozenset()) | {c}


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=1)
def _raw_breakdown_test() -> Callable[[str], bool] | None:
    """Whether a raw text may hold what a breakdown needs (其中, or an inclusion's
    bracket ``(含``) in any spelling; None when spellings are unknown."""
    pre = _preimages()
    if pre is None:
        return None

    def sp(word: str) -> str:
        return "".join(_char_class(_spellings(c, pre)) for c in word)

    words = "|".join(sp(w) for w in ("含", "包括", "包含", "其中"))
    # Led by the bracket, so the engine skips from bracket to bracket.
    bracket = re.compile(
        rf"{_char_class(_spellings('(', pre) | _spellings('（', pre))}\s*(?:{words})"
    )
    among = ["".join(s) for s in itertools.product(*(sorted(_spellings(c, pre)) for c in "其中"))]
    brackets = sorted(_spellings("(", pre) | _spellings("（", pre))

    def test(raw: str) -> bool:
        if any(w in raw for w in among):
            return True
        return any(b in raw for b in brackets) and bracket.search(raw) is not None

    return test


class _BreakdownSigns:
    """What a breakdown or an inclusion needs around its words, as patterns: a necessary
    condition for ``find_breakdowns`` to find anything, checked before any number is read.

    A breakdown (``_breakdown_at``) needs a total: a non-percentage quantity with a unit
    ending at most 40 characters before 其中 with no sentence end in between, so the last
    numeral of its number is followed by ``_UNIT_RE``'s shape (blank, 余/多, blank, a unit
    not of time) and then at most 42 characters (``以上``-like suffix and the lead) without a
    sentence end before 其中. It needs a first part of the same kind after 其中 in the same
    sentence: a numeral followed by that shape, with no sentence end between. An inclusion
    (``find_breakdowns``) needs such a quantity, an optional suffix and blanks right before
    ``(含``. Most 其中 in news text (其中一, 其中包括...) have no figure on one side and are
    settled here instead of by normalising the whole document and reading its numbers.

    ``sp`` gives every character that reads as ``c`` once normalised: with the identity
    the patterns apply to normalised text, with ``_spellings`` to a raw text without
    glosses (whose characters stand where their normalised forms do).
    """

    def __init__(self, sp: Callable[[str], frozenset[str]], changed: frozenset[str]) -> None:
        def cls(chars: Iterable[str]) -> str:
            return _char_class(set().union(*(sp(c) for c in chars)))

        def word(w: str) -> str:
            return "".join(cls(c) if len(sp(c)) > 1 else re.escape(c) for c in w)

        def alt(words: Iterable[str]) -> str:
            return "(?:" + "|".join(word(w) for w in words) + ")"

        # Characters that normalise to a blank or a digit without being one themselves.
        blank_extra = {r for c in _BLANKS_AND_DIGITS[0] for r in sp(c) if not r.isspace()}
        digit_extra = {r for c in _BLANKS_AND_DIGITS[1] for r in sp(c) if not _DIGIT.match(r)}
        ws = rf"(?:\s|{_char_class(blank_extra)})" if blank_extra else r"\s"
        num = rf"(?:\d|{cls('零〇一二两三四五六七八九十百千万亿')}"
        num += f"|{_char_class(digit_extra)})" if digit_extra else ")"
        units = [u for u in _UNITS if u not in TIME_UNITS]
        quantity = rf"{num}{ws}?{cls('余多')}?{ws}?{alt(units)}"
        # A raw character that may normalise to something else is never taken for a
        # sentence end (it might not be one): the patterns only get looser.
        ends = "".join(c for c in _SENT_END if c not in changed)
        self.words = re.compile(word("其中"))
        self.total = re.compile(rf"{quantity}[^{re.escape(ends)}]{{0,44}}\Z")
        self.part = re.compile(quantity)
        self.end = re.compile(_char_class(ends))
        self.bracket = re.compile(rf"{cls('(（')}{ws}*{alt(('含', '包括', '包含', '其中'))}")
        self.whole = re.compile(rf"{quantity}{alt(_SUFFIX_QUAL)}?{ws}*\Z")
        self.blanks = frozenset(blank_extra)

    def may_hold(self, t: str) -> bool:
        """False only when ``t`` (normalised, or raw as the spellings say) holds neither a
        breakdown nor an inclusion for ``find_breakdowns``. Linear: each window is at most
        60 characters, and the searches after 其中 are reused until passed."""
        part_at = -1  # where the first figure after the last 其中 looked at begins
        end_at = -1  # where the first sentence end after it is
        for m in self.words.finditer(t):
            p = m.start()
            if self.total.search(t, max(0, p - 60), p) is None:
                continue
            a = p + 2
            # Each search again only once this 其中 is past what it found for an earlier
            # one (none found stays none): every stretch of text is scanned once.
            if 0 <= part_at < a or part_at == -1:
                found = self.part.search(t, a)
                part_at = found.start() if found is not None else len(t) + 1
            if end_at < a:
                found = self.end.search(t, a)
                end_at = found.start() if found is not None else len(t)
            if part_at < end_at:
                return True
        for m in self.bracket.finditer(t):
            k = m.start()
            while k > 0 and (t[k - 1].isspace() or t[k - 1] in self.blanks):
                k -= 1
            if self.whole.search(t, max(0, k - 16), k) is not None:
                return True
        return False


_BLANKS_AND_DIGITS = ("\t\n\x0b\x0c\r \x85\xa0\u3000", "0123456789")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _breakdown_signs() -> tuple[_BreakdownSigns, _BreakdownSigns | None]:
    """The signs for normalised text, and for raw text (None when spellings are unknown)."""
    norm = _BreakdownSigns(lambda c: frozenset(c), frozenset())
    pre = _preimages()
    if pre is None:
        return norm, None
    changed = frozenset(r for srcs in pre.values() for r in srcs)
    return norm, _BreakdownSigns(lambda c: _spellings(c, pre), changed)


def _raw_pattern(terms: Iterable[str]) -> str | None:
    """A pattern's source, found in a raw text wherever a spelling of some term's key is;
    None when spellings are unknown.

    A term's key is the term itself, or when it has more than ``_MAX_SPELLINGS`` spellings
    its longest part with fewer: a normalised text holding the term holds the key, so a
    raw text without any spelling of any key holds no term once normalised.

    The spellings of a key are the product of its characters' spellings, which is what a
    sequence of character classes matches: the keys go into a trie of normalised
    characters, each edge written as the class of that character's spellings. Only the
    first character is written out as literals, one branch per raw spelling, because the
    engine skips from candidate to candidate in C only when every branch is led by a
    literal; the rest of the trie stays classes. The same texts match as with every
    spelling spelled out (a trie of thousands of literal branches), but the pattern is
    over ten times smaller and compiles in milliseconds instead of a tenth of a second in
    every process.
    """
    pre = _preimages()
    if pre is None:
        return None
    trie: dict[str, Any] = {}
    for term in terms:
        sizes = [len(_spellings(c, pre)) for c in term]
        best = (0, 0)
        for i in range(len(sizes)):
            n = 1
            for j in range(i, len(sizes)):
                n *= sizes[j]
                if n > _MAX_SPELLINGS:
                    break
                if j + 1 - i > best[1] - best[0]:
                    best = (i, j + 1)
        if best[1] == best[0]:
            return None
        node = trie
        for c in term[best[0] : best[1]]:
            node = node.setdefault(c, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def edge(c: str) -> str:
        forms = _spellings(c, pre)
        return re.escape(c) if len(forms) == 1 else _char_class(forms)

    def branches(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a key ends here: whatever follows, there is a match
        alts = [edge(c) + branches(child) for c, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    # Raw lead character -> what may follow it (two normalised characters may share one).
    lead: dict[str, list[str]] = {}
    for c, child in trie.items():
        rest = branches(child)
        for r in sorted(_spellings(c, pre)):
            lead.setdefault(r, []).append(rest)
    alts = []
    for r, rests in lead.items():
        if "" in rests:
            alts.append(re.escape(r))
        elif len(rests) == 1:
            alts.append(re.escape(r) + rests[0])
        else:
            alts.append(re.escape(r) + "(?:" + "|".join(rests) + ")")
    return "|".join(alts)


def _longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping matches, longer ones preferred: 新增本土确诊病例 over 日新增."""
    if not hits:
        return []
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    taken: list[tuple[int, int, Any]] = []
    occupied = bytearray(max(h[1] for h in hits))
    for h in hits:
        s, e = h[0], h[1]
        if occupied.find(1, s, e) != -1:
            continue
        occupied[s:e] = b"\x01" * (e - s)
        taken.append(h)
    taken.sort(key=itemgetter(0))
    return taken


def _str_list(v: Any, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise YamlError(f"{where}: expected a list of strings")
    return tuple(v)


def _parts_of(v: Any, where: str) -> tuple[tuple[str, str], ...]:
    if v is None:
        return ()
    if not isinstance(v, dict) or not all(
        isinstance(k, str) and isinstance(x, str) for k, x in v.items()
    ):
        raise YamlError(f"{where}: expected a mapping of words to metric ids")
    return tuple(sorted(v.items(), key=lambda kv: -len(kv[0])))


def _metric_from(mid: str, spec: Any, origin: str) -> MetricDef:
    where = f"{origin}: metrics.{mid}"
    if not isinstance(spec, dict):
        raise YamlError(f"{where}: expected a mapping")
    unknown = set(spec) - _METRIC_KEYS
    if unknown:
        raise YamlError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    terms = _str_list(spec.get("terms"), f"{where}.terms")
    units = _str_list(spec.get("units"), f"{where}.units")
    if not terms:
        raise YamlError(f"{where}: needs terms")
    if not units:
        raise YamlError(f"{where}: needs units")
    position = str(spec.get("position", "after"))
    if position not in ("after", "before", "either"):
        raise YamlError(f"{where}.position: after, before or either")
    return MetricDef(
        id=mid,
        label=str(spec.get("label", mid)),
        terms=terms,
        units=units,
        flow=bool(spec.get("flow", True)),
        position=position,
        max_gap=int(spec.get("max_gap", 6)),
        after_contains=_str_list(spec.get("after_contains"), f"{where}.after_contains"),
        after_excludes=_str_list(spec.get("after_excludes"), f"{where}.after_excludes"),
        before_excludes=_str_list(spec.get("before_excludes"), f"{where}.before_excludes"),
        then_new=str(spec["then_new"]) if spec.get("then_new") is not None else None,
        cohort=bool(spec.get("cohort", False)),
        parts=_parts_of(spec.get("parts"), f"{where}.parts"),
    )


@lru_cache(maxsize=16)
def load_catalog(
    metric_files: tuple[Path, ...],
    region_files: tuple[Path, ...],
    place_files: tuple[Path, ...] = (),
    place_labels: tuple[str, ...] | None = None,
) -> Catalog:
    """Load and compile metric and region definitions (files merge in order)."""
    cat = Catalog()
    for f in metric_files:
        data = load_yaml_file(f)
        if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
            raise YamlError(f"{f}: a metrics file is a mapping with a 'metrics:' mapping")
        for mid, spec in data["metrics"].items():
            cat.metrics[str(mid)] = _metric_from(str(mid), spec, str(f))
    for f in region_files:
        data = load_yaml_file(f)
        if not isinstance(data, dict) or not isinstance(data.get("regions"), dict):
            raise YamlError(f"{f}: a regions file is a mapping with a 'regions:' mapping")
        for name, spec in data["regions"].items():
            spec = spec or {}
            if not isinstance(spec, dict):
                raise YamlError(f"{f}: regions.{name}: expected a mapping")
            cat.regions[str(name)] = RegionDef(
                name=str(name),
                level=str(spec.get("level", "")),
                parent=str(spec["parent"]) if spec.get("parent") else None,
                aliases=_str_list(spec.get("aliases"), f"{f}: regions.{name}.aliases"),
            )
        ctx = data.get("contextual") or {}
        if not isinstance(ctx, dict):
            raise YamlError(f"{f}: contextual: expected a mapping word -> suffix")
        cat.contextual.update({str(k): str(v or "") for k, v in ctx.items()})
        cat.ignore = cat.ignore + _str_list(data.get("ignore"), f"{f}: ignore")
    if place_files:
        labels = list(place_labels) if place_labels is not None else None
        lex = load_lexicon(list(place_files), labels=labels)
        # Two-character names (城区, 郊区, 矿区) are also common words: left out.
        cat.places = tuple(t for t in lex.terms if len(t) >= 3)
    return cat.compile()


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure: where, what, when, how much. Offsets are into the original text."""

    metric: str
    region: str | None
    period: Period | None
    value: float
    lo: float
    hi: float
    qualifier: str
    unit: str
    start: int
    end: int
    text: str
    derived_from: str | None = None
    """For a figure computed from a stated change: the change as written."""

    @property
    def key(self) -> tuple[str, str, str] | None:
        pk = self.period.key if self.period else None
        if self.region is None or pk is None:
            return None
        return (self.region, self.metric, pk)

    @property
    def exact(self) -> bool:
        return self.qualifier == "exact"

    def value_text(self) -> str:
        v = _fmt(self.value)
        if self.qualifier == "range":
            return f"{v}-{_fmt(self.hi)}{self.unit}"
        sym = {
            "gt": "more than ",
            "ge": "at least ",
            "lt": "less than ",
            "le": "at most ",
            "about": "about ",
            "about_le": "nearly ",
        }.get(self.qualifier, "")
        return f"{sym}{v}{self.unit}"

    def to_dict(
        self, doc: Document | None = None, catalog: Catalog | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "region": self.region,
            "metric": self.metric,
            "metric_label": (
                catalog.metrics[self.metric].label
                if catalog and self.metric in catalog.metrics
                else self.metric
            ),
            "period": self.period.to_dict() if self.period else None,
            "value": _jsonnum(self.value),
            "low": _jsonnum(self.lo),
            "high": _jsonnum(self.hi),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "comparable": self.key is not None,
        }
        if self.derived_from:
            out["derived_from"] = self.derived_from
        if doc is not None:
            out["line"], out["column"] = doc.position(self.start)
            out["end_line"], out["end_column"] = doc.position(self.end)
        return out


def _fmt(v: float) -> str:
    if math.isinf(v):
        return "∞"
    if v == int(v):
        return str(int(v))
    return f"{v:.6g}"


def _jsonnum(v: float) -> float | int | None:
    if math.isinf(v) or math.isnan(v):
        return None
    return int(v) if v == int(v) else v


_CHANGE_RE = re.compile(
    r"\s*[，,]?\s*(?:较|比)(?P<ref>前一日|前一天|前日|前天|昨日|昨天|上一日|"
    r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})[日号])"
    r"(?P<dir>减少|下降|降低|增加|上升|增长|新增|多|少)了?"
)
_NEG_BEFORE = ("没有", "无", "未", "不", "零")


SEGMENT_ENDS = "。！？!?；;"
"""Characters no number, unit, range or stated change can hold. Segments (the text after
one of them up to and including the next) are read on their own with exactly the
whole-text results, which is what lets a reading look only where something needs it."""
# What an inclusion (``3304人(含武汉籍375人)``) needs after its figure (``_INCLUDES_RE``).
_INCLUDES_ANY_RE = re.compile(r"[(（]\s*(?:含|包括|包含|其中)")


@lru_cache(maxsize=8)
def _cut_re(chars: str) -> re.Pattern[str]:
    return re.compile(_char_class(chars))


class _Cuts:
    """The pieces of a text between cut characters (each piece ends just after one),
    looked up around the positions asked for: a stretch of text is searched once however
    many positions fall in it, and a document asked about one sentence is not split whole.
    """

    def __init__(self, text: str, chars: str) -> None:
        self.text = text
        self.chars = chars
        self._rx = _cut_re(chars)
        self._starts: list[int] = []
        self._ends: dict[int, int] = {}

    def piece(self, p: int) -> tuple[int, int]:
        """(start, end) of the piece holding offset ``p`` (``0 <= p < len(text)``): start
        just after the last cut character before ``p`` (0 if none), end just after the
        first one at or after ``p`` (the text's length if none)."""
        starts = self._starts
        k = bisect_right(starts, p) - 1
        floor = 0
        if k >= 0:
            s = starts[k]
            e = self._ends[s]
            if p < e:
                return s, e
            floor = e  # just after a cut character (or the end): nothing to look at before
        start = self._start_after(floor, p)
        m = self._rx.search(self.text, p)
        end = m.end() if m is not None else len(self.text)
        insort(starts, start)
        self._ends[start] = end
        return start, end

    def _start_after(self, floor: int, p: int) -> int:
        """Just after the last cut character in ``[floor, p)``, else ``floor``."""
        hi = p
        step = 64
        while hi > floor:
            lo = max(floor, hi - step)
            last = -1
            for m in self._rx.finditer(self.text, lo, hi):
                last = m.end()
            if last != -1:
                return last
            hi = lo
            step *= 2
        return floor

    def start(self, p: int) -> int:
        """Just after the last cut character before ``p`` (0 if none); ``p`` may be the end."""
        if p >= len(self.text):
            return self._start_after(0, p) if p > 0 else 0
        return self.piece(p)[0]

    def next_cut(self, p: int) -> int:
        """Offset of the first cut character at or after ``p`` (the text's length if none)."""
        t = self.text
        if p >= len(t):
            return len(t)
        e = self.piece(p)[1]
        return e - 1 if t[e - 1] in self.chars else len(t)


class Reading:
    """The catalog-independent reading of a text: normalised, numbers and times found.

    Each part is computed on first use and kept. A document without metric terms and
    breakdowns is only normalised and searched; numbers are read only in the segments
    around a metric term or a breakdown (``quantities_in``), times and publication dates
    only once a figure needs a period. ``quantities`` and ``times`` still give the
    whole-text lists to whoever asks.
    """

    def __init__(
        self,
        text: str,
        published: dt.date | None = None,
        reference: dt.date | None = None,
        dates: Callable[[], tuple[dt.date | None, dt.date | None]] | None = None,
    ) -> None:
        self.text = text
        self._published = published
        self._reference = reference
        self._dates = dates
        """Where publication and reference dates come from when first needed."""
        self._norm: Normalized | None = None
        self._quantities: list[Quantity] | None = None
        self._times: list[TimeExpr] | None = None
        self._segments: _Cuts | None = None
        self._segment_qs: dict[int, list[Quantity]] = {}
        self._sentences: _Cuts | None = None
        self._breakdowns: tuple[list[Breakdown], list[Inclusion]] | None = None
        self._raw_plain: bool | None = None

    @classmethod
    def of_normalized(cls, t: str) -> Reading:
        """A reading of text that is already normalised."""
        rd = cls(t)
        rd._norm = Normalized(t, None, len(t))
        return rd

    def _load_dates(self) -> None:
        if self._dates is not None:
            self._published, self._reference = self._dates()
            self._dates = None

    @property
    def published(self) -> dt.date | None:
        self._load_dates()
        return self._published

    @property
    def reference(self) -> dt.date | None:
        self._load_dates()
        return self._reference

    @property
    def raw_plain(self) -> bool:
        """The raw text has nothing normalisation cuts out (pinyin glosses, which can split a
        word): the normalised text then holds a word exactly where the raw text holds one
        of its spellings, and raw-text prefilters can answer for it."""
        if self._raw_plain is None:
            t = self.text
            self._raw_plain = not (("(" in t or "（" in t) and _RAW_GLOSS_RE.search(t))
        return self._raw_plain

    @property
    def normalized(self) -> bool:
        return self._norm is not None

    @property
    def norm(self) -> Normalized:
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    @property
    def quantities(self) -> list[Quantity]:
        """Every quantity of the whole text."""
        if self._quantities is None:
            self._quantities = scan_quantities(self.norm.text)
        return self._quantities

    @property
    def times(self) -> list[TimeExpr]:
        """Every time expression of the whole text (dates carry over from one to the next)."""
        if self._times is None:
            self._load_dates()
            self._times = scan_times(self.norm.text, self._published, self._reference)
        return self._times

    def times_before(self, stop: int) -> list[TimeExpr]:
        """The time expressions starting before ``stop``: the first ones of ``times``."""
        if self._times is None:
            self._load_dates()
            return scan_times(self.norm.text, self._published, self._reference, stop)
        return [te for te in self._times if te.start < stop]

    def quantities_in(self, spans: Iterable[tuple[int, int]]) -> list[Quantity]:
        """The whole-text quantities that start in the segments holding ``spans``
        (inclusive normalised offsets), in order, each segment read once."""
        t = self.norm.text
        if not t:
            return []
        if self._segments is None:
            self._segments = _Cuts(t, SEGMENT_ENDS)
        segments = self._segments
        last = len(t) - 1
        wanted: dict[int, int] = {}
        for a, b in spans:
            pos, b = min(a, last), min(b, last)
            while True:
                s, e = segments.piece(pos)
                wanted[s] = e
                if e > b:
                    break
                pos = e
        out: list[Quantity] = []
        cache = self._segment_qs
        for s in sorted(wanted):
            qs = cache.get(s)
            if qs is None:
                qs = cache[s] = scan_quantities(t, s, wanted[s])
            out.extend(qs)
        return out

    def _sents(self) -> _Cuts:
        if self._sentences is None:
            self._sentences = _Cuts(self.norm.text, _SENT_END)
        return self._sentences

    def sentence_start(self, i: int) -> int:
        """Where the sentence holding normalised offset ``i`` starts (after 。！？!? or \\n)."""
        return self._sents().start(i)

    def sentence_end(self, i: int) -> int:
        """Offset of the first sentence end at or after ``i`` (the text's length if none)."""
        return self._sents().next_cut(i)

    def breakdowns(self) -> tuple[list[Breakdown], list[Inclusion]]:
        """Enumerations after 其中 and inclusions (含), found once per document."""
        if self._breakdowns is None:
            norm_signs, raw_signs = _breakdown_signs()
            if not self.normalized and self.raw_plain:
                may = _raw_breakdown_test()
                if may is not None and not may(self.text):
                    self._breakdowns = ([], [])  # no 其中, no inclusion: nothing to read
                    return self._breakdowns
                if raw_signs is not None and not raw_signs.may_hold(self.text):
                    self._breakdowns = ([], [])  # no figure where one would have to be
                    return self._breakdowns
            t = self.norm.text
            if ("其中" in t or "含" in t or "包括" in t) and norm_signs.may_hold(t):
                self._breakdowns = find_breakdowns(t, self._breakdown_quantities(t), self)
            else:
                self._breakdowns = ([], [])
        return self._breakdowns

    def _breakdown_quantities(self, t: str) -> list[Quantity]:
        """The quantities a breakdown can use: its sentence's (total before 其中, parts
        after it) and those around an inclusion's bracket."""
        spans: list[tuple[int, int]] = []
        pos = t.find("其中")
        while pos != -1:
            spans.append((self.sentence_start(pos), max(pos, self.sentence_end(pos) - 1)))
            pos = t.find("其中", pos + 2)
        if "(" in t or "（" in t:
            spans.extend((m.start(), m.end() - 1) for m in _INCLUDES_ANY_RE.finditer(t))
        return self.quantities_in(spans)


def read_text(
    text: str, published: dt.date | None = None, reference: dt.date | None = None
) -> Reading:
    return Reading(text, published, reference)


class _Regions:
    """Region mentions of a normalised text, found when the first claim needs one."""

    def __init__(self, t: str, catalog: Catalog) -> None:
        self.t = t
        self.catalog = catalog
        self._hits: list[tuple[int, int, tuple[str, str]]] | None = None
        self.ends: list[int] = []
        self.home: str | None = None

    @property
    def hits(self) -> list[tuple[int, int, tuple[str, str]]]:
        if self._hits is None:
            self._hits = self.catalog.region_hits(self.t)
            self.ends = [h[1] for h in self._hits]
            self.home = _home_region(self._hits, self.catalog)
        return self._hits


class Analysis:
    """A reading plus the claims a catalog finds in it."""

    def __init__(self, reading: Reading, claims: list[Claim], regions: _Regions | None) -> None:
        self.reading = reading
        self.claims = claims
        self._regions = regions

    @property
    def home(self) -> str | None:
        """The city or province the document names most (None without metric terms)."""
        if self._regions is None:
            return None
        self._regions.hits  # noqa: B018  (computes home with the hits)
        return self._regions.home

    @property
    def norm(self) -> Normalized:
        return self.reading.norm

    @property
    def quantities(self) -> list[Quantity]:
        return self.reading.quantities

    @property
    def times(self) -> list[TimeExpr]:
        return self.reading.times


def _para_start(text: str, i: int) -> int:
    j = text.rfind("\n", 0, i)
    return j + 1


def _clause_after(text: str, i: int, limit: int = 40) -> str:
    j = i
    n = min(len(text), i + limit)
    while j < n and text[j] not in _CLAUSE_END:
        j += 1
        if j < n and text[j] in ",，" and text[j - 1].isdigit() and text[j + 1 : j + 2].isdigit():
            j += 1  # a thousands separator (2,899), not the end of the clause
    return text[i:j]


def _home_region(hits: list[tuple[int, int, tuple[str, str]]], cat: Catalog) -> str | None:
    counts: Counter[str] = Counter()
    for _, _, (typ, name) in hits:
        if typ == "region":
            r = cat.regions.get(name)
            h = r.home(cat.regions) if r else None
            if h:
                counts[h] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def analyze(
    text: str,
    catalog: Catalog,
    published: dt.date | None = None,
    reference: dt.date | None = None,
    reading: Reading | None = None,
) -> Analysis:
    """Read a text's figures. Pure: the same text, catalog and dates give the same claims."""
    rd = reading or read_text(text, published, reference)
    claims: list[Claim] = []
    if not rd.normalized:
        gate = catalog._gate_re
        if gate is None:
            if rd.raw_plain and not catalog.may_have_metrics(rd.text):
                return Analysis(rd, claims, None)
        elif rd._raw_plain is not False and gate.search(rd.text) is None:
            # No gloss (so the raw text is plain) and no spelling of a metric term.
            rd._raw_plain = True
            return Analysis(rd, claims, None)  # the clean document's whole cost
    norm = rd.norm
    t = norm.text
    metric_hits = catalog.metric_hits(t)
    if not metric_hits:
        return Analysis(rd, claims, None)
    regions = _Regions(t, catalog)
    # A term binds a number in its own segment (the gap may not cross a clause end), and
    # so does a change after it: the other segments are never read.
    qs = rd.quantities_in((ts, te_) for ts, te_, _ in metric_hits)
    q_starts = [q.qual_start for q in qs]
    q_ends = [q.end for q in qs]
    used: set[int] = set()
    bound: list[tuple[MetricDef, Quantity, int, int]] = []
    follows: set[int] = set()  # indexes in bound of "当日新增" figures (``then_new``)
    for hi, (ts, te_, ids) in enumerate(metric_hits):
        next_term = metric_hits[hi + 1][0] if hi + 1 < len(metric_hits) else len(t)
        found = _bind(t, ts, te_, ids, catalog, qs, q_starts, q_ends, used, next_term)
        if found is None:
            continue
        qi, metric, q = found
        used.add(qi)
        bound.append((metric, q, min(ts, q.qual_start), max(te_, q.end)))
        follow = _then_new(t, metric, q, catalog, qs, q_starts, used)
        if follow is not None:
            fi, fm, fq, fstart = follow
            used.add(fi)
            follows.add(len(bound))
            bound.append((fm, fq, fstart, fq.end))
    if not bound:
        return Analysis(rd, claims, regions)
    # A period comes from a time expression before its figure: none after the last one
    # is ever needed (dates carry over only forwards).
    times = rd.times_before(max(b[2] for b in bound))
    t_ends = [te.end for te in times]
    stock: Claim | None = None
    cohort: tuple[int, str] | None = None  # (sentence start, metric) of a cohort's sentence
    last_sent = -1
    for bi, (metric, q, cstart, cend) in enumerate(bound):
        r_hits = regions.hits  # found with the first claim, with their ends and the home
        sent = rd.sentence_start(cstart)
        if sent != last_sent:
            last_sent = sent
            cohort = (sent, metric.id) if metric.cohort else None
        elif cohort is not None and metric.id != cohort[1]:
            stock = None
            continue  # a figure of the cohort the sentence opened with, not the region's
        if bi in follows and stock is not None:
            # The stock's own region and moment: "截至27日24时，累计死亡病例2788例，当日
            # 新增44例" counts the 27th's deaths, wherever the stock's clause put them.
            region = stock.region
            sp = stock.period
            period = (
                Period("day", sp.start, text=sp.text)
                if sp is not None and sp.kind == "asof" and sp.h0 is None
                else None
            )
        else:
            region = _region_for(t, cstart, r_hits, regions.ends, catalog, regions.home)
            period = _period_for(rd, cstart, times, t_ends, metric.flow)
        lo, hi_ = interval(q)
        o_start, o_end = norm.orig(cstart), norm.orig_end(cend)
        claim = Claim(
            metric=metric.id,
            region=region,
            period=period,
            value=q.value,
            lo=lo,
            hi=hi_,
            qualifier=q.qualifier,
            unit=q.unit,
            start=o_start,
            end=o_end,
            text=text[o_start:o_end],
        )
        claims.append(claim)
        stock = claim
        derived = _derived(t, text, norm, cend, claim, q, qs, q_starts)
        if derived is not None:
            claims.append(derived)
        if claim.key is not None:
            claims.extend(_by_region(t, text, norm, cend, claim, regions, catalog, qs, q_starts))
            if metric.parts:
                claims.extend(_named_parts(t, text, norm, cend, claim, metric, catalog))
    return Analysis(rd, claims, regions)


_PARTS_OPEN = re.compile(r"[，,。]?\s*其中[，,：:]?\s*")
_PART_FILLER = re.compile(r"^[，,、\s]*(?:为|是)?")


def _named_parts(
    t: str, text: str, norm: Normalized, cend: int, base: Claim, m: MetricDef, cat: Catalog
) -> list[Claim]:
    """ "新增确诊病例12例，其中境外输入病例11例，本土病例1例": each named part as its own
    metric (``parts``), in the total's place and period.

    The list is read to the end of its clause group (。；) or to a bracket; an item whose
    label leads with none of the words ends it. "38例为境外输入病例" (figure first) is read
    too.
    """
    mo = _PARTS_OPEN.match(t, cend)
    if mo is None:
        return []
    stop = mo.end()
    n = min(len(t), mo.end() + 120)
    while stop < n and t[stop] not in "。；;！？\n" and t[stop] not in _OPEN:
        stop += 1
    out: list[Claim] = []
    prev = mo.end()
    for q in scan_quantities(t, mo.end(), stop):
        if q.percent or unit_class(q.unit) != unit_class(base.unit):
            break
        label = t[prev : q.qual_start].strip("，,、 ")
        after = _PART_FILLER.sub("", t[q.end : min(stop, q.end + 8)])
        mid = next((pm for w, pm in m.parts if label.startswith(w)), None)
        if mid is None and not label:
            mid = next((pm for w, pm in m.parts if after.startswith(w)), None)
        pm = cat.metrics.get(mid) if mid else None
        if pm is None:
            break
        lo, hi = interval(q)
        s_ = norm.orig(q.qual_start - len(label) if label else q.qual_start)
        e_ = norm.orig_end(q.end)
        out.append(
            Claim(
                metric=pm.id,
                region=base.region,
                period=base.period,
                value=q.value,
                lo=lo,
                hi=hi,
                qualifier=q.qualifier,
                unit=q.unit,
                start=s_,
                end=e_,
                text=text[s_:e_],
            )
        )
        prev = q.end
        if not label:
            # "38例为境外输入病例，4例为本土病例": skip this part's own label
            k = q.end
            while k < stop and t[k] not in "，,、":
                k += 1
            prev = k
    return out


_BY_REGION_OPEN = re.compile(r"\s*[(（]\s*(?:其中[，,：:]?\s*)?")
_BY_REGION_SEP = "，,、；; "


def _by_region(
    t: str,
    text: str,
    norm: Normalized,
    cend: int,
    base: Claim,
    regions: _Regions,
    cat: Catalog,
    qs: list[Quantity],
    q_starts: list[int],
) -> list[Claim]:
    """ "当日新增44例（湖北41例，北京2例）": the same figure for each place listed.

    Only a bracket right after the figure whose every item is a place and its number:
    "（其中境外输入12例，北京4例）" lists imported cases by place, another quantity, so
    a bracket with anything else in it gives nothing.
    """
    m = _BY_REGION_OPEN.match(t, cend)
    if m is None:
        return []
    close = -1
    for k in range(m.end(), min(len(t), m.end() + 200)):
        if t[k] in _CLOSE:
            close = k
            break
        if t[k] in _OPEN or t[k] in _SENT_END:
            return []
    if close == -1:
        return []
    starts = {h[0]: h for h in regions.hits if m.end() <= h[0] < close}
    if not starts:
        return []
    inner = scan_quantities(t, m.end(), close)
    by_start = {x.qual_start: x for x in inner}
    out: list[Claim] = []
    i = m.end()
    while i < close:
        h = starts.get(i)
        if h is None or h[2][0] not in ("region", "place"):
            return []
        q_ = by_start.get(h[1])
        if q_ is None or q_.end > close:
            return []
        q = q_
        if unit_class(q.unit) != unit_class(base.unit) or q.percent:
            return []
        lo, hi = interval(q)
        s_, e_ = norm.orig(h[0]), norm.orig_end(q.end)
        out.append(
            Claim(
                metric=base.metric,
                region=h[2][1],
                period=base.period,
                value=q.value,
                lo=lo,
                hi=hi,
                qualifier=q.qualifier,
                unit=q.unit,
                start=s_,
                end=e_,
                text=text[s_:e_],
            )
        )
        i = q.end
        while i < close and t[i] in _BY_REGION_SEP:
            i += 1
    return out


def _bind(
    t: str,
    ts: int,
    te: int,
    ids: tuple[str, ...],
    cat: Catalog,
    qs: list[Quantity],
    q_starts: list[int],
    q_ends: list[int],
    used: set[int],
    next_term: int,
) -> tuple[int, MetricDef, Quantity] | None:
    """The quantity a metric term introduces (or follows), and which metric it is."""
    negated = t[max(0, ts - 2) : ts].endswith(_NEG_BEFORE)
    if any(w in t[max(0, ts - 5) : ts] for w in _TERM_NOT_COUNT):
        return None
    for mid in ids:
        m = cat.metrics.get(mid)
        if m is None or any(t.startswith(w, ts - len(w)) for w in m.before_excludes):
            continue
        candidates: list[int] = []
        if m.position in ("after", "either") and not negated:
            i = bisect_left(q_starts, te)
            if i < len(qs):
                q = qs[i]
                gap = t[te : q.qual_start]
                if (
                    len(gap) <= m.max_gap
                    and q.qual_start < next_term
                    and not any(c in _CLAUSE_END or c.isdigit() for c in gap)
                    and "分别" not in gap
                    and not any(w in gap for w in _GAP_NOT_VALUE)
                    and not _value_list_follows(t, q.end)
                ):
                    candidates.append(i)
        if m.position in ("before", "either"):
            i = bisect_right(q_ends, ts) - 1
            if i >= 0:
                q = qs[i]
                gap = t[q.end : ts]
                if len(gap) <= 2 and all(c in "的“”\"' 「」『』" for c in gap):
                    candidates.append(i)
        for i in candidates:
            q = qs[i]
            if i in used or q.percent:
                continue
            if q.unit not in m.units:
                withunit = _with_metric_unit(t, q, m)
                if withunit is None:
                    continue
                q = withunit
            rest = _clause_after(t, max(te, q.end))
            if m.after_contains and not any(w in rest for w in m.after_contains):
                continue
            if m.after_excludes and any(w in rest for w in m.after_excludes):
                continue
            return i, m, q
    return None


# Between a term and its number these say the number is not the figure: a change
# ("新增确诊病例下降451例") or a bound per member of a group ("新增确诊病例数均在2例及以下").
_GAP_NOT_VALUE = (
    *("下降", "减少", "增加", "上升", "增长", "回落"),
    *("均", "各", "最高", "最低", "突破", "峰值", "从", "降至", "升至"),
)
# Before a term: the figure is an average or a peak, not the period's count
# ("7天平均单日新增确诊病例").
_TERM_NOT_COUNT = ("平均", "日均", "最高", "峰值")


_THEN_NEW_RE = re.compile(r"[，,]\s*(?:当日|当天)新增\s*")


def _then_new(
    t: str,
    m: MetricDef,
    q: Quantity,
    cat: Catalog,
    qs: list[Quantity],
    q_starts: list[int],
    used: set[int],
) -> tuple[int, MetricDef, Quantity, int] | None:
    """ "累计死亡病例2788例，当日新增44例": the day's change of the stock just stated, as
    the flow metric the stock names (``then_new``)."""
    if m.then_new is None:
        return None
    fm = cat.metrics.get(m.then_new)
    mm = _THEN_NEW_RE.match(t, q.end)
    if fm is None or mm is None:
        return None
    i = bisect_left(q_starts, mm.end())
    if i >= len(qs) or i in used or qs[i].qual_start != mm.end():
        return None
    fq = qs[i]
    if fq.percent or fq.unit not in fm.units:
        return None
    return i, fm, fq, mm.start() + 1 + (len(mm.group()) - len(mm.group().lstrip("，, ")) - 1)


def _with_metric_unit(t: str, q: Quantity, m: MetricDef) -> Quantity | None:
    """A unit only this metric knows (毫米 for rainfall): read it from the text."""
    pos = q.end - len(q.unit) if q.unit and t.startswith(q.unit, q.end - len(q.unit)) else q.end
    for u in sorted(m.units, key=len, reverse=True):
        if t.startswith(u, pos):
            return replace(q, unit=u, end=pos + len(u))
    return None


def _value_list_follows(t: str, end: int) -> bool:
    """``分别为178例、6157例``: a list of bare values, which no single term owns."""
    return (
        t.startswith("、", end)
        and end + 1 < len(t)
        and (t[end + 1].isdigit() or t[end + 1] in _CN_CHARS)
    )


# A state, province or county abroad (北卡罗来纳州), not its governor (州长).
_FOREIGN_PART_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:州|省|县|郡)(?!长)")
_EXCEPT_RE = re.compile(r"除[^，,。；;]{1,16}?(?:以外|之外|外)|其[他它余](?:省|地区|地方|城市)")


def _region_for(
    t: str,
    pos: int,
    hits: list[tuple[int, int, tuple[str, str]]],
    ends: list[int],
    cat: Catalog,
    home: str | None,
) -> str | None:
    """The nearest place named before ``pos`` in the same paragraph.

    None when the clause group says the figure is about everywhere but a place ("除湖北以外，
    其他省份新增确诊病例12例", "全国除湖北以外地区"): the place named is the one it excludes.
    """
    para = _para_start(t, pos)
    seg = max(para, *(t.rfind(c, para, pos) + 1 for c in "。；;！？!?"))
    if _EXCEPT_RE.search(t, seg, pos) is not None:
        return None
    i = bisect_right(ends, pos) - 1
    while i >= 0 and hits[i][0] >= para:
        _, e, (typ, name) = hits[i]
        i -= 1
        if typ == "ignore" or t.startswith("籍", e):
            continue  # 湖北籍: a native of, not a place where the figure applies
        if t.startswith("除", hits[i + 1][0] - 1):
            return None  # "除湖北以外": everywhere but the place named
        if _unmatched_close(t[e:pos]) != -1:
            # "当日新增44例（湖北41例，新疆生产建设兵团1例）；累计治愈出院…": a place named
            # inside a closed parenthesis is not the subject of what follows it.
            continue
        if t.startswith("驻", hits[i + 1][0] - 1):
            return None  # 驻冲绳美军基地: a body stationed there, not the place's figure
        if typ == "region":
            r = cat.regions.get(name)
            if r is not None and r.level.startswith("foreign"):
                if r.level == "foreign" and _FOREIGN_PART_RE.search(t, e, pos):
                    return None  # "美国…北卡罗来纳州新增": a part of the country not listed
                if any(c in _SENT_END for c in t[e:pos]):
                    # News names a place abroad in each sentence about it: "日本冲绳县报告…
                    # 。驻冲绳美军基地新增…" is not the prefecture's figure.
                    return None
            if r is not None and r.level == "country" and i >= 0:
                _, pe, (ptyp, pname) = hits[i]
                pr = cat.regions.get(pname) if ptyp == "region" else None
                if pe == hits[i + 1][0] and pr is not None and pr.level == "foreign":
                    return pname  # 日本全国: Japan as a whole, not China
            return name
        if typ == "place":
            return name
        if typ == "contextual":
            return home + name if home else None
    return None


_OWN_TIME_RE = re.compile(
    r"[\d零〇一二两三四五六七八九十上下本当今昨前近这该]\s*(?:年|月|日|号|时|周|天|星期)"
)


def _period_for(
    rd: Reading, pos: int, times: list[TimeExpr], ends: list[int], flow: bool
) -> Period | None:
    """The nearest data time expression before ``pos`` in the same sentence; without one,
    the date that opens an earlier sentence of the paragraph.

    Bulletins state the date once: "2020年3月18日12-24时，山东省新增确诊病例0例。…累计报告
    境外输入确诊病例2例。" dates the second sentence too. Only a date opening its sentence
    carries over (one inside a sentence is that clause's own), and only up to the next
    sentence that opens with another.
    """
    sent = rd.sentence_start(pos)
    i = bisect_right(ends, pos) - 1
    t = rd.norm.text
    while i >= 0 and times[i].start >= sent:
        te = times[i]
        i -= 1
        if te.role != "data":
            continue
        if te.kind == "current" and _CLAUSE_END_RE.search(t, te.end, pos) is not None:
            # "现有重症病例461例，累计死亡病例80例": 现有 belongs to its own clause's
            # figure; the later ones keep the sentence's date ("截至1月26日24时").
            continue
        return period_of(te, flow)
    if _OWN_TIME_RE.search(t, sent, pos) is not None:
        return None  # the sentence has a time of its own ("2020年12月", "近一周以来")
    para = _para_start(t, pos)
    while i >= 0 and times[i].start >= para:
        te = times[i]
        i -= 1
        s0 = rd.sentence_start(te.start)
        if len(t[s0 : te.start].strip(" *#　")) > 2:
            continue  # inside its sentence: that clause's date only
        return period_of(te, flow) if te.role == "data" else None
    return None


def _derived(
    t: str,
    text: str,
    norm: Normalized,
    cend: int,
    base: Claim,
    q: Quantity,
    qs: list[Quantity],
    q_starts: list[int],
) -> Claim | None:
    """较29日减少863例 after a figure: the figure for the 29th, by arithmetic."""
    m = _CHANGE_RE.match(t, cend)
    if m is None or not base.exact or base.period is None or base.period.start is None:
        return None
    i = bisect_left(q_starts, m.end())
    if i >= len(qs) or qs[i].qual_start != m.end():
        return None
    delta = qs[i]
    if delta.percent or delta.qualifier != "exact" or unit_class(delta.unit) != unit_class(q.unit):
        return None
    bp = base.period
    ref = m.group("ref")
    if m.group("d"):
        d = int(m.group("d"))
        assert bp.start is not None
        mo = int(m.group("m")) if m.group("m") else bp.start.month
        ref_date = _safe_date(bp.start.year, mo, d)
        if ref_date is not None and ref_date >= bp.start:
            prev = bp.start.replace(day=1) - dt.timedelta(days=1)
            ref_date = _safe_date(prev.year, prev.month, d) if not m.group("m") else None
        if ref_date is None:
            return None
        period = Period(bp.kind, ref_date, None, bp.h0, bp.h1, text=m.group("ref"))
    elif ref.startswith(("昨", "前", "上一")):
        # In a comparison 较前日 means the day before the figure's own day.
        p = bp.shifted(-1)
        period = Period(p.kind, p.start, p.end, p.h0, p.h1, text=ref)
    else:
        return None
    sign = -1 if m.group("dir") in ("增加", "上升", "增长", "新增", "多") else 1
    value = base.value + sign * delta.value
    if value < 0:
        return None
    lead = len(m.group()) - len(m.group().lstrip(" ，,\t"))
    s, e = norm.orig(m.start() + lead), norm.orig_end(delta.end)
    return Claim(
        metric=base.metric,
        region=base.region,
        period=period,
        value=value,
        lo=value,
        hi=value,
        qualifier="exact",
        unit=base.unit,
        start=s,
        end=e,
        text=text[s:e],
        derived_from=f"{base.text} {text[s:e]}",
    )


# --------------------------------------------------------------------------- documents


def publication_dates(doc: Document) -> tuple[dt.date | None, dt.date | None]:
    """(publication date, date relative words count from), from the provenance analysis."""
    prov = extract_provenance(doc)
    return prov.published, prov.reference_date


def reading_for(doc: Document) -> Reading:
    """The document's reading, computed once per document (shared by every rule)."""
    cached = doc.cache.get(_READING_KEY)
    if isinstance(cached, Reading):
        return cached
    ref = weakref.ref(doc)  # the reading lives in the document's cache: no cycle

    def dates() -> tuple[dt.date | None, dt.date | None]:
        d = ref()
        return publication_dates(d) if d is not None else (None, None)

    rd = Reading(doc.text, dates=dates)
    doc.cache[_READING_KEY] = rd
    return rd


def analysis_for(doc: Document, catalog: Catalog) -> Analysis:
    """The document's claims under ``catalog``, computed once; they go into the report."""
    key = f"{_READING_KEY}:{id(catalog)}"
    cached = doc.cache.get(key)
    if isinstance(cached, Analysis):
        return cached
    a = analyze(doc.text, catalog, reading=reading_for(doc))
    doc.cache[key] = a
    # Ids follow the order of ``a.claims``: C101/C104 name claims by ``claim_id(k)``.
    doc.facts["claims"] = [
        {"id": claim_id(k)} | c.to_dict(doc, catalog) for k, c in enumerate(a.claims)
    ]
    return a


_READING_KEY = "seedlint.claims"


def claim_id(k: int) -> str:
    """The report's id of a document's ``k``-th claim (0-based): ``c1``, ``c2``, ..."""
    return f"c{k + 1}"


# --------------------------------------------------------------------------- breakdowns


@dataclass(frozen=True)
class Part:
    quantity: Quantity
    label: str
    share: Quantity | None = None
    start: int = -1
    """Normalised offset where the part's label begins (its quantity's start without one)."""
    """The percentage stated for this part (占总数的95.6%)."""


@dataclass(frozen=True)
class Breakdown:
    """A stated total and the parts listed after 其中, in normalised offsets."""

    total: Quantity
    parts: tuple[Part, ...]
    exhaustive: bool
    """The wording says the parts cover the total (全部, 均, 分别, shares adding to 100%)."""
    partial: bool
    """The wording says the list is not complete (等, 包括, 含)."""

    @property
    def sum(self) -> float:
        return sum(p.quantity.value for p in self.parts)


@dataclass(frozen=True)
class Inclusion:
    """``湖北籍3304人(含武汉籍375人)``: a figure and a figure it includes."""

    whole: Quantity
    part: Quantity


_PARTIAL_WORDS = ("包括", "包含", "含", "主要", "部分")
# 均 and 都已 are not among them: "89名在治患者均在定点医疗机构隔离治疗，其中重型11例" says
# where all 89 are, not that the list after 其中 covers them.
# 全部 alone is not either: "26名示威者已全部被捕，其中14人为…" says all were arrested.
_EXHAUSTIVE_RE = re.compile(r"(?:全部|悉数|分别)(?:为|是)")
# Words that fix which quantity a figure is (a running total, the current count, the
# day's new ones). A part carrying one its total does not carry is another figure of the
# bulletin ("现有确诊病例74例，其中境外输入66例，当日新增11例"), not a part of the total.
_KIND_MARKERS = (
    ("现有", "尚在", "目前"),
    ("累计",),
    ("新增", "当日", "今日", "昨日", "本周", "上周", "当周", "本月", "上月"),
)
_LIST_BREAK = (
    "此外",
    "另外",
    "同时",
    "涉及",
    "而",
    "但",
    "其余",
    "剩余",
    "以及其他",
    # a new total: "A类份额共计75,167,591.03份，其中…，C类份额共计191,996,576.60份"
    "共计",
    "合计",
    "总计",
    "总共",
    "一共",
)
_INCLUDES_RE = re.compile(r"\s*[(（]\s*(?:含|包括|包含|其中)")
# What joins a part to its share: "，占总数的", "，占比", "(占".
_SHARE_LEAD = re.compile(r"^[，,、(（\s]{0,2}(?:占[^，,；;。!！?？]{0,6}|比例为|比重为)$")
_OPEN = "(（"
_CLOSE = ")）"
_CLAUSE_SEMI_RE = re.compile("[；;]")


def _depths(t: str, start: int, end: int) -> list[int]:
    depth = 0
    out = []
    for ch in t[start:end]:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE and depth > 0:
            depth -= 1
    return out


def find_breakdowns(
    t: str, qs: list[Quantity], reading: Reading | None = None
) -> tuple[list[Breakdown], list[Inclusion]]:
    """Enumerations after 其中 with their total, and parenthesised inclusions (含...).

    ``qs`` needs to hold the quantities of every sentence with 其中 and of every segment
    with an inclusion's bracket (``Reading._breakdown_quantities``), or all of them.
    """
    out: list[Breakdown] = []
    incl: list[Inclusion] = []
    rd = reading if reading is not None else Reading.of_normalized(t)
    counted = [q for q in qs if not q.is_time]
    starts = [q.qual_start for q in counted]
    pos = t.find("其中")
    while pos != -1:
        b = _breakdown_at(t, pos, counted, starts, rd)
        if b is not None:
            out.append(b)
        pos = t.find("其中", pos + 2)
    for q in counted:
        if q.percent or not q.unit:
            continue
        m = _INCLUDES_RE.match(t, q.end)
        if m is None:
            continue
        j = bisect_left(starts, m.end())
        if j < len(counted) and counted[j].qual_start - m.end() <= 8:
            p = counted[j]
            gap = t[m.end() : p.qual_start]
            if (
                not any(c in _CLAUSE_END or c in _CLOSE for c in gap)
                and unit_class(p.unit) == unit_class(q.unit)
                and not p.percent
            ):
                incl.append(Inclusion(q, p))
    return out, incl


def _kinds(label: str) -> frozenset[int]:
    """Which of ``_KIND_MARKERS``' groups a label names."""
    return frozenset(i for i, words in enumerate(_KIND_MARKERS) if any(w in label for w in words))


# Outcomes a case count moves to. A running total breaks down into 治愈/死亡/在院, but the
# day's new cases do not: "新增确诊病例3例，其中石家庄2例、邢台1例，新增治愈出院57例".
_OUTCOMES = ("治愈", "出院", "死亡", "解除", "转为", "疑似")
_LABEL_DATE_RE = re.compile(r"\d{1,2}\s*[日号月时]")


def _other_outcome(label: str, total_label: str) -> bool:
    """A part naming an outcome its total does not, where that cannot be a breakdown."""
    for w in _OUTCOMES:
        if w in label and w not in total_label:
            return "累计" not in total_label or w in ("解除", "转为", "疑似")
    return False


def _clause_label(t: str, q: Quantity, floor: int) -> str:
    """The words of ``q``'s own clause before it: what the figure counts."""
    i = q.qual_start
    while i > floor and t[i - 1] not in "，,；;：:。！？!?\n":
        i -= 1
    return t[i : q.qual_start]


def _unmatched_close(s: str) -> int:
    """Offset in ``s`` of a closing bracket whose opening bracket is before ``s``, or -1."""
    depth = 0
    for k, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return k
            depth -= 1
    return -1


def _rate_follows(t: str, end: int) -> bool:
    """``100公里/小时``, ``3元每斤``: a rate, never a part of a count or a length."""
    return t.startswith(("/", "／", "每", "百分点"), end)


def _breakdown_at(
    t: str, pos: int, qs: list[Quantity], starts: list[int], rd: Reading
) -> Breakdown | None:
    sent = rd.sentence_start(pos)
    i = bisect_left(starts, pos) - 1
    while i >= 0 and qs[i].percent:
        i -= 1
    if i < 0 or qs[i].qual_start < sent:
        return None
    total = qs[i]
    lead = t[total.end : pos]
    close = _unmatched_close(lead)
    if close != -1:
        # "累计报告确诊病例245例（197例治愈出院，1例死亡），其中输入性病例116例": the
        # figure just before 其中 sits in a parenthesis closed before it; the list after
        # 其中 breaks down the figure the parenthesis follows.
        level = 0
        k = total.end + close
        while k > sent:
            k -= 1
            if t[k] in _CLOSE:
                level += 1
            elif t[k] in _OPEN:
                if level == 0:
                    break
                level -= 1
        i = bisect_left(starts, k) - 1
        while i >= 0 and qs[i].percent:
            i -= 1
        if i < 0 or qs[i].qual_start < sent or qs[i].end > k:
            return None
        total = qs[i]
        lead = t[total.end : pos]
    if not total.unit or pos - total.end > 40 or _rate_follows(t, total.end):
        return None
    if any(c in "。！？!?\n" for c in lead):
        return None
    sent_end = rd.sentence_end(pos)
    nested = t.find("其中", pos + 2, sent_end)
    stop = nested if nested != -1 else sent_end
    # A list runs to the end of its clause group: a semicolon starts the bulletin's next
    # figure (unless every part so far carries its share: "户籍199213人，占95.6%；外省
    # 9216人，占4.4%"), and a 其中 opened inside brackets ends with them ("现有重症病例67例
    # （其中危重22例），累计出院514例": 514 is not a part of 67).
    semi = _CLAUSE_SEMI_RE.search(t, pos + 2, stop)
    semi_at = semi.start() if semi is not None else stop
    inner_close = _unmatched_close(t[pos + 2 : stop])
    if inner_close != -1:
        stop = pos + 2 + inner_close
    total_label = _clause_label(t, total, sent)
    total_kinds = _kinds(total_label)
    depth = _depths(t, pos, stop)
    parts: list[Part] = []
    prev_end = pos + 2
    partial = t.startswith(("包括", "包含", "含"), pos + 2)
    j = bisect_left(starts, pos + 2)
    while j < len(qs) and qs[j].qual_start < stop:
        q = qs[j]
        j += 1
        label = t[prev_end : q.qual_start]
        if q.percent:
            if parts and _SHARE_LEAD.match(label) and parts[-1].share is None:
                parts[-1] = replace(parts[-1], share=q)
                prev_end = q.end
                continue
            if depth[q.qual_start - pos]:
                continue
            break
        if depth[q.qual_start - pos]:
            continue
        if q.qual_start > semi_at and not (parts and all(p.share for p in parts)):
            break
        if unit_class(q.unit) != unit_class(total.unit) or _rate_follows(t, q.end):
            break
        if len(label) > 24 or any(w in label for w in _LIST_BREAK):
            break
        if _kinds(label) - total_kinds or _other_outcome(label, total_label):
            break
        if _LABEL_DATE_RE.search(label):
            break  # "其中，冲绳县6日报告新增确诊病例981例": a clause of its own, not a part
        if label.rstrip().endswith("各"):
            partial = True  # "北京、上海本土确诊各1例": one figure per name, not summable
        if any(w in label for w in _PARTIAL_WORDS):
            partial = True
        stripped = label.lstrip("，,、；;：: ")
        parts.append(Part(q, stripped.rstrip(), start=q.qual_start - len(stripped)))
        prev_end = q.end
    if not parts:
        return None
    last = parts[-1].quantity
    if t.startswith(("等", "及其他", "以及其他"), last.end):
        partial = True
    head = t[pos + 2 : parts[0].quantity.qual_start]  # "其中A、B分别为800人、380人"
    exhaustive = _EXHAUSTIVE_RE.search(lead) is not None or _EXHAUSTIVE_RE.search(head) is not None
    shares = [p.share for p in parts if p.share is not None]
    if len(parts) >= 2 and len(shares) == len(parts):
        s = sum(x.value for x in shares)
        tol = sum(x.precision for x in shares) / 2 + 1e-9
        if abs(s - 100) <= tol:
            exhaustive = True
    return Breakdown(total, tuple(parts), exhaustive, partial)


def describe_claims(claims: Iterable[Claim]) -> list[str]:
    """One line per claim, for debugging and the ``claims`` command's text output."""
    out = []
    for c in claims:
        per = c.period.describe() if c.period else "(no period)"
        out.append(f"{c.region or '?'} | {c.metric} | {per} | {c.value_text()} | {c.text}")
    return out


# --------------------------------------------------------------------------- listing


def catalog_of(rules: Iterable[Any]) -> Catalog | None:
    """The catalog of the first rule whose detector reads claims (config-aware)."""
    for r in rules:
        cat = getattr(getattr(r, "detector", None), "catalog", None)
        if isinstance(cat, Catalog):
            return cat
    return None


def claims_report(
    paths: list[Path], cfg: Any, root: Path
) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[str]]:
    """Every document's claims under the configured catalog, and the paths not found.

    Used by ``seedlint claims``: the same extraction the rules run, without the rules.
    """
    from seedlint.engine import RuleSet, source_options
    from seedlint.rules import builtin_rules_dir
    from seedlint.sources import discover, read_file

    ruleset = RuleSet.from_config(cfg)
    catalog = catalog_of(ruleset.rules) or catalog_of(ruleset.all_rules)
    if catalog is None:
        lex = builtin_rules_dir() / "lexicons"
        catalog = load_catalog((lex / "metrics_zh.yaml",), (lex / "regions_zh.yaml",))
    opts = source_options(cfg)
    files, missing = discover(paths, root, opts)
    rows: list[tuple[str, list[dict[str, Any]]]] = []
    for f in files:
        sf = read_file(f, root, opts)
        for doc in sf.documents:
            a = analysis_for(doc, catalog)
            rows.append((doc.doc_id, [c.to_dict(doc, catalog) for c in a.claims]))
    return rows, missing


def format_claims(
    rows: list[tuple[str, list[dict[str, Any]]]], fmt: str = "text", comparable_only: bool = False
) -> str:
    """Claims as an aligned text table, TSV, or JSON (one object per document)."""
    import json

    def keep(c: dict[str, Any]) -> bool:
        return bool(c.get("comparable")) or not comparable_only

    if fmt == "json":
        data = [{"document": d, "claims": [c for c in cs if keep(c)]} for d, cs in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    header = ["document", "line:col", "region", "metric", "period", "value", "text"]
    table: list[list[str]] = []
    for doc_id, cs in rows:
        for c in cs:
            if not keep(c):
                continue
            per = c.get("period")
            pkey = (per.get("key") or f"({per['kind']}: {per['text']})") if per else "-"
            q = c["qualifier"]
            value = f"{c['value']}{c['unit']}" + ("" if q == "exact" else f" [{q}]")
            if c.get("derived_from"):
                value += " [derived]"
            table.append(
                [
                    doc_id,
                    f"{c.get('line', '?')}:{c.get('column', '?')}",
                    c.get("region") or "?",
                    c["metric"],
                    pkey,
                    value,
                    c["text"].replace("\n", " ").replace("\t", " "),
                ]
            )
    if fmt == "tsv":
        return "".join("\t".join(r) + "\n" for r in [header, *table])
    widths = [max(_width(r[i]) for r in [header, *table]) for i in range(len(header) - 1)]
    lines = []
    for r in [header, *table]:
        cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    n_docs = sum(1 for _, cs in rows if any(keep(c) for c in cs))
    lines.append(f"{len(table)} claim(s) in {n_docs} of {len(rows)} document(s)")
    return "\n".join(lines) + "\n"


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in s)
