"""The provenance rules on the real seeds, on the seeds broken in known ways, and the
report section they fill."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from seedlint.config import Config
from seedlint.engine import RuleSet
from seedlint.model import Finding
from seedlint.runner import RunOptions, run
from seedlint.testing import check_text, ruleset_for

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
CODES = ["P101", "P102", "P103", "P104", "P105", "P106", "P107", "P108"]
RS = ruleset_for(CODES)

S000 = "000_ea1647fd556938d9.txt"
S001 = "001_712f67c0189c27b8.txt"
S002 = "002_5df404fbe06626fb.txt"
S003 = "003_7452ed3e741612d2.txt"

# The header timestamp of each seed, exactly as written, and its date.
STAMP = {
    S000: ("2022年11月23日09:56", dt.date(2022, 11, 23)),
    S001: ("2022-09-14 11:15:00", dt.date(2022, 9, 14)),
    S002: ("2020-02-05 23:08:10", dt.date(2020, 2, 5)),
    S003: ("2022-12-02", dt.date(2022, 12, 2)),
}
# What each seed gives untouched: seed 003's eight later-dated related-reading lines.
BASELINE = {S000: Counter(), S001: Counter(), S002: Counter(), S003: Counter({"P106": 8})}


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def codes(fs: list[Finding]) -> Counter[str]:
    return Counter(f.code for f in fs if f.code in CODES)


def lint(text: str, metadata: dict[str, object] | None = None) -> list[Finding]:
    return check_text(text, metadata=metadata, ruleset=RS)


def test_seeds_give_only_seed_003s_later_dated_related_reading_lines() -> None:
    for name, base in BASELINE.items():
        assert codes(lint(seed(name))) == base, name
    found = [f for f in lint(seed(S003)) if f.code == "P106"]
    assert [f.line for f in found] == [77, 79, 81, 83, 85, 87, 89, 91]
    assert [f.snippet for f in found] == [
        "2024-11-11", "2024-07-11", "2024-07-10", "2023-07-05",
        "2023-06-20", "2023-01-04", "2023-01-04", "2022-12-26",
    ]  # fmt: skip
    assert all(f.severity.value == "warning" for f in found)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_without_its_timestamp_has_no_publication_date(name: str) -> None:
    stamp, _ = STAMP[name]
    text = _replace_once(seed(name), stamp, "")
    # Without a publication date nothing can be later than it: P106 goes too. A seed's
    # dateline (``本報重慶11月22日電``) still dates the report within its year, so it is
    # missing a date only once its dateline is gone too.
    dateline = {S000: "本報重慶11月22日電", S002: "城乡统筹发展网2月5日讯"}.get(name)
    if dateline is not None:
        assert codes(lint(text)) == Counter()
        text = _replace_once(text, dateline, "")
    assert codes(lint(text)) == Counter({"P101": 1})


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_with_a_second_conflicting_timestamp(name: str) -> None:
    stamp, date = STAMP[name]
    other = (date - dt.timedelta(days=1)).isoformat()
    text = _replace_once(seed(name), stamp, f"{stamp}\n{other}")
    assert codes(lint(text)) == BASELINE[name] + Counter({"P103": 1})
    hit = next(f for f in lint(text) if f.code == "P103")
    assert date.isoformat() in hit.message and other in hit.message


@pytest.mark.parametrize(("name", "label"), [(S000, "來源:"), (S001, "來源: "), (S002, "来源:")])
def test_seed_with_a_second_conflicting_source(name: str, label: str) -> None:
    text = _replace_once(seed(name), label, "來源:新華網\n" + label)
    assert codes(lint(text)) == BASELINE[name] + Counter({"P104": 1})


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_with_a_future_or_prehistoric_date(name: str) -> None:
    stamp, date = STAMP[name]
    future = _replace_once(seed(name), stamp, stamp.replace(str(date.year), "2096"))
    assert codes(lint(future)) == Counter({"P107": 1})
    old = _replace_once(seed(name), stamp, stamp.replace(str(date.year), "1985"))
    expected = Counter({"P107": 1})
    if name == S003:
        expected["P106"] = 8
    assert codes(lint(old)) == expected


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_with_its_provenance_moved_into_front_matter(name: str) -> None:
    stamp, date = STAMP[name]
    text = _replace_once(seed(name), stamp, "")
    for label in ("來源:人民網(wǎng)-《人民日報》", "來源: 重慶發(fā)布", "来源:城乡统筹发展网"):
        text = text.replace(label, "", 1)
    meta = {"published": date, "source": "某某网"}
    assert codes(lint(text, meta)) == BASELINE[name]


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_whose_metadata_disagrees_with_its_header(name: str) -> None:
    _, date = STAMP[name]
    meta = {"published": (date + dt.timedelta(days=3)).isoformat()}
    # Three days later keeps the datelines in range and seed 003's list still later.
    expected = BASELINE[name] + Counter({"P108": 1})
    assert codes(lint(seed(name), meta)) == expected


def test_seed_metadata_naming_another_outlet_disagrees_but_the_reprinted_paper_agrees() -> None:
    assert codes(lint(seed(S000), {"source": "新华社"})) == Counter({"P108": 1})
    assert codes(lint(seed(S000), {"source": "人民日报"})) == Counter()
    assert codes(lint(seed(S001), {"source": "重庆日报"})) == Counter()


def test_seed_dateline_moved_after_the_publication_date() -> None:
    text = _replace_once(seed(S000), "本報重慶11月22日電", "本報重慶11月24日電")
    fs = [f for f in lint(text) if f.code == "P105"]
    assert len(fs) == 1 and fs[0].line == 15 and "after the publication date" in fs[0].message
    text = _replace_once(seed(S002), "城乡统筹发展网2月5日讯", "城乡统筹发展网1月5日讯")
    assert codes(lint(text)) == Counter({"P105": 1})


def test_seed_003_later_dates_are_judged_against_a_metadata_date() -> None:
    fs = lint(seed(S003), {"published": "2024-01-01"})
    assert codes(fs) == Counter({"P106": 3, "P108": 1})


def test_report_carries_the_extracted_provenance_per_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in STAMP:
        (tmp_path / name).write_text(seed(name), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cfg = Config.model_validate({"select": ["P1"]})
    result = run([tmp_path], RuleSet.from_config(cfg), tmp_path, RunOptions())
    by_path = {d.path: d.provenance for d in result.report.documents}
    data = json.loads(json.dumps(by_path, ensure_ascii=False))
    assert data[S000]["published"] == "2022-11-23"
    assert data[S000]["source"] == "人民網"
    assert data[S000]["original_source"] == "人民日報"
    assert data[S000]["dateline"]["place"] == "重慶"
    assert data[S001]["original_source"] == "重慶日報"
    assert data[S002]["published_time"] == "23:08:10"
    assert data[S003]["editors"] == ["马晓晴"]


_FULLWIDTH = str.maketrans("0123456789:-/|()", "０１２３４５６７８９：－／｜（）")


@pytest.mark.parametrize("name", sorted(STAMP))
def test_seed_in_the_other_script_or_full_width_gives_the_same_findings(name: str) -> None:
    import opencc

    text = seed(name)
    conv = opencc.OpenCC("t2s" if name in (S000, S001) else "s2t").convert(text)
    assert codes(lint(conv)) == BASELINE[name]
    assert codes(lint(text.translate(_FULLWIDTH))) == BASELINE[name]


def test_a_threads_replies_stamped_like_its_first_post_are_not_appended_content() -> None:
    text = (
        "某电影资源\n[1楼] 2005-08-28 20:56:20 作者：放飞\n\n"
        "这部电影讲述了八路军挺进抗日前线的故事，场面宏大，演员阵容强大，值得一看。\n"
        "[5楼] 2005-09-15 13:35:42 作者：某某\n谢谢分享，下载速度很快，画质也不错。\n"
        "[7楼] 2005-09-15 20:12:11 作者：另一位\n支持一下，辛苦了。\n"
    )
    assert [f for f in check_text(text, ["P106"]) if f.code == "P106"] == []


def test_a_related_list_after_a_stamped_header_is_still_appended_content() -> None:
    text = (
        "标题\n原创 政知见 2022-12-02\n\n"
        "会议指出，要坚持分类分步推进，尽快有序恢复正常生产生活秩序，保障群众需求。\n\n"
        "相关阅读\n全面做好极限应对\n政知见 2024-11-11\n"
    )
    assert [f.code for f in check_text(text, ["P106"])] == ["P106"]


@pytest.mark.parametrize(
    "line",
    [
        "### 明天：2018 年 1 月 31 日",
        "2、若2018.4.9（周一）上午9:00有空，可以一同前往校办提交申请表。",
        "原文来自「某嗅」：~~[契约精神在哪里](http://example.org/html?fn=wxid_2018-12-09_26.tar.gz)~~",
    ],
)
def test_a_plan_for_tomorrow_a_condition_or_a_links_date_is_not_appended_content(
    line: str,
) -> None:
    text = (
        "标题\n2018-01-30 来源：某网\n\n"
        "会议指出，要坚持分类分步推进，尽快有序恢复正常生产生活秩序，保障群众需求。\n\n"
        f"{line}\n"
    )
    assert [f for f in check_text(text, ["P106"]) if f.code == "P106"] == []


NOTICE = "本基金将于近日调整申购业务安排，敬请投资者留意相关公告内容。"


def test_a_copy_dated_the_day_after_its_original_is_no_metadata_mismatch() -> None:
    text = f"标题\n2023-09-14 发布：某基金\n\n{NOTICE}\n"
    assert check_text(text, ["P108"], metadata={"date": "2023-09-15"}) == []


def test_a_copy_dated_two_days_after_its_original_is_a_metadata_mismatch() -> None:
    text = f"标题\n2023-09-13 发布：某基金\n\n{NOTICE}\n"
    assert [f.code for f in check_text(text, ["P108"], metadata={"date": "2023-09-15"})] == ["P108"]


def test_metadata_dated_before_the_text_is_a_mismatch_even_by_one_day() -> None:
    text = f"标题\n2023-09-16 发布：某基金\n\n{NOTICE}\n"
    assert [f.code for f in check_text(text, ["P108"], metadata={"date": "2023-09-15"})] == ["P108"]


def test_a_programme_published_the_day_before_the_day_its_title_names_agrees() -> None:
    text = "　　2023/09/27 09：00甲基金：解盘一刻\n　　2023/09/27 10：00乙基金：债基怎么投\n"
    md = {"title": "9月27日听基金公司大咖说：四季度怎么投", "date": "2023-09-25"}
    assert check_text(text, ["P108"], metadata=md) == []


@pytest.mark.parametrize(
    "header",
    [
        "编制日期：2023年09月27日\n送出日期：2023年09月29日",
        "成文日期：2023-09-27\n发布日期：2023-09-29",
    ],
)
def test_a_drafting_date_does_not_conflict_with_the_publication_date(header: str) -> None:
    text = f"标题\n{header}\n\n本概要提供本基金的重要信息，是招募说明书的一部分，请仔细阅读。\n"
    assert check_text(text, ["P103", "P108"], metadata={"date": "2023-09-29"}) == []


def test_a_data_date_is_not_the_publication_date() -> None:
    text = (
        "全球指数表现\n最新交易日：2023-09-21\n\n"
        "A股三大指数集体收跌，两市成交额较前一交易日小幅萎缩。\n"
    )
    assert check_text(text, ["P108"], metadata={"date": "2023-09-25"}) == []


@pytest.mark.parametrize(
    "table",
    [
        "成文日期：\n2022年01月27日\n发布日期：\n2022年01月28日",
        "注册时间\n2013-11-25\n最后登录\n2022-12-1\n发表于 2013-11-20 10:00",
    ],
)
def test_a_label_on_the_line_above_its_date_is_read(table: str) -> None:
    text = f"标题\n{table}\n\n为进一步规范管理，现将有关事项通知如下，请各单位认真贯彻执行。\n"
    assert check_text(text, ["P103"]) == []
