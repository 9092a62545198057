"""Hostile files: compression bombs, symlinks that leave the linted root, symlink loops,
unreadable and read-only files, and two --fix runs at once."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from seedlint import sources
from seedlint.engine import RuleSet
from seedlint.runner import RunOptions, RunResult, run
from seedlint.testing import ruleset_for

LINE = '{"id": 1, "text": "重庆市新增本土确诊病例。"}\n'.encode()


def _zstd_bomb(path: Path, chunk: bytes, total: int) -> None:
    zstandard = pytest.importorskip("zstandard")
    with path.open("wb") as fh, zstandard.ZstdCompressor(level=3).stream_writer(fh) as w:
        block = chunk * ((1 << 20) // len(chunk))
        for _ in range(total // len(block)):
            w.write(block)


def _gzip_bomb(path: Path, chunk: bytes, total: int) -> None:
    with path.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9) as w:
        block = chunk * ((1 << 20) // len(chunk))
        for _ in range(total // len(block)):
            w.write(block)


def _ruleset(max_bytes: int) -> RuleSet:
    rs = ruleset_for(["SL001", "SL003", "M105"])
    cfg = rs.cfg.model_copy(update={"max_file_bytes": max_bytes})
    return RuleSet(rs.all_rules, cfg)


def _run(root: Path, max_bytes: int) -> RunResult:
    return run([root], _ruleset(max_bytes), root, RunOptions())


@pytest.mark.parametrize("maker", [_gzip_bomb, _zstd_bomb], ids=["gzip", "zstd"])
def test_a_text_bomb_stops_at_the_size_limit_in_bounded_memory(
    tmp_path: Path,
    maker,  # type: ignore[no-untyped-def]
) -> None:
    maker(tmp_path / ("bomb.txt.gz" if maker is _gzip_bomb else "bomb.txt.zst"), b"a", 32 << 20)
    rs = _ruleset(1 << 20)
    tracemalloc.start()
    try:
        res = run([tmp_path], rs, tmp_path, RunOptions())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f.code for f in res.report.findings] == ["SL003"]
    assert "decompresses to over" in res.report.findings[0].message
    assert peak < 8 << 20  # the limit (1 MiB) and buffers, never the 32 MiB


@pytest.mark.parametrize("maker", [_gzip_bomb, _zstd_bomb], ids=["gzip", "zstd"])
def test_a_jsonl_bomb_is_stopped_with_sl003_after_a_bounded_read(
    tmp_path: Path,
    maker,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sources, "MAX_EXPANSION", 20)
    suffix = ".jsonl.gz" if maker is _gzip_bomb else ".jsonl.zst"
    bomb = tmp_path / f"bomb{suffix}"
    maker(bomb, LINE, 32 << 20)
    stored = bomb.stat().st_size
    assert stored < (32 << 20) // 100  # a bomb: over 100 times smaller than its content
    res = _run(tmp_path, 256 << 10)
    sl003 = [f for f in res.report.findings if f.code == "SL003"]
    assert len(sl003) == 1 and "compression bomb" in sl003[0].message
    read = res.stats["documents"] * len(LINE)
    assert read <= max(256 << 10, 20 * stored) + (2 << 20)
