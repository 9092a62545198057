"""Stage 1 of reading claims: the script a figure is matched in.

Traditional to Simplified (for matching only), full-width digits and signs to ASCII, and
the inline pinyin glosses some sites inject (``網(wǎng)``) removed, with an offset map
(``Normalized``) that takes every position back to the original text. Every later stage
reads only the normalised text, and the catalogue compiles its terms through the same
conversion, so both sides of a match agree on one spelling.
"""

from __future__ import annotations

import bisect
import re
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import opencc

# --------------------------------------------------------------------------- normalisation

_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
_FULLWIDTH_RE = re.compile("[\uff10-\uff19％．\u3000\u00a0]")
_FULLWIDTH_PAIRS = tuple(sorted((chr(k), str(v)) for k, v in _FULLWIDTH.items()))
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# The look-behind sits after the bracket so the engine can jump from bracket to bracket
# (the same matches as a look-behind in front, which must be tried at every position).
# Anything that could be a gloss, without the context ``_GLOSS_RE`` asks for (a superset).
_RAW_GLOSS_RE = re.compile(rf"[(（](?=[a-zü{_TONE}]*[{_TONE}])[a-zü{_TONE}]{{1,7}}[)）]")
_GLOSS_RE = re.compile(
    rf"[(（](?<=[\u3400-\u9fff][(（])(?=[a-zü{_TONE}]*[{_TONE}])[a-zü{_TONE}]{{1,7}}[)）]"
)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Traditional to Simplified with the length kept, so offsets stay valid.

    OpenCC converts phrase by phrase and could in principle change a length; a line whose
    length changes is converted character by character instead.
    """
    if text.isascii():
        return text
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        return str(out)
    parts = []
    for line in text.splitlines(keepends=True):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in line)
        parts.append(conv)
    return "".join(parts)


def _simplified_all(texts: list[str]) -> list[str]:
    """``[to_simplified(t) for t in texts]`` in one OpenCC call for one-line texts.

    OpenCC never matches a phrase across a line break, so each line of the joined texts
    converts as it would alone; a text whose conversion changes its length (or that
    holds a line break itself) goes through ``to_simplified`` on its own, as before.
    """
    if not texts:
        return []
    out = str(_t2s().convert("\n".join(texts))).split("\n")
    if len(out) != len(texts):
        return [to_simplified(t) for t in texts]
    return [
        o if len(o) == len(t) and "\n" not in t and not t.isascii() else to_simplified(t)
        for t, o in zip(texts, out, strict=True)
    ]


_CONVERTED_RANGES = ((0x80, 0xD800), (0xE000, 0xFFFE), (0x20000, 0x31350))
"""Every code point but ASCII and surrogates, up to the supplementary ideographic planes
(end exclusive)."""
_NONZERO = re.compile(rb"[^\x00]+")
_U32 = next(t for t in "IL" if array(t).itemsize == 4)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@lru_cache(maxsize=1)
def _preimages() -> dict[str, frozenset[str]] | None:
    """For each character, the other characters ``normalize`` can turn into it.

    Found by converting every code point of the BMP and of the supplementary ideographic
    planes on its own (one OpenCC call), plus the full-width forms and what only the
    phrase table does (``_PHRASE_ONLY``). None when a conversion changes a length: then
    there is no raw-text prefilter.
    """
    # Every process needs this table before its first document, so it is built without a
    # Python step per code point: the code points go in and come out as UTF-32 arrays,
    # and the changed ones are the non-zero words of the two arrays XORed.
    codes = array(_U32)
    for lo, hi in _CONVERTED_RANGES:
        codes.extend(range(lo, hi))
    n = len(codes)
    lines = array(_U32, [10]) * (2 * n - 1)  # one code point a line, "\n" between
    lines[0::2] = codes
    out = str(_t2s().convert(lines.tobytes().decode(_UTF32)))
    # One character in, one out, on every line: anything else (a line grown, shrunk or
    # turned into a line break) is a length change.
    if len(out) != 2 * n - 1 or out[1::2] != "\n" * (n - 1):
        return None
    conv = out[0::2]
    if "\n" in conv:
        return None
    src = codes.tobytes()
    order = sys.byteorder
    diff = int.from_bytes(src, order) ^ int.from_bytes(conv.encode(_UTF32), order)
    # Code points are below 2**24, so the most significant byte of every XORed word is
    # zero and a run of non-zero bytes never spans two words.
    changed = {m.start() >> 2 for m in _NONZERO.finditer(diff.to_bytes(len(src), order))}
    pre: dict[str, set[str]] = {}
    for i in changed:
        pre.setdefault(conv[i], set()).add(chr(codes[i]))
    for full, ascii_ in _FULLWIDTH_PAIRS:
        pre.setdefault(ascii_, set()).add(full)
    for target, sources in _PHRASE_ONLY.items():
        pre.setdefault(target, set()).update(sources)
    return {k: frozenset(v) for k, v in pre.items()}


_PHRASE_ONLY = {
    "了": "瞭",
    "借": "藉",
    "沉": "沈",
    "坯": "坏",
    "锺": "鍾",
    "里": "哩",
    "迳": "逕",
    "复": "覆",
    "链": "鍊",
    "\U0002bac7": "噁",
    "麽": "麼",
    "划": "畫",
    "钜": "鉅",
    "只": "衹",
    "苏": "甦",
    "具": "俱",
    "仿": "彷",
    "幺": "么",
}
"""Characters OpenCC's phrase table alone turns into others (瞭 in 瞭解 -> 了解, while 瞭 on
its own stays 瞭), which converting characters one by one cannot see. A test dumps the
installed phrase table and checks it against this."""


@dataclass
class Normalized:
    """Text for matching, with the map back to offsets in the original text.

    The map is kept as pieces, not as one offset per character: ``text`` is the
    original with some spans (glosses) cut out, so each piece between two cuts is a run
    of characters whose original offsets go up by one. A list of one int per character
    held 288 MB for a 20 MB single-line page; the pieces hold two ints per cut.
    """

    text: str
    starts: array[int] | None = None
    """Where each piece begins in ``text`` (ascending; the first is 0); None: no cut, the
    identity map."""
    shifts: array[int] | None = None
    """What to add to an offset in piece k to get its original offset."""
    length: int = 0
    """Length of the original text."""

    def _at(self, i: int) -> int:
        """The original offset of character ``i`` of ``text``, with a list's indexing:
        a negative ``i`` counts from the end, and one out of range raises IndexError."""
        assert self.starts is not None and self.shifts is not None
        n = len(self.text)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("normalised offset out of range")
        return i + self.shifts[bisect.bisect_right(self.starts, i) - 1]

    def orig(self, i: int) -> int:
        if self.starts is None:
            return i
        if i >= len(self.text):
            return self.length
        return self._at(i)

    def orig_end(self, i: int) -> int:
        """Original offset just after normalised character ``i - 1``."""
        if self.starts is None:
            return i
        if i <= 0:
            return 0
        return self._at(i - 1) + 1


def normalize(text: str) -> Normalized:
    s = to_simplified(text)
    if _FULLWIDTH_RE.search(s):
        # One replace per character present: what ``translate`` does, without its
        # per-character dictionary lookups (every replacement is ASCII, never a key).
        for full, ascii_ in _FULLWIDTH_PAIRS:
            if full in s:
                s = s.replace(full, ascii_)
    if "(" not in s and "（" not in s:
        return Normalized(s, None, None, len(text))
    pieces: list[str] = []
    starts, shifts = array("q"), array("q")
    last = 0
    kept = 0  # characters of ``pieces``
    for m in _GLOSS_RE.finditer(s):
        if m.start() > last:
            starts.append(kept)
            shifts.append(last - kept)
        pieces.append(s[last : m.start()])
        kept += m.start() - last
        last = m.end()
    if not pieces:
        return Normalized(s, None, None, len(text))
    pieces.append(s[last:])
    if len(s) > last:
        starts.append(kept)
        shifts.append(last - kept)
    return Normalized("".join(pieces), starts, shifts, len(text))
