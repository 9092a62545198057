"""Every YAML loader error is a clear message: exit 2 for the config and rule files, a
finding for a document's metadata and for the manifest; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import USER_RULES, colour_project
from seedlint.cli import main
from seedlint.yamlsafe import YamlError, load_yaml_text

IMPOSSIBLE = [
    "!!timestamp 2024-13-99",
    "2024-02-30",
    "!!timestamp 2024-01-01T25:61:00Z",
    "!!int 99999999999999999999999999999999999999e9",
    "!!binary '#not base64#'",
    "!!float nan-ish",
]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_an_impossible_yaml_value_is_a_yaml_error_naming_the_file(value: str) -> None:
    with pytest.raises(YamlError, match=r"some\.yaml"):
        load_yaml_text(f"published: {value}\n", "some.yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return colour_project(tmp_path)


def _findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return list(json.loads(capsys.readouterr().out)["findings"])


@pytest.mark.parametrize("value", ["!!timestamp 2024-13-99", "2024-02-30"])
def test_impossible_timestamps_in_document_metadata_are_findings(
    project: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "b.md").write_text(f"---\npublished: {value}\n---\nher favour\n", encoding="utf-8")
    (project / "a.txt.meta.yaml").write_text(f"published: {value}\n", encoding="utf-8")
    assert main(["docs", "--no-cache", "--no-progress", "--output-format", "json"]) == 1
    bad = {(f["document"], f["code"]) for f in _findings(capsys)}
    assert {("docs/a.txt", "SL006"), ("docs/b.md", "SL006")} <= bad
    assert ("docs/a.txt", "T201") in bad and ("docs/b.md", "T201") in bad  # still linted


@pytest.mark.parametrize("value", ["!!timestamp 2024-13-99", "2024-02-30"])
def test_impossible_timestamps_in_the_config_or_a_rule_file_exit_2_with_a_message(
    project: Path, value: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    original = cfg.read_text(encoding="utf-8")
    cfg.write_text(original + f"when: {value}\n", encoding="utf-8")
    assert main(["docs", "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "seedlint.yaml" in err and "Traceback" not in err
    cfg.write_text(original, encoding="utf-8")
    rules = tmp_path / "rules" / "user.yaml"
    rules.write_text(USER_RULES + f"    added: {value}\n", encoding="utf-8")
    assert main(["docs", "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "user.yaml" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["!!timestamp 2024-13-99", "2024-02-30"])
def test_impossible_timestamps_in_the_manifest_are_a_finding(
    project: Path, value: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    cfg.write_text("rules: [rules]\nmanifest: docs/manifest.yaml\n", encoding="utf-8")
    (project / "manifest.yaml").write_text(
        f"documents:\n  a.txt:\n    sha256: {'0' * 64}\n    published: {value}\n",
        encoding="utf-8",
    )
    argv = ["docs", "--no-cache", "--no-progress", "--output-format", "json", "--select", "P120"]
    assert main(argv) == 1
    msgs = [f["message"] for f in _findings(capsys) if f["code"] == "P120"]
    assert any("manifest cannot be read" in str(m) for m in msgs)
    # --fix records into the manifest: it must neither crash nor overwrite it
    before = (project / "manifest.yaml").read_bytes()
    assert main(["docs", "--no-cache", "--no-progress", "--fix"]) in (1, 2)
    assert (project / "manifest.yaml").read_bytes() == before


def test_a_second_params_key_in_a_rule_file_exits_2_naming_the_file_and_key(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = tmp_path / "rules" / "user.yaml"
    # Today the last `params:` would silently win and T201 would look for nothing.
    rules.write_text(
        USER_RULES.replace("    fix: safe\n", "    params: {table: {}}\n    fix: safe\n", 1),
        encoding="utf-8",
    )
    assert main(["docs", "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "user.yaml" in err and "'params'" in err and "Traceback" not in err


def test_a_duplicate_key_in_the_config_exits_2_naming_the_file_and_key(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = tmp_path / "seedlint.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "rules: []\n", encoding="utf-8")
    assert main(["docs", "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "seedlint.yaml" in err and "'rules'" in err and "Traceback" not in err


def test_duplicate_keys_in_front_matter_or_a_sidecar_are_sl006_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "b.md").write_text("---\nsource: a\nsource: b\n---\nher favour\n", encoding="utf-8")
    (project / "a.txt.meta.yaml").write_text("lang: zh\nlang: en\n", encoding="utf-8")
    assert main(["docs", "--no-cache", "--no-progress", "--output-format", "json"]) == 1
    found = _findings(capsys)
    sl006 = {str(f["document"]): str(f["message"]) for f in found if f["code"] == "SL006"}
    assert "'source'" in sl006["docs/b.md"] and "'lang'" in sl006["docs/a.txt"]
    codes = {(f["document"], f["code"]) for f in found}
    assert ("docs/a.txt", "T201") in codes and ("docs/b.md", "T201") in codes


def test_merge_keys_may_override_and_equal_keys_in_separate_mappings_are_fine() -> None:
    text = "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  x: 3\nlist:\n  - {a: 1}\n  - {a: 2}\n"
    assert load_yaml_text(text, "ok.yaml") == {
        "base": {"x": 1, "y": 2},
        "d": {"x": 3, "y": 2},
        "list": [{"a": 1}, {"a": 2}],
    }
