"""``html-residue``: HTML entities and tag debris left in extracted text.

A scraper that takes text nodes without unescaping leaves `&nbsp;`, `&#12290;` (`。`)
or `&amp;quot;`; one that cuts markup badly leaves `</a>`, `<br/>`, and, once an encoding
step has eaten the `<` together with a broken character, bare `/a>` (seed 000:
`問題?!?/a>`).

* ``what: entities``: every named or numeric entity Python's HTML5 table knows, plus the
  common semicolon-less `&nbsp`. The fix unescapes it (safe: that is what a browser
  shows); double escapes unescape one level per round, to a fixed point.
* ``what: tags``: tags of the configured names that are clearly markup: closing tags,
  tags with `name=value` attributes, comments, and bare opening tags of more than one
  letter. A one-letter bare tag (`<b>`, `<a>`) could be `a<b>c` arithmetic, so it only
  counts when the document also has its closing tag. Debris after a lost `<` (`/a>` not
  preceded by a word character, `/` or `<`) is reported too. The fix deletes the markup
  (safe), putting a space instead when deleting would glue two words together.

Files that are HTML on purpose (`*.html`) are excluded in the rule file, not here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from seedlint.document import Document
from seedlint.model import Applicability, Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec

DEFAULT_TAGS = [
    "a", "abbr", "b", "big", "blockquote", "br", "center", "code", "dd", "div", "dl", "dt",
    "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "input",
    "label", "li", "link", "meta", "nav", "ol", "p", "pre", "s", "script", "small", "span",
    "strike", "strong", "style", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "u", "ul", "section", "article", "header", "footer", "figure", "figcaption", "noscript",
]  # fmt: skip
BOOLEAN_ATTRS = {
    "async", "autoplay", "checked", "controls", "defer", "disabled", "hidden", "loop",
    "multiple", "muted", "nowrap", "readonly", "required", "selected",
}  # fmt: skip

_ENTITY_RE = re.compile(
    r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp(?![;=\w]))"
)
_ATTR_RE = re.compile(r"""\s+([A-Za-z_:][-\w:.]*)(\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?""")


_SEEDLINT_DIRECTIVE = re.compile(r"<!--\s*seedlint-(?:disable-next-line|disable|enable)\b")


class HtmlResidueParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    what: Literal["entities", "tags"]
    tags: list[str] = Field(default_factory=lambda: list(DEFAULT_TAGS))
    """Tag names that count as markup."""


def _unescape(entity: str) -> str:
    if entity == "&nbsp":
        return "\xa0"
    return html.unescape(entity)


_WIKI_PAGE_LINES = 3


def _wiki_page(text: str) -> bool:
    """At least three lines of wiki source: the page shows wiki source, so its other
    markup (`<small>`, `<span style=...>` on lines of their own) is source too."""
    seen = pos = 0
    while seen < _WIKI_PAGE_LINES:
        at = text.find("[[", pos)
        if at == -1:
            return False
        end, wiki = _wikitext_line(text, at)
        seen += wiki
        pos = end + 1
    return True


def _wikitext_line(text: str, pos: int) -> tuple[int, bool]:
    """End of the line at ``pos``, and whether it is wiki source (`[[Template:...]]&nbsp;`,
    `{{edit|...}}`, `<noinclude>`, shown on a wiki's diff or edit page; asked only of a
    document holding a `[[` link): its entities and tags are the author's markup."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    line = text[start:end]
    return end, ("[[" in line and "]]" in line) or ("{{" in line and "}}" in line) or (
        "<noinclude>" in line
    )


@register
class HtmlResidueDetector(Detector):
    kind = "html-residue"
    Params = HtmlResidueParams

    def __init__(self, rule: RuleSpec, params: HtmlResidueParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        names = "|".join(sorted({re.escape(t.lower()) for t in params.tags}, key=len, reverse=True))
        self.tag_re = re.compile(
            rf"<!--.{{0,500}}?-->|<(/?)({names})\b((?:{_ATTR_RE.pattern})*)\s*(/?)>",
            re.IGNORECASE | re.DOTALL,
        )
        # `/` first, the look-behind after it (covering the `/` itself): the same matches
        # as `(?<![<\w/.:])/name>`, but the engine jumps from `/` to `/` instead of trying
        # the look-behind at every position.
        self.debris_re = re.compile(rf"/(?<![<\w/.:\\]/)({names})>", re.IGNORECASE)
        # A closing tag as JSON writes it inside a string (`<\/p>`): whole markup, its
        # `<` is there; read as debris, deleting `/p>` left a stray `<\`.
        self.escaped_re = re.compile(rf"<\\/({names})>", re.IGNORECASE)
        # Markup written with entities (`&lt;strong&gt;`, `&amp;lt;br/&amp;gt;`): the page
        # showed the tag as text. Bounded, so each `&lt;` is read at most that far.
        self.escaped_markup_re = re.compile(
            rf"&(?:amp;)*lt;(?:!--|/?(?:{names})\b)[^\n<>]{{0,500}}?&(?:amp;)*gt;",
            re.IGNORECASE,
        )

    def triggers(self) -> Triggers | None:
        """An entity starts with `&`; a tag, a comment, debris and an escaped closing tag
        all hold `<` or `>` (``check`` returns at once without them)."""
        return Triggers(literals=("&",) if self.params.what == "entities" else ("<", ">"))

    def check(self, doc: Document) -> Iterator[Hit]:
        text = doc.text
        if self.params.what == "entities":
            hits = self._entities(text) if "&" in text else iter(())
        elif "<" in text or ">" in text:
            hits = self._tags(text)
        else:
            return
        wiki = "[[" in text
        if wiki and _wiki_page(text):
            return  # a wiki page's source (diff or edit view): all its markup is the author's
        line_end, is_wiki = -1, False
        for hit in hits:
            if wiki:
                if hit.start > line_end:  # hits come in order: each line is read once
                    line_end, is_wiki = _wikitext_line(text, hit.start)
                if is_wiki:
                    continue
            yield hit

    def _escaped_markup(self, text: str) -> list[tuple[int, int]]:
        """Spans of markup written with entities that, unescaped, would read as tags or
        comments: the tag rule deletes those as debris. Their entities are reported but
        not unescaped by a fix: the text would lose what the page showed (`在HTML中用
        &lt;strong&gt;表示粗体` ended as `在HTML中用表示粗体`), and no later run could
        tell the revealed tag from debris."""
        if "lt;" not in text:
            return []
        spans = []
        for m in self.escaped_markup_re.finditer(text):
            decoded = m.group()
            for _ in range(16):  # one level of escaping per pass; `&amp;` is bounded above
                step = html.unescape(decoded)
                if step == decoded:
                    break
                decoded = step
            if self.tag_re.fullmatch(decoded):
                spans.append((m.start(), m.end()))
        return spans

    def _entities(self, text: str) -> Iterator[Hit]:
        markup = self._escaped_markup(text)
        k = 0
        for m in _ENTITY_RE.finditer(text):
            ent = m.group()
            decoded = _unescape(ent)
            if decoded == ent:
                continue
            while k < len(markup) and markup[k][1] <= m.start():
                k += 1
            if k < len(markup) and markup[k][0] <= m.start():
                yield Hit(
                    m.start(),
                    m.end(),
                    data={"decoded": decoded},
                    fix_description="",
                    message=(
                        f"HTML entity `{ent}` left in the text; it stands for `{decoded}` in "
                        f"escaped markup (`{text[markup[k][0] : markup[k][1]]}`): not "
                        "unescaped by --fix, where the tag would read as debris"
                    ),
                )
                continue
            bad = decoded == "\ufffd" or any(ord(c) < 0x20 and c not in "\t\n\r" for c in decoded)
            yield Hit(
                m.start(),
                m.end(),
                data={"decoded": decoded if decoded.isprintable() else repr(decoded)},
                edits=[Edit(start=m.start(), end=m.end(), replacement=decoded)],
                applicability=Applicability.UNSAFE if bad else None,
                fix_description=f"unescape to {decoded!r}",
            )

    def _tags(self, text: str) -> Iterator[Hit]:
        spans: list[tuple[int, int, str]] = []
        found = list(self.tag_re.finditer(text))
        escaped = list(self.escaped_re.finditer(text)) if "<\\/" in text else []
        closers = {m.group(2).lower() for m in found if m.group(1)}
        closers.update(m.group(1).lower() for m in escaped)
        for m in found:
            if m.group(0).startswith("<!--"):
                # A seedlint-disable comment is the author's, not page debris (and
                # removing it would undo the waiver it writes): see seedlint.inline.
                if not _SEEDLINT_DIRECTIVE.match(m.group(0)):
                    spans.append((m.start(), m.end(), "HTML comment"))
                continue
            closing, name, attrs, selfclose = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
            attr_names = [(a.group(1).lower(), a.group(2)) for a in _ATTR_RE.finditer(attrs or "")]
            if any(v is None and n not in BOOLEAN_ATTRS for n, v in attr_names):
                continue  # `<b and c>`: words, not attributes
            if (
                len(name) == 1
                and not closing
                and not selfclose
                and not attr_names
                and name not in closers
            ):
                continue  # a lone `<b>` may be arithmetic
            spans.append((m.start(), m.end(), "HTML tag"))
        for m in escaped:
            if not any(a <= m.start() < b for a, b, _ in spans):
                spans.append((m.start(), m.end(), "JSON-escaped HTML tag"))
        for m in self.debris_re.finditer(text):
            if any(a <= m.start() < b for a, b, _ in spans):
                continue
            spans.append((m.start(), m.end(), "tag debris (its `<` was lost)"))
        for s, e, what in sorted(spans):
            pre = text[s - 1] if s else ""
            post = text[e] if e < len(text) else ""
            glue = pre.isascii() and pre.isalnum() and post.isascii() and post.isalnum()
            yield Hit(
                s,
                e,
                data={"what": what},
                edits=[Edit(start=s, end=e, replacement=" " if glue else "")],
                fix_description="delete the markup",
            )
