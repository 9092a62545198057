"""Reporters, one module per output format; each exposes ``render(report, ctx)``, which
returns text, or UTF-8 bytes when the format is produced as bytes (JSON: a 100 MB report
is not decoded only to be encoded again on its way to a file)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seedlint.model import Report

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


def renderer(fmt: str) -> Renderer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    mod = importlib.import_module(f"seedlint.reporters.{fmt}_report")
    fn: Renderer = mod.render
    return fn
