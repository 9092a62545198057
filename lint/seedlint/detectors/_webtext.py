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

Speed: a clean page must cost little more than a few scans of its text, so nothing here
walks every line in Python when a scan of the whole text can say which lines can matter.
``Page`` holds the per-document facts (line starts, stripped lines, the Simplified copy)
and builds ``Line`` objects only for the lines a rule asks about. The Simplified copy is
skipped when the text holds no character OpenCC's ``t2s`` dictionaries could change.
Site-furniture classification runs one Aho-Corasick pass over the whole text for every
phrase, navigation word and literal that the group regexes require, and classifies only
the lines it hits; link lists start only at headings or at lines followed by dates or
teasers; the article's edges are found by scanning in from both ends.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib
import json
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, overload

import numpy as np

from seedlint.detectors._charcount import count_chars
from seedlint.detectors._regex import BudgetedRegex
from seedlint.document import Document
from seedlint.lexicons import Lexicon, LexiconHit, load_lexicon
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


def _t2s_dict_files() -> list[Path]:
    """The dictionaries ``t2s`` runs on, read from its own configuration file."""
    from seedlint.detectors._hanscript import _opencc_dir

    share = _opencc_dir() / "clib" / "share" / "opencc"
    config = json.loads((share / "t2s.json").read_text(encoding="utf-8"))
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            f = node.get("file")
            if isinstance(f, str):
                names.append(f)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk([config.get("normalization", []), config.get("conversion_chain", [])])
    files = [share / n for n in names]
    if not names or not all(f.is_file() and f.suffix == ".ocd2" for f in files):
        raise ValueError("unexpected t2s configuration")
    return files


def _changeable_from(tables: Iterable[dict[str, list[str]]]) -> set[str]:
    """Characters that some dictionary entry replaces by a different one.

    A text holding none of them comes out of the conversion unchanged: every entry that
    could match it maps its key to itself (or does not match at all).
    """
    out: set[str] = set()
    for table in tables:
        for key, values in table.items():
            for v in values:
                if v == key:
                    continue
                if len(v) != len(key):
                    out.update(key)
                else:
                    out.update(a for a, b in zip(key, v, strict=True) if a != b)
    return out


@lru_cache(maxsize=1)
def _t2s_changeable() -> frozenset[str] | None:
    """What ``t2s`` may change, from OpenCC's own tables (None when they cannot be read)."""
    from seedlint.detectors._hanscript import _cache_dir, _dump_tool, _read_table

    try:
        files = _t2s_dict_files()
        h = hashlib.sha256(b"t2s-changeable-1")
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        cache = _cache_dir() / f"t2s-changeable-{h.hexdigest()[:16]}.txt"
        if cache.is_file():
            return frozenset(cache.read_text(encoding="utf-8"))
        tool = _dump_tool()
        if tool is None:
            return None
        tables = []
        with tempfile.TemporaryDirectory(prefix="seedlint-t2s-") as tmp:
            for f in files:
                out = Path(tmp) / f"{f.stem}.txt"
                subprocess.run(
                    [str(tool), "-i", str(f), "-o", str(out), "-f", "ocd2", "-t", "text"],
                    check=True,
                    capture_output=True,
                    timeout=60,
                )
                tables.append(_read_table(out))
        chars = _changeable_from(tables)
    except (OSError, ValueError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    if not chars:
        return None
    try:  # best effort, like the script sets: a read-only home costs a re-derivation
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = cache.with_suffix(".tmp")
        tmp_path.write_text("".join(sorted(chars)), encoding="utf-8")
        tmp_path.replace(cache)
    except OSError:
        pass
    return frozenset(chars)


@lru_cache(maxsize=1)
def _changeable_re() -> re.Pattern[str] | None:
    chars = _t2s_changeable()
    if chars is None:
        return None
    # BMP characters as a bitmap class; astral ones through one range, checked on a hit
    # (a list of astral characters would make the class a linear search).
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)
    astral = sorted(c for c in chars if ord(c) >= 0x10000)
    span = f"{astral[0]}-{astral[-1]}" if astral else ""
    return re.compile(f"[{bmp}{span}]")


def _changeable_lines(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of the lines holding a character ``t2s`` could change; None when it
    is not known which characters the conversion changes."""
    if text.isascii():
        return []
    rx = _changeable_re()
    chars = _t2s_changeable()
    if rx is None or chars is None:
        return None
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = rx.search(text, pos)
        if m is None:
            return spans
        c = m.group()
        if c > "\uffff" and c not in chars:  # the class spans all astral ones it holds
            pos = m.end()
            continue
        i = m.start()
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        if end < 0:
            end = len(text)
        spans.append((start, end))
        pos = end + 1


_CONVERTED_KEY = "_webtext.t2s_lines"


def normalized(doc: Document) -> str:
    """``doc.text`` in Simplified characters, offset for offset (cached per document).

    Only the lines the conversion could change are converted: OpenCC's dictionaries hold
    no line breaks, so its longest matches never cross one and each line converts as it
    would inside the whole text.
    """
    key = "_webtext.t2s"
    cached = doc.cache.get(key)
    if isinstance(cached, str) and len(cached) == len(doc.text):
        return cached
    text = doc.text
    spans = _changeable_lines(text)
    out = None if spans is None else _convert_lines(text, spans)
    if out is not None:
        doc.cache[_CONVERTED_KEY] = (out, spans)  # which lines differ from the text
    else:
        out = to_simplified(text)
        if len(out) != len(text):  # pragma: no cover - whole-text conversion kept lengths so far
            out = "\n".join(to_simplified(line) for line in text.split("\n"))
    doc.cache[key] = out
    return out


# Lines converted before, by their text: the pages of a site repeat their lines (and a
# line converts the same wherever it stands). Bounded; emptied when full.
_T2S_LINES: dict[str, str] = {}
_T2S_MEMO_CHARS = 1 << 21
_t2s_memo_size = 0


def _convert_lines(text: str, spans: list[tuple[int, int]]) -> str | None:
    """``text`` with the lines ``spans`` converted, new lines in one call to OpenCC (None
    when a line's length would change: the whole text then goes through the usual path)."""
    global _t2s_memo_size
    if not spans:
        return text
    lines = [text[a:b] for a, b in spans]
    memo = _T2S_LINES
    todo = [x for x in dict.fromkeys(lines) if x not in memo]
    if todo:
        conv: list[str] = _t2s().convert("\n".join(todo)).split("\n")
        if len(conv) != len(todo):
            return None
        got = dict(zip(todo, conv, strict=True))
        # Read before the memo may be emptied below: a line found in it a moment ago
        # would be gone (a KeyError once a long run had filled the memo).
        out_lines = [got[x] if x in got else memo[x] for x in lines]
        size = sum(map(len, todo))
        # New lines longer than the whole memo are not kept (one huge single-line
        # document's converted text stayed for the rest of the run): nothing else could
        # be kept beside them, and another page is unlikely to repeat them.
        if size <= _T2S_MEMO_CHARS:
            if _t2s_memo_size + size > _T2S_MEMO_CHARS:
                memo.clear()
                _t2s_memo_size = 0
            _t2s_memo_size += size
            memo.update(got)
    else:
        out_lines = [memo[x] for x in lines]
    if any(len(c) != len(x) for c, x in zip(out_lines, lines, strict=True)):
        return None
    pieces: list[str] = []
    pos = 0
    for (a, b), c in zip(spans, out_lines, strict=True):
        pieces.append(text[pos:a])
        pieces.append(c)
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass(slots=True)
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

    @property
    def text_start(self) -> int:
        """Offset of the line's first non-space character: where a finding on it starts."""
        return self.start + len(self.text) - len(self.text.lstrip())

    @property
    def text_end(self) -> int:
        """Offset just past the line's last non-space character."""
        return self.start + len(self.text.rstrip())


# Every date the line regex matches has a digit, a separator and a digit: the scan looks
# for the separator (a class it can skip to) and checks the digits around it.
_DATELINE_SCAN_RE = re.compile(r"[-/.年月](?<=\d[-/.年月])(?=\d)")


def casefold(text: str) -> str:
    """``text.casefold()``, a block at a time on a huge text. CPython folds each
    character on its own (no context, unlike ``lower``), into a buffer of three 4-byte
    units per character: 85 MB for a moment for a page of 7 million characters on one
    line, against the folded copy's own size when the blocks are joined."""
    if len(text) <= _FOLD_BLOCK:
        return text.casefold()
    return "".join(text[a : a + _FOLD_BLOCK].casefold() for a in range(0, len(text), _FOLD_BLOCK))


_FOLD_BLOCK = 1 << 20


class Page:
    """What every rule needs to know about a document's lines, computed once.

    ``raw`` and ``stripped`` come from one split of the text (C speed); ``Line`` objects
    (with the Simplified copy and ruby removed) are built only for lines asked for. A
    line is blank exactly when its raw text is whitespace: neither the conversion nor
    ruby removal touches whitespace or removes a line's last visible character.
    Per-line facts that a few characters decide (which lines can hold a date, which
    hold ruby) come from string searches for those characters, not from a walk over
    every line or every character.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.raw = self.text.split("\n")
        """Lines as split on ``\\n`` (a ``\\r`` before it is kept here)."""
        self.stripped = list(map(str.strip, self.raw))
        """Each raw line without surrounding whitespace (``""`` for a blank line)."""
        self.starts: list[int] = list(accumulate(map((1).__add__, map(len, self.raw)), initial=0))
        del self.starts[-1]
        """Offset of each line's first character (as ``doc.line_starts``)."""
        self._norm: str | None = None
        self._lines: dict[int, Line] = {}
        self._ruby: set[int] | None = None
        self._folded: str | None = None
        self._slots: Any = None
        self._norm_slots: Any = None
        self._norm_stripped: list[str] | None = None

    def __len__(self) -> int:
        return len(self.raw)

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._norm = normalized(self.doc)
        return self._norm

    def blank(self, i: int) -> bool:
        return not self.stripped[i]

    def line(self, i: int) -> Line:
        if i < 0:
            i += len(self.raw)
        ln = self._lines.get(i)
        if ln is None:
            s = self.starts[i]
            t = self.raw[i]
            if t.endswith("\r"):
                t = t[:-1]
            n = self.norm[s : s + len(t)]
            ln = Line(i, s, s + len(t), t, n, strip_ruby(n))
            self._lines[i] = ln
        return ln

    def clean_stripped(self, i: int) -> str:
        """``line(i).stripped`` without building the ``Line`` where that is cheaper."""
        if i in self._lines or i in self.ruby_lines():
            return self.line(i).stripped
        return self.norm_stripped()[i]

    def norm_stripped(self) -> list[str]:
        """Each line of the Simplified text without surrounding whitespace (blank exactly
        where ``stripped`` is: the conversion never touches whitespace)."""
        if self._norm_stripped is None:
            norm = self.norm
            converted = self.doc.cache.get(_CONVERTED_KEY)
            if norm is self.text:
                self._norm_stripped = self.stripped
            elif isinstance(converted, tuple) and converted[0] is norm:
                # Only the converted lines differ from the text's.
                out = list(self.stripped)
                for a, b in converted[1]:
                    out[self.index(a)] = norm[a:b].strip()
                self._norm_stripped = out
            else:
                self._norm_stripped = list(map(str.strip, norm.split("\n")))
        return self._norm_stripped

    def index(self, offset: int) -> int:
        """The line holding ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def ruby_lines(self) -> set[int]:
        """Lines that ruby removal changes: their ``clean`` differs from their ``norm``."""
        if self._ruby is None:
            norm = self.norm
            found: set[int] = set()
            # Every match starts at its only bracket: try the pattern at each bracket.
            match = _RUBY_SCAN_RE.match
            for bracket in "(（":
                i = norm.find(bracket)
                while i >= 0:
                    if match(norm, i):
                        found.add(self.index(i))
                    i = norm.find(bracket, i + 1)
            self._ruby = found
        return self._ruby

    def folded(self) -> str | None:
        """``norm.casefold()`` when that keeps every offset, else None."""
        if self._folded is None:
            f = casefold(self.norm)
            self._folded = f if len(f) == len(self.norm) else ""
        return self._folded or None

    def norm_slots(self) -> Any:
        """``pair_slots`` of the Simplified text."""
        if self._norm_slots is None:
            folded = self.folded()
            same = folded is not None and folded == self.norm
            self._norm_slots = self.folded_slots() if same else pair_slots(self.norm)
        return self._norm_slots

    def folded_slots(self) -> Any:
        """``pair_slots`` of the casefolded text (needs ``folded()``)."""
        if self._slots is None:
            folded = self.folded()
            assert folded is not None
            self._slots = pair_slots(folded)
        return self._slots

    def nonblank(self) -> Iterator[int]:
        return (i for i, s in enumerate(self.stripped) if s)

    def release(self) -> None:
        """Forget what was derived from the text (``release_copies``)."""
        self._norm = None
        self._lines = {}
        self._ruby = None
        self._folded = None
        self._slots = None
        self._norm_slots = None
        self._norm_stripped = None


RELEASE_MIN_CHARS = 1 << 20
"""Documents from which ``release_copies`` drops the page's derived copies."""


def release_copies(doc: Document) -> None:
    """Drop the page's copies of a huge document's text: its Simplified form, casefold,
    their pair slots, stripped Simplified lines and built lines (each a full copy of a
    single-line document, 27 MB apiece for a 20 MB line with astral characters in its
    Simplified form, 150 MB in all). A rule that builds large arrays of its own (A204)
    calls this first; whatever a later rule asks for is made again from the text, the
    same, so only memory and a second conversion's time change. The lines, their starts
    and the per-rule results (furniture classes, link lists, layout) stay."""
    if len(doc.text) < RELEASE_MIN_CHARS:
        return
    for key in ("_webtext.t2s", _CONVERTED_KEY, "_webtext.lines"):
        doc.cache.pop(key, None)
    pg = doc.cache.get("_webtext.page")
    if isinstance(pg, Page):
        pg.release()


def page(doc: Document) -> Page:
    key = "_webtext.page"
    cached = doc.cache.get(key)
    if isinstance(cached, Page) and cached.text is doc.text:
        return cached
    pg = Page(doc)
    doc.cache[key] = pg
    return pg


class LazyLines(Sequence[Line]):
    """The document's lines as a sequence, each ``Line`` built on first access."""

    def __init__(self, pg: Page) -> None:
        self.page = pg

    def __len__(self) -> int:
        return len(self.page)

    @overload
    def __getitem__(self, i: int) -> Line: ...

    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...

    def __getitem__(self, i: int | slice) -> Line | list[Line]:
        if isinstance(i, slice):
            return [self.page.line(k) for k in range(*i.indices(len(self.page)))]
        if i < -len(self.page) or i >= len(self.page):
            raise IndexError(i)
        return self.page.line(i)


def lazy_lines(doc: Document) -> LazyLines:
    return LazyLines(page(doc))


def lines(doc: Document) -> list[Line]:
    """Every line of the document (built in full: rules use ``page``/``lazy_lines``)."""
    key = "_webtext.lines"
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    pg = page(doc)
    out = [pg.line(i) for i in range(len(pg))]
    doc.cache[key] = out
    return out


# Pinyin ruby that some sites print after each hard character: `网(wǎng)`, `区(qū)`. It
# splits the words the phrase lists look for; at least one tone mark makes it pinyin.
RUBY_RE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]")


# The same matches, found faster in a long text: the bracket first (a class the search
# can skip to), then the Han character before it.
_RUBY_SCAN_RE = re.compile(
    r"[(（](?<=[\u3400-\u9fff][(（])[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]"
)


def strip_ruby(s: str) -> str:
    return RUBY_RE.sub("", s) if "(" in s or "（" in s else s


# --------------------------------------------------------------------------- term scans

_SLOT_BITS = 16
_K1 = 0x9E3779B1
_K2 = 0x85EBCA77


def _pair_slot(a: str, b: str) -> int:
    return ((((ord(a) * _K1) & 0xFFFFFFFF) ^ ord(b)) * _K2 & 0xFFFFFFFF) >> (32 - _SLOT_BITS)


def pair_slots(text: str) -> Any:
    """For each position, a hash slot of the two characters starting there (numpy), in
    16 bits: a page keeps the slots of its text, and a slot has ``_SLOT_BITS``. A long
    text is encoded ``_SLOT_BLOCK`` characters at a time (its code points in 32 bits
    and their products are 12 bytes a character at once otherwise)."""
    out = np.zeros(max(len(text) - 1, 0), dtype=np.uint16)
    for a in range(0, out.size, _SLOT_BLOCK):
        b = min(out.size, a + _SLOT_BLOCK)
        piece = text[a : b + 1]  # the character after the block pairs with its last
        cp = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        x = cp[:-1] * np.uint32(_K1)
        x ^= cp[1:]
        x *= np.uint32(_K2)
        x >>= np.uint32(32 - _SLOT_BITS)
        out[a:b] = x
    return out


_SLOT_BLOCK = 1 << 20


class TermScanner:
    """Every occurrence of any of many terms in a text, like an Aho-Corasick pass.

    pyahocorasick spends about 50 ns a character walking its trie here; instead one
    vectorised table lookup picks the positions whose two characters begin some term,
    and only those are compared with the terms that begin so (one-character terms are a
    regex character class).
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self.by_pair: dict[str, list[str]] = {}
        singles: set[str] = set()
        for t in terms:
            if len(t) == 1:
                singles.add(t)
            elif len(t) > 1:
                self.by_pair.setdefault(t[:2], []).append(t)
        for ts in self.by_pair.values():  # longest first: hits come out in order
            ts.sort(key=len, reverse=True)
        self.table = np.zeros(1 << _SLOT_BITS, dtype=bool)
        for pair in self.by_pair:
            self.table[_pair_slot(pair[0], pair[1])] = True
        self.single_re = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(singles)) + "]")
            if singles
            else None
        )
        # A few one-character terms are found faster by the string search, which skips
        # through the text at C speed, than by a character-class scan.
        self.few_singles = sorted(singles) if len(singles) <= 8 else None

    def find(self, text: str, slots: Any) -> list[tuple[int, str]]:
        """(start, term) of every occurrence, overlapping ones included, in text order
        (longest first at one start)."""
        out: list[tuple[int, str]] = []
        if self.by_pair and len(slots):
            by_pair, table = self.by_pair, self.table
            # The candidate flags a block at a time: one flag per character of a 20 MB
            # line at once was 20 MB more at the peak of its run.
            for a in range(0, len(slots), _SLOT_BLOCK):
                flags = np.take(table, slots[a : a + _SLOT_BLOCK])
                for i in (np.flatnonzero(flags) + a).tolist():
                    for t in by_pair.get(text[i : i + 2], ()):
                        if text.startswith(t, i):
                            out.append((i, t))
        paired = len(out)
        if self.few_singles is not None:
            find = text.find
            for c in self.few_singles:
                i = find(c)
                while i >= 0:
                    out.append((i, c))
                    i = find(c, i + 1)
        elif self.single_re is not None:
            out.extend((m.start(), m.group()) for m in self.single_re.finditer(text))
        if len(out) > paired:  # one-character terms found: merge them in
            out.sort(key=lambda h: (h[0], -len(h[1])))
        return out


def find_terms(lex: Lexicon, scanner: TermScanner, pg: Page) -> list[LexiconHit]:
    """``lex.find(norm)`` for the page's Simplified text, through ``scanner`` (built on
    ``lex.terms``): the same hits, longest first and without overlaps."""
    norm = pg.norm
    if lex.fold_case:
        hay = pg.folded()
        slots = pg.folded_slots() if hay is not None else None
        if hay is None:
            hay, slots = norm, pair_slots(norm)
    else:
        hay, slots = norm, pair_slots(norm)
    out: list[LexiconHit] = []
    last_end = -1
    for start, term in scanner.find(hay, slots):
        if start >= last_end:
            end = start + len(term)
            out.append(LexiconHit(start, end, norm[start:end], lex.terms[term]))
            last_end = end
    return out


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENTENCE_END = "。！？!?；;…"
LATIN_SENTENCE_END_RE = re.compile(r"[A-Za-z0-9][.!?](?:\s|$)")
TAG_TAIL_RE = re.compile(r"(?:<?/?[a-zA-Z][a-zA-Z0-9]{0,9}(?:\s[^<>]{0,40})?>)+\s*$")


def han_count(s: str) -> int:
    return count_chars(HAN_RE, s)


def strip_tag_tail(s: str) -> str:
    """Drop HTML tag debris at the end of a line (``…</a>``), which scrapers leave behind."""
    if not s.rstrip().endswith(">"):
        return s.rstrip()
    return TAG_TAIL_RE.sub("", s).rstrip()


# What a link's closing tag leaves at the end of a teaser when the character before it
# was lost in a re-encoding and the tag was then stripped: `问题?!?/a>` became `问题?!?`
# (the last `?` stood for the `<`). A `?` run holding a `!`, so `吗??` and `?!` do not count.
LOST_TAG_TAIL_RE = re.compile(r"(?<=[^\x00-\x7f])\?[?!]*![?!]*\?$")


# A summary cut off with a link to the rest (`…是不是就可以[详细]`): a sidebar's teaser.
_MORE_LINKS = ("[详细]", "[详情]", "【详细】", "【详情】")


def is_teaser(s: str) -> bool:
    """A link-list entry: a summary the site cut off with an ellipsis or a `[详细]` link,
    or link-tag debris (the tag itself, or the `?!?` it leaves once stripped)."""
    t = s.strip()
    u = strip_tag_tail(t)
    return (
        u != t
        or u.endswith(("…", "...", "⋯"))
        or u.endswith(_MORE_LINKS)
        or (u.endswith("?") and LOST_TAG_TAIL_RE.search(u) is not None)
    )


# --------------------------------------------------------------------------- items

# Delimiters that separate the items of a keyword list. Semicolons are not among them:
# they separate clauses of a sentence (the bullet lines of seed 003 end with them).
ITEM_DELIMS = "|｜/／、,，"
_ITEM_SPLIT_RE = re.compile(r"[|｜/／、,，]+|[\s\u3000\xa0]+")
EDGE_PUNCT = "\"'“”‘’「」『』《》〈〉【】[]()（）<>:：.·•-—_~*#@"


_LATIN_WORD_RE = re.compile(r"[^\u2e80-\U0010ffff]*[^\W_][^\u2e80-\U0010ffff]*")


def _is_latin_word(s: str) -> bool:
    if len(s) > 1 and s[0] >= "\u2e80" and s[1] >= "\u2e80":
        return False  # the pattern allows one character from U+2E80 up, not two
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
        while a < b and s[a] in EDGE_PUNCT:
            a += 1
        while b > a and s[b - 1] in EDGE_PUNCT:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# ``_ITEM_SPLIT_RE`` as one group that starts with a character class (the search can skip
# to it): a run of delimiters or a run of whitespace, whichever its first character is.
_ITEM_SPLIT_KEEP_RE = re.compile(
    r"([|｜/／、,，\s\u3000\xa0](?:(?<=[|｜/／、,，])[|｜/／、,，]*|(?<=[\s\u3000\xa0])[\s\u3000\xa0]*))"
)


def split_item_texts(s: str) -> list[str]:
    """``[s[a:b] for a, b in split_items(s)]``, computed without the spans (faster)."""
    parts = _ITEM_SPLIT_KEEP_RE.split(s)
    if len(parts) == 1:
        t = s.strip(EDGE_PUNCT)
        return [t] if t else []
    parts.append("")
    merged: list[str] = []
    prev_sep_ws = False
    last_sep = ""
    for piece, sep in zip(parts[0::2], parts[1::2], strict=True):
        if not piece:
            prev_sep_ws = False
        elif merged and prev_sep_ws and _is_latin_word(piece) and _is_latin_word(merged[-1]):
            merged[-1] = merged[-1] + last_sep + piece
            prev_sep_ws = sep != "" and sep[0] not in ITEM_DELIMS
        else:
            merged.append(piece)
            prev_sep_ws = sep != "" and sep[0] not in ITEM_DELIMS
        last_sep = sep
    return [t for t in (m.strip(EDGE_PUNCT) for m in merged) if t]


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

# `请注明来源：…` asks a reprint to credit the page: a reprint notice, not a credit.
PROVENANCE_RE = re.compile(
    r"^[\s(（【\[]*(?:责任编辑|责编|编辑|主编|编审|记者|本报记者|通讯员|实习生|作者|撰文|"
    r"来源|稿源|供稿|文\s*/|图\s*/|摄影|摄像|校对|审核|审校|监制|出品|策划|资料|译者|翻译)"
    r"|(?<!注明)(?<!标明)(?:来源|记者|编辑|责编|作者)\s*[:：]"
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
    ``contains``: a phrase or regex occurs in the line; ``span``: only the regex match is
    furniture, wherever it stands in a line of any length (a widget glued into a
    one-line article); ``span`` groups never make a line furniture."""
    zone: str
    """``any`` or ``edge``: edge-only groups count only before or after the article."""
    fix: str
    phrases: list[str] = field(default_factory=list)
    regexes: list[BudgetedRegex] = field(default_factory=list)


# Characters that can stand right before or after a phrase that is a whole line or one
# item of a row once decoration is gone: item delimiters, whitespace, edge punctuation,
# bullets, brackets, trailing colons and arrows, and the first letter of `更多` / `more`.
_ITEM_EDGE = frozenset(
    ITEM_DELIMS + EDGE_PUNCT + _BULLETS + "[【〔（(「『<《]】〕）)」』>》:：»→≫更mM"
)


def _at_item_edge(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` could be a whole line or item after decoration."""
    if start > 0:
        c = text[start - 1]
        if c not in _ITEM_EDGE and not c.isspace():
            return False
    if end < len(text):
        c = text[end]
        if c not in _ITEM_EDGE and not c.isspace():
            return False
    return True


def required_literals(pattern: str, flags: int = 0) -> list[str] | None:
    """Strings one of which every match of ``pattern`` contains (None: none found).

    Lets one literal scan of a document stand in for running a line regex on every line:
    only lines holding one of the strings can match. Read off the parsed pattern: a
    literal run, a small character class, an alternation of such, inside groups and
    repeats that occur at least once. Anything else (a pattern made of classes like
    ``\\d+`` only) gives None and the caller tries the regex on every line.
    """
    try:
        parser: Any = importlib.import_module("re._parser")
        tree = parser.parse(pattern, flags)
    except Exception:  # an unparsable or unknown pattern just has no literals
        return None

    def score(c: set[str]) -> tuple[int, int]:
        return (min(len(x) for x in c), -len(c))

    def seq(items: Any) -> set[str] | None:
        best: set[str] | None = None
        run: list[str] = []

        def consider(c: set[str] | None) -> None:
            nonlocal best
            if c and "" not in c and (best is None or score(c) > score(best)):
                best = c

        for op, av in items:
            name = getattr(op, "name", str(op))
            if name == "LITERAL":
                run.append(chr(av))
                continue
            if run:
                consider({"".join(run)})
                run = []
            cand: set[str] | None = None
            if name == "IN":
                cand = charset(av)
            elif name == "BRANCH":
                alts = [seq(a) for a in av[1]]
                cand = None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
            elif name == "SUBPATTERN":
                cand = seq(av[-1])
            elif name == "ATOMIC_GROUP":
                cand = seq(av)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                cand = seq(av[2]) if av[0] >= 1 else None
            consider(cand)
        if run:
            consider({"".join(run)})
        return best

    def charset(av: Any) -> set[str] | None:
        out: set[str] = set()
        for op, v in av:
            name = getattr(op, "name", str(op))
            if name == "LITERAL":
                out.add(chr(v))
            elif name == "RANGE" and v[1] - v[0] < 32:
                out.update(chr(c) for c in range(v[0], v[1] + 1))
            else:
                return None
        return out if 0 < len(out) <= 64 else None

    found = seq(tree)
    return sorted(found) if found else None


_UNKNOWN = object()
_CLASSIFY_MEMO_MAX = 16_384
# Lines longer than this are classified each time they come, not kept in the memo: a
# site's furniture lines are short, and the memo is bounded by its number of lines.
_CLASSIFY_MEMO_LINE_MAX = 4096
"""Lines whose class ``Furniture.classify`` keeps (a few MB at most)."""


@dataclass
class Furniture:
    """Site-furniture phrases and patterns, by group (see rules/boilerplate.yaml)."""

    groups: dict[str, FurnitureGroup]
    nav_words: set[str]
    max_line_chars: int = 240
    nav_group: str = "nav_menu"
    _line_phrases: dict[str, str] = field(default_factory=dict)
    _contains: Lexicon | None = None
    _scan: TermScanner | None = None
    """Finds the strings a furniture line must contain anywhere (phrases, regex literals)
    and the line phrases and navigation words, which count only at an item edge."""
    _anywhere: frozenset[str] = frozenset()
    """The terms of ``_scan`` that count anywhere."""
    _scan_all: bool = False
    """Some group regex has no required literal: every line must be classified."""
    _memo: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    """``classify`` of stripped lines already seen (at most ``_CLASSIFY_MEMO_MAX``)."""
    _line_regexes: list[tuple[str, BudgetedRegex, re.Pattern[str] | None]] = field(
        default_factory=list
    )
    """(group, regex, an alternation of its required literals casefolded, or None) of
    every group that is not ``span``, in group order: ``classify`` tries a regex on a
    line only when the casefolded line holds one of its literals, which every match
    contains (one C search per regex, not a Python loop over its literals)."""

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
        # A line is furniture only if (a) its decoration-stripped text is a line phrase,
        # (b) one of its items is a navigation word or line phrase, or (c) it contains a
        # `contains` phrase or matches a group regex. (a) and (b) need the phrase at an
        # item edge; (c) needs a `contains` phrase or one of the regex's literals anywhere.
        # Casefolding is compatible with concatenation, so all of these show up in the
        # casefolded text of the whole document.
        terms: dict[str, bool] = {}
        for t in [*self._line_phrases, *(w.casefold() for w in self.nav_words)]:
            if t:
                terms.setdefault(t, False)
        anywhere = list(lex.terms)
        for g in self.groups.values():
            if g.match == "span":
                continue  # matched over the whole text by the rule, not per line
            for rx in g.regexes:
                lits = required_literals(rx.pattern, rx.flags)
                if lits is None:
                    self._scan_all = True
                else:
                    anywhere.extend(x.casefold() for x in lits)
                gate = (
                    None
                    if lits is None
                    else re.compile("|".join(re.escape(x.casefold()) for x in lits))
                )
                self._line_regexes.append((g.name, rx, gate))
        for t in anywhere:
            if t:
                terms[t] = True
        self._scan = TermScanner(terms)  # one pass finds both kinds
        self._anywhere = frozenset(t for t, anyw in terms.items() if anyw)

    def _candidates(self, pg: Page) -> Iterable[int]:
        """Lines that can be furniture: a superset, each still goes through ``classify``."""
        folded = pg.folded()
        if self._scan_all or folded is None:
            return pg.nonblank()
        found = set(pg.ruby_lines())
        assert self._scan is not None
        norm = pg.norm
        index = pg.index
        anywhere = self._anywhere
        # An edge term needs an item edge (or the text's start) on both sides.
        for start, t in self._scan.find(folded, pg.folded_slots()):
            if t in anywhere or _at_item_edge(norm, start, start + len(t)):
                found.add(index(start))
        return sorted(i for i in found if not pg.blank(i))

    def classes(self, doc: Document) -> list[tuple[str, int] | None]:
        """``classify`` of every line of ``doc`` (memoised per document).

        Only the lines the phrase scan hits are classified; ``classify`` returns None for
        every other line, which is what they get.
        """
        key = f"_webtext.classes:{id(self)}"
        cached = doc.cache.get(key)
        if isinstance(cached, list):
            return cached
        pg = page(doc)
        out: list[tuple[str, int] | None] = [None] * len(pg)
        found: dict[int, tuple[str, int]] = {}
        for i in self._candidates(pg):
            c = self.classify(pg.line(i).clean)
            if c is not None:
                out[i] = c
                found[i] = c
        doc.cache[key] = out
        doc.cache[key + ":found"] = found
        return out

    def classes_if_known(self, doc: Document) -> list[tuple[str, int] | None] | None:
        """``classes(doc)`` if it has been worked out for this document, else None."""
        cached = doc.cache.get(f"_webtext.classes:{id(self)}")
        return cached if isinstance(cached, list) else None

    def found(self, doc: Document) -> dict[int, tuple[str, int]]:
        """The furniture lines of ``doc`` only: line index -> ``classify`` result."""
        self.classes(doc)
        out: dict[int, tuple[str, int]] = doc.cache[f"_webtext.classes:{id(self)}:found"]
        return out

    def line_group(self, item: str) -> str | None:
        return self._line_phrases.get(item.casefold())

    def classify(self, norm: str) -> tuple[str, int] | None:
        """(group, number of distinct phrase hits) for a furniture line, else None.

        A pure function of the stripped line, memoised across documents: a site's
        furniture lines (copyright, share bars, hotlines) recur on every page of it, and
        bulletins repeat their source and editor lines. The memo is bounded: it is
        emptied when full. A regex that runs over its time budget raises, and nothing is
        stored for that line.
        """
        s = norm.strip()
        if not s:
            return None
        memo = self._memo
        got = memo.get(s, _UNKNOWN)
        if got is not _UNKNOWN:
            return got  # type: ignore[return-value]
        out = self._classify(s)
        if len(s) > _CLASSIFY_MEMO_LINE_MAX:
            return out  # a long line is not kept (a huge single line stayed for the run)
        if len(memo) >= _CLASSIFY_MEMO_MAX:
            memo.clear()
        memo[s] = out
        return out

    def _classify(self, s: str) -> tuple[str, int] | None:
        """``classify`` of a stripped, non-blank line, worked out."""
        core = decoration_stripped(s)
        if not core:
            return None
        # The line as written first: decoration stripping takes `更多` off `加载更多`.
        g = self._line_phrases.get(s.casefold()) or self._line_phrases.get(core.casefold())
        if g is not None:
            return g, 1
        if len(s) > self.max_line_chars:
            return None
        # A line made of several furniture phrases / nav words (`【打印】 【关闭】`).
        items = split_item_texts(core) if len(core) <= 160 else []
        if len(items) >= 2 and any(
            _is_nav_item(i, self.nav_words) or i.casefold() in self._line_phrases for i in items
        ):
            groups = [self._line_phrases.get(i.casefold()) for i in items]
            nav = [_is_nav_item(i, self.nav_words) for i in items]
            known = sum(1 for g2, n in zip(groups, nav, strict=True) if g2 or n)
            if known == len(items) or (len(items) >= 4 and known / len(items) >= 0.75):
                named = [g2 for g2 in groups if g2]
                return (named[0] if named else self.nav_group), known
        assert self._contains is not None
        hits: dict[str, set[str]] = {}
        folded = s.casefold()
        for h in self._contains.find(folded):
            hits.setdefault(h.label, set()).add(h.term)
        # Casefolding maps every spelling a caseless match can take to the casefolded
        # literal, character by character: a line without any literal cannot match.
        for name, rx, lits in self._line_regexes:
            if lits is not None and lits.search(folded) is None:
                continue
            m = rx.search(s)
            if m:
                hits.setdefault(name, set()).add(m.group())
        if not hits:
            return None
        best = max(hits, key=lambda k: len(hits[k]))
        return best, sum(len(v) for v in hits.values())


_FURNITURE: dict[str, Furniture] = {}


def _is_nav_item(item: str, nav_words: set[str]) -> bool:
    """A navigation word, or a short link to some home page (`央视网首页`, `节目官网首页`):
    footers list the home pages of a site's channels."""
    return item in nav_words or (item.endswith("首页") and len(item) <= 10)


def load_furniture(
    files: list[Path],
    groups_cfg: dict[str, Any],
    nav_label: str = "nav_menu",
    max_line_chars: int = 240,
) -> Furniture:
    """The phrase groups from lexicon files plus the per-group settings in the rule.

    Rules configured alike share one instance, and with it the per-document memo of
    line classes, link lists and layout: the key holds exactly what the build reads, with
    its defaults, so the spam rule's copy of the groups matches the boilerplate rule's.
    """
    groups = [  # in order: ties between groups go to the first
        [
            name,
            str(cfg.get("match", "line")),
            str(cfg.get("zone", "any")),
            str(cfg.get("fix", "unsafe")),
            [str(r) for r in cfg.get("regexes", [])],
        ]
        for name, cfg in groups_cfg.items()
    ]
    key = json.dumps([[str(f) for f in files], groups, nav_label, max_line_chars])
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
            regexes=[BudgetedRegex(r) for r in cfg.get("regexes", [])],
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
    items = split_item_texts(s)
    if len(items) < 6:
        return False
    lens = sorted(map(len, items))
    return lens[len(lens) // 2] <= 6 and lens[-1] <= max_item * 2


def is_content_line(line: Line, furniture_class: tuple[str, int] | None = None) -> bool:
    """A line of article prose (what bounds the header and footer zones)."""
    s = line.stripped
    if len(s) < 15 or furniture_class is not None:
        return False
    t = strip_tag_tail(s)
    if t != s or t.endswith(("…", "...", "⋯")) or LOST_TAG_TAIL_RE.search(t):
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


# How a link list's teaser line ends (after trailing whitespace): a tag, an ellipsis, or
# the `?` of tag debris (a superset: `is_teaser` decides).
_TEASER_ENDS = (">", "…", "...", "⋯", "?", "]", "】")


def _second_lines(pg: Page) -> set[int]:
    """Lines that can be a link list's date or teaser line (a superset, checked later):
    a line whose text ends like a teaser, or a short one with a date (dates
    and separators are never whitespace, so the stripped lines hold them whole)."""
    out = set(pg.ruby_lines())
    date = _DATELINE_SCAN_RE.search
    for i, (s, n) in enumerate(zip(pg.stripped, pg.norm_stripped(), strict=True)):
        if n.endswith(_TEASER_ENDS) or (s and len(s) <= 40 and date(n)):
            out.add(i)
    return out


@lru_cache(maxsize=64)
def _links_key(furniture_id: int, p: LinkConfig) -> str:
    return f"_webtext.links:{furniture_id}:{p}"


# Headings of a comment widget: what follows them is readers' comments (names, times,
# `回复:` lines), not other articles' headlines, so no link list starts at them.
COMMENT_HEADINGS = frozenset(
    {
        "网友评论",
        "最新评论",
        "评论",
        "网友热评",
        "热门评论",
        "最新留言",
        "发表评论",
        "全部评论",
        "近期评论",  # a blog theme's sidebar over the latest comments
    }
)


def link_blocks(doc: Document, furniture: Furniture, p: LinkConfig) -> list[LinkBlock]:
    """Related-link lists in the document (memoised: the line rule skips their lines).

    A list starts at a heading line or at a headline followed by ``min_pairs`` date or
    teaser lines every other line; only such lines are tried, in order, exactly as a
    walk over every line would (any other line just moves the walk on by one).
    """
    key = _links_key(id(furniture), p)
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    pg = page(doc)
    ls = LazyLines(pg)
    cl = furniture.classes(doc)
    starts = {i for i, c in furniture.found(doc).items() if c[0] == p.heading_group}
    seconds = _second_lines(pg)
    need = max(1, p.min_pairs)
    for b in seconds:
        if all(b + 2 * k in seconds for k in range(1, need)):
            starts.add(b - 1)
    # Headline, summary and a `阅读全文` line under it, again and again: the run starts
    # two lines above a read-more line.
    for r, s in enumerate(pg.stripped):
        if s and _READ_MORE_RE.fullmatch(s) and r >= 2:
            starts.add(r - 2)
    out: list[LinkBlock] = []
    pos = 0
    rejected_until = -1
    tail = tail_headings(pg, cl, orphan_heads(furniture, p.heading_group), p.heading_group)
    for i in sorted(starts):
        if i < pos or i < 0:
            continue
        if pg.blank(i):
            continue
        ln = ls[i]
        if is_provenance(ln.stripped):
            continue
        cls = cl[i]
        if cls is not None and cls[0] == p.heading_group:
            if ln.stripped.strip("【】[]：: ") in COMMENT_HEADINGS:
                continue
            if tail is not None and i == tail[0]:
                # `相关阅读` as the page's last words, its list lost in the scrape
                out.append(LinkBlock(i, tail[1], True, 0))
                pos = tail[1] + 1
                continue
            if i < rejected_until:
                # A heading inside a scan that found too few entries: its own scan would
                # stop at the same line with fewer (a page of `相关阅读` lines rescanned
                # the rest of the page from each of them: quadratic).
                continue
            last, entries, stop = _scan_headed(ls, cl, i, p)
            if entries >= p.min_items:
                out.append(LinkBlock(i, last, True, entries))
                pos = last + 1
                continue
            rejected_until = stop
        elif cls is None and len(ln.stripped) <= HEADLINE_MAX:
            last, pairs = _scan_pairs(ls, cl, i)
            if pairs >= p.min_pairs:
                out.append(LinkBlock(i, last, False, pairs))
                pos = last + 1
    doc.cache[key] = out
    return out


# What decorates a heading line around its words (`【相关阅读】`, `相关阅读：`).
HEAD_DECOR = "【】[]〔〕：: \t\u3000\xa0"


@lru_cache(maxsize=16)
def _orphan_heads_of(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(h for h in phrases if _HAN4_ONLY_RE.fullmatch(h) and "评论" not in h)


_HAN4_ONLY_RE = re.compile(r"[\u4e00-\u9fff]{4,}")


def orphan_heads(furniture: Furniture, group: str) -> frozenset[str]:
    """Headings that name a related-reading list even with no entry under them: four
    Han characters or more (`相关阅读`, `你或许也想看`), never a comment widget's. Shorter
    heading words (`更多`, `热读`, `评论`) alone at a page's end are a link or a button."""
    g = furniture.groups.get(group)
    return _orphan_heads_of(tuple(g.phrases)) if g is not None else frozenset()


def last_nonblank(pg: Page) -> int:
    """The page's last line with text (-1 when there is none)."""
    return next((k for k in range(len(pg) - 1, -1, -1) if not pg.blank(k)), -1)


def tail_headings(
    pg: Page, cl: list[tuple[str, int] | None], heads: frozenset[str], group: str
) -> tuple[int, int] | None:
    """The first and last of the related-reading headings that end the page with nothing
    after them but blank lines (`相关阅读` / `延伸阅读`), or None. A heading with a widget's
    button or the site's footer under it (`相关推荐` / `加载更多`) is left to the furniture
    lines: that is a widget that never loaded, not a list the scrape cut off."""
    last = last_nonblank(pg)
    first, k = None, last
    ns = pg.norm_stripped()
    while k >= 0:
        if not pg.blank(k):
            c = cl[k]
            if c is None or c[0] != group or ns[k].strip(HEAD_DECOR) not in heads:
                break
            first = k
        k -= 1
    return None if first is None else (first, last)


# The shortest headline a link list holds; shorter lines under a heading-like word
# (`评论` as a channel name, `字号`) are menu items, reader controls or names.
_ENTRY_MIN_CHARS = 5
# The link to the rest of an entry, drawn as a line of its own under it (`VIEW MORE+`,
# `阅读全文`): part of the list, not an entry and not its end.
_READ_MORE_RE = re.compile(
    r"(?i)(?:view more|read more|more)\s*\+?|阅读全文|查看详情|查看全文|更多[\u4e00-\u9fff]{1,3}"
)


def _scan_headed(
    ls: Sequence[Line], cl: list[tuple[str, int] | None], i: int, p: LinkConfig
) -> tuple[int, int, int]:
    """The list under the heading at ``i``: its last line, its entries, and the line the
    scan stopped at (a heading before it, scanned, would stop there too)."""
    last, entries, blanks = i, 0, 0
    ranked = False  # a chart: each entry under its rank, with its show's short name
    k = i + 1
    while k < len(ls):
        ln = ls[k]
        if ln.blank:
            blanks += 1
            if blanks > p.max_blank_run:
                break
            k += 1
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
            k += 1
            continue
        if (entries and s.isdigit()) or _READ_MORE_RE.fullmatch(s) or _RANK_RE.fullmatch(s):
            # a headline's view or comment count (`4599`), the list's `更多案例` or an
            # entry's `VIEW MORE+`, a chart's rank over its entry (`TOP 1`)
            ranked = ranked or _RANK_RE.fullmatch(s) is not None
            last = k
            k += 1
            continue
        short = len(s) < _ENTRY_MIN_CHARS and not is_dateline(s) and not ranked
        if not _is_entry(s) or short:
            break  # `新闻` / `国内`, `超大` / `标准`, a columnist's name: a menu, not headlines
        entries += 1
        last = k
        k += 1
    return last, entries, k


# The rank of an entry of a sidebar chart, as a line of its own (`TOP 1`, `No.3`).
_RANK_RE = re.compile(r"(?i)(?:top|no\.?)\s*\d{1,2}")


# A time of day alone (`08:00-09:00`, `9：00`) is a slot of an agenda or a timetable, and a
# weekday alone (`（星期六）`) a row of an exam or match calendar: a link's date line names
# the day (`2024-11-11`, `北京青年报 2024-07-11`), and a headline is never a weekday.
_CLOCK_ONLY_RE = re.compile(r"\d{1,2}[:：]\d{2}(?:\s*[-—–~～至]\s*\d{1,2}[:：]\d{2})?")
_WEEKDAY_ONLY_RE = re.compile(r"[（(]?(?:星期|周|礼拜)[一二三四五六日天][）)]?")


def _scan_pairs(ls: Sequence[Line], cl: list[tuple[str, int] | None], i: int) -> tuple[int, int]:
    """Consecutive (headline, date-or-teaser) line pairs starting at ``i``; a pair whose
    date is a bare time of day or whose headline is a bare weekday ends the run (a
    schedule, not a link list)."""
    k, pairs, last = i, 0, i
    while k + 1 < len(ls):
        a, b = ls[k], ls[k + 1]
        if a.blank or b.blank:
            break
        sa, sb = a.stripped, b.stripped
        if cl[k] is not None or not _is_headline(sa) or is_provenance(sa):
            break
        if is_dateline(sa) or _WEEKDAY_ONLY_RE.fullmatch(sa) or len(sa) < _ENTRY_MIN_CHARS:
            break  # a row of a schedule or timetable (`7月23日18：00 法国 vs 牙买加`)
        if _CLOCK_ONLY_RE.fullmatch(sb):
            break  # an agenda slot (`开幕致辞` / `09:00-09:10`)
        # A summary whose cut is a `阅读全文` line under it rather than an ellipsis.
        more = k + 2 < len(ls) and _READ_MORE_RE.fullmatch(ls[k + 2].stripped) is not None
        teaser = is_teaser(sb) or (more and cl[k + 1] is None)
        if not (is_dateline(sb) or (teaser and len(sb) <= 400)):
            break
        pairs += 1
        last = k + 1
        k += 2
        if more:
            last = k
            k += 1
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
    """The first and last lines of article prose, found by scanning in from each end."""
    ck = f"_webtext.layout:{id(furniture)}"
    cached = doc.cache.get(ck)
    if isinstance(cached, Layout):
        return cached
    pg = page(doc)
    n = len(pg)
    listed: set[int] = set()
    classes: list[tuple[str, int] | None] | None = None
    if furniture is not None:
        classes = furniture.classes(doc)
        for b in link_blocks(doc, furniture, LinkConfig()):
            listed.update(range(b.first, b.last + 1))
    stripped = pg.stripped

    def content(i: int) -> bool:
        # A content line has at least 15 characters once stripped; ruby removal only
        # shortens a line, so a shorter raw line is never one.
        if len(stripped[i]) < 15 or i in listed:
            return False
        return is_content_line(pg.line(i), None if classes is None else classes[i])

    first = next((i for i in range(n) if content(i)), None)
    if first is None:
        # No article prose at all: nothing is "the edge" of an article.
        lay = Layout(head_end=0, tail_start=n)
    else:
        last = next(i for i in range(n - 1, first - 1, -1) if content(i))
        lay = Layout(head_end=first, tail_start=last + 1)
    doc.cache[ck] = lay
    return lay


# --------------------------------------------------------------------------- removal


def removal_edit(ls: Sequence[Line], first: int, last: int, text_len: int) -> Edit:
    """Delete lines ``first..last`` whole, without leaving a doubled blank line behind.

    At the end of the document the deletion starts after the last kept line's text, so
    the document keeps the ending it had (final newline or none). Between two blank
    lines the blank lines after the block go with it.
    """
    if isinstance(ls, LazyLines):  # the page knows blankness and offsets: no Line needed
        pg = ls.page

        def blank(k: int) -> bool:
            return not pg.stripped[k]

        def start(k: int) -> int:
            return pg.starts[k]

        def end(k: int) -> int:
            raw = pg.raw[k]
            return pg.starts[k] + len(raw) - (1 if raw.endswith("\r") else 0)

    else:

        def blank(k: int) -> bool:
            return ls[k].blank

        def start(k: int) -> int:
            return ls[k].start

        def end(k: int) -> int:
            return ls[k].end

    n = len(ls)
    after = next((k for k in range(last + 1, n) if not blank(k)), None)
    before = next((k for k in range(first - 1, -1, -1) if not blank(k)), None)
    if after is None:
        if before is None:
            return Edit(start=0, end=text_len, replacement="")
        return Edit(start=end(before), end=end(last), replacement="")
    if before is None:
        return Edit(start=start(first), end=start(after), replacement="")
    stop = start(last + 1)
    if first > 0 and blank(first - 1):
        stop = start(after)
    return Edit(start=start(first), end=stop, replacement="")


def normalize_nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


# --------------------------------------------------------------------------- markup

_MARKUP_KEY = "webtext.page_markup"


def page_markup(doc: Document) -> str | None:
    """An HTML page's markup as decoded text, for the few rules that must look at what
    stands between or after its text nodes (table cells, form fields); None for other
    documents. Decoded once per page from its bytes, in the encoding the page was read
    with; rules check that a text offset lines up with the markup before they use it."""
    if doc.source_map is None or doc.raw is None:
        return None
    got = doc.cache.get(_MARKUP_KEY)
    if isinstance(got, str):
        return got
    try:
        markup = doc.raw.decode(doc.encoding, errors="replace")
    except LookupError:
        return None
    if doc.had_bom and markup.startswith("\ufeff"):
        markup = markup[1:]
    doc.cache[_MARKUP_KEY] = markup
    return markup


def markup_offset(doc: Document, offset: int) -> int | None:
    """The markup offset of text offset ``offset`` of an HTML page, when the text's
    character there is the markup's (a decoded entity or a collapsed blank is not)."""
    markup = page_markup(doc)
    sm = doc.source_map
    if markup is None or sm is None or not 0 <= offset < len(doc.text):
        return None
    s = sm.to_source(offset)
    if s >= len(markup) or markup[s] != doc.text[offset]:
        return None
    return s
