"""The JSON report: the pydantic ``Report`` model, serialised as is (see ``seedlint schema``)."""

from __future__ import annotations

from pydantic import TypeAdapter

from seedlint.model import Report
from seedlint.reporters import RenderContext

_REPORT = TypeAdapter(Report)


def render(report: Report, ctx: RenderContext) -> bytes:
    """``report.model_dump_json(indent=2)`` plus a newline, as the UTF-8 bytes pydantic
    produces (no round trip through ``str``)."""
    return _REPORT.dump_json(report, indent=2) + b"\n"
