"""Shared helpers for regex-based kinds: flag parsing, validated compilation, and a time
budget for every search.

The regexes of rule files (``pattern``, ``substitution``) are written by users, and a
rule file can come with a contribution: a pattern with catastrophic backtracking
(``(a+)+$``, ``(\\w+\\s?)+$``) on a long line would hang the run forever under ``re``.
They are compiled with the ``regex`` module instead (in its ``re``-compatible V0 mode),
whose searches take a timeout: a search that runs over its budget raises
``RegexTimeout``, which the engine reports as SL009 for that rule and document while the
other rules go on.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, cast

import regex

if TYPE_CHECKING:
    from seedlint.document import Document

FlagName = Literal["IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"]

BUDGET_BASE_S = 2.0
BUDGET_PER_MB_S = 2.0
"""A search may take 2 s plus 2 s per MB of text: a sane regex scans well over 10 MB/s,
so only runaway backtracking reaches it."""


class RegexTimeout(Exception):
    """A rule's regex ran over its time budget on a document."""


def any_substring_re(words: Iterable[str]) -> re.Pattern[str]:
    """A regex whose ``search(text)`` matches exactly when one of ``words`` is a
    substring of ``text`` (never, for no words).

    ``any(w in text for w in words)`` runs one string search per word; the alternation
    is one pass, in which ``re`` skips to the positions holding a first character of
    some word: about ten times faster for fifty words on a short document.
    """
    alts = sorted({re.escape(w) for w in words})
    return re.compile("|".join(alts)) if alts else _NEVER


_NEVER = re.compile(r"(?!)")


def budget(text: str) -> float:
    return BUDGET_BASE_S + BUDGET_PER_MB_S * len(text) / 1e6


def compile_regex(pattern: str, flags: list[FlagName] | None = None) -> re.Pattern[str]:
    value = regex.VERSION0
    for name in flags or []:
        value |= getattr(regex, name)
    try:
        re.compile(pattern, sum(getattr(re, n) for n in flags or []))  # the documented syntax
        return cast("re.Pattern[str]", regex.compile(pattern, value))
    except (re.error, regex.error) as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


_CASELESS = re.compile(r"\(\?[aiLmsux-]*i")


def gate_literals(pattern: str, flags: list[FlagName] | None = None) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, for the engine's gate
    (``registry.Triggers``); None when they cannot be read off the pattern.

    A caseless pattern (the flag, or an inline ``(?i``) matches other spellings of its
    literals, so it has none here.
    """
    if "IGNORECASE" in (flags or []) or _CASELESS.search(pattern):
        return None
    from seedlint.detectors._webtext import required_literals

    value = 0
    for name in flags or []:
        value |= getattr(re, name)
    found = required_literals(pattern, value)
    if not found or "" in found:
        return None
    return tuple(found)


def finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` within the time budget of ``text`` (``RegexTimeout``)."""
    limit = budget(text)
    it: Iterator[re.Match[str]] = cast(Any, rx).finditer(text, timeout=limit)
    try:
        yield from it
    except TimeoutError:
        raise RegexTimeout(
            f"the regex {rx.pattern[:80]!r} ran over its time budget ({limit:.0f} s on "
            f"{len(text)} characters): catastrophic backtracking? simplify the pattern"
        ) from None


class BudgetedRegex:
    """A detector parameter's regex, every search of it within a time budget.

    Params such as label regexes, furniture regexes and the question pattern can be set
    by a config or a contributed rule file, so they are as hostile as a ``pattern``
    rule's regex. All searches of one regex on one document share that document's
    budget (the engine names the document with ``begin_document``): a runaway pattern
    searched line by line would otherwise take its budget on every line. A search past
    the budget raises ``RegexTimeout``, which the engine reports as SL009.
    """

    __slots__ = ("_deadline", "_rx", "_turn", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        try:
            re.compile(pattern, flags)  # the documented syntax, and its error messages
            self._rx: Any = regex.compile(pattern, _regex_flags(flags))
        except (re.error, regex.error) as exc:
            raise ValueError(f"bad regex {pattern!r}: {exc}") from None
        self.pattern = pattern
        self.flags = flags
        self._turn = -1
        self._deadline = 0.0

    def _timeout(self, text: str) -> float:
        doc, turn = _document
        if doc is None:
            return budget(text)
        now = time.monotonic()
        if turn != self._turn:
            # the first search of this rule's pass over the document opens its budget
            self._turn, self._deadline = turn, now + budget(doc)
        left = self._deadline - now
        if left <= 0:
            raise self._over(text)
        return left

    def _over(self, text: str) -> RegexTimeout:
        return RegexTimeout(
            f"the regex {self.pattern[:80]!r} ran over its time budget on this document "
            f"({len(text)} characters searched): catastrophic backtracking? simplify it"
        )

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._one(self._rx.search, text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._one(self._rx.match, text, pos)

    def _one(self, method: Any, text: str, pos: int) -> re.Match[str] | None:
        try:
            m = method(text, pos, timeout=self._timeout(text))
        except TimeoutError:
            raise self._over(text) from None
        return cast("re.Match[str] | None", m)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        try:
            yield from self._rx.finditer(text, timeout=self._timeout(text))
        except TimeoutError:
            raise self._over(text) from None


# The text of the rule pass under way, and that pass's number: a budget belongs to one
# pass, never to a text (the same text object is linted again in later passes, by a
# fix round or by another run in the same process, long after its first budget ran out).
_document: tuple[str | None, int] = (None, 0)


def begin_document(text: str | None) -> None:
    """A rule's pass over a document starts: its searches share the budget of ``text``."""
    global _document
    _document = (text, _document[1] + 1)


def _regex_flags(flags: int) -> int:
    value: int = regex.VERSION0
    for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"):
        if flags & int(getattr(re, name)):
            value |= int(getattr(regex, name))
    return value


def match_data(m: re.Match[str]) -> dict[str, str]:
    """Message-template values of a match: ``match``, ``g1``.., and every named group."""
    data = {"match": m.group(0)}
    for i, g in enumerate(m.groups(), start=1):
        data[f"g{i}"] = g or ""
    for k, v in m.groupdict().items():
        data[k] = v or ""
    return data


class SkipSpans:
    """The spans of a document a rule's ``skip`` regex leaves alone (URLs, list lines).

    Several rules skip the same spans (URLs), so the scan is shared through the
    document's cache, keyed by the regex; it runs only once a rule has a candidate, so a
    document without one never pays for it.
    """

    def __init__(self, rx: re.Pattern[str], doc: Document) -> None:
        self._rx = rx
        self._doc = doc
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a skipped span (spans are disjoint and sorted)."""
        if self._starts is None:
            key = f"skip-spans:{self._rx.flags}:{self._rx.pattern}"
            cached = self._doc.cache.get(key)
            if cached is None:
                spans = [m.span() for m in finditer(self._rx, self._doc.text)]
                cached = self._doc.cache[key] = ([a for a, _ in spans], [b for _, b in spans])
            self._starts, self._ends = cached
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]
