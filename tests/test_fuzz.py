"""Fuzzing in CI: hostile documents through lint and --fix twice (see ``fuzzing.py`` for
the properties). Deterministic here (``derandomize``) so CI does not flake; the random
campaign is ``bench/fuzz.py --minutes N``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzzing import check_document, default_ruleset, documents, encoded, shapes, unicode_text
from seedlint.engine import RuleSet
from seedlint.model import Applicability

CI = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: it took minutes on big inputs
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    return default_ruleset()


@CI
@given(doc=documents())
def test_fuzzed_documents_keep_every_property_with_safe_fixes(
    rs: RuleSet, doc: tuple[bytes, str]
) -> None:
    check_document(doc[0], doc[1], rs)


@settings(CI, max_examples=250)
@given(data=encoded(unicode_text()))
def test_fuzzed_text_keeps_every_property_with_unsafe_fixes(rs: RuleSet, data: bytes) -> None:
    check_document(data, "doc.txt", rs, Applicability.UNSAFE)


@settings(CI, max_examples=150)
@given(text=shapes(), name=st.sampled_from(["doc.txt", "doc.md"]))
def test_adversarial_shapes_keep_every_property(rs: RuleSet, text: str, name: str) -> None:
    check_document(text.encode("utf-8"), name, rs)
