"""Claims on independent reports of the same days: provincial health commissions, city
bulletins and papers reporting abroad, as a news aggregator collected them (sentences
reworded, figures changed).

Before these rules every sampled C101 finding between such reports was wrong: a half
day read as the whole day, a window across two days read as its start, "下午4时" lost, a
comparison's base time taken as the figure's, "湖北以外" given to Hubei, a place listed
with its own number carried to the next figure. The tests say what a reader says, and
keep the figures that are comparable.
"""

from __future__ import annotations

import datetime as dt

from test_claims_bulletins import c102, lint, table

D = dt.date(2020, 2, 8)


def keys(text: str, published: dt.date = D) -> list[tuple[str | None, str, str | None, float]]:
    return table(text, published)


# ------------------------------------------------------------------ times of day


def test_half_a_day_after_dangtian_is_a_window_not_the_day() -> None:
    text = "截至2月7日12时，全省累计报告确诊病例1034例。7日当天0-12时全省新增确诊病例16例。"
    got = keys("广东省卫健委通报。" + text)
    assert ("广东省", "new_confirmed", "window:2020-02-07T00-12", 16) in got
    assert not [g for g in got if g[2] == "day:2020-02-07"]


def test_a_clock_time_window_gives_no_period() -> None:
    text = "海南省卫健委消息：今天7:00至16:00，海南省新增确诊病例2例，新增死亡病例0例。"
    assert [g[2] for g in keys(text, dt.date(2020, 1, 27))] == [None, None]


def test_a_window_across_two_days_is_not_its_start() -> None:
    # A count over 16日9时 to 17日9时 is neither day's; the total is as of the window's end.
    text = (
        "2020年2月16日9时至17日9时，内蒙古自治区报告新增确诊病例2例。"
        "3月26日21时至27日6时，天津新增报告3例境外输入确诊病例，累计报告境外输入确诊病例19例。"
    )
    got = keys(text, dt.date(2020, 3, 27))
    assert ("内蒙古自治区", "new_confirmed", None, 2) in got
    assert ("天津市", "cumulative_imported_confirmed", "asof:2020-03-27T06", 19) in got


def test_an_afternoon_hour_is_read_and_a_count_up_to_an_hour_has_no_period() -> None:
    text = (
        "韩国中央防疫对策本部3日通报，截至3日下午4时，韩国新增确诊病例370例，累计确诊病例达5180例。"
    )
    got = keys(text, dt.date(2020, 3, 3))
    assert ("韩国", "cumulative_confirmed", "asof:2020-03-03T16", 5180) in got
    assert ("韩国", "new_confirmed", None, 370) in got


def test_the_base_time_of_a_comparison_is_not_the_figures_time() -> None:
    text = "截至4日0时，韩国较3日下午4时新增确诊病例140例，累计确诊病例达5320例。"
    got = keys(text, dt.date(2020, 3, 4))
    assert ("韩国", "cumulative_confirmed", "asof:2020-03-04T00", 5320) in got


def test_the_day_a_reporter_learned_a_figure_is_not_its_day() -> None:
    text = "2020年1月26日，记者从云南省卫生健康委员会获悉，云南省报告新增确诊病例5例。"
    assert keys(text, dt.date(2020, 1, 26)) == [("云南省", "new_confirmed", None, 5)]


def test_today_after_another_data_day_in_the_paragraph_is_no_period() -> None:
    text = "1月30日0-24时，吉林全省无新增确诊病例。今日全省新增疑似病例3例，排除3例。"
    assert [g[2] for g in keys(text, dt.date(2020, 1, 31))] == [None]


# ------------------------------------------------------------------ places


def test_everywhere_but_a_province_is_not_that_province() -> None:
    for text in (
        "据国家卫健委数据统计，2月11日0-24时，全国湖北以外地区新增确诊病例370例。",
        "3月2日0—24时，湖北以外30个省（自治区、直辖市）和新疆生产建设兵团报告新增确诊病例11例。",
    ):
        assert [g[0] for g in keys(text, dt.date(2020, 3, 3))] == [None]


def test_a_place_of_contact_history_is_not_the_figures_place() -> None:
    text = "2月10日0时至24时，北京市新增5例确诊病例。1例有湖北及其他省份接触史。现有疑似病例230例。"
    assert ("湖北省", "current_suspected", "asof:2020-02-10", 230) not in keys(text)


def test_a_place_listed_with_its_number_is_not_the_next_figures_subject() -> None:
    text = (
        "2020年2月2日0—24时，河北省报告新增确诊病例9例，其中，邢台市4例、秦皇岛市1例。"
        "新增疑似病例50例，其中，石家庄市15例、秦皇岛市9例。"
    )
    got = keys(text, dt.date(2020, 2, 3))
    assert ("河北省", "new_suspected", "day:2020-02-02", 50) in got
    assert ("秦皇岛市", "new_suspected", "day:2020-02-02", 9) in got


def test_places_named_together_are_no_single_region() -> None:
    text = (
        "1月26日0-24时，河北省报告新增确诊病例5例。廊坊市、邢台市为报告首例确诊病例。"
        "新增疑似病例11例。"
    )
    got = keys(text, dt.date(2020, 1, 27))
    assert not [g for g in got if g[0] == "邢台市"]


def test_a_place_with_what_it_includes_is_not_the_place_alone() -> None:
    text = (
        "截至2月21日24时，新疆（含兵团）现有确诊病例50例"
        "（新疆维吾尔自治区30例、新疆生产建设兵团20例）。"
    )
    got = keys(text, dt.date(2020, 2, 22))
    assert ("新疆维吾尔自治区", "current_confirmed", "asof:2020-02-21", 50) not in got


def test_an_autonomous_prefecture_by_its_short_name_is_a_place() -> None:
    text = "1月26日0-24时，甘肃省兰州市新增确诊病例4例，临夏州新增确诊病例1例。"
    got = keys(text, dt.date(2020, 1, 27))
    assert ("兰州市", "new_confirmed", "day:2020-01-26", 1) not in got


# ------------------------------------------------------------------ metrics


def test_close_contacts_traced_released_and_new_are_not_one_quantity() -> None:
    text = (
        "截至2月22日24时，据31个省（自治区、直辖市）和新疆生产建设兵团报告，"
        "累计追踪到密切接触者628000人，尚在医学观察的密切接触者106000人。"
        "全省新增密切接触者383人，新增解除密切接触者493人。"
    )
    assert lint([text], ["C104"]) == [[]]


def test_a_change_of_severity_is_not_new_severe_cases() -> None:
    text = "2月10日0时-24时，海南省新增重症病例0例，新增重症病例转轻症病例1例。"
    assert [g[3] for g in keys(text, dt.date(2020, 2, 11))] == [0]


def test_a_place_between_a_term_and_its_number_keeps_the_number_from_the_term() -> None:
    text = "截至3月11日12时，全省累计确诊病例174例。各州市累计确诊病例：昆明市53例。"
    assert 53 not in [g[3] for g in keys("云南省卫健委通报。" + text, dt.date(2020, 3, 11))]


# ------------------------------------------------------------------ breakdowns (C102)


def test_outcomes_of_a_running_total_may_leave_out_the_open_cases() -> None:
    assert c102("截至3月4日24时，累计报告确诊病例935例，其中出院病例901例，死亡病例1例。") == []


def test_a_second_qizhong_after_a_semicolon_is_not_the_last_parts_breakdown() -> None:
    text = "累计发现病例48例，其中男性29例，女性19例；其中危重型3例，重型15例，普通型30例。"
    assert c102(text) == []


def test_a_change_or_a_new_total_after_qizhong_is_no_part() -> None:
    assert c102("有19个省份报告境外输入病例，其中有9个省份报告首例，来源国从12个增加到22个。") == []
    assert c102("新增52例确诊病例，其中28例为输入病例，总病例数达到683例。") == []


def test_a_part_that_includes_others_is_no_strict_part() -> None:
    assert (
        c102("现有疑似病例16687人，其中集中隔离17259人（含临床确诊病例），当日排除3390人。") == []
    )


def test_parts_that_overshoot_their_total_are_still_reported() -> None:
    # Hard positive from the same reports: 5 + 97 + 1035 is 1137, not the 1136 stated.
    fs = c102("截至27日上午，泰国累计确诊病例1136例，其中5例死亡、97例治愈、1035例正留院治疗。")
    assert len(fs) == 1 and "1 more than" in fs[0].message


def test_a_hospital_named_after_its_city_is_the_figures_subject() -> None:
    # A field hospital's own discharges, a CCTV story of the day, are not the city's.
    text = (
        "武汉雷神山医院从2月8日起收治病人，截至3月12日24时，已累计收治2011名患者，"
        "累计治愈出院1021人。"
    )
    assert [g[0] for g in keys(text, dt.date(2020, 3, 13))] == [None]
    # The city's health commission speaks for the city.
    text = "武汉市卫生健康委通报，截至3月12日24时，累计治愈出院病例35000例。"
    assert [g[0] for g in keys(text, dt.date(2020, 3, 13))] == ["武汉市"]


def test_a_place_in_a_qizhong_clause_is_not_the_next_clauses_subject() -> None:
    # The place details the day's cases; the suspected cases after it are the province's.
    text = "2月2日0—24时，河北省报告新增确诊病例8例，其中邢台市为首次报告病例，新增疑似病例47例。"
    got = keys(text, dt.date(2020, 2, 3))
    assert ("河北省", "new_suspected", "day:2020-02-02", 47) in got
    text = "2月2日0—24时，河北省新增确诊病例8例，其中邢台市的病例与湖北有关，新增死亡病例1例。"
    assert ("河北省", "new_deaths", "day:2020-02-02", 1) in keys(text, dt.date(2020, 2, 3))
    # A place with its own figure in the 其中 clause is still that figure's place.
    text = "2月2日0—24时，河北省新增确诊病例8例，其中邢台市新增3例。"
    assert ("邢台市", "new_confirmed", "day:2020-02-02", 3) in keys(text, dt.date(2020, 2, 3))
