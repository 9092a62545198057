"""``inline_spam``: gambling, adult and similar spam terms planted inside running text.

Besides whole keyword blocks, spam pages weave terms into sentences
(`...百家乐真人娱乐官网注册送彩金...`). A word list alone cannot tell that from news about
a lottery or a gambling crackdown, so each sentence holding a listed term is scored:

* a term of a strong label (gambling, adult, ...) scores ``strong``, each further
  distinct strong term ``extra_strong`` (capped), an ambiguous term (`彩票`, `赌博`) only
  ``weak``;
* a call to action (`官网`, `注册`, `开户`, `加微信`) or a URL / contact number adds;
* a term making up most of a short line (a keyword planted on its own) adds;
* words of reporting and regulation (`打击`, `警方`, `管理办法`, `发行`) subtract, and the
  whole document subtracts once it is visibly about the subject: two sentences with a
  spam term and a context word that are no longer spam once the context word counts (a
  sentence still spam beside `禁止` is a porn run-on, not a report on a ban).

Sentences with at least one strong term and a score at or above ``threshold`` are
reported. Lines shaped like keyword blocks are left to the block rule, except a labelled
keyword line (`本文关键词：…`), where a planted brand is the point of the line. The lexicon
files and every list and weight are in the YAML, so a corpus can add its own terms.

Betting sites rename themselves faster than any list follows, so a brand is also found by
its shape (``brand_regex``): a Latin name glued to a betting category and a site suffix
(`koko体育app下载`, `im电竞官网`). A name so confirmed is then reported wherever else the
document repeats it (`【koko体育】`, `koko体育科技 版权所有`): an injected brand recurs in
title, keyword, source and copyright lines of a page that is otherwise about something
else. Latin terms match only as whole words (`bbin` is not in `sobbing`), and
``false_friends`` are words that hold a term without being spam (`爱情色彩`, `回包中`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._hanscript import Script, find_script_chars, is_han
from seedlint.detectors._regex import BudgetedRegex
from seedlint.detectors._webtext import (
    Page,
    TermScanner,
    find_terms,
    has_sentence_punct,
    is_short_item_line,
    page,
    resolve_files,
    split_item_texts,
)
from seedlint.document import Document
from seedlint.lexicons import LexiconHit, load_lexicon
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

_SENT_SPLIT_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
# An age rating (`18禁`, `18禁止观看`, `未满十八禁止`, `18以下禁止`) is the porn-site label
# itself, not a page reporting on a ban: counted as context it made a porn block of
# hundreds of `18禁止…` phrases a "topical" document and let the block beside it pass.
_AGE_RATING_RE = re.compile(r"(?:18|十八)(?:岁)?(?:以下|未满)?(?:岁)?$")
_AGE_RATING_AFTER_RE = re.compile(r"(?:未满)?(?:18|十八)")
# How a search query ends: a question particle or a shopper's question.
_QUERY_END_RE = re.compile(
    r"(?:吗|呢|怎么样|多少钱|哪家好|哪个好|好不好|是什么|有哪些|怎么办|几次)$"
)
_SENTENCE_MARK_RE = re.compile("[。！？!?；;…]")
# A page title that asks something: the search query an SEO page is built on.
_QUESTION_WORD_RE = re.compile("什么|怎么|怎样|如何|为何|哪|多少|吗$")
# What may stand on either side of a clause: a clause mark or a line's edge.
_CLAUSE_EDGES = frozenset("，。！；：,;!\n")
_SENTENCE_ENDS = frozenset("。！!")
# The joints of a page title's parts: `_`, `|`, and a dash between spaces.
_TITLE_PARTS_RE = re.compile(r"[_|｜]|\s[-–—]\s")


class InlineWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    strong: float = 2.0
    extra_strong: float = 1.0
    extra_strong_cap: float = 2.0
    weak: float = 0.5
    call_to_action: float = 1.5
    url: float = 1.5
    planted: float = 1.0
    context: float = -2.5
    topical_document: float = -1.0
    brand: float = 1.0
    """A name with the betting-brand shape: planted on purpose, whatever the sentence."""


class InlineSpamParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spam_lexicons: list[str]
    strong_labels: list[str] = Field(
        default_factory=lambda: ["gambling", "lottery_spam", "adult", "services", "gaming"]
    )
    exclude: list[str] = Field(default_factory=list)
    call_to_action: list[str] = Field(default_factory=list)
    context_terms: list[str] = Field(default_factory=list)
    url_regex: str = (
        r"(?:https?://|www\.)\S+|[A-Za-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|me|tv|org)\b"
    )
    threshold: float = 2.5
    planted_max_chars: int = Field(default=16, ge=1)
    """A line this short that is mostly a spam term is a planted keyword."""
    topical_sentences: int = Field(default=2, ge=1)
    """Sentences with a spam term AND a context term that make the document 'about' it."""
    weights: InlineWeights = Field(default_factory=InlineWeights)
    false_friends: list[str] = Field(default_factory=list)
    """Words that contain a listed term but are not spam: a hit inside one is dropped."""
    keyword_label_regex: str = (
        r"^\s*(?:本文|文章)?(?:关键词|关键字|标签|相关标签|热门标签|tags?)\s*[:：]"
    )
    """A labelled keyword line: its spam terms are reported although it is a list."""
    brand_regex: str = ""
    """The shape of a betting brand (Simplified text as written, case kept); group ``stem``
    is the name then looked for, in any case, elsewhere in the document. Empty: none."""
    brand_lines: int = Field(default=3, ge=2)
    """A betting term on this many lines of a document is a planted brand; so is every
    betting term of a page where two or more of them together cover this many lines."""
    brand_labels: list[str] = Field(default_factory=lambda: ["gambling", "lottery_spam", "adult"])
    """The labels of the names a hijacked page repeats in its title, site name,
    breadcrumb and copyright lines (betting sites, porn sites): such a name recurring
    is planted, whatever one sentence of it says."""
    brand_group_labels: list[str] = Field(default_factory=lambda: ["gambling", "lottery_spam"])
    """Labels whose different names may share the lines between them: betting sites
    plant several brands on one page; a portal's headlines name several adult words
    (`偷拍`, `情色`) without any being planted."""
    brand_anywhere_labels: list[str] = Field(default_factory=lambda: ["gambling"])
    """Labels of names that are nothing but brands (`美狮贵宾会`): recurring, they are
    planted wherever they stand, even only in prose (substituted for a company's name
    all through an article). Lottery names and adult words are words a story uses too,
    so they need a bare line."""
    bare_line_chars: int = Field(default=40, ge=1)
    """A recurring name counts as planted only if one of its lines is at most this long
    and no sentence: where a page puts its title, site name or breadcrumb."""
    name_labels: list[str] = Field(default_factory=list)
    """Labels of names (porn sites, their actresses) that no story uses except as spam:
    a sentence holding one scores as a planted brand, takes no discount for the context
    words of the story it was spliced into, and does not make the page topical."""
    max_brands: int = Field(default=4, ge=0)
    """Confirmed brand names followed through one document (bounds the work)."""
    footer_regex: str = ""
    """A site's last footer line (`ICP备`, `版权所有`, `Copyright`). The page's last line
    after it, written in the other Han script than the whole page, is a planted search
    phrase (see ``after_footer``). Empty: that check is off."""
    after_footer_min_page_chars: int = Field(default=50, ge=1)
    """One-script characters the page before the footer needs to have a script."""
    after_footer_max_chars: int = Field(default=120, ge=1)
    after_footer_skip_regex: str = r"简体|繁体|繁體|簡體|中文版|English|语言|語言"
    """A language switch (`English | 简体中文`) is in the other script on purpose."""
    title_keyword_max_lines: int = Field(default=3, ge=0)
    """A stuffed title's keyword on more lines than this is the page's subject, not
    spliced (see ``_title_keyword``). 0: off."""
    title_tail_lines: int = Field(default=3, ge=0)
    """Line ends holding a two-character fragment of the title after the last sentence
    mark that make a page's fragments planted (see ``_title_tails``). 0: off."""
    title_query_sentences: int = Field(default=2, ge=0)
    """Times the title's question, stated as a sentence of its own without a question
    mark, makes its clauses planted (see ``_title_query_clauses``). 0: off."""


def _free_of(hits: list[LexiconHit]) -> Callable[[int, int], bool]:
    """A test of whether a span overlaps none of ``hits``: the hits sorted by start with
    the running maximum of their ends, so each test is a bisection (testing every hit
    was quadratic on a page of brand names)."""
    spans = sorted((h.start, h.end) for h in hits)
    starts = [a for a, _ in spans]
    reach: list[int] = []
    top = -1
    for _, e in spans:
        top = max(top, e)
        reach.append(top)

    def free(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)  # the hits that start before ``end``
        return i == 0 or reach[i - 1] <= start

    return free


@register
class InlineSpamDetector(Detector):
    kind = "inline_spam"
    Params = InlineSpamParams

    def __init__(self, rule: RuleSpec, params: InlineSpamParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.lex = load_lexicon(resolve_files(ctx.resolve, params.spam_lexicons), fold_case=True)
        for t in params.exclude:
            self.lex.terms.pop(t.casefold(), None)
        self.scanner = TermScanner(self.lex.terms)
        self.cta = load_lexicon([], params.call_to_action, fold_case=True)
        self.context = load_lexicon([], params.context_terms, fold_case=True)
        self.url = BudgetedRegex(params.url_regex)
        self.label_line = BudgetedRegex(params.keyword_label_regex, re.IGNORECASE)
        self.label_lines = BudgetedRegex(
            "(?m)" + params.keyword_label_regex + "(?P<spliced_list>[^\n]*)", re.IGNORECASE
        )
        self.brand = BudgetedRegex(params.brand_regex) if params.brand_regex else None
        self.betting = frozenset(params.brand_labels)
        self.grouped = frozenset(params.brand_group_labels)
        self.anywhere = frozenset(params.brand_anywhere_labels)
        self.names = frozenset(params.name_labels)
        self.footer = (
            BudgetedRegex(params.footer_regex, re.IGNORECASE) if params.footer_regex else None
        )
        self.switch = BudgetedRegex(params.after_footer_skip_regex)
        # term -> [(offset of the term in the false friend, false friend)]
        self.friends: dict[str, list[tuple[int, str]]] = {}
        for ff in params.false_friends:
            f = ff.casefold()
            for t in self.lex.terms:
                k = f.find(t)
                while k >= 0:
                    self.friends.setdefault(t, []).append((k, f))
                    k = f.find(t, k + 1)

    def _genuine(self, h: LexiconHit, hay: str) -> bool:
        """A hit that is neither part of a longer Latin word nor inside a false friend."""
        t = hay[h.start : h.end]
        if t[:1].isascii() and t[:1].isalnum() and h.start > 0:
            c = hay[h.start - 1]
            if c.isascii() and c.isalnum():
                return False
        if t[-1:].isascii() and t[-1:].isalnum() and h.end < len(hay):
            c = hay[h.end]
            if c.isascii() and (c.isalpha() or (c.isdigit() and t[-1:].isdigit())):
                return False
        for k, ff in self.friends.get(t, ()):
            if hay.startswith(ff, h.start - k) and h.start >= k:
                return False
        return True

    def _brands(self, norm: str, hay: str) -> tuple[set[str], list[LexiconHit]]:
        """The names that somewhere in ``norm`` (as written) have the full betting-brand
        shape, and every occurrence of them in ``hay`` (case-folded)."""
        if self.brand is None:
            return set(), []
        stems: list[str] = []
        for m in self.brand.finditer(norm):
            st = m.group("stem").casefold()
            if st not in stems:
                stems.append(st)
                if len(stems) >= self.params.max_brands:
                    break
        out: list[LexiconHit] = []
        for st in stems:
            i = hay.find(st)
            while i >= 0:
                j = i + len(st)
                before = hay[i - 1] if i else " "
                if not (before.isascii() and before.isalnum()):
                    out.append(LexiconHit(i, j, st, "gambling brand"))
                i = hay.find(st, j)
        return set(stems), out

    def _after_footer(self, text: str) -> Hit | None:
        """The page's last line, after its footer, in the other Han script than the page.

        C4 Chinese holds mainland company pages converted to Traditional whose last
        line, below the `ICP备`/`版權所有` footer, is a porn search phrase still in
        Simplified (`白胖妇女BBBBBXXXXX`, `久久久久久亚洲精品首页`): appended after the
        conversion, so its script gives it away even where no listed term does. Nothing
        but the site's own furniture belongs under the footer; the script mismatch keeps
        that furniture (`技术支持：…`, `网站地图`) out. Linear: two backward line scans
        and, only for a candidate, one pass over the page for its script."""
        p: InlineSpamParams = self.params
        if self.footer is None:
            return None
        end = _trim_end(text, len(text))
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        core = line.strip()
        if not core or len(core) > p.after_footer_max_chars:
            return None
        prev_end = _trim_end(text, start)
        prev_start = text.rfind("\n", 0, prev_end) + 1
        if prev_end <= 0 or not self.footer.search(text[prev_start:prev_end]):
            return None
        if self.footer.search(core) or self.switch.search(core):
            return None
        if sum(1 for c in core if is_han(c)) < 4:
            return None
        pairs: tuple[tuple[Script, Script], ...] = (("Hant", "Hans"), ("Hans", "Hant"))
        for page_script, other in pairs:
            if not find_script_chars(core, other) or find_script_chars(core, page_script):
                continue
            mine = len(find_script_chars(text, page_script, 0, start))
            theirs = len(find_script_chars(text, other, 0, start))
            if mine >= p.after_footer_min_page_chars and theirs * 50 <= mine:
                page_name = "Traditional" if page_script == "Hant" else "Simplified"
                line_name = "Simplified" if page_script == "Hant" else "Traditional"
                lead = len(line) - len(line.lstrip())
                shown = core if len(core) <= 40 else core[:40] + "…"
                return Hit(
                    start + lead,
                    start + lead + len(core),
                    data={"term": shown, "label": "after the footer", "score": "-"},
                    message=(
                        f"spam line `{shown}` planted after the site's footer: written in "
                        f"{line_name} on a {page_name} page, where only the site's own "
                        "furniture belongs"
                    ),
                )
        return None

    def _spliced_queries(self, pg: Page) -> Iterator[Hit]:
        """Search queries of the page's tag line spliced into its sentences: the tag line
        `标签:…iqos烟弹可以用打火机油吗…` and, in the text, `可以忽略了iqos烟弹可以用打火机
        油吗，所以没人在乎` (ChineseWebText).

        A query (it ends in `吗`, `怎么样`, `多少钱`, …) that the page's keyword label
        introduces, found again inside a line of prose with no question mark after it, is
        no question the writer asked: the generator glued it in, once a line. Linear: one
        regex scan for the tag lines, a string search for each of their few queries.
        """
        norm = pg.norm
        if "标签" not in norm and "关键词" not in norm and "ag" not in norm and "AG" not in norm:
            return  # no label (`标签`, `关键词`, `tags`, `TAGS`) to introduce a query
        queries: dict[str, tuple[int, int]] = {}
        for m in self.label_lines.finditer(norm):
            lst = m.group("spliced_list")
            if has_sentence_punct(lst):
                continue
            for x in split_item_texts(lst):
                if 6 <= len(x) <= 24 and _QUERY_END_RE.search(x):
                    queries.setdefault(x, (m.start(), m.end()))
            if len(queries) >= 12:
                break
        reported: set[int] = set()
        for q, (la, lb) in queries.items():
            k = norm.find(q)
            while k >= 0:
                e = k + len(q)
                li = pg.index(k)
                if (
                    not la <= k < lb
                    and norm[e : e + 1] not in ("？", "?")
                    and li not in reported
                    and _SENTENCE_MARK_RE.search(pg.line(li).norm)
                ):
                    reported.add(li)
                    yield Hit(
                        k,
                        e,
                        data={"term": q, "label": "spliced search query", "score": "-"},
                        message=(
                            f"search query `{q}` from the page's tag line spliced into a "
                            "sentence, with no question mark: SEO filler, not text"
                        ),
                    )
                k = norm.find(q, e)

    def _title_tails(self, pg: Page) -> Iterator[Hit]:
        """Pieces of the page's title glued after the last sentence of its paragraphs:
        under `审国安要犯黎智英，岂容其他国家律师抗辩`, the lines end `…本意。安犯`,
        `…发音。安犯`, `…遭拒。抗辩` (C4 Chinese).

        A paragraph ends with its sentence; two characters after the last mark are a
        fragment, and a fragment of the title's characters on ``title_tail_lines`` line
        ends is a generator's. Hard line breaks inside sentences (old pages wrapped at
        a width) leave words after a mark too (`…而已。按照`), but not words made of
        the title's characters, line after line. Linear: one look at each line's end.
        """
        p: InlineSpamParams = self.params
        if p.title_tail_lines <= 0:
            return
        # A line's last three characters decide: a Python look at each line's end costs
        # less than a regex scan of every character.
        ends = [
            pg.starts[i] + len(pg.raw[i].rstrip()) - 2
            for i, t in enumerate(pg.stripped)
            if len(t) >= 4 and t[-3] in "。！？!?" and is_han(t[-1]) and is_han(t[-2])
        ]
        if len(ends) < p.title_tail_lines:
            return
        ns = pg.norm_stripped()
        first = next((i for i, t in enumerate(ns) if t), 0)
        title = set(ns[first])
        found: list[tuple[int, str]] = []
        for k in ends:
            i = pg.index(k)
            frag = pg.norm[k : k + 2]
            if i > first and frag[0] in title and frag[1] in title:
                found.append((i, frag))
        if len(found) < p.title_tail_lines:
            return
        for i, frag in found:
            ln = pg.line(i)
            end = ln.text_end
            yield Hit(
                end - 2,
                end,
                data={"term": frag, "label": "title fragment", "score": "-"},
                message=(
                    f"title fragment `{frag}` glued after the paragraph's last sentence: "
                    f"characters of the page's title, at {len(found)} line ends"
                ),
            )

    def _title_query_clauses(self, pg: Page) -> Iterator[Hit]:
        """The page's title query sprinkled through its text as a clause of its own:
        under the title `什么药治咳喘效果好`, the paragraphs read `…一起来看看吧，什么药治
        咳喘效果好。`, `…过咸食品。什么药治咳喘效果好。`, `…作用，什么药治咳喘效果好。两种
        成分…` (ChineseWebText).

        A question stated with a full stop and no question mark, word for word the
        title, between clause marks, is no sentence a writer makes; twice on one page
        (``title_query_sentences``) it is the generator repeating its query for search
        engines. An essay that takes up its title's question writes it inside a
        sentence (`我们要思考如何…`) or as a subject (`如何…，是…`), not as a sentence
        of its own; a heading that repeats the title fills its line and is left alone.
        Linear: the title is one line, found again by string search.
        """
        p: InlineSpamParams = self.params
        if p.title_query_sentences <= 0:
            return
        ns = pg.norm_stripped()
        first = next((i for i, t in enumerate(ns) if t), None)
        if first is None or first + 1 >= len(ns):
            return
        q = ns[first]
        if not 6 <= len(q) <= 24 or not all(map(is_han, q)) or not _QUESTION_WORD_RE.search(q):
            return
        norm = pg.norm
        clauses: list[tuple[int, int]] = []
        sentences = 0
        k = norm.find(q, pg.starts[first + 1])
        while k >= 0:
            e = k + len(q)
            before = norm[k - 1 : k].strip(" \t\u3000") or "\n"
            after = norm[e : e + 1].strip(" \t\u3000") or "\n"
            if before in _CLAUSE_EDGES and after in _CLAUSE_EDGES and before + after != "\n\n":
                clauses.append((k, e))
                sentences += after in _SENTENCE_ENDS
            if len(clauses) > 1000:
                break  # a page of nothing but the query: the count is already made
            k = norm.find(q, e)
        if sentences < p.title_query_sentences:
            return
        seen: set[int] = set()
        for k, e in clauses:
            li = pg.index(k)
            if li in seen:
                continue
            seen.add(li)
            yield Hit(
                k,
                e,
                data={"term": q, "label": "title query", "score": "-"},
                message=(
                    f"the page title's search query `{q}` repeated as a clause of its own, "
                    f"stated without a question mark ({sentences} times as a sentence): "
                    "SEO filler, not text"
                ),
            )

    def _title_keyword(self, doc: Document, pg: Page) -> Iterator[Hit]:
        """The keyword of a stuffed page title spliced into the text: under the title
        `我如何让我的妻子出轨出门？_佛山私家调查_佛山婚外情调查_佛山商务调查_侦探私家
        公司`, an article on divorce law with `第39条佛山专业私家侦探，离婚时…` and
        `佛山婚外情取证许多丈夫…` (ChineseWebText).

        A title whose parts after the headline repeat one word (`佛山` in three of
        them) is the site's SEO keyword. When the headline does not name it, the article
        is about something else; the few prose lines that name it anyway had it glued in.
        A page about the keyword names it in its headline, or on more than
        ``title_keyword_max_lines`` lines. Linear: the title is split once and the word
        found by string search.
        """
        p: InlineSpamParams = self.params
        title = doc.metadata.get("title")
        if p.title_keyword_max_lines <= 0 or not isinstance(title, str) or len(title) > 200:
            return
        parts = [x.strip() for x in _TITLE_PARTS_RE.split(title) if x.strip()]
        if len(parts) < 4:
            return
        word = _title_keyword_word(parts[1:])
        if word is None or word in parts[0]:
            return
        norm = pg.norm
        lines: dict[int, int] = {}
        k = norm.find(word)
        while k >= 0:
            lines.setdefault(pg.index(k), k)
            if len(lines) > p.title_keyword_max_lines:
                return  # the page talks about it
            k = norm.find(word, k + len(word))
        for li, k in sorted(lines.items()):
            if not _SENTENCE_MARK_RE.search(pg.line(li).norm):
                continue  # a menu or a heading naming the keyword: the site's furniture
            yield Hit(
                k,
                k + len(word),
                data={"term": word, "label": "title keyword", "score": "-"},
                message=(
                    f"the title's SEO keyword `{word}` spliced into the text: the page's "
                    "title repeats it for search engines, its headline and article are "
                    "about something else"
                ),
            )

    def check(self, doc: Document) -> Iterator[Hit]:
        p: InlineSpamParams = self.params
        planted = self._after_footer(doc.text)
        if planted is not None:
            yield planted
        yield from self._spliced_queries(page(doc))
        yield from self._title_tails(page(doc))
        yield from self._title_query_clauses(page(doc))
        yield from self._title_keyword(doc, page(doc))
        w = p.weights
        text = doc.text
        pg = page(doc)
        # The page's casefolded copy (None when casefolding changed a length: no folding).
        hay = pg.folded() if self.lex.fold_case else pg.norm
        if hay is None or len(hay) != len(text):
            hay = pg.norm
        hits = [h for h in find_terms(self.lex, self.scanner, pg) if self._genuine(h, hay)]
        stems, brands = self._brands(pg.norm, hay)
        if brands:
            free = _free_of(hits)
            hits.extend(b for b in brands if free(b.start, b.end))
        hits.sort(key=lambda h: h.start)  # stable: the sentence walk below needs the order
        if not hits:
            return
        strong_labels = set(p.strong_labels) | {"gambling brand"}
        scored: list[tuple[float, int, int, str, str, bool, bool]] = []
        topical = 0
        by_line: dict[int, list[int]] = {}
        starts = pg.starts
        lines_of: dict[str, set[int]] = {}
        for k, h in enumerate(hits):
            li = bisect.bisect_right(starts, h.start) - 1
            by_line.setdefault(li, []).append(k)
            lines_of.setdefault(h.term.casefold(), set()).add(li)
        # A betting name planted all over a page: its shape says so, or it recurs on
        # several lines (title, keyword, source, copyright lines of an unrelated page),
        # or several betting names share the page's lines between them (`yabo.com…` and
        # `ManBetX用户登录…` prefixed to two headlines each, `米乐M6` and `m6米乐` in
        # the site name, address and copyright lines).
        # The name must stand on at least one line that is no sentence (a title, a site
        # name, a breadcrumb): a story about a gambler says `六合彩` on many lines, all
        # of them prose.
        betting = {t: ls for t, ls in lines_of.items() if self.lex.terms.get(t) in self.betting}
        bare: dict[int, bool] = {}

        def stands_bare(ls: set[int]) -> bool:
            for li in ls:
                if li not in bare:
                    t = pg.line(li).stripped
                    bare[li] = len(t) <= p.bare_line_chars and not has_sentence_punct(t)
                if bare[li]:
                    return True
            return False

        brand_terms = stems | {
            t
            for t, ls in betting.items()
            if len(ls) >= p.brand_lines
            and (self.lex.terms.get(t) in self.anywhere or stands_bare(ls))
        }
        grouped = [ls for t, ls in betting.items() if self.lex.terms.get(t) in self.grouped]
        if len(grouped) >= 2:
            together = set().union(*grouped)
            if len(together) >= p.brand_lines and stands_bare(together):
                brand_terms |= {t for t in betting if self.lex.terms.get(t) in self.grouped}
        skip_line = -1 if planted is None else bisect.bisect_right(starts, planted.start) - 1
        for li, ks in by_line.items():
            if li == skip_line:
                continue  # reported whole as planted after the footer
            ln = pg.line(li)
            labelled = bool(self.label_line.match(ln.norm))
            if is_short_item_line(ln.clean) and not labelled:
                continue  # a keyword block: the block rule's business
            # The line's hits are in order, and so are its sentences: one pointer walks
            # both (filtering the line's hits for each sentence was quadratic on a
            # line of many spam sentences).
            at = 0
            for m in _SENT_SPLIT_RE.finditer(ln.norm):
                s0, s1 = ln.start + m.start(), ln.start + m.end()
                while at < len(ks) and hits[ks[at]].start < s0:
                    at += 1
                first_k = at
                while at < len(ks) and hits[ks[at]].start < s1:
                    at += 1
                in_sent = [hits[k] for k in ks[first_k:at]]
                if not in_sent:
                    continue
                sent = m.group()
                strong = {h.term.casefold() for h in in_sent if h.label in strong_labels}
                score = 0.0
                if strong:
                    score += w.strong + min(w.extra_strong_cap, w.extra_strong * (len(strong) - 1))
                score += w.weak * sum(1 for h in in_sent if h.label not in strong_labels)
                if any(True for _ in self.cta.find(sent)):
                    score += w.call_to_action
                if self.url.search(sent):
                    score += w.url
                spam_chars = sum(h.end - h.start for h in in_sent)
                core = sent.strip()
                if labelled or (len(core) <= p.planted_max_chars and spam_chars * 2 >= len(core)):
                    score += w.planted
                named = any(h.label in self.names for h in in_sent)
                if named or any(h.term.casefold() in brand_terms for h in in_sent):
                    score += w.brand
                has_context = not named and any(
                    not _age_rating(sent, c) for c in self.context.find(sent)
                )
                if has_context:
                    score += w.context
                    # A sentence that stays spam despite its context word is no sign that
                    # the page is about the subject: a porn run-on of hundreds of search
                    # phrases says `18禁止观看` and `小孩子禁止看` many times over, and
                    # counted as reporting it made the page 'topical' and hid the short
                    # porn line under the footer beside it.
                    if score < p.threshold:
                        topical += 1
                first = in_sent[0]
                last = in_sent[-1]
                scored.append(
                    (score, first.start, last.end, first.term, first.label, bool(strong), named)
                )
        penalty = w.topical_document if topical >= p.topical_sentences else 0.0
        for score, start, end, term, label, has_strong, named in scored:
            total = score + (0.0 if named else penalty)
            # Ambiguous terms add to a sentence's score but never make a finding alone:
            # `彩票` next to `下载` is as likely a software catalogue as spam.
            if has_strong and total >= p.threshold:
                yield Hit(
                    start,
                    end,
                    data={
                        "term": text[start:end] if end - start <= 40 else term,
                        "label": label,
                        "score": f"{total:.1f}",
                    },
                )


def _title_keyword_word(parts: list[str]) -> str | None:
    """A two-character Han word in three of a title's ``parts`` (the earliest in text
    order, whatever the string hashing)."""
    count: dict[str, int] = {}
    for x in parts:
        for w in dict.fromkeys(x[j : j + 2] for j in range(len(x) - 1)):
            if is_han(w[0]) and is_han(w[1]):
                count[w] = count.get(w, 0) + 1
                if count[w] >= 3:
                    return w
    return None


def _trim_end(text: str, end: int) -> int:
    """``end`` moved back over white space (no copy of the text)."""
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _age_rating(sent: str, hit: LexiconHit) -> bool:
    """`禁止` of an age rating (`18禁止`, `禁止18以下`): a porn label, not a ban reported."""
    if hit.term != "禁止":
        return False
    before = sent[max(0, hit.start - 6) : hit.start]
    return bool(_AGE_RATING_RE.search(before) or _AGE_RATING_AFTER_RE.match(sent, hit.end))
