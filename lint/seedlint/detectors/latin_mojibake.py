"""``latin-mojibake``: UTF-8 read as a single-byte code page (`â€œ`, `Ã©`, `ï»¿`).

The repair is ftfy's, but only its encoding repair: ftfy's default ``fix_text`` also
straightens curly quotes, folds full-width punctuation to ASCII and NFC-normalises,
which would rewrite every clean Chinese sentence (`“战疫”` -> `"战疫"`, `，` -> `,`).
So ftfy runs with every other fixer switched off, and only on short spans around a
mojibake signature, and the edits are cut down to the characters that actually
changed: a fix never rewrites a line to repair one word.

Prefilter (one regex pass): a character that a UTF-8 lead byte (C2-F4) becomes in one
of ftfy's code pages, directly followed by what a continuation byte (80-BF) becomes in
the *same* code page. Clean Chinese (`——`, `“…`) never has such a pair in a single code
page, so ftfy is not even called on it.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import ftfy
from ftfy import chardata
from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._charcount import count_chars
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, register
from seedlint.sources import common_share

# ftfy's encoding repair and nothing else: no HTML unescaping, no quote uncurling, no
# width folding, no normalisation, no control-character removal (other rules own those).
FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# Steps that guess at lost bytes rather than undo a decoding: the repair is plausible,
# not certain.
GUESSING_STEPS = {"restore_byte_a0", "replace_lossy_sequences", "fix_c1_controls"}


class LatinMojibakeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_span: int = Field(default=2000, ge=16)
    """Longest stretch handed to ftfy at once (ftfy itself works line by line)."""


@dataclass(frozen=True)
class _Tables:
    pair_re: re.Pattern[str]
    pairs: frozenset[tuple[str, str]]
    span_chars: frozenset[str]


@functools.cache
def _tables() -> _Tables:
    pairs: set[tuple[str, str]] = set()
    span_chars: set[str] = {chr(c) for c in range(0x20, 0x7F)} | {"\t", "\ufffd"}
    leads: set[str] = set()
    conts: set[str] = set()
    for enc in chardata.CHARMAP_ENCODINGS:
        lead = bytes(range(0xC2, 0xF5)).decode(enc)
        cont = bytes(range(0x80, 0xC0)).decode(enc)
        span_chars.update(bytes(range(0x80, 0x100)).decode(enc))
        leads.update(lead)
        conts.update(cont)
        pairs.update((a, b) for a in lead for b in cont)
        # A continuation byte that a decoder replaced (ftfy's lossy sequences).
        pairs.update((a, "\ufffd") for a in lead)
    # ftfy's restore_byte_a0: a lead whose A0 continuation became a space (the leads
    # ftfy's ALTERED_UTF8_RE knows, as Latin-1 shows them).
    for a in "ÂÃÅÎÐÙ":
        pairs.update({(a, " "), (a, "\xa0")})
    conts.update(" \xa0\ufffd")
    cls_lead = "".join(re.escape(c) for c in sorted(leads))
    cls_cont = "".join(re.escape(c) for c in sorted(conts))
    return _Tables(
        re.compile(f"[{cls_lead}](?=[{cls_cont}])"), frozenset(pairs), frozenset(span_chars)
    )


@functools.cache
def _dropped_9d() -> re.Pattern[str]:
    """`â€` not followed by what any byte 80-BF becomes in Windows-1252: the `”` (E2 80
    9D) whose 0x9D, undefined in Windows-1252, the decoder dropped. ftfy leaves it, as it
    cannot know the byte; `”` is by far the most common character it can be (the other
    undefined bytes give U+2001, U+200D, U+200F, U+2010). A `?` or U+FFFD standing for
    the byte is ftfy's own lossy-sequence case and is left to it."""
    follow = {bytes((b,)).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
    cls = "".join(re.escape(c) for c in sorted(follow))
    return re.compile(f"â€(?![{cls}?\ufffd])")


@dataclass
class LatinSpan:
    start: int
    end: int
    original: str
    repaired: str
    explanation: str
    """ftfy's plan, e.g. ``encode sloppy-windows-1252, decode utf-8``."""
    source: str
    """The code page the UTF-8 bytes were read as."""
    guessed: bool
    what: str = ""
    """What happened, for the message (default: UTF-8 read as ``source``)."""


def _explain(steps: list[tuple[str, str]]) -> str:
    return ", ".join(f"{a} {p}" for a, p in steps) or "no change"


def _source_encoding(steps: list[tuple[str, str]]) -> str:
    for action, param in steps:
        if action == "encode":
            return param.replace("sloppy-", "")
    return "a single-byte code page"


def _merge_edits(src: str, dst: str, offset: int) -> list[tuple[int, int, int, int]]:
    """Changed regions of ``src`` -> ``dst``, widened to whole non-ASCII clusters.

    Widening over unchanged neighbours is always valid (those characters are equal on
    both sides) and makes the reported span the whole garble (`Ãƒ`, not just `ƒ`).
    """
    matcher = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    ops = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    merged: list[list[int]] = []
    for i1, i2, j1, j2 in ops:
        if merged and i1 - merged[-1][1] <= 2 and not src[merged[-1][1] : i1].isspace():
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    out = []
    for i1, i2, j1, j2 in merged:
        if i1 != i2 and j1 != j2:
            out.append((i1, i2, j1, j2))
            continue
        while i1 > 0 and j1 > 0 and ord(src[i1 - 1]) >= 0x80 and src[i1 - 1] == dst[j1 - 1]:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(src) and j2 < len(dst) and ord(src[i2]) >= 0x80 and src[i2] == dst[j2]:
            i2, j2 = i2 + 1, j2 + 1
        out.append((i1, i2, j1, j2))
    return out


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SOUP_MIN = 20


def replacement_soup(text: str) -> bool:
    """A text in which U+FFFD is a tenth of the non-ASCII characters or more: GBK read
    as UTF-8 with replacement. Its Latin, Greek and Cyrillic letters are what was left of
    GBK byte pairs, not UTF-8 read as a code page: ftfy's "repair" of them is more
    U+FFFD (judged wrong on every real case); the lost-character rule reports the text."""
    lost = text.count("\ufffd")
    return lost >= _SOUP_MIN and lost * 10 >= count_chars(_NON_ASCII, text)


def _gbk_read_as_latin(
    span: str, min_chars: int | None = None, utf8_first: bool = True
) -> str | None:
    """``span`` decoded again as GBK, when it is GBK bytes shown as Latin-1 characters
    (`¸ü¶à¾«` for `更多精`): each stretch of Latin-1 characters decodes strictly as
    GB18030 but not as UTF-8 (characters beyond Latin-1, a real `€`, stay as they are),
    and four in five of the characters that gives are common Chinese (GB2312 level 1 or
    its punctuation), which accented Latin text never gives.

    ``utf8_first=False``, ``min_chars``: the reading when the UTF-8 one is implausible
    (``_implausible_utf8``), however short."""
    least = _GBK_MIN_CHARS if min_chars is None else min_chars
    out: list[str] = []
    for k, piece in enumerate(_BEYOND_LATIN1.split(span)):
        if k % 2 or not piece:
            out.append(piece)
            continue
        raw = piece.encode("latin-1")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if utf8_first and not piece.isascii():
                # UTF-8 read as a code page (`Ä±` for `ı`): its lead bytes C2-DF read as
                # GBK are level-1 characters too, so the UTF-8 reading, ftfy's, comes first
                return None
        try:
            out.append(raw.decode("gb18030"))
        except UnicodeDecodeError:
            return None
    decoded = "".join(out)
    share, wide = common_share(decoded)
    if wide < least or share < 0.8:
        return None
    return decoded


_PLAUSIBLE_EXT_B = frozenset("ƠơƯư") | {chr(c) for c in range(0x1CD, 0x1DD)}
"""Latin Extended-B letters of living orthographies: Vietnamese, and pinyin's tone
letters (`ǎ`, `ǚ`)."""


def _implausible_utf8(reps: list[str]) -> bool:
    """Whether ftfy's UTF-8 reading gives only letters no prose is written in: IPA
    letters, spacing modifiers and the rarer Latin Extended-B (`Ê±` -> `ʱ`, where the
    bytes are the GBK `时`). UTF-8 lead bytes C6-CB are also GBK lead bytes of common
    characters, so such a "repair" is the GBK text losing one character at the edge of
    its span (`½ØÖÁ24Ê±`, `截至24时`, became `½ØÖÁ24ʱ`)."""
    chars = [c for r in reps for c in r if not c.isascii()]
    return bool(chars) and all(
        0x180 <= ord(c) <= 0x2FF and c not in _PLAUSIBLE_EXT_B for c in chars
    )


_BEYOND_LATIN1 = re.compile("([^\x00-\xff]+)")
_GBK_MIN_CHARS = 4
_GBK_SAFE_CHARS = 8


def _capital_a_circumflex(text: str, start: int, end: int) -> bool:
    """Whether the repair only drops an `Â` that ends a word of capitals before a space.

    `Â` + no-break space is the commonest mojibake of a lone no-break space, but after a
    capital letter the `Â` may be a letter of an all-caps word (ftfy's own known false
    positive, a romanised title: `MISUTÂ` + NBSP). Both readings are plausible, so the
    repair is a guess (an unsafe fix), not a certainty.
    """
    garble = text[start:end].rstrip(" \xa0")
    before = text[start - 1] if start else ""
    return garble == "Â" and before.isalpha() and before.isupper()


def latin_spans(text: str, max_span: int = 2000) -> list[LatinSpan]:
    """Every Latin mojibake stretch in ``text`` with ftfy's repair of it (or, for GBK
    bytes shown as Latin-1, the GBK reading)."""
    t = _tables()
    out: list[LatinSpan] = []
    done = 0
    if "\ufffd" in text and replacement_soup(text):
        return out
    for m in t.pair_re.finditer(text):
        i = m.start()
        if i < done or (text[i], text[i + 1]) not in t.pairs:
            continue
        lo = i
        while lo > done and i - lo < max_span and text[lo - 1] in t.span_chars:
            lo -= 1
        hi = i + 2
        while hi < len(text) and hi - i < max_span and text[hi] in t.span_chars:
            hi += 1
        done = hi
        span = text[lo:hi]
        gbk = _gbk_read_as_latin(span)
        if gbk is not None:
            exact = sum(1 for c in gbk if c >= "\x80") >= _GBK_SAFE_CHARS
            for i1, i2, j1, j2 in _merge_edits(span, gbk, lo):
                out.append(
                    LatinSpan(
                        lo + i1,
                        lo + i2,
                        span[i1:i2],
                        gbk[j1:j2],
                        "encode latin-1, decode gb18030",
                        "Latin-1",
                        not exact,
                        what="GBK read as Latin-1",
                    )
                )
            continue
        restored = _dropped_9d().sub("â€\x9d", span)
        fixed, steps = ftfy.fix_encoding_and_explain(restored, FTFY_ENCODING_ONLY)
        if fixed == span or fixed == restored:
            continue
        plan = [(s[0], s[1]) for s in (steps or [])]
        guessed = any(p in GUESSING_STEPS for _, p in plan)
        explanation = _explain(plan)
        edits = _merge_edits(span, fixed, lo)
        if _implausible_utf8([fixed[j1:j2] for _, _, j1, j2 in edits]):
            weak = _gbk_read_as_latin(span, min_chars=1, utf8_first=False)
            weak_edits = [] if weak is None else _merge_edits(span, weak, lo)
            if weak is not None and not all(
                i2 - i1 <= 2 and _between_han(text, lo + i1, lo + i2) for i1, i2, _, _ in weak_edits
            ):
                out.extend(
                    LatinSpan(
                        lo + i1,
                        lo + i2,
                        span[i1:i2],
                        weak[j1:j2],
                        "encode latin-1, decode gb18030",
                        "Latin-1",
                        True,  # a short reading, chosen over an implausible one: a guess
                        what="GBK read as Latin-1",
                    )
                    for i1, i2, j1, j2 in weak_edits
                )
                continue
        for i1, i2, j1, j2 in edits:
            rep = fixed[j1:j2]
            around = span[max(0, i1 - 1) : i2 + 1]
            if all("\x80" <= c <= "\x9f" for c in span[i1:i2]) or not any(
                pair in t.pairs for pair in itertools.pairwise(around)
            ):
                continue  # a lone C1 control (the control-character rule's) is no mojibake
            out.append(
                LatinSpan(
                    lo + i1,
                    lo + i2,
                    span[i1:i2],
                    rep,
                    explanation,
                    _source_encoding(plan),
                    guessed
                    or "\ufffd" in rep
                    or (restored != span and _dropped_9d().search(span[: i2 + 1], i1) is not None)
                    or _capital_a_circumflex(text, lo + i1, lo + i2),
                )
            )
    return out


def cached_latin_spans(doc: Document, max_span: int = 2000) -> list[LatinSpan]:
    key = f"latin-mojibake:{max_span}"
    if key not in doc.cache:
        doc.cache[key] = latin_spans(doc.text, max_span)
    spans: list[LatinSpan] = doc.cache[key]
    return spans


_GUESSED_NON_LATIN = (
    "ptcp154", "kz1048", "cp1251", "iso8859_5", "koi8", "mac_cyrillic", "cp866", "cp855",
    "cp1253", "iso8859_7", "mac_greek",
)  # fmt: skip


def _lone_letter_in_han(text: str, s: LatinSpan) -> bool:
    """A repair to one IPA or Latin-extended letter between Chinese characters
    (`南洋É¬林` -> `南洋ɬ林`): garbage of another origin, not a word ftfy restores."""
    if len(s.repaired) != 1 or not 0x180 <= ord(s.repaired) <= 0x2AF:
        return False
    return _between_han(text, s.start, s.end)


def _between_han(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a Chinese character on each side: one pair there
    (`南洋É¬林`) is garbage of another origin, neither a UTF-8 nor a GBK word."""
    pre = text[start - 1] if start else ""
    post = text[end] if end < len(text) else ""
    return _HAN_CHAR.match(pre) is not None and _HAN_CHAR.match(post) is not None


_HAN_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


@register
class LatinMojibakeDetector(Detector):
    kind = "latin-mojibake"
    Params = LatinMojibakeParams

    def check(self, doc: Document) -> Iterator[Hit]:
        p: LatinMojibakeParams = self.params
        if doc.encoding.lower().replace("-", "_").startswith(_GUESSED_NON_LATIN):
            # The file itself was read with a guessed Cyrillic or Greek code page (GBK
            # bytes taken for PTCP154): its letters are that misreading, which the
            # file-encoding rule reports, not UTF-8 read as a code page.
            return
        for s in cached_latin_spans(doc, p.max_span):
            if _lone_letter_in_han(doc.text, s):
                continue
            yield Hit(
                s.start,
                s.end,
                data={
                    "repaired": s.repaired,
                    "explanation": s.explanation,
                    "source": s.source,
                    "what": s.what or f"UTF-8 read as {s.source}",
                    "how": s.explanation if s.what else f"ftfy: {s.explanation}",
                },
                edits=[Edit(start=s.start, end=s.end, replacement=s.repaired)],
                applicability=Applicability.UNSAFE if s.guessed else None,
                fix_description=f"replace with `{s.repaired}`",
            )
