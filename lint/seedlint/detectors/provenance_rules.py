"""``provenance``: the publication date and source a document is credited with, checked.

One kind, several checks (``params.check``), all reading the same memoised
``extract_provenance(doc)``: extraction happens once per document however many
provenance rules are on. Every check also leaves the extracted record in
``doc.facts["provenance"]`` so that the JSON report carries it per document.

When a corpus manifest is configured, its entry for the document fills fields the
document itself does not give (a manifest is metadata too), and a manifest value that
contradicts the text is reported like any other metadata disagreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from seedlint.document import Document
from seedlint.manifest import Manifest, entry_for, load_cached
from seedlint.provenance import (
    CACHE_KEY,
    DateMention,
    MetaValues,
    NameMention,
    Provenance,
    extract_provenance,
    read_metadata,
    same_name,
)
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

Check = Literal[
    "missing-date",
    "missing-source",
    "conflicting-dates",
    "conflicting-sources",
    "dateline-range",
    "later-body-date",
    "implausible-date",
    "metadata-mismatch",
]

MANIFEST_KEY = "provenance-manifest"


class ProvenanceParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: Check
    max_days_before: int = Field(default=14, ge=0)
    """dateline-range: how many days a dateline may precede the publication date."""
    grace_days: int = Field(default=0, ge=0)
    """later-body-date: body dates up to this many days after publication are accepted."""
    floor: dt.date = dt.date(1990, 1, 1)
    """implausible-date: publication dates before this are errors (no Chinese web before)."""
    future_days: int = Field(default=1, ge=0)
    """implausible-date: how far past today a publication date may lie (time zones)."""
    today: dt.date | None = None
    """implausible-date: the date to compare with (default: the day of the run)."""
    tolerance_days: int = Field(default=0, ge=0)
    """metadata-mismatch: days the metadata's date may differ from the text's either way."""
    repost_lag_days: int = Field(default=1, ge=0)
    """metadata-mismatch: days the metadata's date may come after the text's (a copy is
    dated the day it was filed, often the day after the original it reprints)."""
    """metadata-mismatch: allowed difference between metadata and text dates."""


# A labelled timestamp without its year (``发布时间：09-30 22:46``, ``发布时间：18-03-08 23:16``,
# as Baidu's pages print it): like a yearless dateline, it dates the document to the day.
_YEARLESS_STAMP = re.compile(
    r"(?:发布时间|發佈時間|發布時間|发表时间|發表時間|发布于|發佈於)\s*[:：]?\s*"
    r"(?:[0-9]{2}-)?[01]?[0-9]-[0-3]?[0-9]\s*[0-2]?[0-9]:[0-5][0-9]"
)


# A label naming the day of an event right before a date (``计票日：``, ``权益登记日：``).
_SCHEDULED_DAY = re.compile(r"[\u4e00-\u9fff]{1,6}日\s*[:：]\s*$")
_TITLE_DAY = re.compile(r"([0-9０-９]{1,2})月([0-9０-９]{1,2})日")


_RX_NUMBER = re.compile(r"[0-9０-９]+")
_STAMP_TEMPLATE_MAX = 60  # characters before a stamp on its line: a post header, not prose


def _stamp_template(text: str, start: int) -> str | None:
    """The text before a date on its line with every number replaced by ``#``, when it can
    be a thread's post header: short, and holding a number (the post's floor or index)
    and at least two other characters. ``楼层： 第 5 楼 时间：`` gives ``楼层： 第 # 楼 时间：``."""
    ls = text.rfind("\n", 0, start) + 1
    if start - ls > _STAMP_TEMPLATE_MAX:
        return None
    prefix = text[ls:start].strip()
    template = _RX_NUMBER.sub("#", prefix)
    if "#" not in template or len(template.replace("#", "").replace(" ", "")) < 2:
        return None
    return template


_ADDRESS_REACH = 200  # characters back to the start of the token a date stands in


def _in_address(text: str, start: int) -> bool:
    """Whether the date at ``start`` is inside a web address (its token holds ``://``)."""
    lo = max(0, start - _ADDRESS_REACH)
    token = text[lo:start]
    for stop in (" ", "\n", "\t", "(", "<", "\u3000"):
        i = token.rfind(stop)
        if i != -1:
            token = token[i + 1 :]
    return "://" in token or token.startswith("www.")


def _days_in_title(doc: Document) -> set[tuple[int, int]]:
    """The (month, day) pairs the document's title names: its metadata ``title``, else its
    first non-blank line when that is headline-short. A schedule published the day before
    (``9月26日听基金公司大咖说``) lists that day's events, later than its date by design."""
    title = doc.metadata.get("title")
    if not isinstance(title, str):
        first = next((ln for ln in doc.text.split("\n", 5)[:5] if ln.strip()), "")
        title = first if len(first.strip()) <= 64 else ""
    out: set[tuple[int, int]] = set()
    for mo, d in _TITLE_DAY.findall(title):
        out.add((int(mo.translate(_FULLWIDTH)), int(d.translate(_FULLWIDTH))))
    return out


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _fmt_dates(ms: list[DateMention]) -> str:
    return ", ".join(f"{m.date.isoformat()} (line {m.line})" for m in ms)


@register
class ProvenanceDetector(Detector):
    kind = "provenance"
    Params = ProvenanceParams

    def __init__(self, rule: RuleSpec, params: ProvenanceParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        mp = ctx.options.get("manifest")
        self.manifest_path: str | None = str(mp) if mp else None
        self._run: Callable[[Document, Provenance, MetaValues | None], Iterator[Hit]] = getattr(
            self, "_" + params.check.replace("-", "_")
        )
        """The check's method, looked up once (this runs per rule and document)."""

    # -- shared ---------------------------------------------------------------------

    def _manifest_values(self, doc: Document) -> MetaValues | None:
        if self.manifest_path is None or doc.container != "file":
            return None
        m = load_cached(self.manifest_path)
        if not isinstance(m, Manifest):
            return None
        entry = entry_for(m, doc.path)
        return None if entry is None else read_metadata(entry.provenance_values())

    def provenance(self, doc: Document) -> Provenance:
        prov = extract_provenance(doc)
        if MANIFEST_KEY not in doc.cache:
            # First provenance rule on this document: complete the record once and
            # leave it for the report.
            mv = self._manifest_values(doc)
            doc.cache[MANIFEST_KEY] = mv
            if mv is not None:
                _fill_from_manifest(prov, mv)
            doc.facts["provenance"] = prov.to_dict()
        return prov

    def check(self, doc: Document) -> Iterator[Hit]:
        cache = doc.cache
        prov = cache.get(CACHE_KEY)
        if not isinstance(prov, Provenance) or MANIFEST_KEY not in cache:
            prov = self.provenance(doc)  # the first provenance rule on this document
        manifest_mv: MetaValues | None = cache.get(MANIFEST_KEY)
        return self._run(doc, prov, manifest_mv)

    # -- checks ---------------------------------------------------------------------

    def _missing_date(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        # A dateline without a year (``中新网6月19日电``) dates the report to the day within
        # its year: the document says when it was filed, so it is not missing a date (the
        # report's provenance section shows the month and day).
        if (
            prov.published is None
            and prov.dateline is None
            and _YEARLESS_STAMP.search(doc.text, 0, min(len(doc.text), prov.header_end + 200))
            is None
        ):
            why = ""
            if prov.meta.published_raw is not None:
                why = f" (metadata `{prov.meta.published_key}` is not a date)"
            elif prov.meta.retrieved is not None:
                # A crawl date says when the page was fetched, not when it was published.
                why = (
                    f" (only a crawl date, `{prov.meta.retrieved_key}`"
                    f" {prov.meta.retrieved.isoformat()}, which is not a publication date)"
                )
            yield Hit(0, 0, data={"why": why})

    def _missing_source(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        if prov.source is None:
            yield Hit(0, 0)

    def _conflicting_dates(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        ms = prov.header_dates
        if len({m.date for m in ms}) < 2:
            return
        first = ms[0]
        other = next(m for m in ms if m.date != first.date)
        yield Hit(
            other.start,
            other.end,
            data={"dates": _fmt_dates(ms), "count": len({m.date for m in ms})},
        )

    def _conflicting_sources(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        ms = prov.header_sources
        if len(ms) < 2:
            return
        first = ms[0]
        other = next((m for m in ms if not same_name(m.value, first.value)), None)
        if other is None:
            return
        listing = ", ".join(f"{m.value} (line {m.line})" for m in ms)
        yield Hit(other.start, other.end, data={"sources": listing})

    def _dateline_range(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        dl = prov.dateline
        pub = prov.published
        if dl is None or dl.date is None or pub is None or prov.published_weak:
            return
        p: ProvenanceParams = self.params
        days = (pub - dl.date).days
        if days < 0:
            yield Hit(
                dl.start,
                dl.end,
                message=(
                    f"dateline `{dl.raw}` ({dl.date.isoformat()}) is after the publication "
                    f"date {pub.isoformat()}: one of the two is wrong"
                ),
            )
        elif days > p.max_days_before:
            yield Hit(
                dl.start,
                dl.end,
                message=(
                    f"dateline `{dl.raw}` ({dl.date.isoformat()}) is {days} days before the "
                    f"publication date {pub.isoformat()} (more than {p.max_days_before}): "
                    "a stale reprint or a wrong publication date"
                ),
            )

    def _later_body_date(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        pub = prov.published
        if pub is None or prov.published_weak:
            # A URL's date says a page exists by then; it is too weak to call later
            # dates in the body (calendars, archives) content added after publication.
            return
        p: ProvenanceParams = self.params
        limit = pub + dt.timedelta(days=p.grace_days)
        text = doc.text
        named: set[tuple[int, int]] | None = None
        # A thread's replies: each post's stamp line repeats the first post's, only its
        # numbers changed (``楼层： 第 5 楼 时间：2005-09-15 13:35``). The replies are the
        # thread's content, posted after it opened, not a list appended by a scraper.
        tp = prov.text_published
        thread = _stamp_template(text, tp.start) if tp is not None and tp.date == pub else None
        # Only dates after ``limit`` can fire: the others are never read (see
        # ``body_dates_after``: most documents have none, found by one search).
        for m in prov.body_dates_after(limit):
            if m.future_context or m.label is not None:
                continue
            if not (m.timestamp or m.numeric):
                continue  # a future date in prose is a plan or a deadline, not a timestamp
            if thread is not None and _stamp_template(text, m.start) == thread:
                continue
            if _in_address(text, m.start):
                continue  # ``…/html?fn=wxid_2018-12-02_…``: part of a link, not a date shown
            if _SCHEDULED_DAY.search(text, max(0, m.start - 12), m.start):
                continue  # ``会议计票日：2023年11月7日``: a notice names the day of an event
            if named is None:
                named = _days_in_title(doc)
            if (m.date.month, m.date.day) in named:
                continue  # the title announces that day: a programme or a preview
            yield Hit(
                m.start,
                m.end,
                data={"date": m.date.isoformat(), "published": pub.isoformat()},
            )

    def _implausible_date(self, doc: Document, prov: Provenance, _m: Any) -> Iterator[Hit]:
        pub = prov.published
        if pub is None:
            return
        p: ProvenanceParams = self.params
        tp = prov.text_published
        start, end = (tp.start, tp.end) if tp is not None and tp.date == pub else (0, 0)
        today = p.today or dt.date.today()
        if pub > today + dt.timedelta(days=p.future_days):
            yield Hit(
                start,
                end,
                message=f"publication date {pub.isoformat()} is in the future (today is "
                f"{today.isoformat()}): a typo or a wrong date field",
            )
        elif pub < p.floor:
            yield Hit(
                start,
                end,
                message=f"publication date {pub.isoformat()} is before {p.floor.isoformat()}, "
                "earlier than any plausible web publication: a wrong date field",
            )

    def _metadata_mismatch(
        self, doc: Document, prov: Provenance, manifest_mv: MetaValues | None
    ) -> Iterator[Hit]:
        p: ProvenanceParams = self.params
        sources: list[tuple[str, MetaValues]] = [("metadata", prov.meta)]
        if manifest_mv is not None:
            sources.append(("manifest", manifest_mv))
        tp = prov.text_published
        ts = prov.text_source
        for origin, mv in sources:
            if mv.published_raw is not None and mv.published is None:
                yield Hit(
                    0,
                    0,
                    message=f"{origin} `{mv.published_key}: {mv.published_raw}` is not a date",
                )
            elif mv.published is not None and tp is not None:
                late = (mv.published - tp.date).days
                if (
                    abs(late) > p.tolerance_days
                    and not 0 < late <= p.repost_lag_days
                    # A programme lists the day its title announces, published before it
                    # (the metadata's title only: a first line may be the stamp itself).
                    and not (
                        isinstance(doc.metadata.get("title"), str)
                        and (tp.date.month, tp.date.day) in _days_in_title(doc)
                    )
                ):
                    yield Hit(
                        tp.start,
                        tp.end,
                        message=(
                            f"{origin} says published {mv.published.isoformat()} "
                            f"(`{mv.published_key or 'published'}`) but the text's header "
                            f"says {tp.date.isoformat()} (line {tp.line})"
                        ),
                    )
            if mv.source is not None and ts is not None and not _named_in_text(mv.source, prov):
                yield Hit(
                    ts.start,
                    ts.end,
                    message=(
                        f"{origin} says source `{mv.source}` but the text's header says "
                        f"`{ts.value}` (line {ts.line}) and names no `{mv.source}` anywhere"
                    ),
                )


def _named_in_text(name: str, prov: Provenance) -> bool:
    """The metadata's source is one the text itself names (site, original, byline...)."""
    if "." in name and not any("\u4e00" <= c <= "\u9fff" for c in name):
        return True  # a domain is not comparable with a publisher's name
    cands: list[str | None] = [prov.original_source, prov.copyright]
    names: list[NameMention] = [*prov.header_sources, *prov.names]
    for n in names:
        cands.append(n.value)
        cands.append(n.original)
    return any(c is not None and same_name(name, c) for c in cands)


def _fill_from_manifest(prov: Provenance, mv: MetaValues) -> None:
    """The manifest as the last metadata source: it fills gaps, it never overrides."""
    if prov.published is None and mv.published is not None:
        prov.published, prov.published_time = mv.published, mv.published_time
        prov.published_origin = "manifest"
    if prov.source is None and mv.source is not None:
        prov.source, prov.source_origin = mv.source, "manifest"
    if prov.original_source is None and mv.original_source is not None:
        prov.original_source, prov.original_source_origin = mv.original_source, "manifest"
    if prov.url is None:
        prov.url = mv.url
    if prov.retrieved is None:
        prov.retrieved = mv.retrieved
    if prov.licence is None:
        prov.licence = mv.licence
