"""Configuration, selection, per-path ignores, waivers in metadata, and the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import user_project
from seedlint.cli import main
from seedlint.config import Config, is_selected


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    d = user_project(tmp_path)
    (d / "a.txt").write_text("my colour!!\n", encoding="utf-8")
    return d


def _codes(tmp_path: Path, *args: str) -> list[str]:
    main(["docs", "--output-format", "json", "--output-file", "r.json", *args])
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return sorted(f["code"] for f in rep["findings"] if not f["waived"] and not f["baselined"])


@pytest.mark.parametrize(
    ("select", "extend", "ignore", "code", "expected"),
    [
        (None, [], [], "M101", True),
        (None, [], ["M"], "M101", False),
        (None, [], ["M1"], "M201", True),
        (["M"], [], ["M1"], "M101", False),
        (["M101"], [], ["M1"], "M101", True),  # the more specific selector wins
        (["K"], [], [], "M101", False),
        (["K"], ["M101"], [], "M101", True),
        (["ALL"], [], ["M101"], "M101", False),
    ],
)
def test_selection_follows_ruffs_most_specific_wins(
    select: list[str] | None, extend: list[str], ignore: list[str], code: str, expected: bool
) -> None:
    cfg = Config.model_validate({"select": select, "extend-select": extend, "ignore": ignore})
    assert is_selected(cfg, code, True) is expected


def test_rule_disabled_by_default_needs_explicit_selection() -> None:
    assert not is_selected(Config(), "M101", False)
    assert is_selected(Config.model_validate({"extend-select": ["M101"]}), "M101", False)


def test_cli_select_and_ignore(docs: Path, tmp_path: Path) -> None:
    assert _codes(tmp_path) == ["T201", "T202"]
    assert _codes(tmp_path, "--ignore", "T201") == ["T202"]
    assert _codes(tmp_path, "--select", "T2", "--ignore", "T202") == ["T201"]


def test_config_in_pyproject_with_per_file_ignores_and_severity(docs: Path, tmp_path: Path) -> None:
    (tmp_path / "seedlint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seedlint]\nbuiltin-rules = false\nrules = ["rules"]\n'
        '[tool.seedlint.per-file-ignores]\n"docs/legacy/*" = ["T2"]\n'
        '[tool.seedlint.severity]\nT201 = "info"\n',
        encoding="utf-8",
    )
    (docs / "legacy").mkdir()
    (docs / "legacy" / "old.txt").write_text("colour\n", encoding="utf-8")
    main(["docs", "--output-format", "json", "--output-file", "r.json"])
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in rep["findings"]} == {"docs/a.txt"}
    sev = {f["code"]: f["severity"] for f in rep["findings"]}
    assert sev == {"T201": "info", "T202": "warning"}
    assert main(["docs"]) == 0  # nothing at error level any more


def test_rule_params_can_be_overridden_from_config(docs: Path, tmp_path: Path) -> None:
    with (tmp_path / "seedlint.yaml").open("a", encoding="utf-8") as fh:
        fh.write("params:\n  T201: {table: {my: our}}\n")
    assert _codes(tmp_path) == ["T201", "T202"]
    main(["docs", "--fix", "--no-progress"])
    assert (docs / "a.txt").read_text(encoding="utf-8") == "our colour!!\n"


def test_waiver_in_front_matter_needs_a_reason(docs: Path, tmp_path: Path) -> None:
    (docs / "a.txt").write_text(
        "---\nseedlint:\n  waive:\n    - {code: T201, reason: quoting a British source}\n"
        "    - {code: T202}\n---\nmy colour!!\n",
        encoding="utf-8",
    )
    assert _codes(tmp_path) == ["SL007", "T202"]


def test_waiver_in_a_sidecar_file_and_unused_waivers_are_reported(
    docs: Path, tmp_path: Path
) -> None:
    (docs / "a.txt.meta.yaml").write_text(
        "seedlint:\n  waive:\n    - {code: T202, reason: emphasis is in the original}\n"
        "    - {code: T999, reason: stale}\n",
        encoding="utf-8",
    )
    assert _codes(tmp_path) == ["SL008", "T201"]


def test_baseline_accepts_known_findings_and_survives_line_shifts(
    docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (tmp_path / "seedlint.yaml").open("a", encoding="utf-8") as fh:
        fh.write("baseline: baseline.json\n")
    assert main(["docs", "--write-baseline"]) == 0
    assert main(["docs"]) == 0
    (docs / "a.txt").write_text("new first line\n\nmy colour!!\n", encoding="utf-8")
    assert main(["docs"]) == 0, "a line shift must not invalidate the baseline"
    (docs / "a.txt").write_text("my colour!!\nand favour\n", encoding="utf-8")
    assert main(["docs"]) == 1, "a new finding fails the gate"
    capsys.readouterr()
    (docs / "a.txt").write_text("all clean\n", encoding="utf-8")
    assert main(["docs"]) == 0
    assert "2 stale baseline entr(ies)" in capsys.readouterr().err


def test_exit_zero_and_fail_level(docs: Path) -> None:
    assert main(["docs"]) == 1
    assert main(["docs", "--exit-zero"]) == 0
    (docs / "a.txt").write_text("loud!!\n", encoding="utf-8")
    assert main(["docs"]) == 0
    assert main(["docs", "--fail-level", "warning"]) == 1


def test_explain_and_rules_cover_user_and_input_rules(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "T201"]) == 0
    out = capsys.readouterr().out
    assert "british-spelling" in out and "colour" in out and "reason" in out
    assert main(["explain", "SL002"]) == 0
    assert main(["explain", "ZZ999"]) == 2
    assert main(["rules"]) == 0
    assert "T202" in capsys.readouterr().out
