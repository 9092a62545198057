"""Stage 5: "total ..., 其中 A、B、C" enumerations and shares.

Metric-agnostic, since breakdowns name arbitrary categories: C102 checks that the parts
add up to the total, C103 that a share matches its part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from seedlint.claims.numbers import Quantity, QuantityRun, unit_class
from seedlint.claims.times import _CLAUSE_END

if TYPE_CHECKING:
    from seedlint.claims.reading import Reading


@dataclass(frozen=True)
class Part:
    quantity: Quantity
    label: str
    share: Quantity | None = None
    start: int = -1
    """Normalised offset where the part's label begins (its quantity's start without one)."""
    """The percentage stated for this part (占总数的95.6%)."""


@dataclass(frozen=True)
class Breakdown:
    """A stated total and the parts listed after 其中, in normalised offsets."""

    total: Quantity
    parts: tuple[Part, ...]
    exhaustive: bool
    """The wording says the parts cover the total (全部, 均, 分别, shares adding to 100%)."""
    partial: bool
    """The wording says the list is not complete (等, 包括, 含)."""

    @property
    def sum(self) -> float:
        return sum(p.quantity.value for p in self.parts)


@dataclass(frozen=True)
class Inclusion:
    """``湖北籍3304人(含武汉籍375人)``: a figure and a figure it includes."""

    whole: Quantity
    part: Quantity


_PARTIAL_WORDS = ("包括", "包含", "含", "主要", "部分")
# 均 and 都已 are not among them: "89名在治患者均在定点医疗机构隔离治疗，其中重型11例" says
# where all 89 are, not that the list after 其中 covers them.
# 全部 alone is not either: "26名示威者已全部被捕，其中14人为…" says all were arrested.
_EXHAUSTIVE_RE = re.compile(r"(?:全部|悉数|分别)(?:为|是)")
# Words that fix which quantity a figure is (a running total, the current count, the
# day's new ones). A part carrying one its total does not carry is another figure of the
# bulletin ("现有确诊病例74例，其中境外输入66例，当日新增11例"), not a part of the total.
_KIND_MARKERS = (
    ("现有", "尚在", "目前"),
    ("累计",),
    ("新增", "当日", "今日", "昨日", "本周", "上周", "当周", "本月", "上月"),
)
_LIST_BREAK = (
    "此外",
    "另外",
    "同时",
    "涉及",
    "而",
    "但",
    "其余",
    "剩余",
    "以及其他",
    # a change or a new total: "病例来源国数量从12个增加到22个", "其中28例为输入病例，总病例数
    # 达到683例"
    "从",
    "增加到",
    "增至",
    "升至",
    "降至",
    "达到",
    "总",
    # a new total: "A类份额共计75,167,591.03份，其中…，C类份额共计191,996,576.60份"
    "共计",
    "合计",
    "总计",
    "总共",
    "一共",
)
_INCLUDES_RE = re.compile(r"\s*[(（]\s*(?:含|包括|包含|其中)")
# What joins a part to its share: "，占总数的", "，占比", "(占".
_SHARE_LEAD = re.compile(r"^[，,、(（\s]{0,2}(?:占[^，,；;。!！?？]{0,6}|比例为|比重为)$")
_OPEN = "(（"
_CLOSE = ")）"
_CLAUSE_SEMI_RE = re.compile("[；;]")


def _depths(t: str, start: int, end: int) -> list[int]:
    depth = 0
    out = []
    for ch in t[start:end]:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE and depth > 0:
            depth -= 1
    return out


def find_breakdowns(
    t: str, qs: Sequence[Quantity], reading: Reading | None = None
) -> tuple[list[Breakdown], list[Inclusion]]:
    """Enumerations after 其中 with their total, and parenthesised inclusions (含...).

    ``qs`` needs to hold the quantities of every sentence with 其中 and of every segment
    with an inclusion's bracket (``Reading._breakdown_quantities``), or all of them.
    """
    out: list[Breakdown] = []
    incl: list[Inclusion] = []
    if reading is None:
        # A reading needs this module (its sentences know their breakdowns): imported here.
        from seedlint.claims.reading import Reading

        reading = Reading.of_normalized(t)
    rd = reading
    counted: Sequence[Quantity]
    starts: Sequence[int]
    if isinstance(qs, QuantityRun):
        # Columns stay columns: a list of the line's million quantities as objects was
        # the largest thing a 20 MB line of figures held while its claims were read.
        counted = qs.without_time()
        starts = counted.qual_starts
    else:
        counted = [q for q in qs if not q.is_time]
        starts = [q.qual_start for q in counted]
    pos = t.find("其中")
    while pos != -1:
        b = _breakdown_at(t, pos, counted, starts, rd)
        if b is not None:
            out.append(b)
        pos = t.find("其中", pos + 2)
    for q in counted:
        if q.percent or not q.unit:
            continue
        m = _INCLUDES_RE.match(t, q.end)
        if m is None:
            continue
        j = bisect_left(starts, m.end())
        if j < len(counted) and counted[j].qual_start - m.end() <= 8:
            p = counted[j]
            gap = t[m.end() : p.qual_start]
            if (
                not any(c in _CLAUSE_END or c in _CLOSE for c in gap)
                and unit_class(p.unit) == unit_class(q.unit)
                and not p.percent
            ):
                incl.append(Inclusion(q, p))
    return out, incl


def _kinds(label: str) -> frozenset[int]:
    """Which of ``_KIND_MARKERS``' groups a label names."""
    return frozenset(i for i, words in enumerate(_KIND_MARKERS) if any(w in label for w in words))


# Outcomes a case count moves to. A running total breaks down into 治愈/死亡/在院, but the
# day's new cases do not: "新增确诊病例3例，其中石家庄2例、邢台1例，新增治愈出院57例".
_OUTCOMES = ("治愈", "出院", "死亡", "解除", "转为", "疑似")
_LABEL_DATE_RE = re.compile(r"\d{1,2}\s*[日号月时]")


def _other_outcome(label: str, total_label: str) -> bool:
    """A part naming an outcome its total does not, where that cannot be a breakdown."""
    for w in _OUTCOMES:
        if w in label and w not in total_label:
            return "累计" not in total_label or w in ("解除", "转为", "疑似")
    return False


# How far back a figure's clause label is read. A clause of prose is far shorter; a text
# without punctuation (a spam run, a table flattened to one line) would otherwise make
# every 其中 in it read back to the start of its sentence, quadratic in the line's length.
_LABEL_REACH = 200


def _clause_label(t: str, q: Quantity, floor: int) -> str:
    """The words of ``q``'s own clause before it: what the figure counts."""
    i = q.qual_start
    floor = max(floor, i - _LABEL_REACH)
    while i > floor and t[i - 1] not in "，,；;：:。！？!?\n":
        i -= 1
    return t[i : q.qual_start]


def _unmatched_close(s: str) -> int:
    """Offset in ``s`` of a closing bracket whose opening bracket is before ``s``, or -1."""
    depth = 0
    for k, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return k
            depth -= 1
    return -1


def _rate_follows(t: str, end: int) -> bool:
    """``100公里/小时``, ``3元每斤``: a rate, never a part of a count or a length."""
    return t.startswith(("/", "／", "每", "百分点"), end)


def _breakdown_at(
    t: str, pos: int, qs: Sequence[Quantity], starts: Sequence[int], rd: Reading
) -> Breakdown | None:
    sent = rd.sentence_start(pos)
    i = bisect_left(starts, pos) - 1
    while i >= 0 and qs[i].percent:
        i -= 1
    if i < 0 or qs[i].qual_start < sent:
        return None
    total = qs[i]
    if pos - total.end > 40:
        # Too far for a list's total; the bracket case below only moves the total
        # further back. Returning here keeps a run of 其中 after one figure linear.
        return None
    lead = t[total.end : pos]
    close = _unmatched_close(lead)
    if close != -1:
        # "累计报告确诊病例245例（197例治愈出院，1例死亡），其中输入性病例116例": the
        # figure just before 其中 sits in a parenthesis closed before it; the list after
        # 其中 breaks down the figure the parenthesis follows.
        level = 0
        k = total.end + close
        while k > sent:
            k -= 1
            if t[k] in _CLOSE:
                level += 1
            elif t[k] in _OPEN:
                if level == 0:
                    break
                level -= 1
        i = bisect_left(starts, k) - 1
        while i >= 0 and qs[i].percent:
            i -= 1
        if i < 0 or qs[i].qual_start < sent or qs[i].end > k:
            return None
        total = qs[i]
        lead = t[total.end : pos]
    if not total.unit or pos - total.end > 40 or _rate_follows(t, total.end):
        return None
    if any(c in "。！？!?\n；;" for c in lead):
        # "其中男性29例，女性19例；其中危重型3例…": after a semicolon 其中 breaks down the
        # sentence's total, not the figure just before it (a part of another list)
        return None
    sent_end = rd.sentence_end(pos)
    nested = t.find("其中", pos + 2, sent_end)
    stop = nested if nested != -1 else sent_end
    # A list runs to the end of its clause group: a semicolon starts the bulletin's next
    # figure (unless every part so far carries its share: "户籍199213人，占95.6%；外省
    # 9216人，占4.4%"), and a 其中 opened inside brackets ends with them ("现有重症病例67例
    # （其中危重22例），累计出院514例": 514 is not a part of 67).
    semi = _CLAUSE_SEMI_RE.search(t, pos + 2, stop)
    semi_at = semi.start() if semi is not None else stop
    inner_close = _unmatched_close(t[pos + 2 : stop])
    if inner_close != -1:
        stop = pos + 2 + inner_close
    total_label = _clause_label(t, total, sent)
    total_kinds = _kinds(total_label)
    depth = _depths(t, pos, stop)
    parts: list[Part] = []
    prev_end = pos + 2
    partial = t.startswith(("包括", "包含", "含"), pos + 2)
    j = bisect_left(starts, pos + 2)
    while j < len(qs) and qs[j].qual_start < stop:
        q = qs[j]
        j += 1
        label = t[prev_end : q.qual_start]
        if q.percent:
            if parts and _SHARE_LEAD.match(label) and parts[-1].share is None:
                parts[-1] = replace(parts[-1], share=q)
                prev_end = q.end
                continue
            if depth[q.qual_start - pos]:
                continue
            break
        if depth[q.qual_start - pos]:
            continue
        if q.qual_start > semi_at and not (parts and all(p.share for p in parts)):
            break
        if unit_class(q.unit) != unit_class(total.unit) or _rate_follows(t, q.end):
            break
        if len(label) > 24 or any(w in label for w in _LIST_BREAK):
            break
        if _kinds(label) - total_kinds or _other_outcome(label, total_label):
            break
        if _LABEL_DATE_RE.search(label):
            break  # "其中，冲绳县6日报告新增确诊病例981例": a clause of its own, not a part
        if label.rstrip().endswith("各"):
            partial = True  # "北京、上海本土确诊各1例": one figure per name, not summable
        if any(w in label for w in _PARTIAL_WORDS):
            partial = True
        if _INCLUDES_RE.match(t, q.end):
            # "其中集中隔离17259人（含临床确诊病例）": the item holds others too, no part
            partial = True
            break
        stripped = label.lstrip("，,、；;：: ")
        parts.append(Part(q, stripped.rstrip(), start=q.qual_start - len(stripped)))
        prev_end = q.end
    if not parts:
        return None
    last = parts[-1].quantity
    if t.startswith(("等", "及其他", "以及其他"), last.end):
        partial = True
    head = t[pos + 2 : parts[0].quantity.qual_start]  # "其中A、B分别为800人、380人"
    exhaustive = _EXHAUSTIVE_RE.search(lead) is not None or _EXHAUSTIVE_RE.search(head) is not None
    shares = [p.share for p in parts if p.share is not None]
    if len(parts) >= 2 and len(shares) == len(parts):
        s = sum(x.value for x in shares)
        tol = sum(x.precision for x in shares) / 2 + 1e-9
        if abs(s - 100) <= tol:
            exhaustive = True
    return Breakdown(total, tuple(parts), exhaustive, partial)
