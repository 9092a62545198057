"""JSON Lines: one finding per line, for streaming into other tools (jq, DuckDB)."""

from __future__ import annotations

from seedlint.model import Report
from seedlint.reporters import RenderContext


def render(report: Report, ctx: RenderContext) -> str:
    return "".join(f.model_dump_json() + "\n" for f in report.findings)
