"""HTML pages are read as pages: rules see the text nodes, positions point into the markup,
the page's own metadata is provenance, and ``--fix`` never edits markup."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from helpers import user_project
from seedlint.cli import main
from seedlint.document import Document
from seedlint.htmltext import extract_html, site_from_title
from seedlint.provenance import extract_provenance
from seedlint.sources import SourceOptions, read_file

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>城区新建三座公园 | 山城晚报</title>
<style>p { color: red }</style>
<script>var _hmt = _hmt || []; document.write("undefined");</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>城区新建三座公园</h1>
<p>2023-03-10 09:00 来源: 山城日报</p>
<p>本市今年将在城区新建三座公园，预计年底前全部向市民开放，&ldquo;家门口的公园&rdquo;将覆盖更多小区。</p>
</body></html>
"""


def page_doc(source: str) -> Document:
    page = extract_html(source)
    return Document(
        "p.html", page.text, metadata=page.metadata, container="html", source_map=page.map
    )


def test_a_page_header_in_a_paragraph_gives_date_and_source_without_markup() -> None:
    prov = extract_provenance(page_doc(PAGE))
    assert prov.published == dt.date(2023, 3, 10)
    assert prov.source == "山城日报"


def test_scripts_styles_and_the_head_are_not_text_and_entities_are_decoded() -> None:
    text = extract_html(PAGE).text
    assert "_hmt" not in text and "color" not in text and "<" not in text
    assert "“家门口的公园”" in text
    assert text.splitlines()[:3] == [
        "首页 新闻",
        "城区新建三座公园",
        "2023-03-10 09:00 来源: 山城日报",
    ]


def test_text_offsets_map_to_the_file_line_and_column() -> None:
    doc = page_doc(PAGE)
    i = doc.text.index("来源")
    line, col = doc.position(i)
    assert PAGE.split("\n")[line - 1][col - 1 : col + 1] == "来源"
    j = doc.text.index("”")  # decoded from &rdquo;: points at the entity
    line, col = doc.position(j)
    assert PAGE.split("\n")[line - 1][col - 1 :].startswith("&rdquo;")


def test_a_source_line_break_between_chinese_characters_renders_as_nothing() -> None:
    text = extract_html("<p>本市今年\n新建公园</p><p>Hello\nworld</p>").text
    assert text.split("\n") == ["本市今年新建公园", "Hello world"]


@pytest.mark.parametrize(
    ("head", "published", "source"),
    [
        ('<meta name="publishdate" content="2021-05-06">', dt.date(2021, 5, 6), None),
        (
            '<meta property="article:published_time" content="2019-09-07T13:43:45+08:00">'
            '<meta property="og:site_name" content="网易新闻">',
            dt.date(2019, 9, 7),
            "网易新闻",
        ),
        ('<meta name="PubDate" content="2020-01-02 08:00">', dt.date(2020, 1, 2), None),
        ('<meta name="ContentSource" content="新华网">', None, "新华网"),
        ("<title>&#21488;&#21271; | &#34315;&#26524;&#26085;&#22577;</title>", None, "蘋果日報"),
        ('<link rel="canonical" href="http://news.example.cn/2012/0612/a.html">',
         dt.date(2012, 6, 12), "news.example.cn"),
    ],
)  # fmt: skip
def test_page_metadata_is_provenance(
    head: str, published: dt.date | None, source: str | None
) -> None:
    body = "<p>市政府召开会议，介绍了最新的防控措施，要求各区县认真落实，确保物资供应充足。</p>"
    prov = extract_provenance(page_doc(f"<html><head>{head}</head><body>{body}</body></html>"))
    assert prov.published == published
    assert prov.source == source


def test_time_datetime_and_feed_pub_date_are_dates() -> None:
    timed = "<body><time datetime='2022-02-11T08:52'>2月11日</time><p>正文。</p></body>"
    assert extract_html(timed).metadata["page_published"] == "2022-02-11T08:52"
    feed = "<rss><channel><title>博客</title><item><pubDate>Tue, 17 Sep 2004 05:54:13 GMT</pubDate>"
    assert "2004" in extract_html(feed + "</item></channel></rss>").metadata["page_published"]


@pytest.mark.parametrize(
    ("feed", "day"),
    [
        # RSS 2.0: the channel's RFC 822 date (it was extracted but never parsed: P101)
        ("<rss><channel><title>数位之墙</title><pubDate>Sat, 17 Dec 2005 15:21:36 GMT"
         "</pubDate><item><title>再谈软体</title><description>软体与媒体的典范转移。"
         "</description></item></channel></rss>", dt.date(2005, 12, 17)),
        # Atom 0.3: `modified` for the feed, `issued` for its entries
        ("<feed version='0.3'><title>Blog</title><modified>2005-12-27T11:12:12Z</modified>"
         "<entry><title>中断的写法</title><issued>2005-12-27T11:09:50Z</issued>"
         "<summary>转载一篇笔记。</summary></entry></feed>", dt.date(2005, 12, 27)),
        # only the items are dated: the newest is the feed's date
        ("<rss><channel><title>博客</title><item><title>一篇</title><pubDate>Tue, 14 Sep "
         "2004 05:54:13 +0800</pubDate></item><item><title>两篇</title><pubDate>Mon, 27 "
         "Dec 2004 09:00:00 +0800</pubDate></item></channel></rss>", dt.date(2004, 12, 27)),
        # an Atom 0.3 feed whose entries were issued after its own `modified`
        ("<feed version='0.3'><title>Blog</title><modified>2004-12-22T10:00:00Z</modified>"
         "<entry><title>前一篇</title><issued>2004-12-27T08:00:00Z</issued>"
         "<summary>又写了一篇。</summary></entry></feed>", dt.date(2004, 12, 27)),
    ],
)  # fmt: skip
def test_a_feeds_own_dates_are_its_publication_date(feed: str, day: dt.date) -> None:
    # A feed holds entries of many days: its date is the newest, so no entry reads as
    # content appended after publication (P106, judged false on saved blog feeds).
    prov = extract_provenance(page_doc(feed))
    assert prov.published == day


def test_site_from_title_takes_a_site_name_not_a_headline_part() -> None:
    assert site_from_title("狂奔的龙湖集团_网易财经") == "网易财经"
    assert site_from_title("知道安全论坛鸟巢举办-CSDN.NET") == "CSDN.NET"
    assert site_from_title("标题 - 2019 - 无名") is None
    assert site_from_title("只有标题") is None


def test_broken_markup_never_raises() -> None:
    for s in ["<p", "<div><p>未闭合", "&#xZZZ; &#99999999999; <!-- 注释", "<![CDATA[文字"]:
        extract_html(s)


def test_html_files_are_read_as_pages(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "frag.html").write_text(
        "  <script>var a;</script>\n<table><tr><td>表格</td></tr></table>"
    )
    frag = read_file(tmp_path / "frag.html", tmp_path, SourceOptions()).documents[0]
    assert frag.container == "html" and frag.text == "表格"
    (tmp_path / "plain.html").write_text("只是纯文本，保存成了网页的名字。\n", encoding="utf-8")
    plain = read_file(tmp_path / "plain.html", tmp_path, SourceOptions()).documents[0]
    assert plain.container == "file"
    (tmp_path / "b.txt").write_text("<p>纯文本里的标签</p>\n", encoding="utf-8")
    html_doc = read_file(tmp_path / "a.html", tmp_path, SourceOptions()).documents[0]
    assert html_doc.container == "html" and "<h1>" not in html_doc.text
    txt_doc = read_file(tmp_path / "b.txt", tmp_path, SourceOptions()).documents[0]
    assert txt_doc.container == "file" and "<p>" in txt_doc.text


def test_fix_never_edits_an_html_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    docs = user_project(tmp_path)
    raw = b"<html><body><p>the colour of <b>colour</b></p></body></html>\n"
    (docs / "p.html").write_bytes(raw)
    assert main(["docs", "--fix", "--no-progress", "--output-format", "json",
                 "--output-file", "r.json"]) == 1  # fmt: skip
    assert (docs / "p.html").read_bytes() == raw
    report = json.loads((tmp_path / "r.json").read_text())
    found = [f for f in report["findings"] if f["code"] == "T201"]
    assert len(found) == 2 and all(f["fix"] is None for f in found)
    assert [(f["line"], f["column"]) for f in found] == [(1, 20), (1, 33)]


def test_a_gbk_page_is_reported_not_utf8_and_never_transcoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seedlint.yaml").write_text("{}\n", encoding="utf-8")
    page = '<html><head><meta charset="gb2312"></head><body><p>'
    page += "本市今年将在城区新建三座公园，预计年底前全部向市民开放，覆盖更多的小区。" * 3
    raw = (page + "</p></body></html>\n").encode("gb18030")
    (tmp_path / "p.html").write_bytes(raw)
    main(["p.html", "--fix", "--no-progress", "--output-format", "json", "--output-file", "r.json"])
    assert (tmp_path / "p.html").read_bytes() == raw
    report = json.loads((tmp_path / "r.json").read_text())
    m101 = [f for f in report["findings"] if f["code"] == "M101"]
    assert len(m101) == 1 and m101[0]["fix"] is None


def test_the_source_map_kept_as_machine_integers_maps_every_offset_as_lists_did() -> None:
    import bisect
    import tracemalloc

    # Runs of literal text, entities, collapsed blanks, tags that end a line, CDATA and a
    # skipped script: every text offset maps to the source offset the list form gave.
    item = (
        '<div class="a"><p>新闻&nbsp;报道 &amp; 评论</p>\n<br/>第二行  有  空格'
        "<script>var x = '<p>';</script><![CDATA[数据]]>&#20013;&#x6587;</div>"
    )
    page = "<html><head><title>标题</title></head><body>" + item * 50 + "</body></html>"
    got = extract_html(page)
    m = got.map
    t0, s0, lit = list(m.t0), list(m.s0), [bool(x) for x in m.literal]

    def by_lists(offset: int) -> int:
        i = bisect.bisect_right(t0, offset) - 1
        return 0 if i < 0 else s0[i] + (offset - t0[i] if lit[i] else 0)

    assert len(t0) > 500 and any(lit) and not all(lit)
    assert [m.to_source(k) for k in range(len(got.text) + 1)] == [
        by_lists(k) for k in range(len(got.text) + 1)
    ]
    for k, ch in enumerate(got.text):
        if ch == "新":
            assert page[m.to_source(k)] == "新"
    # A page on one line of many short runs: the map holds machine integers, about 17
    # bytes a run (the lists' Python ints were about 86).
    huge = "<body>" + "<p>第一句 第二句 第三句</p>" * 20_000 + "</body>"
    tracemalloc.start()
    try:
        big = extract_html(huge)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    runs = len(big.map.t0)
    assert runs > 100_000
    assert held < 2 * len(huge) + 2 * len(big.text) + 30 * runs, (held, runs)
