"""Claims in Taiwanese news: Traditional script, the Republic's calendar (民國106年 is
2017), quarters written 第1季, money in 兆 (a million million), and Taiwan's cities and
counties (sentences reworded from real reports, figures changed).

The hard negatives are the figures two outlets give apart without contradicting each
other: the injured and those taken to hospital, a toll at noon and at six, an amount in
新台幣 beside one in renminbi.
"""

from __future__ import annotations

import datetime as dt

from seedlint.claims import scan_times
from seedlint.claims.script import to_simplified
from seedlint.model import Finding
from seedlint.testing import check_corpus
from test_claims import claim_rows  # the default pack's catalog, built once

PUB = dt.date(2018, 2, 8)


def times(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (
            te.text,
            te.date.isoformat() if te.date else None,
            te.end_date.isoformat() if te.end_date else None,
        )
        for te in scan_times(to_simplified(text), PUB)
        if te.role == "data"
    ]


def lint(texts: list[str]) -> list[list[Finding]]:
    docs = [f"2018年2月8日 來源：{'甲乙丙丁'[i % 4]}報\n{t}" for i, t in enumerate(texts)]
    return check_corpus(docs, ["C101"], paths=[f"d{i}.txt" for i in range(len(docs))])


def test_a_republic_year_is_read_as_the_common_era() -> None:
    assert times("民國107年2月7日，花蓮發生地震。") == [("民国107年2月7日", "2018-02-07", None)]
    assert times("民國105年全年") == [("民国105年全年", "2016-01-01", "2016-12-31")]


def test_a_quarter_written_without_du_is_a_quarter_and_four_seasons_are_not() -> None:
    assert times("民國106年第1季") == [("民国106年第1季", "2017-01-01", "2017-03-31")]
    assert times("花蓮四季如春") == []


def test_a_taiwanese_county_is_the_figures_region() -> None:
    text = "截至2月7日18時，花蓮縣地震死亡人數為10人，受傷人數為270人。"
    assert claim_rows(text, PUB) == [
        ("花莲县", "disaster_deaths", "asof:2018-02-07T18", 10),
        ("花莲县", "disaster_injured", "asof:2018-02-07T18", 270),
    ]


def test_zhao_is_a_million_million_and_new_taiwan_dollars_give_no_claim() -> None:
    assert claim_rows("民國105年全年，臺北市國內生產總值為3兆元。", PUB) == [
        ("台北市", "gdp", "span:2016-01-01..2016-12-31", 3e12)
    ]
    assert claim_rows("民國105年全年，臺北市國內生產總值為新台幣3兆元。", PUB) == []


def test_the_injured_at_one_hour_in_two_reports_conflict() -> None:
    a = "截至2月7日18時，花蓮縣地震受傷人數為270人。"
    b = "截至2月7日18时，花莲县地震受伤人数为265人。"
    fa, fb = lint([a, b])
    assert [f.code for f in fa] == ["C101"] and [f.code for f in fb] == ["C101"]


def test_the_injured_and_the_hospitalised_or_another_hour_do_not_conflict() -> None:
    a = "截至2月7日18時，花蓮縣地震受傷人數為270人。"
    b = "截至2月7日18時，花蓮縣地震送醫人數為180人。"  # taken to hospital: not a metric
    c = "截至2月7日12時，花蓮縣地震受傷人數為225人。"  # the toll at noon
    assert lint([a, b, c]) == [[], [], []]
