"""The per-unit work, and running it in worker processes in a deterministic order.

A unit (one file, or one batch of JSONL/Parquet records) is parsed, linted and, with
``--fix``, fixed by ``process_unit``: a function of the unit, the rule set and the run
options only, so it runs the same in this process, in a pool of forked workers, from the
cache, or on a Dask worker. Its ``UnitResult`` is small and picklable (findings,
document reports, corpus data, facts), never the document text unless the caller asked
to keep it for the reporters.

Order: results come back in the order units were read, whatever the number of workers,
so a run's report is byte-identical for ``--jobs 1`` and ``--jobs 8``.

Workers get the rule set by inheritance when processes are forked (nothing is pickled:
detectors may hold automata or converters that do not pickle); elsewhere they rebuild it
once from the config (``RuleSetRecipe``) and check that its digest matches.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from seedlint import datacodec
from seedlint.config import Config
from seedlint.containerfix import RECORD_CONTAINERS, RecordFix, compress_bytes, text_sha
from seedlint.document import Document
from seedlint.engine import (
    DocResult,
    RuleSet,
    assign_fingerprints,
    document_report,
    lint_documents,
    refresh_facts,
)
from seedlint.fixer import (
    FIXABLE_CONTAINERS,
    FixOutcome,
    WriteRefused,
    atomic_write,
    choose_fixes,
    encode_for_write,
    fix_document,
)
from seedlint.inline import with_inline_waivers
from seedlint.manifest import doc_abspath, journal_fix
from seedlint.model import Applicability, DocumentReport, Finding
from seedlint.sources import (
    Problem,
    SourceFile,
    SourceOptions,
    Unit,
    parse_unit,
    split_suffix,
    unsafe_path,
)

CHUNK_UNITS = 32
"""Units per task sent to a worker: small files are batched so IPC stays negligible."""
CHUNK_BYTES = 1 << 20


@dataclass
class DocOut:
    """One document's outcome: everything the rest of the run needs, without its text."""

    report: DocumentReport
    findings: list[Finding]
    collected: dict[str, Any]
    doc_id: str
    path: str
    head: str
    """The text before the body (front matter): corpus findings need its length."""
    container: str = "file"
    waivers: Any = None
    """``metadata["seedlint"]`` when the document has one (waivers live there)."""
    facts: dict[str, Any] = field(default_factory=dict)
    document: Document | None = None
    """The full document, when kept for the reporters (never stored in the cache)."""


@dataclass
class UnitResult:
    rel: str
    seq: int
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    sha256: str | None = None
    docs: list[DocOut] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    record_fixes: list[RecordFix] = field(default_factory=list)
    """Fixed records of a JSONL or Parquet unit: the reading process writes them into
    the file once its last unit is in (``containerfix``)."""
    path: str = ""
    """The unit's file, for that rewrite."""
    cached: bool = False
    cpu_seconds: float = 0.0
    """CPU time spent on the unit, and by which process: how evenly workers were loaded."""
    worker: int = 0
    cache_blob: bytes | None = None
    """The result as the cache stores it (``datacodec``), encoded by the worker that
    produced it: the reading process, which writes the cache, then has no encoding to do
    (pickling it was 2 s of its CPU per 100 MB)."""

    @property
    def storable(self) -> bool:
        """Only a result that describes the unit as it is on disk may be cached."""
        return (
            not self.diffs
            and not self.write_errors
            and not self.record_fixes
            and not any(d.report.fixes for d in self.docs)
        )

    def without_documents(self) -> UnitResult:
        return replace(self, docs=[replace(d, document=None) for d in self.docs])

    def cache_bytes(self) -> bytes | None:
        """The result as the cache stores it: encoded once, by whichever process gets
        there first (a worker, or the reading process for in-process runs). None when a
        detector collected something that is not plain data: then it is not cached."""
        if self.cache_blob is None:
            try:
                self.cache_blob = datacodec.dumps(self.without_documents())
            except datacodec.EncodeError:
                return None
        return self.cache_blob


@dataclass(frozen=True)
class Work:
    """The run options a worker needs."""

    sopts: SourceOptions
    fix: Applicability | None = None
    diff: bool = False
    cache: bool = False
    """Results will be cached: workers encode them for the cache."""
    root: Path | None = None
    """The linted root: a fix is written through a symlink only when its target is
    inside it (checked again at write time)."""
    manifest: Path | None = None
    """The manifest whose fix journal records each rewrite before it happens (``--fix``
    with a manifest configured)."""


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff; a last line without a newline is marked as git marks it, so the
    next line of the diff never runs on from it."""
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def process_unit(unit: Unit, ruleset: RuleSet, work: Work, keep_documents: bool) -> UnitResult:
    """Parse, lint and (with ``work.fix``) fix one unit; write fixed files atomically.

    ``keep_documents``: return the documents the reporters quote (those with findings;
    every document when fixing) along with the result.
    """
    return process_units([unit], ruleset, work, [keep_documents])[0]


def process_units(
    units: list[Unit], ruleset: RuleSet, work: Work, keeps: list[bool]
) -> list[UnitResult]:
    """``process_unit`` for each unit, the documents of all of them linted together.

    Rules run over the whole batch one after the other (``lint_documents``), so a folder
    of small files gains what a batch of JSONL records gains. The CPU time is shared out
    among the units by their size (for the workers' balance statistics).
    """
    cpu0 = time.process_time()
    parsed = [parse_unit(unit, work.sopts) for unit in units]
    docs = [doc for sf in parsed for doc in sf.documents]
    linted = iter(lint_documents(docs, ruleset))
    outs = [
        _finish_unit(unit, sf, [next(linted) for _ in sf.documents], ruleset, work, keep)
        for unit, sf, keep in zip(units, parsed, keeps, strict=True)
    ]
    cpu = time.process_time() - cpu0
    total = sum(max(1, u.size) for u in units)
    for unit, out in zip(units, outs, strict=True):
        out.cpu_seconds = cpu * max(1, unit.size) / total
    return outs


def _finish_unit(
    unit: Unit,
    sf: SourceFile,
    results: list[DocResult],
    ruleset: RuleSet,
    work: Work,
    keep_documents: bool,
) -> UnitResult:
    """One unit's result from its linted documents: fixes, reports, what to keep."""
    out = UnitResult(unit.rel, unit.seq, list(sf.problems), sf.encoding, sf.sha256)
    out.path = str(unit.path)
    out.worker = os.getpid()
    for doc, res in zip(sf.documents, results, strict=True):
        if work.fix is None:
            # Every rule has run: the shared analyses (the claims' reading of a 20 MB line
            # of figures, some 400 MB) go before the report's claim records are built
            # beside them. A fix lints the document again and may still read them.
            doc.cache = {}
        dr = document_report(sf, doc)
        if doc.container in RECORD_CONTAINERS and unit.kind != "jsonl" and unit.kind != "rows":
            # Records of a JSONL file decoded whole (UTF-16/32): no line to splice into.
            # Their fixes are not offered, so "fixable" counts only what --fix does.
            res.findings = [
                f if f.fix is None else f.model_copy(update={"fix": None}) for f in res.findings
            ]
        if work.fix is not None and doc.container in FIXABLE_CONTAINERS:
            outcome = fix_document(doc, ruleset, work.fix, first=res)
            if outcome.changed and doc.container in RECORD_CONTAINERS:
                _record_fixed(out, dr, doc, outcome.doc, work)
                dr.fixes = outcome.applied
                doc = outcome.doc
                res = outcome.result
                dr = refresh_facts(dr, doc)
            elif outcome.changed:
                try:
                    data = encode_for_write(doc, outcome.doc, outcome.encoding)
                except WriteRefused as exc:
                    out.write_errors.append(f"{doc.path}: not rewritten: {exc}")
                else:
                    # Only a fix that reached the file (or that --diff shows) changes what
                    # the report says of the document: a failed write changed nothing.
                    kept = True
                    if work.diff:
                        out.diffs.append(_file_diff(doc, outcome))
                    else:
                        try:
                            if doc.container == "compressed":
                                data = compress_bytes(data, split_suffix(unit.path.name)[1])
                            target = _write_target(unit.path, work.root)
                            _exit_if_orphaned()
                            if work.manifest is not None:
                                journal_fix(
                                    work.manifest,
                                    doc_abspath(dr.path, work.root),
                                    sf.sha256 or hashlib.sha256(doc.raw or b"").hexdigest(),
                                    hashlib.sha256(data).hexdigest(),
                                    [a.code for a in outcome.applied],
                                    len(outcome.applied),
                                )
                            atomic_write(target, data)
                        except OSError as exc:
                            out.write_errors.append(
                                f"{doc.path}: write failed, original kept: {exc}"
                            )
                            kept = False
                        else:
                            dr.status = "fixed"
                            dr.sha256_after = hashlib.sha256(data).hexdigest()
                    if kept:
                        dr.fixes = outcome.applied
                        doc = outcome.doc
                        res = outcome.result
                        dr = refresh_facts(dr, doc)
        # A document that took part in a corpus pass (its claims went to C101) may get its
        # only finding there: its text is kept too, and dropped again if none comes.
        keep = keep_documents and (
            bool(res.findings) or bool(res.collected) or work.fix is not None
        )
        # A fingerprint depends only on its own document's findings of the same code:
        # taken here, it is computed in the workers and kept in the cache (see
        # ``assign_fingerprints``).
        assign_fingerprints(res.findings)
        out.docs.append(
            DocOut(
                report=dr,
                findings=res.findings,
                collected=res.collected,
                doc_id=doc.doc_id,
                path=doc.path,
                head=doc.head,
                container=doc.container,
                waivers=with_inline_waivers(doc),
                facts=dict(doc.facts),
                document=doc if keep else None,
            )
        )
        if not keep:
            # The shared analyses reference their document: left to the cyclic
            # collector, which runs rarely while a corpus is linted
            # (``runner.few_collections``), they piled up with the corpus's size.
            doc.cache = {}
    return out


def _file_diff(doc: Document, outcome: FixOutcome) -> str:
    """A file's pending change: the text diff, and the transcode when there is one
    (a change of encoding alone changes no line of text)."""
    head = ""
    if outcome.encoding and outcome.encoding != doc.encoding:
        head = f"would transcode {doc.path}: {doc.encoding} -> {outcome.encoding}\n"
    return head + unified_diff(doc.path, doc.head + doc.text, outcome.doc.head + outcome.doc.text)


def _record_fixed(
    out: UnitResult, dr: DocumentReport, doc: Document, fixed: Document, work: Work
) -> None:
    """A record's fix: its diff (``--diff``) or the text the container rewrite will write."""
    if doc.record is None:
        return
    if work.diff:
        out.diffs.append(unified_diff(doc.doc_id, doc.text, fixed.text))
        return
    out.record_fixes.append(
        RecordFix(
            record=doc.record,
            doc_id=doc.doc_id,
            text=fixed.text,
            sha256_before=text_sha(doc.text),
            sha256_after=text_sha(fixed.text),
        )
    )


def _write_target(path: Path, root: Path | None) -> Path:
    """Where a fix of ``path`` is written: the file itself, or the target of a symlink
    that stays inside the root (checked again now: the link may have changed since it
    was read). Writing to the link's path would replace the link by a copy."""
    if not path.is_symlink():
        return path
    problem = unsafe_path(path, root or Path.cwd())
    if problem is not None:
        raise OSError(f"{problem[1]} (checked again before writing)")
    return path.resolve(strict=True)


def rehydrate(unit: Unit, result: UnitResult, work: Work) -> None:
    """Attach the documents to a cached result (parsing only: no rule runs)."""
    wanted = [d for d in result.docs if d.findings or d.collected or work.fix is not None]
    if not wanted:
        return
    sf = parse_unit(unit, work.sopts)
    by_id = {d.doc_id: d for d in sf.documents}
    for d in wanted:
        doc = by_id.get(d.doc_id)
        if doc is not None:
            doc.facts.update(d.facts)
            d.document = doc


def cache_usable(result: UnitResult, ruleset: RuleSet, work: Work) -> bool:
    """With ``--fix``, a cached result only stands in for a unit with nothing to fix."""
    if work.fix is None:
        return True
    return not any(
        d.container in FIXABLE_CONTAINERS and choose_fixes(d.findings, work.fix, ruleset)
        for d in result.docs
    )


# ---------------------------------------------------------------------------------------
# Rule sets in workers


@dataclass(frozen=True)
class RuleSetRecipe:
    """How a worker that did not inherit the rule set rebuilds it: config + codes in force."""

    cfg: Config
    codes: tuple[str, ...]
    digest: str


def recipe_for(ruleset: RuleSet) -> RuleSetRecipe:
    return RuleSetRecipe(ruleset.cfg, tuple(r.code for r in ruleset.rules), ruleset.digest())


_BUILT: dict[tuple[str, str, tuple[str, ...]], RuleSet] = {}
_BUILT_LOCK = threading.Lock()


def build_ruleset(recipe: RuleSetRecipe) -> RuleSet:
    """The recipe's rule set, built once per process (thread-safe: Dask runs threads)."""
    key = (recipe.digest, recipe.cfg.model_dump_json(by_alias=True), recipe.codes)
    with _BUILT_LOCK:
        rs = _BUILT.get(key)
        if rs is None:
            rs = RuleSet.from_config(recipe.cfg)
            missing = [c for c in recipe.codes if c not in rs.by_code]
            if missing:
                raise RuntimeError(
                    f"rules {', '.join(missing)} cannot be rebuilt from the config in a worker"
                )
            rs.rules = [rs.by_code[c] for c in recipe.codes]
            if rs.digest() != recipe.digest:
                raise RuntimeError(
                    "the rule pack seen by this worker differs from the one the run started "
                    f"with (digest {rs.digest()} != {recipe.digest})"
                )
            _BUILT[key] = rs
        return rs


_WORKER_RULESET: RuleSet | None = None
_PARENT: int | None = None
"""In a worker: the pid of the run that started it."""


def _die_with_parent() -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux): a ``--fix`` run
    killed with SIGKILL cannot stop its workers, and orphans kept rewriting files that
    no journal or manifest would record. Elsewhere ``_exit_if_orphaned`` still stops a
    worker before its next write."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _exit_if_orphaned() -> None:
    """A worker whose run is gone writes nothing more."""
    if _PARENT is not None and os.getppid() != _PARENT:
        os._exit(1)


def _init_worker(payload: RuleSet | RuleSetRecipe, parent: int | None = None) -> None:
    global _WORKER_RULESET, _PARENT
    if parent is not None:
        _PARENT = parent
        _die_with_parent()
        _exit_if_orphaned()  # the parent died before the request reached the kernel
    _WORKER_RULESET = payload if isinstance(payload, RuleSet) else build_ruleset(payload)


def _work_chunk(units: list[Unit], keeps: list[bool], work: Work) -> list[UnitResult]:
    rs = _WORKER_RULESET
    assert rs is not None, "worker not initialised"
    out = process_units(units, rs, work, keeps)
    for res in out:
        for d in res.docs:
            if d.document is not None:
                # per-document memo: may hold anything a detector likes; not shipped back
                d.document.cache = {}
        if work.cache and res.storable:
            res.cache_bytes()
    return out


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _pool(ruleset: RuleSet, jobs: int) -> ProcessPoolExecutor:
    ctx: BaseContext
    if "fork" in mp.get_all_start_methods():
        ctx = mp.get_context("fork")
        payload: RuleSet | RuleSetRecipe = ruleset  # inherited through fork: not pickled
    else:
        ctx = mp.get_context("spawn")
        payload = recipe_for(ruleset)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(payload, os.getpid()),
    )


class Cacheish:
    """What ``run_units`` needs from a cache (see ``seedlint.cache.Cache``)."""

    def lookup(self, unit: Unit) -> UnitResult | None:
        raise NotImplementedError

    def store(self, unit: Unit, result: UnitResult) -> None:
        raise NotImplementedError


@dataclass
class _Slot:
    units: list[Unit] = field(default_factory=list)
    keeps: list[bool] = field(default_factory=list)
    nbytes: int = 0
    future: Future[list[UnitResult]] | None = None
    results: list[UnitResult] | None = None


def run_units(
    units: Iterable[Unit],
    ruleset: RuleSet,
    work: Work,
    jobs: int = 1,
    cache: Cacheish | None = None,
    keep: Callable[[Unit], bool] = lambda u: True,
) -> Iterator[UnitResult]:
    """Results of ``units`` in their order; with ``jobs > 1`` computed by a process pool.

    Cache lookups and stores happen here, in the reading process (one writer). At most
    ``2 * jobs`` chunks are in flight, so memory stays bounded however long the stream.
    """

    def from_cache(unit: Unit, want: bool) -> UnitResult | None:
        if cache is None:
            return None
        hit = cache.lookup(unit)
        if hit is None or not cache_usable(hit, ruleset, work):
            return None
        hit.cached = True
        if want:
            rehydrate(unit, hit, work)
        return hit

    def stored(unit: Unit, res: UnitResult) -> UnitResult:
        if cache is not None and res.storable:
            cache.store(unit, res)
        res.cache_blob = None
        return res

    if jobs <= 1:
        # Units not in the cache are linted in batches (as a worker lints a chunk), and
        # every result is handed on in read order.
        batch: list[tuple[Unit, bool, UnitResult | None]] = []
        misses = nbytes = 0
        for unit in itertools.chain(units, [None]):
            if unit is not None:
                want = keep(unit)
                hit = from_cache(unit, want)
                batch.append((unit, want, hit))
                if hit is None:
                    misses += 1
                    nbytes += unit.size
                if misses < CHUNK_UNITS and nbytes < CHUNK_BYTES:
                    continue
            todo = [(u, w) for u, w, r in batch if r is None]
            done = iter(process_units([u for u, _ in todo], ruleset, work, [w for _, w in todo]))
            for u, _, r in batch:
                yield r if r is not None else stored(u, next(done))
            batch, misses, nbytes = [], 0, 0
        return

    pending: deque[_Slot] = deque()
    open_slot: _Slot | None = None
    inflight = 0

    with _pool(ruleset, jobs) as pool:

        def submit() -> None:
            nonlocal open_slot, inflight
            if open_slot is not None:
                open_slot.future = pool.submit(_work_chunk, open_slot.units, open_slot.keeps, work)
                inflight += 1
                open_slot = None

        def pop() -> Iterator[UnitResult]:
            nonlocal inflight
            slot = pending.popleft()
            if slot.results is not None:
                yield from slot.results
                return
            assert slot.future is not None
            results = slot.future.result()
            inflight -= 1
            for u, r in zip(slot.units, results, strict=True):
                yield stored(u, r)

        def ready() -> bool:
            head = pending[0]
            return head.results is not None or (head.future is not None and head.future.done())

        for unit in units:
            want = keep(unit)
            hit = from_cache(unit, want)
            if hit is not None:
                submit()
                pending.append(_Slot(results=[hit]))
            else:
                if open_slot is None:
                    open_slot = _Slot()
                    pending.append(open_slot)
                open_slot.units.append(unit)
                open_slot.keeps.append(want)
                open_slot.nbytes += unit.size
                if len(open_slot.units) >= CHUNK_UNITS or open_slot.nbytes >= CHUNK_BYTES:
                    submit()
            while (
                pending
                and pending[0] is not open_slot
                and (inflight > 2 * jobs or len(pending) > 8 * jobs or ready())
            ):
                yield from pop()
        submit()
        while pending:
            yield from pop()
