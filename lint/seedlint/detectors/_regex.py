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

import re
from collections.abc import Iterator
from typing import Any, Literal, cast

import regex

FlagName = Literal["IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"]

BUDGET_BASE_S = 2.0
BUDGET_PER_MB_S = 2.0
"""A search may take 2 s plus 2 s per MB of text: a sane regex scans well over 10 MB/s,
so only runaway backtracking reaches it."""


class RegexTimeout(Exception):
    """A rule's regex ran over its time budget on a document."""


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


def match_data(m: re.Match[str]) -> dict[str, str]:
    """Message-template values of a match: ``match``, ``g1``.., and every named group."""
    data = {"match": m.group(0)}
    for i, g in enumerate(m.groups(), start=1):
        data[f"g{i}"] = g or ""
    for k, v in m.groupdict().items():
        data[k] = v or ""
    return data
