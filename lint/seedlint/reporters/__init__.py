"""Reporters, one module per output format.

Each exposes ``write(source, ctx, out)``, which writes the report to the binary stream
``out`` in one pass over ``source`` (a ``spool.ReportSource``: the run's report on disk,
or a held ``Report``), so memory does not grow with the findings; and ``render(report,
ctx)``, the same bytes for a held ``Report``, returned as text (bytes for JSON: a large
report is not decoded only to be encoded again).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from seedlint.model import Report
from seedlint.spool import HeldReport, ReportSource

FORMATS = ["text", "json", "jsonl", "sarif", "github", "junit", "html"]


@dataclass
class RenderContext:
    root: Path
    color: bool = False
    show_fixes: bool = False
    statistics: bool = False
    rules: dict[str, object] = field(default_factory=dict)
    """code -> RuleSpec (or InputRule), for formats that describe rules (SARIF)."""
    extra: dict[str, object] = field(default_factory=dict)


Renderer = Callable[[Report, RenderContext], str | bytes]
Writer = Callable[[ReportSource, RenderContext, IO[bytes]], None]


def _module(fmt: str) -> Any:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    return importlib.import_module(f"seedlint.reporters.{fmt}_report")


def renderer(fmt: str) -> Renderer:
    fn: Renderer = _module(fmt).render
    return fn


def writer(fmt: str) -> Writer:
    fn: Writer = _module(fmt).write
    return fn


def held_bytes(write: Writer, report: Report, ctx: RenderContext) -> bytes:
    """What ``write`` writes for a report held in memory."""
    buf = io.BytesIO()
    write(HeldReport(report), ctx, buf)
    return buf.getvalue()
