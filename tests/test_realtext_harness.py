"""The real-text harness's committed records: well-formed, and RESULTS.md is what they give.

No snapshot is needed: ``run.json`` holds the last run's counts and keys, the judgments
and positives hold verdicts and spans' hashes, and the table is computed from those three.
A hand-edited or stale RESULTS.md fails here, as a stale README rule table does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench" / "realtext"))

import judging  # noqa: E402


def test_judgments_are_well_formed_and_name_known_codes() -> None:
    judgments = judging.load_judgments()
    assert judgments, "no judgments recorded"
    from seedlint.inputrules import INPUT_RULES
    from seedlint.rules import load_rules

    codes = {r.code for r in load_rules()} | set(INPUT_RULES)
    for j in judgments.values():
        assert j["code"] in codes, j
        assert len(j["key"]) == 20


def test_positives_are_well_formed() -> None:
    positives = judging.load_positives()
    for p in positives.values():
        assert p["kind"] in judging.KINDS
        assert p["end_line"] >= p["line"] >= 1


def test_results_md_is_what_the_committed_records_give() -> None:
    expected = judging.render(
        judging.load_run(), judging.load_judgments(), judging.load_positives()
    )
    actual = judging.RESULTS_MD.read_text(encoding="utf-8")
    assert actual == expected, (
        "RESULTS.md is stale: run `python bench/realtext/run.py --results-only`"
    )


def test_results_cover_every_judged_cell() -> None:
    run = judging.load_run()
    judged = sum(c.judged for c in judging.cells(run, judging.load_judgments()))
    assert judged >= 1000
    text = judging.RESULTS_MD.read_text(encoding="utf-8")
    for cell in run["cells"]:
        assert f"| {cell['code']} | {cell['source']} |" in text


def test_a_verdict_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "j.jsonl"
    row = {"key": "k" * 20, "source": "s", "document": "d", "code": "A102", "line": 1}
    bad.write_text(json.dumps({**row, "verdict": "maybe", "reason": "r"}) + "\n")
    with pytest.raises(judging.FileError, match="verdict"):
        judging.load_judgments(bad)
    bad.write_text(json.dumps({**row, "verdict": "true"}) + "\n")
    with pytest.raises(judging.FileError, match="reason"):
        judging.load_judgments(bad)


def test_a_later_judgment_of_the_same_key_replaces_the_earlier(tmp_path: Path) -> None:
    f = tmp_path / "j.jsonl"
    row = {"key": "k" * 20, "source": "s", "document": "d", "code": "A102", "line": 1}
    f.write_text(
        json.dumps({**row, "verdict": "true", "reason": "a"})
        + "\n"
        + json.dumps({**row, "verdict": "false", "reason": "b"})
        + "\n"
    )
    assert judging.load_judgments(f)["k" * 20]["verdict"] == "false"


def test_wilson_interval_matches_the_textbook_values() -> None:
    lo, hi = judging.wilson(10, 10)
    assert round(lo, 3) == 0.722 and hi == 1.0
    lo, hi = judging.wilson(0, 30)
    assert lo == 0.0 and round(hi, 3) == 0.114
    assert judging.wilson(0, 0) == (0.0, 1.0)


def test_finding_key_depends_on_match_and_line_not_on_message() -> None:
    a = judging.finding_key("src", "doc", "A102", ",", 3)
    assert a == judging.finding_key("src", "doc", "A102", ",", 3)
    assert a != judging.finding_key("src", "doc", "A102", ",", 4)
    assert a != judging.finding_key("src", "doc", "A102", ";", 3)


def test_a_cell_below_its_bar_is_marked_below() -> None:
    run = {
        "sources": {"s": {"documents": 100, "status": "ok"}},
        "cells": [
            {
                "source": "s",
                "code": "K101",
                "severity": {"error": 20},
                "findings": 20,
                "documents": 20,
                "sample": ["a", "b"],
                "judged_present": ["a", "b"],
            }
        ],
        "positives_found": {},
    }
    judgments = {
        "a": {"verdict": "true"},
        "b": {"verdict": "false"},
    }
    (cell,) = judging.cells(run, judgments)
    assert cell.precision == 0.5 and cell.meets_bar is False
