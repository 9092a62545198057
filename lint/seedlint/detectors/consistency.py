"""``breakdown-sum`` and ``share-mismatch``: an article's figures that disagree with themselves.

"208429人 ... 其中离渝10050人、正常139682人、居家隔离58377人、医学观察227人" sums to 208336: an
article that cannot add up its own breakdown has lost or mistyped a figure, and nothing
downstream can tell which. The checks are metric-agnostic (a breakdown names arbitrary
categories) and lean on the wording for how complete a list claims to be:

* a list marked complete (全部, 均, 分别, shares adding up to 100%) must add up exactly:
  any gap is an error;
* an unmarked list is judged complete only when it comes within ``near`` of its total
  (a list reaching 99.95% of its total was meant to reach it; one reaching 40% is a
  selection); a list marked partial (等, 包括, 含) is never summed;
* a single part, or an included figure (``3304人(含武汉籍375人)``), larger than its whole
  is always wrong;
* a stated share (``占总数的95.6%``) must match its part over the total within the rounding
  of its last digit.

Rounded figures (``1.2万``) and bounds (``超``, ``约``) are never summed.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from seedlint.claims import Breakdown, Quantity, reading_for
from seedlint.claims.binding import CLAIMS_ANALYSIS
from seedlint.document import Document
from seedlint.registry import Detector, Hit, register


class BreakdownParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    near: float = Field(default=0.05, ge=0, le=1)
    """An unmarked list within this fraction of its total is taken as meant to be complete."""
    tolerance: float = Field(default=0.0, ge=0)
    """Absolute difference allowed between the parts' sum and the total."""


class ShareParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slack: float = Field(default=0.0, ge=0)
    """Percentage points allowed beyond the rounding of the stated share."""


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


_OUTCOME_WORDS = ("出院", "治愈", "死亡", "康复", "病亡")


def _outcome(label: str) -> bool:
    """A part naming where cases ended (治愈出院, 死亡), not a kind of case."""
    return any(w in label for w in _OUTCOME_WORDS)


def _usable(q: Quantity) -> bool:
    return q.qualifier == "exact" and not q.rounded


class _Base(Detector):
    reads = (CLAIMS_ANALYSIS,)

    def _span(self, doc: Document, s: int, e: int) -> tuple[int, int]:
        norm = reading_for(doc).norm
        return norm.orig(s), norm.orig_end(e)

    def _q_text(self, doc: Document, q: Quantity) -> str:
        s, e = self._span(doc, q.qual_start, q.end)
        return doc.text[s:e]


@register
class BreakdownSum(_Base):
    kind = "breakdown-sum"
    Params = BreakdownParams

    def check(self, doc: Document) -> Iterator[Hit]:
        p: BreakdownParams = self.params
        breakdowns, inclusions = reading_for(doc).breakdowns()
        for b in breakdowns:
            yield from self._check(doc, b, p)
        for inc in inclusions:
            if _usable(inc.whole) and _usable(inc.part) and inc.part.value > inc.whole.value:
                s, e = self._span(doc, inc.part.qual_start, inc.part.end)
                yield Hit(
                    s,
                    e,
                    message=(
                        f"`{doc.text[s:e]}` is included in `{self._q_text(doc, inc.whole)}` "
                        f"but is larger: {_fmt(inc.part.value)} > {_fmt(inc.whole.value)}"
                    ),
                    severity="error",
                )

    def _check(self, doc: Document, b: Breakdown, p: BreakdownParams) -> Iterator[Hit]:
        total = b.total
        if not _usable(total):
            return
        unit = total.unit
        tline, _ = doc.position(self._span(doc, total.qual_start, total.end)[0])
        ttext = self._q_text(doc, total)
        for part in b.parts:
            q = part.quantity
            if total.value < 3:
                break  # "一个…其中两个字": a total of one or two is a word, not a count
            if _usable(q) and q.value > total.value + p.tolerance:
                s, e = self._span(doc, q.qual_start, q.end)
                yield Hit(
                    s,
                    e,
                    message=(
                        f"part `{doc.text[s:e]}` is larger than its total `{ttext}` "
                        f"(line {tline}): {_fmt(q.value)} > {_fmt(total.value)}"
                    ),
                )
                return
        if len(b.parts) < 2 or b.partial or not all(_usable(x.quantity) for x in b.parts):
            return
        total_v, s_v = total.value, b.sum
        diff = s_v - total_v
        if abs(diff) <= p.tolerance:
            return
        if not b.exhaustive and abs(diff) > p.near * total_v:
            return  # far from the total: a selection of parts, not a breakdown
        if diff < 0 and not b.exhaustive and all(_outcome(x.label) for x in b.parts):
            # "累计报告确诊病例935例，其中出院病例901例，死亡病例1例": the rest are still in
            # hospital; outcomes of a running total leave out the open cases
            return
        if (
            diff > 0
            and len(b.parts) >= 3
            and any(abs(x.quantity.value - diff) <= p.tolerance for x in b.parts)
        ):
            # "其中在院治疗119例，现有重症病例11例，累计治愈出院184例，死亡6例" of 309: the
            # list adds up without one part, which is a subset of another (重症 of 在院).
            return
        first, last = b.parts[0], b.parts[-1].quantity
        s, e = self._span(
            doc, first.start if first.start >= 0 else first.quantity.qual_start, last.end
        )
        terms = " + ".join(_fmt(x.quantity.value) for x in b.parts)
        gap = f"{_fmt(-diff)} short of" if diff < 0 else f"{_fmt(diff)} more than"
        marked = " (the text says the list is complete)" if b.exhaustive else ""
        yield Hit(
            s,
            e,
            data={
                "sum": _fmt(s_v),
                "total": _fmt(total_v),
                "unit": unit,
                "parts": terms,
                "gap": gap,
                "total_line": tline,
                "total_text": ttext,
                "marked": marked,
            },
            severity="error" if b.exhaustive else None,
        )


@register
class ShareMismatch(_Base):
    kind = "share-mismatch"
    Params = ShareParams

    def check(self, doc: Document) -> Iterator[Hit]:
        rd = reading_for(doc)
        breakdowns, _ = rd.breakdowns()  # first: it skips normalising a text without any
        if not breakdowns or ("%" not in rd.norm.text and "百分之" not in rd.norm.text):
            return
        p: ShareParams = self.params
        for b in breakdowns:
            total = b.total
            if not _usable(total) or total.value <= 0:
                continue
            shares = []
            for part in b.parts:
                share = part.share
                if share is None:
                    continue
                shares.append(share)
                q = part.quantity
                if not _usable(q) or share.qualifier != "exact":
                    continue
                actual = 100 * q.value / total.value
                tol = share.precision / 2 + p.slack + 1e-9
                if abs(actual - share.value) > tol:
                    s, e = self._span(doc, share.qual_start, share.end)
                    yield Hit(
                        s,
                        e,
                        data={
                            "part": self._q_text(doc, q),
                            "total": self._q_text(doc, total),
                            "actual": f"{actual:.{_decimals(share) + 2}f}",
                            "share": doc.text[s:e],
                        },
                    )
            if b.exhaustive and len(shares) == len(b.parts) >= 2:
                ssum = sum(x.value for x in shares)
                tol = sum(x.precision for x in shares) / 2 + p.slack + 1e-9
                if abs(ssum - 100) > tol:
                    first, last = shares[0], shares[-1]
                    s, e = self._span(doc, first.qual_start, last.end)
                    yield Hit(
                        s,
                        e,
                        message=(
                            f"the shares of a complete breakdown add up to {ssum:g}%, not 100%"
                        ),
                    )


def _decimals(q: Quantity) -> int:
    d = 0
    prec = q.precision
    while prec < 1 and d < 6:
        prec *= 10
        d += 1
    return d
