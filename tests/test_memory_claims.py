"""The claims' analysis of a document is let go after the last rule that reads it.

On a 20 MB line of figures the claims' reading and analysis held some 400 MB from the
first claims rule to the end of the document, under every rule after them; the engine
now drops them once the last rule naming them in ``reads`` has run. Reading them again
would redo the costliest analysis of a huge document (about 50 s), so asking after the
release fails the rule instead of recomputing, and these tests pin that the rule pack
never does.
"""

from __future__ import annotations

from typing import Any

import pytest

import seedlint.claims.binding as binding
import seedlint.engine as engine
from seedlint.claims import reading_for
from seedlint.claims.binding import CLAIMS_ANALYSIS
from seedlint.claims.numbers import scan_quantities
from seedlint.engine import lint_document
from seedlint.registry import RELEASED_KEY, AnalysisReleased, release
from seedlint.testing import make_doc, ruleset_for

# A bulletin in our own words: a change that contradicts the day before (C104) and a
# breakdown 60 short of its total (C102), with a share line that fits (C103 reads it).
BULLETIN = (
    "2023年3月2日 来源：乙报\n3月1日，成都市新增感染者4100例。"
    "3月2日，成都市共报告新增感染者3900例，较1日减少150例。"
    "全市共有密切接触者1500人，其中集中隔离900人、居家隔离560人。"
    "确诊病例中男性占52.0%，女性占48.0%。"
)


def _claims_keys(cache: dict[str, Any]) -> list[str]:
    return [k for k in cache if k.startswith("seedlint.claims")]


def _summary(doc_findings: list[Any]) -> list[tuple[str, int, int, str, str]]:
    return [(f.code, f.start, f.end, f.snippet, f.message) for f in doc_findings]


def test_the_pack_builds_the_claims_reading_once_and_drops_it_after_the_last_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str] = []
    real_reading = binding.Reading

    class CountingReading(real_reading):  # type: ignore[misc,valid-type]
        def __init__(self, text: str, **kw: Any) -> None:
            built.append(text)
            super().__init__(text, **kw)

    monkeypatch.setattr(binding, "Reading", CountingReading)
    rs = ruleset_for()
    readers = [r.code for r in rs.rules if CLAIMS_ANALYSIS in r.detector.reads]
    assert readers == ["C101", "C102", "C103", "C104"]
    doc = make_doc(BULLETIN)
    res = lint_document(doc, rs)
    codes = [f.code for f in res.findings]
    # No rule after C104 asked for the claims (it would have failed as SL009).
    assert "SL009" not in codes
    assert "C102" in codes and "C104" in codes
    assert len(built) == 1
    assert _claims_keys(doc.cache) == []
    assert doc.cache[RELEASED_KEY] == {CLAIMS_ANALYSIS}
    # The report's claim records are not part of what goes.
    assert len(doc.facts["claims"]) >= 4


def test_releasing_the_claims_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    rs = ruleset_for()
    released = lint_document(make_doc(BULLETIN), rs)
    monkeypatch.setattr(engine, "release", lambda doc, name: None)
    kept_doc = make_doc(BULLETIN)
    kept = lint_document(kept_doc, rs)
    assert _claims_keys(kept_doc.cache) != []  # the analysis stayed in this run
    assert _summary(released.findings) == _summary(kept.findings)


def test_asking_for_released_claims_fails_instead_of_reading_the_text_again() -> None:
    doc = make_doc(BULLETIN)
    rd = reading_for(doc)
    assert reading_for(doc) is rd
    release(doc, CLAIMS_ANALYSIS)
    assert _claims_keys(doc.cache) == []
    with pytest.raises(AnalysisReleased, match="reads"):
        reading_for(doc)


def test_a_document_linted_again_reads_its_claims_afresh() -> None:
    rs = ruleset_for(["C102", "C104", "K102"])
    doc = make_doc(BULLETIN)
    first = lint_document(doc, rs)
    second = lint_document(doc, rs)
    assert [f.code for f in first.findings] == ["C104", "C102"]
    assert _summary(second.findings) == _summary(first.findings)


def test_a_rule_set_without_claims_rules_releases_nothing() -> None:
    doc = make_doc(BULLETIN)
    lint_document(doc, ruleset_for(["K102", "P101"]))
    assert RELEASED_KEY not in doc.cache


def test_quantities_share_one_string_per_unit() -> None:
    text = "新增确诊" + "".join(f"{n}例，治愈{n + 1}人，" for n in range(200, 260))
    units = [q.unit for q in scan_quantities(text)]
    assert len(units) == 120 and set(units) == {"例", "人"}
    assert len({id(u) for u in units}) == 2
