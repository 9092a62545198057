"""The JSON report: the pydantic ``Report`` model, serialised as is (see ``seedlint schema``)."""

from __future__ import annotations

from seedlint.model import Report
from seedlint.reporters import RenderContext


def render(report: Report, ctx: RenderContext) -> str:
    return report.model_dump_json(indent=2) + "\n"
