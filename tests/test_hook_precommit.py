"""The pre-commit hooks as shipped in .pre-commit-hooks.yaml at HEAD, run by pre-commit.

Two throwaway git repositories each run this repository's hook definitions through
pre-commit. The hooks are copied as ``repo: local`` hooks running the installed
``seedlint`` (``language: system``), so pre-commit builds no virtualenv and the tests
never reach a package index; everything else (entry, args, file filters, serial run) is
the definition at HEAD.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SEEDLINT = Path(sys.executable).parent / "seedlint"

DOC_A = "2022年11月22日 来源：甲报\n21日零时至24时，重庆市新增本土确诊病例178例。\n"
DOC_B = "2022年11月22日 来源：乙报\n21日零时至24时，重庆市新增本土确诊病例187例。\n"
CLEAN = "2022年11月22日 来源：丙报\n北京市今日天气晴朗。\n"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not SEEDLINT.exists(), reason="seedlint is not installed beside python"),
]


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_COLOR": "never",
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "SEEDLINT_CACHE_DIR": str(tmp / "cache"),
    }


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, text=True, capture_output=True)


def _hooks_at_head() -> list[dict[str, Any]]:
    """The shipped hook definitions at HEAD, as local hooks on the installed seedlint."""
    res = subprocess.run(
        ["git", "show", "HEAD:.pre-commit-hooks.yaml"],
        cwd=REPO,
        text=True,
        capture_output=True,
        check=False,
    )
    if res.returncode != 0:
        pytest.skip("this checkout has no commit holding .pre-commit-hooks.yaml")
    hooks: list[dict[str, Any]] = yaml.safe_load(res.stdout)
    for hook in hooks:
        assert hook["entry"].split()[0] == "seedlint"
        hook["entry"] = str(SEEDLINT) + hook["entry"][len("seedlint") :]
        hook["language"] = "system"
    return hooks


def _repo(tmp: Path, config: str, files: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A git repository with ``files`` committed (hooks not yet run) and the hooks
    installed: the gate on every commit, the fixer on the manual stage only."""
    work = tmp / "repo"
    work.mkdir()
    env = _env(tmp)
    assert _run(work, env, "git", "init", "-q", "-b", "main").returncode == 0
    hooks = _hooks_at_head()
    for hook in hooks:
        if hook["id"] == "seedlint-fix":
            hook["stages"] = ["manual"]
    (work / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, allow_unicode=True),
        encoding="utf-8",
    )
    (work / "seedlint.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    _run(work, env, "git", "add", "-A")
    first = _run(work, env, "git", "commit", "-qm", "initial", "--no-verify")
    assert first.returncode == 0, first.stderr
    inst = _run(work, env, sys.executable, "-m", "pre_commit", "install")
    assert inst.returncode == 0, inst.stdout + inst.stderr
    return work, env


def _commit(work: Path, env: dict[str, str], *names: str) -> subprocess.CompletedProcess[str]:
    assert _run(work, env, "git", "add", "--", *names).returncode == 0
    res = _run(work, env, "git", "commit", "-qm", "change")
    res.stdout += res.stderr
    return res


def test_hook_skips_files_outside_the_corpus_and_checks_staged_against_the_whole_corpus(
    tmp_path: Path,
) -> None:
    work, env = _repo(
        tmp_path,
        "paths: [corpus]\nexclude: ['corpus/drafts/**']\n",
        {"README.md": "# notes\n", "corpus/a.txt": DOC_A, "corpus/c.txt": CLEAN},
    )
    # A README edit (no date, no source: P101/P102 if it were linted) commits untouched.
    (work / "README.md").write_text("# notes\n\nhow we scrape\n", encoding="utf-8")
    (work / "requirements.txt").write_text("requests\n", encoding="utf-8")
    readme = _commit(work, env, "README.md", "requirements.txt")
    assert readme.returncode == 0, readme.stdout
    # A draft the config excludes commits, even one contradicting the corpus.
    (work / "corpus" / "drafts").mkdir()
    (work / "corpus" / "drafts" / "note.txt").write_text(DOC_B, encoding="utf-8")
    draft = _commit(work, env, "corpus/drafts/note.txt")
    assert draft.returncode == 0, draft.stdout
    # A staged document contradicting a committed, unstaged one is refused, with the
    # finding on the staged file only; a file named like an option changes nothing.
    (work / "corpus" / "b.txt").write_text(DOC_B, encoding="utf-8")
    (work / "--select=NONE.txt").write_text("", encoding="utf-8")
    bad = _commit(work, env, "corpus/b.txt", "--select=NONE.txt")
    assert bad.returncode != 0, bad.stdout
    assert "corpus/b.txt:2:" in bad.stdout and "C101" in bad.stdout
    assert "\ncorpus/a.txt:" not in bad.stdout  # the unstaged document is not reported
    assert "unknown rule selector" not in bad.stdout
    assert _run(work, env, "git", "log", "--format=%s").stdout.count("change") == 2


def test_hook_runs_on_sidecar_only_commits_and_ignores_option_like_file_names(
    tmp_path: Path,
) -> None:
    waiver = "seedlint:\n  waive:\n    - code: P101\n      reason: the date is in the catalogue\n"
    work, env = _repo(
        tmp_path,
        "paths: [.]\nexclude: ['seedlint.yaml']\n",
        {"doc.txt": "来源：甲报\n北京市今日天气晴朗。\n", "doc.txt.meta.yaml": waiver},
    )
    # Only the sidecar changes: a waiver without a reason (SL007, an error) is refused,
    # and an empty file named `--select=NONE.txt` staged with it cannot switch the gate off.
    (work / "doc.txt.meta.yaml").write_text(
        "seedlint:\n  waive:\n    - code: P101\n", encoding="utf-8"
    )
    (work / "--select=NONE.txt").write_text("", encoding="utf-8")
    res = _commit(work, env, "doc.txt.meta.yaml", "--select=NONE.txt")
    assert res.returncode != 0, res.stdout
    assert "SL007" in res.stdout and "doc.txt" in res.stdout
    assert _run(work, env, "git", "log", "--format=%s").stdout.strip() == "initial"
