"""``truncation``: a document or paragraph that starts or ends mid-sentence.

Scrapers cut pages at fixed offsets or drop the first node of a footer, leaving
fragments like `明之外,推送稿件文字及圖片均來自網絡` (the tail of `除...聲明之外`) or a lone
`武漢` after a `即時新聞` heading. A fragment is a sentence the corpus cannot use and a
sign that something around it is missing.

Only signals that prose does not produce are used, because short lines are everywhere
in news (headings, bullets, signatures):

* start: a line that opens with punctuation that can only continue a sentence
  (`，`, `）`, `」`), with a closing bracket or quote whose opener is missing, or with a
  `...之外` frame whose `除` was cut off;
* end: the document's last line ends with a comma, an enumeration comma, a colon or
  an open bracket, leaves a bracket or quote unclosed, or is a lone short word right
  after a link-list heading (a lone word after a paragraph may be a signature).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._webtext import (
    Furniture,
    Page,
    han_count,
    is_provenance,
    load_furniture,
    markup_offset,
    page,
    page_markup,
    resolve_files,
    strip_tag_tail,
)
from seedlint.document import Document
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

# ASCII `!` and `?` are left out: a line opening with them is a Markdown image (`![..](..)`)
# or a character an encoder replaced (`?` for `©`), not the tail of a sentence.
CONTINUATION_START = "，,、。；;：）)」』》〉】！？"
# Curly quotes are left out: pages misuse `”` as an opening quote too often to trust them.
PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "《": "》", "【": "】", "[": "]"}
CLOSERS = {v: k for k, v in PAIRS.items()}
# Pages pair brackets of both widths (`（二)`, `(港股通≤50%）`): either opener matches
# either closer of the same shape.
SAME_SHAPE = {"（": "（(", "(": "(（", "）": "）)", ")": ")）"}
_OPENER_RE = re.compile("[" + "".join(re.escape(o) for o in PAIRS) + "]")
ENUMERATOR_RE = re.compile(
    r"^\s*(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3}|[A-Za-z]|[①-⑳])\s*[)）\]】]"
)
CUT_FRAME_RE = re.compile(r"^[^\s，,。：:除此]之外[，,]")
OPEN_END = "，,、：:（(「『《【“‘"
END_MARKERS = (
    "完",
    "全文完",
    "（完）",
    "(完)",
    "【完】",
    "end",
    "END",
    "The End",
    "-END-",
    "—END—",
)


class TruncationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    where: Literal["start", "end"]
    phrases: list[str] = Field(default_factory=list)
    """Furniture phrase files: a lone word after one of their headings is a cut list."""
    heading_groups: list[str] = Field(default_factory=lambda: ["related_heading"])
    lone_max_chars: int = Field(default=4, ge=1)
    """A last line this short (without punctuation) may be a cut-off fragment."""
    check_chars: int = Field(default=30, ge=5)
    """How far into a line an unmatched closing bracket or quote counts."""


def _unmatched_closer(s: str, limit: int) -> int | None:
    """Offset of a closing bracket/quote in the first ``limit`` chars with no opener before.

    A closer is unmatched when as many of its openers as of its kind precede it, and all
    the closers before the first such one were matched: the first of them per kind,
    found with string searches, the earliest over all kinds.
    """
    if ENUMERATOR_RE.match(s):
        return None
    head = s[:limit]
    first: int | None = None
    for c, o in CLOSERS.items():
        i = head.find(c)
        while i >= 0 and (first is None or i < first):
            if _count(head, SAME_SHAPE.get(o, o), i) == _count(head, SAME_SHAPE.get(c, c), i):
                # `》》》` is an arrow, `）)` a doubled closer, `：1）` an enumerator inside
                # the line and `](` a Markdown link: typography, not a lost start.
                run = (
                    head[i + 1 : i + 2] == c
                    or (i > 0 and head[i - 1] in CLOSERS)
                    or (c == ")" and i > 0 and head[i - 1] in ":;")  # an emoticon `:)`
                    or _enumerator_before(head, i)
                    or (c == "]" and head[i + 1 : i + 2] == "(")
                )
                if not run:
                    first = i
                break
            i = head.find(c, i + 1)
    return first


_ENUM_CHARS = frozenset("0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩")


def _enumerator_before(s: str, i: int) -> bool:
    """Whether the closer at ``i`` ends an enumerator such as `1）` or `二)` (one or two
    numerals or a single letter, not glued to a longer word)."""
    k = i
    while k > 0 and i - k < 2 and (s[k - 1] in _ENUM_CHARS):
        k -= 1
    if k == i:
        if i > 0 and s[i - 1].isascii() and s[i - 1].isalpha():
            k = i - 1  # `a)`, `B）`
        else:
            return False
    return k == 0 or not (s[k - 1].isalnum() or s[k - 1] in _ENUM_CHARS)


def _count(s: str, chars: str, end: int) -> int:
    return sum(s.count(x, 0, end) for x in chars)


def _unbalanced_open(s: str) -> bool:
    """Whether some kind of bracket or quote opens more often than it closes."""
    if not _OPENER_RE.search(s):  # most lines open nothing
        return False
    n = len(s)
    return any(
        _count(s, SAME_SHAPE.get(o, o), n) > _count(s, SAME_SHAPE.get(c, c), n)
        for o, c in PAIRS.items()
    )


def _has_word(s: str) -> bool:
    return any(c.isalnum() for c in s)


def _wrapped(pg: Page, i: int) -> bool:
    """A hard-wrapped line: the prose line right above (no blank line between) stops
    without closing its sentence, so this one carries on from it. A line that opens with
    a comma (`，比如爱因斯坦。`) carries on across one blank line too: an archive that
    turned a page's line breaks into Markdown paragraphs split the sentence there, and
    the prose above still stops mid-sentence."""
    if i == 0:
        return False
    if pg.blank(i - 1):
        if i < 2 or pg.blank(i - 2) or pg.norm_stripped()[i][:1] not in _COMMAS:
            return False
        i -= 1
    above = pg.norm_stripped()[i - 1]
    if len(above) < 12 or is_provenance(above):
        return False  # a heading or a credit, not a wrapped prose line
    last = above[-1]
    if last in _AFTER_CLOSE and len(above) >= 2:
        # A sentence carries on after a parenthesis or a quote: ``…(吃不着的葡萄格外甜)``
        # wrapped before ``。尔后``, ``…的客观规律”`` before ``，如今``.
        last = above[-2]
        return last not in SENTENCE_CLOSE
    return last not in SENTENCE_CLOSE and _has_word(last)


_AFTER_CLOSE = "”」』）)"
_COMMAS = "，,、"


SENTENCE_CLOSE = "。！？!?；;…”」』）)】》.:："


def _opened_above(pg: Page, i: int, opener: str) -> bool:
    """Whether the line above ``i`` (no blank line between) leaves ``opener`` open: text
    hard-wrapped inside a parenthesis, closed on the next line."""
    if i == 0 or pg.blank(i - 1):
        return False
    above = pg.norm_stripped()[i - 1]
    n = len(above)
    closer = PAIRS[opener]
    return _count(above, SAME_SHAPE.get(opener, opener), n) > _count(
        above, SAME_SHAPE.get(closer, closer), n
    )


# Tags and Markdown emphasis after a closer, which end a line without continuing it.
# A closer that ends its line (`…回答）`, `…造成的。)`, `…截图）</figcaption>`) closes a note
# opened on a line above, or lost one bracket: the line's start is whole. A cut start
# leaves the tail of a clause and then goes on (`者王斌来、常碧罗）20日，重庆市…`).
_MARKUP_OR_EMPHASIS_RE = re.compile(r"<[^<>\n]*>|[*_~`\s]")

# A last line that announces a picture or a QR code, whose content was an image.
_POINTS_TO_IMAGE_RE = re.compile(
    r"(?:所示|如下|如图|下图|下表|见图|微信|公众号|关注|扫码|follow)\s*[:：]$", re.IGNORECASE
)


# What an HTML page may hold after its last text that a colon there heads: a form field
# (`留言：` over a text box), a picture or an embedded frame (a box's title over what a
# script fills in). Such a page was not cut off: its markup goes on past its text.
_CONTENT_TAG_RE = re.compile(
    r"<(?:textarea|input|select|img|iframe|object|embed|video|canvas)\b", re.IGNORECASE
)


# A label ending in a colon before the closer (`记者：你还记得和)他…`, `原文来自「某号」：
# [教育】《…》`): the line opens with the label, whole; the closer is a stray bracket or
# a title that lost its opener further on, not the tail of a cut clause.
_LABEL_BEFORE_RE = re.compile(r"[^\s:：]\s*[:：]\s*\S")


def _markup_goes_on(doc: Document, offset: int) -> bool:
    """Whether an HTML page's markup after text offset ``offset`` (its last character)
    holds a form field, a picture or an embedded frame."""
    at = markup_offset(doc, offset)
    if at is None:
        return False
    markup = page_markup(doc)
    return markup is not None and _CONTENT_TAG_RE.search(markup, at) is not None


@register
class TruncationDetector(Detector):
    kind = "truncation"
    Params = TruncationParams

    def __init__(self, rule: RuleSpec, params: TruncationParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.furniture: Furniture | None = None
        if params.phrases:
            files = resolve_files(ctx.resolve, params.phrases)
            self.furniture = load_furniture(
                files, {g: {"match": "line"} for g in params.heading_groups}
            )
        # Lines that can start mid-sentence (after leading whitespace): a continuation
        # mark, a cut `...之外，` frame, or a closing bracket within ``check_chars``.
        self.closer = re.compile("[" + "".join(re.escape(c) for c in CLOSERS) + "]").search

    def check(self, doc: Document) -> Iterator[Hit]:
        p: TruncationParams = self.params
        if p.where == "start":
            yield from self._starts(doc)
        else:
            yield from self._end(doc)

    def _starts(self, doc: Document) -> Iterator[Hit]:
        p: TruncationParams = self.params
        pg = page(doc)
        norm = pg.norm
        starts = pg.starts
        closer = self.closer
        limit = p.check_chars
        # The stripped lines decide which lines can match (whitespace is never one of
        # the characters looked for); each such line is then judged as before.
        for i, t in enumerate(pg.norm_stripped()):
            if not t or not (
                t[0] in CONTINUATION_START
                or closer(t, 0, limit)
                or (t[1:3] == "之外" and CUT_FRAME_RE.match(t))
            ):
                continue
            start = norm.find(t[0], starts[i])  # the first character after the whitespace
            end = norm.find("\n", start)
            if end < 0:
                end = len(norm)
            if norm[end - 1] == "\r":
                end -= 1
            s = norm[start:end]
            if not _has_word(s) or "\ufffd" in s:
                continue  # punctuation debris (`。。。`, a lone `)`) or mojibake: no sentence
            if _wrapped(pg, i):
                continue  # the line above runs on into this one
            if s[0] in CLOSERS and _opened_above(pg, i, CLOSERS[s[0]]):
                continue  # ``（详情请点击链接：`` above, its link stripped: closed here
            if len(s) > 2 and s[-1] == s[0] and s[0] in "：:":
                continue  # decoration around a heading: ``：：：销量排行：：：``
            reason = None
            if s[0] in CONTINUATION_START:
                reason = f"it opens with `{s[0]}`"
            elif CUT_FRAME_RE.match(s):
                reason = "its `...之外` lacks the `除` that opens it"
            elif not s.startswith("]]>"):  # the end of an XML CDATA section
                at = _unmatched_closer(s, p.check_chars)
                if (
                    at is not None
                    and han_count(s[:at]) >= 1
                    and not _LABEL_BEFORE_RE.search(s, 0, at)
                    and _has_word(_MARKUP_OR_EMPHASIS_RE.sub("", s[at + 1 :]))
                    and not _opened_above(pg, i, CLOSERS[s[at]])
                ):
                    reason = f"`{s[at]}` closes a bracket or quote that never opened"
            if reason is None:
                continue
            cut = s.find("，") if "，" in s[:40] else min(len(s), 20)
            yield Hit(
                start,
                start + max(1, min(cut, len(s))),
                data={"reason": reason},
            )

    def _end(self, doc: Document) -> Iterator[Hit]:
        p: TruncationParams = self.params
        pg = page(doc)
        tail: list[int] = []  # the last three non-blank lines, last first
        for i in range(len(pg) - 1, -1, -1):
            if not pg.blank(i):
                tail.append(i)
                if len(tail) == 3:
                    break
        if len(tail) < 3:
            return
        last = pg.line(tail[0])
        s = strip_tag_tail(last.stripped)
        if not s:
            return
        reason = None
        if s[-1] in OPEN_END:
            if s[-1] in ":：" and (
                _POINTS_TO_IMAGE_RE.search(s)
                or _markup_goes_on(doc, last.start + len(last.text.rstrip()) - 1)
            ):
                return
            reason = f"it ends with `{s[-1]}`"
        elif _unbalanced_open(s):
            reason = "a bracket or quote is left open"
        elif len(s) <= p.lone_max_chars and han_count(s) == len(s) and self.furniture:
            # Only after a link-list heading: after a paragraph it may be a signature.
            # A heading after a heading (`相关阅读` / `延伸阅读`) is an empty list, not a
            # cut headline.
            if (
                self.furniture.classify(pg.line(tail[1]).stripped) is not None
                and self.furniture.classify(s) is None
            ):
                reason = "it is a lone word after a link-list heading"
        # Credits and end markers are never cut off (checked last: most lines have no
        # reason at all).
        if reason is None or is_provenance(s) or s in END_MARKERS:
            return
        if s.strip("()（）【】-—") in END_MARKERS:
            return
        yield Hit(
            last.text_start,
            last.text_end,
            data={"reason": reason},
        )
