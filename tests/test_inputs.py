"""Bad input gets a clear message and the right exit code, never a traceback; the run goes
on over the other files and nothing is written to a file that was not understood."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import user_project
from seedlint.cli import main


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    docs = user_project(tmp_path, "max-file-bytes: 4096\n")
    (docs / "good.txt").write_text("a colour here\n", encoding="utf-8")
    return docs


def _report(tmp_path: Path, *args: str) -> tuple[int, dict[str, object]]:
    rc = main(["docs", "--output-format", "json", "--output-file", "r.json", *args])
    return rc, json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def _codes(report: dict[str, object]) -> dict[str, str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {f["path"].rsplit("/", 1)[-1]: f["code"] for f in findings}


def test_binary_file_is_reported_and_the_run_continues(proj: Path, tmp_path: Path) -> None:
    (proj / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    rc, rep = _report(tmp_path)
    assert rc == 2
    codes = _codes(rep)
    assert codes["img.txt"] == "SL002" and codes["good.txt"] == "T201"


def test_file_over_the_size_limit_is_not_read(proj: Path, tmp_path: Path) -> None:
    (proj / "big.txt").write_text("x" * 5000, encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 2 and _codes(rep)["big.txt"] == "SL003"


def test_empty_file_is_a_warning_not_an_io_error(proj: Path, tmp_path: Path) -> None:
    (proj / "empty.txt").write_bytes(b"")
    (proj / "good.txt").write_text("fine\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 0 and _codes(rep) == {"empty.txt": "SL005"}
    assert main(["docs", "--fail-level", "warning"]) == 1


def test_whitespace_only_file_is_an_empty_document(proj: Path, tmp_path: Path) -> None:
    (proj / "blank.txt").write_bytes(b" \r\n\t\r\n")
    (proj / "u16blank.txt").write_bytes("\u3000\u3000\n".encode("utf-16"))
    (proj / "good.txt").write_text("fine\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 0 and _codes(rep) == {"blank.txt": "SL005", "u16blank.txt": "SL005"}


def test_undecodable_bytes_are_reported_never_offered_a_fix_and_never_rewritten(
    proj: Path, tmp_path: Path
) -> None:
    raw = b"colour " + bytes([0x81, 0xFF, 0xFE, 0x80]) * 3 + b"\n"
    (proj / "bad.txt").write_bytes(raw)
    rc, rep = _report(tmp_path)
    # The encoding was a guess with rivals, so the fixer would refuse to write the file:
    # its findings offer no fix, and --fix neither counts nor tries one.
    bad = [f for f in rep["findings"] if f["path"] == "docs/bad.txt"]  # type: ignore[union-attr]
    assert rc == 1 and bad and all(f["fix"] is None for f in bad)
    rc = main(["docs", "--fix", "--no-progress"])
    assert rc == 1
    assert (proj / "bad.txt").read_bytes() == raw


def test_utf16_with_bom_is_read(proj: Path, tmp_path: Path) -> None:
    (proj / "u16.txt").write_bytes("favour the test\n".encode("utf-16"))
    (proj / "good.txt").write_text("fine\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 1 and _codes(rep) == {"u16.txt": "T201"}
    docs = {d["path"]: d for d in rep["documents"]}  # type: ignore[union-attr]
    assert docs["docs/u16.txt"]["encoding"] == "utf-16"


def test_crlf_document_reports_right_columns(proj: Path, tmp_path: Path) -> None:
    (proj / "good.txt").write_bytes(b"line one\r\nmy colour\r\n")
    rc, rep = _report(tmp_path)
    f = rep["findings"][0]  # type: ignore[index]
    assert rc == 1 and (f["line"], f["column"], f["end_column"]) == (2, 4, 10)


def test_missing_path_exits_2_after_checking_the_rest(
    proj: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["docs", "nope/", "--no-progress"])
    out = capsys.readouterr()
    assert rc == 2
    assert "nope: no such file or directory" in out.err
    assert "T201" in out.out


def test_folder_without_documents_exits_2_with_a_message(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "emptydir" / "x.bin").write_bytes(b"\x00")
    assert main(["emptydir"]) == 2
    assert "no documents found" in capsys.readouterr().err


def test_malformed_jsonl_line_is_reported_with_its_line_and_others_are_checked(
    proj: Path, tmp_path: Path
) -> None:
    (proj / "good.txt").unlink()
    (proj / "c.jsonl").write_text(
        '{"id": "a", "text": "nice colour"}\n{"id": "b", "text": broken\n'
        '{"id": "c", "title": "no text"}\n{"id": "d", "text": "fine"}\n',
        encoding="utf-8",
    )
    rc, rep = _report(tmp_path)
    assert rc == 2
    found = sorted((f["document"], f["code"], f["line"]) for f in rep["findings"])  # type: ignore[union-attr]
    assert found == [
        ("docs/c.jsonl#2", "SL004", 2),
        ("docs/c.jsonl#3", "SL004", 3),
        ("docs/c.jsonl#a", "T201", 1),
    ]


def test_jsonl_record_fix_rewrites_only_its_text_field(proj: Path) -> None:
    (proj / "good.txt").unlink()
    raw = '{"id": "a", "text": "nice colour"}\n'
    (proj / "c.jsonl").write_text(raw, encoding="utf-8")
    assert main(["docs", "--fix", "--no-progress"]) == 0
    assert (proj / "c.jsonl").read_text(encoding="utf-8") == '{"id": "a", "text": "nice color"}\n'


def test_front_matter_is_metadata_and_lines_count_from_the_file_start(
    proj: Path, tmp_path: Path
) -> None:
    (proj / "good.txt").write_text("---\nsource: X\n---\nmy colour\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    f = rep["findings"][0]  # type: ignore[index]
    assert rc == 1 and (f["line"], f["column"]) == (4, 4)
    assert main(["docs", "--fix", "--no-progress"]) == 0
    assert (proj / "good.txt").read_text(encoding="utf-8") == "---\nsource: X\n---\nmy color\n"


def test_broken_front_matter_is_a_finding_not_a_crash(proj: Path, tmp_path: Path) -> None:
    (proj / "good.txt").write_text("---\nsource: [unclosed\n---\nbody\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 0 and _codes(rep) == {"good.txt": "SL006"}


def test_a_crashing_rule_becomes_a_finding_and_other_rules_still_run(
    proj: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedlint.detectors.pattern import PatternDetector

    def boom(self: object, doc: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(PatternDetector, "check", boom)
    # T202's regex needs `!!`: the engine's trigger gate skips it on a document without
    # one, so the document holds one for the rule to run (and crash) at all.
    (proj / "good.txt").write_text("a colour here!!\n", encoding="utf-8")
    rc, rep = _report(tmp_path)
    assert rc == 2
    found = sorted((f["code"], f["message"]) for f in rep["findings"])  # type: ignore[union-attr]
    assert found[0][0] == "SL009" and "T202" in found[0][1] and "kaboom" in found[0][1]
    assert found[1][0] == "T201"


def test_gbk_text_with_a_private_use_mark_is_read_not_called_undecodable(
    proj: Path, tmp_path: Path
) -> None:
    # The shape of a real SogouCS record: GBK bytes in which a private-use code point
    # (U+E40C) marks each lost paragraph break. charset-normalizer rejects the file; a
    # strict GB18030 decode reads it exactly.
    text = "同心县地处宁夏中部干旱带的核心区，冬寒长，春暖迟。\ue40c夏热短，秋凉早，干旱少雨。\n"
    (proj / "sogou.txt").write_bytes(text.encode("gb18030"))
    rc, rep = _report(tmp_path)
    codes = [f["code"] for f in rep["findings"]]  # type: ignore[union-attr]
    assert rc != 2 and "SL001" not in codes
    docs = {d["path"]: d for d in rep["documents"]}  # type: ignore[union-attr]
    assert docs["docs/sogou.txt"]["encoding"] == "gb18030"


def _gb_page(broken: int) -> bytes:
    # The shape of a real GB2312 page: here and there a character's lead byte is followed
    # by an ASCII quote instead of its trail byte (a cut between the two), and every
    # strict decode fails; charset-normalizer finds no fit either.
    para = (
        "人们开始把“形式”与“功能”联系起来了，所以他们选择和确定某些木棍和石块作为工具。"
        "当然，木棍已不复存在，只有少数石块留存至今。"
    )
    raw = b"\n".join([para.encode("gb18030")] * 30)
    return raw.replace("把“".encode("gb18030"), b"\xb0\x22", broken)


def _default_pack_report(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    rc = main(["docs", "--no-cache", "--output-format", "json", "--output-file", "r.json", *args])
    return rc, json.loads((root / "r.json").read_text(encoding="utf-8"))


def test_a_gb_file_with_a_few_broken_characters_is_read_with_each_loss_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    raw = _gb_page(3)
    (tmp_path / "docs" / "page.txt").write_bytes(raw)
    _, rep = _default_pack_report(tmp_path)
    codes = [f["code"] for f in rep["findings"]]
    assert "SL001" not in codes and codes.count("M105") == 3
    assert [f["line"] for f in rep["findings"] if f["code"] == "M105"] == [1, 2, 3]
    assert rep["documents"][0]["encoding"] == "gb18030"
    # The text read is not the bytes: no fix may rewrite the file, unsafe ones included.
    main(["docs", "--no-cache", "--fix", "--unsafe-fixes", "--no-progress"])
    assert (tmp_path / "docs" / "page.txt").read_bytes() == raw


def test_a_gb_file_broken_throughout_is_still_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.txt").write_bytes(_gb_page(30))
    _, rep = _default_pack_report(tmp_path)
    assert [f["code"] for f in rep["findings"]] == ["SL001"]


def test_an_unreadable_file_that_decodes_into_symbols_says_so() -> None:
    from seedlint.sources import undecodable_message

    # Big5 text whose high bytes were mostly replaced by `?`: what is left decodes
    # strictly as Big5, into symbols; "no encoding fits" would not be true.
    mangled = "?§¥D?]?C (R)]?l???G?Z¥?§L?§?k?A¥?°??°?W?A‾}°?|??§?F¥?《Dμ1/2?§\n" * 40
    says = undecodable_message(mangled.encode("big5"))
    assert "they decode as Big5, but only" in says and "are then Chinese" in says
    assert undecodable_message(bytes([0x81, 0xFF, 0xFE, 0x80]) * 3) == (
        "undecodable: no text encoding fits these bytes"
    )
