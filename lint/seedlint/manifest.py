"""The corpus manifest: what each document is, where it came from, what seedlint did to it.

A gated corpus needs a record that outlives any one run: for every document its
SHA-256, publisher, original publisher, URL, publication and retrieval dates and
licence, and every change ``seedlint --fix`` made, with the hash before and after.
With that record a changed byte is either explained by a recorded fix or is a finding,
and the provenance the rules extracted is kept next to the file it describes.

Format (YAML, paths relative to the manifest's folder)::

    version: 1
    documents:
      - path: 000_ea1647fd556938d9.txt
        sha256: 9f2c...            # the file as it is now
        sha256_received: 9f2c...   # the file as first recorded
        source: 人民網
        original_source: 人民日報
        url: http://...
        published: '2022-11-23'
        retrieved: '2024-05-01'
        licence: CC-BY-4.0
        fixes:
          - sha256_before: 9f2c...
            sha256_after: 41ab...
            codes: [M101]
            count: 3
            at: '2025-01-02T03:04:05Z'
            tool: seedlint 0.1.0

Fixes chain: ``sha256_received`` -> each fix's before/after -> ``sha256``. A hash that
changed outside that chain is a finding.

The fix journal: the manifest is rewritten once, at the end of a ``--fix`` run, but a
run can be killed long before that. So each fix is first appended, fsynced, to a journal
beside the manifest (``.NAME.journal``, JSON lines) before the file is replaced; every
reading of the manifest folds the journal in (a line whose file still has the old hash
is a rewrite that never happened, and is dropped), and the next ``--fix`` run writes
the folded manifest and removes the journal. A run killed halfway therefore leaves every
file it rewrote recorded, with the hash it had before. Values are only ever written from what was
extracted or read; an absent value stays absent (and stays a finding of its own rule).
Unknown keys, in entries and at the top, are kept as they are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seedlint.yamlsafe import YamlError, load_yaml_file

MANIFEST_VERSION = 1
PROVENANCE_FIELDS = ("source", "original_source", "url", "published", "retrieved", "licence")
_ENTRY_KEYS = ("path", "sha256", "sha256_received", *PROVENANCE_FIELDS, "fixes")


class ManifestError(Exception):
    """The manifest cannot be read or does not have the manifest's shape."""


def _count(v: Any, where: str) -> int:
    """A fix record's ``count``: a whole number (``abc`` or an infinite float is refused
    with the record's place, not a traceback)."""
    if v is None or v == "":
        return 0
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise ManifestError(f"{where}: 'count' must be a whole number")
    try:
        n = int(v)
    except (ValueError, OverflowError):
        shown = str(v)[:40]
        raise ManifestError(f"{where}: 'count' must be a whole number, not {shown!r}") from None
    if n < 0:
        raise ManifestError(f"{where}: 'count' must not be negative")
    return n


@dataclass
class FixRecord:
    sha256_before: str
    sha256_after: str
    codes: list[str] = field(default_factory=list)
    count: int = 0
    at: str | None = None
    tool: str | None = None
    records: list[dict[str, str]] = field(default_factory=list)
    """For a JSONL or Parquet file: each fixed record's id and the SHA-256 of its text
    before and after, so a fix can be traced to the record it changed."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sha256_before": self.sha256_before,
            "sha256_after": self.sha256_after,
            "codes": list(self.codes),
            "count": self.count,
        }
        if self.at:
            out["at"] = self.at
        if self.tool:
            out["tool"] = self.tool
        if self.records:
            out["records"] = [dict(r) for r in self.records]
        return out

    @classmethod
    def from_dict(cls, d: Any, where: str) -> FixRecord:
        if not isinstance(d, dict):
            raise ManifestError(f"{where}: a fix record is a mapping")
        before, after = d.get("sha256_before"), d.get("sha256_after")
        if not isinstance(before, str) or not isinstance(after, str):
            raise ManifestError(f"{where}: a fix record needs sha256_before and sha256_after")
        codes = d.get("codes") or []
        return cls(
            sha256_before=before,
            sha256_after=after,
            codes=[str(c) for c in codes] if isinstance(codes, list) else [str(codes)],
            count=_count(d.get("count"), where),
            at=str(d["at"]) if d.get("at") is not None else None,
            tool=str(d["tool"]) if d.get("tool") is not None else None,
            records=[
                {str(k): str(v) for k, v in r.items()}
                for r in (d.get("records") or [])
                if isinstance(r, dict)
            ],
        )


@dataclass
class Entry:
    path: str
    sha256: str | None = None
    sha256_received: str | None = None
    source: str | None = None
    original_source: str | None = None
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None
    licence: str | None = None
    fixes: list[FixRecord] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    line: int = 1
    """Line of the entry in the manifest file (for findings that point at it)."""

    def chain_problem(self) -> str | None:
        """Why the recorded hashes do not lead from the received file to the current one."""
        if self.sha256 is None:
            return None
        cur = self.sha256_received or (self.fixes[0].sha256_before if self.fixes else self.sha256)
        for i, f in enumerate(self.fixes, start=1):
            if f.sha256_before != cur:
                return f"fix #{i} starts from {f.sha256_before[:12]}, not from {cur[:12]}"
            cur = f.sha256_after
        if cur != self.sha256:
            return (
                f"the recorded sha256 {self.sha256[:12]} is not where the received file and its "
                f"recorded fixes lead ({cur[:12]})"
            )
        return None

    def provenance_values(self) -> dict[str, Any]:
        """The entry's provenance fields, as metadata-style values."""
        return {k: getattr(self, k) for k in PROVENANCE_FIELDS if getattr(self, k) is not None}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        for k in ("sha256", "sha256_received", *PROVENANCE_FIELDS):
            val = getattr(self, k)
            if val is not None:
                out[k] = val
        out.update(self.extra)
        if self.fixes:
            out["fixes"] = [f.to_dict() for f in self.fixes]
        return out


def _scalar(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return str(v)


def _entry_from(raw: Any, where: str, line: int) -> Entry:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: an entry is a mapping")
    path = raw.get("path")
    if not isinstance(path, str) or not path.strip():
        raise ManifestError(f"{where}: an entry needs a 'path'")
    fixes_raw = raw.get("fixes") or []
    if not isinstance(fixes_raw, list):
        raise ManifestError(f"{where}: 'fixes' must be a list")
    e = Entry(
        path=path.strip().replace("\\", "/"),
        fixes=[FixRecord.from_dict(f, f"{where} fix #{i + 1}") for i, f in enumerate(fixes_raw)],
        extra={k: v for k, v in raw.items() if k not in _ENTRY_KEYS},
        line=line,
    )
    for k in ("sha256", "sha256_received", *PROVENANCE_FIELDS):
        setattr(e, k, _scalar(raw.get(k)))
    return e


def _entry_lines(text: str) -> dict[str, int]:
    """Line of each ``path:`` in the file, so findings can point at an entry."""
    out: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        s = line.strip().removeprefix("- ").strip()
        if s.startswith("path:"):
            val = s[5:].strip().strip("'\"")
            out.setdefault(val, i)
    return out


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    exists: bool = False

    @property
    def base(self) -> Path:
        return self.path.parent

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest; a missing file is an empty manifest (``--fix`` creates it)."""
        m = cls._load_file(path)
        m.fold_journal()
        return m

    @classmethod
    def _load_file(cls, path: Path) -> Manifest:
        m = cls(path=path)
        if not path.exists():
            return m
        try:
            data = load_yaml_file(path)
        except YamlError as exc:
            raise ManifestError(str(exc)) from None
        m.exists = True
        if data is None:
            return m
        if not isinstance(data, dict):
            raise ManifestError(f"{path.name}: the manifest is a mapping with 'documents:'")
        docs = data.get("documents", [])
        try:
            lines = _entry_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            lines = {}
        m.header = {k: v for k, v in data.items() if k != "documents"}
        items: Iterable[tuple[int, Any]]
        if isinstance(docs, dict):
            # ``documents: {path: {...}}`` is accepted too.
            items = enumerate(
                {"path": k, **(v if isinstance(v, dict) else {})} for k, v in docs.items()
            )
        elif isinstance(docs, list):
            items = enumerate(docs)
        else:
            raise ManifestError(f"{path.name}: 'documents' must be a list of entries")
        for i, raw in items:
            p = raw.get("path") if isinstance(raw, dict) else None
            e = _entry_from(raw, f"{path.name}: documents[{i}]", lines.get(str(p), 1) if p else 1)
            if e.path in m.entries:
                raise ManifestError(f"{path.name}: {e.path!r} is listed twice")
            m.entries[e.path] = e
        return m

    def fold_journal(self) -> int:
        """Fold the fix journal's lines into the entries (in memory); returns how many
        were folded. A line is a rewrite announced before it happened: when its file
        still has the hash from before, the rewrite never happened and the line is
        dropped. A line already in the manifest (the journal outlived a save) is not
        added twice. An unreadable line (cut short by the kill) is skipped."""
        folded = 0
        for line in read_journal(journal_path(self.path)):
            key = line["path"]
            before, after = line["sha256_before"], line["sha256_after"]
            if before != after and sha256_file(self.abspath(key)) == before:
                continue
            if self.add_fix(
                key,
                FixRecord(
                    sha256_before=before,
                    sha256_after=after,
                    codes=line["codes"],
                    count=line["count"],
                    at=line["at"],
                    tool=line["tool"],
                    records=line["records"],
                ),
            ):
                folded += 1
        return folded

    def add_fix(self, key: str, fix: FixRecord) -> bool:
        """Record a fix of the file at ``key``; False when the entry already has it.

        A file the manifest did not list yet gets an entry whose received hash is the
        one before the fix. An entry whose recorded hash is not where the fix started
        keeps it, so that the integrity finding stays."""
        entry = self.entries.get(key)
        if entry is None:
            entry = Entry(path=key, sha256=fix.sha256_before, sha256_received=fix.sha256_before)
            self.entries[key] = entry
        if any(
            f.sha256_before == fix.sha256_before and f.sha256_after == fix.sha256_after
            for f in entry.fixes
        ):
            return False
        entry.fixes.append(fix)
        if entry.sha256 == fix.sha256_before:
            entry.sha256 = fix.sha256_after
        return True

    def key_for(self, abspath: Path) -> str | None:
        """The entry key of a file: its path relative to the manifest's folder, or None."""
        try:
            return abspath.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return None

    def abspath(self, key: str) -> Path:
        return self.base / key

    def dump(self) -> str:
        header = {"version": MANIFEST_VERSION, **self.header}
        data = {
            **header,
            "documents": [self.entries[k].to_dict() for k in sorted(self.entries)],
        }
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        return (
            "# Corpus manifest: provenance and integrity record kept by `seedlint --fix`.\n"
            "# Values are extracted or read, never invented; edit by hand with care.\n" + body
        )

    def save(self) -> None:
        """Write atomically (temp file in the same folder, then rename)."""
        data = self.dump().encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".seedlint.tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if self.path.exists():
                os.chmod(tmp, self.path.stat().st_mode & 0o7777)
            else:
                # mkstemp makes a 0600 file; a new manifest gets the mode any new file
                # gets (0666 less the umask), so teammates and CI can read it.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


_CACHE: dict[str, tuple[tuple[int, ...], Manifest | ManifestError]] = {}


def load_cached(path: str | Path) -> Manifest | ManifestError:
    """The manifest at ``path``, re-read only when the file changed (several rules share it)."""
    p = Path(path)
    stamp: tuple[int, ...] = ()
    for q in (p, journal_path(p)):
        try:
            st = q.stat()
            stamp += (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp += (-1, -1)
    key = str(p)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        value: Manifest | ManifestError = Manifest.load(p)
    except ManifestError as exc:
        value = exc
    _CACHE[key] = (stamp, value)
    return value


def doc_abspath(doc_path: str, root: Path | None = None) -> Path:
    """A document's file: its path is relative to the run's root (the working directory)."""
    p = Path(doc_path)
    return p if p.is_absolute() else (root or Path.cwd()) / p


def entry_for(manifest: Manifest, doc_path: str, root: Path | None = None) -> Entry | None:
    key = manifest.key_for(doc_abspath(doc_path, root))
    return None if key is None else manifest.entries.get(key)


def sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _now() -> str:
    return (
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def record_run(
    manifest_path: Path,
    doc_reports: Iterable[Any],
    documents: dict[str, Any],
    root: Path,
    tool: str,
    records: dict[str, list[dict[str, str]]] | None = None,
) -> list[str]:
    """After ``--fix``: list new documents, record this run's fixes, fill provenance gaps.

    A container (JSONL, Parquet) has one report per record: its fix record sums the
    fixes of all of them, and ``records`` (by path) lists each fixed record's hashes.

    ``doc_reports`` are the run's ``DocumentReport`` objects and ``documents`` its
    documents by id (as fixed). Only documents under the manifest's folder are recorded.
    Existing values are never overwritten, and a file whose hash changed outside the
    recorded chain keeps its old ``sha256`` so that the integrity finding stays. Returns
    error messages (the run reports them as write errors).
    """
    from seedlint.provenance import extract_provenance

    try:
        manifest = Manifest.load(manifest_path)
    except ManifestError as exc:
        return [f"manifest not updated: {exc}"]
    journal = journal_path(manifest_path)
    changed = journal.exists()
    stamp = _now()
    seen_files: set[str] = set()
    doc_reports = list(doc_reports)
    file_fixes: dict[str, list[Any]] = {}
    for dr in doc_reports:
        if dr.status == "fixed":
            file_fixes.setdefault(dr.path, []).extend(dr.fixes)
    for dr in doc_reports:
        if dr.status not in ("ok", "fixed") or not dr.sha256:
            continue
        key = manifest.key_for(doc_abspath(dr.path, root))
        if key is None:
            continue
        if dr.path not in seen_files:
            seen_files.add(dr.path)
            entry = manifest.entries.get(key)
            if entry is None:
                entry = Entry(path=key, sha256=dr.sha256, sha256_received=dr.sha256)
                manifest.entries[key] = entry
                changed = True
            if entry.sha256_received is None and entry.sha256 == dr.sha256 and not entry.fixes:
                entry.sha256_received = dr.sha256
                changed = True
            if dr.status == "fixed" and dr.sha256_after and dr.sha256_after != dr.sha256:
                # Usually already there, folded from this run's journal.
                changed |= manifest.add_fix(
                    key,
                    FixRecord(
                        sha256_before=dr.sha256,
                        sha256_after=dr.sha256_after,
                        codes=sorted({f.code for f in file_fixes.get(dr.path, [])}),
                        count=len(file_fixes.get(dr.path, [])),
                        at=stamp,
                        tool=tool,
                        records=(records or {}).get(dr.path, []),
                    ),
                )
        entry = manifest.entries.get(key)
        doc = documents.get(dr.document)
        if entry is None or doc is None or getattr(doc, "container", "file") != "file":
            continue
        prov = extract_provenance(doc)
        values: dict[str, Any] = {
            "source": prov.source,
            "original_source": prov.original_source,
            "url": prov.url,
            "published": prov.published.isoformat() if prov.published else None,
            "retrieved": prov.retrieved.isoformat() if prov.retrieved else None,
            "licence": prov.licence,
        }
        for k, val in values.items():
            if val is not None and getattr(entry, k) is None:
                setattr(entry, k, val)
                changed = True
    if not changed:
        return []
    try:
        manifest.save()
        journal.unlink(missing_ok=True)  # folded into the manifest just written
    except OSError as exc:
        return [f"{manifest_path}: manifest write failed: {exc}"]
    _CACHE.pop(str(manifest_path), None)
    return []


def journal_path(manifest_path: Path) -> Path:
    """The fix journal of a manifest: a hidden file beside it."""
    return manifest_path.with_name(f".{manifest_path.name}.journal")


def journal_fix(
    manifest_path: Path,
    file: Path,
    sha256_before: str,
    sha256_after: str,
    codes: Iterable[str],
    count: int,
    records: list[dict[str, str]] | None = None,
) -> None:
    """Append one fix to the journal and fsync it, before the file is replaced.

    One ``write`` of one line on a file opened for appending: lines of concurrent
    workers never interleave. ``file`` is keyed as the manifest keys it; a file outside
    the manifest's folder is not recorded there, and not journaled either."""
    from seedlint import __version__

    key = Manifest(path=manifest_path).key_for(file)
    journal = journal_path(manifest_path)
    if key is None:
        return
    line: dict[str, Any] = {
        "path": key,
        "sha256_before": sha256_before,
        "sha256_after": sha256_after,
        "codes": sorted(set(codes)),
        "count": count,
        "at": _now(),
        "tool": f"seedlint {__version__}",
    }
    if records:
        line["records"] = records
    data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    journal.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


_HEX = frozenset("0123456789abcdef")


def _sha(v: Any) -> bool:
    return isinstance(v, str) and len(v) == 64 and set(v) <= _HEX


def read_journal(journal: Path) -> list[dict[str, Any]]:
    """The journal's well-formed lines, in order. A line the kill cut short, or one that
    is not a fix record, is skipped: the journal is a hint the file hashes confirm."""
    try:
        raw = journal.read_bytes()
    except OSError:
        return []
    out: list[dict[str, Any]] = []
    for line in raw.splitlines():
        try:
            d = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(d, dict) or not isinstance(d.get("path"), str) or not d["path"]:
            continue
        if not (_sha(d.get("sha256_before")) and _sha(d.get("sha256_after"))):
            continue
        codes = d.get("codes")
        count = d.get("count")
        recs = d.get("records")
        out.append(
            {
                "path": d["path"],
                "sha256_before": d["sha256_before"],
                "sha256_after": d["sha256_after"],
                "codes": [str(c) for c in codes] if isinstance(codes, list) else [],
                "count": count if isinstance(count, int) and not isinstance(count, bool) else 0,
                "at": str(d["at"]) if isinstance(d.get("at"), str) else None,
                "tool": str(d["tool"]) if isinstance(d.get("tool"), str) else None,
                "records": [
                    {str(k): str(v) for k, v in r.items()}
                    for r in (recs if isinstance(recs, list) else [])
                    if isinstance(r, dict)
                ],
            }
        )
    return out


def settle_journal(manifest_path: Path) -> list[str]:
    """Before a ``--fix`` run (under its lock): fold what a killed run left in the
    journal into the manifest, write it, remove the journal. Returns error messages.

    Done first, so the journal only ever holds one run's fixes: a line of a killed run
    whose rewrite never happened could not be told from a later fix of the same file."""
    journal = journal_path(manifest_path)
    if not journal.exists():
        return []
    try:
        manifest = Manifest.load(manifest_path)
        manifest.save()
        journal.unlink(missing_ok=True)
    except ManifestError as exc:
        return [f"manifest not updated from its fix journal: {exc}"]
    except OSError as exc:
        return [f"{manifest_path}: manifest write failed: {exc}"]
    _CACHE.pop(str(manifest_path), None)
    return []


def record_fixes_in_manifest(
    cfg: Any,
    doc_reports: Iterable[Any],
    documents: dict[str, Any],
    root: Path,
    records: dict[str, list[dict[str, str]]] | None = None,
) -> list[str]:
    """The runner's hook after ``--fix``: update the configured manifest, if there is one."""
    if not getattr(cfg, "manifest", None):
        return []
    from seedlint import __version__

    return record_run(
        cfg.resolve(cfg.manifest), doc_reports, documents, root, f"seedlint {__version__}", records
    )
