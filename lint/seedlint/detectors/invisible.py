"""``invisible-characters``: controls, zero-width characters, bidi overrides, NBSP runs.

Characters nobody sees still change what tokenisers, dedup hashes and search see (`重
\u200b庆` is not `重庆` to any of them), and bidi overrides change what a reviewer sees
(Trojan Source). Each ``what`` is one class:

* ``controls``: C0 controls other than tab and line breaks (removed, safe; a form feed or
  vertical tab becomes a line break, unsafe; U+001A SUBSTITUTE, the mark of a character
  a converter could not convert, is removed only by a reviewer: unsafe), ANSI escape
  sequences (removed whole), and
  C1 controls, which in scraped text are almost always Windows-1252 punctuation read as
  Latin-1 (`\x93` is `“`): replaced by that character, unsafe because it is a guess.
  C1 controls inside a Latin mojibake stretch belong to that rule.
* ``zero-width``: ZWSP, ZWNJ, ZWJ, word joiner, a mid-text U+FEFF, soft hyphens next to
  Chinese. Left alone where a script needs them: ZWJ in emoji sequences, ZWJ/ZWNJ in
  Arabic or Indic words, ZWSP in Thai-family scripts, soft hyphens inside Latin words.
  Removal changes nothing visible, so it is safe.
* ``bidi``: embeddings, overrides and isolates (error) and direction marks (warning).
  In a line without right-to-left letters they can only disguise text, and removal is
  safe; with right-to-left letters marks are legitimate and are not reported, while
  overrides are reported with an unsafe fix.
* ``nbsp``: no-break spaces that are layout residue of `&nbsp;&nbsp;`: runs of two or
  more, NBSPs mixed with spaces, a single one between Chinese characters (which use no
  spaces) or at a line edge in a Chinese document. A single NBSP between Latin words,
  in `10\xa0km` or ending a line of a text in a Latin script is typography and stays.
  The fix turns each into a plain space, keeping the layout.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from seedlint.detectors._gbk_shift import find_shifted
from seedlint.detectors._rarechars import (
    BIDI_EMBED,
    BIDI_MARKS,
    CONTROLS,
    NBSP,
    PRIVATE_USE,
    ZERO_WIDTH,
    rare_chars,
)
from seedlint.detectors.cjk_mojibake import cached_segments
from seedlint.detectors.latin_mojibake import cached_latin_spans, replacement_soup
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, Triggers, register

Which = Literal["controls", "zero-width", "bidi", "nbsp"]

_CONTROLS = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1a+|[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]+"
    r"|[\x0b\x0c]+|[\x80-\x9f]+"
)
_SUB = "\x1a"
"""SUBSTITUTE: what a converter writes for a character it cannot convert (ISO 2022 and
EBCDIC conversions, some iconv and database exports), the ASCII twin of U+FFFD; also the
end-of-file mark of DOS text files. Deleting it would hide a lost character, so it is
reported apart, and only a reviewer deletes it."""
_PRIVATE_RE = re.compile(f"[{PRIVATE_USE}]+")
_CR_RUN = re.compile("\r+")
_STRAY_CR = re.compile("\r(?!\n)")
"""A carriage return that ends no line (the gate of ``_stray_cr``)."""
_PAGES = (".html", ".htm")
_ZERO_WIDTH = ZERO_WIDTH
_ZW_RE = re.compile(f"[{_ZERO_WIDTH}]+")
_BIDI_EMBED = BIDI_EMBED
_BIDI_MARKS = BIDI_MARKS
_BIDI_RE = re.compile(f"[{_BIDI_EMBED}{_BIDI_MARKS}]+")
_NBSP = NBSP
_NBSP_CHAR = re.compile(f"[{_NBSP}]")
_NBSP_TAIL = re.compile(f"[ {_NBSP}]*")
# Each ``what`` starts where the text holds a character of its class; the classes are
# asked of the document's shared list of rare characters (see ``_rarechars``), not of
# the text.
_PREFILTER: dict[str, re.Pattern[str]] = {
    "controls": re.compile(f"[{CONTROLS}{PRIVATE_USE}]"),
    "zero-width": re.compile(f"[{_ZERO_WIDTH}]"),
    "bidi": re.compile(f"[{_BIDI_EMBED}{_BIDI_MARKS}]"),
    "nbsp": re.compile(f"[{_NBSP}]"),
}


def _in(c: str, *ranges: tuple[int, int]) -> bool:
    if not c:  # the text's edge: no neighbour
        return False
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in ranges)


# Scripts that need joiners: Arabic, Syriac, Thaana, NKo, Indic, Sinhala, Mongolian.
_JOINING = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x1800, 0x18AF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Scripts written without spaces that use ZWSP as a word break: Thai, Lao, Tibetan,
# Myanmar, Khmer.
_ZWSP_SCRIPTS = ((0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF))
_EMOJI = ((0x2190, 0x2BFF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF), (0xE0020, 0xE007F))


def _is_cjk(c: str) -> bool:
    return _in(c, (0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))


_CJK_RE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
"""The characters ``_is_cjk`` accepts, for one search over a text."""


def _latin_letter(c: str) -> bool:
    return c.isalpha() and _in(c, (0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1FFF))


_MARKUP_DELIMITERS = frozenset("*_~`")


def _zero_width_legit(run: str, pre: str, post: str) -> bool:
    if run == "\u200d" and (_in(pre, *_EMOJI) or _in(post, *_EMOJI)):
        return True
    if set(run) <= {"\u200c", "\u200d"} and (_in(pre, *_JOINING) or _in(post, *_JOINING)):
        return True
    if run == "\u200b" and (_in(pre, *_ZWSP_SCRIPTS) or _in(post, *_ZWSP_SCRIPTS)):
        return True
    return run == "\u00ad" and _latin_letter(pre) and _latin_letter(post)


def _has_rtl(line: str) -> bool:
    return any(
        unicodedata.bidirectional(c) in ("R", "AL") and unicodedata.category(c).startswith("L")
        for c in line
        if ord(c) >= 0x590
    )


def _names(run: str) -> str:
    seen: list[str] = []
    for c in run:
        default = "private use" if "\ue000" <= c <= "\uf8ff" else "control"
        label = f"U+{ord(c):04X} {unicodedata.name(c, default)}"
        if label not in seen:
            seen.append(label)
    return ", ".join(seen)


def _c1_meaning(run: str) -> str:
    out = []
    for c in run:
        try:
            out.append(bytes([ord(c)]).decode("cp1252"))
        except UnicodeDecodeError:
            continue
    return "".join(out)


class InvisibleParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    what: Which


def _page_comments(doc: Document) -> list[tuple[int, int]]:
    """The comments of a raw HTML page (`<!-- ... -->`), found by one forward scan: an
    ad configuration there may use U+0002 as a field separator, which is data of the
    page's scripts, not text."""
    text = doc.text
    if not doc.path.lower().endswith(_PAGES) or "<!--" not in text:
        return []
    out = []
    pos = text.find("<!--")
    while pos != -1:
        end = text.find("-->", pos + 4)
        if end == -1:
            break
        out.append((pos, end + 3))
        pos = text.find("<!--", end + 3)
    return out


@register
class InvisibleDetector(Detector):
    kind = "invisible-characters"
    Params = InvisibleParams

    def triggers(self) -> Triggers | None:
        """The class ``check`` asks the document's rare characters for first: without one
        of them it reports nothing. Controls also open on a carriage return that ends no
        line (line breaks are not rare characters)."""
        what: Which = self.params.what
        return Triggers(rare=_PREFILTER[what], chars=_STRAY_CR if what == "controls" else None)

    def check(self, doc: Document) -> Iterator[Hit]:
        what: Which = self.params.what
        if what == "controls":
            yield from self._stray_cr(doc)
        if _PREFILTER[what].search(rare_chars(doc)) is None:
            return
        if what == "controls":
            yield from self._controls(doc)
        elif what == "zero-width":
            yield from self._zero_width(doc)
        elif what == "bidi":
            yield from self._bidi(doc.text)
        else:
            yield from self._nbsp(doc.text)

    @staticmethod
    def _private_use(doc: Document) -> Iterator[Hit]:
        """Private-use characters: codes with no standard meaning, shown as a box or
        nothing (GBK's user area: SogouCS marks paragraph breaks with U+E40C; symbol-font
        bullets such as Wingdings U+F0D8). Those inside a stretch a mojibake rule repairs
        are that rule's; in a raw page they are an icon font's glyphs, markup; in GBK
        read as UTF-8 (U+FFFD soup) they are byte triples that happen to decode."""
        text = doc.text
        if doc.path.lower().endswith(_PAGES) or _PRIVATE_RE.search(text) is None:
            return
        if "\ufffd" in text and replacement_soup(text):
            return  # GBK read as UTF-8: byte triples that happen to be private-use codes
        owned = [(s.start, s.end) for s in cached_segments(doc)]
        owned += [(r.start, r.end) for r in find_shifted(text)]
        owned += [(x.start, x.end) for x in cached_latin_spans(doc)]
        for m in _PRIVATE_RE.finditer(text):
            s, e = m.span()
            if any(a <= s < b for a, b in owned):
                continue
            yield Hit(
                s,
                e,
                message=(
                    f"private-use character(s) {_names(m.group())} in the text: a code with "
                    "no standard meaning (a GBK user-area or symbol-font character)"
                ),
            )

    @staticmethod
    def _stray_cr(doc: Document) -> Iterator[Hit]:
        """Carriage returns that end no line: a CR not followed by a line feed is the old
        Mac line break, or what is left of a CRLF whose LF a scraper turned into a space
        (Apple Daily Taiwan records: `推薦獲獎。\r 我連８年`). Python's universal newlines
        and browsers read it as a line break, while line splitters, tokenisers and seedlint
        itself see one line glued across it. CRLF line ends are not reported (a file's
        convention), nor is a CR run before a line feed (`\r\r\n` reads as a blank line to
        some tools and as one break to others: no exact fix). In an HTML page a CR is
        whitespace of the markup and the parser folds it away: not reported.

        The fix is exact either way: beside whitespace or at the text's edge the CR
        separates nothing the whitespace does not, and is deleted; between two
        characters it is the line break it stands for (the file's newline, CRLF in a
        CRLF file)."""
        text = doc.text
        if "\r" not in text or doc.container == "html" or doc.path.lower().endswith(_PAGES):
            return
        newline = "\r\n" if "\r\n" in text else "\n"
        for m in _CR_RUN.finditer(text):
            s, e = m.span()
            if e < len(text) and text[e] == "\n":
                continue  # a line end (CRLF), or CRs before one: not a stray CR
            pre = text[s - 1] if s else ""
            post = text[e] if e < len(text) else ""
            n = e - s
            what = "carriage return" if n == 1 else f"{n} carriage returns"
            if not pre or not post or pre.isspace() or post.isspace():
                yield Hit(
                    s,
                    e,
                    message=(
                        f"stray {what} (U+000D) inside a line: a line break of another "
                        "convention, or a CRLF whose LF was lost; whitespace already "
                        "separates the text here"
                    ),
                    edits=[Edit(start=s, end=e, replacement="")],
                    fix_description="delete the stray carriage return(s)",
                )
            else:
                yield Hit(
                    s,
                    e,
                    message=(
                        f"stray {what} (U+000D) inside a line: a line break of another "
                        "convention that line splitters and tokenisers do not see, so the "
                        "text on both sides reads as one line"
                    ),
                    edits=[Edit(start=s, end=e, replacement=newline * n)],
                    fix_description="replace with a line break",
                )

    @staticmethod
    def _controls(doc: Document) -> Iterator[Hit]:
        text = doc.text
        yield from InvisibleDetector._private_use(doc)
        owned: list[tuple[int, int]] | None = None
        comments = _page_comments(doc)
        starts = [a for a, _ in comments]
        for m in _CONTROLS.finditer(text):
            s, e = m.span()
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and s < comments[k][1]:
                continue  # inside a page comment (sorted, disjoint: one look-up)
            run = m.group()
            if run[0] == "\x1b":
                yield Hit(
                    s,
                    e,
                    message=f"terminal escape sequence {run!r} in the text",
                    edits=[Edit(start=s, end=e, replacement="")],
                    fix_description="delete the escape sequence",
                )
            elif "\x80" <= run[0] <= "\x9f":
                if owned is None:
                    owned = [(x.start, x.end) for x in cached_latin_spans(doc)]
                if any(a <= s < b for a, b in owned):
                    continue
                meant = _c1_meaning(run)
                yield Hit(
                    s,
                    e,
                    message=(
                        f"C1 control character(s) {_names(run)}: probably Windows-1252 "
                        f"{meant!r} read as Latin-1"
                        if meant
                        else f"C1 control character(s) {_names(run)}: not a Windows-1252 "
                        "character either (that code page leaves the byte undefined)"
                    ),
                    edits=[Edit(start=s, end=e, replacement=meant)],
                    applicability=Applicability.UNSAFE,
                    fix_description=f"replace with {meant!r}" if meant else "delete it",
                )
            elif run[0] == _SUB:
                yield Hit(
                    s,
                    e,
                    message=(
                        f"U+001A SUBSTITUTE{f' x{len(run)}' if len(run) > 1 else ''}: the "
                        "mark a converter writes for a character it could not convert (a "
                        "character may be lost here), or a DOS end-of-file mark"
                    ),
                    edits=[Edit(start=s, end=e, replacement="")],
                    applicability=Applicability.UNSAFE,
                    fix_description="delete the substitute character(s)",
                )
            elif set(run) <= {"\x0b", "\x0c"}:
                yield Hit(
                    s,
                    e,
                    message=f"page-layout control character(s) {_names(run)} in the text",
                    edits=[Edit(start=s, end=e, replacement="\n")],
                    applicability=Applicability.UNSAFE,
                    fix_description="replace with a line break",
                )
            else:
                yield Hit(
                    s,
                    e,
                    message=f"control character(s) {_names(run)} in the text",
                    edits=[Edit(start=s, end=e, replacement="")],
                    fix_description="delete the control characters",
                )

    @staticmethod
    def _zero_width(doc: Document) -> Iterator[Hit]:
        text = doc.text
        for m in _ZW_RE.finditer(text):
            s, e = m.span()
            if s == 0 and text[0] == "\ufeff" and not doc.head:
                s += 1  # a leading BOM is the file-encoding rule's
                if s == e:
                    continue
            run = text[s:e]
            pre = text[s - 1] if s else ""
            post = text[e] if e < len(text) else ""
            if _zero_width_legit(run, pre, post):
                continue
            if run == "\u00ad" and not (_is_cjk(pre) or _is_cjk(post)):
                continue  # a soft hyphen at a Latin word edge: typography, not residue
            # Between two emphasis or code delimiters (`**\u200b**` as a spacer line in
            # Markdown) the character keeps them apart: deleting it joins them into
            # another token (`****` renders as a horizontal rule), so a reader decides.
            joins = pre != "" and pre == post and pre in _MARKUP_DELIMITERS
            yield Hit(
                s,
                e,
                message=f"invisible {_names(run)} in the text"
                + (f" (it keeps two `{pre}` apart)" if joins else ""),
                edits=[Edit(start=s, end=e, replacement="")],
                applicability=Applicability.UNSAFE if joins else None,
                fix_description="delete the invisible character(s)",
            )

    @staticmethod
    def _bidi(text: str) -> Iterator[Hit]:
        for m in _BIDI_RE.finditer(text):
            s, e = m.span()
            run = m.group()
            ls = text.rfind("\n", 0, s) + 1
            le = text.find("\n", e)
            rtl = _has_rtl(text[ls : len(text) if le == -1 else le])
            overrides = any(c in _BIDI_EMBED for c in run)
            if rtl and not overrides:
                continue
            yield Hit(
                s,
                e,
                message=(
                    f"bidirectional control {_names(run)}: "
                    + (
                        "it reorders how the text around it is displayed (Trojan Source)"
                        if overrides
                        else "a direction mark in a line with no right-to-left text"
                    )
                ),
                edits=[Edit(start=s, end=e, replacement="")],
                applicability=Applicability.UNSAFE if rtl else None,
                severity="error" if overrides else "warning",
                fix_description="delete the direction control",
            )

    @staticmethod
    def _nbsp_runs(text: str) -> Iterator[tuple[int, int]]:
        """The matches of ``[ N]*[N][ N]*`` (N a no-break space): maximal runs of spaces
        and no-break spaces holding at least one no-break space. Found from the no-break
        spaces, extended left over the plain spaces before the first one and right over
        the rest of the run; a regex that may start with a space would be tried at every
        position of the text."""
        floor = 0
        m = _NBSP_CHAR.search(text)
        while m is not None:
            s = m.start()
            while s > floor and text[s - 1] == " ":
                s -= 1
            tail = _NBSP_TAIL.match(text, m.end())  # always matches (maybe empty)
            e = tail.end() if tail else m.end()
            yield s, e
            floor = e
            m = _NBSP_CHAR.search(text, e)

    @classmethod
    def _nbsp(cls, text: str) -> Iterator[Hit]:
        # A lone no-break space at a line edge is page layout in a Chinese document
        # (`正文\xa0`); in a text written in a Latin script (`NICIODATĂ\xa0`, one of
        # ftfy's must-not-change cases) it may be that script's typography, which this
        # rule does not judge. Asked once, when the first such space is met.
        chinese: bool | None = None
        for s, e in cls._nbsp_runs(text):
            run = text[s:e]
            nb = sum(1 for c in run if c in _NBSP)
            pre = text[s - 1] if s else "\n"
            post = text[e] if e < len(text) else "\n"
            between_cjk = _is_cjk(pre) and _is_cjk(post)
            residue = nb >= 2 or nb < len(run) or between_cjk
            if not residue and (pre == "\n" or post in "\r\n"):  # a lone one at an edge
                if chinese is None:
                    chinese = _CJK_RE.search(text) is not None
                residue = chinese
            if not residue:
                continue
            plain = "".join(" " if c in _NBSP else c for c in run)
            yield Hit(
                s,
                e,
                message=(
                    f"{nb} no-break space(s) ({_names(''.join(sorted(set(run) - {' '})))}) "
                    "left from HTML layout"
                ),
                edits=[Edit(start=s, end=e, replacement=plain)],
                fix_description="turn the no-break spaces into plain spaces",
                severity="info",
            )
