"""``claim-contradiction`` and ``claim-self-contradiction``: one quantity, two values.

Two documents that give different values for the same (region, metric, period) cannot
both be right, and a corpus holding both teaches a model neither. The corpus pass indexes
every document's claims by that key, so its cost is linear in the number of claims: only
claims sharing a key are ever compared, and within a key the comparison is a sort, not
all pairs. Exact values conflict when they differ beyond the configured tolerance; a bound
(超6000例) conflicts only with an exact value outside it, never with another bound, since
two loose statements rarely prove anything.

Each document involved gets its own finding at its own span, naming the nearest
conflicting value, the document and line holding it, and both publication dates.
"""

from __future__ import annotations

import math
import sqlite3
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import msgpack
from pydantic import BaseModel, ConfigDict, Field

from seedlint.claims import (
    Catalog,
    Claim,
    analysis_for,
    claim_id,
    describe_period_key,
    load_catalog,
)
from seedlint.claims.binding import CLAIMS_ANALYSIS
from seedlint.document import Document
from seedlint.registry import CorpusHit, Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec


class CatalogParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metrics: list[str] = Field(default_factory=lambda: ["lexicons/metrics_zh.yaml"])
    """Metric definition files, relative to the rule file; later files add or override."""
    regions: list[str] = Field(default_factory=lambda: ["lexicons/regions_zh.yaml"])
    places: list[str] = Field(default_factory=list)
    """Extra place-name files in lexicon format (``terms:``), e.g. a gazetteer: a mention
    of any of them stops a figure from being attributed to an earlier-named region."""
    place_labels: list[str] | None = None
    """Keep only these labels from ``places`` files."""
    only_metrics: list[str] | None = None
    """Compare only these metric ids (default: all)."""


class ContradictionParams(CatalogParams):
    rel_tolerance: float = Field(default=0.0, ge=0, le=0.5)
    """Relative slack either side of an exact value (rounding in reposts)."""
    abs_tolerance: float = Field(default=0.0, ge=0)
    """Absolute slack either side of an exact value."""


def catalog_from(params: CatalogParams, ctx: LoadContext) -> Catalog:
    def paths(items: list[str]) -> tuple[Path, ...]:
        out = []
        for rel in items:
            p = ctx.resolve(rel)
            if not p.is_file():
                raise ValueError(f"data file not found: {p}")
            out.append(p)
        return tuple(out)

    return load_catalog(
        paths(params.metrics),
        paths(params.regions),
        paths(params.places),
        tuple(params.place_labels) if params.place_labels is not None else None,
    )


def _slack(v: float, p: ContradictionParams) -> float:
    return max(p.abs_tolerance, p.rel_tolerance * abs(v))


class Rec(NamedTuple):
    """A comparable claim as collected: small, picklable, located."""

    key: str
    lo: float
    hi: float
    exact: bool
    value: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    claim: str
    """The claim's id in the document's report (``ClaimRecord.id``)."""


class Collected(NamedTuple):
    path: str
    published: str
    claims: list[Rec]


def _value_text(c: Claim) -> str:
    v = c.value_text()
    return f"{v} (derived: {c.derived_from})" if c.derived_from else v


def _records(
    doc: Document, claims: list[Claim], params: ContradictionParams, settings: str
) -> list[Rec]:
    """The comparable claims as records, once per document and ``settings`` (the params as
    JSON): C101 and C104 both need them. Under the claims' key prefix, so that
    ``release_claims`` lets them go with the claims they were made from."""
    key = f"seedlint.claims:records:{id(claims)}:{settings}"
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = _make_records(doc, claims, params)
    return list(cached)


def _make_records(doc: Document, claims: list[Claim], params: ContradictionParams) -> list[Rec]:
    out: list[Rec] = []
    seen: set[tuple[str, float, float]] = set()
    only = set(params.only_metrics) if params.only_metrics is not None else None
    for i, c in enumerate(claims):
        k = c.key
        if k is None or (only is not None and c.metric not in only):
            continue
        lo, hi = c.lo, c.hi
        if c.exact:
            lo, hi = lo - _slack(c.lo, params), hi + _slack(c.hi, params)
        key = sys.intern("|".join(k))
        if (key, lo, hi) in seen:
            continue  # the same figure repeated (headline and body): compare it once
        seen.add((key, lo, hi))
        line, col = doc.position(c.start)
        end_line, end_col = doc.position(c.end)
        out.append(
            Rec(
                key,
                lo,
                hi,
                c.exact,
                _value_text(c),
                c.start,
                c.end,
                line,
                col,
                end_line,
                end_col,
                c.text,
                claim_id(i),
            )
        )
    return out


def _published(doc: Document) -> str:
    from seedlint.claims import reading_for

    pub = reading_for(doc).published
    return pub.isoformat() if pub else "date unknown"


def _key_parts(key: str, catalog: Catalog) -> tuple[str, str]:
    region, metric, _ = key.split("|", 2)
    m = catalog.metrics.get(metric)
    return region, (m.label if m else metric)


@register
class ClaimContradiction(Detector):
    kind = "claim-contradiction"
    reads = (CLAIMS_ANALYSIS,)
    Params = ContradictionParams
    corpus_wide = True

    def __init__(self, rule: RuleSpec, params: ContradictionParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.catalog = catalog_from(params, ctx)
        self._settings = params.model_dump_json()

    def check(self, doc: Document) -> Iterator[Hit]:
        analysis_for(doc, self.catalog)  # claims go into the report even without a finding
        return iter(())

    def collect(self, doc: Document) -> Collected | None:
        claims = analysis_for(doc, self.catalog).claims
        recs = _records(doc, claims, self.params, self._settings)
        if not recs:
            return None
        return Collected(doc.path, _published(doc), recs)

    def finalize(self, collected: Iterable[tuple[str, Any]]) -> Iterator[CorpusHit]:
        # The index is on disk (``_ClaimIndex``): a corpus's claims grow with it, and held
        # as objects they were the largest thing a gigabyte run kept. Only the keys whose
        # claims can conflict are read back, one key at a time.
        with _ClaimIndex(collected) as index:
            for key, group in index.candidates():
                yield from self._conflicts(key, group, index)

    def _conflicts(
        self, key: str, group: list[tuple[int, Rec]], docs: _Docs
    ) -> Iterator[CorpusHit]:
        if not any(r.exact for _, r in group):
            return  # bounds against bounds prove nothing
        if max(r.lo for _, r in group) <= min(r.hi for _, r in group):
            return  # every interval shares a point: all compatible (the usual case)
        if len({di for di, _ in group}) < 2:
            return
        exact = _Sorted([e for e in group if e[1].exact])
        bounds = _Sorted([e for e in group if not e[1].exact])
        own: dict[int, list[Rec]] = defaultdict(list)
        for di, r in group:
            own[di].append(r)
        reported: set[int] = set()
        region, label = _key_parts(key, self.catalog)
        for di, r in group:
            if di in reported:
                continue
            pools = [exact, bounds] if r.exact else [exact]
            n = sum(p.count(r) for p in pools)
            if n == 0:
                continue
            n -= sum(1 for o in own[di] if (r.exact or o.exact) and _disjoint(r, o))
            if n <= 0:
                continue  # conflicts only within its own document: C104's case
            other = exact.nearest(di, r) or (bounds.nearest(di, r) if r.exact else None)
            if other is None:
                continue
            reported.add(di)
            yield self._hit(docs, di, r, other[0], other[1], region, label, n)

    def _hit(
        self,
        docs: _Docs,
        di: int,
        r: Rec,
        odi: int,
        o: Rec,
        region: str,
        label: str,
        ndocs: int,
    ) -> CorpusHit:
        doc_id, data = docs(di)
        other_id, odata = docs(odi)
        more = f"; {ndocs - 1} more conflicting figure(s) elsewhere" if ndocs > 1 else ""
        hit = Hit(
            r.start,
            r.end,
            data={
                "match": r.text,
                "region": region,
                "metric": label,
                "period": describe_period_key(r.key.split("|", 2)[2]),
                "value": r.value,
                "line": r.line,
                "column": r.column,
                "date": data.published,
                "other_doc": other_id,  # path#N for a JSONL record
                "other_value": o.value,
                "other_line": o.line,
                "other_column": o.column,
                "other_text": o.text,
                "other_date": odata.published,
                "more": more,
            },
            claim=r.claim,
            other_claim=(other_id, o.claim),
        )
        return CorpusHit(
            doc_id=doc_id,
            path=data.path,
            hit=hit,
            line=r.line,
            column=r.column,
            end_line=r.end_line,
            end_column=r.end_column,
            snippet=r.text,
        )


_pack: Callable[[Any], bytes] = msgpack.Packer(use_bin_type=True).pack

_Docs = Callable[[int], tuple[str, Collected]]
"""A document of the pass by its number: its id, and its path and date (no claims)."""

INSERT_BATCH = 4096
"""Claims buffered before one insert into the index."""


class _ClaimIndex:
    """Every collected claim by key, in a private SQLite database on disk (the standard
    library's; deleted when the pass ends), so that a corpus pass holds one key's claims
    at a time, not the corpus's.

    ``candidates`` yields exactly the groups the in-memory index gave to ``_conflicts``
    that can hold a conflict, in the same order (keys by first appearance, claims in
    read order), each claim rebuilt from its fields as msgpack wrote them
    (strings, numbers and a bool, kept exactly: an int stays an int, an infinity
    infinite). SQL only leaves out
    the groups ``_conflicts`` returns from at once: a single claim, no exact value, one
    document, or intervals that all share a point; a value SQLite cannot compare (NaN,
    stored as NULL) keeps its group in.
    """

    def __init__(self, collected: Iterable[tuple[str, Any]]) -> None:
        # "": a private temporary database on disk, deleted when it is closed; its page
        # cache (which also bounds the sorts below) is 16 MB.
        self._db = sqlite3.connect("")
        self._group_docs: dict[int, tuple[str, Collected]] = {}
        """The documents of the group being read (what ``_hit`` asks for)."""
        db = self._db
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-16384")
        db.execute("CREATE TABLE doc (di INTEGER PRIMARY KEY, doc_id TEXT, path TEXT, pub TEXT)")
        db.execute(
            "CREATE TABLE rec (key TEXT, di INTEGER, lo REAL, hi REAL, exact INT, data BLOB)"
        )
        docs: list[tuple[int, str, str, str]] = []
        recs: list[tuple[str, int, float, float, int, bytes]] = []
        di = 0
        with db:
            for doc_id, data in collected:
                if not isinstance(data, Collected):
                    continue
                docs.append((di, doc_id, data.path, data.published))
                for r in data.claims:
                    recs.append((r.key, di, r.lo, r.hi, int(r.exact), _pack(list(r))))
                di += 1
                if len(recs) >= INSERT_BATCH or len(docs) >= INSERT_BATCH:
                    self._insert(docs, recs)
            self._insert(docs, recs)

    def _insert(self, docs: list[tuple[int, str, str, str]], recs: list[tuple[Any, ...]]) -> None:
        self._db.executemany("INSERT INTO doc VALUES (?, ?, ?, ?)", docs)
        self._db.executemany("INSERT INTO rec VALUES (?, ?, ?, ?, ?, ?)", recs)
        docs.clear()
        recs.clear()

    def candidates(self) -> Iterator[tuple[str, list[tuple[int, Rec]]]]:
        db = self._db
        db.execute(
            "CREATE TEMP TABLE cand AS SELECT key, min(rowid) AS first FROM rec GROUP BY key "
            "HAVING count(*) >= 2 AND max(exact) = 1 AND count(DISTINCT di) >= 2 "
            "AND (max(lo IS NULL OR hi IS NULL) = 1 OR max(lo) > min(hi))"
        )
        db.execute("CREATE INDEX cand_key ON cand (key)")
        # Each claim comes with its document: a finding names only documents of its group.
        rows = db.execute(
            "SELECT rec.key, rec.di, rec.data, doc.doc_id, doc.path, doc.pub "
            "FROM rec JOIN cand ON rec.key = cand.key JOIN doc ON doc.di = rec.di "
            "ORDER BY cand.first, rec.rowid"
        )
        key: str | None = None
        group: list[tuple[int, Rec]] = []
        for k, di, data, doc_id, path, published in rows:
            if k != key:
                if group:
                    yield str(key), group
                key, group = k, []
                self._group_docs = {}
            fields = msgpack.unpackb(data, raw=False)
            if not isinstance(fields, list) or len(fields) != len(Rec._fields):
                raise ValueError("the claim index is damaged")
            group.append((int(di), Rec(*fields)))
            if di not in self._group_docs:
                self._group_docs[di] = (str(doc_id), Collected(str(path), str(published), []))
        if group:
            yield str(key), group

    def __call__(self, di: int) -> tuple[str, Collected]:
        got = self._group_docs.get(di)
        if got is not None:
            return got
        row = self._db.execute("SELECT doc_id, path, pub FROM doc WHERE di = ?", (di,)).fetchone()
        if row is None:
            raise KeyError(di)
        doc_id, path, published = row
        return str(doc_id), Collected(str(path), str(published), [])

    def __enter__(self) -> _ClaimIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()


def _disjoint(a: Rec, b: Rec) -> bool:
    return a.hi < b.lo or b.hi < a.lo


class _Sorted:
    """Claims of one key sorted by both interval ends: conflicts by bisection, no pairs."""

    def __init__(self, entries: list[tuple[int, Rec]]) -> None:
        # Among equal values the earliest document is named: stable, readable messages.
        self.by_hi = sorted(entries, key=lambda e: (e[1].hi, -e[0]))
        self.his = [e[1].hi for e in self.by_hi]
        self.by_lo = sorted(entries, key=lambda e: (e[1].lo, e[0]))
        self.los = [e[1].lo for e in self.by_lo]

    def count(self, r: Rec) -> int:
        """Claims whose interval lies entirely below or above ``r``'s."""
        return bisect_left(self.his, r.lo) + len(self.los) - bisect_right(self.los, r.hi)

    def nearest(self, di: int, r: Rec) -> tuple[int, Rec] | None:
        """The conflicting claim closest in value, from another document."""
        best: tuple[int, Rec] | None = None
        best_dist = math.inf
        i = bisect_left(self.his, r.lo) - 1
        while i >= 0:
            odi, o = self.by_hi[i]
            if odi != di:
                best, best_dist = (odi, o), r.lo - o.hi
                break
            i -= 1
        i = bisect_right(self.los, r.hi)
        while i < len(self.by_lo):
            odi, o = self.by_lo[i]
            if odi != di:
                if o.lo - r.hi < best_dist:
                    best = (odi, o)
                break
            i += 1
        return best


@register
class ClaimSelfContradiction(Detector):
    """The same quantity given two incompatible values within one document."""

    kind = "claim-self-contradiction"
    reads = (CLAIMS_ANALYSIS,)
    Params = ContradictionParams

    def __init__(self, rule: RuleSpec, params: ContradictionParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.catalog = catalog_from(params, ctx)
        self._settings = params.model_dump_json()

    def check(self, doc: Document) -> Iterator[Hit]:
        claims = analysis_for(doc, self.catalog).claims
        recs = _records(doc, claims, self.params, self._settings)
        by_key: dict[str, list[Rec]] = defaultdict(list)
        for r in recs:
            by_key[r.key].append(r)
        for key, rs in by_key.items():
            if len(rs) < 2:
                continue
            region, label = _key_parts(key, self.catalog)
            for i, r in enumerate(rs[1:], start=1):
                for o in rs[:i]:
                    if (r.exact or o.exact) and _disjoint(r, o):
                        yield Hit(
                            r.start,
                            r.end,
                            data={
                                "region": region,
                                "metric": label,
                                "period": describe_period_key(r.key.split("|", 2)[2]),
                                "value": r.value,
                                "other_value": o.value,
                                "other_line": o.line,
                                "other_column": o.column,
                                "other_text": o.text,
                            },
                            claim=r.claim,
                            other_claim=(doc.doc_id, o.claim),
                        )
                        break
