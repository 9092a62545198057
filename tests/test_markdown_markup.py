"""Markdown markup is not prose: fixes never edit code, raw HTML, link targets or
reference definitions, and a well-formed tag in Markdown is not tag debris (M112)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedlint.cli import main
from seedlint.markup import is_markdown, protected_spans

# Every "defect" below is inside markup: a fix run must leave the file byte-identical.
MARKUP_ONLY = """---
title: 示例, 说明
---
# 安装说明

使用 `pip install seedlint,ruff` 安装。然后运行<code>seedlint --fix</code>即可。

```html
<script src="https://example.com/a.js"></script>
<p class="x">第一段,第二段</p>
```

参见[文档](https://example.com/a,b?x=1&y=2)和<https://example.com/路径,1>。

<div class="note">
提示:这里是 HTML 块,不要改动。
</div>

[ref]: https://example.com/x,y "标题,说明"

    缩进的代码,原样保留

~~~
页脚:版权所有
页脚:版权所有
~~~
"""


@pytest.fixture
def chdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_markdown_whose_only_defects_are_markup_gets_no_edit(chdir: Path) -> None:
    (chdir / "a.md").write_text(MARKUP_ONLY, encoding="utf-8")
    main(["a.md", "--fix", "--unsafe-fixes", "--no-progress", "--no-cache"])
    assert (chdir / "a.md").read_text(encoding="utf-8") == MARKUP_ONLY


def test_prose_next_to_markup_is_still_fixed(chdir: Path) -> None:
    (chdir / "b.md").write_text("运行 `a,b` 之后,再看<code>x</code>。\n", encoding="utf-8")
    main(["b.md", "--fix", "--no-progress", "--no-cache"])
    assert (chdir / "b.md").read_text(encoding="utf-8") == "运行 `a,b` 之后，再看<code>x</code>。\n"


def test_well_formed_tags_in_markdown_are_not_debris_but_broken_ones_are(
    chdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir / "c.md").write_text("请看<kbd>Ctrl</kbd>键。\n\n最關心的問題?!?/a>\n", encoding="utf-8")
    main(["c.md", "--select", "M112", "--no-progress", "--no-cache"])
    out = capsys.readouterr().out
    assert "c.md:3:" in out and "c.md:1:" not in out


def test_the_same_tags_in_plain_text_stay_debris(
    chdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir / "c.txt").write_text("第一段<br/>第二段\n", encoding="utf-8")
    main(["c.txt", "--select", "M112", "--no-progress", "--no-cache"])
    assert "c.txt:1:" in capsys.readouterr().out


def test_spans_cover_fences_inline_code_links_html_blocks_and_references() -> None:
    text = "a `b` [c](d,e) <f@g.h>\n```\nx\n```\n<div>\ny\n\n[r]: u\n"
    got = [text[s:e] for s, e in protected_spans(text)]
    # adjacent blocks merge into one span
    assert got == ["`b`", "(d,e)", "<f@g.h>", "```\nx\n```\n<div>\ny\n\n[r]: u\n"]


def test_an_unclosed_fence_protects_to_the_end() -> None:
    text = "prose\n```\ncode,\nmore\n"
    assert [text[s:e] for s, e in protected_spans(text)] == ["```\ncode,\nmore\n"]


def test_a_backtick_fence_line_with_a_backtick_in_its_info_is_not_a_fence() -> None:
    text = "``` a`b\ncode,\n"
    assert [text[s:e] for s, e in protected_spans(text)] == ["` a`"]  # a code span only


def test_markdown_is_known_by_its_suffix_even_compressed() -> None:
    assert is_markdown("x/A.MD") and is_markdown("a.md.gz") and not is_markdown("a.txt")


def test_a_comment_block_ends_at_its_closer_not_at_a_blank_line() -> None:
    text = "<!-- note -->\nprose, here\n<!--\nmulti\n-->\nmore, prose\n"
    got = [text[s:e] for s, e in protected_spans(text)]
    assert got == ["<!-- note -->\n", "<!--\nmulti\n-->\n"]
