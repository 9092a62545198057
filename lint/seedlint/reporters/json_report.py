"""The JSON report: the pydantic ``Report`` model (see ``seedlint schema``), written one
finding and one document entry at a time.

The bytes are those of ``Report.model_dump_json(indent=2)`` plus a newline: the header is
the model dumped with empty lists, and each item is dumped alone and indented to its
depth (pydantic escapes line breaks inside strings, so every raw newline in an item's
dump is indentation). A document's claims are dumped one at a time too, after the
entry dumped without them (``claims`` is its last field): an entry can hold a hundred
thousand claims.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from pydantic import TypeAdapter

from seedlint.model import ClaimRecord, DocumentReport, Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import DocumentEntry, ReportSource

_REPORT = TypeAdapter(Report)
_FINDING = TypeAdapter(Finding)
_DOCUMENT = TypeAdapter(DocumentReport)
_CLAIM = TypeAdapter(ClaimRecord)
_NO_CLAIMS = b'"claims": []\n}'
_CLAIM_INDENT = b"\n        "
"""A claim's lines inside a document entry inside the report's list: depth 3."""
_FINDINGS = b'"findings": []'
_DOCUMENTS = b'"documents": []'


def _items(out: IO[bytes], blobs: Iterable[bytes]) -> None:
    """A JSON list at depth 1 of an indent-2 dump: ``[]``, or one item per line."""
    first = True
    for blob in blobs:
        out.write((b"[\n    " if first else b",\n    ") + blob.replace(b"\n", b"\n    "))
        first = False
    out.write(b"[]" if first else b"\n  ]")


def _documents(out: IO[bytes], entries: Iterable[DocumentEntry]) -> None:
    """The ``documents`` list: each entry dumped without its claims, then its claims
    one by one where the dump of the whole entry has them."""
    first = True
    for entry in entries:
        head = _DOCUMENT.dump_json(entry.report, indent=2).replace(b"\n", b"\n    ")
        out.write(b"[\n    " if first else b",\n    ")
        first = False
        if not entry.count:
            out.write(head)
            continue
        cut = len(head) - len(_NO_CLAIMS) - 4  # the closing brace was indented too
        if not head.endswith(_NO_CLAIMS.replace(b"\n", b"\n    ")):
            raise ValueError("a document entry's dump does not end with its claims")
        out.write(head[:cut] + b'"claims": [')
        sep = _CLAIM_INDENT
        for claim in entry.claims():
            out.write(sep + _CLAIM.dump_json(claim, indent=2).replace(b"\n", _CLAIM_INDENT))
            sep = b"," + _CLAIM_INDENT
        out.write(b"\n      ]\n    }")
    out.write(b"[]" if first else b"\n  ]")


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    head = _REPORT.dump_json(source.header, indent=2)
    a = head.index(_FINDINGS)
    b = head.index(_DOCUMENTS, a)
    out.write(head[:a] + b'"findings": ')
    _items(out, (_FINDING.dump_json(f, indent=2) for f in source.findings()))
    out.write(head[a + len(_FINDINGS) : b] + b'"documents": ')
    _documents(out, source.entries())
    out.write(head[b + len(_DOCUMENTS) :] + b"\n")


def render(report: Report, ctx: RenderContext) -> bytes:
    return held_bytes(write, report, ctx)
