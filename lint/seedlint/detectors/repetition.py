"""``duplicate_lines`` and ``ngram_repetition``: text that says the same thing twice.

Scrapers duplicate lines when a page renders a block twice (seed 000 repeats its
`《 人民日報 》( 2022年11月23日 02 版)` line), and generated or spun pages repeat phrases
far more than prose does. Repetition inflates a corpus with the same tokens and is
among the strongest quality filters known (Gopher, FineWeb).

``duplicate_lines`` reports a line that repeats the line right before it (removal is
safe: nothing is lost) and a long line that repeats any earlier line (removal is
unsafe: a quote or a refrain may repeat on purpose).

``ngram_repetition`` applies Gopher-style document statistics. Tokens are Han
characters and Latin words, so for Chinese an n-gram is n characters; the thresholds in
the YAML were set from measured distributions on clean and dirty web text.

Speed: the statistics are computed on arrays (numpy), never on Python lists of tokens.
The tokenizer reproduces ``_TOKEN_RE`` from a per-character class table; clean text is
cleared by two upper bounds that cost one hash pass each (the count of the most
frequent n-gram is at most the fullest bucket of its hashes; the characters in repeated
n-grams are at most those covered by n-grams whose hash occurs twice). Only a document
that fails a bound gets the exact statistic, from exact n-gram ids (ranks of pairs of
shorter n-grams' ranks), so hash collisions can loosen a bound but never change a value.
Before any of that, ``ngram_prefilter`` proves most documents clear from one sort of
their character 4-grams, without tokenizing them (the proof is at the function).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._webtext import (
    Page,
    lazy_lines,
    markup_offset,
    page,
    page_markup,
    release_copies,
    removal_edit,
)
from seedlint.document import Document
from seedlint.model import Applicability
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

# A letter, digit or Han character; not ``_``: a line of underscores is an answer blank
# in a worksheet (each question gets two), printed on purpose, not text a page repeated.
_WORDISH_RE = re.compile(r"[^\W_]", re.UNICODE)


def repeated_lines(doc: Document) -> frozenset[str]:
    """The non-empty stripped lines that occur more than once: counted once per document
    for both detectors."""
    pg = page(doc)
    got = doc.cache.get(_REPEATED_KEY)
    if isinstance(got, _RepeatedLines) and got.page is pg:
        return got.lines
    stripped = pg.stripped
    distinct = set(stripped)
    blanks = stripped.count("")
    if len(distinct) - (blanks > 0) == len(stripped) - blanks:  # no line occurs twice
        lines: frozenset[str] = frozenset()
    else:
        lines = frozenset(s for s, c in Counter(stripped).items() if c > 1 and s)
    doc.cache[_REPEATED_KEY] = _RepeatedLines(pg, lines)
    return lines


class _RepeatedLines(NamedTuple):
    page: Page
    lines: frozenset[str]


_REPEATED_KEY = "repetition.repeated_lines"


class DuplicateParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adjacent_min_chars: int = Field(default=4, ge=1)
    """An adjacent repeat shorter than this (`好`, `是的`) is left alone: dialogue repeats."""
    repeated_min_chars: int = Field(default=30, ge=1)
    """A repeat of an earlier, non-adjacent line is reported from this length on."""


@register
class DuplicateLinesDetector(Detector):
    kind = "duplicate_lines"
    Params = DuplicateParams

    def __init__(self, rule: RuleSpec, params: DuplicateParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: DuplicateParams = self.params
        pg = page(doc)
        stripped = pg.stripped
        # Only a line whose text occurs twice can repeat anything: count first (C speed).
        repeated = repeated_lines(doc)
        if not repeated:
            return
        ls = lazy_lines(doc)
        first: dict[str, int] = {}
        for i, s in enumerate(stripped):
            if s in repeated:
                first.setdefault(s, i)
        visible: dict[str, str] = {s: _visible(s) for s in repeated}
        seen: dict[str, int] = {}
        text_len = len(doc.text)
        n_lines = len(stripped)

        def neighbour(i: int, step: int) -> int:
            j = i + step
            while 0 <= j < n_lines and not stripped[j]:
                j += step
            return j if 0 <= j < n_lines else -1

        def copied_with(i: int) -> bool:
            """Whether a neighbour of line i is a long line seen earlier too: a block of
            lines rendered again, not one sentence a text says twice."""
            for j in (neighbour(i, -1), neighbour(i, 1)):
                if j < 0:
                    continue
                t = stripped[j]
                if t in first and first[t] < j and _plain_repeat(visible[t], p):
                    return True
            return False

        def parallel_section(i: int, j: int) -> bool:
            """Whether the lines around copy i and first copy j, offset by offset, hold a
            pair that differs only in its parameters (a fund's name, a share class, an
            investor type): a template filled twice, not a block rendered twice."""
            for step in (-1, 1):
                a, b = j, i
                for _ in range(_PARALLEL_WINDOW):
                    a, b = neighbour(a, step), neighbour(b, step)
                    if a < 0 or b < 0 or a == i or b == j:
                        break
                    if stripped[a] != stripped[b] and _variants(stripped[a], stripped[b]):
                        return True
            return False

        runs = _run_lengths(stripped)
        closing = _closing_frame(stripped)
        cells = _TableCells(doc) if doc.source_map is not None else None

        def line_no(k: int) -> int:
            """The file line of text line k, as findings count lines (front matter and
            markup included)."""
            return doc.position(ls[k].start)[0]

        for i, s in enumerate(stripped):
            if s not in repeated:
                continue
            vis = visible[s]
            prev_idx = neighbour(i, -1)
            prev = stripped[prev_idx] if prev_idx >= 0 else None
            wordish = len(_WORDISH_RE.findall(vis))
            ln = ls[i]
            start, end = ln.text_start, ln.text_end
            if (
                s == prev
                and len(vis) >= p.adjacent_min_chars
                and wordish >= 2
                and not (runs[i] >= _CHANT_RUN and len(vis) >= _CHANT_MIN_CHARS)
                and not (cells is not None and cells.same_row(ls[prev_idx].start, ls[i].start))
            ):
                yield Hit(
                    start,
                    end,
                    data={"where": f"the line before it (line {line_no(prev_idx)})"},
                    edits=[removal_edit(ls, i, i, text_len)],
                    fix_description="remove the repeated line",
                )
            elif (
                s in seen
                and len(vis) >= p.repeated_min_chars
                and wordish >= 2
                and i not in closing
                and _far_repeat_counts(vis, functools.partial(copied_with, i))
                and not parallel_section(i, seen[s])
                and not (cells is not None and cells.same_table(ls[seen[s]].start, ls[i].start))
            ):
                yield Hit(
                    start,
                    end,
                    data={"where": f"line {line_no(seen[s])}"},
                    edits=[removal_edit(ls, i, i, text_len)],
                    applicability=Applicability.UNSAFE,
                    fix_description="remove the repeated paragraph",
                )
            seen.setdefault(s, i)


# Markup that carries no text of its own: Markdown images and HTML tags (``<figcaption>``,
# ``<br />``). Two lines that differ only in text the reader sees are compared by it.
_MARKUP_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|<[^<>\n]{1,200}>")
# A list item (``（3）``, ``2、``, ``●``, ``1.``): legal notices and procedures repeat their
# standard items in each section or each bundled notice.
_LIST_ITEM_RE = re.compile(
    r"^(?:[（(][0-9一二三四五六七八九十]{1,3}[)）]|[0-9一二三四五六七八九十]{1,3}\s*[、.．]|[●•·▪■◆◇○-])"
)
# A ``label：value`` field (``地址：…``, ``客户服务热线：…``, ``风险提示：…``): a notice that
# lists several agencies or bundles several notices repeats its fields.
_FIELD_RE = re.compile(r"^[^：:，,。\s]{1,12}[：:]")
# A complete sentence: one a text may say twice on purpose (a restated lede, a standard
# clause), unlike a title, a menu or a footer, which only a re-rendered page repeats.
_SENTENCE_END = tuple('。！？!?；;…」”"’.')


# A sentence said this many times in a row is a chant or an emphasis (a fan's rant, a
# slogan), not a render fault: a page rendered twice prints a line twice. A short label
# in such a run (`查看更多`, `[详情]`) is a button printed per item and still counts.
_CHANT_RUN = 3
_CHANT_MIN_CHARS = 10
# How many non-blank lines on each side of two copies are compared for a template's
# parameters; and how alike two lines must be (bigram Dice) to be one template's fills.
_PARALLEL_WINDOW = 8
_VARIANT_DICE = 0.6
_VARIANT_MIN_CHARS = 6
_VARIANT_MAX_CHARS = 300


# A block that opens a document and closes it again frames it (an appeal or a call to
# action at the top and the bottom of a post): its first copy starts within this many
# non-blank lines of the top, and the text between the copies is longer than the block.
# It has several lines (an appeal, its contact, its closing call): a title alone repeated
# at the foot of a page is what a page rendering it twice prints.
_FRAME_OPENING = 6
_FRAME_MIN_LINES = 3
_FRAME_MAX_LINES = 40


def _closing_frame(stripped: list[str]) -> frozenset[int]:
    """The lines of the block that ends the document when it repeats a block that opens
    it, with a longer body between: a frame the author put there on purpose. A page
    rendered twice repeats its body with nothing between the copies, and a block copied
    into the middle of a text is not at both edges. Bounded work: only an opening block
    of at most ``_FRAME_MAX_LINES`` lines is looked for."""
    nb = [k for k, s in enumerate(stripped) if s]
    n = len(nb)
    last = stripped[nb[-1]] if nb else ""
    best = 0
    for k in range(min(_FRAME_OPENING + _FRAME_MAX_LINES, n // 2)):
        if stripped[nb[k]] != last:
            continue
        # The opening copy ends at k; walk back along both copies.
        t = 0
        while t <= k and stripped[nb[k - t]] == stripped[nb[n - 1 - t]]:
            t += 1
        between = (n - t) - (k + 1)
        if t >= _FRAME_MIN_LINES and k - t + 1 < _FRAME_OPENING and between > t:
            best = max(best, t)
    return frozenset(nb[n - best :]) if best else frozenset()


class _TableCells:
    """Where the table cells, rows and tables of an HTML page start and end, to tell a
    value two cells share (an album and its title track, an artist named in two columns,
    the same channel in two rows of a filmography) from a block the page rendered twice.
    The page's markup is decoded again from its bytes, once, and only for a page with a
    repeated line; a page whose text does not line up with the decoded markup gets no
    exemption."""

    _TAG_RE = re.compile(r"<(/?)(table|tr|td|th)\b", re.IGNORECASE)

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._ready = False
        self.cell_at: list[int] = []
        self.row_at: list[int] = []
        self.table_at: list[int] = []
        self.markup = ""

    def _load(self) -> bool:
        if self._ready:
            return bool(self.markup)
        self._ready = True
        markup = page_markup(self.doc)
        if markup is None:
            return False
        self.markup = markup
        for m in self._TAG_RE.finditer(markup):
            name = m.group(2).lower()
            at = m.start()
            if name in ("td", "th"):
                self.cell_at.append(at)
            elif name == "tr":
                self.row_at.append(at)
            else:
                self.table_at.append(at)
        return True

    @staticmethod
    def _between(marks: list[int], a: int, b: int) -> bool:
        return bisect.bisect_left(marks, b) > bisect.bisect_right(marks, a)

    def _in_cell(self, s: int) -> bool:
        """Whether the nearest table tag before markup offset ``s`` opens a cell."""
        k = bisect.bisect_left(self.cell_at, s) - 1
        if k < 0:
            return False
        c = self.cell_at[k]
        if self.markup[c + 1] == "/":
            return False
        return not self._between(self.row_at, c, s) and not self._between(self.table_at, c, s)

    def _pair(self, a: int, b: int) -> tuple[int, int] | None:
        if not self._load():
            return None
        sa, sb = markup_offset(self.doc, a), markup_offset(self.doc, b)
        if sa is None or sb is None or sa >= sb or not (self._in_cell(sa) and self._in_cell(sb)):
            return None
        return sa, sb

    def same_row(self, a: int, b: int) -> bool:
        """Whether text offsets ``a`` < ``b`` start two different cells of one table row."""
        got = self._pair(a, b)
        if got is None:
            return False
        sa, sb = got
        return (
            self._between(self.cell_at, sa, sb)
            and not self._between(self.row_at, sa, sb)
            and not self._between(self.table_at, sa, sb)
        )

    def same_table(self, a: int, b: int) -> bool:
        """Whether text offsets ``a`` < ``b`` start cells of one table, no table opened or
        closed between them (nested layout tables keep a page's blocks apart)."""
        got = self._pair(a, b)
        if got is None:
            return False
        sa, sb = got
        return self._between(self.cell_at, sa, sb) and not self._between(self.table_at, sa, sb)


def _run_lengths(stripped: list[str]) -> list[int]:
    """For each line, how many times its text occurs in a row (blank lines aside) in the
    run it belongs to; 0 for blank lines. One pass forward, one back."""
    n = len(stripped)
    out = [0] * n
    start = -1
    members: list[int] = []
    for i, s in enumerate(stripped):
        if not s:
            continue
        if start >= 0 and stripped[start] == s:
            members.append(i)
            continue
        for m in members:
            out[m] = len(members)
        start, members = i, [i]
    for m in members:
        out[m] = len(members)
    return out


def _variants(a: str, b: str) -> bool:
    """Whether two different lines read as one template filled with different parameters:
    both of some length, of similar length, and sharing most character bigrams."""
    a, b = a[:_VARIANT_MAX_CHARS], b[:_VARIANT_MAX_CHARS]
    la, lb = len(a), len(b)
    if min(la, lb) < _VARIANT_MIN_CHARS or min(la, lb) < 0.6 * max(la, lb):
        return False
    ga = Counter(a[k : k + 2] for k in range(la - 1))
    gb = Counter(b[k : k + 2] for k in range(lb - 1))
    common = sum((ga & gb).values())
    return 2 * common / (la + lb - 2) >= _VARIANT_DICE


def _visible(line: str) -> str:
    """The line without markup that shows no text (images, tags), stripped."""
    if "<" not in line and "](" not in line:
        return line
    return _MARKUP_RE.sub("", line).strip()


def _plain_repeat(vis: str, p: DuplicateParams) -> bool:
    """A long line that is neither a list item nor a field: what a re-rendered block is
    made of."""
    return (
        len(vis) >= p.repeated_min_chars
        and _LIST_ITEM_RE.match(vis) is None
        and _FIELD_RE.match(vis) is None
    )


def _far_repeat_counts(vis: str, copied_with_neighbour: Callable[[], bool]) -> bool:
    """Whether a long line that repeats an earlier, non-adjacent one is a rendering fault.

    Real pages repeat titles, menus, link lists, footers and whole blocks when they render
    twice; real documents also repeat on purpose: bundled fund notices each end with the
    same contact line, procedures list the same required papers for each investor type,
    photo captions recur under different photos, a citation follows each excerpt. So a
    list item, a field, or a bracketed note never counts; a complete sentence counts only
    when a neighbouring long line was repeated with it (a block rendered again).
    """
    if _LIST_ITEM_RE.match(vis) or _FIELD_RE.match(vis):
        return False
    if vis[0] in "（(" and vis[-1] in "）)":
        return False  # a citation or a note: ``（《…》载于《…》2013）``
    if vis.endswith(_SENTENCE_END):
        return copied_with_neighbour()
    return True


# What a token is: one Han character, a run of letters (which takes in Han characters
# that follow it), or a run of digits. ``tokenize`` computes exactly these matches.
_TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\d_]+|\d+", re.UNICODE)
_HAN_1_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")
_HAN, _LETTER, _DIGIT = 1, 2, 4


class NgramParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_tokens: int = Field(default=200, ge=10)
    """Shorter documents are not judged: the statistics are noise on a few sentences."""
    top_ngram_max: dict[int, float] = Field(default_factory=lambda: {2: 0.2, 3: 0.18, 4: 0.16})
    """n -> the most frequent n-gram may cover at most this share of the characters."""
    dup_ngram_max: dict[int, float] = Field(default_factory=lambda: {10: 0.3})
    """n -> n-grams seen more than once may cover at most this share of the characters."""
    dup_line_chars_max: float = Field(default=0.2, ge=0, le=1)
    """Share of characters in lines that repeat an earlier line."""
    exact_up_to: int = Field(default=5000, ge=0)
    """Above this many tokens, duplicate n-grams are first estimated from n-grams at
    content-chosen anchor tokens (which sit at the same places in both copies of a
    repeat); when the estimate is under half the smallest limit, no duplicate-n-gram
    statistic is reported."""


def _char_flags(c: str) -> int:
    return (
        (_HAN if _HAN_1_RE.match(c) else 0)
        | (_LETTER if _LETTER_RE.match(c) else 0)
        | (_DIGIT if _DIGIT_RE.match(c) else 0)
    )


@lru_cache(maxsize=1)
def _bmp_flags() -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Token classes of every BMP character, read off the regexes themselves."""
    chars = "".join(map(chr, range(0x10000)))
    flags = np.zeros(0x10000, dtype=np.uint8)
    for rx, bit in ((_HAN_1_RE, _HAN), (_LETTER_RE, _LETTER), (_DIGIT_RE, _DIGIT)):
        at = np.fromiter((m.start() for m in rx.finditer(chars)), dtype=np.intp)
        flags[at] |= bit
    return flags


IntArray = np.ndarray[Any, np.dtype[np.int64]]


_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_BASE = 0xD6E8FEB86659FD93  # odd, so it has an inverse modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
U64Array = np.ndarray[Any, np.dtype[np.uint64]]
_POWERS: list[U64Array] = []


_POWERS_KEPT = 1 << 20
"""Tokens up to which the powers are kept for the next document (16 MB): one huge
document's powers (116 MB for 7 million tokens) are not held for the rest of the run."""


def _powers(n: int) -> tuple[U64Array, U64Array]:
    """_BASE**i and _BASE**-i (mod 2**64) for i < n, kept for the next document."""
    if not _POWERS or _POWERS[0].size < n:
        size = max(n, 4096, 2 * _POWERS[0].size if _POWERS else 0)
        if size > _POWERS_KEPT:
            size = max(n, _POWERS_KEPT)
        pw = np.full(size, _BASE, dtype=np.uint64)
        pw[0] = 1
        inv = np.full(size, _BASE_INV, dtype=np.uint64)
        inv[0] = 1
        got = [np.cumprod(pw, dtype=np.uint64), np.cumprod(inv, dtype=np.uint64)]
        if size > _POWERS_KEPT:
            return got[0], got[1]
        _POWERS[:] = got
    return _POWERS[0], _POWERS[1]


HASH_CHUNK = 1 << 18
"""Positions hashed per block: the polynomial hashes are computed block by block with
the kept powers (a few MB at a time), never with powers and prefix sums as long as the
document (eight bytes per position each: 230 MB at once for a 20 MB single line)."""
_MASK64 = (1 << 64) - 1


def _segment_hashes(vals: np.ndarray[Any, Any], a: IntArray, b: IntArray) -> U64Array:
    """``sum(vals[i] * _BASE**(i - a[k]) for i in range(a[k], b[k]))`` mod 2**64 for
    each segment k, where ``a`` and ``b`` never decrease (tokens, or windows of one
    width).

    The value is what prefix sums over the whole sequence give, ``(P[b] - P[a]) *
    _BASE**-a`` with ``P[j] = sum(vals[i] * _BASE**i for i < j)``: the arithmetic is
    modulo 2**64 and _BASE is invertible, so prefix sums that start at a block's first
    position instead of 0 give every hash bit for bit. Segments are taken in blocks that
    span at most ``HASH_CHUNK`` positions; a segment longer than that is hashed alone,
    its pieces combined with Python integers.
    """
    m = int(a.size)
    out = np.empty(m, dtype=np.uint64)
    if not m:
        return out
    pw, inv = _powers(HASH_CHUNK + 1)
    s = 0
    while s < m:
        lo = int(a[s])
        # (The value in the array's own type: another would cast the whole array.)
        e = int(np.searchsorted(b, _needle(b, lo + HASH_CHUNK), side="right"))
        if e <= s:  # one segment longer than a block
            out[s] = _long_hash(vals, lo, int(b[s]), pw)
            s += 1
            continue
        hi = int(b[e - 1])
        seg = vals[lo:hi].astype(np.uint64)
        seg *= pw[: hi - lo]
        prefix = np.zeros(hi - lo + 1, dtype=np.uint64)
        np.cumsum(seg, out=prefix[1:])
        del seg
        aa, bb = a[s:e] - lo, b[s:e] - lo
        out[s:e] = (prefix[bb] - prefix[aa]) * inv[aa]
        s = e
    return out


def _needle(a: np.ndarray[Any, Any], v: int) -> Any:
    """``v`` as a value of ``a``'s integer type for ``np.searchsorted(a, ...)``, capped
    at that type's largest (the same answer: nothing in ``a`` is larger)."""
    return a.dtype.type(min(v, int(np.iinfo(a.dtype).max)))


def _long_hash(vals: np.ndarray[Any, Any], lo: int, hi: int, pw: U64Array) -> int:
    """``_segment_hashes`` of one segment longer than a block, piece by piece."""
    h = 0
    for c0 in range(lo, hi, HASH_CHUNK):
        c1 = min(hi, c0 + HASH_CHUNK)
        piece = vals[c0:c1].astype(np.uint64)
        piece *= pw[: c1 - c0]
        part = int(np.sum(piece, dtype=np.uint64))  # wraps modulo 2**64, as the sums do
        h = (h + part * pow(_BASE, c0 - lo, 1 << 64)) & _MASK64
    return h


def _window_hashes(vals: np.ndarray[Any, Any], n: int) -> U64Array:
    """``_segment_hashes`` of every window of ``n`` values (positions 0 .. size - n),
    block by block: no arrays of window starts and ends are made."""
    m = int(vals.size) - n + 1
    out = np.empty(max(m, 0), dtype=np.uint64)
    pw, inv = _powers(HASH_CHUNK + n)
    for p0 in range(0, m, HASH_CHUNK):
        size = min(HASH_CHUNK, m - p0)
        seg = vals[p0 : p0 + size + n - 1].astype(np.uint64)
        seg *= pw[: seg.size]
        prefix = np.zeros(seg.size + 1, dtype=np.uint64)
        np.cumsum(seg, out=prefix[1:])
        del seg
        block = out[p0 : p0 + size]
        np.subtract(prefix[n : n + size], prefix[:size], out=block)
        block *= inv[:size]
    return out


class Tokens:
    """The ``_TOKEN_RE`` matches of a text, as arrays.

    ``ids`` tell tokens apart for the bounds: a one-character token is its code point, a
    longer one a 62-bit hash of its characters (a collision merges two tokens, which can
    only raise a bound). ``exact_ids()`` numbers the longer tokens by their text; the
    exact statistics use those.
    """

    def __init__(
        self,
        text: str,
        cp: np.ndarray[Any, Any],
        starts: IntArray,
        ends: IntArray,
        ids: IntArray,
        exact: bool = False,
    ) -> None:
        self.text = text
        self.cp = cp
        self.starts = starts
        self.ends = ends
        self.ids = ids
        self._exact: IntArray | None = ids if exact else None

    def exact_ids(self) -> IntArray:
        if self._exact is None:
            multi = np.flatnonzero(self.ends - self.starts > 1)
            self._exact = self.ids if not multi.size else self._number(multi)
        return self._exact

    def _number(self, multi: IntArray) -> IntArray:
        """Equal numbers exactly for equal longer tokens: group them by (length, hash)
        and check every group against the characters; a real collision (never seen)
        falls back to a dictionary of the token strings."""
        a = self.starts[multi]
        lens = self.ends[multi] - a
        h = self.ids[multi]
        order = np.lexsort((h, lens))
        a, lens, h = a[order], lens[order], h[order]
        same = (h[1:] == h[:-1]) & (lens[1:] == lens[:-1])
        pi, pj, pl = a[:-1][same], a[1:][same], lens[:-1][same]
        cp = self.cp
        ok = True
        short = pl <= 32
        for off in range(int(pl[short].max()) if short.any() else 0):
            m = short & (pl > off)
            if not np.array_equal(cp[pi[m] + off], cp[pj[m] + off]):
                ok = False
                break
        text = self.text
        for i, j, n in zip(
            pi[~short].tolist(), pj[~short].tolist(), pl[~short].tolist(), strict=True
        ):
            ok = ok and text[i : i + n] == text[j : j + n]
        # Code points and group numbers fit in 32 bits (the hashed ids in ``ids`` need 64,
        # and every one of them is overwritten below).
        out = self.ids.astype(_offset_dtype(0x110000 + self.ids.size))
        if ok:
            group = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(~same)))
            out[multi[order]] = 0x110000 + group
        else:  # pragma: no cover - a 62-bit collision between two different tokens
            words = list(
                map(
                    text.__getitem__,
                    map(slice, self.starts[multi].tolist(), self.ends[multi].tolist()),
                )
            )
            vocab = {w: 0x110000 + k for k, w in enumerate(dict.fromkeys(words))}
            out[multi] = list(map(vocab.__getitem__, words))
        return out


# Token classes for the fast tokenizer: a Han character of the ranges is a token of its
# own (unless a Latin run takes it in); runs of other letters and runs of digits are one.
_C_NONE, _C_LETTER, _C_DIGIT, _C_HAN, _C_HAN_OTHER = 0, 1, 2, 4, 5


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray[Any, np.dtype[np.uint8]]:
    flags = _bmp_flags()
    table = np.zeros(0x10000, dtype=np.uint8)
    table[(flags & _LETTER) != 0] = _C_LETTER
    table[(flags & _DIGIT) != 0] = _C_DIGIT
    table[(flags & _HAN) != 0] = _C_HAN_OTHER
    table[((flags & _HAN) != 0) & ((flags & _LETTER) != 0)] = _C_HAN
    return table


def tokenize(text: str) -> Tokens:
    """The ``_TOKEN_RE`` matches of ``text``, in order (see ``Tokens``).

    One table lookup gives each character's class; tokens start where the class changes
    or at each Han character. Han characters that a Latin run takes in (it goes on over
    letters) become letters first. Astral characters go through ``_tokenize_arrays``.

    Sizes are kept small for a huge document: the code points of a text without astral
    characters in 16 bits, token offsets in 32 bits (``_offset_dtype``).
    """
    b16 = text.encode("utf-16-le", "surrogatepass")
    if len(b16) == 2 * len(text):
        cp: np.ndarray[Any, Any] = np.frombuffer(b16, dtype=np.uint16)
    else:  # astral characters: one unit per character only in 32 bits
        del b16
        cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = cp.size
    if n == 0 or int(cp.max()) > 0xFFFF:
        return _tokenize_arrays(text, cp)
    c = _class_table()[cp]
    if n > 1 and np.any((c[:-1] == _C_LETTER) & (c[1:] == _C_HAN)):
        # A Han letter joins the run when a Latin letter precedes it with only letters
        # between: more Latin letters than at the last non-letter before it.
        latin = c == _C_LETTER
        non_letter = ~(latin | (c == _C_HAN))
        seen = np.cumsum(latin, dtype=_offset_dtype(n))
        before = np.maximum.accumulate(np.where(non_letter, seen, 0))
        c = c.copy()
        c[(c == _C_HAN) & (seen > before)] = _C_LETTER
    single = c >= _C_HAN
    changed = np.empty(n, dtype=bool)
    changed[0] = True
    np.not_equal(c[1:], c[:-1], out=changed[1:])
    token = c != _C_NONE
    starts = np.flatnonzero(token & (single | changed)).astype(_offset_dtype(n))
    last = np.empty(n, dtype=bool)
    last[-1] = True
    last[:-1] = changed[1:]
    # Narrowed before the + 1, which would make another array of eight bytes a token.
    ends = np.flatnonzero(token & (single | last)).astype(_offset_dtype(n))
    ends += 1
    ids = cp[starts].astype(np.int64)
    multi = np.flatnonzero(ends - starts > 1)
    if multi.size > 32:  # many longer tokens: hashed ids (arrays), numbered when needed
        _hash_ids(cp, starts, ends, multi, ids)
        return Tokens(text, cp, starts, ends, ids)
    if multi.size:
        words = list(
            map(text.__getitem__, map(slice, starts[multi].tolist(), ends[multi].tolist()))
        )
        vocab = {w: 0x110000 + k for k, w in enumerate(dict.fromkeys(words))}
        ids[multi] = list(map(vocab.__getitem__, words))
    return Tokens(text, cp, starts, ends, ids, exact=True)


def _offset_dtype(size: int) -> type[np.signedinteger[Any]]:
    """The integer type for offsets and counts up to ``size``: 32 bits while they fit
    (half the memory of the 64-bit default for a document of millions of tokens)."""
    return np.int32 if size < (1 << 31) - 1 else np.int64


def _hash_ids(
    cp: np.ndarray[Any, Any], starts: IntArray, ends: IntArray, multi: IntArray, ids: IntArray
) -> None:
    """Give the longer tokens ``multi`` 62-bit hashes of their characters as ids (above
    the code points: a collision merges two tokens, which can only raise a bound)."""
    h = _segment_hashes(cp, starts[multi], ends[multi])
    h *= _MIX2  # a bijection that moves the low bits' differences up
    h ^= h >> np.uint64(31)
    ids[multi] = (h >> np.uint64(2)).astype(np.int64) | np.int64(1 << 62)


def _tokenize_arrays(text: str, cp: np.ndarray[Any, Any]) -> Tokens:
    """``tokenize`` for any text: letter runs that take in Han characters, astral
    characters; longer tokens get hashed ids (``Tokens.exact_ids`` numbers them)."""
    n = cp.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Tokens(text, cp, empty, empty, empty)
    bmp = _bmp_flags()
    if int(cp.max()) < 0x10000:
        f = np.take(bmp, cp)
    else:
        f = np.empty(n, dtype=np.uint8)
        small = cp < 0x10000
        f[small] = bmp[cp[small]]
        big = cp[~small]
        u = np.unique(big)
        fu = np.array([_char_flags(chr(c)) for c in u.tolist()], dtype=np.uint8)
        f[~small] = fu[np.searchsorted(u, big)]
    han = (f & _HAN).astype(bool)
    letter = (f & _LETTER).astype(bool)
    digit = (f & _DIGIT).astype(bool)
    other = letter & ~han
    if not digit.any() and not other.any():  # Han characters only: each one a token
        starts = np.flatnonzero(han).astype(np.int64)
        return Tokens(text, cp, starts, starts + 1, cp[starts].astype(np.int64))
    # A letter run is one token from its first non-Han letter on; Han characters before
    # that are tokens of their own (the regex tries the Han alternative first).
    if (other[:-1] & letter[1:] & han[1:]).any():  # a Latin run continues into Han
        idx = np.arange(n, dtype=np.int32)
        seg_start = letter.copy()
        seg_start[1:] &= ~letter[:-1]
        last_seg = np.maximum.accumulate(np.where(seg_start, idx, -1))
        last_other = np.maximum.accumulate(np.where(other, idx, -1))
        word = letter & (last_other >= last_seg)
    else:
        word = other
    single = han & ~word
    prev_word = np.zeros(n, dtype=bool)
    prev_word[1:] = word[:-1]
    prev_digit = np.zeros(n, dtype=bool)
    prev_digit[1:] = digit[:-1]
    is_start = single | (word & ~prev_word) | (digit & ~prev_digit)
    cont = np.zeros(n, dtype=bool)
    cont[:-1] = (word[:-1] & word[1:]) | (digit[:-1] & digit[1:])
    is_end = (single | word | digit) & ~cont
    starts = np.flatnonzero(is_start).astype(np.int64)
    ends = np.flatnonzero(is_end).astype(np.int64) + 1
    ids = cp[starts].astype(np.int64)
    multi = np.flatnonzero(ends - starts > 1)
    if multi.size:
        _hash_ids(cp, starts, ends, multi, ids)
    return Tokens(text, cp, starts, ends, ids)


def _members(values: U64Array, keys: U64Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """``np.isin(values, keys)`` for a small sorted ``keys``: a bitmap of key hashes
    first (one gather per value), an exact search only where the bitmap says yes."""
    bits = max(10, min(20, int(keys.size).bit_length() + 5, int(values.size).bit_length() + 2))
    shift = np.uint64(64 - bits)
    table = np.zeros(1 << bits, dtype=bool)
    table[(keys >> shift).astype(np.intp)] = True
    out = table[(values >> shift).astype(np.intp)]
    maybe = np.flatnonzero(out)
    if maybe.size:
        v = values[maybe]
        at = np.minimum(np.searchsorted(keys, v), keys.size - 1)
        out[maybe] = keys[at] == v
    return out


DENSE_TABLE_MIN = 1 << 16
"""Token sequences from which ``_dense_ranks`` ranks through a table of the id range."""


def _dense_ranks(ids: IntArray) -> np.ndarray[Any, np.dtype[np.intp]]:
    """``np.unique(ids, return_inverse=True)[1]``: each id's rank among the distinct ids.

    Token ids are code points and numbered words, so on a long sequence their range is
    about its length: a table of which ids occur, summed, gives every rank in two passes
    and a few bytes per id, where ``np.unique`` sorts and keeps five arrays of eight
    bytes per token (270 MB at once on a 20 MB single-line page). Short sequences, and
    ids out of that range, go through ``np.unique``.
    """
    if ids.size >= DENSE_TABLE_MIN and int(ids.min()) >= 0:
        top = int(ids.max())
        if top < 0x110000 + 2 * ids.size:
            present = np.zeros(top + 1, dtype=bool)
            present[ids] = True
            rank = np.cumsum(present, dtype=np.int32)
            del present
            rank -= 1
            return rank[ids].astype(np.intp)
    return np.unique(ids, return_inverse=True)[1].reshape(-1)


def _group_numbers(keys: U64Array) -> np.ndarray[Any, Any]:
    """``np.unique(keys, return_inverse=True)[1]``: each key's rank among the distinct
    keys, in 32 bits where they fit. ``np.unique`` keeps its sort order, the sorted keys,
    their running count and the inverse, eight bytes per key each, at once; here the
    sorted keys are only ever a block long."""
    order = np.argsort(keys, kind="stable")
    # The sorted keys are compared a block at a time (all at once they were one more
    # array of eight bytes per key, beside the order).
    new = np.empty(keys.size, dtype=bool)
    new[:1] = True
    for a in range(1, keys.size, COVER_BLOCK):
        b = min(keys.size, a + COVER_BLOCK)
        sk = keys[order[a - 1 : b]]
        np.not_equal(sk[1:], sk[:-1], out=new[a:b])
    num = np.cumsum(new, dtype=_offset_dtype(keys.size))
    del new
    num -= 1
    out = np.empty(keys.size, dtype=num.dtype)
    out[order] = num
    return out


class _Collision(Exception):
    """Two different n-grams share a hash: the exact ids must be used instead."""


WALK_LISTS_MAX = 1 << 16
"""Candidates up to which the duplicate walk runs on Python lists (faster per step);
past it, on arrays (``_Grams._walk_arrays``), so memory stays a few bytes per token."""

COVER_BLOCK = 1 << 20
"""Tokens whose characters ``_Grams._cover`` sums at a time."""


class _Grams:
    """N-gram statistics over one token sequence: hashed bounds and exact values.

    N-grams are compared by a 64-bit hash; every value reported is checked against the
    tokens themselves (a collision raises ``_Collision`` and the statistic is computed
    from exact ids instead), so hashing only ever speeds things up.
    """

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.ids = tokens.ids
        self.n = int(self.ids.size)
        # Token lengths are not kept: ``np.diff(cs)`` gives them back where needed (an
        # array of eight bytes per token less for the whole walk: 45 MB on a 20 MB line).
        lens = tokens.ends - tokens.starts
        self.cs = np.zeros(self.n + 1, dtype=_offset_dtype(len(tokens.text)))
        np.cumsum(lens, out=self.cs[1:])
        del lens
        self.total = int(self.cs[-1])
        self._hashes: dict[int, U64Array] = {}
        self._sorted: dict[int, U64Array] = {}
        self._repeated: dict[int, tuple[IntArray, np.ndarray[Any, np.dtype[np.bool_]]]] = {}
        self._counts: dict[int, IntArray] = {}
        self._exact: dict[int, np.ndarray[Any, np.dtype[np.intp]]] = {}
        self._list: list[int] | None = None

    def window_chars(self, n: int) -> IntArray:
        """Characters in each n-gram."""
        out: IntArray = self.cs[n:] - self.cs[:-n]
        return out

    def hashes(self, n: int) -> U64Array:
        """A polynomial hash of each n-gram (mod 2**64), from prefix sums."""
        got = self._hashes.get(n)
        if got is not None:
            return got
        out = _window_hashes(self.ids, n)
        self._hashes[n] = out
        return out

    def forget(self, n: int, keep_counts: bool = False) -> None:
        """Drop the n-gram arrays of ``n`` (hashes, sorted hashes, repeats and, unless
        ``keep_counts``, the count bounds): each is eight bytes per token, and a run over
        nine values of n kept them all, over a gigabyte for a 20 MB single-line page.
        Only memory changes: an array asked for again is computed again, the same."""
        self._hashes.pop(n, None)
        self._sorted.pop(n, None)
        self._repeated.pop(n, None)
        if not keep_counts:
            self._counts.pop(n, None)

    def sorted_hashes(self, n: int) -> U64Array:
        got = self._sorted.get(n)
        if got is None:
            got = np.sort(self.hashes(n))
            self._sorted[n] = got
        return got

    def count_bounds(self, n: int) -> IntArray:
        """For each position, at least how often its n-gram occurs: the fill of its hash
        bucket. Also a bound for every longer n-gram starting there (its prefix)."""
        got = self._counts.get(n)
        if got is None:
            h = self.hashes(n)
            bits = min(16, max(10, int(h.size).bit_length() + 3))
            # At most 16 bits a bucket, made a block at a time: the shifted hashes and
            # their buckets as machine integers were two arrays of eight bytes a token.
            buckets = np.empty(h.size, dtype=np.uint16)
            for a in range(0, h.size, COVER_BLOCK):
                buckets[a : a + COVER_BLOCK] = h[a : a + COVER_BLOCK] >> np.uint64(64 - bits)
            got = np.bincount(buckets).astype(_offset_dtype(self.n))[buckets]
            self._counts[n] = got
        return got

    def top_bound(self, n: int, prefix: int) -> int:
        """At least the count times the characters of the most frequent n-gram, from the
        counts of the ``prefix``-grams (``prefix`` <= n) starting at the same places."""
        counts = self.count_bounds(prefix)[: self.n - n + 1]
        return int(np.multiply(counts, self.window_chars(n), dtype=np.int64).max())

    def repeated(self, n: int) -> tuple[IntArray, np.ndarray[Any, np.dtype[np.bool_]]]:
        """(positions whose n-gram hash occurs twice or more, whether it occurred before
        each of them): supersets of the positions of n-grams that occur twice or more,
        and of their later copies."""
        got = self._repeated.get(n)
        if got is None:
            s = self.sorted_hashes(n)
            eq = s[1:] == s[:-1]
            dups = int(np.count_nonzero(eq))
            h = self.hashes(n)
            if not dups:
                got = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
            elif dups * 16 < h.size:  # a few repeats: find them, then their first copies
                keys = s[1:][eq]  # sorted, so its distinct values are where it changes
                keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
                pos = np.flatnonzero(_members(h, keys)).astype(_offset_dtype(h.size))
                firsts: set[int] = set()
                flags: list[bool] = []
                for v in h[pos].tolist():
                    flags.append(v in firsts)
                    firsts.add(v)
                got = (pos, np.array(flags, dtype=np.bool_))
            else:  # much repeated: group all positions by hash at once
                # A stable sort puts each hash's positions in order, so a position
                # repeats when a sorted neighbour has its hash, and occurred before
                # when the one sorted before it has. (``np.unique`` with its index,
                # inverse and counts gave the same from seven arrays of eight bytes a
                # position, 300 MB at once on a 20 MB single-line page; this takes the
                # order and two flags; the sorted hashes go first, ``eq`` has what
                # they tell.)
                del s
                self._sorted.pop(n, None)
                order = np.argsort(h, kind="stable")
                in_sorted = np.zeros(h.size, dtype=bool)  # sorted position k repeats
                in_sorted[1:] = eq
                in_sorted[:-1] |= eq
                rep = np.empty(h.size, dtype=bool)
                rep[order] = in_sorted
                in_sorted[0] = False  # now: sorted position k occurred before
                in_sorted[1:] = eq
                later = np.empty(h.size, dtype=bool)
                later[order] = in_sorted
                del order, in_sorted
                pos = np.flatnonzero(rep).astype(_offset_dtype(h.size))
                got = (pos, later[pos])
            self._repeated[n] = got
            self._sorted.pop(n, None)  # the top n-gram shares, its other use, come first
        return got

    def repeated_cover(self, n: int) -> int:
        """Characters covered by n-grams whose hash occurred before.

        Gopher's walk counts an n-gram only where it was seen before, in windows that do
        not overlap, so this is at least its duplicate share for n; and for every longer
        n-gram too, since each window of a later copy of a longer n-gram is covered by
        later copies of the n-grams inside it.
        """
        if self.n - n + 1 <= 1:
            return 0
        pos, later = self.repeated(n)
        pos = pos[later]
        if not pos.size:
            return 0
        return self._cover(pos, n)

    def shared_cover(self, n: int, p: int) -> int:
        """Characters covered by the n-grams whose every ``p``-gram (``p`` <= n) may occur
        twice by ``count_bounds(p)``: a superset of the n-grams that occur twice, so this
        bounds ``repeated_cover(n)`` from counts the top n-gram bounds already have, with
        no n-gram hashed or sorted. On ordinary text few such windows exist."""
        m = self.n - n + 1
        if m <= 1:
            return 0
        span = n - p + 1  # the p-grams inside an n-gram
        lone = np.zeros(m + span, dtype=np.int32)
        np.cumsum(self.count_bounds(p) < 2, out=lone[1:])
        pos = np.flatnonzero(lone[span:] == lone[:m])
        return self._cover(pos, n) if pos.size else 0

    def _cover(self, pos: IntArray, n: int) -> int:
        """Characters of the tokens inside the n-grams starting at ``pos`` (ascending):
        token k is covered when such an n-gram starts in (k - n, k]."""
        if pos.size <= 64:  # a few windows (ordinary text): merge them in order
            cs = self.cs
            covered = 0
            lo = hi = -1
            for a in pos.tolist():
                if a > hi:
                    if hi > lo:
                        covered += int(cs[hi] - cs[lo])
                    lo = a
                hi = a + n
            return covered + int(cs[hi] - cs[lo])
        # Many: mark each window's start and end, and a running sum tells which tokens
        # are inside one. The ends are marked through a view (no ``pos + n``), the sum
        # stays in 32 bits (at most n windows overlap a token) and the characters are
        # summed a block of tokens at a time: ``pos + n``, a 64-bit sum, the lengths and
        # the covered ones were four more arrays of a token's size at once, 130 MB on a
        # 20 MB page on one line. Positions are distinct, so each mark is one step.
        edges = np.zeros(self.n + 1, dtype=np.int32)
        edges[pos] += 1
        edges[n:][pos] -= 1
        inside = np.cumsum(edges[:-1], dtype=np.int32) > 0
        del edges
        cs = self.cs
        covered = 0
        for a in range(0, self.n, COVER_BLOCK):
            b = min(self.n, a + COVER_BLOCK)
            covered += int(np.diff(cs[a : b + 1])[inside[a:b]].sum())
        return covered

    def _same(self, i: int, j: int, n: int) -> bool:
        if self._list is None:
            self._list = self.tokens.exact_ids().tolist()
        ids = self._list
        return ids[i : i + n] == ids[j : j + n]

    def exact(self, n: int) -> np.ndarray[Any, np.dtype[np.intp]]:
        """Dense ids of the n-grams, equal exactly when the n-grams are equal.

        An n-gram is the pair (first part, rest): ranking the pairs of the parts' ids
        gives the n-gram's id, so no hashing is involved (slower: a sort per part).
        """
        got = self._exact.get(n)
        if got is not None:
            return got
        if n == 1:
            out = _dense_ranks(self.tokens.exact_ids())
        else:
            a = n // 2 if n % 2 == 0 else n - 1
            left, right = self.exact(a), self.exact(n - a)
            m = self.n - n + 1
            key = left[:m].astype(np.int64) * (self.n + 1) + right[a : a + m]
            out = np.unique(key, return_inverse=True)[1].reshape(-1)
        self._exact[n] = out
        return out

    def top_share(self, n: int) -> tuple[float, int]:
        """(share of characters in the most frequent n-gram's occurrences, its first one).

        The most frequent n-gram, ties going to the one that occurs first.
        """
        try:
            c, first = self._top_hashed(n)
        except _Collision:
            ids = self.exact(n)
            counts = np.bincount(ids)[ids]
            c = int(counts.max())
            first = int(np.flatnonzero(counts == c)[0])
        value = c * int(self.cs[first + n] - self.cs[first]) / self.total if c > 1 else 0.0
        return value, first

    def _top_hashed(self, n: int) -> tuple[int, int]:
        s = self.sorted_hashes(n)
        bounds = np.flatnonzero(s[1:] != s[:-1]) + 1
        runs = np.diff(np.concatenate(([0], bounds, [s.size])))
        c = int(runs.max())
        if c == 1:
            return 1, 0
        tops = s[np.concatenate(([0], bounds))[runs == c]]
        pos = np.flatnonzero(_members(self.hashes(n), tops))
        self._verify_groups(pos, n)
        return c, int(pos[0])  # the earliest occurrence of any most frequent n-gram

    def _verify_groups(self, pos: IntArray, n: int) -> None:
        """Raise ``_Collision`` unless the n-grams at ``pos`` with equal hashes are equal."""
        h = self.hashes(n)[pos]
        _, first, inv = np.unique(h, return_index=True, return_inverse=True)
        rep = pos[first][inv.reshape(-1)]
        ids = self.tokens.exact_ids()
        if not all(np.array_equal(ids[pos + k], ids[rep + k]) for k in range(n)):
            raise _Collision

    def duplicate_share(self, n: int) -> tuple[float, int]:
        """Gopher's duplicate n-gram share and the first repeat counted (-1: none).

        Walk the tokens; an n-gram seen before counts its characters and the walk jumps
        past it, so overlapping repeats count once. Only n-grams that occur twice or
        more can matter, so the walk visits just those.
        """
        if self.n < n:
            return 0.0, -1
        try:
            cand, later = self.repeated(n)
            if cand.size > WALK_LISTS_MAX:
                repeated, first_rep = self._walk_arrays(n, cand, later)
            else:
                keys = self.hashes(n)[cand].tolist()
                repeated, first_rep = self._walk_hashed(n, cand.tolist(), keys, later)
        except _Collision:
            ids = self.exact(n)
            cand = np.flatnonzero(np.bincount(ids)[ids] > 1)
            repeated, first_rep = self._walk(n, cand.tolist(), ids[cand].tolist())
        return repeated / self.total, first_rep

    def _walk_hashed(
        self, n: int, cand: list[int], keys: list[int], later: np.ndarray[Any, Any]
    ) -> tuple[int, int]:
        """The walk on hashes, checked against the tokens (``_Collision`` if that fails).

        An n-gram whose hash has not occurred before is new wherever the walk meets it,
        so runs of such n-grams up to the next later copy are added in bulk; only later
        copies are looked at one by one, and a counted one skips its repeat whole.
        """
        cs = self.cs
        seen: dict[int, int] = {}
        repeated = 0
        first_rep = -1
        pairs: list[tuple[int, int]] = []
        copies = np.flatnonzero(later).tolist()  # indices into cand
        k, size = 0, len(cand)
        while k < size:
            t = bisect.bisect_left(copies, k)
            j = copies[t] if t < len(copies) else size
            if j > k:
                seen.update(zip(keys[k:j], cand[k:j], strict=True))
                k = j
                if k >= size:
                    break
            i, g = cand[k], keys[k]
            prev = seen.get(g)
            if prev is None:
                seen[g] = i
                k += 1
                continue
            pairs.append((i, prev))
            repeated += int(cs[i + n] - cs[i])
            if first_rep < 0:
                first_rep = i
            k = bisect.bisect_left(cand, i + n, k + 1)  # the repeat is skipped as a whole
        if pairs and not self._all_same(pairs, n):
            raise _Collision
        return repeated, first_rep

    def _walk_arrays(self, n: int, cand: IntArray, later: np.ndarray[Any, Any]) -> tuple[int, int]:
        """``_walk_hashed`` over arrays, for millions of candidates (a huge document).

        The list walk holds each candidate as Python ints in two lists, a dict entry per
        hash seen and a tuple per repeat: over a gigabyte for a 20 MB single-line page.
        Here hashes become dense group numbers, the hashes seen an array of the position
        each group was first seen at by the walk (-1: not yet), and repeats two arrays of
        machine integers; the walk itself is the same, step for step. The walk needs only
        the group numbers, so n's hashes are dropped before it (the anchor estimate makes
        them again if it needs them).
        """
        cs = self.cs
        keys = self.hashes(n)[cand]
        self._hashes.pop(n, None)  # gone before the grouping's own arrays are made
        gid = _group_numbers(keys)
        del keys
        seen_at = np.full(int(gid.max()) + 1, -1, dtype=cand.dtype)
        copies = np.flatnonzero(later)
        # Positions searched for as values of cand's own type (another would cast the
        # whole array at every step), capped at its largest.
        at_most = int(np.iinfo(cand.dtype).max)
        as_pos = cand.dtype.type
        at: array[int] = array("q")
        prev_at: array[int] = array("q")
        repeated = 0
        first_rep = -1
        k, size = 0, int(cand.size)
        while k < size:
            t = int(np.searchsorted(copies, k))
            j = int(copies[t]) if t < copies.size else size
            if j > k:
                # New hashes up to the next later copy (each one's first position): a
                # dict update in the list walk, where they are all distinct.
                seen_at[gid[k:j]] = cand[k:j]
                k = j
                if k >= size:
                    break
            i, g = int(cand[k]), int(gid[k])
            prev = int(seen_at[g])
            if prev < 0:
                seen_at[g] = i
                k += 1
                continue
            at.append(i)
            prev_at.append(prev)
            repeated += int(cs[i + n] - cs[i])
            if first_rep < 0:
                first_rep = i
            # ``bisect_left(cand, i + n, k + 1)``: cand[k] = i < i + n, so the first
            # candidate at or past i + n lies after k anyway.
            k = int(np.searchsorted(cand, as_pos(min(i + n, at_most))))
        if at:
            pi = np.frombuffer(at, dtype=np.int64)
            pj = np.frombuffer(prev_at, dtype=np.int64)
            ids = self.tokens.exact_ids()
            if not all(np.array_equal(ids[pi + m], ids[pj + m]) for m in range(n)):
                raise _Collision
        return repeated, first_rep

    def _walk(self, n: int, cand: list[int], keys: list[int]) -> tuple[int, int]:
        """The walk on exact ids."""
        cs = self.cs
        seen: set[int] = set()
        repeated = 0
        first_rep = -1
        k, size = 0, len(cand)
        while k < size:
            i, g = cand[k], keys[k]
            if g not in seen:
                seen.add(g)
                k += 1
                continue
            repeated += int(cs[i + n] - cs[i])
            if first_rep < 0:
                first_rep = i
            k = bisect.bisect_left(cand, i + n, k + 1)  # the repeat is skipped as a whole
        return repeated, first_rep

    def _all_same(self, pairs: list[tuple[int, int]], n: int) -> bool:
        """Whether each (i, j) starts the same n tokens (exact ids, all pairs at once)."""
        ids = self.tokens.exact_ids()
        pi, pj = np.array(pairs, dtype=np.int64).T
        return all(np.array_equal(ids[pi + k], ids[pj + k]) for k in range(n))

    def anchor_estimate(self, n: int) -> float:
        """Share of repeats among n-grams starting at anchor tokens.

        Anchors are the tokens whose rank of first appearance is a multiple of 8: a
        choice by content, so both copies of a repeated passage have the same anchors.
        """
        m = self.n - n + 1
        if m <= 0:
            return 0.0
        ids1 = self.exact(1)
        k = int(ids1.max()) + 1
        # First positions a block of tokens at a time, and the anchor test made per
        # distinct token before it is spread over the tokens: positions, ranks and
        # remainders of every token were three arrays of eight bytes per token at once.
        first = np.full(k, self.n, dtype=np.int64)
        for a in range(0, self.n, COVER_BLOCK):
            b = min(self.n, a + COVER_BLOCK)
            np.minimum.at(first, ids1[a:b], np.arange(a, b, dtype=np.int64))
        rank = np.empty(k, dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(k)
        del first
        anchor = rank % 8 == 0
        del rank
        anchors = np.flatnonzero(anchor[ids1[:m]])
        if not anchors.size:
            return 0.0
        try:
            self._verify_groups(anchors, n)
            distinct = np.unique(self.hashes(n)[anchors]).size
        except _Collision:
            distinct = np.unique(self.exact(n)[anchors]).size
        return float(anchors.size - distinct) / anchors.size


Stat = tuple[str, float, float, tuple[int, int]]


# --------------------------------------------------------------------------- prefilter
#
# Most documents are nowhere near any n-gram limit, and proving that costs far less than
# tokenizing them. The proof works on the characters the tokens are made of.
#
# Let S be the text without the characters no token holds (what is left is exactly the
# tokens, in order, end to end: every letter, digit and Han character is in one token),
# so the statistics' denominator ``total`` is len(S). A token n-gram g (n >= 4) that
# occurs c times occurs as the same string of L >= n characters at c distinct offsets of
# S; every character 4-gram inside it therefore occurs at c distinct offsets too. Call an
# offset *later* when its 4-gram occurred at an earlier offset. Then:
#
# * each of g's copies after the first is a stretch of L - 3 later offsets (its 4-grams
#   are those of the first copy, which is earlier), so L <= R + 3 for the longest run R
#   of later offsets; and c is at most the count of the commonest 4-gram, maxK. Hence
#   the top n-gram statistic c * L / total <= maxK * (R + 3) / total. When c >= 3 every
#   copy lies in a run of offsets whose 4-gram occurs 3 times or more (R3), so also
#   c * L <= max(2 * (R + 3), maxK * (R3 + 3)). Before any run is measured, counts
#   alone bound both: R <= P (the number of later offsets, below), and R3 <= P3, the
#   number of offsets whose 4-gram occurs 3 times or more, which is at most 3 times the
#   number of sorted 4-grams equal to the one two places before them (a group of s >= 3
#   has s - 2 of those, and s <= 3 * (s - 2)).
# * Finer, still from counts alone: every one of g's c copies starts at its own offset,
#   so each 4-gram inside g occurs at c offsets or more, and a copy is a stretch of
#   L - 3 distinct offsets whose 4-grams occur c times or more. With P_c the number of
#   such offsets (the sum of the sizes s >= c of the sorted groups), L - 3 <= P_c, so
#   c * L <= c * (P_c + 3). P_c only changes at a group size, so for the sizes s_1 >=
#   s_2 >= ... (those >= 3, in order) with running sums A_i the largest value over every
#   c >= 3 is the largest s_i * (A_i + 3) (among equal sizes the last has the full sum;
#   the others give less). The top n-gram statistic for c >= 3 is at most that.
# * Gopher's duplicate walk counts disjoint later copies of n-grams; each is a stretch
#   of L - 3 >= n - 3 later offsets, inside a run of at least n - 3 of them and within
#   that run's characters (its offsets plus the 3 characters after the last). So the
#   duplicate share for n is at most the sum of (r + 3) over runs r >= n - 3, divided by
#   total; and since r + 3 <= r * n / (n - 3) there, at most P * n / (n - 3) / total for
#   the number P of later offsets, which needs no runs at all.
#
# 4-grams are compared through a 64-bit mix of their four code points (its high 32 bits
# for a page of up to 16k characters: smaller keys sort faster) with the offset written
# into the low bits, so one sort groups equal 4-grams with their offsets in order; two
# different 4-grams that share the remaining bits only merge groups, which can only
# raise every bound. A bound B is compared the way the statistic is (B / total <=
# limit, both divisions correctly rounded and monotonic), so "within" is exact.

_OFFSETS = np.arange(1 << 16, dtype=np.uint64)
_OFFSETS32 = np.arange(1 << 14, dtype=np.uint32)
_CLEAR, _SHORT, _UNKNOWN = 0, 1, 2


@lru_cache(maxsize=1)
def _token_char_table() -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which BMP characters some token holds."""
    out: np.ndarray[Any, np.dtype[np.bool_]] = _class_table() != _C_NONE
    return out


def _runs(flags: np.ndarray[Any, np.dtype[np.bool_]]) -> tuple[IntArray, IntArray]:
    """(starts, lengths) of the runs of True in ``flags``."""
    pad = np.zeros(flags.size + 2, dtype=np.int8)
    pad[1:-1] = flags
    edges = np.flatnonzero(pad[1:] != pad[:-1])
    starts: IntArray = edges[::2]
    return starts, edges[1::2] - starts


def _most(size: int, total: int, limit: float) -> int:
    """The largest t with ``t * size / total <= limit``, compared as the statistics are."""
    t = int(limit * total / size)
    while t > 0 and t * size / total > limit:
        t -= 1
    while (t + 1) * size / total <= limit:
        t += 1
    return t


_LIMITS: dict[int, tuple[NgramParams, tuple[list[tuple[int, float]], float | None] | None]] = {}


def _limits(p: NgramParams) -> tuple[list[tuple[int, float]], float | None] | None:
    """(the duplicate limits in order of n, the smallest top limit or None) of ``p``, or
    None when some n is under 4 (the prefilter cannot judge those): worked out once per
    rule, not per document."""
    got = _LIMITS.get(id(p))
    if got is not None and got[0] is p:
        return got[1]
    grams = [*p.top_ngram_max, *p.dup_ngram_max]
    out: tuple[list[tuple[int, float]], float | None] | None = None
    if not (grams and min(grams) < 4):
        top = min(p.top_ngram_max.values()) if p.top_ngram_max else None
        out = (sorted(p.dup_ngram_max.items()), top)
    _LIMITS[id(p)] = (p, out)
    return out


def ngram_prefilter(text: str, p: NgramParams) -> tuple[int, Tokens | None]:
    """``_CLEAR`` when no top or duplicate n-gram statistic of ``text`` can exceed its
    limit, ``_SHORT`` when the text has fewer than ``min_tokens`` tokens, ``_UNKNOWN``
    otherwise (see the proof above); with the tokens when they had to be made."""
    limits = _limits(p)
    if limits is None:
        return _UNKNOWN, None
    dups, top_lim = limits
    b16 = text.encode("utf-16-le", "surrogatepass")
    if len(b16) != 2 * len(text):  # astral characters: the tokenizer decides
        return _UNKNOWN, None
    cp = np.frombuffer(b16, dtype=np.uint16)
    s = cp[np.take(_token_char_table(), cp)]
    total = int(s.size)
    if total < p.min_tokens:  # a token holds at least one of these characters
        return _SHORT, None
    k = total - 3
    if k <= 0:
        return _CLEAR, None
    bits = k.bit_length()
    if k <= _OFFSETS32.size:
        low: Any = np.uint32((1 << bits) - 1)
        v: Any = (
            (np.ndarray((k,), dtype=np.uint64, buffer=s, strides=(2,)) * _MIX1) >> np.uint64(32)
        ).astype(np.uint32)
        v &= ~low
        v |= _OFFSETS32[:k]
        v.sort()
        hi = v >> np.uint32(bits)
    else:
        low = np.uint64((1 << bits) - 1)
        v = np.ndarray((k,), dtype=np.uint64, buffer=s, strides=(2,)) * _MIX1
        v &= ~low
        v |= np.arange(k, dtype=np.uint64)
        v.sort()
        hi = v >> np.uint64(bits)
    same = hi[1:] == hi[:-1]
    later_count = int(np.count_nonzero(same))
    if not later_count:
        return _CLEAR, None
    dup_clear = True
    for n, lim in dups:
        if later_count * n // (n - 3) / total > lim:
            dup_clear = False
            break
    if dup_clear and top_lim is not None and 2 * (later_count + 3) / total <= top_lim:
        # Counting bounds for the top n-grams first, no offsets needed (c = 2 is the test
        # just made; for c >= 3, see the proof).
        n3 = int(np.count_nonzero(hi[2:] == hi[:-2]))
        if not n3:
            return _CLEAR, None
        t = _most(3 * n3 + 3, total, top_lim)
        if t >= 3 and (t >= k or not bool((hi[t:] == hi[:-t]).any())):
            return _CLEAR, None
        # The group sizes themselves: the largest s_i * (A_i + 3).
        ends = np.flatnonzero(~same)  # the last entry of every group but the last
        sizes = np.empty(ends.size + 1, dtype=np.intp)
        sizes[:-1] = ends
        sizes[-1] = k - 1
        sizes[1:] -= ends
        sizes[0] += 1
        sizes = np.sort(sizes[sizes >= 3])[::-1]
        if int((sizes * (np.cumsum(sizes) + 3)).max()) / total <= top_lim:
            return _CLEAR, None
    pos = (v & low).astype(np.intp)
    later = np.zeros(k, dtype=bool)
    later[pos[1:]] = same
    _, runs = _runs(later)
    if not dup_clear:
        for n, lim in dups:
            long = runs[runs >= n - 3]
            if (int(long.sum()) + 3 * long.size) / total > lim:
                return _UNKNOWN, None
    if top_lim is None:
        return _CLEAR, None
    r2 = int(runs.max()) + 3
    if 2 * r2 / total > top_lim:  # c = 2
        return _UNKNOWN, None
    g3 = hi[2:] == hi[:-2]  # three sorted entries alike: a 4-gram seen 3 times or more
    if not g3.any():
        return _CLEAR, None  # c <= 2
    max_k = int(_runs(same)[1].max()) + 1
    if max_k * r2 / total <= top_lim:
        return _CLEAR, None
    f3 = np.zeros(k, dtype=bool)
    f3[:-2] |= g3
    f3[1:-1] |= g3
    f3[2:] |= g3
    k3 = np.zeros(k, dtype=bool)
    k3[pos] = f3
    at3, runs3 = _runs(k3)
    if max_k * (int(runs3.max()) + 3) / total <= top_lim:
        return _CLEAR, None
    # Repeats of short tokens (a phrase said over and over): a copy of n tokens spans at
    # most n characters plus those of its tokens longer than one character.
    tokens = tokenize(text)
    if tokens.ids.size < p.min_tokens:
        return _SHORT, tokens
    lens = tokens.ends - tokens.starts
    extra = np.zeros(total + 1, dtype=_offset_dtype(total))
    np.cumsum(np.repeat(lens > 1, lens), out=extra[1:])
    span = runs3 + 3
    in_long = extra[at3 + span] - extra[at3]
    for n, lim in p.top_ngram_max.items():
        fit = runs3 >= n - 3
        if fit.any() and max_k * int(np.minimum(span, n + in_long)[fit].max()) / total > lim:
            return _UNKNOWN, tokens
    return _CLEAR, tokens


def first_excess(doc: Document, p: NgramParams) -> Stat | None:
    """The first statistic over its limit: top n-grams, duplicate n-grams, duplicate lines.

    (name, value, limit, span of an example), or None when every statistic is within
    its limit or the document is too short to judge.
    """
    text = doc.text
    if len(text) < p.min_tokens:  # a token is at least one character
        return None
    pre, tokens = ngram_prefilter(text, p)
    if pre == _SHORT:
        return None
    if pre == _CLEAR:  # only the line statistic can be over, judged as below
        res = _duplicate_lines(doc, p)
        if res is None or (tokens or tokenize(text)).ids.size < p.min_tokens:
            return None
        return res
    return _first_excess_tokens(doc, p, tokens)


def _first_excess_tokens(
    doc: Document, p: NgramParams, tokens: Tokens | None = None
) -> Stat | None:
    """``first_excess`` from the tokens themselves (exact)."""
    text = doc.text
    if tokens is None:
        tokens = tokenize(text)
    if tokens.ids.size < p.min_tokens:
        return None
    starts, ends = tokens.starts, tokens.ends
    g = _Grams(tokens)
    n_tok, total = g.n, g.total

    def span(first: int, n: int) -> tuple[int, int]:
        return int(starts[first]), int(ends[first + n - 1])

    tops = sorted(p.top_ngram_max.items())
    for n, limit in tops:
        if n_tok < n:
            continue
        # The counts of the shortest n-grams bound those of the longer ones (prefixes);
        # only when that is not enough are this n's own hashes counted.
        if g.top_bound(n, tops[0][0]) / total <= limit or (
            n != tops[0][0] and g.top_bound(n, n) / total <= limit
        ):
            g.forget(n, keep_counts=n == tops[0][0])
            continue
        value, first = g.top_share(n)
        if value > limit:
            return f"top {n}-gram share", value, limit, span(first, n)
        # Done with n; the shortest n's counts still bound the rest (and the cover below).
        g.forget(n, keep_counts=n == tops[0][0])
    dup = sorted(p.dup_ngram_max.items())
    if dup:
        n0 = dup[0][0]
        # The top n-gram bounds' counts often clear every duplicate limit at once.
        cover = -1
        if tops and tops[0][0] <= n0:
            quick = g.shared_cover(n0, tops[0][0])
            if all(quick / total <= limit for _, limit in dup):
                cover = quick
        if tops:  # the shortest top n's counts served their last use
            g.forget(tops[0][0])
        if cover < 0:
            cover = g.repeated_cover(n0)
        estimate: float | None = None
        for n, limit in dup:
            if cover / total <= limit or (n != n0 and g.repeated_cover(n) / total <= limit):
                if n != n0:  # n0's hashes serve the anchor estimate
                    g.forget(n)
                continue
            value, first_rep = g.duplicate_share(n)
            if value <= limit:
                if n != n0:
                    g.forget(n)
                continue
            # A long document reports duplicate n-grams only when the anchor estimate is
            # not under half the smallest limit (needed only once a value is over one).
            if n_tok > p.exact_up_to:
                if estimate is None:
                    estimate = g.anchor_estimate(n0)
                if estimate * 2 < min(v for _, v in dup):
                    break
            return f"duplicate {n}-gram share", value, limit, span(first_rep, n)
    return _duplicate_lines(doc, p)


def _duplicate_lines(doc: Document, p: NgramParams) -> Stat | None:
    pg = page(doc)
    stripped = pg.stripped
    repeated = repeated_lines(doc)
    if not repeated:
        return None
    all_chars = sum(map(len, stripped))
    if not all_chars or not repeated:
        return None
    seen: set[str] = set()
    dup_chars = 0
    first_dup: tuple[int, int] | None = None
    for i, s in enumerate(stripped):
        if s in repeated:
            if s in seen:
                dup_chars += len(s)
                if first_dup is None:
                    first_dup = (pg.starts[i], pg.starts[i] + len(pg.raw[i]))
            seen.add(s)
    share = dup_chars / all_chars
    if share > p.dup_line_chars_max:
        return "duplicate line share", share, p.dup_line_chars_max, first_dup or (0, 0)
    return None


@register
class NgramRepetitionDetector(Detector):
    kind = "ngram_repetition"
    Params = NgramParams

    def __init__(self, rule: RuleSpec, params: NgramParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def check(self, doc: Document) -> Iterator[Hit]:
        # The page's copies of a huge text go before the n-gram arrays are made: this
        # rule reads only the page's lines, and a later rule that needs a copy makes it.
        release_copies(doc)
        hits = list(self._check_one(doc, 0))
        if not hits:
            return
        # A bundle of notices is measured notice by notice (only when the whole is over a
        # limit: a bundle never reports what the whole document would not).
        items = _bundle_items(doc)
        if items is None:
            yield hits[0]
            return
        for a, b in items:
            part = Document(path=doc.path, text=doc.text[a:b], doc_id=doc.doc_id)
            got = list(self._check_one(part, a))
            if got:
                yield got[0]
                return

    def _check_one(self, doc: Document, shift: int) -> Iterator[Hit]:
        """The statistics of ``doc`` (a whole document or one item of a bundle starting
        at ``shift`` in it)."""
        p: NgramParams = self.params
        seen = _without_markup(doc)
        res = first_excess(seen, p)
        if res is not None and res[0] != "duplicate line share":
            name, value, limit, _ = res
            # A duplicate n-gram share, or a top n-gram share barely over its limit (a long
            # official name said four times in a short item), needs copied text to count,
            # and copied the way a page or a scraper copies, not the way an author restates.
            marginal = name.startswith("duplicate") or value < _TOP_MARGIN * limit
            if marginal and not (_copies_text(seen.text, p) and _scraped_copy(seen)):
                res = None
            elif marginal and first_excess(_without_template_fills(seen), p) is None:
                res = None
        if res is not None:
            name, value, limit, (start, end) = res
            yield Hit(
                start + shift,
                end + shift,
                data={"stat": name, "value": f"{value:.2f}", "limit": f"{limit:.2f}"},
            )


def _without_template_fills(doc: Document) -> Document:
    """The document with its template fills blanked: sentences (lines of 10+ characters
    that end as a sentence does) that are not copies of another line but read as the same
    template with other parameters (`（1）指数名称修订为“芯片设计”` / `（1）指数名称修订为
    “汽车电子”`, one sentence per fund manager, per contest winner, per index). Formal
    notices, prospectuses and reports state one thing per item in set words, which
    Gopher's n-gram shares count as repetition. A copy repeats a line as it is (or inside
    a longer line) and stays: a line printed twice is never a fill, whatever it
    resembles. So do menus, link lists and keyword lines, whose items are no sentences (a
    spam page's `XX医院` lines are the repetition the rule is for).

    Candidates share one of a line's three smallest character-bigram hashes (a min-hash),
    and each line is compared with at most ``_FILL_CANDIDATES`` earlier lines per key,
    so the work is linear in the document's length."""
    pg = page(doc)
    raw = pg.raw
    copies = repeated_lines(doc)
    buckets: dict[int, list[int]] = {}
    fills: set[int] = set()
    for i, line in enumerate(raw):
        t = line.strip()
        if len(t) < _FILL_MIN_CHARS or not t.endswith(_SENTENCE_END) or t in copies:
            continue
        t = t[:_VARIANT_MAX_CHARS]
        keys = sorted({_bigram_key(t, k) for k in range(len(t) - 1)})[:_FILL_KEYS]
        for key in keys:
            seen = buckets.setdefault(key, [])
            for j in seen[-_FILL_CANDIDATES:]:
                u = raw[j].strip()[:_VARIANT_MAX_CHARS]
                if _template_fill(u, t):
                    fills.update((i, j))
            seen.append(i)
    if not fills:
        return doc
    text = doc.text
    parts: list[str] = []
    last = 0
    for i in sorted(fills):
        a = pg.starts[i]
        b = a + len(raw[i])
        parts += [text[last:a], " " * (b - a)]
        last = b
    parts.append(text[last:])
    return Document(path=doc.path, text="".join(parts), doc_id=doc.doc_id)


def _template_fill(a: str, b: str) -> bool:
    """Whether two different lines are one template filled with other parameters: alike
    (``_variants``), and differing inside, not only by a label or a tail around a copied
    text (`简要描述：…` / `本文摘要：…` is one summary printed twice, and a line that holds
    another is a copy with more)."""
    if a in b or b in a or not _variants(a, b):
        return False
    a, b = _FIELD_RE.sub("", a, count=1), _FIELD_RE.sub("", b, count=1)
    k = 0
    short = min(len(a), len(b))
    while k < short and a[k] == b[k]:
        k += 1
    e = 0
    while e < short - k and a[-1 - e] == b[-1 - e]:
        e += 1
    # The copied run is the common prefix or suffix; the rest differs only at an edge.
    longest_edge = max(k, e)
    if longest_edge >= _FILL_COPY_SHARE * short:
        return False
    return True


def _bigram_key(t: str, k: int) -> int:
    """A fixed scrambling of the bigram at ``k`` (Python's ``hash`` of a string changes
    from run to run, and the output must not)."""
    return ((ord(t[k]) << 21 | ord(t[k + 1])) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFF


_FILL_MIN_CHARS = 10
# A common prefix or suffix covering this share of the shorter line is a copied text.
_FILL_COPY_SHARE = 0.8
_FILL_KEYS = 3
_FILL_CANDIDATES = 8


def _bundle_items(doc: Document) -> list[tuple[int, int]] | None:
    """The items of a document that bundles several of them, as (start, end) offsets, or
    None when it is one text.

    Fund companies, courts and ministries publish several notices on one page, each
    closing with the same sign-off (`特此公告` / the company / the date) and each sharing
    the company's standard clauses (risk warnings, contact lines); Gopher's duplicate
    n-gram share counts that boilerplate as copied text (0.15-0.63 on real bundles) though
    no notice repeats itself. A bundle is recognised by its own sign-off: two lines among
    the document's last three close earlier items too (the same number of lines before
    their ends: the dates may differ), every item has a title, a body (a sentence) and the
    sign-off, and every item opens with two lines that open nothing earlier (its own
    title). A page rendered twice also repeats its last lines, but its second copy opens
    as the first did, and a page's footer block holds no sentence, so they stay one text.
    """
    pg = page(doc)
    stripped = pg.stripped
    nb = [k for k, s in enumerate(stripped) if s]
    n = len(nb)
    if n < 2 * _BUNDLE_MIN_LINES:
        return None
    ends: list[int] = []
    for j in range(n - _BUNDLE_CLOSING, n):
        closing = stripped[nb[j]]
        if len(closing) < _BUNDLE_MIN_CLOSING:
            continue
        tail = n - 1 - j
        # The sign-off is two lines at least (`特此公告` and the company), as it is at the end.
        if tail < 1 or stripped[nb[j + 1]] == closing:
            continue
        after = stripped[nb[j + 1]]
        ends = [
            nb[q + tail]
            for q in range(j - tail)
            if stripped[nb[q]] == closing and stripped[nb[q + 1]] == after
        ]
        if ends:
            break
    if not ends:
        return None
    # Each item has a title, a body and the sign-off (five lines at least); a paragraph
    # printed twice at the end of a text, or a page's short header, is no item.
    bounds = [-1, *ends, nb[-1]]
    if any(
        bisect.bisect_right(nb, b) - bisect.bisect_right(nb, a) < _BUNDLE_MIN_LINES
        for a, b in itertools.pairwise(bounds)
    ):
        return None
    # Every item has a body: a sentence of 20+ characters (a page's footer has none).
    body = [k for k in nb if len(stripped[k]) >= _BUNDLE_SENTENCE and stripped[k].endswith("。")]
    if any(
        bisect.bisect_right(body, b) == bisect.bisect_right(body, a)
        for a, b in itertools.pairwise(bounds)
    ):
        return None
    # Every item opens with a pair of lines (a title, or a title wrapped over two lines
    # that starts with the company's name each time) that no earlier line pair is.
    first_pair: dict[tuple[str, str], int] = {}
    for q in range(n - 1):
        first_pair.setdefault((stripped[nb[q]], stripped[nb[q + 1]]), q)
    for end in ends:
        q = bisect.bisect_right(nb, end)
        if q + 1 >= n or first_pair[(stripped[nb[q]], stripped[nb[q + 1]])] < q:
            return None
    starts = pg.starts
    cuts = [0, *(starts[k + 1] for k in ends), len(doc.text)]
    return list(itertools.pairwise(cuts))


# How many of the last lines may be the sign-off, and how long it is at least (`特此公告`).
_BUNDLE_CLOSING = 3
_BUNDLE_MIN_CLOSING = 4
_BUNDLE_SENTENCE = 20
_BUNDLE_MIN_LINES = 5


# Markup and addresses that repeat by construction (every Markdown image on one host,
# every feed item's link and guid, ``<figcaption>`` tags): what the reader sees is
# measured, so they are blanked out (same length, so spans still point into the text).
_NGRAM_MARKUP_RE = re.compile(
    r"https?://[^\s)\]>\"']+|!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)|<[^<>\n]{1,300}>|&[a-z]{2,8};"
)
_MARKUP_HINTS = ("http", "](", "<", "&")
_SENTENCE_SPLIT_RE = re.compile(r"[。！？!?\n]+")
_COPY_MIN_SENTENCE = 8
_COPY_MIN_SPAN = 50
_TOP_MARGIN = 1.5


def _without_markup(doc: Document) -> Document:
    """The document with URLs, Markdown link targets, tags and entities blanked."""
    text = doc.text
    if not any(h in text for h in _MARKUP_HINTS):
        return doc
    masked = _NGRAM_MARKUP_RE.sub(lambda m: " " * len(m.group(0)), text)
    if masked == text:
        return doc
    return Document(path=doc.path, text=masked, doc_id=doc.doc_id)


def _copies_text(text: str, p: NgramParams) -> bool:
    """Whether a document over a duplicate n-gram limit copies text, not just phrases.

    Formal news and notices reuse long names and set phrases (`十三届全国人大四次会议`,
    a headline restated in the lede, a fund's full name) without repeating any sentence;
    a rendering fault or spun text repeats whole sentences. So the statistic counts only
    when some sentence (8+ characters) occurs twice, or a passage of 50 tokens occurs
    twice and a sentence of 20+ characters occurs again inside other text (a photo
    caption that restates the lede with a credit after it). A long passage shared by two
    different sentences does not count: bulletins of presidential orders and appointments
    repeat a 50-token adoption formula (`已由…常务委员会第…次会议于…通过，现予公布`)
    after a different law's name each time.
    """
    seen: set[str] = set()
    by_head: dict[str, list[str]] = {}
    for part in _SENTENCE_SPLIT_RE.split(text):
        part = part.strip()
        if len(part) < _COPY_MIN_SENTENCE:
            continue
        if part in seen:
            return True
        seen.add(part)
        if len(part) >= _QUOTED_MIN_SENTENCE:
            heads = by_head.setdefault(part[:_QUOTED_MIN_SENTENCE], [])
            if len(heads) < _QUOTED_PER_HEAD:
                heads.append(part[:_QUOTED_MAX_COMPARE])
    if not by_head:
        return False
    tokens = tokenize(text)
    if tokens.ids.size < _COPY_MIN_SPAN or not _Grams(tokens).duplicate_share(_COPY_MIN_SPAN)[0]:
        return False
    return _sentence_quoted(text, by_head)


# A sentence of this many characters found again inside other text is copied text.
_QUOTED_MIN_SENTENCE = 20
# Bounds that keep the search linear: sentences compared per 20-character head, and
# characters compared per sentence (a copied 300-character stretch that starts a
# sentence is copied text whatever follows).
_QUOTED_PER_HEAD = 4
_QUOTED_MAX_COMPARE = 300


def _sentence_quoted(text: str, by_head: dict[str, list[str]]) -> bool:
    """Whether one of the sentences (grouped by their first 20 characters) occurs twice
    in ``text``: one pass over the text's 20-character windows, each a dictionary look-up,
    and at most ``_QUOTED_PER_HEAD`` comparisons of at most ``_QUOTED_MAX_COMPARE``
    characters where a window is some sentence's head. Only documents already over a
    duplicate n-gram limit get here."""
    k = _QUOTED_MIN_SENTENCE
    found: dict[str, int] = {}
    get = by_head.get
    for i in range(len(text) - k + 1):
        heads = get(text[i : i + k])
        if heads is None:
            continue
        for s in heads:
            if text.startswith(s, i):
                n = found.get(s, 0) + 1
                if n > 1:
                    return True
                found[s] = n
    return False


def _scraped_copy(doc: Document) -> bool:
    """Whether a document that copies text (``_copies_text``) repeats it the way a
    scraper or a page template does, not the way an author restates.

    Formal notices restate their clauses (a summary, then the sections; one firm named
    as auditor and as verifier; parallel procedures for two kinds of investor), news
    ledes quote the body's closing paragraph, research notes open with their first
    section as an abstract: on real financial news and fund notices that reached
    0.15-0.46 of duplicate 10-grams with whole sentences repeated, and a reader called
    none of it a fault (1 of 25 judged true). What a reader does call a fault, and what
    ``_copy_shape`` and ``_line_blocks`` look for, is a repetition no author writes: a
    passage printed twice back to back, a passage that makes up a large part of the
    text, a photo caption printed again (with its credit), a sentence printed three
    times, a block of lines (a menu, a title panel, a share widget) printed again. A
    sentence or a name restated once at a distance inside prose is none of these, so the
    share it raises is not reported, even where a scraper did copy it (a teaser or a
    summary field that repeats one paragraph far from it): the page does not tell.
    """
    return _copy_shape(doc.text) or _line_blocks(doc)


def _copy_shape(text: str) -> bool:
    """The copied passages of ``text`` (whitespace left out: a page that prints a block
    twice wraps it differently), found left to right as LZ77 does: at each position the
    first earlier occurrence of the next ``_COPY_WINDOW`` characters, extended as far as
    both copies agree. Each position is looked up once and a copy is skipped over, so
    the scan is linear in the text's length. One copy is evidence when it follows its
    source directly (nothing, or one character, between them; or a field label such as
    `本文摘要：` before a copy of a whole paragraph), when it makes up
    ``_COPY_BIG_SHARE`` of the text, or when a photo credit is in it or right after it (a
    caption printed again). A sentence printed three times or more is evidence too.
    A text over ``_SHAPE_MAX_CHARS`` counts as copied in shape (memory stays bounded)."""
    if len(text) > _SHAPE_MAX_CHARS:
        # The scan keeps a window per character; on a text this long the shares are
        # judged as before, by ``_copies_text`` alone.
        return True
    flat = _SPACE_RE.sub("", text)
    n = len(flat)
    k = _COPY_WINDOW
    if n < 2 * k:
        return False
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    i = 0
    while i + k <= n:
        w = flat[i : i + k]
        j = first.get(w)
        if j is None or j + k > i:
            first.setdefault(w, i)
            last[w] = i
            i += 1
            continue
        size = _agree(flat, j, i)
        # The latest earlier occurrence tells a block printed twice in a row, when the
        # first one was a shorter quote of it further up.
        near = last[w]
        size_near, gap_near = 0, n
        if near != j and near + k <= i:
            size_near = _agree(flat, near, i)
            gap_near = i - (near + size_near)
        if _back_to_back(flat, i, i - (j + size)) or _back_to_back(flat, i, gap_near):
            return True
        if size >= n * _COPY_BIG_SHARE:
            return True
        if (
            size >= _COPY_LABELLED_MIN
            and i - (j + size) <= _COPY_LABEL_MAX
            and (flat[i - 1] in "：:" or flat[i] in "：:")
        ):
            return True
        if _CREDIT_RE.search(flat, i, min(n, i + size + _CREDIT_AFTER)) or _CREDIT_RE.search(
            flat, j, min(i, j + size + _CREDIT_AFTER)
        ):
            return True
        step = max(size, size_near) - k + 1
        for q in range(i, i + step):
            first.setdefault(flat[q : q + k], q)
            last[flat[q : q + k]] = q
        i += step
    parts = map(str.strip, _SENTENCE_CUT_RE.split(text))
    counts = Counter(s for s in parts if len(s) >= _COPY_WINDOW and s.endswith(_SENTENCE_END))
    return any(c >= 3 and c * len(s) >= _THRICE_SHARE * n for s, c in counts.items())


def _back_to_back(flat: str, i: int, gap: int) -> bool:
    """Whether a copy starting at ``i`` follows its source with ``gap`` characters
    between them: none, or one mark (the full stop that closed the first copy). One
    letter between them is a list of names that differ in one character
    (`嘉兴宸泰…` / `嘉兴舜泰…`), not a block printed twice."""
    return gap == 0 or (gap == 1 and not flat[i - 1].isalnum())


def _agree(flat: str, j: int, i: int) -> int:
    """How many characters from ``i`` repeat those from ``j`` (``j < i``), the copy
    ending where the source would run into it."""
    size = 0
    n = len(flat)
    while i + size < n and j + size < i and flat[j + size] == flat[i + size]:
        size += 1
    return size


def _line_blocks(doc: Document) -> bool:
    """Whether a run of two or more lines recurs in the same order and covers
    ``_BLOCK_SHARE`` of the text (a title panel, a menu printed again), or two lines
    recur together three times or more (a share widget under every item, a photo's
    title under each picture). A run of field lines (`名称：…` / `注册地址：…`: one firm
    in two roles) and a notice's sign-off (`特此公告`, a date) are not such blocks."""
    lines = [s for s in page(doc).stripped if s]
    total = sum(map(len, lines))
    if len(lines) < 4 or not total:
        return False
    pairs: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], int] = {}
    i = 0
    while i + 1 < len(lines):
        pair = (lines[i], lines[i + 1])
        if (
            _SIGN_OFF_RE.fullmatch(pair[0])
            or _SIGN_OFF_RE.fullmatch(pair[1])
            or (_FIELD_RE.match(pair[0]) and _FIELD_RE.match(pair[1]))
        ):
            i += 1
            continue
        pairs[pair] += 1
        if pairs[pair] >= 3:
            return True
        j = where.setdefault(pair, i)
        if j == i:
            i += 1
            continue
        run = 0
        chars = 0
        fields = 0
        while i + run < len(lines) and j + run < i and lines[i + run] == lines[j + run]:
            chars += len(lines[i + run])
            fields += bool(_LABEL_RE.match(lines[i + run]))
            run += 1
        if fields < run and chars >= _BLOCK_SHARE * total:
            return True
        i += max(run - 1, 1)
    return False


_SPACE_RE = re.compile(r"\s+")
_SENTENCE_CUT_RE = re.compile(r"(?<=[。！？!?])|\n")
# A copied passage is at least this many characters (a short sentence, a caption).
_COPY_WINDOW = 20
# Longer texts are not scanned for copy shapes: two dictionaries of 20-character windows
# take about 150 bytes a character (60 MB here), and no real page judged comes close.
_SHAPE_MAX_CHARS = 400_000
# A single copy that is this share of the text: the page printed a passage twice.
_COPY_BIG_SHARE = 0.15
# A copy under a label of its own (`简要描述：…` / `本文摘要：…`) is a whole paragraph,
# not a field value two fields share (`注册地址：…` / `办公地址：…`).
_COPY_LABELLED_MIN = 50
_COPY_LABEL_MAX = 12
# A run of lines printed again covering this share of the text (a title panel of two
# lines on a short video page is about 0.03), and a sentence printed three times.
_BLOCK_SHARE = 0.03
_THRICE_SHARE = 0.04
# A photo credit (`記者某某／攝影`, `（圖／美聯社）`, `翻攝臉書`) or a caption's share button
# (`分享 facebook`) in a copy or this many characters after it or after its source: one
# of them is a caption.
_CREDIT_AFTER = 12
_CREDIT_RE = re.compile(
    r"(?:記者|记者)[^，。]{1,6}[／/](?:攝影|摄影)|(?<![\u3400-\u9fff])[圖图][／/]|翻攝|翻摄"
    r"|分享(?:到|至)?(?:facebook|Facebook|微信|微博)"
)
# A field line of a record (`名称：…`, `HDR 兼容性：…`): records of several entities
# share lines (one firm in two roles, one refresh rate for several TV models).
_LABEL_RE = re.compile(r"[^：:，,。！？]{1,14}[：:]")
# A notice's sign-off line: notices bundled on one page each close with it.
_SIGN_OFF_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|特此公告[。！]?")
