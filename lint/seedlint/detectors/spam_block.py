"""``spam_block``: injected keyword lists (black-hat SEO blocks).

Mirror sites append lines like `镇远县| 闽侯县| 左权县| 彩票| 读书| 高雄市| 湖南省| ...`
(seed 000) so that search engines index the page for every county and every gambling
keyword. The block carries no meaning and poisons any model that trains on it.

A block is a run of lines (single blank lines allowed inside) made of short delimited
items with no sentence punctuation. Each block is scored on several signals, every one
in [0, 1], combined with weights from the rule's YAML:

* ``count``       number of items (a keyword list is long);
* ``short``       median item length (place names and keywords are 2-4 characters);
* ``delimited``   items per line (one-item-per-line columns score 0 here);
* ``no_sentence`` share of items without sentence punctuation (a gate as well: a line
  with `。！？；` is prose and never part of a block);
* ``lexicon``     share of items that are place names (gazetteer) or spam terms;
* ``unrelated``   share of items that occur nowhere else in the document;
* ``edge``        the block sits before or after the article, not inside it;

minus penalties for what real lists look like: navigation words (`首页 | 新闻 | 关于我们`),
figures (tables), prose enumeration markers (`渝中区、江北区、南岸区等9个区`), personal
names (member lists) and a label introducing the list (`关键词：`). The score is the
weighted sum divided by the sum of the weights; blocks at or above ``threshold`` are
reported. Blocks of items the lists have never seen still score high on the structural
and unrelatedness signals; on real pages such blocks were mostly site menus, tag clouds
and reader controls, so ``min_lexicon`` (set in the rule pack) asks for a share of known
places or spam terms before a block is reported. Labelled SEO lines (`本文关键词：…`) are
reported on their label (``seo_label_regex``), whatever their items.

Removal is safe only at the edge of the article with a score at or above
``safe_threshold``; otherwise it is offered as an unsafe fix.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._regex import BudgetedRegex
from seedlint.detectors._webtext import (
    ITEM_DELIMS,
    LATIN_SENTENCE_END_RE,
    Furniture,
    Gazetteer,
    Page,
    TermScanner,
    han_count,
    has_sentence_punct,
    is_dateline,
    is_provenance,
    layout,
    lazy_lines,
    load_furniture,
    load_gazetteer,
    normalized,
    page,
    removal_edit,
    resolve_files,
    split_item_texts,
)
from seedlint.document import Document
from seedlint.lexicons import Lexicon, load_lexicon
from seedlint.model import Applicability
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

# Sentence punctuation anywhere in a line makes it prose (Latin: a period after a word).
_SENTENCE_RE = re.compile(r"[。！？!?；;…]|[A-Za-z][.](?:\s|$)")
# A line holding one of these is prose (the Latin period is checked per line): only the
# other non-blank lines can hold items, and a search that stops at the first mark finds
# them (most lines are prose with a mark early on).
_SENTENCE_MARKS_RE = re.compile("[。！？!?；;…]")
# A word of a Latin keyword line (three letters or more: `nz`, `tn` say nothing), and
# what no keyword line holds: sentence and clause marks, a time (`7:18 PM`), a link, and
# brackets, which menus put around counts (`EonStor GS (1)`) and languages
# (`Singapore (English)` in a country selector).
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_KEYWORD_RUN_STOP_RE = re.compile(r"[.!?。！？，,:;：；、…@#/|()（）\[\]【】]|https?")
_NUMERIC_CHARS = set("0123456789.,%:-+/年月日元万亿")
# The joints of a stuffed title: `_`, `|`, and `-` that is not inside a figure or a date.
_TITLE_SPLIT_RE = re.compile(r"[_|｜]|(?<!\d)-|-(?!\d)")
_HAN_PAIR_RE = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# A line of two to four Han words separated by single spaces, nothing else.
_STRAY_LINE_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?: [\u4e00-\u9fff]{2,8}){1,3}")
# A chapter or part heading (`第三章 初见`): a novel's own line between its paragraphs.
_CHAPTER_RE = re.compile(r"第[\u4e00-\u9fff\d]{1,5}[章节回卷篇部集季期条款]")


def _recurring_word(parts: list[str]) -> str | None:
    """A two-character Han word found in three of ``parts``, or a part given twice.

    A part's words are counted in text order (each once), so of two words reaching three
    parts together the earlier one is named: a set's order would name either, changing
    with the interpreter's string hashing from one run to the next."""
    seen: set[str] = set()
    for x in parts:
        if len(x) >= 2 and x in seen:
            return x
        seen.add(x)
    count: dict[str, int] = {}
    for x in parts:
        for w in dict.fromkeys(m.group(1) for m in _HAN_PAIR_RE.finditer(x)):
            count[w] = count.get(w, 0) + 1
            if count[w] >= 3:
                return w
    return None


# Grammar characters that prose clauses have and keywords do not.
_GRAMMAR_CHARS = frozenset("的了是吗呢吧着过很就都也还")
_VARIANT_STOP_RE = re.compile(r"[()（）【】\[\]《》<>＞]")
# A word of four characters or more given three times running.
_TRIPLE_RE = re.compile(r"(?<!\S)(\S{4,30})(?: \1){2}(?!\S)")
# A betting site's name: a gambling word, then what the site offers its players.
_BETTING_NAME_RE = re.compile(
    r"(?:娱乐|棋牌|真人|电玩城|国际[a-z]{0,3})(?:代理|网址|官网|登入|客户端|直营|开户|手机版|导航)"
)
_BETTING_LABELS = frozenset(("gambling", "lottery_spam"))
# A contact field whose value is Han words only (no number, no address).
_KEYWORD_FIELD_RE = re.compile(
    r"(?P<field>Phone|Tel|Mobile|Fax|E-?mail)[ \t\u3000]*[:：][ \t\u3000]*"
    r"(?P<v>[\u4e00-\u9fff]{3,16})",
    re.IGNORECASE,
)
_ORG_TAILS = (
    *("公司", "厂", "经营部", "集团", "商行", "门市部"),
    *("局", "会", "中心", "院", "厅", "署", "部", "所", "委"),
)


def _shared_run(items: list[str], k: int, need: int) -> str | None:
    """A run of ``k`` Han characters found in ``need`` of ``items`` (the earliest such)."""
    count: dict[str, int] = {}
    for x in items:
        for g in dict.fromkeys(x[j : j + k] for j in range(len(x) - k + 1)):
            if han_count(g) == k and "公司" not in g:
                count[g] = count.get(g, 0) + 1
                if count[g] >= need:
                    return g
    return None


def _variant_core(items: list[str], k: int, need: int) -> str | None:
    """A run of ``k`` Han characters found in ``need`` of ``items``, three Han
    characters ending ``need`` of them, or an item of two Han characters or more that
    starts ``need`` other items; None if none of these. A run
    with `公司` is a company name's suffix (a list of firms), not a keyword's core."""
    core = _shared_run(items, k, need)
    if core is not None:
        return core
    # A product's head noun ending three items (`无源谐波滤波器、正弦波滤波器、
    # DV/DT滤波器`, `滚轮扶正器 滚珠扶正器 套管扶正器`): a menu's items share shorter
    # words (`公司新闻 行业新闻`) or start alike (`不锈钢管 不锈钢板`).
    tails: dict[str, int] = {}
    for x in items:
        g = x[-3:]
        if len(x) > 3 and han_count(g) == 3 and "公司" not in g:
            tails[g] = tails.get(g, 0) + 1
            if tails[g] >= need:
                return g
    # In item order, not a set's: the message must not change from run to run.
    heads = dict.fromkeys(x for x in items if han_count(x) >= 2)
    for h in heads:
        if sum(1 for x in items if x != h and x.startswith(h)) >= need:
            return h
    return None


def _repeated_keywords(t: str) -> str | None:
    """Two different words of four characters or more (two of them Han), each given
    three times running in the line ``t``: a description of them, or None."""
    runs: list[str] = []
    prev, n = "", 0
    for w in [*t.split(), ""]:
        if w == prev:
            n += 1
            continue
        if n >= 3 and len(prev) >= 4 and han_count(prev) >= 2 and prev not in runs:
            runs.append(prev)
        prev, n = w, 1
    if len(runs) < 2:
        return None
    return f"`{runs[0]}` and `{runs[1]}` each given three times running"


ADMIN_TAIL = set("省市县区旗盟州镇乡村")


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: float = 1.0
    short: float = 1.0
    delimited: float = 1.0
    no_sentence: float = 1.0
    lexicon: float = 2.0
    unrelated: float = 1.5
    edge: float = 0.5


class Penalties(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nav: float = 3.0
    numeric: float = 3.0
    prose: float = 4.0
    names: float = 2.0
    label: float = 1.0
    function_words: float = 3.0


class FurnitureRef(BaseModel):
    model_config = ConfigDict(extra="allow")

    phrases: list[str]
    groups: dict[str, dict[str, Any]]
    max_line_chars: int = 240


class SpamBlockParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gazetteers: list[str]
    """Place-name lexicon files (relative to the rule file)."""
    gazetteer_exclude: list[str] = Field(default_factory=list)
    """Names to leave out of the gazetteer (benchmarks hold parts of it apart)."""
    spam_lexicons: list[str]
    spam_exclude: list[str] = Field(default_factory=list)
    strong_labels: list[str] = Field(
        default_factory=lambda: ["gambling", "lottery_spam", "adult", "services", "gaming"]
    )
    """An item that merely contains a term of these labels counts as a spam item."""
    surnames: list[str] = Field(default_factory=list)
    """Surname list files, to recognise lists of personal names."""
    furniture: FurnitureRef
    """The boilerplate phrase groups (share rules/boilerplate.yaml's with a YAML anchor)."""
    min_items: int = Field(default=8, ge=2)
    min_items_per_line: int = Field(default=3, ge=2)
    """A block whose lines all have fewer items is a column list: reported only at the
    edge of the article and only when ``column_min_lexicon`` of its items are known."""
    column_min_lexicon: float = Field(default=0.6, ge=0, le=1)
    column_min_strong: float = Field(default=1.1, ge=0, le=1.1)
    """A column list anywhere in the page is scored when at least this share of its
    items hold a term of the strong labels (above 1: never)."""
    full_count: int = Field(default=20, ge=3)
    """Item count at which the ``count`` signal reaches 1."""
    max_item_chars: int = Field(default=12, ge=2)
    max_median_item_chars: int = Field(default=6, ge=1)
    max_blank_gap: int = Field(default=1, ge=0)
    threshold: float = Field(default=0.55, ge=0, le=1)
    safe_threshold: float = Field(default=0.75, ge=0, le=1)
    min_lexicon: float = Field(default=0.0, ge=0, le=1)
    """A block is reported only when at least this share of its items are known places or
    spam terms (0: lists of never-seen items count on shape alone)."""
    safe_min_lexicon: float = Field(default=0.5, ge=0, le=1)
    """A safe removal also needs this share of items to be known places or spam terms:
    only then is the block certainly injected (a list of unseen words at the page's end
    may be a tag cloud or a product list that belongs to the page)."""
    seo_label_regex: str = ""
    """A label that introduces an SEO keyword line (`本文关键词：`, `热门搜索：`, `标签：`),
    matched at the start of a line of the Simplified text; group ``list`` is the list.
    Such a line is reported whatever its score. Empty: off."""
    stuffed_title_min_parts: int = Field(default=4, ge=0)
    keyword_run_min_lines: int = Field(default=8, ge=0)
    """Comment spam in Latin script: at least this many consecutive short keyword lines
    (`cheap nike shox nz shoes`, `Cheap Snapback Hats`) sharing one word that the rest of
    the page never uses. 0: off."""
    variant_min_items: int = Field(default=3, ge=0)
    """Keyword variants on one delimited line: at least this many items share a run of
    ``variant_core_chars`` Han characters, or one item begins at least this many others
    (`堆糖,堆糖网,堆糖网官网,堆糖网首页`). 0: off."""
    variant_core_chars: int = Field(default=4, ge=2)
    stray_min_lines: int = Field(default=3, ge=0)
    """Keyword lines strewn between prose: at least this many lines of two to four
    space-separated Han words (`游戏 弹珠 比赛` between a novel's paragraphs), each line
    with prose on both sides and words the page uses nowhere else. 0: off."""
    stray_max_word_chars: int = Field(default=4, ge=2)
    keyword_run_max_words: int = Field(default=6, ge=1)
    keyword_run_max_chars: int = Field(default=48, ge=1)
    keyword_run_stopwords: list[str] = Field(
        default_factory=lambda: ["the", "and", "for", "with", "you", "your", "our", "from"]
    )
    """A title-like line joined by `_` (or, as a page's first line, by `-`) with at
    least this many parts, where one Han word recurs in three parts or a part is
    repeated: keyword variants for search engines (`滚轮扶正器_滚珠扶正器_套管扶正器_…`).
    0 turns the check off."""
    stuffed_title_queries: list[str] = Field(
        default_factory=lambda: ["多少钱", "哪家好", "价格", "报价", "厂家", "批发", "排名"]
    )
    """Search-query suffixes that stand as parts of their own in a stuffed title
    (`…价格_多少钱_厂家_哪家好`): two of them make the title stuffed too."""
    seo_heading_regex: str = ""
    """An SEO label standing as a line of its own (`热门标签`, `标签云`, `关键词：`), matched
    against the whole stripped line of the Simplified text; group ``label`` names it. The
    keywords under it (a list line, or a column of one keyword a line) are reported
    whatever their score, as a labelled line is. Empty: off."""
    heading_min_items: int = Field(default=3, ge=1)
    """Keywords a heading must introduce (fewer: a heading over something else)."""
    heading_item_chars: int = Field(default=24, ge=1)
    """A line under a heading longer than this is a keyword only if it splits into a list."""
    heading_column_median_chars: int = Field(default=10, ge=1)
    """The median length of the one-keyword lines under a heading: longer, they are
    headlines of a widget the label sits over (`热门搜索：` above a news list)."""
    heading_max_lines: int = Field(default=60, ge=1)
    """Lines followed under one heading (a tag cloud kept one tag a line)."""
    label_min_items: int = Field(default=2, ge=1)
    """Keywords a scholarly label (``scholarly_labels``) must introduce."""
    plain_label_min_items: int = Field(default=1, ge=1)
    """Keywords any other SEO label must introduce. Those labels only ever introduce
    keywords, and real tag lines often hold one (`话题标签：小爱同学小米语音助手`,
    `Tags: 某某营销方案`); a run of Latin words after them counts word by word
    (`熱門搜尋： oversee pivotal capsule`), since a search box suggests single words. A
    lone keyword needs two Han characters: `搜索关键词： as` is a search box and its query."""
    label_max_median_chars: int = Field(default=16, ge=1)
    scholarly_labels: list[str] = Field(default_factory=list)
    """Labels that a paper's abstract uses too (`关键词`): a line with one of them is not
    reported in a document that has an abstract (`摘要`) or lists its keywords with
    `；`."""
    weights: Weights = Field(default_factory=Weights)
    penalties: Penalties = Field(default_factory=Penalties)
    conjunctions: list[str] = Field(default_factory=lambda: ["和", "及", "与", "或", "跟", "同"])
    """Inside an unknown item (not at its first two characters, where place names have
    them: `共和县`, `和龙市`), these join two list members: prose (`渝北区和巴南区`)."""
    prose_markers: list[str] = Field(
        default_factory=lambda: ["以及", "分别", "包括", "其中", "等地", "等等"]
    )
    """Anywhere in an unknown item: prose. `等` followed by a number (`等9个区`) always is."""
    function_chars: str = "的了着过吗呢吧啊呀我你他她它们是在不也就又很还把被让给能要想说这那有没"
    """Grammatical characters: lyrics and prose fragments have them, keywords do not."""
    label_regex: str = r"^[^|｜,，、\s]{1,10}[:：]"


_SPACED_OUT_RE = re.compile(r"\S(?:[ \t\u3000]+\S)+")
_FIELD_RE = re.compile(r"[A-Za-z_][\w-]{0,30}\s*:(?:\s|$)")
# Latin words separated by spaces: one item for ``split_item_texts`` (an English phrase),
# several keywords after an SEO label.
_LATIN_WORDS_RE = re.compile(r"[A-Za-z][A-Za-z'-]*(?: +[A-Za-z][A-Za-z'-]*)+")
"""A heading spaced out one character at a time (`热 点 推 荐`)."""


@dataclass
class Block:
    first: int
    last: int
    items: list[str]
    item_lines: int
    """Lines that contributed items."""
    max_per_line: int
    start: int = 0
    end: int = 0
    signals: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    edge: bool = False


class Spans:
    """The spans already reported, merged into disjoint sorted intervals: whether a new
    span overlaps one is a bisection (a scan of every reported span was quadratic on a
    page of thousands of labelled lines)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Disjoint and sorted, the intervals' ends rise with their starts: of those
        # starting before ``end``, the last reaches furthest.
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        lo = bisect.bisect_left(self.ends, start)  # first interval ending at or after start
        hi = bisect.bisect_right(self.starts, end)  # intervals starting at or before end
        if lo < hi:
            start = min(start, self.starts[lo])
            end = max(end, self.ends[hi - 1])
        self.starts[lo:hi] = [start]
        self.ends[lo:hi] = [end]


def _line_hit(pg: Page, i: int, taken: Spans, message: str) -> tuple[Hit, ...]:
    """A whole-line finding for line ``i`` (for ``yield from``), unless a finding already
    covers part of it: the line shapes each report a line once, and the first shape to
    see it names it."""
    ln = pg.line(i)
    start, end = ln.text_start, ln.text_end
    if taken.overlaps(start, end):
        return ()
    return (Hit(start, end, message=message),)


_MEMO_SIZE = 1 << 15


class SpamScorer:
    """Everything the score needs, loaded once per rule."""

    def __init__(self, p: SpamBlockParams, ctx: LoadContext) -> None:
        self.p = p
        self.gazetteer: Gazetteer = load_gazetteer(
            resolve_files(ctx.resolve, p.gazetteers), p.gazetteer_exclude
        )
        self.spam: Lexicon = load_lexicon(
            resolve_files(ctx.resolve, p.spam_lexicons), fold_case=True
        )
        for t in p.spam_exclude:
            self.spam.terms.pop(t.casefold(), None)
        self.strong = Lexicon(fold_case=True)
        for t, lab in self.spam.terms.items():
            if lab in p.strong_labels:
                self.strong.add(t, lab)
        self.surnames = (
            load_lexicon(resolve_files(ctx.resolve, p.surnames)) if p.surnames else Lexicon()
        )
        self.furniture: Furniture = load_furniture(
            resolve_files(ctx.resolve, p.furniture.phrases),
            p.furniture.groups,
            max_line_chars=p.furniture.max_line_chars,
        )
        self.label_re = BudgetedRegex(p.label_regex)
        # Pages of a site repeat their lines and items: both are memoised (bounded).
        self._known: dict[str, bool] = {}
        self._items: dict[tuple[str, bool], tuple[str, ...] | None] = {}

    def forget(self) -> None:
        """Empty the memos (a benchmark pass that should not reuse the last one's)."""
        self._known.clear()
        self._items.clear()

    # -- item classes
    def known(self, item: str) -> bool:
        got = self._known.get(item)
        if got is None:
            got = item in self.gazetteer or item in self.spam
            if not got:
                got = any(True for _ in self.strong.find(item))
            if len(self._known) >= _MEMO_SIZE:
                self._known.clear()
            self._known[item] = got
        return got

    def line_items(self, s: str, marks_checked: bool) -> tuple[str, ...] | None:
        """``_line_items`` of a stripped line, memoised."""
        key = (s, marks_checked)
        if key in self._items:
            return self._items[key]
        got = _line_items(s, self, marks_checked)
        out = None if got is None else tuple(got)
        if len(self._items) >= _MEMO_SIZE:
            self._items.clear()
        self._items[key] = out
        return out

    def is_nav(self, item: str) -> bool:
        return item in self.furniture.nav_words or self.furniture.line_group(item) is not None

    def is_name(self, item: str) -> bool:
        n = len(item)
        if n < 2 or n > 4 or han_count(item) != n or item[-1] in ADMIN_TAIL:
            return False
        if n <= 3 and item[0] in self.surnames:
            return True
        return n >= 3 and item[:2] in self.surnames

    @staticmethod
    def is_numeric(item: str) -> bool:
        return sum(c in _NUMERIC_CHARS for c in item) * 2 >= len(item)


def _line_items(s: str, sc: SpamScorer, marks_checked: bool = False) -> list[str] | None:
    """The items of a line (``s``: its stripped text) that can belong to a keyword block.

    None for a line that cannot, but for one condition left to the caller: a line of a
    single item must not be site furniture. ``marks_checked``: the line is known to hold
    none of the CJK sentence marks.
    """
    p = sc.p
    if not s or len(s) > 4000:
        return None
    if (not marks_checked or "." in s) and _SENTENCE_RE.search(s):
        return None
    items = split_item_texts(s)
    if not items:
        return None
    lens = sorted(len(i) for i in items)
    if len(items) == 1:
        if lens[0] > p.max_item_chars:
            return None
    else:
        if lens[len(lens) // 2] > p.max_median_item_chars:
            return None
        long_items = sum(1 for x in lens if x > p.max_item_chars)
        if long_items * 5 > len(items):
            return None
    if is_provenance(s) or is_dateline(s):
        return None
    return items


def _max_items(s: str) -> int:
    """At least the number of items of the stripped line ``s`` (``split_item_texts``
    splits on whitespace runs and on runs of delimiters)."""
    return len(s.split()) + sum(map(s.count, ITEM_DELIMS))


def candidate_blocks(doc: Document, sc: SpamScorer) -> list[Block]:
    """Runs of item lines with at least ``min_items`` items.

    Only lines without sentence marks can hold items, so only they are looked at; any
    other non-blank line between two of them ends a run, as does a gap of more than
    ``max_blank_gap`` blank lines.
    """
    p = sc.p
    pg = page(doc)
    ls = lazy_lines(doc)
    ruby = pg.ruby_lines()
    norm_lines = pg.norm_stripped()
    marks = _SENTENCE_MARKS_RE.search
    line_ids = [
        i
        for i, s in enumerate(norm_lines)
        if s and (i in ruby or ("。" not in s and not marks(s)))  # `。` first: most lines
    ]
    if not line_ids:
        return []
    # Whether each list-like line continues the run of the one before: only blank lines
    # between them, and at most ``max_blank_gap`` of those.
    stripped = pg.stripped
    gap = p.max_blank_gap
    linked: list[bool] = []
    prev = -1
    for i in line_ids:
        linked.append(prev >= 0 and i - prev - 1 <= gap and not any(stripped[prev + 1 : i]))
        prev = i
    out: list[Block] = []
    cur: list[tuple[int, tuple[str, ...]]] = []

    def close() -> None:
        if cur:
            items = [i for _, its in cur for i in its]
            if len(items) >= p.min_items:
                out.append(
                    Block(
                        first=cur[0][0],
                        last=cur[-1][0],
                        items=items,
                        item_lines=len(cur),
                        max_per_line=max(len(its) for _, its in cur),
                    )
                )
        cur.clear()

    texts = [pg.clean_stripped(i) for i in line_ids]
    # A run of linked lines can hold a block only if it can hold ``min_items`` items; a
    # line holds at most one item more than it has separators (whitespace runs and
    # delimiter characters), so the lines of shorter runs are not split into items.
    wanted = [True] * len(line_ids)
    first = 0
    for j in range(1, len(line_ids) + 1):
        if j == len(line_ids) or not linked[j]:
            room = 0
            for x in range(first, j):
                room += _max_items(texts[x])
                if room >= p.min_items:
                    break
            else:
                wanted[first:j] = [False] * (j - first)
            first = j
    found = [
        sc.line_items(s, i not in ruby) if w else None
        for i, s, w in zip(line_ids, texts, wanted, strict=True)
    ]
    # `返回顶部` ends a block, it is not one of its items: a line of one item must not be
    # furniture. The page's furniture classes serve when another rule has worked them
    # out, or when classifying the lines one by one would cost more than the page scan
    # (about 10 µs a line against 25 ns a character); else the lines are classified.
    singles = sum(1 for its in found if its is not None and len(its) == 1)
    classes = sc.furniture.classes_if_known(doc)
    if classes is None and singles * 400 > len(doc.text):
        classes = sc.furniture.classes(doc)
    for i, s, items, link in zip(line_ids, texts, found, linked, strict=True):
        if not link:
            close()
        if items is not None and len(items) == 1:
            cls = classes[i] if classes is not None else sc.furniture.classify(s)
            if cls is not None:
                items = None
        if items is None:
            close()
            continue
        cur.append((i, items))
    close()
    for b in out:
        b.start, b.end = ls[b.first].text_start, ls[b.last].text_end
    return out


_DENG_NUM_RE = re.compile(r"等\s*[\d一二三四五六七八九十两几数多]+\s*[个家所名位项座条处]?")


def _conj_inside(item: str, conjunctions: list[str]) -> bool:
    core = item[:-1] if item[-1:] in ADMIN_TAIL else item
    return any(2 <= core.find(c) < len(core) - 1 for c in conjunctions if c in core)


def _clip(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def score_blocks(doc: Document, sc: SpamScorer) -> list[Block]:
    """Candidate blocks with their signals and scores (memoised per scorer)."""
    key = f"_spam.blocks:{id(sc)}"
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    p = sc.p
    blocks = candidate_blocks(doc, sc)
    if not blocks:
        doc.cache[key] = blocks
        return blocks
    ls = lazy_lines(doc)
    norm = normalized(doc)
    # Unrelatedness: one pass over the document for all items of all blocks.
    terms = {it for b in blocks for it in b.items if len(it) >= 2}
    outside: set[str] = set()
    spans = [(b.start, b.end) for b in blocks]
    if terms:
        for start, term in TermScanner(terms).find(norm, page(doc).norm_slots()):
            if not any(s <= start < e for s, e in spans):
                outside.add(term)
    w, pen = p.weights, p.penalties
    wsum = w.count + w.short + w.delimited + w.no_sentence + w.lexicon + w.unrelated + w.edge
    for b in blocks:
        items = b.items
        n = len(items)
        med = statistics.median(len(i) for i in items)
        per_line = n / b.item_lines
        known = sum(1 for i in items if sc.known(i)) / n
        long_enough = [i for i in items if len(i) >= 2]
        unrelated = (
            sum(1 for i in long_enough if i not in outside) / len(long_enough) if long_enough else 0
        )
        unknown = [i for i in items if not sc.known(i)]
        nav = sum(1 for i in items if sc.is_nav(i)) / n
        numeric = sum(1 for i in items if sc.is_numeric(i)) / n
        names = sum(1 for i in unknown if sc.is_name(i)) / n
        fchars = set(p.function_chars)
        function = sum(1 for i in unknown if any(c in fchars for c in i)) / n
        block_text = " ".join(items)
        prose = (
            1.0
            if _DENG_NUM_RE.search(block_text)
            or any(m in i for i in unknown for m in p.prose_markers)
            or any(_conj_inside(i, p.conjunctions) for i in unknown)
            else 0.0
        )
        first_line = ls[b.first].stripped
        prev = next((ls[k].stripped for k in range(b.first - 1, -1, -1) if not ls[k].blank), "")
        label = 1.0 if sc.label_re.match(first_line) or prev[-1:] in (":", "：") else 0.0
        sig = {
            "count": _clip((n - 4) / max(1, p.full_count - 4)),
            "short": _clip((10 - med) / 6),
            "delimited": _clip((per_line - 1) / 5),
            "no_sentence": 1.0,
            "lexicon": known,
            "unrelated": unrelated,
            "edge": 0.0,
        }
        plus = sum(getattr(w, k) * v for k, v in sig.items())
        minus = (
            pen.nav * nav
            + pen.numeric * numeric
            + pen.prose * prose
            + pen.names * names
            + pen.label * label
            + pen.function_words * function
        )
        sig.update(
            nav=nav, numeric=numeric, names=names, prose=prose, label=label, function=function
        )
        b.signals = sig
        b.score = (plus - minus) / wsum if wsum else 0.0
        # The page layout costs a pass over the document: only blocks it could matter
        # for (close enough to the threshold, or to the safe-fix threshold) pay for it.
        if wsum and b.score + w.edge / wsum >= p.threshold:
            b.edge = layout(doc, sc.furniture).at_edge(b.first, b.last)
            if b.edge:
                sig["edge"] = 1.0
                b.score += w.edge / wsum
        if b.max_per_line < p.min_items_per_line and (not b.edge or known < p.column_min_lexicon):
            # A column inside the article counts only when most of its items hold spam
            # terms (`澳洲幸运10在线预测`, `SG赛车开奖官网` one a line in a product page):
            # a column of place names there is the article's own list.
            spammy = sum(1 for i in items if any(True for _ in sc.strong.find(i))) / n
            sig["strong"] = spammy
            if spammy < p.column_min_strong:
                b.score = min(b.score, 0.0)
    doc.cache[key] = blocks
    return blocks


def _main_script(text: str) -> str:
    """The script most of ``text``'s letters are in: han, hangul, kana, latin or other.

    One pass; kana outweighs Han (Japanese mixes both), Hangul likewise."""
    counts = {"han": 0, "hangul": 0, "kana": 0, "latin": 0, "other": 0}
    for c in text:
        o = ord(c)
        if o < 0x80:
            if c.isalpha():
                counts["latin"] += 1
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F:
            counts["han"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            counts["hangul"] += 1
        elif 0x3040 <= o <= 0x30FF:
            counts["kana"] += 1
        elif c.isalpha():
            counts["other"] += 1
    if counts["kana"] * 4 >= counts["han"] and counts["kana"]:
        return "kana"
    if counts["hangul"] * 4 >= counts["han"] and counts["hangul"]:
        return "hangul"
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "other"


def _doc_script(doc: Document) -> str:
    key = "spam-block:script"
    if key not in doc.cache:
        doc.cache[key] = _main_script(doc.text)
    script: str = doc.cache[key]
    return script


@register
class SpamBlockDetector(Detector):
    kind = "spam_block"
    Params = SpamBlockParams

    def __init__(self, rule: RuleSpec, params: SpamBlockParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        if params.safe_threshold < params.threshold:
            raise ValueError("safe_threshold must not be below threshold")
        self.scorer = SpamScorer(params, ctx)
        self.seo_label = (
            BudgetedRegex(params.seo_label_regex, re.IGNORECASE) if params.seo_label_regex else None
        )
        self.seo_heading = (
            BudgetedRegex(params.seo_heading_regex, re.IGNORECASE)
            if params.seo_heading_regex
            else None
        )
        self.scholarly = set(params.scholarly_labels)
        self.queries = frozenset(params.stuffed_title_queries)

    def _labelled_lines(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """SEO keyword lines introduced by a label: `本文关键词：麻辣,鸭脖,做法,...`.

        The block score counts such a label against a list (a real list is often
        introduced so); these labels, though, only ever introduce keywords for search
        engines, so the line is furniture of the SEO kind whatever its items.
        """
        if self.seo_label is None:
            return
        p: SpamBlockParams = self.params
        pg = page(doc)
        ls = lazy_lines(doc)
        norm = pg.norm
        scholarly: bool | None = None
        for m in self.seo_label.finditer(norm):
            start, end = m.start(), m.end()
            if taken.overlaps(start, end):
                continue
            lst = m.group("list")
            if has_sentence_punct(lst):
                continue
            label = m.group("label")
            if label.isascii() and self._in_fields(pg, pg.index(start)):
                continue  # `tags: 沈阳` among `title:` / `date:` fields: front matter shown as code
            items = split_item_texts(lst)
            if len(items) == 1 and _LATIN_WORDS_RE.fullmatch(items[0]):
                items = items[0].split()
            need = p.label_min_items if label in self.scholarly else p.plain_label_min_items
            if len(items) < need:
                continue
            if len(items) == 1 and han_count(items[0]) < 2:
                continue  # `搜索关键词： as`: a search box and the query typed in it
            if sorted(map(len, items))[len(items) // 2] > p.label_max_median_chars:
                continue
            if label in self.scholarly:
                if scholarly is None:
                    scholarly = "摘要" in norm
                if scholarly or "；" in lst or ";" in lst:
                    continue
            lead = len(m.group()) - len(m.group().lstrip())
            li = pg.index(start)
            yield Hit(
                start + lead,
                end,
                message=(
                    f"SEO keyword line: `{label}` introduces {len(items)} "
                    f"keyword{'s' if len(items) != 1 else ''} for search engines, not text"
                ),
                edits=[removal_edit(ls, li, li, len(doc.text))],
                applicability=Applicability.UNSAFE,
                fix_description="remove the keyword line",
            )

    @staticmethod
    def _in_fields(pg: Page, i: int) -> bool:
        """Line ``i`` sits among `key: value` fields with Latin keys (a YAML header, a
        configuration example): there `tags:` is a field name, not a page's tag line."""
        for k in (i - 1, i + 1):
            if 0 <= k < len(pg) and _FIELD_RE.match(pg.stripped[k]):
                return True
        return False

    def _keyword_line_items(self, t: str) -> int:
        """How many keywords line ``t`` under an SEO heading holds: 0 when it is not a
        keyword line (a sentence, a long run of text, an empty line)."""
        p: SpamBlockParams = self.params
        # On real pages the list ends where the next widget starts: a labelled field
        # (`来源：…`, `时间：…`), a spaced-out heading (`热 点 推 荐`), another heading
        # (`相关搜索`, `热门搜索`), a menu (`网站登录 - 设置首页`) or the page's footer
        # (`湘ICP备…`).
        if not t or has_sentence_punct(t) or ":" in t or "：" in t:
            return 0
        if self.seo_heading is not None:
            m = self.seo_heading.match(t)
            if m is not None and m.end() == len(t):
                return 0
        if _SPACED_OUT_RE.fullmatch(t) or self.scorer.furniture.classify(t) is not None:
            return 0
        items = split_item_texts(t)
        if not items or any(self.scorer.is_nav(x) for x in items):
            return 0
        if len(items) == 1:
            return 1 if len(t) <= p.heading_item_chars else 0
        if sorted(map(len, items))[len(items) // 2] > p.label_max_median_chars:
            return 0
        return len(items)

    def _variants(self, lines: list[str]) -> bool:
        """The keywords of ``lines`` are variants of one product (`滚轮扶正器`,
        `滚珠扶正器`, `套管扶正器`): a paper's keywords name different concepts, so a
        product page's `【摘要】` does not make such a list a paper's."""
        p: SpamBlockParams = self.params
        items = list(dict.fromkeys(x for t in lines for x in split_item_texts(t)))
        need = max(3, p.variant_min_items)
        return _variant_core(items, p.variant_core_chars, need) is not None

    def _headed_lists(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Keywords under an SEO label that stands as a line of its own: `热门标签` over a
        tag cloud, `关键词：` over one product keyword a line.

        Pages keep the label and the list in separate elements, so the extracted text has
        them on separate lines; the label says what the list is, as on a labelled line.
        Only lines that read as keywords follow it (no sentence, a short item or a list
        of short items), up to the first blank line or text.
        """
        if self.seo_heading is None:
            return
        p: SpamBlockParams = self.params
        pg = page(doc)
        ns = pg.norm_stripped()
        ls = lazy_lines(doc)
        scholarly: bool | None = None
        i, n = 0, len(ns)
        while i < n:
            t = ns[i]
            m = self.seo_heading.match(t) if 0 < len(t) <= 16 else None
            if m is None or m.end() != len(t):
                i += 1
                continue
            j, items = i + 1, 0
            singles: list[int] = []  # lengths of the one-keyword lines
            while j < n and j - i <= p.heading_max_lines:
                k = self._keyword_line_items(ns[j])
                if not k:
                    break
                if k == 1:
                    singles.append(len(ns[j]))
                items += k
                j += 1
            # A column of headlines (another widget under the label) is longer a line
            # than a column of tags.
            long_column = bool(singles) and (
                sorted(singles)[len(singles) // 2] > p.heading_column_median_chars
            )
            if items < p.heading_min_items or long_column:
                i += 1
                continue
            label = m.group("label")
            if label in self.scholarly and not self._variants(ns[i + 1 : j]):
                if scholarly is None:
                    scholarly = "摘要" in pg.norm
                if scholarly or any("；" in x or ";" in x for x in ns[i + 1 : j]):
                    i = j
                    continue
            first, last = pg.line(i), pg.line(j - 1)
            start, end = first.text_start, last.text_end
            i = j
            if taken.overlaps(start, end):
                continue
            yield Hit(
                start,
                end,
                message=(
                    f"SEO keyword list: `{label}` heads {items} keywords for search "
                    "engines, not text"
                ),
                edits=[removal_edit(ls, pg.index(start), j - 1, len(doc.text))],
                applicability=Applicability.UNSAFE,
                fix_description="remove the heading and its keywords",
            )

    def _stuffed_titles(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Title lines stuffed with keyword variants: `废机油炼油设备价格_多少钱_厂家_哪家好`,
        `钻井扶正器_刚性扶正器_钢性扶正器_套管扶正器`.

        CMS templates join a page's keywords with `_`; prose and headlines never do, and a
        navigation bar's items joined by `|` (`新闻中心 | 公司新闻`) are left alone. A line
        qualifies with two `_` (or, as the page's first line, three `-` or `_`),
        ``stuffed_title_min_parts`` parts, no sentence punctuation, and one Han word (two
        characters) in three parts or one part given twice.
        """
        p: SpamBlockParams = self.params
        if p.stuffed_title_min_parts <= 0 or ("_" not in doc.text and "-" not in doc.text):
            return
        pg = page(doc)
        ns = pg.norm_stripped()
        first = next((i for i, t in enumerate(ns) if t), -1)
        for i, t in enumerate(ns):
            if t.count("_") < 2 and not (i == first and t.count("-") + t.count("_") >= 3):
                continue
            if len(t) > 200 or _SENTENCE_MARKS_RE.search(t):
                continue
            parts = [x for x in (y.strip() for y in _TITLE_SPLIT_RE.split(t)) if x]
            if len(parts) < p.stuffed_title_min_parts or max(map(len, parts)) > 40:
                continue
            word = _recurring_word(parts)
            if word is None:
                queries = [x for x in parts if x in self.queries]
                if len(queries) < 2:
                    continue
                word = "`, `".join(queries[:3])
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"SEO keyword title: {len(parts)} parts joined for search engines, "
                    f"`{word}` in several of them"
                ),
            )

    def _keyword_runs(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Comment spam of Latin keyword lines: `nike shox nz shoes`, `cheap nike shox`,
        `wholesale nike shoes`... one a line under a blog post's comments (C4 Chinese).

        Each line is a search query, not a sentence: a few words, no sentence punctuation.
        A run of them is spam when one word recurs on half its lines (at least five) and
        nowhere else on the page: the product a spammer sells has nothing to do with the
        page, while a shop's own catalogue or a blog's tag list repeats a word the page
        uses anyway (its brand in the title, `patterns` in the posts). Linear: one pass
        over the lines, and the page's word counts taken once, for the first run found.
        """
        p: SpamBlockParams = self.params
        if p.keyword_run_min_lines <= 0:
            return
        text = doc.text
        stop = {w.lower() for w in p.keyword_run_stopwords}
        runs: list[list[tuple[int, int, set[str]]]] = []
        run: list[tuple[int, int, set[str]]] = []

        def line_words(t: str) -> set[str] | None:
            words = t.split()
            if not 1 <= len(words) <= p.keyword_run_max_words or len(t) > p.keyword_run_max_chars:
                return None
            if _KEYWORD_RUN_STOP_RE.search(t):
                return None
            letters = sum(1 for c in t if c.isascii() and c.isalpha())
            if letters * 2 < len(t.replace(" ", "")):
                return None  # Latin words, model numbers beside them (`nike 360 air max`)
            return {w for w in (x.lower() for x in _LATIN_WORD_RE.findall(t)) if w not in stop}

        pos = 0
        n = len(text)
        while pos <= n:
            nl = text.find("\n", pos)
            if nl < 0:
                nl = n
            raw = text[pos:nl]
            t = raw.strip()
            ws = line_words(t) if t else None
            if ws is not None:
                lead = len(raw) - len(raw.lstrip())
                run.append((pos + lead, pos + lead + len(t), ws))
            else:
                if len(run) >= p.keyword_run_min_lines:
                    runs.append(run)
                run = []
            pos = nl + 1
        if len(run) >= p.keyword_run_min_lines:
            runs.append(run)
        if not runs:
            return
        # A word counts as the page's own when it occurs outside every keyword run: the
        # same spam comment posted twice is still spam.
        page_words = Counter(x.lower() for x in _LATIN_WORD_RE.findall(text))
        in_runs: Counter[str] = Counter(
            x.lower() for r in runs for a, b, _ in r for x in _LATIN_WORD_RE.findall(text, a, b)
        )
        for r in runs:
            per_word: Counter[str] = Counter(w for _, _, ws in r for w in ws)
            need = max(5, (len(r) + 1) // 2)
            for word, k in per_word.most_common(3):
                if k < need:
                    break
                if page_words[word] > in_runs[word]:
                    continue  # the page uses the word: its own list
                holding = [(a, b) for a, b, ws in r if word in ws]
                start, end = holding[0][0], holding[-1][1]
                if not taken.overlaps(start, end):
                    yield Hit(
                        start,
                        end,
                        message=(
                            f"comment-spam keyword lines: {len(r)} short Latin keyword lines, "
                            f"`{word}` on {k} of them and nowhere else on the page"
                        ),
                    )
                break

    def _variant_lines(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """A delimited line of variants of one keyword: `堆糖,堆糖网,堆糖网官网,堆糖网首页`,
        `学打高尔夫球、打高尔夫动作、打高尔夫照片`, `中国黄页,黄页,中国黄页地图,…,中国黄页网`.

        The SEO furniture of a page lists every way a searcher might type its keyword. A
        menu or a product list shares short words between its items (`公司新闻 行业新闻`,
        `不锈钢管 不锈钢板`); variants share a long core (``variant_core_chars`` Han
        characters in ``variant_min_items`` items), or one item is the start of as many
        others (the bare keyword, then the keyword with `网`, `官网`, `首页`). Linear:
        each candidate line's n-grams are counted once.
        """
        p: SpamBlockParams = self.params
        if p.variant_min_items <= 0:
            return
        pg = page(doc)
        ns = pg.norm_stripped()
        k = p.variant_core_chars
        for i in self._unmarked(doc):
            t = ns[i]
            if len(t) < 3 * k or len(t) > 600 or t[-1] in ":：":
                continue  # a line ending in a colon introduces what follows: prose
            # Room for the items: as many separators (spaces, delimiters) less one.
            if t.count(" ") + sum(map(t.count, ITEM_DELIMS)) < p.variant_min_items - 1:
                continue
            if LATIN_SENTENCE_END_RE.search(t):
                continue  # (the CJK sentence marks are not in these lines)
            # Brackets and `>` belong to shop widgets (`【林允同款】…
            # > 查看更多`), lists of titles (`《西藏日报》 《西藏日报藏文版》`) and of
            # people (`俞利（少女时代）、秀英（少女时代）`), not to keyword variants.
            if _VARIANT_STOP_RE.search(t):
                continue
            # Distinct items: a link list repeats one label (`7月7日 黄历查询 7月8日
            # 黄历查询`), a keyword's variants differ.
            items = list(dict.fromkeys(split_item_texts(t)))
            if len(items) < p.variant_min_items or max(map(len, items)) > 20:
                continue
            if sorted(map(len, items))[len(items) // 2] > 10:
                continue
            # A list of firms or offices shares `机械设备` or `深圳市` between names: not
            # variants of a keyword.
            if sum(1 for x in items if x.endswith(_ORG_TAILS)) * 3 >= len(items):
                continue
            # Clauses of a sentence split at its commas have grammar words; keywords don't.
            if sum(1 for x in items if any(c in _GRAMMAR_CHARS for c in x)) * 5 > len(items):
                continue
            nav = [x for x in items if self.scorer.is_nav(x)]
            if nav:
                # `更多`, `首页`: a menu; but a post's tag line names its tags between
                # the theme's labels (`分类 华北 标签 学打高尔夫球、打高尔夫动作…`).
                if "标签" not in t or len(nav) * 2 >= len(items):
                    continue
                items = [x for x in items if x not in nav]
            core = _variant_core(items, k, p.variant_min_items)
            if core is None and len(items) >= 4 and sorted(map(len, items))[len(items) // 2] >= 6:
                # Long search queries around one shorter word, in half of them at least
                # (`世界杯小组赛排名 世界杯小组赛赛程 卡塔尔世界杯G组排名…`): a menu's items
                # are short.
                core = _shared_run(items, 3, max(4, (len(items) + 1) // 2))
            if core is None:
                continue
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"SEO keyword variants: {len(items)} items, `{core}` in "
                    f"{sum(1 for x in items if core in x)} of them"
                ),
            )

    def _stuffed_runs(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Keywords stuffed into one line by repetition, each given three times over
        (`大巴黎最新赛程 大巴黎最新赛程 大巴黎最新赛程 … 全国快三 全国快三 全国快三` after
        a page's analytics script).

        A chant or a refrain repeats one phrase; no writer repeats two different phrases
        three times running each in one line. Linear: each line's words are read once.
        """
        pg = page(doc)
        ns = pg.norm_stripped()
        # A line with three copies of a word has two spaces at least (a C-speed count
        # per line; the word scan runs on those lines only).
        for i, raw in enumerate(pg.stripped):
            if len(raw) < 14 or raw.count(" ") < 2 or not _TRIPLE_RE.search(ns[i]):
                continue
            what = _repeated_keywords(ns[i])
            if what is None:
                continue
            yield from _line_hit(pg, i, taken, f"keywords stuffed into one line: {what}")

    def _betting_lines(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """A line of betting-site names, too long a name each for a keyword block
        (`优乐国际ag代理 太阳城电玩城手机版 登峰娱乐代理网址 …`, ChineseWebText).

        Betting sites rename themselves faster than a lexicon follows, but name
        themselves alike: a gambling word (`娱乐`, `棋牌`, `真人`, `电玩城`, `国际`) and
        what a site offers its players (`代理`, `网址`, `官网`, `登入`, `开户`). Three such
        names, or listed betting terms, make up most of a line of space-separated items
        with no sentence. Linear: one regex pass per candidate line.
        """
        pg = page(doc)
        ns = pg.norm_stripped()
        for i in self._unmarked(doc):
            t = ns[i]
            if len(t) < 16 or t.count(" ") < 3 or not _BETTING_NAME_RE.search(t):
                continue
            if LATIN_SENTENCE_END_RE.search(t):
                continue
            items = t.split()
            if len(items) < 4 or max(map(len, items)) > 16:
                continue
            named = [
                x
                for x in items
                if _BETTING_NAME_RE.search(x)
                or any(h.label in _BETTING_LABELS for h in self.scorer.strong.find(x))
            ]
            if len(named) < 3 or len(named) * 2 < len(items):
                continue
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"betting-site names: {len(named)} of the line's {len(items)} items "
                    f"(`{named[0]}`, `{named[1]}`, …) name a betting site"
                ),
            )

    def _truncated_clouds(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """A tag cloud of titles cut to one length: `可以触碰你 议论文论据 初二满分作
        写花的作文 考作文700 128个真实 …` (forty items of five characters, ChineseWebText).

        A generator that cuts every linked title to N characters leaves a line no writer
        or menu makes: a dozen Han titles or more, four in five exactly N long, some cut
        through a number or a bracket. (A poem's verses are one length too, but Han
        characters only; a menu's words differ in length.) Linear: one split per line.
        """
        pg = page(doc)
        ns = pg.norm_stripped()
        for i in self._unmarked(doc):
            t = ns[i]
            if len(t) < 60 or t.count(" ") < 11 or LATIN_SENTENCE_END_RE.search(t):
                continue
            items = t.split()
            if len(items) < 12:
                continue
            size, k = Counter(map(len, items)).most_common(1)[0]
            if not 4 <= size <= 8 or k * 5 < len(items) * 4:
                continue
            hans = [han_count(x) for x in items]
            if sum(1 for h in hans if h >= 3) * 10 < len(items) * 9:
                continue  # not titles: a list of characters, codes, Latin words
            if all(h == len(x) for h, x in zip(hans, items, strict=True)):
                continue  # verses, or a list of words of one length
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"tag cloud of cut titles: {k} of {len(items)} items exactly {size} "
                    "characters long, titles cut to fit, not text"
                ),
            )

    def _keyword_fields(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Contact fields filled with product keywords: `Phone : 来电显示器`, `Email :
        库存医药用品` (a template's fields that an SEO generator filled with its
        keywords). A phone number or an address has digits, Latin letters or `@`; a field
        left for the reader says so with grammar (`请来电咨询`)."""
        pg = page(doc)
        ns = pg.norm_stripped()
        # A field line has no sentence mark and starts with the field's name.
        for i in self._unmarked(doc):
            t = ns[i]
            if len(t) > 40 or t[0] not in "PpTtMmFfEe":
                continue
            m = _KEYWORD_FIELD_RE.fullmatch(t)
            if m is None:
                continue
            if any(c in _GRAMMAR_CHARS or c in "请见无" for c in m.group("v")):
                continue
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"keyword in a contact field: `{m.group('field')}` holds "
                    f"`{m.group('v')}`, a search keyword, not a contact"
                ),
            )

    @staticmethod
    def _unmarked(doc: Document) -> list[int]:
        """The non-blank lines without a CJK sentence mark (of the Simplified text), once
        per document: the lines a keyword list can be. Most lines of prose have a mark,
        found by a C-speed search; only the others are looked at by the shapes below."""
        key = "spam-block:unmarked"
        got = doc.cache.get(key)
        if isinstance(got, list):
            return got
        marks = _SENTENCE_MARKS_RE.search
        ns = page(doc).norm_stripped()
        out = [i for i, t in enumerate(ns) if t and "。" not in t and not marks(t)]
        doc.cache[key] = out
        return out

    def _stray_lines(self, doc: Document, taken: Spans) -> Iterator[Hit]:
        """Keyword lines strewn between the paragraphs of a text: `游戏 弹珠 比赛`,
        `午餐 教育部 食材`, `颜宽恒 四川` between the paragraphs of a novel (C4 Chinese).

        Each line is two to four Han words and nothing else, with a paragraph of prose
        (a sentence mark) on either side, and words that occur nowhere else on the page:
        search terms dropped into a text they have nothing to do with. One such line may
        be a caption or a heading; a page is reported only when it has
        ``stray_min_lines`` of them, the mark of a generator. A chapter heading
        (`第三章 初见`) is the text's own. Linear: one pass over the lines, one scan of
        the page for the candidate words.
        """
        p: SpamBlockParams = self.params
        if p.stray_min_lines <= 0:
            return
        pg = page(doc)
        ns = pg.norm_stripped()
        n = len(ns)
        cands: list[tuple[int, list[str]]] = []
        for i in self._unmarked(doc):
            t = ns[i]
            if not 4 < len(t) <= 40 or " " not in t or not _STRAY_LINE_RE.fullmatch(t):
                continue
            words = t.split(" ")
            if max(map(len, words)) > p.stray_max_word_chars or _CHAPTER_RE.search(t):
                continue
            # Prose on either side: the nearest non-blank lines (three lines away at most)
            # hold a sentence mark.
            prv = next((ns[k] for k in range(i - 1, max(-1, i - 4), -1) if ns[k]), "")
            nxt = next((ns[k] for k in range(i + 1, min(n, i + 4)) if ns[k]), "")
            if _SENTENCE_MARKS_RE.search(prv) and _SENTENCE_MARKS_RE.search(nxt):
                cands.append((i, words))
        if len(cands) < p.stray_min_lines:
            return
        scanner = TermScanner({w for _, ws in cands for w in ws})
        seen: Counter[str] = Counter(t for _, t in scanner.find(pg.norm, pg.norm_slots()))
        # A word counts as the page's own when it occurs more often than the candidate
        # lines give it.
        given: Counter[str] = Counter(w for _, ws in cands for w in ws)
        strays = [(i, ws) for i, ws in cands if not any(seen[w] > given[w] for w in ws)]
        if len(strays) < p.stray_min_lines:
            return
        for i, ws in strays:
            yield from _line_hit(
                pg,
                i,
                taken,
                (
                    f"stray keyword line: {len(ws)} words found nowhere else on the page, "
                    f"between paragraphs of prose ({len(strays)} such lines on the page)"
                ),
            )

    def check(self, doc: Document) -> Iterator[Hit]:
        p: SpamBlockParams = self.params
        ls = lazy_lines(doc)
        taken = Spans()
        for b in score_blocks(doc, self.scorer):
            if b.score < p.threshold or b.signals["lexicon"] < p.min_lexicon:
                continue
            taken.add(b.start, b.end)
            safe = (
                b.edge
                and b.score >= p.safe_threshold
                and b.signals["lexicon"] >= p.safe_min_lexicon
            )
            # Deleting a whole block is offered only at the article's edge, and only for a
            # block in the document's own script: Korean prose or a Chinese word list in
            # a page of another script is not this page's spam to delete.
            deletable = b.edge and _main_script(doc.text[b.start : b.end]) == _doc_script(doc)
            yield Hit(
                b.start,
                b.end,
                data={
                    "items": len(b.items),
                    "known": f"{b.signals['lexicon']:.0%}",
                    "unrelated": f"{b.signals['unrelated']:.0%}",
                    "score": f"{b.score:.2f}",
                    "where": "after/before the article" if b.edge else "inside the article",
                },
                edits=[removal_edit(ls, b.first, b.last, len(doc.text))] if deletable else None,
                applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
                fix_description="remove the keyword block" if deletable else "",
            )
        # Each shape reports a line only when none before it has: a hit joins ``taken``
        # (a labelled line of keyword variants is one finding, on its label).
        shapes = (
            self._labelled_lines,
            self._headed_lists,
            self._stuffed_titles,
            self._keyword_runs,
            self._stray_lines,
            self._variant_lines,
            self._stuffed_runs,
            self._betting_lines,
            self._truncated_clouds,
            self._keyword_fields,
        )
        for shape in shapes:
            for h in shape(doc, taken):
                taken.add(h.start, h.end)
                yield h
