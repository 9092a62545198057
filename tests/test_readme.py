"""The README documents the rule pack as it is: its rule table is generated from the YAML."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_readme_rule_table_matches_the_rule_pack() -> None:
    spec = importlib.util.spec_from_file_location(
        "sync_readme", REPO / "scripts" / "sync_readme.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert mod.synced(text) == text, "README rule table is stale: run scripts/sync_readme.py"


def test_readme_names_the_setup_run_and_test_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && seedlint tests/fixtures/seeds/" in text
    assert "pip install -e '.[dev]' && seedlint seeds/" in text
    assert "python -m pytest -q" in text


def test_the_reviewed_seeds_say_only_all_checks_passed_and_the_raw_ones_show_findings(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SEEDLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run(path: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seedlint", path, "--no-progress"],
            cwd=REPO,
            env=env,
            text=True,
            capture_output=True,
            check=False,
        )

    clean = run("seeds/")
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "All checks passed!\n", "")
    raw = run("tests/fixtures/seeds/")
    assert raw.returncode == 1 and "fixable with `seedlint --fix`" in raw.stdout
