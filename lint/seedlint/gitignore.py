"""Files git ignores are not part of the corpus, as in ruff.

A folder walk skips what ``.gitignore`` (and ``.git/info/exclude``, the global excludes
file) ignores: scraper scratch output, downloads in progress, editor backups. git
itself answers (``git check-ignore``), so every ignore rule (negations, nested
``.gitignore`` files, ``**``) means exactly what it means to git. Outside a git work
tree, or without git, nothing is ignored. A file named on the command line is read
whatever git says, as ruff does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def git_ignored(folder: Path, files: list[Path]) -> set[Path]:
    """The members of ``files`` (found under ``folder``) that git ignores."""
    if not files or shutil.which("git") is None:
        return set()
    try:
        res = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-z", "--stdin"],
            # fsencode: a file name that is not UTF-8 goes to git as the bytes it is
            input=b"\0".join(os.fsencode(f.absolute()) for f in files),
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if res.returncode != 0:  # 1: nothing ignored; 128: not a work tree
        return set()
    out = {os.fsdecode(p) for p in res.stdout.split(b"\0") if p}
    # Absolute, not resolved: a symlink loop must not raise here (it is reported when read).
    return {f for f in files if str(f.absolute()) in out}
