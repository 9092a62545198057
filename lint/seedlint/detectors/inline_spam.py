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
    TermScanner,
    find_terms,
    has_sentence_punct,
    is_short_item_line,
    page,
    resolve_files,
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

    def check(self, doc: Document) -> Iterator[Hit]:
        p: InlineSpamParams = self.params
        planted = self._after_footer(doc.text)
        if planted is not None:
            yield planted
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
