"""Inline suppression comments in Markdown and HTML documents.

Where people write notes in a page, they write HTML comments, so a finding can be
waived next to the text it concerns:

    <!-- seedlint-disable K101, A201: the spam list is quoted in a study of SEO spam -->
    ...lines whose K101 and A201 findings are waived...
    <!-- seedlint-enable -->

    <!-- seedlint-disable-next-line M111: the entity is the subject of the sentence -->
    a line whose M111 findings are waived

They become waivers like those of the document's metadata (``seedlint: waive:``), with
the same rules: a code (or prefix) and a reason are required, a comment without a reason
is itself a finding (SL007), and one that waives nothing is reported as stale (SL008).
``seedlint-enable`` ends every open block; a block without one runs to the end of the
document. Only Markdown and HTML files are read for them: in plain text and JSONL records
an HTML comment is not how people annotate, and could be scraped page debris.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from seedlint.document import Document

SUFFIXES = (".md", ".markdown", ".html", ".htm")

_DIRECTIVE = re.compile(
    r"<!--\s*seedlint-(?P<kind>disable-next-line|disable|enable)\b"
    r"(?P<codes>[^:>\n]{0,200}?)\s*(?::(?P<reason>[^\n]{0,500}?))?\s*-->"
)
"""Bounded: an unclosed comment on a long line costs a bounded scan, not the line."""


def inline_waivers(doc: Document) -> list[dict[str, Any]]:
    """Waivers from the document's ``seedlint-disable`` comments, in waiver form with a
    ``lines`` range (file lines, inclusive) and the comment's line as ``inline``."""
    if not doc.path.lower().endswith(SUFFIXES):
        return []
    source = _source(doc)
    if source is None or "seedlint-" not in source[0]:  # the common case: one scan
        return []
    text, line_of = source
    out: list[dict[str, Any]] = []
    open_blocks: list[dict[str, Any]] = []
    last_line = line_of(len(text))
    for m in _DIRECTIVE.finditer(text):
        line = line_of(m.start())
        kind = m.group("kind")
        if kind == "enable":
            for w in open_blocks:
                w["lines"][1] = line
            open_blocks = []
            continue
        codes = [c for c in re.split(r"[\s,]+", m.group("codes").strip()) if c]
        reason = (m.group("reason") or "").strip()
        span = [line + 1, line + 1] if kind == "disable-next-line" else [line, last_line]
        for code in codes or [""]:
            w = {"code": code, "reason": reason, "lines": list(span), "inline": line}
            out.append(w)
            if kind == "disable":
                open_blocks.append(w)
    return out


def _source(doc: Document) -> tuple[str, Callable[[int], int]] | None:
    """The text the comments are written in, and its offset -> file line mapping: the
    body of a Markdown file; the markup of an HTML page, whose comments are not among
    the text nodes the rules read (its findings' lines are file lines too)."""
    if doc.container == "file":
        return doc.text, lambda offset: doc.position(offset)[0]
    if doc.container == "html" and doc.raw is not None:
        try:
            markup = doc.raw.decode(doc.encoding, errors="replace")
        except LookupError:
            return None
        if markup.startswith("\ufeff"):
            markup = markup[1:]
        starts = [0]
        find = markup.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return markup, lambda offset: bisect.bisect_right(starts, offset)
    return None


def with_inline_waivers(doc: Document) -> dict[str, Any] | None:
    """The document's ``seedlint`` metadata with its inline waivers added (None when it has
    neither), without changing the document's own metadata."""
    meta = doc.metadata.get("seedlint") if "seedlint" in doc.metadata else None
    inline = inline_waivers(doc)
    if not inline:
        return meta
    merged: dict[str, Any] = dict(meta) if isinstance(meta, dict) else {}
    waive = merged.get("waive")
    merged["waive"] = [*(waive if isinstance(waive, list) else []), *inline]
    return merged
