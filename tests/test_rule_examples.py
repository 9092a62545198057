"""Every rule's YAML examples run as tests: a rule without working examples fails CI.

For each ``bad`` example the rule must fire (``count`` times when given); where the
example gives ``fixed``, applying the rule's fixes (safe and unsafe) must produce
exactly that text, and a second fix run must change nothing. ``good`` examples must
give no finding of the rule.
"""

from __future__ import annotations

import pytest

from seedlint.model import Applicability
from seedlint.rules import load_rules
from seedlint.ruleschema import Example
from seedlint.testing import check_corpus, fix_text, ruleset_for

RULES = load_rules()


def _cases(kind: str) -> list[tuple[str, int, Example]]:
    out = []
    for r in RULES:
        examples = r.spec.examples.bad if kind == "bad" else r.spec.examples.good
        out.extend((r.code, i, ex) for i, ex in enumerate(examples))
    return out


def _findings(code: str, ex: Example) -> list[object]:
    texts = [ex.text, *(ex.corpus or [])]
    metas = [ex.metadata] + [None] * len(ex.corpus or [])
    per_doc = check_corpus(texts, [code], metas)
    return [f for f in per_doc[0] if f.code == code]


def test_rule_pack_has_rules_in_every_public_category_it_claims() -> None:
    assert RULES, "the built-in rule pack is empty"
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize(("code", "i", "ex"), _cases("bad"), ids=lambda v: str(v)[:30])
def test_bad_example_is_flagged(code: str, i: int, ex: Example) -> None:
    found = _findings(code, ex)
    if ex.count is not None:
        assert len(found) == ex.count, f"{code} bad[{i}]: expected {ex.count}, got {found}"
    else:
        assert found, f"{code} bad[{i}] not flagged: {ex.text!r}"


@pytest.mark.parametrize(
    ("code", "i", "ex"),
    [c for c in _cases("bad") if c[2].fixed is not None],
    ids=lambda v: str(v)[:30],
)
def test_bad_example_fixes_to_expected_text_and_is_idempotent(
    code: str, i: int, ex: Example
) -> None:
    rs = ruleset_for([code])
    fixed, applied = fix_text(ex.text, level=Applicability.UNSAFE, metadata=ex.metadata, ruleset=rs)
    assert fixed == ex.fixed, f"{code} bad[{i}]"
    if ex.fixed != ex.text:
        assert applied, "the text changed but no applied fix was recorded"
    again, applied2 = fix_text(fixed, level=Applicability.UNSAFE, metadata=ex.metadata, ruleset=rs)
    assert again == fixed and not applied2, f"{code} bad[{i}]: second --fix changed the text"


@pytest.mark.parametrize(("code", "i", "ex"), _cases("good"), ids=lambda v: str(v)[:30])
def test_good_example_is_not_flagged(code: str, i: int, ex: Example) -> None:
    assert _findings(code, ex) == [], f"{code} good[{i}] flagged: {ex.text!r}"
