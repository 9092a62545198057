"""Behaviour of each mojibake rule on hand-picked cases: what is found, what the fix does."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from seedlint.detectors import _cjk_stats, latin_mojibake
from seedlint.detectors._cjk_stats import find_segments, repair_is_exact
from seedlint.model import Applicability
from seedlint.rules import RuleError, load_rule_file
from seedlint.testing import check_text, fix_text, ruleset_for

ALL = ruleset_for([f"M1{i:02d}" for i in range(1, 13)])


def found(text: str, code: str) -> list[tuple[str, str]]:
    return [(f.snippet, f.message) for f in check_text(text, [code])]


def fixed(text: str, code: str, level: Applicability = Applicability.SAFE) -> str:
    return fix_text(text, [code], level)[0]


# --- M102 Latin mojibake -----------------------------------------------------------


def test_latin_repair_leaves_chinese_curly_quotes_and_full_width_punctuation_alone() -> None:
    text = "“战疫”升级版（第２版）——记者â€œèµ–ä¹‰ç¾¡â€\x9d报道：ＯＫ！"
    assert fixed(text, "M102") == "“战疫”升级版（第２版）——记者“赖义羡”报道：ＯＫ！"


def test_latin_message_shows_the_repair_and_ftfys_explanation() -> None:
    [(snippet, message)] = found("The cafÃ© is open.", "M102")
    assert snippet == "Ã©"
    assert "`é`" in message and "encode" in message and "decode utf-8" in message


def test_latin_prefilter_keeps_ftfy_away_from_clean_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("ftfy was called on clean text")

    monkeypatch.setattr(latin_mojibake.ftfy, "fix_encoding_and_explain", boom)
    clean = "“战疫”——不断推出……Café « naïve » résumé — 10 € · Zoë"
    assert latin_mojibake.latin_spans(clean) == []


def test_latin_repair_that_restores_a_lost_byte_is_only_unsafe() -> None:
    [f] = check_text("voilÃ  le travail", ["M102"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fixed("voilÃ  le travail", "M102") == "voilÃ  le travail"


# --- M103 CJK mojibake ---------------------------------------------------------------


def test_the_classic_garble_from_the_brief_is_found() -> None:
    # `热线`'s private-use character (`鐑\ue160嚎`) was deleted: one segment over the whole
    # garble, the two characters that cannot be told apart marked lost
    [seg] = find_segments("鏂伴椈鐑嚎")
    assert (seg.original, seg.repaired, seg.lost) == ("鏂伴椈鐑嚎", "新闻\ufffd\ufffd", 2)
    [seg] = find_segments("鈥滄垬鐤�鈥")
    assert seg.repaired == "“战\ufffd\ufffd" and seg.lost == 2


def test_exact_gbk_round_trip_is_a_safe_fix_naming_the_codec() -> None:
    moji = "中华人民共和国成立了".encode().decode("gb18030")
    [f] = check_text(f"据报道，{moji}。", ["M103"])
    assert f.fix is not None and f.fix.applicability is Applicability.SAFE
    assert "GBK/GB18030" in f.message and "中华人民共和国成立了" in f.message
    assert fixed(f"据报道，{moji}。", "M103") == "据报道，中华人民共和国成立了。"


def test_partial_repair_marks_lost_characters_and_is_unsafe() -> None:
    moji = "“战疫”升级版".encode().decode("gbk", "replace")
    [f] = check_text(moji, ["M103"])
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert "could not be recovered" in f.message
    assert fixed(moji, "M103") == moji  # safe mode leaves it
    assert fixed(moji, "M103", Applicability.UNSAFE) == "“战\ufffd”升级版"


def test_mis_decoded_punctuation_in_a_mis_decoded_document_is_repaired() -> None:
    doc = "你好，大家好。今天天气很好，我们去公园。".encode().decode("gbk", "replace")
    assert "锛" in doc and "銆" in doc
    out = fixed(doc, "M103", Applicability.UNSAFE)
    assert "锛" not in out and "銆" not in out
    assert out == "你好，大家好。今天天气很好，我们去公\ufffd\ufffd"  # 园 and 。 lost bytes


def test_whole_big5_misdecoding_is_detected_as_big5() -> None:
    text = "重庆市委书记陈敏尔主持会议并讲话，强调要深入贯彻落实党中央决策部署。"
    moji = text.encode().decode("cp950", "replace")
    segs = find_segments(moji)
    assert segs and all(s.codec.label == "Big5" for s in segs)
    assert not any(repair_is_exact(s) for s in segs)


def test_cjk_fix_touches_only_the_mojibake_span() -> None:
    moji = "新闻热线".encode().decode("gb18030")
    text = f"“重庆发布”——{moji}：023-61520695（全天）"
    [f] = check_text(text, ["M103"])
    assert f.fix is not None
    [edit] = f.fix.edits
    assert (edit.start, edit.end) == (f.start, f.end) and text[f.start : f.end] == moji


def test_cjk_prefilter_stops_exactly_where_the_analysis_could_start(raw_seeds: Path) -> None:
    """The one-pass prefilter is ``_plausible_start`` written as character classes: it
    stops exactly where the former search did (a lead-shaped character followed by one
    whose bytes can go on a sequence) and some codec finds a plausible start there."""
    lead: set[str] = set()
    second: set[str] = {_cjk_stats.GAP, "?"}
    others: set[str] = set()
    for codec in _cjk_stats.codecs():
        for c, b in codec.to_bytes.items():
            if 0xE0 <= b[0] <= 0xF4 and 0x80 <= b[1] <= 0xBF:
                lead.add(c)
            if 0x80 <= b[0] <= 0xBF:
                others.add(c)
                if 0xC2 <= b[1] <= 0xF4 or b[1] < 0x80:
                    second.add(c)
    former = re.compile(f"(?=[{_cjk_stats._char_class(lead)}][{_cjk_stats._char_class(second)}])")
    pre = _cjk_stats.prefilter()
    tables = [c.to_bytes for c in _cjk_stats.codecs()]

    def expected(text: str) -> list[int]:
        return [
            m.start()
            for m in former.finditer(text)
            if any(_cjk_stats._plausible_start(text, m.start(), t) for t in tables)
        ]

    def stops(text: str) -> list[int]:
        out = []
        m = pre.search(text)
        while m is not None:
            out.append(m.start())
            m = pre.search(text, m.start() + 1)
        return out

    rng = random.Random(4)
    pool = sorted(lead)[::3] + sorted(others)[::3] + ["中", "a", "?", _cjk_stats.GAP]
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))]
    texts += ["".join(rng.choice(pool) for _ in range(80)) for _ in range(1500)]
    texts += ["新闻热线".encode().decode("gb18030"), "新聞熱線".encode().decode("big5", "replace")]
    assert sum(bool(stops(t)) for t in texts) > 500
    for t in texts:
        assert stops(t) == expected(t), t


@pytest.mark.parametrize("codecs", [("gb18030",), ("cp950", "big5"), ("gbk",), ("big5",)])
def test_two_byte_map_decoded_in_one_call_is_the_pair_by_pair_map(codecs: tuple[str, ...]) -> None:
    """Same characters, same bytes, same order (which codec's pair a character gets)."""
    fast = _cjk_stats._two_byte_map(*codecs)
    assert list(fast.items()) == list(_cjk_stats._two_byte_map_pairwise(*codecs).items())
    assert len(fast) > 10_000


def test_cjk_thresholds_must_be_ordered(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text(
        "rules:\n- {code: X101, name: x, category: mojibake, kind: cjk-mojibake, message: m,\n"
        "   params: {what: mojibake, min_score: 20}, examples: {bad: [x]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="weak_score <= min_score <= strong_score"):
        load_rule_file(p)


# --- M104 debris -----------------------------------------------------------------------


def test_debris_is_reported_unless_quoted_as_a_term() -> None:
    assert len(found("本报讯锟斤拷锟斤拷记者报道", "M104")) == 1
    assert found("所谓“锟斤拷”，是一种乱码", "M104") == []
    assert "0xCC" in found("烫烫烫烫烫", "M104")[0][1]
    assert found("汤很烫烫的", "M104") == []


# --- M105 / M106 lost characters -------------------------------------------------------


def test_replacement_characters_inside_a_repaired_stretch_belong_to_the_mojibake_rule() -> None:
    moji = "“战疫”升级版".encode().decode("gbk", "replace")
    assert "\ufffd" in moji
    assert [f.code for f in check_text(moji, ruleset=ALL)] == ["M103"]
    assert [f.code for f in check_text("保持物流畅通\ufffd打通配送", ruleset=ALL)] == ["M105"]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("本報重慶11月22日電??(記者王斌來)", "space"),
        ("最關心的問題?!?/a>", "`<`"),
        ("??本报讯 记者从市政府获悉", "indent"),
        ("普通话??以北京话为标准语音", "dash"),
        ("见《礼记?王制》一篇", "middle dot"),
        ("王斌來、常碧羅)20日,重慶?記者王斌來)", "opening bracket"),
    ],
)
def test_lost_question_marks_say_what_was_probably_there(text: str, hint: str) -> None:
    [(_, message)] = found(text, "M106")
    assert hint in message


@pytest.mark.parametrize(
    "text",
    [
        "重慶主城市民的葉子菜有保障嗎?人民日報四問相關部門",
        "这是不是真的?大家都在问。",
        "你去还是不去?",
        "详见 http://example.com/news?id=3&page=2 重庆",
        "Why?因为下雨了。",
        "What? 重庆",
        "编号A01?",
    ],
)
def test_real_questions_urls_and_latin_are_not_lost_characters(text: str) -> None:
    assert found(text, "M106") == []


_PAGE = "猜你喜欢的节目都在这里，每天更新最新的高清视频合集，欢迎收藏本站。\n"


def test_a_han_title_lost_to_runs_of_question_marks_is_one_finding_per_stretch() -> None:
    # Reworded from a c4zh page whose site name came out as runs of `?` on 36 lines.
    [(snippet, message)] = found(_PAGE + "MNO-0412-??????????|????????-??????????\n", "M106")
    assert snippet == "??????????|????????-??????????"
    assert "28 `?`" in message and "whole words or a title" in message


def test_a_question_mark_run_inside_a_latin_token_is_a_lost_word() -> None:
    [(snippet, _)] = found(_PAGE + "ABCD-1268??????????01集\n", "M106")
    assert snippet == "??????????"


@pytest.mark.parametrize(
    "line",
    [
        "有人说“He is so hot ?????”",  # after a space, before a closing quote
        "????",  # a reply alone on its line
        "有会员说VIP????",  # after a Latin word
        "详见 https://example.com/search?q=????-1 的报道",  # in a URL
        "有人只回了三个问号???-然后走了",  # three are an informal question
    ],
)
def test_question_mark_runs_that_end_questions_are_not_lost_words(line: str) -> None:
    assert found(_PAGE + line + "\n", "M106") == []


def test_question_mark_runs_count_only_on_a_chinese_page() -> None:
    assert found("Build ID -????????|????-1 logged twice\n", "M106") == []


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Copyright ? 2004-2020 版权所有：若白网络科技有限公司", "`©`"),
        ("Copyright?2018 隨州新能源科技有限公司 版權所有", "`©`"),
        ("您的位置： 首頁 ? 產品中心", "breadcrumb"),
    ],
)
def test_a_copyright_sign_or_breadcrumb_separator_lost_between_spaces_is_found(
    text: str, hint: str
) -> None:
    [(snippet, message)] = found(text, "M106")
    assert snippet == "?" and hint in message


def test_ipa_letters_lost_inside_a_bracketed_transcription_are_one_finding_per_bracket() -> None:
    # Reworded from a GB2312 page on Chinese dialects.
    text = _PAGE + "在入声 [?p?/?t?/?k?] 消失之前，全部变成 [??]，而娄底方言的坡读[p?]。\n"
    found_ = found(text, "M106")
    assert [s for s, _ in found_] == ["?p?/?t?/?k?", "??", "p?"]
    assert all("transcription" in m for _, m in found_)


@pytest.mark.parametrize("line", ["音标说明链接写作[?]。", "表达式 arr[i]?x:y 很常见", "[a-z?]"])
def test_a_wiki_help_link_or_code_in_brackets_is_not_a_transcription(line: str) -> None:
    assert found(_PAGE + line + "\n", "M106") == []


def test_a_copyright_sign_lost_at_the_start_of_a_notice_is_found() -> None:
    for line in ("? 2002-2018 豆鱼奢品 版權所有", "? BBC MMV"):
        [(snippet, message)] = found(_PAGE + line + "\n", "M106")
        assert snippet == "?" and "`©`" in message


@pytest.mark.parametrize(
    "text",
    ["首页 好不好 ? 真的不知道", "Copyright ? 我们保留权利", "他说 ? 是什么意思"],
)
def test_spaced_question_marks_outside_footers_and_breadcrumbs_stay_questions(text: str) -> None:
    assert found(text, "M106") == []


# --- M107-M110 invisible -----------------------------------------------------------------


def test_c1_controls_get_their_windows_1252_meaning_as_an_unsafe_fix() -> None:
    [f] = check_text("他说\x93好\x94", ["M107"])[:1]
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fixed("他说\x93好\x94", "M107", Applicability.UNSAFE) == "他说“好”"


def test_c1_inside_latin_mojibake_is_left_to_the_latin_rule() -> None:
    text = "记者â€œèµ–ä¹‰ç¾¡â€\x9d报道"
    assert found(text, "M107") == []
    assert [m for _, m in found(text, "M102")] == [
        "`â€œèµ–ä¹‰ç¾¡â€\x9d` is UTF-8 read as windows-1252; it should read `“赖义羡”` "
        "(ftfy: encode sloppy-windows-1252, decode utf-8)"
    ]


def test_terminal_escape_sequences_are_removed_whole() -> None:
    assert fixed("\x1b[1;31m警告\x1b[0m", "M107") == "警告"


def test_emoji_joiners_and_script_joiners_are_not_reported() -> None:
    for text in ["👩\u200d💻 程序员", "می\u200cخواهم", "ภาษา\u200bไทย", "co\u00adoperate"]:
        assert found(text, "M108") == []


def test_zero_width_characters_at_the_text_edges_are_reported_not_a_crash() -> None:
    for text in ["\u200b正文", "正文\u200b", "\u200c正文", "正文\u200d", "\u00ad正文"]:
        [f] = check_text(text, ["M108"])
        assert f.code == "M108", text


def test_a_zero_width_spacer_between_markdown_delimiters_is_reported_with_an_unsafe_fix() -> None:
    # `**\u200b**` as a spacer line (seen on real Markdown blogs): deleting the space
    # leaves `****`, a horizontal rule. Between two Han characters it is plain debris.
    [f] = check_text("段落一\n\n**\u200b**\n\n段落二", ["M108"])
    assert f.fix and f.fix.applicability is Applicability.UNSAFE and "`*`" in f.message
    [g] = check_text("重\u200b庆", ["M108"])
    assert g.fix and g.fix.applicability is Applicability.SAFE


def test_leading_bom_is_the_encoding_rules_not_the_zero_width_rules() -> None:
    assert found("\ufeff正文", "M108") == []
    assert len(found("\ufeff正文", "M101")) == 1
    assert len(found("正\ufeff文", "M108")) == 1


def test_bidi_override_is_an_error_and_unsafe_to_remove_next_to_rtl_text() -> None:
    [f] = check_text("访问级别\u202e用户", ["M109"])
    assert f.severity.value == "error" and f.fix and f.fix.applicability is Applicability.SAFE
    [g] = check_text("שלום \u202eabc", ["M109"])
    assert g.fix and g.fix.applicability is Applicability.UNSAFE
    assert found("مرحبا\u200f 123", "M109") == []


def test_typographic_nbsp_stays_and_layout_runs_become_spaces() -> None:
    assert found("10\xa0km and M.\xa0Dupont", "M110") == []
    assert fixed("来源\xa0\xa0重庆", "M110") == "来源  重庆"
    assert fixed("重庆\xa0发布", "M110") == "重庆 发布"


# --- M111 / M112 HTML residue ----------------------------------------------------------------


def test_entities_unescape_to_a_fixed_point() -> None:
    assert fixed("全市新增病例&#12290;AT&amp;amp;T&nbsp;x", "M111") == "全市新增病例。AT&T\xa0x"
    assert found("https://x.cn/?a=1&copy=2&b=3", "M111") == []


def test_markup_revealed_by_unescaping_is_never_deleted_as_debris() -> None:
    rs = ruleset_for(["M111", "M112"])
    for text in [
        "在HTML中用&lt;strong&gt;表示粗体",
        "用&lt;b&gt;粗体&lt;/b&gt;表示",
        "换行写作&amp;lt;br/&amp;gt;即可",
        "链接写成&lt;a href=&quot;/x&quot;&gt;这样",
        "注释写成&lt;!-- 说明 --&gt;即可",
    ]:
        for level in (Applicability.SAFE, Applicability.UNSAFE):
            out, _ = fix_text(text, level=level, ruleset=rs)
            assert out == text, text
        hits = check_text(text, ["M111"], ruleset=rs)
        assert hits and all(f.fix is None and "escaped markup" in f.message for f in hits)
    # Entities that reveal no tag still unescape, next to escaped markup too.
    out, _ = fix_text("若 a &lt; b&nbsp;且&lt;strong&gt;", ruleset=rs)
    assert out == "若 a < b\xa0且&lt;strong&gt;"


def test_tag_debris_after_a_lost_bracket_and_real_tags_are_removed() -> None:
    assert fixed("問題?!?/a>", "M112") == "問題?!?"
    assert fixed('<a href="/x">重庆</a>发布<br/>', "M112") == "重庆发布"
    assert fixed("end</p>Next", "M112") == "end Next"


def test_arithmetic_and_words_in_angle_brackets_are_not_tags() -> None:
    for text in ["若 a<b>c 则成立", "x<b and c>y", "1/a>0 时", "<重庆日报> 报道", "and/or> x"]:
        assert found(text, "M112") == []
    assert len(found("<b>重点</b>", "M112")) == 2


def test_every_fix_edits_only_inside_its_own_finding() -> None:
    import random

    from test_mojibake_recall import KINDS, clean_paragraphs, generate

    paragraphs = clean_paragraphs()
    rng = random.Random(3)
    texts = [
        c.corrupted for kind in KINDS for c in generate(kind, 5, rng.randrange(99), paragraphs)
    ]
    for text in texts:
        for f in check_text(text, ruleset=ALL):
            for e in f.fix.edits if f.fix else []:
                assert f.start <= e.start <= e.end <= f.end, (f.code, text)


# --- M103: GBK decoded one byte off after a lost byte ---------------------------------


def _shifted(text: str, at: int) -> str:
    """``text`` as GBK with the byte at ``at`` lost to `?`, decoded as GBK."""
    raw = text.encode("gbk")
    return (raw[:at] + b"?" + raw[at + 1 :]).decode("gbk", "replace")


def test_gbk_read_one_byte_off_after_a_lost_byte_is_mojibake() -> None:
    garbled = _shifted("欢迎访问本公司网站，我们提供优质服务", 20)
    (f,) = check_text(garbled, ["M103"])
    assert "one byte off" in f.message and f.fix is not None
    assert f.fix.applicability == Applicability.UNSAFE
    assert fixed(garbled, "M103", Applicability.UNSAFE) == "欢迎访问本公司网站，?们提供优质\ufffd务"


def test_a_shifted_run_that_swallowed_an_ascii_trail_byte_is_repaired_with_it() -> None:
    # `統` is BD 79 in GBK: one byte off, its trail byte prints as the letter `y`. Alone
    # `邢到y` is common characters; in a document that clearly holds the accident it is
    # the same one.
    short = _shifted("光纖傳感系統", 6)
    assert short.endswith("y") and check_text(short, ["M103"]) == []
    garbled = _shifted("欢迎访问本公司网站，我们提供优质服务", 20) + "\n" + short
    out = fixed(garbled, "M103", Applicability.UNSAFE)
    assert out.endswith("?系統") and "们提供优质" in out


def test_question_marks_before_clean_text_are_not_shifts() -> None:
    for text in [
        "你们公司总部在哪里?位于上海市静安区南京西路。",
        "真的吗?欢迎访问本公司网站",
        "为什么?因为下雨了?大家都在问",
        "\ufffd\ufffdСС\ufffd\ufffdЦЦ\ufffd小路\ufffd",
    ]:
        assert check_text(text, ["M103"]) == [], text


def test_latin_quote_whose_9d_byte_was_dropped_is_found_and_only_unsafely_fixed() -> None:
    text = "重庆â€œ战疫â€升级版"
    assert [s for s, _ in found(text, "M102")] == ["â€œ", "â€"]
    assert fixed(text, "M102") == "重庆“战疫â€升级版"
    assert fixed(text, "M102", Applicability.UNSAFE) == "重庆“战疫”升级版"
    # a `?` standing for the byte is ftfy's lossy case: no stray `?` is kept after `”`
    assert "”?" not in fixed("upgraded to â€œbb+â€? from", "M102", Applicability.UNSAFE)


def test_a_deleted_private_use_character_is_put_back_when_the_document_writes_the_word() -> None:
    text = "新闻热线：023-61520695\n来源：鏂伴椈鐑嚎 023-61520697"
    (f,) = check_text(text, ["M103"])
    assert f.snippet == "鏂伴椈鐑嚎" and "private-use character was put back" in f.message
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fixed(text, "M103", Applicability.UNSAFE).endswith("来源：新闻热线 023-61520697")


def test_clean_text_after_a_repaired_garble_is_not_taken_for_a_deleted_character() -> None:
    moji = "新闻".encode().decode("gb18030")
    assert [s.repaired for s in find_segments(f"{moji}来源：重庆日报")] == ["新闻"]


def test_gbk_shown_as_latin1_is_read_as_gbk_not_repaired_by_ftfy() -> None:
    moji = "更多精校小说尽在知轩藏书".encode("gbk").decode("latin-1")
    ((snippet, message),) = found(moji, "M102")
    assert snippet.startswith("¸ü")
    assert "GBK read as Latin-1" in message
    assert fixed(moji, "M102") == "更多精校小说尽在知轩藏书"
    # UTF-8 Turkish read as Windows-1252 also reads as level-1 GBK: ftfy's reading wins
    assert fixed("hÄ±rsÄ±zÄ± yakaladÄ±", "M102") == "hırsızı yakaladı"


def test_replacement_soup_letters_are_not_latin_mojibake() -> None:
    soup = ("\ufffd\ufffdã\ufffd\ufffd\ufffdСС\ufffd\ufffdÏ\ufffd" * 5) + "Ã©"
    assert found(soup, "M102") == []
    # a few U+FFFD in otherwise readable text do not hide real mojibake
    assert [s for s, _ in found("重庆\ufffd的cafÃ© 很好", "M102")] == ["Ã©"]


def test_json_escaped_closing_tag_is_deleted_whole_not_left_as_a_stray_backslash() -> None:
    text = "重庆发布<\\/p><p>会议强调<\\/a>"
    assert [s for s, _ in found(text, "M112")] == ["<\\/p>", "<p>", "<\\/a>"]
    assert fixed(text, "M112") == "重庆发布会议强调"
    # a Windows path is no tag
    assert found("见 C:\\/a> 目录", "M112") == []


def test_private_use_characters_are_reported_without_a_fix() -> None:
    text = "新华网北京电\ue40c\ue40c记者从会议获悉\ue40c会议指出"
    found_ = check_text(text, ["M107"])
    assert [f.snippet for f in found_] == ["\ue40c\ue40c", "\ue40c"]
    assert all(f.fix is None and "private-use" in f.message for f in found_)


def test_private_use_characters_in_mojibake_or_a_raw_page_are_not_reported() -> None:
    assert check_text("\u93c2\u4f34\u6908\u9411\ue160\u568e\u951b\ufffd023", ["M107"]) == []
    assert check_text('<i class="icon">\ue60a</i>', ["M107"], path="page.html") == []
    assert check_text("\ufffd\ufffd\uf8ec\ufffd" * 10, ["M107"]) == []


def test_a_file_read_with_a_guessed_cyrillic_code_page_gets_no_latin_repairs() -> None:
    from seedlint.engine import lint_document
    from seedlint.testing import make_doc

    text = "ÁëµÄ»°ºÜ¶à"  # GBK bytes a guess read as PTCP154 show Latin-looking letters
    doc = make_doc(text, "page.txt", None)
    doc.encoding = "ptcp154"
    assert [f.code for f in lint_document(doc, ruleset_for(["M102"])).findings] == []


def test_a_lone_extended_letter_between_han_characters_is_not_repaired() -> None:
    assert found("南洋É¬林品牌", "M102") == []
    assert [s for s, _ in found("重庆ï¼Œ很好", "M102")] == ["ï¼Œ"]


def test_markup_on_a_line_of_wiki_source_is_the_authors() -> None:
    wiki = "+\n<!---->[[Template:PD-user/uk|{{#language:uk}}]]&nbsp;|\n+\n"
    assert found(wiki, "M111") == [] and found(wiki, "M112") == []
    more = wiki + "<!---->{{edit|Template:PD-user/lang}}\n</span><noinclude>\n"
    assert found(more, "M112") == []
    # three lines of wiki source make the page a wiki source page: all its markup is
    page = "[[A]]&nbsp;\n[[B]]\n[[C]]\n<small>注</small>&nbsp;\n"
    assert found(page, "M111") == [] and found(page, "M112") == []
    # a template call alone, in a document with no wiki link, is no wiki page
    assert [s for s, _ in found("{{ site.url }}<br/>\n", "M112")] == ["<br/>"]
    # the same document's other lines are still checked
    assert [s for s, _ in found(wiki + "重庆&nbsp;发布<br/>\n", "M111")] == ["&nbsp;"]
    assert [s for s, _ in found(wiki + "重庆&nbsp;发布<br/>\n", "M112")] == ["<br/>"]


def test_the_misalignment_garble_from_the_issue_is_mojibake() -> None:
    # `随着` one byte off after a lost byte prints as `Ｋ孀殴`
    ((snippet, message),) = found("。?Ｋ孀殴?安部", "M103")
    assert snippet == "Ｋ孀殴" and "`随着`" in message


def test_a_japanese_name_is_not_a_weak_piece_of_mojibake() -> None:
    moji = "四虎影视国产精品亚洲精品".encode().decode("gb18030")
    text = f"{moji}\n{moji}\nN0488岬リサ真性第01集\n"
    assert all("岬" not in s.original for s in find_segments(text))
    assert len(find_segments(text)) >= 2


def test_control_separators_inside_a_raw_pages_comment_are_the_pages_data() -> None:
    page = "<!-- ad:\x02slot1\x02300x250 -->\n<p>重庆\x01市</p>\n"
    assert [f.snippet for f in check_text(page, ["M107"], path="page.html")] == ["\x01"]
    assert len(check_text(page, ["M107"], path="page.txt")) == 3


def test_a_stray_carriage_return_beside_a_space_or_at_the_end_is_deleted() -> None:
    # Reworded from Apple Daily Taiwan records: the LF of each CRLF became a space.
    text = "她獲頒英雄獎。\r 連續八年列第一級，她說不是一個人的努力。\r"
    assert [f.snippet for f in check_text(text, ["M107"])] == ["\r", "\r"]
    assert fixed(text, "M107") == "她獲頒英雄獎。 連續八年列第一級，她說不是一個人的努力。"


def test_a_stray_carriage_return_between_two_characters_becomes_the_files_line_break() -> None:
    assert fixed("對中國說三道四。\r年齡：53歲", "M107") == "對中國說三道四。\n年齡：53歲"
    assert fixed("甲\r\r乙\n", "M107") == "甲\n\n乙\n"
    crlf = "第一段。\r\n學歷：\r台大政治系畢業\r\n"
    assert fixed(crlf, "M107") == "第一段。\r\n學歷：\r\n台大政治系畢業\r\n"


@pytest.mark.parametrize("text", ["第一行\r\n第二行\r\n", "甲\r\r\n乙\r\n", "甲\n乙\r\n"])
def test_crlf_line_ends_and_carriage_returns_before_a_line_feed_are_not_stray(text: str) -> None:
    assert check_text(text, ["M107"]) == []


def test_a_carriage_return_in_an_html_page_is_whitespace_of_the_markup() -> None:
    from seedlint.htmltext import extract_html

    source = "<p>陸續收到朋友來信。\r&lt;br /&gt;\r如火如荼的抗議行動之外</p>\n"
    assert "\r" not in extract_html(source).text  # the parser folds it into a space
    assert check_text(source, ["M107"], path="feed.html") == []


def test_m102_a_circumflex_ending_a_word_of_capitals_is_only_an_unsafe_repair() -> None:
    """ftfy's known false positive: in an all-caps romanised title the `Â` before a
    no-break space may be a letter. --fix leaves it; --unsafe-fixes still repairs it, and
    the same garble after a small letter or a digit stays a safe repair."""
    from seedlint.model import Applicability
    from seedlint.testing import fix_text

    title = "KAWARUÂ\xa0SEKAI"
    assert fix_text(title, ["M102"])[0] == title
    assert fix_text(title, ["M102"], level=Applicability.UNSAFE)[0] == "KAWARU\xa0SEKAI"
    assert fix_text("it is 10Â\xa0km away", ["M102"])[0] == "it is 10\xa0km away"
    assert fix_text("a newÂ\xa0model", ["M102"])[0] == "a new\xa0model"


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("½ØÖÁ24Ê±", "截至24时"),  # a short GBK span, ending at the edge
        ("截至昨日24Ê±，全省无新增", "截至昨日24时，全省无新增"),  # one pair between Chinese
        ("10ÔÂ26ÈÕ0Ê±ÖÁ24Ê±", "10月26日0时至24时"),
    ],
)
def test_gbk_bytes_whose_utf8_reading_is_an_ipa_letter_are_read_as_gbk(
    garbled: str, expected: str
) -> None:
    """`Ê±` is valid UTF-8 (`ʱ`, an IPA modifier) and also the GBK `时`: ftfy alone
    repaired `24时` to `24ʱ`. The GBK reading wins, as an unsafe fix (it is short)."""
    assert fix_text(garbled, level=Applicability.SAFE)[0] == garbled  # never `ʱ`
    assert fix_text(garbled, level=Applicability.UNSAFE)[0] == expected
    (f,) = [f for f in check_text(garbled) if f.code == "M102"][:1]
    assert "GBK read as Latin-1" in f.message


def test_utf8_read_as_latin1_giving_vietnamese_or_pinyin_letters_stays_utf8() -> None:
    """Ext-B letters of living orthographies are plausible UTF-8: no GBK reading."""
    fixed, _ = fix_text("Æ°Æ¡ Vietnamese", level=Applicability.UNSAFE)
    assert fixed == "ươ Vietnamese"
    assert not check_text("吴语浊音记作 [ɦ]，送气符号写作 ʱ，如 bʱa。", ["M102"])
