"""Shared helpers for regex-based kinds: flag parsing and validated compilation."""

from __future__ import annotations

import re
from typing import Literal

FlagName = Literal["IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"]


def compile_regex(pattern: str, flags: list[FlagName] | None = None) -> re.Pattern[str]:
    value = 0
    for name in flags or []:
        value |= getattr(re, name)
    try:
        return re.compile(pattern, value)
    except re.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


def match_data(m: re.Match[str]) -> dict[str, str]:
    """Message-template values of a match: ``match``, ``g1``.., and every named group."""
    data = {"match": m.group(0)}
    for i, g in enumerate(m.groups(), start=1):
        data[f"g{i}"] = g or ""
    for k, v in m.groupdict().items():
        data[k] = v or ""
    return data
