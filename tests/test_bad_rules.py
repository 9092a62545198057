"""A broken rule file stops the run with exit 2 and a message naming file, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedlint.cli import main

GOOD_RULE = """
  - code: T101
    name: test-rule
    category: artifact
    severity: warning
    kind: pattern
    message: "found {match}"
    params: {regex: 'foo'}
    examples: {bad: ["foo"], good: ["bar"]}
"""


def _setup(tmp_path: Path, rules_yaml: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(rules_yaml, encoding="utf-8")
    (tmp_path / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [rules]\n", encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text("foo bar\n", encoding="utf-8")


def _run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rules_yaml: str,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str]:
    _setup(tmp_path, rules_yaml)
    monkeypatch.chdir(tmp_path)
    rc = main(["doc.txt"])
    return rc, capsys.readouterr().err


CASES = {
    "unknown_key": (
        GOOD_RULE.replace("severity: warning", "severity: warning\n    sevrity: x"),
        ["mine.yaml", "T101", "sevrity", "Extra inputs are not permitted"],
    ),
    "wrong_type": (
        GOOD_RULE.replace("severity: warning", "severity: [1, 2]"),
        ["mine.yaml", "T101", "severity"],
    ),
    "bad_severity": (
        GOOD_RULE.replace("severity: warning", "severity: fatal"),
        ["mine.yaml", "T101", "severity"],
    ),
    "bad_category": (
        GOOD_RULE.replace("category: artifact", "category: spam"),
        ["mine.yaml", "T101", "category"],
    ),
    "bad_regex": (
        GOOD_RULE.replace("regex: 'foo'", "regex: 'fo(o'"),
        ["mine.yaml", "T101", "params", "bad regex"],
    ),
    "unknown_param": (
        GOOD_RULE.replace("regex: 'foo'", "regex: 'foo', regx: 1"),
        ["mine.yaml", "T101", "params.regx"],
    ),
    "unknown_kind": (
        GOOD_RULE.replace("kind: pattern", "kind: telepathy"),
        ["mine.yaml", "T101", "kind", "telepathy", "pattern"],
    ),
    "duplicate_code": (
        GOOD_RULE + GOOD_RULE.replace("test-rule", "other"),
        ["mine.yaml", "T101", "duplicate code"],
    ),
    "bad_code": (GOOD_RULE.replace("code: T101", "code: t-1"), ["mine.yaml", "code"]),
    "no_examples": (
        GOOD_RULE.replace('examples: {bad: ["foo"], good: ["bar"]}', "fix: none"),
        ["mine.yaml", "T101", "bad"],
    ),
    "not_a_mapping": ("- just a list\n", ["mine.yaml", "'rules:'"]),
    "invalid_yaml": ("rules: [\n  - code: {\n", ["mine.yaml", "invalid YAML"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_rule_file_exits_2_naming_file_rule_and_field(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, expected = CASES[case]
    rc, err = _run(
        tmp_path,
        monkeypatch,
        "rules:" + text if case not in ("not_a_mapping", "invalid_yaml") else text,
        capsys,
    )
    assert rc == 2
    assert err.startswith("seedlint: error: ")
    assert "Traceback" not in err
    for part in expected:
        assert part in err, f"{part!r} missing from {err!r}"


def test_yaml_bomb_in_a_rule_file_is_refused_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb.append("rules: *j")
    rc, err = _run(tmp_path, monkeypatch, "\n".join(bomb) + "\n", capsys)
    assert rc == 2
    assert "YAML bomb" in err


def test_a_valid_user_rule_file_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, "rules:" + GOOD_RULE)
    monkeypatch.chdir(tmp_path)
    assert main(["doc.txt", "--fail-level", "warning"]) == 1
    assert "doc.txt:1:1: T101 found foo" in capsys.readouterr().out


def test_bad_config_value_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seedlint]\nfail-level = "loud"\n', encoding="utf-8"
    )
    (tmp_path / "d.txt").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["d.txt"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "fail-level" in err


def test_deeply_nested_yaml_is_refused_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, err = _run(tmp_path, monkeypatch, "rules: " + "[" * 20000 + "]" * 20000 + "\n", capsys)
    assert rc == 2
    assert "mine.yaml" in err and "invalid YAML" in err and "Traceback" not in err
