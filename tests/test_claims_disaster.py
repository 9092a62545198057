"""Claims about disasters: the toll and losses of one event (deaths, missing, injured,
affected population, direct economic loss), as a bulletin states them at a moment.

Sentences are reworded from real CCTV transcripts and web news about floods, typhoons and
earthquakes, figures changed. A toll rises through the day, so a figure dated only by a
day ("13日，死亡人数升至69人") is never compared: two reports of that day may both be right.
The hard negatives are the wordings that look like a toll and are not one: the epidemic's
deaths, a shooting's or a war's casualties, forecasts, a region named only in an earlier
sentence.
"""

from __future__ import annotations

import datetime as dt

from seedlint.model import Finding
from seedlint.testing import check_corpus
from test_claims import claim_rows  # the default pack's catalog, built once

PUB = dt.date(2021, 7, 24)


def table(
    text: str, published: dt.date | None = PUB
) -> list[tuple[str | None, str, str | None, float]]:
    return claim_rows(text, published)


def lint(texts: list[str]) -> list[list[Finding]]:
    docs = [f"2021年7月24日 来源：{'甲乙丙丁'[i % 4]}报\n{t}" for i, t in enumerate(texts)]
    return check_corpus(docs, ["C101"], paths=[f"d{i}.txt" for i in range(len(docs))])


def test_a_bulletins_toll_at_an_hour_is_a_claim_per_metric() -> None:
    text = (
        "截至7月23日12时，河南省因灾死亡人数58人，失踪人数5人，"
        "受灾人口1200万人，直接经济损失12.5亿元。"
    )
    assert table(text) == [
        ("河南省", "disaster_deaths", "asof:2021-07-23T12", 58),
        ("河南省", "disaster_missing", "asof:2021-07-23T12", 5),
        ("河南省", "disaster_affected", "asof:2021-07-23T12", 12_000_000),
        ("河南省", "disaster_direct_loss", "asof:2021-07-23T12", 1_250_000_000),
    ]


def test_a_day_end_dates_a_toll_a_bare_day_does_not() -> None:
    assert table("截至7月23日24时，郑州市受灾人口280万人。") == [
        ("郑州市", "disaster_affected", "asof:2021-07-23", 2_800_000)
    ]
    # "13日" is some hour of the 13th: a later report of the same day may say more
    assert [k for _, _, k, _ in table("13日，广东省死亡人数已达19人。")] == [None]


def test_the_epidemics_deaths_are_not_a_disasters_toll() -> None:
    text = "截至7月23日12时，美国新冠肺炎死亡人数超过61万人。"
    assert [m for _, m, _, _ in table(text)] == []


def test_violence_and_forecasts_give_no_toll() -> None:
    assert table("截至7月23日12时，芝加哥枪击事件死亡人数升至9人。") == []
    assert table("截至7月23日12时，河南省直接经济损失预计超过20亿元。") == []


def test_a_region_named_only_in_an_earlier_sentence_is_not_the_tolls() -> None:
    text = "河南省遭遇特大暴雨。截至7月23日12时，因灾死亡人数58人。"
    assert [r for r, _, _, _ in table(text)] == [None]


def test_two_bulletins_giving_one_moments_toll_differently_conflict() -> None:
    a = "截至7月23日12时，河南省因灾死亡人数58人。"
    b = "截至7月23日12时，河南省因灾死亡人数63人。"
    fa, fb = lint([a, b])
    assert [f.code for f in fa] == [f.code for f in fb] == ["C101"]
    assert "deaths in a disaster" in fa[0].message


def test_a_toll_that_rose_between_two_moments_is_no_conflict() -> None:
    a = "截至7月23日12时，河南省因灾死亡人数58人。"
    b = "截至7月23日18时，河南省因灾死亡人数63人。"
    c = "23日，河南省因灾死亡人数63人。"
    assert lint([a, b, c]) == [[], [], []]


def test_the_same_loss_in_wan_and_yi_yuan_agrees() -> None:
    a = "截至7月23日12时，河南省直接经济损失12.5亿元。"
    b = "截至7月23日12时，河南省直接经济损失125000万元。"
    assert lint([a, b]) == [[], []]


def test_dead_and_missing_together_are_their_own_quantity() -> None:
    text = "2021年7月17日至23日，河南省遭遇特大暴雨，灾害共造成河南省因灾死亡失踪402人。"
    assert [m for _, m, _, _ in table(text, dt.date(2022, 1, 21))] == ["disaster_dead_or_missing"]


def test_gun_violence_deaths_are_no_disasters_toll() -> None:
    text = "据统计，截至7月23日12时，美国涉枪案件造成的死亡人数已达到14000人。"
    assert [r for r in table(text) if r[1].startswith("disaster")] == []


# ------------------------------------------------------------------ read on real text
# Found by reading the disaster claims of the real-text harness; reworded, figures changed.


def test_a_years_deaths_of_a_country_are_no_disasters_toll() -> None:
    text = "报告称，英国去年死亡人数共计约68.9万人，其中约7万人的死因与新冠肺炎有关。"
    assert table(text) == []
    assert table("该国每年死亡人数约为2万人。") == []


def test_factional_fighting_and_massacres_give_no_toll() -> None:
    text = "武斗中，该市共计死亡980人，伤5000余人，直接经济损失超过1亿元。"
    assert table(text) == []
    assert table("殖民当局两次屠杀当地华侨，死亡人数高达三万余人。") == []


def test_an_estimated_loss_written_yue_da_is_about_not_exact() -> None:
    from test_claims import claims

    (c,) = claims("2007年，某化工园区发生爆炸，直接经济损失约达300万元。", PUB)
    assert (c.qualifier, c.value) == ("about", 3_000_000)


def test_a_disasters_toll_beside_those_hard_negatives_is_still_read() -> None:
    assert table("截至21日24时，土耳其南部强震遇难人数已超过40000人。", dt.date(2023, 2, 22)) == [
        ("土耳其", "disaster_deaths", "asof:2023-02-21", 40000)
    ]


def test_a_sides_dead_in_a_conflict_named_before_are_no_toll() -> None:
    # the conflict is named in the sentence before, outside the figure's clause
    text = "19日，两国边境交火仍在持续。截至19日12时，甲方死亡人数为12人，数百人受伤。"
    assert table(text) == []
