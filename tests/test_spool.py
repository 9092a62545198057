"""The spooled report is the held report: same findings, same bytes in every format.

Findings used to be held in one list, sorted once, then fingerprinted, waived and
baselined in place before the reporters ran. They are now spooled to disk in sorted runs
and finalised one document at a time (``seedlint.spool``). These tests rebuild the held
report the old way from the very findings the run spooled, on a corpus with findings of
every kind (per-document, corpus-wide C101, input problems, waivers good, reasonless and
stale, a baseline with a stale entry, JSONL records read in an order that is not the
report's), and compare the two field by field and byte by byte, with runs so small that
the merge has many of them to interleave.
"""

from __future__ import annotations

import copy
import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest

from seedlint import spool as spool_mod
from seedlint.baseline import apply_baseline, load_baseline, write_baseline
from seedlint.config import load_config
from seedlint.document import Document
from seedlint.engine import RuleSet, apply_waivers, assign_fingerprints, summarize
from seedlint.model import Finding, Report
from seedlint.reporters import FORMATS, RenderContext, held_bytes, writer
from seedlint.runner import RunOptions, RunResult, run
from seedlint.spool import REPORT_ORDER, FindingSpool, SpooledReport, SpoolError

C101_A = (
    "2022年11月22日 来源：甲报\n21日零时至24时，重庆市新增本土确诊病例178例，"
    "新增本土无症状感染者6157例。"
)
C101_B = (
    "2022年11月22日 来源：乙报\n21日零时至24时，重庆市新增本土确诊病例187例，"
    "新增本土无症状感染者6157例。"
)
WAIVED = (
    "---\nseedlint:\n  waive:\n"
    "    - {code: A102, reason: the commas are quoted on purpose}\n"
    "    - {code: A101}\n"
    "    - {code: X103, reason: no homoglyphs here}\n"
    "---\n"
)


def _corpus(root: Path, raw_seeds: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    seeds = sorted(raw_seeds.iterdir())
    for s in seeds:
        shutil.copy(s, docs / s.name)
    text0 = seeds[0].read_text(encoding="utf-8")
    (docs / "waived.md").write_text(WAIVED + text0, encoding="utf-8")
    # Record ids whose string order is not the read order, so the report's order (by
    # document id) differs from the order findings come in.
    records = [
        {"id": i, "text": t}
        for i, t in zip(
            ["9", "10", "b", "a", "2"],
            [C101_A, seeds[1].read_text(encoding="utf-8"), C101_B, text0, "干净的一句话。"],
            strict=True,
        )
    ]
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    lines.insert(2, "{not json\n")
    (docs / "records.jsonl").write_text("".join(lines), encoding="utf-8")
    (docs / "empty.txt").write_text("", encoding="utf-8")
    (docs / "broken.txt").write_bytes(b"\x00\xff\xfe binary \x00" * 20)
    return docs


def _reference(
    arrived: list[Finding],
    result_report: Report,
    waiver_docs: dict[str, Document],
    baseline: Path | None,
) -> Report:
    """The report as the held pipeline built it: one list, fingerprints, waivers,
    baseline, one stable sort, the summary."""
    findings = [copy.deepcopy(f) for f in arrived]
    assign_fingerprints(findings, missing_only=True)
    if waiver_docs:
        findings.extend(apply_waivers(findings, waiver_docs))
        assign_fingerprints(findings, missing_only=True)
    report = result_report.model_copy()
    report.baseline = None
    if baseline is not None:
        report.baseline = apply_baseline(
            findings,
            load_baseline(baseline),
            "baseline.json",
            {d.document for d in result_report.documents},
        )
    findings.sort(key=REPORT_ORDER)
    report.findings = findings
    summarize(report)
    return report


def _spooled_run(
    root: Path, monkeypatch: pytest.MonkeyPatch, baseline: bool
) -> tuple[list[Finding], dict[str, Document], RunResult]:
    arrived: list[Finding] = []
    waivers: dict[str, Document] = {}
    add = FindingSpool.add

    def recording_add(self: FindingSpool, f: Finding) -> None:
        arrived.append(copy.deepcopy(f))
        add(self, f)

    finalize = SpooledReport._finalize

    def capture(self: SpooledReport) -> None:
        waivers.update(self.waiver_docs)
        finalize(self)

    monkeypatch.setattr(FindingSpool, "add", recording_add)
    monkeypatch.setattr(SpooledReport, "_finalize", capture)
    monkeypatch.setattr(spool_mod, "RUN_FINDINGS", 7)  # many runs to merge
    monkeypatch.setattr(spool_mod, "CLAIM_BLOCK", 1)  # claims beside their entries
    monkeypatch.chdir(root)
    cfg = load_config(None)
    if baseline:
        cfg.baseline = "baseline.json"
    result = run([Path("docs")], RuleSet.from_config(cfg), root, RunOptions())
    return arrived, waivers, result


@pytest.mark.parametrize("with_baseline", [False, True])
def test_spooled_report_equals_the_held_report_in_every_format(
    tmp_path: Path, raw_seeds: Path, monkeypatch: pytest.MonkeyPatch, with_baseline: bool
) -> None:
    _corpus(tmp_path, raw_seeds)
    if with_baseline:
        # A baseline of one seed's findings plus one entry that matches nothing.
        _, _, first = _spooled_run(tmp_path, monkeypatch, baseline=False)
        some = [f for f in first.source.findings() if f.path.endswith("001_712f67c0189c27b8.txt")]
        assert some
        write_baseline(tmp_path / "baseline.json", some)
        data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
        data["findings"].append(
            {"fingerprint": "0" * 20, "code": "A102", "document": "docs/waived.md", "line": 1}
        )
        (tmp_path / "baseline.json").write_text(json.dumps(data), encoding="utf-8")
    arrived, waivers, result = _spooled_run(tmp_path, monkeypatch, baseline=with_baseline)
    source = result.source
    spooled = source.held()
    reference = _reference(
        arrived, spooled, waivers, tmp_path / "baseline.json" if with_baseline else None
    )

    codes = {f.code for f in reference.findings}
    # Findings of every kind the run can make: per document, corpus-wide, input, waivers.
    assert {"A101", "A102", "C101", "SL002", "SL004", "SL005", "SL007", "SL008"} <= codes
    assert any(f.waived for f in reference.findings)
    assert source.pending.count > 7 * 10
    assert any(e.count > 1 for e in source.entries())  # some claims read from beside them
    if with_baseline:
        assert any(f.baselined for f in reference.findings)
        assert reference.baseline is not None and len(reference.baseline.stale) == 1

    assert len(spooled.findings) == len(reference.findings)
    for got, want in zip(spooled.findings, reference.findings, strict=True):
        assert got.model_dump() == want.model_dump()
    assert spooled.summary == reference.summary
    assert spooled.baseline == reference.baseline

    ctx = RenderContext(root=tmp_path, extra={"documents": result.documents})
    for fmt in FORMATS:
        want_bytes = held_bytes(writer(fmt), reference, ctx)
        buf = BytesIO()
        writer(fmt)(source, ctx, buf)
        assert buf.getvalue() == want_bytes, fmt
    # The JSON report is still exactly the pydantic model's own dump.
    assert (
        held_bytes(writer("json"), reference, ctx)
        == reference.model_dump_json(indent=2).encode() + b"\n"
    )


def test_spool_folder_is_removed_when_the_report_is_closed(
    tmp_path: Path, raw_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path, raw_seeds)
    _, _, result = _spooled_run(tmp_path, monkeypatch, baseline=False)
    source = result.source
    folder = source.folder
    assert list(source.findings()) and folder.is_dir()
    source.close()
    assert not folder.exists()


def test_a_damaged_spool_is_a_clear_error_not_code(tmp_path: Path) -> None:
    """The spool is data: a row it did not write is refused with a message."""
    with pytest.raises(SpoolError, match="damaged"):
        spool_mod.row_finding(["only", "three", "fields"])
    with pytest.raises(SpoolError, match="damaged"):
        spool_mod.row_finding([0] * 21)


def test_a_killed_runs_spool_folder_is_removed_by_a_later_run(tmp_path: Path) -> None:
    """Only spool folders older than a day go: a run still going keeps its own."""
    import os
    import time

    from seedlint.model import Report

    old = tmp_path / "spool-killedrun"
    old.mkdir()
    (old / "run-00000.msgpack").write_bytes(b"\x90")
    day_ago = time.time() - spool_mod.STALE_SPOOL_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    recent = tmp_path / "spool-running"
    recent.mkdir()
    report = SpooledReport(Report(tool_version="x", config_digest="y"), tmp_path)
    assert not old.exists() and recent.is_dir()
    assert report.folder.parent == tmp_path and report.folder.is_dir()
    report.close()
    assert not report.folder.exists()


def test_a_report_written_to_a_device_is_streamed_there_and_never_replayed(
    tmp_path: Path, raw_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--report json:/dev/null`` cannot be replaced by a finished file, and a recording
    could not read it back: it is written in place and the run is not kept for replay."""
    from seedlint.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(next(iter(sorted(raw_seeds.iterdir()))), docs / "a.txt")
    monkeypatch.chdir(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    args = ["docs", "--no-progress", "--report", "json:/dev/null", *cache]
    assert main(args) == 1
    assert main([*args, "--output-file", str(tmp_path / "r.txt")]) == 1
    first = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert main([*args, "--output-file", str(tmp_path / "r.txt")]) == 1
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == first
    assert not list(tmp_path.glob("docs/.*seedlint-tmp")) and Path("/dev/null").exists()


def test_more_runs_than_are_merged_at_once_keep_the_report_order_and_ties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs merged in groups first still give one stable sort's order: equal keys stay
    in the order they were added."""
    from seedlint.model import Category, Severity

    monkeypatch.setattr(spool_mod, "RUN_FINDINGS", 3)
    monkeypatch.setattr(spool_mod, "MERGE_FANIN", 2)
    fs = FindingSpool(tmp_path)
    added = []
    for i in range(40):
        f = Finding(
            code=f"A{(i * 7) % 3}",
            name="n",
            category=Category.ARTIFACT,
            severity=Severity.WARNING,
            path=f"p{(i * 5) % 4}",
            document=f"p{(i * 5) % 4}",
            line=(i * 3) % 2 + 1,
            column=1,
            end_line=1,
            end_column=2,
            message=f"m{i}",  # ties on the key differ here: their order must hold
            fingerprint="",
        )
        added.append(f)
        fs.add(f)
    got = [spool_mod.row_finding(r).message for r in fs.merged()]
    assert got == [f.message for f in sorted(added, key=REPORT_ORDER)]
    assert not list(tmp_path.iterdir())
