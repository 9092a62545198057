"""A document's text read once: normalised, with its quantities and times.

``Reading`` computes what the claim stages need lazily, sentence by sentence where it can
(a sentence read on its own gives exactly the whole text's result), so a document without
a metric term costs almost nothing beyond the scan for one.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable
from functools import lru_cache

from seedlint.claims.breakdowns import Breakdown, Inclusion, find_breakdowns
from seedlint.claims.catalog import _breakdown_signs, _char_class, _raw_breakdown_test
from seedlint.claims.numbers import Quantity, QuantityRun, scan_quantities, scan_quantity_run
from seedlint.claims.script import _RAW_GLOSS_RE, Normalized, normalize
from seedlint.claims.times import _SENT_END, TimeExpr, scan_times

_CHANGE_RE = re.compile(
    r"\s*[，,]?\s*(?:较|比)(?P<ref>前一日|前一天|前日|前天|昨日|昨天|上一日|"
    r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})[日号])"
    r"(?P<dir>减少|下降|降低|增加|上升|增长|新增|多|少)了?"
)
_NEG_BEFORE = ("没有", "无", "未", "不", "零")


SEGMENT_ENDS = "。！？!?；;"
"""Characters no number, unit, range or stated change can hold. Segments (the text after
one of them up to and including the next) are read on their own with exactly the
whole-text results, which is what lets a reading look only where something needs it."""
# What an inclusion (``3304人(含武汉籍375人)``) needs after its figure (``_INCLUDES_RE``).
_INCLUDES_ANY_RE = re.compile(r"[(（]\s*(?:含|包括|包含|其中)")


@lru_cache(maxsize=8)
def _cut_re(chars: str) -> re.Pattern[str]:
    return re.compile(_char_class(chars))


class _Cuts:
    """The pieces of a text between cut characters (each piece ends just after one),
    looked up around the positions asked for: a stretch of text is searched once however
    many positions fall in it, and a document asked about one sentence is not split whole.
    """

    def __init__(self, text: str, chars: str) -> None:
        self.text = text
        self.chars = chars
        self._rx = _cut_re(chars)
        self._starts: list[int] = []
        self._ends: dict[int, int] = {}

    def piece(self, p: int) -> tuple[int, int]:
        """(start, end) of the piece holding offset ``p`` (``0 <= p < len(text)``): start
        just after the last cut character before ``p`` (0 if none), end just after the
        first one at or after ``p`` (the text's length if none)."""
        starts = self._starts
        k = bisect_right(starts, p) - 1
        floor = 0
        if k >= 0:
            s = starts[k]
            e = self._ends[s]
            if p < e:
                return s, e
            floor = e  # just after a cut character (or the end): nothing to look at before
        start = self._start_after(floor, p)
        m = self._rx.search(self.text, p)
        end = m.end() if m is not None else len(self.text)
        insort(starts, start)
        self._ends[start] = end
        return start, end

    def _start_after(self, floor: int, p: int) -> int:
        """Just after the last cut character in ``[floor, p)``, else ``floor``."""
        hi = p
        step = 64
        while hi > floor:
            lo = max(floor, hi - step)
            last = -1
            for m in self._rx.finditer(self.text, lo, hi):
                last = m.end()
            if last != -1:
                return last
            hi = lo
            step *= 2
        return floor

    def start(self, p: int) -> int:
        """Just after the last cut character before ``p`` (0 if none); ``p`` may be the end."""
        if p >= len(self.text):
            return self._start_after(0, p) if p > 0 else 0
        return self.piece(p)[0]

    def next_cut(self, p: int) -> int:
        """Offset of the first cut character at or after ``p`` (the text's length if none)."""
        t = self.text
        if p >= len(t):
            return len(t)
        e = self.piece(p)[1]
        return e - 1 if t[e - 1] in self.chars else len(t)


class Reading:
    """The catalog-independent reading of a text: normalised, numbers and times found.

    Each part is computed on first use and kept. A document without metric terms and
    breakdowns is only normalised and searched; numbers are read only in the segments
    around a metric term or a breakdown (``quantities_in``), times and publication dates
    only once a figure needs a period. ``quantities`` and ``times`` still give the
    whole-text lists to whoever asks.
    """

    def __init__(
        self,
        text: str,
        published: dt.date | None = None,
        reference: dt.date | None = None,
        dates: Callable[[], tuple[dt.date | None, dt.date | None]] | None = None,
    ) -> None:
        self.text = text
        self._published = published
        self._reference = reference
        self._dates = dates
        """Where publication and reference dates come from when first needed."""
        self._norm: Normalized | None = None
        self._quantities: list[Quantity] | None = None
        self._times: list[TimeExpr] | None = None
        self._segments: _Cuts | None = None
        self._segment_qs: dict[int, QuantityRun] = {}
        self._sentences: _Cuts | None = None
        self._breakdowns: tuple[list[Breakdown], list[Inclusion]] | None = None
        self._raw_plain: bool | None = None

    @classmethod
    def of_normalized(cls, t: str) -> Reading:
        """A reading of text that is already normalised."""
        rd = cls(t)
        rd._norm = Normalized(t, None, None, len(t))
        return rd

    def _load_dates(self) -> None:
        if self._dates is not None:
            self._published, self._reference = self._dates()
            self._dates = None

    @property
    def published(self) -> dt.date | None:
        self._load_dates()
        return self._published

    @property
    def reference(self) -> dt.date | None:
        self._load_dates()
        return self._reference

    @property
    def raw_plain(self) -> bool:
        """The raw text has nothing normalisation cuts out (pinyin glosses, which can split a
        word): the normalised text then holds a word exactly where the raw text holds one
        of its spellings, and raw-text prefilters can answer for it."""
        if self._raw_plain is None:
            t = self.text
            self._raw_plain = not (("(" in t or "（" in t) and _RAW_GLOSS_RE.search(t))
        return self._raw_plain

    @property
    def normalized(self) -> bool:
        return self._norm is not None

    @property
    def norm(self) -> Normalized:
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    @property
    def quantities(self) -> list[Quantity]:
        """Every quantity of the whole text."""
        if self._quantities is None:
            self._quantities = scan_quantities(self.norm.text)
        return self._quantities

    @property
    def times(self) -> list[TimeExpr]:
        """Every time expression of the whole text (dates carry over from one to the next)."""
        if self._times is None:
            self._load_dates()
            self._times = scan_times(self.norm.text, self._published, self._reference)
        return self._times

    def times_before(self, stop: int) -> list[TimeExpr]:
        """The time expressions starting before ``stop``: the first ones of ``times``."""
        if self._times is None:
            self._load_dates()
            return scan_times(self.norm.text, self._published, self._reference, stop)
        return [te for te in self._times if te.start < stop]

    def quantities_in(self, spans: Iterable[tuple[int, int]]) -> QuantityRun:
        """The whole-text quantities that start in the segments holding ``spans``
        (inclusive normalised offsets), in order, each segment read once."""
        t = self.norm.text
        if not t:
            return QuantityRun()
        if self._segments is None:
            self._segments = _Cuts(t, SEGMENT_ENDS)
        segments = self._segments
        last = len(t) - 1
        wanted: dict[int, int] = {}
        for a, b in spans:
            pos, b = min(a, last), min(b, last)
            while True:
                s, e = segments.piece(pos)
                wanted[s] = e
                if e > b:
                    break
                pos = e
        cache = self._segment_qs
        keys = sorted(wanted)
        out = QuantityRun()
        for s in keys:
            qs = cache.get(s)
            if qs is None:
                qs = cache[s] = scan_quantity_run(t, s, wanted[s])
            if len(keys) == 1:
                return qs  # one segment (a line that never ends a sentence): no copy
            out.extend(qs)
        return out

    def _sents(self) -> _Cuts:
        if self._sentences is None:
            self._sentences = _Cuts(self.norm.text, _SENT_END)
        return self._sentences

    def sentence_start(self, i: int) -> int:
        """Where the sentence holding normalised offset ``i`` starts (after 。！？!? or \\n)."""
        return self._sents().start(i)

    def sentence_end(self, i: int) -> int:
        """Offset of the first sentence end at or after ``i`` (the text's length if none)."""
        return self._sents().next_cut(i)

    def breakdowns(self) -> tuple[list[Breakdown], list[Inclusion]]:
        """Enumerations after 其中 and inclusions (含), found once per document."""
        if self._breakdowns is None:
            norm_signs, raw_signs = _breakdown_signs()
            if not self.normalized and self.raw_plain:
                may = _raw_breakdown_test()
                if may is not None and not may(self.text):
                    self._breakdowns = ([], [])  # no 其中, no inclusion: nothing to read
                    return self._breakdowns
                if raw_signs is not None and not raw_signs.may_hold(self.text):
                    self._breakdowns = ([], [])  # no figure where one would have to be
                    return self._breakdowns
            t = self.norm.text
            if ("其中" in t or "含" in t or "包括" in t) and norm_signs.may_hold(t):
                self._breakdowns = find_breakdowns(t, self._breakdown_quantities(t), self)
            else:
                self._breakdowns = ([], [])
        return self._breakdowns

    def _breakdown_quantities(self, t: str) -> QuantityRun:
        """The quantities a breakdown can use: its sentence's (total before 其中, parts
        after it) and those around an inclusion's bracket."""
        spans: list[tuple[int, int]] = []
        pos = t.find("其中")
        while pos != -1:
            spans.append((self.sentence_start(pos), max(pos, self.sentence_end(pos) - 1)))
            pos = t.find("其中", pos + 2)
        if "(" in t or "（" in t:
            spans.extend((m.start(), m.end() - 1) for m in _INCLUDES_ANY_RE.finditer(t))
        return self.quantities_in(spans)


def read_text(
    text: str, published: dt.date | None = None, reference: dt.date | None = None
) -> Reading:
    return Reading(text, published, reference)
