"""Mixed-script rules on the raw seeds, on clean public text, and at their edges.

A101 pinyin glosses, A102-A104 half-width punctuation between Han characters, X101
Traditional/Simplified mixing between paragraphs, X102 a document in the unexpected
script, X103 look-alike letters, X104 full-width letters and digits. The generated
(seeded) cases with measured recall live in test_mixed_script_generated.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import RAW_SEEDS, shared_corpus
from seedlint.cli import main
from seedlint.config import Config
from seedlint.detectors import _hanscript
from seedlint.engine import RuleSet
from seedlint.model import Applicability, Severity
from seedlint.rules import RuleError, load_rule_file, load_rules
from seedlint.testing import check_text, fix_text, ruleset_for

CODES = ["A101", "A102", "A103", "A104", "X101", "X102", "X103", "X104"]
SEED_000 = RAW_SEEDS / "000_ea1647fd556938d9.txt"
SEED_001 = RAW_SEEDS / "001_712f67c0189c27b8.txt"
SEED_002 = RAW_SEEDS / "002_5df404fbe06626fb.txt"
SEED_003 = RAW_SEEDS / "003_7452ed3e741612d2.txt"

# An independent description of the mirror's glosses: a Han character, then a
# parenthesised lower-case syllable with a tone mark. Written without the detector.
MIRROR_GLOSS = re.compile("(?<=[\u4e00-\u9fff])\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)")


def read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def codes_of(text: str, expected: str = "any") -> list[str]:
    return [f.code for f in check_text(text, ruleset=ruleset_for(CODES, expected))]


# ------------------------------------------------------------------ character sets


def test_characters_valid_in_both_scripts_are_in_neither_set() -> None:
    sets = _hanscript.script_sets()
    for ch in "并征余干台后里面于乾著群峰":
        assert ch not in sets.trad_only and ch not in sets.simp_only, ch


def test_script_sets_come_from_opencc_tables() -> None:
    sets = _hanscript.script_sets()
    assert sets.source == "opencc-tables"
    assert {"發", "網", "區", "裡", "裏", "臺"} <= sets.trad_only
    assert {"发", "区", "们", "这", "说", "国"} <= sets.simp_only
    # Hong Kong standard forms are Traditional, not "Simplified-only".
    assert "温" not in sets.simp_only and "説" not in sets.simp_only
    assert len(sets.trad_only) > 2500 and len(sets.simp_only) > 2500


def test_probe_fallback_approximates_the_tables() -> None:
    exact, probe = _hanscript.script_sets(), _hanscript._probe()

    def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
        return len(a & b) / len(a | b)

    assert jaccard(exact.trad_only, probe.trad_only) > 0.8
    assert jaccard(exact.simp_only, probe.simp_only) > 0.95


def test_script_sets_are_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEDLINT_CACHE_DIR", str(tmp_path))
    before = _hanscript.script_sets()
    _hanscript.script_sets.cache_clear()
    try:
        derived = _hanscript.script_sets()
        files = list(tmp_path.glob("hanscript-*.json"))
        assert len(files) == 1
        _hanscript.script_sets.cache_clear()
        assert _hanscript.script_sets() == derived == before
    finally:
        _hanscript.script_sets.cache_clear()


def test_without_the_dump_tool_the_probe_still_finds_the_mixed_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEEDLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_hanscript, "_dump_tool", lambda: None)
    _hanscript.script_sets.cache_clear()
    _hanscript.matchers.cache_clear()
    try:
        assert _hanscript.script_sets().source == "opencc-probe"
        found = check_text(read(SEED_000), ["X101"])
        assert [f.snippet for f in found[:2]] == ["處于", "對于"]  # the 于 slips
        assert "line 35 in Simplified" in found[2].message
    finally:
        _hanscript.script_sets.cache_clear()
        _hanscript.matchers.cache_clear()


# ------------------------------------------------------------------ A101 on the seeds


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["000", "001"])
def test_every_mirror_gloss_in_the_raw_seeds_is_found(seed: Path) -> None:
    text = read(seed)
    expected = [m.span() for m in MIRROR_GLOSS.finditer(text)]
    found = [(f.start, f.end) for f in check_text(text, ["A101"])]
    assert len(expected) > 90
    assert found == expected


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["000", "001"])
def test_gloss_fix_removes_the_glosses_and_nothing_else(seed: Path) -> None:
    text = read(seed)
    fixed, applied = fix_text(text, ["A101"])
    assert fixed == MIRROR_GLOSS.sub("", text)
    assert all(a.after == "" and re.fullmatch(r"\([^()]+\)", a.before) for a in applied)
    before_lines, after_lines = text.split("\n"), fixed.split("\n")
    assert len(before_lines) == len(after_lines)
    for old, new in zip(before_lines, after_lines, strict=True):
        assert new == MIRROR_GLOSS.sub("", old)
    assert check_text(fixed, ["A101"]) == []


def test_cli_fix_on_copies_of_the_raw_seeds_removes_every_gloss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in (SEED_000, SEED_001):
        shutil.copyfile(seed, docs / seed.name)
    (tmp_path / "seedlint.yaml").write_text("expected-script: any\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["docs", "--fix", "--select", "A101", "--no-progress", "--exit-zero"]) == 0
    for seed in (SEED_000, SEED_001):
        original = seed.read_bytes().decode("utf-8")
        assert (docs / seed.name).read_bytes() == MIRROR_GLOSS.sub("", original).encode()
    assert main(["docs", "--select", "A101", "--no-progress"]) == 0


def test_seed_glosses_are_errors_with_a_safe_fix() -> None:
    fs = check_text(read(SEED_001), ["A101"])
    assert {f.severity for f in fs} == {Severity.ERROR}
    assert {f.fix.applicability for f in fs if f.fix} == {Applicability.SAFE}
    assert "injected" in fs[0].message


def test_seeds_without_glosses_have_none() -> None:
    assert check_text(read(SEED_002), ["A101"]) == []
    assert check_text(read(SEED_003), ["A101"]) == []


def test_a_lone_gloss_is_a_warning_whose_removal_is_unsafe() -> None:
    text = "这个字是多音字：重(chóng)庆的重。"
    (f,) = check_text(text, ["A101"])
    assert f.severity is Severity.WARNING
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fix_text(text, ["A101"])[0] == text  # --fix alone leaves it
    assert fix_text(text, ["A101"], Applicability.UNSAFE)[0] == "这个字是多音字：重庆的重。"


def test_gloss_count_threshold_is_configurable() -> None:
    rules = [r for r in load_rules(overrides={"A101": {"min_count": 1}}) if r.code == "A101"]
    rs = RuleSet(rules, Config.model_validate({"select": ["A101"]}))
    (f,) = check_text("重(chóng)庆", ruleset=rs)
    assert f.severity is Severity.ERROR and f.fix is not None
    assert f.fix.applicability is Applicability.SAFE


@pytest.mark.parametrize("text", ["王(Wang)先生", "见附件(a)", "網(wa)", "三公(工)", "网文(2016)"])
def test_romanisations_list_markers_and_non_readings_are_not_glosses(text: str) -> None:
    assert check_text(text, ["A101"]) == []


def test_gloss_forms_tone_numbers_fullwidth_parentheses_and_words() -> None:
    text = "人民網(wang3)、協（xié）同、重庆(chóngqìng)、綠(lv4)、優(you)"
    spans = [f.snippet for f in check_text(text, ["A101"])]
    assert spans == ["(wang3)", "（xié）", "(chóngqìng)", "(lv4)", "(you)"]


# ------------------------------------------------------------------ X101 / X102 on the seeds


def test_simplified_county_block_of_seed_000_is_reported_as_mixing() -> None:
    text = read(SEED_000)
    # the mirror's converter also left two Simplified spellings made of shared
    # characters in the Traditional body (仍處于高位, 對于高風險地區)
    *slips, f = check_text(text, ["X101"])
    assert [(s.line, s.snippet) for s in slips] == [(17, "處于"), (19, "對于")]
    block_line = next(i for i, ln in enumerate(text.split("\n"), 1) if ln.startswith("镇远县"))
    assert (f.line, f.end_line) == (block_line, block_line)
    assert "Simplified" in f.message and "Traditional Chinese document" in f.message
    assert "evidence of machine conversion" in f.message and "pinyin gloss" in f.message


def test_seed_000_block_converts_to_traditional_when_the_corpus_is_zh_hant() -> None:
    text = read(SEED_000)
    rs = ruleset_for(["X101"], expected_script="zh-Hant")
    fixed, _ = fix_text(text, level=Applicability.UNSAFE, ruleset=rs)
    old, new = text.split("\n"), fixed.split("\n")
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    block = next(i for i, ln in enumerate(old) if ln.startswith("镇远县"))
    assert changed == [16, 18, block]  # the two 于 slips (處於, 對於) and the block
    assert "仍處於高位" in new[16] and "對於高風" in new[18]
    assert new[block].startswith("鎮遠縣| 閩侯縣| 左權縣")
    assert not _hanscript.find_script_chars(new[block], "Hans")
    assert check_text(fixed, ruleset=rs) == []


def test_mixing_block_gets_no_fix_when_it_is_already_the_expected_script() -> None:
    (f,) = check_text(read(SEED_000), ruleset=ruleset_for(["X101"], expected_script="zh-Hans"))
    assert f.fix is None and "expected zh-Hans" in f.message


def test_zh_hans_corpus_flags_the_traditional_seeds_only() -> None:
    rs = ruleset_for(["X102"], expected_script="zh-Hans")
    for seed, n in [(SEED_000, 1), (SEED_001, 1), (SEED_002, 0), (SEED_003, 0)]:
        fs = check_text(read(seed), ruleset=rs)
        assert len(fs) == n, seed.name
    (f,) = check_text(read(SEED_001), ruleset=rs)
    assert f.severity is Severity.ERROR
    assert "Traditional" in f.message and "129 pinyin glosses" in f.message


def test_zh_hant_corpus_flags_the_simplified_seeds() -> None:
    rs = ruleset_for(["X102"], expected_script="zh-Hant")
    assert [len(check_text(read(s), ruleset=rs)) for s in (SEED_002, SEED_003)] == [1, 1]
    assert check_text(read(SEED_001), ruleset=rs) == []


def test_expected_script_conversion_fix_touches_only_changed_characters() -> None:
    text = read(SEED_001)
    rs = ruleset_for(["X102"], expected_script="zh-Hans")
    (f,) = check_text(text, ruleset=rs)
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    # Edits are runs of converted characters, never whole lines.
    assert all(e.end - e.start < 40 for e in f.fix.edits)
    fixed, _ = fix_text(text, level=Applicability.UNSAFE, ruleset=rs)
    assert "领(lǐng)导(dǎo)小组" in fixed and "2022-09-14 11:15:00" in fixed
    assert not _hanscript.find_script_chars(fixed, "Hant")
    assert fix_text(fixed, level=Applicability.UNSAFE, ruleset=rs)[0] == fixed


def test_document_metadata_can_declare_its_own_script() -> None:
    trad = "重慶市召開疫情防控工作專題匯報會，強調要深入學習貫徹關於疫情防控工作的重要指示精神。"
    rs = ruleset_for(["X102"], expected_script="zh-Hans")
    assert len(check_text(trad, ruleset=rs)) == 1
    assert check_text(trad, ruleset=rs, metadata={"expected-script": "zh-Hant"}) == []


# ------------------------------------------------------------------ hard negatives


TAIWAN_NEWS = (
    "中央氣象局今天表示，颱風預計明天清晨登陸臺灣東部，台北市政府已成立應變中心，"
    "提醒民眾做好防颱準備。這裡的山區須防範豪雨與坍方，群眾應遠離海邊，"
    "高鐵與台鐵部分班次將停駛，旅客可上網查詢 https://www.thsrc.com.tw/ 最新資訊。"
)
SIMPLIFIED_MIXED_CONTENT = (
    "2022年12月2日，重庆市发布通知（见 https://www.cq.gov.cn/zwgk/ "
    "与 www.example.com/路径?查询=值）："
    "新闻热线:023-61520695，时间 11:15:00，比分3:2。会议支持Python,Java和Go，"
    "TNFα与NF-κB通路研究获得10μg资助，ＣＣＴＶ与CCTV均有报道。"
)


def test_taiwan_news_paragraph_is_clean() -> None:
    assert codes_of(TAIWAN_NEWS, "zh-Hant") == []
    assert codes_of(TAIWAN_NEWS) == []


def test_chinese_with_english_numbers_dates_and_urls_is_clean() -> None:
    assert codes_of(SIMPLIFIED_MIXED_CONTENT, "zh-Hans") == []


def test_characters_valid_in_both_scripts_never_make_a_document_mixed() -> None:
    trad = TAIWAN_NEWS + "\n" + "并征余干台后里面于乾" * 20 + "\n" + TAIWAN_NEWS
    assert codes_of(trad, "zh-Hant") == []
    simp = "会议强调要坚决果断开展应急处置。\n" + "并征余干" * 30
    assert codes_of(simp, "zh-Hans") == []


def test_language_switcher_line_is_not_mixing() -> None:
    assert codes_of("简体中文 | 繁體中文\n本网站提供新闻服务，欢迎访问。") == []


def _decoded(folder: str, encoding: str) -> list[tuple[str, str]]:
    base = shared_corpus("char-dataset", folder)
    return [
        (p.name, p.read_bytes().decode(encoding, errors="replace")) for p in sorted(base.iterdir())
    ]


def test_traditional_big5_pages_are_not_mixed_or_unexpected() -> None:
    rs = ruleset_for(["A101", "X101", "X102", "X103"], expected_script="zh-Hant")
    for name, text in _decoded("big5", "big5hkscs"):
        assert check_text(text, ruleset=rs) == [], name


def test_simplified_gb2312_pages_are_not_mixed_or_unexpected() -> None:
    rs = ruleset_for(["A101", "X101", "X102", "X103"], expected_script="zh-Hans")
    for name, text in _decoded("gb2312", "gb18030"):
        assert check_text(text, ruleset=rs) == [], name


def test_opencc_golden_conversions_are_pure() -> None:
    golden = shared_corpus("OpenCC", "test", "golden")
    hans = ruleset_for(CODES, expected_script="zh-Hans")
    hant = ruleset_for(CODES, expected_script="zh-Hant")
    assert check_text(read(golden / "input" / "us_constitution_zhs.txt"), ruleset=hans) == []
    for p in sorted((golden / "output").glob("*.txt")):
        assert check_text(read(p), ruleset=hant) == [], p.name


def test_classical_zuozhuan_keeping_traditional_names_is_not_mixed() -> None:
    text = read(shared_corpus("OpenCC", "test", "benchmark", "zuozhuan.txt"))
    rs = ruleset_for(["X101", "X102"], expected_script="zh-Hans")
    assert check_text(text, ruleset=rs) == []


# ------------------------------------------------------------------ A102-A104


def test_halfwidth_fixes_on_seed_002_change_only_the_punctuation() -> None:
    text = read(SEED_002)
    fixed, applied = fix_text(text, ["A102", "A103"])
    assert applied and len(fixed) == len(text)
    pairs = {",": "，", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"}
    for a, b in zip(text, fixed, strict=True):
        assert a == b or pairs.get(a) == b
    for kept in ("023-61520695", "2020-02-05 23:08:10", "渝网文(2016)4551-030号", "375,369"):
        assert kept in fixed
    assert "讯（记者 赖义羡）在" in fixed and "（含武汉籍375人），涉及" in fixed


def test_question_mark_fix_is_unsafe_because_it_may_hide_a_lost_character() -> None:
    (f,) = check_text("朱?基总理", ["A104"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE


def test_substitution_skip_leaves_matches_inside_skipped_spans(tmp_path: Path) -> None:
    rule = tmp_path / "r.yaml"
    rule.write_text(
        "rules:\n"
        "  - code: T901\n    name: t\n    category: artifact\n    kind: substitution\n"
        "    message: m\n    fix: safe\n"
        "    params: {table: {',': '，'}, before: '[一-龥]', after: '[一-龥]', skip: '://\\S+'}\n"
        "    examples: {bad: [{text: '甲,乙'}]}\n",
        encoding="utf-8",
    )
    rs = RuleSet(load_rule_file(rule), Config.model_validate({"select": ["T901"]}))
    found = check_text("甲,乙 http://例子/甲,乙 丙,丁", ruleset=rs)
    assert [f.start for f in found] == [1, 19]


def test_pattern_skip_leaves_matches_inside_skipped_spans(tmp_path: Path) -> None:
    rule = tmp_path / "r.yaml"
    rule.write_text(
        "rules:\n"
        "  - code: T902\n    name: t\n    category: artifact\n    kind: pattern\n"
        "    message: m\n    fix: safe\n"
        "    params: {regex: '[一-龥](,)[一-龥]', group: 1, replacement: '，', skip: '://\\S+'}\n"
        "    examples: {bad: [{text: '甲,乙'}]}\n",
        encoding="utf-8",
    )
    rs = RuleSet(load_rule_file(rule), Config.model_validate({"select": ["T902"]}))
    found = check_text("甲,乙 http://例子/甲,乙 丙,丁", ruleset=rs)
    assert [f.start for f in found] == [1, 19]


# Sentences written for these tests after the shapes met on the real-text sources (a
# blog, finance and health news, a campus-forum history, CMS keyword lines, a spam run).
A106_PROSE = [
    ("学校在这个域名上开设了官方bbs,并安排学生干部管理。", "bbs，并"),
    ("这里说的磅就是point,缩写为pt,和重量单位不是一回事，要分清。", "point，缩写为pt，和"),
    ("多吃蔬菜，维生素C,可以帮助调节代谢。", "维生素C，可以"),
    ("猪肉价格影响CPI的走势,CPI的走势又影响货币政策。", "走势，CPI"),
    ("近年来,A股整体震荡，截至月底指数下跌。", "近年来，A股"),
    ("车辆配置：电子助力、ABS,原厂空调，铝制底板。", "ABS，原厂"),
    ("刚换了一部 Pixel,拍照很清楚!", "Pixel，拍照"),
]


@pytest.mark.parametrize(("text", "want"), A106_PROSE)
def test_a106_restores_the_comma_beside_a_latin_word_in_a_chinese_sentence(
    text: str, want: str
) -> None:
    fixed, applied = fix_text(text, ["A106"])
    assert applied and want in fixed
    # only commas change: the words, spaces and the other marks stay as they were
    assert len(fixed) == len(text)
    assert all(a == b or (a, b) == (",", "，") for a, b in zip(text, fixed, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        # CMS keyword lines and tag lists: no sentence mark in the line
        "本文关键词：体育app,连台,好戏,服务,老年,观众,【,体育,】",
        "本文关键词：麻辣,鸭脖,做法,菜谱,某某体育全站app手机版",
        "按摩棒,电动按摩棒,\nIC按摩棒,IO按摩棒,\n",
        # a space-separated spam run, even on a line that holds a sentence mark elsewhere
        "免费视频在线观看 成色www,久久网站 又快又好的视频 网址大全。",
        # a feed description without a sentence mark
        "新网页设计师,web标准的教程站点,推动web标准在中国的应用 zh RSS",
        # CSS font lists, stock codes, English, URLs
        "font-family: 微软雅黑,Microsoft YaHei; font: 12px Arial,宋体,sans-serif。",
        "新希望(000876,股吧)的负责人说，今年很好。",
        "支持Python,Java和Go三种语言。",
        "访问 https://例子.中国/a,b中 即可。",
        # a short list item after a space before the comma
        "热门 手机,iPhone新款 上市了。",
    ],
)
def test_a106_leaves_list_separators_and_markup_alone(text: str) -> None:
    assert check_text(text, ["A106"]) == []


def test_a102_ends_a_japanese_sentence_after_hiragana_but_not_a_katakana_name() -> None:
    text = "使えるようになりました.さっそく試してみましょう.\n「そうですね.」\n"
    fixed, _ = fix_text(text, ["A102"])
    assert fixed == "使えるようになりました。さっそく試してみましょう。\n「そうですね。」\n"
    for kept in ("ジョン.スミス氏が来た", "えーと...そうですね...", "第1章.はじめに", "ver.2です"):
        assert check_text(kept, ["A102"]) == [], kept


def test_autocorrect_agreement_meets_the_issue_target_when_its_snapshot_is_given() -> None:
    """With AutoCorrect's tests at hand (``AUTOCORRECT_GIT_DIR``): at least 90% of its
    half-to-full-width edits reproduced, none of its keep cases changed, and on its
    Markdown fixture no edit it would not make."""
    import json
    import os
    import subprocess
    import sys

    repo = os.environ.get("AUTOCORRECT_GIT_DIR")
    if not repo or not (Path(repo) / "HEAD").exists():
        pytest.skip("AutoCorrect snapshot not given (AUTOCORRECT_GIT_DIR)")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(root / "bench" / "bench_autocorrect.py"), "--repo", repo],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["edit_reproduced"] / result["edit_cases"] >= 0.9
    assert result["keep_unchanged"] == result["keep_cases"]
    # its Markdown fixture: every edit --fix makes is one AutoCorrect expects
    md = result["markdown_fixture"]
    assert md["seedlint_edits"] == md["seedlint_edits_as_autocorrect"] > 0
    assert md["lines_changed_otherwise"] == []


# ------------------------------------------------------------------ X103 / X104


def test_cyrillic_lookalikes_in_a_latin_word_are_reported_and_fixed() -> None:
    text = "立即下载раураl客户端"
    (f,) = check_text(text, ["X103"])
    assert "U+0440 Cyrillic" in f.message and "`paypal`" in f.message
    assert fix_text(text, ["X103"], Applicability.UNSAFE)[0] == "立即下载paypal客户端"


def test_latin_lookalikes_in_a_russian_word_are_fixed_to_cyrillic() -> None:
    fixed, _ = fix_text("Привет из города мoсква", ["X103"], Applicability.UNSAFE)
    assert fixed == "Привет из города москва"


def test_scientific_greek_and_genuine_mixtures_are_not_homoglyphs() -> None:
    for text in ["TNFα、IFNγ、Gαq、Aβ、αvβ3、NF-κB", "剂量10μg，λmax", "это Pythonом"]:
        assert check_text(text, ["X103"]) == [], text


def test_fullwidth_inside_a_halfwidth_word_is_reported_but_fullwidth_style_is_not() -> None:
    assert [f.snippet for f in check_text("发布于2０22年，ＣＣＴＶ－1频道", ["X104"])] == [
        "2０22",
        "ＣＣＴＶ－1",
    ]
    assert check_text("２０２２年１１月，ＣＣＴＶ报道了10条新闻", ["X104"]) == []


# Japanese and Korean are not Chinese script evidence (kanji `図書館 願 業`, hanja `國語`).
JA_LINES = "東京の電車は時間通りに來る\n図書館で讀む漢字の歴史について\n"
KO_LINE = "대한민국 國語 辭典 편찬 위원회 發足 報告書\n"
SIMP_BODY = "会议强调，要坚决果断开展疫情应急处置，严格落实各项措施，确保群众生活。\n"


def test_japanese_lines_in_a_simplified_page_are_not_traditional_paragraphs() -> None:
    text = SIMP_BODY + JA_LINES + SIMP_BODY
    assert check_text(text, ["X101"]) == []
    # the same kanji without kana are a Traditional paragraph as before
    trad = SIMP_BODY + "國語辭典編纂委員會發足報告書\n" + SIMP_BODY
    assert [f.code for f in check_text(trad, ["X101"])] == ["X101"]


def test_korean_hanja_lines_are_not_traditional_paragraphs() -> None:
    assert check_text(SIMP_BODY + KO_LINE + SIMP_BODY, ["X101"]) == []


def test_a_japanese_document_is_not_in_the_unexpected_script() -> None:
    rs = ruleset_for(["X102"], expected_script="zh-Hans")
    # kanji-only title lines of a Japanese document count as Japanese too
    ja = (
        "東京都圖書館會議\n"
        "東京都の図書館では、漢字の歴史に関する展示會が開かれ、多くの來場者が訪れた。"
    )
    assert check_text(ja, ruleset=rs) == []
    ko = "國立國語院은 韓國語 辭典을 편찬하는 機關이다. 國語 연구 報告書를 發表했다."
    assert check_text(ko, ruleset=rs) == []


def test_a_fix_never_converts_a_japanese_line() -> None:
    rs = ruleset_for(["X102"], expected_script="zh-Hans")
    trad = "重慶市召開疫情防控工作專題匯報會，強調要深入學習貫徹關於疫情防控工作的重要指示精神。\n"
    (f,) = check_text(trad + JA_LINES, ruleset=rs)
    assert f.fix is not None
    out = fix_text(trad + JA_LINES, ruleset=rs, level=Applicability.UNSAFE)[0]
    assert out.startswith("重庆市召开") and out.endswith(JA_LINES)


def test_one_kana_letter_in_a_chinese_line_does_not_hide_it() -> None:
    # a shop name with `の` in a Traditional line inside a Simplified page still counts
    text = SIMP_BODY + "老爺の店位於臺灣東部，還有許多觀光客與當地居民。\n" + SIMP_BODY
    assert [f.code for f in check_text(text, ["X101"])] == ["X101"]


def test_a_traditional_title_over_a_simplified_body_is_reported_below_the_paragraph_bar() -> None:
    text = "台灣選舉\n2022年11月23日\n" + SIMP_BODY * 2
    (f,) = check_text(text, ["X101"])
    assert f.line == 1 and "Traditional" in f.message
    # the same three characters further down the body are not a title: no finding
    assert check_text(SIMP_BODY * 2 + "台灣選舉\n", ["X101"]) == []


def test_a_simplified_header_over_a_traditional_body_is_reported() -> None:
    trad = "中央氣象局表示，颱風預計明天登陸臺灣東部，台北市政府已成立應變中心。\n"
    (f,) = check_text("记者报道员\n发布时间\n" + trad, ["X101"])
    assert f.line == 1 and "Simplified" in f.message


def test_an_equal_two_line_split_reports_the_line_in_the_unexpected_script() -> None:
    simp, trad = "恒生银行和恒大集团发布财报", "恒生銀行和恒大集團發佈財報"
    for text, exp, line in [
        (f"{simp}\n{trad}\n", "zh-Hans", 2),
        (f"{trad}\n{simp}\n", "zh-Hans", 1),
        (f"{simp}\n{trad}\n", "zh-Hant", 1),
        (f"{trad}\n{simp}\n", "zh-Hant", 2),
    ]:
        rs = ruleset_for(["X101", "X102"], expected_script=exp)
        found = check_text(text, ruleset=rs)
        assert [(f.code, f.line) for f in found] == [("X101", line)], (text, exp)
        assert "expected" not in found[0].message or "corpus expects" in found[0].message


def test_hong_kong_heng_is_valid_in_both_scripts() -> None:
    # `恒` is the Hong Kong form (恒生銀行); code page 950 writes it, so it is not
    # Simplified-only evidence inside a Traditional line
    assert "恒" not in _hanscript.script_sets().simp_only


def test_letters_in_replacement_soup_are_not_homoglyphs() -> None:
    soup = "\ufffd\ufffdpаypаl\ufffd\ufffd\ufffdСС\ufffd" * 5
    assert check_text(soup, ["X103"]) == []
    # one U+FFFD in a text does not hide a spoofed word
    assert [f.snippet for f in check_text("立即\ufffd下载раураl客户端", ["X103"])] == ["раураl"]


def test_full_width_parts_belonging_to_the_chinese_text_are_not_half_width_words() -> None:
    for text in [
        "原文 https://news.example.com/20170101/６成二手車商不合格",
        "功率≤１０Ｗ8、重量≤２ｋｇ",
    ]:
        assert check_text(text, ["X104"]) == [], text
    # the same shapes inside a Latin word still are
    assert [f.snippet for f in check_text("网址 48655.ＣＣ 欢迎", ["X104"])] == ["48655.ＣＣ"]
    assert [f.snippet for f in check_text("第1０期，", ["X104"])] == ["1０"]


def test_utf8_read_as_gbk_is_not_a_script_mix() -> None:
    moji = "四虎影视国产精品亚洲精品".encode().decode("gb18030")
    text = SIMP_BODY + moji + "\n" + SIMP_BODY
    assert check_text(text, ["X101"]) == []
    assert [f.code for f in check_text(text, ["M103"])] == ["M103"]


def test_a_full_width_letter_inside_gbk_mojibake_is_the_mojibake_rules() -> None:
    # `上海總部：上海靜安區` one byte off after a lost byte: `ｌ` + `o` is `靜` misaligned
    garbled = "總部地址\n上?？偛浚荷虾ｌo安區環境優美"
    assert [f.code for f in check_text(garbled, ["M103"])] == ["M103"]
    assert check_text(garbled, ["X104"]) == []


def test_traditional_only_in_a_raw_pages_markup_is_not_a_script_mix() -> None:
    body = "会议强调，要坚决果断开展疫情应急处置，严格落实各项措施。"
    page = (
        f"<p>{body}</p>\n"
        '<li><a href="#綜藝發展歷史" id="綜藝節目">综艺发展</a></li>\n'
        '<script>function t(){return "臺號皚藹礙愛襖奧壩罷擺敗頒辦絆幫綁鎊";}</script>\n'
        f"<p>{body}</p>\n"
    )
    assert check_text(page, ["X101"], path="page.html") == []
    # the same Traditional text where a reader sees it is reported
    shown = page.replace("综艺发展</a>", "綜藝發展歷史節目</a>")
    assert [f.line for f in check_text(shown, ["X101"], path="page.html")] == [2]
    # and a text file is measured as it is
    assert check_text(page, ["X101"], path="page.txt") != []


def test_autocorrect_bench_skips_cleanly_without_its_snapshot(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k != "AUTOCORRECT_GIT_DIR"}
    proc = subprocess.run(
        [sys.executable, str(root / "bench" / "bench_autocorrect.py"), "--repo", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0 and "skipped" in proc.stdout


@pytest.mark.parametrize(
    "line",
    [
        "ЎҫЦРОД ЧЦД ЧоИИМыTop ЎҝТЁјц 排行",  # `Top` glued to mojibake
        "下载 BTПВФШЧЁЗш 种子 ЎҫНјЖ¬ЎҝУК",  # `BT` glued to mojibake
    ],
)
def test_latin_words_glued_to_gbk_read_as_cyrillic_are_not_homoglyphs(line: str) -> None:
    # Cases mixed at random inside the Cyrillic part: mojibake, not a Russian word.
    assert check_text(line, ["X103"]) == []


@pytest.mark.parametrize("word", ["мoсква", "Мoсква", "МOСКВА"])
def test_a_latin_look_alike_in_a_russian_word_cased_as_a_word_is_a_homoglyph(word: str) -> None:
    (f,) = check_text(f"Привет из города {word}", ["X103"])
    assert "Latin" in f.message


# ------------------------------------------------------------------ X101 stray words

# Reworded from a Simplified archive article (about 130 Simplified-only characters).
SIMP_ARTICLE = (
    "这个片段在纪录片里再现，导演对此印象特别深：因为太难受了，对于我们为人父母的，我们是"
    "不能承受自己的孩子受到这么巨大的伤害。没有人愿意看到这样的结局，也没有人能够轻易忘记。"
    "从博客时代到移动手机端，删文封号的管制手段依然在继续，许多记录者只能把资料备份在海外的"
    "网站上。学院领导反复约谈学生，要求他们按照规定办理手续，学生们认为这些规定并没有说明"
    "理由，于是继续写信给学院，请求领导当面回应。\n"
) * 2


def test_a_word_of_the_other_script_the_text_writes_in_its_own_elsewhere_is_reported() -> None:
    (f,) = check_text(SIMP_ARTICLE + "学生们依規定办理手续。\n", ["X101"])
    assert f.snippet == "規" and "`規定` (elsewhere `规定`)" in f.message
    fixed = fix_text(SIMP_ARTICLE + "学生们依規定办理手续。\n", ["X101"], Applicability.UNSAFE)[0]
    assert fixed.endswith("学生们依规定办理手续。\n")


def test_several_stray_words_on_one_line_are_one_finding() -> None:
    line = "艾晓明对此印象特別深，她说沒有人愿意删文。\n"
    (f,) = check_text(SIMP_ARTICLE + line, ["X101"])
    assert f.snippet == "別深，她说沒" and "`特別`" in f.message and "`沒有`" in f.message


@pytest.mark.parametrize(
    "line",
    [
        "他推荐了《沒有人寫信給上校》这本书。",  # a title keeps the script it was published in
        "作者：火鳥",  # a pen name the text never writes in Simplified
        "网友@陳振森森：我们没有办法",  # a handle
        "调査报告说明了理由。",  # 査 is a variant both scripts write 查, not Traditional
    ],
)
def test_titles_names_handles_and_variants_are_not_stray_words(line: str) -> None:
    assert check_text(SIMP_ARTICLE + line + "\n", ["X101"]) == []


def test_stray_words_need_a_long_text_overwhelmingly_in_one_script() -> None:
    assert check_text("没有人愿意看到这样的结局。\n沒有理由不拼命\n", ["X101"]) == []
    quote = "他说：“我們沒有辦法。”\n"  # three Traditional characters, 2.3% of the text
    assert check_text(SIMP_ARTICLE + quote, ["X101"]) == []


def test_a_text_keeping_many_characters_of_the_other_script_has_no_stray_words() -> None:
    # A Classical text keeps the Traditional forms of rare names by convention; past 30
    # such characters the text is not read as slips (reworded, a Zuozhuan translation).
    names = "郤錡率师伐郑，子憖与季羋同行。" * 12  # 36 Traditional-only characters
    text = SIMP_ARTICLE * 40 + names + "\n" + "郤锜与季芈同行，没有回应。" * 12 + "\n"
    assert [f for f in check_text(text, ["X101"]) if "elsewhere" in f.message] == []
    # the same spelling kept only four times is read as slips
    few = SIMP_ARTICLE * 40 + "季羋同行。" * 4 + "\n" + "郤锜与季芈同行，没有回应。" * 12 + "\n"
    assert [f for f in check_text(few, ["X101"]) if "elsewhere" in f.message] != []


def test_stray_words_are_not_looked_for_in_html_pages() -> None:
    page = SIMP_ARTICLE + "沒有人回应？\n"
    assert check_text(page, ["X101"], path="index.html") == []
    assert [f.code for f in check_text(page, ["X101"])] == ["X101"]


def test_stray_words_cost_one_pass_over_a_long_text() -> None:
    import time

    def cpu(n: int) -> float:
        text = SIMP_ARTICLE * n + ("沒有理由，" + "没有理由。" * 60 + "\n") * (n // 2)
        t0 = time.process_time()
        check_text(text, ["X101"])
        return time.process_time() - t0

    small, big = cpu(40), cpu(160)
    assert big < 8 * small + 0.5


# ------------------------------------------------------------------ X101 hant_slips

# Reworded from Traditional Wikipedia paragraphs (about 30 Traditional-only characters).
TRAD_PARAGRAPH = (
    "這裡的語言有很多阿拉伯語及波斯語單詞，學者認為這與當時的貿易路線有關，"
    "歷史記載顯示，許多商人經過這條路線來到中國，並在沿海城市定居。"
)


def test_a_simplified_spelling_of_shared_characters_in_a_traditional_text_is_reported() -> None:
    text = TRAD_PARAGRAPH + "但由于波斯人早於阿拉伯人來到中國，影響較深。\n"
    (f,) = check_text(text, ["X101"])
    assert f.snippet == "由于" and "`由於`" in f.message
    fixed = fix_text(text, ["X101"], Applicability.UNSAFE)[0]
    assert fixed == text.replace("由于", "由於")


@pytest.mark.parametrize(
    "line",
    [
        "北齊築長城，東至于海，前後所築三千餘里。",  # Classical text keeps 于
        "于右任曾任監察院院長。",  # a surname
        "他的著作《由于愛》在台灣出版。",  # a title of a work
    ],
)
def test_yu_in_classical_text_a_surname_or_a_title_is_no_slip(line: str) -> None:
    assert check_text(TRAD_PARAGRAPH + line + "\n", ["X101"]) == []


def test_yu_words_in_a_simplified_text_are_not_slips() -> None:
    assert check_text(SIMP_ARTICLE + "但由于波斯人早于阿拉伯人来到中国。\n", ["X101"]) == []


def test_a_slip_and_its_spelling_must_have_the_same_length(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text(
        "rules:\n- {code: X109, name: x, category: mixed-script, kind: han-script, message: m,\n"
        "   params: {check: paragraphs, hant_slips: {由于: 由}}, examples: {bad: [x]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="as long as its word"):
        load_rule_file(p)


def test_a_character_of_the_other_script_used_once_is_a_slip_where_its_own_form_is_common() -> None:
    # Reworded from an archived Simplified article: `结東` (a slip for 结束) once, while
    # the text writes 东 three times; no word confirms it, the character's rarity does.
    text = SIMP_ARTICLE + "东边的东西往东走。\n直至最终结東谈话时，我们都笑着。\n"
    (f,) = check_text(text, ["X101"])
    assert f.snippet == "東" and "`结東` (elsewhere `东`)" in f.message


@pytest.mark.parametrize(
    "lines",
    [
        "原文来自做書公众号。\n做書原创文章，转载请申请授权。\n书书书\n",  # a brand kept twice
        "语言：简体中文 | 繁體中文\n体体体\n",  # a language menu names the script in itself
        "语言：简体中文 | 繁體中文\n",  # ...even where `体中` confirms the word
        "东边的东西。\n直至最终结東谈话时。\n",  # its own form written only twice
    ],
)
def test_a_once_used_character_needs_its_own_form_common_and_no_repeat(lines: str) -> None:
    assert check_text(SIMP_ARTICLE * 2 + lines, ["X101"]) == []


def test_one_script_characters_found_window_by_window_are_those_found_at_once() -> None:
    import random

    from seedlint.detectors import _charcount
    from seedlint.detectors.script_mix import script_chars

    # Traditional-only, Simplified-only, shared, astral in and out of the sets, Latin.
    rng = random.Random(19)
    alphabet = "發展經濟国际这个的了是中华\U00020000\U0002b740ab ，"
    w = _charcount.WINDOW
    for size in (0, 7, w - 1, w, w + 1, 3 * w + 5):
        text = "".join(rng.choice(alphabet) for _ in range(size))
        for a, b in ((0, None), (0, size), (5, size - 3), (w - 2, w + 9), (size // 2, size + 40)):
            if a > size:
                continue
            for script in ("Hant", "Hans"):
                want = "".join(_hanscript.find_script_chars(text, script, a, b))
                assert script_chars(text, script, a, b) == want


def test_a_huge_mixed_line_is_measured_without_a_string_per_character() -> None:
    import tracemalloc

    from seedlint.detectors.script_mix import profile
    from seedlint.testing import make_doc

    # A page on one line mixing both scripts: its profile listed every one-script
    # character as its own string, about 80 bytes each (200 MB held to the end of a
    # 20 MB page); kept as strings, 2 bytes each.
    sentence = "这个国家的经济發展很快，經過討論，會議決定繼續開放。"
    trad = _hanscript.find_script_chars(sentence, "Hant")
    simp = _hanscript.find_script_chars(sentence, "Hans")
    n = 20_000
    text = sentence * n
    [rule] = [r for r in ruleset_for(["X101"]).rules if r.code == "X101"]
    profile(make_doc(sentence * 3), rule.detector.params)  # the tables, loaded once
    doc = make_doc(text)
    tracemalloc.start()
    try:
        prof = profile(doc, rule.detector.params)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert prof.main == "Hant" and prof.minority_count == len(simp) * n
    assert len(prof.chars("Hant")) == len(trad) * n
    # 17 one-script characters a sentence: 54 MB held as lists, about 1 MB as strings
    assert held < 3_000_000 and peak < 8_000_000, (held, peak)
    (f,) = check_text(text, ["X101"])
    assert f.message.startswith(
        f"line 1 mixes {len(trad) * n} Traditional-only characters ({''.join(trad[:8])}) "
        f"with {len(simp) * n} Simplified-only characters ({''.join(simp)})"
    )
