"""Hostile files: compression bombs, symlinks that leave the linted root, symlink loops,
unreadable and read-only files, and two --fix runs at once."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from helpers import colour_project, user_project
from seedlint import sources
from seedlint.cli import main
from seedlint.engine import RuleSet
from seedlint.manifest import Manifest
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


# ---------------------------------------------------------------------------------------
# Paths: symlinks, loops, FIFOs, unreadable and read-only files, concurrent --fix


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return colour_project(root)


def _json_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--no-cache", "--no-progress", "--output-format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_a_symlink_leaving_the_root_is_reported_never_read_and_never_written(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("colour TOPSECRET\n", encoding="utf-8")
    (project / "link.txt").symlink_to(secret)
    code, report = _json_run(["docs", "--fix"], capsys)
    assert code == 0  # SL010 is a warning
    assert "TOPSECRET" not in json.dumps(report)
    sl010 = [f for f in report["findings"] if f["code"] == "SL010"]
    assert [f["document"] for f in sl010] == ["docs/link.txt"]
    assert secret.read_text(encoding="utf-8") == "colour TOPSECRET\n"
    assert (project / "link.txt").is_symlink()
    assert (project / "a.txt").read_text(encoding="utf-8") == "my color\n"


def test_a_symlink_inside_the_root_is_fixed_through_and_stays_a_link(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = project.parent / "other"
    other.mkdir()
    (other / "real.txt").write_text("a favour\n", encoding="utf-8")
    (project / "link.txt").symlink_to(Path("..") / "other" / "real.txt")
    code, report = _json_run(["docs", "--fix"], capsys)
    assert code == 0, report["findings"]
    assert (project / "link.txt").is_symlink()
    assert (other / "real.txt").read_text(encoding="utf-8") == "a favor\n"


def test_symlink_loops_and_fifos_end_as_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "self.txt").symlink_to("self.txt")
    (project / "ping.txt").symlink_to("pong.txt")
    (project / "pong.txt").symlink_to("ping.txt")
    (project / "sub").mkdir()
    (project / "sub" / "up").symlink_to("..")  # a folder loop: never followed
    (project / "dangling.txt").symlink_to("nowhere.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(project / "pipe.txt")  # reading it would block forever
    code, report = _json_run(["docs", "--fix"], capsys)
    assert code == 2  # unreadable input
    sl001 = sorted(f["document"] for f in report["findings"] if f["code"] == "SL001")
    expected = ["docs/dangling.txt", "docs/ping.txt", "docs/pong.txt", "docs/self.txt"]
    if hasattr(os, "mkfifo"):
        expected = sorted([*expected, "docs/pipe.txt"])
    assert sl001 == expected
    assert (project / "a.txt").read_text(encoding="utf-8") == "my color\n"


def test_an_unreadable_file_is_a_finding(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "locked.txt").write_text("colour\n", encoding="utf-8")
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)  # root reads through chmod 000
    code, report = _json_run(["docs", "--fix"], capsys)
    assert code == 2
    found = [(f["document"], f["code"]) for f in report["findings"]]
    assert ("docs/locked.txt", "SL001") in found
    assert "Permission denied" in json.dumps(report)


def test_a_read_only_file_is_not_rewritten_and_the_run_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ro = project / "ro.txt"
    ro.write_text("her favour\n", encoding="utf-8")
    ro.chmod(0o444)
    code = main(["docs", "--fix", "--no-cache", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ro.txt" in err and "read-only" in err
    assert ro.read_text(encoding="utf-8") == "her favour\n"
    assert (project / "a.txt").read_text(encoding="utf-8") == "my color\n"


def test_a_read_only_file_keeps_its_findings_and_no_fix_in_the_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A write that failed changed nothing, so the report lists the file's findings as
    they stand and records no fix for it, as it does for a container that failed."""
    ro = project / "ro.txt"
    ro.write_text("her favour\n", encoding="utf-8")
    ro.chmod(0o444)
    code, report = _json_run(["docs", "--fix"], capsys)
    assert code == 2
    entry = next(d for d in report["documents"] if d["document"] == "docs/ro.txt")
    assert entry["fixes"] == [] and entry["status"] != "fixed"
    assert [f["code"] for f in report["findings"] if f["document"] == "docs/ro.txt"] == ["T201"]
    fixed = next(d for d in report["documents"] if d["document"] == "docs/a.txt")
    assert len(fixed["fixes"]) == 1 and report["summary"]["fixed"] == 1


def test_two_fix_runs_at_once_leave_files_original_or_fixed_and_the_manifest_whole(
    project: Path,
) -> None:
    root = project.parent
    (root / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [rules]\nmanifest: docs/manifest.yaml\n", encoding="utf-8"
    )
    for i in range(60):
        (project / f"d{i:02}.txt").write_text(f"colour {i}\nfavour\n" * 50, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(sources.__file__).parent.parent)}
    cmd = [sys.executable, "-m", "seedlint", "docs", "--fix", "--no-cache", "--no-progress"]
    procs = [
        subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    for i in range(60):
        text = (project / f"d{i:02}.txt").read_text(encoding="utf-8")
        assert text == f"color {i}\nfavor\n" * 50
    manifest = Manifest.load(project / "manifest.yaml")  # parseable
    fixed = {k: e for k, e in manifest.entries.items() if k.startswith("d")}
    assert len(fixed) == 60
    assert all(len(e.fixes) == 1 for e in fixed.values())  # recorded once, not twice


@pytest.mark.parametrize(
    "line", [b"9" * 5000, b"[" * 100_000, b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}"]
)
def test_jsonl_lines_json_cannot_build_are_sl004_not_tracebacks(
    project: Path, line: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "x.jsonl").write_bytes(line + b"\n")
    code, report = _json_run(["docs"], capsys)
    assert code == 2
    assert ("docs/x.jsonl#1", "SL004") in [(f["document"], f["code"]) for f in report["findings"]]


def _compressed(kind: str, data: bytes, **kw: Any) -> bytes:
    if kind == "gzip":
        return gzip.compress(data)
    zstandard = pytest.importorskip("zstandard")
    return bytes(zstandard.ZstdCompressor(**kw).compress(data))


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
@pytest.mark.parametrize("fmt", [".txt", ".jsonl"])
def test_a_truncated_compressed_file_is_unreadable_and_exits_2_for_gzip_and_zstd_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    docs = user_project(tmp_path)
    body = LINE * 3000 if fmt == ".jsonl" else "重庆发布消息。\n".encode() * 3000
    whole = _compressed(kind, body)
    ext = ".gz" if kind == "gzip" else ".zst"
    for cut in (len(whole) // 2, len(whole) - 1, 6):
        (docs / f"half{fmt}{ext}").write_bytes(whole[:cut])
        res = run([docs], _ruleset(1 << 26), tmp_path, RunOptions())
        codes = {f.code for f in res.report.findings}
        assert "SL001" in codes and "SL005" not in codes, (cut, codes)
    assert main(["docs", "--no-cache", "--no-progress"]) == 2


@pytest.mark.parametrize(
    "options", [{}, {"write_checksum": True}, {"level": 19}], ids=["plain", "checksum", "l19"]
)
def test_whole_zstd_files_of_several_frames_read_in_full(tmp_path: Path, options: Any) -> None:
    zstandard = pytest.importorskip("zstandard")
    text = "重庆发布消息。\n".encode() * 3000
    data = _compressed("zstd", text, **options) + bytes(
        zstandard.ZstdCompressor().compress("第二帧\n".encode())
    )
    # a skippable frame (metadata some tools write) between the two
    data += (0x184D2A53).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    data += bytes(zstandard.ZstdCompressor().compress(b""))
    assert sources._decompress(data, "zstd", 1 << 26) == text + "第二帧\n".encode()
    (tmp_path / "a.txt.zst").write_bytes(data)
    res = run([tmp_path], _ruleset(1 << 26), tmp_path, RunOptions())
    assert [f.code for f in res.report.findings] == []


@pytest.mark.parametrize("with_file", [True, False], ids=["file-and-links", "links-only"])
def test_two_links_to_one_file_are_one_document_reported_and_fixed_once(
    project: Path, capsys: pytest.CaptureFixture[str], with_file: bool
) -> None:
    """A file and two symlinks to it (or only the links) are one document: one finding,
    one rewrite, the links kept as links."""
    shared = project.parent / "shared"
    shared.mkdir()
    real = (project if with_file else shared) / "real.txt"
    real.write_text("the favour\n", encoding="utf-8")
    (project / "link1.txt").symlink_to(real)
    (project / "link2.txt").symlink_to(real)
    os.link(project / "a.txt", project / "hard.txt")  # a hard link: the same file too
    code, report = _json_run(["docs"], capsys)
    docs = sorted(d["path"] for d in report["documents"])
    expected = ["docs/a.txt", "docs/real.txt"] if with_file else ["docs/a.txt", "docs/link1.txt"]
    assert docs == expected
    assert sorted(f["document"] for f in report["findings"] if f["code"] == "T201") == expected
    code, _ = _json_run(["docs", "--fix"], capsys)
    assert code == 0
    assert real.read_text(encoding="utf-8") == "the favor\n"
    assert (project / "link1.txt").is_symlink() and (project / "link2.txt").is_symlink()


def test_a_folder_that_cannot_be_listed_is_an_sl001_finding_not_skipped(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its files would be missing from a run that passes: it is reported, exit 2."""
    (project / "sub").mkdir()
    (project / "sub" / "b.txt").write_text("a favour\n", encoding="utf-8")
    real = os.scandir

    def deny(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fsdecode(path).rstrip("/").endswith("sub"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", deny)  # root lists through chmod 000
    for argv in (["docs"], ["docs", "--fix"]):
        code, report = _json_run(argv, capsys)
        assert code == 2
        sl001 = [f for f in report["findings"] if f["code"] == "SL001"]
        assert [f["document"] for f in sl001] == ["docs/sub"]
        assert "folder cannot be read" in sl001[0]["message"]
    assert (project / "a.txt").read_text(encoding="utf-8") == "my color\n"
