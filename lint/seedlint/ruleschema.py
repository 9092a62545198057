"""The YAML rule format, as pydantic models: the one place it is defined.

A rule file is ``{rules: [RuleSpec, ...]}`` (optionally with ``lexicons:`` naming shared
word lists). Unknown keys are errors everywhere, so a typo in a rule never silently
turns a check off.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from seedlint.model import Applicability, Category, Severity

CODE_RE = re.compile(r"^[A-Z]{1,3}[0-9]{3,4}$")


class Example(BaseModel):
    """A ``bad:`` example: the text, the fixed text when the rule fixes, the expected count."""

    model_config = ConfigDict(extra="forbid")

    text: str = ""
    fixed: str | None = None
    """Expected text after applying this rule's fixes (safe and unsafe) to a fixed point."""
    count: int | None = Field(default=None, ge=1)
    """Exact number of findings expected; default: at least one."""
    metadata: dict[str, Any] | None = None
    """Document metadata (as front matter or JSONL fields would give)."""
    corpus: list[str] | None = None
    """For corpus-wide rules: several documents, the first is ``text``'s neighbours."""


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bad: list[Example] = Field(default_factory=list)
    good: list[Example] = Field(default_factory=list)

    @field_validator("bad", "good", mode="before")
    @classmethod
    def _strings_are_texts(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [{"text": x} if isinstance(x, str) else x for x in v]
        return v


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    code: str
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    category: Category
    severity: Severity = Severity.WARNING
    message: str
    description: str = ""
    """What the rule finds and why it matters: printed by ``seedlint explain``."""
    help: str = ""
    """How to fix or waive a finding: shown with every finding."""
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    fix: Applicability = Applicability.NONE
    enabled: bool = True
    paths: list[str] = Field(default_factory=list)
    """Globs the rule is limited to (default: everywhere)."""
    exclude_paths: list[str] = Field(default_factory=list, alias="exclude-paths")
    examples: Examples = Field(default_factory=Examples)

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError("code must be 1-3 capital letters then 3-4 digits, e.g. M101")
        return v

    @field_validator("category", mode="before")
    @classmethod
    def _public_category(cls, v: Any) -> Any:
        if v == Category.INPUT.value:
            raise ValueError("category 'input' is reserved for seedlint's own input findings")
        return v

    @model_validator(mode="after")
    def _examples_present(self) -> RuleSpec:
        if not self.examples.bad:
            raise ValueError("a rule needs at least one 'bad' example")
        return self


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[RuleSpec]
