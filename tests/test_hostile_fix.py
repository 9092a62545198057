"""--fix on hostile input: legacy encodings that cannot hold the fixed text, fixes that
reveal more to fix, and a second --fix that must change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedlint.cli import main

LEGACY = {
    "big5": (
        "臺灣新聞報導，今天天氣很好。&nbsp;&nbsp;記者王小明報導&copy;版權所有"
        "&mdash;測試&#128512;文字。\n"
    ),
    "euc_jis_2004": (
        "きょうのニュースをおつたえします。わたしたちはとうきょうにいます。"
        "&nbsp;&nbsp;カタカナのテストです&copy;&mdash;&#128512;。\n"
    ),
    "cp949": "한국어 뉴스 기사입니다&nbsp;&nbsp;오늘 날씨가 좋습니다&copy;&mdash;&#128512;\n",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seedlint.yaml").write_text("expected-script: any\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    return docs


def _write_legacy(docs: Path) -> dict[str, bytes]:
    out = {}
    for enc, line in LEGACY.items():
        raw = (line * 6).encode(enc)
        (docs / f"{enc}.txt").write_bytes(raw)
        out[enc] = raw
    return out


def _snapshot(docs: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(docs.iterdir())}


@pytest.mark.parametrize(
    "only", [["--select", "M110,M111"], ["--ignore", "M101"]], ids=["entities", "no-M101"]
)
def test_fix_of_a_legacy_encoded_file_never_writes_what_its_encoding_cannot_hold(
    project: Path, only: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _write_legacy(project)
    code = main(["docs", "--fix", "--no-cache", "--no-progress", *only])
    assert code in (0, 1, 2)  # 2: a file whose encoding had rivals is not rewritten
    out = capsys.readouterr().out
    assert "cannot hold the fixed text" in out
    for enc in LEGACY:
        raw = (project / f"{enc}.txt").read_bytes()
        assert b"&#128512;" in raw  # no legacy encoding holds 😀: the entity stays
        assert "😀".encode() not in raw
    after = _snapshot(project)
    assert main(["docs", "--fix", "--no-cache", "--no-progress", *only]) == code
    assert _snapshot(project) == after  # and a second --fix has nothing left to try


def test_fix_of_a_legacy_encoded_file_transcodes_when_m101_applies(project: Path) -> None:
    raw = _write_legacy(project)
    assert main(["docs", "--fix", "--no-cache", "--no-progress", "--select", "M"]) in (0, 1, 2)
    for enc in LEGACY:
        now = (project / f"{enc}.txt").read_bytes()
        if enc == "euc_jis_2004" and now == raw[enc]:
            continue  # its encoding had a rival (gb18030): not rewritten, and said so
        text = now.decode("utf-8")
        assert "&copy;" not in text and "©" in text and "😀" in text
    after = _snapshot(project)
    assert main(["docs", "--fix", "--no-cache", "--no-progress", "--select", "M"]) in (0, 1, 2)
    assert _snapshot(project) == after
