"""This repository works as a pre-commit hook in another repository.

A throwaway git repository points its .pre-commit-config.yaml at this repository at
HEAD; a commit of a bad document is refused by ``seedlint``, and ``seedlint-fix``
repairs it. pre-commit builds the hook's own virtualenv from this repository, as
any user's machine would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import USER_RULES

REPO = Path(__file__).resolve().parent.parent


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, text=True, capture_output=True, check=check
    )


def _head() -> str | None:
    res = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, text=True, capture_output=True, check=False
    )
    return res.stdout.strip() if res.returncode == 0 else None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_commit_is_refused_then_seedlint_fix_repairs_the_document(tmp_path: Path) -> None:
    rev = _head()
    if rev is None:
        pytest.skip("this checkout has no commit to install the hook from")
    work = tmp_path / "corpus"
    work.mkdir()
    _git(work, "init", "-q", "-b", "main")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: seedlint\n      - id: seedlint-fix\n        stages: [manual]\n",
        encoding="utf-8",
    )
    (work / "rules").mkdir()
    (work / "rules" / "user.yaml").write_text(USER_RULES, encoding="utf-8")
    (work / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [rules]\npaths: [.]\n", "utf-8"
    )
    (work / "doc.txt").write_text("the colour of money\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    pc = [sys.executable, "-m", "pre_commit"]
    inst = subprocess.run(
        [*pc, "install"], cwd=work, text=True, capture_output=True, env=env, check=False
    )
    assert inst.returncode == 0, inst.stderr
    _git(work, "add", "-A")
    commit = subprocess.run(
        ["git", "commit", "-qm", "add doc"],
        cwd=work,
        text=True,
        capture_output=True,
        env={
            **env,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
        check=False,
    )
    out = commit.stdout + commit.stderr
    if "Could not find a version" in out or "Failed to establish" in out:
        pytest.skip("the hook's virtualenv could not be built (no package index)")
    assert commit.returncode != 0, out
    assert "T201" in out and "doc.txt:1:5" in out
    assert _git(work, "rev-parse", "HEAD", check=False).returncode != 0, "nothing committed"

    fix = subprocess.run(
        [*pc, "run", "seedlint-fix", "--hook-stage", "manual", "--files", "doc.txt"],
        cwd=work,
        text=True,
        capture_output=True,
        env=env,
        check=False,
    )
    assert (work / "doc.txt").read_text(encoding="utf-8") == "the color of money\n", fix.stdout
    _git(work, "add", "-A")
    again = _git(work, "commit", "-qm", "add fixed doc", check=False)
    assert again.returncode == 0, again.stdout + again.stderr
