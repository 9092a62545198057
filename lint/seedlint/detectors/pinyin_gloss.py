"""``pinyin-gloss``: pinyin readings injected after Han characters, ``人民網(wǎng)``.

Some mirror sites convert a page to Traditional characters and annotate converted
characters with their reading in parentheses. The annotation is not part of the text:
it breaks words, search and any model trained on the page.

A parenthesised group counts as a gloss only when it is pinyin *and* a reading of the
Han characters right before it, checked against pypinyin's dictionary (heteronyms
included), so ``(Wang)``, ``(a)`` after a list item, ``(工)`` or ``(2016)`` never match.
A gloss may cover up to ``max_syllables`` characters (``重庆(chóngqìng)``), in tone
marks (``wǎng``), tone numbers (``wang3``) or without tones (``优(you)``, the form
one spam generator in the ChineseWebText samples uses), in half- or full-width
parentheses.

One or two glosses in a document are likely deliberate (a language lesson explaining
``重(chóng)庆``): below ``min_count`` per document they are warnings whose removal is
only an unsafe fix. At or above it they are the injected kind, safely removed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._hanscript import is_han
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec

# Letters pinyin is written with (tone-marked vowels precomposed or combining, ü, ê,
# the syllabic m/n forms), tone digits and syllable separators. The regex only finds
# candidates; every candidate is checked against the dictionary.
_PINYIN_CHARS = "a-zA-Z0-9\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f\u0300-\u030c '\u2019:"
GLOSS_RE = re.compile(f"[(\uff08]([{_PINYIN_CHARS}]{{1,40}})[)\uff09]")
_FIRST = "a-z\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f"
_OPENERS = (re.compile(f"\\((?=[{_FIRST}])"), re.compile(f"\uff08(?=[{_FIRST}])"))
# Either opener: the gate's trigger (a document without one has no gloss).
_OPENER = re.compile(f"[(\uff08](?=[{_FIRST}])")
_TONE_MARKS = {
    "\u0304": "1",
    "\u0301": "2",
    "\u030c": "3",
    "\u0300": "4",
}
_SEPARATORS = " '\u2019"


class PinyinGlossParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_count: int = Field(default=3, ge=1)
    """Glosses per document from which they are treated as injected (safe fix)."""
    max_syllables: int = Field(default=4, ge=1, le=8)
    """Longest word a single gloss may annotate."""


@dataclass(frozen=True)
class Gloss:
    start: int
    """Offset of the opening parenthesis: the fix removes ``[start, end)``."""
    end: int
    han: str
    """The annotated characters."""
    reading: str


def _tone3(syllable: str) -> str:
    """``wǎng`` -> ``wang3``; a syllable without a tone mark is returned unchanged."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    out = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        else:
            out.append(ch)
    base = unicodedata.normalize("NFC", "".join(out))
    return base + tone


def _pypinyin_readings(ch: str) -> list[str]:
    """pypinyin's readings of ``ch`` with tone marks, every one (heteronyms)."""
    from pypinyin import Style, pinyin

    # errors="ignore" drops a character pypinyin has no reading for: the result is then
    # empty, not a list holding an empty list (a fuzzed document crashed the rule here).
    found = pinyin(ch, heteronym=True, style=Style.TONE, errors="ignore") if ch else []
    return list(found[0]) if found else []


@lru_cache(maxsize=1)
def _single_char_table() -> dict[int, str] | None:
    """pypinyin's table of single-character readings (code point -> ``a,b``), loaded
    without the package, or None when it cannot be (then pypinyin itself answers).

    Importing pypinyin loads its phrase dictionary and segmenter too: 0.16 s of CPU per
    process, most of a run over a few hundred web pages, where a gloss only ever needs
    one character's readings. For one character ``pinyin(ch, heteronym=True,
    style=TONE)`` gives exactly the readings of this table (the same set for every code
    point of the Han blocks; ``tests/test_startup.py`` checks it against the
    installed pypinyin), and the table alone loads in about a quarter of the time.
    """
    try:
        spec = importlib.util.find_spec("pypinyin")
        where = list(spec.submodule_search_locations or []) if spec is not None else []
        if not where:
            return None
        path = os.path.join(where[0], "pinyin_dict.py")
        part = importlib.util.spec_from_file_location("_seedlint_pypinyin_dict", path)
        if part is None or part.loader is None or not os.path.isfile(path):
            return None
        module = importlib.util.module_from_spec(part)
        part.loader.exec_module(module)
        table = getattr(module, "pinyin_dict", None)
    except Exception:  # any layout but the known one: ask pypinyin
        return None
    if not isinstance(table, dict):
        return None
    return table


def _char_readings(ch: str) -> list[str]:
    """The tone-marked readings of one character, as ``_pypinyin_readings`` gives them
    (as a set: the order is pypinyin's)."""
    table = _single_char_table() if len(ch) == 1 else None
    if table is None:
        return _pypinyin_readings(ch)
    raw = table.get(ord(ch))
    return raw.split(",") if isinstance(raw, str) and raw else []


@lru_cache(maxsize=20000)
def readings(ch: str) -> frozenset[str]:
    """Every spelling of every reading of ``ch`` a gloss may use."""
    # Read on first use: only a document with a Han character before a pinyin-looking
    # bracket ever asks for a reading.
    out: set[str] = set()
    for r in _char_readings(ch):
        marked = unicodedata.normalize("NFC", r)
        numbered = _tone3(marked)
        toneless = numbered.rstrip("12345")
        forms = {marked, numbered, toneless}
        if numbered == marked:  # neutral tone: pypinyin writes it without a mark
            forms |= {marked + "5", marked + "0"}
        for f in list(forms):
            if "ü" in f:
                forms |= {f.replace("ü", "v"), f.replace("ü", "u:")}
        out |= forms
    return frozenset(out)


def _matches(gloss: str, chars: str) -> bool:
    """Can ``gloss`` be read as one reading per character of ``chars``, in order?"""

    def go(pos: int, idx: int) -> bool:
        if idx == len(chars):
            return pos == len(gloss)
        if idx > 0 and pos < len(gloss) and gloss[pos] in _SEPARATORS:
            pos += 1
        for r in readings(chars[idx]):
            if gloss.startswith(r, pos) and go(pos + len(r), idx + 1):
                return True
        return False

    return go(0, 0)


def _plausible(gloss: str) -> bool:
    """Lower case only: ``(Wang)`` is a romanised name, not a reading note. A gloss
    without tones (``优(you)异(yi)``, seen in real scraped pages) must be at least two
    letters, so list markers such as ``(a)`` never qualify."""
    if gloss != gloss.lower() or not any(c.isalpha() for c in gloss):
        return False
    toned = any(c.isdigit() for c in gloss) or any(
        c in _TONE_MARKS for c in unicodedata.normalize("NFD", gloss)
    )
    return toned or len(gloss) >= 2


@lru_cache(maxsize=65536)
def _annotated(before: str, raw: str) -> int:
    """How many characters at the end of ``before`` the pinyin ``raw`` reads (0: none).

    Memoised: a mirror glosses the same characters over and over (區(qū) 13 times in one
    seed), and the check is pure."""
    gloss = unicodedata.normalize("NFC", raw)
    if gloss != raw.strip() or gloss != raw or not _plausible(gloss):
        return 0
    for k in range(1, len(before) + 1):
        if not is_han(before[-k]):
            break
        if _matches(gloss, before[-k:]):
            return k
    return 0


def find_glosses(doc: Document, max_syllables: int = 4) -> list[Gloss]:
    """All verified glosses of a document, memoised: the script-mixing rule reports
    them as evidence of machine conversion."""
    key = f"pinyin-gloss:{max_syllables}"
    cached = doc.cache.get(key)
    if cached is not None:
        return list(cached)
    text = doc.text
    out: list[Gloss] = []
    # Candidates are parentheses opening on a lower-case letter: a literal-first regex
    # per parenthesis form jumps between them at str.find speed.
    half, full = (rx.search(text) for rx in _OPENERS)
    if half is None and full is None:
        doc.cache[key] = ()
        return []
    starts = sorted(m.start() for rx in _OPENERS for m in rx.finditer(text))
    for start in starts:
        if start == 0 or not is_han(text[start - 1]):
            continue
        m = GLOSS_RE.match(text, start)
        if m is None:
            continue
        k = _annotated(text[max(0, start - max_syllables) : start], m.group(1))
        if k:
            out.append(Gloss(start, m.end(), text[start - k : start], m.group(1)))
    doc.cache[key] = tuple(out)
    return out


@register
class PinyinGlossDetector(Detector):
    kind = "pinyin-gloss"
    Params = PinyinGlossParams

    def __init__(self, rule: RuleSpec, params: PinyinGlossParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def triggers(self) -> Triggers | None:
        """Every gloss opens with a parenthesis before a lower-case letter (``_OPENERS``)."""
        return Triggers(chars=_OPENER)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: PinyinGlossParams = self.params
        glosses = find_glosses(doc, p.max_syllables)
        n = len(glosses)
        injected = n >= p.min_count
        if injected:
            why = f"an injected reading annotation ({n} in this document)"
        else:
            why = (
                f"possibly a deliberate pronunciation note (only {n} in this document, "
                f"fewer than {p.min_count}); removing it is an unsafe fix"
            )
        for g in glosses:
            yield Hit(
                g.start,
                g.end,
                data={"han": g.han, "reading": g.reading, "count": n, "why": why},
                edits=[Edit(start=g.start, end=g.end, replacement="")],
                applicability=None if injected else Applicability.UNSAFE,
                severity=None if injected else "warning",
                fix_description=f"remove the gloss `{doc.text[g.start : g.end]}`",
            )
