"""Provenance extraction's shortcuts give exactly what the plain definitions give.

Extraction runs on every document, so it finds its lines and dates in one pass, searches
bracketed credits only around credit lines, and skips tests whose characters are absent.
Each shortcut is checked here against the plain search it replaces, on the seeds, on the
generated pages of ``test_provenance_generated`` and on texts aimed at its edges.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from seedlint import provenance as P
from seedlint.testing import make_doc
from test_provenance_generated import KINDS, mutate

EDGES = [
    # a bracketed credit whose bracket ends the line before its role
    "正文第一段，说了一些事情。(\n记者 张三 李四)\n（  \n  编辑：王五）\n【责任编辑 赵六】",
    "（记者 张三）\n编辑 李四\n文/王五\n撰文：陈七、刘八",
    # keywords of several scans on one line, glued to one another
    "来源：人民网 转载自新华网 版权所有：某报 http://example.com/a 记者 张三",
    "Source: Xinhua | SOURCE: AP\nsource: nobody\n資源：無\n稿源：重慶日報",
    # dates of every form, next to numbers that are not years
    "2022年11月23日09:56 | 2022-11-23 09:56:00 | 2022/1/2 | 12022年1月1日 | 2022.11.23",
    "发布时间：2022-11-23\n更新時間：2022-11-24\n截至2022年11月30日\nPublished on 2021-01-01",
    "ＩＤ１２３４５６７８　２０２２年１１月２３日　１９９９－０１－０２",
    # glosses, which the view cuts out
    "網(wǎng)站來(lái)源(yuán)：重慶(qìng)日報\n2022年11月23日",
]


def texts(raw_seeds: Path) -> list[str]:
    out = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))] + EDGES
    for kind in KINDS:
        rng = random.Random(f"fastpaths-{kind}")
        out.extend(mutate(kind, rng)[0] for _ in range(4))
    return out


def views(raw_seeds: Path) -> list[P._View]:
    return [P._View(make_doc(t)) for t in texts(raw_seeds)]


def test_one_keyword_pass_finds_the_lines_each_scan_would_find(raw_seeds: Path) -> None:
    for v in views(raw_seeds):
        for scan, keys in P._LINE_KEYS.items():
            assert v.keyword_lines(scan) == P._lines_with(v.text, keys), (scan, v.text[:40])


def test_keyword_sets_of_different_scans_never_overlap() -> None:
    # what makes one pass enough: no keyword can hide another scan's keyword
    assert P._ONE_PASS
    assert P._can_overlap("撰文", "文/") and P._can_overlap("ab", "bc")
    assert not P._can_overlap("来源", "http")


def test_dates_from_the_first_pass_are_the_plain_date_search(raw_seeds: Path) -> None:
    for v in views(raw_seeds):
        assert [m.span() for m in v.date_matches()] == [
            m.span() for m in P._FULL_DATE.finditer(v.text)
        ], v.text[:40]


def test_bracketed_credits_are_found_around_credit_lines_as_in_the_whole_text(
    raw_seeds: Path,
) -> None:
    for v in views(raw_seeds):
        got = [(m.span(), m.group("role"), m.group("names")) for m in P._credit_parens(v)]
        plain = P._CREDIT_PAREN.finditer(v.text)
        assert got == [(m.span(), m.group("role"), m.group("names")) for m in plain]


def test_gloss_view_maps_back_to_the_body_offsets() -> None:
    text = EDGES[-1]
    v = P._View(make_doc(text))
    assert v.has_cuts and v.text == "網站來源：重慶日報\n2022年11月23日"
    for i, c in enumerate(v.text):
        assert text[v.orig(i)] == c
    assert v.line_starts == [0, v.text.index("\n") + 1]


def _plain_classify(text: str, m: re.Match[str]) -> tuple[str | None, bool, bool]:
    """The classification with every test run (no character pre-checks, no short cuts)."""
    start, end = m.span()
    ls, le = P._line_bounds(text, start, end)
    b = text[max(ls, start - 12) : start].rstrip()
    label = "other" if P._OTHER_LABEL.search(b) else "published" if P._PUB_LABEL.search(b) else None
    near = text[max(ls, start - 6) : start]
    after = text[end : min(le, end + 6)]
    future = any(f in near for f in P._FUTURE_MARKERS) or bool(P._RX_FUTURE_AFTER.match(after))
    pre, post = text[ls:start], text[end:le]
    pre_s, post_s = pre.strip(" \t\u3000\xa0\r"), post.strip(" \t\u3000\xa0\r")
    at_start = pre_s == "" or pre_s[-1:] in "|｜:：[【(（"
    at_end = post_s == "" or post_s[:1] in "|｜)）]】"
    start_ok = at_start and (post_s == "" or post_s[:1] in "|｜" or post[:1] in " \t\u3000\xa0")
    end_ok = at_end and (pre_s == "" or pre[-1:] in " \t\u3000\xa0|｜:：" or label is not None)
    stamp = le - ls <= P._TIMESTAMP_LINE_MAX and (start_ok or end_ok or label == "published")
    return label, stamp, future


@pytest.mark.parametrize(
    "before",
    [
        "",
        "发布时间：",
        "發佈時間 ： ",
        "Date:",
        "DATE ",
        "更新于",
        "截至",
        "将于",
        "by ",
        "今天是",
        "至",
    ],
)
def test_date_classification_is_the_plain_one(raw_seeds: Path, before: str) -> None:
    samples = [
        before + "2022年11月23日",
        before + "2022-11-23 09:56 | 来源：甲",
        "x" * 120 + before + "2022-11-23",
    ]
    for text in [*samples, *texts(raw_seeds)[:12]]:
        v = P._View(make_doc(text))
        for m in P._FULL_DATE.finditer(v.text):
            assert P._classify(v, m) == _plain_classify(v.text, m), (text[:50], m.group())


@pytest.mark.parametrize(
    "line",
    [
        "人民网",
        "  人民网  ",
        "《人民日报》",
        "重庆日报社 编辑部",
        "一个很长很长很长很长很长很长的标题报",
        "網(wǎng)易新聞",
        "x",
        "",
    ],
)
def test_masthead_short_cut_agrees_with_the_plain_test(line: str) -> None:
    v = P.clean_name(line)
    plain = (
        v
        if 2 <= len(v) <= 15 and P._RX_MASTHEAD.fullmatch(v) and v.endswith(P._MASTHEAD_SUFFIXES)
        else None
    )
    assert P._masthead(line) == plain


def _plain_first(md: Mapping[str, Any], field: str) -> tuple[str, Any] | None:
    flat: dict[str, tuple[str, Any]] = {}
    for k, v in md.items():
        if isinstance(k, str) and k != "seedlint":
            flat.setdefault(k.casefold(), (k, v))
    for k, v in md.items():
        if isinstance(k, str) and k != "seedlint" and isinstance(v, Mapping):
            for k2, v2 in v.items():
                if isinstance(k2, str):
                    flat.setdefault(k2.casefold(), (f"{k}.{k2}", v2))
    for key in P._META_KEYS[field]:
        hit = flat.get(key)
        if hit is not None and hit[1] not in (None, "", []):
            return hit
    return None


@pytest.mark.parametrize(
    "md",
    [
        {"date": "2022-11-23", "published": "2022-11-24"},
        {"Published": "", "pubdate": "2022-11-23", "Date": "2021-01-01"},
        {"info": {"url": "https://a.example/x", "source": "甲报"}, "source": "乙报"},
        {"来源": "重慶日報", "publisher": "新华网", "domain": "example.com"},
        {"id": 7, "pool": "seeds", "injected": ["gloss"], "seedlint": {"source": "x"}},
        {"timestamp": 1669168560, "author": "张三、李四", "editor": ["王五"]},
    ],
)
def test_metadata_fields_come_from_the_first_usable_key_in_order(md: dict[str, Any]) -> None:
    mv = P.read_metadata(md)
    pub = _plain_first(md, "published")
    assert mv.published_key == (pub[0] if pub else None)
    src = _plain_first(md, "source") or _plain_first(md, "source_domain")
    assert mv.source_key == (src[0] if src else None)
    url = _plain_first(md, "url")
    assert mv.url == (url[1] if url else None)
    ret = _plain_first(md, "retrieved")
    assert mv.retrieved == (P.parse_date(ret[1])[0] if ret else None)
    if md.get("timestamp"):
        assert mv.retrieved == dt.date(2022, 11, 23)


def test_dates_searched_in_steps_are_the_plain_date_search(raw_seeds: Path) -> None:
    # the header's dates first, the body's later (if ever): stopping and resuming the
    # search anywhere, even inside a date, gives the whole-text search
    for text in texts(raw_seeds):
        plain = [m.span() for m in P._FULL_DATE.finditer(P._View(make_doc(text)).text)]
        for step in (1, 3, 7, 40):
            v = P._View(make_doc(text))
            for upto in range(0, len(v.text) + step, step):
                v.dates_before(upto)
            assert [m.span() for m in v.date_matches()] == plain, (text[:40], step)


def _eager_body_dates(text: str) -> list[P.DateMention]:
    """Every full date after the header, classified, as the extraction once listed them."""
    v = P._View(make_doc(text))
    _first, v.header_end = P._header_end(v)
    out = []
    for m in P._FULL_DATE.finditer(v.text):
        got = P._mention_from_match(m)
        if m.start() >= v.header_end and got is not None:
            out.append(P._date_mention(v, m, got))
    for d in out:
        d.start, d.end = v.orig(d.start), v.orig(d.end)
    return out


def test_body_dates_read_on_first_use_are_every_date_after_the_header(raw_seeds: Path) -> None:
    for text in texts(raw_seeds):
        prov = P.extract_provenance(make_doc(text))
        assert prov.body_dates == _eager_body_dates(text), text[:40]
        for d in prov.body_dates:
            assert P._FULL_DATE.match(text, d.start) is not None  # body offsets, glosses too


@pytest.mark.parametrize("year", [1000, 1899, 1999, 2000, 2009, 2019, 2022, 2100, 2199])
def test_later_body_dates_are_the_body_dates_after_the_limit(raw_seeds: Path, year: int) -> None:
    # what P106 reads: the prefilter and the partial classification change nothing
    for text in [*texts(raw_seeds), "正文。\n" + "ID２０２３１１ 2０23年1月2日 x2199-01-01"]:
        for limit in (dt.date(year, 1, 1), dt.date(year, 12, 31)):
            lazy = P.extract_provenance(make_doc(text)).body_dates_after(limit)
            plain = [d for d in _eager_body_dates(text) if d.date > limit]
            assert lazy == plain, (text[:40], limit)


def test_year_prefilter_matches_exactly_the_years_from_its_own_on() -> None:
    digits = ("0123456789", "０１２３４５６７８９")
    for year in (1000, 1899, 1900, 1995, 2000, 2009, 2022, 2099, 2100, 2189, 2199):
        patterns = P._year_at_least(year)
        assert patterns is not None
        for value in range(10000):
            s = f"{value:04d}"
            for widths in ((0, 0, 0, 0), (1, 1, 1, 1), (1, 0, 1, 0), (0, 1, 1, 0)):
                t = "".join(digits[w][int(c)] for c, w in zip(s, widths, strict=True))
                want = s[0] in "12" and value >= year
                assert any(p.fullmatch(t) for p in patterns) == want, (year, t)
    assert P._year_at_least(999) is None and P._year_at_least(2200) is None


PROSE = "这是一段足够长的正文，用来当作第一段落，里面有两个逗号，还有一个句号。"


def _plain_dateline_line(v: P._View, first_body_line: int) -> int | None:
    """The file line of the dateline found by walking the lines one by one, as once done:
    the header's, then the body's up to its third non-blank one (at most 12 lines in)."""
    text, starts, seen = v.text, v.line_starts, 0
    for i in range(min(len(starts), first_body_line + 12)):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        line = text[s:e]
        if not line.strip():
            continue
        seen += 1 if i >= first_body_line else 0
        m = P._DATELINE.match(line) if "月" in line and "日" in line else None
        if m is not None:
            agency, place = P._split_agency(m.group("pre"))
            if agency is None and place is not None and len(place) > 6:
                m = None
        if m is not None or ("(" in line and "," in line and P._DATELINE_EN.match(line)):
            return v.line(s)
        if seen >= 3:
            break
    return None


@pytest.mark.parametrize(
    "text",
    [
        "标题\n\n2022年11月23日\n\n第一段。\n\n\n第二段\n第三段11月22日电\n本报重庆11月22日电 正文",
        "标题\n正文，很长的一段话。" * 3 + "\n本报重庆11月22日电 正文",
        "BEIJING, Nov. 23 (Xinhua) -- text\n\n\n  \n",
        "\n".join(["短行"] * 50) + "\n新华社北京11月22日电",
        "",
        "  \n \u3000\n本报北京11月22日电（记者 张三）",
        # prose opens the body: the dateline counts only on its first three non-blank lines
        PROSE + "\n\n第二行\n \n第三行\n本报重庆11月22日电 正文",
        PROSE + "\n\n第二行\n \n本报重庆11月22日电 正文",
        "标题\n" + PROSE + "\n" + "\n" * 14 + "本报重庆11月22日电 正文",
    ],
)
def test_dateline_looks_at_the_lines_the_plain_walk_would(raw_seeds: Path, text: str) -> None:
    for t in [text, *texts(raw_seeds)[:6]]:
        v = P._View(make_doc(t))
        first, v.header_end = P._header_end(v)
        prov = P.Provenance()
        P._scan_dateline(v, prov, first)
        got = prov.dateline.line if prov.dateline is not None else None
        assert got == _plain_dateline_line(v, first), t[:40]


LEDES = [
    "据公安部网站报道，",
    "據21世纪经济报道昨日消息",
    "新浪体育讯北京时间4月20日",
    "某某标题新华网北京7月3日电",
    "增长率为7.2%国际在线消息(记者 张三)",
    "北京南站部分线路调整晨报讯(记者 徐晶晶)",
    "中新网6月19日电",
    "【人民网消息】",
    "本报讯 记者张三",
    "新京报贝壳财经讯 7月20日，",
]


def test_every_lede_match_holds_a_character_of_the_lede_prefilter(raw_seeds: Path) -> None:
    """``_scan_lede`` skips a line without any of ``_LEDE_KIND``'s characters: no match of
    its three patterns can lie on such a line."""
    found = 0
    for t in [*texts(raw_seeds), *LEDES]:
        for rx in (P._LEDE, P._GLUED_LEDE, P._CITED_LEDE):
            for m in rx.finditer(t):
                found += 1
                assert P._LEDE_KIND.search(m.group(0)) is not None, (rx.pattern[:30], m.group(0))
    assert found >= len(LEDES)


@pytest.mark.parametrize("lede", LEDES)
def test_a_lede_is_read_after_the_prefilter_as_before(lede: str) -> None:
    """The outlets of the lede lines: what the three patterns give them, line by line,
    with no prefilter."""
    text = f"标题\n{lede}正文第一句。\n"
    prov = P.extract_provenance(make_doc(text))
    got = [n.value for n in prov.names if n.origin == "lede"]
    v = P._View(make_doc(text))
    want: list[str] = []
    for line in v.text.split("\n"):
        m = P._LEDE.search(line) or P._GLUED_LEDE.search(line)
        if m is not None:
            key = next(k for k in ("org", "agency", "paper") if m.group(k))
            if m.group(key) not in P._SELF_AGENCIES and not m.group(key).startswith("本报"):
                want.append(m.group(key))
                break
        mc = P._CITED_LEDE.search(line)
        if m is None and mc is not None:
            want.append(mc.group("org"))
            break
    assert got == want


def test_the_header_address_is_found_and_a_text_without_http_has_none() -> None:
    """``_scan_header_url`` returns at once when the text holds no ``http``: only a line
    holding one can give the address."""
    with_url = P.extract_provenance(make_doc("某小说\nhttp://www.example.com/\n正文。"))
    assert [n.value for n in with_url.names if n.origin == "address"] == ["example.com"]
    without = P.extract_provenance(make_doc("某小说\nwww.example.com\n正文。"))
    assert [n for n in without.names if n.origin == "address"] == []
