"""``--fix`` on records inside containers: JSONL (plain, gzip, zstd) and Parquet.

Only the text field of a fixed record changes; every other byte of the file survives a
fix and a second fix; the rewrite is atomic; a record that cannot be written is left as
it was and said so; ``--diff`` shows record-level diffs and says "would"."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import user_project
from seedlint.cli import main
from seedlint.containerfix import splice_record, text_token_span

ROOT = Path(__file__).resolve().parent.parent

# Key order, spacing, escapes, nested values and a CRLF line: all must survive.
LINES = [
    '{"id": "a", "text": "nice colour", "meta": {"k": [1, 2.50, null]}}\n',
    '{"id":"b" ,  "text" :"all fine here","n":1}\r\n',
    '{"text": "\\u4e2d colour \\ud83d\\ude00", "id": "c", "extra": "colour"}\n',
    '{"id": "d", "text": "好的 colour。", "t": "x"}\n',
]
FIXED = [
    '{"id": "a", "text": "nice color", "meta": {"k": [1, 2.50, null]}}\n',
    LINES[1],
    '{"text": "\\u4e2d color \\ud83d\\ude00", "id": "c", "extra": "colour"}\n',
    '{"id": "d", "text": "好的 color。", "t": "x"}\n',
]
RAW = "".join(LINES).encode("utf-8")


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return user_project(tmp_path)


def _compress(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data)
    if how == "zstd":
        import zstandard

        return zstandard.ZstdCompressor().compress(data)
    return data


def _decompress(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.decompress(data)
    if how == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return data


@pytest.mark.parametrize(
    ("name", "how"), [("c.jsonl", "none"), ("c.jsonl.gz", "gzip"), ("c.jsonl.zst", "zstd")]
)
def test_jsonl_fix_changes_only_text_fields_and_a_second_fix_changes_nothing(
    docs: Path, name: str, how: str
) -> None:
    if how == "zstd":
        pytest.importorskip("zstandard")
    path = docs / name
    path.write_bytes(_compress(RAW, how))
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 0
    assert _decompress(path.read_bytes(), how).decode("utf-8") == "".join(FIXED)
    once = path.read_bytes()
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 0
    assert path.read_bytes() == once  # nothing left to fix: the file is not even rewritten


def test_parquet_fix_keeps_schema_row_order_and_other_columns(docs: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "text": ["nice colour", "fine", "colour again"],
            "n": pa.array([1, 2, 3], type=pa.int16()),
        }
    ).replace_schema_metadata({b"origin": b"crawl-7"})
    pq.write_table(table, docs / "p.parquet", compression="zstd")
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 0
    out = pq.read_table(docs / "p.parquet")
    assert out.schema == table.schema and out.schema.metadata == table.schema.metadata
    assert out.column("text").to_pylist() == ["nice color", "fine", "color again"]
    assert out.column("id").to_pylist() == ["a", "b", "c"]
    assert out.column("n").to_pylist() == [1, 2, 3]
    assert pq.ParquetFile(docs / "p.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    once = (docs / "p.parquet").read_bytes()
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 0
    assert (docs / "p.parquet").read_bytes() == once


def test_compressed_plain_file_is_fixed_and_recompressed(docs: Path) -> None:
    (docs / "a.txt.gz").write_bytes(gzip.compress(b"one colour\r\nno newline at end"))
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 0
    assert gzip.decompress((docs / "a.txt.gz").read_bytes()) == b"one color\r\nno newline at end"


def test_diff_shows_record_level_diffs_and_writes_nothing(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "c.jsonl").write_bytes(RAW)
    assert main(["docs", "--diff", "--no-progress", "--no-cache", "--show-fixes"]) == 1
    out = capsys.readouterr().out
    assert (docs / "c.jsonl").read_bytes() == RAW
    assert "--- a/docs/c.jsonl#a\n+++ b/docs/c.jsonl#a\n" in out
    assert "-nice colour\n\\ No newline at end of file\n+nice color\n" in out
    assert "would fix docs/c.jsonl#a" in out and "would apply 3 fix(es)" in out
    assert "applied" not in out


def test_manifest_records_each_fixed_records_text_hashes(tmp_path: Path, docs: Path) -> None:
    import hashlib

    (tmp_path / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [rules]\nmanifest: docs/MANIFEST.yaml\n", encoding="utf-8"
    )
    (docs / "c.jsonl").write_bytes(RAW)
    main(["docs", "--fix", "--no-progress", "--no-cache"])
    from seedlint.yamlsafe import load_yaml_file

    manifest = load_yaml_file(docs / "MANIFEST.yaml")
    text = json.dumps(manifest)
    fix = next(iter(_find_fixes(manifest)))
    assert fix["count"] == 3 and fix["codes"] == ["T201"]
    recs = {r["document"]: r for r in fix["records"]}
    assert sorted(recs) == ["docs/c.jsonl#a", "docs/c.jsonl#c", "docs/c.jsonl#d"]
    h = hashlib.sha256
    assert recs["docs/c.jsonl#a"]["sha256_before"] == h(b"nice colour").hexdigest()
    assert recs["docs/c.jsonl#a"]["sha256_after"] == h(b"nice color").hexdigest()
    assert fix["sha256_after"] == h((docs / "c.jsonl").read_bytes()).hexdigest()
    assert "all fine" not in text


def _find_fixes(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        if "sha256_before" in node and "records" in node:
            return [node]
        return [f for v in node.values() for f in _find_fixes(v)]
    if isinstance(node, list):
        return [f for v in node for f in _find_fixes(v)]
    return []


def test_a_record_that_cannot_be_written_is_left_and_reported(
    docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import seedlint.containerfix as cf

    real = cf.splice_record

    def refuse_b(line: str, key: str, text: str) -> str | None:
        return None if '"id": "a"' in line else real(line, key, text)

    monkeypatch.setattr(cf, "splice_record", refuse_b)
    (docs / "c.jsonl").write_bytes(RAW)
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "docs/c.jsonl#a: fix not written" in err
    lines = (docs / "c.jsonl").read_bytes().decode("utf-8").splitlines(keepends=True)
    assert lines == [LINES[0], *FIXED[1:]]


def test_a_record_whose_fix_would_pass_the_size_limit_is_left_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fix that grows a record past max-file-bytes is not written (the file could not
    be read back); the other records of the file are."""
    monkeypatch.chdir(tmp_path)
    docs = user_project(tmp_path, "max-file-bytes: 300\n")
    (tmp_path / "rules" / "grow.yaml").write_text(
        textwrap.dedent(
            """
            rules:
              - code: T203
                name: expand-abbreviation
                category: artifact
                kind: substitution
                message: "`{match}` -> `{replacement}`"
                params: {table: {abv: written-out-in-full}}
                fix: safe
                examples: {bad: [{text: "abv", fixed: "written-out-in-full"}]}
            """
        ),
        encoding="utf-8",
    )
    lines = ['{"id": "a", "text": "' + "abv " * 14 + '"}\n', '{"id": "b", "text": "one abv"}\n']
    raw = "".join(lines).encode("utf-8")
    assert len(raw) < 300
    (docs / "g.jsonl").write_bytes(raw)
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "docs/g.jsonl#a: fix not written" in err and "300-byte limit" in err
    assert (docs / "g.jsonl").read_text(encoding="utf-8") == (
        lines[0] + '{"id": "b", "text": "one written-out-in-full"}\n'
    )


def test_a_file_changed_since_it_was_linted_is_not_rewritten(docs: Path) -> None:
    from seedlint.containerfix import RecordFix, rewrite_jsonl

    (docs / "c.jsonl").write_bytes(RAW)
    fix = RecordFix(1, "c.jsonl#a", "nice color", "x", "y")
    done = rewrite_jsonl(docs / "c.jsonl", None, [fix], "text", "0" * 64, 1 << 20)
    assert done.sha256_after is None and "changed since it was linted" in done.errors[0]
    assert (docs / "c.jsonl").read_bytes() == RAW
    assert not [p for p in docs.iterdir() if p.name.endswith(".seedlint.tmp")]


@pytest.mark.parametrize("when", ["before_rename", "after_rename"])
def test_a_kill_during_the_rewrite_leaves_the_old_file_or_the_new_one(
    docs: Path, when: str
) -> None:
    """SIGKILL the process in the middle of the rewrite: never a mix of the two files."""
    (docs / "c.jsonl").write_bytes(RAW)
    hook = "os.fsync" if when == "before_rename" else "os.replace"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        real = {hook}
        def die(*a):
            if {when == "after_rename"!r}:
                real(*a)
            os.kill(os.getpid(), signal.SIGKILL)
        {hook} = die
        from seedlint.cli import main
        main(["docs", "--fix", "--no-progress", "--no-cache", "--jobs", "1"])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lint")}
    proc = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert proc.returncode == -9
    data = (docs / "c.jsonl").read_bytes()
    expected = RAW if when == "before_rename" else "".join(FIXED).encode("utf-8")
    assert data == expected


def _parquet_bytes(texts: list[str]) -> bytes:
    import io

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["a", "b"], "text": texts}), buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["c.jsonl.gz", "c.jsonl.zst", "p.parquet"])
def test_a_kill_during_a_container_rewrite_leaves_the_old_file(docs: Path, name: str) -> None:
    """The same SIGKILL for compressed JSONL and Parquet, whose rewrite streams through a
    compressor or pyarrow into the temporary file: killed once that file is complete but
    not yet renamed, the original is still there, whole (the rename itself is atomic,
    as the plain JSONL test above shows)."""
    if name.endswith(".zst"):
        pytest.importorskip("zstandard")
    path = docs / name
    if name.endswith(".parquet"):
        path.write_bytes(_parquet_bytes(["nice colour", "fine"]))
    else:
        path.write_bytes(_compress(RAW, "gzip" if name.endswith(".gz") else "zstd"))
    old = path.read_bytes()
    script = textwrap.dedent(
        """
        import os, signal
        def die(*a):
            os.kill(os.getpid(), signal.SIGKILL)
        os.fsync = die
        from seedlint.cli import main
        main(["docs", "--fix", "--no-progress", "--no-cache", "--jobs", "1"])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lint")}
    proc = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert proc.returncode == -9  # killed inside the rewrite: there was a fix to write
    assert path.read_bytes() == old


def test_text_token_span_takes_the_last_key_like_json_loads() -> None:
    line = '{"text": "one", "id": 1, "text": "two"}'
    start, end = text_token_span(line, "text") or (0, 0)
    assert line[start:end] == '"two"'
    assert text_token_span('["text"]', "text") is None
    assert text_token_span('{"text": "x"} trailing', "text") is None


def test_splice_keeps_escape_style_and_refuses_non_string_values() -> None:
    assert splice_record('{"text": "\\u4e2d"}', "text", "中文") == '{"text": "\\u4e2d\\u6587"}'
    assert splice_record('{"text": "中"}', "text", "中文") == '{"text": "中文"}'
    assert splice_record('{"text": "a", "x": "a\\"b"}', "text", "b") == (
        '{"text": "b", "x": "a\\"b"}'
    )


def test_utf16_jsonl_records_offer_no_fix_they_could_not_get(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "w.jsonl").write_bytes('{"id": "a", "text": "nice colour"}\n'.encode("utf-16"))
    assert main(["docs", "--no-progress", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "fixable" not in out and "[*]" not in out
    assert main(["docs", "--fix", "--no-progress", "--no-cache"]) == 1


def test_diff_shows_a_transcode_and_says_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "重庆市召开疫情防控工作专题汇报会，强调要深入贯彻落实重要指示精神。" * 5 + "\n"
    (tmp_path / "g.txt").write_bytes(text.encode("gb18030"))
    main(["g.txt", "--diff", "--show-fixes", "--unsafe-fixes", "--no-progress", "--no-cache"])
    out = capsys.readouterr().out
    assert "would transcode g.txt: gb18030 -> utf-8" in out
    assert "applied" not in out and "would apply" in out
    assert (tmp_path / "g.txt").read_bytes() == text.encode("gb18030")
