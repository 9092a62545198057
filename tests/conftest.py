"""Shared fixtures. Third-party test data is read from ../shared, never copied here."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
RAW_SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The result cache and --fix locks live in the user's cache folder: the tests use
    their own, so they neither read a developer's cache nor leave projects in it."""
    old = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "PRE_COMMIT_HOME")}
    user_cache = Path(old["XDG_CACHE_HOME"] or Path.home() / ".cache")
    # pre-commit keeps the hook environments it builds there: keep reusing them
    os.environ.setdefault("PRE_COMMIT_HOME", str(user_cache / "pre-commit"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def raw_seeds() -> Path:
    """The four seed documents exactly as received (kept in tests/fixtures/seeds)."""
    return RAW_SEEDS


@pytest.fixture
def seeds_copy(raw_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the raw seeds in a fresh project expecting Simplified Chinese, as cwd."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(raw_seeds, tmp_path / "seeds")
    (tmp_path / "seedlint.yaml").write_text("expected-script: zh-Hans\n", encoding="utf-8")
    return tmp_path / "seeds"


def shared_corpus(*parts: str) -> Path:
    """A path under ../shared/corpora, or skip the test when that data is absent."""
    p = SHARED.joinpath("corpora", *parts)
    if not p.exists():
        pytest.skip(f"shared test data not available: corpora/{'/'.join(parts)}")
    return p
