"""Claims on market news in Traditional script: the growth of a group of companies' total
market value, as Taiwanese papers reported one consultancy's yearly ranking on the same
morning (sentences reworded from real reports, figures changed).

Three reports of one ranking gave the US firms' total growth as two different rates, and
no claim was read from any of them: a growth rate is a percentage, which no metric took,
and its only time is 今年. The hard negatives are the rates beside it that are other
figures: one company's rise, a company's rank, the whole list's growth dated by another
year, two places' firms together, a forecast, and the same rate a day later.
"""

from __future__ import annotations

import datetime as dt

from seedlint.model import Finding
from seedlint.testing import check_corpus
from test_claims import claim_rows  # the default pack's catalog, built once

PUB = dt.date(2017, 6, 28)


def table(
    text: str, published: dt.date | None = PUB
) -> list[tuple[str | None, str, str | None, float]]:
    return [r for r in claim_rows(text, published) if r[1] == "market_cap_growth"]


def lint(texts: list[str], days: list[int] | None = None) -> list[list[Finding]]:
    days = days or [28] * len(texts)
    docs = [
        f"2017年6月{d}日 來源：{'甲乙丙丁'[i % 4]}報\n{t}"
        for i, (t, d) in enumerate(zip(texts, days, strict=True))
    ]
    return check_corpus(docs, ["C101"], paths=[f"d{i}.txt" for i in range(len(docs))])


US_A = "今年美國共有54家企業入榜全球市值百大，企業總市值約108,500億美元，成長率為11%。"
US_B = "今年美國共有54家企業入榜全球市值百大，企業總市值約10.85兆美元，年成長率為14%。"


def test_a_groups_total_market_value_growth_is_a_claim_as_of_publication() -> None:
    assert table(US_A) == [("美国", "market_cap_growth", "asof:2017-06-28", 11)]


def test_two_reports_of_one_morning_giving_the_growth_differently_conflict() -> None:
    fa, fb = lint([US_A, US_B])
    assert [f.code for f in fa] == ["C101"] and [f.code for f in fb] == ["C101"]
    assert "11%" in fa[0].message and "14%" in fa[0].message


def test_the_same_rate_in_two_reports_agrees() -> None:
    assert lint([US_A, US_A.replace("成長率", "年成長率")]) == [[], []]


def test_reports_of_different_days_are_not_compared() -> None:
    assert lint([US_A, US_B], days=[28, 29]) == [[], []]


def test_one_companys_rise_is_not_the_total_growth() -> None:
    text = "大陸市值最大的企業為騰訊，市值較去年增加700億美元，增幅39%，來到2,600億美元。"
    assert table(text) == []


def test_a_companys_rank_and_a_forecast_are_not_the_total_growth() -> None:
    rank = "阿里巴巴則以總市值2,590億美元排名全球市值第13大，市值較去年增加700億美元，增幅36%。"
    forecast = "分析師預估，今年美國企業總市值可望再成長，增長率為9%。"
    assert table(rank) == [] and table(forecast) == []


def test_another_year_named_in_the_sentence_is_no_publication_day() -> None:
    text = "2016年美國企業總市值約96,000億美元，成長率為7%。"
    assert [r[2] for r in table(text)] == [None]


def test_two_places_firms_together_are_neither_places() -> None:
    a = "中國大陸和香港今年共有10家企業進榜，總市值增加到今年19,800億美元，增幅達15%。"
    b = "大陸/香港今年共有10家企業進榜，總市值增加到今年19,800億美元，增幅達15%。"
    assert [r[0] for r in table(a)] == [None] and [r[0] for r in table(b)] == [None]


def test_a_rate_without_percent_is_no_growth_claim() -> None:
    assert table("今年美國企業總市值約108,500億美元，增幅為1,400億美元。") == []
