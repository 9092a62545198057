"""Provenance extraction: who published a document, when, from where, credited to whom.

A seed is only usable when its publisher and publication date are known, and scraped
Chinese news carries them in a handful of loose conventions rather than fields: a
timestamp line under the title (``2022年11月23日09:56 | 來源:人民網-《人民日報》``), a
dateline opening the first paragraph (``本報重慶11月22日電``, ``城乡统筹发展网2月5日讯``),
credits in parentheses or on their own lines (``（記者王斌來、常碧羅）``, ``编辑/马晓晴``),
and a footer ``來源:`` naming the paper a repost came from. This module reads those, and
the document's metadata (front matter, sidecar file, JSONL fields), into one
``Provenance`` record that every rule, the report and the manifest share.

Design choices, each for precision:

* Only *timestamp-like* dates count as publication dates: a date standing alone on a
  header line, at a line's edge next to separators, or after a date label. A date inside
  prose (``2022年11月20日，重庆市召开…``) is an event, not a timestamp.
* The header is the run of lines before the first prose paragraph (capped), so related
  headlines and footers never supply the publication date.
* Nothing is guessed: a field stays ``None`` when no convention names it, so the rules
  can report the gap instead of hiding it.

Extraction is linear in the document and memoised in ``doc.cache["provenance"]``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import email.utils
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from seedlint.document import Document
from seedlint.htmltext import site_from_title, title_parts

CACHE_KEY = "provenance"

# ---------------------------------------------------------------------------------------
# Character classes. Full-width digits are decimal digits to ``int()``, so matching
# ``[0-9０-９]`` and converting with ``int`` handles both widths without a translation pass.
_D = "[0-9０-９]"
_SEP_DATE = "-－/／.．"
_COLON = "[:：]"
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"

_FULL_DATE = re.compile(
    # The year's first digit comes first so the regex engine can skip ahead on it; the
    # look-behind after it keeps ids and phone numbers (``渝B2-20170014``) out.
    rf"(?P<y>[12１２](?<![0-9０-９.．/／\-－][12１２]){_D}{{3}})"
    rf"(?:\s?年\s?(?P<m>{_D}{{1,2}})\s?月\s?(?P<d>{_D}{{1,2}})\s?[日号號]?"
    rf"|(?P<sep>[{_SEP_DATE}])(?P<m2>{_D}{{1,2}})(?P=sep)(?P<d2>{_D}{{1,2}})"
    rf"(?![0-9０-９]|[.．][0-9０-９]))"
    rf"(?:(?:\s{{0,2}}|T)(?P<H>{_D}{{1,2}}){_COLON}(?P<M>{_D}{{2}})(?:{_COLON}(?P<S>{_D}{{2}}))?"
    rf"|\s?(?P<H2>{_D}{{1,2}})[时時点點](?:(?P<M2>{_D}{{1,2}})分)?)?"
)
_CN_NUM = "〇零一二三四五六七八九十"
_CN_DATE = re.compile(
    rf"(?P<y>[{_CN_NUM}]{{4}})年(?P<m>[{_CN_NUM}]{{1,2}})月(?P<d>[{_CN_NUM}]{{1,3}})日"
)

# Labels that introduce a publication date, and those that introduce some other date.
_PUB_LABELS = (
    "发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "發布日期", "发表时间", "發表時間",
    "发表于", "發表於", "发布于", "發佈於", "出版日期", "刊发时间", "时间", "時間", "日期",
    "Published", "Published on", "Date", "Posted", "Posted on",
    # A forum post's footer: ``本贴由大卫于2005年8月12日16:12:21在〖…〗发表``.
    "(?:本贴|本帖|本貼)由[^\\s，。]{1,8}于",
)  # fmt: skip
_OTHER_LABELS = (
    "更新时间", "更新時間", "修改时间", "修改時間", "更新于", "更新於", "最后更新", "最後更新",
    "Updated", "Modified", "截至", "截止", "将于", "將於", "至",
    # Dates that are not the publication's: a data date, a draft's, a profile's.
    "交易日", "编制日期", "編製日期", "成文日期", "数据日期", "數據日期", "统计日期", "統計日期",
    "注册时间", "註冊時間", "注册日期", "註冊日期", "最后登录", "最後登錄", "上次登录", "上次登錄",
)  # fmt: skip
_PUB_LABEL = re.compile(rf"(?:{'|'.join(_PUB_LABELS)})\s*[:：]?\s*$", re.IGNORECASE)
_OTHER_LABEL = re.compile(rf"(?:{'|'.join(_OTHER_LABELS)})\s*[:：]?\s*$", re.IGNORECASE)
# A label standing alone on the line above its date.
_PUB_LABEL_ALONE = re.compile(rf"(?:{'|'.join(_PUB_LABELS)})\s*[:：]?", re.IGNORECASE)
_OTHER_LABEL_ALONE = re.compile(rf"(?:{'|'.join(_OTHER_LABELS)})\s*[:：]?", re.IGNORECASE)
_LABEL_LINE_MAX = 12
# The last character of every label, in either case: text before a date that ends with none
# of them (before an optional colon) has no label, without trying either pattern.
_LABEL_LAST = frozenset(
    c for w in (*_PUB_LABELS, *_OTHER_LABELS) for c in (w[-1], w[-1].lower(), w[-1].upper())
)
_FUTURE_MARKERS = (
    "将",
    "將",
    "起",
    "至",
    "到",
    "截至",
    "截止",
    "预计",
    "預計",
    "计划",
    "計劃",
    "届时",
    "屆時",
    "之前",
    "以前",
    "有效期",
    "期限",
    "until",
    "by ",
    # A condition or the next day: ``若2018.4.9（周一）有空``, ``明天：2018 年 1 月 31 日``.
    "若",
    "如果",
    "明天",
    "明日",
    "后天",
    "後天",
)
_FUTURE_RE = re.compile("|".join(re.escape(f) for f in _FUTURE_MARKERS))

_SOURCE_LINE = re.compile(
    r"(?<![^\s|｜\]】)）)\u3000])"
    r"(?P<label>消息来源|消息來源|新闻来源|新聞來源|信息来源|信息來源|文章来源|文章來源|本文来源|本文來源|"
    r"稿件来源|稿件來源|原文来源|原文來源|来源于|來源於|来源|來源|稿源|Source)"
    # ``来源｜[腾讯大家](…)``: a bar before a linked name is the label's colon.
    r"(?:\s*[:：]|(?<=于|於)|\s*[|｜](?=\s*~*\[))\s*(?P<v>[^|｜\n]*?)"
    r"(?=\s*(?:[|｜]|\s{2,}|\u3000|作者|编辑|編輯|责任编辑|責任編輯|责编|責編|记者|記者|"
    r"时间|時間|发布时间|發佈時間|日期|字号|字號|浏览|瀏覽|阅读|閱讀|点击|點擊|"
    r"[12][0-9]{3}(?:年|-|/)[0-9]|$))",
    re.IGNORECASE | re.MULTILINE,
)
_REPOST_LINE = re.compile(
    r"(?:^|(?<=[\s【\[（(>])|(?<=[，,])(?=原文))(?:本文|文章|此文|文本)?(?:转载自|轉載自|转自|轉自|原载于|原載於|原载|原載|"
    r"原文刊载于|原文刊載於|刊载于|刊載於|原文来自|原文來自|文章来自|文章來自|本文来自|本文來自|"
    r"原文地址来自|原文地址來自|信息源自|源自|本文原创为|本文原創為|首发于|首發於|摘自|"
    # ``原文：端传媒 [标题](…)``, ``出自微信号「深约一丈」``, ``出自 NGOCN``: a repost notice
    # at a line's start (the look-behind above) names the outlet after the colon or 出自.
    r"原文(?=\s*[:：])|出自(?=\s*(?:~~)?\[|\s*(?:微信|微博|公众号|公眾號|公号|公號|「|“|[A-Za-z]))|"
    r"来自(?=微信|微博|豆瓣|公众号|公眾號))\s*[:：]?\s*(?P<v>[^，,。；;\n|｜)）】]{2,40})",
    re.MULTILINE,
)
_URL_LINE = re.compile(
    r"(?:原文链接|原文鏈接|原文地址|原文網址|本文链接|本文鏈接|文章链接|文章鏈接|Source URL|URL)"
    r"\s*[:：]\s*(?P<u>https?://[^\s<>\"'|｜，。]+)",
    re.IGNORECASE,
)
_EDITION = re.compile(
    rf"《\s*(?P<paper>[^《》\n]{{1,20}}?)\s*》\s*[(（]\s*(?P<date>[12１２]{_D}{{3}}\s?年\s?{_D}{{1,2}}\s?月"
    rf"\s?{_D}{{1,2}}\s?日)\s*(?:第\s*)?(?P<page>{_D}{{1,3}})\s*版\s*[)）]"
)
_COPYRIGHT = re.compile(
    r"(?:本文著作权归|本文著作權歸|著作权归|著作權歸|版权归|版權歸)(?P<a>[^，,。\n]{2,30}?)(?:独家|獨家)?所有"
    # ``版权所有：X``, and ``版权所有 江苏某报有限公司`` with a blank for the colon.
    r"|(?:版权所有|版權所有)(?:\s*[:：]\s*|[ \t\u3000]+)(?P<b>[^\s|｜，,。]{2,30})"
    r"|(?P<c>[^\s|｜：:，,。©]{2,30})\s*(?:版权所有|版權所有)"
    # A page footer's ``Copyright © 2005 wenxuecity.com.``, ``Copyright © lucy@联络家``.
    r"|(?i:copyright)[ \t]*(?:©|\([cC]\))?[ \t]*(?:[0-9]{4}(?:[ \t]*[-–][ \t]*[0-9]{4})?[ \t]*)?"
    r"(?P<d>[^\s|｜，,。©]{2,30})"
    # ``2003-2004 BlogChina.COM All rights reserved``: the holder before the notice.
    r"|(?P<e>[^\s|｜，,。©]{2,30})[ \t]+(?i:all[ \t]+rights[ \t]+reserved)"
    # ``© 2019 今日头条 www.toutiao.com``: a footer's sign and year without the word.
    r"|©[ \t]*(?:19|20)[0-9]{2}(?:[ \t]*[-–][ \t]*(?:19|20)[0-9]{2})?"
    r"[ \t]+(?P<f>[^\s|｜，,。©]{2,30})"
)
# A copyright footer's value that is a notice, not a holder (``版权所有 不得转载``).
_COPY_NOTICES = (
    "不得", "禁止", "违者", "違者", "翻印", "转载", "轉載", "未经", "未經", "保留", "侵权", "侵權",
    "版权", "版權", "著作权", "著作權",
)  # fmt: skip

# A production or publication credit: ``（本文由腾讯新闻出品。未经允许禁止转载。）`` names
# the outlet that made the piece; ``作者…因此授权端点星，以便传阅`` the site the author
# let publish it. ``本文由``/``作者`` must lead: a film ``由某公司出品`` is news about it.
_PRODUCED = re.compile(
    r"(?:本文|本稿|本篇|此文)(?:由|系|为|為)\s*(?P<p>[^\s，,。；;、：:（）()「」“”]{2,20}?)\s*"
    r"(?:独家|獨家|原创|原創)?(?:出品|授权发布|授權發佈|授权转载|授權轉載)"
    r"|(?:作者|本人|原作者)[^\n]{0,40}?(?<![未经經得])授[权權]\s*(?P<q>[^\s，,。；;、：:（）()「」“”]{2,12}?)"
    r"\s*[，,]?\s*(?:发布|發佈|刊发|刊發|刊登|发表|發表|转载|轉載|以便|独家|獨家)"
)

_NAME = rf"[{_CJK}][{_CJK}·•]{{1,9}}"
_NAMES = rf"{_NAME}(?:[ \t\u3000]*[、,，/／ \t\u3000][ \t\u3000]*{_NAME})*"
_AUTHOR_ROLES = (
    "本报记者", "本報記者", "记者", "記者", "作者", "撰文", "通讯员", "通訊員",
    "特约记者", "特約記者",
)  # fmt: skip
_EDITOR_ROLES = (
    "责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "主编", "主編", "编审", "編審",
    "值班编辑", "值班編輯", "实习编辑", "實習編輯",
)  # fmt: skip
_AUTHOR_ROLE = "(?:" + "|".join(_AUTHOR_ROLES) + ")"
_EDITOR_ROLE = "(?:" + "|".join(_EDITOR_ROLES) + ")"
_CREDIT_PAREN = re.compile(
    rf"[(（【\[]\s*(?P<role>{_AUTHOR_ROLE}|{_EDITOR_ROLE})\s*[:：/／]?\s*(?P<names>[^)）】\]\n]{{2,60}})[)）】\]]"
)
_CREDIT_LINE = re.compile(
    rf"^[\s\u3000]*(?:文\s*[/／|｜]\s*)?(?P<org>[{_CJK}]{{2,14}}?)?(?P<role>{_AUTHOR_ROLE}|{_EDITOR_ROLE}|文)"
    rf"\s*(?:[:：/／|｜]\s*|\s+)(?P<names>{_NAMES})[\s\u3000]*$",
    re.MULTILINE,
)
_BY_LINE = re.compile(r"^\s*By\s+(?P<names>[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){1,3})\s*$", re.MULTILINE)

_DATELINE = re.compile(
    rf"^[\s\u3000]*[【\[(（]?\s*(?P<pre>[{_CJK}]{{1,16}}?)\s*"
    rf"(?:(?P<y>[12１２]{_D}{{3}})年)?(?P<m>{_D}{{1,2}})月(?P<d>{_D}{{1,2}})日\s*"
    rf"(?:{_D}{{1,2}}[时時](?:{_D}{{1,2}}分)?)?\s*"
    rf"(?P<kind>专电|專電|电|電|讯|訊|消息|报道|報導|报导|報道)"
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DATELINE_EN = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z .'\-]{1,30}),\s+"
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+(?P<d>\d{1,2})(?:,\s*(?P<y>\d{4}))?\s*\((?P<agency>[A-Za-z ]{2,30})\)\s*[-—–]"
)
_KNOWN_AGENCIES = (
    "本报",
    "本報",
    "本刊",
    "本网",
    "本網",
    "本台",
    "新华社",
    "新華社",
    "中新社",
    "中新网",
    "中新網",
    "中国新闻网",
    "中國新聞網",
    "人民网",
    "人民網",
    "央视网",
    "央視網",
    "央视新闻",
    "央視新聞",
    "光明网",
    "光明網",
    "澎湃新闻",
    "澎湃新聞",
    "中央社",
    "法新社",
    "路透社",
    "美联社",
    "美聯社",
)
_AGENCIES_LONGEST_FIRST = sorted(_KNOWN_AGENCIES, key=len, reverse=True)
_AGENCY_SUFFIX = "报報网網社台刊"
_MASTHEAD_SUFFIXES = (
    "报",
    "報",
    "网",
    "網",
    "社",
    "台",
    "刊",
    "志",
    "誌",
    "新闻",
    "新聞",
    "发布",
    "發布",
    "發佈",
    "在线",
    "在線",
    "客户端",
    "客戶端",
    "头条",
    "頭條",
)
# Pinyin glosses scraped from ruby annotations: ``網(wǎng)``. At least one tone mark, so an
# English word in parentheses (``(Hans)``) is never taken for one.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"[(（]\s*[a-zA-Z]*[{_TONED}][a-zA-Z{_TONED}ü]*\s*[)）]")
# Small patterns used per value, compiled once (the re module's cache lookup costs more).
_RX_SPACES = re.compile(r"\s+")
_RX_KEY_STRIP = re.compile(r"[\s·•\-－—_]+")
_RX_SPLIT_DASH = re.compile(r"^(?P<a>[^《》\-－—_]+?)\s*[\-－—_]+\s*(?P<b>.+)$")
_RX_SPLIT_BOOK = re.compile(r"^(?P<a>[^《》]+?)\s*《(?P<b>[^《》]+)》\s*$")
_HAS_DASH = re.compile(r"[\-－—_]").search
_RX_DIGITS3 = re.compile(r"[0-9０-９]{3,}")
_RX_ISSUE_TAIL = re.compile(r"(?<=》)\s*[,，]?\s*[12１２][0-9０-９]{3}\s*年.*$")
_RX_MASTHEAD = re.compile(rf"[{_CJK}A-Za-z·]+")
_RX_NAMES_END = re.compile(r"(?:报道|報導|摄影|攝影|摄|攝|通讯员|通訊員|实习生|實習生)")
_RX_NAME_SEP = re.compile(r"[、,，/／\s\u3000]+")
_RX_META_SEP = re.compile(r"[、,，;；/]")
_RX_FUTURE_AFTER = re.compile(
    r"\s*(?:起|前|之前|以前|截止|到期|止|更新|修订|修訂|修改|updated)", re.IGNORECASE
)
_RX_WECHAT = re.compile(
    r"^(?:微信公众号|微信公眾號|微信订阅号|微信訂閱號|微信公号|微信公號|微信号|微信號|公众号|公眾號|公号|公號|微信|微博)"
    r"\s*[:：]?\s*@?"
)
# An account name with a number in it (``舒城365``): two Han characters first, no date.
_RX_ACCOUNT = re.compile(rf"^[{_CJK}]{{2}}[{_CJK}A-Za-z0-9]{{0,18}}$")
_RX_COPY_PREFIX = re.compile(r"^(?:Copyright\s*)?(?:©\s*)?(?:[0-9]{4}(?:\s*[-–]\s*[0-9]{4})?\s*)?")
_RX_ARR = re.compile(r"^All Rights Reserved\s*", re.IGNORECASE)
_RX_EDITOR_ROLE = re.compile(_EDITOR_ROLE)
_RX_ROLE_PREFIX = re.compile(r"本报|本報|特约|特約|实习|實習|见习|見習|首席|资深|資深")
_RX_AND = re.compile(r"\s+and\s+")
_SENTENCE_PUNCT = "。，,；;！？!?"
_SENTENCE_PUNCT_RE = re.compile(f"[{_SENTENCE_PUNCT}]")
_NONBLANK = re.compile(r"\S")
_PROSE_PUNCT = re.compile("[。，！？]")
_RX_HEADER_LABEL = re.compile(r"(?:来源|來源|稿源|作者|编辑|編輯)\s*[:：]")
# Words that follow a page's timestamp glued to it (``06:40更新 来源：…``).
_STAMP_NEXT = (
    "更新", "来源", "來源", "发布", "發布", "發佈", "阅读", "閱讀", "浏览", "瀏覽", "点击", "點擊",
    "作者", "编辑", "編輯", "分类", "分類", "栏目", "欄目", "标签", "標籤", "--", "-",
)  # fmt: skip
# Three lines holding a non-blank character, with any blank lines before them: each group
# ends at its line's end, and is atomic so that no line is split to count twice.
_THREE_NONBLANK_LINES = re.compile(r"(?>\s*\S[^\n]*){3}")
_PROSE_MIN = 30
_HEADER_MAX_LINES = 40
_HEADER_MAX_CHARS = 4000
_TIMESTAMP_LINE_MAX = 100
_HEADLINE_MAX = 64

# ---------------------------------------------------------------------------------------


@dataclass
class DateMention:
    """A full date found in the text, with where it stands and what introduced it."""

    date: dt.date
    time: dt.time | None
    start: int
    end: int
    line: int
    text: str
    label: str | None = None
    """``published``, ``updated`` (or another non-publication label), ``edition`` or None."""
    timestamp: bool = False
    """Stands like a timestamp (alone, at a line edge, after a label), not inside prose."""
    future_context: bool = False
    """Preceded by a marker of a planned or bounding date (将, 起, 截至, until...)."""
    numeric: bool = False
    """Written with separators (``2024-11-11``), the form of listings rather than prose."""
    alone: bool = False
    """The whole of its line (``2005-03-21 01:20:44``): a post's stamp."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date.isoformat(), "line": self.line}
        if self.time is not None:
            out["time"] = self.time.isoformat(
                timespec="minutes" if not self.time.second else "seconds"
            )
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class NameMention:
    """A publisher or source name found in the text (``value`` is cleaned of glosses)."""

    value: str
    raw: str
    start: int
    end: int
    line: int
    origin: str
    """``header``, ``footer``, ``masthead``, ``copyright``, ``byline``, ``dateline``, ``lede``,
    ``repost``."""
    original: str | None = None
    """The original source named with it (``人民網-《人民日報》``)."""


@dataclass
class Dateline:
    date: dt.date | None
    month: int
    day: int
    place: str | None
    agency: str | None
    raw: str
    start: int
    end: int
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "month_day": f"{self.month:02d}-{self.day:02d}",
            "place": self.place,
            "agency": self.agency,
            "line": self.line,
            "text": self.raw,
        }


@dataclass
class Edition:
    """A print-edition reference: ``《 人民日報 》( 2022年11月23日 02 版)``."""

    paper: str
    date: dt.date
    page: int
    line: int


@dataclass
class MetaValues:
    """What the metadata says, raw and parsed, before any comparison with the text."""

    published_raw: Any = None
    published_key: str | None = None
    published: dt.date | None = None
    published_time: dt.time | None = None
    source: str | None = None
    source_key: str | None = None
    original_source: str | None = None
    url: str | None = None
    url_key: str | None = None
    url_site: str | None = None
    """The site the URL names (``news.sohu.com``): a source of last resort."""
    url_date: dt.date | None = None
    """The date in the URL's path (``/20120612/``): a publication date of last resort."""
    page_published: dt.date | None = None
    """An HTML page's date tag (``<meta name="publishdate">``): used when the text has none."""
    page_published_key: str | None = None
    page_source: str | None = None
    """An HTML page's site tag (``og:site_name``, ``<title>``): used when the text has none."""
    page_source_key: str | None = None
    retrieved: dt.date | None = None
    retrieved_key: str | None = None
    licence: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


@dataclass
class Provenance:
    """Everything known about a document's origin, with where each value came from."""

    published: dt.date | None = None
    published_time: dt.time | None = None
    published_line: int | None = None
    """File line (1-based) of the text's publication date; None when it came from metadata."""
    published_origin: str | None = None
    """``metadata``, ``text``, ``manifest`` or ``url path (KEY)`` (the date in a URL's path,
    the evidence of last resort)."""
    source: str | None = None
    source_line: int | None = None
    source_origin: str | None = None
    original_source: str | None = None
    original_source_line: int | None = None
    original_source_origin: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    url: str | None = None
    retrieved: dt.date | None = None
    licence: str | None = None
    edition: Edition | None = None
    copyright: str | None = None
    text_published: DateMention | None = None
    """The text's own publication timestamp (compared with the metadata's)."""
    text_source: NameMention | None = None
    """The text's own labelled source (compared with the metadata's)."""
    header_dates: list[DateMention] = field(default_factory=list)
    """Timestamp-like dates in the header that claim to be the publication date."""
    header_sources: list[NameMention] = field(default_factory=list)
    """Labelled sources in the header (``来源:``)."""
    names: list[NameMention] = field(default_factory=list)
    """Every publisher name seen (masthead, copyright, bylines, datelines, footers)."""
    header_end: int = 0
    """Body offset where the header ends (the first prose paragraph)."""
    meta: MetaValues = field(default_factory=MetaValues)
    _body_dates: list[DateMention] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _body_view: _View | None = field(default=None, init=False, repr=False, compare=False)
    """The view the body's dates are still to be read from (they are read on first use)."""

    @property
    def body_dates(self) -> list[DateMention]:
        """Full dates after the header, in order.

        Found on first use: one rule reads them, and only for documents with a publication
        date, while the header (every rule's and the report's) is a few lines.
        """
        if self._body_dates is None:
            v, self._body_view = self._body_view, None
            self._body_dates = [] if v is None else _body_dates(v)
        return self._body_dates

    @body_dates.setter
    def body_dates(self, value: list[DateMention]) -> None:
        self._body_dates, self._body_view = value, None

    @property
    def published_weak(self) -> bool:
        """The publication date is weak evidence: the one in the URL's path, or a labelled
        date below the article (a forum's first post): enough to say the document is
        dated, too weak to call later dates in it appended."""
        return (self.published_origin or "").startswith(("url path", "text below", "post file"))

    def body_dates_after(self, limit: dt.date) -> list[DateMention]:
        """``[d for d in self.body_dates if d.date > limit]``, reading only what it needs.

        A date after ``limit`` has a year of ``limit``'s or later, whose digits one C-level
        search finds (or proves absent); only dates after ``limit`` are then classified.
        """
        v = self._body_view
        if self._body_dates is not None or v is None:
            return [d for d in self.body_dates if d.date > limit]
        later = _year_at_least(limit.year)
        if later is not None and not any(rx.search(v.text, v.header_end) for rx in later):
            return []
        return _body_dates(v, after=limit)

    @property
    def reference_date(self) -> dt.date | None:
        """What relative dates (``21日``, ``昨日``) resolve against: dateline, else publication."""
        if self.dateline is not None and self.dateline.date is not None:
            return self.dateline.date
        return self.published

    def to_dict(self) -> dict[str, Any]:
        """The report's per-document ``provenance`` section (JSON-safe, stable keys)."""
        t = self.published_time
        return {
            "published": self.published.isoformat() if self.published else None,
            "published_time": (
                t.isoformat(timespec="seconds" if t.second else "minutes") if t else None
            ),
            "published_line": self.published_line,
            "published_origin": self.published_origin,
            "source": self.source,
            "source_line": self.source_line,
            "source_origin": self.source_origin,
            "original_source": self.original_source,
            "original_source_line": self.original_source_line,
            "authors": list(self.authors),
            "editors": list(self.editors),
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "url": self.url,
            "retrieved": self.retrieved.isoformat() if self.retrieved else None,
            "licence": self.licence,
            "edition": (
                {
                    "paper": self.edition.paper,
                    "date": self.edition.date.isoformat(),
                    "page": self.edition.page,
                    "line": self.edition.line,
                }
                if self.edition
                else None
            ),
            "copyright": self.copyright,
            "header_dates": [d.to_dict() for d in self.header_dates],
        }


# ---------------------------------------------------------------------------------------
# Dates


def _int(s: str) -> int:
    return int(s)  # handles full-width digits too


def _cn_int(s: str) -> int | None:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = digits.get(head, -1) if head else 1
        ones = digits.get(tail, -1) if tail else 0
        return None if tens < 0 or ones < 0 else tens * 10 + ones
    out = 0
    for c in s:
        if c not in digits:
            return None
        out = out * 10 + digits[c]
    return out


def make_date(y: int, m: int, d: int) -> dt.date | None:
    if not 1900 <= y <= 2199:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _make_time(h: str | None, m: str | None, s: str | None) -> dt.time | None:
    if h is None:
        return None
    try:
        return dt.time(_int(h), _int(m) if m else 0, _int(s) if s else 0)
    except ValueError:
        return None


_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}\b"
)


def parse_date(value: Any) -> tuple[dt.date | None, dt.time | None]:
    """A date (and time) from a metadata value or a date string in any form seedlint reads.

    YAML already turns ``2022-11-23`` into a date and ``2022-11-23 09:56:00`` into a
    datetime; strings take the same forms as in text, ISO ``T`` and offsets included. An
    aware datetime is converted to China Standard Time (UTC+8) before its date is taken,
    since that is the date the Chinese-language page itself would show.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone(dt.timedelta(hours=8)))
        return value.date(), value.time().replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 315532800 <= value <= 4102444800:  # 1980..2100, epoch seconds
            stamp = dt.datetime.fromtimestamp(value, dt.timezone(dt.timedelta(hours=8)))
            return stamp.date(), stamp.time().replace(tzinfo=None)
        return None, None
    if not isinstance(value, str):
        return None, None
    s = value.strip()
    if not s:
        return None, None
    try:
        iso = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        return parse_date(iso)
    if _RFC822.match(s):
        # a feed's <pubDate>: `Sat, 17 Dec 2005 15:21:36 GMT`
        try:
            stamp = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        else:
            if 1900 <= stamp.year <= 2199:
                return parse_date(stamp)
    m = _FULL_DATE.search(s)
    if m is not None:
        mention = _mention_from_match(m)
        if mention is not None:
            return mention
    m2 = _CN_DATE.search(s)
    if m2 is not None:
        y, mo, d = (_cn_int(m2.group(g)) for g in ("y", "m", "d"))
        if y is not None and mo is not None and d is not None:
            return make_date(y, mo, d), None
    return None, None


def _mention_from_match(m: re.Match[str]) -> tuple[dt.date, dt.time | None] | None:
    if m.group("m") is not None:
        d = make_date(_int(m.group("y")), _int(m.group("m")), _int(m.group("d")))
    else:
        d = make_date(_int(m.group("y")), _int(m.group("m2")), _int(m.group("d2")))
    if d is None:
        return None
    t = _make_time(m.group("H"), m.group("M"), m.group("S"))
    if t is None and m.group("H2") is not None:
        t = _make_time(m.group("H2"), m.group("M2"), None)
    return d, t


def resolve_month_day(month: int, day: int, ref: dt.date) -> dt.date | None:
    """``11月22日`` against a reference date: the nearest such date (year before, same, after)."""
    best: dt.date | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        cand = make_date(y, month, day)
        if cand is not None and (best is None or abs((cand - ref).days) < abs((best - ref).days)):
            best = cand
    return best


def resolve_day(day: int, ref: dt.date) -> dt.date | None:
    """``21日`` against a reference date: the nearest such day (month before, same, after)."""
    best: dt.date | None = None
    for dm in (-1, 0, 1):
        y, m = ref.year, ref.month + dm
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        cand = make_date(y, m, day)
        if cand is not None and (best is None or abs((cand - ref).days) < abs((best - ref).days)):
            best = cand
    return best


RELATIVE_DAY_WORDS: dict[str, int] = {
    "今天": 0,
    "今日": 0,
    "当天": 0,
    "當天": 0,
    "当日": 0,
    "當日": 0,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "前日": -2,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "後天": 2,
}
_RELATIVE_EXPR = re.compile(
    rf"^(?:(?P<y>[12１２]{_D}{{3}})年)?(?:(?P<m>{_D}{{1,2}})月)?(?P<d>{_D}{{1,2}})[日号號]$"
)


def resolve_relative(expr: str, ref: dt.date) -> dt.date | None:
    """Resolve ``21日``, ``11月21日``, ``2022年11月21日``, ``昨日``... against ``ref``.

    News reports count relative days from the dateline (``Provenance.reference_date``);
    a bare day takes the nearest month, a month-day the nearest year.
    """
    s = expr.strip()
    if s in RELATIVE_DAY_WORDS:
        return ref + dt.timedelta(days=RELATIVE_DAY_WORDS[s])
    m = _RELATIVE_EXPR.match(s)
    if m is None:
        return None
    d = _int(m.group("d"))
    if m.group("y"):
        if not m.group("m"):
            return None
        return make_date(_int(m.group("y")), _int(m.group("m")), d)
    if m.group("m"):
        return resolve_month_day(_int(m.group("m")), d, ref)
    return resolve_day(d, ref)


# ---------------------------------------------------------------------------------------
# Names


_NAME_PAD = " \t\u3000\xa0《》〈〉「」『』“”\"'‘’:：,，。.;；"


def clean_name(s: str) -> str:
    """A publisher or person name without pinyin glosses, brackets, quotes and padding."""
    if "(" in s or "（" in s:  # a gloss opens with one
        s = _GLOSS.sub("", s)
    s = s.strip(_NAME_PAD)
    return _RX_SPACES.sub(" ", s)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def name_key(s: str) -> str:
    """A comparison key: cleaned, Simplified, case- and space-folded (人民網 == 人民网)."""
    base = clean_name(s)
    conv = _t2s()
    if conv is not None:
        base = conv.convert(base)
    return _RX_KEY_STRIP.sub("", base).casefold()


def same_name(a: str, b: str) -> bool:
    """Two publisher names denote the same outlet: equal keys, or one contains the other."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or (min(len(ka), len(kb)) >= 2 and (ka in kb or kb in ka))


@lru_cache(maxsize=4096)  # a site's pages repeat its name
def _split_source(value: str) -> tuple[str, str | None]:
    """``人民網-《人民日報》`` -> (``人民網``, ``人民日報``): site and the paper it reprints."""
    # Each split needs its separator character: most values have none.
    m = _RX_SPLIT_DASH.match(value) if _HAS_DASH(value) else None
    if m is not None:
        a, b = clean_name(m.group("a")), clean_name(m.group("b"))
        cjk_a = sum(1 for c in a if "\u4e00" <= c <= "\u9fff")
        cjk_b = sum(1 for c in b if "\u4e00" <= c <= "\u9fff")
        if a and b and ("《" in m.group("b") or (cjk_a >= 2 and cjk_b >= 2)):
            return a, b
    m2 = _RX_SPLIT_BOOK.match(value) if "《" in value else None
    if m2 is not None and clean_name(m2.group("a")):
        return clean_name(m2.group("a")), clean_name(m2.group("b"))
    return clean_name(value), None


def _looks_like_name(v: str) -> bool:
    if not v or len(v) > 40:
        return False
    if _RX_DIGITS3.search(v):
        # A figure or a year is no name, but a domain may hold digits (``CL2000.com``,
        # ``163.com``, ``3322.org``).
        return _RX_DOMAIN_NAME.fullmatch(v) is not None
    return any(map(str.isalpha, v))


_RX_DOMAIN_NAME = re.compile(
    r"(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}"
)


def _masthead(line: str) -> str | None:
    if "(" not in line and "（" not in line:
        # Without a bracket there is no gloss to cut, so ``clean_name`` only strips the
        # padding and folds blanks; a name has no blank inside, so it is the stripped line.
        s = line.strip(_NAME_PAD)
        if 2 <= len(s) <= 15 and s.endswith(_MASTHEAD_SUFFIXES) and _RX_MASTHEAD.fullmatch(s):
            return s
        return None
    v = clean_name(line)
    if not 2 <= len(v) <= 15:
        return None
    if not _RX_MASTHEAD.fullmatch(v):
        return None
    return v if v.endswith(_MASTHEAD_SUFFIXES) else None


def _split_agency(pre: str) -> tuple[str | None, str | None]:
    for a in _AGENCIES_LONGEST_FIRST:
        if pre.startswith(a):
            return a, (pre[len(a) :] or None)
    for i, c in enumerate(pre):
        if i >= 1 and c in _AGENCY_SUFFIX:
            return pre[: i + 1], (pre[i + 1 :] or None)
    return None, pre or None


def _split_names(s: str) -> list[str]:
    s = _RX_NAMES_END.split(s, maxsplit=1)[0]
    out = []
    for part in _RX_NAME_SEP.split(s):
        p = clean_name(part)
        if not p:
            continue
        n_cjk = sum(1 for c in p if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
        if "·" in p or "•" in p:
            ok = 3 <= len(p) <= 12 and n_cjk >= 2
        else:
            ok = 2 <= n_cjk == len(p) <= 4
        if not ok:
            return []
        out.append(p)
    return out


# ---------------------------------------------------------------------------------------
# Metadata


_META_KEYS: dict[str, tuple[str, ...]] = {
    "published": (
        "published",
        "publish_date",
        "published_date",
        "published_at",
        "publication_date",
        "pub_date",
        "pubdate",
        "date_published",
        "datepublished",
        "date",
        "publish_time",
        "pub_time",
        "发布时间",
        "發佈時間",
        "发布日期",
        "日期",
    ),
    "source": (
        "source",
        "publisher",
        "source_name",
        "site_name",
        "media",
        "outlet",
        "website",
        "来源",
        "來源",
    ),
    "source_domain": ("source_domain", "domain", "site", "host"),
    "original_source": ("original_source", "original_publisher", "origin", "原始来源", "原始來源"),
    "url": ("url", "source_url", "link", "canonical_url", "href"),
    "retrieved": (
        "retrieved",
        "retrieved_at",
        "retrieval_date",
        "crawl_date",
        "crawl_time",
        "crawl_timestamp",
        "crawled_at",
        "crawled",
        "date_crawled",
        "download_time",
        "downloaded_at",
        "date_download",  # news-please
        "fetched",
        "fetched_at",
        "fetch_time",
        "scraped_at",
        "scrape_time",
        "accessed",
        "timestamp",  # crawl time in Common Crawl derived sets (C4 and its kin)
    ),
    "licence": ("licence", "license", "rights"),
    "authors": ("authors", "author", "byline", "作者", "记者", "記者"),
    "editors": ("editors", "editor", "编辑", "編輯", "责任编辑", "責任編輯"),
}


_META_ALIASES: dict[str, tuple[tuple[str, int], ...]] = {}
for _field, _aliases in _META_KEYS.items():
    for _rank, _alias in enumerate(_aliases):
        _META_ALIASES[_alias] = (*_META_ALIASES.get(_alias, ()), (_field, _rank))


def _flatten_meta(md: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Lower-cased key -> (original dotted key, value); one nested level (``info.url``)."""
    out: dict[str, tuple[str, Any]] = {}
    nested: list[tuple[str, Mapping[str, Any]]] = []
    for k, v in md.items():
        if not isinstance(k, str) or k == "seedlint":
            continue
        out.setdefault(k.casefold(), (k, v))
        if type(v) is dict or (type(v) not in _PLAIN_VALUES and isinstance(v, Mapping)):
            nested.append((k, v))
    for k, v in nested:  # after every top-level key: those win
        for k2, v2 in v.items():
            if isinstance(k2, str):
                out.setdefault(k2.casefold(), (f"{k}.{k2}", v2))
    return out


_PLAIN_VALUES = frozenset([str, int, float, bool, list, type(None)])


def _names_value(v: Any) -> list[str]:
    if isinstance(v, str):
        return [p for p in (clean_name(x) for x in _RX_META_SEP.split(v)) if p]
    if isinstance(v, list):
        return [clean_name(str(x)) for x in v if isinstance(x, str | int) and clean_name(str(x))]
    return []


_URL_HOST = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]*:)?//([^/?#\s:@]+)|^([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)(?=[/:?#]|$)", re.I
)
# A date as sites write it in article paths: /20120612/, /2012-06-12/, /2012/06/12/,
# /2012/0612/, /201206/12/, t20120612_123.html, /2012-06/12/. Eight digits must be a
# date to count, and the year is held to 1990..2099 so ids are not read as dates.
_URL_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:199|20[0-9])[0-9])"
    r"(?:(?P<m>[01][0-9])(?P<d>[0-3][0-9])(?![0-9])"
    r"|[/\-_](?P<m2>[01]?[0-9])[/\-_]?(?P<d2>[0-3][0-9])(?![0-9])"
    r"|(?P<m3>[01][0-9])/(?P<d3>[0-3][0-9])(?![0-9]))"
)


def url_host(url: str) -> str | None:
    """The site of a URL written with or without its scheme (``www.`` dropped), or None."""
    m = _URL_HOST.match(url.strip())
    if m is None:
        return None
    host = (m.group(1) or m.group(2)).lower()
    if "." not in host or host.replace(".", "").isdigit():
        return None
    return host[4:] if host.startswith("www.") else host


def url_path_date(url: str) -> dt.date | None:
    """The publication date a URL's path gives (``/20120612/``, ``/2021/1011/``), or None.

    Only the path is read (a host or query holds ids, not dates), and the first date that
    is a real calendar day counts.
    """
    m = _URL_HOST.match(url.strip())
    path = url.strip()[m.end() :] if m is not None else url.strip()
    path = path.split("?", 1)[0].split("#", 1)[0]
    for dm in _URL_DATE.finditer(path):
        mo = dm.group("m") or dm.group("m2") or dm.group("m3")
        d = dm.group("d") or dm.group("d2") or dm.group("d3")
        got = make_date(int(dm.group("y")), int(mo), int(d))
        if got is not None:
            return got
    return None


# An open letter titled by its sender (``新光平民发展协会会长致刘伟校长的信``): the sender
# publishes it, as a newsletter's publisher does its issues.
_LETTER_TITLE = re.compile(
    r"(?P<v>[^，,。！？!?：:|｜\s“”\"]{2,20}?)致(?!辞|辭|敬|谢|謝|力|使|富|命)"
    r"[^，,。！？!?|｜\n]{1,24}的(?:一封)?(?:公开信|公開信|信|联名信|聯名信)"
)
_ISSUE_TITLE = re.compile(
    r"(?P<v>[^:：|｜\n]{3,40}?)\s*[:：|｜]\s*(?:Issue|No\.|Vol\.)\s*[0-9]{1,4}\s*$",
    re.IGNORECASE,
)


def read_metadata(md: Mapping[str, Any]) -> MetaValues:
    """The provenance fields of a metadata mapping (front matter, sidecar, JSONL, manifest)."""
    mv = MetaValues()
    if not md:
        return mv
    flat = _flatten_meta(md)
    # The first usable key of each field in ``_META_KEYS`` order, in one pass over the
    # document's keys (usually a handful) instead of over every alias of every field.
    best: dict[str, tuple[int, tuple[str, Any]]] = {}
    for key, hit in flat.items():
        for field_name, rank in _META_ALIASES.get(key, ()):
            if hit[1] not in (None, "", []) and (
                field_name not in best or rank < best[field_name][0]
            ):
                best[field_name] = (rank, hit)
    # What an HTML page's tags say (``seedlint.htmltext``), with the tag named as evidence.
    evidence = md.get("page_evidence")
    ev = evidence if isinstance(evidence, Mapping) else {}
    ppub = md.get("page_published")
    if ppub is not None:
        mv.page_published = parse_date(ppub)[0]
        mv.page_published_key = str(ev.get("page_published", "page_published"))
    psrc = md.get("page_source")
    if isinstance(psrc, str) and clean_name(psrc):
        mv.page_source = clean_name(psrc)
        mv.page_source_key = str(ev.get("page_source", "page_source"))
    title = md.get("title")
    if mv.page_source is None and isinstance(title, str):
        # A front matter's title keeps the site after (or before) the headline as a
        # page's <title> does (``腾讯大家｜比病毒可怕…``): the same, weak, evidence. An
        # issue of a newsletter (``These Weeks in Terminus: Issue 1``) names the
        # newsletter, which its publisher put out itself.
        issue = _ISSUE_TITLE.match(title.strip())
        letter = _LETTER_TITLE.fullmatch(title.strip())
        site = (
            issue.group("v").strip()
            if issue is not None
            else letter.group("v")
            if letter is not None
            else site_from_title(title)
        )
        if site is not None:
            mv.page_source, mv.page_source_key = site, "title"
    if not best:
        return mv  # no provenance field among the keys (an id, a pool name ...)

    def first(field_name: str) -> tuple[str, Any] | None:
        found = best.get(field_name)
        return found[1] if found is not None else None

    pub = first("published")
    if pub is not None:
        mv.published_key, mv.published_raw = pub
        mv.published, mv.published_time = parse_date(pub[1])
    src = first("source")
    if src is not None and isinstance(src[1], str) and clean_name(src[1]):
        mv.source_key = src[0]
        mv.source, orig = _split_source(src[1])
        if orig:
            mv.original_source = orig
    if mv.source is None:
        dom = first("source_domain")
        if dom is not None and isinstance(dom[1], str) and dom[1].strip():
            mv.source_key, mv.source = dom[0], dom[1].strip()
    osrc = first("original_source")
    if osrc is not None and isinstance(osrc[1], str) and clean_name(osrc[1]):
        mv.original_source = clean_name(osrc[1])
    url = first("url")
    if url is not None and isinstance(url[1], str) and url[1].strip():
        mv.url, mv.url_key = url[1].strip(), url[0]
        # Weaker evidence than any name or timestamp, so kept apart: used only when
        # neither the metadata nor the text gives one (``_resolve``).
        mv.url_site = url_host(mv.url)
        mv.url_date = url_path_date(mv.url)
    ret = first("retrieved")
    if ret is not None:
        mv.retrieved = parse_date(ret[1])[0]
        mv.retrieved_key = ret[0]
    lic = first("licence")
    if lic is not None and isinstance(lic[1], str | int) and str(lic[1]).strip():
        mv.licence = str(lic[1]).strip()
    au = first("authors")
    if au is not None:
        mv.authors = _names_value(au[1])
    ed = first("editors")
    if ed is not None:
        mv.editors = _names_value(ed[1])
    return mv


# ---------------------------------------------------------------------------------------
# Text


# The look-behind sits after the bracket so the engine can jump from bracket to bracket.
_GLOSS_TAIL = rf"(?<=[{_CJK}][(（])[a-zA-Z]*[{_TONED}][a-zA-Z{_TONED}ü]*[)）]"
_TEXT_GLOSS = re.compile(rf"[(（]{_GLOSS_TAIL}")
_TEXT_GLOSS_SPLIT = re.compile(f"({_TEXT_GLOSS.pattern})")


class _View:
    """The body with pinyin glosses cut out (``網(wǎng)`` -> ``網``), mapped back to offsets.

    Scraped ruby annotations land inside labels and names (``責(zé)編``, ``重慶發(fā)布``), so
    every pattern would need an optional gloss after every character. Scanning a copy
    without them keeps the patterns simple; the cuts never touch a newline, so line
    numbers are the file's, and ``orig`` turns view offsets back into body offsets.
    """

    def __init__(self, doc: Document) -> None:
        text = doc.text
        self._doc = doc
        self.html = doc.source_map is not None
        self.header_start = 0
        """View offset where the header begins (after a page's menus; 0 elsewhere)."""
        self.line_offset = doc.line_offset
        self._keyword_lines: dict[str, list[tuple[int, int]]] | None = None
        self._cut_at: list[int] = [0]
        self._delta: list[int] = [0]
        self.header_end = 0
        """View offset where the header ends (set by ``extract_provenance``)."""
        self._dates: list[re.Match[str]] = []
        self._dates_upto = 0
        self._date_end = 0
        keys: list[re.Match[str]] = []
        glossed = False
        for m in _GLOSS_OR_KEY_RE.finditer(text):
            if text[m.start()] in "(（":
                glossed = True
                break
            keys.append(m)
        if glossed:
            # [kept, gloss, kept, gloss, ..., kept]: a cut lands after each kept piece and
            # moves the rest by the glosses cut so far (all sums done in C).
            pieces = _TEXT_GLOSS_SPLIT.split(text)
            kept = pieces[0::2]
            self._cut_at = list(itertools.accumulate(map(len, kept[:-1]), initial=0))
            self._delta = list(itertools.accumulate(map(len, pieces[1::2]), initial=0))
            self.text = "".join(kept)
            # Line lengths summed in C: the same list as Document.line_starts computes.
            parts = self.text.split("\n")
            self.line_starts = list(
                itertools.accumulate(map((1).__add__, map(len, parts[:-1])), initial=0)
            )
        else:
            self.text = text
            self.line_starts = doc.line_starts
            self._keyword_lines = _keyword_lines(text, keys)

    def dates_before(self, upto: int) -> list[re.Match[str]]:
        """The matches of ``_FULL_DATE.finditer(self.text)`` that start before ``upto``
        (and possibly a few more), searched only as far as asked: the header's dates are
        needed for every document, the body's only by the rule comparing them.

        ``_FULL_DATE`` can only match where ``_YEAR`` does, and ``_YEAR``'s matches never
        overlap (a year is never preceded by a digit), so they are the same set from
        whatever offset a search starts: trying ``_FULL_DATE`` at each one not inside the
        date found last, in order, is ``finditer``, and it can stop and resume anywhere.
        """
        if upto > self._dates_upto:
            text = self.text
            dates = self._dates
            date_end = self._date_end
            full_date = _FULL_DATE.match
            # A year starting before ``upto`` ends at most 3 characters after it.
            for y in _YEAR.finditer(text, self._dates_upto, min(len(text), upto + 3)):
                i = y.start()
                if i >= upto:
                    break
                if i >= date_end and (d := full_date(text, i)) is not None:
                    dates.append(d)
                    date_end = d.end()
            self._date_end = date_end
            self._dates_upto = upto
        return self._dates

    def date_matches(self) -> list[re.Match[str]]:
        """``_FULL_DATE.finditer(self.text)``."""
        return self.dates_before(len(self.text) + 1)

    def keyword_lines(self, scan: str) -> list[tuple[int, int]]:
        """The lines holding one of ``scan``'s keywords (``_LINE_KEYS``), found once."""
        if self._keyword_lines is None:
            self._keyword_lines = _keyword_lines(self.text, _ALL_KEYS_RE.finditer(self.text))
        return self._keyword_lines.get(scan, [])

    @property
    def has_cuts(self) -> bool:
        return len(self._cut_at) > 1

    def orig(self, i: int) -> int:
        if len(self._cut_at) == 1:
            return i
        return i + self._delta[bisect.bisect_right(self._cut_at, i) - 1]

    def line_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start of the line holding ``start``, end (newline or text end) of the one holding
        ``end``: ``_line_bounds`` by bisection, so many dates on one line stay linear."""
        starts = self.line_starts
        ls = starts[bisect.bisect_right(starts, start) - 1]
        k = bisect.bisect_right(starts, end)
        return ls, (starts[k] - 1 if k < len(starts) else len(self.text))

    def line(self, i: int) -> int:
        """1-based file line of a view offset."""
        if self._doc.source_map is not None:  # an HTML page: the line in the markup
            return self._doc.position(self.orig(i))[0]
        return bisect.bisect_right(self.line_starts, i) + self.line_offset


_MENU_BARS = 2  # ``孩子，夏令营…？| 回首页 | 2005年索引 | 浴室…``: a page's menu, not prose


def _is_prose(line: str) -> bool:
    s = line.strip()
    if len(s) < _PROSE_MIN:
        return False
    if s.count("|") + s.count("｜") >= _MENU_BARS and "。" not in s:
        # Items split by bars (a blog's previous/next links around its index) are a menu,
        # even when the linked titles carry a comma or a question mark.
        return False
    if s[:1].isascii() and _EN_STAMP.match(s) is not None:
        return False  # ``Saturday, September 10th, 2005 10:56 am``: a stamp, not a sentence
    first = _SENTENCE_PUNCT_RE.search(s)
    return first is not None and _SENTENCE_PUNCT_RE.search(s, first.end()) is not None


def _stamp_follows(v: _View, i: int) -> bool:
    """Whether line ``i`` is short enough for a headline and the next non-blank line is a
    short one holding a full date: then line ``i`` is a headline with punctuation
    (``3月22日0-24时，吉林全省无新增确诊病例``, ``…段封闭！``) over its timestamp, not the
    first paragraph, and the header goes on."""
    starts = v.line_starts
    text = v.text
    end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
    if end - starts[i] > _HEADLINE_MAX or text.find("。", starts[i], end) != -1:
        return False  # too long for a headline, or a sentence: headlines end without 。
    return _stamp_below(v, i) is not None


def _stamp_below(v: _View, i: int) -> int | None:
    """The next non-blank line after ``i`` (within three) when it is a short line, not
    prose, holding a full date: a timestamp under a headline or a caption."""
    starts = v.line_starts
    text = v.text
    n = len(starts)
    for k in range(i + 1, min(n, i + 4)):
        s = starts[k]
        e = starts[k + 1] - 1 if k + 1 < n else len(text)
        if not text[s:e].strip():
            continue
        if (
            e - s <= _TIMESTAMP_LINE_MAX
            and not _is_prose(text[s:e])
            and _FULL_DATE.search(text, s, e) is not None
        ):
            return k
        return None
    return None


def _header_end(v: _View) -> tuple[int, int]:
    """(index of the first body line, body offset where it starts)."""
    starts = v.line_starts
    text = v.text
    if v.html:
        return _html_header(v)
    n = min(len(starts), _HEADER_MAX_LINES)
    for i in range(n):
        s = starts[i]
        if s > _HEADER_MAX_CHARS:
            return i, s
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        if e - s >= _PROSE_MIN and _is_prose(text[s:e]):  # shorter lines are never prose
            if _stamp_follows(v, i):
                continue
            return i, s
    return n, (starts[n] if n < len(starts) else len(text))


def _html_header(v: _View) -> tuple[int, int]:
    """A page's header: the lines (at most ``_HEADER_MAX_LINES`` and ``_HEADER_MAX_CHARS``)
    right before its first prose line, wherever that is.

    A page's text opens with its navigation menus, often hundreds of short lines, so the
    article's title and timestamp line come long after where a plain document's header
    ends. ``v.header_start`` is set to where the header begins; a page without prose has
    the usual header at its top.
    """
    starts = v.line_starts
    text = v.text
    n = len(starts)
    first = None
    for i in range(n):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if e - s >= _PROSE_MIN and _is_prose(text[s:e]) and not _stamp_follows(v, i):
            first = _past_caption_stamp(v, i) if _slide_caption(text[s:e]) else i
            break
    if first is None:
        first = min(n, _HEADER_MAX_LINES)
        return first, (starts[first] if first < n else len(text))
    lo = max(0, first - _HEADER_MAX_LINES)
    while lo < first and starts[first] - starts[lo] > _HEADER_MAX_CHARS:
        lo += 1
    v.header_start = starts[lo]
    return first, starts[first]


_SLIDE_COUNTER = re.compile(r"[ \t\u3000]*(?P<n>[0-9]{1,3})/(?P<of>[0-9]{1,3})[ \t\u3000]+\S")


def _slide_caption(line: str) -> bool:
    """Whether a line is a photo gallery's caption (``1/10 当全世界…``, the slide counter
    first): a gallery page shows its first slide's caption between the account line and
    the timestamp, so the caption is not the paragraph that ends the header."""
    m = _SLIDE_COUNTER.match(line)
    if m is None:
        return False
    n, of = int(m.group("n")), int(m.group("of"))
    return 2 <= of and 1 <= n <= of


def _past_caption_stamp(v: _View, i: int) -> int:
    """The line after the timestamp right below gallery caption ``i`` (the header reaches
    through both), or ``i`` when no short line with a full date follows it."""
    k = _stamp_below(v, i)
    return i if k is None else min(k + 1, len(v.line_starts) - 1)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    if le == -1:
        le = len(text)
    return ls, le


_LEAD_LINE_MAX = 40
_STAMP_COUNTERS = re.compile(r"[\u4e00-\u9fff]{2,20}(?:[ \t\u3000]+[0-9]{1,7}){1,3}")


def _classify(v: _View, m: re.Match[str]) -> tuple[str | None, bool, bool]:
    """(label, timestamp-like, future context) for a full-date match."""
    text = v.text
    start, end = m.span()
    ls, le = v.line_bounds(start, end)
    before = text[max(ls, start - 12) : start]
    after = text[end : min(le, end + 6)]
    label: str | None = None
    b = before.rstrip()
    last = (b[:-1].rstrip() if b[-1:] in (":", "：") else b)[-1:]
    if last and last in _LABEL_LAST:
        if _OTHER_LABEL.search(b):
            label = "other"
        elif _PUB_LABEL.search(b):
            label = "published"
    if label is None and ls > 0 and not text[ls:start].strip(" \t\u3000\xa0\r"):
        # A page's field table puts the label on the line above (``成文日期：`` then
        # ``2022年01月27日``, ``注册时间`` then ``2013-11-25``).
        ps = text.rfind("\n", max(0, ls - 1 - _LABEL_LINE_MAX), ls - 1) + 1
        prev = text[ps : ls - 1].strip(" \t\u3000\xa0\r")
        if prev and len(prev) <= _LABEL_LINE_MAX:
            if _OTHER_LABEL_ALONE.fullmatch(prev):
                label = "other"
            elif _PUB_LABEL_ALONE.fullmatch(prev):
                label = "published"
    near = text[max(ls, start - 6) : start]
    future = _FUTURE_RE.search(near) is not None or bool(_RX_FUTURE_AFTER.match(after))
    if le - ls > _TIMESTAMP_LINE_MAX:
        return label, False, future  # inside a long line: never a timestamp
    pre = text[ls:start]
    post = text[end:le]
    pre_s, post_s = pre.strip(" \t\u3000\xa0\r"), post.strip(" \t\u3000\xa0\r")
    at_start = pre_s == "" or pre_s[-1:] in "|｜:：[【(（"
    at_end = post_s == "" or post_s[:1] in "|｜)）]】"
    # At a line edge, separated from the rest of the line by a gap or a separator (not
    # glued into a sentence: "2022年11月20日，重庆市召开…" is an event).
    start_ok = at_start and (post_s == "" or post_s[:1] in "|｜" or post[:1] in " \t\u3000\xa0")
    end_ok = at_end and (pre_s == "" or pre[-1:] in " \t\u3000\xa0|｜:：" or label is not None)
    # A date with a clock time, standing apart from its neighbours on a line without
    # sentence punctuation, is a page's timestamp wherever it stands on the line:
    # ``http://www.sina.net 2005年03月21日 11:21 《理财周刊》``, ``ggjjzhzz 发表于 2005-9-15
    # 11:46:00``, ``2005-04-05 06:40更新 来源：转载文章``.
    clocked = (
        (m.group("H") is not None or m.group("H2") is not None)
        and (
            pre == ""
            or pre[-1:] in " \t\u3000\xa0|｜:：[【(（"
            or _RX_HEADER_LABEL.search(pre) is not None  # ``来源：央视网2022年03月08日 19:37``
        )
        and (
            post[:1] in ("", " ", "\t", "\u3000", "\xa0", "|", "｜") or post.startswith(_STAMP_NEXT)
        )
        and _PROSE_PUNCT.search(text, ls, le) is None
    )
    # A short line ending in a clocked date (``金融市场棱镜2019-09-23 07:48``: a column's
    # name and its timestamp, run together).
    tail = (
        (m.group("H") is not None or m.group("H2") is not None)
        and post_s == ""
        and le - ls <= 40
        and _PROSE_PUNCT.search(text, ls, le) is None
    )
    # A short header line opening with the date, run on into the site's name and ending
    # in its counters (``2019年09月11日富达传媒时政新闻 1665 0``): a page's stamp line. Without
    # the counters a glued date is a title's subject (``2022年7月16日4时57分黄历查询``).
    lead = (
        pre_s == ""
        and start < v.header_end
        and le - ls <= _LEAD_LINE_MAX
        and _STAMP_COUNTERS.fullmatch(post_s) is not None
    )
    timestamp = start_ok or end_ok or clocked or tail or lead or label == "published"
    return label, timestamp, future


def _edition_spans(text: str, limit: int) -> list[tuple[int, int, Edition | None]]:
    out: list[tuple[int, int, Edition | None]] = []
    if "版" not in text[:limit] or "《" not in text[:limit]:
        return out
    for m in _EDITION.finditer(text, 0, limit):
        d, _t = parse_date(m.group("date"))
        out.append(
            (
                m.start(),
                m.end(),
                Edition(clean_name(m.group("paper")), d, _int(m.group("page")), 0) if d else None,
            )
        )
    return out


_ALONE_SLACK = 8  # blanks around a date standing alone on its line


def _date_mention(v: _View, m: re.Match[str], got: tuple[dt.date, dt.time | None]) -> DateMention:
    d, t = got
    start, end = m.span()
    label, timestamp, future = _classify(v, m)
    ls, le = v.line_bounds(start, end)
    return DateMention(
        date=d,
        time=t,
        start=start,
        end=end,
        line=v.line(start),
        text=m.group(0),
        label=label,
        timestamp=timestamp,
        future_context=future,
        numeric=m.group("sep") is not None,
        # Compared only on a line barely longer than the date: on a long line (a one-line
        # record holding many dates) no date is alone, and slicing it per date would cost
        # the line's length each time.
        alone=le - ls <= end - start + _ALONE_SLACK
        and v.text[ls:le].strip(" \t\u3000\xa0\r") == m.group(0).strip(),
    )


def _body_dates(v: _View, after: dt.date | None = None) -> list[DateMention]:
    """The full dates after the header (those after ``after`` if given), as body offsets.

    No edition span reaches past the header, so no body date is an edition's.
    """
    hend = v.header_end
    out = []
    for m in v.date_matches():
        if m.start() >= hend and (got := _mention_from_match(m)) is not None:
            if after is None or got[0] > after:
                out.append(_date_mention(v, m, got))
    if v.has_cuts:
        for dm in out:
            dm.start, dm.end = v.orig(dm.start), v.orig(dm.end)
    return out


# A law's or resolution's note under its title: ``（2007年6月29日第十届全国人民代表大会常务委员会
# 第二十八次会议通过）``. The enacting body's act is the document's date as issued, and the
# note, in brackets on a line of its own, is how every such text states it.
_ADOPTION_NOTE = re.compile(
    r"[^（）()\n。]{0,120}?(?:通过|通過|批准|公布|发布|發布|發佈|修正|修订|修訂)"
    r"[^（）()\n。]{0,120}[）)][ \t\u3000\xa0\r]*"
)


_ADOPTION_LINE_MAX = 300


def _adoption_note(v: _View, m: re.Match[str]) -> bool:
    """Whether header date ``m`` opens a bracketed adoption note filling its line, the
    note's only date."""
    text = v.text
    ls, le = v.line_bounds(m.start(), m.end())
    if m.start() - ls > _ALONE_SLACK or le - ls > _ADOPTION_LINE_MAX:
        return False  # the bracket opens the line, a short one (never slice a long line)
    if text[ls : m.start()].strip(" \t\u3000\xa0") not in ("（", "("):
        return False
    # One act only: an amended law's note lists its first adoption, then each amendment
    # (``1993年…通过 2017年…修订 根据2019年…修正``), and its first date is not the text's.
    return (
        _ADOPTION_NOTE.fullmatch(text, m.end(), le) is not None
        and _FULL_DATE.search(text, m.end(), le) is None
    )


def _scan_dates(v: _View, prov: Provenance, first_body: int) -> None:
    """The header's timestamps; the body's dates are left for ``Provenance.body_dates``."""
    text = v.text
    hend = v.header_end
    editions = _edition_spans(text, hend)
    for s, _e, ed in editions:
        if ed is not None and prov.edition is None:
            ed.line = v.line(s)
            prov.edition = ed
    hstart = v.header_start
    for m in v.dates_before(hend):
        start = m.start()
        if start >= hend:
            break
        if start < hstart:
            continue
        got = _mention_from_match(m)
        if got is None:
            continue
        mention = _date_mention(v, m, got)
        if editions and any(s <= start < e for s, e, _ in editions):
            mention.label = "edition"
        elif mention.label is None and not mention.timestamp:
            mention.timestamp = _adoption_note(v, m) or _labelled_stamp(v, m)
        if mention.label in ("published", None) and mention.timestamp:
            prov.header_dates.append(mention)
    prov._body_view = v
    if not prov.header_dates and "/" in text[hstart : hstart + _HEADER_MAX_CHARS]:
        _us_stamp(v, prov)
    if not prov.header_dates:
        _english_stamp(v, prov)
    if not prov.header_dates:
        _split_stamp(v, prov)
    if not prov.header_dates and ("年" in text[:hend]):
        # Official notices date themselves in Chinese numerals: 二〇二二年十一月二十三日.
        for m2 in _CN_DATE.finditer(text, hstart, hend):
            y, mo, dd = (_cn_int(m2.group(g)) for g in ("y", "m", "d"))
            if y is None or mo is None or dd is None:
                continue
            d2 = make_date(y, mo, dd)
            if d2 is None:
                continue
            ls, le = v.line_bounds(m2.start(), m2.end())
            if text[ls:le].strip() == m2.group(0):
                prov.header_dates.append(
                    DateMention(
                        d2,
                        None,
                        m2.start(),
                        m2.end(),
                        v.line(m2.start()),
                        m2.group(0),
                        None,
                        True,
                    )
                )
    if not prov.header_dates:
        _lower_stamp(v, prov, first_body)


# A labelled US-style stamp, as old ASP.NET pages print it: ``发布日期： 9/17/2004 5:54:13 AM``.
# Month first: only with a publication label and a clock time, where no other order is read.
_US_STAMP = re.compile(
    r"(?:发布日期|發佈日期|發布日期|发布时间|發佈時間|發布時間|发表时间|發表時間)\s*[:：]\s*"
    r"(?P<m>[01]?[0-9])/(?P<d>[0-3]?[0-9])/(?P<y>(?:19|20)[0-9]{2})\s+"
    r"(?P<H>[0-2]?[0-9]):(?P<M>[0-5][0-9])(?::(?P<S>[0-5][0-9]))?(?:\s*(?P<ap>[AaPp][Mm]))?"
    r"(?![0-9])"
)


def _us_stamp(v: _View, prov: Provenance) -> None:
    """A labelled ``M/D/YYYY h:mm:ss AM`` stamp near the top, when no other header date is."""
    text = v.text
    lo = v.header_start
    m = _US_STAMP.search(text, lo, min(len(text), lo + _HEADER_MAX_CHARS))
    if m is None:
        return
    d = make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return
    hour = int(m.group("H"))
    ap = (m.group("ap") or "").upper()
    if ap and not 1 <= hour <= 12:
        return
    if ap == "PM" and hour < 12:
        hour += 12
    elif ap == "AM" and hour == 12:
        hour = 0
    t = _make_time(str(hour), m.group("M"), m.group("S"))
    s = m.start("m")
    prov.header_dates.append(
        DateMention(d, t, s, m.end(), v.line(s), text[s : m.end()], "published", True)
    )


_EN_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
# A blog's post stamp in English standing alone on a header line (``Saturday, September
# 10th, 2005 10:56 am``, ``10 September 2005``): the whole line is the stamp, so an English
# date in a sentence never counts.
_EN_STAMP = re.compile(
    r"^[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    rf"(?:(?P<mon>{_EN_MONTH})[ \t]+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?[ \t]+"
    r"(?P<y>(?:19|20)[0-9]{2})"
    rf"|(?P<d2>[0-9]{{1,2}})[ \t]+(?P<mon2>{_EN_MONTH}),?[ \t]+(?P<y2>(?:19|20)[0-9]{{2}}))"
    r"(?:[ \t]*(?:[|｜,@]|at)?[ \t]*(?P<H>[0-9]{1,2}):(?P<M>[0-5][0-9])(?::(?P<S>[0-5][0-9]))?"
    r"[ \t]*(?P<ap>[AaPp]\.?[Mm]\.?)?)?[ \t]*$",
    re.MULTILINE,
)


def _english_stamp(v: _View, prov: Provenance) -> None:
    """A post stamp in English alone on a header line, when no other header date is."""
    text = v.text
    for m in _EN_STAMP.finditer(text, v.header_start, v.header_end):
        mon = (m.group("mon") or m.group("mon2"))[:3].lower()
        y, dd = (m.group("y"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("d2"))
        d = make_date(int(y), _MONTHS[mon], int(dd))
        if d is None:
            continue
        t = None
        if m.group("H") is not None:
            hour = int(m.group("H"))
            ap = (m.group("ap") or "").replace(".", "").upper()
            if ap and not 1 <= hour <= 12:
                continue
            if ap == "PM" and hour < 12:
                hour += 12
            elif ap == "AM" and hour == 12:
                hour = 0
            t = _make_time(str(hour), m.group("M"), m.group("S"))
        st = len(m.group(0)) - len(m.group(0).lstrip(" \t")) + m.start()
        en = len(m.group(0).rstrip(" \t")) + m.start()
        prov.header_dates.append(DateMention(d, t, st, en, v.line(st), text[st:en], None, True))
        return


# A stamp a page's layout split over short lines, one part a block: ``2019`` / ``09/07`` /
# ``19:02`` (a portal's year, day and time boxes), ``Singapore,`` / ``08`` / ``February`` /
# ``2018`` / ``|`` / ``19:58`` (a newsroom's dateline). Searched in the header's runs of
# short lines joined by blanks, and only across a line break: a stamp on one line is the
# other scans' to read.
_SPLIT_STAMP = re.compile(
    rf"(?<![0-9A-Za-z])(?:(?P<d>[0-9]{{1,2}}) (?P<mon>{_EN_MONTH}),? (?P<y>(?:19|20)[0-9]{{2}})"
    rf"|(?P<mon2>{_EN_MONTH}) (?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>(?:19|20)[0-9]{{2}})"
    r"|(?P<y3>(?:19|20)[0-9]{2}) (?P<m3>[01]?[0-9])([/.\-])(?P<d3>[0-3]?[0-9]))"
    r"(?: (?:[|｜] )?(?P<H>[0-2]?[0-9]):(?P<M>[0-5][0-9]))?(?![0-9A-Za-z])"
)
_SPLIT_PART_MAX = 24  # a part of a split stamp: a short block, never a sentence


_LOWER_REACH = 200  # lines searched for a page's first paragraph below a header of menus
_LOWER_ABOVE = 12  # lines above that paragraph read for its stamp


def _split_stamp(v: _View, prov: Provenance) -> None:
    """A stamp split over consecutive short header lines, when no other header date is."""
    starts = v.line_starts
    lo = bisect.bisect_right(starts, v.header_start) - 1
    hi = min(len(starts), bisect.bisect_right(starts, v.header_end))
    _split_lines(v, prov, lo, hi)


def _lower_header(v: _View, first_body: int) -> tuple[int, int] | None:
    """Lines [lo, hi) right above the first paragraph, when a plain document's header
    ended at its line cap without one: a page saved as text (a crawl's) can open with
    more menu lines than that, and a page's stamp stands over its first paragraph, as
    ``_html_header`` reads a page. None when no paragraph follows within reach."""
    if v.html or first_body < _HEADER_MAX_LINES:
        return None
    text = v.text
    starts = v.line_starts
    n = len(starts)
    for i in range(first_body, min(n, first_body + _LOWER_REACH)):
        s = starts[i]
        if s - starts[first_body] > _HEADER_MAX_CHARS:
            return None
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if e - s >= _PROSE_MIN and _is_prose(text[s:e]):
            return max(first_body, i - _LOWER_ABOVE), i
    return None


def _lower_stamp(v: _View, prov: Provenance, first_body: int) -> None:
    """The stamp right above a crawled page's first paragraph, below its menus
    (``_lower_header``), when the header has no date. Only a stamp's own shapes: one
    split over short lines, or a clocked date with a ``来源：`` label after it. A bare date
    above a page's first paragraph is as often a listing's (a news list's ``2021.07.16``
    over its teaser) as the page's stamp; a list item names no source."""
    region = _lower_header(v, first_body)
    if region is None:
        return
    starts = v.line_starts
    lo, hi = region
    for m in _FULL_DATE.finditer(v.text, starts[lo], starts[hi]):
        got = _mention_from_match(m)
        if got is not None and _labelled_stamp(v, m):
            mention = _date_mention(v, m, got)
            if mention.label in ("published", None):
                mention.timestamp = True
                prov.header_dates.append(mention)
                return
    _split_lines(v, prov, lo, hi + 1)


# A stamp line's tail: the source or author label right after the clocked date
# (``…名单！ 2022/09/21 14:02:00 来源：某厅``), even when a headline with its ``！`` runs
# before it on the line.
_STAMP_LABEL_AFTER = re.compile(r"[ \t\u3000\xa0]+(?:来源|來源|稿源|作者|编辑|編輯)[ \t]*[:：]")


def _labelled_stamp(v: _View, m: re.Match[str]) -> bool:
    """Whether date ``m`` has a clock time, a blank before it and a source label after."""
    if m.group("H") is None and m.group("H2") is None:
        return False
    st = m.start()
    return (
        st > 0
        and v.text[st - 1] in " \t\u3000\xa0"
        and _STAMP_LABEL_AFTER.match(v.text, m.end()) is not None
    )


def _split_lines(v: _View, prov: Provenance, lo: int, hi: int) -> bool:
    """Read lines [lo, hi) for a split stamp; whether one was found."""
    text = v.text
    starts = v.line_starts
    n = len(starts)
    run: list[tuple[int, str]] = []  # (view offset of the stripped part, the part)

    def search() -> bool:
        if len(run) < 2:
            return False
        joined = " ".join(p for _s, p in run)
        offs = list(itertools.accumulate((len(p) + 1 for _s, p in run[:-1]), initial=0))
        for m in _SPLIT_STAMP.finditer(joined):
            a = bisect.bisect_right(offs, m.start()) - 1
            b = bisect.bisect_right(offs, m.end() - 1) - 1
            if a == b:
                continue  # on one line: not split
            if m.start() != offs[a] or m.end() != offs[b] + len(run[b][1]):
                continue  # whole blocks only: ``2019`` over ``3/4 决赛`` is a year and a score
            if m.group("y3") is not None:
                y, mo, dd = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
            else:
                mon = m.group("mon") or m.group("mon2")
                y = int(m.group("y") or m.group("y2"))
                mo, dd = _MONTHS[mon[:3].lower()], int(m.group("d") or m.group("d2"))
            d = make_date(y, mo, dd)
            if d is None:
                continue
            t = _make_time(m.group("H"), m.group("M"), None) if m.group("H") else None
            st = run[a][0] + m.start() - offs[a]
            en = run[b][0] + m.end() - offs[b]
            prov.header_dates.append(DateMention(d, t, st, en, v.line(st), m.group(0), None, True))
            return True
        return False

    for i in range(max(lo, 0), hi):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if s < v.header_start:
            continue
        raw = text[s:e]
        part = raw.strip(" \t\u3000\xa0\r")
        if 0 < len(part) <= _SPLIT_PART_MAX and _PROSE_PUNCT.search(part) is None:
            run.append((s + raw.index(part[0]), part))
            continue
        if search():
            return True
        run = []
    return search()


# Every copyright pattern holds one of these (版权所有 or 著作权归/版权归 ... 所有); 所有 alone is
# a common word, and the pattern led by a name is slow on a long line.
_COPYRIGHT_KEYS = (
    "版权所有", "版權所有", "权归", "權歸", "opyr", "OPYR", "ights reserved", "ights Reserved",
    "IGHTS RESERVED", "出品", "授权", "授權", "©",
)  # fmt: skip
_REPOST_KEYS = (
    "转载", "轉載", "转自", "轉自", "原载", "原載", "刊载", "刊載", "来自", "來自", "首发", "首發",
    "出自", "原创", "原創", "摘自",
)  # fmt: skip


@lru_cache(maxsize=32)
def _keys_regex(needles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))


def _lines_with(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every line holding one of ``needles``, in order, each once.

    A few needles are found with ``str.find`` (fastest); many with one alternation.
    """
    starts: set[int] = set()
    find, rfind = text.find, text.rfind
    if len(needles) <= 4:
        for n in needles:
            i = find(n)
            while i != -1:
                starts.add(rfind("\n", 0, i) + 1)
                nl = find("\n", i)
                i = -1 if nl == -1 else find(n, nl)
    else:
        last = -1
        for m in _keys_regex(needles).finditer(text):
            i = m.start()
            if i > last:
                starts.add(rfind("\n", 0, i) + 1)
                last = find("\n", i)
                if last == -1:
                    break
    out = []
    for ls in sorted(starts):
        le = find("\n", ls)
        out.append((ls, len(text) if le == -1 else le))
    return out


_MD_LINK = re.compile(r"^~*\s*\[(?P<t>[^\]\n]{1,60})")
_ORIGIN_LINK = re.compile(
    r"(?:原文|原链接|原鏈接|来源|來源|来自|來自|出自|转自|轉自|转载|轉載"
    # ``该内容已删除 [标题](https://www.zhihu.com/…)``: where it was, before it was deleted.
    r"|已删除|已刪除|已被删除|已被刪除)"
    r"[^\n]{0,80}?\]\((?P<u>https?://[^\s)]+)\)"
)
# ``财新公众号非全文部分[链接](…)``: an opening note naming the account the link is on.
_ACCOUNT_LINK = re.compile(
    r"[ \t>]*(?P<v>[\u4e00-\u9fff]{2,10}?)(?:公众号|公眾號|微信号|微信號)[^\n\[]{0,20}\[[^\]\n]{0,40}\]\(https?://"
)
# ``原文地址：<https://hackmd.io/…>``, ``原文地址 ~~https://www.meipian.cn/…~~``: a bare
# address of the original (angle-bracketed or struck through, with or without a colon).
_ORIGIN_URL = re.compile(
    r"(?:原文地址|原文链接|原文鏈接|原文网址|原文網址)\s*[:：]?\s*[<~]*\s*(?P<u>https?://[^\s<>~)\]]+)"
)
_ORIGIN_LINK_LINES = 12
_LINKED_TITLE_ONLY = re.compile(r"[~\s]*\[[^\]|｜:：\n]*\]")
_BARE_ORIGINAL = re.compile(r"原文\s*[:：]")  # not ``原文来自[账号](…)``, which names one
# Web archives keep copies of pages; a link to one names no publisher.
_ARCHIVE_HOSTS = ("archive.li", "archive.is", "archive.ph", "archive.today", "archive.org")


# An archived post's first lines credit the original to its outlet before the linked,
# struck-through title (``谷雨实验室：~~[标题](…)~~``, ``### 报道1：每日经济新闻：~~[标题](…)~~``,
# ``作者 某账号：~~[标题](…)~~``): the name just before the colon is the outlet.
_NAMED_LINK = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:报道[0-9]{1,2}[:：][ \t]*)?(?:[^\s:：\[\]~()]{1,16}[ \t]+)?"
    r"(?P<v>[^\s:：\[\]~()|｜]{2,16})[ \t]*[:：][ \t]*~~[ \t]*\[[^\]\n]+\]\(https?://"
)


# ``原链接：~~[标题](…)~~`` is a label before the link, not an outlet (the link scan reads it).
_LINK_LABEL = re.compile(
    r"原文|原帖|链接|鏈接|地址|网址|網址|来源|來源|出处|出處|转|轉|载|載|来自|來自|备份|備份|存档|存檔"
)


def _link_text(value: str) -> str:
    """The name in a markdown link (``~~[豆瓣](https://…)~~`` gives ``豆瓣``; a linked title
    ``[好奇心日报：北大学生…](…)`` gives the outlet before its colon); other values as
    they are."""
    m = _MD_LINK.match(value)
    if m is None:
        return value
    t = m.group("t").strip()
    for sep in ("：", ":"):
        if sep in t:
            t = t.split(sep, 1)[0].strip()
    return t


def _scan_sources(v: _View, prov: Provenance) -> None:
    text = v.text
    hend = prov.header_end
    # Every pattern runs only on the lines holding its keyword: a whole-text scan of
    # these look-behind-led patterns would cost more than the rest of extraction.
    for ls, le in v.keyword_lines("source"):
        for m in _SOURCE_LINE.finditer(text, ls, le):
            raw = _link_text(m.group("v").strip())
            if "》" in raw:
                # ``《美国研究》2020年第1期``: the journal, not its issue (a year is no name).
                raw = _RX_ISSUE_TAIL.sub("", raw)
            if not raw:
                continue
            if m.group("label").lower() == "source" and text[ls : m.start()].strip(" \t|｜"):
                continue  # English ``source:`` counts as a label only at a line's start
            src, orig = _split_source(raw)
            if not _looks_like_name(src):
                continue
            start, end = m.span("v")  # on the keyword line [ls, le): no newline in a value
            line = v.line(start)
            if v.header_start <= start < hend:
                prov.header_sources.append(NameMention(src, raw, start, end, line, "header", orig))
            elif le - ls <= 40 or m.group("label") in (
                "本文来源",
                "本文來源",
                "文章来源",
                "文章來源",
            ):
                prov.names.append(NameMention(src, raw, start, end, line, "footer", orig))
    # ``信息源自…`` lines hold the source scan's keyword 源, not a repost keyword, and
    # ``原文：…`` lines the credit scan's ``文：``.
    seen_lines: set[int] = set()
    for ls, le in (
        *v.keyword_lines("repost"),
        *v.keyword_lines("source"),
        *v.keyword_lines("credit"),
    ):
        if ls in seen_lines:
            continue
        seen_lines.add(ls)
        for m in _REPOST_LINE.finditer(text, ls, le):
            if _LINKED_TITLE_ONLY.match(m.group("v")) and _BARE_ORIGINAL.match(m.group(0)):
                # ``原文：[标题](…)`` links a title, not an outlet (see the link scan); a
                # linked ``[账号 | 标题]`` still names the account.
                continue
            val = _link_text(_RX_WECHAT.sub("", m.group("v").strip()))
            # ``智谷趋势：~~[标题](…)``: the outlet is what comes before the linked title.
            # ``原文来自~~南方周末~~``: a struck-through name is still the name.
            # ``每日经济新闻（微信号：nbdnews）``: the name, not its account id in brackets.
            val = re.split(r"[:：（(]|~~|\s?\[", val.lstrip("~ "), maxsplit=1)[0]
            if "》" in val:
                val = _RX_ISSUE_TAIL.sub("", val)  # ``摘自《某学刊》2000年第2期``: the journal
            val = clean_name(val).strip('“”"「」『』 \\')
            if _looks_like_name(val) or (_RX_ACCOUNT.match(val) and "年" not in val):
                s = m.start("v")
                prov.names.append(
                    NameMention(val, m.group("v"), s, m.end("v"), v.line(s), "repost")
                )
    # An archived post's opening notice that links to the original (``原文来自微信订阅号，
    # ~~[标题](https://mp.weixin.qq.com/…)~~``, ``信息来自有道云笔记：[…](…)``,
    # ``~~[微信原文:…](…)~~``): the linked site published it first. Only the document's
    # first lines count; a link further down is a reference, not the text's origin.
    if not any(n.origin == "repost" for n in prov.names):
        for ls, le in v.keyword_lines("url"):
            if v.line(ls) > v.line(v.header_start) + _ORIGIN_LINK_LINES:
                break
            mn = _NAMED_LINK.match(text, ls, le) or _ACCOUNT_LINK.match(text, ls, le)
            if mn is not None:
                name = mn.group("v")
                if (
                    _looks_like_name(name)
                    and not name.startswith(_DEICTIC_HEADS)
                    and _LINK_LABEL.search(name) is None
                ):
                    s = mn.start("v")
                    prov.names.append(NameMention(name, name, s, mn.end("v"), v.line(s), "repost"))
                    break
            ml = _ORIGIN_LINK.search(text, ls, le) or _ORIGIN_URL.search(text, ls, le)
            host = url_host(ml.group("u")) if ml is not None else None
            if ml is not None and host is not None and not host.endswith(_ARCHIVE_HOSTS):
                s = ml.start("u")
                prov.names.append(
                    NameMention(host, ml.group("u"), s, ml.end("u"), v.line(s), "repost")
                )
                break
    # Masthead: a publisher-like name alone on one of the first lines.
    seen = 0
    for i, s in enumerate(v.line_starts[:6]):
        if s >= hend:
            break
        e = v.line_starts[i + 1] - 1 if i + 1 < len(v.line_starts) else len(text)
        row = text[s:e]
        if not row.strip():
            continue
        seen += 1
        if seen > 3:
            break
        name = _masthead(row)
        if name is not None:
            prov.names.append(NameMention(name, row.strip(), s, e, v.line(s), "masthead"))
            break
    _scan_header_url(v, prov)
    _scan_imprint(v, prov)
    _scan_attributions(v, prov)
    for m in (
        m for ls, le in v.keyword_lines("copyright") for m in _COPYRIGHT.finditer(text, ls, le)
    ):
        g = next(x for x in ("a", "b", "c", "d", "e", "f") if m.group(x) is not None)
        val = clean_name(m.group(g))
        val = _RX_COPY_PREFIX.sub("", val)
        val = _RX_ARR.sub("", val).strip()
        if val.startswith(_COPY_NOTICES):
            continue
        if g in ("d", "e", "f") and not ("." in val or any("\u4e00" <= c <= "\u9fff" for c in val)):
            continue  # ``Copyright © 2022 Powered by…``: only a domain or a Chinese name
        if _looks_like_name(val) and not val.startswith(("本", "原作者", "作者")):
            s = m.start(g)
            prov.names.append(NameMention(val, m.group(g), s, m.end(g), v.line(s), "copyright"))
            if prov.copyright is None:
                prov.copyright = val
    for m in (
        m for ls, le in v.keyword_lines("copyright") for m in _PRODUCED.finditer(text, ls, le)
    ):
        g = "p" if m.group("p") is not None else "q"
        val = clean_name(m.group(g))
        if _looks_like_name(val) and not val.startswith(_COPY_NOTICES):
            s = m.start(g)
            prov.names.append(NameMention(val, m.group(g), s, m.end(g), v.line(s), "copyright"))
    for ls, le in v.keyword_lines("url"):
        mu = _URL_LINE.search(text, ls, le)
        if mu is not None:
            prov.url = mu.group("u")
            break


# A header line ending in a bare address (``This file was derived from`` then
# ``http://www.gutenberg.org/…``, ``更多精校小说尽在X下载：http://www.zxcs8.com/``): the site
# the text was taken from. Not a markdown link's or an angle-bracketed target (references).
_HEADER_URL = re.compile(
    r"(?:^|(?<=[^(<\[\]\"'=/A-Za-z0-9.\-]))(?P<u>https?://[^\s<>\"'()\[\]]+)[ \t]*$", re.M
)
_HEADER_URL_LINES = 5  # the first non-blank lines of the header
_HEADER_URL_LINE_MAX = 120


def _scan_header_url(v: _View, prov: Provenance) -> None:
    text = v.text
    if "http" not in text:
        return  # the lines below are read only for an address, which holds it
    starts = v.line_starts
    i = bisect.bisect_right(starts, v.header_start) - 1
    seen = 0
    while 0 <= i < len(starts) and seen < _HEADER_URL_LINES:
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        i += 1
        if not text[s:e].strip():
            continue
        seen += 1
        if e - s > _HEADER_URL_LINE_MAX or "http" not in text[s:e]:
            continue
        m = _HEADER_URL.search(text, s, e)
        host = url_host(m.group("u")) if m is not None else None
        if m is not None and host is not None and not host.endswith(_ARCHIVE_HOSTS):
            st = m.start("u")
            prov.names.append(
                NameMention(host, m.group("u"), st, m.end("u"), v.line(st), "address")
            )
            return


# A book's imprint (its CIP data or copyright page) names its publisher near the ISBN.
_PUBLISHER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,16}?(?:出版社|出版公司|出版集团|出版集團|书局|書局))"
)
_IMPRINT_REACH = 600  # characters either side of the ISBN


# An essay's closing attribution to the periodical it ran in (``——《北京之春》1996年6月号``),
# a line of its own; and a site stating its own address (``本站永久域名: chinaha.126.com``).
_ATTRIBUTION = re.compile(
    r"^[ \t\u3000]*(?:——|--|—)[ \t\u3000]*《(?P<v>[^《》\n]{2,20})》[ \t\u3000]*"
    r"(?:[12][0-9]{3}[ \t]*年[^\n]{0,12})?[ \t\u3000]*$",
    re.MULTILINE,
)
_OWN_DOMAIN = re.compile(
    r"本站(?:永久)?(?:域名|网址|網址)[ \t]*[:：]?\s{0,3}"
    r"(?P<u>(?:https?://)?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
)
# ``作者： 赵某出自[人民文学出版社]``: a credit line naming the book's publisher in brackets.
_BRACKET_FROM = re.compile(r"(?:作者|作\s者)\s*[:：][^\n]{0,20}?出自\[(?P<v>[^\]\n]{2,20})\](?!\()")


def _scan_attributions(v: _View, prov: Provenance) -> None:
    text = v.text
    i = text.find("《")
    while i != -1:
        ls = text.rfind("\n", 0, i) + 1
        m = _ATTRIBUTION.match(text, ls)
        if m is not None:
            name = clean_name(m.group("v"))
            if _looks_like_name(name):
                st = m.start("v")
                prov.names.append(
                    NameMention(name, m.group("v"), st, m.end("v"), v.line(st), "footer")
                )
                break
        nl = text.find("\n", i)
        i = -1 if nl == -1 else text.find("《", nl)
    i = text.find("本站")
    if i != -1:
        m2 = _OWN_DOMAIN.search(text, i, i + 80)
        host = url_host(m2.group("u")) if m2 is not None else None
        if m2 is not None and host is not None:
            st = m2.start("u")
            prov.names.append(
                NameMention(host, m2.group("u"), st, m2.end("u"), v.line(st), "masthead")
            )
    i = text.find("出自[")
    if i != -1:
        m3 = _BRACKET_FROM.search(text, max(0, text.rfind("\n", 0, i) + 1), i + 40)
        if m3 is not None and _looks_like_name(m3.group("v")):
            st = m3.start("v")
            prov.names.append(
                NameMention(m3.group("v"), m3.group("v"), st, m3.end("v"), v.line(st), "repost")
            )


def _scan_imprint(v: _View, prov: Provenance) -> None:
    text = v.text
    i = text.find("ISBN")
    if i == -1:
        return
    m = _PUBLISHER.search(text, max(0, i - _IMPRINT_REACH), i + _IMPRINT_REACH)
    if m is not None:
        st = m.start("org")
        org = m.group("org")
        prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "imprint"))


_CREDIT_KEYS = (
    "记者", "記者", "作者", "撰文", "通讯员", "通訊員", "编", "編",
    "文/", "文／", "文|", "文｜", "文:", "文：", "文 ",
)  # fmt: skip

# Lines are found for every scan with one search: the keyword sets of different scans never
# overlap in the text (checked below), so no keyword hides another scan's keyword.
_LINE_KEYS: dict[str, tuple[str, ...]] = {
    "source": ("源", "ource"),
    "repost": _REPOST_KEYS,
    "copyright": _COPYRIGHT_KEYS,
    "url": ("http",),
    "credit": _CREDIT_KEYS,
}


def _can_overlap(a: str, b: str) -> bool:
    """Whether occurrences of ``a`` and ``b`` can share a character in some text."""
    if a in b or b in a:
        return True
    return any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, min(len(a), len(b))))


_KEY_SCANS: dict[str, tuple[str, ...]] = {}
for _scan, _keys in _LINE_KEYS.items():
    for _k in _keys:
        _KEY_SCANS[_k] = (*_KEY_SCANS.get(_k, ()), _scan)
_ONE_PASS = not any(
    _can_overlap(a, b)
    for sa, ka in _LINE_KEYS.items()
    for sb, kb in _LINE_KEYS.items()
    if sa < sb
    for a in ka
    for b in kb
)


def _alternation(words: list[str]) -> str:
    """The words as one alternation grouped by first character, longest first within a
    group: the same matches as a flat longest-first alternation, with fewer branches tried
    at each position."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(w[1:])
    out = []
    for first, rests in groups.items():
        tails = [re.escape(r) for r in rests if r]
        tail = f"(?:{'|'.join(tails)})" + ("?" if "" in rests else "") if tails else ""
        out.append(re.escape(first) + tail)
    return "|".join(out)


_ALL_KEYS_RE = re.compile(_alternation(list(_KEY_SCANS)))


# Glosses and keywords found in one pass. Every branch starts with a literal character,
# which keeps the engine skipping from candidate to candidate (a bracket class in front
# would make it try every branch at every position). No keyword holds a bracket, so a
# text with no gloss gets exactly ``_ALL_KEYS_RE``'s matches.
_GLOSS_OR_KEY_RE = re.compile(rf"\({_GLOSS_TAIL}|（{_GLOSS_TAIL}|{_ALL_KEYS_RE.pattern}")
# Where a date can begin: four digits led by 1 or 2, not glued to a number (the look-behind
# of ``_FULL_DATE``'s year).
_YEAR = re.compile(rf"[12１２](?<![0-9０-９.．/／\-－][12１２]){_D}{{3}}")


def _digits(lo: int, hi: int) -> str:
    """A class of the digits lo..hi in both widths (full-width digits count as digits)."""
    return f"[{lo}-{hi}{chr(0xFF10 + lo)}-{chr(0xFF10 + hi)}]"


@lru_cache(maxsize=256)
def _year_at_least(year: int) -> tuple[re.Pattern[str], ...] | None:
    """Patterns of four digits led by 1 or 2 (any mix of widths) reading ``year`` or more,
    one per leading character; None when ``year`` is outside 1000..2199, where no such
    shortcut is built.

    Every date's year is four such digits, so a text matching none of them has no date in
    ``year`` or later. Numbers glued to others match too: a superset is all a prefilter
    needs. One pattern per leading character, because a literal first character lets the
    engine jump to its candidates where a class with full-width digits costs ~7x more.
    """
    if not 1000 <= year <= 2199:
        return None
    ds = [int(c) for c in f"{year:04d}"]
    out = []
    for first in (1, 2):
        if first > ds[0]:
            tails = [_digits(0, 9) * 3]
        elif first == ds[0]:
            tails = []
            for k in range(1, 4):  # equal on digits 1..k-1, greater on digit k, then any
                if ds[k] < 9:
                    head = "".join(_digits(d, d) for d in ds[1:k])
                    tails.append(head + _digits(ds[k] + 1, 9) + _digits(0, 9) * (3 - k))
            tails.append("".join(_digits(d, d) for d in ds[1:]))
        else:
            continue
        for lead in (str(first), chr(0xFF10 + first)):
            out.append(re.compile(f"{lead}(?:{'|'.join(tails)})"))
    return tuple(out)


def _keyword_lines(text: str, matches: Iterable[re.Match[str]]) -> dict[str, list[tuple[int, int]]]:
    """scan -> (start, end) of every line holding one of its keywords, in order, from
    the matches of ``_ALL_KEYS_RE`` in ``text``."""
    if not _ONE_PASS:
        return {scan: _lines_with(text, keys) for scan, keys in _LINE_KEYS.items()}
    out: dict[str, list[tuple[int, int]]] = {}
    rfind = text.rfind
    ls = 0
    le = -1  # the newline ending the line of the last keyword (-1: none yet)
    for m in matches:
        i = m.start()
        if i > le:
            ls = rfind("\n", max(le, 0), i) + 1
            le = text.find("\n", i)
            if le == -1:
                le = len(text)
        for scan in _KEY_SCANS[m.group()]:
            rows = out.get(scan)
            if rows is None:
                out[scan] = [(ls, le)]
            elif rows[-1][0] != ls:  # keywords come in order: a line is new or the last one
                rows.append((ls, le))
    return out


# Every role word holds a credit keyword, so a bracketed credit has its role on a credit line.
_PARENS_ON_CREDIT_LINES = all(
    any(k in role for k in _CREDIT_KEYS) for role in (*_AUTHOR_ROLES, *_EDITOR_ROLES)
)


def _credit_parens(v: _View) -> Iterator[re.Match[str]]:
    """``_CREDIT_PAREN.finditer(v.text)``, searched only around the credit lines.

    A match ends on the line of its role (names and the closing bracket never cross a
    newline) and begins at its opening bracket, which only blanks separate from the role:
    on that line, or as the last character before the blanks leading up to it.
    """
    text = v.text
    if not _PARENS_ON_CREDIT_LINES:
        yield from _CREDIT_PAREN.finditer(text)
        return
    for ls, le in v.keyword_lines("credit"):
        a = ls
        while a > 0 and text[a - 1].isspace():
            a -= 1
        yield from _CREDIT_PAREN.finditer(text, max(0, a - 1), le)


def _scan_credits(v: _View, prov: Provenance) -> None:
    text = v.text
    authors: list[str] = []
    editors: list[str] = []

    def add(role: str, names: list[str]) -> None:
        target = editors if _RX_EDITOR_ROLE.fullmatch(role) else authors
        for n in names:
            if n not in target:
                target.append(n)

    if "(" in text or "（" in text or "【" in text or "[" in text:
        for m in _credit_parens(v):
            names = _split_names(m.group("names").replace(":", " ").replace("：", " "))
            if names:
                add(m.group("role"), names)
    # Anchored at the line's start and end: one match attempt per line, not one per position.
    for ls, le in v.keyword_lines("credit"):
        cm = _CREDIT_LINE.match(text, ls, le)
        if cm is None:
            continue
        m = cm
        role = m.group("role")
        names = _split_names(m.group("names"))
        if not names:
            continue
        org = m.group("org")
        if role == "文" and not org:
            # ``文/张三`` is a byline; ``文`` alone after an org would be a word.
            pass
        elif role == "文":
            continue
        if org:
            org_c = clean_name(org)
            if org_c in _SELF_AGENCIES:
                pass  # ``本报记者``: this paper names no one
            elif org_c.endswith(_MASTHEAD_SUFFIXES) and len(org_c) >= 2:
                s = m.start("org")
                prov.names.append(NameMention(org_c, org, s, m.end("org"), v.line(s), "byline"))
            elif not _RX_ROLE_PREFIX.fullmatch(org_c):
                continue
        add(role, names)
    if "By " in text:
        for m in _BY_LINE.finditer(text):
            for n in _RX_AND.split(m.group("names")):
                if n not in authors:
                    authors.append(n)
    prov.authors = authors
    prov.editors = editors


_TITLE_AGAIN_REACH = 12  # lines below the first paragraph where the title may stand again
_TITLE_MIN = 6


def _title_again(v: _View, first_body: int) -> int:
    """Where the article starts when a site's blurb came first: a page saved as text opens
    with its <title>; when that line stands again just below the first paragraph (the
    sidebar's "about us" above the post), the article is below the repeat, and its
    dateline among the repeat's next lines. ``first_body`` otherwise."""
    if v.html:
        return first_body
    text = v.text
    starts = v.line_starts
    n = len(starts)
    if n < 2:
        return first_body
    title = text[: starts[1] - 1].strip(" \t\u3000\xa0\r")
    if len(title) < _TITLE_MIN:
        return first_body
    found = first_body
    for i in range(first_body + 1, min(n, first_body + 1 + _TITLE_AGAIN_REACH)):
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if e - starts[i] > len(title) + 8:
            continue
        if text[starts[i] : e].strip(" \t\u3000\xa0\r") == title:
            found = i
    return found


def _scan_dateline(v: _View, prov: Provenance, first_body_line: int) -> None:
    """The first dateline among the header's lines and the body's first three non-blank ones
    (within 12 lines of the body's start).

    A Chinese dateline's line holds 月 (and 日), an English one's ``(`` (and ``,``): only the
    lines holding one of the two are looked at, found by ``str.find`` up to the last line.
    """
    text = v.text
    starts = v.line_starts
    n_starts = len(starts)
    first_body_line = _title_again(v, first_body_line)
    cap = min(n_starts, first_body_line + 12)  # lines [0, cap) at most
    limit = starts[cap] - 1 if cap < n_starts else len(text)
    if first_body_line < cap:
        # Up to the end of the body's third non-blank line, if it comes before the cap.
        third = _THREE_NONBLANK_LINES.match(text, starts[first_body_line], limit)
        if third is not None:
            limit = third.end()
    candidates: set[int] = set()
    for ch in ("月", "("):
        j = text.find(ch, 0, limit)
        while j != -1:
            i = bisect.bisect_right(starts, j) - 1
            candidates.add(i)
            j = text.find(ch, starts[i + 1], limit) if i + 1 < n_starts else -1
    for i in sorted(candidates):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n_starts else len(text)
        cn = text.find("月", s, e) != -1 and text.find("日", s, e) != -1
        en = text.find("(", s, e) != -1 and text.find(",", s, e) != -1
        if not (cn or en):
            continue
        line = text[s:e]
        m = _DATELINE.match(line) if cn else None
        if m is not None:
            agency, place = _split_agency(m.group("pre"))
            if agency is None and place is not None and len(place) > 6:
                m = None  # a sentence that happens to contain a date, not a dateline
        if m is not None:
            mo, d = _int(m.group("m")), _int(m.group("d"))
            if m.group("y"):
                date = make_date(_int(m.group("y")), mo, d)
            else:
                date = None
            prov.dateline = Dateline(
                date=date,
                month=mo,
                day=d,
                place=place,
                agency=agency,
                raw=m.group(0).strip(),
                start=s + m.start("pre"),
                end=s + m.end(),
                line=v.line(s),
            )
            if agency and agency not in ("本报", "本報", "本刊", "本网", "本網", "本台"):
                prov.names.append(
                    NameMention(
                        agency,
                        agency,
                        s + m.start("pre"),
                        s + m.start("pre") + len(agency),
                        v.line(s),
                        "dateline",
                    )
                )
            return
        me = _DATELINE_EN.match(line) if en else None
        if me is not None:
            mo = _MONTHS[me.group("mon").lower()[:3]]
            d = _int(me.group("d"))
            date = make_date(_int(me.group("y")), mo, d) if me.group("y") else None
            prov.dateline = Dateline(
                date=date,
                month=mo,
                day=d,
                place=me.group("place").strip(),
                agency=me.group("agency").strip(),
                raw=me.group(0).strip(),
                start=s + me.start(),
                end=s + me.end(),
                line=v.line(s),
            )
            return


_LEDE_SUFFIX = (
    "报|報|网|網|社|台|新闻|新聞|体育|體育|财经|財經|科技|娱乐|娛樂|汽车|汽車|客户端|客戶端|"
    "频道|頻道|日报|日報|晚报|晚報"
)
# A lede naming the outlet: ``新京报讯（记者…）``, ``羊城晚报讯 记者…``, ``荆楚网消息``,
# ``据新华社电``, ``**央视网消息**``, ``新华网北京7月26日电``, at a line's start (or after
# markdown bold or a bracket), followed by a blank, a bracket, a colon or the line's end.
_LEDE = re.compile(
    rf"(?:^|(?<=[\s\u3000*【\[]))(?:据|據)?(?P<org>[{_CJK}A-Za-z]{{1,10}}?(?:{_LEDE_SUFFIX}))"
    rf"(?:[{_CJK}]{{0,6}}?(?P<m>{_D}{{1,2}})月(?P<d>{_D}{{1,2}})日)?(?P<kind>讯|訊|消息|电|電)"
    r"(?=[\s\u3000（(，,：:】\]*]|$)",
    re.MULTILINE,
)
# A portal's lede glued after the headline and to the text (``…殷家军新浪体育讯北京时间…``,
# ``…好大新浪体育讯在刚刚结束的比赛中``), as pages flattened to one line leave it: only
# named portals, with nothing or a channel (体育, 财经 ...) between the name and ``讯``.
_GLUED_LEDE = re.compile(
    r"(?P<org>(?:新浪|搜狐|网易|網易|腾讯|騰訊|凤凰|鳳凰|中新|新华|新華|央视|央視|环球|環球)"
    rf"(?:[{_CJK}]{{0,2}}?(?:{_LEDE_SUFFIX}|教育|房产|房產|游戏|遊戲|时尚|時尚|健康|军事|軍事))?)"
    r"(?:讯|訊)(?!息|号|號)"
    # A news agency's dateline or lede glued to the headline (``…(组图)新华网北京7月3日电``,
    # ``…增长率为7.2%国际在线消息(记者…)``): named agencies only.
    r"|(?P<agency>新华网|新華網|新华社|新華社|中新网|中新網|中新社|人民网|人民網|央视网|央視網|国际在线|"
    r"國際在線|中国日报网|中國日報網|环球网|環球網|中广网|中廣網|光明网|光明網|中国新闻网|中國新聞網)"
    # The place is optional: ``中新网6月19日电`` names none.
    rf"(?:[{_CJK}]{{0,6}}?(?P<gm>[0-9０-９]{{1,2}})月(?P<gd>[0-9０-９]{{1,2}})日)?(?:电|電|讯|訊|消息)"
    # A paper's lede glued after the headline, known by the reporter credit that follows
    # it (``…北京南站部分线路调整晨报讯(记者 徐晶晶)``): where the headline ends is unknown,
    # so the name is the character before 报/网 with it (``晨报``).
    r"|(?P<paper>[\u4e00-\u9fff](?:报|報|网|網))(?:讯|訊)(?=\s*[(（]\s*(?:记者|記者|通讯员|通訊員))"
)
# A character every match of ``_LEDE``, ``_GLUED_LEDE`` (their last word is 讯, 电 or 消息,
# in either script) or ``_CITED_LEDE`` (its 据) holds: most lines have none and skip all three.
_LEDE_KIND = re.compile("[讯訊电電消据據]")
_SELF_AGENCIES = frozenset(["本报", "本報", "本刊", "本网", "本網", "本台", "本社"])
# A report relayed whole from an outlet, said in its lede (``据公安部网站报道，``, ``据21世纪经济
# 报道昨日消息``), at a line's start or glued after a headline: the outlet is the source.
_CITED_LEDE = re.compile(
    r"(?:据|據)(?P<org>[A-Za-z0-9\u4e00-\u9fff]{2,12}?"
    r"(?:日报|日報|晚报|晚報|时报|時報|报道|報導|报|報|网站|網站|网|網|通讯社|通訊社|社|电视台|電視台|新闻|新聞))"
    r"(?:昨日|今日|昨天|今天)?(?:报道|報導|消息|电|電|讯|訊)(?=[\s\u3000，,：:(（]|$)"
)
# Words that cite outlets in general, not one: ``据媒体报道``, ``据当地电视台报道``.
_CITED_GENERIC = (
    "媒体", "媒體", "外媒", "港媒", "台媒", "日媒", "韩媒", "美媒", "官媒", "外电", "外電", "消息",
    "有关", "有關", "相关", "相關", "当地", "當地", "多家", "国外", "國外", "境外", "海外", "官方",
    "知情", "网友", "網友", "该", "該", "其", "此", "本", "他", "她", "了解",
)  # fmt: skip


def _scan_lede(v: _View, prov: Provenance, first_body_line: int) -> None:
    """The outlet a lede names, on the header's lines and the body's first three
    non-blank ones (a dateline with a month and day is ``_scan_dateline``'s)."""
    text = v.text
    starts = v.line_starts
    n = len(starts)
    lo = bisect.bisect_right(starts, v.header_start) - 1
    seen = 0
    for i in range(max(lo, 0), min(n, first_body_line + 12)):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if i >= first_body_line:
            if not text[s:e].strip():
                continue
            seen += 1
            if seen > 3:
                break
        e2 = min(e, s + 200)  # a lede opens its line; a glued one follows a headline
        if _LEDE_KIND.search(text, s, e2) is None:
            continue  # none of the three patterns can match: each ends in one of these
        m = _LEDE.search(text, s, e2)
        if m is not None and m.start() - s > 4 and not text[s : m.start()].strip(" \t\u3000*【["):
            m = None
        if m is None:
            m = _GLUED_LEDE.search(text, s, e2)
        if m is None:
            mc = _CITED_LEDE.search(text, s, e2)
            org = mc.group("org") if mc is not None else ""
            if mc is not None and not any(w in org for w in _CITED_GENERIC):
                st = mc.start("org")
                prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "lede"))
                return
            continue
        key = next(k for k in ("org", "agency", "paper") if m.group(k))
        org = m.group(key)
        if org in _SELF_AGENCIES or org.startswith(("本报", "本報")):
            continue
        st = m.start(key)
        prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "lede"))
        _lede_dateline(v, prov, m, org)
        return


# An outlet that names itself in its own report: ``澎湃新闻注意到``, ``信息时报记者 周某``,
# ``结合IT之家此前报道``, or opens with its channel tag (``[汽车之家 资讯] 日前，…``). The name
# must end like an outlet (报, 网, 社, 新闻, 之家 ...) and start at a boundary; ``据X``
# (citing another outlet) and deictic heads (该报, 本报, 多家报社) do not count.
_SELF_NAMED = re.compile(
    r"(?:^|(?<=[\s\u3000，。、；！？：:（(□【\[])|(?<=[\u4e00-\u9fff])(?=[A-Za-z]))"
    r"(?P<org>[A-Za-z]{0,6}[\u4e00-\u9fff]{0,8}?"
    r"(?:日报|日報|晚报|晚報|时报|時報|报|報|网|網|新闻|新聞|之家|社|电视台|電視台))"
    r"(?:记者|記者|注意到|获悉|獲悉|了解到|此前报道|此前報導)"
    # An outlet known by its Latin initials, its reporter learning or told something
    # (``CBN记者获悉``, ``向CBN记者证实``); ``ESPN记者某某`` (another outlet's, named) is not.
    r"|(?<![A-Za-z])(?P<acr>[A-Z]{2,6})(?:记者|記者)"
    r"(?=获悉|獲悉|了解到|注意到|透露|证实|證實|采访|採訪)"
    r"|^[ \t\u3000]*[\[【](?P<tag>[A-Za-z0-9]{0,6}[\u4e00-\u9fff]{2,8})[ \t\u3000]+"
    r"(?:资讯|資訊|行业|行業|新闻|新聞|评测|評測|导购|導購|试驾|試駕|用车|用車|技术|技術)[\]】]",
    re.MULTILINE,
)
# A WeChat account credited with its id (``◎智谷趋势（ID：zgtrend）``, ``By 猛的号，微信号
# mg221x``, ``每日经济新闻（微信号：nbdnews）``): the account that published the text.
_ACCOUNT_ID = re.compile(
    r"(?:^|(?<=[\s◎@|｜>]))(?:By[ \t]+)?(?P<org>[\u4e00-\u9fffA-Za-z]{2,16}?)[ \t]*"
    r"(?:[（(]|[，,][ \t]*)(?:微信号|微信號|微信ID|公众号ID|公眾號ID|ID)[ \t]*[:：]?[ \t]*"
    r"[A-Za-z][A-Za-z0-9_-]{3,19}(?![A-Za-z0-9_-])",
    re.MULTILINE,
)
# An account named after 公众号 in quotes or brackets: ``个人公众号 “南方粥沫”``,
# ``微信公众号（木田五花，mutianflowerless）``.
_ACCOUNT_NAMED = re.compile(
    r"(?:微信公众号|微信公眾號|公众号|公眾號)[ \t]*[（(「“\"][ \t]*"
    r"(?P<org>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,15})[ \t]*[，,）)」”\"]"
)
_RX_CAME_FROM = re.compile(r"(?:文章|本文)?(?:来源于|來源於|来自|來自|转自|轉自|源自)")
# A word every ``_SELF_NAMED`` match holds: a follower of the name, or the tag's bracket.
_SELF_NAMED_KEYS = (
    "记者",
    "記者",
    "注意到",
    "获悉",
    "獲悉",
    "了解到",
    "此前报道",
    "此前報導",
    "[",
    "【",
)
_SELF_NAMED_SPAN = 3000  # characters from the body's start
_DEICTIC_HEADS = (
    "据", "據", "向", "本", "该", "該", "此", "这", "這", "其", "各", "多", "某", "当地", "當地",
    "外", "他", "她",
)  # fmt: skip


def _scan_self_named(v: _View, prov: Provenance) -> None:
    """The outlet a report names as itself near its start, when nothing else names one."""
    if prov.names or prov.header_sources:
        return
    text = v.text
    s = v.header_start
    end = min(len(text), s + _SELF_NAMED_SPAN)
    if "ID" in text[s:end] or "微信" in text[s:end]:
        for m in _ACCOUNT_ID.finditer(text, s, end):
            lead = _RX_CAME_FROM.match(m.group("org"))
            org = m.group("org")[lead.end() if lead else 0 :]
            if (
                len(org) < 2
                or org.startswith(_DEICTIC_HEADS)
                or org.endswith(("微信", "关注", "關注", "添加"))
            ):
                continue
            st = m.end("org") - len(org)
            prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "self"))
            return
    if "公众号" in text[s:end] or "公眾號" in text[s:end]:
        ma = _ACCOUNT_NAMED.search(text, s, end)
        if ma is not None:
            org, st = ma.group("org"), ma.start("org")
            prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "self"))
            return
    window = text[s:end]
    if not any(k in window for k in _SELF_NAMED_KEYS):
        return  # the regex has no literal to skip on: look for its words first
    for m in _SELF_NAMED.finditer(text, s, min(len(text), s + _SELF_NAMED_SPAN)):
        key = next(k for k in ("org", "acr", "tag") if m.group(k))
        org = m.group(key)
        st = m.start(key)
        if (
            (len(org) < 3 and key != "acr")
            or org.startswith(_DEICTIC_HEADS)
            or any(w in org for w in _SELF_AGENCIES)
            or text[st - 1 : st] in ("据", "據")
        ):
            continue
        prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "self"))
        return


# A self-media page puts the publishing account between the headline and its stamp line:
# ``标题`` / ``八卦大相公`` / ``发布时间：01-14 17:58``.
_STAMP_LABEL_LINE = re.compile(
    r"[ \t\u3000]*(?:发布时间|發佈時間|發布時間|发布于|發佈於|发表于|發表於)[ \t]*[:：]?[ \t]*[0-9]"
)
_ACCOUNT_LINE = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9_·]{1,15}")


def _scan_account_line(v: _View, prov: Provenance, title: str) -> None:
    """The account named alone between the page's title line and its stamp line, when
    nothing else names a publisher. The title must be the page's own (its <title> or
    front matter), so a short headline above a stamp is never read as a name."""
    if prov.names or prov.header_sources or not title:
        return
    text = v.text
    starts = v.line_starts
    lo = bisect.bisect_right(starts, v.header_start) - 1
    hi = min(len(starts), bisect.bisect_right(starts, v.header_end) + 1)
    rows: list[tuple[int, str]] = []
    for i in range(max(lo, 0), hi):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        row = text[s:e].strip(" \t\u3000\xa0\r")
        if row:
            rows.append((s, row))
    for k in range(2, len(rows)):
        s, row = rows[k]
        if _STAMP_LABEL_LINE.match(row) is None:
            continue
        ns, name = rows[k - 1]
        if _ACCOUNT_LINE.fullmatch(name) and rows[k - 2][1] == title.strip():
            if not (_PUB_LABEL.search(name) or _OTHER_LABEL.search(name)):
                prov.names.append(NameMention(name, name, ns, ns + len(name), v.line(ns), "byline"))
        return


# An official document: the issuer heads its title (``财政部关于推进…的意见``) and the
# document's number follows (``财预〔2009〕78号``). The number proves the title is the
# document's own, not a headline about it; the body that issued it published it.
_ISSUED_TITLE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,20}?)(?:关于|關於)[^。\n]{2,80}?的"
    r"(?:通知|意见|意見|决定|決定|通告|公告|办法|辦法|规定|規定|批复|批覆|复函|函)"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（][12][0-9]{3}[〕\]］)）][0-9]{1,4}号")
_ISSUED_REACH = 300  # characters from the text's start: the title and the number under it


def _scan_issuer(v: _View, prov: Provenance) -> None:
    """The body an official document names as its issuer, when nothing else names one."""
    if prov.names or prov.header_sources:
        return
    text = v.text
    s = v.header_start
    m = _ISSUED_TITLE.search(text, s, min(len(text), s + _ISSUED_REACH))
    if m is None or _DOC_NUMBER.search(text, m.end(), m.end() + _ISSUED_REACH) is None:
        return
    org, st = m.group("org"), m.start("org")
    if org.startswith(_DEICTIC_HEADS):
        return
    prov.names.append(NameMention(org, org, st, st + len(org), v.line(st), "issuer"))


# A lede that dates the report within its year, as a dateline does: a month and day right
# after the outlet's 讯/消息 (``新京报贝壳财经讯 7月20日，``, ``新浪体育讯　北京时间4月20日``).
# A date opening a line (``北京时间7月22日凌晨，…``, ``[汽车之家 资讯] 7月17日，…``) is the
# event's day in prose, not a dateline: the reports read for the harness's positives give no
# other date, and an event's day is not when the report was published.
_OPENER_DATE = re.compile(
    rf"(?<=[{_CJK}A-Za-z])(?:讯|訊|消息)[\s\u3000]*(?:北京时间|北京時間)?"
    rf"[\s\u3000]*(?P<m>{_D}{{1,2}})[ \u3000]?月[ \u3000]?(?P<d>{_D}{{1,2}})[ \u3000]?日",
)
_OPENER_REACH = 60  # characters from a line's start: a lede opens its line


def _scan_opener_date(v: _View, prov: Provenance, first_body_line: int) -> None:
    """A yearless dateline from the report's opening words, when no dateline was found."""
    if prov.dateline is not None:
        return
    text = v.text
    starts = v.line_starts
    n = len(starts)
    lo = max(bisect.bisect_right(starts, v.header_start) - 1, 0)
    seen = 0
    for i in range(lo, min(n, first_body_line + 12)):
        s = starts[i]
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        if i >= first_body_line:  # the header's lines, then the body's first three
            if not text[s:e].strip():
                continue
            seen += 1
            if seen > 3:
                return
        m = _OPENER_DATE.search(text, s, min(e, s + _OPENER_REACH))
        if m is None:
            continue
        month, day = _int(m.group("m")), _int(m.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        prov.dateline = Dateline(
            date=None,
            month=month,
            day=day,
            place=None,
            agency=None,
            raw=m.group(0).strip(),
            start=m.start(),
            end=m.end(),
            line=v.line(m.start()),
        )
        return


def _lede_dateline(v: _View, prov: Provenance, m: re.Match[str], org: str) -> None:
    """A lede with a month and day (``中新网6月19日电`` glued after a headline, which the
    line-anchored dateline scan cannot see) is the report's dateline when none was found:
    it dates the report within its year."""
    if prov.dateline is not None:
        return
    gm, gd = ("m", "d") if m.re is _LEDE else ("gm", "gd")
    if m.group(gm) is None:
        return
    month, day = _int(m.group(gm)), _int(m.group(gd))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return
    st = m.start(next(k for k in ("org", "agency", "paper") if m.group(k)))
    prov.dateline = Dateline(
        date=None,
        month=month,
        day=day,
        place=None,
        agency=org,
        raw=m.group(0).strip(),
        start=st,
        end=m.end(),
        line=v.line(st),
    )


_POST_STAMPS_MIN = 2


def _resolve(prov: Provenance) -> None:
    """Choose the values the document is credited with, metadata first, then the text."""
    mv = prov.meta
    # The text's own timestamp: a labelled publication date, else the first timestamp.
    labelled = [d for d in prov.header_dates if d.label == "published"]
    tp = labelled[0] if labelled else (prov.header_dates[0] if prov.header_dates else None)
    below = None
    if tp is None and mv.published is None:
        # No header timestamp: a labelled one below the article (``发布日期：2019-03-06
        # 责任编辑：…`` closing a page) is the document's own statement of its date. On a
        # forum page it is the first post's, so it never calls later dates appended.
        below = next((d for d in prov.body_dates if d.label == "published" and d.timestamp), None)
        if below is None:
            # A blog's index page: each post under its own stamp line (``2005-03-21
            # 01:20:44``), the newest first, below the blog's profile and menus. One such
            # line is an author's signature (a book's last line), not a listing of posts.
            posts = [d for d in prov.body_dates if d.alone and d.time is not None]
            below = posts[0] if len(posts) >= _POST_STAMPS_MIN else None
    prov.text_published = tp
    if mv.published is not None:
        prov.published, prov.published_time = mv.published, mv.published_time
        prov.published_origin = "metadata"
        if tp is not None and tp.date == mv.published:
            prov.published_line = tp.line
            prov.published_time = prov.published_time or tp.time
    elif tp is not None:
        prov.published, prov.published_time = tp.date, tp.time
        prov.published_line, prov.published_origin = tp.line, "text"
    elif below is not None:
        prov.published, prov.published_time = below.date, below.time
        prov.published_line, prov.published_origin = below.line, "text below the article"
    elif mv.page_published is not None:
        prov.published, prov.published_origin = mv.page_published, f"page {mv.page_published_key}"
    elif mv.url_date is not None:
        prov.published, prov.published_origin = mv.url_date, f"url path ({mv.url_key})"

    ts = prov.header_sources[0] if prov.header_sources else None
    prov.text_source = ts
    if mv.source is not None:
        prov.source, prov.source_origin = mv.source, "metadata"
        if ts is not None and same_name(ts.value, mv.source):
            prov.source_line = ts.line
    elif ts is not None:
        prov.source, prov.source_line, prov.source_origin = ts.value, ts.line, "header"
    else:
        # A repost notice or a footer ``来源：`` names whose text this is when nothing
        # else does.
        for origin in (
            "masthead", "dateline", "lede", "byline", "copyright", "repost", "footer", "imprint",
            "issuer", "address",
        ):  # fmt: skip
            cand = next((n for n in prov.names if n.origin == origin), None)
            if cand is not None:
                prov.source, prov.source_line, prov.source_origin = cand.value, cand.line, origin
                break
        else:
            if mv.page_source is not None:
                prov.source, prov.source_origin = mv.page_source, f"page {mv.page_source_key}"
            elif mv.url_site is not None:
                prov.source, prov.source_origin = mv.url_site, f"url site ({mv.url_key})"

    # Original source: said with the source, else a footer or repost line naming another.
    if mv.original_source is not None:
        prov.original_source, prov.original_source_origin = mv.original_source, "metadata"
    elif ts is not None and ts.original:
        prov.original_source, prov.original_source_line = ts.original, ts.line
        prov.original_source_origin = "header"
    elif prov.source is not None:
        for n in prov.names:
            if n.origin in ("footer", "repost") and not same_name(n.value, prov.source):
                prov.original_source, prov.original_source_line = n.value, n.line
                prov.original_source_origin = n.origin
                break

    if prov.dateline is not None and prov.dateline.date is None and prov.published is not None:
        prov.dateline.date = resolve_month_day(
            prov.dateline.month, prov.dateline.day, prov.published
        )
    if mv.url:
        prov.url = mv.url
    prov.retrieved = mv.retrieved
    prov.licence = mv.licence
    if mv.authors:
        prov.authors = mv.authors + [a for a in prov.authors if a not in mv.authors]
    if mv.editors:
        prov.editors = mv.editors + [e for e in prov.editors if e not in mv.editors]


def _to_body_offsets(v: _View, prov: Provenance) -> None:
    if not v.has_cuts:
        return  # no gloss was cut: view offsets are body offsets
    for dm in prov.header_dates:  # the body's are converted when they are read
        dm.start, dm.end = v.orig(dm.start), v.orig(dm.end)
    for nm in (*prov.header_sources, *prov.names):
        nm.start, nm.end = v.orig(nm.start), v.orig(nm.end)
    if prov.dateline is not None:
        prov.dateline.start, prov.dateline.end = (
            v.orig(prov.dateline.start),
            v.orig(prov.dateline.end),
        )
    prov.header_end = v.orig(prov.header_end)


_RX_STAMP_NAME = re.compile(
    rf"^(?:原创\s*)?(?P<n>[{_CJK}A-Za-z][{_CJK}A-Za-z0-9·_\- ]{{1,19}}?)\s*$"
)


_STAMP_LABEL_ENDS = ("于", "於", "时间", "時間", "日期", "发布", "發布", "发表", "發表", "更新")


def _stamp_publisher(text: str, prov: Provenance) -> None:
    """The name run into the timestamp's line before it (``中国网 2019-11-25 10:37:31``,
    ``原创 南方都市报 2019-09-09 16:01:46``, ``金融市场棱镜2019-09-23 07:48``): portals print
    the publishing account or outlet there. Used only when nothing else names a source."""
    tp = prov.text_published
    assert tp is not None
    ls = text.rfind("\n", 0, tp.start) + 1
    m = _RX_STAMP_NAME.match(text[ls : tp.start].strip(" \t\u3000\xa0|｜"))
    if m is None:
        # ``2003-7-24 钱江晚报``: a reprint's stamp followed by the paper it came from; only
        # a publisher-like name (ending in 报, 网, 社 ...) alone after the date.
        le = text.find("\n", tp.end)
        after = _masthead(text[tp.end : len(text) if le == -1 else le])
        if after is not None and text[tp.end : tp.end + 1] in (" ", "\t", "\u3000", "\xa0"):
            prov.source, prov.source_line, prov.source_origin = after, tp.line, "timestamp line"
        return
    name = clean_name(m.group("n"))
    if _PUB_LABEL.search(name) or _OTHER_LABEL.search(name) or name.endswith(_STAMP_LABEL_ENDS):
        return  # ``发表于2014-08-24``: a label, not a name
    if 2 <= len(name) <= 20 and not _RX_DIGITS3.search(name):
        prov.source, prov.source_line, prov.source_origin = name, tp.line, "timestamp line"


# A Jekyll post: ``_posts/2019-04-12-slug.md``. The generator dates the post by its file
# name when the front matter sets no date, so the name is the publisher's own statement.
_POST_FILE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-[^/]+\.(?:md|markdown|html)")


def _post_file_date(doc: Document, prov: Provenance) -> None:
    """Date a Jekyll post by its file name, as Jekyll does; only a post with front matter
    naming its ``layout`` is one (a crawl's ``2023-05-01-dump.txt`` names the day of the
    crawl, never a publication date)."""
    if "layout" not in doc.metadata or doc.container != "file":
        return
    m = _POST_FILE.fullmatch(doc.path.rsplit("/", 1)[-1])
    if m is None:
        return
    got = make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if got is not None:
        prov.published, prov.published_origin = got, "post file name (Jekyll)"


# A blog theme's entry line: ``2022年10月18日 Leave a Comment on 标题`` (WordPress prints the
# post's date, then the comment link naming the post). Read anywhere: themes put it under
# the post as often as over it.
_POST_META = re.compile(
    r"[ \t\u3000]+(?:Leave a [Cc]omment|No [Cc]omments|[0-9]{1,5} [Cc]omments?\b)"
)
_POST_META_KEY = re.compile(r"Leave a [Cc]omment|No [Cc]omments| [Cc]omments?\b")
_POST_META_TRIES = 8


def _post_meta_date(v: _View, prov: Provenance) -> None:
    """Date a post by its theme's entry line (a full date opening the line, the comment
    link after it), when nothing else dates it: weak evidence, like a date below the
    article."""
    text = v.text
    for tries, k in enumerate(_POST_META_KEY.finditer(text)):
        if tries >= _POST_META_TRIES:
            return
        ls = text.rfind("\n", 0, k.start()) + 1
        lead = len(text[ls : k.start()]) - len(text[ls : k.start()].lstrip(" \t\u3000\xa0"))
        m = _FULL_DATE.match(text, ls + lead)
        if m is None or _POST_META.match(text, m.end()) is None:
            continue
        got = _mention_from_match(m)
        if got is None:
            continue
        prov.published, prov.published_time = got
        prov.published_line = v.line(m.start())
        prov.published_origin = "text below the article (post entry line)"
        return


_SITE_PART = re.compile(rf"[{_CJK}A-Za-z][{_CJK}A-Za-z0-9.·]{{1,15}}")


def _site_beside_headline(v: _View, prov: Provenance, title: str) -> None:
    """The site a page's <title> names beside its headline when the name does not read as
    a site's (``明日股市预测--最新出炉…``): the title's other part is the page's own headline,
    standing alone on a header line, so the part left is the site that titled it."""
    parts = title_parts(title)
    if len(parts) != 2:
        return
    text = v.text
    starts = v.line_starts
    lo = bisect.bisect_right(starts, v.header_start) - 1
    hi = min(len(starts), bisect.bisect_right(starts, v.header_end))
    rows = {
        text[starts[i] : (starts[i + 1] - 1 if i + 1 < len(starts) else len(text))].strip(
            " \t\u3000\xa0\r"
        )
        for i in range(max(lo, 0), hi)
    }
    for head, site in ((parts[1], parts[0]), (parts[0], parts[1])):
        if len(head) >= _TITLE_MIN and head in rows and _SITE_PART.fullmatch(site):
            prov.meta.page_source, prov.meta.page_source_key = site, "<title> beside its headline"
            return


def extract_provenance(doc: Document) -> Provenance:
    """The document's provenance, computed once per document (``doc.cache["provenance"]``).

    Offsets in the result (``DateMention.start`` ...) are code-point offsets into
    ``doc.text``, ready for a ``Hit``.
    """
    cached = doc.cache.get(CACHE_KEY)
    if isinstance(cached, Provenance):
        return cached
    prov = Provenance(meta=read_metadata(doc.metadata))
    v = _View(doc)
    first_body, hend = _header_end(v)
    prov.header_end = v.header_end = hend
    _scan_dates(v, prov, first_body)
    _scan_sources(v, prov)
    _scan_credits(v, prov)
    _scan_dateline(v, prov, first_body)
    _scan_lede(v, prov, first_body)
    _scan_self_named(v, prov)
    title = doc.metadata.get("title")
    _scan_account_line(v, prov, title if isinstance(title, str) else "")
    _scan_issuer(v, prov)
    _scan_opener_date(v, prov, first_body)
    if prov.meta.page_source is None and v.html and isinstance(title, str):
        _site_beside_headline(v, prov, title)
    _to_body_offsets(v, prov)
    _resolve(prov)
    if prov.published is None:
        _post_file_date(doc, prov)
    if prov.published is None:
        _post_meta_date(v, prov)
    if prov.source is None and prov.text_published is not None:
        _stamp_publisher(doc.text, prov)
    if prov.source is None:
        # Last of the text's evidence: the outlet naming itself in its report.
        own = next((n for n in prov.names if n.origin == "self"), None)
        if own is not None:
            prov.source, prov.source_line, prov.source_origin = own.value, own.line, "self-naming"
    doc.cache[CACHE_KEY] = prov
    return prov
