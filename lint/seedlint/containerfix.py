"""Writing fixes back into containers: JSONL records (plain, gzip, zstd) and Parquet rows.

A record's fix is computed like a plain file's (``fixer.fix_document``), in whichever
process linted the record; the file is rewritten once, by the reading process, after the
last batch of that file is in, because one file's records are spread over many units.

Guarantees (each pinned by tests):

* JSONL: only the text field's string token of a fixed record changes. The new string is
  spliced into the line where the old token was; every other byte of that line (key
  order, spacing, other fields, the line ending) and every other line stays identical.
  The line is parsed again after the splice and must give the same record with only the
  text changed; a record where that fails (or that would grow past the size limit) is
  left as it was and reported.
* Compressed input is written compressed the same way (gzip or zstd).
* Parquet: the same schema (its metadata included) and row order; only the text column
  changes. The table is read whole (pyarrow writes row groups, not rows in place).
* The input is hashed again while it is read for the rewrite; if it changed since it was
  linted, nothing is written. The new file is written to a temporary file in the same
  folder, fsynced and renamed over the original: a kill at any moment leaves the old file
  or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import IO, Any, cast

from seedlint.sources import HashingStream

RECORD_CONTAINERS = frozenset({"jsonl", "parquet"})
"""Document containers whose fixes are written by this module."""

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class RecordFix:
    """The fixed text of one record, and the hashes of its text before and after."""

    record: int
    """1-based line (JSONL) or row (Parquet) number in the file."""
    doc_id: str
    text: str
    sha256_before: str
    sha256_after: str


@dataclass
class ContainerWrite:
    """What rewriting one container did."""

    sha256_after: str | None = None
    """SHA-256 of the file as written (None: nothing was written)."""
    written: set[int] = field(default_factory=set)
    """Records whose fix is in the new file."""
    errors: list[str] = field(default_factory=list)


BeforeReplace = Callable[[str, set[int]], None]
"""Called with a rewritten container's new SHA-256 and the records written, just before
the new file replaces the old one."""


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_token_span(line: str, key: str) -> tuple[int, int] | None:
    """Where the value of top-level ``key`` is in a JSON object ``line``.

    The last occurrence wins, as with ``json.loads``. None when the line is not a JSON
    object or has no such key. Linear in the line's length.
    """
    try:
        i = _WS.match(line, 0).end()  # type: ignore[union-attr]
        if line[i : i + 1] != "{":
            return None
        i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        if line[i : i + 1] == "}":
            return None
        span = None
        while True:
            if line[i : i + 1] != '"':
                return None
            name, i = scanstring(line, i + 1)
            i = _WS.match(line, i).end()  # type: ignore[union-attr]
            if line[i : i + 1] != ":":
                return None
            i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
            _, end = _DECODER.raw_decode(line, i)
            if name == key:
                span = (i, end)
            i = _WS.match(line, end).end()  # type: ignore[union-attr]
            c = line[i : i + 1]
            if c == ",":
                i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
                continue
            if c != "}" or _WS.match(line, i + 1).end() != len(line):  # type: ignore[union-attr]
                return None
            return span
    except (json.JSONDecodeError, ValueError):
        return None


def splice_record(line: str, key: str, text: str) -> str | None:
    """``line`` with the string value of ``key`` replaced by ``text``, every other
    character kept; None when that cannot be done exactly.

    The new token keeps the line's style: a line written with ``\\uXXXX`` escapes and no
    raw non-ASCII character gets escapes again, otherwise characters are written as is.
    """
    span = text_token_span(line, key)
    if span is None:
        return None
    start, end = span
    ascii_style = line.isascii() and "\\u" in line
    token = json.dumps(text, ensure_ascii=ascii_style)
    new = line[:start] + token + line[end:]
    try:
        old_rec, new_rec = json.loads(line), json.loads(new)
    except json.JSONDecodeError:
        return None
    if not isinstance(new_rec, dict) or new_rec.get(key) != text:
        return None
    old_rec.pop(key, None)
    new_rec.pop(key, None)
    return new if old_rec == new_rec else None


# ---------------------------------------------------------------------------------------
# Atomic streaming writes


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[IO[bytes]]:
    """A file object whose content replaces ``path`` atomically when the block ends
    without an exception (temp file in the same folder, fsync, the original's mode).
    A read-only file (no write bit) is left alone: someone meant it not to change."""
    st = path.stat()
    if not st.st_mode & 0o222:
        raise PermissionError(f"{path.name} is read-only (mode {st.st_mode & 0o777:o})")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".seedlint.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def compress_bytes(data: bytes, compression: str | None) -> bytes:
    """``data`` compressed as ``compression`` (None: as is)."""
    if compression is None:
        return data
    buf = io.BytesIO()
    with _compressing(buf, compression) as out:
        out.write(data)
    return buf.getvalue()


@contextlib.contextmanager
def _compressing(fh: IO[bytes], compression: str | None) -> Iterator[IO[bytes]]:
    if compression is None:
        yield fh
    elif compression == "gzip":
        # mtime 0: the same content always compresses to the same bytes
        with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
            yield cast(IO[bytes], gz)
    elif compression == "zstd":
        import zstandard

        with zstandard.ZstdCompressor().stream_writer(fh, closefd=False) as zw:
            yield cast(IO[bytes], zw)
    else:  # pragma: no cover - split_suffix knows only these
        raise ValueError(f"unknown compression {compression}")


@contextlib.contextmanager
def _decompressing(fh: IO[bytes], compression: str | None) -> Iterator[IO[bytes]]:
    if compression is None:
        yield fh
    elif compression == "gzip":
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            yield cast(IO[bytes], gz)
    else:
        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True)
        yield io.BufferedReader(reader, 1 << 20)


class _Changed(Exception):
    pass


def rewrite_jsonl(
    path: Path,
    compression: str | None,
    fixes: list[RecordFix],
    key: str,
    expected_sha: str | None,
    max_bytes: int,
    before_replace: BeforeReplace | None = None,
) -> ContainerWrite:
    """Rewrite ``path`` with each fix's text spliced into its line (see module doc).

    ``before_replace`` is called with the new file's SHA-256 and the records written,
    after the new file is complete and before it replaces the old one (the fix journal)."""
    by_line = {f.record: f for f in fixes}
    out = ContainerWrite()
    rel = path.name
    pending: list[str] = []
    try:
        with (
            path.open("rb") as raw,
            atomic_stream(path) as dest,
        ):
            reading = HashingStream(raw)
            writing = HashingStream(dest)
            with (
                _decompressing(
                    cast(IO[bytes], io.BufferedReader(reading, 1 << 20)), compression
                ) as src,
                _compressing(cast(IO[bytes], writing), compression) as sink,
            ):
                lineno = 0
                for line in src:
                    lineno += 1
                    fix = by_line.get(lineno)
                    if fix is not None:
                        line = _fixed_line(line, lineno, fix, key, max_bytes, out, pending)
                    sink.write(line)
            while reading.read(1 << 20):
                pass
            if expected_sha is not None and reading.hash.hexdigest() != expected_sha:
                raise _Changed
            if not out.written:
                raise _Changed  # nothing to write: keep the original untouched
            sink_sha = writing.hash.hexdigest()
            if before_replace is not None:
                before_replace(sink_sha, out.written)
    except _Changed:
        if out.written:
            out.errors.append(f"{rel}: changed since it was linted; not rewritten")
        out.written = set()
        out.errors.extend(pending)
        return out
    out.errors.extend(pending)
    out.sha256_after = sink_sha
    return out


def _fixed_line(
    line: bytes,
    lineno: int,
    fix: RecordFix,
    key: str,
    max_bytes: int,
    out: ContainerWrite,
    errors: list[str],
) -> bytes:
    bom = b""
    if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
        bom, line = b"\xef\xbb\xbf", line[3:]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        errors.append(f"{fix.doc_id}: fix not written: the line is not UTF-8")
        return bom + line
    new = splice_record(text, key, fix.text)
    if new is None:
        errors.append(f"{fix.doc_id}: fix not written: the record could not be rewritten exactly")
        return bom + line
    data = new.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        errors.append(
            f"{fix.doc_id}: fix not written: the record would be {len(data)} bytes, over the "
            f"{max_bytes}-byte limit (max-file-bytes)"
        )
        return bom + line
    out.written.add(fix.record)
    return bom + data


def rewrite_parquet(
    path: Path,
    fixes: list[RecordFix],
    key: str,
    expected_sha: str | None,
    before_replace: BeforeReplace | None = None,
) -> ContainerWrite:
    """Rewrite ``path`` with the text column of the fixed rows replaced (see module doc)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = ContainerWrite()
    data = path.read_bytes()
    if expected_sha is not None and hashlib.sha256(data).hexdigest() != expected_sha:
        out.errors.append(f"{path.name}: changed since it was linted; not rewritten")
        return out
    pf = pq.ParquetFile(io.BytesIO(data))
    table = pf.read()
    idx = table.schema.get_field_index(key)
    if idx < 0:
        out.errors.append(f"{path.name}: no column {key!r}; not rewritten")
        return out
    values = table.column(idx).to_pylist()
    for f in fixes:
        if 1 <= f.record <= len(values) and isinstance(values[f.record - 1], str):
            values[f.record - 1] = f.text
            out.written.add(f.record)
        else:
            out.errors.append(f"{f.doc_id}: fix not written: no such row")
    if not out.written:
        return out
    fld = table.schema.field(idx)
    table = table.set_column(idx, fld, pa.array(values, type=fld.type))
    meta = pf.metadata
    kwargs: dict[str, Any] = {}
    if meta.num_row_groups:
        kwargs["row_group_size"] = max(1, meta.row_group(0).num_rows)
        if meta.row_group(0).num_columns:
            kwargs["compression"] = meta.row_group(0).column(0).compression.lower()
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, **kwargs)
    new = buf.getvalue().to_pybytes()
    sha_after = hashlib.sha256(new).hexdigest()
    with atomic_stream(path) as dest:
        dest.write(new)
        if before_replace is not None:
            before_replace(sha_after, out.written)
    out.sha256_after = sha_after
    return out
