"""Stage 3: when a figure holds.

``scan_times`` finds absolute dates, dates relative to the publication date or to the
date last named (``21日``, ``昨日``), whole-day and partial windows, "as of" moments and
spans; dates that only say when a press conference was held or a dispatch filed are
marked as events. ``Period`` is the time part of a claim's key: two figures are compared
only when their periods are the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seedlint.claims.numbers import parse_cn_int


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
    """date, window, asof, span, current, clock (a time of day not read: no period)."""
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
    rf"(?:(?:民国\s*(?P<roc>\d{{2,3}})|(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}}))\s*年\s*)?"
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
_DATE_START_RE = re.compile(r"[\d〇零一二两三四五六七八九十截目当现至迄昨今前民]")


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
    r"\s*(?:当天|当日)?\s*(?:凌晨)?(?P<h0>\d{1,2}|零)\s*(?:时|点)?\s*(?:至|到|-|—|–|~|～)\s*"
    r"(?P<h1>\d{1,2}|二十四)\s*[时点]|\s*(?P<allday>全天)"
)
_HOUR_RE = re.compile(r"\s*(?P<ampm>凌晨|上午|中午|下午|晚上|晚)?\s*(?P<h>\d{1,2})\s*[时点](?!\d)")
# A time of day the scan does not read into an hour: minutes (18时30分, 7:00), an hour in
# Chinese numerals, or a window's start across days. A figure dated by one has no period
# to be compared under: "今天7:00至16:00" is not the whole day, "截至28日18时30分" is not
# the day's end.
_CLOCK_RE = re.compile(
    r"\s*(?:当天|当日)?\s*(?:凌晨|上午|中午|下午|傍晚|晚上|晚)?\s*"
    r"(?:\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点]\s*\d{1,2}\s*分|(?:零|[一二三四五六七八九十]{1,3})\s*[时点])"
)
# The characters a _CLOCK_RE match can begin with.
_CLOCK_FIRST = frozenset(" \t\u3000当凌上中下傍晚零一二三四五六七八九十0123456789")
_MINUTES_RE = re.compile(r"\s*(?:\d{1,2}|[零一二三四五六七八九十]{1,3})\s*分|\s*[:：]\s*\d{2}")
_PM = ("下午", "晚上", "晚", "傍晚")
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
            elif m.group("roc"):
                # Taiwan's calendar: 民國106年 is 2017 (year 1 is 1912)
                date = _safe_date(1911 + int(m.group("roc")), mo, dd)
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
                if hm:
                    h = int(hm.group("h"))
                    ampm = hm.group("ampm")
                    if ampm in _PM and h < 12:
                        h += 12  # 截至3日下午4时: 16:00
                    elif ampm == "中午" and h < 6:
                        h += 12
                    if 0 <= h <= 24:
                        h0 = None if h == 24 else h
                        kind = "asof"
                        end = hm.end()
                        if _MINUTES_RE.match(text, end):
                            kind, h0 = "clock", None  # 18时30分: not the hour
                if (
                    kind == "date"
                    and text[end : end + 1] in _CLOCK_FIRST
                    and _CLOCK_RE.match(text, end)
                ):
                    kind = "clock"
                if kind in ("asof", "clock"):
                    # "16日9时至17日9时", "27日16:00-28日7:00": the start of a window that
                    # ends on another day; the figure belongs to the window, not this moment
                    jm = _RANGE_JOIN_RE.match(text, end)
                    nxt = text[jm.end() : jm.end() + 6] if jm else ""
                    if jm and nxt[:1].isdigit() and ("日" in nxt or "时" in nxt or ":" in nxt):
                        kind, h0 = "clock", None
        pos = max(pos, end)
        before = text[max(0, start - 4) : start].rstrip()
        if kind in ("date", "asof") and before.endswith(_ASOF_BEFORE):
            kind = "asof"
        role = _role(text, start, end, n)
        if date is not None and role != "duration":
            anchor = date if kind != "span" else (end_date or date)
            if (
                kind == "date"
                and (m.group("y") or m.group("roc") or m.group("iy"))
                and _in_heading(text, start)
            ):
                # "### 日记八 2020年02月13日": a diary entry's or section's own date is what
                # its 今天 means, not the publication date of the whole page.
                ref = date
        out.append(TimeExpr(start, end, kind, date, end_date, h0, h1, role, text[start:end]))
    periods = _scan_periods(text, published, out, stop)
    if periods:
        out = sorted(out + periods, key=lambda te: te.start)
    return out


_CN_MONTH = "一二三四五六七八九十"
# Statistics bulletins' periods: a year, a quarter, a half, the first months of a year
# (2019年, 今年一季度, 上半年, 前三季度, 1-5月, 2020年12月, 5月份). A figure of the economy
# or of a harvest counts over one of these, as a case count counts over a day.
_PERIOD_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*年度?|民国\s*(?P<roc>\d{2,3})\s*年度?|(?P<ry>今|去|上)年)?\s*"
    r"(?:(?P<full>全年)|第?(?P<q>[一二三四1-4])季(?:度|(?<=第[一二三四1-4]季))|(?P<h>[上下])半年|前(?P<qq>[两二三])季度"
    r"|(?P<m0>\d{1,2}|一)\s*(?:-|—|–|～|~|至|到)\s*(?P<m1>\d{1,2}|十[一二]?|[二三四五六七八九])\s*月份?"
    r"|(?P<mf>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份"
    r"|(?P<ym>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?![\d零〇一二三四五六七八九十份\s]))?"
)
# Where a period can end, each anchor checked by look-arounds first (as for dates): a 年
# after a numeral or 今/去/上, a quarter or half named, 月份, a 月 after a numeral and not
# before a day (3月18日 is a date). Most 年 and 月 of news text are skipped before any
# window is searched.
_PERIOD_ANCHOR_RE = re.compile(
    r"年(?<=[\d今去上]年)|季度(?<=[一二两三四1-4]季度)|季(?<=第[一二三四1-4]季)(?!度)"
    r"|半年(?<=[上下]半年)|月份"
    r"|月(?<=[\d一二三四五六七八九十]月)(?!\s*[\d零〇一二三四五六七八九十]{1,3}\s*[日号])"
)
# After a period, these make it a start, an end or a bound, not the span a figure counts
# over ("2019年以来", "2019年底", "上半年以前"); before it, a comparison's other term or a
# target ("比上年", "到2025年").
_PERIOD_NOT_AFTER = (
    *("以来", "来", "起", "开始", "底", "末", "初", "前", "后", "之前", "以前", "以后"),
    *("之后", "至今", "内", "中", "上旬", "中旬", "下旬", "同期", "相比", "目标", "计划"),
)
_PERIOD_NOT_BEFORE = ("到", "至", "截至", "截止", "自", "从", "比", "较", "与", "和", "同", "于")
_QUARTERS = {"1": 1, "一": 1, "2": 2, "二": 2, "两": 2, "3": 3, "三": 3, "4": 4, "四": 4}


def _month(s: str) -> int | None:
    n = int(s) if s.isdigit() else parse_cn_int(s)
    return n if n is not None and 1 <= n <= 12 else None


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)) - dt.timedelta(days=1)


def _period_span(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The days a statistics period covers; None when it is not one a figure can have
    counted over: unresolvable, relative without a year named, or not over yet."""
    if m.group("y"):
        year: int | None = int(m.group("y"))
    elif m.group("roc"):
        year = 1911 + int(m.group("roc"))  # 民國105年 is 2016
    elif m.group("ry") and published is not None:
        year = published.year - (0 if m.group("ry") == "今" else 1)
    else:
        year = None
    sub = m.group("full") or m.group("q") or m.group("h") or m.group("qq")
    sub = sub or m.group("m0") or m.group("mf") or m.group("ym")
    if sub is None and not (m.group("y") or m.group("roc")):
        return None  # 今年 alone: the year so far or a plan, not a closed period
    if m.group("q"):
        q = _QUARTERS[m.group("q")]
        months = (3 * q - 2, 3 * q)
    elif m.group("h"):
        months = (1, 6) if m.group("h") == "上" else (7, 12)
    elif m.group("qq"):
        months = (1, 3 * _QUARTERS[m.group("qq")])
    elif m.group("m0"):
        a, b = _month(m.group("m0")), _month(m.group("m1"))
        if a is None or b is None or a >= b:
            return None
        months = (a, b)
    elif m.group("mf") or m.group("ym"):
        if m.group("ym") and year is None:
            return None  # "5月" without a year is too often part of something else
        a = _month(m.group("mf") or m.group("ym"))
        if a is None:
            return None
        months = (a, a)
    else:
        months = (1, 12)  # a year named alone, or 全年
    if year is None:
        if published is None or m.group("full"):
            return None  # 全年 alone: which year is a guess
        year = published.year  # 一季度 read in May: this year's (in February: not over)
    start, end = dt.date(year, months[0], 1), _month_end(year, months[1])
    if published is not None and end > published:
        return None  # a period not over at publication: a forecast or a running total
    return start, end


def _scan_periods(
    text: str, published: dt.date | None, taken: list[TimeExpr], stop: int | None
) -> list[TimeExpr]:
    """Statistics periods (``_PERIOD_RE``) not inside an expression already found."""
    out: list[TimeExpr] = []
    k = 0
    pos = 0
    limit = len(text) if stop is None else stop
    for a in _PERIOD_ANCHOR_RE.finditer(text, 0, limit):
        if a.start() < pos:
            continue
        while k < len(taken) and taken[k].end <= a.start():
            k += 1
        if k < len(taken) and taken[k].start <= a.start():
            continue  # inside a date already read (2020年3月18日)
        s = max(pos, a.start() - 12)  # room for 民国 105 年 before 第1季
        found = None
        for m in _PERIOD_RE.finditer(text, s, min(len(text), a.end() + 12)):
            if m.start() <= a.start() < m.end() and m.end() > m.start():
                found = m
                break
        if found is None:
            continue
        # whole-text view of the same match (lookarounds intact)
        m2 = _PERIOD_RE.match(text, found.start())
        if m2 is None or m2.end() <= a.start():
            continue
        start, end = m2.start(), m2.end()
        while start < end and text[start].isspace():
            start += 1
        pos = end
        while k < len(taken) and taken[k].end <= start:
            k += 1
        if k < len(taken) and taken[k].start < end:
            continue  # part of a date already read (2020年3月18日)
        if start > 0 and text[start - 1].isdigit():
            continue
        if text.startswith(_PERIOD_NOT_AFTER, end) or text.startswith("以", end):
            continue
        span = _period_span(m2, published)
        if span is None:
            continue
        before = text[max(0, start - 2) : start]
        role = "compare" if before.endswith(_PERIOD_NOT_BEFORE) else "data"
        out.append(TimeExpr(start, end, "span", span[0], span[1], role=role, text=text[start:end]))
    return out


def _in_heading(text: str, i: int) -> bool:
    """Whether offset ``i`` is on a Markdown heading line."""
    return text.startswith("#", text.rfind("\n", 0, i) + 1)


# The clause after "2020年1月26日，" that makes the date the day a reporter learned
# something ("记者从云南省卫生健康委员会获悉"), not the day the figure counts.
_LEARNED_RE = re.compile(r"[，,]\s*[^，,。；;！？\n]{0,24}?(?:获悉|了解到)")


def _role(text: str, start: int, end: int, n: int) -> str:
    before = text[max(0, start - 1) : start]
    after = text[end : min(n, end + 2)].lstrip()
    if before in ("自", "从") or after.startswith(_START_AFTER):
        return "start"
    if before in ("较", "比"):
        # "截至4日0时，韩国较3日下午4时新增…": the comparison's base, not the figure's time
        return "start"
    if after[:1] in ("电", "讯") or after.startswith(_EVENT_VERBS):
        return "event"
    limit = min(n, end + 30)
    ce = _CLAUSE_END_RE.search(text, end, limit)
    if _EVENT_WORDS_RE.search(text, end, limit if ce is None else ce.start()):
        return "event"
    if text[end : end + 1] in ("，", ",") and _LEARNED_RE.match(text, end):
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
