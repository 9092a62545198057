"""Repetition and truncation rules on layouts real pages and notices have (the real-text
harness).

A203 must tell a block a page rendered twice from values a table's cells share and from
an appeal a post puts at its top and bottom; A204 must measure a bundle of notices
notice by notice and leave template fills out; A205 must tell a cut start from a bracket
that closes a note opened above; A206 must tell a cut-off page from a form label over a
text box. The texts are reworded from real pages, with the layouts kept.
"""

from __future__ import annotations

from typing import Any

from seedlint.detectors.repetition import (
    _bundle_items,
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
