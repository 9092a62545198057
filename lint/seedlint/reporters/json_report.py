"""The JSON report: the pydantic ``Report`` model (see ``seedlint schema``), written one
finding and one document entry at a time.

The bytes are those of ``Report.model_dump_json(indent=2)`` plus a newline: the header is
the model dumped with empty lists, and each item is dumped alone and indented to its
depth (pydantic escapes line breaks inside strings, so every raw newline in an item's
dump is indentation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from pydantic import TypeAdapter

from seedlint.model import DocumentReport, Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource

_REPORT = TypeAdapter(Report)
_FINDING = TypeAdapter(Finding)
_DOCUMENT = TypeAdapter(DocumentReport)
_FINDINGS = b'"findings": []'
_DOCUMENTS = b'"documents": []'


def _items(out: IO[bytes], blobs: Iterable[bytes]) -> None:
    """A JSON list at depth 1 of an indent-2 dump: ``[]``, or one item per line."""
    first = True
    for blob in blobs:
        out.write((b"[\n    " if first else b",\n    ") + blob.replace(b"\n", b"\n    "))
        first = False
    out.write(b"[]" if first else b"\n  ]")


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    head = _REPORT.dump_json(source.header, indent=2)
    a = head.index(_FINDINGS)
    b = head.index(_DOCUMENTS, a)
    out.write(head[:a] + b'"findings": ')
    _items(out, (_FINDING.dump_json(f, indent=2) for f in source.findings()))
    out.write(head[a + len(_FINDINGS) : b] + b'"documents": ')
    _items(out, (_DOCUMENT.dump_json(d, indent=2) for d in source.documents()))
    out.write(head[b + len(_DOCUMENTS) :] + b"\n")


def render(report: Report, ctx: RenderContext) -> bytes:
    return held_bytes(write, report, ctx)
