"""Provenance extraction on the forms scraped Chinese news actually uses, and on text
that only looks like provenance (hard negatives)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from seedlint.provenance import (
    Provenance,
    extract_provenance,
    name_key,
    parse_date,
    read_metadata,
    resolve_day,
    resolve_month_day,
    resolve_relative,
    same_name,
)
from seedlint.testing import make_doc

BODY = "重庆市召开新冠肺炎疫情防控工作专题汇报会，强调要深入学习贯彻，全面落实各项防控措施。\n"


def prov(text: str, metadata: dict[str, object] | None = None) -> Provenance:
    return extract_provenance(make_doc(text, metadata=metadata))


# -- publication dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        ("2022-11-23 09:56 来源：人民网", dt.date(2022, 11, 23), dt.time(9, 56)),
        ("2022年11月23日09:56 | 來源:人民網", dt.date(2022, 11, 23), dt.time(9, 56)),
        ("２０２２年１１月２３日　來源：人民網", dt.date(2022, 11, 23), None),
        ("２０２２－１１－２３ １０：３０：１５", dt.date(2022, 11, 23), dt.time(10, 30, 15)),
        ("2022/11/23 来源：人民网", dt.date(2022, 11, 23), None),
        ("2022.11.23", dt.date(2022, 11, 23), None),
        ("发布时间：2022年11月23日 10时30分", dt.date(2022, 11, 23), dt.time(10, 30)),
        ("發佈時間：2022-11-23T08:00", dt.date(2022, 11, 23), dt.time(8, 0)),
        ("Published: 2022-11-23", dt.date(2022, 11, 23), None),
        ("二〇二二年十一月二十三日", dt.date(2022, 11, 23), None),
    ],
)
def test_header_timestamp_forms_give_the_publication_date(
    line: str, date: dt.date, time: dt.time | None
) -> None:
    p = prov(f"标题\n{line}\n\n{BODY}")
    assert p.published == date
    assert p.published_time == time
    assert p.published_line == 2
    assert p.published_origin == "text"


def test_a_date_inside_a_sentence_is_an_event_not_a_publication_date() -> None:
    p = prov(
        "重庆召开专题会议\n\n2022年11月20日，重庆市召开新冠肺炎疫情防控工作专题汇报会，强调要落实。\n"
    )
    assert p.published is None
    assert p.body_dates and not p.body_dates[0].timestamp


def test_ids_phone_numbers_and_versions_are_not_dates() -> None:
    text = (
        "新闻热线:023-61520695 举报电话:023-61520697\n"
        "增值电信业务经营许可证:渝B2-20170014 Copyright2011-2017\n"
        "软件版本 2021.3.1.2 发布\n"
    )
    p = prov(text)
    assert p.header_dates == [] and p.body_dates == []


def test_an_updated_stamp_and_a_print_edition_reference_are_not_publication_dates() -> None:
    p = prov("标题\n更新时间：2022-11-25 10:00\n《 人民日报 》（ 2022年11月23日 02 版）\n\n" + BODY)
    assert p.published is None
    assert p.edition is not None
    assert (p.edition.paper, p.edition.date, p.edition.page) == (
        "人民日报",
        dt.date(2022, 11, 23),
        2,
    )


def test_header_ends_at_the_first_prose_paragraph() -> None:
    p = prov(f"标题\n2022-11-23\n\n{BODY}\n相关阅读\n另一篇文章 2022-11-20\n")
    assert [d.date for d in p.header_dates] == [dt.date(2022, 11, 23)]
    assert [d.date for d in p.body_dates] == [dt.date(2022, 11, 20)]
    assert p.body_dates[0].timestamp


# -- sources ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source", "original"),
    [
        ("来源：人民网", "人民网", None),
        ("2022年11月23日09:56 | 來源:人民網-《人民日報》", "人民網", "人民日報"),
        ("来源: 人民网－人民日报", "人民网", "人民日报"),
        ("来源：《人民日报》 作者：张三", "人民日报", None),
        ("稿源：重庆日报　编辑：李四", "重庆日报", None),
        ("Source: Xinhua | 2022-11-23", "Xinhua", None),
    ],
)
def test_labelled_source_and_reprinted_original(
    line: str, source: str, original: str | None
) -> None:
    p = prov(f"标题\n{line}\n\n{BODY}")
    assert p.source == source
    assert p.original_source == original
    assert p.source_origin == "header"


def test_footer_source_of_a_repost_is_the_original_source() -> None:
    p = prov(
        f"标题\n2022-09-14 11:15:00 來源: 重慶發布\n\n{BODY}\n來源:重慶日報\n記者: 楊帆 張珺\n"
    )
    assert (p.source, p.original_source) == ("重慶發布", "重慶日報")
    assert p.original_source_origin == "footer"


def test_repost_notice_names_the_original_source() -> None:
    p = prov(f"标题\n2022-09-14 来源：某某网\n\n{BODY}\n本文转载自微信公众号“重庆发布”\n")
    assert p.original_source == "重庆发布"


@pytest.mark.parametrize(
    ("text", "source", "origin"),
    [
        (f"北京青年报\n标题\n2022-12-02\n\n{BODY}", "北京青年报", "masthead"),
        (f"标题\n2022-12-02\n\n{BODY}\n文/北京青年报记者 高语阳\n", "北京青年报", "byline"),
        (
            f"标题\n2020-02-05\n\n城乡统筹发展网2月5日讯(记者 赖义羡){BODY}",
            "城乡统筹发展网",
            "dateline",
        ),
        (
            f"标题\n2022-12-02\n\n{BODY}\n【版权声明】本文著作权归北京青年报独家所有。\n",
            "北京青年报",
            "copyright",
        ),
    ],
)
def test_unlabelled_publisher_names_are_fallback_sources(
    text: str, source: str, origin: str
) -> None:
    p = prov(text)
    assert (p.source, p.source_origin) == (source, origin)


@pytest.mark.parametrize(
    ("notice", "source"),
    [
        ("原文：某传媒 [「一家书店的葬礼」](https://example.org/article/1/)", "某传媒"),
        (
            "出自微信号「深约一丈」 ~~[专访：我为什么要求信息公开](http://example.org/s/4)~~",
            "深约一丈",
        ),
        ("出自微博 @新媒体女性", "新媒体女性"),
        ("源自微信公号「深约一丈」", "深约一丈"),
        ("本文原创为「某传媒」：<https://example.org/article/2/>", "某传媒"),
        ("原文来自舒城365:~~[今天和昨天的教师](https://example.org/s/P0)~~", "舒城365"),
    ],
)
def test_repost_notices_of_archived_posts_name_the_source(notice: str, source: str) -> None:
    # A Markdown archive opens each post with where it was reposted from.
    p = prov(f"标题\n\n{notice}\n\n{BODY}")
    assert (p.source, p.source_origin) == (source, "repost")


@pytest.mark.parametrize(
    ("notice", "host"),
    [
        (
            "原文来自微信订阅号，~~[环卫工人之死](https://mp.weixin.qq.com/s/Ki0)~~",
            "mp.weixin.qq.com",
        ),
        (
            "信息来自有道云笔记：[通报整理批注版](https://note.youdao.com/share/?id=fc5)",
            "note.youdao.com",
        ),
        ("~~[微信原文:请不要再说谎了](http://mp.weixin.qq.com/s/XmP)~~ 已失效", "mp.weixin.qq.com"),
    ],
)
def test_an_opening_notice_linking_the_original_names_its_site(notice: str, host: str) -> None:
    p = prov(f"{notice}\n\n作者：某某\n\n{BODY}")
    assert (p.source, p.source_origin) == (host, "repost")


def test_a_link_to_a_web_archive_copy_names_no_source() -> None:
    p = prov(f"原文：[某某事件始末](https://archive.li/wRF2t)\n\n{BODY}")
    assert p.source is None


def test_a_linked_account_after_original_from_names_the_source() -> None:
    p = prov(f"原文来自[投中网](http://203.0.113.5:8083/%E8%A5%BF)\n\n作者 田某\n\n{BODY}")
    assert (p.source, p.source_origin) == ("投中网", "repost")


def test_a_linked_account_before_the_title_still_names_the_source() -> None:
    p = prov(f"原文：[兽爷 \\｜ 我们与恶的距离](https://archive.li/YMqCT)\n\n{BODY}")
    assert (p.source, p.source_origin) == ("兽爷", "repost")


def test_a_reference_link_below_the_opening_names_no_source() -> None:
    lines = "\n\n".join(["正文一段。"] * 14)
    p = prov(f"标题\n\n{BODY}\n\n{lines}\n\n参考来源：[某报道](https://example.org/a)\n")
    assert p.source is None


def test_a_quotation_source_in_prose_is_not_a_repost_notice() -> None:
    p = prov(f"标题\n\n他说这句话出自《诗经》，流传很广。\n出自《诗经》的句子很多。\n{BODY}")
    assert p.source is None


@pytest.mark.parametrize(
    ("first_line", "source", "month_day"),
    [
        (
            "国家防总：极端气候增多增强灾害损失加重中新网6月19日电 据国家防总网站消息，",
            "中新网",
            (6, 19),
        ),
        ("扎堆学按摩难获执照 华裔维权誓抗争到底中新网9月19日电 据报道，", "中新网", (9, 19)),
        ("北京南站部分公交线路调整晨报讯(记者 徐某)昨天，记者从公交集团获悉，", "晨报", None),
    ],
)
def test_a_lede_glued_after_the_headline_names_the_source_and_dates_the_report(
    first_line: str, source: str, month_day: tuple[int, int] | None
) -> None:
    # One-line news records (headline, then text) glue the agency's dateline to the title.
    p = prov(first_line + BODY)
    assert (p.source, p.source_origin) == (source, "lede")
    got = None if p.dateline is None else (p.dateline.month, p.dateline.day)
    assert got == month_day


def test_a_headline_that_ends_in_a_paper_name_is_not_a_lede() -> None:
    # No reporter credit follows: 日报讯 inside a headline is no lede.
    p = prov(f"地方日报讯息化建设提速\n\n{BODY}")
    assert p.source is None


def test_this_paper_and_copyright_of_the_original_author_name_no_source() -> None:
    p = prov(f"标题\n2022-11-23\n\n本报北京11月22日电 {BODY}\n版權歸原作者所有。\n")
    assert p.source is None


def test_a_sentence_mentioning_a_source_is_not_a_source_label() -> None:
    p = prov(
        "标题\n2022-11-23\n\n病毒来源：目前仍在调查，专家表示需要进一步研究，不能过早下结论。\n"
    )
    assert p.source is None


# -- datelines and credits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "date", "place", "agency"),
    [
        ("本報重慶11月22日電（記者王斌來）", dt.date(2022, 11, 22), "重慶", "本報"),
        ("新华社北京11月22日电 ", dt.date(2022, 11, 22), "北京", "新华社"),
        ("新华社台北11月22日电 ", dt.date(2022, 11, 22), "台北", "新华社"),
        ("城乡统筹发展网11月22日讯(记者 赖义羡)", dt.date(2022, 11, 22), None, "城乡统筹发展网"),
        ("【大众网烟台11月22日讯】", dt.date(2022, 11, 22), "烟台", "大众网"),
        ("BEIJING, Nov. 22 (Xinhua) -- ", dt.date(2022, 11, 22), "BEIJING", "Xinhua"),
    ],
)
def test_dateline_date_place_and_agency(
    opening: str, date: dt.date, place: str | None, agency: str
) -> None:
    p = prov(f"标题\n2022-11-23 来源：人民网\n\n{opening}{BODY}")
    assert p.dateline is not None
    assert (p.dateline.date, p.dateline.place, p.dateline.agency) == (date, place, agency)


def test_a_yearless_dateline_takes_the_year_nearest_the_publication_date() -> None:
    p = prov(f"标题\n2023-01-02 来源：人民网\n\n本报北京12月31日电 {BODY}")
    assert p.dateline is not None and p.dateline.date == dt.date(2022, 12, 31)
    assert p.reference_date == dt.date(2022, 12, 31)


@pytest.mark.parametrize(
    ("snippet", "authors", "editors"),
    [
        ("（記者王斌來、常碧羅）", ["王斌來", "常碧羅"], []),
        ("(记者 赖义羡)", ["赖义羡"], []),
        ("\n記者: 楊帆 張珺\n編輯:鄒雨璠\n", ["楊帆", "張珺"], ["鄒雨璠"]),
        ("\n文/北京青年报记者 高语阳\n编辑/马晓晴\n", ["高语阳"], ["马晓晴"]),
        ("\n(責編:秦潔、劉政寧)\n", [], ["秦潔", "劉政寧"]),
        ("\n作者：\t饶戈平\n", ["饶戈平"], []),
        ("（本报记者 张三 通讯员 李四）", ["张三"], []),
        ("\nBy John Smith\n", ["John Smith"], []),
    ],
)
def test_bylines_give_authors_and_editors(
    snippet: str, authors: list[str], editors: list[str]
) -> None:
    p = prov(f"标题\n2022-11-23\n\n{snippet}{BODY}")
    assert p.authors == authors
    assert p.editors == editors


@pytest.mark.parametrize(
    "sentence",
    [
        "记者从市卫健委获悉，全市新增病例有所下降，防控形势趋稳向好。",
        "他在接受记者采访时表示，将继续做好各项工作，确保群众安全。",
        "编辑部收到大量来信，读者纷纷表示关注此事，希望尽快解决。",
    ],
)
def test_prose_about_reporters_and_editors_credits_no_one(sentence: str) -> None:
    p = prov(f"标题\n2022-11-23\n\n{sentence}\n")
    assert p.authors == [] and p.editors == []


def test_pinyin_glosses_are_cut_from_labels_and_names_and_offsets_still_point_into_the_text() -> (
    None
):
    text = f"人民網(wǎng)\n2022-11-23 來源:重慶發(fā)布\n\n{BODY}\n(責(zé)編:秦潔、劉政寧)\n"
    doc = make_doc(text)
    p = extract_provenance(doc)
    assert p.source == "重慶發布"
    assert p.editors == ["秦潔", "劉政寧"]
    hs = p.header_sources[0]
    assert doc.text[hs.start : hs.end] == "重慶發(fā)布"
    assert doc.position(hs.start)[0] == hs.line == 2


# -- metadata --------------------------------------------------------------------------


def test_metadata_wins_and_the_text_is_kept_for_comparison() -> None:
    p = prov(
        f"标题\n2022-11-23 09:56 来源：人民网\n\n{BODY}",
        {"published": dt.date(2022, 11, 24), "source": "新华社", "url": "http://x.cn/a"},
    )
    assert (p.published, p.published_origin) == (dt.date(2022, 11, 24), "metadata")
    assert p.text_published is not None and p.text_published.date == dt.date(2022, 11, 23)
    assert (p.source, p.source_origin, p.url) == ("新华社", "metadata", "http://x.cn/a")


def test_metadata_forms_jsonl_nesting_aware_timestamps_and_lists() -> None:
    mv = read_metadata(
        {
            "info": {"url": "http://a.cn/1", "source_domain": "a.cn"},
            "date_published": "2022-11-22T20:00:00-04:00",
            "authors": ["张三", "李四"],
            "retrieved_at": "2024-05-01",
            "license": "CC-BY-4.0",
        }
    )
    assert mv.published == dt.date(2022, 11, 23)  # 08:00 next day in China Standard Time
    assert (mv.url, mv.source, mv.licence) == ("http://a.cn/1", "a.cn", "CC-BY-4.0")
    assert mv.authors == ["张三", "李四"]
    assert mv.retrieved == dt.date(2024, 5, 1)


def test_an_unparseable_metadata_date_is_kept_raw_and_not_used() -> None:
    p = prov(f"标题\n来源：人民网\n\n{BODY}", {"date": "last week"})
    assert p.published is None
    assert p.meta.published_raw == "last week"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2022, 11, 23), dt.date(2022, 11, 23)),
        (dt.datetime(2022, 11, 23, 9, 56), dt.date(2022, 11, 23)),
        ("2022年11月23日", dt.date(2022, 11, 23)),
        ("2022-11-23T01:56:00Z", dt.date(2022, 11, 23)),
        (1669168560, dt.date(2022, 11, 23)),
        ("2022-13-45", None),
        ("soon", None),
        (True, None),
    ],
)
def test_parse_date_accepts_yaml_values_strings_and_epochs(value: object, expected: object) -> None:
    assert parse_date(value)[0] == expected


# -- relative dates and names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "ref", "expected"),
    [
        ("21日", dt.date(2022, 11, 22), dt.date(2022, 11, 21)),
        ("30日", dt.date(2022, 12, 2), dt.date(2022, 11, 30)),
        ("1日", dt.date(2022, 11, 30), dt.date(2022, 12, 1)),
        ("昨日", dt.date(2022, 1, 1), dt.date(2021, 12, 31)),
        ("前天", dt.date(2022, 3, 1), dt.date(2022, 2, 27)),
        ("12月31日", dt.date(2023, 1, 2), dt.date(2022, 12, 31)),
        ("2022年11月21日", dt.date(2030, 1, 1), dt.date(2022, 11, 21)),
        ("２１日", dt.date(2022, 11, 22), dt.date(2022, 11, 21)),
        ("下周", dt.date(2022, 11, 22), None),
    ],
)
def test_relative_dates_resolve_to_the_nearest_match(
    expr: str, ref: dt.date, expected: dt.date | None
) -> None:
    assert resolve_relative(expr, ref) == expected


def test_month_day_and_day_resolution_skip_impossible_dates() -> None:
    assert resolve_month_day(2, 29, dt.date(2023, 3, 1)) == dt.date(2024, 2, 29)
    assert resolve_day(31, dt.date(2022, 11, 15)) == dt.date(2022, 10, 31)


def test_names_compare_across_scripts_glosses_and_reprint_notation() -> None:
    assert name_key("人民網(wǎng)") == name_key("人民网")
    assert same_name("重慶發布", "重庆发布")
    assert same_name("人民日报", "人民日报社")
    assert not same_name("人民网", "新华网")


def test_an_update_note_after_a_date_is_not_a_later_timestamp() -> None:
    p = prov(f"标题\n2022-12-02 来源：人民网\n\n{BODY}（本文于2022-12-05更新）\n")
    assert [d.future_context for d in p.body_dates] == [True]


def test_english_source_counts_as_a_label_only_at_a_line_start() -> None:
    p = prov(f"标题\n2022-12-02\n\n{BODY}\nThe code is open source: see the project page\n")
    assert p.source is None and p.original_source is None
    assert prov(f"标题\nSource: Reuters\n\n{BODY}").source == "Reuters"


def test_a_crawl_timestamp_in_metadata_is_a_retrieval_date_not_a_publication_date() -> None:
    mv = read_metadata({"timestamp": "2019-04-25T12:57:54Z", "url": "http://a.cn"})
    assert mv.published is None
    assert mv.retrieved == dt.date(2019, 4, 25)


_PIECES = [
    "2022", "年", "11", "月", "23", "日", "-", "/", ".", ":", "：", " ", "\n", "\n\n", "|",
    "来源", "來源", "：", "人民网", "新华社", "电", "讯", "本报", "重庆", "记者", "编辑", "/",
    "（", "）", "(", "wǎng", ")", "，", "。", "文", "发布时间", "《", "》", "版", "０２",
    "所有", "版权所有", "转载自", "http://a.cn", "原文链接：", "By ", "Source: ", "二〇",
]  # fmt: skip


def test_extraction_never_fails_and_offsets_stay_inside_the_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=120, deadline=None)
    @given(
        st.lists(st.sampled_from(_PIECES), max_size=80),
        st.dictionaries(
            st.sampled_from(["date", "published", "source", "info", "author", "url", "license"]),
            st.one_of(
                st.none(),
                st.text(max_size=12),
                st.integers(),
                st.lists(st.text(max_size=4)),
                st.dates(),
                st.dictionaries(st.sampled_from(["url", "source_domain"]), st.text(max_size=8)),
            ),
            max_size=4,
        ),
    )
    def run(pieces: list[str], meta: dict[str, object]) -> None:
        text = "".join(pieces)
        doc = make_doc(text, metadata=meta)
        p = extract_provenance(doc)
        n_lines = text.count("\n") + 1
        for m in [*p.header_dates, *p.body_dates, *p.header_sources, *p.names]:
            assert 0 <= m.start <= m.end <= len(text)
            assert 1 <= m.line <= n_lines
        json.dumps(p.to_dict(), ensure_ascii=False)

    run()
