"""The run memo: a check over exactly the inputs of an earlier check prints what it printed.

The result cache (``cache.py``) spares re-linting unchanged units, but a run served from
it still rebuilds every finding, fingerprints, sorts and renders them: with a hundred
thousand findings that alone is seconds. When nothing at all has changed, the run's
output is a pure function of what it read, so it is kept whole and replayed.

The key hashes everything the output can depend on:

* the cache namespace (seedlint's version and sources, the config, every rule file, its
  lexicons and data files, the manifest): see ``cache.namespace``;
* the content of every input file the run reads (documents and their ``.meta.yaml``
  sidecars) with its path, and the baseline file when one is used;
* the working directory (paths in reports are relative to it) and every option that
  shapes the output (formats, report files, colour, ``--show-fixes``, ``--exit-zero``...).

Only plain checks are memoised: ``--fix``, ``--diff``, ``--write-baseline``, shards and
Dask runs always run. A replay writes the same standard output, standard error, report
files and exit code; it never loads the rule pack. Like the result cache it is only an
accelerator: any error disables it for the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from seedlint.cache import namespace
from seedlint.config import Config
from seedlint.engine import source_options
from seedlint.sources import SIDECAR_SUFFIX, discover, relpath

DB_NAME = "runs-v3.sqlite"
KEEP_RUNS = 4
"""Replays kept per cache folder (a replay holds whole reports: keep few)."""
MAX_RECORDING_CHARS = 256 * 1024 * 1024
"""A run that wrote more than this is not kept: its replay would cost disk, not time."""
READ_CHUNK = 1 << 20


@dataclass
class Recording:
    """What a run wrote: its two streams, its report files and its exit code."""

    stdout: str = ""
    stderr: str = ""
    files: dict[str, Path] = field(default_factory=dict)
    """Report name -> the file written (read back in chunks when the run is kept)."""
    code: int = 0


def _hash_file(h: Any, path: Path) -> None:
    with path.open("rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            h.update(chunk)


def run_key(
    cfg: Config, paths: list[Path], root: Path, options: dict[str, Any], baseline: Path | None
) -> str | None:
    """The memo key of a check run, or None when the run cannot be memoised (a path
    is missing: the run reports it)."""
    files, missing = discover(paths, root, source_options(cfg))
    if missing:
        return None
    h = hashlib.sha256()  # faster than BLAKE2 where the CPU has SHA instructions
    h.update(namespace(cfg).encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    h.update(str(root.resolve()).encode())
    for f in files:
        if f.is_dir():  # a folder that could not be listed: reported, and part of the key
            h.update(b"\0folder\0" + relpath(f, root).encode("utf-8", "surrogateescape"))
            continue
        for p in (f, f.with_name(f.name + SIDECAR_SUFFIX)):
            if p is not f and not p.is_file():
                continue
            h.update(b"\0file\0" + relpath(p, root).encode("utf-8", "surrogateescape") + b"\0")
            _hash_file(h, p)
    if baseline is not None and baseline.is_file():
        h.update(b"\0baseline\0")
        _hash_file(h, baseline)
    return h.hexdigest()


class RunMemo:
    """Recordings in one SQLite file of the cache folder, as raw UTF-8: a replay is a
    copy of bytes (a 100 MB JSON report is not decoded, re-encoded or rewritten)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(directory / DB_NAME, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS runs "
            "(key TEXT PRIMARY KEY, code INTEGER NOT NULL, stdout BLOB NOT NULL, "
            "stderr BLOB NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS run_files (key TEXT NOT NULL, name TEXT NOT NULL, "
            "sha256 TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (key, name))"
        )
        # Kept apart so that marking a run used does not rewrite its recording.
        self.db.execute("CREATE TABLE IF NOT EXISTS run_used (key TEXT PRIMARY KEY, used REAL)")

    @classmethod
    def open(cls, directory: Path) -> RunMemo | None:
        try:
            return cls(directory)
        except (OSError, sqlite3.Error):
            return None  # the result cache warns about an unusable folder

    def get(self, key: str) -> Stored | None:
        try:
            row = self.db.execute(
                "SELECT code, stdout, stderr FROM runs WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            files = dict(
                self.db.execute("SELECT name, sha256 FROM run_files WHERE key = ?", (key,))
            )
            self.db.execute(
                "INSERT OR REPLACE INTO run_used (key, used) VALUES (?, ?)", (key, time.time())
            )
        except sqlite3.Error:
            return None

        def fetch(name: str) -> bytes:
            got = self.db.execute(
                "SELECT data FROM run_files WHERE key = ? AND name = ?", (key, name)
            ).fetchone()
            return bytes(got[0])

        return Stored(int(row[0]), bytes(row[1]), bytes(row[2]), files, fetch)

    def put(self, key: str, rec: Recording) -> None:
        """Keep a run's output. Report files are copied into the database in chunks, so
        a large report is never held whole in memory."""
        if not all(p.is_file() for p in rec.files.values()):
            return  # a report written to a device or pipe (/dev/stdout) cannot be read back
        try:
            sizes = {name: p.stat().st_size for name, p in rec.files.items()}
        except OSError:
            return
        size = len(rec.stdout) + len(rec.stderr) + sum(sizes.values())
        if size > MAX_RECORDING_CHARS:
            return
        try:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR REPLACE INTO runs (key, code, stdout, stderr) VALUES (?, ?, ?, ?)",
                (key, rec.code, _utf8(rec.stdout), _utf8(rec.stderr)),
            )
            self.db.execute("DELETE FROM run_files WHERE key = ?", (key,))
            for name, p in rec.files.items():
                h = hashlib.sha256()
                _hash_file(h, p)
                cur = self.db.execute(
                    "INSERT INTO run_files (key, name, sha256, data) VALUES (?, ?, ?, zeroblob(?))",
                    (key, name, h.hexdigest(), sizes[name]),
                )
                if sizes[name]:
                    assert cur.lastrowid is not None
                    with (
                        self.db.blobopen("run_files", "data", cur.lastrowid) as blob,
                        p.open("rb") as fh,
                    ):
                        while chunk := fh.read(READ_CHUNK):
                            blob.write(chunk)
            self.db.execute(
                "INSERT OR REPLACE INTO run_used (key, used) VALUES (?, ?)", (key, time.time())
            )
            old = [
                r[0]
                for r in self.db.execute(
                    "SELECT key FROM run_used ORDER BY used DESC LIMIT -1 OFFSET ?", (KEEP_RUNS,)
                )
            ]
            for k in old:
                for table in ("runs", "run_files", "run_used"):
                    self.db.execute(f"DELETE FROM {table} WHERE key = ?", (k,))
            self.db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


def _utf8(text: str) -> bytes:
    """What ``write_text(encoding="utf-8")`` writes (lone surrogates cannot occur in a
    report: its text comes from decoded documents)."""
    return text.encode("utf-8", "surrogateescape")


@dataclass
class Stored:
    """A recording as kept: the bytes each stream received, and each report file's
    SHA-256 (its bytes are read from the memo only when the file on disk differs)."""

    code: int
    stdout: bytes
    stderr: bytes
    files: dict[str, str]
    fetch: Callable[[str], bytes]


class _Tee(io.TextIOBase):
    """Writes through to a stream and keeps a copy."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return self.stream.write(s)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


@contextlib.contextmanager
def recording(rec: Recording) -> Iterator[None]:
    """Record what is written to stdout and stderr meanwhile (still writing it)."""
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            yield
        finally:
            rec.stdout = "".join(out.parts)
            rec.stderr = "".join(err.parts)


def replay(rec: Stored, reports: Collection[str]) -> int | None:
    """Write what the recorded run wrote; its exit code. None, writing nothing, when
    the recording is not one this run could have made: its report files must be exactly
    the ones this run asks for (a row planted in the memo must not write a file at a
    path of its choosing), each with the bytes its hash names, and its exit code one a
    check returns (0 or 1). A report file that already holds the recorded bytes is left
    as it is (reading and hashing it is cheaper than writing it again); one that cannot
    be written is an error, as it was for the run."""
    if set(rec.files) != set(reports) or rec.code not in (0, 1):
        return None
    writes: list[tuple[Path, bytes]] = []
    for name, sha in rec.files.items():
        p = Path(name)
        if p.is_file():
            h = hashlib.sha256()
            _hash_file(h, p)
            if h.hexdigest() == sha:
                continue
        try:
            data = rec.fetch(name)
        except (sqlite3.Error, TypeError):
            return None
        if hashlib.sha256(data).hexdigest() != sha:
            return None
        writes.append((p, data))
    for p, data in writes:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    _write(sys.stdout, rec.stdout)
    _write(sys.stderr, rec.stderr)
    return rec.code


def _write(stream: TextIO, data: bytes) -> None:
    """Bytes to a text stream: straight to its buffer when it encodes UTF-8."""
    if not data:
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and (stream.encoding or "").lower().replace("-", "") == "utf8":
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8", "surrogateescape"))
