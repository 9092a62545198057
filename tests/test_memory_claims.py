"""The claims' analysis of a document is let go after the last rule that reads it.

On a 20 MB line of figures the claims' reading and analysis held some 400 MB from the
first claims rule to the end of the document, under every rule after them; the engine
now drops them once the last rule naming them in ``reads`` has run. Reading them again
would redo the costliest analysis of a huge document (about 50 s), so asking after the
release fails the rule instead of recomputing, and these tests pin that the rule pack
never does.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

import seedlint.claims.binding as binding
import seedlint.engine as engine
from seedlint.claims import reading_for
from seedlint.claims.binding import CLAIMS_ANALYSIS
from seedlint.claims.numbers import QuantityRun, scan_quantities, scan_quantity_run
from seedlint.claims.reading import Reading
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


# Figures in every shape the scanner reads, in our own words: ranges (merged into one
# quantity), percentages, qualifiers before and after, Chinese numerals with 点, 万/亿,
# thousands separators, time units (left out of breakdowns) and a bare number.
FIGURES = (
    "截至3日，累计确诊病例1,204例，其中重症30至45例、轻症超1100例；治愈率约95.6%。"
    "全年投资2.5万亿元，同比增长百分之七点五，较上年多三千二百万元，耗时12小时。"
    "参与者5万余人，不少于800人为志愿者，捐款100-200元左右，另有编号7。"
)


def test_packed_quantities_are_the_scanned_ones_field_for_field() -> None:
    objects = scan_quantities(FIGURES)
    run = scan_quantity_run(FIGURES)
    assert len(objects) == 11
    assert {q.qualifier for q in objects} >= {"range", "gt", "ge", "about", "exact"}
    assert any(q.percent for q in objects) and any(q.is_time for q in objects)
    assert list(run) == objects
    assert [run[i] for i in range(-len(run), 0)] == objects
    assert run[2:5] == objects[2:5]
    assert list(run.qual_starts) == [q.qual_start for q in objects]
    assert list(run.ends) == [q.end for q in objects]
    assert list(run.without_time()) == [q for q in objects if not q.is_time]
    with pytest.raises(IndexError):
        run[len(run)]
    for a, b in [(0, 40), (40, 90), (90, len(FIGURES))]:
        assert list(scan_quantity_run(FIGURES, a, b)) == scan_quantities(FIGURES, a, b)


def test_a_run_of_segments_is_their_quantities_in_order() -> None:
    rd = Reading(FIGURES)
    t = rd.norm.text
    qs = rd.quantities_in([(0, len(t) - 1)])
    assert isinstance(qs, QuantityRun)
    assert list(qs) == scan_quantities(t)
    # One segment asked for twice is read once: the same columns come back.
    first = rd.quantities_in([(0, 3)])
    assert rd.quantities_in([(1, 2)]) is first


def test_a_line_of_figures_keeps_its_quantities_as_columns_not_objects() -> None:
    # A line that never ends a sentence is one segment: all its quantities at once.
    line = "".join(f"新增确诊{n}例治愈{n // 3}人占{n % 97}%" for n in range(1000, 8000))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        objects = scan_quantities(line)
        as_objects = tracemalloc.get_traced_memory()[0] - before
        del objects
        before = tracemalloc.get_traced_memory()[0]
        run = scan_quantity_run(line)
        as_columns = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(run) == 21000
    assert as_columns < as_objects / 2
