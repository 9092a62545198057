"""Scraping artifacts (A201-A206): furniture, link lists, repetition, truncation."""

from __future__ import annotations

import json

import pytest

from conftest import RAW_SEEDS, shared_corpus
from seedlint.model import Applicability
from seedlint.testing import check_text, fix_text

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
        ("A202", 28),  # headline + teaser pairs
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


def test_clean_web_text_has_no_artifact_findings() -> None:
    path = shared_corpus("ChineseWebText-examples", "clean.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        assert _found(text, ARTIFACT_CODES) == [], text[:40]


# ------------------------------------------------------------------ link lists


def test_headline_list_without_heading_inside_the_article_is_unsafe() -> None:
    pairs = "\n".join(
        f"重庆市委书记现场见证这一仪式之{i}\n北京青年报政知见 2024-11-1{i}" for i in range(3)
    )
    text = ARTICLE + "\n" + pairs + "\n" + ARTICLE
    (f,) = check_text(text, ["A202"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE


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
    para = "重庆市召开新冠肺炎疫情防控工作专题汇报会，强调要深入学习贯彻重要指示精神。"
    text = para + "\n中间一段不同的文字。\n" + para
    (f,) = check_text(text, ["A203"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fix_text(text, ["A203"], Applicability.SAFE)[0] == text


def test_short_adjacent_repeats_in_dialogue_are_left_alone() -> None:
    assert _found("“好。”\n“好。”\n是的\n是的\n他们都同意了。", ["A203"]) == []


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
    ],
)
def test_document_end_truncation(text: str, hit: bool) -> None:
    assert bool(_found(text, ["A206"])) is hit
