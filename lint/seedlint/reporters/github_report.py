"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

GitHub shows these as annotations on the pull request's diff. Property values and
messages are escaped as the workflow-command syntax requires (``%``, CR, LF, and in
properties also ``:`` and ``,``).
"""

from __future__ import annotations

from typing import IO

from seedlint.model import Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource

_CMD = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    for f in source.findings():
        if f.waived or f.baselined:
            continue
        props = (
            f"file={_prop(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_prop(f'{f.code} {f.name}')}"
        )
        line = f"::{_CMD[f.severity.value]} {props}::{_data(f'{f.code} {f.message}')}\n"
        out.write(line.encode("utf-8"))


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")
