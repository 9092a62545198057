"""Inline ``seedlint-disable`` comments in Markdown and HTML: waivers where people write
notes, with a reason required as for the metadata's waivers."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import user_project
from seedlint.cli import main

DOC = """\
<!-- seedlint-disable T201: the British spelling is quoted on purpose -->
the colour of money
the favour
<!-- seedlint-enable -->
the colour outside the block
<!-- seedlint-disable-next-line T201: a quotation -->
the colour on the next line
the colour two lines down
<!-- seedlint-disable-next-line T201 -->
the colour under a comment without a reason
<!-- seedlint-disable-next-line T202: nothing shouts here -->
calm line
"""


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEEDLINT_CACHE_DIR", str(tmp_path / ".cache"))
    return user_project(tmp_path)


@pytest.mark.parametrize("name", ["a.md", "a.html"])
def test_disable_blocks_and_next_line_comments_waive_with_a_reason(
    docs: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (docs / name).write_text(DOC, encoding="utf-8")
    assert main(["docs", "--concise"]) == 1
    out = capsys.readouterr().out
    flagged = {int(line.split(":")[1]) for line in out.splitlines() if f"docs/{name}:" in line}
    t201 = {int(ln.split(":")[1]) for ln in out.splitlines() if " T201 " in ln}
    assert t201 == {5, 8, 10}, out  # outside the block, two lines down, reasonless
    assert f"docs/{name}:9:1: SL007" in out  # the comment without a reason
    assert f"docs/{name}:11:1: SL008" in out  # a comment that waives nothing is stale
    assert 2 not in flagged and 3 not in flagged and 7 not in flagged


def test_comments_in_plain_text_are_not_directives(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    assert main(["docs"]) == 1
    out = capsys.readouterr().out
    assert "docs/a.txt:2:" in out and "SL007" not in out


def test_fix_leaves_the_directive_and_the_waived_text_alone(docs: Path) -> None:
    (docs / "a.md").write_text(
        "<!-- seedlint-disable-next-line T201: quoted -->\nthe colour\nthe colour\n",
        encoding="utf-8",
    )
    main(["docs", "--fix"])
    assert (docs / "a.md").read_text(encoding="utf-8") == (
        "<!-- seedlint-disable-next-line T201: quoted -->\nthe colour\nthe color\n"
    )


def test_the_page_debris_rule_does_not_flag_seedlint_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text(
        "<!-- seedlint-disable-next-line A102: 原文如此 -->\n20日,重庆市新增病例。\n"
        "<!-- 编辑备注 -->\n",
        encoding="utf-8",
    )
    main(["--no-cache", "--select", "M112,A102", "d"])
    out = capsys.readouterr().out
    # In Markdown an HTML comment is markup (CommonMark), never tag debris: neither the
    # directive nor the editor's note is reported, and the directive still waives A102.
    assert "M112" not in out and "d/a.md:1:" not in out and "A102" not in out
