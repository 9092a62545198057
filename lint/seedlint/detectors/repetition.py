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
    exact_up_to: int = Field(default=5000, ge=0)
    """Documents with more tokens are prefiltered by cheap bounds before exact passes."""
    """Share of characters in lines that repeat an earlier line."""


def _token_span(text: str, first: int, n: int) -> tuple[int, int]:
    """Character span of tokens ``first .. first+n-1`` (only computed for a finding)."""
    start = end = 0
    for k, m in enumerate(_TOKEN_RE.finditer(text)):
        if k == first:
            start = m.start()
        if k == first + n - 1:
            end = m.end()
            break
    return start, end


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
    text: str, p: NgramParams, exact: bool = False
) -> list[tuple[str, float, float, tuple[int, int]]] | None:
    """(statistic, value, limit, span of an example) per configured statistic.

    On documents over ``exact_up_to`` tokens a value may be an upper bound or an anchor
    estimate that is well under its limit (``exact=True`` forces every exact pass).
    """
    toks = _TOKEN_RE.findall(text)
    if len(toks) < p.min_tokens:
        return None
    lens = [len(t) for t in toks]
    total = sum(lens)
    # One code point per distinct token: n-grams become substrings, which Python slices
    # and hashes far faster than tuples of strings.
    ids: dict[str, str] = {}
    ts = "".join([ids.setdefault(t, chr(len(ids) + 1)) for t in toks])
    out: list[tuple[str, float, float, tuple[int, int]]] = []
    # Long documents get two cheap bounds first, so clean text skips most exact passes:
    # an n-gram occurs at most as often as its shorter prefix, and duplicated material
    # shows up among n-grams starting at content-chosen anchor tokens (which sit at the
    # same places in both copies of a repeat).
    big = len(toks) > p.exact_up_to and not exact
    longest = max(lens)
    c_small = Counter(ts).most_common(1)[0][1] if big else 0
    for n, limit in sorted(p.top_ngram_max.items()):
        if len(ts) < n:
            continue
        if big and c_small and c_small * n * longest / total <= limit:
            out.append((f"top {n}-gram share", c_small * n * longest / total, limit, (0, 0)))
            continue
        gram, c = Counter([ts[i : i + n] for i in range(len(ts) - n + 1)]).most_common(1)[0]
        c_small = c
        first = ts.find(gram)
        value = c * sum(lens[first : first + n]) / total if c > 1 else 0.0
        span = _token_span(text, first, n) if value > limit else (0, 0)
        out.append((f"top {n}-gram share", value, limit, span))
    if big and p.dup_ngram_max:
        n0 = min(p.dup_ngram_max)
        anchors = [i for i in range(len(ts) - n0 + 1) if ord(ts[i]) % 8 == 1]
        grams0 = [ts[i : i + n0] for i in anchors]
        est = (len(grams0) - len(set(grams0))) / len(grams0) if grams0 else 0.0
        if est * 2 < min(p.dup_ngram_max.values()):
            for n, limit in sorted(p.dup_ngram_max.items()):
                out.append((f"duplicate {n}-gram share", est, limit, (0, 0)))
            return out + _dup_lines(text, p)
    for n, limit in sorted(p.dup_ngram_max.items()):
        # Gopher's duplicate n-gram share: walk the tokens; an n-gram seen before counts
        # its characters and the walk jumps past it, so overlapping repeats count once.
        # Only n-grams occurring twice or more can matter, so the walk visits just those.
        grams = [ts[i : i + n] for i in range(len(ts) - n + 1)]
        counts = Counter(grams)
        cand = [i for i, g in enumerate(grams) if counts[g] > 1]
        seen: set[str] = set()
        repeated = 0
        first_rep = -1
        skip_to = 0
        for i in cand:
            if i < skip_to:
                continue
            g = grams[i]
            if g in seen:
                repeated += sum(lens[i : i + n])
                if first_rep < 0:
                    first_rep = i
                skip_to = i + n
            else:
                seen.add(g)
        value = repeated / total
        span = _token_span(text, first_rep, n) if value > limit and first_rep >= 0 else (0, 0)
        out.append((f"duplicate {n}-gram share", value, limit, span))
    return out + _dup_lines(text, p)


def _dup_lines(text: str, p: NgramParams) -> list[tuple[str, float, float, tuple[int, int]]]:
    out: list[tuple[str, float, float, tuple[int, int]]] = []
    seen_lines: set[str] = set()
    dup_chars = all_chars = 0
    first_dup: tuple[int, int] | None = None
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            all_chars += len(s)
            if s in seen_lines:
                dup_chars += len(s)
                if first_dup is None:
                    first_dup = (pos, pos + len(raw))
            seen_lines.add(s)
        pos += len(raw) + 1
    if all_chars:
        share = dup_chars / all_chars
        out.append(("duplicate line share", share, p.dup_line_chars_max, first_dup or (0, 0)))
    return out
