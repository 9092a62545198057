"""Shared fixtures. Third-party test data is read from ../shared, never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
RAW_SEEDS = FIXTURES / "seeds"


@pytest.fixture
def raw_seeds() -> Path:
    """The four seed documents exactly as received (kept in tests/fixtures/seeds)."""
    return RAW_SEEDS


def shared_corpus(*parts: str) -> Path:
    """A path under ../shared/corpora, or skip the test when that data is absent."""
    p = SHARED.joinpath("corpora", *parts)
    if not p.exists():
        pytest.skip(f"shared test data not available: corpora/{'/'.join(parts)}")
    return p
