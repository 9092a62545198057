"""Bounded time on any document: every rule grows linearly on adversarial shapes, and a
user rule's regex with catastrophic backtracking ends as SL009 instead of hanging."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from seedlint.config import Config
from seedlint.detectors import _regex
from seedlint.document import Document
from seedlint.engine import RuleSet, lint_document
from seedlint.rules import load_rules
from seedlint.testing import make_doc, ruleset_for

SHAPES: dict[str, Callable[[int], str]] = {
    "one endless line": lambda k: "重庆市新增本土确诊病例178例，其中（无症状）10人、" * k,
    "thousands of tiny lines": lambda k: "甲\n" * (k * 12),
    "deep bracket nesting": lambda k: "（【《「([{" * k + "中" + "}])」》】）" * k,
    "a run of one letter": lambda k: "a" * (k * 24),
    "a run of one Han character": lambda k: "中" * (k * 24),
    "a run of digits": lambda k: "9" * (k * 24),
    "Chinese numerals": lambda k: "一二三四五六七八九十百千万亿〇" * (k * 2),
    "delimiters": lambda k: "甲/乙｜丙、丁,戊 " * (k * 2),
    "no-break spaces": lambda k: "\xa0" * (k * 24),
    "escaped ampersands": lambda k: "&amp;" * (k * 5),
    # Figures, metric terms and 其中 with no punctuation between them: one sentence as long
    # as the text, in which every list once read its total's label back to its start.
    "figures without punctuation": lambda k: "累计报告确诊病例245例其中武汉3例同比增长5%" * k,
    "one figure and a run of 其中": lambda k: "累计确诊病例5例" + "其中" * (k * 12),
    # Every place sits in a closed bracket, so each figure's region is looked for past all
    # of them, back to the paragraph's start.
    "places in closed brackets": lambda k: "新增确诊病例5例（湖北1例、北京2例）" * k,
    "one place, then figures": lambda k: "湖北省" + "新增确诊病例5例，" * (k * 2),
}


def _cpu(det: object, text: str) -> float:
    best = math.inf
    for _ in range(2):
        doc = Document(path="g.txt", text=text, raw=text.encode("utf-8"))
        t0 = time.process_time()
        for _hit in det.check(doc):  # type: ignore[attr-defined]
            pass
        if det.corpus_wide:  # type: ignore[attr-defined]
            det.collect(doc)  # type: ignore[attr-defined]
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_rule_grows_linearly_on_adversarial_shapes(shape: str) -> None:
    rs = ruleset_for(expected_script="zh-Hans")
    make = SHAPES[shape]
    n, factor = 300, 8
    slow = []
    for rule in rs.rules:
        small = _cpu(rule.detector, make(n))
        large = _cpu(rule.detector, make(n * factor))
        if large < 0.05:
            continue  # too fast to measure a slope
        exponent = math.log(large / max(small, 1e-4)) / math.log(factor)
        if exponent > 1.35:
            slow.append((rule.code, round(exponent, 2), round(small, 3), round(large, 3)))
    assert not slow, f"superlinear on {shape}: {slow}"


def _user_rules(tmp_path: Path, regex: str) -> RuleSet:
    (tmp_path / "r.yaml").write_text(
        "rules:\n"
        "  - {code: U901, name: runaway, category: artifact, severity: warning,\n"
        f"     kind: pattern, message: m, params: {{regex: '{regex}'}},\n"
        "     examples: {bad: [{text: 'aaa'}]}}\n",
        encoding="utf-8",
    )
    rules = load_rules([tmp_path / "r.yaml"], builtin=False)
    return RuleSet(rules, Config.model_validate({"select": ["U"]}))


@pytest.mark.parametrize("regex", [r"(a+)+$", r"(\w+\s?)+$", r"^(a|aa)+$"])
def test_a_user_regex_with_catastrophic_backtracking_is_sl009_within_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regex: str
) -> None:
    monkeypatch.setattr(_regex, "BUDGET_BASE_S", 0.3)
    rs = _user_rules(tmp_path, regex)
    t0 = time.monotonic()
    res = lint_document(make_doc("a" * 5000 + "!"), rs)
    assert time.monotonic() - t0 < 10
    assert [f.code for f in res.findings] == ["SL009"]
    assert "time budget" in res.findings[0].message


def test_a_sane_user_regex_is_unaffected_by_the_budget(tmp_path: Path) -> None:
    rs = _user_rules(tmp_path, r"a+")
    res = lint_document(make_doc("a b aa\n" * 10000), rs)
    assert len(res.findings) == 20000 and {f.code for f in res.findings} == {"U901"}


def test_a_parameter_regex_searched_line_by_line_shares_one_budget_per_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `^(a|aa)+$` backtracks exponentially on a line of a's that ends otherwise: about
    # 0.1 s a line here, so a per-line budget would let 200 lines take 20 s.
    monkeypatch.setattr(_regex, "BUDGET_BASE_S", 0.3)
    rx = _regex.BudgetedRegex(r"^(a|aa)+$")
    lines = ["a" * 28 + "!"] * 200
    _regex.begin_document("\n".join(lines))
    t0 = time.monotonic()
    try:
        with pytest.raises(_regex.RegexTimeout, match="time budget"):
            for line in lines:
                rx.search(line)
    finally:
        _regex.begin_document(None)
    assert time.monotonic() - t0 < 5


def test_a_parameter_regex_outside_a_document_gets_the_budget_of_its_text() -> None:
    rx = _regex.BudgetedRegex(r"^(a|aa)+$")
    assert rx.search("a" * 20 + "!") is None and rx.match("aaaa") is not None


def test_a_runaway_label_regex_set_in_the_config_is_sl009_not_a_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Parameters a config (or a contributed rule file) sets are as hostile as a pattern
    # rule's regex: K101's keyword-label regex here.
    monkeypatch.setattr(_regex, "BUDGET_BASE_S", 0.3)
    cfg = Config.model_validate(
        {"select": ["K101"], "params": {"K101": {"seo_label_regex": r"(?m)^(a|aa)+$"}}}
    )
    rs = RuleSet.from_config(cfg)
    t0 = time.monotonic()
    res = lint_document(make_doc(("a" * 30 + "!\n") * 300), rs)
    assert time.monotonic() - t0 < 10
    codes = [(f.code, "K101" in f.message and "time budget" in f.message) for f in res.findings]
    assert codes == [("SL009", True)]


def test_a_text_linted_again_later_gets_a_fresh_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same text object comes back in a later pass (a fix round, a rule example
    # linted by several tests): its first pass's budget must not still apply.
    monkeypatch.setattr(_regex, "BUDGET_BASE_S", 0.05)
    rx = _regex.BudgetedRegex("甲")
    text = "甲乙"
    try:
        _regex.begin_document(text)
        assert rx.search(text) is not None
        time.sleep(0.15)
        _regex.begin_document(text)
        assert rx.search(text) is not None
    finally:
        _regex.begin_document(None)
