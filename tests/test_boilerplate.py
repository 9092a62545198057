"""Scraping artifacts (A201-A206): furniture, link lists, repetition, truncation."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from typing import Any

import pytest

from conftest import RAW_SEEDS, SHARED, shared_corpus
from seedlint.detectors._webtext import (
    COMMENT_HEADINGS,
    HEAD_DECOR,
    HEADLINE_MAX,
    LinkBlock,
    LinkConfig,
    _scan_headed,
    _scan_pairs,
    han_count,
    is_content_line,
    is_provenance,
    layout,
    lines,
    link_blocks,
    orphan_heads,
    page,
)
from seedlint.detectors.repetition import (
    _CLEAR,
    _FIELD_RE,
    _LIST_ITEM_RE,
    _TOKEN_RE,
    _far_repeat_counts,
    _Grams,
    _scraped_copy,
    _variants,
    _visible,
    first_excess,
    ngram_prefilter,
    tokenize,
)
from seedlint.detectors.truncation import (
    CLOSERS,
    CONTINUATION_START,
    CUT_FRAME_RE,
    ENUMERATOR_RE,
    PAIRS,
    SAME_SHAPE,
    _enumerator_before,
    _opened_above,
    _unbalanced_open,
    _unmatched_closer,
    _wrapped,
)
from seedlint.document import Document
from seedlint.model import Applicability
from seedlint.testing import check_text, fix_text, make_doc, ruleset_for

ARTIFACT_CODES = ["A201", "A202", "A203", "A204", "A205", "A206"]
ARTICLE = (
    "  以快制快，防控力求科学精准。重庆本轮疫情传播范围广、感染程度深，尽管防控工作取得了积极进展，"
    "但疫情仍处于高位、呈上升趋势，防控形势依然复杂严峻。\n\n"
    "  协同防控，抓社会面清零攻坚。重庆提出，切实做好点线面协同、区域协同、政策措施动态协同。"
)


def _seed(name: str) -> str:
    return next(RAW_SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def _found(text: str, codes: list[str]) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in check_text(text, codes)]


# ------------------------------------------------------------------ the seeds


def test_seed_000_furniture_duplicate_and_link_list() -> None:
    assert _found(_seed("000"), ARTIFACT_CODES) == [
        ("A201", 2),  # breadcrumb 人民網>>重慶頻道>>...
        ("A201", 9),  # 小字號
        ("A203", 13),  # the repeated 《 人民日報 》 line
        ("A201", 25),  # 分享讓更多人看到
        ("A202", 27),  # 本網專稿 + headline / teaser pairs
        ("A201", 34),  # 返回頂部
    ]


def test_seed_001_footer_is_furniture_but_credits_are_provenance() -> None:
    found = check_text(_seed("001"), ARTIFACT_CODES)
    assert [(f.code, f.line) for f in found] == [
        ("A202", 31),  # 大家都在看 + three headlines
        ("A201", 38),  # the copyright disclaimer
        ("A205", 38),  # ... which starts mid-sentence: 明之外,
        ("A201", 41),  # 版權所有
        ("A201", 42),  # 平臺支持
        ("A202", 50),  # 為你推薦 ... 熱點推薦 即時新聞 武漢
        ("A206", 59),  # the lone 武漢
    ]
    flagged_lines = {ln for f in found for ln in range(f.line, f.end_line + 1)}
    assert not flagged_lines & {35, 36, 37}  # 來源 / 記者: 楊帆 張珺 / 編輯:鄒雨璠


def test_seed_002_header_and_footer_lines() -> None:
    assert _found(_seed("002"), ARTIFACT_CODES) == [("A201", n) for n in (1, 31, 32, 33, 34, 35)]


def test_seed_003_copyright_and_related_reading_but_not_the_bullets_or_credits() -> None:
    assert _found(_seed("003"), ARTIFACT_CODES) == [("A201", 70), ("A202", 75)]


def test_seed_003_related_reading_list_is_removed_safely_and_nothing_else() -> None:
    text = _seed("003")
    fixed, applied = fix_text(text, ARTIFACT_CODES, Applicability.SAFE)
    assert [a.code for a in applied] == ["A202"]
    assert fixed == text[: text.index("\n\n相关阅读")]
    assert fixed.endswith("编辑/马晓晴")


def test_safe_fixes_on_seed_002_remove_only_licence_lines() -> None:
    text = _seed("002")
    fixed, applied = fix_text(text, ARTIFACT_CODES, Applicability.SAFE)
    assert {a.code for a in applied} == {"A201"}
    assert "ICP" not in fixed and "许可证" not in fixed
    assert "版权所有" in fixed and "新闻热线" in fixed  # they name the publisher: unsafe only
    assert fixed == text[: text.index("\n增值电信业务经营许可证")]


# ------------------------------------------------------------------ furniture

PROVENANCE = [
    "编辑:鄒雨璠",
    "编辑/马晓晴",
    "記者: 楊帆 張珺",
    "（責編：秦潔、劉政寧）",
    "责任编辑：陈一豪 唐浚中",
    "来源：重庆日报",
    "文/北京青年报记者 高语阳",
    "资料 | 重庆日报 重庆市卫健委",
]


@pytest.mark.parametrize("line", PROVENANCE)
def test_credit_lines_are_provenance_not_boilerplate(line: str) -> None:
    assert _found(ARTICLE + "\n\n" + line, ["A201", "A202"]) == []


def test_furniture_inside_the_article_is_reported_but_only_unsafely_removable() -> None:
    text = ARTICLE + "\n\n分享让更多人看到\n\n" + ARTICLE
    (f,) = check_text(text, ["A201"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fix_text(text, ["A201"], Applicability.SAFE)[0] == text
    assert fix_text(text, ["A201"], Applicability.UNSAFE)[0] == ARTICLE + "\n\n" + ARTICLE


def test_edge_only_groups_are_content_inside_the_article() -> None:
    text = ARTICLE + "\n主办单位：重庆大学 承办单位：重庆市科协\n" + ARTICLE
    assert _found(text, ["A201"]) == []
    assert _found(ARTICLE + "\n\n主办单位：重庆大学 技术支持：某某网络", ["A201"]) == [("A201", 5)]


def test_a_lone_nav_word_is_not_a_menu() -> None:
    assert _found("新闻\n\n" + ARTICLE, ["A201"]) == []
    assert _found("首页 | 新闻 | 体育 | 娱乐 | 财经\n\n" + ARTICLE, ["A201"]) == [("A201", 1)]


@pytest.mark.parametrize(
    "menu",
    [
        # a bilingual menu: each item's English gloss is not part of its length
        "網站首頁Home\n公司介紹Introduction\n產品中心Product\n數碼管引腳圖Segment Displays\n"
        "常見問題FAQ\n聯系我們Contact",
        # a menu whose items carry the separator the page drew between them
        "每經網首頁丨\n宏觀丨\n金融丨\n公司丨\n視頻丨\n券商丨",
    ],
)
def test_a_menu_column_is_found_through_glosses_and_separators(menu: str) -> None:
    (f,) = check_text(menu + "\n\n" + ARTICLE, ["A201"])
    assert (f.line, f.end_line) == (1, menu.count("\n") + 1)
    assert "(navigation menu, edge)" in f.message


def test_a_column_of_bilingual_names_without_a_home_link_is_not_a_menu() -> None:
    names = "王小明Wang Xiaoming\n李华Li Hua\n张伟Zhang Wei\n陈静Chen Jing\n刘洋Liu Yang"
    assert _found(ARTICLE + "\n\n" + names, ["A201"]) == []


def test_clean_web_text_has_no_artifact_findings() -> None:
    path = shared_corpus("ChineseWebText-examples", "clean.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        assert _found(text, ARTIFACT_CODES) == [], text[:40]


@pytest.mark.parametrize(
    ("line", "group"),
    [
        # the link word after the title it links to
        ("有利网安全性如何？是否还值得投资下一篇", "prev next"),
        # page bars and counters
        ("首页 上一页 5 6 7 8 9 10 11 12 13 14 尾页", "prev next"),
        ("<<<123456>>>", "prev next"),
        ("共1页", "prev next"),
        ("总数：11页次：1/1", "prev next"),
        ("前一頁: 無", "prev next"),
        # a theme's previous/next links glued to their titles
        ("Previous PostVideo视频：Hart share prizeNext PostTop story:Dylan wins", "prev next"),
        ("PrevPreviousWeekly Devotionals – 11 April 2022", "prev next"),
        ("NextWeekly Devotionals – 25 April 2022Next", "prev next"),
        ("by adminPosted in 2022年卡塔尔世界杯直播Tagged 打入, 那不勒斯", "post meta"),
        # reprint terms however worded, even when they say where to credit the page
        ("本文属于原创文章，如若转载，请注明来源：某手机发布https://example.com/1", "copyright"),
        ("如需轉載請與《某某經濟新聞》報社聯系 。", "copyright"),
        ("未經《某某經濟新聞》報社授權 ，嚴禁轉載或鏡像 ，違者必究 。", "copyright"),
        # a disclaimer, a channel's home link, a newspaper's reader hotline, font buttons
        ("免责声明：本站内容仅供参考，不作为诊断依据，服用药物请遵医嘱。", "disclaimer"),
        ("返回每經網首頁", "back to top"),
        ("讀者熱線：4008890008", "hotline"),
        ("缩小字体", "page tools"),
    ],
)
def test_page_bars_post_meta_and_reprint_terms_are_furniture(line: str, group: str) -> None:
    (f,) = check_text(ARTICLE + "\n\n" + line, ["A201"])
    assert (f.line, f.message.split(",")[0]) == (5, f"site furniture ({group}")


@pytest.mark.parametrize(
    "line",
    [
        "这个问题我们留到下一篇",  # prose that ends with the word after a verb is kept
        "请看下一篇",
        "全书共分三部分，共12页的附录列出了全部数据。",
        "Next year we will travel to Japan, and Next",
        "他在声明中写道：请注明来源：本报记者张三",
        "他说，免责声明不能成为商家推卸责任的理由。",
        "返回家乡的第一天，他先去看了首页上提到的老街。",
    ],
)
def test_prose_about_the_next_piece_or_pages_is_not_furniture(line: str) -> None:
    assert [f for f in check_text(ARTICLE + "\n" + line + "\n" + ARTICLE, ["A201"])] == []


@pytest.mark.parametrize(
    "tail",
    [
        "客服电话：400-000-0000客服QQ：12345678官方QQ群：87654321WAP: http://m.example.cn",
        "游戏名称：《某某乐园》游戏类别：休闲类手机网游出品商：某某科技有限公司客服电话：0755-0000000",
        "[官方网站]：www.example.com[wap站点]：wap.example.com[客服电话]：400 000 0000",
        "    更多信息请访问：某某考试频道 考试论坛特别说明：考试信息仅供参考，以权威部门公布为准。",
        "了解更多游戏资讯，请登录：(www.example.cn)",
        "[报价查询] 数码相机产品报价 某品牌产品报价",
    ],
)
def test_a_contact_card_or_promotion_glued_after_a_one_line_article_is_its_tail(tail: str) -> None:
    body = "新游戏将于下月上线，玩家可以提前预约，首批玩家还能获得限定道具和专属称号。"
    (f,) = check_text(body + tail, ["A201"])
    assert f.message.startswith("site furniture (promo tail, inline)")
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    fixed, _ = fix_text(body + tail, ["A201"], Applicability.UNSAFE)
    assert fixed == body


@pytest.mark.parametrize(
    "text",
    [
        # thousands of contact fields that never reach the line's end
        "正文。" + "客服电话：abc" * 4000 + "。",
        # a page bar's digits that never reach 尾页, a long run of spaces after a sentence
        "首页 " + "1" * 200 + "x\n" + ARTICLE,
        "他说了。" + " " * 50_000 + "x",
        # a related-links heading after every sentence of a long line
        "他说了。  相关新闻：  标题一" * 4000,
    ],
)
def test_tail_and_page_bar_patterns_do_not_backtrack_on_hostile_lines(text: str) -> None:
    start = time.process_time()
    found = check_text(text, ["A201", "A202"])
    assert time.process_time() - start < 1.5
    assert all(f.code in ("A201", "A202") for f in found)


@pytest.mark.parametrize(
    "text",
    [
        # one contact field in a notice is the notice's own text
        "报名截止日期为5月9日，详情可咨询客服电话：400-000-0000",
        "如需了解更多，请访问学校官网，或致电招生办公室咨询。",
    ],
)
def test_a_contact_field_or_a_pointer_in_prose_is_not_a_promo_tail(text: str) -> None:
    assert [f for f in check_text(ARTICLE + text, ["A201"]) if "promo tail" in f.message] == []


def test_a_request_to_credit_the_source_is_not_a_source_credit() -> None:
    assert is_provenance("来源：重庆日报")
    assert not is_provenance("本文属于原创文章，如若转载，请注明来源：某站")


# ------------------------------------------------------------------ link lists


def test_headline_list_without_heading_inside_the_article_is_unsafe() -> None:
    pairs = "\n".join(
        f"重庆市委书记现场见证这一仪式之{i}\n北京青年报政知见 2024-11-1{i}" for i in range(3)
    )
    text = ARTICLE + "\n" + pairs + "\n" + ARTICLE
    (f,) = check_text(text, ["A202"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(
    ("tail", "entries"),
    [
        ("     相关新闻：    某市楼市成交连降两月 后市待观察    楼市首现供过于求我要评论", 2),
        ("【延伸閱讀】● 懷孕能不能吃冰？網友論戰● 孕期生活十大問題一次解答", 2),
        ("    相关报道：    基金新开户上周破4万    中小规模基金时代来临    基金专户规模扩容", 3),
    ],
)
def test_a_related_list_glued_after_a_one_line_article_is_a_link_list(
    tail: str, entries: int
) -> None:
    body = "房价上涨过快对市场稳定发展不利，要通过稳供应、稳政策来促进房地产的健康发展。"
    (f,) = check_text(body + tail, ["A202"])
    assert f.message.startswith(f"list of related links (inline, {entries} entries)")
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    fixed, _ = fix_text(body + tail, ["A202"], Applicability.UNSAFE)
    assert fixed == body + ("我要评论" if tail.endswith("我要评论") else "")


@pytest.mark.parametrize(
    "text",
    [
        # the heading word inside prose, or a pointer that only starts like a heading
        "记者整理了此前的报道。相关报道显示，该市房价已连续三个月下降，成交量也在萎缩。",
        "主持人：谢谢大家！ 更多精彩内容请点击：某某房产频道  欢迎参与装修论坛",
        # one entry is not a list
        "本文完。  相关新闻：  某市楼市成交连降两月 后市待观察",
    ],
)
def test_prose_a_pointer_or_one_link_after_an_article_is_not_an_inline_list(text: str) -> None:
    assert _found(text, ["A202"]) == []


# Article prose for the shapes below (reworded from real pages).
PROSE = (
    "近日，市场监管部门对辖区内的餐饮单位开展了专项检查，重点查看后厨卫生和食材来源。\n"
    "检查中发现，部分商户存在台账记录不全、过期食品未及时清理等问题，已责令限期整改。\n"
    "执法人员表示，下一步将加大抽检频次，对屡查屡犯的商户依法从严处理，保障群众饮食安全。"
)


@pytest.mark.parametrize(
    ("tail", "shown"),
    [
        ("\n\n相关阅读\n", "相关阅读"),
        # a promotion line between the article and the heading, two headings in a row
        ("\n点击这里，可免费领取备考资料哟！> > >\n相关阅读\n延伸阅读", "相关阅读\n延伸阅读"),
        ("\n\n【大家都在看】", "【大家都在看】"),
    ],
)
def test_a_related_heading_left_alone_at_the_end_is_its_lost_list(tail: str, shown: str) -> None:
    text = PROSE + tail
    found = check_text(text, ["A201", "A202"])
    (f,) = [x for x in found if x.code == "A202"]
    assert f.message.startswith("list of related links (heading alone, 0 entries)")
    assert text[f.start : f.end] == shown
    # the furniture rule leaves the heading to the list rule (the promotion stays its own)
    assert all(x.end <= f.start for x in found if x.code == "A201")
    assert f.fix is not None and f.fix.applicability is Applicability.SAFE
    fixed, _ = fix_text(text, ["A202"], Applicability.SAFE)
    assert fixed == text[: text.index(shown)].rstrip("\n") + ("\n" if tail.endswith("\n") else "")


@pytest.mark.parametrize(
    ("tail", "left"),
    [
        # articles stored as one line (THUCNews, Apple Daily realtime dumps)
        ("相关阅读：", ""),
        (" 延伸阅读我要评论", "我要评论"),
        ("（記者某某／台北報導） 小編推薦 \xa0", "（記者某某／台北報導）"),
        ("（某某／綜合報導） 你或許也想看", "（某某／綜合報導）"),
        ("（許某某／台北報導） 【小編推薦】", "（許某某／台北報導）"),
        # after the page's time stamps rather than a sentence
        (
            "（某某／台北報導） 出版時間：11:20 更新時間：17:20 相關新聞：",
            "（某某／台北報導） 出版時間：11:20 更新時間：17:20",
        ),
    ],
)
def test_a_related_heading_ending_a_one_line_article_is_reported_alone(
    tail: str, left: str
) -> None:
    body = PROSE.replace("\n", "")
    (f,) = check_text(body + tail, ["A202"])
    assert f.message.startswith("list of related links (heading alone, 0 entries)")
    fixed, _ = fix_text(body + tail, ["A202"], Applicability.SAFE)
    assert fixed == body + left


def test_photo_captions_after_a_lost_list_heading_stay_and_only_the_heading_goes() -> None:
    body = PROSE.replace("\n", "") + "（某某／台北報導） "
    captions = "某女星出席新品發表會為自己檢測基因。某某攝她產後身材迅速恢復。翻攝IG"
    text = body + "【小編推薦】" + captions
    (f,) = check_text(text, ["A202"])
    assert text[f.start : f.end] == "【小編推薦】"
    fixed, _ = fix_text(text, ["A202"], Applicability.SAFE)
    assert fixed == body + captions


@pytest.mark.parametrize(
    "text",
    [
        # a heading over the article's next paragraph, or its own background box
        PROSE + "相关阅读：\n该市房价已连续三个月下降，成交量也在萎缩，业内认为调整仍将持续。",
        PROSE.replace("\n", "") + " 【延伸阅读】该公司去年也曾因类似问题被处罚，当时被罚款十万元。",
        # the heading words inside a sentence
        PROSE + "相关阅读显示，类似问题在其他城市也时有发生。",
        # a comment button or a bare `更多` link is not a list's heading
        PROSE + "\n\n我要评论",
        PROSE + "\n\n更多",
        PROSE.replace("\n", "") + "我要评论",
        # a heading in the middle of the page, with the article going on under it
        "相关阅读\n" + PROSE,
    ],
)
def test_a_heading_with_text_under_it_or_a_button_is_not_a_lost_list(text: str) -> None:
    assert _found(text, ["A202"]) == []


HEADLINES = [
    "高校毕业生除了考研和考公务员还有什么选择",
    "云服务器的实例模板应该怎么删除",
    "迄今为止你最讨厌的广告是什么",
    "现在练书法还有没有意义",
    "大学生用攒下的生活费买新手机合理吗",
    "苏州最让你难忘的美食有哪些",
]


def test_headlines_listed_after_the_article_without_a_heading_are_a_link_list() -> None:
    text = PROSE + "\n" + "\n".join(HEADLINES)
    (f,) = check_text(text, ["A202"])
    assert f.message.startswith("list of related links (headlines after the article, 6 entries)")
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    fixed, _ = fix_text(text, ["A202"], Applicability.UNSAFE)
    assert fixed == PROSE


@pytest.mark.parametrize(
    "text",
    [
        # the list a post is about, under its one line of lead
        "影视剧里有哪些角色让你觉得演员本人都无法超越？快来提名你心中的那个角色吧！\n"
        + "\n".join(f"演员甲{i}《某部古装剧第{i}部》里的角色" for i in range(8)),
        # announced by the article (`如下：`), numbered, or bulleted: the article's own list
        PROSE + "\n本次检查发现的主要问题如下：\n" + "\n".join(HEADLINES),
        PROSE + "\n" + "\n".join(f"{i}、{h}" for i, h in enumerate(HEADLINES, 1)),
        PROSE + "\n" + "\n".join(f"- {h}" for h in HEADLINES),
        # names and places: too short for headlines
        PROSE + "\n" + "\n".join(["故宫博物院", "八达岭长城", "颐和园", "天坛公园", "北海公园"]),
        # fields of a table
        PROSE + "\n" + "\n".join(f"金奖 Sweepstakes winner：全球 {i} 个" for i in range(6)),
        # a page that is nothing but titles
        "\n".join(HEADLINES),
    ],
)
def test_a_list_that_is_the_articles_own_is_not_headlines_after_it(text: str) -> None:
    assert _found(text, ["A202"]) == []


def test_an_authors_other_articles_are_a_headed_link_list() -> None:
    rows = [
        "五一出游好选择 热门卡片式数码相机推荐 2008-04-28 05:21",
        "全画幅单反 某型号相机售五万余元 2008-04-28 05:20",
        "双卡双电多媒体卡片机仅售一千余元 2008-04-25 05:20",
    ]
    text = PROSE + "\n陈某的其他文章\n" + "\n".join(rows)
    (f,) = check_text(text, ["A201", "A202"])
    assert f.code == "A202" and f.message.startswith("list of related links (headed, 3 entries)")


def test_a_sidebar_chart_under_its_more_link_is_a_link_list_with_its_short_show_names() -> None:
    # a video page's chart: each headline under its rank, with its programme's short name
    chart = (
        "热播榜更多>\nTOP 1\n和摄影师一起走进光影变化的世界\n我的艺术清单\nTOP 2\n"
        "冲突双方会否调整策略\n环球视线\nTOP 3\n带白霜的茶叶到底有何玄机\n今日说法\n"
        "TOP 4古墓的墓志铭能否揭开墓主身份"
    )
    text = ARTICLE + "\n\n" + chart + "\n"
    (f,) = check_text(text, ["A201", "A202"])
    assert f.code == "A202" and f.message.startswith("list of related links (headed, 7 entries)")
    assert text[f.start : f.end] == chart


@pytest.mark.parametrize(
    "text",
    [
        # a link to more comments, not a chart's heading
        ARTICLE + "\n\n查看更多>\n新闻\n国内",
        # short names under a heading without ranks: a menu, not headlines
        ARTICLE + "\n\n热播榜更多>\n新闻\n国内\n体育\n财经",
    ],
)
def test_a_more_link_or_a_menu_under_a_heading_is_not_a_chart(text: str) -> None:
    assert _found(text, ["A202"]) == []


def test_numbered_content_lines_are_not_a_link_list() -> None:
    text = (
        "第一章 施工图识读\n1、设计规范要求，暖气支管不得小于DN20。\n"
        "2、保温常规做法\n3、镀锌钢管连接方式"
    )
    assert _found(text, ["A202"]) == []


# ------------------------------------------------------------------ repetition


def test_adjacent_duplicate_is_safe_and_leaves_no_double_blank() -> None:
    text = "标题\n\n同一行文字重复出现\n\n同一行文字重复出现\n\n" + ARTICLE
    fixed, applied = fix_text(text, ["A203"], Applicability.SAFE)
    assert fixed == "标题\n\n同一行文字重复出现\n\n" + ARTICLE and len(applied) == 1


def test_repeat_of_an_earlier_paragraph_needs_unsafe_fixes() -> None:
    title = "重庆市召开新冠肺炎疫情防控工作专题汇报会 强调要深入学习贯彻重要指示精神"
    text = title + "\n中间一段不同的文字。\n" + title
    (f,) = check_text(text, ["A203"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fix_text(text, ["A203"], Applicability.SAFE)[0] == text


_SECOND = "会议要求各区县认真落实各项防控措施，确保群众生活物资供应充足，保障正常生产生活秩序。"
_FIRST = "重庆市召开新冠肺炎疫情防控工作专题汇报会，强调要深入学习贯彻重要指示精神。"


def test_a_block_of_paragraphs_rendered_again_is_a_duplicate() -> None:
    text = f"{_FIRST}\n{_SECOND}\n朗读\n{_FIRST}\n{_SECOND}\n"
    assert [c for c, _ in _found(text, ["A203"])] == ["A203", "A203"]


def test_a_title_or_menu_line_repeated_far_apart_is_a_duplicate() -> None:
    title = "阿森纳已经与皇马前锋马尔科·阿森西奥的代表就可能的转会进行了接触"
    text = f"{title}\n正文第一段。\n相关阅读\n其他新闻标题一\n{title}\n"
    assert [c for c, _ in _found(text, ["A203"])] == ["A203"]


def test_a_standard_clause_in_bundled_notices_is_not_a_duplicate() -> None:
    # Two fund notices in one record each end with the same contact sentence.
    contact = "如有疑问，请拨打本公司客户服务热线400 000 0000，或登录本公司网站获取相关信息。"
    text = (
        f"关于旗下基金暂停申购的公告\n本公司决定暂停旗下基金的申购业务。\n{contact}\n特此公告。\n"
        f"关于旗下基金恢复赎回的公告\n本公司决定恢复旗下基金的赎回业务。\n{contact}\n特此公告。\n"
    )
    assert _found(text, ["A203"]) == []


def test_list_items_and_fields_repeated_in_parallel_sections_are_not_duplicates() -> None:
    item = "●企业法人营业执照或其他法人的注册登记证书原件及加盖公章的复印件一份；"
    field = "地址：某市某区某路一百号金融中心一号楼北区三号楼六层整层办公区域"
    text = f"一、银行开户\n{item}\n{field}\n二、券商开户\n{item}\n{field}\n"
    assert _found(text, ["A203"]) == []


def test_markup_only_repeats_are_not_duplicate_text() -> None:
    # A Markdown archive re-uses an image and a photo credit under different photos.
    img = "![03.png](https://img.example.org/2018/04/26/5ae1c08a36792.png)"
    cap = "<figcaption>图片来自网络</figcaption>"
    text = f"{img}\n{cap}\n正文。\n{img}\n<br />\n<br />\n{cap}\n"
    assert _found(text, ["A203"]) == []


def test_short_adjacent_repeats_in_dialogue_are_left_alone() -> None:
    assert _found("“好。”\n“好。”\n是的\n是的\n他们都同意了。", ["A203"]) == []


_NAME = "第十三届全国人民代表大会常务委员会第三十次会议"
_FORMAL_ITEM = (
    f"## {_NAME}在京闭幕 审议通过多部法律草案\n\n"
    f"**本台消息**：{_NAME}今天下午在北京人民大会堂闭幕，会议表决通过了多部法律草案和有关决定。\n\n"
    f"出席闭幕会的委员们认为，{_NAME}审议的各项议题关系改革发展稳定大局，意义重大。\n\n"
    "会后，委员长主持召开专题讲座，邀请专家围绕数据安全治理作辅导报告，与会人员认真听取并"
    "进行了交流讨论。\n\n"
    f"各地人大代表表示，将认真学习贯彻{_NAME}精神，依法履职尽责，推动各项法律在本地区有效实施。\n"
)


def test_a_long_formal_name_restated_in_a_short_item_is_not_repetition() -> None:
    # Over the duplicate 10-gram limit, yet no sentence and no long passage repeats.
    assert first_excess(make_doc(_FORMAL_ITEM), _detector("A204").params) is not None
    assert _found(_FORMAL_ITEM, ["A204"]) == []


_PARK = "国家文化公园"
_PARK_ITEM = (
    f"## 长江{_PARK}建设正式启动\n\n"
    f"**本台消息**：记者从有关部门获悉，长江{_PARK}建设近日正式启动，沿线十三个省区市将共同推进。\n\n"
    f"根据部署，沿线各地要把{_PARK}建设作为重大文化工程，统筹保护传承、研究发掘、环境配套和数字再现。\n\n"
    f"此前，长城、大运河、长征、黄河{_PARK}建设已陆续展开，相关规划和标准体系不断完善。\n\n"
    f"专家表示，{_PARK}建设有利于讲好中华文明故事，增强文化自信，推动沿线地区高质量发展和群众共享。\n\n"
    f"下一步，有关部门将加强统筹协调，确保{_PARK}建设各项任务落到实处，早日建成开放。\n"
)


def test_a_name_said_six_times_in_a_short_item_is_not_repetition() -> None:
    # The top 8-gram share is over its limit, but by less than half and with no copied text.
    got = first_excess(make_doc(_PARK_ITEM), _detector("A204").params)
    assert got is not None and got[0] == "top 8-gram share"
    assert _found(_PARK_ITEM, ["A204"]) == []


def test_the_same_item_with_a_paragraph_printed_twice_is_repetition() -> None:
    para = "会后，委员长主持召开专题讲座，邀请专家围绕数据安全治理作辅导报告。"
    assert [c for c, _ in _found(_FORMAL_ITEM + para + "\n" + para + "\n", ["A204"])] == ["A204"]


def test_image_addresses_on_one_host_are_not_repetition() -> None:
    # A Markdown photo essay: every image sits on the same host under a dated path.
    lines = [
        "强拆过后，部分业主无家可归，只能住在帐篷里过夜。",
        "池水浑浊泛黄，四周的绿植已悉数死去，小区里一片寂静。",
        "居民们凭借浇花水管里剩的水度日，春节前采购的年货全部坏掉。",
        "一个多月前，这座刚刚落成的小区还是许多候鸟老人的冬季家园。",
        "通告要求业主三日内全部撤离，整个小区随即停水停电。",
        "相邻城市的另一个小区同样遭遇了断水断电，业主们四处奔走。",
    ]
    text = "".join(
        f"![](https://img.example.org/2019/03/04/5c7cad9feb4{i}e.jpg)\n\n{line}\n\n"
        for i, line in enumerate(lines * 1)
    ) + "".join(
        f"![](https://img.example.org/2019/03/04/6d8dbe0fc5{i}f.jpg)\n\n" for i in range(12)
    )
    assert first_excess(make_doc(text), _detector("A204").params) is not None  # raw text
    assert _found(text, ["A204"]) == []


def test_repeated_ngrams_flag_spun_text_not_articles() -> None:
    spun = "\n".join(["重庆市召开疫情防控工作专题汇报会，强调要深入学习贯彻重要指示精神。"] * 3)
    spun = (spun + "另一段文字，内容各不相同，讲述了其他事情的经过与结果。") * 3
    assert [c for c, _ in _found(spun, ["A204"])] == ["A204"]
    for name in ("000", "001", "002", "003"):
        assert _found(_seed(name), ["A204"]) == []


# ------------------------------------------------------------------ truncation


@pytest.mark.parametrize(
    "text",
    [
        "，重庆市新增本土确诊病例178例。",
        "者王斌来、常碧罗）20日，重庆市召开新冠肺炎疫情防控工作专题汇报会。",
        ARTICLE + "\n  明之外,推送稿件文字及圖片均來自網絡。",
    ],
)
def test_lines_that_start_mid_sentence(text: str) -> None:
    assert [c for c, _ in _found(text, ["A205"])] == ["A205"]


@pytest.mark.parametrize(
    "text",
    [
        "此外，要有力有序推进复工复产。",
        "1）加强全人群免疫接种；\n2）加快治疗药物准备。",
        "工作之外，他喜欢读书。",
        "“婉秋……婉秋……”\n……他终于醒了。",
        "根据《重庆日报》此前报道,重庆市本轮疫情面临着”非同一般的严峻形势”。",
        # Shapes of real pages that start no cut sentence:
        ARTICLE + "\n![游行的人群](https://example.org/a.jpg)\n" + ARTICLE,  # Markdown image
        "（二)生产经营收入；\n（三)其他收入。",  # list items with brackets of both widths
        "基金投资范围(港股通≤50%）由基金合同约定。",
        "详情阅读》》》点击查看全文",  # arrows
        "?2022 某某网站 版权所有",  # `©` replaced by `?`
        "公司对下列基金（含\n联接基金）暂停申购。",  # hard-wrapped parenthesis
        "他说（ACI）)这份报告很重要。",  # a doubled closer
        "答：提到这个问题，应当明确以下几点：1）比例较低；2）不是主流。",  # enumerators
        ARTICLE + "\n\n。。。\n\n" + ARTICLE,  # punctuation debris
        ARTICLE + "\n)\n" + ARTICLE,
        "是一家具有多年独立开发设计，制作\n、生产、加工石膏制品的企业。",  # hard wrap
        "原文：端传媒 [「一家书店的葬礼\n」](https://example.org/a)",
    ],
)
def test_ordinary_sentence_starts_are_not_truncation(text: str) -> None:
    assert _found(text, ["A205"]) == []


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        (ARTICLE + "\n据介绍，全市先后组织开展加强城乡社区排查、", True),
        (ARTICLE + "\n\n即時新聞\n\n武漢", True),
        (ARTICLE + "\n（完）", False),
        (ARTICLE + "\n\n编辑:鄒雨璠", False),
        ("第一段。\n第二段。\n手到擒来\n手高手低", False),
        (ARTICLE + "\n\n李明", False),  # a signature after the article
        (ARTICLE + "\n\n各省份的排名情况如下图所示：", False),  # the content was a picture
        (ARTICLE + "\n\n相关阅读\n\n延伸阅读", False),  # empty list headings, nothing cut
        (ARTICLE + "\n\n(编译/汽车之家 姚宇）", False),  # a credit in brackets of both widths
        (ARTICLE + "\n\n（编译/汽车之家 姚宇", True),
    ],
)
def test_document_end_truncation(text: str, hit: bool) -> None:
    assert bool(_found(text, ["A206"])) is hit


# ------------------------------------------------------------------ fast paths
# The detectors find candidate lines with scans of the whole text and compute the
# n-gram statistics on arrays. These tests pin them to the plain definitions: classify
# every line, walk every line, count every n-gram (the straightforward code they
# replaced), on real pages and on generated mixes of the shapes that matter.

FURNITURE_LINES = [
    "返回顶部",
    "【打印】 【关闭】",
    "分享到：微信 微博 QQ空间",
    "Copyright © 2008-2023 某某网 All Rights Reserved",
    "京ICP备12345678号-1 京公网安备11010502012345号",
    "关于我们 | 联系我们 | 网站地图 | 广告服务",
    "首页 > 新闻中心 > 国内新闻 > 正文",
    "当前位置：首页 >> 社会 >> 要闻",
    "新闻热线：010-12345678",
    "• 相关阅读",
    "大家都在看",
    "更多>>",
    "Back to top",
    "社会 | 国际 | 体育 | 教育",
    "字号：大 中 小",
    "北京青年报政知见 2024-11-11",
    "专家释疑:核酸抗原有何区别?",
    "  11月22日,重庆市政府新闻办举行发布会,就市民关心的问题进行了回复…",
    "重庆中心城区疫情上升势头有所遏制</a>",
    "网(wǎng)站(zhàn)首(shǒu)页(yè)",
    "镇远县| 闽侯县| 左权县| 绿春县| 连江县| 灵璧县| 湘潭县| 久治县| 彩票| 读书",
    "，重庆市新增本土确诊病例178例。",
    "明之外,推送稿件文字及圖片均來自網絡。",
    "者王斌来、常碧罗）20日，重庆市召开会议。",
    "1）加强全人群免疫接种；",
    "截至目前（数据来源",
    "iPhone手机 APP下载 5G网络 abc中文def 2022年11月23日",
    "𠀀𠀁 astral 𠀂 字",
    "",
    "   ",
]


def mixed_documents(count: int, seed: int) -> list[str]:
    """Real lines (the seeds, clean web text) shuffled with furniture, link-list lines,
    keyword blocks, Traditional script, ruby, repeats and CRLF endings."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    pool = [ln for name in ("000", "001", "002", "003") for ln in _seed(name).split("\n")]
    pool += ARTICLE.split("\n") + FURNITURE_LINES
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        ls = [rng.choice(pool) for _ in range(rng.randint(1, 30))]
        if rng.random() < 0.3:
            ls = [s2t.convert(x) if rng.random() < 0.5 else x for x in ls]
        if rng.random() < 0.3:
            k = rng.randrange(len(ls))
            ls[k:k] = ls[k : k + rng.randint(1, 4)] * rng.randint(1, 3)
        docs.append(rng.choice(["\n", "\n\n", "\r\n"]).join(ls))
    return docs


def _corpus() -> list[str]:
    docs = [_seed(n) for n in ("000", "001", "002", "003")] + mixed_documents(150, 11)
    clean = SHARED / "corpora" / "ChineseWebText-examples"
    for name in ("clean.jsonl", "dirty.jsonl"):
        if (clean / name).exists():
            docs += [
                json.loads(x)["text"] for x in (clean / name).read_text("utf-8").split("\n") if x
            ]
    return docs


def _detector(code: str) -> Any:
    return ruleset_for([code]).by_code[code].detector


def test_furniture_classes_from_one_scan_equal_classifying_every_line() -> None:
    f = _detector("A201").furniture
    for text in _corpus():
        doc = make_doc(text)
        expected = [None if ln.blank else f.classify(ln.clean) for ln in lines(doc)]
        assert f.classes(doc) == expected, text[:60]


def _walk_link_blocks(doc: Document, f: Any, p: LinkConfig) -> list[LinkBlock]:
    """Link lists by trying every line in turn."""
    ls = lines(doc)
    cl = [None if ln.blank else f.classify(ln.clean) for ln in ls]
    out, i = [], 0
    while i < len(ls):
        ln = ls[i]
        if ln.blank or is_provenance(ln.stripped):
            i += 1
            continue
        if cl[i] is not None and cl[i][0] == p.heading_group:
            if ln.stripped.strip("【】[]：: ") in COMMENT_HEADINGS:
                i += 1
                continue
            heads = orphan_heads(f, p.heading_group)
            below = [k for k in range(i, len(ls)) if not ls[k].blank]
            if all(
                cl[k] is not None
                and cl[k][0] == p.heading_group
                and page(doc).norm_stripped()[k].strip(HEAD_DECOR) in heads
                for k in below
            ):
                out.append(LinkBlock(i, below[-1], True, 0))  # headings alone end the page
                break
            last, entries, _ = _scan_headed(ls, cl, i, p)
            if entries >= p.min_items:
                out.append(LinkBlock(i, last, True, entries))
                i = last + 1
                continue
        elif cl[i] is None and len(ln.stripped) <= HEADLINE_MAX:
            last, pairs = _scan_pairs(ls, cl, i)
            if pairs >= p.min_pairs:
                out.append(LinkBlock(i, last, False, pairs))
                i = last + 1
                continue
        i += 1
    return out


def test_link_lists_and_page_layout_equal_a_walk_over_every_line() -> None:
    f = _detector("A202").furniture
    for text in _corpus():
        doc = make_doc(text)
        blocks = _walk_link_blocks(doc, f, LinkConfig())
        assert link_blocks(doc, f, LinkConfig()) == blocks, text[:60]
        listed = {k for b in blocks for k in range(b.first, b.last + 1)}
        content = [
            ln.idx
            for ln in lines(doc)
            if not ln.blank
            and ln.idx not in listed
            and is_content_line(ln, None if ln.blank else f.classify(ln.clean))
        ]
        lay = layout(doc, f)
        if content:
            assert (lay.head_end, lay.tail_start) == (content[0], content[-1] + 1)
        else:
            assert (lay.head_end, lay.tail_start) == (0, len(lines(doc)))


def _closer_by_walking(s: str, limit: int) -> int | None:
    """The first closer met where its shape (both widths of a parenthesis alike) stands at
    depth zero, unless that closer is part of a run (`》》`, `）)`): then that closer is
    not looked at again."""
    if ENUMERATOR_RE.match(s):
        return None
    shape = {c: min(SAME_SHAPE.get(c, c)) for c in [*PAIRS, *CLOSERS]}
    depth: dict[str, int] = {}
    dead: set[str] = set()
    head = s[:limit]
    for i, c in enumerate(head):
        if c in PAIRS:
            depth[shape[c]] = depth.get(shape[c], 0) + 1
        elif c in CLOSERS:
            key = shape[CLOSERS[c]]
            if c not in dead and depth.get(key, 0) == 0:
                if (
                    head[i + 1 : i + 2] == c
                    or (i > 0 and head[i - 1] in CLOSERS)
                    or _enumerator_before(head, i)
                    or (c == "]" and head[i + 1 : i + 2] == "(")
                ):
                    dead.add(c)
                else:
                    return i
            depth[key] = depth.get(key, 0) - 1
    return None


def test_bracket_checks_equal_walking_the_characters() -> None:
    rng = random.Random(5)
    alphabet = list("（）()「」『』《》【】[]ab中1 ")
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        limit = rng.choice([5, 30])
        assert _unmatched_closer(s, limit) == _closer_by_walking(s, limit), s
        wide = s.replace("(", "（").replace(")", "）")
        depth = {o: wide.count(o) - wide.count(c) for o, c in PAIRS.items()}
        assert _unbalanced_open(s) == any(v > 0 for v in depth.values()), s


def test_truncated_start_scan_finds_what_checking_every_line_finds() -> None:
    det = _detector("A205")
    for text in _corpus():
        doc = make_doc(text)
        expected = []
        pg = page(doc)
        for ln in lines(doc):
            if ln.blank:
                continue
            s = ln.norm.lstrip().rstrip("\r")
            if not any(c.isalnum() for c in s) or "\ufffd" in s or _wrapped(pg, ln.idx):
                continue
            at = _closer_by_walking(s, det.params.check_chars)
            if (
                s[0] in CONTINUATION_START
                or CUT_FRAME_RE.match(s)
                or (
                    at is not None
                    and han_count(s[:at]) >= 1
                    and not _opened_above(pg, ln.idx, CLOSERS[s[at]])
                )
            ):
                expected.append(ln.start + len(ln.norm) - len(ln.norm.lstrip()))
        assert [h.start for h in det.check(make_doc(text))] == expected, text[:60]


def _naive_parallel(rows: list[str], nonblank: list[int], f: int, k: int) -> bool:
    """Lines at equal offsets (up to 8 non-blank lines) from the first copy f and the
    repeat k, compared pair by pair for a template's different fills."""
    for step in (-1, 1):
        for d in range(1, 9):
            a, b = f + step * d, k + step * d
            if not (0 <= a < len(nonblank) and 0 <= b < len(nonblank)) or a == k or b == f:
                break
            x, y = rows[nonblank[a]], rows[nonblank[b]]
            if x != y and _variants(x, y):
                return True
    return False


def _naive_frame(rows: list[str], nonblank: list[int]) -> set[int]:
    """The closing lines that repeat an opening block (3+ lines starting in the first 6
    non-blank lines) with a longer body between: every block length tried."""
    lines_ = [rows[i] for i in nonblank]
    n = len(lines_)
    for t in range(n // 2, 2, -1):
        tail = lines_[n - t :]
        for o in range(6):
            if o + t <= n // 2 + 1 and lines_[o : o + t] == tail and (n - t) - (o + t) > t:
                return set(nonblank[n - t :])
    return set()


def test_duplicate_line_hits_equal_a_walk_over_every_line() -> None:
    # The detector's one pass against a naive walk: every earlier line searched again.
    det = _detector("A203")
    p = det.params
    for text in _corpus():
        rows = [ln.text.strip() for ln in lines(make_doc(text))]
        nonblank = [i for i, s in enumerate(rows) if s]
        expected, seen = [], {}
        for k, i in enumerate(nonblank):
            s = rows[i]
            vis = _visible(s)
            wordish = len(re.findall(r"[^\W_]", vis))
            prev = rows[nonblank[k - 1]] if k else None

            def block(k: int = k, rows: list[str] = rows, nonblank: list[int] = nonblank) -> bool:
                for j in (k - 1, k + 1):
                    if 0 <= j < len(nonblank):
                        t = rows[nonblank[j]]
                        earlier = t in rows[: nonblank[j]]
                        vt = _visible(t)
                        if (
                            earlier
                            and len(vt) >= p.repeated_min_chars
                            and not (_LIST_ITEM_RE.match(vt) or _FIELD_RE.match(vt))
                        ):
                            return True
                return False

            # The run of equal lines this one belongs to, counted both ways.
            lo, hi = k, k
            while lo > 0 and rows[nonblank[lo - 1]] == s:
                lo -= 1
            while hi + 1 < len(nonblank) and rows[nonblank[hi + 1]] == s:
                hi += 1
            chant = hi - lo + 1 >= 3 and len(vis) >= 10

            if s == prev and len(vis) >= p.adjacent_min_chars and wordish >= 2 and not chant:
                expected.append(i)
            elif (
                s in seen
                and len(vis) >= p.repeated_min_chars
                and wordish >= 2
                and _far_repeat_counts(vis, block)
                and not _naive_parallel(rows, nonblank, nonblank.index(seen[s]), k)
                and i not in _naive_frame(rows, nonblank)
            ):
                expected.append(i)
            seen.setdefault(s, i)
        got = [make_doc(text).line_of(h.start) for h in det.check(make_doc(text))]
        assert [make_doc(text).position(a)[0] - 1 for a, _ in got] == expected, text[:60]


def test_tokenizer_gives_the_token_regex_matches() -> None:
    rng = random.Random(3)
    odd = ["\ud800", "abc中文", " 12", "\u0301", "\ufa6e", "\u9fff", "\u3400"]
    pool = [*"abcXYZé中文字𠀀０１２345_ -,.。²½Ⅻ①ｱア한", *odd]
    for _ in range(20000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        t = tokenize(s)
        got = [s[a:b] for a, b in zip(t.starts.tolist(), t.ends.tolist(), strict=True)]
        assert got == _TOKEN_RE.findall(s), s
        ids = t.exact_ids().tolist()
        assert len(set(ids)) == len(set(got)) and len(set(zip(ids, got, strict=True))) == len(
            set(got)
        ), s


def _stats_by_definition(text: str, p: Any) -> tuple[str, str, str, tuple[int, int]] | None:
    """A204 as first written: Python lists of tokens, every n-gram counted."""
    toks = list(_TOKEN_RE.finditer(text))
    if len(toks) < p.min_tokens:
        return None
    lens = [m.end() - m.start() for m in toks]
    total = sum(lens)
    ids: dict[str, str] = {}
    ts = "".join(ids.setdefault(m.group(), chr(len(ids) + 1)) for m in toks)

    def span(first: int, n: int) -> tuple[int, int]:
        return toks[first].start(), toks[first + n - 1].end()

    out: list[tuple[str, float, float, tuple[int, int]]] = []
    for n, limit in sorted(p.top_ngram_max.items()):
        if len(ts) >= n:
            gram, c = Counter(ts[i : i + n] for i in range(len(ts) - n + 1)).most_common(1)[0]
            first = ts.find(gram)
            value = c * sum(lens[first : first + n]) / total if c > 1 else 0.0
            out.append((f"top {n}-gram share", value, limit, span(first, n)))
    dup = sorted(p.dup_ngram_max.items())
    skip_dup = False
    if len(toks) > p.exact_up_to and dup:
        n0 = dup[0][0]
        grams0 = [ts[i : i + n0] for i in range(len(ts) - n0 + 1) if ord(ts[i]) % 8 == 1]
        est = (len(grams0) - len(set(grams0))) / len(grams0) if grams0 else 0.0
        skip_dup = est * 2 < min(v for _, v in dup)
    for n, limit in [] if skip_dup else dup:
        grams = [ts[i : i + n] for i in range(len(ts) - n + 1)]
        seen: set[str] = set()
        repeated, first_rep, skip_to = 0, -1, 0
        for i, g in enumerate(grams):
            if i < skip_to:
                continue
            if g in seen:
                repeated += sum(lens[i : i + n])
                first_rep = i if first_rep < 0 else first_rep
                skip_to = i + n
            else:
                seen.add(g)
        out.append((f"duplicate {n}-gram share", repeated / total, limit, span(first_rep, n)))
    seen_lines: set[str] = set()
    dup_chars = all_chars = pos = 0
    first_dup = None
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            all_chars += len(s)
            if s in seen_lines:
                dup_chars += len(s)
                first_dup = first_dup or (pos, pos + len(raw))
            seen_lines.add(s)
        pos += len(raw) + 1
    if all_chars:
        share = dup_chars / all_chars
        out.append(("duplicate line share", share, p.dup_line_chars_max, first_dup or (0, 0)))
    for name, value, limit, where in out:
        if value > limit:
            return name, f"{value:.2f}", f"{limit:.2f}", where
    return None


def test_ngram_statistics_equal_counting_every_ngram() -> None:
    det = _detector("A204")
    rng = random.Random(9)
    docs = _corpus()
    # Long documents (the anchor estimate) and spun ones (every statistic's exact path).
    para = [p for p in ARTICLE.split("\n") if p.strip()]
    for k in range(12):
        body = [rng.choice(para + FURNITURE_LINES[:12]) for _ in range(rng.randint(5, 80))]
        if k % 3 == 0:
            body = body * rng.randint(2, 4)
        if k % 4 == 0:
            body = [" ".join(rng.choice(["中华人民", "abc", "2022", "共和国"]) for _ in range(200))]
        docs.append("\n".join(body))
    seeds = "\n".join(_seed(n) for n in ("000", "001", "002", "003"))
    docs += [seeds, seeds + "\n" + seeds, seeds + "\n" + seeds[: len(seeds) // 3]]
    # The statistics themselves (the detector then asks a marginal one for copied text).
    for text in docs:
        got = first_excess(make_doc(text), det.params)
        hits = [] if got is None else [(got[0], f"{got[1]:.2f}", f"{got[2]:.2f}", got[3])]
        assert hits == [x for x in [_stats_by_definition(text, det.params)] if x], text[:60]


def _exact_ngram_values(text: str, p: Any) -> dict[tuple[str, int], float] | None:
    """Every top and duplicate n-gram statistic of ``text``, exactly (None: too short)."""
    tokens = tokenize(text)
    if tokens.ids.size < p.min_tokens:
        return None
    g = _Grams(tokens)
    out = {("top", n): g.top_share(n)[0] for n in p.top_ngram_max if g.n >= n}
    out.update({("dup", n): g.duplicate_share(n)[0] for n in p.dup_ngram_max})
    return out


def _repetitive_documents(rng: random.Random, count: int) -> list[str]:
    """Texts built to sit near the n-gram limits: repeated phrases, periodic runs, Latin
    words that take in the Han characters after them, copies with different separators."""
    han = "最新地址中华人民共和国防控疫情的了是在一"
    words = ["ATM网关", "picocontainer", "2022", "abc", "JTF", "Python编程", "x"]
    seps = ["", "，", " ", "\n", "、", "——"]
    docs = []
    for _ in range(count):
        phrase = "".join(rng.choice(han) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.5:
            phrase += rng.choice(words)
        parts: list[str] = []
        while sum(map(len, parts)) < rng.randint(150, 1500):
            r = rng.random()
            if r < 0.35:
                parts.append(phrase)
            elif r < 0.6:
                parts.append("".join(rng.choice(han) for _ in range(rng.randint(1, 30))))
            elif r < 0.75:
                parts.append(rng.choice(words))
            else:
                parts.append(ARTICLE[rng.randrange(len(ARTICLE)) :][: rng.randint(5, 60)])
            parts.append(rng.choice(seps))
        docs.append("".join(parts))
    return docs


def test_ngram_prefilter_never_clears_a_statistic_over_its_limit() -> None:
    """The prefilter's bounds are checked where they matter most: with each limit set
    just under the statistic's exact value, it must never say the text is clear."""
    base = _detector("A204").params
    rng = random.Random(17)
    docs = _repetitive_documents(rng, 400) + _corpus()[:60]
    cleared = judged = 0
    for text in docs:
        values = _exact_ngram_values(text, base)
        if values is None:
            assert ngram_prefilter(text, base)[0] != _CLEAR or len(text) < 400
            continue
        judged += 1
        cleared += ngram_prefilter(text, base)[0] == _CLEAR
        for (kind, n), value in values.items():
            if value <= 0:
                continue
            high = {m: 1e9 for m in base.top_ngram_max}
            dup_high = {m: 1e9 for m in base.dup_ngram_max}
            limit = value * (1 - 1e-12)
            if kind == "top":
                high[n] = limit
            else:
                dup_high[n] = limit
            p = base.model_copy(update={"top_ngram_max": high, "dup_ngram_max": dup_high})
            assert ngram_prefilter(text, p)[0] != _CLEAR, (kind, n, value, text[:80])
    assert judged > 300 and cleared > judged // 10  # the bounds are not vacuous


# ------------------------------------------- furniture that real pages add (issue: recall)


@pytest.mark.parametrize(
    "line",
    [
        "上一篇：冰箱有异味怎么办？几种去味方法",
        "下一篇:大棚温室的几个优点",
        "上一篇文章：离职补偿怎么算？ 下一篇文章：试用期工资怎么发",
        "上一条: 烧烤的环境 下一条: 户外拓展玩法",
        "下一篇 一场初恋的旁观",
    ],
)
def test_previous_and_next_article_links_are_furniture(line: str) -> None:
    text = ARTICLE + "\n\n" + line + "\n"
    assert _found(text, ["A201"]) == [("A201", 5)]


@pytest.mark.parametrize(
    "line",
    [
        "下一篇文章我们将继续讨论这个问题，敬请期待。",
        "上篇：总论",
        "下一个目标是把成本再降一成。",
    ],
)
def test_prose_that_starts_with_next_is_not_a_link(line: str) -> None:
    assert _found(ARTICLE + "\n\n" + line + "\n", ["A201"]) == []


def test_promotion_lines_are_furniture_and_removed_at_the_edge() -> None:
    text = (
        "　　炒股就看金麒麟分析师研报，权威，专业，及时，全面，助您挖掘潜力主题机会！\n\n"
        + ARTICLE
        + "\n\n[扫码下载app，中过彩票大奖的专家都在这儿！]\n"
    )
    assert [ln for _, ln in _found(text, ["A201"])] == [1, 7]
    assert fix_text(text, ["A201"])[0].strip() == ARTICLE.strip()


def test_comment_prompt_glued_to_a_one_line_article_is_removed_alone() -> None:
    text = "地铁亦庄线成功跨五环。本报讯 工人们首先把桥的墩柱和桥梁制作好，最后浇筑合拢。我要评论"
    found = check_text(text, ["A201"])
    assert [(f.column, f.end_column) for f in found] == [(40, 44)]
    assert fix_text(text, ["A201"])[0] == text[: -len("我要评论")]


def test_comment_prompt_inside_a_sentence_is_not_furniture() -> None:
    assert _found("网友在帖子里写道：我要评论一下这件事。", ["A201"]) == []


def test_a_comment_prompt_after_a_space_ending_a_one_line_article_is_removed_with_it() -> None:
    # Sina's archived articles end `…(记者王浩) 我要评论`: the widget's text after a space.
    text = "开发商将就前期物业服务事宜进行协商，并报批政府部门。(记者王浩) 我要评论"
    found = _found(text, ["A201"])
    assert len(found) == 1
    assert fix_text(text, ["A201"])[0] == text[: -len(" 我要评论")]


def test_share_widget_inside_a_traditional_one_line_article() -> None:
    text = (
        "地政局宣布新系統上線。 圖／本報資料照   分享       facebook          "
        "台北市地政局今天宣布新系統上線。"
    )
    found = check_text(text, ["A201"])
    assert len(found) == 1 and found[0].fix is not None
    fixed = fix_text(text, ["A201"])[0]
    assert "facebook" not in fixed and "資料照   台北市" in fixed


def test_sharing_economy_prose_is_not_a_share_widget() -> None:
    assert _found("分享经济在facebook上也很常见，许多人在上面分享 facebook 链接。", ["A201"]) == []


@pytest.mark.parametrize(
    "tail",
    [
        "投资者可拨打本公司客服热线（400-888-8888）或登录本公司网站咨询有关详情。",
        "本次比赛的主办单位为市体育局，承办单位为市篮球协会，协办单位为区文化馆。",
        "![图](https://example.org/a.jpg)\n©丁聪",
    ],
)
def test_sentences_and_picture_credits_at_the_edge_are_not_furniture(tail: str) -> None:
    assert _found(ARTICLE + "\n\n" + tail + "\n", ["A201"]) == []


def test_a_comment_subheading_with_comments_under_it_is_content() -> None:
    text = (
        ARTICLE
        + "\n\n网友评论\n\n不少网友在评论区表示，这样的安排很贴心，希望能够长期坚持下去。\n\n"
        + ARTICLE
    )
    assert _found(text, ["A201"]) == []


def test_lines_broken_with_br_tags_are_not_a_breadcrumb() -> None:
    text = (
        ARTICLE
        + "\n\n<figcaption>\n大雨封了山<br>风吹散了故事<br>远方的人忘了归途\n</figcaption>\n"
    )
    assert [f for f in check_text(text, ["A201"]) if "breadcrumb" in f.message] == []


def test_a_match_schedule_is_not_a_list_of_headlines_with_dates() -> None:
    text = (
        ARTICLE
        + "\n\n具体赛程如下（北京时间）：\n"
        + "➤7月23日18：00 法国 vs 牙买加\n➤7月24日19：00 巴西 vs 巴拿马\n"
        + "➤7月29日18：00 法国 vs 巴西\n➤7月29日20：30 巴拿马 vs 牙买加\n"
        + "➤8月2日19：00 巴拿马 vs 法国\n➤8月2日19：00 牙买加 vs 巴西\n\n"
        + ARTICLE
    )
    assert _found(text, ["A202"]) == []


# ------------------------------------ menus, breadcrumbs and failed pages (issue 15 recall)

MENU = "网站首页\n关于我们\n产品中心\n新闻动态\n成功案例\n联系我们"


def test_a_menu_column_with_a_home_link_is_one_furniture_finding() -> None:
    text = "某某科技有限公司\n" + MENU + "\n\n" + ARTICLE + "\n"
    found = check_text(text, ["A201"])
    assert [(f.code, f.line, f.end_line) for f in found] == [("A201", 1, 7)]
    assert "navigation menu" in found[0].message
    assert "网站首页 / 关于我们" in found[0].message  # the items, not six lines of text
    # The column may take the page's short title with it: removal is never safe.
    assert fix_text(text, ["A201"])[0] == text
    assert ARTICLE in fix_text(text, ["A201"], Applicability.UNSAFE)[0]


@pytest.mark.parametrize(
    "column",
    [
        # a poem's short lines, a list of names, a table column: no home link
        "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡",
        "王建国\n李明\n张伟\n刘洋\n陈静",
        "产品中心\n新闻动态\n成功案例",  # a home link alone does not make three lines a menu
        "首页\n设计\n开发",
    ],
)
def test_short_line_columns_without_a_home_link_are_not_menus(column: str) -> None:
    assert _found(ARTICLE + "\n\n" + column + "\n\n" + ARTICLE, ["A201"]) == []


def test_a_column_broken_by_a_sentence_is_not_one_menu() -> None:
    text = "首页\n新闻\n公司在会上说明了今年的计划，受到关注。\n产品\n联系"
    assert _found(text, ["A201"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "当前位置：首页 > 产品中心 > 变压器",
        "您现在所在位置：主页 > 技术答疑 >",
        "首頁 > 工程案例 > 太陽能熱水工程 >",
        "首页 > 西甲",
    ],
)
def test_breadcrumbs_that_name_themselves_or_start_at_home_count_anywhere(line: str) -> None:
    # inside the article, where the edge-only breadcrumb shape is not looked for
    assert _found(ARTICLE + "\n" + line + "\n" + ARTICLE, ["A201"]) == [("A201", 4)]


def test_a_sentence_about_a_home_page_is_not_a_breadcrumb() -> None:
    text = ARTICLE + "\n首页>设置，可以修改头像，操作很简单。\n" + ARTICLE
    assert _found(text, ["A201"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "上一篇新学期开学时间是否推迟？教育局答问",
        "上一个产品：不锈钢盖板排水沟",
        "加入收藏 < 上一章 章节列表 下一章 > 错误举报",
        "上一页123下一页",
        "第一页 <<上一页 下一页>> 尾页",
        "Newer Post Older Post Home",
    ],
)
def test_chapter_page_and_glued_title_links_are_furniture(line: str) -> None:
    assert _found(ARTICLE + "\n\n" + line + "\n", ["A201"]) == [("A201", 5)]


@pytest.mark.parametrize(
    "line",
    [
        "上一篇报道里，记者走访了三个村子，发现情况已有好转。",
        "上一章讲了分类，下一章讲回归。",
    ],
)
def test_prose_about_a_previous_chapter_is_not_a_link(line: str) -> None:
    assert _found(ARTICLE + "\n\n" + line + "\n", ["A201"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "欢迎关注每日财经新闻APP",
        "关注微信公众号",
        "扫二维码访问手机站",
        "扫一扫 在手机上阅读",
        "This website works better with JavaScript.",
        "您访问的页面未找到，5秒后自动跳转到首页",
        "本站空间已经过期，续费后可以继续使用后台。",
    ],
)
def test_app_promotions_and_failed_page_notices_are_furniture(line: str) -> None:
    assert _found(ARTICLE + "\n\n" + line + "\n", ["A201"]) == [("A201", 5)]


def test_a_sentence_recommending_an_app_is_not_a_promotion() -> None:
    line = "不少家长表示，关注学校的公众号后，通知收得更及时了。"
    assert _found(ARTICLE + "\n\n" + line + "\n", ["A201"]) == []


def test_an_empty_related_widget_is_a_heading_not_a_link_list() -> None:
    # a 相关推荐 heading whose list never loaded: its button and the footer are no entries
    text = ARTICLE + "\n\n相关推荐\n加载更多\n央视网首页 | 央视节目官网首页\n"
    assert _found(text, ["A202"]) == []
    assert [ln for _, ln in _found(text, ["A201"])][:2] == [5, 6]


@pytest.mark.parametrize(
    "block",
    [
        # a conference agenda: sessions with their time slots
        "主会场议程\n08:00-09:00\n签到入场\n09:00-09:10\n开幕致辞\n09:10-09:30\n主题演讲：市场发展\n09:30-09:50",
        # an exam calendar: weekdays under their days
        "8月25日\n（星期五）\n8月26日\n（星期六）\n8月27日\n（星期日）\n8月28日",
        # a tournament timetable
        "下午\n7月27日\n棋手报到\n7月28日\n开幕式\n8：30-9：00\n第1轮\n9：00-11：00\n第2轮\n13：30-15：30",
    ],
)
def test_agendas_and_calendars_are_not_headline_date_lists(block: str) -> None:
    assert _found(ARTICLE + "\n" + block + "\n" + ARTICLE, ["A202"]) == []


def test_headlines_with_their_dates_are_still_a_link_list() -> None:
    block = (
        "重庆市委书记现场见证这一仪式\n北京青年报 2024-11-11\n"
        "已有6人不幸遇难，市长连线实时调度\n北京青年报 2024-07-11\n"
        "暴雨过后，山城街头的清晨\n重庆日报 2024-07-10"
    )
    assert [c for c, _ in _found(ARTICLE + "\n\n" + block + "\n", ["A202"])] == ["A202"]


def test_a_footer_of_channel_home_links_is_a_menu() -> None:
    text = ARTICLE + "\n\n央视网首页 | 央视节目官网首页\n"
    assert _found(text, ["A201"]) == [("A201", 5)]
    # one home link in a sentence is not a menu
    assert _found(ARTICLE + "\n\n点击进入网站首页 | 了解更多内容\n", ["A201"]) == []


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        (
            "股市收高。》自營商進出明細 &nbsp\xa0 》外資持股增減排行》即時選股找重點",
            "》自營商進出明細 &nbsp\xa0 》外資持股增減排行》即時選股找重點",
        ),
        (
            "雙姝重現劇中片段。 新聞送上來！ iOSAndroidAPP下載LINE好友",
            " 新聞送上來！ iOSAndroidAPP下載LINE好友",
        ),
    ],
)
def test_tails_glued_to_a_one_line_article_are_removed_alone(text: str, tail: str) -> None:
    assert len(check_text(text, ["A201"])) == 1
    assert fix_text(text, ["A201"])[0] == text[: -len(tail)]


@pytest.mark.parametrize(
    "text",
    [
        "他说：相关阅读材料已经发给大家。",
        "书名号之外，》也用作引导符号》例如这样",
        "会上，相关新闻发布工作由宣传部负责。",
        # closing title marks, not link bullets
        "近日，《习近平谈“一带一路”》《论坚持全面深化改革》中文繁体版出版研讨会在香港举办",
    ],
)
def test_a_related_word_or_a_bullet_inside_prose_is_not_a_tail(text: str) -> None:
    assert check_text(text, ["A201"]) == []


def test_a_heading_word_over_menu_items_is_not_a_link_list() -> None:
    # `评论` as a channel name in a portal's bar, `字号` over a size selector
    for block in ("评论\n新闻\n国内\n图片\n视频", "相关推荐\n超大\n大\n标准\n小"):
        assert _found(ARTICLE + "\n\n" + block + "\n", ["A202"]) == [], block


def test_a_portal_home_link_starts_a_menu_column() -> None:
    text = "新浪首页\n新闻\n体育\n财经\n娱乐\n科技\n\n" + ARTICLE
    assert _found(text, ["A201"]) == [("A201", 1)]


def test_view_counts_under_headlines_stay_in_the_link_list() -> None:
    block = "随便看看\n成人高考和自考的区别和优劣势分析\n4599\n成考学费差异很大，这正常吗？\n2262"
    found = check_text(ARTICLE + "\n\n" + block + "\n", ["A202"])
    assert [(f.line, f.end_line) for f in found] == [(5, 9)]


def test_an_empty_comment_widget_and_an_app_button_are_furniture() -> None:
    # a video page's comment box that never loaded: its heading and its more button
    text = ARTICLE + "\n\n全部评论\n查看更多评论\n下载APP\n"
    assert [ln for _, ln in _found(text, ["A201"])] == [5, 6, 7]
    assert _found(text, ["A202"]) == []
    # the same words inside sentences are prose
    prose = "网友在全部评论中查看更多评论后表示，下载APP的用户越来越多。"
    assert _found(ARTICLE + "\n" + prose + "\n", ["A201"]) == []


def test_a_comment_widget_is_not_a_list_of_other_articles() -> None:
    block = "最新评论\n回复:岳麓书院历代山长\n回复:在理科生面前炫耀的结果\n您好,打扰了"
    assert _found(ARTICLE + "\n\n" + block + "\n", ["A202"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "404 Not Found",
        "文章导航",
        "當前頁面： 首頁 > 換熱設備",
        "本文地址： http://www.example.com/Article/index/id/3.html",
        "目前在第 1 頁，共 1 頁",
        "本文共分 1 頁",
        "登录以发表评论",
    ],
)
def test_more_page_furniture_seen_on_real_pages(line: str) -> None:
    assert _found(ARTICLE + "\n" + line + "\n" + ARTICLE, ["A201"]) == [("A201", 4)]


def test_a_sentence_about_pages_is_not_a_page_counter() -> None:
    assert _found(ARTICLE + "\n第3页共5页的内容讲到了这个。\n" + ARTICLE, ["A201"]) == []


# A bulletin of presidential orders (reworded): each order names a different law, then
# repeats the same 50-token adoption formula with the same session and dates.
_FORMULA = (
    "已由中华人民共和国第十三届全国人民代表大会常务委员会第二十八次会议于2021年4月29日通过，"
    "现予公布，自2021年6月1日起施行。"
)
_ORDERS = (
    "## 国家主席签署主席令 公布多部法律\n\n**本台消息**：国家主席近日签署三道主席令。\n\n"
    + "".join(
        f"第{n}号主席令指出，《中华人民共和国{law}》{_FORMULA}\n\n"
        for n, law in (
            ("七十五", "乡村振兴促进法"),
            ("七十六", "反食品浪费法"),
            ("七十七", "海警法"),
        )
    )
)


def test_an_adoption_formula_after_different_law_names_is_not_repetition() -> None:
    # Over the duplicate 10-gram limit through a long shared passage, yet every sentence
    # differs (the law's name): a formal bulletin, not a page rendered twice.
    assert first_excess(make_doc(_ORDERS), _detector("A204").params) is not None
    assert _found(_ORDERS, ["A204"]) == []


def test_a_lede_sentence_restated_in_a_photo_caption_is_copied_text() -> None:
    # The captions copy the lede's first sentence and add a credit, so no sentence occurs
    # twice as a whole piece: the copy is found inside the caption lines.
    lede = (
        "台风过境后当地多处道路积水严重，部分低洼社区一度断电，"
        "消防人员连夜出动橡皮艇协助受困民众撤离到附近学校安置"
    )
    body = (
        f"{lede}。市府表示将持续监测雨势，并呼吁民众减少外出、注意安全。"
        "气象部门预计未来两天仍有局部大雨，山区须防范落石与土石流。"
    )
    text = f"{body}\n{lede}（图／记者摄）\n{lede}（图／读者提供）\n"
    assert _scraped_copy(make_doc(text))
    # The same item with its own caption copies nothing.
    own = f"{body}\n消防人员在积水路段协助民众撤离（图／记者摄）\n"
    assert not _scraped_copy(make_doc(own))


# Two parallel procedures of a fund offering (reworded): the same two sentences close each
# one, after a line that differs only in the investor type.
_PARALLEL = (
    "二、个人投资者的认购程序\n"
    "个人投资者应在汇款人一栏中填写其在本公司直销中心开立基金账户时登记的姓名。\n"
    "认购款项已经足额到账并完成开户的投资人，可以办理认购申请并应当提交以下材料。\n"
    "没有汇款的投资人只能在其资金划到直销中心资金专户后，才能在募集期结束前进行认购。\n"
    "三、机构投资者的认购程序\n"
    "机构投资者应在汇款人一栏中填写其在本公司直销中心开立基金账户时登记的名称。\n"
    "认购款项已经足额到账并完成开户的投资人，可以办理认购申请并应当提交以下材料。\n"
    "没有汇款的投资人只能在其资金划到直销中心资金专户后，才能在募集期结束前进行认购。\n"
)


def test_a_block_in_parallel_sections_of_a_template_is_not_a_render_fault() -> None:
    assert _found(_PARALLEL, ["A203"]) == []
    # The same two sentences after unrelated lines: a block rendered twice.
    other = _PARALLEL.replace(
        "机构投资者应在汇款人一栏中填写其在本公司直销中心开立基金账户时登记的名称。",
        "本页面由网站编辑整理，转载请注明出处，谢谢合作。",
    ).replace("三、机构投资者的认购程序", "相关阅读")
    assert [c for c, _ in _found(other, ["A203"])] == ["A203", "A203"]


def test_lines_of_one_template_filled_twice_are_variants() -> None:
    assert _variants(
        "个人投资者应在汇款人一栏中填写其在本公司直销中心开立基金账户时登记的姓名。",
        "机构投资者应在汇款人一栏中填写其在本公司直销中心开立基金账户时登记的名称。",
    )
    assert not _variants("二、个人投资者的认购程序", "本页面由网站编辑整理，转载请注明出处。")
    assert not _variants("短句", "短语")  # too short to tell


def test_a_line_chanted_three_times_in_a_row_is_not_a_render_fault() -> None:
    chant = "我们永远支持主队，输了也支持！"
    assert _found(f"比赛结束了。\n{chant}\n{chant}\n{chant}\n散场。", ["A203"]) == []
    # Said twice, it is a line rendered again; a menu line thrice still counts.
    assert [c for c, _ in _found(f"比赛结束了。\n{chant}\n{chant}\n散场。", ["A203"])] == ["A203"]
    rant = "谁删的戏谁就这辈子别想好过"  # no closing mark: a chant all the same
    assert _found(f"{rant}\n{rant}\n{rant}\n{rant}", ["A203"]) == []
    button = "查看更多"  # a short label printed under each item still counts
    got = _found(f"正文。\n{button}\n{button}\n{button}", ["A203"])
    assert [c for c, _ in got] == ["A203", "A203"]


def test_answer_blanks_of_a_worksheet_are_not_repeated_lines() -> None:
    blank = "_" * 40 + "。"
    text = f"1.作者为什么喜欢这座小城？\n{blank}\n{blank}\n2.文中的老人是谁？\n{blank}\n{blank}\n"
    assert _found(text, ["A203"]) == []


# ------------------------- menus, widgets and footers of real pages (issue 15, C4 Chinese)
# Reworded from the layouts of C4 Chinese pages; the hard negatives from real prose.


@pytest.mark.parametrize(
    "menu",
    [
        # a company menu without a home link: two of the site's own sections name it
        "English Website\n关于本社\n产品展示\n设计工具\n本社商城\n新闻中心\n联系本社",
        # a school's sidebar under its own heading
        "网站导航\n学校简介\n招生简章\n新闻动态\n校园环境\n常见问题",
        # an English footer: its items are longer than Chinese ones
        "Price Guarantee\nAbout us\nTerms and Conditions\nPrivacy policy\nCareers",
        # a home link over items that carry their sub-menu as a row
        "首页\n关于我们\n企业文化 企业资质 荣誉证书\n产品展示\n精品系列 中级庄 礼盒装\n联系我们",
        # a portal's channel column: four channel words, no home link on the page
        "资讯频道\n互联网\n资讯\n游戏\n科技\n数码\n娱乐\n\n联系我们：小编邮箱",
    ],
)
def test_a_column_naming_site_sections_or_channels_is_a_menu_without_a_home_link(
    menu: str,
) -> None:
    (f,) = check_text(menu + "\n\n" + ARTICLE, ["A201"])
    assert f.line == 1 and "navigation menu" in f.message


@pytest.mark.parametrize(
    "bar",
    [
        "关于我们 | 产品展示 | 新闻中心 | 在线留言 | 联系我们 | Sitemap",
        "某某小说 首页 排行 分类 完本 书单 专题 用户中心 原创专区",
        # the same bar with its separators lost
        "关于我们公司简介产品列表荣誉资质联系我们",
    ],
)
def test_a_one_line_menu_bar_of_section_names_or_with_a_home_link_is_a_menu(bar: str) -> None:
    found = check_text(ARTICLE + "\n\n" + bar + "\n", ["A201"])
    assert [(f.line, "navigation menu" in f.message) for f in found] == [(5, True)]


@pytest.mark.parametrize(
    "block",
    [
        # a recipe's ingredients, rows under short headings: no section name, no home link
        "主料\n面粉 鸡蛋 牛奶\n辅料\n白糖 黄油 食盐\n调料\n酱油 香醋",
        # two section names in two lines are too few items for a bar
        "产品介绍\n在线留言",
        # a table header row is not a menu bar
        "地区 2020年 2021年 2022年 增长",
        # three channel words are a column of headings as often as a menu
        "新闻\n体育\n图片\n\n联系我们：小编邮箱",
        # a row of keywords that names one section
        "新闻中心 发布会 采访 报道 记者 编辑",
    ],
)
def test_columns_and_rows_without_enough_menu_evidence_are_not_menus(block: str) -> None:
    assert _found(ARTICLE + "\n\n" + block + "\n\n" + ARTICLE, ["A201"]) == []


def test_a_row_with_a_home_link_does_not_make_a_column_of_widgets_a_menu() -> None:
    # `央视网首页 | 节目官网首页` under a page's headline widgets is the footer's own line;
    # it must not turn the headlines above it into one long menu
    block = "TOP 9绿野寻春 一口健康一口鲜嫩\n相关推荐\n加载更多\n央视网首页 | 央视节目官网首页"
    found = check_text(ARTICLE + "\n\n" + block + "\n", ["A201"])
    assert all("navigation menu" not in f.message for f in found)


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("提交", "page tools"),
        ("立即咨询", "page tools"),
        ("在线客服", "page tools"),
        ("发表回复 取消回复", "page tools"),
        ("共有15条评论", "page tools"),
        ("还没有评论哦，快来抢沙发吧~", "page tools"),
        ("您的电子邮箱地址不会被公开。 必填项已用*标注", "page tools"),
        ("Powered by Gitea", "page tools"),
        ("Gutener Theme by Keon Themes", "page tools"),
        ("SQL查询： 19 次", "page tools"),
        ("分享到：QQ空间新浪微博腾讯微博人人网微信", "share"),
        ("Share on: Facebook", "share"),
        ("Visit our Youtube profile (opens in new window)", "share"),
        ("Back to Bracelets", "back to top"),
        ("（每经原创，喜欢请关注微信号Some-Circle）", "promo"),
        (
            "若本站自动采集的内容无意侵犯了贵司版权，请给网页底部邮箱来信，我们会及时处理。",
            "copyright",
        ),
        ("友情链接：模压化粪池 | 冷却塔减速机 | 丝网除沫器", "nav menu"),
        ("网站首页 > 产品中心 > 通信设备 > 采集设备 > 图像采集", "location"),
        ("某某下载网 > 安卓教程 > 应用教程 >", "location"),
        ("首页 > 老电影 > 一部片子的标题，带着逗号，很长很长", "location"),
        ("Home > Posts tagged 代表资格审查", "location"),
        ("Page not found", "failed page"),
        (
            "Deprecated function: Array and string offset access syntax with curly braces is "
            "deprecated in include_once() (line 20 of /srv/web/includes/module.inc).",
            "failed page",
        ),
        ("如果您的浏览器无安装 Flash Player，请改用其他浏览器进入新版本包厢", "failed page"),
    ],
)
def test_widgets_comment_forms_share_rows_and_page_paths_are_furniture(
    line: str, group: str
) -> None:
    found = check_text(ARTICLE + "\n" + line + "\n" + ARTICLE, ["A201"])
    assert [(f.line, f"({group}," in f.message) for f in found] == [(4, True)]


@pytest.mark.parametrize(
    "line",
    [
        # a settings path in a how-to: three steps, a sentence around it
        "打开手机设置 > 通用 > 辅助功能，就能找到放大选项。",
        "设置 > 通用 > 辅助功能",
        # mojibake whose bytes read as `»` is no breadcrumb
        "4.»рУ°ИМХЯ өЪ149»°-ДДАпІ»Н¬ іжЧУіӨөГ»№І»...",
        # a promotion pointing on with arrows is no path
        "免费领取初级会计全科备考资料> >",
        # prose that mentions the widgets
        "请点击确定按钮完成设置，然后在搜索框中输入关键词。",
        "分享到微信朋友圈的文章，要注意保护个人隐私。",
        "研究人员发现，许多网站声称我们使用 cookie 只为改善体验，实际却用于追踪用户。",
        "他在后台留言说：还没有评论的话，就由我来写第一条吧，大家觉得怎么样？",
    ],
)
def test_prose_and_short_paths_that_look_like_widgets_are_not_furniture(line: str) -> None:
    assert _found(ARTICLE + "\n" + line + "\n" + ARTICLE, ["A201"]) == []


def test_a_misspelt_rights_line_under_the_article_is_a_copyright_line() -> None:
    line = "Copyright 2016 http://www.example.com/ All Right Reserved."
    found = check_text(ARTICLE + "\n\n" + line + "\n", ["A201"])
    assert [(f.line, "(copyright, edge)" in f.message) for f in found] == [(5, True)]


def test_a_contact_card_heading_counts_only_at_the_pages_edge() -> None:
    card = "联系我们\n电话：\n0574-00000000"
    assert [ln for _, ln in _found(ARTICLE + "\n\n" + card + "\n", ["A201"])] == [5, 6]
    # a notice's own contact section inside the text is content
    assert _found(ARTICLE + "\n联系我们\n" + ARTICLE, ["A201"]) == []


# ------------------------------------ sidebars of other pages' links (issue 15, C4 Chinese)


@pytest.mark.parametrize(
    "block",
    [
        # a sidebar heading with its `MORE` link, a teaser cut with a `[详细]` link
        "健康常识MORE\n皮肤出现白斑怎么办？日常护理要注意什么\n"
        "天气转凉，很多患者换上了长衣长裤。此时白斑似乎淡了一些，是不是就可以停药[详细]\n"
        "1皮肤出现白斑怎么办？咨询\n2白斑和普通色斑的区别咨询",
        # `其他读者还阅读了：` over other questions
        "其他读者还阅读了：\n轻度白斑怎么护理？遗传因素有多大\n白斑医院怎么选？要注意哪些问题",
        # a case page's `为您推荐…` over other cases
        "为您推荐小程序 / 公众号优秀作品\n某某科技有限公司—小程序\n某某健康管理中心—公众号",
        # each product followed by its `VIEW MORE+`
        "相关产品\n自动码垛系统\nVIEW MORE+\n码垛机器人设备\nVIEW MORE+",
        # a heading with its own `更多案例` link under it
        "客户案例\n更多案例\n俄罗斯的废旧电子零件裂解设备\n乌克兰的十吨废轮胎炼油设备",
        # headline, summary and `阅读全文`, again and again, with no heading
        "代理本平台操作说明\n我们已在上月开放代理平台测试，黄金会员和钻石会员均可自行开通\n阅读全文\n"
        "发布软文的一些技巧\n站长们都知道软文营销的作用很大，软文对于吸引潜在客户有帮助\n阅读全文\n"
        "史上最全的标题写作套路\n都说看一个人漂不漂亮要看她的脸，看文章要看标题\n阅读全文",
    ],
)
def test_sidebar_lists_of_other_pages_are_related_link_lists(block: str) -> None:
    found = check_text(ARTICLE + "\n\n" + block + "\n", ["A202"])
    assert [(f.line, f.end_line) for f in found] == [(5, 4 + block.count("\n") + 1)]


@pytest.mark.parametrize(
    "block",
    [
        # a listicle's own heading and items (a colon ends the heading)
        "为您推荐以下几款：\n华为手机适合拍照的用户\n小米手机适合预算有限的用户",
        # a heading with `MORE` over a channel bar: items too short for headlines
        "热点频道MORE\n新闻\n国内\n图片\n视频",
        # one summary with a read-more link is an article's own teaser, not a list
        "本周工作安排说明\n各部门请于周五前提交本周总结，并抄送办公室存档备查\n阅读全文",
    ],
)
def test_a_listicle_a_channel_bar_or_one_teaser_is_not_a_related_link_list(block: str) -> None:
    assert _found(ARTICLE + "\n\n" + block + "\n\n" + ARTICLE, ["A202"]) == []


def test_a_related_heading_over_its_own_paragraph_inside_the_article_is_a_section() -> None:
    # a fund's report: `相关产品` heads a paragraph about the products, not a list of links
    section = (
        "相关产品\n该指数在编制规则上加入了成长因子和动量因子，兼顾了主动投资和被动指数管理的优势。"
    )
    assert _found(ARTICLE + "\n" + section + "\n" + ARTICLE, ["A201"]) == []
    # over a link or a teaser it is still the list's heading
    link = "相关阅读：\n[向勇敢善良的同学们致敬！](https://example.org/a)\n"
    assert [ln for _, ln in _found(ARTICLE + "\n" + link + ARTICLE, ["A201"])] == [4]
    # a comment button stays furniture whatever follows it
    button = "我要评论\n这位网友说得很有道理，数据确实需要再核实一下，不能只看一个来源。"
    assert [ln for _, ln in _found(ARTICLE + "\n" + button + "\n" + ARTICLE, ["A201"])] == [4]


def test_a_two_line_bar_needs_three_items_on_each_line() -> None:
    # a home link and a product title under it: a breadcrumb over the title, not a bar
    text = "网站首页\t产品中心特种车系列 冷藏车 福田3.1米冷藏车\n福田 3.1米冷藏车\n\n" + ARTICLE
    assert all("navigation menu" not in f.message for f in check_text(text, ["A201"]))
    bar = "首页 黄历 测算\n资料 工具 更多\n\n" + ARTICLE
    assert ["navigation menu" in f.message for f in check_text(bar, ["A201"])] == [True]
