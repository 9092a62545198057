"""``seedlint - --stdin-filename NAME``: lint one document read from stdin.

Editors and other tools pipe a buffer in, as with ``ruff check -``. The document is
linted as if it were the file NAME (so ``include``/``exclude``, ``per-file-ignores`` and
path-scoped rules apply), but it is never looked for on disk: its sidecar, the cache
and the corpus manifest are left out. With ``--fix`` (or ``--diff``) the fixed text (or
the diff) goes to stdout and the findings that remain to stderr, as ruff does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path, PurePosixPath

from seedlint.config import Config


def check_stdin(ns: argparse.Namespace, cfg: Config) -> int:
    from seedlint import cli

    if [str(p) for p in ns.paths] != ["-"]:
        raise cli.UsageError("`-` (stdin) is the only path when reading stdin")
    name = ns.stdin_filename or "stdin.txt"
    rel = PurePosixPath(Path(name).as_posix())
    if rel.is_absolute():
        try:
            rel = PurePosixPath(Path(name).resolve().relative_to(Path.cwd().resolve()).as_posix())
        except ValueError:
            rel = PurePosixPath(rel.name)
    if ".." in rel.parts or not rel.parts:
        raise cli.UsageError(f"--stdin-filename {name!r}: give a path inside the project")
    if ns.shard or ns.dask or ns.write_baseline:
        raise cli.UsageError("stdin is linted alone: no --shard, --dask or --write-baseline")
    data = sys.stdin.buffer.read()
    cfg = cfg.model_copy(update={"manifest": None})
    fixing = ns.fix and not ns.diff
    with tempfile.TemporaryDirectory(prefix="seedlint-stdin-") as tmp:
        root = Path(tmp)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        ns.no_cache = True
        ns.no_progress = True
        out = sys.stdout
        if fixing:
            sys.stdout = sys.stderr  # the report goes to stderr, the fixed text to stdout
        try:
            code = cli.run_at(ns, cfg, [path], root)
        finally:
            sys.stdout = out
        if fixing:
            sys.stdout.flush()
            sys.stdout.buffer.write(path.read_bytes())
    return code
