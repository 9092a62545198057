"""Sources: find the documents, decode them, read their metadata.

The first stage of the pipeline, and the only one that touches raw bytes. Anything it
cannot understand (binary, undecodable, too large, a malformed JSONL line) becomes a
``Problem`` that the engine reports as an ``input`` finding; the run goes on with the
other documents and the file is never rewritten.

Large corpora are read as a stream of ``Unit``s: a plain file is one unit, a JSONL or
Parquet file is cut into batches of records, so memory stays bounded by a batch however
large the file is (gzip and zstd compressed inputs are decompressed on the fly). Units
are what the parallel, cached, sharded and distributed runs hand around: reading
(``iter_units``, cheap, in the parent) is split from parsing (``parse_unit``, in a
worker) so that raw bytes, not decoded documents, cross process boundaries.
"""

from __future__ import annotations

import fnmatch
import functools
import gzip
import hashlib
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from charset_normalizer import from_bytes

from seedlint.document import Document
from seedlint.gitignore import git_ignored
from seedlint.htmltext import extract_html, looks_like_html
from seedlint.yamlsafe import MAX_YAML_BYTES, YamlError, load_yaml_text

DEFAULT_INCLUDE = [
    "*.txt",
    "*.md",
    "*.html",
    "*.htm",
    "*.jsonl",
    "*.jsonl.gz",
    "*.jsonl.zst",
    "*.txt.gz",
    "*.txt.zst",
    "*.parquet",
]
SIDECAR_SUFFIX = ".meta.yaml"
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
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
    respect_gitignore: bool = True


# ``fnmatch`` compares names as given only where ``os.path.normcase`` leaves them alone
# (POSIX): only there is a glob's match a plain string comparison.
_CASE_KEPT = os.path.normcase("Aa/b") == "Aa/b"


@functools.lru_cache(maxsize=1024)
def suffix_glob(glob: str) -> str | None:
    """The literal tail of a ``*literal`` glob without ``/`` (``*.txt``: ``.txt``), else None.

    Such a glob (the default includes, ``exclude-paths: ["*.html"]``) matches a plain
    relative path (``plain_path``) exactly when the path ends with the tail, whether it
    is matched whole (``fnmatch``), on the file name, or from the right
    (``PurePosixPath.match``): a string comparison instead of a regex and a path object
    per file and glob, which a folder of short bulletins paid per file.
    """
    tail = glob[1:]
    if not _CASE_KEPT or not glob.startswith("*") or not tail or "/" in tail:
        return None
    if "*" in tail or "?" in tail or "[" in tail:
        return None
    return tail


def plain_path(path: str) -> bool:
    """Whether ``path`` has no empty, ``.`` or trailing component, which
    ``PurePosixPath`` would drop (for these, its ``match`` agrees with ``fnmatch``)."""
    if not path or path.endswith("/") or "//" in path or "/./" in f"/{path}":
        return False
    return path.rsplit("/", 1)[-1] not in (".", "")


def path_matches(path: str, globs: list[str], *, by_name: bool = False) -> bool:
    """Whether ``path`` matches one of ``globs`` as a whole (``fnmatch``) or from the
    right, component by component (``PurePosixPath.match``); with ``by_name`` (the
    walk's include and exclude) also its file name alone (``fnmatch``), which for a path
    that is not plain can differ from pathlib's last component.

    A glob without ``/`` (``*.html``) matches from the right on the file name alone, so
    it needs no path object: the fast path gives ``PurePosixPath.match``'s answer for
    every plain relative file path (no empty, ``.`` or trailing components, which
    pathlib would drop).
    """
    plain = plain_path(path)
    name = path.rsplit("/", 1)[-1]
    pp: PurePosixPath | None = None
    for g in globs:
        # ``*.html``: every way of matching it agrees with a string comparison
        tail = suffix_glob(g) if plain else None
        if tail is not None:
            if path.endswith(tail):
                return True
            continue
        if (by_name and fnmatch.fnmatch(name, g)) or fnmatch.fnmatch(path, g):
            return True
        if plain and g and "/" not in g:
            if fnmatch.fnmatchcase(name, g):
                return True
            continue
        if pp is None:
            pp = PurePosixPath(path)
        if pp.match(g):
            return True
    return False


def relpath(p: Path, root: Path) -> str:
    """``p`` relative to ``root``; a symlinked file keeps its own name (its folder is
    resolved, the link is not), and a symlink loop is named, not followed."""
    try:
        return (p.parent.resolve() / p.name).relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return p.as_posix()


class RelNamer:
    """``relpath`` for many files under one root: each folder is resolved once, not each
    file (``Path.resolve`` is a system call per path component, and a folder of short
    bulletins spent a sixth of its run there). The same names as ``relpath``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root: Path | None = None
        self._folders: dict[str, str | None] = {}

    def __call__(self, p: Path) -> str:
        name = p.name
        if not name or name in (".", ".."):
            return relpath(p, self.root)
        parent = p.parent
        key = str(parent)
        if key in self._folders:
            base = self._folders[key]
        else:
            try:
                if self._root is None:
                    self._root = self.root.resolve()
                base = parent.resolve().relative_to(self._root).as_posix()
            except (ValueError, OSError, RuntimeError):
                base = None  # outside the root or unresolvable: the file keeps its path
            self._folders[key] = base
        if base is None:
            return p.as_posix()
        return name if base == "." else f"{base}/{name}"


def printable_name(name: str) -> str:
    """``name`` with the bytes of a file name that is not UTF-8 shown as ``\\xNN``.

    Such a name reaches Python as lone surrogates, which no report format, manifest or
    terminal can write: every reporter failed on one, after ``--fix`` had already
    rewritten other files."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


_UNLISTED = "folder cannot be read (no permission to list it): its files were not linted"


def unsafe_path(path: Path, root: Path) -> tuple[str, str] | None:
    """(code, message) for a file that must not be read, or None.

    A corpus that takes contributions can hold a symlink to ``~/.ssh/id_rsa`` (which a
    report would then quote) or to a file elsewhere that ``--fix`` would rewrite, a
    symlink loop, or a FIFO that blocks any read forever. A symlink is followed only
    when its target stays inside the linted root (or the link's own folder).
    """
    try:  # one system call for the usual regular file, which is not a link
        st = path.lstat()
    except (OSError, RuntimeError):
        return None  # reading it reports the error
    if not stat.S_ISLNK(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            # ``discover`` lists a folder only when it could not be listed
            return "SL001", _UNLISTED
        if not stat.S_ISREG(st.st_mode):
            return "SL001", "not a regular file (a FIFO, socket or device): not read"
        return None
    try:
        st = path.stat()
    except (OSError, RuntimeError):
        if path.is_symlink():
            return "SL001", "broken symbolic link or symlink loop: not read"
        return None  # reading it reports the error
    if stat.S_ISDIR(st.st_mode):
        # ``discover`` lists a folder only when it could not be listed
        return "SL001", _UNLISTED
    if not stat.S_ISREG(st.st_mode):
        return "SL001", "not a regular file (a FIFO, socket or device): not read"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
            inside = target.is_relative_to(root.resolve()) or target.is_relative_to(
                path.parent.resolve()
            )
        except (OSError, RuntimeError):
            return "SL001", "broken symbolic link or symlink loop: not read"
        if not inside:
            return (
                "SL010",
                f"symbolic link to {target}, outside the linted folder: not read, never fixed",
            )
    return None


def discover(paths: list[Path], root: Path, opts: SourceOptions) -> tuple[list[Path], list[str]]:
    """Files to read, sorted for a deterministic run, and the paths that do not exist."""
    files: set[Path] = set()
    missing: list[str] = []
    name = RelNamer(root)
    rels: dict[Path, str] = {}
    for p in paths:
        if not p.exists():
            missing.append(str(p))
            continue
        if p.is_file():
            # An explicitly named file is read whatever its name (pre-commit passes names),
            # unless the config excludes it.
            rels[p] = rel = name(p)
            if not path_matches(rel, opts.exclude, by_name=True):
                files.add(p)
            continue
        walked: list[Path] = []
        # A folder that cannot be listed is reported (SL001, as an unreadable file), not
        # skipped in silence: its files would be missing from a run that passes.
        unlisted: list[Path] = []

        def note(exc: OSError, unlisted: list[Path] = unlisted) -> None:
            if exc.filename is not None:
                unlisted.append(Path(os.fsdecode(exc.filename)))

        for dirpath, dirnames, filenames in os.walk(p, onerror=note):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in filenames:
                if fn.startswith(".") or fn.endswith(SIDECAR_SUFFIX):
                    continue
                fp = Path(dirpath) / fn
                rels[fp] = rel = name(fp)
                kept = path_matches(rel, opts.include, by_name=True)
                if kept and not path_matches(rel, opts.exclude, by_name=True):
                    walked.append(fp)
        for d in unlisted:
            if d.is_dir():
                rels[d] = name(d)
                walked.append(d)
        ignored = git_ignored(p, walked) if opts.respect_gitignore else set()
        files.update(set(walked) - ignored)
    ordered = sorted(files, key=rels.__getitem__)
    return _one_name_per_file(ordered, root), missing


def _identity(f: Path, root: Path) -> tuple[int, int] | None:
    """The file a name reads (device, inode), or None for a name that is not read as a
    document: a loop, a dangling link, a link leaving the root (each is reported)."""
    try:  # the usual regular file, not a link: one system call, as in ``unsafe_path``
        st = f.lstat()
    except (OSError, RuntimeError):
        return None
    if stat.S_ISREG(st.st_mode):
        return (st.st_dev, st.st_ino)
    if unsafe_path(f, root) is not None:
        return None
    try:
        st = f.stat()
    except (OSError, RuntimeError):
        return None
    return (st.st_dev, st.st_ino)


def _one_name_per_file(files: list[Path], root: Path) -> list[Path]:
    """``files`` with each file once: two symlinks to one file, or a file and a link to
    it, are one document, reported (and fixed) once, under the file's own name when it
    is in the list, else under the first link's. Names that are not read (a loop, a
    dangling link, a link leaving the root) are all kept: each is reported."""
    chosen: dict[tuple[int, int], Path] = {}
    ids = {f: _identity(f, root) for f in files}
    for f in files:
        key = ids[f]
        if key is None:
            continue
        seen = chosen.get(key)
        if seen is None or (seen.is_symlink() and not f.is_symlink()):
            chosen[key] = f
    return [f for f in files if (key := ids[f]) is None or chosen[key] == f]


def looks_binary(raw: bytes) -> bool:
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
        return _strict_cjk(raw)
    confidence = max(0.0, 1.0 - float(best.chaos))
    alternatives = [
        m.encoding
        for m in results
        if m.encoding != best.encoding and abs(m.chaos - best.chaos) < 0.05
    ]
    text = str(best)
    gb = _prefer_gb(raw, best.encoding, text)
    if gb is not None:
        return gb
    return Decoded(text, best.encoding, round(confidence, 3), alternatives, False)


_GB_NAMES = {"gb18030", "gbk", "gb2312", "cp936", "hz"}


def common_share(text: str) -> tuple[float, int]:
    """Share of the non-ASCII characters that are common Chinese: GB2312 level 1 (rows
    B0-D7) or its common punctuation and full-width forms (rows A1, A3)."""
    wide = common = 0
    for c in text:
        if c < "\x80":
            continue
        wide += 1
        try:
            b = c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= b[0] <= 0xD7 or b[0] in (0xA1, 0xA3)
    return (common / wide if wide else 0.0), wide


def _prefer_gb(raw: bytes, guess: str, text: str) -> Decoded | None:
    """GB18030 instead of charset-normalizer's guess, when it reads the bytes as common
    Chinese and the guess does not.

    On a short GBK file (a title line of a Sogou news record) charset-normalizer has
    few bytes to go on and picks Shift-JIS (half-width katakana), UTF-16-BE, CP949
    (Hangul) or EUC-JP: every one of them judged wrong on real text. A strict GB18030
    decode in which four characters in five are level-1 GB2312 is the reading; Big5 and
    Japanese files read as GB18030 give a fifth of that. Korean EUC-KR reads as level-1
    GB2312 too, but as Han characters separated by spaces, Korean's word spacing."""
    if guess.lower().replace("-", "_") in _GB_NAMES:
        return None
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    share, wide = common_share(gb)
    if share < 0.8 or common_share(text)[0] >= 0.5:
        return None
    if len(_SPACED_HAN.findall(gb)) * 10 > wide:
        return None
    return Decoded(gb, "gb18030", round(share, 3), [], False)


_SPACED_HAN = re.compile("[\u4e00-\u9fff]{1,4} (?=[\u4e00-\u9fff])")


# Legacy Chinese encodings tried strictly when charset-normalizer finds no fit. Real
# GBK text carries private-use code points (a SogouCS sample marks lost paragraph breaks
# with U+E40C), which charset-normalizer counts as noise and rejects the whole file for;
# a strict decode that succeeds and gives mostly CJK text is the encoding.
_STRICT_CJK = ("gb18030", "big5")


def _strict_cjk(raw: bytes) -> Decoded | None:
    for enc in _STRICT_CJK:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if _mostly_cjk(text):
            return Decoded(text, enc, 0.5, [], False)
    return _nearly_cjk(raw)


def _cjk_tally(text: str) -> tuple[int, int]:
    """(CJK characters, non-ASCII characters) of ``text``; U+FFFD is non-ASCII, not CJK."""
    wide = [c for c in text if ord(c) > 0x7F]
    cjk = sum(1 for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return cjk, len(wide)


def _mostly_cjk(text: str) -> bool:
    cjk, wide = _cjk_tally(text)
    return bool(wide) and cjk >= 0.8 * wide


def undecodable_message(raw: bytes) -> str:
    """Why ``decode`` found no reading: no encoding decodes the bytes, or the legacy
    Chinese ones that do give symbols, not Chinese (a file whose high bytes were mostly
    replaced by `?` decodes strictly as Big5 into punctuation and Latin letters). Said
    so, since "no encoding fits" is then not literally true."""
    best: tuple[int, int, str] | None = None  # (Chinese, non-ASCII, codec)
    for enc in _STRICT_CJK:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk, wide = _cjk_tally(text)
        if wide and (best is None or cjk * best[1] > best[0] * wide):
            best = (cjk, wide, enc)
    if best is None:
        return "undecodable: no text encoding fits these bytes"
    n_cjk, n_wide, codec = best
    return (
        "undecodable: no text encoding reads these bytes as text (they decode as "
        f"{'Big5' if codec == 'big5' else 'GB18030'}, but only {n_cjk * 100 // n_wide}% of "
        f"the {n_wide} non-ASCII characters are then Chinese: bytes mangled into symbols)"
    )


LOST_BYTES_SHARE = 0.005
"""Broken sequences a legacy Chinese file may hold, per non-ASCII character, and still
be read (with U+FFFD where each was)."""


def _nearly_cjk(raw: bytes) -> Decoded | None:
    """A GB or Big5 file with a few broken two-byte sequences (a page cut between the
    two bytes of a character here and there): every strict decode fails, yet the rest
    is plain Chinese. It is read with U+FFFD for each broken sequence, which the
    lost-character rules then report where it is, rather than the whole file reported
    unreadable. Such a text never round-trips to the bytes read, so ``--fix`` never
    rewrites the file."""
    for enc in _STRICT_CJK:
        text = raw.decode(enc, errors="replace")
        lost = text.count("\ufffd")
        cjk, wide = _cjk_tally(text)
        wide -= lost  # what was read: the rest must be plain Chinese
        if wide and lost <= LOST_BYTES_SHARE * wide and cjk >= 0.8 * wide:
            return Decoded(text, enc, 0.3, [], False)
    return None


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


def _sidecar(path: Path, known: bool | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """The sidecar's metadata, or an error; ``known`` False: the file was read with none
    beside it (``Unit.sidecar``), so none is looked for."""
    if known is False:
        return None, None
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return None, None
    try:
        if side.stat().st_size > MAX_YAML_BYTES:
            raise YamlError(f"{side.stat().st_size} bytes is over the {MAX_YAML_BYTES}-byte limit")
        data = load_yaml_text(side.read_text(encoding="utf-8"), str(side.name))
    except (OSError, UnicodeDecodeError, YamlError) as exc:
        return None, f"sidecar {side.name}: {exc}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"sidecar {side.name}: not a YAML mapping"
    return data, None


def _read_jsonl(sf: SourceFile, text: str, opts: SourceOptions) -> None:
    """JSONL that had to be decoded whole (UTF-16/32 with a BOM): one record per line."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            _parse_json_line(sf, lineno, line, opts)


# ---------------------------------------------------------------------------------------
# Streaming: units of work

BATCH_RECORDS = 128
"""Lines (JSONL) or rows (Parquet) per batch: the unit of work, of caching and of sharding."""
BATCH_BYTES = 1024 * 1024
"""A JSONL batch also ends once it holds this many bytes, so huge records make small batches."""
READ_CHUNK = 1 << 20
MAX_EXPANSION = 200
"""A compressed JSONL stream may expand to ``max-file-bytes`` or to this many times its
stored size, whichever is more. Text compresses 3-10 times; a bomb (a few KB of gzip or
zstd that expand to many GB) is stopped there with SL003 instead of being linted for
hours."""

_COMPRESSION = {".gz": "gzip", ".zst": "zstd"}
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

Select = Callable[[str, int], bool]
"""``select(rel, seq)``: whether this run handles unit ``seq`` of file ``rel`` (sharding)."""


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix`` of a file name, without building a path (once per
    file and stage)."""
    if "/" in name:
        return PurePosixPath(name).suffix
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def split_suffix(name: str) -> tuple[str, str | None]:
    """(format suffix, compression) of a file name: ``a.jsonl.gz`` gives (".jsonl", "gzip")."""
    lower = name.lower()
    for ext, comp in _COMPRESSION.items():
        if lower.endswith(ext):
            return _suffix(lower[: -len(ext)]), comp
    return _suffix(lower), None


@dataclass
class Unit:
    """A piece of the corpus, read but not parsed: one file, or one batch of its records."""

    rel: str
    path: Path
    seq: int
    """Position of the unit in its file (0 for a plain file); (rel, seq) orders a run."""
    kind: str
    """``file`` (``data``: the bytes as stored), ``jsonl`` (``records``: line number and
    line bytes), ``rows`` (``records``: row number and row dict) or ``problem`` (only
    ``problems``)."""
    data: bytes | None = None
    records: list[tuple[int, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: str | None = None
    """SHA-256 of the stored file, when known at read time (plain files)."""
    encoding: str | None = None
    digest: str = ""
    """Hash of everything parsing and linting the unit depends on ("" = do not cache)."""
    size: int = 0
    """Bytes read for the unit (decompressed), for batching and memory budgets."""
    sidecar: bool | None = None
    """A plain file: whether a sidecar was beside it when it was read (None: not known)."""


class HashingStream(io.RawIOBase):
    """The SHA-256 of the bytes passing through a file, read or written: a decompressor
    reads stored bytes through it (one pass for both), a compressor writes through it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self.fh.read(len(buf))
        n = len(data)
        buf[:n] = data
        self.hash.update(data)
        return n

    def write(self, data: Any) -> int:
        b = bytes(data)
        self.hash.update(b)
        self.fh.write(b)
        return len(b)


class _ReadError(Exception):
    pass


def _read_errors() -> tuple[type[BaseException], ...]:
    errs: list[type[BaseException]] = [OSError, EOFError, zlib.error, ValueError, _ReadError]
    try:
        import zstandard

        errs.append(zstandard.ZstdError)
    except ImportError:
        pass
    return tuple(errs)


_ZSTD_MAGIC = 0xFD2FB528
_ZSTD_DICT_ID_BYTES = (0, 1, 2, 4)
_ZSTD_FCS_BYTES = (0, 2, 4, 8)


def _zstd_truncation(fh: IO[bytes]) -> str | None:
    """Why a zstd stream is cut short, or None when its frames end where the file ends.

    The zstandard stream reader ends quietly at the end of its input, even inside a
    frame: half a ``.zst`` read as an empty or shortened document (a truncated ``.gz``
    raises). The frame and block headers (RFC 8878) say where each frame ends; walking
    them seeks past the blocks, so this reads a few bytes per 128 KB block. Anything
    that is not a zstd frame is left to the decompressor, which reports it."""
    start = fh.tell()
    try:
        while True:
            head = fh.read(4)
            if not head:
                return None
            if len(head) < 4:
                return "truncated zstd stream: the file ends inside a frame header"
            magic = int.from_bytes(head, "little")
            if magic & 0xFFFFFFF0 == 0x184D2A50:  # a skippable frame
                size = fh.read(4)
                if len(size) < 4:
                    return "truncated zstd stream: the file ends inside a frame header"
                if not _skip(fh, int.from_bytes(size, "little")):
                    return "truncated zstd stream: the file ends inside a skippable frame"
                continue
            if magic != _ZSTD_MAGIC:
                return None
            desc = fh.read(1)
            if not desc:
                return "truncated zstd stream: the file ends inside a frame header"
            d = desc[0]
            single_segment = bool(d & 0x20)
            fcs = _ZSTD_FCS_BYTES[d >> 6] or (1 if single_segment else 0)
            header = (0 if single_segment else 1) + _ZSTD_DICT_ID_BYTES[d & 3] + fcs
            if not _skip(fh, header):
                return "truncated zstd stream: the file ends inside a frame header"
            while True:
                block = fh.read(3)
                if len(block) < 3:
                    return "truncated zstd stream: the file ends before the frame's last block"
                b = int.from_bytes(block, "little")
                stored = 1 if (b >> 1) & 3 == 1 else b >> 3  # an RLE block holds one byte
                if not _skip(fh, stored):
                    return "truncated zstd stream: the file ends inside a block"
                if b & 1:
                    break
            if d & 0x04 and not _skip(fh, 4):
                return "truncated zstd stream: the file ends inside the frame's checksum"
    finally:
        fh.seek(start)


def _skip(fh: IO[bytes], n: int) -> bool:
    """Seek ``n`` bytes on; whether the file holds them."""
    if n == 0:
        return True
    here = fh.tell()
    end = fh.seek(0, io.SEEK_END)
    if here + n > end:
        return False
    fh.seek(here + n)
    return True


def _stream(fh: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=fh, mode="rb"))
    if compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise _ReadError(
                "reading .zst files needs the zstandard package (pip install 'seedlint[zstd]')"
            ) from None
        if fh.seekable() and (why := _zstd_truncation(fh)):
            raise _ReadError(why)
        reader = zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True)
        return io.BufferedReader(reader, READ_CHUNK)
    return fh


class _TooLarge(Exception):
    pass


def _decompress(data: bytes, compression: str, limit: int) -> bytes:
    """Decompress at most ``limit`` bytes; a bomb or an oversized file stops there."""
    with _stream(io.BytesIO(data), compression) as fh:
        out = fh.read(limit + 1)
    if len(out) > limit:
        raise _TooLarge
    return out


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()  # a cache key; SHA-256 runs in hardware
    for p in parts:
        b = p.encode() if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _problem_unit(rel: str, path: Path, seq: int, code: str, message: str) -> Unit:
    return Unit(rel, path, seq, "problem", problems=[Problem(rel, code, message)])


class SidecarNames:
    """The sidecar names of each folder, listed once: most files have no sidecar, and
    asking the file system for each file's (twice: when it is read, when it is parsed)
    cost a folder of short bulletins two system calls per document. A folder that
    cannot be listed is asked file by file, as before."""

    def __init__(self) -> None:
        self._folders: dict[str, frozenset[str] | None] = {}

    def absent(self, path: Path) -> bool:
        """Whether ``path`` certainly has no sidecar (False: it may have one)."""
        folder = os.path.dirname(path) or "."
        names = self._folders.get(folder, _UNLISTED_FOLDER)
        if names is _UNLISTED_FOLDER:
            try:
                names = frozenset(n for n in os.listdir(folder) if n.endswith(SIDECAR_SUFFIX))
            except OSError:
                names = None
            self._folders[folder] = names
        return names is not None and path.name + SIDECAR_SUFFIX not in names


_UNLISTED_FOLDER: Any = object()


def _file_unit(
    path: Path,
    rel: str,
    compression: str | None,
    opts: SourceOptions,
    no_sidecar: bool = False,
) -> Unit:
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            return _problem_unit(
                rel,
                path,
                0,
                "SL003",
                f"file is {size} bytes, over the {opts.max_bytes}-byte "
                "limit (max-file-bytes); not read",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return _problem_unit(rel, path, 0, "SL001", f"cannot read file: {exc.strerror}")
    # False only when there is certainly none: parsing then does not look for one.
    sidecar: bool | None = False if no_sidecar else None
    if no_sidecar:
        side_raw = b""
    else:
        side = path.with_name(path.name + SIDECAR_SUFFIX)
        try:
            if side.is_file():
                side_raw = side.read_bytes()
            else:
                side_raw, sidecar = b"", False
        except OSError:
            side_raw = b"?"
    return Unit(
        rel,
        path,
        0,
        "file",
        data=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        digest=_digest("file", raw, side_raw),
        size=len(raw),
        sidecar=sidecar,
    )


def _peek(path: Path, compression: str | None) -> bytes:
    try:
        with path.open("rb") as raw, _stream(raw, compression) as fh:
            return fh.read(4)
    except _read_errors():
        return b""


def _jsonl_units(
    path: Path,
    rel: str,
    compression: str | None,
    opts: SourceOptions,
    select: Select | None,
    file_sha: dict[str, str],
) -> Iterator[Unit]:
    """Batches of lines, read in bounded memory: an over-long line is skipped, not held."""
    limit = opts.max_bytes
    seq = 0
    lineno = 0
    total = 0
    encoding = "utf-8"
    batch: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    lines_in_batch = 0
    bytes_in_batch = 0
    digest = hashlib.sha256()  # a cache key; SHA-256 runs in hardware
    keep = select is None or select(rel, 0)
    yielded = False

    def unit() -> Unit:
        return Unit(
            rel,
            path,
            seq,
            "jsonl",
            records=batch,
            problems=problems,
            encoding=encoding,
            digest=digest.hexdigest(),
            size=bytes_in_batch,
        )

    budget: int | None = None
    try:
        if compression is not None:
            budget = max(limit, MAX_EXPANSION * path.stat().st_size)
        with path.open("rb") as rawfh:
            if compression == "zstd" and (why := _zstd_truncation(rawfh)):
                raise _ReadError(why)  # the hashing reader below cannot seek
            hasher = HashingStream(rawfh)
            buffered = io.BufferedReader(hasher, READ_CHUNK)
            with _stream(buffered, compression) as fh:
                while True:
                    line = fh.readline(limit + 1)
                    if not line:
                        break
                    lineno += 1
                    if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                        line = line[3:]
                        encoding = "utf-8-sig"
                    size = len(line)
                    if size > limit and not line.endswith(b"\n"):
                        while not line.endswith(b"\n"):
                            line = fh.readline(READ_CHUNK)
                            if not line:
                                break
                            size += len(line)
                        if keep:
                            problems.append(
                                Problem(
                                    rel,
                                    "SL003",
                                    f"record on line {lineno} is {size} bytes, over the "
                                    f"{limit}-byte limit (max-file-bytes); not read",
                                    doc_id=f"{rel}#{lineno}",
                                    line=lineno,
                                )
                            )
                            digest.update(f"{lineno}:{size}:too-large\n".encode())
                    elif keep:
                        batch.append((lineno, line))
                        digest.update(f"{lineno}:".encode())
                        digest.update(line)
                    total += size
                    if budget is not None and total > budget:
                        raise _ReadError(
                            f"it decompresses to over {budget} bytes (more than "
                            f"{MAX_EXPANSION} times its size and over max-file-bytes): "
                            "a compression bomb? the rest is not read"
                        )
                    lines_in_batch += 1
                    bytes_in_batch += size
                    if lines_in_batch >= BATCH_RECORDS or bytes_in_batch >= BATCH_BYTES:
                        if keep:
                            yield unit()
                            yielded = True
                        seq += 1
                        keep = select is None or select(rel, seq)
                        batch, problems = [], []
                        lines_in_batch = bytes_in_batch = 0
                        digest = hashlib.sha256()  # a cache key; SHA-256 runs in hardware
                # the stream is read to its end, so the hash covers the whole file
                while hasher.read(READ_CHUNK):
                    pass
    except _read_errors() as exc:
        if keep and (batch or problems):
            yield unit()
            seq += 1
            keep = select is None or select(rel, seq)
        if keep:
            msg = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            if budget is not None and total > budget:
                yield _problem_unit(rel, path, seq, "SL003", f"stopped reading: {msg}")
            else:
                yield _problem_unit(rel, path, seq, "SL001", f"cannot read file: {msg}")
        return
    file_sha[rel] = hasher.hash.hexdigest()
    if total == 0:
        if keep:
            yield _problem_unit(rel, path, seq, "SL005", "empty document")
        return
    if keep and (batch or problems or (seq == 0 and not yielded)):
        yield unit()


def _parquet_units(
    path: Path, rel: str, select: Select | None, file_sha: dict[str, str]
) -> Iterator[Unit]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        if select is None or select(rel, 0):
            yield _problem_unit(
                rel,
                path,
                0,
                "SL001",
                "reading Parquet files needs pyarrow (pip install 'seedlint[parquet]')",
            )
        return
    seq = 0
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(READ_CHUNK), b""):
                h.update(chunk)
        sha = h.hexdigest()
        pf = pq.ParquetFile(path)
        rowno = 0
        for batch in pf.iter_batches(batch_size=BATCH_RECORDS):
            if select is None or select(rel, seq):
                rows = batch.to_pylist()
                yield Unit(
                    rel,
                    path,
                    seq,
                    "rows",
                    records=[(rowno + i + 1, r) for i, r in enumerate(rows)],
                    digest=_digest("rows", sha, str(seq)),
                    size=int(batch.nbytes),
                )
            rowno += batch.num_rows
            seq += 1
    except (*_read_errors(), pa.ArrowException) as exc:
        if select is None or select(rel, seq):
            yield _problem_unit(rel, path, seq, "SL001", f"cannot read Parquet file: {exc}")
        return
    file_sha[rel] = sha
    if seq == 0 and (select is None or select(rel, 0)):
        yield Unit(rel, path, 0, "rows", digest=_digest("rows", sha, "0"))


def iter_units(
    files: list[Path],
    root: Path,
    opts: SourceOptions,
    select: Select | None = None,
    file_sha: dict[str, str] | None = None,
) -> Iterator[Unit]:
    """The units of ``files`` in run order; ``file_sha`` receives streamed files' SHA-256.

    Every file yields at least one unit (to the run that ``select`` gives its unit 0),
    so a file without records is still reported.
    """
    shas = file_sha if file_sha is not None else {}
    name = RelNamer(root)
    sidecars = SidecarNames()
    for path in files:
        rel = name(path)
        fmt, compression = split_suffix(path.name)
        unsafe = unsafe_path(path, root)
        shown = printable_name(rel)
        if shown != rel:
            if select is None or select(shown, 0):
                yield _problem_unit(
                    shown,
                    path,
                    0,
                    "SL001",
                    f"the file name is not UTF-8 ({shown}): not read; rename it so that "
                    "reports, the manifest and other tools can name it",
                )
        elif unsafe is not None:
            if select is None or select(rel, 0):
                yield _problem_unit(rel, path, 0, *unsafe)
        elif fmt == ".parquet" and compression is None:
            yield from _parquet_units(path, rel, select, shas)
        elif fmt == ".jsonl" and not _peek(path, compression).startswith(_WIDE_BOMS):
            yield from _jsonl_units(path, rel, compression, opts, select, shas)
        elif select is None or select(rel, 0):
            yield _file_unit(path, rel, compression, opts, sidecars.absent(path))


def _parse_file(sf: SourceFile, unit: Unit, opts: SourceOptions) -> None:
    raw = unit.data or b""
    rel, path = unit.rel, unit.path
    fmt, compression = split_suffix(path.name)
    if compression:
        try:
            raw = _decompress(raw, compression, opts.max_bytes)
        except _TooLarge:
            sf.problems.append(
                Problem(
                    rel,
                    "SL003",
                    f"file decompresses to over the {opts.max_bytes}-byte limit "
                    "(max-file-bytes); not read",
                )
            )
            return
        except _read_errors() as exc:
            sf.problems.append(Problem(rel, "SL001", f"cannot decompress file: {exc}"))
            return
    if not raw:
        sf.problems.append(Problem(rel, "SL005", "empty document"))
        return
    if looks_binary(raw):
        sf.problems.append(Problem(rel, "SL002", "binary file (NUL bytes, no text encoding fits)"))
        return
    dec = decode(raw)
    if dec is None:
        sf.problems.append(Problem(rel, "SL001", undecodable_message(raw)))
        return
    sf.encoding = dec.encoding
    if fmt == ".jsonl":
        _read_jsonl(sf, dec.text, opts)
        return
    if not dec.text.strip():
        # spaces and line ends only: as empty as a zero-byte file, and as much a failed scrape
        sf.problems.append(Problem(rel, "SL005", "empty document (whitespace only)"))
        return
    if fmt in HTML_SUFFIXES and looks_like_html(dec.text):
        _read_html(sf, path, dec, raw, compression, unit.sidecar)
        return
    meta, body_offset, line_offset, fm_error = split_front_matter(dec.text)
    if fm_error:
        sf.problems.append(Problem(rel, "SL006", f"front matter ignored: {fm_error}"))
    side, side_error = _sidecar(path, unit.sidecar)
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
            # a compressed file is reported, never rewritten (the fixer writes plain bytes)
            container="file" if compression is None else "compressed",
        )
    )


def _read_html(
    sf: SourceFile,
    path: Path,
    dec: Decoded,
    raw: bytes,
    compression: str | None,
    sidecar: bool | None = None,
) -> None:
    """An HTML page: its text nodes are the document, its ``<meta>`` tags metadata under
    a sidecar's (what a person wrote down wins over what the page says about itself)."""
    page = extract_html(dec.text)
    side, side_error = _sidecar(path, sidecar)
    if side_error:
        sf.problems.append(Problem(sf.path, "SL006", side_error))
    metadata: dict[str, Any] = dict(page.metadata)
    if side:
        metadata.update(side)
    sf.documents.append(
        Document(
            path=sf.path,
            text=page.text,
            metadata=metadata,
            encoding=dec.encoding,
            encoding_confidence=dec.confidence,
            encoding_alternatives=dec.alternatives,
            had_bom=dec.had_bom,
            raw=raw,
            container="html",  # never rewritten, compressed or not: markup is not edited
            source_map=page.map,
        )
    )


def _record_document(
    sf: SourceFile, rec: Any, number: int, what: str, container: str, opts: SourceOptions
) -> None:
    doc_id = f"{sf.path}#{number}"
    line = number if container == "jsonl" else 1
    if not isinstance(rec, dict) or not isinstance(rec.get(opts.text_field), str):
        sf.problems.append(
            Problem(
                sf.path,
                "SL004",
                f"{what} has no string field {opts.text_field!r}",
                doc_id=doc_id,
                line=line,
            )
        )
        return
    text: str = rec[opts.text_field]
    if not text.strip():
        # a record whose scrape came back empty is a missing document, like an empty file
        if opts.id_field in rec:
            doc_id = f"{sf.path}#{rec[opts.id_field]}"
        what_text = "empty" if not text else "whitespace-only"
        sf.problems.append(
            Problem(sf.path, "SL005", f"{what} has {what_text} text", doc_id=doc_id, line=line)
        )
        return
    if container != "jsonl" and len(text) * 4 > opts.max_bytes:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > opts.max_bytes:
            sf.problems.append(
                Problem(
                    sf.path,
                    "SL003",
                    f"{what} holds {size} bytes of text, over the {opts.max_bytes}-byte "
                    "limit (max-file-bytes); not read",
                    doc_id=doc_id,
                    line=line,
                )
            )
            return
    meta = {k: v for k, v in rec.items() if k != opts.text_field}
    if opts.id_field in rec:
        doc_id = f"{sf.path}#{rec[opts.id_field]}"
    sf.documents.append(
        Document(
            path=sf.path,
            text=text,
            doc_id=doc_id,
            metadata=meta,
            line_offset=0,
            container=container,
            record=number,
        )
    )


def _parse_jsonl_lines(sf: SourceFile, records: list[tuple[int, Any]], opts: SourceOptions) -> None:
    for lineno, raw in records:
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            dec = decode(raw)
            if dec is None:
                sf.problems.append(
                    Problem(
                        sf.path,
                        "SL004",
                        "JSONL line is not UTF-8 and no text encoding fits it",
                        doc_id=f"{sf.path}#{lineno}",
                        line=lineno,
                    )
                )
                continue
            line = dec.text
            sf.encoding = dec.encoding
        _parse_json_line(sf, lineno, line, opts)


def _parse_json_line(sf: SourceFile, lineno: int, line: str, opts: SourceOptions) -> None:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        sf.problems.append(
            Problem(
                sf.path,
                "SL004",
                f"malformed JSONL line: {exc.msg} (column {exc.colno})",
                doc_id=f"{sf.path}#{lineno}",
                line=lineno,
                column=exc.colno,
            )
        )
        return
    except (ValueError, RecursionError) as exc:
        # json lets these through: an integer of more than 4300 digits, arrays nested
        # thousands deep
        msg = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        sf.problems.append(
            Problem(
                sf.path,
                "SL004",
                f"malformed JSONL line: {msg}",
                doc_id=f"{sf.path}#{lineno}",
                line=lineno,
            )
        )
        return
    _record_document(sf, rec, lineno, "JSONL record", "jsonl", opts)


def parse_unit(unit: Unit, opts: SourceOptions) -> SourceFile:
    """Decode a unit into documents (and problems). Pure: safe to run in a worker."""
    sf = SourceFile(path=unit.rel, abspath=unit.path, sha256=unit.sha256, encoding=unit.encoding)
    sf.problems.extend(unit.problems)
    if unit.kind == "file":
        _parse_file(sf, unit, opts)
    elif unit.kind == "jsonl":
        _parse_jsonl_lines(sf, unit.records, opts)
    elif unit.kind == "rows":
        for rowno, row in unit.records:
            _record_document(sf, row, rowno, f"Parquet row {rowno}", "parquet", opts)
    return sf


def read_file(path: Path, root: Path, opts: SourceOptions) -> SourceFile:
    """Every document of one file, in memory (the streaming path is ``iter_units``)."""
    rel = relpath(path, root)
    shas: dict[str, str] = {}
    out = SourceFile(path=rel, abspath=path)
    for unit in iter_units([path], root, opts, file_sha=shas):
        sf = parse_unit(unit, opts)
        out.documents.extend(sf.documents)
        out.problems.extend(sf.problems)
        out.encoding = out.encoding or sf.encoding
        out.sha256 = out.sha256 or sf.sha256
    out.sha256 = out.sha256 or shas.get(rel)
    if out.documents and out.encoding is None:
        out.encoding = "utf-8"
    return out


def iter_sources(files: list[Path], root: Path, opts: SourceOptions) -> Iterator[SourceFile]:
    for f in files:
        yield read_file(f, root, opts)
