"""``pattern``: a regular expression; each match is a finding, optionally with a fix.

The cheapest useful kind, and the one most user rules are written in. ``requires``
lists literal strings of which at least one must occur before the regex runs at all:
the one-pass prefilter that keeps clean documents cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from seedlint.detectors._regex import (
    FlagName,
    SkipSpans,
    compile_regex,
    finditer,
    gate_literals,
    match_data,
)
from seedlint.document import Document
from seedlint.model import Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec


class PatternParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regex: str
    flags: list[FlagName] = Field(default_factory=list)
    group: int | str = 0
    """The group whose span is reported (and replaced by a fix)."""
    replacement: str | None = None
    """Fix: ``re`` expansion template (``\\1``, ``\\g<name>``) for the reported group."""
    requires: list[str] = Field(default_factory=list)
    """Prefilter: skip the regex unless one of these literals occurs in the text."""
    skip: str | None = None
    """Regex for spans left alone (URLs, list lines): a match whose reported span starts
    inside one is ignored. Compiled with the same ``flags``."""


@register
class PatternDetector(Detector):
    kind = "pattern"
    Params = PatternParams

    def __init__(self, rule: RuleSpec, params: PatternParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        self.regex: re.Pattern[str] = compile_regex(params.regex, params.flags)
        group = params.group
        if isinstance(group, int) and group > self.regex.groups:
            raise ValueError(f"group {group} but the regex has {self.regex.groups} groups")
        if isinstance(group, str) and group not in self.regex.groupindex:
            raise ValueError(f"group {group!r} is not a named group of the regex")
        if params.replacement is not None:
            try:
                self.regex.sub(params.replacement, "")
            except (re.error, IndexError, ValueError) as exc:  # regex raises its own errors
                raise ValueError(f"bad replacement {params.replacement!r}: {exc}") from None
        self.skip = compile_regex(params.skip, params.flags) if params.skip else None

    def triggers(self) -> Triggers | None:
        """``requires`` (``check`` reads nothing further without one of them), or else
        the literals every match of the regex contains."""
        p: PatternParams = self.params
        if p.requires:
            return None if "" in p.requires else Triggers(literals=tuple(p.requires))
        lits = gate_literals(p.regex, p.flags)
        return None if lits is None else Triggers(literals=lits)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: PatternParams = self.params
        text = doc.text
        if p.requires and not any(r in text for r in p.requires):
            return
        skip = SkipSpans(self.skip, doc) if self.skip is not None else None
        for m in finditer(self.regex, text):
            start, end = m.span(p.group)
            if start < 0 or (start == end and not p.replacement):
                continue
            if skip is not None and skip.covers(start):
                continue
            edits: list[Edit] | None = None
            if p.replacement is not None:
                # The template may use any group of the match; it replaces the reported
                # group's span only, so text outside that span is never touched.
                edits = [Edit(start=start, end=end, replacement=m.expand(p.replacement))]
            data: dict[str, Any] = match_data(m)
            yield Hit(start, end, data=data, edits=edits)
