"""HTML pages: the text a reader sees, mapped back to the markup, and the page's metadata.

A scraped page kept as ``.html`` is markup, not text: linted raw, every rule reads tags
and attributes (``<p>2023-03-10 09:00 来源: 重庆日报</p>`` names the source
``重庆日报</p>``), entities look like encoding debris, and the publication date sits in
``<meta name="publishdate">`` where no text rule looks. So a page is tokenised with the
standard library's HTML parser and the rules see its text nodes:

* the content of ``<head>``, ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
  ``<iframe>``, ``<svg>``, ``<select>``, ``<textarea>`` and comments is not text;
* block elements and ``<br>`` end a line; other whitespace collapses to one space as a
  browser renders it (none at all where a source line break falls between two Chinese
  characters, per CSS Text's segment-break rule), and ``&nbsp;`` layout padding at a
  line's edge is dropped;
* entities and character references are decoded.

Every character of the text keeps the offset of the source character it came from
(``SourceMap``), so a finding's line and column point into the file as it is. The
tokeniser gives exact source positions, which a tree builder such as lxml does not; the
choice and its measurement on a gold extraction dataset are in the README.

``<meta>`` tags, ``og:``/``article:`` properties, ``<link rel="canonical">``, the
``<title>``, ``<time datetime>`` and a feed's ``<pubDate>`` become metadata under the
keys the provenance reader knows (``page_published``, ``page_source``, ``url``,
``author``), each with the tag it came from (``page_evidence``), so a finding can say
which evidence was used.

One pass over the markup: linear in the page's length.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from array import array
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

_SKIP = frozenset(
    ["head", "script", "style", "noscript", "template", "iframe", "svg", "select", "textarea"]
)
_BLOCK = frozenset(
    """address article aside blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul
    item entry channel""".split()
)
_WS = re.compile(r"[ \t\n\r\f\xa0\u3000]+")
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# <meta name|property|itemprop=...> -> (metadata field, rank: lower wins).
_META_FIELDS: dict[str, tuple[str, int]] = {
    "article:published_time": ("published", 0),
    "og:article:published_time": ("published", 0),
    "publishdate": ("published", 1),
    "publish_date": ("published", 1),
    "publishtime": ("published", 1),
    "pubdate": ("published", 1),
    "datepublished": ("published", 1),
    "og:release_date": ("published", 2),
    "og:time": ("published", 2),
    "article:publish_time": ("published", 2),
    "parsely-pub-date": ("published", 2),
    "sailthru.date": ("published", 3),
    "dc.date.issued": ("published", 3),
    "dc.date": ("published", 4),
    "date": ("published", 4),
    "og:site_name": ("source", 0),
    "sitename": ("source", 1),
    "source": ("source", 1),
    "contentsource": ("source", 1),
    "mediaid": ("source", 3),
    "og:url": ("url", 1),
    "author": ("author", 0),
    "article:author": ("author", 1),
}
_SAVED_FROM = re.compile(r"(?:saved from url=\(\d+\)|\bSource:\s*)(https?://[^\s<>\"']+)", re.I)
# RSS, Atom 1.0 and Atom 0.3 (`issued`, `created`, `modified`) entry and channel dates
_MIDNIGHT = dt.time(0, 0)
_FEED_DATES = {
    "pubdate": 0,
    "published": 1,
    "dc:date": 1,
    "issued": 1,
    "created": 1,
    "updated": 2,
    "modified": 2,
    "lastbuilddate": 3,
}


# What a page says about itself is weaker than what its text shows (a page's <title> names
# the site that reposted an article whose header names the paper it came from), so its
# date and site go under keys of their own, used when the text names none.
PAGE_KEYS = {"published": "page_published", "source": "page_source"}
PAGE_EVIDENCE = "page_evidence"


@dataclass
class SourceMap:
    """Text offset -> source offset, as runs: text ``t0[i]..`` came from source ``s0[i]..``
    one for one when ``literal[i]``, else every character of the run from ``s0[i]`` (a
    decoded entity, a collapsed blank, a line break standing for a tag).

    Runs are kept as machine integers (``array``, one byte a flag), not lists of Python
    ints: the 326,000 runs of a 20 MB page on one line held 28 MB of them for as long as
    its document was linted, 17 bytes a run this way (6 MB)."""

    t0: array[int] = field(default_factory=lambda: array("q"))
    s0: array[int] = field(default_factory=lambda: array("q"))
    literal: bytearray = field(default_factory=bytearray)
    source_line_starts: list[int] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        i = bisect.bisect_right(self.t0, offset) - 1
        if i < 0:
            return 0
        return self.s0[i] + (offset - self.t0[i] if self.literal[i] else 0)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source file of a text offset."""
        s = self.to_source(offset)
        starts = self.source_line_starts
        idx = bisect.bisect_right(starts, s) - 1
        return idx + 1, s - starts[idx] + 1


@dataclass
class HtmlText:
    text: str
    map: SourceMap
    metadata: dict[str, Any]


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        starts = [0]
        i = source.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        self.line_starts = starts
        self.parts: list[str] = []
        self.map = SourceMap(source_line_starts=starts)
        self.pos = 0
        self.last = "\n"  # the last character emitted (a line start at first)
        self.pending_break: int | None = None  # source offset of the tag ending a line
        self.pending_space: tuple[int, bool] | None = None  # (source offset, had a newline)
        self.skip: list[str] = []
        self.pre = 0
        self.meta: dict[str, tuple[int, str, str]] = {}  # field -> (rank, value, evidence)
        self.title: list[str] | None = None
        self.title_done = False
        self.feed_tag: str | None = None
        self.feed_text: list[str] = []
        self.feed_dates: list[tuple[str, str]] = []
        self.time_attr: str | None = None

    # -- positions ----------------------------------------------------------------------
    def _abs(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # -- emitting text ------------------------------------------------------------------
    def _put(self, s: str, src: int, literal: bool) -> None:
        m = self.map
        m.t0.append(self.pos)
        m.s0.append(src)
        m.literal.append(literal)
        self.parts.append(s)
        self.pos += len(s)
        self.last = s[-1]

    def _flush(self, first: str) -> None:
        if self.pending_break is not None:
            if self.last != "\n":
                self._put("\n", self.pending_break, False)
            self.pending_break = None
            self.pending_space = None
        elif self.pending_space is not None:
            src, had_nl = self.pending_space
            self.pending_space = None
            if self.last == "\n":
                return
            if had_nl and _CJK_CHAR.match(self.last) and _CJK_CHAR.match(first):
                return  # a source line break between two Chinese characters renders as nothing
            self._put(" ", src, False)

    def _emit(self, s: str, src: int, literal: bool) -> None:
        """Text ``s`` from source offset ``src`` (``literal``: one source char per char)."""
        if self.pre:
            if s:
                self._flush(s[0])
                self._put(s, src, literal)
            return
        i = 0
        for m in _WS.finditer(s):
            if m.start() > i:
                chunk = s[i : m.start()]
                self._flush(chunk[0])
                self._put(chunk, src + (i if literal else 0), literal)
            if self.pending_space is None and self.pending_break is None:
                ws = m.group()
                self.pending_space = (src + (m.start() if literal else 0), "\n" in ws)
            i = m.end()
        if i < len(s):
            chunk = s[i:]
            self._flush(chunk[0])
            self._put(chunk, src + (i if literal else 0), literal)

    def _break(self) -> None:
        if self.pending_break is None:
            self.pending_break = self._abs()

    # -- parser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.skip and self.skip[0] == "head":
            self.skip.clear()  # an unclosed <head> ends where the body starts
        if tag == "meta":
            self._meta(attrs)
        elif tag == "link":
            a = dict(attrs)
            if (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                self._set("url", 0, a["href"] or "", '<link rel="canonical">')
        elif tag == "title" and not self.title_done:
            self.title = []
        elif tag == "time":
            a = dict(attrs)
            dt_attr = a.get("datetime")
            if dt_attr:
                rank = 0 if "pubdate" in a else 3
                self._set("published", rank, dt_attr, "<time datetime>")
            elif "pubdate" in a:
                self.time_attr = "pubdate"
                self.feed_tag, self.feed_text = "time", []
        elif tag in _FEED_DATES and not self.skip:
            self.feed_tag, self.feed_text = tag, []
        if tag in _SKIP:
            self.skip.append(tag)
            return
        if tag in _BLOCK:
            self._break()
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)
        if tag in _SKIP and self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            t = " ".join("".join(self.title).split())
            if t:
                self.meta.setdefault("title", (0, t, "<title>"))
                self.title_done = True
            self.title = None
        if self.feed_tag == tag:
            value = " ".join("".join(self.feed_text).split())
            if value:
                if tag == "time":
                    self._set("published", 1, value, "<time pubdate>")
                else:
                    self.feed_dates.append((value, tag))
            self.feed_tag = None
        if tag in _SKIP:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self._break()

    def _side_text(self, s: str) -> None:
        if self.title is not None:
            self.title.append(s)
        if self.feed_tag is not None:
            self.feed_text.append(s)

    def handle_data(self, data: str) -> None:
        self._side_text(data)
        if not self.skip:
            self._emit(data, self._abs(), True)

    def _ref(self, raw_len: int, decoded: str) -> None:
        self._side_text(decoded)
        if self.skip:
            return
        src = self._abs()
        if raw_len == len(decoded) and self.src[src : src + raw_len] == decoded:
            self._emit(decoded, src, True)  # not an entity after all: literal text
        else:
            self._emit(decoded, src, False)

    def _ref_len(self, start: int, body: int) -> int:
        end = start + body
        return body + 1 if end < len(self.src) and self.src[end] == ";" else body

    def handle_entityref(self, name: str) -> None:
        src = self._abs()
        n = self._ref_len(src, 1 + len(name))
        self._ref(n, html.unescape(self.src[src : src + n]))

    def handle_charref(self, name: str) -> None:
        src = self._abs()
        n = self._ref_len(src, 2 + len(name))
        self._ref(n, html.unescape(self.src[src : src + n]))

    def handle_comment(self, data: str) -> None:
        # A saved page remembers where it came from: ``<!-- saved from url=(0044)http://…
        # -->`` (Internet Explorer), ``<!-- Source: http://… -->`` (archivers).
        m = _SAVED_FROM.search(data)
        if m is not None:
            self._set("url", 2, m.group(1), "<!-- saved from url -->")

    def unknown_decl(self, data: str) -> None:
        # ``<![CDATA[...]]>`` (feeds wrap item text in it): its content is text.
        if data.startswith("CDATA[") and not self.skip:
            self._side_text(data[6:])
            self._emit(data[6:], self._abs() + 9, True)

    # -- metadata -----------------------------------------------------------------------
    def _set(self, fld: str, rank: int, value: str, evidence: str) -> None:
        value = value.strip()
        if not value:
            return
        old = self.meta.get(fld)
        if old is None or rank < old[0]:
            self.meta[fld] = (rank, html.unescape(value), evidence)

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        content = a.get("content", "")
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = a.get(attr, "").strip().lower()
            hit = _META_FIELDS.get(key)
            if hit is not None and content.strip():
                self._set(hit[0], hit[1], content, f'<meta {attr}="{a.get(attr, "").strip()}">')
                return

    def _latest_feed_date(self) -> None:
        """A feed's date is its newest one: it holds entries of many days, and each
        entry dated after the feed's date would read as content appended later (P106)."""
        # imported here: provenance compiles its patterns at import, and only feeds need it
        from seedlint.provenance import parse_date

        best: tuple[Any, str, str] | None = None
        for value, tag in self.feed_dates:
            day, clock = parse_date(html.unescape(value))
            if day is not None and (best is None or (day, clock or _MIDNIGHT) > best[0]):
                best = ((day, clock or _MIDNIGHT), value, tag)
        if best is not None:
            self._set("published", 5, best[1], f"<{best[2]}>")
        elif self.feed_dates:
            value, tag = min(self.feed_dates, key=lambda vt: _FEED_DATES[vt[1]])
            self._set("published", 5 + _FEED_DATES[tag], value, f"<{tag}>")

    def result(self) -> HtmlText:
        self._latest_feed_date()
        title = self.meta.get("title")
        if title is not None:
            site = site_from_title(title[1])
            if site is not None:
                self._set("source", 8, site, "<title>")
        md: dict[str, Any] = {}
        evidence: dict[str, str] = {}
        for fld, (_rank, value, ev) in self.meta.items():
            key = PAGE_KEYS.get(fld, fld)
            md[key] = value
            evidence[key] = ev
        if evidence:
            md[PAGE_EVIDENCE] = evidence
        return HtmlText("".join(self.parts), self.map, md)


_TITLE_SPLIT = re.compile(r"\s[|｜\-－—–]+\s|[|｜_＿]|\s*[—–－]{1,2}\s*|\s-\s?|-(?=\S*$)")
_SITE_HINT = re.compile(
    r"(?:[网網报報社台刊誌志]|新闻|新聞|在线|在線|频道|頻道|财经|財經|社区|社區|论坛|論壇"
    r"|\.com|\.cn|\.tw|\.net)$"
    r"|^(?:新浪|搜狐|网易|網易|腾讯|騰訊|凤凰|鳳凰|人民|新华|新華|央视|央視|中新|澎湃|蘋果|苹果)",
    re.IGNORECASE,
)


_PORTAL_LED = re.compile(r"(?:新浪|搜狐|网易|網易|腾讯|騰訊|凤凰|鳳凰|雅虎|天涯|猫扑|貓撲)")
_SITE_ONLY_MAX = 8


_BRACKETED_TAIL = re.compile(r"(?<=\S)\s*[\[【]([^\[\]【】]{2,16})[\]】]\s*$")


def title_parts(title: str) -> list[str]:
    """A page's ``<title>`` split at the separators that set a site apart from a headline."""
    return [p.strip() for p in _TITLE_SPLIT.split(title) if p and p.strip()]


def site_from_title(title: str) -> str | None:
    """The site a page's ``<title>`` names after its headline (``…_网易财经``,
    ``… | 蘋果日報``), or None: the last separated part, when it reads as a site name."""
    parts = title_parts(title)
    if not parts:
        return None
    if len(parts) < 2:
        # A title that is only a site's name (``网易娱乐`` over a forum's thread list)
        # names the site; a portal's name must lead it, as a headline never reads so.
        one = parts[0]
        if len(one) <= _SITE_ONLY_MAX and _PORTAL_LED.match(one) and one.isalnum():
            return one
        return None
    # A forum's error or notice page brackets the site after its message
    # (``…错误信息[麻辣社区]``): the bracketed tail is the site when it reads as one.
    tail = _BRACKETED_TAIL.search(parts[-1])
    for cand in (parts[-1], parts[0], tail.group(1) if tail else ""):
        if (
            2 <= len(cand) <= 16
            and not re.search(r"[，。！？,!?：:]", cand)
            and _SITE_HINT.search(cand)
        ):
            return cand
    return None


def extract_html(source: str) -> HtmlText:
    """The text, source map and metadata of an HTML page (never raises on bad markup)."""
    p = _Extractor(source)
    try:
        p.feed(source)
        p.close()
    except (AssertionError, ValueError):  # the tokeniser's own complaints on broken markup
        pass
    return p.result()


_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s>/]|!--|!doctype|/[a-zA-Z])", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether the decoded text of a file named ``.html`` is markup (a page, a fragment
    starting with a script or a table, a feed) rather than plain text saved under that
    name: a tag among its first 4096 characters."""
    return _TAG.search(text, 0, 4096) is not None
