"""Sources: find the documents, decode them, read their metadata.

The first stage of the pipeline, and the only one that touches raw bytes. Anything it
cannot understand (binary, undecodable, too large, a malformed JSONL line) becomes a
``Problem`` that the engine reports as an ``input`` finding; the run goes on with the
other documents and the file is never rewritten.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from charset_normalizer import from_bytes

from seedlint.document import Document
from seedlint.yamlsafe import YamlError, load_yaml_text

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.html", "*.htm", "*.jsonl"]
SIDECAR_SUFFIX = ".meta.yaml"
FRONT_MATTER_LIMIT = 64 * 1024


@dataclass
class Problem:
    """Something about the input that stops seedlint from reading a document."""

    path: str
    code: str
    message: str
    doc_id: str = ""
    line: int = 1
    column: int = 1

    def __post_init__(self) -> None:
        if not self.doc_id:
            self.doc_id = self.path


@dataclass
class SourceFile:
    """One file as read: its bytes' digest and what it yielded."""

    path: str
    abspath: Path
    sha256: str | None = None
    encoding: str | None = None
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class SourceOptions:
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = 50 * 1024 * 1024
    text_field: str = "text"
    id_field: str = "id"


def _matches(rel: str, patterns: list[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    pp = PurePosixPath(rel)
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) or pp.match(p) for p in patterns)


def relpath(p: Path, root: Path) -> str:
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def discover(paths: list[Path], root: Path, opts: SourceOptions) -> tuple[list[Path], list[str]]:
    """Files to read, sorted for a deterministic run, and the paths that do not exist."""
    files: set[Path] = set()
    missing: list[str] = []
    for p in paths:
        if not p.exists():
            missing.append(str(p))
            continue
        if p.is_file():
            # An explicitly named file is read whatever its name (pre-commit passes names),
            # unless the config excludes it.
            if not _matches(relpath(p, root), opts.exclude):
                files.add(p)
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in filenames:
                if fn.startswith(".") or fn.endswith(SIDECAR_SUFFIX):
                    continue
                fp = Path(dirpath) / fn
                rel = relpath(fp, root)
                if _matches(rel, opts.include) and not _matches(rel, opts.exclude):
                    files.add(fp)
    return sorted(files, key=lambda f: relpath(f, root)), missing


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" not in head:
        return False
    # BOM-less UTF-16/32 text is full of NULs too: only call it binary if no text
    # encoding explains it.
    best = from_bytes(head).best()
    return best is None or not best.encoding.startswith(("utf_16", "utf_32"))


@dataclass
class Decoded:
    text: str
    encoding: str
    confidence: float
    alternatives: list[str]
    had_bom: bool


_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode(raw: bytes) -> Decoded | None:
    """Decode bytes; UTF-8 first (strict), then charset-normalizer's best guess."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(enc), enc, 1.0, [], True)
            except UnicodeDecodeError:
                break
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", 1.0, [], False)
    except UnicodeDecodeError:
        pass
    results = from_bytes(raw)
    best = results.best()
    if best is None:
        return None
    confidence = max(0.0, 1.0 - float(best.chaos))
    alternatives = [
        m.encoding
        for m in results
        if m.encoding != best.encoding and abs(m.chaos - best.chaos) < 0.05
    ]
    return Decoded(str(best), best.encoding, round(confidence, 3), alternatives, False)


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, int, int, str | None]:
    """(metadata, body offset, body line offset, error) for ``---`` YAML front matter."""
    if not text.startswith("---"):
        return None, 0, 0, None
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].rstrip("\r") != "---":
        return None, 0, 0, None
    head = text[:FRONT_MATTER_LIMIT]
    pos = first_nl + 1
    while True:
        nl = head.find("\n", pos)
        line = head[pos:] if nl == -1 else head[pos:nl]
        if line.rstrip("\r") in ("---", "..."):
            body_offset = len(text) if nl == -1 else nl + 1
            yaml_text = text[first_nl + 1 : pos]
            try:
                meta = load_yaml_text(yaml_text, "front matter")
            except YamlError as exc:
                return None, 0, 0, str(exc)
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                return None, 0, 0, "front matter is not a YAML mapping"
            return meta, body_offset, text.count("\n", 0, body_offset), None
        if nl == -1:
            return None, 0, 0, None
        pos = nl + 1


def _sidecar(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return None, None
    try:
        data = load_yaml_text(side.read_text(encoding="utf-8"), str(side.name))
    except (OSError, UnicodeDecodeError, YamlError) as exc:
        return None, f"sidecar {side.name}: {exc}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"sidecar {side.name}: not a YAML mapping"
    return data, None


def _read_jsonl(sf: SourceFile, text: str, opts: SourceOptions) -> None:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        doc_id = f"{sf.path}#{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            sf.problems.append(
                Problem(
                    sf.path,
                    "SL004",
                    f"malformed JSONL line: {exc.msg} (column {exc.colno})",
                    doc_id=doc_id,
                    line=lineno,
                    column=exc.colno,
                )
            )
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get(opts.text_field), str):
            sf.problems.append(
                Problem(
                    sf.path,
                    "SL004",
                    f"JSONL record has no string field {opts.text_field!r}",
                    doc_id=doc_id,
                    line=lineno,
                )
            )
            continue
        meta = {k: v for k, v in rec.items() if k != opts.text_field}
        if opts.id_field in rec:
            doc_id = f"{sf.path}#{rec[opts.id_field]}"
        sf.documents.append(
            Document(
                path=sf.path,
                text=rec[opts.text_field],
                doc_id=doc_id,
                metadata=meta,
                line_offset=0,
                container="jsonl",
            )
        )


def read_file(path: Path, root: Path, opts: SourceOptions) -> SourceFile:
    rel = relpath(path, root)
    sf = SourceFile(path=rel, abspath=path)
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            sf.problems.append(
                Problem(
                    rel,
                    "SL003",
                    f"file is {size} bytes, over the {opts.max_bytes}-byte "
                    "limit (max-file-bytes); not read",
                )
            )
            return sf
        raw = path.read_bytes()
    except OSError as exc:
        sf.problems.append(Problem(rel, "SL001", f"cannot read file: {exc.strerror}"))
        return sf
    sf.sha256 = hashlib.sha256(raw).hexdigest()
    if not raw:
        sf.problems.append(Problem(rel, "SL005", "empty document"))
        return sf
    if _looks_binary(raw):
        sf.problems.append(Problem(rel, "SL002", "binary file (NUL bytes, no text encoding fits)"))
        return sf
    dec = decode(raw)
    if dec is None:
        sf.problems.append(Problem(rel, "SL001", "undecodable: no text encoding fits these bytes"))
        return sf
    sf.encoding = dec.encoding
    if path.suffix == ".jsonl":
        _read_jsonl(sf, dec.text, opts)
        return sf
    meta, body_offset, line_offset, fm_error = split_front_matter(dec.text)
    if fm_error:
        sf.problems.append(Problem(rel, "SL006", f"front matter ignored: {fm_error}"))
    side, side_error = _sidecar(path)
    if side_error:
        sf.problems.append(Problem(rel, "SL006", side_error))
    metadata: dict[str, Any] = {}
    if side:
        metadata.update(side)
    if meta:
        metadata.update(meta)
    sf.documents.append(
        Document(
            path=rel,
            text=dec.text[body_offset:],
            metadata=metadata,
            encoding=dec.encoding,
            encoding_confidence=dec.confidence,
            encoding_alternatives=dec.alternatives,
            had_bom=dec.had_bom,
            head=dec.text[:body_offset],
            line_offset=line_offset,
            raw=raw,
        )
    )
    return sf


def iter_sources(files: list[Path], root: Path, opts: SourceOptions) -> Iterator[SourceFile]:
    for f in files:
        yield read_file(f, root, opts)
