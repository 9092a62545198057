"""The fact a figure becomes: ``Claim`` (region, metric, period, value), and the form
it takes in the report (``Claim.to_dict``, validated as ``ClaimRecord``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from seedlint.claims.catalog import Catalog
from seedlint.claims.times import Period
from seedlint.document import Document


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure: where, what, when, how much. Offsets are into the original text."""

    metric: str
    region: str | None
    period: Period | None
    value: float
    lo: float
    hi: float
    qualifier: str
    unit: str
    start: int
    end: int
    text: str
    derived_from: str | None = None
    """For a figure computed from a stated change: the change as written."""

    @property
    def key(self) -> tuple[str, str, str] | None:
        pk = self.period.key if self.period else None
        if self.region is None or pk is None:
            return None
        return (self.region, self.metric, pk)

    @property
    def exact(self) -> bool:
        return self.qualifier == "exact"

    def value_text(self) -> str:
        v = _fmt(self.value)
        if self.qualifier == "range":
            return f"{v}-{_fmt(self.hi)}{self.unit}"
        sym = {
            "gt": "more than ",
            "ge": "at least ",
            "lt": "less than ",
            "le": "at most ",
            "about": "about ",
            "about_le": "nearly ",
        }.get(self.qualifier, "")
        return f"{sym}{v}{self.unit}"

    def to_dict(
        self, doc: Document | None = None, catalog: Catalog | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "region": self.region,
            "metric": self.metric,
            "metric_label": (
                catalog.metrics[self.metric].label
                if catalog and self.metric in catalog.metrics
                else self.metric
            ),
            "period": self.period.to_dict() if self.period else None,
            "value": _jsonnum(self.value),
            "low": _jsonnum(self.lo),
            "high": _jsonnum(self.hi),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "comparable": self.key is not None,
        }
        if self.derived_from:
            out["derived_from"] = self.derived_from
        if doc is not None:
            out["line"], out["column"] = doc.position(self.start)
            out["end_line"], out["end_column"] = doc.position(self.end)
        return out


def _fmt(v: float) -> str:
    if math.isinf(v):
        return "∞"
    if v == int(v):
        return str(int(v))
    return f"{v:.6g}"


def _jsonnum(v: float) -> float | int | None:
    if math.isinf(v) or math.isnan(v):
        return None
    return int(v) if v == int(v) else v
