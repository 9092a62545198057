"""Keyword-spam rules (K101 block, K102 inline): the seed's block, hard negatives, fixes."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from conftest import RAW_SEEDS, shared_corpus
from seedlint.detectors._webtext import (
    Line,
    TermScanner,
    _t2s_changeable,
    find_terms,
    is_dateline,
    is_provenance,
    lines,
    normalized,
    page,
    pair_slots,
    removal_edit,
    required_literals,
    split_item_texts,
    split_items,
)
from seedlint.detectors.spam_block import _SENTENCE_RE, candidate_blocks
from seedlint.model import Applicability, Category
from seedlint.testing import check_text, fix_text, make_doc, ruleset_for
from test_boilerplate import mixed_documents

SPAM_CODES = ["K101", "K102"]
MY_CODES = ["K101", "K102", "A201", "A202", "A203", "A204", "A205", "A206"]
SEED0 = RAW_SEEDS / "000_ea1647fd556938d9.txt"
BLOCK_START = "镇远县| 闽侯县| 左权县"

ARTICLE = (
    "  以快制快，防控力求科学精准。重庆本轮疫情传播范围广、感染程度深，尽管防控工作取得了积极进展，"
    "但疫情仍处于高位、呈上升趋势，防控形势依然复杂严峻。\n\n"
    "  协同防控，抓社会面清零攻坚。重庆提出，切实做好点线面协同、区域协同、政策措施动态协同。"
)


def _seed(name: str) -> str:
    return next(RAW_SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def codes_of(text: str, codes: list[str]) -> list[str]:
    return [f.code for f in check_text(text, codes)]


# ------------------------------------------------------------------ the real block


def test_seed_000_spam_block_is_one_warning_covering_the_last_line() -> None:
    text = SEED0.read_text(encoding="utf-8")
    found = [f for f in check_text(text, SPAM_CODES) if f.code == "K101"]
    assert len(found) == 1
    f = found[0]
    # A warning until K101 meets the error bar on real text (bench/realtext/RESULTS.md).
    assert f.category is Category.KEYWORD_SPAM and f.severity.value == "warning"
    assert f.line == 35 and f.snippet.startswith(BLOCK_START)
    assert f.fix is not None and f.fix.applicability is Applicability.SAFE


def test_inline_rule_leaves_the_terms_inside_the_block_to_the_block_rule() -> None:
    text = SEED0.read_text(encoding="utf-8")
    assert "K102" not in codes_of(text, SPAM_CODES)


def test_fix_on_raw_seed_000_removes_the_block_and_nothing_of_the_article() -> None:
    text = SEED0.read_text(encoding="utf-8")
    fixed, applied = fix_text(text, ["K101"], Applicability.SAFE)
    assert [a.code for a in applied] == ["K101"]
    cut = text.index("\n" + BLOCK_START)
    assert fixed == text[:cut]  # the block and the newline before it, nothing else


def test_all_safe_fixes_of_this_issue_on_seed_000_keep_the_article_byte_identical() -> None:
    text = SEED0.read_text(encoding="utf-8")
    fixed, applied = fix_text(text, MY_CODES, Applicability.SAFE)
    src = text.split("\n")
    # 小字號, the repeated 《人民日報》 line, share prompt, the related-reading block under
    # 本網專稿 (lines 27-33, after the editor credit), back-to-top, the spam block
    removed = {9, 13, 25, *range(27, 34), 34, 35}
    assert sorted({a.code for a in applied}) == ["A201", "A202", "A203", "K101"]
    kept = [ln for i, ln in enumerate(src, 1) if i not in removed]
    # Blank lines that followed a removed line between two blank lines go with it.
    expected = "\n".join(kept).replace("\n\n\n", "\n\n").rstrip("\n")
    assert fixed == expected
    body = "\n".join(src[14:21])  # lines 15-21: the article
    assert body in fixed
    assert "\n\n\n" not in fixed


def test_fix_is_idempotent_on_seed_000() -> None:
    text = SEED0.read_text(encoding="utf-8")
    once, _ = fix_text(text, MY_CODES, Applicability.SAFE)
    twice, applied = fix_text(once, MY_CODES, Applicability.SAFE)
    assert twice == once and not applied


@pytest.mark.parametrize("name", ["001", "002", "003"])
def test_other_seeds_have_no_keyword_spam(name: str) -> None:
    assert codes_of(_seed(name), SPAM_CODES) == []


# ------------------------------------------------------------------ hard negatives

HARD_NEGATIVES = [
    # enumerations in prose
    "重庆市渝中区、江北区、南岸区、九龙坡区、沙坪坝区、大渡口区、北碚区、渝北区、巴南区等9个区实行分区分类管理。",
    ARTICLE
    + "\n渝中区、江北区、南岸区、九龙坡区、沙坪坝区、大渡口区、北碚区、渝北区、巴南区等9个区\n"
    + ARTICLE,
    ARTICLE
    + "\n受影响的地区包括万州区、涪陵区、黔江区、长寿区、江津区、合川区、永川区、南川区等地\n",
    ARTICLE + "\n此次调整涉及渝中区、江北区、南岸区、九龙坡区、沙坪坝区、大渡口区和北碚区",
    # tables of figures
    "地区 | 2020年 | 2021年 | 2022年 | 增长\n北京 | 3.6 | 3.9 | 4.1 | 5.2%\n"
    "上海 | 3.8 | 4.3 | 4.4 | 2.1%\n重庆 | 2.5 | 2.8 | 2.9 | 3.3%\n天津 | 1.4 | 1.6 | 1.6 | 0.8%",
    "日期 新增确诊 新增无症状 累计\n11月20日 178 6157 12035\n"
    "11月21日 144 3746 15925\n11月22日 189 6347 22461",
    # short bullet lines of real content (seed 003)
    "非高风险区要结合实际应解尽解；\n\n"
    "有序开放商场、超市、药店、诊所、理发店等与居民生活密切相关的服务行业场所；"
    "\n\n进一步组织好公共交通，保障好群众必要的出行需求。",
    "  要突出抓好重点地区来渝返渝人员排查管控。\n  要有序推进常态化核酸检测。\n"
    "  要继续加强社会面防控。\n"
    "  要持续提升防控能力。\n  要进一步强化政策落实。",
    # datelines, bylines, headlines
    "2022年11月23日09:56 | 來源:人民網-《人民日報》",
    "2020-02-05 23:08:10\xa0\xa0来源:城乡统筹发展网\n\n" + ARTICLE,
    "一线声音|重庆主城市民的叶子菜有保障吗?人民日报四问相关部门",
    "抓住窗口期 重庆不断推出“战疫”升级版",
    "文/北京青年报记者 高语阳\n编辑/马晓晴\n资料 | 重庆日报 重庆市卫健委",
    # link lists and navigation (boilerplate, not spam)
    _seed("003"),
    ARTICLE
    + "\n\n关于我们 | 网站声明 | 意见反馈 | 联系我们 | 网站地图 | 广告服务"
    + " | 法律声明 | 隐私政策 | 招聘信息",
    "首页 | 新闻 | 体育 | 娱乐 | 财经 | 科技 | 汽车 | 房产 | 旅游 | 教育 | 健康 | 读书\n\n"
    + ARTICLE,
    # member lists and tag lines
    ARTICLE
    + "\n出席会议的委员：王建国 李明 张伟 刘洋 陈静 杨帆 赵磊 黄勇 周涛 吴敏 徐丽 孙强\n"
    + ARTICLE,
    # lyrics with spaces between phrases, a poem one phrase a line
    "百般话语 瞬间浮现 在喉咙间混战\n风采依然 现在 又在我面前 分开几年 性格 各有点改变\n"
    "再次碰头 不知 有何新发现 兜转逢在 又再单身那天",
    # lottery and gambling in news: inline context
    "国家体育总局体育彩票管理中心发布通知，要求各地加强彩票销售管理，规范彩票市场秩序。",
    "警方近日破获一起利用百家乐进行网络赌博的案件，抓获犯罪嫌疑人12名。",
    "本期双色球开出头奖5注，大乐透奖池滚存至10亿元，彩民热情高涨。",
    "他从小喜欢读书和下棋，周末常去体育馆打篮球，偶尔也玩玩游戏。",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES, ids=lambda t: t.strip()[:14])
def test_hard_negative_has_no_keyword_spam_finding(text: str) -> None:
    found = [f for f in check_text(text, SPAM_CODES) if f.category is Category.KEYWORD_SPAM]
    assert found == [], [(f.code, f.snippet) for f in found]


def test_clean_web_text_has_no_keyword_spam() -> None:
    import json

    path = shared_corpus("ChineseWebText-examples", "clean.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        assert codes_of(json.loads(line)["text"], SPAM_CODES) == []


# ------------------------------------------------------------------ generated positives

DELIMS = ["| ", "｜", " / ", "、", "，", ",", " ", "\u3000"]
PLACES = (
    "镇远县 闽侯县 左权县 绿春县 连江县 灵璧县 湘潭县 久治县 安泽县 "
    "同江市 砀山县 丰城市 翁牛特旗 镇坪县 察雅县 蓝田县 宁德市 昌图县"
).split()
TERMS = "百家乐 老虎机 真人娱乐 六合彩 时时彩 北京赛车 棋牌游戏 捕鱼游戏 德州扑克 彩票".split()


def test_generated_blocks_are_found_with_any_delimiter_anywhere() -> None:
    rng = random.Random(7)
    for delim in DELIMS:
        for where in ("end", "middle", "start"):
            items = [rng.choice(PLACES + TERMS) for _ in range(rng.randint(10, 30))]
            block = delim.join(items)
            text = {
                "end": ARTICLE + "\n\n" + block,
                "middle": ARTICLE + "\n" + block + "\n" + ARTICLE,
                "start": block + "\n\n" + ARTICLE,
            }[where]
            found = [f for f in check_text(text, ["K101"])]
            assert len(found) == 1, (delim, where)
            assert text[found[0].start : found[0].end] == block
            app = found[0].fix.applicability if found[0].fix else None
            # Deleting a block is offered only at the article's edge.
            assert app is (None if where == "middle" else Applicability.SAFE)


def test_a_block_in_another_script_than_the_page_is_reported_but_not_deletable() -> None:
    rng = random.Random(5)
    korean = (
        "서울시는 오늘 새로운 교통 정책을 발표했다. 시민들은 대체로 환영하는 분위기였으며 "
        "전문가들은 장기적인 효과를 지켜봐야 한다고 말했다.\n"
    ) * 6
    block = "、".join(rng.choice(PLACES + TERMS) for _ in range(24))
    found = check_text(korean + "\n" + block, ["K101"])
    assert found and all(f.fix is None for f in found)


def test_a_block_of_never_seen_keywords_needs_min_lexicon_zero() -> None:
    # On real pages such blocks were menus, tag clouds and reader controls (2 of 27 judged
    # true), so the default asks for some known places or spam terms; a corpus that wants
    # shape-only detection sets `min_lexicon: 0`.
    from seedlint.config import Config
    from seedlint.engine import RuleSet
    from seedlint.rules import load_rules

    block = (
        "蓝莓干、手机壳、羽毛球拍、空气炸锅、瑜伽垫、保温杯、"
        "电动牙刷、蓝牙耳机、登山鞋、榨汁机、加湿器、电热毯"
    )
    text = ARTICLE + "\n\n" + block
    assert codes_of(text, ["K101"]) == []
    rules = load_rules(overrides={"K101": {"min_lexicon": 0.0}})
    rs = RuleSet([r for r in rules if r.code == "K101"], Config.model_validate({}))
    rs.cfg.select = ["K101"]
    assert [f.code for f in check_text(text, ruleset=rs)] == ["K101"]


def test_a_block_spread_over_several_lines_is_one_finding() -> None:
    block = "镇远县|闽侯县|左权县|绿春县\n连江县|灵璧县|湘潭县|久治县\n彩票|读书|安泽县|同江市"
    found = check_text(ARTICLE + "\n\n" + block, ["K101"])
    assert len(found) == 1 and found[0].end_line - found[0].line == 2


def test_a_column_of_place_names_inside_an_article_is_not_spam() -> None:
    column = "\n".join(PLACES[:12])
    assert codes_of(ARTICLE + "\n以下区县已解除风险：\n" + column + "\n" + ARTICLE, ["K101"]) == []


def test_traditional_script_block_is_found() -> None:
    block = "鎮遠縣| 閩侯縣| 左權縣| 綠春縣| 連江縣| 靈璧縣| 湘潭縣| 久治縣| 彩票| 讀書| 安澤縣"
    assert codes_of(ARTICLE + "\n\n" + block, ["K101"]) == ["K101"]


# ------------------------------------------------------------------ inline terms

INLINE_BAD = [
    "最新消息，百家乐真人娱乐官网注册送彩金，欢迎体验。",
    ARTICLE + "\n澳门新葡京 www.xpj888.com\n" + ARTICLE,
    "本站提供传奇私服发布网最新开区信息，加QQ获取外挂下载地址。",
    "重庆疫情形势严峻复杂，六合彩特码资料最新网址 www.lhc168.com 请收藏。",
]


@pytest.mark.parametrize("text", INLINE_BAD, ids=lambda t: t.strip()[:12])
def test_inline_spam_terms_with_a_call_to_action_are_flagged(text: str) -> None:
    assert "K102" in codes_of(text, ["K102"])


def test_inline_lexicon_is_configurable(tmp_path: Path) -> None:
    from seedlint.config import Config
    from seedlint.engine import RuleSet
    from seedlint.rules import load_rules

    lex = tmp_path / "extra.yaml"
    lex.write_text("terms:\n  gambling: [金孔雀娱乐]\n", encoding="utf-8")
    base = Path(__file__).resolve().parent.parent / "rules" / "lexicons" / "spam_zh.yaml"
    rules = load_rules(overrides={"K102": {"spam_lexicons": [str(base), str(lex)]}})
    rs = RuleSet([r for r in rules if r.code == "K102"], Config.model_validate({}))
    rs.cfg.select = ["K102"]
    text = "金孔雀娱乐官网注册，立即领取。"
    assert codes_of(text, ["K102"]) == []
    assert [f.code for f in check_text(text, ruleset=rs)] == ["K102"]


# ------------------------------------------------------------------ shared helpers


def test_items_split_on_list_delimiters_but_keep_latin_phrases_whole() -> None:
    s = "关于我们 | 网站声明 Copyright 2011 All Rights Reserved、版权所有"
    assert [s[a:b] for a, b in split_items(s)] == [
        "关于我们",
        "网站声明",
        "Copyright 2011 All Rights Reserved",
        "版权所有",
    ]


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("A\n\nX\n\nB", 2, 2, "A\n\nB"),
        ("A\nX\nB", 1, 1, "A\nB"),
        ("A\n\nX", 2, 2, "A"),
        ("A\n\nX\n", 2, 2, "A\n"),
        ("X\n\nA", 0, 0, "A"),
        ("A\r\n\r\nX\r\n", 2, 2, "A\r\n"),
        ("A\n\nX\nY\n\nB", 2, 3, "A\n\nB"),
    ],
)
def test_line_removal_never_leaves_doubled_blank_lines(
    text: str, first: int, last: int, expected: str
) -> None:
    doc = make_doc(text)
    e = removal_edit(lines(doc), first, last, len(text))
    assert text[: e.start] + e.replacement + text[e.end :] == expected


# ------------------------------------------------------------------ data files

LEXICONS = Path(__file__).resolve().parent.parent / "rules" / "lexicons"


def test_gazetteer_names_its_public_source_and_holds_the_seed_places() -> None:
    from seedlint.lexicons import load_lexicon

    path = LEXICONS / "gazetteer_zh.yaml"
    head = path.read_text(encoding="utf-8")[:1200]
    assert "cpca" in head and "National Bureau of Statistics" in head and "MIT" in head
    lex = load_lexicon([path])
    for name in ("镇远县", "翁牛特旗", "攀枝花市", "湖南省", "景宁", "内蒙古"):
        assert name in lex, name


def test_gazetteer_is_what_the_build_script_makes_from_its_source() -> None:
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("cpca") is None:
        pytest.skip("the gazetteer's source package (cpca) is not installed")
    script = Path(__file__).resolve().parent.parent / "bench" / "build_gazetteer.py"
    res = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


# ------------------------------------------------------------------ fast paths
# Scans of the whole text stand in for walking every line; these pin them to the walk.


def test_item_texts_equal_the_item_spans() -> None:
    rng = random.Random(1)
    alphabet = [
        *"ab Z9_ 中文区县|｜/／、,，\u3000\xa0\t\"'“”「」《》【】[]()（）<>:：.·•-—_~*#@é…。"
    ]
    alphabet += ["  ", "All", "Rights", "\u2e80", "𠀀"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert split_item_texts(s) == [s[a:b] for a, b in split_items(s)], s


def _items_by_definition(ln: Line, sc: Any) -> list[str] | None:
    p = sc.p
    s = ln.stripped
    if not s or len(s) > 4000 or _SENTENCE_RE.search(s) or is_provenance(s) or is_dateline(s):
        return None
    items = [s[a:b] for a, b in split_items(s)]
    if not items:
        return None
    lens = sorted(len(i) for i in items)
    if len(items) == 1:
        too_long = lens[0] > p.max_item_chars or sc.furniture.classify(s) is not None
        return None if too_long else items
    if lens[len(lens) // 2] > p.max_median_item_chars:
        return None
    return None if sum(1 for x in lens if x > p.max_item_chars) * 5 > len(items) else items


def test_keyword_block_candidates_equal_a_walk_over_every_line() -> None:
    sc = ruleset_for(["K101"]).by_code["K101"].detector.scorer
    p = sc.p
    for text in [_seed(n) for n in ("000", "001", "002", "003")] + mixed_documents(150, 4):
        expected, cur, gap = [], [], 0
        for ln in [*lines(make_doc(text)), None]:
            items = None if ln is None or ln.blank else _items_by_definition(ln, sc)
            if ln is not None and ln.blank:
                gap += 1
                if gap <= p.max_blank_gap:
                    continue
            else:
                gap = 0
            if items is not None and ln is not None:
                cur.append((ln.idx, items))
                continue
            flat = [i for _, its in cur for i in its]
            if len(flat) >= p.min_items:
                expected.append((cur[0][0], cur[-1][0], flat))
            cur = []
        got = [(b.first, b.last, b.items) for b in candidate_blocks(make_doc(text), sc)]
        assert got == expected, text[:60]


def test_simplified_copy_converted_line_by_line_equals_converting_the_whole_text() -> None:
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    rng = random.Random(2)
    for n, text in enumerate(mixed_documents(200, 8)):
        ls = text.split("\n")
        # A few Traditional lines, or most of them (converted lines are memoised by their
        # text, so later documents repeat some of them).
        for _ in range(rng.randint(0, 3) if n % 2 else len(ls)):
            k = rng.randrange(len(ls))
            ls[k] = s2t.convert(ls[k])
        text = "\n".join(ls)
        whole = t2s.convert(text)
        doc = make_doc(text)
        norm = normalized(doc)
        assert norm == (whole if len(whole) == len(text) else text)
        assert page(doc).norm_stripped() == [x.strip() for x in norm.split("\n")]


def test_characters_outside_the_changeable_set_are_left_alone_by_t2s() -> None:
    import opencc

    chars = _t2s_changeable()
    if chars is None:
        pytest.skip("OpenCC's dictionary tool is not available: every text is converted")
    probe = [chr(c) for c in range(0x2E80, 0xFFFF) if chr(c) not in chars and chr(c).isprintable()]
    assert opencc.OpenCC("t2s").convert("\n".join(probe)).split("\n") == probe
    assert "們" in chars and "么" in chars  # `么` changes inside phrases only


def test_every_match_of_a_furniture_regex_holds_one_of_its_literals() -> None:
    f = ruleset_for(["A201"]).by_code["A201"].detector.furniture
    rng = random.Random(6)
    parts = [
        "ICP备",
        "ICP证",
        "公网安备",
        "渝B2-",
        "网出证（",
        "当前位置：",
        "首页",
        " > ",
        ">>",
        "»",
    ]
    parts += ["12345678", "新闻", " ", "→", "＞", "：", "。", "abc", "京"]
    regexes = [rx for g in f.groups.values() for rx in g.regexes]
    matched = 0
    for _ in range(20000):
        s = "".join(rng.choice(parts) for _ in range(rng.randint(1, 8))).strip()
        for rx in regexes:
            if rx.search(s):
                matched += 1
                lits = required_literals(rx.pattern, rx.flags)
                assert lits and any(x.casefold() in s.casefold() for x in lits), (rx.pattern, s)
    assert matched > 1000


def test_term_scan_finds_what_the_lexicon_finds() -> None:
    det = ruleset_for(["K102"]).by_code["K102"].detector
    rng = random.Random(3)
    terms = list(det.lex.terms)
    for text in mixed_documents(100, 5):
        ls = text.split("\n")
        for _ in range(rng.randint(0, 6)):  # plant terms, overlapping ones too
            k = rng.randrange(len(ls))
            ls[k] += rng.choice(terms) + rng.choice(terms)[:2] + rng.choice(["", "PK10", "AV"])
        doc = make_doc("\n".join(ls))
        assert find_terms(det.lex, det.scanner, page(doc)) == list(det.lex.find(normalized(doc)))


def test_term_scanner_finds_every_occurrence_in_order() -> None:
    """Every occurrence of every term, overlapping ones included, by start and longest
    first: what a search for each term at each position finds."""
    rng = random.Random(23)
    for k in range(300):
        shortest = 1 + k % 2  # without one-character terms every other time
        alphabet = "ab中文网址>©AB" if k % 3 else "ab中"  # few letters: terms share starts
        terms = {
            "".join(rng.choice(alphabet) for _ in range(rng.randint(shortest, 4)))
            for _ in range(rng.randint(1, 14))
        }
        scanner = TermScanner(terms)
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            expected = sorted(
                ((i, t) for t in terms for i in range(len(text)) if text.startswith(t, i)),
                key=lambda h: (h[0], -len(h[1])),
            )
            assert scanner.find(text, pair_slots(text)) == expected, (sorted(terms), text)


def test_term_scanner_finds_terms_across_the_blocks_it_scans_a_long_text_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long text's candidate positions are flagged a block at a time: a term that
    starts on a block's last character, or spans two blocks, is still found, in order."""
    from seedlint.detectors import _webtext

    monkeypatch.setattr(_webtext, "_SLOT_BLOCK", 7)
    rng = random.Random(29)
    terms = {"中文", "文网", "网址", "ab", "b中文网", "址"}
    scanner = TermScanner(terms)
    for _ in range(50):
        text = "".join(rng.choice("ab中文网址") for _ in range(rng.randint(0, 80)))
        expected = sorted(
            ((i, t) for t in terms for i in range(len(text)) if text.startswith(t, i)),
            key=lambda h: (h[0], -len(h[1])),
        )
        assert scanner.find(text, pair_slots(text)) == expected, text
    block_edge = "abcdef" + "中文" + "x" * 5 + "b中文网"  # 中 at 6, b中文网 from 13
    assert scanner.find(block_edge, pair_slots(block_edge)) == [
        (0, "ab"),
        (6, "中文"),
        (13, "b中文网"),
        (14, "中文"),
        (15, "文网"),
    ]


# ------------------------------------------- betting brands planted in real pages


def _k102(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.message.split("`")[1]) for f in check_text(text, ["K102"])]


def test_a_latin_betting_brand_is_found_by_its_shape_and_followed_through_the_page() -> None:
    # The name is in no list: `zozo体育app下载` gives its shape, and then every line
    # that repeats it (title, source, copyright) is an injection too.
    text = (
        "社区举办迎新春文艺汇演【zozo体育】\n"
        "来源：zozo体育app下载 发布时间：2022-06-29\n"
        "上午九点，社区居民陆续来到广场，观看了舞龙舞狮和戏曲表演。\n"
        "Copyright © 2005-2021 zozo体育科技 版权所有"
    )
    assert [ln for ln, _ in _k102(text)] == [1, 2, 4]


def test_a_brand_substituted_for_a_word_mid_sentence_is_found() -> None:
    text = "作为js333金沙线路国落实“双碳”工作的顶层设计，这项政策备受关注。"
    assert _k102(text) == [(1, "js333金沙线路")]


def test_media_brands_written_in_capitals_are_not_betting_brands() -> None:
    text = "用户可通过PP体育App观看英超直播，PP体育官网也提供回放。NBA体育频道同步转播。"
    assert _k102(text) == []


@pytest.mark.parametrize(
    "text",
    [
        '<img src="emoji_27_sobbing.png"> 他哭着说完了这句话，大家都很难过。',  # bbin
        "这首歌的旋律带着浓浓的爱情色彩，深受年轻听众喜爱，下载量很高。",  # 情色
        "攻击者发现HTTP回包中带有短信验证码，可以直接注册任意账号。",  # 包中
        "社区医院为行动不便的老人提供送药上门服务，受到居民欢迎。",
        "开餐馆并不是稳赚不赔的生意，很多人进入这一行后血本无归。",
        "高通与华为的芯片龙虎斗仍在继续，双方都发布了新品。",
    ],
)
def test_words_that_merely_hold_a_spam_term_are_not_spam(text: str) -> None:
    assert _k102(text) == []


def test_a_labelled_keyword_line_reports_its_planted_brand() -> None:
    text = (
        "德邦物流能否成功代替顺丰，业内人士给出了不同看法。\n"
        "本文关键词：欧宝体育app,德邦,物流,能否,成功,代替,快递,巨头,顺丰"
    )
    assert _k102(text) == [(2, "欧宝体育")]


def test_several_betting_names_sharing_a_pages_lines_are_planted_brands() -> None:
    # Two listed names, each on only two lines, prefixed to headlines of a football blog:
    # together they cover four lines of the page, so each is a planted brand.
    text = (
        "近期文章\n"
        "yabo.com欧冠-阿诺德任意球建功 利物浦2-0流浪者升次席\n"
        "ManBetX用户登录南安普顿VS西汉姆\n"
        "南安普敦本轮坐镇主场迎战诺维奇，主帅希望球队拿到本赛季第六个联赛主场胜利。\n"
        "相关文章\n"
        "yabo.com欧冠-阿诺德任意球建功 利物浦2-0流浪者升次席\n"
        "ManBetX用户登录南安普顿VS西汉姆"
    )
    assert [ln for ln, _ in _k102(text)] == [2, 3, 6, 7]


def test_a_lottery_name_planted_in_title_breadcrumb_and_footer_is_a_brand() -> None:
    # `快三` (a fast-draw lottery) stands in for a trade association's name on three lines.
    text = (
        "快三顺龙怎么做计划\n"
        "欢迎您来到中国建筑快三顺龙怎么做计划\n"
        "两家防水企业入选今年省级绿色工厂名单，企业负责人表示将继续推进节能改造。\n"
        "您所在的位置：快三顺龙怎么做计划 > 新闻动态 > 企业\n"
        "版权所有 : 中国建筑快三顺龙怎么做计划"
    )
    assert [ln for ln, _ in _k102(text)] == [1, 2, 4, 5]


def test_a_casino_brand_substituted_for_a_companys_name_through_an_article_is_planted() -> None:
    # Only prose lines, but the name is nothing but a brand: it was planted every time.
    text = (
        "近日，广西百色市突发本土疫情，来看看中国广核集团（简称“美狮贵宾会”）在做什么。\n"
        "在美狮贵宾会定点帮扶的凌云县、乐业县，医护人员坐着铁皮船深入村寨。\n"
        "春节返乡过节的美狮贵宾会四名挂职干部，听闻疫情后第一时间返岗。"
    )
    assert [ln for ln, _ in _k102(text)] == [1, 2, 3]


def test_a_porn_site_name_planted_across_a_product_page_is_reported_on_each_line() -> None:
    # The name is spliced mid-sentence into product descriptions: one sentence alone
    # scores only its term, the page repeating it says it was planted.
    text = (
        "野结衣,2电影完整版观看\n"
        "本产品采用不锈钢台面野结衣，自带限位功能，称重精度高。\n"
        "薄膜落镖冲击试验仪用于测定薄膜的冲击野结衣质量和能量。\n"
        "公司代理多个德国品牌的话筒野结衣，以研发生产高性能话筒为主。"
    )
    assert [ln for ln, _ in _k102(text)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "text",
    [
        # one name on two lines of an unrelated page: not yet a pattern
        "yabo.com欧冠-阿诺德任意球建功\n南安普敦本轮坐镇主场迎战诺维奇。\nyabo.com欧冠-阿诺德任意球建功",
        # a story about a gambler: the name recurs, but only ever inside sentences
        "他每月工资全贡献给了地下六合彩。\n"
        "有次他买的号码中了奖，就辞职专门买六合彩。\n"
        "临走时我劝他：“以后还是别买六合彩了。”",
        # a portal's hot-word and headline lines: different adult words, none repeated
        "热词回顾：偷拍 暴力 裸奔 陪聊 趣闻\n美女胸前艳福不浅的宠物\n影史十大情色电影\n"
        "本周推荐：成人视频分级制度的讨论",
        # a lottery report: the names recur, but the page is about the lottery's regulation
        "省福彩中心通报快三销售情况，依法打击非法购彩。\n"
        "快三游戏由省福彩中心统一发行，兑奖须持有效彩票。\n"
        "警方提醒，网上所谓快三计划软件涉嫌诈骗，谨防上当受骗。",
    ],
)
def test_betting_names_on_too_few_lines_or_in_a_report_about_them_are_not_brands(
    text: str,
) -> None:
    assert _k102(text) == []


# ------------------------------------------- SEO keyword lines introduced by a label

ARTICLE_FOR_LABELS = (
    "麻辣鸭脖的做法很简单，先把鸭脖洗净焯水，再用香料卤制两个小时，放凉后切块装盘。"
)


@pytest.mark.parametrize(
    "line",
    [
        "本文关键词：麻辣,鸭脖,的,做法,怎么,做,菜谱",
        # Once a hard negative of the block score (its words are the article's own); the
        # real-text positives count such a line as page furniture for search engines.
        "关键词：疫情 防控 重庆 核酸 社会面 清零 协同 攻坚 科学 精准",
        "热门城市：淄博口罩价格 山东口罩价格 临沂口罩价格 潍坊口罩价格",
        "熱門搜尋： 安檢門 熱成像儀 電子物證勘察箱",
        "标签:填报 志愿 高考",
        "话题标签：小爱同学 小米 语音助手",
        "友情链接：模压化粪池 | 冷却塔减速机 | 丝网除沫器",
    ],
)
def test_a_labelled_keyword_line_is_seo_spam(line: str) -> None:
    text = ARTICLE_FOR_LABELS + "\n\n" + line + "\n\n" + ARTICLE_FOR_LABELS
    found = check_text(text, ["K101"])
    assert [(f.line, f.message.startswith("SEO keyword line")) for f in found] == [(3, True)]
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(
    "text",
    [
        "摘要：本文研究卷积网络在图像分类中的应用。\n关键词：机器学习 深度学习 卷积网络\n一、引言",
        "关键词：机器学习；深度学习；卷积网络",
        "标签：这是一个用来说明问题的句子。",
        "搜索关键词： as",
    ],
)
def test_keywords_of_a_paper_and_labelled_prose_are_not_seo_lines(text: str) -> None:
    assert [f for f in check_text(text, ["K101"]) if f.message.startswith("SEO")] == []


@pytest.mark.parametrize(
    ("line", "count"),
    [
        # real tag lines hold one keyword as often as several
        ("话题标签：小爱同学小米语音助手", 1),
        ("Tags: 满客通宋英君营销方案", 1),
        ("标签： 真正能赚钱的软件游戏", 1),
        # a search box's suggestions in Latin words count word by word
        ("熱門搜尋： oversee pivotal capsule flock habitat", 5),
    ],
)
def test_a_label_over_one_keyword_or_over_latin_words_is_an_seo_line(line: str, count: int) -> None:
    text = ARTICLE_FOR_LABELS + "\n\n" + line + "\n\n" + ARTICLE_FOR_LABELS
    (f,) = check_text(text, ["K101"])
    noun = "keyword" if count == 1 else "keywords"
    assert (f.line, f.message) == (
        3,
        f"SEO keyword line: `{f.message.split('`')[1]}` introduces {count} {noun} "
        "for search engines, not text",
    )


@pytest.mark.parametrize(
    "text",
    [
        # front matter shown as a code example: `tags:` is a field among fields
        "投稿时请在文件开头写明：\n\n    title:  一女生实名指控\n    date:   2018-04-09\n"
        "    tags: 沈阳\n    description: 这位女生希望更多人站出来。",
        # a search box and the query typed in it
        "产品中心 新闻中心\n搜索关键词： as\n技术答疑",
        # a paper's single keyword
        "摘要：本文研究肺癌的早期筛查方法。\n关键词：肺癌\n一、引言",
    ],
)
def test_a_field_a_search_query_or_a_papers_keyword_is_not_an_seo_line(text: str) -> None:
    assert [f for f in check_text(text, ["K101"]) if f.message.startswith("SEO")] == []


@pytest.mark.parametrize(
    ("block", "label", "items"),
    [
        # a blog's tag cloud kept under a heading of its own
        ("标签\n专业 分数线 填报 复读 大学 录取 志愿 成绩 投档 报名 招生 本科", "标签", 12),
        ("标签云\n2022世界杯小组赛积分分析 世界杯小组赛排名情况 卡塔尔世界杯D组排名", "标签云", 3),
        # one tag a line, as a software site's sidebar keeps them
        ("热门标签\n原神\n剪映\nWPS Office\n驱动人生\n腾讯电脑管家", "热门标签", 5),
        ("关键词：\n滚轮扶正器\n滚珠扶正器\n套管扶正器\n油管扶正器", "关键词", 4),
        ("Tags\nknitting, embroidery, crochet, quilting", "Tags", 4),
    ],
)
def test_a_tag_cloud_under_a_heading_line_is_an_seo_keyword_list(
    block: str, label: str, items: int
) -> None:
    # A tag cloud is SEO furniture: K101 names it, labelled on its line or headed.
    text = ARTICLE_FOR_LABELS + "\n\n" + block + "\n\n" + ARTICLE_FOR_LABELS
    found = check_text(text, ["K101"])
    assert [(f.line, f.end_line) for f in found] == [(3, 2 + block.count("\n") + 1)]
    assert found[0].message == (
        f"SEO keyword list: `{label}` heads {items} keywords for search engines, not text"
    )
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.UNSAFE
    fixed, _ = fix_text(text, ["K101"], Applicability.UNSAFE)
    assert block not in fixed and fixed.count(ARTICLE_FOR_LABELS) == 2


def test_a_tag_cloud_ends_where_the_pages_footer_starts() -> None:
    text = ARTICLE_FOR_LABELS + "\n\n标签\n专业 分数线 填报 复读 大学 录取\n湘ICP备11014752号-1"
    found = check_text(text, ["K101"])
    assert [(f.line, f.end_line) for f in found] == [(3, 4)]


@pytest.mark.parametrize(
    "text",
    [
        # a paper's keywords under their heading
        "摘要\n本文研究卷积网络在图像分类中的应用。\n关键词\n机器学习\n深度学习\n卷积网络",
        # a heading over prose, or over too few words
        "标签\n这些标签贴在货架上，顾客一眼就能看到价格。",
        "热门标签\n原神\n\n正文第一段，讲了一件事情的经过和结果。",
        # the word inside a longer heading or a sentence
        "价格标签的设计\n红色 蓝色 绿色 黄色",
        "商品上的标签：\n产地、规格、保质期都要写清楚，不得涂改。",
        # real pages: the heading over another widget, not over keywords
        "关键字\n热 点 推 荐\n央行上调住房贷款利率\n最新购房还贷计算器",
        "标签：\n版权声明 来源：当代商报 时间：2019-09-23 14:34:05 作者：\n西安围墙坍塌\n花冠召回",
        "标签\n现金贷爬虫\n相关搜索\n热门搜索\n为你推荐\n加载更多",
        "热门搜索：\n产品分类\n新一代液化天然气动力装载机问世\n摊铺机在呼伦贝尔迎战冻土层施工\n"
        "农机消费维权监督业务知识培训举行",
        "关键字：\n给编辑写信\n繁体版 - 网站登录 - 设置首页 - 广告服务 - 联系方式 - 公司介绍",
    ],
)
def test_a_heading_over_prose_or_a_papers_keywords_is_not_a_tag_cloud(text: str) -> None:
    assert [f for f in check_text(text, ["K101"]) if f.message.startswith("SEO")] == []


def test_the_script_a_block_is_deleted_in_must_be_the_pages() -> None:
    from seedlint.detectors.spam_block import _main_script

    assert _main_script("北京、上海、广州、深圳") == "han"
    assert _main_script("서울시는 오늘 새로운 정책을 발표했다") == "hangul"
    assert _main_script("東京都の新しい政策について") == "kana"
    assert _main_script("Beijing, Shanghai, 广州") == "latin"


# ------------------------------------- porn search phrases planted in pages (issue 15)


@pytest.mark.parametrize(
    "line",
    [
        # joined with commas or underscores after a page's footer, or alone as a fake headline
        "暴力强伦姧视频免费观看,国产精品久久久久久,在线无码中文字幕",
        "久久夜色精品国产噜噜_高h潮喷a片_欧美激情视频",
        "永久黄网站色视频免费",
        "色综合91久久精品中文字幕",
    ],
)
def test_planted_porn_search_phrases_are_inline_spam(line: str) -> None:
    text = ARTICLE.strip() + "\nCopyright © 2016 某某机械有限公司 版权所有\n" + line + "\n"
    assert [f.line for f in check_text(text, ["K102"])] == [5]


@pytest.mark.parametrize(
    "text",
    [
        "百色综合保税区建设提速，与东盟国家的贸易往来日益密切。",
        "这部电影的中文字幕版下周上线，观众可免费观看前两集。",
        "小说里的少妇和人妻形象，折射出那个年代的婚姻观念。",
        "熟女向检方表示，他伸手偷拍，她当场尖叫求救。",
    ],
)
def test_words_porn_spam_shares_with_news_are_not_spam_alone(text: str) -> None:
    assert check_text(text, ["K102"]) == []


def test_a_lottery_winner_report_is_news_not_tipping_spam() -> None:
    text = (
        "据悉，大奖得主李先生是双色球游戏的忠实粉丝，有着20年的购彩经历，"
        "一般都是购买单式号，每期购彩金额控制在10元以内。"
    )
    assert check_text(text, ["K102"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "滚轮扶正器_滚珠扶正器_套管扶正器_抽油管扶正器_油管扶正器",
        "废机油炼油设备价格_多少钱_厂家_哪家好-新乡华音",
        "会议公报全文|两会|会议|主席团_m6平台_m6平台",
    ],
)
def test_titles_stuffed_with_keyword_variants_are_seo_lines(line: str) -> None:
    found = check_text(line + "\n" + ARTICLE, ["K101"])
    assert [f.line for f in found] == [1]
    assert "SEO keyword title" in found[0].message
    assert found[0].fix is None  # the page's title goes with it: review by hand


@pytest.mark.parametrize(
    "line",
    [
        "重庆中心城区疫情上升势头有所遏制_新闻_新浪网",  # a title with its site's suffixes
        "新闻中心 | 公司新闻 | 行业新闻 | 媒体新闻",  # a menu joined by `|`
        "北京_上海_广州_深圳",  # no word repeats
        "文件名格式为：项目_日期_版本_作者_备注。",  # a sentence about underscores
    ],
)
def test_joined_titles_menus_and_file_names_are_not_stuffed(line: str) -> None:
    assert check_text(ARTICLE + "\n" + line + "\n" + ARTICLE, ["K101"]) == []
    assert check_text(line + "\n" + ARTICLE, ["K101"]) == []


def test_stuffed_title_names_the_earliest_recurring_word_whatever_the_string_hashing() -> None:
    """Of two words that reach three parts together (`世界` and `界杯` in every part of a
    World Cup title), the message names the first in the text: the report is the same in
    every process, not one of the two by the interpreter's hash seed."""
    import os
    import subprocess
    import sys

    code = (
        "from seedlint.detectors.spam_block import _recurring_word;"
        "print(_recurring_word(['世界杯直播', '世界杯回放', '世界杯赛程', '世界杯视频']))"
    )
    seen = set()
    for seed in ("0", "6"):  # a set of the pairs put `界杯` first under seed 6
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        seen.add(out.stdout.strip())
    assert seen == {"世界"}


def test_an_age_rating_in_a_porn_block_does_not_make_the_page_report_on_a_ban() -> None:
    """`18禁止…` phrases are the porn sites' own label: counted as the context word 禁止
    they made a hijacked company page "topical" and hid the porn line beside the block."""
    phrases = "".join(
        f"18禁止观看的大胸美女视频网站国产无码专区在线播放第{i}集！" for i in range(3)
    )
    text = (
        "公司简介\n"
        "本公司专业生产钢结构厂房，欢迎来电咨询。\n"
        "扫码关注公众号\n"
        "娇妻中文字幕合集,99国精品午夜福利视频不卡,伊人影院综合\n"
        f"{phrases}美女视频18以下禁止看的网站，禁止18以下观看的大片。\n"
    )
    lines = sorted({f.line for f in check_text(text, ["K102"])})
    assert lines == [4]


def test_a_ban_reported_in_news_still_discounts_the_page() -> None:
    """The age-rating exception is for `禁止` beside 18 only: a report of a ban keeps it."""
    text = (
        "警方依法取缔一批传播淫秽视频的网站，严禁未成年人访问，涉案平台标榜午夜福利。\n"
        "检察机关表示，对传播色情视频的行为依法禁止并从严查处，福利视频平台已关停。\n"
    )
    assert codes_of(text, ["K102"]) == []


def test_porn_sentences_that_stay_spam_beside_a_ban_word_do_not_make_the_page_topical() -> None:
    """Reworded from a C4 Chinese company page: a run-on of porn search phrases under the
    footer says `小孩子禁止看` and `禁止免费观看` (no age beside them) in sentences that
    are spam whatever their context word; they used to count as the page reporting on a
    ban, and the discount hid the short porn line above the run-on."""
    runon = "".join(
        f"国产精品无码毛片午夜福利在线观看中文字幕免费视频入口{w}禁止看的{i}部。"
        for i, w in enumerate(("小孩子", "学生", "大人"))
    )
    text = (
        "版权所有 某某建设集团有限公司 备案号：桂ICP备20001234号\n"
        "少妇色诱视频国产,日本强伦姧护士在线观看,韩国三级中文字幕hd\n"
        f"{runon}\n"
    )
    assert 2 in {line for line, _ in _k102(text)}


def test_a_report_of_a_ban_with_a_porn_word_in_each_sentence_keeps_its_discount() -> None:
    """Sentences that are not spam once their context word counts (a report on a
    crackdown) still make the page topical: the porn word in its last sentence is news."""
    text = (
        "警方捣毁一个传播色情视频的网站，抓获嫌疑人5名。\n"
        "民警提醒，浏览黄色网站违法，家长要禁止孩子接触此类内容。\n"
        "据介绍，该网站曾以午夜福利为名吸引用户。\n"
    )
    assert _k102(text) == []


def test_a_porn_site_name_spliced_into_a_court_story_is_spam_despite_the_storys_words() -> None:
    """Reworded from a hijacked C4 Chinese news page: porn-site names cut into the
    sentences of a story about a trial. The story's 案件/法院 are the victim's words, not a
    report on porn; a name no story uses takes no discount from them."""
    text = (
        "【某地老熟女视频合集】审理涉外案件，能否由境外律师出庭？-某某资讯网\n"
        "法院将于下周开庭审理此案，各界人士纷纷发表意见。\n"
        "他强调，案件涉及国家安全，亚洲美图奇米影视16p本来就不适合由境外律师辩护。\n"
        "委员表示，这一案件在本地审理，五月天婷婷婷综合体现了高度信任。\n"
        "检察机关已依法提起诉讼，案件将公开审理。\n"
    )
    assert [line for line, _ in _k102(text)] == [1, 3, 4]


def test_porn_words_in_a_report_on_a_crackdown_keep_their_discount() -> None:
    """Only names take no discount: the words of a report on a porn crackdown (`色情视频`,
    `偷拍`) are the story's subject, discounted by its 警方/案件 as before."""
    text = (
        "警方破获一起偷拍案件，嫌疑人在商场试衣间安装摄像头。\n"
        "法院审理查明，被告人将偷拍的色情视频上传至境外网站牟利。\n"
        "检察机关依法提起公诉，案件已宣判。\n"
    )
    assert _k102(text) == []


def test_an_actress_named_in_news_is_not_a_planted_site_name() -> None:
    """Reworded from a Taiwanese paper: a councillor mocked for having opposed a transit
    card with a porn actress's picture. Her name is planted in spam pages too, but news
    names her, so it is a word the story's context may discount, not a site's name."""
    text = "網友批評曾反對市府發售波多野結衣悠遊卡的議員是假道學，議員坦承會深切檢討。\n"
    assert _k102(text) == []


_TRAD_PAGE = (
    "本公司創立於一九九八年，專業生產各種化工機械與壓力容器，產品遠銷東南亞、中東等國家"
    "和地區，深受廣大客戶的信賴與好評。我們堅持品質第一、服務至上的經營理念，歡迎各界朋友"
    "來電洽談業務合作。公司擁有現代化廠房與檢測設備，通過質量管理體系認證。\n"
    "地址：某市某區工業園二棟三樓 電話：0000-12345678\n"
    "版權所有(C)2019 某某化工機械有限公司 備案號：遼ICP備18001234號\n"
)


@pytest.mark.parametrize(
    "last", ["白胖妇女BBBBBXXXXX", "厨房撕开奶罩揉吮奶头h文", "久久久久久亚洲精品首页"]
)
def test_a_simplified_phrase_under_the_footer_of_a_traditional_page_is_planted(
    last: str,
) -> None:
    """Reworded from C4 Chinese pages converted to Traditional whose last line, under the
    ICP footer, is a porn search phrase still in Simplified, with no listed term."""
    found = check_text(_TRAD_PAGE + last + "\n", ["K102"])
    assert [(f.line, f.message.split("`")[1]) for f in found] == [(4, last)]
    assert "Simplified on a Traditional page" in found[0].message


def test_a_planted_line_under_the_footer_with_listed_terms_is_one_finding() -> None:
    last = "日本强伦姧护士在线观看_国产精品久久久久_午夜福利视频"
    assert [line for line, _ in _k102(_TRAD_PAGE + last)] == [4]


@pytest.mark.parametrize(
    "last",
    [
        "技術支持：某某網絡 網站地圖",  # the site's furniture, in the page's script
        "English | 简体中文",  # a language switch
        "简体版",  # too short to be a phrase
    ],
)
def test_furniture_and_language_switches_under_the_footer_are_not_spam(last: str) -> None:
    assert _k102(_TRAD_PAGE + last) == []


def test_a_simplified_last_line_not_under_a_footer_is_not_planted() -> None:
    """Without the footer above it, the line may be the page's own text."""
    page = _TRAD_PAGE.replace(
        "版權所有(C)2019 某某化工機械有限公司 備案號：遼ICP備18001234號\n", ""
    )
    assert _k102(page + "久久久久久亚洲精品首页") == []


def test_a_simplified_page_with_a_simplified_last_line_is_not_planted() -> None:
    """Script is the only evidence: a mainland page's own last line is in its script."""
    text = (
        "本公司创立于一九九八年，专业生产各种化工机械与压力容器，产品远销东南亚、中东等国家"
        "和地区，深受广大客户的信赖与好评。我们坚持品质第一、服务至上的经营理念。\n"
        "版权所有(C)2019 某某化工机械有限公司 备案号：辽ICP备18001234号\n"
        "技术支持：某某网络科技有限公司\n"
    )
    assert _k102(text) == []


def test_yabo_app_names_planted_in_title_site_name_and_categories_are_betting_spam() -> None:
    # reworded from a C4 Chinese blog page whose site name and categories were replaced
    text = (
        "两支青年队出线 鼓舞足球前行-亚博全站APP官网|亚博APP网页版\n"
        "亚博全站APP官网|亚博APP网页版\n"
        "两支青年队在预选赛中出线，教练组表示球队还有很大提升空间。\n"
        "Posted in 亚博全站APP官网|亚博APP网页版Tagged 青年队出线消息"
    )
    assert [f.line for f in check_text(text, ["K102"])] == [1, 2, 4]


def test_the_asia_expo_is_not_a_betting_brand() -> None:
    text = "第五届亚博会在昆明开幕，亚博会组委会介绍，本届展会吸引了上千家企业参展。"
    assert check_text(text, ["K102"]) == []


# ------------------------------------------- English comment spam of keyword lines

_COMMENT_SPAM = [
    "cheap running boots",
    "running boots sale",
    "wholesale running boots",
    "buy boots online",
    "waterproof boots 360",
    "mens running boots",
    "womens boots outlet",
    "boots free shipping",
]


def _k101_lines(text: str) -> list[tuple[int, int]]:
    return [(f.line, f.end_line) for f in check_text(text, ["K101"])]


def test_english_comment_spam_keyword_lines_are_a_keyword_block() -> None:
    """Reworded from a C4 Chinese sewing blog whose comments hold runs of shoe queries."""
    text = "Lovely quilt, thanks for the pattern.\nReply\n" + "\n".join(_COMMENT_SPAM) + "\nReply\n"
    found = check_text(text, ["K101"])
    assert [(f.line, f.end_line) for f in found] == [(3, 10)]
    assert "`boots` on 8 of them and nowhere else" in found[0].message


def test_the_same_spam_comment_posted_twice_is_reported_twice() -> None:
    """The word recurs in the other copy only: that is no use of it by the page."""
    block = "\n".join(_COMMENT_SPAM)
    text = f"Lovely quilt.\nReply\n{block}\nReply\nAnonymous 9:19 PM\n{block}\nReply\n"
    assert _k101_lines(text) == [(3, 10), (13, 20)]


@pytest.mark.parametrize(
    "text",
    [
        # a shop's catalogue of the brand the page is about
        "These boots are our best sellers.\n" + "\n".join(_COMMENT_SPAM),
        # a country selector and a category menu with counts (real C4 Chinese pages)
        "\n".join(f"{c} (English)" for c in ("Australia", "Canada", "India", "Ireland")) * 3,
        "\n".join(f"Nova G{c} (1)" for c in "ABCDEFGHIJ"),
        # too few lines
        "Lovely quilt.\n" + "\n".join(_COMMENT_SPAM[:7]),
    ],
)
def test_catalogues_menus_and_short_runs_are_not_comment_spam(text: str) -> None:
    assert _k101_lines(text) == []


# ------------------------------------------------ keyword lines found by page evidence

NOVEL = [
    "山风吹过林梢，少年握紧了手中的剑。",
    "老者叹了口气：“你还是太年轻了……”",
    "两人沉默良久，谁也没有再开口。",
    "远处传来钟声，天色渐渐暗了下来。",
    "少年转身离去，背影消失在雾中。",
]


def _between(prose: list[str], inserts: list[str]) -> str:
    """``prose`` paragraphs with one of ``inserts`` after each of the first ones."""
    out: list[str] = []
    for i, p in enumerate(prose):
        out.append(p)
        if i < len(inserts):
            out.append(inserts[i])
    return "\n".join(out)


def _k101(text: str) -> list[str]:
    return [f.message for f in check_text(text, ["K101"])]


def test_search_terms_strewn_between_a_novels_paragraphs_are_stray_keyword_lines() -> None:
    text = _between(NOVEL, ["游戏 弹珠 比赛", "米雪儿 报导", "午餐 教育部 食材"])
    found = check_text(text, ["K101"])
    assert [f.snippet for f in found] == ["游戏 弹珠 比赛", "米雪儿 报导", "午餐 教育部 食材"]
    assert all("stray keyword line" in f.message for f in found)


@pytest.mark.parametrize(
    "inserts",
    [
        # a novel's chapters and a statute's articles head their own paragraphs
        ["第三章 初见", "第四章 离别", "第五章 归来"],
        ["第二条 适用范围", "第三条 基本概念", "第四条 基本原则"],
        # two lines only: a caption and a heading, not a generator's habit
        ["图为 会议现场", "本报记者 摄"],
    ],
)
def test_headings_and_captions_between_paragraphs_are_not_stray_keywords(
    inserts: list[str],
) -> None:
    assert _k101(_between(NOVEL, inserts)) == []


def test_a_line_whose_words_the_page_uses_elsewhere_is_not_stray() -> None:
    prose = [*NOVEL[:4], "少年说，游戏才刚刚开始，比赛还在后头。"]
    found = check_text(
        _between(prose, ["游戏 弹珠 比赛", "米雪儿 报导", "午餐 教育部 食材"]), ["K101"]
    )
    # `游戏` and `比赛` are the page's own words: only two strays are left, too few.
    assert found == []


def test_verses_between_prose_lines_are_not_stray_keywords() -> None:
    text = (
        "他在信里抄了一首诗。\n关关雎鸠 在河之洲\n窈窕淑女 君子好逑\n参差荇菜 左右流之\n"
        "读完，她笑了。"
    )
    assert _k101(text) == []


@pytest.mark.parametrize(
    ("line", "core"),
    [
        ("凡星,凡星网,凡星网官网,凡星网首页官网,凡星网首页,凡星网图片,凡星图片", "凡星"),
        ("某某电气有限公司 - 无源谐波滤波器、正弦波滤波器、有源滤波器、高频电抗器", "滤波器"),
        ("分类 华北 标签 学打高尔夫球、打高尔夫动作、打高尔夫照片、美女打高尔夫", "打高尔夫"),
        ("中国黄页号簿,黄页,中国黄页地图，中国地图在线，黄页地图，中国黄页,中国黄页网", "中国黄页"),
    ],
)
def test_a_keyword_given_in_every_form_is_a_variant_line(line: str, core: str) -> None:
    found = _k101(ARTICLE + "\n" + line)
    assert len(found) == 1 and "SEO keyword variants" in found[0] and core in found[0]


@pytest.mark.parametrize(
    "line",
    [
        "公司新闻 行业新闻 媒体报道 通知公告 企业新闻",
        "不锈钢管 不锈钢板 不锈钢棒 不锈钢带 不锈钢丝",
        "甲乙机械设备有限公司|丙丁机械设备有限公司|戊己机械设备有限公司|庚辛五金加工厂",
        "7月7日 黄历查询 7月8日 黄历查询 7月9日 黄历查询",
        # a newspaper group's titles, a cast list, a shop widget (reworded from real pages)
        "《高原日报》 《高原日报藏文版》 《人民日报藏文版》 《高原法制报藏文版》",
        "与润娥（少女时代）、俞利（少女时代）、秀英（少女时代）、利特（某某组合）",
        "某牌 水光定妆隔离防晒喷雾 玫瑰防水防晒喷雾 水晶防晒喷雾 > 查看更多",
        # a sentence split at its commas
        "在寒冷的冬季炼油设备要想正常运行，就需要细致的维护，冬天炼油设备的配件可能冻住，要做好炼油设备的养护",
        # a site's own name in its menu beside `更多`
        "高原日报网邮箱 高原日报数字报 更多 08版高原日报网 07版高原日报网",
    ],
)
def test_menus_product_families_and_lists_of_firms_or_titles_are_not_variants(line: str) -> None:
    assert _k101(ARTICLE + "\n" + line) == []


def test_a_labelled_line_of_variants_is_one_finding_on_its_label() -> None:
    found = _k101(ARTICLE + "\n热门城市：淄博口罩价格 山东口罩价格 临沂口罩价格")
    assert len(found) == 1 and "`热门城市`" in found[0]


def test_keyword_variants_under_a_products_summary_are_not_a_papers_keywords() -> None:
    text = (
        "【摘要】：\n本产品适用于各类油井。\n关键词：\n"
        "滚轮扶正器\n滚珠扶正器\n套管扶正器\n油管扶正器"
    )
    found = _k101(text)
    assert len(found) == 1 and "`关键词` heads 4 keywords" in found[0]
    paper = "摘要\n本文研究卷积网络在图像分类中的应用。\n关键词\n机器学习\n深度学习\n卷积网络"
    assert _k101(paper) == []


BETTING_COLUMN = [
    "澳洲幸运10在线预测",
    "极速赛车规则",
    "SG赛车开奖官网",
    "澳洲幸运8安卓手机软件",
    "秒速赛车开奖网",
    "澳洲幸运10历史结果",
    "极速赛车开奖直播",
    "SG赛车历史开奖数据",
]


def test_a_column_of_betting_keywords_inside_the_article_is_a_spam_block() -> None:
    text = "\n".join([ARTICLE, *BETTING_COLUMN, ARTICLE])
    found = check_text(text, ["K101"])
    assert len(found) == 1 and "inside the article" in found[0].message
    assert found[0].fix is None or found[0].fix.applicability is Applicability.UNSAFE


def test_a_column_of_place_names_inside_the_article_is_the_articles_own_list() -> None:
    places = ["渝中区", "江北区", "南岸区", "九龙坡区", "沙坪坝区", "大渡口区", "北碚区", "渝北区"]
    assert _k101("\n".join([ARTICLE, *places, ARTICLE])) == []


def test_contact_fields_holding_keywords_are_reported() -> None:
    found = _k101(ARTICLE + "\nPhone : 来电显示器\nEmail : 库存医药用品")
    assert len(found) == 2 and all("contact field" in m for m in found)


@pytest.mark.parametrize(
    "fields",
    ["Phone : 400-123-4567\nEmail : sales@example.com", "Fax : 请来电咨询\nE-mail : 暂无邮箱"],
)
def test_contact_fields_holding_contacts_or_notes_are_not_keywords(fields: str) -> None:
    assert _k101(ARTICLE + "\n联系我们\n" + fields) == []


def test_reported_spans_answer_overlap_as_a_scan_of_every_span_would() -> None:
    from seedlint.detectors.spam_block import Spans

    rng = random.Random(15)
    for _ in range(500):
        spans, ref = Spans(), []
        for _ in range(rng.randint(1, 15)):
            qa = rng.randint(0, 60)
            qb = qa + rng.randint(1, 8)
            assert spans.overlaps(qa, qb) == any(a < qb and qa < b for a, b in ref)
            a = rng.randint(0, 50)
            b = a + rng.randint(1, 10)
            spans.add(a, b)
            ref.append((a, b))


def test_a_tag_line_query_spliced_into_sentences_is_reported_once_a_line() -> None:
    text = (
        "烟的气味很小，可以忽略了某某烟弹可以用打火机油吗，所以没人在乎。\n"
        "它也可以带上飞机某某烟弹可以用打火机油吗，这样很方便。\n"
        "标签:某某烟弹一根能用几次 某某烟弹可以用打火机油吗 打火机油可以快递吗"
    )
    found = [f for f in check_text(text, ["K102"])]
    assert [f.line for f in found] == [1, 2]
    assert all("spliced into a sentence" in f.message for f in found)


@pytest.mark.parametrize(
    "text",
    [
        # the question asked, with its question mark
        "很多人问：某某烟弹可以用打火机油吗？答案是不行。\n标签:某某烟弹可以用打火机油吗",
        # no tag line: a query in prose is the writer's own words
        "很多人想知道某某烟弹可以用打火机油吗，其实说明书写得很清楚。",
        # a tag that is no query
        "这次展会上的某某电子烟展示区很热闹，观众很多。\n标签:某某电子烟展示区 电子烟展会",
    ],
)
def test_tag_line_queries_asked_or_untagged_are_not_spliced(text: str) -> None:
    assert check_text(text, ["K102"]) == []


def test_the_stray_and_variant_shapes_stay_linear_on_a_page_of_candidate_lines() -> None:
    import time

    def cost(n: int) -> float:
        lines = []
        for i in range(n):
            lines.append(f"第{i}段说的是一件事情，讲完了。")
            lines.append(f"词{chr(0x4E00 + i % 2000)}甲 词乙{chr(0x4E00 + i % 2000)}")
            lines.append(f"网{i % 97}号,网{i % 97}号网,网{i % 97}号网官网,网{i % 97}号网首页")
            lines.append("标签：某某烟弹可以用打火机油吗")
        text = "\n".join(lines)
        det = ruleset_for(["K101", "K102"])
        t0 = time.process_time()
        check_text(text, ["K101", "K102"], ruleset=det)
        return time.process_time() - t0

    cost(200)  # warm the rule pack
    small, big = cost(1000), cost(4000)
    assert big < small * 8, (small, big)


def test_long_search_queries_around_one_word_are_variants_but_office_lists_are_not() -> None:
    queries = (
        "世界杯小组赛排名 世界杯小组赛赛程 2022世界杯8强对阵表 世界杯总决赛赛程分析 "
        "卡塔尔世界杯G组排名"
    )
    found = _k101(ARTICLE + "\n" + queries)
    assert len(found) == 1 and "`世界杯`" in found[0]
    offices = "深圳市公安局、深圳市人力资源局、深圳市证监会、深圳市总工会、深圳市公积金管理中心"
    assert _k101(ARTICLE + "\n" + offices) == []
    # a line ending in a colon introduces what follows
    assert _k101(ARTICLE + "\n" + queries + "：") == []


def test_a_line_of_betting_site_names_is_reported_and_a_menu_of_game_portals_is_not() -> None:
    names = "优乐国际ag代理 威尼斯人现金直营 太阳城电玩城手机版 登峰娱乐代理网址 钻石娱乐电子平台网"
    found = _k101(ARTICLE + "\n" + names)
    assert len(found) == 1 and "betting-site names: 3 of the line's 5 items" in found[0]
    menu = "游戏下载 游戏平台 游戏客户端 游戏官网 娱乐新闻 体育新闻"
    assert _k101(ARTICLE + "\n" + menu) == []


def test_two_keywords_each_given_three_times_running_are_stuffed_but_a_chant_is_not() -> None:
    line = "大巴黎最新赛程 大巴黎最新赛程 大巴黎最新赛程 万象城体育 全国快三 全国快三 全国快三"
    found = _k101(ARTICLE + "\n" + line)
    assert len(found) == 1 and "`大巴黎最新赛程` and `全国快三`" in found[0]
    assert _k101("观众齐声高喊：\n中国必胜 中国必胜 中国必胜 加油 加油 加油\n比赛结束了。") == []


CUT_TITLES = (
    "可以触碰你 议论文论据 初二满分作 写花的作文 二年级优秀 高中作文怎 小学生关于 "
    "十篇励志美 考作文700 优秀满分作 苹果的作文 四年级最难 128个真实 节约用水倡"
)


def test_a_tag_cloud_of_titles_cut_to_one_length_is_reported() -> None:
    found = _k101(ARTICLE + "\n" + CUT_TITLES)
    assert len(found) == 1 and "exactly 5 characters long" in found[0]


@pytest.mark.parametrize(
    "line",
    [
        # a poem's verses, all Han and of one length
        "床前明月光 疑是地上霜 举头望明月 低头思故乡 白日依山尽 黄河入海流 欲穷千里目 "
        "更上一层楼 春眠不觉晓 处处闻啼鸟 夜来风雨声 花落知多少",
        # a list of characters printed as code
        " ".join(f"'{c}'," for c in "鮣龑鵟霑諡椹鵰鱲輋綖篸頫睍隤鯆鶒"),
    ],
)
def test_verses_and_character_lists_of_one_length_are_not_cut_titles(line: str) -> None:
    assert _k101(ARTICLE + "\n" + line) == []


def test_a_label_after_a_planted_name_or_control_characters_still_labels_keywords() -> None:
    line = "某某手机版登录:相关标签\x07\x05：冻生开杂色蛤肉,冻生开杂色蛤肉价格,冻生开杂色蛤肉批发"
    found = _k101(ARTICLE + "\n" + line)
    assert len(found) == 1 and "`相关标签` introduces 3 keywords" in found[0]


TITLE = "审国安要犯某某，岂容其他国家律师抗辩"


def test_title_fragments_after_the_last_sentence_of_paragraphs_are_spam() -> None:
    text = "\n".join(
        [
            TITLE,
            "来源：某新闻。审国",
            "某某聘国外律师引异议，有悖本意。安犯",
            "香港各界人士不断发声。安犯",
            "终审法院驳回上诉。抗辩",
        ]
    )
    found = check_text(text, ["K102"])
    assert [f.snippet for f in found] == ["审国", "安犯", "安犯", "抗辩"]
    assert all("title fragment" in f.message for f in found)


def test_words_after_a_mark_on_a_wrapped_page_or_twice_only_are_not_title_fragments() -> None:
    wrapped = (
        "论犬儒主义\n把钱看重了。因此\n都是傻瓜而已。按照\n就说葡萄酸。这样\n社会的犬儒主义。我们"
    )
    assert check_text(wrapped, ["K102"]) == []
    twice = "\n".join([TITLE, "来源：某新闻。审国", "有悖本意。安犯", "香港各界人士不断发声。"])
    assert check_text(twice, ["K102"]) == []


STUFFED_TITLE = "我如何让妻子离开房屋？_某城私家调查_某城婚外情调查_某城商务调查_侦探私家公司"
DIVORCE = [
    "第39条某城专业私家侦探，离婚时，夫妻双方的共同财产应由双方协商解决。",
    "协议不成的，由人民法院判决。",
    "某城婚外情取证许多丈夫对此有不同的看法。起点是好是坏，各有说法。",
]


def test_a_stuffed_titles_keyword_glued_into_an_article_on_something_else_is_spam() -> None:
    found = check_text("\n".join(DIVORCE), ["K102"], metadata={"title": STUFFED_TITLE})
    assert [(f.line, f.snippet) for f in found] == [(1, "某城"), (3, "某城")]
    assert all("title's SEO keyword" in f.message for f in found)


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        # the headline names the keyword: the page is about it
        ("某城文化节开幕_某城新闻_某城日报_某城本地资讯", ["某城文化节开幕，市民踊跃参加。"]),
        # the keyword on many lines: the page's subject
        (STUFFED_TITLE, [f"某城第{i}条新闻说，调查已经开始。" for i in range(5)]),
        # a menu naming the keyword is the site's furniture, not a splice
        (STUFFED_TITLE, ["某城私家调查 某城商务调查", "协议不成的，由人民法院判决。"]),
        # a title of three parts only
        ("离婚财产分割_某城律师_某城法律", DIVORCE),
    ],
)
def test_titles_that_name_their_subject_or_keywords_on_menus_are_not_spliced(
    title: str, lines: list[str]
) -> None:
    assert check_text("\n".join(lines), ["K102"], metadata={"title": title}) == []


_TITLE_QUERY = "什么药治咳喘效果好"


def test_the_title_question_stated_twice_as_a_sentence_marks_each_of_its_clauses() -> None:
    text = (
        f"{_TITLE_QUERY}\n"
        f"下面一起来看看吧，{_TITLE_QUERY}。\n"
        f"不宜过食肥腻食品。{_TITLE_QUERY}。\n"
        f"它可以快速止咳。{_TITLE_QUERY}，大家可以放心购买。"
    )
    found = check_text(text, ["K102"])
    assert [text.count("\n", 0, f.start) + 1 for f in found] == [2, 3, 4]
    assert all(text[f.start : f.end] == _TITLE_QUERY for f in found)
    assert "2 times as a sentence" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        # Once as a sentence is a writer's echo of the title, not a pattern.
        f"{_TITLE_QUERY}\n下面一起来看看吧，{_TITLE_QUERY}。\n{_TITLE_QUERY}，大家都想知道。",
        # Asked with a question mark each time: a question, however often.
        f"{_TITLE_QUERY}\n有人问，{_TITLE_QUERY}？\n又有人问：{_TITLE_QUERY}？",
        # Inside a sentence, not a clause of its own.
        f"{_TITLE_QUERY}\n我想知道{_TITLE_QUERY}。\n医生告诉我{_TITLE_QUERY}。",
        # A title that asks nothing is a name, and news repeats names.
        "全国两会胜利闭幕\n今天，全国两会胜利闭幕。\n会场内外一片欢腾。全国两会胜利闭幕。",
        # Repeated on lines of their own: headings in the layout.
        f"{_TITLE_QUERY}\n{_TITLE_QUERY}\n正文讲了几种药。\n{_TITLE_QUERY}\n",
    ],
)
def test_the_title_question_is_not_filler_when_asked_echoed_once_or_used_in_a_sentence(
    text: str,
) -> None:
    assert check_text(text, ["K102"]) == []


def test_the_title_question_search_stays_linear_on_a_page_of_repeats() -> None:
    import time

    def cost(n: int) -> float:
        text = _TITLE_QUERY + "\n" + f"看看，{_TITLE_QUERY}。" * n
        t0 = time.process_time()
        check_text(text, ["K102"])
        return time.process_time() - t0

    cost(100)
    small, big = cost(5000), cost(20000)
    assert big < small * 8, (small, big)


def test_keyword_variants_name_the_same_core_whatever_the_hash_seed() -> None:
    import subprocess
    import sys

    # Two heads start enough of the items (`花瓣`, `花瓣网`): which one the message names
    # was a set's iteration order, so the report changed from run to run.
    code = (
        "from seedlint.detectors.spam_block import _variant_core\n"
        "items = '花瓣,花瓣网,花瓣网官网,花瓣网首页官网,花瓣网首页,花瓣网图片,"
        "花瓣图片,花瓣网唯美图片'.split(',')\n"
        "print(_variant_core(items, 4, 3))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(8)
    }
    assert seen == {"花瓣"}
