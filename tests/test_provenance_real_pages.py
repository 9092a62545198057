"""Dates and publishers as real pages lay them out (the real-text harness's P101/P102 misses).

A gallery page shows its first caption between the account line and the stamp; a portal
splits its stamp into year, day and time boxes; a newsroom page saved as text puts its
dateline, broken into words, under dozens of menu lines; a resolution dates itself in a
bracketed note under its title; a blog theme prints the post's date beside its comment
link; a footer's ``© 2019 X`` and a <title> whose other half is the page's headline name the
site. Each shape is reworded from a real page, with its layout kept, next to the look-alike
that must stay unread.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from seedlint.document import Document
from seedlint.htmltext import extract_html, site_from_title
from seedlint.provenance import Provenance, extract_provenance
from seedlint.testing import check_text, make_doc

PARA = (
    "当全世界许多国家都在想办法吸引游客的时候，只有这么一个国家显得十分淡定，"
    "这个国家便是位于两个大国中间的内陆国。"
)
PARA2 = "记者走访了当地的几个集市，发现蔬菜水果大多来自邻国，价格比肉还贵，居民早已习惯。"
MENU = "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(30))


def _page(body: str, title: str = "蒙古国的蔬菜从哪里来") -> Provenance:
    markup = f"<html><head><title>{title}</title></head><body><ul>{MENU}</ul>{body}</body></html>"
    page = extract_html(markup)
    doc = Document(
        path="page.html",
        text=page.text,
        metadata=dict(page.metadata),
        raw=markup.encode("utf-8"),
        encoding="utf-8",
        container="html",
        source_map=page.map,
    )
    return extract_provenance(doc)


# Gallery pages ---------------------------------------------------------------------------


def test_a_gallery_caption_between_account_and_stamp_leaves_the_stamp_in_the_header() -> None:
    prov = _page(
        "<h1>蒙古国的蔬菜从哪里来</h1><div>去远方</div><div>关注</div>"
        f"<p>1/10 {PARA}</p><div>2019-09-08 11:42:03</div><div>举报</div><p>{PARA2}</p>"
    )
    assert (prov.published, prov.published_time) == (dt.date(2019, 9, 8), dt.time(11, 42, 3))


def test_a_gallery_caption_with_no_stamp_under_it_still_ends_the_header() -> None:
    # The caption is the first paragraph; a stamp further down is the body's, not the page's.
    prov = _page(
        "<h1>蒙古国的蔬菜从哪里来</h1><div>去远方</div>"
        f"<p>1/10 {PARA}</p><p>{PARA2}</p><div>2019-09-08 11:42:03</div>"
    )
    assert prov.published is None


def test_a_fraction_that_is_no_slide_counter_is_a_plain_paragraph() -> None:
    # ``12/10`` counts past its total: a ratio opening a sentence, not slide 12 of 10.
    prov = _page(
        f"<h1>蒙古国的蔬菜从哪里来</h1><p>12/10 {PARA}</p><div>2019-09-08 11:42:03</div>"
        f"<p>{PARA2}</p>"
    )
    assert prov.published is None


# Stamps split over blocks ----------------------------------------------------------------


def test_a_portal_stamp_split_into_year_day_and_time_boxes_dates_the_page() -> None:
    prov = _page(
        "<h1>儿歌被改了歌词 原作者家人：唱起来不拗口吗？</h1>"
        "<div>2019</div><div>09/07</div><div>19:02</div><div>扬眼</div><div>评论</div>"
        f"<p>{PARA}</p>"
    )
    assert (prov.published, prov.published_time) == (dt.date(2019, 9, 7), dt.time(19, 2))


def test_a_year_over_a_score_line_is_not_a_split_stamp() -> None:
    # ``3/4 决赛`` is a fixture, not the 4th of March: a stamp's blocks hold nothing else.
    prov = _page(f"<h1>联赛回顾</h1><div>2019</div><div>3/4 决赛</div><div>回放</div><p>{PARA}</p>")
    assert prov.published is None


NEWSROOM_MENU = "\n".join(f"Menu item {i}" for i in range(45))


def test_a_newsroom_dateline_split_into_words_under_many_menu_lines_dates_the_page() -> None:
    text = (
        f"Airline introduces cadet programme\n{NEWSROOM_MENU}\n"
        "Singapore,\n08\nFebruary\n2018\n|\n19:58\nAustralia/Melbourne\n"
        "Airline introduces cadet programme\n"
        "The airline and its training partner announced a new cadet programme, which will "
        "train twelve pilots a year, the company said on Thursday.\n"
    )
    prov = extract_provenance(make_doc(text))
    assert (prov.published, prov.published_time) == (dt.date(2018, 2, 8), dt.time(19, 58))
    assert prov.published_line == 48  # the stamp's first block


def test_a_whole_date_over_a_listing_below_many_menu_lines_dates_nothing() -> None:
    # A company page's news list: ``2021.07.16`` over a teaser is a list item's date.
    text = (
        f"某公司产品页\n{NEWSROOM_MENU}\n公司新闻\n设备如何维护？\n2021.07.16\n"
        "只要是金属制品都会生锈，显然设备也同其余金属制品一样，需要定期保养，才能长久使用。\n"
        "设备在冬天如何使用？\n2021.07.16\n"
    )
    assert extract_provenance(make_doc(text)).published is None


# Stamp lines with a source label -----------------------------------------------------


def test_a_clocked_date_before_a_source_label_dates_the_page_after_a_headlines_bang() -> None:
    text = f"两家企业入选绿色工厂名单！ 2022/09/21 14:02:00 来源：某省经信厅\n{PARA}\n"
    prov = extract_provenance(make_doc(text))
    assert (prov.published, prov.published_time) == (dt.date(2022, 9, 21), dt.time(14, 2))


def test_a_labelled_stamp_line_under_many_menu_lines_dates_the_page() -> None:
    menu = "\n".join(f"栏目{i}" for i in range(70))
    text = (
        f"某协会网站\n{menu}\n您所在的位置：首页 > 新闻动态\n"
        "两家企业入选绿色工厂名单！ 2022/09/21 14:02:00 来源：某省经信厅\n"
        f"{PARA}\n{PARA2}\n"
    )
    prov = extract_provenance(make_doc(text))
    assert (prov.published, prov.published_line) == (dt.date(2022, 9, 21), 73)


@pytest.mark.parametrize(
    "line",
    [
        "两家企业入选绿色工厂名单！ 2022/09/21 来源：某省经信厅",  # no clock: a list's date
        "两家企业入选绿色工厂名单！2022/09/21 14:02:00 来源：某省经信厅",  # glued to the title
        "两家企业入选绿色工厂名单！ 2022/09/21 14:02:00 记者了解到",  # no label after it
    ],
)
def test_dates_without_a_stamp_lines_shape_under_many_menu_lines_date_nothing(line: str) -> None:
    menu = "\n".join(f"栏目{i}" for i in range(70))
    text = f"某协会网站\n{menu}\n{line}\n{PARA}\n{PARA2}\n"
    assert extract_provenance(make_doc(text)).published is None


# Adoption notes --------------------------------------------------------------------------


def test_a_resolutions_bracketed_adoption_note_dates_it() -> None:
    text = (
        "全国人民代表大会常务委员会\n关于批准发行特别国债的决议\n"
        "（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）\n"
        "会议听取了有关部门负责人所作的说明，决定批准发行特别国债，用于购买外汇，"
        "并相应调整年末国债余额限额。\n"
    )
    prov = extract_provenance(make_doc(text))
    assert (prov.published, prov.published_line) == (dt.date(2007, 6, 29), 3)


def test_an_amended_laws_note_names_no_single_date() -> None:
    # The first adoption and each amendment: the first date is not this text's.
    text = (
        "中华人民共和国某某法(2019修正)\n"
        "（1993年9月2日第八届全国人民代表大会常务委员会第三次会议通过 "
        "2017年11月4日第十二届全国人民代表大会常务委员会第三十次会议修订）\n"
        "第一条 为了促进市场经济健康发展，保护经营者和消费者的合法权益，制定本法。\n"
    )
    assert extract_provenance(make_doc(text)).published is None


@pytest.mark.parametrize(
    "note",
    [
        "（2019年5月3日拍摄于会场外）",  # a photo's caption: no act of adoption
        "2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过了这项决议",  # prose
    ],
)
def test_bracketless_or_actless_notes_under_a_title_date_nothing(note: str) -> None:
    text = f"关于批准发行特别国债的决议\n{note}\n{PARA}\n"
    assert extract_provenance(make_doc(text)).published is None


# Datelines below a site's blurb ----------------------------------------------------------


BLURB = (
    "某体育网页版（以下简称某体育）成立于2006年，注册资金一亿元，经过多年的努力，"
    "已成为行业知名企业，为用户提供优质服务。"
)


def test_a_yearless_dateline_under_the_repeated_title_dates_the_report() -> None:
    text = (
        f"统治力!某球员获常规赛MVP\nSkip to content\n某体育网页版\n{BLURB}\n"
        "统治力!某球员获常规赛MVP\nadmin\n统治力!某球员获常规赛MVP\n"
        "网易体育9月8日报导：\n联盟官方宣布，某球员获得本赛季常规赛MVP。\n"
    )
    prov = extract_provenance(make_doc(text))
    assert prov.dateline is not None
    assert (prov.dateline.month, prov.dateline.day, prov.dateline.line) == (9, 8, 8)
    assert check_text(text, ["P101"]) == []


def test_a_dateline_far_below_a_blurb_without_the_title_again_is_not_read() -> None:
    filler = "\n".join(f"近期文章{i}" for i in range(15))
    text = f"统治力!某球员获常规赛MVP\n{BLURB}\n{filler}\n网易体育9月8日报导：\n"
    assert extract_provenance(make_doc(text)).dateline is None


# Blog entry lines ------------------------------------------------------------------------


def test_a_blog_themes_date_beside_its_comment_link_dates_the_post_weakly() -> None:
    text = (
        f"南安普敦前瞻：圣徒盼连胜\n{BLURB}\n{PARA}\n"
        "2022年10月18日 Leave a Comment on 南安普敦前瞻：圣徒盼连胜\nAbout the Author\n"
    )
    prov = extract_provenance(make_doc(text))
    assert (prov.published, prov.published_line) == (dt.date(2022, 10, 18), 4)
    assert prov.published_weak


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment on 南安普敦前瞻：圣徒盼连胜",  # no date
        "截至2022年10月18日 Leave a Comment",  # the date does not open the line
        "2022年10月18日，球队宣布 12 comments",  # a sentence, not an entry line
    ],
)
def test_comment_links_without_an_opening_date_date_nothing(line: str) -> None:
    text = f"南安普敦前瞻\n{BLURB}\n{PARA}\n{line}\n"
    assert extract_provenance(make_doc(text)).published is None


# Publishers ------------------------------------------------------------------------------


def test_a_footers_copyright_sign_and_year_name_the_platform() -> None:
    text = f"标题\n\n{PARA}\n{PARA2}\n© 2019 今日头条 www.example.com 京ICP证000000号\n"
    prov = extract_provenance(make_doc(text))
    assert (prov.source, prov.source_origin, prov.source_line) == ("今日头条", "copyright", 5)


def test_a_photo_credits_copyright_sign_names_no_publisher() -> None:
    text = f"标题\n\n{PARA}\n© 2019 Getty Images\n{PARA2}\n"
    assert extract_provenance(make_doc(text)).source is None


def test_the_title_part_beside_the_pages_own_headline_names_the_site() -> None:
    head = "最新出炉的贸发报告：全球经济增长率降至2.3%"
    prov = _page(
        f"<h1>{head}</h1><div>发布时间： 2019-09-26 10:09:11</div><p>{PARA}</p>",
        title=f"明日股市预测--{head}",
    )
    assert (prov.source, prov.source_origin) == ("明日股市预测", "page <title> beside its headline")


def test_a_title_whose_parts_are_not_the_headline_names_no_site() -> None:
    # ``X：Y`` style titles and titles unlike any header line are left to site_from_title.
    prov = _page(
        f"<h1>全球经济增长率降至2.3%</h1><div>发布时间： 2019-09-26 10:09:11</div><p>{PARA}</p>",
        title="明日股市预测--最新出炉的贸发报告",
    )
    assert prov.source is None


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("大话四川-[原创]朋友，请客观认识西昌！错误信息[麻辣社区]", "麻辣社区"),
        ("标题 [视频] - 新浪网", "新浪网"),
        ("某地发生地震[组图]", None),  # a bracketed tag, not a site
        ("某某新闻 [原创]", None),
    ],
)
def test_a_forum_pages_bracketed_title_tail_names_the_site(title: str, site: str | None) -> None:
    assert site_from_title(title) == site


def test_the_new_shapes_stay_linear_on_hostile_input() -> None:
    # Each new scan on its worst case: one long line of adoption notes, comment links and
    # copyright signs; a header of year and day blocks that never form a stamp.
    long_line = "（2007年6月29日会议通过）Leave a Comment © 2019 某网 " * 10000
    blocks = "2019\n13/45\n" * 20000
    menu = "\n".join(f"栏目{i}" for i in range(60))
    texts = [long_line, blocks, f"标题\n{menu}\n{blocks}", "1/10 " * 50000]
    start = time.perf_counter()
    for text in texts:
        extract_provenance(make_doc(text))
    assert time.perf_counter() - start < 5.0
