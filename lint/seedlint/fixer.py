"""The fixer: apply non-overlapping edits to a fixed point, write atomically.

Guarantees (each pinned by tests):

* only the reported spans change; everything else, line endings and the absence of
  a final newline included, is preserved because edits are applied to the decoded
  text and the rest is re-encoded in the encoding it was read with;
* a file is only rewritten when re-encoding its decoded text gives back exactly the
  bytes that were read (otherwise seedlint did not fully understand it);
* a fix whose new text the file's encoding cannot hold (a no-break space in a Big5
  file) is not applied: the finding stays, says why, and carries no fix, unless an
  encoding fix (M101) moves the file to UTF-8 in the same run;
* fixes never empty a document that had text (a page of nothing but debris is left
  for a person to judge);
* overlapping edits are never applied together: the first (by position) wins and the
  rest wait for the next round, after the document is linted again;
* the write goes to a temporary file in the same folder, is flushed and fsynced, takes
  the original's mode, and replaces the original with an atomic rename.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from seedlint.config import is_fixable
from seedlint.containerfix import atomic_stream
from seedlint.document import Document
from seedlint.engine import DocResult, RuleSet, lint_document, waived_in_metadata
from seedlint.fixguard import keep_content, prefer_repairs
from seedlint.htmltext import looks_like_html
from seedlint.model import Applicability, AppliedFix, Finding
from seedlint.sources import HTML_SUFFIXES, decode, looks_binary, split_front_matter

FIXABLE_CONTAINERS = frozenset({"file", "compressed", "jsonl", "parquet"})
"""Containers whose documents ``--fix`` rewrites (records through ``containerfix``)."""
MAX_ROUNDS = 64
"""Rounds of lint-and-fix before giving up on a fixed point. A fix may reveal another
(``&amp;amp;nbsp;`` loses one level of escaping per round, then the no-break space
becomes a space, then a gloss it hid is removed), so a second ``--fix`` would change
the file again if the loop stopped early; ten rounds were not enough for text escaped
ten times. A fix that undoes another ends the loop as soon as a text repeats."""


@dataclass
class FixOutcome:
    doc: Document
    result: DocResult
    applied: list[AppliedFix] = field(default_factory=list)
    encoding: str | None = None
    """The encoding to write in, when a fix changed it."""

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def _allowed(f: Finding, level: Applicability, ruleset: RuleSet) -> bool:
    return (
        f.fix is not None
        and f.fix.applicability.rank >= level.rank
        and not f.waived
        and is_fixable(ruleset.cfg, f.code)
    )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] == b[0] == b[1]:
        return True  # two insertions at one point: their order would be a guess
    return a[0] < b[1] and b[0] < a[1]


class _Taken:
    """Spans already claimed by chosen fixes, sorted; an overlap query is a bisection.

    Taken spans never overlap one another, so sorted by (start, end) their ends never
    decrease either: of the spans that start before a query's end, only the last can
    reach past the query's start. (Comparing each span with every taken one was
    quadratic: 14,000 fixes in a 436 KB page took minutes.)
    """

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, span: tuple[int, int]) -> bool:
        a, b = span
        i = bisect.bisect_left(self.spans, (b, -1))  # first span starting at or after b
        if i > 0 and _overlaps(self.spans[i - 1], span):
            return True
        # two insertions at one point (the only overlap of spans starting at b)
        return a == b and i < len(self.spans) and self.spans[i] == span

    def add(self, span: tuple[int, int]) -> None:
        if not self.spans or span >= self.spans[-1]:
            self.spans.append(span)  # fixes are chosen in text order: the usual case
        else:
            bisect.insort(self.spans, span)


def choose_fixes(findings: list[Finding], level: Applicability, ruleset: RuleSet) -> list[Finding]:
    """Fixes that can be applied together: no edit of one overlaps an edit of another."""
    taken = _Taken()
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        if not _allowed(f, level, ruleset):
            continue
        assert f.fix is not None
        spans = [(e.start, e.end) for e in f.fix.edits]
        if any(taken.overlaps(s) for s in spans):
            continue
        inner = sorted(spans)
        if any(_overlaps(inner[i], inner[i + 1]) for i in range(len(inner) - 1)):
            continue
        for s in spans:
            taken.add(s)
        chosen.append(f)
    return chosen


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _holds(f: Finding, encoding: str) -> bool:
    """Whether the file, in ``encoding``, can hold the new text of ``f``'s fix."""
    if f.fix is None or f.fix.encoding:
        return True
    return all(_encodable(e.replacement, encoding) for e in f.fix.edits)


def _explain_unencodable(findings: list[Finding], encoding: str) -> None:
    """A fix the file's encoding cannot hold is withdrawn, and the finding says why."""
    for f in findings:
        if f.fix is None or _holds(f, encoding):
            continue
        f.fix = None
        f.message += (
            f" (not fixed: the file is {encoding}, which cannot hold the fixed text;"
            " transcode it to UTF-8 first, as M101's fix does)"
        )


def _encode_raw(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, errors="replace")  # never reached by applied fixes


def rebuilt(doc: Document, body: str, encoding: str | None) -> Document:
    return Document(
        path=doc.path,
        text=body,
        doc_id=doc.doc_id,
        metadata=doc.metadata,
        encoding=encoding or doc.encoding,
        encoding_confidence=1.0 if encoding else doc.encoding_confidence,
        encoding_alternatives=[] if encoding else doc.encoding_alternatives,
        had_bom=doc.had_bom and encoding is None,
        head=doc.head,
        line_offset=doc.line_offset,
        container=doc.container,
        record=doc.record,
        raw=None if doc.raw is None else _encode_raw(doc.head + body, encoding or doc.encoding),
        origin_encoding=doc.origin_encoding or (doc.encoding if encoding else None),
    )


def fix_document(
    doc: Document, ruleset: RuleSet, level: Applicability, first: DocResult | None = None
) -> FixOutcome:
    """Lint, apply what may be applied, lint again, to a fixed point.

    When the rounds do not settle (a text comes back: fixes that undo each other; or
    MAX_ROUNDS pass with the text still changing, as when a fix keeps growing what it
    fixes; or a rule grows the text round after round, found after ``GROWTH_ROUNDS``),
    the whole fix starts over without the rules that were still fixing: their
    findings stay reported, without a fix, and the result is a fixed point, so a second
    ``--fix`` changes nothing."""
    result = first if first is not None else lint_document(doc, ruleset)
    excluded: set[str] = set()
    for _ in range(4):
        out, unsettled = _fix_rounds(doc, ruleset, level, result, excluded)
        if not unsettled or unsettled <= excluded:
            break
        excluded |= unsettled
    for f in out.result.findings:
        if f.code in excluded and f.fix is not None:
            f.fix = None
            f.message += " (not fixed: this rule's fixes kept changing the text, round after round)"
    _explain_unencodable(out.result.findings, out.encoding or out.doc.encoding)
    return out


def _fix_rounds(
    doc: Document,
    ruleset: RuleSet,
    level: Applicability,
    result: DocResult,
    excluded: set[str],
) -> tuple[FixOutcome, set[str]]:
    """The fix loop; returns the outcome and the codes still fixing when it had to stop
    without reaching a fixed point (empty when it settled)."""
    out = FixOutcome(doc=doc, result=result)
    if doc.container not in FIXABLE_CONTAINERS:
        return out, set()
    seen = {hash((doc.encoding, doc.text)): 0}
    rounds: list[set[str]] = []  # the codes each round applied
    lengths = [len(doc.text)]  # the text's length after each round
    last: set[str] = set()
    for _ in range(MAX_ROUNDS):
        # A finding waived in the document's metadata is kept on purpose: never fixed,
        # not even with --unsafe-fixes.
        # A fix whose text the file's encoding cannot hold waits: an encoding fix of
        # this round may move the file to UTF-8, and then it applies next round.
        target = out.encoding or out.doc.encoding
        open_findings = [
            f
            for f in out.result.findings
            if f.code not in excluded and not waived_in_metadata(f, out.doc) and _holds(f, target)
        ]
        # Repair beats deletion, and no round may leave the document empty (fixguard).
        chosen = choose_fixes(prefer_repairs(open_findings, level), level, ruleset)
        chosen = keep_content(chosen, out.doc)
        last = {f.code for f in chosen}
        rounds.append(last)
        if not chosen:
            break
        full = out.doc.head + out.doc.text
        edits = []
        new_encoding: str | None = None
        for f in chosen:
            assert f.fix is not None
            if f.fix.encoding:
                new_encoding = f.fix.encoding
            for e in f.fix.edits:
                edits.append((e.start, e.end, e.replacement, f))
        changed_text = False
        applied_before = len(out.applied)
        # Applied from the end, so each edit's offsets hold in the text as it is when it
        # applies (what AppliedFix records); the new text is joined once from pieces
        # (splicing it edit by edit copied the whole text per edit).
        pieces: list[str] = []
        cursor = len(full)
        for start, end, repl, f in sorted(edits, key=lambda t: (t[0], t[1]), reverse=True):
            before = full[start:end]
            if before == repl:
                continue
            pieces.append(full[end:cursor])
            pieces.append(repl)
            cursor = start
            changed_text = True
            line, col = out.doc.position(start - out.doc.body_offset)
            assert f.fix is not None
            out.applied.append(
                AppliedFix(
                    code=f.code,
                    document=doc.doc_id,
                    line=line,
                    column=col,
                    start=start,
                    end=end,
                    before=before,
                    after=repl,
                    applicability=f.fix.applicability,
                )
            )
        if changed_text:
            pieces.append(full[:cursor])
            full = "".join(reversed(pieces))
        body = full[out.doc.body_offset :]
        if (
            changed_text
            and out.doc.text
            and (not body or (out.doc.text.strip() and not body.strip()))
        ):
            # Fixes never empty a document: text made only of debris (`&nbsp;` runs,
            # stray tags, control characters) is reported, and a person decides.
            del out.applied[applied_before:]
            break
        if new_encoding and new_encoding != out.doc.encoding:
            f0 = next(f for f in chosen if f.fix is not None and f.fix.encoding)
            out.applied.append(
                AppliedFix(
                    code=f0.code,
                    document=doc.doc_id,
                    line=1,
                    column=1,
                    start=0,
                    end=0,
                    kind="encoding",
                    before=out.doc.encoding,
                    after=new_encoding,
                    applicability=f0.fix.applicability if f0.fix else Applicability.SAFE,
                )
            )
            out.encoding = new_encoding
        elif not changed_text:
            break
        out.doc = rebuilt(out.doc, full[out.doc.body_offset :], new_encoding)
        out.result = lint_document(out.doc, ruleset)
        state = hash((out.doc.encoding, out.doc.text))
        if state in seen:  # a text came back: the fixes of the cycle undo each other
            return out, set().union(*rounds[seen[state] :])
        seen[state] = len(rounds)
        lengths.append(len(out.doc.text))
        growing = _growing(rounds, lengths)
        if growing:  # a rule keeps growing its own output: it would never settle
            return out, growing
    else:
        return out, last  # still changing after MAX_ROUNDS
    return out, set()


GROWTH_ROUNDS = 4
"""Rounds in a row in which the same rule fixed and the text grew: such a rule is
growing its own output (a repair that re-reads what it wrote), and is dropped at once
rather than after ``MAX_ROUNDS`` slow rounds. Fixes that reveal more to fix (nested
entities, repeated glosses) shrink the text."""


def _growing(rounds: list[set[str]], lengths: list[int]) -> set[str]:
    """The codes that fixed in each of the last ``GROWTH_ROUNDS`` rounds, when the text
    grew in each of them (empty otherwise)."""
    if len(rounds) < GROWTH_ROUNDS or len(lengths) <= GROWTH_ROUNDS:
        return set()
    tail = lengths[-GROWTH_ROUNDS - 1 :]
    if any(b <= a for a, b in itertools.pairwise(tail)):
        return set()
    return set.intersection(*rounds[-GROWTH_ROUNDS:])


class WriteRefused(Exception):
    """The file is not rewritten: seedlint could not reproduce its bytes exactly."""


def encode_for_write(original: Document, fixed: Document, encoding: str | None) -> bytes:
    """The bytes to write, after checking the original round-trips through its encoding."""
    if original.raw is None:
        raise WriteRefused("no raw bytes were kept for this document")
    enc = original.encoding
    if encoding is None and (original.encoding_alternatives or original.encoding_confidence < 0.9):
        # The encoding was a guess with rivals: editing text we may have mis-decoded
        # could corrupt it. Only an explicit encoding fix (gated by its own
        # applicability) may rewrite such a file.
        raise WriteRefused(
            f"its encoding was guessed as {enc} (confidence {original.encoding_confidence:.2f}"
            f"; also possible: {', '.join(original.encoding_alternatives) or 'none'})"
        )
    try:
        same = (original.head + original.text).encode(enc) == original.raw
        if not same and encoding not in (None, enc) and enc in ("utf-16", "utf-32"):
            # Transcoding a big-endian BOM file: it decoded exactly, only Python's encoder
            # would pick the machine's byte order, so compare the text, not the bytes.
            same = original.raw.decode(enc) == original.head + original.text
        if not same:
            raise WriteRefused(f"decoding as {enc} and encoding back does not give the same bytes")
        data = (fixed.head + fixed.text).encode(encoding or enc)
    except (UnicodeEncodeError, LookupError) as exc:
        raise WriteRefused(f"cannot encode as {encoding or enc}: {exc}") from None
    problem = _reads_back_as_another_document(original, fixed, data)
    if problem:
        raise WriteRefused(problem)
    return data


def _reads_back_as_another_document(original: Document, fixed: Document, data: bytes) -> str:
    """Why the written bytes would not read back as the fixed document ("" when they do).

    A fix changes bytes the encoding detector and the readers look at: a legacy-encoded
    file may then be detected as another encoding, a text may start to look like front
    matter, a plain-text ``.html`` file like a page. A file that would read back as
    something else is not written (the next run would report, and fix, another text)."""
    text = fixed.head + fixed.text
    if looks_binary(data):
        # a UTF-16 text holding U+0000 transcoded to UTF-8 gets a NUL byte: read as binary
        return "the fixed bytes would read back as a binary file"
    dec = decode(data)
    if dec is None or dec.text != text:
        as_what = "undecodable" if dec is None else f"{dec.encoding} text"
        return f"the fixed bytes would read back as {as_what}, not as the fixed text"
    if split_front_matter(text)[1] != len(fixed.head):
        return "the fix would move where the front matter ends"
    if original.path.lower().endswith(HTML_SUFFIXES) and looks_like_html(text):
        return "the fix would make the file read as an HTML page"
    return ""


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, keep the mode, rename over the original; a
    read-only file is refused (``containerfix.atomic_stream``)."""
    with atomic_stream(path) as fh:
        fh.write(data)
