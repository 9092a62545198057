"""Stage 4: figures become claims.

Metric terms bind to the adjacent quantity; the nearest region (``places``) and period
(``times``) before it complete the key. Named parts after 其中 and per-region lists are
their own claims, and a change (较29日减少863例) yields a derived claim for the day it
refers to. ``analysis_for`` memoises the result per document and records the claims for
the report.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from seedlint.claims.breakdowns import _CLOSE, _OPEN
from seedlint.claims.catalog import Catalog, MetricDef
from seedlint.claims.claim import Claim
from seedlint.claims.numbers import (
    _CN_CHARS,
    SUFFIX_QUALIFIERS,
    Quantity,
    QuantityRun,
    interval,
    scan_quantities,
    unit_class,
)
from seedlint.claims.places import WINDOW, _clause_after, _para_start, _region_for, _Regions
from seedlint.claims.reading import _CHANGE_RE, _NEG_BEFORE, Reading, read_text
from seedlint.claims.script import Normalized
from seedlint.claims.times import (
    _CLAUSE_END,
    _CLAUSE_END_RE,
    _SENT_END,
    Period,
    TimeExpr,
    _safe_date,
    period_of,
)
from seedlint.document import Document
from seedlint.provenance import extract_provenance
from seedlint.registry import ensure_held, releases


class Analysis:
    """A reading plus the claims a catalog finds in it."""

    def __init__(self, reading: Reading, claims: list[Claim], regions: _Regions | None) -> None:
        self.reading = reading
        self.claims = claims
        self._regions = regions

    @property
    def home(self) -> str | None:
        """The city or province the document names most (None without metric terms)."""
        if self._regions is None:
            return None
        self._regions.hits  # noqa: B018  (computes home with the hits)
        return self._regions.home

    @property
    def norm(self) -> Normalized:
        return self.reading.norm

    @property
    def quantities(self) -> list[Quantity]:
        return self.reading.quantities

    @property
    def times(self) -> list[TimeExpr]:
        return self.reading.times


def analyze(
    text: str,
    catalog: Catalog,
    published: dt.date | None = None,
    reference: dt.date | None = None,
    reading: Reading | None = None,
) -> Analysis:
    """Read a text's figures. Pure: the same text, catalog and dates give the same claims."""
    rd = reading or read_text(text, published, reference)
    claims: list[Claim] = []
    if not rd.normalized:
        gate = catalog._gate_re
        if gate is None:
            if rd.raw_plain and not catalog.may_have_metrics(rd.text):
                return Analysis(rd, claims, None)
        elif rd._raw_plain is not False and gate.search(rd.text) is None:
            # No gloss (so the raw text is plain) and no spelling of a metric term.
            rd._raw_plain = True
            return Analysis(rd, claims, None)  # the clean document's whole cost
    norm = rd.norm
    t = norm.text
    metric_hits = catalog.metric_hits(t)
    if not metric_hits:
        return Analysis(rd, claims, None)
    regions = _Regions(t, catalog)
    # A term binds a number in its own segment (the gap may not cross a clause end), and
    # so does a change after it: the other segments are never read.
    qs = rd.quantities_in((ts, te_) for ts, te_, _ in metric_hits)
    q_starts: Sequence[int]
    q_ends: Sequence[int]
    if isinstance(qs, QuantityRun):  # the columns themselves: no int object per quantity
        q_starts, q_ends = qs.qual_starts, qs.ends
    else:
        q_starts, q_ends = [q.qual_start for q in qs], [q.end for q in qs]
    used: set[int] = set()
    bound: list[tuple[MetricDef, Quantity, int, int]] = []
    follows: set[int] = set()  # indexes in bound of "当日新增" figures (``then_new``)
    for hi, (ts, te_, ids) in enumerate(metric_hits):
        next_term = metric_hits[hi + 1][0] if hi + 1 < len(metric_hits) else len(t)
        found = _bind(t, ts, te_, ids, catalog, qs, q_starts, q_ends, used, next_term)
        if found is None:
            continue
        qi, metric, q = found
        used.add(qi)
        bound.append((metric, q, min(ts, q.qual_start), max(te_, q.end)))
        follow = _then_new(t, metric, q, catalog, qs, q_starts, used)
        if follow is not None:
            fi, fm, fq, fstart = follow
            used.add(fi)
            follows.add(len(bound))
            bound.append((fm, fq, fstart, fq.end))
    if not bound:
        return Analysis(rd, claims, regions)
    # A period comes from a time expression before its figure: none after the last one
    # is ever needed (dates carry over only forwards).
    times = rd.times_before(max(b[2] for b in bound))
    t_ends = [te.end for te in times]
    stock: Claim | None = None
    cohort: MetricDef | None = None  # the metric whose figure opened this sentence's cohort
    last_sent = -1
    subject: str | None = None  # the region of the report's first figure that has one
    subject_para = -1  # where the paragraph of the subject's figure starts
    statement = 0  # start of the last sentence that opened with its own data time
    elsewhere = False  # whether a figure so far was another region's than the subject's
    for bi, (metric, q, cstart, cend) in enumerate(bound):
        r_hits = regions.hits  # found with the first claim, with their ends and the home
        sent = rd.sentence_start(cstart)
        if sent != last_sent:
            last_sent = sent
            cohort = metric if metric.cohort else None
            if subject is not None and _opens_with_time(t, sent, times, t_ends):
                statement = sent  # (before a subject, no region is ever set aside)
        elif cohort is not None and metric.id != cohort.id:
            own = dict(cohort.cohort_metrics).get(metric.id)
            if own is None and metric.id in {v for _, v in cohort.cohort_metrics}:
                own = metric.id  # "现有境外输入疑似病例89例": named as the cohort's already
            cm = catalog.metrics.get(own) if own is not None else None
            if cm is None:
                stock = None
                continue  # a figure of the cohort the sentence opened with, not the region's
            metric = cm
        if bi in follows and stock is not None:
            # The stock's own region and moment: "截至27日24时，累计死亡病例2788例，当日
            # 新增44例" counts the 27th's deaths, wherever the stock's clause put them.
            region = stock.region
            sp = stock.period
            period = (
                Period("day", sp.start, text=sp.text)
                if sp is not None and sp.kind == "asof" and sp.h0 is None
                else None
            )
        else:
            floor = sent if metric.region_in_sentence else 0
            region = _region_for(t, cstart, r_hits, regions.ends, catalog, regions.home, floor)
            start = max(floor, statement)
            if region is not None and subject is not None and region != subject and floor < start:
                # A sentence opening with its own time is a new statement, and so is every
                # sentence after it up to the next one: a region from before it carries in
                # only when it is the report's subject (the national bulletin's country, not
                # the province it named last: "4月6日0-24时，湖北无新增确诊病例。截至4月6日
                # 24时，新增接受医学观察的无症状感染者30例…。尚在接受医学观察的无症状感染者
                # 1033例" are the country's figures).
                region = _region_for(t, cstart, r_hits, regions.ends, catalog, regions.home, start)
                if region is None and (not elsewhere or subject_para == _para_start(t, cstart)):
                    # Nothing named in the statement: the subject the paragraph opened with,
                    # or the report's when no figure so far was another place's (湖北 above
                    # was named only to say it had no new cases).
                    region = subject
            if subject is None and region is not None:
                subject = region
                subject_para = _para_start(t, cstart)
            elif region is not None and region != subject:
                elsewhere = True
            if metric.as_published:
                period = _as_published(rd, t, sent, cstart)
            else:
                period = _period_for(rd, cstart, times, t_ends, metric.flow)
            if period is not None and metric.periods and period.kind not in metric.periods:
                period = None  # "今天的中国，经济总量…": a day is no GDP's period
            if metric.moment and period is not None and not _a_moment(period):
                period = None  # "13日，死亡人数升至20人": at some hour of the 13th
        claim = _stated(q, metric.id, region, period, norm.orig(cstart), norm.orig_end(cend), text)
        claims.append(claim)
        if bi in follows and stock is not None:
            before = _day_before(stock, claim, catalog)
            if before is not None:
                claims.append(before)
        stock = claim
        derived = _derived(t, text, norm, cend, claim, q, qs, q_starts)
        if derived is not None:
            claims.append(derived)
        if claim.key is not None:
            claims.extend(_by_region(t, text, norm, cend, claim, regions, catalog, qs, q_starts))
            claims.extend(_by_region_list(t, text, norm, cend, claim, regions, catalog))
            if metric.parts:
                claims.extend(_named_parts(t, text, norm, cend, claim, metric, catalog))
    claims.extend(_days_before(claims, catalog))
    return Analysis(rd, claims, regions)


def _days_before(claims: list[Claim], cat: Catalog) -> list[Claim]:
    """ "1月31日0—24时，…新增确诊病例2102例。截至1月31日24时，…累计报告确诊病例11791例": the
    day's new figure stated in another sentence of the bulletin makes the total of the day
    before (9689) as much as "，当日新增2102例" right after the total does (``_day_before``).
    Only a place's and day's one stated new figure (two different ones give nothing), and
    only where that total's day before is not derived already. Linear in the claims."""
    flows: dict[tuple[str, str, str], Claim | None] = {}
    have: set[tuple[str, str, str]] = set()
    for c in claims:
        k = c.key
        if k is None:
            continue
        if c.derived_from is not None:
            have.add(k)
        elif c.period is not None and c.period.kind == "day" and c.exact:
            seen = flows.get(k, c)
            flows[k] = c if seen is not None and seen.value == c.value else None
    out: list[Claim] = []
    for c in claims:
        m = cat.metrics.get(c.metric)
        if m is None or not m.accumulates or m.then_new is None or c.derived_from is not None:
            continue
        sp = c.period
        if c.region is None or sp is None or sp.kind != "asof" or sp.start is None:
            continue
        new = flows.get((c.region, m.then_new, f"day:{sp.start.isoformat()}"))
        if new is None:
            continue
        before = _day_before(c, new, cat)
        if before is not None and before.key is not None and before.key not in have:
            have.add(before.key)
            out.append(before)
    return out


# "，其中", and a bracket right after the figure, with or without 其中: "现有确诊病例390例
# （重症病例6例）", "新增接受医学观察的无症状感染者6例（境外输入5例）".
_PARTS_OPEN = re.compile(r"[，,。]?\s*其中[，,：:]?\s*|\s*[(（]\s*(?:其中[，,：:]?\s*)?")
_PARTS_BARE = re.compile(r"[，,]\s*")
# In a list without 其中 these make an item another figure of the bulletin, not a part.
_PART_NOT_BARE = ("累计", "现有", "尚在", "新增", "当日", "治愈", "出院", "死亡", "解除")
_PART_FILLER = re.compile(r"^[，,、\s]*(?:为|是)?")


def _named_parts(
    t: str, text: str, norm: Normalized, cend: int, base: Claim, m: MetricDef, cat: Catalog
) -> list[Claim]:
    """ "新增确诊病例12例，其中境外输入病例11例，本土病例1例": each named part as its own
    metric (``parts``), in the total's place and period.

    The list is read to the end of its clause group (。；) or to a bracket; an item whose
    label leads with none of the words ends it. "38例为境外输入病例" (figure first) is read
    too.
    """
    mo = _PARTS_OPEN.match(t, cend)
    bare = False
    if mo is None:
        if t[cend : cend + 1] not in ("，", ","):
            return []
        mo = _PARTS_BARE.match(t, cend)
        if mo is None or not t.startswith(tuple(w for w, _ in m.parts), mo.end()):
            return []
        bare = True  # "无症状感染者79例，境外输入8例，本土71例": parts named right after it
    stop = mo.end()
    n = min(len(t), mo.end() + 120)
    while stop < n and t[stop] not in "。；;！？\n" and t[stop] not in _OPEN + _CLOSE:
        stop += 1
    out: list[Claim] = []
    prev = mo.end()
    for q in scan_quantities(t, mo.end(), stop):
        if q.percent or unit_class(q.unit) != unit_class(base.unit):
            break
        label = t[prev : q.qual_start].strip("，,、 ")
        if bare and any(w in label for w in _PART_NOT_BARE):
            break  # "新增确诊病例40例，本土病例累计…": another figure, not a part
        after = _PART_FILLER.sub("", t[q.end : min(stop, q.end + 8)])
        mid = next((pm for w, pm in m.parts if label.startswith(w)), None)
        if mid is None and not label:
            mid = next((pm for w, pm in m.parts if after.startswith(w)), None)
        pm = cat.metrics.get(mid) if mid else None
        if pm is None:
            break
        s_ = norm.orig(q.qual_start - len(label) if label else q.qual_start)
        out.append(_stated(q, pm.id, base.region, base.period, s_, norm.orig_end(q.end), text))
        prev = q.end
        if not label:
            # "38例为境外输入病例，4例为本土病例": skip this part's own label
            k = q.end
            while k < stop and t[k] not in "，,、":
                k += 1
            prev = k
    return out


# "当日新增确诊病例67例，均为境外输入病例（上海18例，…）": a 均为 clause between the figure
# and its bracket says what all of them are; the bracket still lists the figure by place.
_BY_REGION_OPEN = re.compile(
    r"(?:[，,]\s*(?:均为|全部为|全部是|均是)[^，,。；;！？(（)）\d]{1,10})?"
    r"\s*[(（]\s*(?:其中[，,：:]?\s*)?"
)
_BY_REGION_SEP = "，,、；; "


def _by_region(
    t: str,
    text: str,
    norm: Normalized,
    cend: int,
    base: Claim,
    regions: _Regions,
    cat: Catalog,
    qs: Sequence[Quantity],
    q_starts: Sequence[int],
) -> list[Claim]:
    """ "当日新增44例（湖北41例，北京2例）": the same figure for each place listed.

    Only a bracket right after the figure whose every item is a place and its number:
    "（其中境外输入12例，北京4例）" lists imported cases by place, another quantity, so
    a bracket with anything else in it gives nothing.
    """
    m = _BY_REGION_OPEN.match(t, cend)
    if m is None:
        return []
    close = -1
    for k in range(m.end(), min(len(t), m.end() + 200)):
        if t[k] in _CLOSE:
            close = k
            break
        if t[k] in _OPEN or t[k] in _SENT_END:
            return []
    if close == -1:
        return []
    starts = {h[0]: h for h in regions.hits if m.end() <= h[0] < close}
    if not starts:
        return []
    inner = scan_quantities(t, m.end(), close)
    by_start = {x.qual_start: x for x in inner}
    out: list[Claim] = []
    i = m.end()
    while i < close:
        h = starts.get(i)
        if h is None or h[2][0] not in ("region", "place"):
            return []
        q_ = by_start.get(h[1])
        if q_ is None or q_.end > close:
            return []
        q = q_
        if unit_class(q.unit) != unit_class(base.unit) or q.percent:
            return []
        s_, e_ = norm.orig(h[0]), norm.orig_end(q.end)
        out.append(_stated(q, base.metric, h[2][1], base.period, s_, e_, text))
        i = q.end
        while i < close and t[i] in _BY_REGION_SEP:
            i += 1
    return out


_BY_REGION_LIST_OPEN = re.compile(r"[，,]\s*其中[，,：:]?\s*")
_LIST_ITEM_END = "，,、；;。！？!?\n"


def _by_region_list(
    t: str,
    text: str,
    norm: Normalized,
    cend: int,
    base: Claim,
    regions: _Regions,
    cat: Catalog,
) -> list[Claim]:
    """ "吉林省新增确诊病例67例，其中通化市新增56例", "…3例，其中石家庄2例、邢台1例": the
    same figure for each place listed after 其中, up to the first item that is not a place
    and its number.

    A place's item may repeat the figure's verb (新增 for a count over a period, 累计 for
    a running total) and nothing else: "其中武汉籍5例", "其中北京本土病例5例" or a list led
    by anything but a place ("其中境外输入12例，北京4例") give nothing.
    """
    if "其中" not in t[cend : cend + 4]:
        return []
    m = _BY_REGION_LIST_OPEN.match(t, cend)
    if m is None:
        return []
    metric = cat.metrics.get(base.metric)
    if metric is None:
        return []
    verbs = ("", "新增", "报告", "报告新增") if metric.flow else ("", "累计", "累计报告")
    hit_at = {h[0]: h for h in regions.hits if m.end() <= h[0] < m.end() + 200}
    out: list[Claim] = []
    i = m.end()
    while True:
        h = hit_at.get(i)
        if h is None or h[2][0] not in ("region", "place"):
            return out
        j = h[1]
        while j < len(t) and j - h[1] <= 4 and t[j] not in _LIST_ITEM_END and not t[j].isdigit():
            j += 1
        if t[h[1] : j] not in verbs:
            return out
        qs = scan_quantities(t, j, min(len(t), j + 16))
        if not qs or qs[0].qual_start != j:
            return out
        q = qs[0]
        if q.percent or unit_class(q.unit) != unit_class(base.unit) or q.value > base.value:
            return out
        if q.end < len(t) and t[q.end] not in _LIST_ITEM_END:
            return out  # "通化市56例为本轮疫情…": the item goes on, it is not a bare figure
        s_, e_ = norm.orig(h[0]), norm.orig_end(q.end)
        out.append(_stated(q, base.metric, h[2][1], base.period, s_, e_, text))
        if t[q.end : q.end + 1] not in ("，", ",", "、"):
            return out
        i = q.end + 1


def _bind(
    t: str,
    ts: int,
    te: int,
    ids: tuple[str, ...],
    cat: Catalog,
    qs: Sequence[Quantity],
    q_starts: Sequence[int],
    q_ends: Sequence[int],
    used: set[int],
    next_term: int,
) -> tuple[int, MetricDef, Quantity] | None:
    """The quantity a metric term introduces (or follows), and which metric it is."""
    negated = t[max(0, ts - 2) : ts].endswith(_NEG_BEFORE)
    if any(w in t[max(0, ts - 5) : ts] for w in _TERM_NOT_COUNT):
        return None
    for mid in ids:
        m = cat.metrics.get(mid)
        if m is None or any(t.startswith(w, ts - len(w)) for w in m.before_excludes):
            continue
        candidates: list[int] = []
        if m.position in ("after", "either") and not negated:
            i = bisect_left(q_starts, te)
            if i < len(qs):
                q = qs[i]
                gap = t[te : q.qual_start]
                if (
                    len(gap) <= m.max_gap
                    and q.qual_start < next_term
                    and not any(c in _CLAUSE_END or c.isdigit() for c in gap)
                    and "分别" not in gap
                    and not any(w in gap for w in _GAP_NOT_VALUE)
                    and not _value_list_follows(t, q.end)
                ):
                    candidates.append(i)
        if m.position in ("before", "either"):
            i = bisect_right(q_ends, ts) - 1
            if i >= 0:
                q = qs[i]
                gap = t[q.end : ts]
                if len(gap) <= 2 and all(c in "的“”\"' 「」『』" for c in gap):
                    candidates.append(i)
        for i in candidates:
            q = qs[i]
            if i in used or q.percent != m.percent:
                continue
            if m.clause_contains and not _hedged(t, ts, m.clause_contains):
                continue  # "市值较去年增加800亿美元，增幅41%": one company's, not a total's
            if m.percent:
                q = replace(q, unit="%")
            elif q.unit not in m.units:
                withunit = _with_metric_unit(t, q, m)
                if withunit is None:
                    continue
                q = withunit
            rest = _clause_after(t, max(te, q.end))
            if m.after_contains and not any(w in rest for w in m.after_contains):
                continue
            if m.after_excludes and any(w in rest for w in m.after_excludes):
                continue
            if m.clause_excludes and (
                _hedged(t, max(ts, q.qual_start), m.clause_excludes)
                or any(w in rest for w in m.clause_excludes)
            ):
                continue
            return i, m, q
    return None


_GROUP_ENDS_RE = re.compile("[。；;！？!?\n]")


def _hedged(t: str, pos: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in the clause group before ``pos`` (at most 120
    characters back: a plan's verb stands close to its figure). Bounded, so linear."""
    lo = max(0, pos - 120)
    last = lo
    for m in _GROUP_ENDS_RE.finditer(t, lo, pos):
        last = m.end()
    seg = t[last:pos]
    return any(w in seg for w in words)


# Between a term and its number these say the number is not the figure: a change
# ("新增确诊病例下降451例") or a bound per member of a group ("新增确诊病例数均在2例及以下").
_GAP_NOT_VALUE = (
    *("下降", "减少", "增加", "上升", "增长", "回落"),
    *("均", "各", "最高", "最低", "突破", "峰值", "从", "降至", "升至"),
    # "新增重症病例转轻症病例1例": another quantity; "累计确诊病例：昆明市53例": a place's
    *("转", "市", "州", "县", "省"),
)
# Before a term: the figure is an average or a peak, not the period's count
# ("7天平均单日新增确诊病例").
_TERM_NOT_COUNT = ("平均", "日均", "最高", "峰值")


_THEN_NEW_RE = re.compile(r"[，,]\s*(?:当日|当天)新增\s*")


def _then_new(
    t: str,
    m: MetricDef,
    q: Quantity,
    cat: Catalog,
    qs: Sequence[Quantity],
    q_starts: Sequence[int],
    used: set[int],
) -> tuple[int, MetricDef, Quantity, int] | None:
    """ "累计死亡病例2788例，当日新增44例": the day's change of the stock just stated, as
    the flow metric the stock names (``then_new``)."""
    if m.then_new is None:
        return None
    fm = cat.metrics.get(m.then_new)
    if fm is None:
        return None
    pos = q.end
    if t[pos : pos + 1] in ("(", "（"):
        # "累计报告确诊病例80813例（其中累计报告境外输入确诊病例88例），当日新增确诊病例8例":
        # the bracket details the total; the day's new figure follows it.
        close = -1
        for k in range(pos + 1, min(len(t), pos + 80)):
            if t[k] in _OPEN or t[k] in _SENT_END:
                break
            if t[k] in _CLOSE:
                close = k
                break
        if close == -1:
            return None
        pos = close + 1
    mm = _THEN_NEW_RE.match(t, pos)
    if mm is None:
        return None
    at = mm.end()
    # "，当日新增确诊病例2656例" names the flow as "，当日新增2656例" leaves it implied.
    term = next((w for w in fm.terms if t.startswith(w[2:], at) and w.startswith("新增")), None)
    if term is not None:
        at += len(term) - 2
    i = bisect_left(q_starts, at)
    if i >= len(qs) or i in used or qs[i].qual_start != at:
        return None
    fq = qs[i]
    if fq.percent or fq.unit not in fm.units:
        return None
    return i, fm, fq, mm.start() + 1 + (len(mm.group()) - len(mm.group().lstrip("，, ")) - 1)


def _day_before(stock: Claim, new: Claim, cat: Catalog) -> Claim | None:
    """ "截至1月30日24时，累计报告确诊病例9692例，当日新增1982例": a running total
    (``accumulates``) minus the day's new figure is the total the day before (7710), which
    the day before's own bulletin states. Only for a total at the end of a day and exact
    figures; a stock that does not simply add up its new figures (现有疑似病例: suspected
    cases leave it every day) gives nothing."""
    m = cat.metrics.get(stock.metric)
    sp = stock.period
    if (
        m is None
        or not m.accumulates
        or sp is None
        or sp.kind != "asof"
        or sp.h0 is not None
        or sp.start is None
        or not (stock.exact and new.exact)
        or new.period is None
        or new.period.kind != "day"
    ):
        return None
    value = stock.value - new.value
    if value < 0:
        return None
    period = Period("asof", sp.start - dt.timedelta(days=1), text=sp.text)
    return _computed(stock, value, period, new.start, new.end, new.text)


def _with_metric_unit(t: str, q: Quantity, m: MetricDef) -> Quantity | None:
    """A unit only this metric knows (毫米 for rainfall): read it from the text, with the
    bound after it (稳定在2.18亿亩以上 is at least that much, not exactly it: the number
    scanner stopped before a unit it does not know, so it never saw 以上)."""
    pos = q.end - len(q.unit) if q.unit and t.startswith(q.unit, q.end - len(q.unit)) else q.end
    for u in sorted(m.units, key=len, reverse=True):
        if t.startswith(u, pos):
            end = pos + len(u)
            qualifier = q.qualifier
            for word, bound in SUFFIX_QUALIFIERS.items():
                if t.startswith(word, end):
                    end += len(word)
                    if qualifier == "exact":
                        qualifier = bound
                    break
            return replace(q, unit=u, end=end, qualifier=qualifier)
    return None


def _value_list_follows(t: str, end: int) -> bool:
    """``分别为178例、6157例``: a list of bare values, which no single term owns."""
    return (
        t.startswith("、", end)
        and end + 1 < len(t)
        and (t[end + 1].isdigit() or t[end + 1] in _CN_CHARS)
    )


# A state, province or county abroad (北卡罗来纳州), not its governor (州长).


_OWN_TIME_RE = re.compile(
    r"[\d零〇一二两三四五六七八九十上下本当今昨前近这该]\s*(?:年|月|日|号|时|周|天|星期)"
)


# What may stand before a paragraph's governing date: who reports and when
# ("央视网消息：国家卫生健康委今天（3月10日）通报，3月9日0—24时，…"). The date after
# such a lead-in opens the report as much as one at the sentence's start does.
_REPORTING_LEAD_RE = re.compile(
    r"(?:通报|公布|发布|介绍|消息|获悉)\s*(?:[（(][^（(）)]{1,8}[）)])?\s*[，,：:]"
    r"\s*(?:截至|截止到|截止|截至到)?\Z"
)


_UNREAD_PERIOD_RE = re.compile(
    r"(?:\d|[一二三四五六七八九十])\s*(?:月(?!\s*\d{1,2}\s*[日号])|季度)|\d{4}\s*年|[上下]半年"
)


_DAY_END_RE = re.compile(r"24\s*(?:时|点|:00)")


def _a_moment(period: Period) -> bool:
    """Whether an as-of period names its moment: an hour, or the day's end (24时)."""
    if period.kind != "asof":
        return True
    return period.h0 is not None or _DAY_END_RE.search(period.text) is not None


def _opens_with_time(t: str, sent: int, times: list[TimeExpr], ends: list[int]) -> bool:
    """Whether the sentence starting at ``sent`` opens with a data time of its own
    ("截至4月20日24时，现有境外输入确诊病例811例"): a new statement, whose subject is named
    in it or is the report's own, never the place an earlier sentence was about. The
    national bulletin's "4月20日0-24时，湖北无新增确诊病例。截至4月20日24时，现有境外输入
    确诊病例811例" gives the country's figure after Hubei's sentence. 当日 opening a
    sentence continues the paragraph's day and opens nothing.
    """
    i = bisect_right(ends, sent)  # the first time expression ending after ``sent``
    if i >= len(times):
        return False
    te = times[i]
    if te.start < sent or te.role != "data" or te.kind == "current":
        return False
    if t[te.start : te.end] in ("当日", "当天"):
        return False
    lead = t[sent : te.start].strip(" *#　\n")
    return len(lead) <= 2 and _REPORTING_LEAD_RE.search(lead) is None and "，" not in lead


def _period_for(
    rd: Reading, pos: int, times: list[TimeExpr], ends: list[int], flow: bool
) -> Period | None:
    """The nearest data time expression before ``pos`` in the same sentence; without one,
    the date that opens an earlier sentence of the paragraph.

    Bulletins state the date once: "2020年3月18日12-24时，山东省新增确诊病例0例。…累计报告
    境外输入确诊病例2例。" dates the second sentence too. Only a date opening its sentence
    (or right after a reporting lead-in, "…今天通报，3月9日0—24时，") carries over (one inside
    a sentence is that clause's own), and only up to the next sentence that opens with
    another.
    """
    sent = rd.sentence_start(pos)
    i = bisect_right(ends, pos) - 1
    t = rd.norm.text
    para_of = _para_start(t, pos)
    while i >= 0 and times[i].start >= sent:
        te = times[i]
        i -= 1
        if te.role != "data":
            continue
        if te.kind == "current" and _CLAUSE_END_RE.search(t, te.end, pos) is not None:
            # "现有重症病例461例，累计死亡病例80例": 现有 belongs to its own clause's
            # figure; the later ones keep the sentence's date ("截至1月26日24时").
            continue
        if t[te.start : te.end] in ("今日", "今天") and _other_day_before(times, i, te, para_of):
            # "1月30日0-24时，吉林全省无新增确诊病例。…今日全省新增疑似病例3例" in a report
            # published the 31st: 今日 is the report's day or the data's, a reader cannot tell.
            return None
        if _UNREAD_PERIOD_RE.search(t, te.end, pos) is not None:
            # "上半年…服务进出口总额23774亿元；其中6月当月，…4392亿元": a month, quarter or
            # year the scan did not read stands nearer the figure than the period found.
            return None
        return _comparable(period_of(te, flow), te, flow)
    own = _OWN_TIME_RE.search(t, max(sent, pos - WINDOW), pos)
    same_day = False
    if own is not None:
        # "截至6月17日24时，…现有确诊病例265例。当日新增确诊病例28例": 当日 opening the
        # sentence (or a clause group after ；) is the day the paragraph named, not a
        # time of its own.
        lead = t[sent : own.start()].strip()
        if own.group() not in ("当日", "当天") or (lead and lead[-1] not in "；;"):
            return None  # the sentence has a time of its own ("2020年12月", "近一周以来")
        if _OWN_TIME_RE.search(t, own.end(), pos) is not None:
            return None
        same_day = True
    para = _para_start(t, pos)
    while i >= 0 and times[i].start >= para:
        te = times[i]
        i -= 1
        s0 = rd.sentence_start(te.start)
        lead = t[s0 : te.start].strip(" *#　")
        if len(lead) > 2 and _REPORTING_LEAD_RE.search(lead) is None:
            continue  # inside its sentence: that clause's date only
        if te.role != "data":
            return None
        if same_day:
            # the whole day the paragraph's date ends or names, for a count over it
            if not flow or te.date is None or te.kind not in ("day", "date", "asof"):
                return None
            if te.kind == "asof" and te.h0 is not None:
                return None  # 截至20日10时: the day is not over
            return Period("day", te.date, text=te.text)
        return _comparable(period_of(te, flow), te, flow)
    return None


# A time the sentence names for itself, other than this year: "2016年…成长率为8%" is
# another year's figure, not the day's.
_THIS_YEAR = ("今年", "本年")


def _as_published(rd: Reading, t: str, sent: int, pos: int) -> Period | None:
    """The day of publication, for a figure stated as of it (``as_published``), unless its
    sentence names a time of its own before it ("去年" after 比 is a comparison's base and
    is not one)."""
    published = rd.published
    if published is None:
        return None
    for m in _OWN_TIME_RE.finditer(t, max(sent, pos - WINDOW), pos):
        if t[m.start() : m.end()] not in _THIS_YEAR:
            return None
    return Period("asof", published, text="publication")


def _other_day_before(times: list[TimeExpr], i: int, te: TimeExpr, para: int) -> bool:
    """Whether one of the few data dates before ``times[i + 1]`` (``te``, a 今日) in its
    paragraph names another day. Bounded: at most eight are looked at."""
    for k in range(i, max(-1, i - 8), -1):
        o = times[k]
        if o.start < para:
            return False
        if o.role == "data" and o.date is not None and o.date != te.date:
            return True
    return False


def _comparable(period: Period, te: TimeExpr, flow: bool) -> Period | None:
    """``period`` unless it cannot say what a figure counts: a time of day not read
    (``clock``), or a count up to an hour of the day ("截至4日0时，韩国较3日下午4时新增…":
    since when is another report's choice), which only a stock can be as of."""
    if te.kind == "clock":
        return None
    if flow and period.kind == "asof" and period.h0 is not None:
        return None
    return period


# "截至2月23日24时，…现有重症病例9915例，当日减少1053例": a stock's change over its day
# (当日新增 after a stock is its ``then_new`` flow instead).
_SAME_DAY_CHANGE_RE = re.compile(r"\s*[，,]\s*(?P<ref>当日|当天)(?P<dir>减少|增加)")


def _derived(
    t: str,
    text: str,
    norm: Normalized,
    cend: int,
    base: Claim,
    q: Quantity,
    qs: Sequence[Quantity],
    q_starts: Sequence[int],
) -> Claim | None:
    """较29日减少863例 after a figure: the figure for the 29th, by arithmetic."""
    m = _CHANGE_RE.match(t, cend)
    if m is None and "当" in t[cend : cend + 4]:
        m = _SAME_DAY_CHANGE_RE.match(t, cend)
    if m is None or not base.exact or base.period is None or base.period.start is None:
        return None
    if m.re is _SAME_DAY_CHANGE_RE and (base.period.kind != "asof" or base.period.h0 is not None):
        return None  # 当日 compares a day's closing count with the day before's only
    i = bisect_left(q_starts, m.end())
    if i >= len(qs) or qs[i].qual_start != m.end():
        return None
    delta = qs[i]
    if delta.percent or delta.qualifier != "exact" or unit_class(delta.unit) != unit_class(q.unit):
        return None
    bp = base.period
    ref = m.group("ref")
    day, month = m.groupdict().get("d"), m.groupdict().get("m")
    if day:
        d = int(day)
        assert bp.start is not None
        mo = int(month) if month else bp.start.month
        ref_date = _safe_date(bp.start.year, mo, d)
        if ref_date is not None and ref_date >= bp.start:
            prev = bp.start.replace(day=1) - dt.timedelta(days=1)
            ref_date = _safe_date(prev.year, prev.month, d) if not month else None
        if ref_date is None:
            return None
        period = Period(bp.kind, ref_date, None, bp.h0, bp.h1, text=m.group("ref"))
    elif ref.startswith(("昨", "前", "上一", "当")):
        # "现有重症病例9915例，当日减少1053例": the count at the end of the day before.
        # In a comparison 较前日 means the day before the figure's own day.
        p = bp.shifted(-1)
        period = Period(p.kind, p.start, p.end, p.h0, p.h1, text=ref)
    else:
        return None
    sign = -1 if m.group("dir") in ("增加", "上升", "增长", "新增", "多") else 1
    value = base.value + sign * delta.value
    if value < 0:
        return None
    lead = len(m.group()) - len(m.group().lstrip(" ，,\t"))
    s, e = norm.orig(m.start() + lead), norm.orig_end(delta.end)
    return _computed(base, value, period, s, e, text[s:e])


def _stated(
    q: Quantity,
    metric: str,
    region: str | None,
    period: Period | None,
    start: int,
    end: int,
    text: str,
) -> Claim:
    """A figure as the text states it: its value, bounds and qualifier from ``q``;
    ``start``/``end`` are offsets into the original ``text``."""
    lo, hi = interval(q)
    return Claim(
        metric=metric,
        region=region,
        period=period,
        value=q.value,
        lo=lo,
        hi=hi,
        qualifier=q.qualifier,
        unit=q.unit,
        start=start,
        end=end,
        text=text[start:end],
    )


def _computed(like: Claim, value: float, period: Period, start: int, end: int, said: str) -> Claim:
    """A figure worked out from ``like`` and a stated change ``said`` (at ``start``..``end``):
    exact, same metric, region and unit, and it names what it was derived from."""
    return Claim(
        metric=like.metric,
        region=like.region,
        period=period,
        value=value,
        lo=value,
        hi=value,
        qualifier="exact",
        unit=like.unit,
        start=start,
        end=end,
        text=said,
        derived_from=f"{like.text} {said}",
    )


# --------------------------------------------------------------------------- documents


def publication_dates(doc: Document) -> tuple[dt.date | None, dt.date | None]:
    """(publication date, date relative words count from), from the provenance analysis."""
    prov = extract_provenance(doc)
    return prov.published, prov.reference_date


def reading_for(doc: Document) -> Reading:
    """The document's reading, computed once per document (shared by every rule)."""
    cached = doc.cache.get(_READING_KEY)
    if isinstance(cached, Reading):
        return cached
    ensure_held(doc, CLAIMS_ANALYSIS)
    ref = weakref.ref(doc)  # the reading lives in the document's cache: no cycle

    def dates() -> tuple[dt.date | None, dt.date | None]:
        d = ref()
        return publication_dates(d) if d is not None else (None, None)

    rd = Reading(doc.text, dates=dates)
    doc.cache[_READING_KEY] = rd
    return rd


def analysis_for(doc: Document, catalog: Catalog) -> Analysis:
    """The document's claims under ``catalog``, computed once; they go into the report."""
    key = f"{_READING_KEY}:{id(catalog)}"
    cached = doc.cache.get(key)
    if isinstance(cached, Analysis):
        return cached
    ensure_held(doc, CLAIMS_ANALYSIS)
    a = analyze(doc.text, catalog, reading=reading_for(doc))
    doc.cache[key] = a
    # Ids follow the order of ``a.claims``: C101/C104 name claims by ``claim_id(k)``.
    doc.facts["claims"] = [
        {"id": claim_id(k)} | c.to_dict(doc, catalog) for k, c in enumerate(a.claims)
    ]
    return a


_READING_KEY = "seedlint.claims"

CLAIMS_ANALYSIS = "claims"
"""The name claims detectors give in ``reads``: the reading and every catalog's analysis."""


@releases(CLAIMS_ANALYSIS)
def release_claims(doc: Document) -> None:
    """Drop the reading, the analyses and what rules made of their claims (every key under
    the claims' prefix); the report's claim records (``doc.facts``) stay."""
    for key in [k for k in doc.cache if k == _READING_KEY or k.startswith(_READING_KEY + ":")]:
        del doc.cache[key]


def claim_id(k: int) -> str:
    """The report's id of a document's ``k``-th claim (0-based): ``c1``, ``c2``, ..."""
    return f"c{k + 1}"
