"""``han-script``: Traditional and Simplified Chinese mixed in one document.

Each line is a paragraph (scraped text keeps one paragraph per line). A paragraph is
labelled by the characters that exist in only one script (see ``_hanscript``), ignoring
the many characters common to both:

* ``Hant`` / ``Hans`` when that script has at least ``min_chars`` occurrences of at least
  ``min_distinct`` different characters and outweighs the other ``dominance`` times;
* ``mixed`` when both scripts reach that evidence and neither outweighs the other;
* no label otherwise: a line with a few one-script characters (a Classical text keeping
  ``穀`` or ``薳`` as names, a language switcher ``简体 | 繁體``) proves nothing.

The document's script is the one with more one-script characters overall. Two checks:

* ``check: paragraphs`` reports runs of paragraphs labelled with the other script, and
  mixed paragraphs: the Simplified keyword block a mirror appended to the Traditional
  page it produced by conversion is the typical case;
* ``check: expected`` reports a document whose script differs from the corpus's
  ``expected-script`` (``zh-Hans``, ``zh-Hant``; ``any`` turns the check off).

Both name the evidence of machine conversion when there is some: pinyin glosses (a
mirror's converter annotates what it converted) and one-script characters of the other
script left inside paragraphs that are otherwise converted. The fix converts with OpenCC
to the expected script (or, with ``any``, to the document's main script); it is never
safe, since a converter picks one of several candidates per character (干 -> 幹/乾) and
may pick wrong, and edits are limited to the characters that change.

Cost: on a document containing only one script, one regex scan over a bitmap character
class (and a short one that stops at the first character) decides everything. On one
containing both, only the lines holding characters of the minority script are counted.

Memory: the one-script characters measured are kept as strings (``script_chars``), not
as lists of one string per character: everything the checks read of them (how many, how
many different, the first few different ones) a string answers alike, at two or four
bytes a character instead of about eighty. A 20 MB page on one line holds millions.
"""

from __future__ import annotations

import bisect
import difflib
import operator
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._charcount import WINDOW, count_chars
from seedlint.detectors._hanscript import (
    SCRIPT_NAMES,
    TO_CONFIG,
    Script,
    contains_script,
    converter,
    find_script_chars,
    is_han,
    matchers,
    next_script_char,
)
from seedlint.detectors.cjk_mojibake import cached_segments
from seedlint.detectors.pinyin_gloss import find_glosses
from seedlint.document import Document
from seedlint.model import Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec

EXPECTED: dict[str, Script] = {"zh-Hans": "Hans", "zh-Hant": "Hant"}
_OTHER: dict[Script, Script] = {"Hans": "Hant", "Hant": "Hans"}
_EXAMPLES = 8
_GAP = 2
_RUNS = re.compile(b"\\x01(?:\\x00{0,%d}\\x01)*" % (_GAP - 1))


class HanScriptParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: Literal["paragraphs", "expected"]
    min_chars: int = Field(default=4, ge=1)
    """One-script characters a paragraph needs before it is labelled."""
    min_distinct: int = Field(default=3, ge=1)
    """...of which at least this many different ones (a repeated name is one)."""
    dominance: float = Field(default=4.0, ge=1.0)
    """A script labels a paragraph when it outweighs the other this many times."""
    doc_min_chars: int = Field(default=10, ge=1)
    """One-script characters a document needs before its script is compared."""
    stray_min_chars: int = Field(default=100, ge=1)
    """One-script characters of its main script a document needs before single words of
    the other script in it are reported (``check: paragraphs``)."""
    stray_max_share: float = Field(default=0.02, ge=0.0, le=1.0)
    """...and the other script's one-script characters may be at most this share of them:
    a long text overwhelmingly in one script, where a stray word is a slip, not a
    quotation policy."""
    hant_slips: dict[str, str] = Field(default_factory=dict)
    """Words written with characters both scripts share that only Simplified writes
    this way (`由于` for `由於`), with their Traditional spelling: reported in a
    Traditional document, where no one-script character gives them away."""
    stray_max_chars: int = Field(default=30, ge=0)
    """...and at most this many: a text that keeps hundreds of the other script's
    characters (a Classical text keeping the Traditional forms of rare names, `郤錡`
    beside `郤锜`) does so by its own convention, not by slips."""
    head_min_chars: int = Field(default=3, ge=1)
    """A title or header line (one of the first three short lines) is labelled with this
    many one-script characters, all different, when the rest of the document holds
    ``doc_min_chars`` of the other script: a Traditional title over a Simplified body
    is what a mirror's half-done conversion leaves."""


def script_chars(text: str, script: Script, start: int = 0, end: int | None = None) -> str:
    """The one-script characters of ``script`` in ``text[start:end]``, in order, as one
    string. Found window by window (``_charcount.WINDOW``), so the list of one string per
    character that a search makes exists for one window at a time: on a huge page the
    whole list would be some eighty bytes per character, the string is two or four."""
    stop = len(text) if end is None else min(end, len(text))
    if stop - start <= WINDOW:
        return "".join(find_script_chars(text, script, start, stop))
    return "".join(
        "".join(find_script_chars(text, script, i, min(i + WINDOW, stop)))
        for i in range(start, stop, WINDOW)
    )


@dataclass
class Paragraph:
    start: int
    end: int
    trad: str
    simp: str
    """The line's Traditional-only and Simplified-only characters, in order."""
    label: str | None = None
    head: bool = False
    """Labelled only by the lower bar for a title or header line."""

    def chars(self, script: Script) -> str:
        return self.trad if script == "Hant" else self.simp


@dataclass
class Profile:
    """The measurement of one document.

    A document containing one script only needs nothing more than that fact. For one
    containing both, only the lines holding characters of the *minority* script (the
    one with fewer one-script characters) are measured: no other line can be a
    paragraph in the other script or a mixed one."""

    main: Script | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    """Lines holding at least one character of the minority script, in order."""
    minority_count: int = 0
    text: str = ""
    _counts: dict[str, str] = field(default_factory=dict)

    def chars(self, script: Script) -> str:
        """All one-script characters of ``script``, measured on demand: only messages and
        the expected-script check need the main script's full count."""
        if script not in self._counts:
            self._counts[script] = script_chars(self.text, script)
        return self._counts[script]

    def count(self, script: Script) -> int:
        if script != self.main and self.main is not None:
            return self.minority_count
        return len(self.chars(script))

    def distinct(self, script: Script) -> int:
        return len(set(self.chars(script)))

    def tally(self, script: Script) -> int:
        """``len(self.chars(script))`` without listing them when they are not listed yet:
        counted in windows (a long text's main script is most of its Han)."""
        if script in self._counts:
            return len(self._counts[script])
        return count_chars(matchers().trad if script == "Hant" else matchers().simp, self.text)


def _label(trad: str, simp: str, p: HanScriptParams) -> str | None:
    def strong(chars: str) -> bool:
        return len(chars) >= p.min_chars and len(set(chars)) >= p.min_distinct

    t, s = len(trad), len(simp)
    if strong(trad) and t >= p.dominance * s:
        return "Hant"
    if strong(simp) and s >= p.dominance * t:
        return "Hans"
    if strong(trad) and strong(simp):
        return "mixed"
    return None


def _script_lines(text: str, script: Script) -> tuple[list[tuple[int, int, str, str]], str]:
    """The lines holding a one-script character of ``script``, with both scripts'
    characters on each, and all of ``script``'s characters in order. A regex search
    jumps to the next such character and on from the end of its line, so the text is
    read once and only these lines are measured."""
    lines: list[tuple[int, int, str, str]] = []
    every: list[str] = []
    size = len(text)
    pos = next_script_char(text, script)
    while pos != -1:
        # The bounds ``Document.line_of`` gives, without its line index.
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end == -1:
            end = size
        elif text[end - 1] == "\r":
            end -= 1
        t = script_chars(text, "Hant", start, end)
        s = script_chars(text, "Hans", start, end)
        lines.append((start, end, t, s))
        every.append(t if script == "Hant" else s)
        pos = next_script_char(text, script, end)
    return lines, "".join(every)


def _chars_up_to(text: str, script: Script, n: int) -> str:
    """The one-script characters of ``script`` from the start of the text on, read in
    growing chunks until there are ``n`` of them or the text ends. In a document where
    ``script`` is the main one a short prefix holds ``n``; otherwise the whole list."""
    found: list[str] = []
    count = 0
    # One-script characters are a few percent of a text at least: a first chunk of
    # 8n characters (plus a margin) mostly holds n, and reads little beyond them.
    pos, step, size = 0, 8 * n + 64, len(text)
    while pos < size and count < n:
        found.append(script_chars(text, script, pos, pos + step))
        count += len(found[-1])
        pos += step
        step *= 2
    return "".join(found)


# Kana (without the prolonged sound mark and the middle dot, which Chinese pages use too)
# and Hangul: a line holding them is Japanese or Korean, whose kanji and hanja are not
# Chinese script evidence (`図書館`, `願業婦` are Japanese forms; Korean writes 國 in hanja).
_FOREIGN_CHARS = (
    "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fd\u30fe\u31f0-\u31ff\uff66-\uff9d"
    "\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3"
)
_FOREIGN = re.compile(f"[{_FOREIGN_CHARS}]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FOREIGN_SHARE = 0.2
"""A document whose kana and Hangul are this share of its Han, kana and Hangul letters is
Japanese or Korean as a whole: even its all-kanji title lines are not Chinese."""


def without_japanese_korean(text: str) -> str:
    """``text`` with Japanese and Korean blanked out (same length, so offsets hold): every
    line holding two kana or Hangul letters, or the whole text when they make up a fifth
    of its letters. One regex search settles the usual text that holds none; otherwise
    each foreign letter is visited once and each line bounded once."""
    if _FOREIGN.search(text) is None:
        return text
    hits = [m.start() for m in _FOREIGN.finditer(text)]
    if len(hits) >= _FOREIGN_SHARE * (len(hits) + count_chars(_HAN, text)):
        return re.sub("[^\n]", " ", text)
    parts: list[str] = []
    done = 0
    line_end = -1
    count = 0
    line_start = 0
    for pos in [*hits, len(text) + 1]:
        if pos > line_end:
            if count >= 2:
                parts += [text[done:line_start], " " * (line_end - line_start)]
                done = line_end
            if pos > len(text):
                break
            line_start = text.rfind("\n", 0, pos) + 1
            found = text.find("\n", pos)
            line_end = len(text) if found == -1 else found
            count = 0
        count += 1
    parts.append(text[done:])
    return "".join(parts)


_PAGES = (".html", ".htm")
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_BLOCK_OPEN = re.compile(r"<script\b|<style\b|<!--", re.IGNORECASE)
_BLOCK_CLOSE = {"<!": re.compile("-->")}


def _blank(text: str) -> str:
    return re.sub("[^\n]", " ", text)


def without_markup(doc: Document) -> str:
    """A raw HTML page's text with its markup blanked out (same length, line breaks
    kept): scripts, styles, comments and tags with their attributes. A zh-hans wiki page
    keeps Traditional titles in `href`/`id` attributes and a converter's table in a
    script; neither is text a reader sees, so neither is a script mix."""
    text = doc.text
    if not doc.path.lower().endswith(_PAGES) or "<" not in text:
        return text
    # Scripts, styles and comments first, each closed by a search forward from its
    # opening (an unclosed one ends the blanking): every character is read once.
    parts: list[str] = []
    done = 0
    m = _BLOCK_OPEN.search(text)
    while m is not None:
        opener = m.group().lower()
        close = _BLOCK_CLOSE["<!"] if opener == "<!--" else re.compile(rf"</{opener[1:]}\s*>", re.I)
        end = close.search(text, m.end())
        if end is None:
            break
        parts += [text[done : m.start()], _blank(text[m.start() : end.end()])]
        done = end.end()
        m = _BLOCK_OPEN.search(text, done)
    parts.append(text[done:])
    return _TAG.sub(lambda t: _blank(t.group()), "".join(parts))


def without_mojibake(doc: Document, text: str) -> str:
    """``text`` with the stretches the CJK mojibake rule repairs blanked out: UTF-8
    read as GBK is rare characters of both scripts (`鍥涜檸褰辫` for `四虎影视`), which
    would read as a mixed paragraph; that rule reports and repairs them."""
    segs = cached_segments(doc)
    if not segs:
        return text
    parts: list[str] = []
    done = 0
    for seg in segs:
        parts += [text[done : seg.start], " " * (seg.end - seg.start)]
        done = seg.end
    parts.append(text[done:])
    return "".join(parts)


def profile(doc: Document, p: HanScriptParams) -> Profile:
    """The per-document measurement, shared by both checks through ``doc.cache``.

    The lines holding Traditional-only characters are found and measured first (one
    pass, which a Simplified document needs anyway to know it holds none); the
    Simplified-only characters are then counted only until there are as many (a short
    prefix of a Simplified document). Equal counts make Traditional the minority. In the
    rarer Traditional document, the Simplified lines are measured instead."""
    key = f"han-script:{p.min_chars}:{p.min_distinct}:{p.dominance}"
    cached = doc.cache.get(key)
    if isinstance(cached, Profile):
        return cached
    text = without_mojibake(doc, without_japanese_korean(without_markup(doc)))
    prof = Profile(text=text)
    doc.cache[key] = prof
    lines, trad = _script_lines(text, "Hant")
    if not trad:
        if next_script_char(text, "Hans") != -1:
            prof.main = "Hans"
        return prof
    prof._counts["Hant"] = trad
    simp = _chars_up_to(text, "Hans", len(trad))
    if not simp:
        prof.main = "Hant"
        return prof
    if len(simp) >= len(trad):
        prof.main = "Hans"
        prof.minority_count = len(trad)
    else:
        # ``simp`` was read to the end: the whole (smaller) list.
        prof.main = "Hant"
        prof._counts["Hans"] = simp
        prof.minority_count = len(simp)
        lines = _script_lines(text, "Hans")[0]
    prof.paragraphs = [Paragraph(a, b, t, s, _label(t, s, p)) for a, b, t, s in lines]
    head_end = _head_end(text)
    for para in prof.paragraphs:
        if para.start >= head_end:
            break
        if para.label is None:
            para.label = _head_label(para.trad, para.simp, p)
            para.head = para.label is not None
    return prof


_HEAD_LINES = 3
_HEAD_LINE_CHARS = 60
_SENTENCE_END = "。！？；…"


def _head_end(text: str) -> int:
    """End of the title and header lines: the first three non-blank lines, as long as
    each is short and no sentence (a title, a byline, a date line); the first long line
    or line ending a sentence is the body."""
    pos = seen = 0
    end = 0
    size = len(text)
    while pos < size and seen < _HEAD_LINES:
        nl = text.find("\n", pos)
        stop = size if nl == -1 else nl
        line = text[pos:stop].strip()
        if line:
            if len(line) > _HEAD_LINE_CHARS or line[-1] in _SENTENCE_END:
                break
            seen += 1
            end = stop
        pos = stop + 1
    return end


def _head_label(trad: str, simp: str, p: HanScriptParams) -> str | None:
    for chars, other, script in ((trad, simp, "Hant"), (simp, trad, "Hans")):
        n = len(chars)
        if n >= p.head_min_chars and len(set(chars)) >= p.head_min_chars:
            if n >= p.dominance * len(other):
                return script
    return None


def _sample(chars: str) -> str:
    seen: dict[str, None] = {}
    for c in chars:
        seen.setdefault(c, None)
        if len(seen) == _EXAMPLES:
            break
    return "".join(seen)


def machine_evidence(doc: Document, prof: Profile, p: HanScriptParams) -> str:
    """What suggests the text went through a converter, for the message (or "")."""
    parts = []
    glosses = find_glosses(doc)
    if glosses:
        g = glosses[0]
        parts.append(
            f"{len(glosses)} pinyin gloss{'es' if len(glosses) > 1 else ''} "
            f"(e.g. {g.han}{doc.text[g.start : g.end]})"
        )
    # One-script characters of the other script inside paragraphs labelled with one
    # script: what a converter left unconverted (missing from its table).
    pieces: list[str] = []
    for para in prof.paragraphs:
        if para.label == "Hant":
            pieces.append(para.simp)
        elif para.label == "Hans":
            pieces.append(para.trad)
    left = "".join(pieces)
    if left:
        parts.append(f"{len(left)} character(s) left in the other script ({_sample(left)})")
    return ("; evidence of machine conversion: " + ", ".join(parts)) if parts else ""


def _equal_length_edits(old: str, new: str, offset: int) -> list[Edit]:
    """Edits for a conversion that kept the length: runs of changed characters, merged
    across a single unchanged one, so no edit rewrites text that stays. The comparison
    runs in C: a byte mask of differing positions, then a regex over the mask."""
    mask = bytes(map(operator.ne, old, new))
    return [
        Edit(start=offset + m.start(), end=offset + m.end(), replacement=new[m.start() : m.end()])
        for m in _RUNS.finditer(mask)
    ]


def _diff_edits(old: str, new: str, offset: int) -> list[Edit]:
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(start=offset + a1, end=offset + a2, replacement=new[b1:b2])
        for op, a1, a2, b1, b2 in sm.get_opcodes()
        if op != "equal"
    ]


def conversion_edits(text: str, start: int, end: int, target: Script) -> list[Edit]:
    """Convert ``text[start:end]`` to ``target``, as edits touching only what changes.

    ``text`` is the measured text (``Profile.text``): Japanese and Korean lines are
    blanked in it, so they are never converted."""
    cc = converter(TO_CONFIG[target])
    old = text[start:end]
    new = cc.convert(old)
    if new == old:
        return []
    if len(new) == len(old):
        return _equal_length_edits(old, new, start)
    # A phrase conversion changed the length somewhere: line by line, diffing those lines.
    edits: list[Edit] = []
    pos = start
    for line in old.split("\n"):
        conv = cc.convert(line)
        if conv != line:
            diff = _equal_length_edits if len(conv) == len(line) else _diff_edits
            edits.extend(diff(line, conv, pos))
        pos += len(line) + 1
    return edits


_TITLE_OPEN = "《〈"
_TITLE_CLOSE = "》〉"
_HANDLE_END = re.compile(r"[\s，。、；：:,;（）()]")


def _in_titles(line: str) -> list[bool]:
    """For each position of ``line``: whether it is inside `《》` or `〈〉`, where a title
    of a work keeps the script it was published in. One pass over the line."""
    out: list[bool] = []
    depth = 0
    for ch in line:
        if ch in _TITLE_CLOSE and depth:
            depth -= 1
        out.append(depth > 0)
        if ch in _TITLE_OPEN:
            depth += 1
    return out


def stray_words(
    text: str, lines: list[tuple[int, int]], main: Script
) -> list[tuple[int, int, list[tuple[str, str, int, str]]]]:
    """The words of the other script on ``lines`` (spans of ``text``) that the text
    writes in ``main`` elsewhere: groups of nearby words, each (start, end, [(word as
    written, word as the text writes it elsewhere, offset of the character, its
    conversion)]).

    A character of the other script counts when:

    * OpenCC converts it to one character of ``main`` and back to itself (a standard
      form of its script, not a variant such as `査`, which both scripts write `查`),
      and both forms are everyday characters (``_common``);
    * it is not inside a title of a work (`《》`) nor in a `@handle`;
    * with a Han neighbour it forms a two-character word that the text writes, converted,
      at least as often as here (`沒有` once where the text writes `没有` throughout;
      `雷達系统` beside `系統`), or it occurs once in the whole text whose own script
      writes it at least ``_LONE_CONFIRM`` times (`结東谈话`, `預感`). A word the text
      never writes in its own script and a character it keeps more than once (a brand,
      a pen name, a page name: `做書` twice beside a `做书店`) prove nothing, nor do the
      names of the scripts in a language menu (`繁體中文`).

    All the words and characters are counted at once with an Aho-Corasick automaton: one
    pass over the text whatever their number."""
    minority = _OTHER[main]
    to_main = converter(TO_CONFIG[main])
    back = converter(TO_CONFIG[minority])
    cands: list[tuple[int, str, list[tuple[str, str]]]] = []
    wanted: set[str] = set()
    memo: dict[str, str] = {}
    for start, end in lines:
        line = text[start:end]
        titles: list[bool] | None = None
        handles: tuple[list[int], list[int]] | None = None
        for k in (m.start() for m in _minority_chars(line, minority)):
            c = line[k]
            conv = memo.get(c)
            if conv is None:
                conv = to_main.convert(c)
                if len(conv) != 1 or conv == c or back.convert(conv) != c:
                    conv = ""
                elif not _common(conv if main == "Hans" else c, conv if main == "Hant" else c):
                    conv = ""
                memo[c] = conv
            if not conv:
                continue
            if titles is None:
                titles = _in_titles(line)
            if titles[k]:
                continue
            if handles is None:
                handles = (
                    [m.start() for m in re.finditer("@", line)],
                    [m.start() for m in _HANDLE_END.finditer(line)],
                )
            if _in_handle(handles, k):
                continue
            pairs = []  # (as written, converted)
            if k and is_han(line[k - 1]):
                pairs.append((line[k - 1 : k + 1], line[k - 1] + conv))
            if k + 1 < len(line) and is_han(line[k + 1]):
                pairs.append((line[k : k + 2], conv + line[k + 1]))
            if pairs:
                cands.append((start + k, conv, pairs))
                wanted.update(w for pair in pairs for w in pair)
                wanted.update((c, conv))
    if not cands:
        return []
    counts = _occurrences(text, wanted)
    out: list[tuple[int, int, list[tuple[str, str, int, str]]]] = []
    for i, conv, pairs in cands:
        lone = counts[text[i]] == 1 and counts[conv] >= _LONE_CONFIRM
        if any(_SCRIPT_NAME.fullmatch(w) for w, _ in pairs):
            continue  # `繁體中文` in a language menu names the script in itself
        confirmed = [(w, m) for w, m in pairs if counts[m] >= counts[w]]
        if confirmed:
            word = (*confirmed[0], i, conv)
        elif lone:
            word = (pairs[0][0], conv, i, conv)  # shown with the character it writes
        else:
            continue
        if out and i - out[-1][1] < _GROUP_GAP and text.count("\n", out[-1][1], i) == 0:
            out[-1] = (out[-1][0], i + 1, [*out[-1][2], word])
        else:
            out.append((i, i + 1, [word]))
    return out


_GROUP_GAP = 20
"""Stray words closer than this on one line are one finding."""
_LONE_CONFIRM = 3
"""A character of the other script that occurs once in the text is a slip without its
word being confirmed when the text writes its conversion this many times (`结東` once
where the text writes `东` three times, `越來越` where it writes `来` sixteen)."""
_SCRIPT_NAME = re.compile("[繁簡简正][體体]|[體体][字中]")


def _common(simplified: str, traditional: str) -> bool:
    """Whether a character pair is everyday writing in both scripts: the Simplified form
    in GB2312 and the Traditional one among Big5's frequent characters (its first
    level). A text in Simplified keeps the Traditional form of a rare character on
    purpose (`郤錡`, `翬`: their Simplified forms are missing from GB2312 and from many
    fonts), so only common pairs are slips."""
    try:
        simplified.encode("gb2312")
        code = int.from_bytes(traditional.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return _BIG5_FREQUENT[0] <= code <= _BIG5_FREQUENT[1]


_BIG5_FREQUENT = (0xA440, 0xC67E)
"""Big5's first level: the 5,401 frequently used characters."""


def _in_handle(handles: tuple[list[int], list[int]], k: int) -> bool:
    """Whether position ``k`` is in a `@handle`: an `@` before it on the line with no
    space or punctuation between (bisections over the line's `@` and separators)."""
    ats, seps = handles
    i = bisect.bisect_left(ats, k)
    if not i:
        return False
    j = bisect.bisect_left(seps, k)
    return not j or seps[j - 1] < ats[i - 1]


def _minority_chars(line: str, script: Script) -> Iterator[re.Match[str]]:
    rx = matchers().trad if script == "Hant" else matchers().simp
    for m in rx.finditer(line):
        if m.group() < "\U00010000" or find_script_chars(m.group(), script):
            yield m


def _occurrences(text: str, words: set[str]) -> Counter[str]:
    """How often each of ``words`` occurs in ``text`` (overlaps counted): one
    Aho-Corasick pass."""
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    counts: Counter[str] = Counter()
    for _, w in automaton.iter(text):
        counts[w] += 1
    return counts


def _lines_label(doc: Document, start: int, end: int) -> str:
    a, b = doc.position(start)[0], doc.position(max(start, end - 1))[0]
    return f"line {a}" if a == b else f"lines {a}-{b}"


@register
class HanScriptDetector(Detector):
    kind = "han-script"
    Params = HanScriptParams

    def __init__(self, rule: RuleSpec, params: HanScriptParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        expected = str(ctx.options.get("expected-script") or "any")
        if expected not in ("zh-Hans", "zh-Hant", "any"):
            raise ValueError(f"expected-script must be zh-Hans, zh-Hant or any, not {expected!r}")
        self.expected: Script | None = EXPECTED.get(expected)
        self.expected_name = expected
        slips = params.hant_slips
        if any(len(k) != len(v) for k, v in slips.items()):
            raise ValueError("hant_slips: each Traditional spelling must be as long as its word")
        self._slips = (
            re.compile("|".join(map(re.escape, sorted(slips, key=len, reverse=True))))
            if slips
            else None
        )

    def triggers(self) -> Triggers | None:
        """The paragraph check in a corpus expected in Simplified (or either script)
        reports Traditional paragraphs and mixed ones: a document without a
        Traditional-only character has neither (the profile only blanks text out, so it
        cannot hold one the document lacks). A document may declare its own expected
        script, which changes that: one with the metadata key always runs."""
        if self.params.check != "paragraphs" or self.expected not in (None, "Hans"):
            return None
        return Triggers(chars=matchers().trad, metadata=("expected-script",))

    def check(self, doc: Document) -> Iterator[Hit]:
        p: HanScriptParams = self.params
        # A document may declare its own script (front matter, a JSONL field), e.g. a
        # Traditional record in a corpus that is otherwise Simplified.
        declared = doc.metadata.get("expected-script") if doc.metadata else None
        if isinstance(declared, str) and declared in ("zh-Hans", "zh-Hant", "any"):
            expected, name = EXPECTED.get(declared), declared
        else:
            expected, name = self.expected, self.expected_name
        if p.check == "expected" and expected is None:
            return
        prof = profile(doc, p)
        if prof.main is None:
            return
        if p.check == "paragraphs":
            yield from self._paragraphs(doc, prof, expected, name)
        else:
            yield from self._expected(doc, prof, expected, name)

    def _paragraphs(
        self, doc: Document, prof: Profile, expected: Script | None, expected_name: str
    ) -> Iterator[Hit]:
        p: HanScriptParams = self.params
        main = prof.main
        assert main is not None
        minority = _OTHER[main]
        # Runs of minority paragraphs with no character of the main script between them
        # (blank or script-neutral lines do not break a run); mixed paragraphs alone.
        runs: list[list[Paragraph]] = []
        for para in prof.paragraphs:
            if para.label == minority:
                last = runs[-1][-1] if runs else None
                if (
                    last is not None
                    and last.label == minority
                    and not contains_script(prof.text, main, last.end, para.start)
                ):
                    runs[-1].append(para)
                else:
                    runs.append([para])
            elif para.label == "mixed":
                runs.append([para])
        if any(para.head for run in runs for para in run) and prof.count(main) < p.doc_min_chars:
            # a short title in the other script is evidence only over a body that has some
            runs = [run for run in runs if not all(para.head for para in run)]
        if expected is not None and minority == expected and not self._expected_reports(prof):
            # The document is mostly in the wrong script, but too little of it for the
            # expected-script check (an equal split of two lines): the wrong-script lines
            # are the finding, not the expected ones.
            yield from self._wrong_lines(doc, prof, main, expected, expected_name)
            return
        if expected in (None, main):
            yield from self._stray_words(doc, prof, runs)
            if main == "Hant" and self._slips is not None:
                yield from self._hant_slips(doc, prof, runs)
        if not runs:
            return
        evidence = machine_evidence(doc, prof, p)
        for run in runs:
            start, end = run[0].start, run[-1].end
            chars = "".join(para.chars(minority) for para in run)
            where = _lines_label(doc, start, end)
            if run[0].label == "mixed":
                para = run[0]
                what = (
                    f"{where} mixes {len(para.trad)} Traditional-only characters "
                    f"({_sample(para.trad)}) with {len(para.simp)} Simplified-only "
                    f"characters ({_sample(para.simp)})"
                )
                target: Script = expected or main
            else:
                what = (
                    f"{where} in {SCRIPT_NAMES[minority]} Chinese ({len(chars)} "
                    f"{SCRIPT_NAMES[minority]}-only characters: {_sample(chars)}) inside a "
                    f"{SCRIPT_NAMES[main]} Chinese document ({prof.count(main)} "
                    f"{SCRIPT_NAMES[main]}-only characters)"
                )
                target = expected or main
            edits: list[Edit] | None = conversion_edits(prof.text, start, end, target)
            note = ""
            if run[0].label == minority and expected == minority:
                # Already the expected script: the rest of the document is what needs
                # converting, and the expected-script check reports that.
                edits = None
                note = f" (this part is the expected {expected_name})"
            yield Hit(
                start,
                end,
                data={"match": doc.text[start:end][:80]},
                message=f"{what}{note}{evidence}",
                edits=edits or None,
                fix_description=f"convert to {SCRIPT_NAMES[target]} Chinese with OpenCC",
            )

    def _hant_slips(
        self, doc: Document, prof: Profile, runs: list[list[Paragraph]]
    ) -> Iterator[Hit]:
        """Simplified spellings made of shared characters (``hant_slips``: `由于`,
        `關于`) in a Traditional document; outside lines already reported as mixed or
        Simplified, and outside titles of works."""
        p: HanScriptParams = self.params
        assert self._slips is not None
        if prof.count("Hant") < p.doc_min_chars:
            return
        spans = [(run[0].start, run[-1].end) for run in runs]
        text = prof.text
        for m in self._slips.finditer(text):
            s, e = m.span()
            if any(a <= s < b for a, b in spans):
                continue
            ls = text.rfind("\n", 0, s) + 1
            if _in_titles(text[ls : s + 1])[-1]:
                continue
            word, right = m.group(), p.hant_slips[m.group()]
            yield Hit(
                s,
                e,
                data={"match": doc.text[s:e]},
                message=(
                    f"`{word}` is the Simplified spelling of `{right}` in a Traditional "
                    f"Chinese document ({prof.count('Hant')} Traditional-only characters): "
                    "its characters exist in both scripts, so a conversion left it"
                ),
                edits=[
                    Edit(start=s + k, end=s + k + 1, replacement=b)
                    for k, (a, b) in enumerate(zip(word, right, strict=True))
                    if a != b
                ],
                fix_description="write the Traditional spelling",
            )

    def _stray_words(
        self, doc: Document, prof: Profile, runs: list[list[Paragraph]]
    ) -> Iterator[Hit]:
        """Single words of the other script in a long text written in one script, that
        the text itself writes in its own script elsewhere: `沒有` once in a Simplified
        article that writes `没有`, `遷移宫` beside `命宮`. See ``stray_words``."""
        p: HanScriptParams = self.params
        main = prof.main
        assert main is not None
        if doc.container == "html" or doc.path.lower().endswith(_PAGES):
            return  # a page's menus, switchers and user posts mix scripts on purpose
        minority = _OTHER[main]
        if not prof.paragraphs or prof.minority_count > p.stray_max_chars:
            return
        n_main = prof.tally(main)
        if n_main < p.stray_min_chars or prof.minority_count > p.stray_max_share * n_main:
            return
        reported = {id(para) for run in runs for para in run}
        lines = [(para.start, para.end) for para in prof.paragraphs if id(para) not in reported]
        for start, end, words in stray_words(prof.text, lines, main):
            shown = ", ".join(f"`{w}` (elsewhere `{m}`)" for w, m, _, _ in words[:_EXAMPLES])
            yield Hit(
                start,
                end,
                data={"match": doc.text[start:end][:80]},
                message=(
                    f"{SCRIPT_NAMES[minority]} {shown} in a {SCRIPT_NAMES[main]} Chinese "
                    f"document ({n_main} {SCRIPT_NAMES[main]}-only characters, "
                    f"{prof.minority_count} {SCRIPT_NAMES[minority]}-only) that writes "
                    "these in its own script elsewhere: words a conversion or an editor "
                    "missed"
                ),
                edits=[Edit(start=i, end=i + 1, replacement=conv) for _, _, i, conv in words],
                fix_description=f"convert to {SCRIPT_NAMES[main]} Chinese with OpenCC",
            )

    def _expected_reports(self, prof: Profile) -> bool:
        """Whether the expected-script check (same thresholds) reports this document."""
        p: HanScriptParams = self.params
        assert prof.main is not None
        return prof.count(prof.main) >= p.doc_min_chars and prof.distinct(prof.main) >= (
            p.min_distinct
        )

    def _wrong_lines(
        self, doc: Document, prof: Profile, wrong: Script, expected: Script, expected_name: str
    ) -> Iterator[Hit]:
        p: HanScriptParams = self.params
        for start, end, t, s in _script_lines(prof.text, wrong)[0]:
            label = _label(t, s, p)
            if label != wrong:
                continue
            edits = conversion_edits(prof.text, start, end, expected)
            chars = t if wrong == "Hant" else s
            yield Hit(
                start,
                end,
                data={"match": doc.text[start:end][:80]},
                message=(
                    f"{_lines_label(doc, start, end)} in {SCRIPT_NAMES[wrong]} Chinese "
                    f"({len(chars)} {SCRIPT_NAMES[wrong]}-only characters: {_sample(chars)}) "
                    f"but the corpus expects {expected_name}"
                ),
                edits=edits or None,
                fix_description=f"convert to {SCRIPT_NAMES[expected]} Chinese with OpenCC",
            )

    def _expected(
        self, doc: Document, prof: Profile, expected: Script | None, expected_name: str
    ) -> Iterator[Hit]:
        p: HanScriptParams = self.params
        if expected is None:
            return
        wrong = _OTHER[expected]
        main = prof.main
        if main != wrong or prof.count(wrong) < p.doc_min_chars:
            return
        if prof.distinct(wrong) < p.min_distinct:
            return
        # The document is converted line by line; the finding spans what changes.
        edits = conversion_edits(prof.text, 0, len(prof.text), expected)
        if not edits:
            return
        start, end = edits[0].start, edits[-1].end
        other = prof.count(expected)
        msg = (
            f"document is in {SCRIPT_NAMES[wrong]} Chinese ({prof.count(wrong)} "
            f"{SCRIPT_NAMES[wrong]}-only vs {other} {SCRIPT_NAMES[expected]}-only "
            f"characters) but the corpus expects {expected_name}"
            f"{machine_evidence(doc, prof, p)}"
        )
        yield Hit(
            start,
            end,
            data={"match": doc.text[start:end][:80]},
            message=msg,
            edits=edits,
            fix_description=f"convert to {SCRIPT_NAMES[expected]} Chinese with OpenCC",
        )
