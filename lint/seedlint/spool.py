"""The report on disk while a run goes: memory does not grow with the findings.

A corpus of a gigabyte holds millions of findings and hundreds of thousands of document
entries; held as pydantic objects for the reporters they took gigabytes. Here they go to
a private temporary folder as they are produced, as plain msgpack data (lists of
strings and numbers, never pickles: nothing read back can name code to run):

* findings in sorted runs of ``RUN_FINDINGS``, merged at the end into the report's order
  (path, document, line, column, code). Every run is sorted stably and ``heapq.merge``
  takes equal keys from earlier runs first, so the merged order is exactly what one
  stable sort of the held list gave;
* document entries in read order. A document's claims go beside its entry, in blocks of
  ``CLAIM_BLOCK`` when it has more than one block of them, and reporters read them one
  block at a time (``DocumentEntry.claims``): a 20 MB line of figures makes one entry
  of 92,000 claims, which as objects took hundreds of megabytes, and more again as the
  JSON string of the entry.

The corpus-wide steps that changed held findings in place (fingerprints of corpus and
input findings, waivers, the baseline, the hook's scope) work one document at a time
on the merged stream: each of them only ever looks at one document's findings.
The final stream is written once more, with an index by document (offset, count) and
the counts the reporters print ahead of the findings (summary, rule table, SARIF rule
descriptors): every reporter then writes its output in one pass over that file.

``HeldReport`` offers the same interface over an in-memory ``Report`` (the library's
``render`` functions, tests), so both go through the same writers byte for byte.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
import shutil
import tempfile
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol

import msgpack

from seedlint import datacodec
from seedlint.document import Document
from seedlint.inputrules import INPUT_RULES
from seedlint.model import (
    Applicability,
    BaselineStatus,
    Category,
    ClaimRecord,
    ClaimRef,
    DocumentReport,
    Edit,
    Finding,
    Fix,
    Report,
    Severity,
    Summary,
)

RUN_FINDINGS = 20_000
"""Findings sorted in memory before a run goes to disk (about 20 MB of rows)."""
READ_BUFFER = 1 << 20
MERGE_FANIN = 64
"""Sorted runs merged at once (1.5 million findings make 75 runs)."""
MERGE_BUFFER = 16 << 20
"""Read buffers of the runs being merged, together."""
CLAIM_BLOCK = 512
"""Claims of one document encoded and read back together (a few hundred KB); an entry
with more than this keeps them beside it, in blocks, rather than inside it."""
_CATEGORY = {c.value: c for c in Category}
_SEVERITY = {s.value: s for s in Severity}
_APPLICABILITY = {a.value: a for a in Applicability}
REPORT_ORDER = operator.attrgetter("path", "document", "line", "column", "code")
"""The order of findings in every report."""


class SpoolError(Exception):
    """The spool folder was changed under the run (its files are not what it wrote)."""


# ---------------------------------------------------------------------------------------
# Findings as rows: a plain list, the sort key first.


def finding_row(f: Finding) -> list[Any]:
    fix = f.fix
    fix_row = (
        None
        if fix is None
        else [
            fix.applicability.value,
            fix.description,
            [[e.start, e.end, e.replacement] for e in fix.edits],
            fix.encoding,
        ]
    )
    other = f.other_claim
    return [
        f.path,
        f.document,
        f.line,
        f.column,
        f.code,
        f.name,
        f.category.value,
        f.severity.value,
        f.end_line,
        f.end_column,
        f.message,
        f.fingerprint,
        fix_row,
        f.start,
        f.end,
        f.snippet,
        f.help,
        f.baselined,
        f.waived,
        f.claim,
        None if other is None else [other.document, other.claim],
    ]


def row_finding(row: Any) -> Finding:
    """The finding a row holds; ``SpoolError`` for anything ``finding_row`` did not write."""
    try:
        (
            path,
            document,
            line,
            column,
            code,
            name,
            category,
            severity,
            end_line,
            end_column,
            message,
            fingerprint,
            fix_row,
            start,
            end,
            snippet,
            help_,
            baselined,
            waived,
            claim,
            other,
        ) = row
        fix = None
        if fix_row is not None:
            applicability, description, edits, encoding = fix_row
            fix = Fix.model_construct(
                applicability=_APPLICABILITY[applicability],
                description=description,
                edits=[Edit.model_construct(start=s, end=e, replacement=r) for s, e, r in edits],
                encoding=encoding,
            )
        return Finding.model_construct(
            code=code,
            name=name,
            category=_CATEGORY[category],
            severity=_SEVERITY[severity],
            path=path,
            document=document,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            message=message,
            fingerprint=fingerprint,
            fix=fix,
            start=start,
            end=end,
            snippet=snippet,
            help=help_,
            baselined=baselined,
            waived=waived,
            claim=claim,
            other_claim=None
            if other is None
            else ClaimRef.model_construct(document=other[0], claim=other[1]),
        )
    except (TypeError, ValueError, KeyError) as exc:
        raise SpoolError(f"a spooled finding is damaged: {type(exc).__name__}: {exc}") from None


def _row_key(row: list[Any]) -> tuple[Any, ...]:
    return (row[0], row[1], row[2], row[3], row[4])


def _pack(obj: Any) -> bytes:
    return msgpack.packb(obj, use_bin_type=True)  # type: ignore[no-any-return]


def _rows(fh: IO[bytes], read_size: int = READ_BUFFER) -> Iterator[Any]:
    unpacker = msgpack.Unpacker(fh, raw=False, read_size=read_size, strict_map_key=True)
    try:
        yield from unpacker
    except (ValueError, msgpack.UnpackException) as exc:
        raise SpoolError(f"a spool file is damaged: {type(exc).__name__}: {exc}") from None


# ---------------------------------------------------------------------------------------
# What reporters read.


@dataclass(slots=True)
class DocIndex:
    """One document's findings in the final spool."""

    offset: int = 0
    size: int = 0
    count: int = 0
    active: int = 0
    """Neither waived nor baselined."""
    failing: int = 0
    """Active, at or above the fail level."""


class Contradiction(NamedTuple):
    """A finding on a claim, as the review page's claims table reads it."""

    document: str
    start: int
    end: int
    code: str
    claim: str
    message: str
    other: tuple[str, str] | None


@dataclass
class CodeTally:
    first: Finding
    """The first finding of the code in report order (SARIF describes the rule by it)."""
    name: str = ""
    """The name on the last finding (what a dict built over the findings keeps)."""
    active: int = 0
    suppressed: int = 0
    fix_rank: int = 0
    fix: str = "—"


@dataclass
class Tally:
    """Everything reporters print ahead of the findings, counted over them in report order."""

    fail_rank: int = Severity.ERROR.rank
    findings: int = 0
    codes: dict[str, CodeTally] = field(default_factory=dict)
    active: dict[tuple[str, Category, Severity], int] = field(default_factory=dict)
    suppressed_by_category: dict[str, int] = field(default_factory=dict)
    waived: int = 0
    baselined: int = 0
    failing: bool = False
    """An active finding at or above the fail level."""
    io_error: bool = False
    """An active input finding that makes the run exit 2."""
    contradictions: list[Contradiction] = field(default_factory=list)
    """Findings on a claim (C101-C104), for the review page's claims table: only what
    the table needs, so a corpus full of contradictions does not hold their findings."""
    docs: dict[str, DocIndex] = field(default_factory=dict)
    """Documents with findings, in the order their first finding comes."""

    def add(self, f: Finding, offset: int = 0, size: int = 0) -> None:
        """Count ``f``, which takes ``size`` bytes at ``offset`` of the final spool."""
        self.findings += 1
        d = self.docs.get(f.document)
        if d is None:
            d = self.docs[f.document] = DocIndex(offset=offset)
        d.size += size
        d.count += 1
        ct = self.codes.get(f.code)
        if ct is None:
            ct = self.codes[f.code] = CodeTally(first=f)
        ct.name = f.name
        if f.waived or f.baselined:
            ct.suppressed += 1
            cat = f.category.value
            self.suppressed_by_category[cat] = self.suppressed_by_category.get(cat, 0) + 1
            if f.waived:
                self.waived += 1
            else:
                self.baselined += 1
        else:
            ct.active += 1
            d.active += 1
            key = (f.code, f.category, f.severity)
            self.active[key] = self.active.get(key, 0) + 1
            if f.severity.rank >= self.fail_rank:
                self.failing = True
                d.failing += 1
            if f.code in INPUT_RULES and INPUT_RULES[f.code].io_error:
                self.io_error = True
        if f.fix is not None and f.fix.applicability.rank > ct.fix_rank:
            ct.fix_rank, ct.fix = f.fix.applicability.rank, f.fix.applicability.value
        if f.category is Category.CONTRADICTION and f.claim is not None:
            o = f.other_claim
            self.contradictions.append(
                Contradiction(
                    f.document,
                    f.start,
                    f.end,
                    f.code,
                    f.claim,
                    f.message,
                    None if o is None else (o.document, o.claim),
                )
            )

    def summary(self, documents: int, fixed: int) -> Summary:
        """The report's summary, as ``engine.summarize`` computes it from held findings."""
        s = Summary(documents=documents, waived=self.waived, baselined=self.baselined)
        by_category: dict[str, int] = {}
        by_severity: dict[str, int] = {}
        by_code: dict[str, int] = {}
        for (code, category, severity), n in self.active.items():
            by_category[category.value] = by_category.get(category.value, 0) + n
            by_severity[severity.value] = by_severity.get(severity.value, 0) + n
            by_code[code] = by_code.get(code, 0) + n
        s.findings = sum(self.active.values())
        s.by_severity = {
            sev.value: by_severity[sev.value]
            for sev in sorted(Severity, key=lambda v: -v.rank)
            if sev.value in by_severity
        }
        s.fixed = fixed
        s.by_category = dict(sorted(by_category.items()))
        s.by_code = dict(sorted(by_code.items()))
        return s


class DocumentEntry:
    """A document entry as reporters read it: ``report`` without its claims (its
    ``claims`` list is empty), and ``claims()``, which yields them in order without
    holding them all (each call starts again from the first)."""

    __slots__ = ("_claims", "count", "report")

    def __init__(
        self, report: DocumentReport, count: int, claims: Callable[[], Iterator[ClaimRecord]]
    ) -> None:
        self.report = report
        self.count = count
        """How many claims ``claims()`` yields."""
        self._claims = claims

    def claims(self) -> Iterator[ClaimRecord]:
        return self._claims()


def _without_claims(dr: DocumentReport) -> DocumentReport:
    """A shallow copy of ``dr`` with no claims and the same fields set (what
    ``exclude_unset`` dumps read), so the entry reads back as it was added."""
    hdr = dr.model_copy()
    hdr.__dict__["claims"] = []
    return hdr


def _held_entry(dr: DocumentReport) -> DocumentEntry:
    claims = dr.claims
    if not claims:
        return DocumentEntry(dr, 0, functools.partial(iter, ()))
    return DocumentEntry(_without_claims(dr), len(claims), functools.partial(iter, claims))


class ReportSource(Protocol):
    """A report as reporters read it: its header, and its findings and documents as
    streams in report order."""

    @property
    def header(self) -> Report:
        """The report without findings and documents (summary and baseline filled in)."""

    @property
    def tally(self) -> Tally: ...

    def findings(self) -> Iterator[Finding]: ...

    def documents(self) -> Iterator[DocumentReport]: ...

    def entries(self) -> Iterator[DocumentEntry]:
        """The document entries, in the order of ``documents()``, with their claims read
        on demand (what reporters use: one entry may hold a hundred thousand claims)."""

    def findings_of(self, doc_id: str) -> list[Finding]:
        """One document's findings, in report order."""


def _header(report: Report) -> Report:
    return report.model_copy(update={"findings": [], "documents": []})


class HeldReport:
    """A ``Report`` held in memory, read through the ``ReportSource`` interface."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._header: Report | None = None
        self._tally: Tally | None = None
        self._by_doc: dict[str, list[Finding]] | None = None

    @property
    def header(self) -> Report:
        if self._header is None:
            self._header = _header(self.report)
        return self._header

    @property
    def tally(self) -> Tally:
        if self._tally is None:
            t = Tally(fail_rank=self.report.fail_level.rank)
            for f in self.report.findings:
                t.add(f)
            self._tally = t
        return self._tally

    def findings(self) -> Iterator[Finding]:
        return iter(self.report.findings)

    def documents(self) -> Iterator[DocumentReport]:
        return iter(self.report.documents)

    def entries(self) -> Iterator[DocumentEntry]:
        return (_held_entry(dr) for dr in self.report.documents)

    def findings_of(self, doc_id: str) -> list[Finding]:
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for f in self.report.findings:
                self._by_doc[f.document].append(f)
        return list(self._by_doc.get(doc_id, []))


# ---------------------------------------------------------------------------------------
# Spooling.


STALE_SPOOL_SECONDS = 24 * 3600
"""A spool folder untouched this long belongs to a run that was killed: removed."""


def _new_folder(parent: Path | None) -> Path:
    """A fresh private folder (``mkdtemp``: mode 0700, a name no one chose for us)."""
    if parent is not None:
        try:
            parent.mkdir(parents=True, exist_ok=True)
            _remove_stale(parent)
            return Path(tempfile.mkdtemp(prefix="spool-", dir=parent))
        except OSError:
            pass  # an unwritable cache folder: the system's temporary folder will do
    return Path(tempfile.mkdtemp(prefix="seedlint-spool-"))


def _remove_stale(parent: Path) -> None:
    """Spool folders a killed run left in the cache folder (a finished run removes its
    own): the cache folder must not fill up with them."""
    now = time.time()
    for p in parent.glob("spool-*"):
        try:
            if p.is_dir() and not p.is_symlink() and now - p.stat().st_mtime > STALE_SPOOL_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue


class DocumentSpool:
    """Document entries in read order: on disk, or held (a ``--fix`` run changes them
    after they are added, and keeps every document anyway).

    On disk each entry is two values: where its claims are (``None`` when they are
    inside it) and the entry. An entry with more than ``CLAIM_BLOCK`` claims is written
    without them, and they go to a second file in blocks: ``[offset, size, count]``."""

    def __init__(self, folder: Path | None, held: bool = False) -> None:
        self.held: list[DocumentReport] | None = [] if held else None
        self.count = 0
        self._fh: IO[bytes] | None = None
        self._path = folder / "documents.msgpack" if folder is not None else None
        self._claims_fh: IO[bytes] | None = None
        self._claims_path = folder / "claims.msgpack" if folder is not None else None
        self._claims_size = 0
        self._sha: list[tuple[int, int, str]] = []
        """(first, last, sha256): entries first..last without a hash get this one (a
        streamed file's hash is known when its last record has been read)."""

    def add(self, dr: DocumentReport) -> int:
        seq = self.count
        self.count += 1
        if self.held is not None:
            self.held.append(dr)
            return seq
        if self._fh is None:
            assert self._path is not None
            self._fh = self._path.open("wb")
        where: list[int] | None = None
        if len(dr.claims) > CLAIM_BLOCK:
            where = self._spill_claims(dr.claims)
            dr = _without_claims(dr)
        self._fh.write(datacodec.dumps(where) + datacodec.dumps(dr))
        return seq

    def _spill_claims(self, claims: list[ClaimRecord]) -> list[int]:
        if self._claims_fh is None:
            assert self._claims_path is not None
            self._claims_fh = self._claims_path.open("wb")
        offset = self._claims_size
        for i in range(0, len(claims), CLAIM_BLOCK):
            data = datacodec.dumps(claims[i : i + CLAIM_BLOCK])
            self._claims_fh.write(data)
            self._claims_size += len(data)
        return [offset, self._claims_size - offset, len(claims)]

    def set_sha(self, first: int, last: int, sha: str | None) -> None:
        if sha is None or first > last:
            return
        if self.held is not None:
            for dr in self.held[first : last + 1]:
                if dr.sha256 is None:
                    dr.sha256 = sha
            return
        self._sha.append((first, last, sha))

    def __iter__(self) -> Iterator[DocumentReport]:
        """Whole entries, claims and all (the library's held report)."""
        if self.held is not None:
            yield from self.held
            return
        for entry in self.entries():
            if entry.count:
                entry.report.__dict__["claims"] = list(entry.claims())
            yield entry.report

    def entries(self) -> Iterator[DocumentEntry]:
        """The entries without their claims, which each one reads when asked."""
        if self.held is not None:
            yield from (_held_entry(dr) for dr in self.held)
            return
        if self._path is None or not self.count:
            return
        if self._fh is not None:
            self._fh.flush()
        if self._claims_fh is not None:
            self._claims_fh.flush()
        patches = iter(self._sha)
        patch = next(patches, None)
        with self._path.open("rb") as fh:
            unpacker = datacodec.reader(fh, READ_BUFFER)
            for seq in itertools.count():
                where = _next(unpacker)
                if where is _END:
                    break
                dr = _next(unpacker)
                if not isinstance(dr, DocumentReport) or not _is_where(where):
                    raise SpoolError("a spooled document entry is damaged")
                while patch is not None and patch[1] < seq:
                    patch = next(patches, None)
                if dr.sha256 is None and patch is not None and patch[0] <= seq:
                    dr.sha256 = patch[2]
                if where is None:
                    claims = dr.claims
                    if not isinstance(claims, list) or not all(
                        isinstance(c, ClaimRecord) for c in claims
                    ):
                        raise SpoolError("a spooled document's claims are damaged")
                    dr.__dict__["claims"] = []  # read fresh: nobody else holds it
                    yield DocumentEntry(dr, len(claims), functools.partial(iter, claims))
                else:
                    offset, size, count = where
                    read = functools.partial(self._read_claims, offset, size, count)
                    yield DocumentEntry(dr, count, read)

    def _read_claims(self, offset: int, size: int, count: int) -> Iterator[ClaimRecord]:
        """One entry's claims, a block at a time, from its ``size`` bytes and no further:
        a damaged block is a ``SpoolError`` before any of its claims is yielded."""
        if self._claims_path is None:
            raise SpoolError("a spooled document's claims are damaged: no claims file")
        n = 0
        try:
            fh = self._claims_path.open("rb")
        except OSError as exc:
            raise SpoolError(f"a spooled document's claims are missing: {exc}") from None
        with fh:
            fh.seek(offset)
            unpacker = datacodec.reader(_Slice(fh, size), max(1, min(size, READ_BUFFER)))
            while n < count:
                block = _next(unpacker)
                if (
                    not isinstance(block, list)
                    or not block
                    or len(block) > count - n
                    or not all(isinstance(c, ClaimRecord) for c in block)
                ):
                    raise SpoolError("a spooled document's claims are damaged")
                n += len(block)
                yield from block

    def close(self) -> None:
        for fh in (self._fh, self._claims_fh):
            if fh is not None:
                fh.close()
        self._fh = self._claims_fh = None


class _Slice:
    """``size`` bytes of ``fh`` from where it stands, as a file: an unpacker reading one
    entry's claims never reads into the next entry's, whatever a damaged length says."""

    __slots__ = ("_fh", "_left")

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self._fh = fh
        self._left = size

    def read(self, n: int = -1) -> bytes:
        if n < 0 or n > self._left:
            n = self._left
        data = self._fh.read(n)
        self._left -= len(data)
        return data


_END = object()


def _next(unpacker: Any) -> Any:
    """The next value, ``_END`` after the last; ``SpoolError`` for damaged bytes (what
    ``datacodec.loads`` turns into ``DecodeError``: msgpack's errors, and a record whose
    fields do not fit its class)."""
    try:
        return next(unpacker, _END)
    except (ValueError, TypeError, KeyError, AttributeError, msgpack.UnpackException) as exc:
        raise SpoolError(f"a spool file is damaged: {type(exc).__name__}: {exc}") from None


def _is_where(v: Any) -> bool:
    return v is None or (
        isinstance(v, list) and len(v) == 3 and all(type(x) is int and x >= 0 for x in v)
    )


class FindingSpool:
    """Findings in sorted runs on disk; ``merged`` yields their rows in report order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self._buf: list[list[Any]] = []
        self._runs: list[Path] = []

    def add(self, f: Finding) -> None:
        self._buf.append(finding_row(f))
        self.count += 1
        if len(self._buf) >= RUN_FINDINGS:
            self._flush()

    def extend(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.add(f)

    def _flush(self) -> None:
        if not self._buf:
            return
        self._buf.sort(key=_row_key)
        path = self.folder / f"run-{len(self._runs):05d}.msgpack"
        with path.open("wb") as fh:
            packer = msgpack.Packer(use_bin_type=True)
            for row in self._buf:
                fh.write(packer.pack(row))
        self._runs.append(path)
        self._buf = []

    def merged(self) -> Iterator[list[Any]]:
        """Every row in report order; the runs are deleted once read.

        At most ``MERGE_FANIN`` runs are read at once (open files and read buffers stay
        bounded whatever the number of findings): more are first merged in consecutive
        groups, which keeps equal keys in the order they came."""
        self._flush()
        level = 0
        while len(self._runs) > MERGE_FANIN:
            level += 1
            groups = [
                self._runs[i : i + MERGE_FANIN] for i in range(0, len(self._runs), MERGE_FANIN)
            ]
            merged_runs = []
            for k, group in enumerate(groups):
                path = self.folder / f"merge-{level}-{k:05d}.msgpack"
                packer = msgpack.Packer(use_bin_type=True)
                with path.open("wb") as out:
                    for row in self._merge(group):
                        out.write(packer.pack(row))
                merged_runs.append(path)
            self._runs = merged_runs
        yield from self._merge(self._runs)
        self._runs = []

    @staticmethod
    def _merge(runs: list[Path]) -> Iterator[list[Any]]:
        read_size = max(1 << 16, MERGE_BUFFER // max(1, len(runs)))
        files = [p.open("rb") for p in runs]
        try:
            yield from heapq.merge(*(_rows(fh, read_size) for fh in files), key=_row_key)
        finally:
            for fh in files:
                fh.close()
            for p in runs:
                p.unlink(missing_ok=True)


Keep = Callable[[str, str], bool]
"""(path, code) -> whether a finding stays in the report (the hook's staged files)."""


class SpooledReport:
    """A run's report on disk: built by the runner, finalised once, read by reporters."""

    def __init__(self, header: Report, folder: Path | None = None, held_documents: bool = False):
        self.folder = _new_folder(folder)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._header = _header(header)
        self.pending = FindingSpool(self.folder)
        self.docs = DocumentSpool(self.folder, held=held_documents)
        self.waiver_docs: dict[str, Document] = {}
        self.baseline: tuple[dict[str, dict[str, Any]], str] | None = None
        """(entries by fingerprint, path as configured) when a baseline applies."""
        self._keep: Keep | None = None
        self._keep_document: Callable[[str], bool] | None = None
        self._keep_stale: Callable[[dict[str, Any]], bool] | None = None
        self._final: Path | None = None
        self._tally = Tally(fail_rank=header.fail_level.rank)

    # -- building -----------------------------------------------------------------------

    def restrict(
        self,
        keep: Keep,
        keep_document: Callable[[str], bool],
        keep_stale: Callable[[dict[str, Any]], bool],
    ) -> None:
        """Keep only some findings, documents and stale baseline entries (the hook)."""
        if self._final is not None:
            raise RuntimeError("restrict() after the report was finalised")
        self._keep, self._keep_document, self._keep_stale = keep, keep_document, keep_stale

    def _finalize(self) -> None:
        """Merge, fingerprint, waive, baseline and count, one document at a time."""
        from seedlint.engine import apply_waivers, assign_fingerprints

        self.docs.close()
        header, tally = self._header, self._tally
        seen_docs: set[str] = set()
        n_docs = fixed = 0
        for entry in self.docs.entries():
            dr = entry.report
            if self.baseline is not None:
                seen_docs.add(dr.document)
            if self._keep_document is None or self._keep_document(dr.path):
                n_docs += 1
                fixed += len(dr.fixes)
        baseline = self.baseline[0] if self.baseline is not None else None
        matched: set[str] = set()
        waiving = sorted(self.waiver_docs.items(), key=lambda kv: (kv[1].path, kv[0]))
        w = 0
        final = self.folder / "findings.msgpack"
        packer = msgpack.Packer(use_bin_type=True)
        keep = self._keep
        offset = 0

        with final.open("wb") as out:

            def emit(block: list[Finding], doc: Document | None) -> None:
                nonlocal offset
                assign_fingerprints(block, missing_only=True)
                if doc is not None:
                    block.extend(apply_waivers(block, {doc.doc_id: doc}))
                    assign_fingerprints(block, missing_only=True)
                    block.sort(key=REPORT_ORDER)
                if baseline is not None:
                    for f in block:
                        if f.fingerprint in baseline and not f.waived:
                            f.baselined = True
                            matched.add(f.fingerprint)
                for f in block:
                    if keep is not None and not keep(f.path, f.code):
                        continue
                    data = packer.pack(finding_row(f))
                    out.write(data)
                    tally.add(f, offset, len(data))
                    offset += len(data)

            for (path, doc_id), rows in itertools.groupby(
                self.pending.merged(), key=lambda r: (r[0], r[1])
            ):
                while w < len(waiving) and (waiving[w][1].path, waiving[w][0]) < (path, doc_id):
                    emit([], waiving[w][1])
                    w += 1
                doc = None
                if w < len(waiving) and waiving[w][0] == doc_id and waiving[w][1].path == path:
                    doc = waiving[w][1]
                    w += 1
                emit([row_finding(r) for r in rows], doc)
            for _, doc in waiving[w:]:
                emit([], doc)
        self.waiver_docs = {}
        if self.baseline is not None:
            assert baseline is not None
            status = BaselineStatus(path=self.baseline[1])
            status.matched = len(matched)
            status.stale = [
                e
                for fp, e in baseline.items()
                if fp not in matched and e.get("document") in seen_docs
            ]
            if self._keep_stale is not None:
                status.stale = [s for s in status.stale if self._keep_stale(s)]
            header.baseline = status
        header.summary = tally.summary(n_docs, fixed)
        self._final = final

    def _ensure(self) -> Path:
        if self._final is None:
            self._finalize()
        assert self._final is not None
        return self._final

    # -- reading ------------------------------------------------------------------------

    @property
    def header(self) -> Report:
        self._ensure()
        return self._header

    @property
    def tally(self) -> Tally:
        self._ensure()
        return self._tally

    def findings(self) -> Iterator[Finding]:
        path = self._ensure()
        with path.open("rb") as fh:
            for row in _rows(fh):
                yield row_finding(row)

    def findings_of(self, doc_id: str) -> list[Finding]:
        path = self._ensure()
        d = self._tally.docs.get(doc_id)
        if d is None or not d.count:
            return []
        with path.open("rb") as fh:
            fh.seek(d.offset)
            data = fh.read(d.size)
        unpacker = msgpack.Unpacker(raw=False, strict_map_key=True)
        unpacker.feed(data)
        try:
            return [row_finding(r) for r in unpacker]
        except (ValueError, msgpack.UnpackException) as exc:
            raise SpoolError(f"a spool file is damaged: {exc}") from None

    def documents(self) -> Iterator[DocumentReport]:
        self._ensure()
        keep = self._keep_document
        for dr in self.docs:
            if keep is None or keep(dr.path):
                yield dr

    def entries(self) -> Iterator[DocumentEntry]:
        self._ensure()
        keep = self._keep_document
        for entry in self.docs.entries():
            if keep is None or keep(entry.report.path):
                yield entry

    @property
    def document_count(self) -> int:
        """Entries added, before any restriction."""
        return self.docs.count

    def held(self) -> Report:
        """The whole report in memory (library callers and tests; not the CLI's path)."""
        report = self.header.model_copy()
        report.findings = list(self.findings())
        report.documents = list(self.documents())
        return report

    def close(self) -> None:
        """Delete the spool folder (also done when the object is collected)."""
        self.docs.close()
        self._cleanup()
