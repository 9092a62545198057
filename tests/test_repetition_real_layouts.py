"""Repetition and truncation rules on layouts real pages and notices have (the real-text
harness).

A203 must tell a block a page rendered twice from values a table's cells share and from
an appeal a post puts at its top and bottom; A204 must measure a bundle of notices
notice by notice and leave template fills out; A205 must tell a cut start from a bracket
that closes a note opened above; A206 must tell a cut-off page from a form label over a
text box. The texts are reworded from real pages, with the layouts kept.
"""

from __future__ import annotations

import time
from typing import Any

from seedlint.detectors.repetition import (
    _SHAPE_MAX_CHARS,
    _bundle_items,
    _copies_text,
    _copy_shape,
    _line_blocks,
    _template_fill,
    _without_template_fills,
    first_excess,
)
from seedlint.document import Document
from seedlint.htmltext import extract_html
from seedlint.testing import check_text, make_doc, ruleset_for


def _html_doc(markup: str, encoding: str = "utf-8") -> Document:
    page = extract_html(markup)
    return Document(
        path="page.html",
        text=page.text,
        metadata=dict(page.metadata),
        raw=markup.encode(encoding),
        encoding=encoding,
        container="html",
        source_map=page.map,
    )


def _hits(code: str, doc: Document) -> list[Any]:
    return list(ruleset_for([code]).by_code[code].detector.check(doc))


_DISCOGRAPHY = """<html><body><h2>音乐作品</h2>
<table>
<tr><th>发行日期</th><th>歌曲</th><th>专辑</th><th>专辑歌手</th><th>歌手</th></tr>
<tr><td>2004年12月24日</td><td>那一天来临</td><td>统一心愿特别专辑</td>
<td><a href="/w/x">群星合辑</a></td><td>群星合辑
</td></tr>
<tr><td>2010年11月16日</td><td>天天想念你</td><td>天天想念你</td>
<td><a href="/wiki/y">小雅</a></td><td>小雅 Feat.金先生
</td></tr>
</table>
<h2>综艺节目</h2>
<table>
<tr><td>2014年</td><td>奔跑的兄弟</td><td>与跑男成员(刘先生、池先生、哈哈)一起参加录制</td></tr>
<tr><td>2016年</td><td>奔跑的兄弟</td><td>与跑男成员(刘先生、池先生、哈哈)一起参加录制</td></tr>
</table>
</body></html>
"""


def test_table_cells_that_share_a_value_are_not_duplicate_lines() -> None:
    # An album named after its song, an artist in two columns, one cast note in two rows.
    assert _hits("A203", _html_doc(_DISCOGRAPHY)) == []


def test_table_cells_are_recognised_in_gbk_pages_too() -> None:
    assert _hits("A203", _html_doc(_DISCOGRAPHY, "gbk")) == []


def test_a_block_rendered_twice_in_separate_tables_is_still_a_duplicate() -> None:
    title = "吉林省人民政府关于禁止在干流治理工程征地范围内新增建设项目的通告"
    table = f"<table><tr><td>索引号：11220000</td></tr><tr><td>{title}</td></tr></table>\n"
    markup = f"<html><body>{table}<p>正文第一段。</p>\n{table}</body></html>"
    (hit,) = _hits("A203", _html_doc(markup))  # the title; a `索引号：` field never counts
    assert _html_doc(markup).text[hit.start : hit.end] == title


def test_the_same_line_in_two_paragraphs_of_a_page_is_still_an_adjacent_repeat() -> None:
    line = "《 人民日報 》( 2022年11月23日 02 版)"
    markup = f"<html><body><p>{line}</p>\n<p>{line}</p>\n<p>本報重慶11月22日電</p></body></html>"
    hits = _hits("A203", _html_doc(markup))
    assert len(hits) == 1


def test_a_duplicate_line_names_the_file_line_of_its_first_copy() -> None:
    para = "正文第一段，讲了一件事情的经过和结果。"
    text = f"标题\n\n小字号\n\n{para}\n{para}\n"
    (f,) = check_text("---\ntitle: x\n---\n" + text, ["A203"], path="post.md")
    assert f.line == 9
    assert f.message.endswith("(line 8)")


_APPEAL = [
    "**在关键时刻，需要大家和工友们站在一起！共同守住我们的权利！**",
    "我们的代表小雨已经赶到现场声援工友，",
    "愿意前往的热心人士请与小雨联系 13800000000",
    "**朋友们！请赶往派出所门口，和工友们一道，坚持到底，争取胜利！！！**",
]


_STORY = "段，讲述了工厂多年来拖欠工资、拒绝组建工会的经过和工友们的遭遇。"


def _framed_post(closing: list[str]) -> str:
    body = [f"第{k}{_STORY}" for k in range(12)]
    head = ["备份：原文链接", "作者：团结起来", "---"]
    return "\n\n".join([*head, *_APPEAL, "* * *", *body, *closing])


def test_an_appeal_that_opens_and_closes_a_post_is_not_a_duplicate() -> None:
    assert check_text(_framed_post(["* * *", *_APPEAL]), ["A203"]) == []


def test_the_same_appeal_copied_into_the_middle_is_still_a_duplicate() -> None:
    text = _framed_post(["* * *", *_APPEAL, "红星新闻记者 某某 发自上海"])
    assert len(check_text(text, ["A203"])) >= 2


def test_a_document_printed_twice_is_not_a_frame() -> None:
    block = [f"第{k}{_STORY}" for k in range(4)]
    assert len(check_text("\n".join(block + block), ["A203"])) == 4


def _notice(bank: str, tel: str) -> str:
    return "\n".join(
        [
            f"南方基金关于旗下部分基金增加{bank}为销售机构的公告",
            f"根据本公司与{bank}签署的销售合作协议，{bank}将自2023年9月27日起代理销售本公司"
            "旗下部分基金。现将有关事项公告如下：",
            f"一、投资人可通过{bank}办理上述列表中对应基金的开户、申购、赎回、定投等业务。",
            "二、上述申购赎回业务仅适用于处于正常申购期及处于特定开放日和开放时间的基金。基金封闭期、"
            "募集期等特殊期间的有关规定详见对应基金的《基金合同》、《招募说明书》等相关法律文件。",
            f"三、{bank}客服电话：{tel}",
            "四、风险提示：投资人应当认真阅读《基金合同》、《招募说明书》、《产品资料概要》等基金法律"
            "文件及相关公告，了解基金的风险收益特征，并根据自身的投资目的、投资期限、投资经验、资产"
            "状况等判断基金是否和投资人的风险承受能力相适应。投资人应当充分了解基金定投和零存整取等"
            "储蓄方式的区别。但是定投并不能规避基金投资所固有的风险，不能保证投资人获得收益。",
            "特此公告",
            "南方基金管理股份有限公司",
            "2023年9月27日",
        ]
    )


_BANKS = [("烟台银行", "4008-311-777"), ("中欧财富", "021-68609700"), ("微众银行", "4009998877")]


def test_a_bundle_of_notices_sharing_a_sign_off_is_measured_notice_by_notice() -> None:
    text = "\n".join(_notice(b, t) for b, t in _BANKS)
    assert check_text(text, ["A204"]) == []


def test_a_notice_printed_twice_is_still_repetition() -> None:
    one = _notice(*_BANKS[0])
    assert [f.code for f in check_text(one + "\n" + one, ["A204"])] == ["A204"]


def test_a_bundled_notice_that_repeats_itself_is_still_repetition() -> None:
    first = _notice(*_BANKS[0])
    lines = _notice(*_BANKS[1]).split("\n")
    doubled = "\n".join(lines[:6] + lines[1:6] + lines[1:6] + lines[6:])
    (f,) = check_text(first + "\n" + doubled, ["A204"])
    assert f.line > len(first.split("\n"))  # reported inside the second notice


def test_a_bundle_whose_notices_carry_different_dates_is_still_a_bundle() -> None:
    # The sign-off's date differs from notice to notice; `特此公告` and the company do not.
    notices = [
        _notice(b, t).replace("2023年9月27日", f"2023年9月{d}日")
        for (b, t), d in zip(_BANKS, (8, 9, 11), strict=True)
    ]
    assert check_text("\n".join(notices), ["A204"]) == []


def test_a_page_whose_footer_recurs_is_not_a_bundle() -> None:
    # Menus and footer lines recur before the footer, but no item has a sentence of its own.
    menu = ["网站首页", "关于我们 联系我们 办公环境 加入我们", "版权所有 某某网络科技有限公司"]
    body = "又是一年毕业季，学子们用各种方式将自己定格在校园，与熟知的校园合个影，与舍友道声珍重。"
    text = "\n".join([*menu, body, body, "导航", "案例展示", "源码系统", *menu])
    assert _bundle_items(make_doc(text)) is None


def test_parallel_items_of_a_formal_notice_are_template_fills_not_copies() -> None:
    a = "（1）指数名称和简称分别修订为“中证芯片设计主题指数”和“芯片设计”；"
    b = "（1）指数名称和简称分别修订为“中证汽车电子产业指数”和“汽车电子产业”；"
    assert _template_fill(a, b)


def test_one_summary_under_two_labels_is_a_copy_not_a_template_fill() -> None:
    summary = "又是一年毕业季，思念在即，学子们用各种方式将自己定格在校园，与熟知的校园合个影。"
    assert not _template_fill(
        "简要描述：" + summary + "让岁月去", "本文摘要：" + summary + "让时间去"
    )
    assert not _template_fill(summary, summary + "（记者 某某 摄）")


def test_index_revisions_stated_in_set_words_are_not_repetition() -> None:
    # Three indexes' revisions, each item the same sentence with another index's values.
    items = [
        ("中证沪港深芯片产业指数", "中证芯片设计主题指数", "芯片设计", "80"),
        ("中证沪深港智能汽车指数", "中证汽车电子产业指数", "汽车电子产业", "50"),
        ("中证太阳能30主题指数", "中证全指光伏设备行业指数", "光伏设备行业", "30"),
    ]
    lines = ["为进一步提升指数可投资性，中证指数有限公司决定修订3条指数的编制方案。"]
    for old, new, short, top in items:
        lines += [
            f"{old}修订内容：",
            f"（1）指数名称和简称分别修订为“{new}”和“{short}”；",
            "（2）样本空间修订为同中证全指样本空间；",
            f"（3）选样方法修订为从相关领域的上市公司证券中选取过去一年日均总市值排名前{top}名的"
            "证券作为指数样本。编制方案其余部分保持不变。",
        ]
    text = "\n".join(lines)
    det = ruleset_for(["A204"]).by_code["A204"].detector
    assert first_excess(make_doc(text), det.params) is not None  # Gopher's share is over
    assert check_text(text, ["A204"]) == []


def test_a_title_printed_twice_stays_a_copy_when_the_lede_restates_it() -> None:
    # A video page prints its title twice (template) and its lede names the same article.
    title = "人民日报评论员文章：把发展进步的命运牢牢掌握在自己手中——论学习贯彻重要讲话精神。"
    lede = (
        "央视网消息：今天出版的《人民日报》发表评论员文章，题目是《把发展进步的命运牢牢掌握在"
        "自己手中——论学习贯彻重要讲话精神》。"
    )
    body = (
        "文章指出，新时代以来，我们坚持自力更生、艰苦奋斗，依靠全体人民的力量，战胜了一系列"
        "重大风险挑战，经济实力、科技实力、综合国力跃上新台阶，人民生活水平显著提高。"
    )
    text = "\n".join(["正在加载", title, "简介", title, lede, body, "编辑：某某"])
    det = ruleset_for(["A204"]).by_code["A204"].detector
    doc = make_doc(text)
    assert first_excess(doc, det.params) is not None
    assert title in _without_template_fills(doc).text
    assert [f.code for f in check_text(text, ["A204"])] == ["A204"]


_GUESTBOOK = """<html><body><p>正文第一段，讲了一件事情的经过。</p><p>第二段，讲了事情的结果。</p>
<p>作者：大卫</p>
<form><table><tr><td>留言：<br> <textarea name="msg" cols="20" rows="3"></textarea></td>
<td><input type="submit" value="发出"></td></tr></table></form></body></html>
"""


def test_a_form_label_over_a_text_box_is_not_a_truncated_end() -> None:
    assert _hits("A206", _html_doc(_GUESTBOOK)) == []
    assert _hits("A206", _html_doc(_GUESTBOOK, "gbk")) == []


def test_a_popup_title_over_a_box_a_script_fills_is_not_a_truncated_end() -> None:
    markup = (
        "<html><body><p>正文第一段。</p><p>第二段。</p><p>第三段结束了。</p>"
        '<table><tr><td>悄悄话提醒框：</td><td><img title="关闭" src="close.gif"></td></tr>'
        '<tr><td><div id="msgbox"></div></td></tr></table></body></html>'
    )
    assert _hits("A206", _html_doc(markup)) == []


def test_a_page_whose_text_stops_at_a_colon_is_still_truncated() -> None:
    cut = "据介绍，全市先后组织开展："
    markup = f"<html><body><p>正文第一段。</p><p>第二段。</p><p>{cut}</p></body></html>"
    (hit,) = _hits("A206", _html_doc(markup))
    assert _html_doc(markup).text[hit.start : hit.end] == cut


def test_a_closer_that_ends_its_line_is_not_a_truncated_start() -> None:
    # A stray closer typed at the end of a checklist item; a caption that lost its opener.
    items = [
        "●经办人身份证明原件及复印件；",
        "●加盖公章和法定代表人签章的授权委托书）；",
        "●复印件。",
    ]
    assert check_text("\n".join(items), ["A205"]) == []
    caption = "正文第一段。\n<figcaption>图为大众日报文章截图）</figcaption>\n正文第二段。"
    assert check_text(caption, ["A205"]) == []


def test_a_cut_parenthetical_followed_by_a_new_sentence_is_still_a_truncated_start() -> None:
    (f,) = check_text("者王斌来、常碧罗）20日，重庆市召开专题汇报会。", ["A205"])
    assert "never opened" in f.message


def test_a_closer_after_a_colon_label_is_not_a_truncated_start() -> None:
    # An interview's speaker label, then a stray bracket typed mid-question; a repost
    # note naming its account, then a linked title that lost its opening 【: the line's
    # start is the label, whole.
    interview = "**记者：你现在回想和)老师之间比较温暖的时刻，能想到什么？**"
    repost = "原文来自公众号「某某生活家」：[教育】《开学第一课》：请向大家道歉](https://example.org/s/1)"
    for line in (interview, repost):
        assert check_text(f"正文第一段写完了。\n\n{line}\n\n正文第二段。", ["A205"]) == []
    # Without the label, the same closer is still the tail of a cut clause.
    (f,) = check_text("正文第一段写完了。\n\n常碧罗）20日，重庆市召开专题汇报会。", ["A205"])
    assert "never opened" in f.message


# A204 on restatements. The texts are reworded from real fund notices and news items.

_CLAUSES = [
    "本基金的募集期限为自基金份额发售之日起不超过三个月，基金管理人可根据认购情况适当调整"
    "募集时间，但最长不超过法定募集期限。",
    "投资人欲认购本基金，须开立本公司基金账户，已经持有该类账户的投资人无须另行开立。",
    "有效认购款项在募集期间产生的利息将折算为基金份额归基金份额持有人所有，其中利息的具体"
    "金额以登记机构的记录为准。",
]
_FIRM = [
    "名称：某某会计师事务所（特殊普通合伙）",
    "办公地址：北京市东城区长安街1号东方广场8层",
    "联系电话：010-85085000",
]
_OFFERING = "\n".join(
    [
        "重要提示",
        *(f"{k}、{c}" for k, c in enumerate(_CLAUSES, 1)),
        "一、募集基本情况",
        _CLAUSES[0],
        "二、认购程序",
        _CLAUSES[1] + "认购申请一经受理不得撤销。",
        _CLAUSES[2],
        "三、有关当事人",
        "（一）审计机构",
        *_FIRM,
        "（二）验资机构",
        *_FIRM,
    ]
)


def _a204(text: str) -> list[Any]:
    return check_text(text, ["A204"])


def test_a_notice_restating_its_clauses_under_its_sections_is_not_repetition() -> None:
    doc = make_doc(_OFFERING)
    p = ruleset_for(["A204"]).by_code["A204"].detector.params
    # Over the limit with whole sentences repeated: a restatement, in a notice's own words.
    assert first_excess(doc, p) is not None and _copies_text(doc.text, p)
    assert _a204(_OFFERING) == []


def test_one_firm_in_two_roles_is_not_a_block_printed_twice() -> None:
    assert not _line_blocks(make_doc(_OFFERING))
    # The same three lines without their labels are a block a page printed again.
    bare = _OFFERING
    for line in _FIRM:
        bare = bare.replace(line, line.split("：", 1)[1])
    assert _line_blocks(make_doc(bare))


def test_the_same_notice_with_its_summary_printed_twice_in_a_row_is_repetition() -> None:
    head = "\n".join(f"{k}、{c}" for k, c in enumerate(_CLAUSES, 1))
    text = _OFFERING.replace(head, head + "\n" + head)
    (f,) = _a204(text)
    assert f.code == "A204"


_STATEMENT_END = (
    "协会期待有关方面积极考虑中方意见，切实落实高层对话有关保持市场双向开放、维护产业链"
    "供应链稳定的共识，审慎采取限制措施，避免破坏产业链互利共赢的良好发展势头。"
)
_STATEMENT = [
    "日前，双方经贸高层对话在北京举行，就宏观经济政策协调、产业链合作、改善营商环境等"
    "达成一系列成果和共识。",
    "我们高兴地看到双方承诺保持双向开放，为对方企业提供公平、非歧视的营商环境，共同维护"
    "多边贸易体制。",
    "近年来，电动汽车产业取得快速发展，是企业以市场为导向，在激烈的市场竞争中不断开拓创新"
    "的结果，而非依靠所谓补贴支撑。国内是全球竞争最激烈的电动车市场，企业在竞争中不断探寻"
    "消费者需求，迭代创新产品和技术。",
    "以所谓公平竞争为理由限制电动汽车的发展，是严重的保护主义行为，必将给全球电动汽车的"
    "发展蒙上阴影，延缓全球电动车行业的发展进程，对碳中和愿景的实现造成负面影响。",
    "双方汽车产业有着广泛的合作空间和共同利益，深入合作四十多年，早已形成你中有我、我中有"
    "你的格局，国内市场已成为众多外国车企最大的海外市场。",
]


def test_a_lede_quoting_the_statement_it_then_prints_in_full_is_not_repetition() -> None:
    text = "\n".join(
        ["中国汽车工业协会26日发文称，" + _STATEMENT_END, "全文如下：", *_STATEMENT, _STATEMENT_END]
    )
    p = ruleset_for(["A204"]).by_code["A204"].detector.params
    assert first_excess(make_doc(text), p) is not None
    assert _a204(text) == []


# The rest of a report, long enough that one copied sentence is a small part of it.
_REPORT_REST = (
    "縣府表示，近年垃圾量逐年增加，焚化廠歲修期間只能暫存，已向中央申請補助興建新的處理設施。"
    "環保團體則認為，應從源頭減量著手，推動資源回收與廚餘再利用，才能根本解決問題。"
    "議員在質詢時要求縣府提出具體時程，並公開各鄉鎮的清運數量，讓民眾了解實際狀況。"
    "地方居民擔心底渣堆置影響地下水質，希望主管機關定期採樣檢驗，結果上網公告。"
    "縣長回應將邀集相關單位開會協調，兩週內提出因應方案，必要時考慮委託民間業者處理。"
)


def test_a_caption_printed_before_the_body_that_repeats_it_is_repetition() -> None:
    # The caption comes first, with its credit and share button; the body then opens with
    # the same sentence: the credit is beside the source, not the copy.
    lede = "雲林縣垃圾戰火延燒，同為治理平台的鄰縣從97年起在協調調度下代燒垃圾，每天處理60至80噸"
    text = (
        f"{lede}。圖／縣環保局提供   分享  facebook\n{lede}，過去還兼處理焚化後的底渣飛灰，"
        "後因最終處理場難找，民意反對，才要求運回底渣飛灰，每噸收取代處理費。" + _REPORT_REST
    )
    assert _copy_shape(text)
    assert not _copy_shape(text.replace("圖／縣環保局提供   分享  facebook", "另一則消息"))


def test_list_items_that_differ_in_one_character_are_not_a_block_printed_twice() -> None:
    # Two shareholders whose names differ in one character: a list, not a copy.
    text = _REPORT_REST + (
        "股权结构：某某资产管理有限责任公司占公司注册资本的80%；嘉兴宸泰资产管理合伙企业"
        "（有限合伙）占公司注册资本的4.3%；嘉兴舜泰资产管理合伙企业（有限合伙）占公司注册资本"
        "的4.3%；其余为员工持股平台。"
    )
    assert not _copy_shape(text)


def test_a_title_panel_printed_twice_on_a_short_video_page_is_a_block() -> None:
    title = "外交部发言人：谈判进入关键时期"
    lines = [
        f"[视频]{title}",
        "来源：某某网 2022-08-29 19:27",
        "视频简介",
        f"{title}。",
        "正文一段说明，介绍了本期节目讨论的内容和嘉宾观点，时长约三分钟。",
        f"[视频]{title}",
        "简介",
        "视频简介",
        f"{title}。",
        "热播榜",
        "编辑：某某",
    ]
    assert _line_blocks(make_doc("\n".join(lines)))


def test_a_notice_sign_off_repeated_in_a_bundle_is_not_a_block() -> None:
    sign = ["特此公告。", "某某基金管理有限公司", "2023年9月25日"]
    items = [
        [f"关于旗下基金增加{b}为销售机构的公告", f"本公司旗下基金自即日起增加{b}为代销机构。"]
        for b in ("甲银行", "乙证券", "丙保险")
    ]
    text = "\n".join(line for item in items for line in [*item, *sign])
    assert not _line_blocks(make_doc(text))


def test_copy_shapes_are_found_in_time_linear_in_the_text() -> None:
    # A long text of distinct sentences, one printed twice at its end: the scan looks up
    # each 20-character window once and skips over copies.
    body = "".join(
        f"第{k}条，本基金按规定办理第{k * 7}号业务，有关事项以公告为准。" for k in range(5_000)
    )
    start = time.process_time()
    assert _copy_shape(body + body[-600:] + body[-600:])
    assert not _copy_shape(body)
    assert time.process_time() - start < 3


def test_a_comma_line_after_a_paragraph_break_mid_sentence_is_not_a_truncated_start() -> None:
    above = "这里的制度很难辨别筛选那些不合群的怪人，他们往往能做出根本性的贡献"
    assert check_text(f"{above}\n\n，比如爱因斯坦。我们在这方面要强得多。", ["A205"]) == []
    # After a sentence that closed, or after a heading, the comma still starts a cut line.
    for head in ("他在会上说了很多话，这是第一段的结尾。", "标题"):
        (f,) = check_text(f"{head}\n\n，重庆市新增本土确诊病例178例。", ["A205"])
        assert "opens with `，`" in f.message
    # Two blank lines are a section break, not a wrapped sentence.
    (f,) = check_text(f"{above}\n\n\n，比如爱因斯坦。我们在这方面要强得多。", ["A205"])


def test_a_text_too_long_to_scan_for_copy_shapes_is_judged_by_its_copies_alone() -> None:
    # Memory stays bounded: past the limit the window dictionaries are never built.
    body = "".join(f"第{k}条，本基金按规定办理第{k * 7}号业务，详见公告。" for k in range(20_000))
    assert len(body) > _SHAPE_MAX_CHARS
    start = time.process_time()
    assert _copy_shape(body)
    assert time.process_time() - start < 1
