"""One run over a set of paths: the pipeline the CLI drives.

sources -> per-document rules (and the fix loop) -> corpus passes -> waivers ->
baseline -> report. Kept apart from the CLI so tests and other front ends (pre-commit,
a notebook, a distributed backend) call the same thing.

The corpus is read as a stream of units (``sources.iter_units``); each unit is linted by
``parallel.process_unit`` (in this process, in ``--jobs`` worker processes, or not at
all when the cache has it), and the results are folded in read order by an
``Accumulator``. The sharded and Dask runs produce the same unit results elsewhere and
fold them with the same ``Accumulator``, which is why every way of running gives the
same report.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from seedlint.baseline import load_baseline
from seedlint.containerfix import (
    BeforeReplace,
    ContainerWrite,
    RecordFix,
    rewrite_jsonl,
    rewrite_parquet,
)
from seedlint.corpusstore import Anchors, CollectedSpool
from seedlint.document import Document
from seedlint.engine import (
    RuleSet,
    document_report,
    iter_corpus_findings,
    new_report,
    problem_finding,
    source_options,
)
from seedlint.manifest import doc_abspath, journal_fix, record_fixes_in_manifest, settle_journal
from seedlint.model import Applicability, DocumentReport, Finding, Report, Severity
from seedlint.parallel import (
    UnitResult,
    Work,
    run_units,
    unified_diff,
)
from seedlint.sources import (
    Problem,
    Select,
    SourceFile,
    Unit,
    discover,
    iter_units,
    split_suffix,
)
from seedlint.spool import REPORT_ORDER, SpooledReport

_REPORT_ORDER = REPORT_ORDER

SMALL_INPUT_BYTES = 1 << 20
"""Below this much input a worker pool costs more than it saves: run in-process."""


@dataclass
class RunOptions:
    fix: Applicability | None = None
    """Apply fixes at or above this applicability (None: check only)."""
    diff: bool = False
    """Compute fixes but write nothing; collect unified diffs instead."""
    use_baseline: bool = True
    progress: Callable[[int, int], None] | None = None
    jobs: int = 1
    """Worker processes (1: in this process). Output is the same for any value."""
    cache_dir: Path | None = None
    """Result cache folder (None: no cache)."""
    keep_text_bytes: int = 32 * 1024 * 1024
    """Keep the documents the reporters quote (those with findings) until this much input
    has been read; past it only the report is kept, so memory does not grow with the
    corpus. With ``fix`` every document is kept."""


@dataclass
class RunResult:
    source: SpooledReport
    """The report on disk: what the command line's reporters read, one pass each."""
    diffs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    """Units read and taken from the cache, documents, the CPU time of linting and its
    share on the busiest worker (for benchmarks and tests)."""

    _held: Report | None = None

    @property
    def report(self) -> Report:
        """The whole report in memory: for library callers and tests. It holds every
        finding, so the command line reads ``source`` instead."""
        if self._held is None:
            self._held = self.source.held()
        return self._held

    def exit_code(self) -> int:
        tally = self.source.tally
        if self.missing or self.write_errors:
            return 2
        if tally.io_error:
            return 2
        if tally.failing:
            return 1
        if self.diffs:
            return 1
        return 0


# Kept for callers of the earlier private name.
_diff = unified_diff


class _AnchoredDocs(dict[str, Document]):
    """Documents for the corpus passes: the kept ones, and position stubs for the rest.

    A corpus finding only needs its document's path and the length of its front matter;
    building a stub on demand from the anchors on disk keeps the run from holding every
    document's text, or even one entry per document.
    """

    def __init__(self, docs: dict[str, Document], anchors: Anchors) -> None:
        super().__init__(docs)
        self.anchors = anchors

    def __missing__(self, key: str) -> Document:
        anchor = self.anchors.get(key)
        if anchor is None:
            raise KeyError(key)
        path, head = anchor
        return Document(path=path, text="", doc_id=key, head=head)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


class Accumulator:
    """Folds unit results, in run order, into the report and the corpus passes' input."""

    def __init__(
        self,
        ruleset: RuleSet,
        progress: Callable[[int, int], None] | None = None,
        total_files: int = 0,
        file_sha: dict[str, str] | None = None,
        spool_dir: Path | None = None,
        hold_documents: bool = False,
    ) -> None:
        self.ruleset = ruleset
        self.spool = SpooledReport(new_report(ruleset), spool_dir, held_documents=hold_documents)
        """Findings and document entries go to disk as they come (``hold_documents``:
        entries stay in memory, for a ``--fix`` run that changes them after the fact)."""
        self._problem_docs: set[str] = set()
        self.collected = CollectedSpool(self.spool.folder)
        """What each document gave the corpus passes, per rule, on disk (``corpusstore``)."""
        self.docs: dict[str, Document] = {}
        self.anchors = Anchors(self.spool.folder)
        """Where each document not kept here starts, for its corpus findings (on disk)."""
        self.waiver_docs: dict[str, Document] = {}
        self._corpus_only: set[str] = set()
        """Documents kept only because a corpus pass might find something in them."""
        self.diffs: list[str] = []
        self.write_errors: list[str] = []
        self.file_sha = file_sha if file_sha is not None else {}
        self.progress = progress
        # A progress display that counts documents (``Progress``) is told each unit's.
        self._doc_progress: Callable[[int], None] | None = getattr(progress, "documents", None)
        self.total_files = total_files
        self.files_done = 0
        self.stats: dict[str, int] = defaultdict(int)
        self._cpu: dict[int, float] = defaultdict(float)
        self._rel: str | None = None
        self._has_docs = False
        self._problems: list[Problem] = []
        self._encoding: str | None = None
        self._sha: str | None = None
        self._first_seq: int | None = None
        """The file's first document entry: its streamed entries get the file's hash."""
        self.write_records: tuple[str, int] | None = None
        """(text field, size limit) when this run writes record fixes into containers."""
        self.record_hashes: dict[str, list[dict[str, str]]] = {}
        """Per file, each record fix written: document id, text hashes before and after."""
        self._record_fixes: list[RecordFix] = []
        self._file_reports: list[DocumentReport] = []
        self._path = ""
        self.journal: tuple[Path, Path] | None = None
        """(manifest, run root) when container rewrites go to the manifest's fix journal."""

    def add(self, r: UnitResult) -> None:
        if r.rel != self._rel:
            self.close_file()
            self._rel = r.rel
        self.stats["units"] += 1
        if r.cached:
            self.stats["units_cached"] += 1
        else:
            self._cpu[r.worker] += r.cpu_seconds
        self._problems.extend(r.problems)
        self._encoding = self._encoding or r.encoding
        self._sha = self._sha or r.sha256
        pending = self.spool.pending
        for p in r.problems:
            self._problem_docs.add(p.doc_id)
            pending.add(problem_finding(p))
        self.diffs.extend(r.diffs)
        self.write_errors.extend(r.write_errors)
        self._record_fixes.extend(r.record_fixes)
        self._path = r.path or self._path
        for d in r.docs:
            self._has_docs = True
            self.stats["documents"] += 1
            for f in d.findings:
                pending.add(f)
            for code, data in d.collected.items():
                self.collected.add(code, d.doc_id, data)
            if d.document is not None:
                if self.write_records is None:
                    # Kept for the reporters, which read its text and positions: the
                    # detectors' shared analyses are no use to them and cost several
                    # times the text.
                    d.document.cache = {}
                self.docs[d.doc_id] = d.document
                if not d.findings and not d.report.fixes and d.collected:
                    self._corpus_only.add(d.doc_id)
            elif d.collected:
                # Only a document a corpus pass reads can get a corpus finding: its
                # position stub is all the pass needs (see ``_AnchoredDocs``).
                self.anchors.add(d.doc_id, d.path, d.head)
            if d.waivers is not None:
                self.waiver_docs[d.doc_id] = d.document or Document(
                    path=d.path,
                    text="",
                    doc_id=d.doc_id,
                    metadata={"seedlint": d.waivers},
                    head=d.head,
                )
            seq = self.spool.docs.add(d.report)
            if self._first_seq is None:
                self._first_seq = seq
            if r.record_fixes:
                self._file_reports.append(d.report)
        if self._doc_progress is not None and r.docs:
            self._doc_progress(len(r.docs))

    def close_file(self) -> None:
        """The file's last unit is in: fill in its streamed hash, report it if it had no
        documents."""
        rel = self._rel
        if rel is None:
            return
        sha = self._sha or self.file_sha.get(rel)
        if self._first_seq is not None:
            self.spool.docs.set_sha(self._first_seq, self.spool.docs.count - 1, sha)
        if self._record_fixes and self.write_records is not None:
            self._write_records(rel, sha)
        if not self._has_docs:
            sf = SourceFile(
                path=rel,
                abspath=Path(rel),
                sha256=sha,
                encoding=self._encoding,
                problems=self._problems,
            )
            self.spool.docs.add(document_report(sf, None))
        self._rel, self._has_docs, self._problems = None, False, []
        self._encoding = self._sha = None
        self._first_seq = None
        self._record_fixes, self._file_reports, self._path = [], [], ""
        self.files_done += 1
        if self.progress:
            self.progress(self.files_done, self.total_files)

    def _write_records(self, rel: str, sha: str | None) -> None:
        """Write the file's record fixes (``containerfix``); keep in the report only the
        fixes that reached the file."""
        assert self.write_records is not None
        key, max_bytes = self.write_records
        path = Path(self._path)
        fmt, compression = split_suffix(path.name)
        fixes = self._record_fixes
        journal = self._journal_callback(rel, sha, fixes)
        try:
            if fmt == ".parquet":
                done = rewrite_parquet(path, fixes, key, sha, journal)
            else:
                done = rewrite_jsonl(path, compression, fixes, key, sha, max_bytes, journal)
        except Exception as exc:  # any failure leaves the original: say so, do not crash
            done = ContainerWrite(errors=[f"{rel}: write failed, original kept: {exc}"])
        self.write_errors.extend(done.errors)
        written = done.written if done.sha256_after else set()
        kept = {f.doc_id for f in fixes if f.record in written}
        for dr in self._file_reports:
            if dr.document not in kept:
                dr.fixes = []
            elif done.sha256_after:
                dr.status = "fixed"
                dr.sha256_after = done.sha256_after
        if kept:
            self.record_hashes[rel] = [
                {
                    "document": f.doc_id,
                    "sha256_before": f.sha256_before,
                    "sha256_after": f.sha256_after,
                }
                for f in fixes
                if f.doc_id in kept
            ]

    def _journal_callback(
        self, rel: str, sha: str | None, fixes: list[RecordFix]
    ) -> BeforeReplace | None:
        """Records a container's rewrite in the fix journal just before it replaces the
        file (``manifest.journal_fix``)."""
        if self.journal is None or sha is None:
            return None
        manifest, root = self.journal
        applied = [a for dr in self._file_reports for a in dr.fixes]

        def record(sha_after: str, written: set[int]) -> None:
            kept = {f.doc_id for f in fixes if f.record in written}
            journal_fix(
                manifest,
                doc_abspath(rel, root),
                sha,
                sha_after,
                [a.code for a in applied if a.document in kept],
                sum(1 for a in applied if a.document in kept),
                [
                    {
                        "document": f.doc_id,
                        "sha256_before": f.sha256_before,
                        "sha256_after": f.sha256_after,
                    }
                    for f in fixes
                    if f.doc_id in kept
                ],
            )

        return record

    def finish(self, use_baseline: bool = True) -> RunResult:
        """The corpus passes and what the report needs to finalise (waivers, baseline):
        the run's report, on disk. Fingerprints, waivers and the baseline are applied
        when it is first read, one document at a time (``spool``)."""
        self.close_file()
        ruleset, cfg, spool = self.ruleset, self.ruleset.cfg, self.spool
        docs = _AnchoredDocs(self.docs, self.anchors)
        collected = {code: self.collected.items(code) for code in self.collected.counts}
        # Corpus findings go straight to the spool; of their documents only the kept
        # ones are remembered (a few thousand at most: the keep budget bounds them).
        corpus_only = self._corpus_only
        found = set(self._problem_docs & corpus_only) if corpus_only else set()
        for f in iter_corpus_findings(ruleset, collected, docs):
            spool.pending.add(f)
            if f.document in corpus_only:
                found.add(f.document)
        self.collected.close()
        self.anchors.close()
        for doc_id in corpus_only - found:
            del self.docs[doc_id]
        spool.waiver_docs = self.waiver_docs
        if use_baseline and cfg.baseline:
            bpath = cfg.resolve(cfg.baseline)
            if bpath.is_file():
                spool.baseline = (load_baseline(bpath), cfg.baseline)
        if self._cpu:
            self.stats["lint_cpu_ms"] = round(1000 * sum(self._cpu.values()))
            self.stats["lint_cpu_ms_busiest_worker"] = round(1000 * max(self._cpu.values()))
            self.stats["workers"] = len(self._cpu)
        return RunResult(
            source=spool,
            diffs=self.diffs,
            write_errors=self.write_errors,
            documents=self.docs,
            stats=dict(self.stats),
        )


def lint_units(
    files: list[Path],
    ruleset: RuleSet,
    root: Path,
    opts: RunOptions,
    select: Select | None = None,
    file_sha: dict[str, str] | None = None,
) -> Iterable[UnitResult]:
    """Read ``files`` as units and lint them (pool, cache), yielding results in order."""
    from seedlint.cache import Cache

    sopts = source_options(ruleset.cfg)
    work = Work(
        sopts=sopts,
        fix=opts.fix,
        diff=opts.diff,
        cache=opts.cache_dir is not None,
        root=root,
        manifest=_journaled_manifest(ruleset, opts),
    )
    jobs = max(1, opts.jobs)
    if jobs > 1:
        total = 0
        for f in files:
            try:
                total += f.stat().st_size
            except OSError:
                pass
        if total < SMALL_INPUT_BYTES:
            jobs = 1
    budget = {"left": opts.keep_text_bytes}

    def keep(unit: Unit) -> bool:
        if opts.fix is not None:
            return True
        budget["left"] -= unit.size
        return budget["left"] >= 0

    cache = Cache.open(opts.cache_dir, ruleset) if opts.cache_dir is not None else None
    units = iter_units(files, root, sopts, select=select, file_sha=file_sha)
    try:
        yield from run_units(units, ruleset, work, jobs=jobs, cache=cache, keep=keep)
    finally:
        if cache is not None:
            cache.close()


@contextmanager
def few_collections() -> Iterator[None]:
    """Let the cyclic garbage collector run rarely while a corpus is linted.

    Linting allocates millions of short-lived, acyclic objects (matches, hits, findings)
    while the loaded rule pack (lexicons, automata, conversion tables) and the growing
    report stay alive: with the default thresholds the collector keeps re-scanning all of
    them, which cost about a sixth of the run's time on the benchmark corpus. What is
    alive now is frozen out of the collector's sight, and collections are spaced out; both
    are undone afterwards. Forked workers inherit the setting.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def run(paths: list[Path], ruleset: RuleSet, root: Path, opts: RunOptions) -> RunResult:
    writes = opts.fix is not None and not opts.diff
    with few_collections(), fix_lock(ruleset.cfg.base_dir) if writes else nullcontext():
        return _run(paths, ruleset, root, opts)


@contextmanager
def fix_lock(project: Path) -> Iterator[None]:
    """One ``--fix`` at a time per project (config folder): two at once would each read
    a file the other is rewriting and record the same fix twice in the manifest, or lose
    one run's manifest records. The second run waits for the first, then finds the
    files fixed. The lock file lives in the user's cache folder, not in the corpus."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks; the writes are still atomic
        yield
        return
    from seedlint.cache import default_directory

    path = default_directory(project) / "fix.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = path.open("a")
    except OSError as exc:
        print(f"seedlint: warning: cannot lock {path} ({exc}): fixing unlocked", file=sys.stderr)
        yield
        return
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(
                "seedlint: another `seedlint --fix` is running on this project: waiting",
                file=sys.stderr,
            )
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _journaled_manifest(ruleset: RuleSet, opts: RunOptions) -> Path | None:
    """The manifest whose journal records this run's rewrites (None: nothing is written,
    or no manifest is kept)."""
    cfg = ruleset.cfg
    if opts.fix is None or opts.diff or not cfg.manifest:
        return None
    return cfg.resolve(cfg.manifest)


TEMP_SUFFIX = ".seedlint.tmp"
"""The suffix of the temporary files of atomic writes (``containerfix.atomic_stream``,
``Manifest.save``)."""


def remove_stale_temps(folders: Iterable[Path]) -> int:
    """Remove the temporary files a killed ``--fix`` left in ``folders``; returns how
    many. Called under the fix lock, so no other run of the project is writing one;
    only regular files named as seedlint names them (``.NAME.XXXX.seedlint.tmp``)."""
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if not (e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)):
                continue
            try:
                if e.is_file(follow_symlinks=False):
                    os.unlink(e.path)
                    removed += 1
            except OSError:
                pass
    return removed


def _write_folders(files: list[Path], manifest: Path | None) -> set[Path]:
    """The folders a ``--fix`` of ``files`` writes temporary files in."""
    out: set[Path] = set()
    for f in files:
        out.add(f.parent)
        if f.is_symlink():
            with suppress(OSError, RuntimeError):  # a loop is reported when it is read
                out.add(f.resolve(strict=True).parent)
    if manifest is not None:
        out.add(manifest.parent)
    return out


def _run(paths: list[Path], ruleset: RuleSet, root: Path, opts: RunOptions) -> RunResult:
    cfg = ruleset.cfg
    files, missing = discover(paths, root, source_options(cfg))
    file_sha: dict[str, str] = {}
    writes = opts.fix is not None and not opts.diff
    acc = Accumulator(
        ruleset, opts.progress, len(files), file_sha, opts.cache_dir, hold_documents=writes
    )
    manifest = _journaled_manifest(ruleset, opts)
    if writes:
        sopts = source_options(cfg)
        acc.write_records = (sopts.text_field, sopts.max_bytes)
        remove_stale_temps(_write_folders(files, manifest))
    if manifest is not None:
        # What a killed run left in the journal is recorded first (see ``manifest``).
        acc.write_errors.extend(settle_journal(manifest))
        acc.journal = (manifest, root)
    try:
        for res in lint_units(files, ruleset, root, opts, file_sha=file_sha):
            acc.add(res)
    except BaseException:
        # One failure undoes nothing: the files already rewritten stay recorded.
        if manifest is not None:
            settle_journal(manifest)
        raise
    if opts.fix is not None and not opts.diff:
        # Provenance manifest: record extracted provenance and this run's fixes before
        # the corpus passes compare the corpus with it.
        acc.close_file()
        acc.write_errors.extend(
            record_fixes_in_manifest(cfg, list(acc.spool.docs), acc.docs, root, acc.record_hashes)
        )
    result = acc.finish(opts.use_baseline)
    result.missing = missing
    return result


class Progress:
    """Documents linted, their rate and the time left, on stderr; only on a terminal,
    after two seconds (short runs stay quiet), drawn by tqdm.

    Documents are counted, not files: one JSONL file can hold thousands. How many there
    will be is known only once every file is read, so the total is estimated from the
    documents per finished file (exact when every file is one document); the time left
    follows from it.
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None, delay: float = 2.0) -> None:
        # Bound now: a recorded run (``runmemo``) must not record the progress bar.
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.docs = 0
        self.files_done = 0
        self.total_files = 0
        self.bar: Any = None
        if self.enabled:
            from tqdm import tqdm  # only on a terminal: keeps the import off the hook's path

            self.bar = tqdm(
                file=self.stream,
                unit=" doc",
                delay=delay,
                dynamic_ncols=True,
                leave=False,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} documents "
                "[{elapsed}<{remaining}, {rate_fmt}]",
            )

    def documents(self, n: int) -> None:
        self.docs += n
        self._draw()

    def __call__(self, done: int, total: int) -> None:
        self.files_done, self.total_files = done, total
        self._draw()

    def _draw(self) -> None:
        if self.bar is None:
            return
        if self.files_done:
            per_file = self.docs / self.files_done
            estimate = self.docs + round(per_file * (self.total_files - self.files_done))
        else:
            estimate = self.total_files
        self.bar.total = max(estimate, self.docs, 1)
        self.bar.update(self.docs - self.bar.n)
        if self.total_files and self.files_done == self.total_files:
            self.bar.refresh()  # the last count, whatever the refresh interval skipped

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def is_failure(f: Finding, fail_level: Severity) -> bool:
    return not f.waived and not f.baselined and f.severity.rank >= fail_level.rank
