"""M101 through the CLI on real files: non-UTF-8 files are named and transcoded, BOMs dropped.

The GBK, GB18030 and Big5 samples are CPython's cjkencodings test data, each with its
UTF-8 twin, so a transcoded file can be compared byte for byte with the truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_corpus
from seedlint.cli import main


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "docs"
    d.mkdir()
    return d


def _run(*args: str) -> int:
    return main(["docs", "--select", "M101", "--no-cache", "--no-progress", "--jobs", "1", *args])


def _findings(tmp: Path) -> list[dict[str, object]]:
    _run("--output-format", "json", "--output-file", "r.json")
    data = json.loads((tmp / "r.json").read_text(encoding="utf-8"))
    out: list[dict[str, object]] = data["findings"]
    return out


@pytest.mark.parametrize("name", ["gbk", "gb18030", "big5"])
def test_cjk_legacy_file_is_reported_then_transcoded_to_identical_utf8(
    work: Path, name: str
) -> None:
    cjk = shared_corpus("cpython", "Lib", "test", "cjkencodings")
    (work / f"{name}.txt").write_bytes((cjk / f"{name}.txt").read_bytes())
    found = _findings(work.parent)
    assert len(found) == 1
    msg = str(found[0]["message"])
    assert "not UTF-8" in msg and "confidence" in msg
    fix = found[0]["fix"]
    assert isinstance(fix, dict) and fix["encoding"] == "utf-8" and fix["applicability"] == "safe"
    _run("--fix")
    assert (work / f"{name}.txt").read_bytes() == (cjk / f"{name}-utf8.txt").read_bytes()
    assert _run() == 0  # the second run is clean


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_utf16_and_utf32_files_with_bom_become_utf8(work: Path, codec: str) -> None:
    text = "本报重庆11月22日电（记者王斌来）\n重慶市召開新冠肺炎疫情防控工作專題匯報會。\n"
    raw = b"\xfe\xff" + text.encode("utf-16-be") if codec == "utf-16-be-bom" else text.encode(codec)
    (work / "a.txt").write_bytes(raw)
    assert _run() == 1
    _run("--fix")
    assert (work / "a.txt").read_bytes() == text.encode("utf-8")
    assert _run() == 0


def test_utf8_bom_is_reported_as_a_warning_and_removed(work: Path) -> None:
    body = "---\ntitle: 测试\n---\n正文第一行\r\n第二行"
    (work / "a.txt").write_bytes(b"\xef\xbb\xbf" + body.encode())
    found = _findings(work.parent)
    assert [f["severity"] for f in found] == ["warning"]
    assert "byte-order mark" in str(found[0]["message"])
    _run("--fix")
    assert (work / "a.txt").read_bytes() == body.encode()  # CRLF and front matter untouched
    assert _run() == 0


def test_plain_utf8_file_is_not_reported_and_not_rewritten(work: Path) -> None:
    raw = "“战疫”升级版，全角标点：（）《》！？\n".encode()
    (work / "a.txt").write_bytes(raw)
    assert _run("--fix") == 0
    assert (work / "a.txt").read_bytes() == raw


def test_ambiguous_single_byte_guess_is_only_an_unsafe_fix(work: Path) -> None:
    # A few Latin-1 bytes: charset-normalizer cannot tell the Western code pages apart.
    raw = "Caf\xe9 cr\xe8me, na\xefve d\xe9j\xe0 vu".encode("latin-1")
    (work / "a.txt").write_bytes(raw)
    found = _findings(work.parent)
    assert len(found) == 1
    fix = found[0]["fix"]
    assert isinstance(fix, dict) and fix["applicability"] == "unsafe"
    assert "could also be" in str(found[0]["message"])
    _run("--fix")
    assert (work / "a.txt").read_bytes() == raw  # safe mode leaves the guess alone


def test_real_big5_web_page_is_detected_with_its_encoding(work: Path) -> None:
    page = shared_corpus("char-dataset", "big5", "sinica.edu.tw.xml")
    (work / "page.txt").write_bytes(page.read_bytes())
    found = _findings(work.parent)
    assert len(found) == 1 and "BIG5" in str(found[0]["message"]).upper()
    _run("--fix")
    assert (work / "page.txt").read_text(encoding="utf-8") == page.read_bytes().decode("big5")


@pytest.mark.parametrize(
    "title",
    ["失独父母的养老难题", "主题：Ｒｅ：包子老公的故事", "中华儿慈会公布救助项目名单"],
)
def test_short_gbk_file_charset_normalizer_misreads_is_read_as_gb18030(
    work: Path, tmp_path: Path, title: str
) -> None:
    # charset-normalizer reads these titles as CP949 or UTF-16-BE with confidence 1.0
    (work / "t.txt").write_bytes(title.encode("gbk"))
    (f,) = _findings(tmp_path)
    assert "GB18030" in str(f["message"])
    assert _run("--fix") == 0
    assert (work / "t.txt").read_text(encoding="utf-8") == title


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("대한민국 국어 사전 편찬 위원회가 발족했다", "euc_kr"),
        ("東京都の図書館の展示", "shift_jis"),
    ],
)
def test_korean_and_japanese_files_are_not_taken_for_gbk(
    work: Path, tmp_path: Path, text: str, codec: str
) -> None:
    (work / "t.txt").write_bytes(text.encode(codec))
    (f,) = _findings(tmp_path)
    assert "GB18030" not in str(f["message"])


def test_a_japanese_or_korean_guess_on_a_short_file_is_never_a_safe_fix(
    work: Path, tmp_path: Path
) -> None:
    raw = "대한민국 국어 사전 편찬 위원회가 발족했다".encode("euc_kr")
    (work / "t.txt").write_bytes(raw)
    (f,) = _findings(tmp_path)
    assert f["fix"] is not None and f["fix"]["applicability"] == "unsafe"  # type: ignore[index]
    assert _run("--fix") == 1 and (work / "t.txt").read_bytes() == raw
