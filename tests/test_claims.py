"""Claim extraction: what a figure is, where and when it applies, and how sure the text is.

These pin the reading the contradiction rules rely on: if a period or a qualifier is read
wrongly, two honest articles look contradictory (or a real contradiction hides).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import opencc
import pytest

from seedlint import claims as claims_mod
from seedlint.claims import (
    Claim,
    Quantity,
    Reading,
    TimeExpr,
    analyze,
    catalog_of,
    find_breakdowns,
    interval,
    load_catalog,
    normalize,
    parse_cn_int,
    parse_cn_number,
    read_text,
    scan_quantities,
    scan_times,
)
from seedlint.claims import catalog as claims_catalog
from seedlint.claims import numbers as claims_numbers
from seedlint.claims import reading as claims_reading
from seedlint.claims import script as claims_script
from seedlint.claims import times as claims_times
from seedlint.cli import main
from seedlint.rules import builtin_rules_dir
from seedlint.testing import make_doc, ruleset_for
from seedlint.yamlsafe import YamlError

LEX = builtin_rules_dir() / "lexicons"
CAT = load_catalog(
    (LEX / "metrics_zh.yaml",),
    (LEX / "regions_zh.yaml",),
    (LEX / "gazetteer_zh.yaml",),
    ("province", "prefecture", "county"),
)
PUB = dt.date(2022, 11, 23)


def claims(
    text: str, published: dt.date | None = PUB, reference: dt.date | None = None
) -> list[Claim]:
    return analyze(text, CAT, published, reference).claims


def claim_rows(
    text: str, published: dt.date | None
) -> list[tuple[str | None, str, str | None, float]]:
    """(region, metric, period key, value) of each claim: what the domain tests compare."""
    return [
        (c.region, c.metric, c.period.key if c.period else None, c.value)
        for c in claims(text, published)
    ]


def one(text: str, **kw: object) -> Claim:
    cs = claims(text, **kw)  # type: ignore[arg-type]
    assert len(cs) == 1, cs
    return cs[0]


def q1(text: str) -> Quantity:
    qs = [q for q in scan_quantities(text)]
    assert len(qs) == 1, qs
    return qs[0]


# ------------------------------------------------------------------ normalisation


def test_normalize_converts_traditional_and_fullwidth_without_moving_offsets() -> None:
    text = "重慶市新增本土確診病例１７８例"
    n = normalize(text)
    assert n.text == "重庆市新增本土确诊病例178例"
    assert n.starts is None and len(n.text) == len(text)


def test_normalize_drops_injected_pinyin_glosses_and_maps_offsets_back() -> None:
    text = "人民網(wǎng)重慶新增本土無癥狀感染者6157例"
    n = normalize(text)
    assert n.text == "人民网重庆新增本土无症状感染者6157例"
    i = n.text.index("6157")
    assert text[n.orig(i) : n.orig_end(i + 4)] == "6157"


def test_normalize_keeps_parenthesised_latin_that_is_not_a_gloss() -> None:
    assert normalize("病例(CT)确认").text == "病例(CT)确认"
    assert normalize("疫苗(a)剂").text == "疫苗(a)剂"


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("s", "v"),
    [
        ("六千一百五十七", 6157),
        ("一万零五十", 10050),
        ("两百", 200),
        ("十二", 12),
        ("二十一", 21),
        ("二〇二二", 2022),
        ("三亿五千万", 350_000_000),
        ("一千零一", 1001),
        ("十二万三千", 123_000),
    ],
)
def test_chinese_numerals_parse(s: str, v: int) -> None:
    assert parse_cn_int(s) == v


@pytest.mark.parametrize("s", ["万", "千万", "百", "一二五十"])
def test_non_numbers_made_of_numeral_characters_are_refused(s: str) -> None:
    assert parse_cn_int(s) is None


def test_chinese_decimal_keeps_its_precision() -> None:
    assert parse_cn_number("九十五点六") == pytest.approx((95.6, 0.1))


@pytest.mark.parametrize(
    ("text", "value", "unit", "qual"),
    [
        ("共375,369个", 375369, "个", "exact"),
        ("208,429人", 208429, "人", "exact"),
        ("12，345人", 12345, "人", "exact"),
        ("１７８例", 178, "例", "exact"),
        ("一百七十八例", 178, "例", "exact"),
        ("1.2万人", 12000, "人", "exact"),
        ("超6000例", 6000, "例", "gt"),
        ("超过6000例", 6000, "例", "gt"),
        ("逾6000例", 6000, "例", "gt"),
        ("5万余人", 50000, "人", "gt"),
        ("100多例", 100, "例", "gt"),
        ("约3000人", 3000, "人", "about"),
        ("3000人左右", 3000, "人", "about"),
        ("近6000例", 6000, "例", "about_le"),
        ("至少100人", 100, "人", "ge"),
        ("100人以上", 100, "人", "ge"),
        ("不少于100人", 100, "人", "ge"),
        ("不足50人", 50, "人", "lt"),
    ],
)
def test_quantities_read_value_unit_and_qualifier(
    text: str, value: float, unit: str, qual: str
) -> None:
    q = q1(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qual)


def test_percentages_in_digits_and_words_are_percentages() -> None:
    for text in ("95.6%", "95.6％", "百分之九十五点六"):
        q = q1(normalize(text).text)
        assert q.percent and q.value == pytest.approx(95.6) and q.precision == pytest.approx(0.1)


def test_ranges_merge_into_one_quantity() -> None:
    q = q1("100-200例")
    assert (q.qualifier, q.value, q.high, q.unit) == ("range", 100, 200, "例")
    assert interval(q) == (100, 200)


def test_thousands_separator_does_not_swallow_a_following_clause_comma() -> None:
    qs = scan_quantities("共1,234人，其中5人")
    assert [q.value for q in qs] == [1234, 5]


def test_ordinals_and_codes_are_not_quantities() -> None:
    assert scan_quantities("第一轮排查") == []
    assert all(q.value != 2 for q in scan_quantities("渝B2-20170014"))


def test_rounded_figure_admits_half_its_last_digit_and_about_admits_slack() -> None:
    assert interval(q1("1.2万人")) == (11500, 12500)
    lo, hi = interval(q1("约3000人"), about=0.1)
    assert (lo, hi) == pytest.approx((2700, 3300))
    lo, hi = interval(q1("超6000例"))
    assert lo > 6000 and hi == float("inf")


# ------------------------------------------------------------------ times


def times(text: str, published: dt.date | None = PUB, reference: dt.date | None = None):  # type: ignore[no-untyped-def]
    return scan_times(normalize(text).text, published, reference)


def test_whole_day_window_is_a_day_and_partial_window_is_not() -> None:
    [whole] = times("21日零时至24时，")
    assert (whole.kind, whole.date) == ("day", dt.date(2022, 11, 21))
    [part] = times("11月22日0-18时，")
    assert (part.kind, part.date, part.h0, part.h1) == ("window", dt.date(2022, 11, 22), 0, 18)


def test_chinese_numeral_dates_and_windows() -> None:
    [t] = times("二十一日零時至二十四時，")
    assert (t.kind, t.date) == ("day", dt.date(2022, 11, 21))
    [t] = times("十一月二十一日，")
    assert t.date == dt.date(2022, 11, 21)


def test_relative_words_count_from_the_dateline_reference() -> None:
    [t] = times("昨日，", published=dt.date(2022, 11, 23), reference=dt.date(2022, 11, 22))
    assert t.date == dt.date(2022, 11, 21)
    assert times("昨日，", published=None)[0].date is None


def test_bare_day_after_publication_day_is_last_month() -> None:
    [t] = scan_times("28日，", dt.date(2022, 12, 2))
    assert t.date == dt.date(2022, 11, 28)


def test_bare_day_takes_the_month_last_named() -> None:
    ts = scan_times("11月30日，中心城区...较29日", dt.date(2022, 12, 2))
    assert [t.date for t in ts] == [dt.date(2022, 11, 30), dt.date(2022, 11, 29)]


def test_month_day_without_year_takes_publication_year_unless_in_the_future() -> None:
    [t] = scan_times("12月30日，", dt.date(2023, 1, 4))
    assert t.date == dt.date(2022, 12, 30)


def test_as_of_moments_keep_their_hour() -> None:
    [t] = scan_times("截至2月4日20时，", dt.date(2020, 2, 5))
    assert (t.kind, t.date, t.h0) == ("asof", dt.date(2020, 2, 4), 20)
    [t] = scan_times("到11月30日，", dt.date(2022, 12, 2))
    assert (t.kind, t.h0) == ("asof", None)


def test_spans_of_days_are_one_expression() -> None:
    [t] = scan_times("1月24日下午至29日用5天半时间", dt.date(2020, 2, 5))
    assert (t.kind, t.date, t.end_date) == ("span", dt.date(2020, 1, 24), dt.date(2020, 1, 29))


@pytest.mark.parametrize(
    "text",
    [
        "本报重庆11月22日电 ",
        "城乡统筹发展网2月5日讯",
        "12月1日召开的重庆市政府疫情防控新闻发布会上介绍",
        "在2月5日重庆市政府疫情防控工作新闻发布会上",
        "重庆市卫健委12月2日发布",
        "12月2日通报,",
    ],
)
def test_press_conference_and_dateline_dates_are_events_not_data_dates(text: str) -> None:
    [t] = scan_times(text, dt.date(2022, 12, 2))
    assert t.role == "event"


def test_durations_are_not_dates() -> None:
    assert scan_times("报告数量连续3日下降", PUB) == []
    assert scan_times("3日内完成", PUB) == []


def test_start_dates_are_marked() -> None:
    [t] = scan_times("自1月24日启动社区排查以来", dt.date(2020, 2, 5))
    assert t.role == "start"


# ------------------------------------------------------------------ claims


def test_claim_binds_metric_region_period_and_value() -> None:
    c = one("21日零时至24时，重庆市新增本土确诊病例178例。")
    assert (c.region, c.metric, c.value, c.qualifier) == (
        "重庆市",
        "new_local_confirmed",
        178,
        "exact",
    )
    assert c.period is not None and c.period.key == "day:2022-11-21"
    assert c.key == ("重庆市", "new_local_confirmed", "day:2022-11-21")


def test_traditional_chinese_numeral_claim_reads_like_the_simplified_one() -> None:
    a = one("21日零时至24时，重庆市新增本土确诊病例178例。")
    b = one("二十一日零時至二十四時，重慶市新增本土確診病例一百七十八例。")
    assert (a.key, a.value) == (b.key, b.value)
    assert b.text == "新增本土確診病例一百七十八例"


def test_claim_span_points_at_the_original_text_even_with_glosses() -> None:
    text = "21日零時至24時,重慶市新增本土無癥(zhèng)狀感染者6157例。"
    c = one(text)
    assert text[c.start : c.end] == c.text == "新增本土無癥(zhèng)狀感染者6157例"
    assert c.metric == "new_local_asymptomatic"


def test_partial_window_claims_have_their_own_key() -> None:
    c = one("11月22日0-18时，重庆市新增本土确诊病例144例。")
    assert c.period is not None and c.period.key == "window:2022-11-22T00-18"


def test_contextual_region_resolves_to_the_documents_home_city() -> None:
    cs = claims("重庆市召开发布会。截至2月4日20时，全市共排查出208429人。", dt.date(2020, 2, 5))
    assert [(c.region, c.metric) for c in cs] == [("重庆市", "persons_screened")]
    assert cs[0].period is not None and cs[0].period.key == "asof:2020-02-04T20"


def test_contextual_region_without_a_home_is_unresolved_and_not_comparable() -> None:
    c = one("截至2月4日20时，全市共排查出208429人。", published=dt.date(2020, 2, 5))
    assert c.region is None and c.key is None


def test_nearest_region_wins_and_outlet_names_are_not_places() -> None:
    c = one("据北京青年报报道，11月21日，重庆市新增本土确诊病例178例。")
    assert c.region == "重庆市"
    c = one("重庆市卫健委通报，11月21日，北京市新增本土确诊病例12例。")
    assert c.region == "北京市"
    c = one("11月21日，北京青年报记者获悉新增本土确诊病例12例。")
    assert c.region is None


def test_part_of_a_city_is_its_own_region() -> None:
    c = one("11月21日，重庆市主城区新增本土确诊病例12例。")
    assert c.region == "重庆市主城区"
    c = one("上海市通报，11月21日，黄浦区新增本土确诊病例12例。")
    assert c.region == "黄浦区"  # from the gazetteer: not given to 上海市


def test_native_place_is_not_where_the_figure_applies() -> None:
    c = one("重庆市通报，湖北籍人员中，11月21日新增本土确诊病例3例。")
    assert c.region == "重庆市"


def test_change_yields_a_derived_claim_for_the_day_referred_to() -> None:
    cs = claims(
        "重庆市通报。11月30日，中心城区共报告新增感染者5522例，较29日减少863例。",
        dt.date(2022, 12, 2),
    )
    base, derived = cs
    assert (base.value, base.period and base.period.key) == (5522, "day:2022-11-30")
    assert (derived.value, derived.period and derived.period.key) == (6385, "day:2022-11-29")
    assert derived.region == base.region == "重庆市中心城区"
    assert derived.derived_from and derived.text == "较29日减少863例"


def test_increase_against_the_previous_day_subtracts() -> None:
    cs = claims("11月21日，重庆市新增本土确诊病例178例，较前一日增加20例。")
    assert [(c.value, c.period and c.period.key) for c in cs] == [
        (178, "day:2022-11-21"),
        (158, "day:2022-11-20"),
    ]


def test_bounds_are_claims_with_their_qualifier() -> None:
    c = one("11月21日，重庆市新增本土确诊病例超过170例。")
    assert c.qualifier == "gt" and c.lo > 170


@pytest.mark.parametrize(
    "text",
    [
        "603个高风险区连续5天没有新增感染者调整为低风险区。",
        "北京市、重庆市新增本土确诊病例分别为12例、178例。",
        "重庆市新增本土确诊病例和无症状感染者分别为178例、6157例。",
        "11月21日，重庆市新增本土确诊病例连续3天下降。",
        "11月21日，重庆市没有新增感染者5天以上。",
    ],
)
def test_figures_no_single_metric_owns_are_not_misread(text: str) -> None:
    assert [c for c in claims(text) if c.metric.startswith("new_")] == []


def test_metric_sharing_a_term_is_told_apart_by_the_rest_of_the_clause() -> None:
    cs = claims("到11月30日，重庆市已经有603个高风险区连续5天没有新增感染者调整为低风险区。")
    assert [(c.metric, c.value) for c in cs] == [("high_risk_areas_lifted", 603)]
    cs = claims("到11月30日，重庆市现有高风险区603个。")
    assert [(c.metric, c.value) for c in cs] == [("high_risk_areas", 603)]


def test_event_date_is_skipped_for_the_figures_period() -> None:
    c = one("12月1日召开的重庆市政府疫情防控新闻发布会上介绍，重庆市新增本土确诊病例189例。")
    assert c.period is None


def test_claims_of_every_seed_are_what_the_articles_say(raw_seeds: Path) -> None:
    got = {}
    for f in sorted(raw_seeds.glob("*.txt")):
        doc = make_doc(f.read_text(encoding="utf-8"), path=f.name)
        rs = ruleset_for(["C101"])
        cat = catalog_of(rs.rules)
        assert cat is not None
        from seedlint.claims import analysis_for

        got[f.name[:3]] = [
            (c.region, c.metric, c.period.key if c.period else None, c.value, c.qualifier)
            for c in analysis_for(doc, cat).claims
        ]
    assert got["001"] == []
    assert got["000"] == [
        ("重庆市", "new_local_confirmed", "day:2022-11-21", 178, "exact"),
        ("重庆市", "new_local_asymptomatic", "day:2022-11-21", 6157, "exact"),
        ("重庆市", "new_infections", None, 6000, "gt"),
        ("重庆市", "new_local_confirmed", "window:2022-11-22T00-18", 144, "exact"),
        ("重庆市", "new_local_asymptomatic", "window:2022-11-22T00-18", 3746, "exact"),
        ("重庆市", "new_pending_positive", "window:2022-11-22T00-18", 4231, "exact"),
    ]
    assert ("重庆市", "persons_screened", None, 208429, "exact") in got["002"]
    assert ("重庆市中心城区", "new_infections", "day:2022-11-29", 6385, "exact") in got["003"]
    assert ("重庆市", "new_local_confirmed", "day:2022-12-01", 189, "exact") in got["003"]


# ------------------------------------------------------------------ catalog


def test_a_new_domain_is_added_by_yaml_alone(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(
        "metrics:\n  rainfall:\n    label: rainfall\n    terms: [降雨量]\n    units: [毫米]\n",
        encoding="utf-8",
    )
    r = tmp_path / "r.yaml"
    r.write_text("regions:\n  杭州市: {level: city, aliases: [杭州]}\n", encoding="utf-8")
    cat = load_catalog((m,), (r,))
    [c] = analyze("11月21日，杭州市降雨量12毫米。", cat, PUB).claims
    assert (c.region, c.metric, c.value, c.unit) == ("杭州市", "rainfall", 12, "毫米")


def test_bad_metric_file_names_the_field(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text("metrics:\n  x:\n    terms: [a]\n    unitz: [b]\n", encoding="utf-8")
    with pytest.raises(YamlError, match="unitz"):
        load_catalog((m,), ())


def test_a_cohort_metrics_field_that_is_not_a_mapping_names_the_field(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(
        "metrics:\n  x:\n    terms: [a]\n    units: [例]\n    cohort: true\n"
        "    cohort_metrics: [y]\n",
        encoding="utf-8",
    )
    with pytest.raises(YamlError, match=r"x\.cohort_metrics: expected a mapping"):
        load_catalog((m,), ())


# ------------------------------------------------------------------ report and CLI


def test_json_report_lists_every_claim_per_document(
    raw_seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check",
            str(raw_seeds),
            "--select",
            "C101",
            "--output-format",
            "json",
            "--no-progress",
            "--exit-zero",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    by_doc = {Path(d["path"]).name[:3]: d["claims"] for d in report["documents"]}
    assert len(by_doc["000"]) == 6 and by_doc["001"] == []
    first = by_doc["000"][0]
    assert first["text"] == "新增本土確診病例178例" and first["line"] == 17
    assert first["period"]["key"] == "day:2022-11-21" and first["comparable"] is True


def test_claims_command_prints_a_table(raw_seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(raw_seeds)]) == 0
    out = capsys.readouterr().out
    assert "window:2022-11-22T00-18" in out and "新增陽性待診斷人員4231人" in out
    assert out.rstrip().endswith("claim(s) in 3 of 4 document(s)")
    assert main(["claims", str(raw_seeds), "--format", "json", "--comparable"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(c["comparable"] for d in data for c in d["claims"])


def test_reading_is_pure() -> None:
    text = "21日零时至24时，重庆市新增本土确诊病例178例。"
    assert read_text(text, PUB).quantities == read_text(text, PUB).quantities


@pytest.mark.parametrize(
    "text",
    [
        "21日零时至24时，",
        "11月22日0-18时，",
        "截至2月4日20时，",
        "到11月30日，",
        "1月24日下午至29日",
    ],
)
def test_period_key_reads_back_as_the_periods_own_description(text: str) -> None:
    from seedlint.claims import describe_period_key, period_of

    [t] = scan_times(text, PUB)
    for flow in (True, False):
        p = period_of(t, flow)
        assert p.key is not None and describe_period_key(p.key) == p.describe()


# ------------------------------------------------------------------ fast paths
#
# The reading looks only where something needs it: a raw-text prefilter for documents
# without figures, numbers read segment by segment around metric terms and breakdowns,
# dates found from anchors. Each shortcut must give exactly what the plain definition
# (normalise everything, read every number of the whole text) gives.

_S2T = opencc.OpenCC("s2t.json")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔù"


class _WholeText(Reading):
    """The plain definition: every number and every time of the whole normalised text."""

    def quantities_in(self, spans: object) -> list[Quantity]:
        return self.quantities

    def times_before(self, stop: int) -> list[TimeExpr]:
        return self.times


def _plain(text: str, published: dt.date | None, reference: dt.date | None = None) -> tuple:  # type: ignore[type-arg]
    rd = _WholeText(text, published, reference)
    t = rd.norm.text  # normalised first: no raw-text prefilter either
    return analyze(text, CAT, reading=rd).claims, find_breakdowns(t, rd.quantities, rd)


def _fast(text: str, published: dt.date | None, reference: dt.date | None = None) -> tuple:  # type: ignore[type-arg]
    rd = read_text(text, published, reference)
    return analyze(text, CAT, reading=rd).claims, rd.breakdowns()


def _mutate(text: str, rng: random.Random, kind: str) -> str:
    """What scraped copies do to a text, aimed at the shortcuts' edges."""
    chars = list(text)
    if kind == "traditional":
        return str(_S2T.convert(text))
    if kind == "glosses":  # pinyin after Han characters, which can split a metric term
        return "".join(
            c
            + (
                f"({rng.choice('qzxd')}{rng.choice(_TONES)})"
                if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.15
                else ""
            )
            for c in chars
        )
    if kind == "fullwidth":
        return text.translate(str.maketrans("0123456789%.", "０１２３４５６７８９％．"))
    if kind == "compatibility":  # CJK compatibility ideographs OpenCC normalises
        return text.replace("例", "\uf9b5").replace("零", "\uf9b2")
    if kind == "breaks":  # line breaks and segment ends in odd places
        for _ in range(max(1, len(chars) // 40)):
            i = rng.randrange(len(chars))
            chars.insert(i, rng.choice(["\n", "；", " \n", "。", "(含", "其中"]))
        return "".join(chars)
    raise ValueError(kind)


_EDGES = [
    "共排查出208,429\n人，其中离渝10050人、正常139682\n人；居家隔离58377人。",
    "全市新增本土确诊病例100-\n200例；新增无症状感染者三百\n例。",
    "湖北籍3304人 \n(含武汉籍375人)，新增感染者5000余\n人其中渝中区1200例、江北区800例。",
    "11月21日0时至24时，重庆市新增本土确诊病例178例，较20日减少\n12例；高风险区\n603个。",
    "其中" * 30 + "新增确诊病例" + "1" * 40 + "例",
    "全市共排查出1000人；其中本市户籍600人、外地户籍500人；重庆市新增确诊病例3例。",
]


@pytest.mark.parametrize(
    "kind", ["none", "traditional", "glosses", "fullwidth", "compatibility", "breaks"]
)
def test_fast_reading_gives_the_plain_definitions_claims_and_breakdowns(
    raw_seeds: Path, kind: str
) -> None:
    rng = random.Random(kind)
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))] + _EDGES
    for text in texts:
        t = text if kind == "none" else _mutate(text, rng, kind)
        for pub in (PUB, None):
            assert _fast(t, pub) == _plain(t, pub), (kind, t[:60])


def _breakdown_sentence(rng: random.Random) -> str:
    """A total, a lead of 0-50 characters and a list after 其中 or (含: aimed at the edges
    of the breakdown signs (40-character lead, blanks, 余, suffixes, units of time)."""

    def pick(*xs: str) -> str:
        return rng.choice(xs)

    def fig() -> str:
        return (
            pick("12", "３４", "5,000", "1.5", "十二", "六千一百", "2萬", "兩", "１２", "7")
            + pick("", "", " ", "\u3000", "\xa0", "\n")
            + pick("", "余", "多")
            + pick("", " ")
            + pick("人", "例", "名", "个", "人次", "张床", "天", "月", "小时", "", "%", "％")
            + pick("", "", "以上", "左右")
        )

    lead = "".join(
        rng.choice("新增本土确诊病例共有累计全部分别均一二三，、。")
        for _ in range(rng.choice([0, 3, 38, 39, 40, 41, 42, 43, 45, 50]))
    )
    parts = pick("、", "，", "；").join(
        pick("", "本地", "占", "其余") + fig() for _ in range(rng.randint(1, 3))
    )
    word = pick("其中", "其中", "其中包括", "(含", "（含", "（ 包括", "其(qí)中", "其\n中")
    return (
        pick("", "重慶市", "超", "约") + fig() + lead + word + parts + pick("。", "", "）", "等。")
    )


def test_breakdown_signs_never_hide_a_breakdown_or_an_inclusion() -> None:
    """The signs checked before any number is read (``_BreakdownSigns``) are a necessary
    condition: where they say no, reading everything finds nothing either."""
    rng = random.Random(8)
    found = skipped = 0
    norm_signs, raw_signs = claims_catalog._breakdown_signs()
    assert raw_signs is not None
    for _ in range(6000):
        text = _breakdown_sentence(rng) + _breakdown_sentence(rng)
        rd = Reading(text)
        t = rd.norm.text
        plain = find_breakdowns(t, rd.quantities, rd)
        assert read_text(text).breakdowns() == plain, text
        found += bool(plain[0] or plain[1])
        skipped += not norm_signs.may_hold(t)
        if claims_script._RAW_GLOSS_RE.search(text) is None:
            assert raw_signs.may_hold(text) or not norm_signs.may_hold(t), text
    assert found > 150 and skipped > 2000  # both sides of the condition were exercised


def test_one_raw_search_settles_a_clean_document_and_passes_glosses_and_terms_on() -> None:
    """The catalog's gate answers "no metric term" and "no gloss" in one search; a text
    with either is read in full, exactly as the two separate questions would decide."""
    clean = read_text("今天天气很好，我们去公园（东门）散步。")
    assert analyze(clean.text, CAT, reading=clean).claims == []
    assert not clean.normalized and clean.raw_plain
    glossed = read_text("今天天氣(qì)很好，我們去公園散步。")
    analyze(glossed.text, CAT, reading=glossed)
    assert glossed.normalized and not glossed.raw_plain
    split = "重慶市新增本土確(què)診病例178例"  # a gloss inside the metric term
    assert analyze(split, CAT).claims == _plain(split, None)[0] != []


def test_segments_read_alone_give_the_whole_text_quantities(raw_seeds: Path) -> None:
    rng = random.Random(3)
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))] + _EDGES
    for text in texts + [_mutate(t, rng, "breaks") for t in texts]:
        t = normalize(text).text
        whole = scan_quantities(t)
        cuts = [0, *(m.end() for m in re.finditer(f"[{claims_mod.SEGMENT_ENDS}]", t)), len(t)]
        pieces = [q for a, b in itertools.pairwise(cuts) if a < b for q in scan_quantities(t, a, b)]
        assert pieces == whole


def _old_date_matches(text: str):  # type: ignore[no-untyped-def]
    """The date search before the literal-led anchors: every 日/号 tried from the window's start."""
    anchor = re.compile(
        r"[日号]|截至目前|截止目前|截至发稿时|目前|当前|现有|至今|迄今|昨日|昨天|今日|今天|前日|前天"
        r"|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
    )
    date_re = claims_times._DATE_RE
    last = 0
    for a in anchor.finditer(text):
        if a.start() < last:
            continue
        if a.group() in ("日", "号"):
            found = next(
                (
                    m
                    for m in date_re.finditer(text, max(last, a.start() - 16), a.end())
                    if m.end() == a.end()
                ),
                None,
            )
            m2 = date_re.match(text, found.start()) if found else None
        else:
            m2 = date_re.match(text, a.start())
        if m2 is not None:
            last = m2.end()
            yield m2


def test_date_and_number_searches_find_what_the_plain_searches_find(raw_seeds: Path) -> None:
    rng = random.Random(5)
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))] + _EDGES
    texts += [_mutate(t, rng, k) for t in texts for k in ("breaks", "traditional")]
    texts += ["21 日、二十一日、前日、昨日和今日，目前至今，2022-11-21与2022/1/2日"]
    for text in texts:
        t = normalize(text).text
        assert [m.span() for m in claims_times._date_matches(t)] == [
            m.span() for m in _old_date_matches(t)
        ]
        assert [m.span() for m in claims_numbers._num_matches(t, 0, len(t))] == [
            m.span() for m in claims_numbers._NUM_RE.finditer(t)
        ]


@pytest.mark.parametrize("cut", [claims_mod.SEGMENT_ENDS, "。！？!?\n"])
def test_sentence_and_segment_bounds_are_those_of_a_character_walk(cut: str) -> None:
    rng = random.Random(cut)
    for _ in range(200):
        t = "".join(rng.choice("ab" + cut) for _ in range(rng.randint(1, 60)))
        cuts = claims_reading._Cuts(t, cut)
        for p in rng.sample(range(len(t)), min(len(t), 8)):
            start = p
            while start > 0 and t[start - 1] not in cut:
                start -= 1
            end = p
            while end < len(t) and t[end] not in cut:
                end += 1
            assert cuts.start(p) == start and cuts.next_cut(p) == end


def test_raw_prefilter_passes_every_spelling_of_every_metric_term() -> None:
    rng = random.Random(1)
    pre = claims_script._preimages()
    assert pre is not None
    for m in CAT.metrics.values():
        for term in m.terms:
            spellings = {
                term,
                str(_S2T.convert(term)),
                str(opencc.OpenCC("s2hk.json").convert(term)),
            }
            spellings |= {
                "".join(rng.choice(sorted(claims_catalog._spellings(c, pre))) for c in term)
                for _ in range(5)
            }
            for s in spellings:
                assert normalize(s).text == term or term not in normalize(s).text
                if term in normalize("前文" + s + "后文").text:
                    assert CAT.may_have_metrics("前文" + s + "后文"), s
    assert not CAT.may_have_metrics("今天天气很好，我们去公园散步。")


def test_phrase_only_conversions_are_known_to_the_prefilter() -> None:
    """OpenCC turns some characters into others only inside a phrase (瞭解 -> 了解); the
    raw-text prefilters rely on knowing every such pair (a newer OpenCC may add some)."""
    base = Path(opencc.__file__).resolve().parent / "clib"
    tool = base / "bin" / "opencc_dict"
    table = base / "share" / "opencc" / "TSPhrases.ocd2"
    if not tool.is_file() or not table.is_file() or shutil.which(str(tool)) is None:
        pytest.skip("OpenCC's dictionary tool is not installed")
    out = Path(tempfile.mkdtemp()) / "TSPhrases.txt"
    subprocess.run(
        [str(tool), "-i", str(table), "-o", str(out), "-f", "ocd2", "-t", "text"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pre = claims_script._preimages()
    assert pre is not None
    for line in out.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        value = values.split(" ")[0]
        assert len(key) == len(value), line  # a length change would move every offset
        for a, b in zip(key, value, strict=True):
            assert a == b or a in pre.get(b, frozenset()), (line, a, b)
        assert not set(key) & set(claims_mod.SEGMENT_ENDS + "\n"), line
