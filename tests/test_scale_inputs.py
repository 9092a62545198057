"""Large inputs: JSONL and Parquet read as bounded batches, gzip/zstd decompressed on the
fly, oversized records reported as SL003 without being held, and every format giving
the same findings as the plain JSONL it was made from."""

from __future__ import annotations

import gzip
import hashlib
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from seedlint import sources
from seedlint.cli import main
from seedlint.engine import RuleSet
from seedlint.runner import RunOptions, RunResult, run
from seedlint.sources import SourceOptions, iter_units, parse_unit, read_file
from seedlint.testing import ruleset_for

RAW_SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"

CLAIM = (
    "2022年11月22日 来源：{src}\n21日零时至24时，重庆市新增本土确诊病例{n}例，"
    "新增本土无症状感染者6157例。\n"
)


def records(n: int = 40) -> list[dict[str, Any]]:
    """Short news-like records: a contradiction pair, template debris, clean filler."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        if i == 3:
            text = CLAIM.format(src="甲报", n=178)
        elif i == n - 2:
            text = CLAIM.format(src="乙报", n=187)
        elif i % 7 == 0:
            text = f"本报记者{{{{ author }}}}报道，第{i}期简报发布。\n"
        else:
            text = f"第{i}期：市民在公园里散步，天气晴朗，气温适宜。\n"
        out.append({"id": f"r{i}", "text": text, "url": f"https://example.com/{i}"})
    return out


def jsonl_bytes(recs: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")


def build_corpus(root: Path, n_records: int = 40) -> Path:
    """A small mixed corpus: the raw seeds, plain documents and a JSONL file."""
    docs = root / "corpus"
    docs.mkdir()
    for p in sorted(RAW_SEEDS.glob("*.txt")):
        (docs / p.name).write_bytes(p.read_bytes())
    (docs / "claim_a.txt").write_text(CLAIM.format(src="丙报", n=171), encoding="utf-8")
    (docs / "waived.txt").write_text(
        "---\nseedlint:\n  waive:\n    - {code: A001, reason: kept as a test case}\n---\n"
        "本报记者{{ author }}报道。\n",
        encoding="utf-8",
    )
    (docs / "records.jsonl").write_bytes(jsonl_bytes(records(n_records)))
    return docs


def _key(result: RunResult) -> list[tuple[str, str, int, int, int]]:
    """Findings without the file name (formats put the same records in other files)."""
    return sorted(
        (f.document.split("#", 1)[-1], f.code, f.line, f.column, f.end_column)
        for f in result.report.findings
    )


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "BATCH_RECORDS", 8)


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    return ruleset_for()


def test_jsonl_is_read_in_batches_that_together_hold_every_record(
    tmp_path: Path, small_batches: None
) -> None:
    p = tmp_path / "a.jsonl"
    p.write_bytes(jsonl_bytes(records(40)))
    shas: dict[str, str] = {}
    units = list(iter_units([p], tmp_path, SourceOptions(), file_sha=shas))
    assert [u.seq for u in units] == [0, 1, 2, 3, 4]
    assert all(len(u.records) == 8 for u in units)
    docs = [d for u in units for d in parse_unit(u, SourceOptions()).documents]
    assert [d.doc_id for d in docs] == [f"a.jsonl#r{i}" for i in range(40)]
    assert docs == read_file(p, tmp_path, SourceOptions()).documents
    assert shas["a.jsonl"] == hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst", ".parquet"])
def test_compressed_and_parquet_corpora_give_the_findings_of_plain_jsonl(
    tmp_path: Path, rs: RuleSet, small_batches: None, suffix: str
) -> None:
    recs = records(40)
    plain = tmp_path / "plain"
    other = tmp_path / "other"
    plain.mkdir()
    other.mkdir()
    (plain / "c.jsonl").write_bytes(jsonl_bytes(recs))
    target = other / f"c{suffix}"
    if suffix == ".jsonl.gz":
        target.write_bytes(gzip.compress(jsonl_bytes(recs)))
    elif suffix == ".jsonl.zst":
        zstandard = pytest.importorskip("zstandard")
        target.write_bytes(zstandard.ZstdCompressor().compress(jsonl_bytes(recs)))
    else:
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.Table.from_pylist(recs), target, row_group_size=16)
    a = run([plain], rs, tmp_path, RunOptions())
    b = run([other], rs, tmp_path, RunOptions())
    assert _key(a) == _key(b)
    assert {"A001", "C101"} <= {f.code for f in b.report.findings}
    assert len(b.report.documents) == 40
    # every record's report carries the hash of the file as stored (compressed)
    sha = hashlib.sha256(target.read_bytes()).hexdigest()
    assert {d.sha256 for d in b.report.documents} == {sha}


def test_a_record_over_the_size_limit_is_sl003_and_the_rest_are_checked(
    tmp_path: Path, rs: RuleSet
) -> None:
    recs = records(10)
    recs[4]["text"] = "很长的记录。" * 2000  # ~36 KB of text in one line
    p = tmp_path / "big.jsonl"
    p.write_bytes(jsonl_bytes(recs))
    cfg = rs.cfg.model_copy(update={"max_file_bytes": 4096})
    res = run([p], RuleSet(rs.all_rules, cfg), tmp_path, RunOptions())
    too_big = [f for f in res.report.findings if f.code == "SL003"]
    assert [(f.document, f.line) for f in too_big] == [("big.jsonl#5", 5)]
    assert "over the 4096-byte limit" in too_big[0].message
    assert len(res.report.documents) == 9
    assert "A001" in {f.code for f in res.report.findings}


def test_an_oversized_line_is_skipped_without_being_held_in_memory(tmp_path: Path) -> None:
    p = tmp_path / "huge.jsonl"
    with p.open("wb") as fh:
        fh.write(b'{"text": "' + b"x" * (24 << 20) + b'"}\n{"text": "ok"}\n')
    tracemalloc.start()
    units = list(iter_units([p], tmp_path, SourceOptions(max_bytes=1 << 20)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 << 20  # the 24 MB line was never in memory at once
    parsed = [parse_unit(u, SourceOptions(max_bytes=1 << 20)) for u in units]
    assert [p.code for sf in parsed for p in sf.problems] == ["SL003"]
    assert [d.text for sf in parsed for d in sf.documents] == ["ok"]


def test_streaming_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    line = jsonl_bytes([{"id": 0, "text": "市民在公园里散步，天气晴朗。" * 40}])

    def peak_for(n: int) -> int:
        p = tmp_path / f"n{n}.jsonl"
        p.write_bytes(line * n)
        tracemalloc.start()
        docs = 0
        for u in iter_units([p], tmp_path, SourceOptions()):
            docs += len(parse_unit(u, SourceOptions()).documents)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert docs == n
        return peak

    small, large = peak_for(1000), peak_for(8000)  # ~1.3 MB and ~10 MB of JSONL
    assert large < small * 1.5 + (256 << 10)


def test_txt_gz_document_is_linted_but_never_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    raw = gzip.compress("本报记者{{ author }}报道。\n".encode())
    (docs / "a.txt.gz").write_bytes(raw)
    warn = ["--fail-level", "warning"]
    assert main(["docs", "--no-progress", "--no-cache", "--select", "A001", *warn]) == 1
    assert main(["docs", "--fix", "--unsafe-fixes", "--no-progress", "--no-cache", *warn]) == 1
    assert (docs / "a.txt.gz").read_bytes() == raw


def test_truncated_gzip_reports_sl001_after_checking_what_it_could_read(
    tmp_path: Path, rs: RuleSet, small_batches: None
) -> None:
    data = gzip.compress(jsonl_bytes(records(40)))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) * 2 // 3])
    res = run([p], rs, tmp_path, RunOptions())
    codes = [f.code for f in res.report.findings]
    assert "SL001" in codes and res.exit_code() == 2
    assert 0 < len(res.report.documents) < 40


def test_parquet_rows_without_text_are_sl004_and_ids_name_documents(
    tmp_path: Path, rs: RuleSet
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.Table.from_pylist(
        [
            {"id": "x1", "text": "本报记者{{ author }}报道。"},
            {"id": "x2", "text": None},
            {"id": "x3", "text": "天气晴朗。"},
        ]
    )
    pq.write_table(table, tmp_path / "t.parquet")
    res = run([tmp_path / "t.parquet"], rs, tmp_path, RunOptions())
    found = sorted((f.document, f.code) for f in res.report.findings)
    assert ("t.parquet#2", "SL004") in found and ("t.parquet#x1", "A001") in found
    assert [d.document for d in res.report.documents] == ["t.parquet#x1", "t.parquet#x3"]


def test_empty_and_whitespace_only_records_are_sl005_not_documents(
    tmp_path: Path, rs: RuleSet
) -> None:
    lines = [
        {"id": "a", "text": "天气晴朗。"},
        {"id": "b", "text": ""},
        {"id": "c", "text": " \n\u3000\t"},
        {"text": "  "},
    ]
    (tmp_path / "e.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    res = run([tmp_path / "e.jsonl"], rs, tmp_path, RunOptions())
    sl005 = {(f.document, f.line) for f in res.report.findings if f.code == "SL005"}
    assert sl005 == {("e.jsonl#b", 2), ("e.jsonl#c", 3), ("e.jsonl#4", 4)}
    assert [d.document for d in res.report.documents] == ["e.jsonl#a"]


def test_whitespace_only_parquet_rows_are_sl005(tmp_path: Path, rs: RuleSet) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.Table.from_pylist(
        [
            {"id": "p1", "text": "天气晴朗。"},
            {"id": "p2", "text": "\r\n  "},
            {"id": "p3", "text": ""},
        ]
    )
    pq.write_table(table, tmp_path / "w.parquet")
    res = run([tmp_path / "w.parquet"], rs, tmp_path, RunOptions())
    sl005 = sorted(f.document for f in res.report.findings if f.code == "SL005")
    assert sl005 == ["w.parquet#p2", "w.parquet#p3"]
    assert [d.document for d in res.report.documents] == ["w.parquet#p1"]


def test_empty_and_utf16_jsonl_keep_their_old_behaviour(tmp_path: Path, rs: RuleSet) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "wide.jsonl").write_bytes(
        '{"id": "w", "text": "本报记者{{ author }}报道。"}\n'.encode("utf-16")
    )
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + jsonl_bytes(records(3)))
    res = run([tmp_path], rs, tmp_path, RunOptions())
    found = {(f.document, f.code) for f in res.report.findings}
    assert ("empty.jsonl", "SL005") in found
    assert ("wide.jsonl#w", "A001") in found and ("bom.jsonl#r0", "A001") in found
    encodings = {d.document: d.encoding for d in res.report.documents}
    assert encodings["wide.jsonl#w"] == "utf-16" and encodings["bom.jsonl#r0"] == "utf-8-sig"


def test_default_include_finds_compressed_and_parquet_files(tmp_path: Path) -> None:
    for name in ["a.jsonl.gz", "b.jsonl.zst", "c.txt.gz", "d.parquet", "e.bin.gz"]:
        (tmp_path / name).write_bytes(b"x")
    files, _ = sources.discover([tmp_path], tmp_path, SourceOptions())
    assert [f.name for f in files] == ["a.jsonl.gz", "b.jsonl.zst", "c.txt.gz", "d.parquet"]


def test_a_compressed_file_that_inflates_past_the_limit_is_sl003(
    tmp_path: Path, rs: RuleSet
) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (1 << 20)))
    cfg = rs.cfg.model_copy(update={"max_file_bytes": 64 * 1024})
    res = run([tmp_path], RuleSet(rs.all_rules, cfg), tmp_path, RunOptions())
    assert [(f.code, f.path) for f in res.report.findings] == [("SL003", "bomb.txt.gz")]
    assert "decompresses to over the 65536-byte limit" in res.report.findings[0].message
