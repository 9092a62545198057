"""Claims beyond COVID: the figures of statistics bulletins and economy news (GDP, grain
output and sown area, retail sales, foreign trade) over the periods they count (a year, a
quarter, a half, the first months of a year).

Sentences are reworded from real CCTV bulletin transcripts and finance news, figures
changed. The hard negatives are the wordings that look like a figure of the same metric
and are not: per-head and per-unit figures, shares, growth rates, plans and forecasts,
periods that are a start, an end or a comparison's other term, periods not over yet.
"""

from __future__ import annotations

import datetime as dt

from seedlint.claims import scan_times
from seedlint.model import Finding
from seedlint.testing import check_corpus
from test_claims import claim_rows  # the default pack's catalog, built once

PUB = dt.date(2020, 7, 20)


def table(
    text: str, published: dt.date | None = PUB
) -> list[tuple[str | None, str, str | None, float]]:
    return claim_rows(text, published)


def spans(text: str, published: dt.date | None = PUB) -> list[tuple[str, str | None]]:
    return [
        (te.text, te.end_date.isoformat() if te.end_date else None)
        for te in scan_times(text, published)
        if te.role == "data"
    ]


def lint(texts: list[str]) -> list[list[Finding]]:
    docs = [f"2020年7月20日 来源：{'甲乙丙丁'[i % 4]}报\n{t}" for i, t in enumerate(texts)]
    return check_corpus(docs, ["C101"], paths=[f"d{i}.txt" for i in range(len(docs))])


# ------------------------------------------------------------------ periods


def test_statistics_periods_are_spans_of_days() -> None:
    assert spans("2019年全年，") == [("2019年全年", "2019-12-31")]
    assert spans("上半年，") == [("上半年", "2020-06-30")]
    assert spans("今年1-5月，") == [("今年1-5月", "2020-05-31")]
    assert spans("前两季度，") == [("前两季度", "2020-06-30")]
    assert spans("去年四季度，") == [("去年四季度", "2019-12-31")]
    assert spans("5月份，") == [("5月份", "2020-05-31")]
    assert spans("2020年2月，") == [("2020年2月", "2020-02-29")]


def test_a_period_that_is_a_start_an_end_or_a_target_is_no_span() -> None:
    for text in ("2019年以来，", "2019年底，", "到2025年，", "上半年以前，", "2019年同期，"):
        assert spans(text) == [], text


def test_a_periods_comparison_term_is_not_the_figures_period() -> None:
    # "比上年" / "较去年一季度": the other term of a comparison
    got = [te.role for te in scan_times("较去年一季度增长", PUB)]
    assert got == ["compare"]


def test_a_period_not_over_at_publication_is_no_span() -> None:
    # read in July, the year and the third quarter are still running: a forecast or a
    # running total, never the closed period
    assert spans("2020年全年，") == []
    assert spans("三季度，") == []
    assert spans("上半年，", dt.date(2020, 5, 2)) == []


def test_a_month_without_a_year_or_fen_is_not_read() -> None:
    # "5月" alone is too often part of something else (5月21日 is a date)
    assert spans("5月，") == []


def test_full_dates_are_still_days() -> None:
    assert [te.kind for te in scan_times("2020年3月18日0-24时，", PUB)] == ["day"]


# ------------------------------------------------------------------ metrics


def test_gdp_of_a_half_year_in_yuan() -> None:
    text = "初步核算，上半年国内生产总值（GDP）456600亿元，按可比价格计算，同比下降1.6%。"
    assert table(text) == [(None, "gdp", "span:2020-01-01..2020-06-30", 456600e8)]


def test_a_year_named_once_dates_the_grain_figures_of_its_sentence() -> None:
    text = "2019年，黑龙江省粮食播种面积达到2.15亿亩，粮食总产量7500万吨，连续9年全国第一。"
    got = table(text, dt.date(2020, 3, 17))
    assert got == [
        ("黑龙江省", "grain_sown_area", "span:2019-01-01..2019-12-31", 2.15e8),
        ("黑龙江省", "grain_output", "span:2019-01-01..2019-12-31", 7500e4),
    ]


def test_retail_sales_of_the_first_months() -> None:
    text = "今年1-5月，全国社会消费品零售总额142000亿元，同比下降13.5%。"
    got = table(text, dt.date(2020, 6, 17))
    assert got == [("全国", "retail_sales", "span:2020-01-01..2020-05-31", 142000e8)]


def test_a_month_not_read_between_period_and_figure_leaves_the_figure_undated() -> None:
    # "其中6月当月": the half-year before it is not this figure's period
    text = "上半年，全国社会消费品零售总额172000亿元；其中6月当月，社会消费品零售总额33000亿元。"
    got = table(text, dt.date(2020, 7, 20))
    assert [k for _, _, k, _ in got] == ["span:2020-01-01..2020-06-30", None]


def test_trade_is_not_a_metric_its_scopes_look_like_the_whole() -> None:
    # services only, one group of partners: never the country's total trade
    text = "一季度，我国服务进出口总额14500亿元。一季度，我国对RCEP成员国进出口总值2.8万亿元。"
    assert table(text, dt.date(2022, 5, 5)) == []


def test_per_head_per_unit_and_sector_figures_are_not_gdp() -> None:
    text = (
        "2019年，全市人均国内生产总值70800元，单位GDP能耗下降2.5%，"
        "海洋生产总值8900亿元，实际GDP增长6.1%。"
    )
    assert table(text, dt.date(2020, 3, 1)) == []


def test_shares_growth_rates_and_foreign_currency_are_not_levels() -> None:
    text = (
        "上半年，GDP同比增长5.5%。汽车业约占美国GDP的3%。罢工将使美国GDP减少56亿美元。"
        "占进出口总额的比重为65.5%。"
    )
    assert table(text) == []


def test_plans_and_forecasts_are_not_facts() -> None:
    text = (
        "今年，全省力争早稻播种面积达到1800万亩。2019年，全省粮食产量预计达到600万吨。"
        "2019年，全国粮食播种面积目标为17.5亿亩。"
    )
    assert table(text, dt.date(2020, 3, 17)) == []


def test_grain_in_jin_is_not_compared_with_grain_in_tonnes() -> None:
    # one unit family per metric: 亿斤 is never set against 万吨
    assert table("2019年，全国粮食总产量13277亿斤。", dt.date(2020, 3, 1)) == []


def test_a_crops_own_sown_area_is_not_the_grain_sown_area() -> None:
    assert (
        table("2019年，全省夏粮播种面积4.2亿亩，早稻播种面积1800万亩。", dt.date(2020, 3, 1)) == []
    )


# ------------------------------------------------------------------ C101 across articles


def test_two_articles_giving_a_provinces_sown_area_differently_conflict() -> None:
    a = "2019年，黑龍江省糧食播種面積2.15億畝。"  # Traditional script, as a reprint has it
    b = "2019年，黑龙江省粮食播种面积2.3亿亩。"
    fa, fb = lint([a, b])
    assert [f.code for f in fa] == ["C101"] and [f.code for f in fb] == ["C101"]
    assert "grain sown area" in fa[0].message


def test_the_same_area_written_in_wan_and_yi_agrees() -> None:
    a = "2019年，黑龙江省粮食播种面积21500万亩。"
    b = "2019年，黑龙江省粮食播种面积2.15亿亩。"
    assert lint([a, b]) == [[], []]


def test_different_periods_of_one_year_never_conflict() -> None:
    a = "今年1-5月，全国社会消费品零售总额142000亿元。"
    b = "今年1-4月，全国社会消费品零售总额106800亿元。"
    c = "上半年，全国社会消费品零售总额172000亿元。"
    assert lint([a, b, c]) == [[], [], []]


def test_a_region_named_in_an_earlier_sentence_is_not_the_figures() -> None:
    # real CCTV wording: a city's total, then the country's, no region named again
    text = "2021年，深圳经济总量3.07万亿元。2021年，经济总量达到114万亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2022, 3, 20))] == ["深圳市", None]


def test_a_day_is_never_the_period_of_a_gdp() -> None:
    text = "今天的中国，国内生产总值跃升到114万亿元。"
    assert [k for _, _, k, _ in table(text, dt.date(2022, 3, 20))] == [None]


def test_a_group_of_provinces_is_not_a_region_of_its_own() -> None:
    text = "2020年，我国东部地区生产总值达52.5万亿元；中部地区经济总量达到22万亿元。"
    assert table(text, dt.date(2021, 10, 30)) == []


def test_quan_sheng_after_a_province_is_that_province() -> None:
    # real CCTV page wording: a story naming 厦门 most often gives the province's GDP
    text = (
        "厦门市金融业持续发展，厦门港吞吐量再创新高。"
        "2024年，福建全省地区生产总值57000亿元，高新技术企业突破1.4万家。"
    )
    assert table(text, dt.date(2025, 6, 22)) == [
        ("福建省", "gdp", "span:2024-01-01..2024-12-31", 5_700_000_000_000)
    ]


def test_quan_shi_is_no_province() -> None:
    # a county-level city the catalogue does not know, in a story naming only its province
    text = "在政策赋能下，安徽无为大力发展新兴产业，2024年全市实现地区生产总值超700亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2025, 7, 22))] == [None]
    # a city the catalogue knows is still the home region of 全市
    text = "合肥市统计局发布数据。2024年，全市地区生产总值13500亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2025, 3, 1))] == ["合肥市"]


def test_a_group_led_by_a_province_is_not_the_province() -> None:
    # real CCTV wording: a province's former Soviet areas, not the province
    # (a clause naming 苏区 or 老区 now gives no claim at all: its region is a part)
    text = "2020年，江西赣南等原中央苏区地区生产总值超过1.2万亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2021, 5, 18))] == []
    text = "2020年，江西省地区生产总值25700亿元，同比增长3.8%。"
    assert [r for r, _, _, _ in table(text, dt.date(2021, 5, 18))] == ["江西省"]


def test_a_change_or_a_quota_of_sown_area_is_not_the_sown_area() -> None:
    for text in (
        "2020年，陕西省韩城市将新增粮食种植面积3万亩。",
        "2022年，吉林省已分解下达今年粮食播种面积8800万亩。",
    ):
        assert [r for r in table(text) if r[1] == "grain_sown_area"] == []
    # the area itself still is
    got = table("2021年，黑龙江省粮食播种面积达到2.155亿亩。", dt.date(2022, 3, 1))
    assert [r[1] for r in got] == ["grain_sown_area"]


# ------------------------------------------------------------------ read on real text
# Each wrong claim below was found by reading the economy claims of the real-text harness
# (bench/realtext/claims_sample.py); the sentences are reworded and the figures changed.


def test_a_threshold_passed_is_not_the_gdp() -> None:
    # "迈上X新台阶" names the level passed; the year's value may follow in the same sentence
    text = "2021年，我国经济稳中有进，经济总量迈上100万亿元新台阶，达到103.6万亿元。"
    assert table(text, dt.date(2022, 1, 20)) == []
    assert table("2023年，湖北省经济总量突破5万亿元大关。", dt.date(2024, 1, 25)) == []


def test_a_count_of_provinces_above_a_level_is_no_gdp() -> None:
    text = "前三季度，各地经济稳步恢复，共有12个省份的经济总量超过了2万亿元。"
    assert table(text, dt.date(2021, 11, 9)) == []


def test_a_provinces_old_revolutionary_areas_are_not_the_province() -> None:
    for text in (
        "截至2021年底，陕西革命老区完成地区生产总值1422.5亿元，比2012年增长71%。",
        "去年，江西老区苏区县完成地区生产总值20480.3亿元，是十年前的2.5倍。",
        "而四川全省的革命老区，去年GDP已达10345亿元，占全省比重21%。",
    ):
        assert table(text, dt.date(2022, 5, 1)) == [], text


def test_a_provinces_own_gdp_beside_those_hard_negatives_is_still_read() -> None:
    text = "2021年西藏地区生产总值2035.6亿元，比上年增长6.5%，首次突破2000亿元。"
    assert table(text, dt.date(2022, 3, 28)) == [
        ("西藏自治区", "gdp", "span:2021-01-01..2021-12-31", 2035.6e8)
    ]


def test_a_sown_area_kept_at_or_above_a_level_is_a_target() -> None:
    text = "今年，黑龙江粮食播种面积稳定在2.2亿亩以上，将实施大豆产能提升工程。"
    assert table(text, dt.date(2022, 4, 21)) == []


def test_yi_shang_after_a_unit_only_a_metric_knows_is_a_lower_bound() -> None:
    from test_claims import claims

    (c,) = claims("2019年，吉林省粮食播种面积达0.85亿亩以上。", dt.date(2020, 3, 1))
    assert (c.qualifier, c.unit, c.text) == ("ge", "亩", "粮食播种面积达0.85亿亩以上")


def test_the_country_named_after_a_place_takes_the_figure_from_it() -> None:
    # 中国 is no alias of 全国 (中国银行 ...): the figure gets no region, not the city's
    text = "杭州映照的正是中国大地上的深刻变革，今天的中国，经济总量跃升到101.6万亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2021, 3, 20))] == [None]
    # a place named after the country still binds its own figure
    text = "中国经济稳中向好，2020年，浙江省地区生产总值64613亿元。"
    assert [r for r, _, _, _ in table(text, dt.date(2021, 3, 20))] == ["浙江省"]
