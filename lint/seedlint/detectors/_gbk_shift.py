"""GBK text decoded one byte off after a lost byte (`上?？偛浚荷虾ｌo安區`).

When a byte of a GBK page is lost (a truncated field, a bad transcoding step), the
decoder pairs every following byte with the wrong neighbour: each character it prints is
the trail byte of one original character joined to the lead byte of the next. The result
is legal, often common Chinese (`？偛浚荷虾ｌ` for `總部：上海`), so character rarity alone
cannot tell it from text; the shape of the accident can:

* it starts right after the lost byte, which the decoder printed as `?` or U+FFFD;
* it cannot end at a line break, a digit or a space: the last wrong character's second
  byte is the lead byte of an original character, whose trail byte comes next. That
  byte is either an ASCII letter or sign (0x40-0x7E: GBK trail bytes in the ASCII range,
  which the decoder prints as that letter: the `o` of `ｌo`) or is unreadable, which the
  decoder prints as `?` / U+FFFD before it falls back into step;
* re-encoding the run and decoding it from its second byte (plus that ASCII letter)
  gives back text, every character of it common (GB2312 level 1, Big5 frequent, common
  punctuation), where the run as printed holds rarer characters.

A run passes on its own when the realigned text has at least two characters and the
printed run costs ``min_gain`` more (``char_cost`` of ``_cjk_stats``); once one run in the
document passes clearly (``strong_gain``), the same accident elsewhere is taken with less
evidence: a realigned run of common characters that still gains something, or whose end
swallowed an ASCII letter (`叵到y` for `系統`). The first character of the run (the one
whose lead byte was lost) cannot be recovered; it is the `?` before the run, which the
lost-character rule reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seedlint.detectors._cjk_stats import GAP, char_cost, codecs

_LOST = re.compile("[?\ufffd] ?(?=[^\\x00-\\x7f?\ufffd])")
_LONE_FULLWIDTH = re.compile(
    "(?<![\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
    "(?![\uff10-\uff19\uff21-\uff3a\uff41-\uff5a0-9A-Za-z])"
)
_LONE_FULLWIDTH_GAIN = 1.5
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Shifted:
    start: int
    end: int
    original: str
    repaired: str
    gain: float
    swallowed: bool
    """The run's end took in an ASCII letter that was a trail byte."""


def _candidate(text: str, start: int, table: dict[str, bytes]) -> Shifted | None:
    end = start
    size = len(text)
    while end < size and text[end] in table:
        end += 1
    if end - start < 2:
        return None
    if 2 * len(_HAN.findall(text, start, end)) < end - start:
        # mostly Greek, Cyrillic or symbols between U+FFFD: GBK read as UTF-8, not a shift
        return None
    raw = b"".join(table[c] for c in text[start:end])
    try:
        body = raw[1:-1].decode("gb18030")
    except UnicodeDecodeError:
        return None
    if len(body) != end - start - 1:
        return None  # a four-byte GB18030 sequence: not a plain two-byte shift
    nxt = text[end] if end < size else ""
    swallowed = False
    if nxt and 0x40 <= ord(nxt) <= 0x7E:
        try:
            last = bytes((raw[-1], ord(nxt))).decode("gb18030")
        except UnicodeDecodeError:
            return None
        body += last
        end += 1
        swallowed = True
    elif nxt not in ("?", GAP):
        return None
    if any(char_cost(c) > 0 for c in body):
        return None
    original = text[start:end]
    gain = sum(char_cost(c) for c in original)
    # A lone full-width letter or digit between Han characters (`Ｋ孀殴`, `虾Ｖ性`) is
    # what a trail byte A3 (`保 海 中`...) joined to the next lead byte prints; clean
    # text writes full-width letters in words (`ＣＣＴＶ`) or next to Latin text.
    gain += _LONE_FULLWIDTH_GAIN * len(_LONE_FULLWIDTH.findall(original))
    return Shifted(start, end, original, body, gain, swallowed)


def find_shifted(
    text: str, min_gain: float = 2.0, strong_gain: float = 4.0, weak_gain: float = 1.5
) -> list[Shifted]:
    """Runs of ``text`` decoded one byte off after a lost byte, in order.

    Linear: each `?` / U+FFFD followed by a non-ASCII character starts at most one run,
    and a run stops at the first character GBK cannot write in two bytes.
    """
    if "?" not in text and GAP not in text:
        return []
    table = codecs()[0].to_bytes
    cands = [c for m in _LOST.finditer(text) if (c := _candidate(text, m.end(), table)) is not None]
    if any(c.gain >= strong_gain for c in cands):
        # the document is known to hold the accident: shorter runs are the same one
        return [c for c in cands if c.gain >= weak_gain or c.swallowed]
    return [c for c in cands if c.gain >= min_gain and len(c.repaired) >= 2]
