"""Character statistics behind the CJK mojibake rules (UTF-8 bytes read as GBK or Big5).

ftfy only knows single-byte code pages; Chinese pages fail differently. UTF-8 encodes a
Han character in three bytes, a GBK or Big5 decoder reads them two at a time, so every
pair of original characters becomes three wrong ones (`新闻` -> `鏂伴椈`), and an odd byte
at the end of a run becomes U+FFFD or `?`. The wrong characters are legal Chinese, so no
single character proves anything. What does:

* the byte shape: the first wrong character of each pair starts with a UTF-8 lead byte
  (E0-F4) and continues with a continuation byte (80-BF). In GBK those are rare
  extension or level-2 characters; in clean text they appear about once in 250-1000
  characters, and are almost never followed by a character whose first byte is again a
  continuation byte. That pair is the one-pass prefilter;
* the round trip: re-encoding a stretch with the decoder's codec must give valid UTF-8,
  which random clean text practically never does over more than two characters;
* rarity: the standards themselves rank characters. GB2312 level 1 (rows B0-D7) and
  Big5 "frequently used" (A440-C67E) hold the common characters, GB2312 level 2 and Big5
  "less frequently used" the rarer ones, GBK/GB18030-only characters are rarer still,
  private-use and replacement characters are debris. A stretch is mojibake when its
  decoded form costs clearly less than its mis-decoded form under that ranking.

No list of known garbles is involved, so any text mis-decoded this way is found.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

GAP = "\ufffd"
"""What decoders put where they could not decode a byte."""

# Byte markers inside a run's byte string. GBK and Big5 never use 0xFF; 0x01 and 0x02
# cannot be part of a two-byte character either.
_GAP_BYTE = b"\xff"
_QMARK_BYTE = b"\x01"
_BREAK_BYTE = b"\x00"
_END_BYTE = b"\x02"

# A stretch the UTF-8 decoder can read: complete sequences, ASCII bytes (a GBK trail byte
# 40-7E is an ASCII character the decoder swallowed), or an incomplete sequence followed
# by a gap (the bytes the wrong decoder lost), after which orphan continuation bytes are
# skipped until the next lead byte.
_VALID = (
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
    rb"|[\x30-\x39\x40-\x7e]"
)
_PARTIAL = (
    rb"(?:[\xc2-\xf4][\x80-\xbf]{0,2})?\xff[\x80-\xbf]{0,3}"
    rb"|[\xc2-\xf4][\x80-\xbf]{0,2}[\x01\x02]"
)
_STRETCH = re.compile(rb"(?:" + _VALID + rb"|" + _PARTIAL + rb")+")

# Common Chinese punctuation (GB2312 row A1 and the full-width forms): free in any text.
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·～　〔〕")


@dataclass(frozen=True)
class Codec:
    name: str
    """Python codec used to re-encode (gb18030 is a superset of GBK; cp950 of Big5)."""
    label: str
    """How messages name the wrong decoding."""
    to_bytes: dict[str, bytes]
    """Every character the codec writes as two bytes, with those bytes."""


def _two_byte_map_pairwise(*codecs: str) -> dict[str, bytes]:
    """``_two_byte_map`` one byte pair at a time: the definition (and the fallback)."""
    out: dict[str, bytes] = {}
    for codec in codecs:
        for lead in range(0x81, 0xFF):
            for trail in range(0x40, 0xFF):
                b = bytes((lead, trail))
                try:
                    c = b.decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(c) != 1 or c in out:
                    continue
                try:
                    if c.encode(codec) != b:
                        continue
                except UnicodeEncodeError:
                    continue
                out[c] = b
    return out


_PAIRS = [bytes((lead, trail)) for lead in range(0x81, 0xFF) for trail in range(0x40, 0xFF)]


def _two_byte_map(*codecs: str) -> dict[str, bytes]:
    """Every character the codecs write as one of ``_PAIRS`` (the first codec's pair
    for a character both write), decoded and encoded back to the same two bytes.

    The pairs are decoded in one call, each after a line feed (no pair holds one, and
    these stateless double-byte decoders start afresh after it), and the characters
    encoded back in one call: the pair-by-pair loop (``_two_byte_map_pairwise``, the
    same map) spent most of its time raising and catching decode errors: 65 ms of CPU
    per process, 2% of a run over 3 MB of short bulletins; this takes half that.
    """
    out: dict[str, bytes] = {}
    blob = b"\n" + b"\n".join(_PAIRS)
    for codec in codecs:
        pieces = blob.decode(codec, "surrogateescape").split("\n")[1:]
        single = [
            (b, c)
            for b, c in zip(_PAIRS, pieces, strict=False)
            if len(c) == 1 and not "\udc80" <= c <= "\udcff"
        ]
        back = "\n".join(c for _, c in single).encode(codec, "replace").split(b"\n")
        if len(pieces) != len(_PAIRS) or len(back) != len(single):
            return _two_byte_map_pairwise(*codecs)  # a codec that breaks the assumptions
        for (b, c), e in zip(single, back, strict=True):
            if e == b and c not in out:
                out[c] = b
    return out


@functools.cache
def codecs() -> tuple[Codec, ...]:
    """The wrong decoders we can undo, most common first (built once, ~0.1 s)."""
    return (
        Codec("gb18030", "GBK/GB18030", _two_byte_map("gb18030")),
        Codec("cp950", "Big5", _two_byte_map("cp950", "big5")),
    )


def _char_class(chars: Iterable[str]) -> str:
    """A compact regex character class body (ranges) for a set of characters."""
    cps = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


@functools.cache
def prefilter() -> re.Pattern[str]:
    """One pass over the text: where ``_plausible_start`` holds for some codec.

    The first character has the lead shape (E0-F4, 80-BF) and what follows it goes on as
    UTF-8 would, in the same codec: a gap, a continuation-led character ending in an
    ASCII byte (or, after a four-byte lead, in a continuation byte), or one ending in a
    lead byte followed by a third continuation-led character or gap. That is
    ``_plausible_start`` written out as character classes, so ``find_segments`` stops
    only where the analysis can start: the many clean pairs of a lead-shaped and a
    continuation-shaped character (a few in most Chinese pages) are skipped in C.
    """
    gaps = {GAP, "?"}
    # The loop in ``find_segments`` has always stopped only where a lead-shaped character
    # meets one whose bytes can go on a sequence in some codec (``cont``): kept as a
    # condition, so the positions looked at are exactly those looked at before.
    cont: set[str] = set(gaps)
    for codec in codecs():
        for c, b in codec.to_bytes.items():
            if 0x80 <= b[0] <= 0xBF and (0xC2 <= b[1] <= 0xF4 or b[1] < 0x80):
                cont.add(c)
    leads: set[str] = set()
    branches: list[str] = []
    for codec in codecs():
        lead: set[str] = set()
        lead4: set[str] = set()
        ascii_end: set[str] = set()
        cont_end: set[str] = set()
        lead_end: set[str] = set()
        third: set[str] = set(gaps)
        for c, b in codec.to_bytes.items():
            if 0xE0 <= b[0] <= 0xF4 and 0x80 <= b[1] <= 0xBF:
                lead.add(c)
                if b[0] >= 0xF0:
                    lead4.add(c)
            if 0x80 <= b[0] <= 0xBF:
                third.add(c)
                if b[1] < 0x80:
                    ascii_end.add(c)
                elif b[1] <= 0xBF:
                    cont_end.add(c)
                elif 0xC2 <= b[1] <= 0xF4:
                    lead_end.add(c)
        leads |= lead
        # The look-behind names this codec's leads; the class in front of every branch
        # (all codecs' leads) is what the engine skips ahead on.
        alts = [f"[{_char_class(gaps | ascii_end)}]"]
        alts.append(f"[{_char_class(lead_end)}][{_char_class(third)}]")
        branches.append(f"(?<=[{_char_class(lead)}])(?:{'|'.join(alts)})")
        if lead4:
            branches.append(f"(?<=[{_char_class(lead4)}])[{_char_class(cont_end & cont)}]")
    return re.compile(f"[{_char_class(leads)}](?:{'|'.join(branches)})")


@functools.lru_cache(maxsize=65536)
def char_cost(c: str) -> float:
    """How surprising a character is in Chinese or English text (0 = ordinary)."""
    o = ord(c)
    if o < 0x80:
        return 0.0 if (o >= 0x20 or c in "\t\n\r") else 8.0
    if c == GAP:
        return 6.0
    if c in _COMMON_PUNCT:
        return 0.0
    cat = unicodedata.category(c)
    if cat in ("Cc", "Cn", "Cs"):
        return 8.0
    if cat == "Co":
        return 6.0
    best = 9.0
    try:
        b = c.encode("gb2312")
        if 0xB0 <= b[0] <= 0xD7:
            return 0.0
        if 0xD8 <= b[0] <= 0xF7:
            best = 2.0
        elif b[0] in (0xA1, 0xA3):
            best = 0.5
        elif b[0] == 0xA2:
            best = 1.0
        else:
            best = 2.5
    except UnicodeEncodeError:
        pass
    try:
        b = c.encode("cp950")
        if len(b) == 2:
            v = b[0] << 8 | b[1]
            if 0xA440 <= v <= 0xC67E:
                return 0.0
            if 0xC940 <= v <= 0xF9D5:
                best = min(best, 2.0)
            elif 0xA140 <= v <= 0xA3BF:
                best = min(best, 0.5)
    except UnicodeEncodeError:
        pass
    if best < 9.0:
        return best
    if 0x4E00 <= o <= 0x9FFF:
        return 3.5
    if 0x3400 <= o <= 0x4DBF or o > 0xFFFF:
        return 4.5
    if c == "\ufeff":
        return 0.5
    if cat.startswith("L"):
        return 1.0 if o < 0x250 else 2.5
    if cat.startswith(("P", "Z")):
        return 1.5
    return 3.0


@dataclass
class Segment:
    """A stretch of ``text`` that is UTF-8 read with the wrong codec, and its repair."""

    start: int
    end: int
    original: str
    repaired: str
    codec: Codec
    score: float
    lost: int
    """Characters of the repair that could not be recovered (U+FFFD in ``repaired``)."""

    @property
    def exact(self) -> bool:
        return self.lost == 0


@functools.lru_cache(maxsize=4096)
def _four_byte(c: str, codec: str) -> bytes:
    """GB18030's four-byte form: a continuation byte and the ASCII digit after it, read as
    one character (`月1` -> `鏈` + one four-byte character)."""
    if codec != "gb18030":
        return _BREAK_BYTE
    try:
        b = c.encode("gb18030")
    except UnicodeEncodeError:
        return _BREAK_BYTE
    return b if len(b) == 4 else _BREAK_BYTE


def _run_bytes(run: str, codec: Codec) -> tuple[bytes, list[int]]:
    table = codec.to_bytes
    parts: list[bytes] = []
    bounds = [0]
    total = 0
    for c in run:
        if c == GAP:
            b = _GAP_BYTE
        elif c == "?":
            b = _QMARK_BYTE
        else:
            b = table.get(c) or _four_byte(c, codec.name)
        parts.append(b)
        total += len(b)
        bounds.append(total)
    return b"".join(parts), bounds


def _decode(seg: bytes) -> str:
    """Decode a stretch; every character lost at a gap becomes one U+FFFD.

    A gap (a decoder's U+FFFD, a `?`) stands for one lost byte, the end of a run for
    none. A gap inside a sequence loses that character; a gap where a sequence should
    start loses the character whose orphan continuation bytes follow. Everything else
    decodes normally, so the repair guesses nothing.
    """
    if not _MARKER_SET.intersection(seg):
        return seg.decode("utf-8", "replace")
    out: list[str] = []
    buf = bytearray()
    need = 0
    lost = False
    unknown = 0  # continuation bytes an unknown (lost) lead may still own
    for b in seg:
        if b == 0x02:  # end of run: a sequence still open is cut short
            if need or unknown:
                out.append(GAP)
            need = unknown = 0
            buf.clear()
            continue
        gap = b in (0xFF, 0x01)
        cont = 0x80 <= b <= 0xBF
        if need:
            if gap or cont:
                need -= 1
                lost = lost or gap
                buf.append(b)
                if not need:
                    out.append(GAP if lost else buf.decode("utf-8", "replace"))
                    buf.clear()
                continue
            out.append(GAP)  # interrupted sequence
            buf.clear()
            need = 0
        if unknown:
            if gap or cont:
                unknown -= 1
                if not unknown:
                    out.append(GAP)
                continue
            out.append(GAP)
            unknown = 0
        if gap:
            unknown = 3
        elif b >= 0xC0:
            need = _seq_len(b) - 1
            lost = False
            buf.append(b)
        elif b < 0x80:
            out.append(chr(b))
        else:  # orphan continuation bytes after a gap: a character whose lead was lost
            unknown = 2
    if need or unknown:
        out.append(GAP)
    return "".join(out)


_MARKER_SET = {0xFF, 0x01, 0x02}


def _seq_len(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _score(original: str, repaired: str) -> tuple[float, int]:
    cost_s = sum(char_cost(c) for c in original if c != GAP and c != "?")
    lost = repaired.count(GAP)
    cost_d = sum(char_cost(c) for c in repaired if c != GAP)
    # Every recovered three-byte character after the first is a full UTF-8 sequence
    # that clean text would have had to produce by chance.
    n3 = sum(1 for c in repaired if 0x800 <= ord(c) <= 0xFFFF and c != GAP)
    # Characters lost at gaps the text already shows (U+FFFD, `?`) cost nothing more;
    # losses the repair itself introduces (a cut-off sequence at a run's end) do.
    gaps = sum(1 for c in original if c == GAP or c == "?")
    return cost_s - cost_d + max(0, n3 - 1) - 0.5 * max(0, lost - gaps), lost


def _implausible(repaired: str) -> bool:
    for c in repaired:
        o = ord(c)
        if o < 0x20 and c not in "\t\n\r":
            return True
        if 0x7F <= o <= 0x9F:
            return True
        if c != GAP and unicodedata.category(c) in ("Cn", "Co", "Cs"):
            return True
    return False


def _plausible_start(text: str, i: int, table: dict[str, bytes]) -> bool:
    """Cheap look at the hit and the two characters after it, for one codec.

    The characters at ``i`` and ``i + 1`` must hold a complete UTF-8 lead sequence and
    the next one must go on with continuation bytes; in clean text this fails at once,
    so the full analysis only runs where mojibake is likely.
    """
    b = table.get(text[i])
    if b is None or not (0xE0 <= b[0] <= 0xF4 and 0x80 <= b[1] <= 0xBF):
        return False
    n = len(text)
    nxt = text[i + 1] if i + 1 < n else ""
    if nxt in (GAP, "?"):
        return True
    b2 = table.get(nxt)
    if b2 is None or not 0x80 <= b2[0] <= 0xBF:
        return False
    x = b2[1]
    if x < 0x80 or (b[0] >= 0xF0 and x <= 0xBF):
        return True
    if not 0xC2 <= x <= 0xF4:
        return False
    third = text[i + 2] if i + 2 < n else ""
    if third in (GAP, "?"):
        return True
    b3 = table.get(third)
    return b3 is not None and 0x80 <= b3[0] <= 0xBF


def _segment_near(text: str, i: int, floor: int, codec: Codec) -> Segment | None:
    """The best mojibake segment that starts at most three characters before ``i``.

    Every third character of GBK mojibake is lead-shaped, so a segment holding the hit
    at ``i`` starts within three characters of it; trying those few starts, not the
    whole run, keeps long clean paragraphs (Traditional text has many lead-shaped
    characters) cheap.
    """
    lo = i
    while lo > floor and i - lo < 3 and ord(text[lo - 1]) >= 0x80:
        lo -= 1
    # The first round below reads ``text[lo : i + 9]`` and nothing else (the run is cut
    # at ``i + 8``; the character after it only says whether the run was capped), so its
    # outcome is a function of that slice: memoised across documents, since pages of one
    # site repeat the same rare-character phrases. Longer rounds are not memoised.
    key = (text[lo : i + _FIRST_SPAN + 1], i - lo, codec.name)
    if key in _NEAR_MEMO:
        known = _NEAR_MEMO[key]
        if known is None:
            return None
        a, b, original, repaired, score, lost = known
        return Segment(lo + a, lo + b, original, repaired, codec, score, lost)
    best, first_round = _segment_from(text, lo, i, codec)
    if first_round:
        if len(_NEAR_MEMO) >= _NEAR_MEMO_SIZE:
            _NEAR_MEMO.clear()
        _NEAR_MEMO[key] = None
        if best is not None:
            rel = (best.start - lo, best.end - lo)
            _NEAR_MEMO[key] = (*rel, best.original, best.repaired, best.score, best.lost)
    return best


_FIRST_SPAN = 8
_NEAR_MEMO_SIZE = 65536
_NEAR_MEMO: dict[tuple[str, int, str], tuple[int, int, str, str, float, int] | None] = {}


def _segment_from(text: str, lo: int, i: int, codec: Codec) -> tuple[Segment | None, bool]:
    """``_segment_near``'s search from ``lo``, and whether its first round decided it."""
    span = _FIRST_SPAN
    while True:
        rm = _RUN_RE.match(text, i, i + span)
        hi = rm.end() if rm else i + 1
        capped = hi == i + span and hi < len(text)
        data, bounds = _run_bytes(text[lo:hi], codec)
        at = {b: k for k, b in enumerate(bounds)}
        if not capped and text[hi - 1] != "?":
            # The run really ends here: a sequence cut short at its end lost its last
            # byte(s) to the ASCII character that follows.
            data += _END_BYTE
            at[len(data)] = len(bounds) - 1
        best: Segment | None = None
        reached_end = False
        for s in range(0, i - lo + 1):
            if not 0xC2 <= data[bounds[s]] <= 0xF4:
                continue
            got = _match_at(data, bounds, at, s)
            if got is None:
                continue
            j, decoded = got
            if j <= i - lo:
                continue
            reached_end = reached_end or j >= len(bounds) - 5
            # Clean characters right after the mojibake can read as a two-byte sequence,
            # a swallowed ASCII byte or orphans after a gap: also try ending up to four
            # characters earlier, and keep a shorter end only when it scores better.
            ends = [got]
            for k in range(1, 5):
                if j - k <= max(s, i - lo):
                    break
                if not text[lo + j - k : lo + j].strip(GAP + "?"):
                    continue  # trailing gaps belong to the garble, not to clean text
                alt = _match_at(data, bounds, at, s, bounds[j - k])
                if alt is not None and alt[0] == j - k:
                    ends.append(alt)
            for j, decoded in ends:
                original = text[lo + s : lo + j]
                if decoded == original or _implausible(decoded):
                    continue
                score, lost = _score(original, decoded)
                if best is None or score > best.score:
                    best = Segment(lo + s, lo + j, original, decoded, codec, score, lost)
        if reached_end and capped:
            span *= 4
            continue
        return best, span == _FIRST_SPAN


def _match_at(
    data: bytes, bounds: list[int], at: dict[int, int], i: int, endpos: int | None = None
) -> tuple[int, str] | None:
    pos = bounds[i]
    m = _STRETCH.match(data, pos, len(data) if endpos is None else endpos)
    while m is not None and m.end() not in at:
        # The stretch ends inside a character: cut back to a character boundary.
        cut = bounds[bisect.bisect_right(bounds, m.end()) - 1]
        if cut <= pos:
            return None
        m = _STRETCH.match(data, pos, cut)
    if m is None or m.end() == pos:
        return None
    j = at[m.end()]
    return j, _decode(data[pos : m.end()])


_RUN_RE = re.compile(r"[^\x00-\x7f]+\??")


def find_segments(
    text: str,
    min_score: float = 5.0,
    strong_score: float = 10.0,
    weak_score: float = 1.5,
) -> list[Segment]:
    """Mojibake segments of ``text``, in order, non-overlapping.

    A segment scoring ``min_score`` counts on its own; once one scores ``strong_score``
    the document is known to be mis-decoded and short pieces down to ``weak_score`` (a
    lone `锛` before a lost byte) are taken too.
    """
    pre = prefilter()
    m = pre.search(text)
    if m is None:
        return []
    cands: list[Segment] = []
    done = 0
    while m is not None:
        i = m.start()
        best: Segment | None = None
        for codec in codecs():
            if not _plausible_start(text, i, codec.to_bytes):
                continue
            seg = _segment_near(text, i, done, codec)
            if seg is not None and seg.score >= 0 and (best is None or seg.score > best.score):
                best = seg
        if best is not None:
            cands.append(best)
            done = best.end
        m = pre.search(text, max(done, i + 1))
    if not cands:
        return []
    strongest = max(cands, key=lambda s: s.score)
    if strongest.score >= strong_score:
        # Short pieces cut off by a lost byte (`鏈�` for `月`) carry little statistics of
        # their own; in a document known to be mis-decoded they are the same accident.
        kept = [
            s
            for s in cands
            if (s.score >= weak_score and (s.score >= min_score or _plain(s.repaired)))
            or (s.score >= 0 and len(s.original) <= 3 and s.original[-1] in (GAP, "?"))
        ]
        kept = [_dropped_private(text, s) for s in kept]
        return sorted(kept + _latin_letters(text, kept, strongest.codec, weak_score), key=_start)
    kept = [s for s in cands if s.score >= min_score and s.repaired.strip(GAP)]
    if not kept:
        return []
    # A weaker stretch a few characters from a clear one is the same mis-decoded span
    # (`任務(wù)艱巨` garbled as a whole: the `(wù)` between splits it). Half the bar
    # still clears everything clean text scored in the measurements (at most 2).
    spans = [(s.start, s.end) for s in kept]
    kept += [
        s
        for s in cands
        if max(weak_score, min_score / 2) <= s.score < min_score
        and any(s.start - 8 <= b and a <= s.end + 8 for a, b in spans)
    ]
    kept = [_dropped_private(text, s) for s in kept]
    near = _latin_letters(text, kept, strongest.codec, weak_score, near=3)
    return sorted(kept + near, key=_start)


def _start(seg: Segment) -> int:
    return seg.start


_PLAIN = re.compile(
    "[\x00-\xff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\ufffd]*"
)


def _plain(repaired: str) -> bool:
    """A weak piece's repair is text of the kind the page holds (Chinese, punctuation,
    Latin): one that repairs into phonetic letters or Hangul jamo extensions (Japanese
    `岬リサ` -> `ᵥꥵ`) is not the same accident, whatever the rarity scores say."""
    return _PLAIN.fullmatch(repaired) is not None


@functools.cache
def _private_pairs() -> tuple[bytes, ...]:
    """GBK's user-defined byte pairs whose first byte can continue a UTF-8 sequence: a
    GBK decoder maps them to private-use characters, which cleaning steps often delete."""
    out = []
    for x in range(0xA1, 0xB0):
        for y in range(0x40, 0xFF):
            try:
                c = bytes((x, y)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(c) == 1 and 0xE000 <= ord(c) <= 0xF8FF:
                out.append(bytes((x, y)))
    return tuple(out)


_UTF8_PREFIX = re.compile(rb"(?:" + _VALID + rb")+")


def _dropped_private(text: str, seg: Segment) -> Segment:
    """``seg`` carried on over mojibake cut short by a deleted private-use character.

    `新闻热线` read as GBK is `鏂伴椈鐑\ue160嚎`: the pair AD E7 of `热线` is GBK's user
    area, a private-use character that a cleaner deleted, leaving `鐑嚎` that no UTF-8
    round trip reads. Putting a user-area pair back between the characters after the
    segment makes them UTF-8 again; several pairs do (`热线`, `烫线`, `烯线`...), so the
    one whose repair the document itself writes elsewhere (`新闻热线` in a clean line) is
    taken; without such a witness the characters are reported as lost (U+FFFD), so the
    whole garble is still one finding and never half repaired.
    """
    if seg.codec.name != "gb18030" or not seg.repaired or seg.repaired.endswith(GAP):
        return seg
    table = seg.codec.to_bytes
    end = seg.end
    while end < len(text) and end - seg.end < 6 and text[end] in table:
        end += 1
    if end - seg.end < 2:
        return seg
    tail = text[seg.end : end]
    raw = b"".join(table[c] for c in tail)
    if not (0xE0 <= raw[0] <= 0xEF and 0x80 <= raw[1] <= 0xBF):
        return seg
    bounds = {2 * k: k for k in range(len(tail) + 1)}
    best: dict[str, int] = {}
    cost = 1e9
    for pair in _private_pairs():
        data = raw[:2] + pair + raw[2:]
        m = _UTF8_PREFIX.match(data)
        if m is None or m.end() < 6:
            continue
        # the decoded part must end on a boundary of the characters as printed
        if (m.end() - 2) not in bounds:
            continue
        decoded = data[: m.end()].decode("utf-8")
        if any(ord(c) < 0x80 for c in decoded):
            continue
        c = sum(char_cost(ch) for ch in decoded)
        if c < cost:
            best, cost = {}, c
        if c == cost:
            best[decoded] = bounds[m.end() - 2]
    if not best or cost > 0.5 * len(next(iter(best))):
        return seg
    witnessed = [d for d in best if (seg.repaired + d) in text or (len(d) > 1 and d in text)]
    if len(witnessed) == 1:
        decoded = witnessed[0]
        n = best[decoded]
        lost = seg.lost
    else:
        n = min(best.values())
        if len({best[d] for d in best}) != 1:
            return seg
        decoded = GAP * len(next(iter(best)))
        lost = seg.lost + len(decoded)
    return Segment(
        seg.start,
        seg.end + n,
        text[seg.start : seg.end + n],
        seg.repaired + decoded,
        seg.codec,
        seg.score,
        lost,
    )


_LATIN_GAP = re.compile(r"(?<=[A-Za-z0-9 (])[^\x00-\x7f]{1,2}(?=[A-Za-z0-9)\]/.,;:!? ]|$)")


def _latin_letters(
    text: str, taken: list[Segment], codec: Codec, score: float, near: int | None = None
) -> list[Segment]:
    """Accented Latin letters and symbols read as one Chinese character each (pinyin
    `nóng` -> `n贸ng`, `café` -> `caf茅`, `35μg` -> `35渭g`), in a document known to be
    mis-decoded, or (``near``) within that many characters of a mis-decoded stretch.

    Alone, `贸` between Latin letters proves nothing (it is a common character); next to
    a stretch mis-decoded with ``codec`` it is the same accident.
    """
    out = []
    spans = [(t.start, t.end) for t in taken]
    for m in _LATIN_GAP.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        if near is not None and not any(
            m.start() - near <= b and a <= m.end() + near for a, b in spans
        ):
            continue
        try:
            raw = b"".join(codec.to_bytes[c] for c in m.group())
            repaired = raw.decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if all(0xA0 <= ord(c) <= 0x3FF or 0x1E00 <= ord(c) <= 0x1EFF for c in repaired):
            out.append(Segment(m.start(), m.end(), m.group(), repaired, codec, score, 0))
    return out


def repair_is_exact(seg: Segment) -> bool:
    """The repair re-encodes to exactly the mis-decoded text: nothing was guessed."""
    if not seg.exact:
        return False
    try:
        return seg.repaired.encode("utf-8").decode(seg.codec.name) == seg.original
    except UnicodeDecodeError:
        return False
