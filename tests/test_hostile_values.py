"""Hostile names and values end as a message or a finding with the documented exit
code, never a traceback (issue 20, item 7): a file name that is not UTF-8 with every
reporter and with --fix, empty globs and paths in the config, deeply nested TOML and
baselines, and ``!!int abc`` / ``!!float abc`` / ``!!bool abc`` / an impossible date /
a 5,001-digit integer in every place seedlint reads YAML."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import USER_RULES, colour_project
from seedlint.cli import main

BAD_VALUES = ["!!int abc", "!!float abc", "!!bool abc", "2024-02-30", "9" * 5001]
ARGS = ["--no-cache", "--no-progress"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return colour_project(tmp_path)


def _bad_name(docs: Path) -> None:
    raw_name = os.path.join(os.fsencode(docs), b"bad\xff\xfe.txt")
    with open(raw_name, "wb") as fh:
        fh.write(b"her favour\n")


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "junit", "html"])
def test_a_file_name_that_is_not_utf8_is_sl001_with_every_reporter(
    project: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_name(project)
    assert main(["docs", *ARGS, "--output-format", fmt]) == 2  # unreadable input
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "bad\\xff\\xfe.txt" in out or "bad\\\\xff\\\\xfe.txt" in out
    assert "SL001" in out and "T201" in out  # the other file is still linted


@pytest.mark.parametrize("mode", ["--fix", "--diff", "--statistics"])
def test_a_file_name_that_is_not_utf8_does_not_stop_fix_diff_or_statistics(
    project: Path, mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_name(project)
    assert main(["docs", *ARGS, mode]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "SL001" in out
    if mode == "--fix":
        assert (project / "a.txt").read_text(encoding="utf-8") == "my color\n"
    raw_name = os.path.join(os.fsencode(project), b"bad\xff\xfe.txt")
    with open(raw_name, "rb") as fh:
        assert fh.read() == b"her favour\n"  # never read, never rewritten


@pytest.mark.parametrize("key", ["include", "exclude", "paths", "rules"])
def test_an_empty_glob_or_path_in_the_config_exits_2_naming_the_key(
    project: Path, key: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    text = cfg.read_text(encoding="utf-8")
    if key == "rules":
        text = text.replace("rules: [rules]", "rules: [rules, '']")
    else:
        text += f"{key}: ['']\n"
    cfg.write_text(text, encoding="utf-8")
    assert main(["docs", *ARGS]) == 2
    err = capsys.readouterr().err
    assert key in err and "empty" in err and "Traceback" not in err


def test_an_empty_per_file_ignores_glob_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "per-file-ignores: {'': [T201]}\n")
    assert main(["docs", *ARGS]) == 2
    assert "per-file-ignores" in capsys.readouterr().err


@pytest.mark.parametrize(
    "value", ["[" * 1000 + "]" * 1000, "{a=" * 600 + "1" + "}" * 600], ids=["array", "table"]
)
def test_a_deeply_nested_pyproject_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.seedlint]\nx = {value}\n", encoding="utf-8")
    assert main(["seeds", *ARGS]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "nested too deeply" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000 + "]" * 100_000, '{"findings": [' + "9" * 5001 + "]}"],
    ids=["nested", "long-number"],
)
def test_a_deeply_nested_or_huge_number_baseline_exits_2(
    project: Path, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "baseline.json").write_text(content, encoding="utf-8")
    cfg = tmp_path / "seedlint.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "baseline: baseline.json\n")
    assert main(["docs", *ARGS]) == 2
    err = capsys.readouterr().err
    assert "baseline.json" in err and "Traceback" not in err


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_bad_tagged_value_in_the_config_or_a_rule_or_lexicon_file_exits_2(
    project: Path, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    original = cfg.read_text(encoding="utf-8")
    cfg.write_text(original + f"fail-level: {value}\n", encoding="utf-8")
    assert main(["docs", *ARGS]) == 2
    err = capsys.readouterr().err
    assert "seedlint.yaml" in err and "Traceback" not in err
    cfg.write_text(original, encoding="utf-8")

    rules = tmp_path / "rules" / "user.yaml"
    rules.write_text(USER_RULES + f"    extra: {value}\n", encoding="utf-8")
    assert main(["docs", *ARGS]) == 2
    err = capsys.readouterr().err
    assert "user.yaml" in err and "Traceback" not in err

    (tmp_path / "lex.yaml").write_text(f"terms:\n  - {value}\n", encoding="utf-8")
    rules.write_text(
        "rules:\n  - code: U101\n    name: x\n    category: artifact\n    severity: warning\n"
        "    kind: lexicon\n    message: m\n    params: {files: [../lex.yaml]}\n"
        "    examples: {bad: [{text: a}]}\n",
        encoding="utf-8",
    )
    assert main(["docs", *ARGS]) == 2
    err = capsys.readouterr().err
    assert "lex.yaml" in err and "Traceback" not in err


@pytest.mark.parametrize("value", BAD_VALUES)
def test_one_bad_sidecar_or_front_matter_value_is_a_finding_on_its_document_only(
    project: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "a.txt.meta.yaml").write_text(f"published: {value}\n", encoding="utf-8")
    (project / "b.md").write_text(f"---\nsource: {value}\n---\nher favour\n", encoding="utf-8")
    (project / "c.txt").write_text("no colour\n", encoding="utf-8")
    (project / "c.txt.meta.yaml").write_text(
        f"seedlint:\n  waive:\n    - code: T201\n      reason: kept\n      line: {value}\n",
        encoding="utf-8",
    )
    assert main(["docs", *ARGS, "--output-format", "json"]) == 1  # the T201 errors
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    found = {(f["document"], f["code"]) for f in json.loads(out)["findings"]}
    for doc in ("docs/a.txt", "docs/b.md", "docs/c.txt"):
        assert (doc, "SL006") in found and (doc, "T201") in found


@pytest.mark.parametrize("value", [*BAD_VALUES, "abc", "!!float " + "9" * 400])
def test_a_bad_value_in_the_manifest_is_a_p120_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "seedlint.yaml").write_text("manifest: seeds/m.yaml\n", encoding="utf-8")
    (tmp_path / "seeds" / "m.yaml").write_text(
        "documents:\n  - path: a.txt\n    fixes:\n      - sha256_before: a\n"
        f"        sha256_after: b\n        count: {value}\n",
        encoding="utf-8",
    )
    assert main(["seeds", *ARGS, "--select", "P120", "--output-format", "json"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    msgs = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "P120"]
    assert any("manifest cannot be read" in m for m in msgs)
