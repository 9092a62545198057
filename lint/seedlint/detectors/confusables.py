"""``confusable-script``: look-alike letters from another script or another width.

``check: homoglyph`` finds words that mix Latin with Cyrillic or Greek letters that look
the same (``раураl`` with Cyrillic ``р а у``), per the Unicode UTS #39 confusables data
shipped by ``confusable-homoglyphs``. Such words defeat search and deduplication and are
a mark of spam written to slip past keyword filters. The script the word was meant in is
the one of the surrounding line (Latin unless the line's other words are Cyrillic or
Greek); the word is reported only when *every* letter from another script has a
look-alike in that script, so genuine mixtures (``Pythonом``) stay out. Greek letters
in words with at most two Latin letters or at the edge of an acronym are scientific
notation (``TNFα``, ``Gαq``, ``αvβ3``), not disguise, and are ignored.

``check: fullwidth`` finds full-width Latin letters and digits inside a half-width word
(``2０22``, ``ＣＣＴＶ-1``) or in a Latin-script line otherwise written half-width
(``download the ａｐｐ``): the residue of an input method's full-width mode, which makes
one word two different strings for every downstream tool. Chinese lines written in
full-width (``２０２２年``, a dated but deliberate style) are not reported.

Both fixes are unsafe (the intended letters are a reading of the look-alikes) and touch
only the reported word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from confusable_homoglyphs import categories, confusables
from pydantic import BaseModel, ConfigDict

from seedlint.detectors._gbk_shift import find_shifted
from seedlint.detectors._rarechars import CYRILLIC, FW_ALNUM, GREEK, rare_chars
from seedlint.detectors.cjk_mojibake import cached_segments
from seedlint.detectors.latin_mojibake import replacement_soup
from seedlint.document import Document
from seedlint.model import Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec

_GREEK = GREEK
_CYRILLIC = CYRILLIC
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_FOREIGN_RE = re.compile(f"[{_GREEK}{_CYRILLIC}]")
_WORD_RE = re.compile(f"[{_LATIN}{_GREEK}{_CYRILLIC}]+")
_LATIN_RE = re.compile(f"[{_LATIN}]")

_FW_ALNUM = FW_ALNUM
_FW_RE = re.compile(f"[{_FW_ALNUM}]")
# A word: letters and digits of either width, joined by single connectors (``ＣＣＴＶ-1``).
_ALNUM = f"0-9A-Za-z{_FW_ALNUM}"
_CONNECT = "-_./:@\uff0d\uff3f\uff0e\uff0f"
_ALNUM_TOKEN_RE = re.compile(f"[{_ALNUM}]+(?:[{_CONNECT}][{_ALNUM}]+)*")
_MIXED_RE = re.compile(
    f"[0-9A-Za-z][{_CONNECT}]?[{_FW_ALNUM}]|[{_FW_ALNUM}][{_CONNECT}]?[0-9A-Za-z]"
)
_FW_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

Script = Literal["LATIN", "CYRILLIC", "GREEK"]


class ConfusableParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: Literal["homoglyph", "fullwidth"]


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    return str(categories.alias(ch))


@lru_cache(maxsize=4096)
def lookalike(ch: str, target: str) -> str | None:
    """A letter of ``target`` script that UTS #39 lists as confusable with ``ch``.

    Latin targets are restricted to ASCII letters: a Greek ``α`` "resembles" Latin
    ``ɑ``, but only a letter a reader would take for plain ``a`` disguises a word."""
    found = confusables.is_confusable(ch, greedy=True, preferred_aliases=[target.lower()])
    if not found:
        return None
    for h in found[0]["homoglyphs"]:
        c = h["c"]
        if len(c) != 1 or script_of(c) != target:
            continue
        if target == "LATIN" and not (c.isascii() and c.isalpha()):
            continue
        return str(c)
    return None


def _word_scripts(word: str) -> dict[int, str]:
    return {i: script_of(c) for i, c in enumerate(word)}


def _line_script(line: str, skip: tuple[int, int]) -> Script:
    """The script of the line's single-script words, outside the word being judged."""
    counts: dict[str, int] = {"LATIN": 0, "CYRILLIC": 0, "GREEK": 0}
    for m in _WORD_RE.finditer(line):
        if m.start() == skip[0]:
            continue
        scripts = {script_of(c) for c in m.group(0)}
        if len(scripts) == 1:
            s = scripts.pop()
            if s in counts:
                counts[s] += len(m.group(0))
    if counts["CYRILLIC"] > counts["LATIN"] and counts["CYRILLIC"] >= counts["GREEK"]:
        return "CYRILLIC"
    if counts["GREEK"] > counts["LATIN"]:
        return "GREEK"
    return "LATIN"


def _greek_notation(word: str, i: int, scripts: dict[int, str]) -> bool:
    """``TNFα``, ``Aβ``, ``Gαq``, ``αvβ3``: Greek letters as scientific symbols.

    A lower-case Greek letter is taken as notation when the word has at most two Latin
    letters, or at the edge of an upper-case acronym. Disguised words (``Gοogle``,
    ``ΑΝD``) have more Latin letters or upper-case Greek ones."""
    if scripts[i] != "GREEK" or not word[i].islower():
        return False  # upper-case Α Β Ε Κ Ο Ρ Τ look exactly like Latin capitals
    latin = [c for j, c in enumerate(word) if scripts[j] == "LATIN"]
    if len(latin) <= 2:
        return True
    return i in (0, len(word) - 1) and all(c.isupper() for c in latin)


def _cased_as_a_word(letters: str) -> bool:
    """Whether a word's Cyrillic or Greek letters are cased as a word is: all lower, all
    upper, or a capital then lower case (`москва`, `МОСКВА`, `Москва`).

    GBK bytes read through a Cyrillic code page give words such as `ПВФШЧЁЗш` or
    `ЧоИИМы`, cases mixed at random, with real Latin words glued to them (`BT`, `Top`):
    those Latin letters are the text that survived, not look-alikes slipped into a
    Russian word."""
    return (
        not letters
        or letters.islower()
        or letters.isupper()
        or (letters[0].isupper() and (len(letters) == 1 or letters[1:].islower()))
    )


def _first_rare(doc: Document) -> tuple[int | None, int | None]:
    """Offsets of the first Greek/Cyrillic letter and of the first full-width letter or
    digit: both checks start there. The document's list of rare characters (one scan
    shared with the invisible-character rules) says whether there is either; the text
    is only searched for the classes it holds."""
    cached = doc.cache.get("confusable-scan")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rare = rare_chars(doc)
    foreign = fw = None
    if rare:
        text = doc.text
        if _FOREIGN_RE.search(rare) is not None:
            f = _FOREIGN_RE.search(text)
            foreign = f.start() if f else None
        if _FW_RE.search(rare) is not None:
            w = _FW_RE.search(text)
            fw = w.start() if w else None
    doc.cache["confusable-scan"] = (foreign, fw)
    return foreign, fw


def homoglyph_hits(doc: Document) -> Iterator[Hit]:
    text = doc.text
    first = _first_rare(doc)[0]
    if first is not None and "\ufffd" in text and replacement_soup(text):
        # Greek and Cyrillic letters between U+FFFD are what is left of GBK byte pairs
        # read as UTF-8, not look-alikes slipped into words
        return
    found = None if first is None else _FOREIGN_RE.search(text, first)
    while found is not None:
        start, end = doc.line_of(found.start())
        yield from _homoglyph_line(text[start:end], start)
        found = _FOREIGN_RE.search(text, end)


def _homoglyph_line(line: str, start: int) -> Iterator[Hit]:
    if _LATIN_RE.search(line) is None:
        return
    for m in _WORD_RE.finditer(line):
        word = m.group(0)
        if _FOREIGN_RE.search(word) is None or _LATIN_RE.search(word) is None:
            continue
        scripts = _word_scripts(word)
        present = set(scripts.values())
        if "LATIN" not in present or not present & {"CYRILLIC", "GREEK"}:
            continue
        target = _line_script(line, m.span())
        if target != "LATIN" and not _cased_as_a_word(
            "".join(c for i, c in enumerate(word) if scripts[i] == target and c.isalpha())
        ):
            continue
        fixed = []
        ok = True
        foreign: list[str] = []
        for i, c in enumerate(word):
            if scripts[i] == target or not c.isalpha():
                fixed.append(c)
                continue
            if target == "LATIN" and _greek_notation(word, i, scripts):
                ok = False
                break
            alike = lookalike(c, target)
            if alike is None:
                ok = False
                break
            fixed.append(alike)
            foreign.append(f"{c} U+{ord(c):04X} {scripts[i].title()}")
        if not ok or not foreign:
            continue
        s, e = start + m.start(), start + m.end()
        repl = "".join(fixed)
        yield Hit(
            s,
            e,
            data={
                "word": word,
                "intended": repl,
                "script": target.title(),
                "letters": ", ".join(foreign),
            },
            edits=[Edit(start=s, end=e, replacement=repl)],
            fix_description=f"replace the look-alikes: `{repl}`",
        )


def fullwidth_hits(doc: Document) -> Iterator[Hit]:
    text = doc.text
    owned: list[tuple[int, int]] | None = None
    first = _first_rare(doc)[1]
    m = None if first is None else _FW_RE.search(text, first)
    while m is not None:
        ls, le = doc.line_of(m.start())
        line = text[ls:le]
        # A line with Han, kana or hangul only matters if a word mixes both widths (a
        # cheap regex says whether one does); a line without them is Latin text, where a
        # full-width word among half-width ones is a stray.
        cjk = _CJK_RE.search(line) is not None
        if not cjk or _MIXED_RE.search(line) is not None:
            if cjk and owned is None:
                owned = [(r.start, r.end) for r in find_shifted(text)]
                owned += [(g.start, g.end) for g in cached_segments(doc)]
            yield from _fullwidth_line(line, ls, latin=not cjk, owned=owned)
        m = _FW_RE.search(text, le)


_SEGMENT_RE = re.compile(f"[{_CONNECT}]")
_LIST_MARK = "、.．)）"


def _chinese_side(line: str, a: int, b: int, tok: str) -> bool:
    """A full-width part that belongs to the Chinese text next to the token, not to a
    half-width word: the last segment of a URL path that starts a Chinese headline slug
    (`/６成中古車行`), or a full-width value followed by the next list number
    (`≤１０Ｗ8、`)."""
    after = line[b] if b < len(line) else ""
    parts = _SEGMENT_RE.split(tok)
    if len(parts) > 1 and _CJK_RE.match(after) is not None:
        last = parts[-1]
        head = "".join(parts[:-1])
        if all(not c.isascii() for c in last) and all(c.isascii() for c in head):
            return True
    if after and after in _LIST_MARK:
        k = len(tok)
        while k and tok[k - 1].isascii() and tok[k - 1].isdigit():
            k -= 1
        if 0 < k < len(tok) and all(not c.isascii() for c in tok[:k] if c.isalnum()):
            return True
    return False


def _fullwidth_line(
    line: str, start: int, latin: bool, owned: list[tuple[int, int]] | None = None
) -> Iterator[Hit]:
    tokens = list(_ALNUM_TOKEN_RE.finditer(line))
    latin_line = latin and (
        sum(1 for t in tokens for c in t.group(0) if c.isascii() and c.isalnum()) >= 2
    )
    for t in tokens:
        tok = t.group(0)
        alnum = [c for c in tok if c.isalnum()]
        n_fw = sum(1 for c in alnum if not c.isascii())
        if n_fw == 0:
            continue
        mixed = n_fw < len(alnum)
        if not (mixed or latin_line):
            continue
        if mixed and _chinese_side(line, t.start(), t.end(), tok):
            continue
        if (
            mixed
            and owned is not None
            and any(a < start + t.end() and start + t.start() < b for a, b in owned)
        ):
            continue  # a full-width letter inside GBK mojibake is the mojibake rule's
        s, e = start + t.start(), start + t.end()
        repl = tok.translate(_FW_FOLD)
        yield Hit(
            s,
            e,
            data={
                "word": tok,
                "intended": repl,
                "where": "inside a half-width word" if mixed else "in half-width text",
            },
            edits=[Edit(start=s, end=e, replacement=repl)],
            fix_description=f"width-normalise to `{repl}`",
        )


@register
class ConfusableDetector(Detector):
    kind = "confusable-script"
    Params = ConfusableParams

    def __init__(self, rule: RuleSpec, params: ConfusableParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def triggers(self) -> Triggers | None:
        """Both checks start at the first Greek or Cyrillic letter (homoglyphs), or the
        first full-width letter or digit: a document without one has nothing to report."""
        return Triggers(rare=_FOREIGN_RE if self.params.check == "homoglyph" else _FW_RE)

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.params.check == "homoglyph":
            return homoglyph_hits(doc)
        return fullwidth_hits(doc)
