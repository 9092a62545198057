"""Repair beats deletion, and no fix leaves a document empty.

Two rules can claim the same text: M102 repairs a mojibake line that A201 would delete as
site furniture (the ``©`` it sees is part of the mojibake). Taking fixes by position gave
the deletion the win when it started first, and the repairable line was lost; in a
one-line document the document was left empty. So, before fixes are chosen each round:

* ``prefer_repairs``: a deletion (every edit removes text, none inserts any) that
  overlaps a repair allowed at this level waits; the repair is applied first and the
  document is linted again, after which the deletion may no longer apply;
* ``keep_content``: if the fixes chosen for a round would leave the body without a
  single non-space character, the deletions among them are not applied (a document
  made empty by a fix is data lost, whatever the rule thought of it).

``drop_emptying_fixes`` takes the fix off a deletion that on its own would empty the
document, so that "fixable" counts only fixes ``--fix`` will apply.
"""

from __future__ import annotations

from seedlint.config import Config, is_fixable
from seedlint.document import Document
from seedlint.model import Applicability, Finding


def is_deletion(f: Finding) -> bool:
    return (
        f.fix is not None
        and not f.fix.encoding
        and bool(f.fix.edits)
        and all(e.replacement == "" for e in f.fix.edits)
    )


def is_repair(f: Finding) -> bool:
    return f.fix is not None and (bool(f.fix.encoding) or any(e.replacement for e in f.fix.edits))


def prefer_repairs(findings: list[Finding], level: Applicability) -> list[Finding]:
    """``findings`` without the deletions that overlap a repair allowed at ``level``."""
    repairs = sorted(
        (e.start, e.end)
        for f in findings
        if is_repair(f) and f.fix is not None and f.fix.applicability.rank >= level.rank
        for e in f.fix.edits
    )
    if not repairs:
        return findings
    out = []
    for f in findings:
        if is_deletion(f) and f.fix is not None and _any_overlap(f, repairs):
            continue
        out.append(f)
    return out


def _any_overlap(f: Finding, spans: list[tuple[int, int]]) -> bool:
    assert f.fix is not None
    for e in f.fix.edits:
        for s, t in spans:  # few repairs per document; sorted, so stop past the edit
            if s >= e.end:
                break
            if s < e.end and e.start < t:
                return True
    return False


def _body_after(doc: Document, findings: list[Finding]) -> str:
    """The body with every edit of ``findings`` applied (edits do not overlap)."""
    base = doc.body_offset
    edits = sorted(
        (e.start - base, e.end - base, e.replacement)
        for f in findings
        if f.fix is not None
        for e in f.fix.edits
    )
    parts, pos = [], 0
    for s, t, r in edits:
        if s < pos:
            continue
        parts.append(doc.text[pos:s])
        parts.append(r)
        pos = t
    parts.append(doc.text[pos:])
    return "".join(parts)


def keep_content(chosen: list[Finding], doc: Document) -> list[Finding]:
    """``chosen`` without its deletions when together they would empty the body."""
    if not doc.text.strip() or not any(is_deletion(f) for f in chosen):
        return chosen
    if _body_after(doc, chosen).strip():
        return chosen
    return [f for f in chosen if not is_deletion(f)]


def drop_emptying_fixes(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Findings whose deletion alone would empty the document lose their fix."""
    if not doc.text.strip() or not any(is_deletion(f) for f in findings):
        return findings
    # A deletion shorter than the body's non-space characters cannot empty it: only the
    # rare long one is checked by applying it, so the pass stays linear.
    solid = len(doc.text) - sum(doc.text.count(c) for c in " \t\r\n\u3000\xa0")
    out = []
    for f in findings:
        assert f.fix is not None or not is_deletion(f)
        if (
            is_deletion(f)
            and f.fix is not None
            and sum(e.end - e.start for e in f.fix.edits) >= solid
            and not _body_after(doc, [f]).strip()
        ):
            f = f.model_copy(update={"fix": None})
        out.append(f)
    return out


def offered_fixes(doc: Document, findings: list[Finding], cfg: Config) -> list[Finding]:
    """Findings whose fix ``--fix`` would never apply lose it, so that "fixable" is
    honest: codes the config marks unfixable, and every fix of a file whose encoding was
    a guess with rivals and that has no encoding fix (the fixer refuses to write text it
    may have mis-decoded, see ``fixer.encode_for_write``)."""
    if not any(f.fix is not None for f in findings):
        return findings
    guessed = (
        doc.container in ("file", "compressed")
        and (bool(doc.encoding_alternatives) or doc.encoding_confidence < 0.9)
        and not any(f.fix is not None and f.fix.encoding for f in findings)
    )
    out = []
    for f in findings:
        if f.fix is not None and (guessed or not is_fixable(cfg, f.code)):
            f = f.model_copy(update={"fix": None})
        out.append(f)
    return out
