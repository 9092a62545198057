"""Claims and breakdowns on the wording of real bulletins and news (sentences reworded,
figures changed): each pattern that misled the extractor on real text, and the hard
negatives next to it.

On CCTV bulletin transcripts every sampled C102 and C104 finding was wrong before these
rules: lists after 其中 ran into the next figure, national figures went to a region named
in the preamble, and 除湖北以外 went to Hubei. The tests say what a reader says.
"""

from __future__ import annotations

import datetime as dt

from seedlint.claims import Claim, analyze, parse_cn_int
from seedlint.model import Finding
from seedlint.testing import check_corpus
from test_claims import CAT  # the default pack's catalog, built once for both modules

PUB = dt.date(2020, 3, 19)


def claims(text: str, published: dt.date | None = PUB) -> list[Claim]:
    return analyze(text, CAT, published, None).claims


def table(
    text: str, published: dt.date | None = PUB
) -> list[tuple[str | None, str, str | None, float]]:
    return [
        (c.region, c.metric, c.period.key if c.period else None, c.value)
        for c in claims(text, published)
    ]


def lint(texts: list[str], codes: list[str]) -> list[list[Finding]]:
    docs = [f"2020年3月19日 来源：{'甲乙丙丁'[i % 4]}台\n{t}" for i, t in enumerate(texts)]
    return check_corpus(docs, codes, paths=[f"d{i}.txt" for i in range(len(docs))])


def c102(text: str) -> list[Finding]:
    return lint([text], ["C102"])[0]


# ------------------------------------------------------------------ C102: lists after 其中


def test_list_after_qizhong_stops_at_the_bulletins_semicolon() -> None:
    assert (
        c102(
            "当日新增确诊病例45例，其中境外输入41例，本土4例；现有确诊病例1120例，其中重症病例140例。"
        )
        == []
    )


def test_a_part_of_another_kind_ends_the_list() -> None:
    # 现有 total; 当日新增 is the day's figure, not a part of the current count.
    assert c102("现有确诊病例75例，其中境外输入确诊病例67例，当日新增12例。") == []
    # the day's new cases do not break down into recoveries
    assert c102("该省新增确诊病例4例，其中甲市3例、乙市1例，新增治愈出院60例。") == []


def test_the_total_is_the_figure_before_a_closed_parenthesis() -> None:
    assert c102("累计报告确诊病例250例（200例治愈出院，2例死亡），其中输入性病例118例。") == []
    [f] = c102("累计报告确诊病例250例（200例治愈出院，2例死亡），其中输入性病例260例。")
    assert "250例" in f.message and "260例" in f.message


def test_a_qizhong_opened_in_brackets_ends_with_them() -> None:
    assert c102("现有重症病例70例（其中危重23例），累计出院520例。") == []


def test_jun_says_where_all_are_not_that_the_list_is_complete() -> None:
    assert c102("目前90名在治患者均在定点医院隔离治疗，其中重型病例12例，危重型病例1例。") == []


def test_all_arrested_is_not_a_complete_list() -> None:
    assert c102("28名示威者已全部被警方带走，其中15人为甲团体成员，8人为乙团体成员。") == []


def test_a_subset_listed_among_a_partition_is_not_a_gap() -> None:
    # 120 + 185 + 6 = 311: 重症 is a subset of 在院.
    assert (
        c102("累计报告确诊病例311例，其中在院治疗120例，重症12例，治愈出院185例，死亡6例。") == []
    )
    # A real gap next to it still is one: 120 + 185 + 9 = 314.
    [f] = c102("累计报告确诊病例311例，其中在院治疗120例，治愈出院185例，死亡9例。")
    assert "314" in f.message


def test_a_rate_is_not_a_part() -> None:
    assert c102("新线全长40.2公里，其中设计速度120公里/小时，共设车站12座。") == []
    assert c102("全国意愿提升了16个百分点，其中两座城市均提升21个百分点左右。") == []


def test_a_new_total_ends_the_list() -> None:
    text = (
        "甲类份额共计75,100,000.00份，其中人民币份额为74,000,000.00份、"
        "美元份额为1,100,000.00份，乙类份额共计190,000,000.00份。"
    )
    assert c102(text) == []


def test_two_or_three_is_an_estimate_not_23() -> None:
    assert parse_cn_int("两三") is None and parse_cn_int("三四") is None
    assert parse_cn_int("二三") is None
    assert parse_cn_int("二〇二三") == 2023 and parse_cn_int("二十三") == 23


def test_a_total_of_one_or_two_is_a_word_not_a_count() -> None:
    assert c102("他只写了一个词，其中两个字是后来加的。") == []


def test_an_each_figure_is_not_summed() -> None:
    assert (
        c102("当日新增确诊病例80例，其中甲、乙、丙、丁本土确诊各1例，境外输入确诊病例76例。") == []
    )


# ------------------------------------------------------------------ claims: subject


def test_the_national_preamble_is_the_country_not_xinjiang() -> None:
    got = table("3月18日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例2050例。")
    assert got == [("全国", "new_confirmed", "day:2020-03-18", 2050)]
    got = table("截至3月18日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例80900例。")
    assert got == [("全国", "cumulative_confirmed", "asof:2020-03-18", 80900)]


def test_a_region_named_as_an_exception_is_not_the_subject() -> None:
    assert [c.region for c in claims("3月18日，全国除湖北以外地区新增确诊病例80例。")] == [None]
    got = table("3月18日0-24时，湖北新增确诊病例5例；除湖北以外，其它省份新增确诊病例13例。")
    assert got == [
        ("湖北省", "new_confirmed", "day:2020-03-18", 5),
        (None, "new_confirmed", "day:2020-03-18", 13),
    ]


def test_exception_is_not_a_self_contradiction() -> None:
    text = (
        "3月18日0-24时，湖北新增确诊病例5例（均为武汉病例）；除湖北以外，其它省份新增确诊病例13例。"
    )
    assert lint([text], ["C104"])[0] == []


def test_a_region_in_a_closed_parenthesis_is_not_the_next_figures_subject() -> None:
    text = (
        "截至3月18日24时，31个省（区、市）和新疆生产建设兵团累计死亡病例3250例，"
        "当日新增45例（湖北42例，新疆生产建设兵团1例，北京2例）；累计治愈出院病例70000例，当日新增3600例。"
    )
    # (the day before's totals derived from 当日新增 left out: same regions)
    got = [(c.metric, c.region) for c in claims(text) if not c.derived_from]
    assert got[:2] == [("cumulative_deaths", "全国"), ("new_deaths", "全国")]
    assert got[-2:] == [("cumulative_recovered", "全国"), ("new_recovered", "全国")]


def test_the_corps_is_not_the_autonomous_region() -> None:
    assert [c.region for c in claims("3月18日，新疆生产建设兵团新增确诊病例1例。")] == [
        "新疆生产建设兵团"
    ]


# The national bulletin of April 2020: the country's paragraph, then Hubei's sentence, then
# a sentence opening with its own time that gives the country's imported cases again.
NATIONAL_THEN_HUBEI = (
    "截至4月20日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例82700例，"
    "其中累计报告境外输入确诊病例1590例。\n\n"
    "4月20日0-24时，湖北无新增确诊病例，无新增疑似病例。截至4月20日24时，"
    "现有境外输入确诊病例812例，其中重症病例44例。"
)


def test_a_province_named_last_does_not_carry_into_a_sentence_with_its_own_time() -> None:
    # 湖北 was named only to say it had no new cases: the statement is the country's.
    got = table(NATIONAL_THEN_HUBEI, dt.date(2020, 4, 21))
    assert ("湖北省", "current_imported_confirmed", "asof:2020-04-20", 812) not in got
    assert ("全国", "current_imported_confirmed", "asof:2020-04-20", 812) in got


def test_a_national_figure_after_a_provinces_sentence_conflicts_with_no_province() -> None:
    hubei = "2020年4月21日 来源：乙台\n截至4月20日24时，湖北省现有境外输入确诊病例0例。"
    docs = ["2020年4月21日 来源：甲台\n" + NATIONAL_THEN_HUBEI, hubei]
    assert check_corpus(docs, ["C101"], paths=["a.txt", "b.txt"]) == [[], []]


def test_the_reports_subject_carries_into_a_sentence_with_its_own_time() -> None:
    # the national bulletin's second sentence: the country's, named once in the first
    text = (
        "4月20日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例11例。"
        "截至4月20日24时，现有确诊病例1003例。"
    )
    assert [c.region for c in claims(text, dt.date(2020, 4, 21))] == ["全国", "全国"]
    # a province's own bulletin: its figures stay the province's
    text = "4月20日0-24时，山东省新增确诊病例1例。截至4月20日24时，累计报告确诊病例787例。"
    got = claims(text, dt.date(2020, 4, 21))
    assert [c.region for c in got if c.derived_from is None] == ["山东省", "山东省"]
    # and the total the day before, from the two, is the province's too
    assert [(c.region, c.value) for c in got if c.derived_from] == [("山东省", 786)]


def test_a_region_named_in_a_sentence_without_figures_carries_into_the_next() -> None:
    # the region named in a sentence without figures is the subject of the first figures
    text = "武汉市指挥部发布订正通报。截至4月16日24时，累计确诊病例50333例。"
    assert [c.region for c in claims(text, dt.date(2020, 4, 17))] == ["武汉市"]


# ------------------------------------------------------------------ claims: metric


def test_dangri_xinzeng_is_the_daily_change_of_the_stock_before_it() -> None:
    got = table(
        "截至3月18日24时，全国累计死亡病例3250例，当日新增45例；现有疑似病例130例，当日新增40例。"
    )
    assert got == [
        ("全国", "cumulative_deaths", "asof:2020-03-18", 3250),
        ("全国", "new_deaths", "day:2020-03-18", 45),
        ("全国", "cumulative_deaths", "asof:2020-03-17", 3205),  # the day before's total
        ("全国", "current_suspected", "asof:2020-03-18", 130),
        ("全国", "new_suspected", "day:2020-03-18", 40),
    ]


def test_dangri_xinzeng_after_the_severe_count_is_the_days_new_severe_cases() -> None:
    text = "截至2月1日24时，全国现有重症病例2100例，当日新增310例；累计死亡病例300例。"
    got = table(text, dt.date(2020, 2, 2))
    assert got[:2] == [
        ("全国", "current_severe", "asof:2020-02-01", 2100),
        ("全国", "new_severe", "day:2020-02-01", 310),
    ]
    # severe cases recover: the count minus the new ones is no day-before figure
    assert [m for _, m, k, _ in got if k == "asof:2020-01-31"] == []


def test_a_change_average_or_peak_is_not_the_count() -> None:
    assert claims("3月18日，湖北新增确诊病例下降450例。") == []
    assert claims("3月18日，美国7天平均单日新增确诊病例67000例。") == []
    assert claims("3月18日，有7个省份新增确诊病例数均在2例及以下。") == []


def test_the_imported_cases_sentence_is_not_the_countrys() -> None:
    # The sentence the imported cases open is theirs: its severe, suspected and recovered
    # figures are the imported cases' own metrics, never the country's.
    text = (
        "截至3月18日24时，全国现有境外输入确诊病例450例，其中重症病例6例；"
        "现有疑似病例9例，累计治愈出院病例1220例，死亡病例3例。"
    )
    assert [(c.metric, c.value) for c in claims(text) if c.region == "全国"] == [
        ("current_imported_confirmed", 450),
        ("current_imported_severe", 6),
        ("current_imported_suspected", 9),
        ("cumulative_imported_recovered", 1220),
    ]


def test_local_and_total_cumulative_are_different_metrics() -> None:
    got = table("截至3月18日24时，湖北省累计报告本土确诊病例68000例，累计确诊病例68100例。")
    assert [g[1] for g in got] == ["cumulative_local_confirmed", "cumulative_confirmed"]


# ------------------------------------------------------------------ claims: period


def test_partial_windows_are_not_whole_days() -> None:
    got = table("18日0-12时，山东省新增确诊病例16例。18日0-24时，山东省新增确诊病例30例。")
    assert got == [
        ("山东省", "new_confirmed", "window:2020-03-18T00-12", 16),
        ("山东省", "new_confirmed", "day:2020-03-18", 30),
    ]
    text = "18日0-12时，山东省新增确诊病例16例。18日0-24时，山东省新增确诊病例30例。"
    assert lint([text], ["C104"])[0] == []


def test_a_stock_in_a_window_is_as_of_the_windows_end() -> None:
    got = table("2020年3月18日12-24时，山东省累计报告确诊病例760例。")
    assert got == [("山东省", "cumulative_confirmed", "asof:2020-03-18", 760)]


def test_a_date_opening_the_paragraph_dates_its_later_sentences() -> None:
    text = (
        "2020年3月18日12-24时，山东省新增确诊病例0例，累计报告确诊病例760例。"
        "累计报告境外输入确诊病例3例。"
    )
    got = table(text)
    assert got[-1] == ("山东省", "cumulative_imported_confirmed", "asof:2020-03-18", 3)


def test_a_date_after_a_reporting_lead_in_dates_the_paragraphs_later_sentences() -> None:
    # The national bulletin's wording: who reports and when, then the data's window.
    text = (
        "**央视网消息**（新闻联播）：国家卫生健康委今天（3月12日）通报，3月11日0—24时，"
        "31个省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例8例，均为境外输入病例。"
        "新增接受医学观察的无症状感染者11例。"
    )
    got = table(text, dt.date(2021, 3, 12))
    assert got[-1] == ("全国", "new_asymptomatic", "day:2021-03-11", 11)


def test_dangri_opening_a_sentence_is_the_day_the_paragraph_named() -> None:
    text = (
        "国家卫生健康委今天（6月18日）通报，截至6月17日24时，31个省（区、市）和新疆生产建设兵团"
        "报告现有确诊病例260例，其中境外输入确诊病例90例。当日新增确诊病例27例，其中本土病例23例。"
    )
    got = table(text, dt.date(2020, 6, 18))
    assert ("全国", "new_confirmed", "day:2020-06-17", 27) in got
    assert ("全国", "new_local_confirmed", "day:2020-06-17", 23) in got


def test_dangri_is_no_whole_day_when_the_paragraph_stops_before_its_end() -> None:
    # 截至20日10时: the day is not over, so 当日 is no whole day
    text = "截至3月20日10时，全省累计确诊病例300例。当日新增确诊病例5例。"
    assert [c.period for c in claims(text)][-1] is None


def test_a_date_after_a_speakers_words_does_not_carry_over() -> None:
    # 表示 introduces what someone said, not the report's own opening.
    text = "该省负责人表示，18日新增确诊病例3例。累计确诊病例300例。"
    assert [c.period for c in claims(text)][-1] is None


def test_a_sentence_with_a_time_of_its_own_does_not_inherit() -> None:
    text = (
        "2日，美国新增确诊病例1000例。2020年12月，美国新增死亡病例76000例。"
        "近一周，美国新增死亡病例20000例。"
    )
    assert [c.period.key if c.period else None for c in claims(text, dt.date(2021, 1, 3))] == [
        "day:2021-01-02",
        "span:2020-12-01..2020-12-31",  # a month of its own
        None,  # a week not dated: no period, never the 2nd
    ]


def test_a_date_inside_a_sentence_does_not_carry_over() -> None:
    text = "该省在18日新增确诊病例3例。累计确诊病例300例。"
    assert [c.period for c in claims(text)][-1] is None


def test_a_reporting_day_is_not_the_datas_day() -> None:
    assert [c.period for c in claims("韩国8日报告新增确诊病例36000例。", dt.date(2022, 2, 8))] == [
        None
    ]


def test_a_diary_entrys_today_is_its_headings_date() -> None:
    text = "### 日记八 2020年02月13日\n\n今天的疫情播报，湖北新增确诊病例14800例。"
    assert table(text, dt.date(2020, 2, 17)) == [
        ("湖北省", "new_confirmed", "day:2020-02-13", 14800)
    ]


# ------------------------------------------------------------------ claims: abroad


def test_a_countrys_whole_is_not_china() -> None:
    got = table("7月2日，日本全国新增确诊病例1700例。", dt.date(2021, 7, 3))
    assert got == [("日本", "new_confirmed", "day:2021-07-02", 1700)]


def test_a_part_of_a_country_not_listed_is_not_the_country() -> None:
    text = "23日，美国多个州单日新增创新高。当天，北卡罗来纳州新增确诊病例1100例。"
    assert [c.region for c in claims(text, dt.date(2020, 5, 24))] == [None]


def test_a_foreign_place_is_named_in_each_sentence() -> None:
    text = "8日，日本冲绳县新增确诊病例1700例，达到新高。驻冲绳美军基地8日新增确诊病例300例。"
    assert [c.region for c in claims(text, dt.date(2022, 1, 8))] == ["冲绳县", None]


# ------------------------------------------------------------------ C101 across outlets


BULLETIN = (
    "国家卫生健康委今天通报，截至3月9日24时，31个省（区、市）和新疆生产建设兵团报告"
    "现有确诊病例{current}例，累计治愈出院病例85000例，累计死亡病例4630例，累计报告确诊病例89800例。"
)


def test_the_same_bulletin_under_two_outlets_agrees() -> None:
    text = BULLETIN.format(current=177)
    assert lint([text, text], ["C101", "C102", "C104"]) == [[], []]


def test_a_current_count_that_differs_between_outlets_is_found() -> None:
    fs = lint([BULLETIN.format(current=177), BULLETIN.format(current=182)], ["C101"])
    assert [len(f) for f in fs] == [1, 1]
    assert "confirmed cases under treatment" in fs[0][0].message and "182例" in fs[0][0].message


def test_a_bracket_of_places_gives_each_places_figure() -> None:
    text = (
        "截至3月18日24时，全国累计死亡病例3250例，"
        "当日新增45例（湖北42例，北京2例，新疆生产建设兵团1例）。"
    )
    got = [g for g in table(text) if g[1] == "new_deaths"]
    assert got == [
        ("全国", "new_deaths", "day:2020-03-18", 45),
        ("湖北省", "new_deaths", "day:2020-03-18", 42),
        ("北京市", "new_deaths", "day:2020-03-18", 2),
        ("新疆生产建设兵团", "new_deaths", "day:2020-03-18", 1),
    ]


def test_a_bracket_listing_another_quantity_by_place_gives_nothing() -> None:
    # 北京4例 is Beijing's imported cases, not all its new cases.
    # The bracket's first item is a named part (the imported cases); the place ends it.
    text = "3月18日0-24时，全国新增确诊病例16例（其中境外输入确诊病例12例，北京4例）。"
    assert table(text) == [
        ("全国", "new_confirmed", "day:2020-03-18", 16),
        ("全国", "new_imported_confirmed", "day:2020-03-18", 12),
    ]


def test_named_parts_after_qizhong_are_their_own_metrics() -> None:
    text = (
        "3月18日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例40例，"
        "其中36例为境外输入病例，4例为本土病例；新增无症状感染者15例，其中境外输入14例，本土1例。"
    )
    assert [(g[1], g[3]) for g in table(text)] == [
        ("new_confirmed", 40),
        ("new_imported_confirmed", 36),
        ("new_local_confirmed", 4),
        ("new_asymptomatic", 15),
        ("new_imported_asymptomatic", 14),
        ("new_local_asymptomatic", 1),
    ]


def test_a_part_without_a_named_word_ends_the_named_parts() -> None:
    text = (
        "3月18日0—24时，全国新增确诊病例40例，"
        "其中境外输入病例30例，含2例由无症状感染者转为确诊病例。"
    )
    assert [g[1] for g in table(text)] == ["new_confirmed", "new_imported_confirmed"]


def test_a_changed_imported_figure_in_a_copy_is_found() -> None:
    base = (
        "国家卫生健康委今天通报，3月18日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团"
        "报告新增确诊病例40例，其中境外输入病例{imp}例，本土病例4例。"
    )
    fs = lint([base.format(imp=36), base.format(imp=38)], ["C101"])
    assert [len(f) for f in fs] == [1, 1]
    assert "new imported confirmed cases" in fs[1][0].message


# ------------------------------------------------------------------ named parts and metrics


def test_parts_of_the_current_count_are_imported_local_and_severe() -> None:
    text = (
        "截至6月10日24时，31个省（区、市）和新疆生产建设兵团报告现有确诊病例63例，"
        "其中境外输入确诊病例60例；现有确诊病例1003例，其中重症病例80例。"
    )
    got = table(text, dt.date(2020, 6, 11))
    assert ("全国", "current_imported_confirmed", "asof:2020-06-10", 60) in got
    assert ("全国", "current_severe", "asof:2020-06-10", 80) in got


def test_severe_cases_of_the_imported_cohort_are_not_the_countrys_severe_cases() -> None:
    # 现有境外输入确诊病例 has no parts: its 重症 is the imported cases' own.
    text = "截至4月18日24时，现有境外输入确诊病例840例，其中重症病例45例。"
    assert [m for _, m, _, _ in table(text, dt.date(2020, 4, 19))] == ["current_imported_confirmed"]


def test_asymptomatic_infections_reclassified_and_imported_under_observation() -> None:
    text = (
        "4月20日0-24时，全国新增接受医学观察的无症状感染者36例，其中境外输入3例；"
        "当日转为确诊病例4例；尚在医学观察的无症状感染者990例，其中境外输入181例。"
    )
    got = table(text, dt.date(2020, 4, 21))
    assert ("全国", "new_asymptomatic_to_confirmed", "day:2020-04-20", 4) in got
    assert ("全国", "imported_asymptomatic_under_observation", "asof:2020-04-20", 181) in got


# ------------------------------------------------------------------ running totals


def test_a_running_total_minus_the_days_new_figure_is_the_day_befores_total() -> None:
    text = (
        "截至1月30日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例9700例，"
        "当日新增1980例。"
    )
    got = table(text, dt.date(2020, 1, 31))
    assert ("全国", "cumulative_confirmed", "asof:2020-01-29", 7720) in got


def test_a_stock_that_is_not_a_running_total_gives_no_day_before() -> None:
    # suspected cases leave the count every day: 现有 minus 当日新增 is not yesterday's
    text = (
        "截至1月30日24时，31个省（区、市）和新疆生产建设兵团现有疑似病例15200例，当日新增4800例。"
    )
    got = table(text, dt.date(2020, 1, 31))
    assert [k for _, m, k, _ in got if m == "current_suspected"] == ["asof:2020-01-30"]


def test_consecutive_bulletins_whose_totals_do_not_add_up_conflict() -> None:
    day1 = "截至1月29日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例7711例。"
    day2 = (
        "截至1月30日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例9692例，"
        "当日新增1982例。"
    )
    day2_ok = day2.replace("9692", "9693")
    a, b = check_corpus(
        [f"2020年1月30日 来源：甲台\n{day1}", f"2020年1月31日 来源：乙台\n{day2}"],
        ["C101"],
        paths=["d0.txt", "d1.txt"],
    )
    assert [f.code for f in a] == ["C101"] and "7710" in b[0].message
    assert check_corpus(
        [f"2020年1月30日 来源：甲台\n{day1}", f"2020年1月31日 来源：乙台\n{day2_ok}"],
        ["C101"],
        paths=["d0.txt", "d1.txt"],
    ) == [[], []]


def test_the_days_new_figure_in_another_sentence_still_gives_the_day_befores_total() -> None:
    # A province's bulletin states the day's new cases first and the total after.
    text = (
        "2020年1月31日0-24时，江西省报告新增确诊病例45例，新增出院病例2例。"
        "截至1月31日24时，江西省累计报告确诊病例280例，其中重症病例30例。"
    )
    got = table(text, dt.date(2020, 2, 1))
    assert ("江西省", "cumulative_confirmed", "asof:2020-01-30", 235) in got


def test_no_day_before_from_two_new_figures_or_another_places_or_days() -> None:
    two = (
        "1月31日0—24时，江西省新增确诊病例45例。1月31日0—24时，江西省新增确诊病例47例。"
        "截至1月31日24时，江西省累计报告确诊病例280例。"
    )
    other_place = (
        "1月31日0—24时，南昌市新增确诊病例9例。截至1月31日24时，江西省累计报告确诊病例280例。"
    )
    other_day = (
        "1月30日0—24时，江西省新增确诊病例40例。截至1月31日24时，江西省累计报告确诊病例280例。"
    )
    for text in (two, other_place, other_day):
        got = table(text, dt.date(2020, 2, 1))
        assert [k for _, m, k, _ in got if m == "cumulative_confirmed"] == ["asof:2020-01-31"]


def test_a_day_before_stated_with_dangri_is_not_derived_twice() -> None:
    text = (
        "1月30日0—24时，31个省（区、市）和新疆生产建设兵团报告新增确诊病例1980例。"
        "截至1月30日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例9700例，"
        "当日新增1980例。"
    )
    got = table(text, dt.date(2020, 1, 31))
    assert [g for g in got if g[2] == "asof:2020-01-29"] == [
        ("全国", "cumulative_confirmed", "asof:2020-01-29", 7720)
    ]


# ------------------------------------------------------------------ altered-pair recall


NATIONAL_HUBEI_THEN_STATEMENTS = (
    "截至4月6日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例81700例。"
    "4月6日0-24时，湖北无新增确诊病例，无新增疑似病例。截至4月6日24时，"
    "新增接受医学观察的无症状感染者31例，其中境外输入8例。"
    "尚在接受医学观察的无症状感染者1040例，其中境外输入270例。"
)


def test_a_sentence_after_a_statement_with_its_own_time_is_not_the_province_named_before() -> None:
    # The second sentence after Hubei's opens with no time, but the statement before it
    # did: Hubei (named only to say it had no cases) does not carry past it.
    got = table(NATIONAL_HUBEI_THEN_STATEMENTS, dt.date(2020, 4, 7))
    assert not [g for g in got if g[0] == "湖北省"]
    assert ("全国", "asymptomatic_under_observation", "asof:2020-04-06", 1040) in got
    assert ("全国", "imported_asymptomatic_under_observation", "asof:2020-04-06", 270) in got


def test_a_statement_after_another_places_figures_gets_no_region() -> None:
    # Beijing's own figure stands between: the report is no longer only the country's, so
    # a later paragraph's statement naming no place is nobody's, neither Beijing's nor
    # the country's.
    text = (
        "截至4月20日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例82700例。\n\n"
        "4月20日0-24时，北京市新增确诊病例3例。截至4月20日24时，现有境外输入确诊病例812例。"
    )
    got = table(text, dt.date(2020, 4, 21))
    assert (None, "current_imported_confirmed", "asof:2020-04-20", 812) in got


def test_a_stock_that_fell_over_its_day_gives_the_day_befores_count() -> None:
    text = "截至2月23日24时，31个省（区、市）和新疆生产建设兵团现有重症病例9900例，当日减少1050例。"
    got = table(text, dt.date(2020, 2, 24))
    assert ("全国", "current_severe", "asof:2020-02-23", 9900) in got
    assert ("全国", "current_severe", "asof:2020-02-22", 10950) in got


def test_a_change_within_a_day_that_is_not_over_gives_no_day_before() -> None:
    text = "截至2月23日12时，31个省（区、市）和新疆生产建设兵团现有重症病例9900例，当日减少1050例。"
    got = table(text, dt.date(2020, 2, 23))
    assert [g[3] for g in got] == [9900]


def test_new_suspected_cases_break_down_into_imported_and_local() -> None:
    text = (
        "截至4月15日24时，31个省（区、市）和新疆生产建设兵团现有疑似病例60例，当日新增5例，"
        "其中4例为境外输入疑似病例，1例为本土疑似病例。"
    )
    got = table(text, dt.date(2020, 4, 16))
    assert ("全国", "new_imported_suspected", "day:2020-04-15", 4) in got
    assert ("全国", "new_local_suspected", "day:2020-04-15", 1) in got


def test_parts_in_a_bracket_or_right_after_a_comma_are_named_parts() -> None:
    text = (
        "7月7日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团新增接受医学观察的无症状"
        "感染者7例（境外输入5例）。截至7月7日24时，现有确诊病例380例（重症病例6例）。"
        "1月6日0—24时，全国新增接受医学观察的无症状感染者80例，境外输入9例，本土71例；"
        "当日转为确诊病例4例。"
    )
    got = table(text, dt.date(2020, 7, 8))
    assert ("全国", "new_imported_asymptomatic", "day:2020-07-07", 5) in got
    assert ("全国", "current_severe", "asof:2020-07-07", 6) in got
    assert ("全国", "new_imported_asymptomatic", "day:2020-01-06", 9) in got
    assert ("全国", "new_local_asymptomatic", "day:2020-01-06", 71) in got


def test_a_figure_of_another_kind_after_a_comma_is_no_part() -> None:
    # 本土病例累计 is a running total, not a part of the day's new cases.
    text = "3月18日0-24时，全国新增确诊病例40例，本土病例累计300例。"
    assert [g[1] for g in table(text)] == ["new_confirmed"]


def test_a_spaced_national_scope_is_the_country_not_the_corps() -> None:
    text = "7月27日0—24时，31个 省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例68例。"
    assert table(text, dt.date(2020, 7, 28)) == [("全国", "new_confirmed", "day:2020-07-27", 68)]


def test_the_corps_after_a_province_is_no_national_scope() -> None:
    text = "7月27日0—24时，新疆维吾尔自治区和新疆生产建设兵团报告新增确诊病例5例。"
    assert [g[0] for g in table(text, dt.date(2020, 7, 28))] != ["全国"]


def test_a_bracket_after_a_junwei_clause_lists_the_figure_by_place() -> None:
    text = (
        "3月25日0-24时，31个省（区、市）和新疆生产建设兵团报告新增确诊病例40例，"
        "均为境外输入病例（上海18例，内蒙古12例，广东10例）。"
    )
    got = table(text, dt.date(2020, 3, 26))
    assert ("上海市", "new_confirmed", "day:2020-03-25", 18) in got
    assert ("广东省", "new_confirmed", "day:2020-03-25", 10) in got


def test_places_listed_after_qizhong_get_the_figure_by_place() -> None:
    text = "1月24日0—24时，吉林省新增新冠肺炎确诊病例60例，其中通化市新增50例，长春市10例。"
    got = table(text, dt.date(2021, 1, 25))
    assert ("通化市", "new_confirmed", "day:2021-01-24", 50) in got
    assert ("长春市", "new_confirmed", "day:2021-01-24", 10) in got


def test_a_list_after_qizhong_led_by_another_quantity_or_verb_gives_no_place_figure() -> None:
    # Beijing's imported cases, Shijiazhuang's local ones, a running total's new cases:
    # none is the place's share of the figure.
    for text in (
        "1月24日0—24时，全国新增确诊病例16例，其中境外输入12例，北京4例。",
        "1月24日0—24时，河北省新增确诊病例13例，其中石家庄市本土病例5例。",
        "截至1月24日24时，河北省累计确诊病例300例，其中石家庄新增2例。",
    ):
        assert not [g for g in table(text, dt.date(2021, 1, 25)) if g[0] in ("北京市", "石家庄市")]


def test_the_days_new_figure_naming_its_flow_gives_the_day_befores_total() -> None:
    # "，当日新增确诊病例2656例" is "，当日新增2656例" with the flow named, and a bracket
    # detailing the total may stand between them.
    for text, total, new in (
        ("累计报告确诊病例37200例，当日新增确诊病例2650例。", 37200, 2650),
        (
            "累计报告确诊病例80800例（其中累计报告境外输入确诊病例90例），当日新增确诊病例9例。",
            80800,
            9,
        ),
    ):
        full = "截至2月8日24时，31个省（区、市）和新疆生产建设兵团" + text
        got = table(full, dt.date(2020, 2, 9))
        assert ("全国", "new_confirmed", "day:2020-02-08", new) in got
        assert ("全国", "cumulative_confirmed", "asof:2020-02-07", total - new) in got


def test_a_day_new_figure_of_another_flow_is_not_the_totals() -> None:
    # 当日新增疑似病例 after a confirmed total is another figure: no day-before total.
    text = (
        "截至2月8日24时，31个省（区、市）和新疆生产建设兵团累计报告确诊病例37200例，"
        "当日新增疑似病例3900例。"
    )
    got = table(text, dt.date(2020, 2, 9))
    assert not [g for g in got if g[1] == "cumulative_confirmed" and g[2] == "asof:2020-02-07"]
