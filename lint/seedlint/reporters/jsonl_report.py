"""JSON Lines: one finding per line, for streaming into other tools (jq, DuckDB)."""

from __future__ import annotations

from seedlint.model import Report
from seedlint.reporters import RenderContext

# JSON allows these raw inside strings, but Python's str.splitlines(), JavaScript's line
# terminators and many log readers split records on them: a finding whose message or
# snippet holds one would be read as two broken records.
_LINE_BREAKERS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def render(report: Report, ctx: RenderContext) -> str:
    return "".join(f.model_dump_json().translate(_LINE_BREAKERS) + "\n" for f in report.findings)
