"""The four real seeds: the provenance each one must be credited with.

These values were read off the seeds by hand; they pin the extraction against the
conventions the seeds actually use (timestamp line with 來源, reprint notation
``人民網-《人民日報》``, a footer 來源 naming the original paper, a masthead line, datelines,
bylines with pinyin glosses in the labels).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from seedlint.provenance import Provenance, extract_provenance
from seedlint.testing import make_doc

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"

EXPECTED: dict[str, dict[str, object]] = {
    "000_ea1647fd556938d9.txt": {
        "published": dt.date(2022, 11, 23),
        "published_time": dt.time(9, 56),
        "published_line": 8,
        "source": "人民網",
        "original_source": "人民日報",
        "authors": ["王斌來", "常碧羅"],
        "editors": ["秦潔", "劉政寧"],
        "dateline": (dt.date(2022, 11, 22), "重慶", "本報"),
    },
    "001_712f67c0189c27b8.txt": {
        "published": dt.date(2022, 9, 14),
        "published_time": dt.time(11, 15),
        "published_line": 2,
        "source": "重慶發布",
        "original_source": "重慶日報",
        "authors": ["楊帆", "張珺"],
        "editors": ["鄒雨璠"],
        "dateline": None,
    },
    "002_5df404fbe06626fb.txt": {
        "published": dt.date(2020, 2, 5),
        "published_time": dt.time(23, 8, 10),
        "published_line": 5,
        "source": "城乡统筹发展网",
        "original_source": None,
        "authors": ["赖义羡"],
        "editors": [],
        "dateline": (dt.date(2020, 2, 5), None, "城乡统筹发展网"),
    },
    "003_7452ed3e741612d2.txt": {
        "published": dt.date(2022, 12, 2),
        "published_time": None,
        "published_line": 4,
        "source": "北京青年报",
        "original_source": None,
        "authors": ["高语阳"],
        "editors": ["马晓晴"],
        "dateline": None,
    },
}


def _seed(name: str) -> Provenance:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return extract_provenance(make_doc(text, path=name))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_gets_its_publication_date_source_and_credits(name: str) -> None:
    exp = EXPECTED[name]
    prov = _seed(name)
    assert prov.published == exp["published"]
    assert prov.published_time == exp["published_time"]
    assert prov.published_line == exp["published_line"]
    assert prov.source == exp["source"]
    assert prov.original_source == exp["original_source"]
    assert prov.authors == exp["authors"]
    assert prov.editors == exp["editors"]
    if exp["dateline"] is None:
        assert prov.dateline is None
    else:
        assert prov.dateline is not None
        assert (prov.dateline.date, prov.dateline.place, prov.dateline.agency) == exp["dateline"]


def test_seed_003_related_reading_dates_are_body_dates_after_publication() -> None:
    prov = _seed("003_7452ed3e741612d2.txt")
    later = [d for d in prov.body_dates if prov.published and d.date > prov.published]
    assert [d.date.isoformat() for d in later] == [
        "2024-11-11",
        "2024-07-11",
        "2024-07-10",
        "2023-07-05",
        "2023-06-20",
        "2023-01-04",
        "2023-01-04",
        "2022-12-26",
    ]
    assert all(d.timestamp and not d.future_context for d in later)


def test_relative_dates_resolve_against_the_dateline_of_seed_000() -> None:
    from seedlint.provenance import resolve_relative

    prov = _seed("000_ea1647fd556938d9.txt")
    assert prov.reference_date == dt.date(2022, 11, 22)
    assert resolve_relative("21日", prov.reference_date) == dt.date(2022, 11, 21)
    assert resolve_relative("昨日", prov.reference_date) == dt.date(2022, 11, 21)
    assert resolve_relative("11月20日", prov.reference_date) == dt.date(2022, 11, 20)


def test_extraction_is_memoised_in_the_document_cache() -> None:
    doc = make_doc((SEEDS / "002_5df404fbe06626fb.txt").read_text(encoding="utf-8"))
    first = extract_provenance(doc)
    assert doc.cache["provenance"] is first
    assert extract_provenance(doc) is first


def test_to_dict_is_json_safe_and_carries_the_main_fields() -> None:
    import json

    d = _seed("000_ea1647fd556938d9.txt").to_dict()
    again = json.loads(json.dumps(d, ensure_ascii=False))
    assert again["published"] == "2022-11-23"
    assert again["published_time"] == "09:56"
    assert again["source"] == "人民網"
    assert again["original_source"] == "人民日報"
    assert again["dateline"]["date"] == "2022-11-22"
