"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

GitHub shows these as annotations on the pull request's diff. Property values and
messages are escaped as the workflow-command syntax requires (``%``, CR, LF, and in
properties also ``:`` and ``,``).
"""

from __future__ import annotations

from seedlint.model import Report
from seedlint.reporters import RenderContext

_CMD = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, ctx: RenderContext) -> str:
    out = []
    for f in report.findings:
        if f.waived or f.baselined:
            continue
        props = (
            f"file={_prop(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_prop(f'{f.code} {f.name}')}"
        )
        out.append(f"::{_CMD[f.severity.value]} {props}::{_data(f'{f.code} {f.message}')}")
    return "".join(line + "\n" for line in out)
