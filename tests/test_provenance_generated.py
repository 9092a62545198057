"""Generated articles with known provenance, then broken in known ways.

The generator builds news pages the way the seeds are laid out (masthead, title,
timestamp and source line, dateline, prose, credits, a related-reading list with
earlier dates), in Simplified or Traditional, ASCII or full-width, in several date
forms. Each mutation removes, alters, duplicates or moves one piece of provenance and
states, from what the generator knows (never from what seedlint extracts), exactly
which findings must follow. ``bench/bench_provenance.py`` runs the same cases in bulk
and reports recall and false positives per mutation.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from seedlint.testing import check_text, ruleset_for

CODES = ["P101", "P102", "P103", "P104", "P105", "P106", "P107", "P108"]

SOURCES = [
    ("人民网", "人民網"),
    ("新华网", "新華網"),
    ("重庆日报", "重慶日報"),
    ("城乡统筹发展网", "城鄉統籌發展網"),
    ("中国新闻网", "中國新聞網"),
    ("光明网", "光明網"),
    ("澎湃新闻", "澎湃新聞"),
    ("华龙网", "華龍網"),
]
PLACES = ["重庆", "北京", "上海", "成都", "武汉", "广州"]
SUBJECTS = ["全市", "市卫健委", "各区县", "有关部门", "市政府新闻办", "社区工作人员", "各级党组织"]
ACTIONS = [
    "召开专题会议研究部署下一步工作",
    "通报了近期疫情防控工作情况",
    "加强社会面防控和重点场所管理",
    "做好群众生活必需品保障供应",
    "持续推进常态化核酸检测工作",
    "落实好进一步优化防控工作的措施",
    "深入细致开展排查防控工作",
]
TITLES = ["重庆全力推动社会面清零", "市疫情防控工作领导小组召开会议", "抓住窗口期不断推出升级版"]
CREDIT_NAMES = ["王斌来", "常碧罗", "杨帆", "张珺", "赖义羡", "高语阳", "马晓晴"]
_T = str.maketrans(
    "来发时间编辑记者网报重庆闻华国龙乡统筹织庆区县卫健委会议议级党组召开研究部署关于进",
    "來發時間編輯記者網報重慶聞華國龍鄉統籌織慶區縣衛健委會議議級黨組召開研究部署關於進",
)
_FW = str.maketrans("0123456789:-", "０１２３４５６７８９：－")


@dataclass
class Article:
    """A generated page and what the generator knows about it."""

    published: dt.date
    source: str
    trad: bool
    masthead: str | None
    title: str
    stamp: str
    """The timestamp (date and maybe time) as written."""
    source_label: str
    """The label and its value as written (``来源：人民网``)."""
    stamp_line_joined: bool
    """Timestamp and source on one line (``2022-11-23 09:56 | 来源：人民网``)."""
    dateline_date: dt.date | None
    dateline: str
    paragraphs: list[str]
    credits: list[str]
    related: list[tuple[str, dt.date]]
    metadata: dict[str, Any] = field(default_factory=dict)
    extra_header: list[str] = field(default_factory=list)
    appended: list[tuple[str, dt.date]] = field(default_factory=list)

    def render(self) -> str:
        header = [self.masthead] if self.masthead else []
        header.append(self.title)
        if self.stamp_line_joined:
            parts = [p for p in (self.stamp, self.source_label) if p]
            header.append(" | ".join(parts) if len(parts) == 2 else "".join(parts))
        else:
            header += [x for x in (self.stamp, self.source_label) if x]
        header += self.extra_header
        body = [self.dateline + self.paragraphs[0], *self.paragraphs[1:]]
        tail = list(self.credits)
        if self.related or self.appended:
            tail.append("相关阅读" if not self.trad else "相關閱讀")
            for title, d in [*self.related, *self.appended]:
                tail += [title, f"{self.source} {d.isoformat()}"]
        text = "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(tail) + "\n"
        return text.translate(_T) if self.trad else text


def _fmt_stamp(rng: random.Random, d: dt.date) -> str:
    hh, mm = rng.randrange(24), rng.randrange(60)
    forms = [
        f"{d.isoformat()} {hh:02d}:{mm:02d}",
        f"{d.isoformat()} {hh:02d}:{mm:02d}:{rng.randrange(60):02d}",
        f"{d.year}年{d.month}月{d.day}日{hh:02d}:{mm:02d}",
        f"{d.year}年{d.month:02d}月{d.day:02d}日 {hh:02d}:{mm:02d}",
        f"{d.year}/{d.month:02d}/{d.day:02d}",
        d.isoformat(),
        f"发布时间：{d.isoformat()}",
    ]
    s = rng.choice(forms)
    if rng.random() < 0.15:
        s += " 星期" + "一二三四五六日"[d.weekday()]
    return s.translate(_FW) if rng.random() < 0.2 else s


def _sentence(rng: random.Random, pub: dt.date) -> str:
    parts = [f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}" for _ in range(rng.randint(2, 4))]
    r = rng.random()
    if r < 0.3:
        d = pub - dt.timedelta(days=rng.randint(1, 20))
        parts.insert(0, f"{d.month}月{d.day}日")
    elif r < 0.45:
        d = pub - dt.timedelta(days=rng.randint(30, 900))
        parts.insert(0, f"{d.year}年{d.month}月{d.day}日")
    elif r < 0.55:
        parts.append(f"新规定自{pub.year + 1}年1月1日起施行")
    return "，".join(parts) + "。"


HEADER_NOISE = [
    "首页 > 新闻中心 > 重庆新闻",
    "【字体：大 中 小】",
    "字号：大 中 小",
    "浏览次数：{n}",
    "分享到：微信 微博 QQ空间",
    "作者：{name}",
    "责任编辑：{name}",
    "打印本页 关闭窗口",
]
BODY_NOISE = [
    "（图片来源：视觉中国）",
    "数据来源：市统计局，截至{y}年{m}月底的统计。",
    "新闻热线:023-61520695 举报电话:023-61520697",
    "渝ICP备10015940号-1 Copyright 2011-2017 版权所有",
    "文件编号：渝府发〔{y}〕12号",
    "活动时间为{y}年{m}月1日至{m}月20日，地点在市体育馆，欢迎市民参加。",
    "点击量：{n}",
]


def _noise(rng: random.Random, pool: list[str], pub: dt.date) -> list[str]:
    picks = rng.sample(pool, rng.randint(0, 2))
    name = rng.choice(CREDIT_NAMES)
    n = rng.randint(10, 99999)
    return [x.format(n=n, name=name, y=pub.year, m=pub.month) for x in picks]


def make_article(rng: random.Random, fallbacks: bool = True) -> Article:
    """A clean page: every provenance rule must stay silent on it."""
    pub = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(365 * 8))
    trad = rng.random() < 0.4
    simp, trad_name = rng.choice(SOURCES)
    source = trad_name if trad else simp
    colon = rng.choice(["：", ":", ": "])
    label = rng.choice(["来源", "来源", "稿源"]) if not trad else "來源"
    dl_date = pub - dt.timedelta(days=rng.randint(0, 3)) if rng.random() < 0.6 else None
    if dl_date is not None:
        agency = rng.choice(["本报", "新华社", simp])
        dateline = f"{agency}{rng.choice(PLACES)}{dl_date.month}月{dl_date.day}日电 "
    else:
        dateline = ""
    credits: list[str] = []
    if rng.random() < 0.6:
        a, b = rng.sample(CREDIT_NAMES, 2)
        credits = [f"记者：{a}", f"编辑：{b}"]
    related = []
    for _ in range(rng.randint(0, 3)):
        related.append(
            (
                rng.choice(TITLES) + "，" + rng.choice(ACTIONS),
                pub - dt.timedelta(days=rng.randint(1, 60)),
            )
        )
    paragraphs = [_sentence(rng, pub) for _ in range(rng.randint(2, 5))]
    paragraphs += _noise(rng, BODY_NOISE, pub)
    return Article(
        published=pub,
        source=source,
        trad=trad,
        masthead=(source if fallbacks and rng.random() < 0.3 else None),
        title=rng.choice(TITLES),
        stamp=_fmt_stamp(rng, pub),
        source_label=f"{label}{colon}{source}",
        stamp_line_joined=rng.random() < 0.6,
        dateline_date=dl_date,
        dateline=dateline,
        paragraphs=paragraphs,
        credits=credits,
        related=related,
        extra_header=_noise(rng, HEADER_NOISE, pub),
    )


def _later(a: Article, pub: dt.date) -> int:
    return sum(1 for _t, d in [*a.related, *a.appended] if d > pub)


def mutate(kind: str, rng: random.Random) -> tuple[str, dict[str, Any], Counter[str]]:
    """(text, metadata, expected findings by code) for one mutation kind."""
    a = make_article(rng, fallbacks=kind not in ("drop-source",))
    exp: Counter[str] = Counter()
    if kind == "clean":
        pass
    elif kind == "drop-date":
        a.stamp = ""
        # A dateline still dates the report (within its year, when it has none).
        a.dateline = ""
        a.dateline_date = None
        exp["P101"] = 1
    elif kind == "drop-source":
        a.source_label = ""
        a.dateline = a.dateline if not a.dateline or a.dateline.startswith("本报") else ""
        a.dateline_date = a.dateline_date if a.dateline else None
        exp["P102"] = 1
    elif kind == "dup-date":
        other = a.published + dt.timedelta(days=rng.choice([-40, -3, -1, 1, 2, 30]))
        a.extra_header.append(f"发布时间：{other.isoformat()}")
        exp["P103"] = 1
        # A labelled date is preferred to a bare one, so the added label may become the
        # publication date; the dateline and the related list are then judged against it.
        chosen = a.published if a.stamp.startswith("发布时间") else other
        dl = a.dateline_date
        if dl is not None and (dl > chosen or (chosen - dl).days > 14):
            exp["P105"] = 1
        if _later(a, chosen):
            exp["P106"] = _later(a, chosen)
    elif kind == "dup-source":
        simp, trad = rng.choice([s for s in SOURCES if a.source not in s])
        a.extra_header.append(f"来源：{trad if a.trad else simp}")
        exp["P104"] = 1
    elif kind == "future":
        pub = a.published.replace(year=2096)  # a leap year: every generated day exists
        a.stamp = a.stamp.replace(str(a.published.year), "2096").replace(
            str(a.published.year).translate(_FW), "２０９６"
        )
        shift = pub - a.published
        a.published = pub
        if a.dateline_date is not None:
            a.dateline_date += shift
        a.related = [(t, d + shift) for t, d in a.related]
        exp["P107"] = 1
    elif kind == "shift-back":
        days = rng.randint(20, 60)
        new = a.published - dt.timedelta(days=days)
        a.metadata = {"published": new}
        exp["P108"] = 1
        if a.dateline_date is not None:
            exp["P105"] = 1
        n = _later(a, new)
        if n:
            exp["P106"] = n
    elif kind == "appended-later":
        for _ in range(rng.randint(1, 3)):
            a.appended.append(
                (rng.choice(TITLES), a.published + dt.timedelta(days=rng.randint(1, 700)))
            )
        exp["P106"] = len(a.appended)
    elif kind == "front-matter":
        a.metadata = {"published": a.published, "source": a.source}
        a.stamp, a.source_label = "", ""
    elif kind == "meta-source":
        simp, trad = rng.choice([s for s in SOURCES if a.source not in s])
        a.metadata = {"source": trad if a.trad else simp}
        exp["P108"] = 1
    elif kind == "dateline-late":
        if a.dateline_date is None:
            a.dateline_date = a.published
        new = (
            a.published + dt.timedelta(days=rng.randint(1, 5))
            if rng.random() < 0.5
            else (a.published - dt.timedelta(days=rng.randint(20, 120)))
        )
        a.dateline_date = new
        a.dateline = f"本报{rng.choice(PLACES)}{new.month}月{new.day}日电 "
        exp["P105"] = 1
    else:  # pragma: no cover
        raise ValueError(kind)
    return a.render(), a.metadata, exp


KINDS = [
    "clean",
    "drop-date",
    "drop-source",
    "dup-date",
    "dup-source",
    "future",
    "shift-back",
    "appended-later",
    "front-matter",
    "meta-source",
    "dateline-late",
]


def found(text: str, metadata: dict[str, Any]) -> Counter[str]:
    rs = _RS[0]
    fs = check_text(text, metadata=metadata or None, ruleset=rs)
    return Counter(f.code for f in fs if f.code in CODES)


_RS = [ruleset_for(CODES)]


@pytest.mark.parametrize("kind", KINDS)
def test_generated_mutation_gives_exactly_the_expected_findings(kind: str) -> None:
    rng = random.Random(f"provenance-{kind}")
    misses = []
    for i in range(30):
        text, meta, exp = mutate(kind, rng)
        got = found(text, meta)
        if got != exp:
            misses.append((i, dict(exp), dict(got), text[:300], meta))
    assert not misses, misses[:2]
