"""JSON Lines: one finding per line, for streaming into other tools (jq, DuckDB)."""

from __future__ import annotations

from typing import IO

from seedlint.model import Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource

# JSON allows these raw inside strings, but Python's str.splitlines(), JavaScript's line
# terminators and many log readers split records on them: a finding whose message or
# snippet holds one would be read as two broken records.
_LINE_BREAKERS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    for f in source.findings():
        out.write((f.model_dump_json().translate(_LINE_BREAKERS) + "\n").encode("utf-8"))


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")
