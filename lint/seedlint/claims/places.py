"""Which region a figure is about.

Region mentions of a text, a paragraph's home region, and the region named nearest
before a figure, unless a foreign place, an "everywhere but X" or another place name
(the gazetteer) stands between them: then the figure has no region and is compared with
nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from seedlint.claims.breakdowns import _CLOSE, _OPEN
from seedlint.claims.catalog import Catalog
from seedlint.claims.times import _CLAUSE_END, _CLAUSE_END_RE, _SENT_END


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


_NEWLINE_RE = re.compile("\n")
_GROUP_END_RE = re.compile("[。；;！？!?]")


class _Cuts:
    """Where a text's lines and clause groups end, found once per text: each figure asks
    for its paragraph's and clause group's start, and scanning back with ``rfind`` from
    every figure is quadratic on a text that never ends a line or a sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Found by the regex engine, not a Python loop over every character: a tenth of
        # the time on a long bulletin.
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
        self.groups = [m.start() for m in _GROUP_END_RE.finditer(text)]

    @staticmethod
    def last_before(marks: list[int], i: int) -> int:
        k = bisect_left(marks, i) - 1
        return marks[k] if k >= 0 else -1


_cuts_memo: list[_Cuts] = []


def _cuts(text: str) -> _Cuts:
    """The cuts of ``text``, kept for the text analysed last (one document at a time)."""
    if not _cuts_memo or _cuts_memo[0].text is not text:
        _cuts_memo[:] = [_Cuts(text)]
    return _cuts_memo[0]


WINDOW = 1000
"""How far back a figure's clause-level cues are looked for (除…以外, a time of its
own): far longer than any real clause group, and it keeps a text that never ends a
sentence linear."""


def _para_start(text: str, i: int) -> int:
    return _Cuts.last_before(_cuts(text).newlines, i) + 1


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


_FOREIGN_PART_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:州|省|县|郡)(?!长)")
# A place, at most a few more names, then 等: "江西赣南等原中央苏区", "湖北、广东等地" name a
# group the place belongs to (等待, 等级, 同等 are other words). A body of the place
# ("重庆市卫生健康委等部门") is no group of places: its figure stays the place's.
_GROUP_AFTER_RE = re.compile(
    r"(?:(?![委局部厅办院府会司所队组])[\u4e00-\u9fff、]){0,4}?等(?![待级次同于候])"
)
# "31个 省（自治区、直辖市）和新疆生产建设兵团": the national bulletin's scope however it is
# spaced or bracketed (the aliases in regions_zh.yaml spell the usual forms); the place
# joined to the count of provinces is a member of the scope, not the figure's subject.
_NATIONAL_SCOPE_RE = re.compile(r"3[01]\s*个\s*省\s*[(（][^()（）]{1,12}[)）]\s*(?:和|及)\s*\Z")
_EXCEPT_RE = re.compile(
    r"除[^，,。；;]{1,16}?(?:以外|之外|外)|其[他它余](?:省|地区|地方|城市)"
    # "全国湖北以外地区新增确诊病例377例", "湖北以外30个省（…）": everywhere but the place
    r"|(?:以外|之外)"
)
# "其中，邢台市4例、秦皇岛市1例。新增疑似病例50例": a place listed with its own number is
# that item's, not the subject of a figure after the list.
_LIST_ITEM_RE = re.compile(r"\s*\d+\s*(?:例|人|名)\s*[、，,；;。)）]")
# "新疆（含兵团）现有确诊病例50例": the place and what the bracket adds, not the place alone.
_INCLUDING_RE = re.compile(r"\s*[(（]\s*(?:含|包括|包含)")
# "武汉火神山医院…累计治愈出院1335人": a hospital, school or company named after its place
# is the figure's subject; its figures are its own, not the place's. A body of the place
# (卫生健康委, 疾控中心) speaks for the place and is not listed.
_INSTITUTION_RE = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:医院|方舱|大学|学院|学校|中学|小学|公司|集团|机场|酒店|监狱)"
)
# "1例有湖北及其他省份接触史": where a case had been, not where the figure applies.
_HISTORY_RE = re.compile(r"[^，,。；;]{0,6}?(?:接触史|旅居史|旅行史|居住史|暴露史|旅游史)")


_REACH = 3000


def _region_for(
    t: str,
    pos: int,
    hits: list[tuple[int, int, tuple[str, str]]],
    ends: list[int],
    cat: Catalog,
    home: str | None,
    floor: int = 0,
) -> str | None:
    """The nearest place named before ``pos`` in the same paragraph (and at or after
    ``floor``: a metric that takes its region only from its own sentence passes the
    sentence's start).

    None when the clause group says the figure is about everywhere but a place ("除湖北以外，
    其他省份新增确诊病例12例", "全国除湖北以外地区"): the place named is the one it excludes.
    """
    # A place further back than _REACH characters is not looked for: no real paragraph
    # names its place that far before its figure, and a text of figures after one place (or
    # after bracketed places only) would otherwise send every figure back to its start.
    para = max(_para_start(t, pos), floor, pos - _REACH)
    seg = max(para, _Cuts.last_before(_cuts(t).groups, pos) + 1)
    if _EXCEPT_RE.search(t, max(seg, pos - WINDOW), pos) is not None:
        return None
    i = bisect_right(ends, pos) - 1
    # Brackets between a place and the figure, read once from the figure back as the walk
    # goes to earlier places (slicing and rescanning per place was quadratic in a paragraph
    # of many skipped places): ``low`` is the lowest bracket depth of any prefix of
    # t[scanned:pos], below zero when a bracket closes there that opened before it.
    scanned, low = pos, 0
    while i >= 0 and hits[i][0] >= para:
        _, e, (typ, name) = hits[i]
        i -= 1
        while scanned > e:
            scanned -= 1
            ch = t[scanned]
            if ch in _OPEN:
                low = min(0, low + 1)
            elif ch in _CLOSE:
                low -= 1
        if (
            typ == "ignore"
            or t.startswith("籍", e)
            or ("史" in t[e : e + 10] and _HISTORY_RE.match(t, e))
        ):
            continue  # 湖北籍, 有湖北接触史: a native of, a visitor to, not the figure's place
        if t.startswith("除", hits[i + 1][0] - 1):
            return None  # "除湖北以外": everywhere but the place named
        if low < 0:
            # "当日新增44例（湖北41例，新疆生产建设兵团1例）；累计治愈出院…": a place named
            # inside a closed parenthesis is not the subject of what follows it.
            continue
        if _in_qizhong_clause(t, hits[i + 1][0], e, pos):
            continue  # "其中邢台市为首次报告，新增疑似病例50例": a part's place, not the next's
        nxt = t[e : e + 1]
        if (nxt.isdigit() or nxt == " ") and _LIST_ITEM_RE.match(t, e):
            continue  # 秦皇岛市1例、: a list item's place
        if nxt in ("(", "（", " ") and _INCLUDING_RE.match(t, e):
            return None  # 新疆（含兵团）: a group of places
        if t.startswith("、", e) or t.startswith("、", hits[i + 1][0] - 1):
            return None  # "廊坊市、邢台市为报告首例确诊病例": a group, no single place
        if _INSTITUTION_RE.match(t, e) is not None:
            return None  # 武汉火神山医院: the hospital's figure, not the city's
        if t.startswith("驻", hits[i + 1][0] - 1):
            return None  # 驻冲绳美军基地: a body stationed there, not the place's figure
        if _GROUP_AFTER_RE.match(t, e, pos) is not None:
            return None  # "江西赣南等原中央苏区地区生产总值": a group of places, not this one
        if t.find("中国", e, pos) != -1:
            # "深圳折射出的正是中国大地上的变革，今天的中国，经济总量跃升到114.4万亿元": the
            # country named after the place is what the figure is about. 中国 alone is no
            # alias of 全国 (中国银行, 中国新闻网), so the figure gets no region.
            return None
        s0 = hits[i + 1][0]
        if (
            typ == "region"
            and ("和" in t[max(0, s0 - 3) : s0] or "及" in t[max(0, s0 - 3) : s0])
            and _NATIONAL_SCOPE_RE.search(t, max(0, s0 - 24), s0)
        ):
            return "全国" if "全国" in cat.regions else None
        if t.startswith(("/", "／"), s0 - 1) or t.startswith(("/", "／"), e):
            return None  # "大陆/香港今年共有11家企业进榜": the two together
        if (
            i >= 0
            and hits[i][1] == s0 - 1
            and t[s0 - 1] in "和与及"
            and hits[i][2][0] in ("region", "place")
        ):
            return None  # "中国大陆和香港…总市值": both places' figure, neither's alone
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
            return _contextual(t, hits, i, cat, home, name)
    return None


def _in_qizhong_clause(t: str, s: int, e: int, pos: int) -> bool:
    """Whether the place at ``s``..``e`` stands in a clause led by 其中 and the figure at
    ``pos`` in a later clause: the place details the figure before it ("新增确诊病例9例，
    其中邢台市为首次报告，新增疑似病例50例" says nothing of Xingtai's suspected cases). A
    place in the figure's own clause ("其中邢台市新增4例") is still its place. Bounded: the
    clause is looked at 24 characters back, and the scan forward stops at the first clause
    end, which only a clause led by 其中 asks for."""
    lo = max(0, s - 24)
    q = t.rfind("其中", lo, s)
    if q == -1:
        return False  # the common case, settled by one search in C
    if any(c in _CLAUSE_END for c in t[q + 2 : s]):
        return False  # 其中 leads an earlier clause
    return _CLAUSE_END_RE.search(t, e, pos) is not None


def _contextual(
    t: str,
    hits: list[tuple[int, int, tuple[str, str]]],
    i: int,
    cat: Catalog,
    home: str | None,
    suffix: str,
) -> str | None:
    """The region a word such as 全市 or 全省 (``hits[i + 1]``) stands for.

    "福建全省" is the province named right before the word; otherwise the document's home
    region, when it is what the word says: 全市 is a city, 全省 a province. A story that
    names 厦门 most often and says "福建全省地区生产总值57761亿元", or one about Anhui that
    says "无为…全市实现地区生产总值超700亿元" (a city not in the catalogue), gives the figure
    to no region rather than to the wrong one.
    """
    s, e = hits[i + 1][0], hits[i + 1][1]
    word = t[s:e]
    want = "city" if word.endswith("市") else "province" if word.endswith("省") else None
    if not suffix and i >= 0 and hits[i][1] == s and hits[i][2][0] == "region":
        before = cat.regions.get(hits[i][2][1])
        if before is not None and (want is None or before.level == want):
            return before.name
    if not home:
        return None
    if not suffix and want is not None:
        r = cat.regions.get(home)
        if r is None or r.level != want:
            return None
    return home + suffix
