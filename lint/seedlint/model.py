"""The public data model: findings, fixes and the versioned report.

Everything a downstream tool may read lives here, as pydantic models, so the
JSON Schema checked into the repository (``seedlint schema``) is generated from
the same classes that write the report. Changing a field here is a change of
the public format: bump ``REPORT_VERSION``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_VERSION = "1.0"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Category(str, Enum):
    MOJIBAKE = "mojibake"
    MIXED_SCRIPT = "mixed-script"
    KEYWORD_SPAM = "keyword-spam"
    PROVENANCE = "provenance"
    CONTRADICTION = "contradiction"
    ARTIFACT = "artifact"
    # Problems seedlint has with the input itself (unreadable file, bad JSONL line, waiver
    # without reason); they are findings so that a run never stops on one bad document.
    INPUT = "input"


class Applicability(str, Enum):
    """How far a fix may be trusted, ruff-style: ``safe`` fixes run with ``--fix``."""

    NONE = "none"
    UNSAFE = "unsafe"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return {"none": 0, "unsafe": 1, "safe": 2}[self.value]


class Edit(BaseModel):
    """Replace ``text[start:end]`` (code-point offsets into the text) by ``replacement``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Fix(BaseModel):
    applicability: Applicability
    description: str = ""
    edits: list[Edit] = Field(default_factory=list)
    # A file-level change: write the document back in this encoding (e.g. transcode GBK to
    # UTF-8, or drop a UTF-8 BOM by writing "utf-8" where it was read as "utf-8-sig").
    encoding: str | None = None


class ClaimRef(BaseModel):
    """A claim of some document: its document id and its ``ClaimRecord.id``."""

    model_config = ConfigDict(extra="forbid")

    document: str
    claim: str


class Finding(BaseModel):
    code: str
    name: str
    category: Category
    severity: Severity
    path: str
    document: str = Field(description="document id: the path, or path#record for JSONL records")
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    fingerprint: str
    fix: Fix | None = None
    # Byte offsets are not stable under re-encoding; code-point offsets into the document
    # text are what the fixer uses. Kept out of the schema's required set on purpose.
    start: int = 0
    end: int = 0
    snippet: str = ""
    help: str = ""
    baselined: bool = False
    waived: str | None = Field(default=None, description="waiver reason when waived")
    claim: str | None = None
    """For a finding about a stated figure: the ``ClaimRecord.id`` it is on (C101-C104)."""
    other_claim: ClaimRef | None = None
    """The claim this one conflicts with, when the finding names one (C101, C104): a
    review page marks exactly these claims contradicted, not whatever overlaps the span."""


class AppliedFix(BaseModel):
    """One change made by ``--fix``: enough to trace the fixed text back to the original."""

    code: str
    document: str
    kind: Literal["edit", "encoding"] = "edit"
    """``edit``: text[start:end] was ``before`` and became ``after``, offsets into the text as
    it was at that moment, so replaying the list in order reproduces the fixed file.
    ``encoding``: the file was rewritten from encoding ``before`` to ``after``."""
    line: int
    column: int
    start: int
    end: int
    before: str
    after: str
    applicability: Applicability


class ClaimPeriod(BaseModel):
    """When a claimed figure applies, as the extraction read it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["day", "window", "asof", "span", "current"]
    """day: a whole day; window: part of a day (0-18时); asof: a total at a moment;
    span: several days; current: as of publication (never compared)."""
    text: str
    """The time expression as written."""
    key: str | None = None
    """What two claims must share to be compared (``day:2022-11-21``); None: not comparable."""
    start: str | None = None
    """ISO date the period starts (or the moment's day)."""
    end: str | None = None
    """ISO date a span ends."""
    hours: list[int | None] | None = None
    """A window's first and last hour."""
    hour: int | None = None
    """An asof moment's hour (absent: the end of the day)."""


class ClaimRecord(BaseModel):
    """One figure a document states: a metric of a region over a period.

    ``start`` and ``end`` are code-point offsets into the document's body, the text
    seedlint reads (after YAML front matter; a JSONL record's text field), never into
    the file; ``line``/``column`` (1-based, code points) place that offset in the file,
    as a finding's position does.
    """

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    """Unique within the document (``c1``, ``c2``, ...): findings name claims by it."""
    region: str | None = None
    """Canonical region name; None when the text does not say, or says "everywhere but X"."""
    metric: str
    """Metric id from the metric YAML (``new_local_confirmed``)."""
    metric_label: str | None = None
    period: ClaimPeriod | None = None
    value: float | int | None = None
    low: float | int | None = None
    """The interval the figure allows (a bound such as 超6000例 is open on one side)."""
    high: float | int | None = None
    qualifier: str = "exact"
    """exact, gt, ge, lt, le or about."""
    unit: str = ""
    text: str = ""
    """The claim's span in the body: the metric term and its figure."""
    start: int = Field(default=0, ge=0)
    end: int = Field(default=0, ge=0)
    comparable: bool = False
    """Region, metric and period all known: the claim takes part in C101/C104."""
    derived_from: str | None = None
    """For a figure computed from a change (较29日减少863例): the text it comes from."""
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


class DocumentReport(BaseModel):
    path: str
    document: str
    sha256: str | None = Field(default=None, description="SHA-256 of the bytes read")
    encoding: str | None = None
    status: Literal["ok", "unreadable", "skipped", "fixed"] = "ok"
    reason: str | None = None
    sha256_after: str | None = None
    fixes: list[AppliedFix] = Field(default_factory=list)
    provenance: dict[str, Any] = Field(default_factory=dict)
    claims: list[ClaimRecord] = Field(default_factory=list)


class BaselineStatus(BaseModel):
    path: str
    matched: int = 0
    stale: list[dict[str, Any]] = Field(default_factory=list)


class Summary(BaseModel):
    documents: int = 0
    findings: int = 0
    by_category: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)
    by_code: dict[str, int] = Field(default_factory=dict)
    fixed: int = 0
    waived: int = 0
    baselined: int = 0


class Report(BaseModel):
    report_version: str = REPORT_VERSION
    tool: Literal["seedlint"] = "seedlint"
    tool_version: str
    config_digest: str
    findings: list[Finding] = Field(default_factory=list)
    documents: list[DocumentReport] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    baseline: BaselineStatus | None = None
    fail_level: Severity = Severity.ERROR
