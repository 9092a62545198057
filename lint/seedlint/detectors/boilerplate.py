"""``boilerplate_line`` and ``link_list``: site furniture a scraper kept with the article.

Navigation, share prompts, back-to-top links, copyright, licence and hotline lines are
not part of the text a corpus wants, and they repeat across every page of a site, so
they skew any model trained on the corpus. Phrases live in a data file
(``rules/lexicons/boilerplate_zh.yaml``); how each group is matched, where it counts and
how safe removing it is are rule parameters.

Lists of related headlines ("相关阅读", "大家都在看") are recognised structurally: a heading
followed by headline, teaser or date lines, or, without a heading, a run of headline
lines each paired with a date/source line or an ellipsis teaser.

Removal is safe only before or after the article (see ``_webtext.layout``) and only for
groups marked ``fix: safe``. Editor, reporter and source lines are provenance, never
furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._regex import BudgetedRegex, any_substring_re
from seedlint.detectors._webtext import (
    COMMENT_HEADINGS,
    HEAD_DECOR,
    Furniture,
    LazyLines,
    Line,
    LinkBlock,
    LinkConfig,
    han_count,
    is_content_line,
    is_dateline,
    is_provenance,
    last_nonblank,
    layout,
    lazy_lines,
    link_blocks,
    load_furniture,
    orphan_heads,
    page,
    removal_edit,
    required_literals,
    resolve_files,
    split_item_texts,
)
from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec


class GroupParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    match: Literal["line", "contains", "span"] = "line"
    """``line``: the whole line (without bullets and brackets) is one of the group's phrases,
    or a row of them, or matches one of the group's regexes; ``contains``: a phrase or a
    regex occurs anywhere in the line; ``span``: only what a regex matches is furniture,
    in a line of any length. Corpora that store an article as one line (THUCNews, udn
    dumps) glue `我要评论` or a share widget into it, where no line rule can see it."""
    zone: Literal["any", "edge"] = "any"
    """``edge``: counts only in the header or footer zone (e.g. `主办单位` is content in an
    event notice but furniture in a page footer)."""
    fix: Literal["safe", "unsafe", "none"] = "unsafe"
    """Removal at the edge of the article; anywhere else it is never better than unsafe."""
    regexes: list[str] = Field(default_factory=list)


class FurnitureParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str]
    """Data files with the phrases, one label per group (relative to the rule file)."""
    groups: dict[str, GroupParams]
    max_line_chars: int = Field(default=240, ge=20)
    """Longer lines are prose, not furniture (for ``contains`` groups)."""
    middle_min_hits: int = Field(default=2, ge=1)
    """Inside the article a ``contains`` line needs this many distinct phrases ..."""
    middle_short_line: int = Field(default=40, ge=0)
    """... unless it is at most this long."""
    menu_min_lines: int = Field(default=4, ge=2)
    """A column of at least this many short lines with a home link (`首页`, `网站首页`,
    `Home`) among them is a navigation menu (0 turns the check off: see ``menu_max_chars``)."""
    menu_max_chars: int = Field(default=12, ge=0)
    """The longest line of such a column (a menu item); 0 turns the check off."""
    menu_sections: list[str] = Field(default_factory=list)
    """Names of a site's own sections (`关于我们`, `新闻中心`, `在线留言`, `Privacy policy`):
    a column holding ``menu_min_sections`` of them is a menu without a home link, as site
    footers and sidebars are laid out on real pages."""
    menu_min_sections: int = Field(default=2, ge=1)
    menu_min_nav_words: int = Field(default=4, ge=2)
    """Or this many distinct navigation words (`新闻`, `体育`, `科技`, `数码`), each a
    line of its own: a portal's channel column."""


class LinkListParams(FurnitureParams):
    """Defaults equal ``LinkConfig()``, which the page layout uses to skip link lists."""

    heading_group: str = "related_heading"
    min_items: int = Field(default=2, ge=1)
    """Entries after a heading for a headed list."""
    min_pairs: int = Field(default=3, ge=2)
    """Headline + date/teaser pairs for a list without a heading."""
    max_blank_run: int = Field(default=2, ge=0)


_SENTENCE_END_RE = re.compile(r"[。！？!?][”」』）)]*$")
# A menu item holds no clause punctuation; the home link (`首页`, `网站首页`, `新浪首页`)
# is how a menu column starts (or ends, in a footer), and what no column of a poem, a
# table or a list of names holds.
_MENU_PUNCT = frozenset('。！？!?；;，,、：:“”"')
_HOME_RE = re.compile(r"[^\s]{0,6}(?:首页|主页)(?:\s*home(?:\s*page)?)?|home(?:\s*page)?")
# What a menu item carries after its name: an English gloss in a bilingual menu
# (`公司介紹Introduction`, `关于我们About us`), a separator (`宏觀丨`), template debris
# (`新闻中心~typenameen~`). The item's length is its name's.
_MENU_TAIL_RE = re.compile(r"(?<=[\u3400-\u9fff])\s*(?:[A-Za-z~][A-Za-z ~&'-]*)?[丨|｜/\s]*$")
_HOME_HINTS = ("首页", "主页", "Home", "HOME", "home")
_HOME_HINTS_RE = any_substring_re(_HOME_HINTS)
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_ITEM_FACTOR = 3
"""A Latin menu item (`Terms and Conditions`) is spelled in more characters than a
Chinese one (`服务条款`): its length limit is this many times the Chinese one."""
_ROW_ITEMS_MAX = 12
_GLUED_MAX_ITEMS = 5
_GLUED_MIN_SECTIONS = 3
"""A line of at most this many items' length made of at least this many section names
run together, with nothing else to speak of, is a menu bar whose separators were lost."""
"""A menu line may carry its sub-menu as a row (`关于我们 企业文化 企业资质`): at most this
many items, each as short as a menu item."""
_HAN4_RE = re.compile(r"[\u4e00-\u9fff]{4,}")
_INLINE_SPLIT_RE = re.compile(r"[ \t\u3000\xa0]{2,}|[ \t\u3000\xa0]*●[ \t\u3000\xa0]*")
_COMMENT_TAIL_RE = re.compile(r"[ \t\u3000\xa0]*我要评论[ \t\u3000\xa0]*$")
_ENTRY_CHARS = (4, 60)
"""The length of an entry of an inline list: a headline, not a word or a paragraph."""
_CREDIT_RE = re.compile(r"^(?:<figcaption>)?\s*©\s*[^\d©]{1,20}?(?:</figcaption>)?$")


# A photo caption of a news page with its credit (`…的喜悦。翻摄IG`, `…出席活动。某某摄`).
_CAPTION_RE = re.compile(r"[^摄]{2,150}?[\u4e00-\u9fff]摄[A-Za-z]{0,12}")
_CAPTIONS_MAX = 2000


def _is_captions(s: str) -> bool:
    """Text made of photo captions only, each ending in its photographer's credit."""
    t = re.sub(r"[ \t\u3000\xa0]+", "", s.strip())
    if not t or len(t) > _CAPTIONS_MAX or re.search(r"摄[A-Za-z]{0,12}$", t) is None:
        return False
    pos = 0
    for c in _CAPTION_RE.finditer(t):
        if c.start() != pos:
            return False
        pos = c.end()
    return pos == len(t)


_BULLETS = "-–—•·*●○◆◇■□▪►>※"
_TAIL_RUN_MIN = 5
"""Titles in a run after the article, for a list without a heading."""
_TAIL_MEDIAN_CHARS = 8
"""The median title's length: a headline, not a name, a place or a product."""
_TAIL_TITLE_CHARS = (4, 40)
_TAIL_LEAD_HAN = 20
"""The Han characters of the prose line above the run (the article's last line)."""
_TAIL_PROSE_LINES = 3
"""Lines of prose the article above the run must have."""
_ANNOUNCES = ("：", ":", "如下", "以下", "包括")
# A numbered item of the article's own list (`1、`, `（2）`, `第三章`, `四、`).
_NUMBERED_RE = re.compile(
    r"(?:[（(]?\d{1,3}[)）、.．:：]|第[一二三四五六七八九十百\d]{1,4}[章节条部篇回]|[一二三四五六七八九十]{1,3}[、.．])"
)


def _is_tail_title(t: str) -> bool:
    """A title of another page as a line of its own: no sentence's full stop, no list
    number, not a date line or a credit."""
    if not _TAIL_TITLE_CHARS[0] <= len(t) <= _TAIL_TITLE_CHARS[1] or han_count(t) < 3:
        return False
    if t[-1] in "。；;，,：:、" or "。" in t or _NUMBERED_RE.match(t) or t[0] in _BULLETS:
        return False
    if 2 * han_count(t) < len(t):
        return False  # a field of a table (`金奖 Sweepstakes winner：全球 1 个`)
    return not (is_dateline(t) or is_provenance(t))


def _is_sentence(s: str) -> bool:
    """A prose sentence: ends with a sentence mark and is longer than a footer label."""
    return len(s) > 30 and bool(_SENTENCE_END_RE.search(s))


def _is_credit(s: str) -> bool:
    """`©丁聪`, `©Marco Melgrati`: the credit of a picture (provenance), not a copyright
    notice of the page (which carries a year, a site or `版权所有`)."""
    return bool(_CREDIT_RE.match(s))


def _is_plain_paragraph(s: str) -> bool:
    """A paragraph ending its last sentence, with no link in it: what follows a section
    heading, where a link list's first entry is a title, a teaser or a link."""
    return s.endswith("。") and "](" not in s and "http" not in s


def _next_nonblank(ls: LazyLines, i: int) -> Line | None:
    for k in range(i + 1, min(len(ls), i + 4)):
        if not ls[k].blank:
            return ls[k]
    return None


def _furniture(ctx: LoadContext, p: FurnitureParams) -> Furniture:
    files = resolve_files(ctx.resolve, p.phrases)
    groups = {k: v.model_dump() for k, v in p.groups.items()}
    return load_furniture(files, groups, max_line_chars=p.max_line_chars)


def _link_config(p: LinkListParams) -> LinkConfig:
    return LinkConfig(p.heading_group, p.min_items, p.min_pairs, p.max_blank_run)


def _applicability(fix: str, at_edge: bool) -> Applicability | None:
    if fix == "none":
        return None
    return Applicability.SAFE if fix == "safe" and at_edge else Applicability.UNSAFE


@register
class BoilerplateLineDetector(Detector):
    kind = "boilerplate_line"
    # The link-list settings are here too (share them with a YAML anchor): lines of a
    # link list are left to the link-list rule, so both rules must see the same lists.
    Params = LinkListParams

    def __init__(self, rule: RuleSpec, params: LinkListParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.furniture = _furniture(ctx, params)
        self._sections = frozenset(w.casefold() for w in params.menu_sections)
        # Whether a page holds a home hint or a section name at all: one search of each
        # alternation instead of a substring test per word (about 50 per document).
        self._sections_rx = any_substring_re(self._sections)
        self._nav_words = frozenset(self.furniture.nav_words)
        self._span_rx: list[tuple[str, BudgetedRegex, re.Pattern[str] | None, str]] = []
        for name, g in params.groups.items():
            if g.match != "span":
                continue
            for r in g.regexes:
                rx = BudgetedRegex(r, re.MULTILINE)
                lits = required_literals(r)
                gate = None if lits is None else any_substring_re(lits)  # or run on all
                self._span_rx.append((name, rx, gate, g.fix))

    def check(self, doc: Document) -> Iterator[Hit]:
        yield from self._spans(doc)
        p: LinkListParams = self.params
        f = self.furniture
        menus = self._menu_columns(doc)
        in_menus: set[int] = set()
        for first, last, edge, shown in menus:
            in_menus.update(range(first, last + 1))
            yield self._menu_hit(doc, first, last, edge, shown)
        found = f.found(doc)  # the furniture lines, from one scan of the page
        if not found:
            return
        ls = lazy_lines(doc)
        in_lists: set[int] = set(in_menus)
        for b in link_blocks(doc, f, _link_config(p)):
            in_lists.update(range(b.first, b.last + 1))
        text_len = len(doc.text)
        for idx in sorted(found):
            if idx in in_lists:
                continue
            ln = ls[idx]
            s = ln.stripped
            if is_provenance(s):
                continue
            group, hits = found[idx]
            g = f.groups.get(group)
            if g is None:
                continue
            edge = layout(doc, f).at_edge(ln.idx, ln.idx)
            if g.zone == "edge" and (not edge or _is_sentence(s)):
                continue  # `…请拨打客服热线…。` in a notice is the notice's own text
            if group == "copyright" and _is_credit(s):
                continue
            if group == p.heading_group:
                comments = s.strip("【】[]：: ") in COMMENT_HEADINGS
                # a comment button (`我要评论`) is never a section heading
                section = not edge and "评论" not in s
                nxt = _next_nonblank(ls, ln.idx) if comments or section else None
                if (
                    nxt is not None
                    and is_content_line(nxt)
                    and (comments or _is_plain_paragraph(nxt.stripped))
                ):
                    # a `网友评论` subheading with the comments under it; inside the
                    # article, a section heading over a paragraph of its own prose
                    # (`相关产品` in a fund's report, then what the products are), not
                    # over a link or a teaser
                    continue
            if g.match == "contains" and not edge:
                if hits < p.middle_min_hits and len(s) > p.middle_short_line:
                    continue
            start, end = ln.text_start, ln.text_end
            app = _applicability(g.fix, edge)
            yield Hit(
                start,
                end,
                data={"group": group.replace("_", " "), "zone": "edge" if edge else "body"},
                edits=None if app is None else [removal_edit(ls, ln.idx, ln.idx, text_len)],
                applicability=app,
                fix_description="remove the furniture line",
            )

    def _menu_columns(self, doc: Document) -> list[tuple[int, int, bool, str]]:
        """Navigation menus laid out one item per line: (first, last line, at the edge,
        the items shown in the message).

        Scraped pages keep a site's menu as a column of short lines (`网站首页` / `关于我们`
        / `产品中心` / `联系我们`), where no single line is furniture on its own (`新闻` is
        a heading as often as a menu item). A run of ``menu_min_lines`` short lines without
        clause punctuation (one blank line allowed inside) that holds a home link, two of
        the site's section names (``menu_sections``) or four channel words is the menu:
        real footers and sidebars (C4 Chinese) often have no home link, and a poem, a
        list of names or a recipe has none of these. A line may be a row of short items
        (a sub-menu under its item); a home link inside such a row does not count for a
        column, since a footer row (`央视网首页 | 节目官网首页`) would then join the widgets
        above it into one menu. A bar of more than ``menu_min_lines`` items in fewer lines
        needs two section names or a home link, and is left to the furniture lines when
        they already classify it. An item is measured without what bilingual and template
        menus append to its name (`公司介紹Introduction`, `宏觀丨`). One pass over the
        lines; pages without a home-link word or a section name are skipped at once.
        """
        p: LinkListParams = self.params
        if p.menu_max_chars <= 0:
            return []
        pg = page(doc)
        folded = pg.norm.casefold()
        sections = self._sections
        if _HOME_HINTS_RE.search(pg.norm) is None and self._sections_rx.search(folded) is None:
            return []
        nav_words = self._nav_words
        ns = pg.norm_stripped()
        n, i = len(ns), 0
        out: list[tuple[int, int, bool, str]] = []
        limit = p.menu_max_chars

        def core(t: str) -> str:
            return _MENU_TAIL_RE.sub("", t) or t

        def single(t: str) -> bool:
            c = core(t)
            cap = limit if _HAN_RE.search(c) else _LATIN_ITEM_FACTOR * limit
            return 0 < len(c) <= cap

        def parts(t: str) -> list[str] | None:
            """The items of a menu line (one, or a row of a sub-menu), else None."""
            if not t or len(t) > (_ROW_ITEMS_MAX + 1) * limit:
                return None
            if any(c in _MENU_PUNCT for c in t):
                return None
            row = split_item_texts(t)
            is_row = 2 <= len(row) <= _ROW_ITEMS_MAX and all(single(x) for x in row)
            if is_row and len(row) >= 3:
                return row  # `首页 黄历 测算`: three links, however short the line
            if len(t) <= 3 * limit and single(t):
                return [core(t)]  # `网站首页 Home`, `公司介紹Introduction`: one item
            if is_row:
                return row
            if len(row) == 1 and len(t) <= _GLUED_MAX_ITEMS * limit:
                # section names run together (`关于我们公司简介产品列表联系我们`)
                f = t.casefold()
                glued = [w for w in sections if w in f]
                if len(glued) >= _GLUED_MIN_SECTIONS and sum(map(len, glued)) >= 0.6 * len(t):
                    return glued
            return None

        def item(t: str) -> bool:
            return parts(t) is not None

        while i < n:
            if not item(ns[i]):
                i += 1
                continue
            k, last, count, blanks, home, n_items = i, i, 0, 0, False, 0
            home_in_row = False  # `央视网首页 | 节目官网首页` under a page's widgets
            named: set[str] = set()
            navs: set[str] = set()
            bar: dict[int, list[str]] = {}  # the items of each line, for a short bar
            while k < n:
                t = ns[k]
                if not t:
                    blanks += 1
                    if blanks > 1:
                        break
                elif (got := parts(t)) is not None:
                    blanks, count, last = 0, count + 1, k
                    n_items += len(got)
                    if count < p.menu_min_lines:
                        bar[k] = got
                    for x in got:
                        is_home = bool(_HOME_RE.fullmatch(x.casefold()))
                        if len(got) == 1:
                            home = home or is_home
                        else:
                            home_in_row = home_in_row or is_home
                        if x in nav_words:
                            navs.add(x)
                    named.update(w for w in (x.casefold() for x in got) if w in sections)
                else:
                    break
                k += 1
            menu = home or len(named) >= p.menu_min_sections or len(navs) >= p.menu_min_nav_words
            if count < p.menu_min_lines:
                # A menu bar in one or two lines (`关于我们 | 产品展示 | 新闻中心 | 联系我们`,
                # `书城 首页 排行 分类 完本`) needs more items than a column and the section
                # names or a home link; a bar of channel words or page links is the
                # furniture lines' own (with their safe fix).
                classes = self.furniture.classes(doc)
                menu = (
                    n_items > p.menu_min_lines
                    and (home or home_in_row or len(named) >= p.menu_min_sections)
                    and all(classes[j] is None for j in range(i, last + 1))
                    and (count == 1 or all(len(bar[j]) >= 3 for j in bar))
                )
            if menu:
                items = [t for t in ns[i : last + 1] if t]
                shown = " / ".join(items[:4]) + (f" / … ({count} items)" if count > 4 else "")
                edge = layout(doc, self.furniture).at_edge(i, last)
                out.append((i, last, edge, shown))
            i = max(k, i + 1)
        return out

    def _menu_hit(self, doc: Document, first: int, last: int, edge: bool, shown: str) -> Hit:
        """A menu column: removal is offered only as unsafe, since the column may take the
        page's short title or site name with it."""
        ls = lazy_lines(doc)
        a, b = ls[first], ls[last]
        return Hit(
            a.text_start,
            b.text_end,
            data={"group": "navigation menu", "zone": "edge" if edge else "body", "match": shown},
            edits=[removal_edit(ls, first, last, len(doc.text))],
            applicability=Applicability.UNSAFE,
            fix_description="remove the menu lines",
        )

    def _spans(self, doc: Document) -> Iterator[Hit]:
        """Matches of the ``span`` groups' regexes, each removed on its own.

        A regex must describe its furniture completely (anchors, the whitespace it takes
        with it): the fix deletes exactly the match. The literal check keeps the regexes
        off the documents that cannot match.
        """
        if not self._span_rx:
            return
        norm = page(doc).norm  # the regexes are written in Simplified characters
        for group, rx, gate, fix in self._span_rx:
            if gate is not None and gate.search(norm) is None:
                continue  # none of the literals every match holds
            app = _applicability(fix, True)
            for m in rx.finditer(norm):
                if m.end() <= m.start():
                    continue
                s, e = m.start(), m.end()
                yield Hit(
                    s,
                    e,
                    data={"group": group.replace("_", " "), "zone": "inline"},
                    edits=None if app is None else [Edit(start=s, end=e, replacement="")],
                    applicability=app,
                    fix_description="remove the furniture",
                )


def _block_kind(headed: bool, entries: int) -> str:
    if not headed:
        return "headline/date pairs"
    return "headed" if entries else "heading alone"


@register
class LinkListDetector(Detector):
    kind = "link_list"
    Params = LinkListParams

    def __init__(self, rule: RuleSpec, params: LinkListParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.furniture = _furniture(ctx, params)
        if params.heading_group not in self.furniture.groups:
            raise ValueError(f"heading_group {params.heading_group!r} is not among the groups")
        # Headings of four or more Han characters only: `更多`, `评论` or `热读` after a
        # sentence are words of it as often as headings.
        phrases = self.furniture.groups[params.heading_group].phrases
        heads = sorted((h for h in phrases if _HAN4_RE.fullmatch(h)), key=len, reverse=True)
        # After a sentence's end, or after a time stamp and a space (`修改时间：09：43
        # 推荐阅读：`); the heading ends at a separator, at a `我要评论` button glued to it,
        # at the line's end, or at its own closing bracket (`【小编推荐】刘某出席…`).
        heads_rx = "|".join(map(re.escape, heads))
        self._inline_head = (
            BudgetedRegex(
                r"(?:(?<=[。！？!?”」』）)])[ \t\u3000\xa0]*|(?<=\d)[ \t\u3000\xa0]+)"
                r"(?:[【\[](?:" + heads_rx + r")[】\]]|[【\[]?(?:" + heads_rx + r")[】\]]?"
                r"(?=[ \t\u3000\xa0:：●\r\n]|我要评论|$))[ \t\u3000\xa0]*[:：]?"
            )
            if heads
            else None
        )

    def _inline_lists(self, doc: Document) -> Iterator[Hit]:
        """A related-links list glued after the last sentence of an article stored as one
        line (THUCNews, udn dumps): `…学者表示。  相关新闻：  标题一  标题二  标题三`.
        The heading ends at a colon, a bracket, a bullet or a space (`更多精彩内容请点击：…`
        is a pointer, not a heading).

        The heading follows a sentence's end on the same line, and what follows it to the
        line's end splits, on runs of spaces or `●` bullets, into ``min_items`` or more
        headline-sized entries with no full stop: a sentence that merely mentions `相关报道`
        goes on with prose. A trailing `我要评论` is left to the furniture rule.
        """
        if self._inline_head is None:
            return
        p: LinkListParams = self.params
        pg = page(doc)
        norm = pg.norm
        # The list runs to the end of its line, so only a line's last heading can start
        # one: each line is split once, whatever the number of headings on it (linear).
        last: dict[int, re.Match[str]] = {}
        for m in self._inline_head.finditer(norm):
            last[pg.index(m.start())] = m
        for li, m in last.items():
            eol = pg.starts[li + 1] - 1 if li + 1 < len(pg) else len(norm)
            rest = _COMMENT_TAIL_RE.sub("", norm[m.end() : eol])
            items = [x.strip() for x in _INLINE_SPLIT_RE.split(rest)]
            items = [x for x in items if x]
            if len(items) < p.min_items or not all(
                _ENTRY_CHARS[0] <= len(x) <= _ENTRY_CHARS[1] and "。" not in x and han_count(x) >= 2
                for x in items
            ):
                hit = self._inline_heading_alone(doc, li, m, norm[m.end() : eol], rest)
                if hit is not None:
                    yield hit
                continue
            start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000\xa0"))
            end = m.end() + len(rest.rstrip())
            yield Hit(
                start,
                end,
                data={"entries": len(items), "kind": "inline", "heading": m.group().strip()[:20]},
                edits=[Edit(start=m.start(), end=end, replacement="")],
                applicability=Applicability.UNSAFE,
                fix_description="remove the link list",
            )

    def _inline_heading_alone(
        self, doc: Document, li: int, m: re.Match[str], after: str, rest: str
    ) -> Hit | None:
        """A heading after the article's last sentence whose list the scrape lost:
        nothing follows it on its line but a `我要评论` button, or only the page's photo
        captions (`…的喜悦。翻摄IG`, `…出席活动。某某摄`), and it is on the page's last
        line (lines below may be its list). Only the heading is reported and removed; the
        captions are not a list, but another defect of their own."""
        p: LinkListParams = self.params
        heads = orphan_heads(self.furniture, p.heading_group)
        if m.group().strip(HEAD_DECOR) not in heads:
            return None  # `我要评论`, `更多`: a button or a link, not a list's heading
        pg = page(doc)
        if li != last_nonblank(pg):
            return None  # lines below it: its list may be there
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000\xa0"))
        head_end = m.start() + len(m.group().rstrip(" \t\u3000\xa0"))
        cut, end = m.start(), m.end()
        if rest.strip():
            if not _is_captions(rest):
                return None
            # the captions keep the space before the heading that sets them apart
            cut = start
            end += len(after) - len(after.lstrip(" \t\u3000\xa0"))
        elif rest == after:  # nothing but blanks after it: they go with it
            end += len(after) - len(after.lstrip(" \t\u3000\xa0"))
        return Hit(
            start,
            head_end,
            data={"entries": 0, "kind": "heading alone", "heading": m.group().strip()[:20]},
            edits=[Edit(start=cut, end=end, replacement="")],
            applicability=Applicability.SAFE,
            fix_description="remove the heading",
        )

    def _tail_headlines(self, doc: Document, blocks: list[LinkBlock]) -> Hit | None:
        """Other articles' headlines listed after the article without a heading: the
        page's last lines (furniture aside) are a run of ``_TAIL_RUN_MIN`` or more titles,
        each a line of its own with no full stop and no list number, most of them
        headline-long, right under a line of the article's prose that does not announce
        them (`…如下：`). What a list of names, places or products under the article
        looks like (short items) does not count, nor a page that is nothing but titles.
        """
        pg = page(doc)
        ns = pg.norm_stripped()
        cl = self.furniture.classes(doc)
        k = len(ns) - 1
        while k >= 0 and (not ns[k] or cl[k] is not None):
            k -= 1
        last, run, first, blanks = k, 0, -1, 0
        while k >= 0:
            t = ns[k]
            if not t:
                blanks += 1
                if blanks > 1:
                    break
            elif cl[k] is None and _is_tail_title(t):
                blanks, run, first = 0, run + 1, k
            else:
                break
            k -= 1
        if run < _TAIL_RUN_MIN:
            return None
        prev = next((j for j in range(first - 1, -1, -1) if ns[j]), None)
        if prev is None or cl[prev] is not None:
            return None
        lead = ns[prev]
        if han_count(lead) < _TAIL_LEAD_HAN or lead.endswith(_ANNOUNCES):
            return None  # no article above the titles, or the article announcing them
        prose = 0
        for j in range(prev, -1, -1):
            if han_count(ns[j]) >= _TAIL_LEAD_HAN:
                prose += 1
                if prose >= _TAIL_PROSE_LINES:
                    break
        else:
            return None  # a post whose list is what it is about (`你心中的角色：…`)
        titles = sorted(len(t) for t in ns[first : last + 1] if t)
        if titles[len(titles) // 2] < _TAIL_MEDIAN_CHARS:
            return None
        if any(b.first <= last and first <= b.last for b in blocks):
            return None
        ls = lazy_lines(doc)
        return Hit(
            ls[first].text_start,
            ls[last].text_end,
            data={"entries": run, "kind": "headlines after the article", "heading": ""},
            edits=[removal_edit(ls, first, last, len(doc.text))],
            applicability=Applicability.UNSAFE,
            fix_description="remove the link list",
        )

    def check(self, doc: Document) -> Iterator[Hit]:
        p: LinkListParams = self.params
        f = self.furniture
        ls = lazy_lines(doc)
        yield from self._inline_lists(doc)
        blocks = link_blocks(doc, f, _link_config(p))
        tail = self._tail_headlines(doc, blocks)
        if tail is not None:
            yield tail
        for b in blocks:
            edge = layout(doc, f).at_edge(b.first, b.last)
            first, last = ls[b.first], ls[b.last]
            app = Applicability.SAFE if b.headed and edge else Applicability.UNSAFE
            yield Hit(
                first.text_start,
                last.text_end,
                data={
                    "entries": b.entries,
                    "kind": _block_kind(b.headed, b.entries),
                    "heading": first.stripped[:20] if b.headed else "",
                },
                edits=[removal_edit(ls, b.first, b.last, len(doc.text))],
                applicability=app,
                fix_description="remove the link list",
            )
