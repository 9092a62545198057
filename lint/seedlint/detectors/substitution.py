"""``substitution``: a table of pattern -> replacement, every match fixable.

For character-level repairs that are a lookup, e.g. half-width punctuation between
Han characters mapped back to its full-width form. All keys are compiled into one
alternation, so the table costs one regex pass however long it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seedlint.detectors._regex import FlagName, SkipSpans, compile_regex, finditer, gate_literals
from seedlint.document import Document
from seedlint.model import Edit
from seedlint.registry import Detector, Hit, LoadContext, Triggers, register
from seedlint.ruleschema import RuleSpec


class SubstitutionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    table: dict[str, str]
    literal: bool = True
    """Keys are literal strings (True) or regexes (False)."""
    before: str | None = None
    """Regex that must match just before the key (a lookbehind; fixed width)."""
    after: str | None = None
    """Regex that must match just after the key (a lookahead)."""
    skip: str | None = None
    """Regex for spans left alone (URLs, e-mail addresses): a match inside one is ignored."""
    flags: list[FlagName] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)

    @field_validator("table")
    @classmethod
    def _non_empty(cls, v: dict[str, str]) -> dict[str, str]:
        if not v:
            raise ValueError("table must not be empty")
        if any(k == "" for k in v):
            raise ValueError("table keys must not be empty")
        return v


@register
class SubstitutionDetector(Detector):
    kind = "substitution"
    Params = SubstitutionParams

    def __init__(self, rule: RuleSpec, params: SubstitutionParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        keys = sorted(params.table, key=len, reverse=True)
        if params.literal:
            alts = "|".join(re.escape(k) for k in keys)
            self._subs: list[tuple[re.Pattern[str], str]] = []
        else:
            alts = "|".join(f"(?:{k})" for k in keys)
            self._subs = [(compile_regex(f"(?:{k})", params.flags), k) for k in keys]
        core = f"(?:{alts})"
        after = f"(?={params.after})" if params.after else ""
        pattern = (f"(?<={params.before})" if params.before else "") + core + after
        if params.before and params.literal and len({len(k) for k in keys}) == 1:
            # Same match, found faster: a pattern that starts with a lookbehind is tried
            # at every position, one that starts with the keys jumps from key to key.
            # Keys of one length keep the combined lookbehind fixed-width.
            pattern = f"{core}(?<=(?:{params.before}){core}){after}"
        self.regex = compile_regex(pattern, params.flags)
        self.skip = compile_regex(params.skip, params.flags) if params.skip else None
        self._core = core

    def triggers(self) -> Triggers | None:
        """Every match holds a key: a literal key itself (unless caseless), or one of
        the literals a regex key requires; ``requires`` when given (``check`` stops
        without one)."""
        p: SubstitutionParams = self.params
        if p.requires:
            return None if "" in p.requires else Triggers(literals=tuple(p.requires))
        if p.literal and "IGNORECASE" not in p.flags:
            return Triggers(literals=tuple(p.table))
        lits = gate_literals(self._core, p.flags)
        return None if lits is None else Triggers(literals=lits)

    def _replacement(self, text: str, found: re.Match[str]) -> str:
        table = self.params.table
        if self.params.literal:
            return str(table[found.group(0)])
        # Each key is matched in place (not on the matched string alone), so lookarounds
        # inside a key see the text around it.
        for rx, key in self._subs:
            m = rx.match(text, found.start())
            if m and m.end() == found.end():
                return m.expand(table[key])
        return found.group(0)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: SubstitutionParams = self.params
        text = doc.text
        if p.requires and not any(r in text for r in p.requires):
            return
        skip = SkipSpans(self.skip, doc) if self.skip is not None else None
        literal = p.literal
        table = p.table
        for m in finditer(self.regex, text):
            start, end = m.span()
            if start == end:
                continue
            if skip is not None and skip.covers(start):
                continue
            matched = m.group()
            repl = str(table[matched]) if literal else self._replacement(text, m)
            if repl == matched:
                continue
            yield Hit(
                start,
                end,
                data={"match": matched, "replacement": repl},
                edits=[Edit(start=start, end=end, replacement=repl)],
            )
