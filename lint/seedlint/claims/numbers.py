"""Stage 2: numerals and quantities.

Arabic and Chinese numerals, thousands separators, 万/亿, decimals, percentages, ranges,
units and qualifiers (超, 约, 至少, 余 ...) become ``Quantity`` values with the interval
they allow (``interval``): a bound such as 超6000例 is open on one side, never a value.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

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


# 兆 is a million million in Taiwan's and Hong Kong's money (3兆元, 17.4兆美元); the 兆 of
# 兆瓦 and 兆赫 (mega) takes no unit any metric counts in.
_MULT = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万亿": 1e12, "兆": 1e12}

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
    r"(?P<mult>万亿|千万|百万|万|亿|兆)?(?P<pct>\s?[%‰])?"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]{2,}(?:点[零〇一二三四五六七八九]+)?"
    r"|[零〇一二两三四五六七八九十](?=[" + "".join(sorted(_UNIT_FIRST - {" "})) + r"]))"
)

_UNIT_RE = re.compile(
    r"\s?(?P<q1>余|多)?\s?(?P<unit>" + "|".join(map(re.escape, _UNITS)) + r")?"
    r"(?P<q2>以上|以下|左右|上下|之多)?"
)
# Each unit once: a 20 MB line of figures holds about a million quantities, and a unit
# taken from its match was a string of its own for each (some 40 MB).
_UNIT_NAMES = {u: u for u in _UNITS}
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
    # 约达 / 约为: "about" before the verb (直接经济损失约达400万元)
    ("约达", "about"),
    ("约为", "about"),
    ("约", "about"),
    ("逾", "gt"),
    ("超", "gt"),
]
_PREFIX_LAST = frozenset(w[-1] for w, _ in _PREFIX_QUAL)
_SUFFIX_QUAL = {"以上": "ge", "以下": "le", "左右": "about", "上下": "about", "之多": "exact"}
SUFFIX_QUALIFIERS = _SUFFIX_QUAL
"""Bounds written after a number and its unit (以上 is at least)."""


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


_QRow = tuple[int, int, float, float, str, bool, str, int, float | None]
"""A quantity's fields in ``Quantity``'s order, before it is made (or packed)."""


def scan_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number in the text with its unit and qualifier, ranges merged, in order.

    ``start``/``end`` scan one stretch of the text with the whole text as context. Scanning
    stretches that begin and end just after a character no number, unit or range can hold
    (``SEGMENT_ENDS``) gives exactly the whole-text quantities that start in them.
    """
    return [Quantity(*row) for row in _merged(text, _scan(text, start, end))]


def scan_quantity_run(text: str, start: int = 0, end: int | None = None) -> QuantityRun:
    """``scan_quantities`` packed as columns (``QuantityRun``): the same quantities."""
    run = QuantityRun()
    add = run.append
    for row in _merged(text, _scan(text, start, end)):
        add(row)
    return run


def _scan(text: str, start: int, end: int | None) -> Iterator[_QRow]:
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
                unit = _UNIT_NAMES.get(unit, unit)
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
        yield (s, end, value, prec, unit, pct, qual, qstart, None)


_RANGE_SEP = frozenset("-~～至到—–")
_CALENDAR = frozenset(["年", "月", "日", "号", "时", "点", "分", "秒"])


def _may_follow(text: str, end: int) -> bool:
    """A bare number is kept only if a range or a unit only some metric knows may follow."""
    if end >= len(text):
        return False
    ch = text[end]
    return ch in _RANGE_SEP or "\u3400" <= ch <= "\u9fff"


def _merged(text: str, rows: Iterator[_QRow]) -> Iterator[_QRow]:
    """``100-200例`` and ``100至200例`` become one range quantity with the second unit."""
    pending: _QRow | None = None
    for b in rows:
        a = pending
        if a is None:
            pending = b
            continue
        if not a[5]:
            gap = text[a[1] : b[7]]
            if (
                len(gap) == 1
                and gap in _RANGE_SEP
                and b[4]
                and b[4] not in TIME_UNITS
                and a[4] in ("", b[4])
                and b[2] > a[2]
            ):
                yield (a[0], b[1], a[2], min(a[3], b[3]), b[4], False, "range", a[7], b[2])
                pending = None
                continue
        yield a
        pending = b
    if pending is not None:
        yield pending


class QuantityRun(Sequence[Quantity]):
    """Quantities kept as columns, each ``Quantity`` made when it is asked for.

    A 20 MB line of figures holds about a million quantities in one segment; as objects
    (with their own offsets and values) they took some 190 MB for as long as the claims
    were read, as columns about a third of that. Items are equal to the objects
    ``scan_quantities`` makes, field for field; they are not the same objects.
    """

    __slots__ = (
        "_has_high",
        "_high",
        "_pct",
        "_prec",
        "_qual",
        "_unit",
        "_value",
        "ends",
        "qual_starts",
        "starts",
    )

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.qual_starts = array("q")
        self._value = array("d")
        self._prec = array("d")
        self._high = array("d")
        self._has_high = bytearray()
        self._pct = bytearray()
        self._unit: list[str] = []
        self._qual: list[str] = []

    def append(self, row: _QRow) -> None:
        s, e, value, prec, unit, pct, qual, qstart, high = row
        self.starts.append(s)
        self.ends.append(e)
        self.qual_starts.append(qstart)
        self._value.append(value)
        self._prec.append(prec)
        self._high.append(0.0 if high is None else high)
        self._has_high.append(high is not None)
        self._pct.append(pct)
        self._unit.append(unit)
        self._qual.append(qual)

    def extend(self, other: QuantityRun) -> None:
        self.starts += other.starts
        self.ends += other.ends
        self.qual_starts += other.qual_starts
        self._value += other._value
        self._prec += other._prec
        self._high += other._high
        self._has_high += other._has_high
        self._pct += other._pct
        self._unit += other._unit
        self._qual += other._qual

    def row(self, i: int) -> _QRow:
        return (
            self.starts[i],
            self.ends[i],
            self._value[i],
            self._prec[i],
            self._unit[i],
            bool(self._pct[i]),
            self._qual[i],
            self.qual_starts[i],
            self._high[i] if self._has_high[i] else None,
        )

    def without_time(self) -> QuantityRun:
        """The quantities whose unit is not a time unit (this run when none is)."""
        units = self._unit
        if not any(u in TIME_UNITS for u in set(units)):
            return self
        out = QuantityRun()
        for i, u in enumerate(units):
            if u not in TIME_UNITS:
                out.append(self.row(i))
        return out

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> Quantity: ...

    @overload
    def __getitem__(self, i: slice) -> list[Quantity]: ...

    def __getitem__(self, i: int | slice) -> Quantity | list[Quantity]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.starts)))]
        n = len(self.starts)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("quantity index out of range")
        return Quantity(*self.row(i))

    def __iter__(self) -> Iterator[Quantity]:
        for i in range(len(self.starts)):
            yield Quantity(*self.row(i))


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
