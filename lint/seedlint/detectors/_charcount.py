"""Counting the characters of a class without a list of them.

``len(rx.findall(text))`` builds a list of one string per match before counting it; for
a class of Han or non-ASCII characters on one huge line (a 20 MB page with no line
break) that is seven million one-character strings, over half a gigabyte held for a
moment by a detector that only wanted a number. Here the same regex counts window by
window, so at most one window's matches exist at a time.
"""

from __future__ import annotations

import re

WINDOW = 1 << 16
"""Characters searched per ``findall``: its list stays a few megabytes at most."""


def count_chars(rx: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> int:
    """``len(rx.findall(text, start, end))`` for a pattern that matches exactly one
    character with no lookaround or anchor (a character class), so cutting the text into
    windows finds the same matches as one search."""
    stop = len(text) if end is None else min(end, len(text))
    if stop - start <= WINDOW:
        return len(rx.findall(text, start, stop))
    return sum(len(rx.findall(text, i, min(i + WINDOW, stop))) for i in range(start, stop, WINDOW))


def distinct_chars(rx: re.Pattern[str], text: str) -> set[str]:
    """``set(rx.findall(text))`` for a one-character class, window by window (see
    ``count_chars``)."""
    if len(text) <= WINDOW:
        return set(rx.findall(text))
    out: set[str] = set()
    for i in range(0, len(text), WINDOW):
        out.update(rx.findall(text, i, i + WINDOW))
    return out
