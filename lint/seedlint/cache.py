"""The result cache: unchanged input is not linted again.

An entry is one unit's result (a file, or a batch of JSONL/Parquet records): its
findings, document reports, the data it collected for the corpus passes and the facts
its detectors extracted. The key hashes the unit's content and place (path, batch) with
a namespace that changes whenever anything else the result depends on changes:

* ``RuleSet.digest()``: seedlint's version, the whole config, every rule file and its
  lexicons;
* the content of every other file under the rule folders, and of every file a user
  rule names in its params wherever it lies (a word list kept outside the rule folder):
  content, not size and mtime, which a checkout or a copy can keep while the words change;
* today's date when a rule compares with the day of the run (P107: a date "in the
  future" is not in the future any more the day after);
* seedlint's own source files (size and mtime), so editing a detector invalidates;
* the manifest file's content and the config folder (both reach the detectors).

So invalidation is by construction: a changed rule or config gives other keys, and the
old entries are simply not found (and pruned after a week unused). Entries are encoded
with ``datacodec`` (corpus data is whatever a detector's ``collect`` returns: plain data
and seedlint record types, by contract) into one SQLite file, so a cache directory is
safe to share between concurrent runs. The cache is only an accelerator: any error
disables it for the run, it never fails one.

Trust: a corpus that takes contributions is hostile input, and so is anything committed
beside it. So the cache is data, never code (an entry that is not what ``datacodec``
writes is a miss, and nothing in it is ever called), it lives in the user's cache folder
(``$XDG_CACHE_HOME/seedlint/projects/...``), not in the repository, and a cache folder
that git tracks is refused: a contributor must not be able to feed a CI run its results.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import seedlint
from seedlint import datacodec
from seedlint.config import Config
from seedlint.engine import RuleSet, config_digest
from seedlint.manifest import journal_path
from seedlint.parallel import Cacheish, UnitResult
from seedlint.registry import LoadContext
from seedlint.rules import RuleError, builtin_rules_dir, rule_files
from seedlint.sources import Unit
from seedlint.yamlsafe import YamlError, load_yaml_file

DB_NAME = "results-v2.sqlite"
"""v2: entries are ``datacodec`` data (v1 held pickles and is never read)."""
PRUNE_AFTER_S = 7 * 24 * 3600
FLUSH_EVERY = 256


DATE_DEPENDENT = (b"implausible-date",)
"""Checks named in a rule file whose results depend on the day of the run."""
MAX_PATH_CHARS = 4096


def _today() -> str:
    """The day of the run, as the date-dependent checks take it (local time)."""
    return dt.date.today().isoformat()


def _tree_content(h: Any, root: Path) -> None:
    """Every file under ``root`` by path and content (a SHA-256 per file)."""
    if not root.exists():
        return
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for p in files:
        if "__pycache__" in p.parts:
            continue
        _file_content(h, p)


def _file_content(h: Any, p: Path) -> None:
    fh = hashlib.sha256()
    with p.open("rb") as f:
        while chunk := f.read(1 << 20):
            fh.update(chunk)
    h.update(f"{p.as_posix()}\0{fh.hexdigest()}\n".encode())


def _strings(value: Any) -> list[str]:
    """The strings anywhere in a rule's params (file names hide in lists and mappings)."""
    out: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def _named_files(rule_file: Path) -> list[Path]:
    """The files a rule file's params name (resolved as detectors resolve them, relative
    to the rule file's folder), wherever they lie. A broken rule file names none: loading
    it reports the error."""
    try:
        data = load_yaml_file(rule_file)
    except YamlError:
        return []
    rules = data.get("rules") if isinstance(data, dict) else None
    found: set[Path] = set()
    for rule in rules if isinstance(rules, list) else []:
        params = rule.get("params") if isinstance(rule, dict) else None
        for s in _strings(params):
            if not s or len(s) > MAX_PATH_CHARS or "\0" in s:
                continue
            p = LoadContext(rule_file).resolve(s)
            with contextlib.suppress(OSError, ValueError):
                if p.is_file():
                    found.add(p)
    return sorted(found)


def _tree_fingerprint(h: Any, root: Path, pattern: str = "*") -> None:
    if not root.exists():
        return
    files = [root] if root.is_file() else sorted(p for p in root.rglob(pattern) if p.is_file())
    for p in files:
        if "__pycache__" in p.parts:
            continue
        st = p.stat()
        h.update(f"{p.as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """seedlint's source files as this process imported them (taken once: code that is
    edited after import is not the code that produced this process's results)."""
    h = hashlib.sha256()
    _tree_fingerprint(h, Path(seedlint.__file__).parent, "*.py")
    return h.hexdigest()


def namespace(ruleset: RuleSet | Config) -> str:
    """Everything besides a unit's content that its result depends on (a config is
    enough: the rule files are read, not loaded)."""
    cfg = ruleset.cfg if isinstance(ruleset, RuleSet) else ruleset
    h = hashlib.sha256(config_digest(cfg).encode())
    h.update(str(cfg.base_dir).encode())
    h.update(_code_fingerprint().encode())
    dirs = ([builtin_rules_dir()] if cfg.builtin_rules else []) + [
        cfg.resolve(p) for p in cfg.rules
    ]
    for d in dirs:
        _tree_content(h, d)
    user = [cfg.resolve(p) for p in cfg.rules]
    with contextlib.suppress(RuleError):
        for f in rule_files(user):
            for p in _named_files(f):
                _file_content(h, p)
    with contextlib.suppress(RuleError):
        for f in rule_files(dirs):
            text = f.read_bytes()
            if any(m in text for m in DATE_DEPENDENT):
                h.update(b"\0today\0" + _today().encode())
                break
    if cfg.manifest:
        mp = cfg.resolve(cfg.manifest)
        h.update(mp.read_bytes() if mp.is_file() else b"<no manifest>")
        jp = journal_path(mp)  # folded into the manifest by every reader
        h.update(b"\0journal\0" + (jp.read_bytes() if jp.is_file() else b""))
    return h.hexdigest()[:32]


def default_directory(base_dir: Path) -> Path:
    """The project's folder in the user's cache (XDG): outside the repository, so
    nothing a contributor commits is ever read as a cached result."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    resolved = base_dir.resolve()
    tag = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in resolved.name)[:40]
    return root / "seedlint" / "projects" / f"{name or 'root'}-{tag}"


_OWN_IGNORE = "# written by seedlint: never commit the cache"


def _git_top(directory: Path) -> Path | None:
    here = directory.absolute()
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return d
    return None


def tracked_by_git(directory: Path) -> bool:
    """Whether git tracks anything in ``directory``: then it came with the checkout and
    may have been written by anyone who can open a pull request. When git cannot say
    (not installed, or it refuses the repository), a folder seedlint did not create is
    taken as tracked."""
    top = _git_top(directory)
    if top is None or not directory.exists():
        return False
    try:
        proc = subprocess.run(
            ["git", "-C", str(top), "ls-files", "-z", "--", str(directory.absolute())],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        proc = None
    if proc is not None and proc.returncode == 0:
        return bool(proc.stdout.strip(b"\0"))
    ignore = directory / ".gitignore"
    try:
        return not ignore.read_text(encoding="utf-8").startswith(_OWN_IGNORE)
    except (OSError, UnicodeDecodeError):
        return True


def usable_directory(directory: Path) -> Path | None:
    """``directory``, or None (with a warning) when it must not be used as a cache."""
    if tracked_by_git(directory):
        print(
            f"seedlint: warning: cache disabled: {directory} is tracked by git; a cache "
            "that comes with the checkout could hold anyone's results (use the default "
            "cache in the user's cache folder, or an untracked --cache-dir)",
            file=sys.stderr,
        )
        return None
    return directory


class Cache(Cacheish):
    def __init__(self, directory: Path, ns: str) -> None:
        self.directory = directory
        self.ns = ns
        self.hits = 0
        self.misses = 0
        self.stores = 0
        self._pending: list[tuple[str, str, bytes, float]] = []
        self._broken = False
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text(f"{_OWN_IGNORE}\n*\n")
        tag = directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This directory is a cache of seedlint results (https://bford.info/cachedir/)\n"
            )
        self.db = sqlite3.connect(directory / DB_NAME, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS entries "
            "(key TEXT PRIMARY KEY, ns TEXT NOT NULL, used REAL NOT NULL, value BLOB NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS namespaces (ns TEXT PRIMARY KEY, used REAL NOT NULL)"
        )
        now = time.time()
        self.db.execute("INSERT OR REPLACE INTO namespaces (ns, used) VALUES (?, ?)", (ns, now))
        stale = [
            r[0]
            for r in self.db.execute(
                "SELECT ns FROM namespaces WHERE used < ?", (now - PRUNE_AFTER_S,)
            )
        ]
        for old in stale:
            self.db.execute("DELETE FROM entries WHERE ns = ?", (old,))
            self.db.execute("DELETE FROM namespaces WHERE ns = ?", (old,))

    @classmethod
    def open(cls, directory: Path, ruleset: RuleSet) -> Cache | None:
        """The cache for this rule set, or None (with a warning) if it cannot be used."""
        try:
            return cls(directory, namespace(ruleset))
        except (OSError, sqlite3.Error) as exc:
            print(f"seedlint: warning: cache disabled ({directory}): {exc}", file=sys.stderr)
            return None

    def key(self, unit: Unit) -> str | None:
        if not unit.digest:
            return None
        raw = f"{self.ns}\0{unit.rel}\0{unit.seq}\0{unit.kind}\0{unit.digest}"
        return hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()

    def lookup(self, unit: Unit) -> UnitResult | None:
        key = self.key(unit)
        if key is None or self._broken:
            return None
        try:
            row = self.db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                self.misses += 1
                return None
            res = datacodec.loads(row[0])
        except (sqlite3.Error, datacodec.DecodeError):
            self.misses += 1
            return None
        if not isinstance(res, UnitResult):
            self.misses += 1
            return None
        self.hits += 1
        return res

    def store(self, unit: Unit, result: UnitResult) -> None:
        key = self.key(unit)
        if key is None or self._broken:
            return
        value = result.cache_bytes()
        if value is None:
            return  # a detector collected something that is not data: just do not cache it
        self._pending.append((key, self.ns, value, time.time()))
        self.stores += 1
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self._pending or self._broken:
            return
        try:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO entries (key, ns, used, value) VALUES (?, ?, ?, ?)",
                [(k, ns, t, v) for k, ns, v, t in self._pending],
            )
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            self._broken = True
            print(f"seedlint: warning: cache disabled: {exc}", file=sys.stderr)
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def stats(self) -> dict[str, int]:
        return {"cache_hits": self.hits, "cache_misses": self.misses, "cache_stores": self.stores}
