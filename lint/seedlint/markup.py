"""Markdown markup is not prose: no fix edits code, raw HTML, link targets or front matter.

Text rules see a Markdown document's body as text. Most of it is prose, but fenced and
indented code blocks, inline code spans, HTML blocks, inline HTML tags, link and image
targets, autolinks and reference definitions are markup: a fix there changes what the document
means (a ``<script src=…>`` line in a fenced example, ``<code>foo</code>`` in a sentence,
a URL's ``,``). Front matter is already outside the body and never edited.

After the rules have run on a Markdown document, ``protect_markup``:

* drops tag-debris findings (kind ``html-residue``) inside markup: in Markdown a
  well-formed tag is raw HTML (CommonMark), so it is markup, not debris; a tag broken by
  a lost character (``問題?!?/a>``) is still reported, since it is not a tag;
* takes the fix off every other finding with an edit inside markup: the finding stays
  (the text may be wrong), but ``--fix`` leaves the markup alone, and "fixable" does not
  count it.

One pass over the lines; each regular expression is anchored or bounded by a line, so
the whole is linear in the document's length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from seedlint.document import Document
from seedlint.model import Finding

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML_BLOCK_RAW = re.compile(r" {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
# Comments, processing instructions, declarations and CDATA end at their closer, not at
# a blank line (CommonMark HTML blocks of types 2 to 5).
_HTML_BLOCK_MARKED = re.compile(r" {0,3}(<!--|<\?|<!\[CDATA\[|<![A-Za-z])")
_CLOSERS = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
_HTML_BLOCK = re.compile(
    r" {0,3}(?:<!--|<\?|<![A-Za-z]|<!\[CDATA\[|</?[A-Za-z][A-Za-z0-9-]*(?:\s|/?>|$))"
)
_REF_DEF = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(
    r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"
)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_INLINE_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'=<>`]+))?)*"
    r"\s*/?>|<!--.*?-->"
)


def is_markdown(path: str) -> bool:
    lower = path.lower()
    for comp in (".gz", ".zst"):
        if lower.endswith(comp):
            lower = lower[: -len(comp)]
    return lower.endswith(MARKDOWN_SUFFIXES)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Body offsets of Markdown markup, sorted and disjoint."""
    spans: list[tuple[int, int]] = []
    pos = 0
    fence: str | None = None
    fence_start = 0
    html_end: re.Pattern[str] | None = None
    in_html = False
    html_start = 0
    prev_blank, prev_indented = True, False
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        body = line.rstrip("\r\n")
        if fence is not None:
            stripped = body.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                spans.append((fence_start, end))
                fence = None
            continue
        if in_html:
            if (html_end is None and not body.strip()) or (
                html_end is not None and html_end.search(body)
            ):
                spans.append((html_start, end))
                in_html = False
            continue
        if (body.startswith(("    ", "\t")) and body.strip()) and (prev_blank or prev_indented):
            # An indented code block (CommonMark): after a blank line, four spaces in.
            spans.append((start, end))
            prev_indented, prev_blank = True, False
            continue
        prev_indented = False
        prev_blank = not body.strip()
        m = _FENCE.match(body)
        if m and not (m.group(1)[0] == "`" and "`" in body[m.end() :]):
            fence, fence_start = m.group(1), start
            continue
        m = _HTML_BLOCK_RAW.match(body) or _HTML_BLOCK_MARKED.match(body)
        if m:
            opener = m.group(1)
            closer = _CLOSERS.get(opener) or (">" if opener.startswith("<!") else f"</{opener}>")
            html_end = re.compile(re.escape(closer), re.IGNORECASE)
            in_html, html_start = True, start
            if html_end.search(body, m.end()):
                spans.append((start, end))
                in_html = False
            continue
        if _HTML_BLOCK.match(body):
            html_end = None
            in_html, html_start = True, start
            continue
        if _REF_DEF.match(body):
            spans.append((start, end))
            continue
        spans.extend(_inline_spans(body, start))
    if fence is not None:
        spans.append((fence_start, pos))  # an unclosed fence runs to the end (CommonMark)
    if in_html:
        spans.append((html_start, pos))
    return _merged(spans)


def _inline_spans(line: str, offset: int) -> Iterable[tuple[int, int]]:
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]
    yield from ((offset + s, offset + e) for s, e in code)
    for rx in (_LINK_TARGET, _AUTOLINK, _INLINE_TAG):
        for m in rx.finditer(line):
            s, e = m.start(), m.end()
            if rx is _LINK_TARGET:
                s += 1  # the `]` belongs to the link text
            if not any(cs <= s < ce for cs, ce in code):
                yield offset + s, offset + e


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _touches(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps a span (an insertion point inside one counts)."""
    i = bisect.bisect_right(starts, s) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans):
            a, b = spans[j]
            if (s < b and a < e) or (s == e and a < s < b):
                return True
    return False


def protect_markup(
    doc: Document, findings: list[Finding], residue_codes: set[str]
) -> list[Finding]:
    """``findings`` of a Markdown document with markup left alone (see module doc)."""
    if not findings or not is_markdown(doc.path):
        return findings
    spans = doc.cache.get("markdown_markup")
    if spans is None:
        spans = protected_spans(doc.text)
        doc.cache["markdown_markup"] = spans
    if not spans:
        return findings
    starts = [s for s, _ in spans]
    base = doc.body_offset
    out: list[Finding] = []
    for f in findings:
        if f.code in residue_codes and _touches(spans, starts, f.start - base, f.end - base):
            continue
        if f.fix is not None and any(
            _touches(spans, starts, ed.start - base, ed.end - base) for ed in f.fix.edits
        ):
            f = f.model_copy(update={"fix": None})
        out.append(f)
    return out
