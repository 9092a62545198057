"""``duplicate_lines`` and ``ngram_repetition``: text that says the same thing twice.

Scrapers duplicate lines when a page renders a block twice (seed 000 repeats its
`《 人民日報 》( 2022年11月23日 02 版)` line), and generated or spun pages repeat phrases
far more than prose does. Repetition inflates a corpus with the same tokens and is
among the strongest quality filters known (Gopher, FineWeb).

``duplicate_lines`` reports a line that repeats the line right before it (removal is
safe: nothing is lost) and a long line that repeats any earlier line (removal is
unsafe: a quote or a refrain may repeat on purpose).

``ngram_repetition`` applies Gopher-style document statistics. Tokens are Han
characters and Latin words, so for Chinese an n-gram is n characters; the thresholds in
the YAML were set from measured distributions on clean and dirty web text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._webtext import lines, removal_edit
from seedlint.document import Document
from seedlint.model import Applicability
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

_WORDISH_RE = re.compile(r"\w", re.UNICODE)


class DuplicateParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adjacent_min_chars: int = Field(default=4, ge=1)
    """An adjacent repeat shorter than this (`好`, `是的`) is left alone: dialogue repeats."""
    repeated_min_chars: int = Field(default=30, ge=1)
    """A repeat of an earlier, non-adjacent line is reported from this length on."""


@register
class DuplicateLinesDetector(Detector):
    kind = "duplicate_lines"
    Params = DuplicateParams

    def __init__(self, rule: RuleSpec, params: DuplicateParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: DuplicateParams = self.params
        ls = lines(doc)
        seen: dict[str, int] = {}
        prev: str | None = None
        prev_idx = -1
        text_len = len(doc.text)
        for ln in ls:
            s = ln.text.strip()
            if not s:
                continue
            wordish = len(_WORDISH_RE.findall(s))
            lead = len(ln.text) - len(ln.text.lstrip())
            start, end = ln.start + lead, ln.start + len(ln.text.rstrip())
            if s == prev and len(s) >= p.adjacent_min_chars and wordish >= 2:
                yield Hit(
                    start,
                    end,
                    data={"where": f"the line before it (line {prev_idx + 1})"},
                    edits=[removal_edit(ls, ln.idx, ln.idx, text_len)],
                    fix_description="remove the repeated line",
                )
            elif s in seen and len(s) >= p.repeated_min_chars and wordish >= 2:
                yield Hit(
                    start,
                    end,
                    data={"where": f"line {seen[s] + 1}"},
                    edits=[removal_edit(ls, ln.idx, ln.idx, text_len)],
                    applicability=Applicability.UNSAFE,
                    fix_description="remove the repeated paragraph",
                )
            seen.setdefault(s, ln.idx)
            prev, prev_idx = s, ln.idx


_TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\d_]+|\d+", re.UNICODE)


class NgramParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_tokens: int = Field(default=200, ge=10)
    """Shorter documents are not judged: the statistics are noise on a few sentences."""
    top_ngram_max: dict[int, float] = Field(default_factory=lambda: {2: 0.2, 3: 0.18, 4: 0.16})
    """n -> the most frequent n-gram may cover at most this share of the characters."""
    dup_ngram_max: dict[int, float] = Field(default_factory=lambda: {10: 0.3})
    """n -> n-grams seen more than once may cover at most this share of the characters."""
    dup_line_chars_max: float = Field(default=0.2, ge=0, le=1)
    """Share of characters in lines that repeat an earlier line."""


def _tokens(text: str) -> tuple[list[str], list[int]]:
    toks, starts = [], []
    for m in _TOKEN_RE.finditer(text):
        toks.append(m.group())
        starts.append(m.start())
    return toks, starts


@register
class NgramRepetitionDetector(Detector):
    kind = "ngram_repetition"
    Params = NgramParams

    def __init__(self, rule: RuleSpec, params: NgramParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: NgramParams = self.params
        res = repetition_stats(doc.text, p)
        if res is None:
            return
        for name, value, limit, span in res:
            if value > limit:
                yield Hit(
                    span[0],
                    span[1],
                    data={"stat": name, "value": f"{value:.2f}", "limit": f"{limit:.2f}"},
                )
                return


def repetition_stats(
    text: str, p: NgramParams
) -> list[tuple[str, float, float, tuple[int, int]]] | None:
    """(statistic, value, limit, span of an example) per configured statistic."""
    toks, starts = _tokens(text)
    if len(toks) < p.min_tokens:
        return None
    lens = [len(t) for t in toks]
    total = sum(lens)
    out: list[tuple[str, float, float, tuple[int, int]]] = []
    for n, limit in sorted(p.top_ngram_max.items()):
        counts: Counter[tuple[str, ...]] = Counter(
            tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)
        )
        if not counts:
            continue
        gram, c = counts.most_common(1)[0]
        value = c * sum(len(t) for t in gram) / total if c > 1 else 0.0
        first = next(i for i in range(len(toks) - n + 1) if tuple(toks[i : i + n]) == gram)
        span = (starts[first], starts[first + n - 1] + len(toks[first + n - 1]))
        out.append((f"top {n}-gram share", value, limit, span))
    for n, limit in sorted(p.dup_ngram_max.items()):
        # Gopher's duplicate n-gram share: walk the tokens; an n-gram seen before counts
        # its characters and the walk jumps past it, so overlapping repeats count once.
        seen_grams: set[tuple[str, ...]] = set()
        repeated = 0
        example: tuple[int, int] | None = None
        i = 0
        while i <= len(toks) - n:
            g = tuple(toks[i : i + n])
            if g in seen_grams:
                repeated += sum(lens[i : i + n])
                if example is None:
                    example = (starts[i], starts[i + n - 1] + lens[i + n - 1])
                i += n
            else:
                seen_grams.add(g)
                i += 1
        out.append((f"duplicate {n}-gram share", repeated / total, limit, example or (0, 0)))
    seen: set[str] = set()
    dup_chars = all_chars = 0
    first_dup: tuple[int, int] | None = None
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            all_chars += len(s)
            if s in seen:
                dup_chars += len(s)
                if first_dup is None:
                    first_dup = (pos, pos + len(raw))
            seen.add(s)
        pos += len(raw) + 1
    if all_chars:
        out.append(
            (
                "duplicate line share",
                dup_chars / all_chars,
                p.dup_line_chars_max,
                first_dup or (0, 0),
            )
        )
    return out
