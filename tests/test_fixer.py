"""--fix loses nothing: only reported spans change, idempotent, atomic, traceable."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from helpers import user_project
from seedlint import containerfix
from seedlint.cli import main


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return user_project(tmp_path)


def test_document_without_findings_stays_byte_identical(docs: Path) -> None:
    raw = b"no issue here\r\nsecond line without newline"
    (docs / "a.txt").write_bytes(raw)
    before = os.stat(docs / "a.txt").st_mtime_ns
    assert main(["docs", "--fix", "--no-progress"]) == 0
    assert (docs / "a.txt").read_bytes() == raw
    assert os.stat(docs / "a.txt").st_mtime_ns == before


def test_fix_changes_only_the_spans_and_keeps_crlf_bom_and_missing_final_newline(
    docs: Path,
) -> None:
    raw = "\ufeffmy colour\r\nher favour!!\r\nend".encode()
    (docs / "a.txt").write_bytes(raw)
    (docs / "a.txt").chmod(0o640)
    assert main(["docs", "--fix", "--unsafe-fixes", "--no-progress"]) == 0
    assert (docs / "a.txt").read_bytes() == "\ufeffmy color\r\nher favor!\r\nend".encode()
    assert stat.S_IMODE((docs / "a.txt").stat().st_mode) == 0o640


def test_safe_fix_mode_leaves_unsafe_fixes_alone(docs: Path) -> None:
    (docs / "a.txt").write_text("colour!!\n", encoding="utf-8")
    assert main(["docs", "--fix", "--no-progress", "--fail-level", "warning"]) == 1
    assert (docs / "a.txt").read_text(encoding="utf-8") == "color!!\n"


def test_a_waived_finding_is_not_fixed_even_with_unsafe_fixes(docs: Path) -> None:
    # The waiver (in a sidecar) keeps the first `!!` on purpose; the others are fixed.
    (docs / "a.txt").write_text("wow!!\ncolour no!!\n", encoding="utf-8")
    (docs / "a.txt.meta.yaml").write_text(
        "seedlint:\n  waive:\n    - {code: T202, line: 1, reason: the quoted shout is kept}\n",
        encoding="utf-8",
    )
    assert main(["docs", "--fix", "--unsafe-fixes", "--no-progress", "--fail-level", "info"]) == 0
    assert (docs / "a.txt").read_text(encoding="utf-8") == "wow!!\ncolor no!\n"


def test_second_fix_run_changes_nothing(docs: Path) -> None:
    (docs / "a.txt").write_text("colour colour favour!!!\n", encoding="utf-8")
    main(["docs", "--fix", "--unsafe-fixes", "--no-progress"])
    once = (docs / "a.txt").read_bytes()
    assert main(["docs", "--fix", "--unsafe-fixes", "--no-progress"]) == 0
    assert (docs / "a.txt").read_bytes() == once == b"color color favor!\n"


def test_every_applied_fix_is_recorded_with_before_and_after(docs: Path, tmp_path: Path) -> None:
    (docs / "a.txt").write_text("colour\nfavour\n", encoding="utf-8")
    main(["docs", "--fix", "--no-progress", "--output-format", "json", "--output-file", "r.json"])
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    doc = rep["documents"][0]
    assert doc["status"] == "fixed" and doc["sha256_after"] != doc["sha256"]
    assert [(f["code"], f["line"], f["before"], f["after"]) for f in doc["fixes"]] == [
        ("T201", 2, "favour", "favor"),
        ("T201", 1, "colour", "color"),
    ]
    assert rep["findings"] == []


def test_diff_shows_the_change_and_writes_nothing(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "a.txt").write_text("colour\n", encoding="utf-8")
    assert main(["docs", "--diff", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "-colour\n+color\n" in out and "+++ b/docs/a.txt" in out
    assert (docs / "a.txt").read_text(encoding="utf-8") == "colour\n"


def test_a_failed_write_leaves_the_original_intact(
    docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "a.txt").write_text("colour\n", encoding="utf-8")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(containerfix.os, "fsync", disk_full)  # the atomic writer
    assert main(["docs", "--fix", "--no-progress"]) == 2
    assert "write failed, original kept" in capsys.readouterr().err
    assert (docs / "a.txt").read_text(encoding="utf-8") == "colour\n"
    assert [p.name for p in docs.iterdir()] == ["a.txt"], "temp file left behind"


def test_overlapping_edits_are_never_applied_together(docs: Path, tmp_path: Path) -> None:
    (tmp_path / "rules" / "overlap.yaml").write_text(
        """
rules:
  - code: T301
    name: a-rule
    category: artifact
    kind: pattern
    message: m
    params: {regex: 'abc', replacement: 'X'}
    fix: safe
    examples: {bad: [{text: "abc", fixed: "X"}]}
  - code: T302
    name: b-rule
    category: artifact
    kind: pattern
    message: m
    params: {regex: 'bcd', replacement: 'Y'}
    fix: safe
    examples: {bad: [{text: "bcd", fixed: "Y"}]}
""",
        encoding="utf-8",
    )
    (docs / "a.txt").write_text("abcd\n", encoding="utf-8")
    main(["docs", "--fix", "--no-progress"])
    # T301 wins the first round; "Xd" no longer matches T302: one edit, not a mangled mix.
    assert (docs / "a.txt").read_text(encoding="utf-8") == "Xd\n"
