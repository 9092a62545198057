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
  whole document subtracts once it is visibly about the subject.

Sentences with at least one strong term and a score at or above ``threshold`` are
reported. Lines shaped like keyword blocks are
left to the block rule. The lexicon files and every list and weight are in the YAML, so
a corpus can add its own terms.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._webtext import (
    TermScanner,
    find_terms,
    is_short_item_line,
    page,
    resolve_files,
)
from seedlint.document import Document
from seedlint.lexicons import load_lexicon
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

_SENT_SPLIT_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")


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
        self.url = re.compile(params.url_regex)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: InlineSpamParams = self.params
        w = p.weights
        text = doc.text
        pg = page(doc)
        hits = find_terms(self.lex, self.scanner, pg)
        if not hits:
            return
        strong_labels = set(p.strong_labels)
        scored: list[tuple[float, int, int, str, str, bool]] = []
        topical = 0
        by_line: dict[int, list[int]] = {}
        starts = pg.starts
        for k, h in enumerate(hits):
            by_line.setdefault(bisect.bisect_right(starts, h.start) - 1, []).append(k)
        for li, ks in by_line.items():
            ln = pg.line(li)
            if is_short_item_line(ln.clean):
                continue  # a keyword block: the block rule's business
            for m in _SENT_SPLIT_RE.finditer(ln.norm):
                s0, s1 = ln.start + m.start(), ln.start + m.end()
                in_sent = [hits[k] for k in ks if s0 <= hits[k].start < s1]
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
                if len(core) <= p.planted_max_chars and spam_chars * 2 >= len(core):
                    score += w.planted
                has_context = any(True for _ in self.context.find(sent))
                if has_context:
                    score += w.context
                    topical += 1
                first = in_sent[0]
                last = in_sent[-1]
                scored.append((score, first.start, last.end, first.term, first.label, bool(strong)))
        penalty = w.topical_document if topical >= p.topical_sentences else 0.0
        for score, start, end, term, label, has_strong in scored:
            total = score + penalty
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
