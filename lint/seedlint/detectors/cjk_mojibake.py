"""``cjk-mojibake``: UTF-8 Chinese read as GBK/GB18030 or Big5, and encoding debris.

``what: mojibake`` finds stretches like `鏂伴椈鐑嚎` (`新闻热线` read as GBK) by the
statistics in ``_cjk_stats`` and repairs them by re-encoding with the wrong codec and
decoding as UTF-8. When the round trip is exact the fix is safe. When the wrong decoder
lost bytes (an odd byte before ASCII became U+FFFD or `?`) the rest is still recovered
and the fix is offered as unsafe, with U+FFFD standing where characters are gone, so
the lost-character rule keeps pointing at them.

``what: debris`` finds the well-known leftovers no repair can undo: `锟斤拷` (U+FFFD
replacement characters, written as UTF-8 and read as GBK: the original characters were
already gone), and runs of `烫` / `屯` (0xCC / 0xCD fill bytes of uninitialised memory
in MSVC debug builds, printed as GBK). A mention in quotes (`“锟斤拷”是什么`) is an
article about mojibake, not debris.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from seedlint.detectors._cjk_stats import Segment, find_segments, repair_is_exact
from seedlint.detectors._gbk_shift import find_shifted
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, register


class CjkMojibakeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    what: Literal["mojibake", "debris"]
    min_score: float = Field(default=5.0, gt=0)
    """Rarity gain (mis-decoded cost minus repaired cost) a stretch needs on its own."""
    strong_score: float = Field(default=10.0, gt=0)
    """A stretch this clear proves the document was mis-decoded..."""
    weak_score: float = Field(default=1.5, gt=0)
    """...and then shorter stretches down to this gain are repaired too."""
    debris_min_run: int = Field(default=3, ge=2)
    """Shortest run of `烫` or `屯` taken for memory fill."""

    @model_validator(mode="after")
    def _ordered(self) -> CjkMojibakeParams:
        if not self.weak_score <= self.min_score <= self.strong_score:
            raise ValueError("need weak_score <= min_score <= strong_score")
        return self


def cached_segments(
    doc: Document, min_score: float = 5.0, strong_score: float = 10.0, weak_score: float = 1.5
) -> list[Segment]:
    """The document's CJK mojibake segments, computed once per document and thresholds."""
    key = f"cjk-mojibake:{min_score}:{strong_score}:{weak_score}"
    if key not in doc.cache:
        doc.cache[key] = find_segments(doc.text, min_score, strong_score, weak_score)
    segs: list[Segment] = doc.cache[key]
    return segs


_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", '"': '"', "'": "'", "‘": "’", "【": "】"}


def _quoted(text: str, start: int, end: int) -> bool:
    if start == 0 or end >= len(text):
        return False
    return _QUOTES.get(text[start - 1]) == text[end]


@register
class CjkMojibakeDetector(Detector):
    kind = "cjk-mojibake"
    Params = CjkMojibakeParams

    def check(self, doc: Document) -> Iterator[Hit]:
        p: CjkMojibakeParams = self.params
        if p.what == "debris":
            yield from self._debris(doc.text, p.debris_min_run)
            return
        segs = cached_segments(doc, p.min_score, p.strong_score, p.weak_score)
        yield from self._shifted(doc, segs)
        for seg in segs:
            exact = repair_is_exact(seg)
            if exact:
                note = ""
            elif seg.lost:
                note = f"; {seg.lost} character(s) could not be recovered and are marked U+FFFD"
            else:
                note = "; a deleted private-use character was put back"
            yield Hit(
                seg.start,
                seg.end,
                data={
                    "repaired": seg.repaired,
                    "how": f"UTF-8 read as {seg.codec.label}",
                    "codec": seg.codec.label,
                    "lost": seg.lost,
                    "note": note,
                },
                edits=[Edit(start=seg.start, end=seg.end, replacement=seg.repaired)],
                applicability=None if exact else Applicability.UNSAFE,
                fix_description=(
                    f"re-encode as {seg.codec.label} and decode as UTF-8"
                    + ("" if exact else " (partial: lost characters become U+FFFD)")
                ),
            )

    @staticmethod
    def _shifted(doc: Document, segs: list[Segment]) -> Iterator[Hit]:
        """GBK decoded one byte off after a lost byte; never where a UTF-8-as-GBK
        stretch was found (that repair explains the text better)."""
        taken = [(s.start, s.end) for s in segs]
        for run in find_shifted(doc.text):
            if any(a < run.end and run.start < b for a, b in taken):
                continue
            yield Hit(
                run.start,
                run.end,
                data={
                    "repaired": run.repaired,
                    "how": "GBK decoded one byte off after the lost byte before it",
                    "codec": "GBK/GB18030",
                    "lost": 0,
                    "note": " (the character at the lost byte is gone)",
                },
                edits=[Edit(start=run.start, end=run.end, replacement=run.repaired)],
                # a guess at where the byte was lost, read from the statistics: reviewed
                applicability=Applicability.UNSAFE,
                fix_description="re-encode as GBK and decode again from the second byte",
            )

    @staticmethod
    def _debris(text: str, min_run: int) -> Iterator[Hit]:
        # A single-character ``in`` is a memchr-speed scan, several times faster than a
        # substring search; each debris form holds its first character, so a text without
        # 锟, 烫 and 屯 (nearly every text) is settled by three such scans.
        if not (
            ("锟" in text and "锟斤拷" in text)
            or ("烫" in text and "烫" * min_run in text)
            or ("屯" in text and "屯" * min_run in text)
        ):
            return
        pattern = re.compile(f"(?:锟斤拷)+|烫{{{min_run},}}|屯{{{min_run},}}")
        for m in pattern.finditer(text):
            if _quoted(text, m.start(), m.end()):
                continue
            if m.group().startswith("锟"):
                why = (
                    "U+FFFD replacement characters written as UTF-8 and read back as GBK; "
                    "the characters they replaced were already lost"
                )
            else:
                byte = "0xCC" if m.group()[0] == "烫" else "0xCD"
                why = (
                    f"uninitialised memory ({byte} fill bytes of an MSVC debug build) "
                    "printed as GBK text"
                )
            yield Hit(m.start(), m.end(), data={"explain": why})
