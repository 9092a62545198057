"""Shared page analysis for the keyword-spam and scraping-artifact detectors.

Several rules need the same view of a scraped page: its lines, a Simplified-Chinese copy
of the text to match word lists on (the seeds mix Traditional and Simplified, the lists
are Simplified), which lines are site furniture or provenance, and where the article
ends and the footer begins. Working that out once per document (memoised in
``doc.cache``) keeps each detector linear and lets their verdicts agree: a line the
boilerplate rule calls furniture is also what the spam rule counts as "after the
article".

Removal fixes are built here too, so every rule removes lines the same way: whole
lines, never leaving a doubled blank line behind, keeping the document's final newline
(or its absence) as it was.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from seedlint.document import Document
from seedlint.lexicons import Lexicon, load_lexicon
from seedlint.model import Edit

# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """Traditional -> Simplified, or ``s`` itself when the conversion would move offsets."""
    if not s or s.isascii():
        return s
    out: str = _t2s().convert(s)
    return out if len(out) == len(s) else s


def normalized(doc: Document) -> str:
    """``doc.text`` in Simplified characters, offset for offset (cached per document)."""
    key = "_webtext.t2s"
    cached = doc.cache.get(key)
    if isinstance(cached, str) and len(cached) == len(doc.text):
        return cached
    text = doc.text
    out = to_simplified(text)
    if len(out) != len(text):  # pragma: no cover - whole-text conversion kept lengths so far
        out = "\n".join(to_simplified(line) for line in text.split("\n"))
    doc.cache[key] = out
    return out


@dataclass
class Line:
    idx: int
    start: int
    """Offset of the line's first character in ``doc.text``."""
    end: int
    """Offset just past the line's last character (before ``\\r\\n`` / ``\\n``)."""
    text: str
    norm: str
    """The line in Simplified characters (same length as ``text``)."""
    clean: str = ""
    """``norm`` without pinyin ruby (`网(wǎng)`): what phrases and items are matched on.
    Not offset-aligned; use it to classify a line, never to locate text in it."""

    @property
    def blank(self) -> bool:
        return not self.clean.strip()

    @property
    def stripped(self) -> str:
        return self.clean.strip()


def lines(doc: Document) -> list[Line]:
    key = "_webtext.lines"
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    norm = normalized(doc)
    out = []
    for i, (s, t) in enumerate(doc.lines()):
        n = norm[s : s + len(t)]
        out.append(Line(i, s, s + len(t), t, n, strip_ruby(n)))
    doc.cache[key] = out
    return out


# Pinyin ruby that some sites print after each hard character: `网(wǎng)`, `区(qū)`. It
# splits the words the phrase lists look for; at least one tone mark makes it pinyin.
RUBY_RE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]")


def strip_ruby(s: str) -> str:
    return RUBY_RE.sub("", s) if "(" in s or "（" in s else s


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENTENCE_END = "。！？!?；;…"
LATIN_SENTENCE_END_RE = re.compile(r"[A-Za-z0-9][.!?](?:\s|$)")
TAG_TAIL_RE = re.compile(r"(?:<?/?[a-zA-Z][a-zA-Z0-9]{0,9}(?:\s[^<>]{0,40})?>)+\s*$")


def han_count(s: str) -> int:
    return len(HAN_RE.findall(s))


def strip_tag_tail(s: str) -> str:
    """Drop HTML tag debris at the end of a line (``…</a>``), which scrapers leave behind."""
    if not s.rstrip().endswith(">"):
        return s.rstrip()
    return TAG_TAIL_RE.sub("", s).rstrip()


def is_teaser(s: str) -> bool:
    """A link-list entry: a summary the site cut off with an ellipsis, or link-tag debris."""
    t = s.strip()
    u = strip_tag_tail(t)
    return u != t or u.endswith(("…", "...", "⋯"))


# --------------------------------------------------------------------------- items

# Delimiters that separate the items of a keyword list. Semicolons are not among them:
# they separate clauses of a sentence (the bullet lines of seed 003 end with them).
ITEM_DELIMS = "|｜/／、,，"
_ITEM_SPLIT_RE = re.compile(r"[|｜/／、,，]+|[\s\u3000\xa0]+")
_EDGE_PUNCT = "\"'“”‘’「」『』《》〈〉【】[]()（）<>:：.·•-—_~*#@"


_LATIN_WORD_RE = re.compile(r"[^\u2e80-\U0010ffff]*[^\W_][^\u2e80-\U0010ffff]*")


def _is_latin_word(s: str) -> bool:
    return _LATIN_WORD_RE.fullmatch(s) is not None


def split_items(s: str) -> list[tuple[int, int]]:
    """Item spans (start, end) within ``s``: split on list delimiters and on whitespace.

    Whitespace separates items only around CJK text: ``All Rights Reserved`` stays one
    item, so an English sentence does not turn into a list of short words.
    """
    raw: list[tuple[int, int, str]] = []
    pos = 0
    for m in _ITEM_SPLIT_RE.finditer(s):
        if m.start() > pos:
            raw.append((pos, m.start(), m.group()))
        else:
            raw.append((pos, pos, m.group()))
        pos = m.end()
    if pos < len(s):
        raw.append((pos, len(s), ""))
    # Merge Latin words that were separated by plain whitespace only.
    merged: list[tuple[int, int]] = []
    prev_sep_ws = False
    for a, b, sep in raw:
        if a == b:
            prev_sep_ws = False
            continue
        piece = s[a:b]
        if (
            merged
            and prev_sep_ws
            and _is_latin_word(piece)
            and _is_latin_word(s[merged[-1][0] : merged[-1][1]])
        ):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
        prev_sep_ws = bool(sep) and not any(c in ITEM_DELIMS for c in sep)
    out: list[tuple[int, int]] = []
    for a, b in merged:
        while a < b and s[a] in _EDGE_PUNCT:
            a += 1
        while b > a and s[b - 1] in _EDGE_PUNCT:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def has_sentence_punct(s: str) -> bool:
    return any(c in SENTENCE_END for c in s) or bool(LATIN_SENTENCE_END_RE.search(s))


# --------------------------------------------------------------------------- lexicons


def resolve_files(ctx_resolve: Any, files: Iterable[str]) -> list[Path]:
    out = []
    for f in files:
        p = ctx_resolve(f)
        if not p.is_file():
            raise ValueError(f"data file not found: {p}")
        out.append(p)
    return out


ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "林区",
    "特区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
)


_ETHNIC_TAIL_RE = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$")


def short_form_variants(name: str) -> set[str]:
    """Forms of an official name a list may use: without its suffix, without ethnic names."""
    out: set[str] = set()
    for suf in ADMIN_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            stem = name[: -len(suf)]
            out.add(stem)
            bare = _ETHNIC_TAIL_RE.sub("", stem)
            if len(bare) >= 2:
                out.add(bare)
            break
    return out


@dataclass
class Gazetteer:
    """Place names; an item matches as written or with its administrative suffix swapped."""

    lex: Lexicon

    def __contains__(self, item: str) -> bool:
        if len(item) < 2:
            return False
        if item in self.lex:
            return True
        for suf in ADMIN_SUFFIXES:
            if item.endswith(suf) and len(item) - len(suf) >= 2:
                stem = item[: -len(suf)]
                if stem in self.lex:
                    return True
                return any(stem + s in self.lex for s in ("县", "市", "区"))
        return False


def load_gazetteer(files: list[Path], exclude: Iterable[str] = ()) -> Gazetteer:
    lex = load_lexicon(files)
    for t in exclude:
        lex.terms.pop(t, None)
    return Gazetteer(lex)


# --------------------------------------------------------------------------- furniture

_BULLETS = "•·●◆◇■□▪▶►▸-*＞>»→≫"
_WRAP_RE = re.compile(r"^[\[【〔（(「『<《]+|[\]】〕）)」』>》]+$")
_TRAIL_RE = re.compile(r"(?:[:：>»→≫]+|更多>*|more>*)$", re.IGNORECASE)

_DECOR_HEAD = set(_BULLETS + "[【〔（(「『<《")
_DECOR_TAIL = set("]】〕）)」』>》:：»→≫多eE")

PROVENANCE_RE = re.compile(
    r"^[\s(（【\[]*(?:责任编辑|责编|编辑|主编|编审|记者|本报记者|通讯员|实习生|作者|撰文|"
    r"来源|稿源|供稿|文\s*/|图\s*/|摄影|摄像|校对|审核|审校|监制|出品|策划|资料|译者|翻译)"
    r"|(?:来源|记者|编辑|责编|作者)\s*[:：]"
)


def decoration_stripped(s: str) -> str:
    """A line without bullets, wrapping brackets, trailing colons and ``更多>>``."""
    t = s.strip()
    if t and t[0] not in _DECOR_HEAD and t[-1] not in _DECOR_TAIL:
        return t
    for _ in range(3):
        before = t
        t = t.lstrip(_BULLETS).strip()
        t = _WRAP_RE.sub("", t).strip()
        t = _TRAIL_RE.sub("", t).strip()
        if t == before:
            break
    return t


def is_provenance(norm: str) -> bool:
    """Editor, reporter and source credits: provenance the report keeps, never furniture."""
    return bool(PROVENANCE_RE.search(norm[:60]))


@dataclass
class FurnitureGroup:
    name: str
    match: str
    """``line``: the whole (decoration-stripped) line is a phrase or a list of phrases;
    ``contains``: a phrase or regex occurs in the line."""
    zone: str
    """``any`` or ``edge``: edge-only groups count only before or after the article."""
    fix: str
    phrases: list[str] = field(default_factory=list)
    regexes: list[re.Pattern[str]] = field(default_factory=list)


@dataclass
class Furniture:
    """Site-furniture phrases and patterns, by group (see rules/boilerplate.yaml)."""

    groups: dict[str, FurnitureGroup]
    nav_words: set[str]
    max_line_chars: int = 240
    nav_group: str = "nav_menu"
    _line_phrases: dict[str, str] = field(default_factory=dict)
    _contains: Lexicon | None = None

    def __post_init__(self) -> None:
        lex = Lexicon()
        for g in self.groups.values():
            if g.name == self.nav_group:
                continue  # a lone `新闻` or `首页` is a heading as often as a menu: rows only
            for p in g.phrases:
                if g.match == "line":
                    self._line_phrases.setdefault(p.casefold(), g.name)
                else:
                    lex.add(p.casefold(), g.name)
        self._contains = lex

    def classes(self, doc: Document) -> list[tuple[str, int] | None]:
        """``classify`` of every line of ``doc`` (memoised per document)."""
        key = f"_webtext.classes:{id(self)}"
        cached = doc.cache.get(key)
        if isinstance(cached, list):
            return cached
        out = [None if ln.blank else self.classify(ln.clean) for ln in lines(doc)]
        doc.cache[key] = out
        return out

    def line_group(self, item: str) -> str | None:
        return self._line_phrases.get(item.casefold())

    def classify(self, norm: str) -> tuple[str, int] | None:
        """(group, number of distinct phrase hits) for a furniture line, else None."""
        s = norm.strip()
        if not s:
            return None
        core = decoration_stripped(s)
        if not core:
            return None
        g = self._line_phrases.get(core.casefold())
        if g is not None:
            return g, 1
        if len(s) > self.max_line_chars:
            return None
        # A line made of several furniture phrases / nav words (`【打印】 【关闭】`).
        items = [core[a:b] for a, b in split_items(core)] if len(core) <= 160 else []
        if len(items) >= 2 and any(
            i in self.nav_words or i.casefold() in self._line_phrases for i in items
        ):
            groups = [self._line_phrases.get(i.casefold()) for i in items]
            nav = [i in self.nav_words for i in items]
            known = sum(1 for g2, n in zip(groups, nav, strict=True) if g2 or n)
            if known == len(items) or (len(items) >= 4 and known / len(items) >= 0.75):
                named = [g2 for g2 in groups if g2]
                return (named[0] if named else self.nav_group), known
        assert self._contains is not None
        hits: dict[str, set[str]] = {}
        for h in self._contains.find(s.casefold()):
            hits.setdefault(h.label, set()).add(h.term)
        for g2 in self.groups.values():
            for rx in g2.regexes:
                m = rx.search(s)
                if m:
                    hits.setdefault(g2.name, set()).add(m.group())
        if not hits:
            return None
        best = max(hits, key=lambda k: len(hits[k]))
        return best, sum(len(v) for v in hits.values())


_FURNITURE: dict[str, Furniture] = {}


def load_furniture(
    files: list[Path],
    groups_cfg: dict[str, Any],
    nav_label: str = "nav_menu",
    max_line_chars: int = 240,
) -> Furniture:
    """The phrase groups from lexicon files plus the per-group settings in the rule.

    Rules configured alike share one instance, and with it the per-document layout memo.
    """
    key = json.dumps(
        [[str(f) for f in files], groups_cfg, nav_label, max_line_chars], sort_keys=True
    )
    hit = _FURNITURE.get(key)
    if hit is None:
        hit = _build_furniture(files, groups_cfg, nav_label)
        hit.max_line_chars = max_line_chars
        _FURNITURE[key] = hit
    return hit


def _build_furniture(files: list[Path], groups_cfg: dict[str, Any], nav_label: str) -> Furniture:
    groups: dict[str, FurnitureGroup] = {}
    lex = load_lexicon(files)
    by_label: dict[str, list[str]] = {}
    for term, label in lex.terms.items():
        by_label.setdefault(label, []).append(term)
    for name, cfg in groups_cfg.items():
        groups[name] = FurnitureGroup(
            name=name,
            match=str(cfg.get("match", "line")),
            zone=str(cfg.get("zone", "any")),
            fix=str(cfg.get("fix", "unsafe")),
            phrases=sorted(by_label.get(name, [])),
            regexes=[re.compile(r) for r in cfg.get("regexes", [])],
        )
    return Furniture(groups=groups, nav_words=set(by_label.get(nav_label, [])), nav_group=nav_label)


# --------------------------------------------------------------------------- page layout

HEADLINE_MAX = 60
DATELINE_RE = re.compile(
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/月]\d{1,2}日?)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)


def is_dateline(s: str) -> bool:
    """A short line that is a date with at most a source name: ``北京青年报政知见 2024-11-11``."""
    t = s.strip()
    if not t or len(t) > 40:
        return False
    m = DATELINE_RE.search(t)
    if not m:
        return False
    rest = (t[: m.start()] + t[m.end() :]).strip()
    return len(rest) <= 20 and not has_sentence_punct(rest)


def is_short_item_line(norm: str, max_item: int = 12) -> bool:
    """Many short delimited items and no sentence: the shape of a keyword list."""
    s = norm.strip()
    if not s or has_sentence_punct(s):
        return False
    spans = split_items(s)
    if len(spans) < 6:
        return False
    lens = sorted(b - a for a, b in spans)
    return lens[len(lens) // 2] <= 6 and lens[-1] <= max_item * 2


def is_content_line(line: Line, furniture_class: tuple[str, int] | None = None) -> bool:
    """A line of article prose (what bounds the header and footer zones)."""
    s = line.stripped
    if len(s) < 15 or furniture_class is not None:
        return False
    t = strip_tag_tail(s)
    if t != s or t.endswith(("…", "...", "⋯")):
        return False  # a teaser of a link list
    hc = han_count(t)
    if t[-1:] in "。；;”」』）)":
        ok = hc >= 10
    elif t[-1:] in "！？!?":
        ok = hc >= 30  # headlines end in `?` and `!` too
    else:
        ok = hc >= 60
    return ok and not (is_provenance(s) or is_dateline(s) or is_short_item_line(s))


# --------------------------------------------------------------------------- link lists


@dataclass
class LinkBlock:
    first: int
    last: int
    headed: bool
    entries: int


def _is_headline(s: str) -> bool:
    t = strip_tag_tail(s.strip())
    if not t or len(t) > HEADLINE_MAX or han_count(t) < 2:
        return False
    if t[-1] in "。；;，,：:":
        return False
    return t.count("，") + t.count(",") <= 2


def _is_entry(s: str) -> bool:
    t = s.strip()
    return (is_teaser(t) and len(t) <= 400) or is_dateline(t) or _is_headline(t)


@dataclass(frozen=True)
class LinkConfig:
    heading_group: str = "related_heading"
    min_items: int = 2
    min_pairs: int = 3
    max_blank_run: int = 2


def link_blocks(doc: Document, furniture: Furniture, p: LinkConfig) -> list[LinkBlock]:
    """Related-link lists in the document (memoised: the line rule skips their lines)."""
    key = f"_webtext.links:{id(furniture)}:{p}"
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    ls = lines(doc)
    cl = furniture.classes(doc)
    n = len(ls)
    out: list[LinkBlock] = []
    i = 0
    while i < n:
        ln = ls[i]
        if ln.blank or is_provenance(ln.stripped):
            i += 1
            continue
        cls = cl[i]
        if cls is not None and cls[0] == p.heading_group:
            last, entries = _scan_headed(ls, cl, i, p)
            if entries >= p.min_items:
                out.append(LinkBlock(i, last, True, entries))
                i = last + 1
                continue
        elif cls is None and len(ln.stripped) <= HEADLINE_MAX:
            last, pairs = _scan_pairs(ls, cl, i)
            if pairs >= p.min_pairs:
                out.append(LinkBlock(i, last, False, pairs))
                i = last + 1
                continue
        i += 1
    doc.cache[key] = out
    return out


def _scan_headed(
    ls: list[Line], cl: list[tuple[str, int] | None], i: int, p: LinkConfig
) -> tuple[int, int]:
    last, entries, blanks = i, 0, 0
    for k in range(i + 1, len(ls)):
        ln = ls[k]
        if ln.blank:
            blanks += 1
            if blanks > p.max_blank_run:
                break
            continue
        blanks = 0
        s = ln.stripped
        if is_provenance(s):
            break
        cls = cl[k]
        if cls is not None:
            if cls[0] != p.heading_group:
                break
            last = k  # a further heading of the same list area
            continue
        if not _is_entry(s):
            break
        entries += 1
        last = k
    return last, entries


def _scan_pairs(ls: list[Line], cl: list[tuple[str, int] | None], i: int) -> tuple[int, int]:
    """Consecutive (headline, date-or-teaser) line pairs starting at ``i``."""
    k, pairs, last = i, 0, i
    while k + 1 < len(ls):
        a, b = ls[k], ls[k + 1]
        if a.blank or b.blank:
            break
        sa, sb = a.stripped, b.stripped
        if cl[k] is not None or not _is_headline(sa) or is_provenance(sa):
            break
        if not (is_dateline(sb) or (is_teaser(sb) and len(sb) <= 400)):
            break
        pairs += 1
        last = k + 1
        k += 2
    return last, pairs


@dataclass
class Layout:
    head_end: int
    """Index of the first article line (lines before it are the header zone)."""
    tail_start: int
    """Index just past the last article line (lines from it on are the footer zone)."""

    def at_edge(self, first: int, last: int) -> bool:
        return last < self.head_end or first >= self.tail_start


def layout(doc: Document, furniture: Furniture | None) -> Layout:
    ck = f"_webtext.layout:{id(furniture)}"
    cached = doc.cache.get(ck)
    if isinstance(cached, Layout):
        return cached
    ls = lines(doc)
    listed: set[int] = set()
    classes: list[tuple[str, int] | None] = [None] * len(ls)
    if furniture is not None:
        classes = furniture.classes(doc)
        for b in link_blocks(doc, furniture, LinkConfig()):
            listed.update(range(b.first, b.last + 1))
    content = [
        ln.idx
        for ln in ls
        if not ln.blank and ln.idx not in listed and is_content_line(ln, classes[ln.idx])
    ]
    if content:
        lay = Layout(head_end=content[0], tail_start=content[-1] + 1)
    else:
        # No article prose at all: nothing is "the edge" of an article.
        lay = Layout(head_end=0, tail_start=len(ls))
    doc.cache[ck] = lay
    return lay


# --------------------------------------------------------------------------- removal


def removal_edit(ls: list[Line], first: int, last: int, text_len: int) -> Edit:
    """Delete lines ``first..last`` whole, without leaving a doubled blank line behind.

    At the end of the document the deletion starts after the last kept line's text, so
    the document keeps the ending it had (final newline or none). Between two blank
    lines the blank lines after the block go with it.
    """
    n = len(ls)
    after = next((k for k in range(last + 1, n) if not ls[k].blank), None)
    before = next((k for k in range(first - 1, -1, -1) if not ls[k].blank), None)
    if after is None:
        if before is None:
            return Edit(start=0, end=text_len, replacement="")
        return Edit(start=ls[before].end, end=ls[last].end, replacement="")
    if before is None:
        return Edit(start=ls[first].start, end=ls[after].start, replacement="")
    end = ls[last + 1].start
    if first > 0 and ls[first - 1].blank:
        end = ls[after].start
    return Edit(start=ls[first].start, end=end, replacement="")


def normalize_nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)
