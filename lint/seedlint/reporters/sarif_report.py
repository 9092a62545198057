"""SARIF 2.1.0, as GitHub code scanning reads it.

One ``run`` with the rules actually reported as ``tool.driver.rules`` (id = code, with
name, descriptions and a help text), one ``result`` per finding. Columns are 1-based
code points with an exclusive end, which is what SARIF calls ``unicodeCodePoints``
(declared in ``columnKind``). Waived and baselined findings are kept with a
``suppressions`` entry, so reviewers can still see them.
"""

from __future__ import annotations

import json
from typing import IO, Any

from seedlint import __version__
from seedlint.model import Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(code: str, f: Finding, spec: object) -> dict[str, Any]:
    description = str(getattr(spec, "description", "") or f.message).strip()
    help_text = str(getattr(spec, "help", "") or f.help or "").strip()
    d: dict[str, Any] = {
        "id": code,
        "name": f.name,
        "shortDescription": {"text": description.split("\n")[0][:200] or f.name},
        "fullDescription": {"text": description or f.name},
        "defaultConfiguration": {"level": _LEVEL[f.severity.value]},
        "properties": {"category": f.category.value, "tags": [f.category.value]},
    }
    if help_text:
        d["help"] = {"text": help_text}
    return d


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": max(f.end_line, f.line),
        "endColumn": max(f.end_column, f.column + (1 if f.end_line == f.line else 0)),
    }
    if f.snippet:
        region["snippet"] = {"text": f.snippet}
    r: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "SRCROOT"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"seedlintFingerprint/v1": f.fingerprint},
        "properties": {"category": f.category.value, "document": f.document},
    }
    if f.fix is not None and f.fix.edits:
        r["fixes"] = [
            {
                "description": {"text": f.fix.description or f"{f.fix.applicability.value} fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "SRCROOT"},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "charOffset": e.start,
                                    "charLength": e.end - e.start,
                                },
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in f.fix.edits
                        ],
                    }
                ],
            }
        ]
    if f.waived:
        r["suppressions"] = [{"kind": "inSource", "justification": f.waived}]
    elif f.baselined:
        r["suppressions"] = [{"kind": "external", "justification": "in the seedlint baseline"}]
    return r


_RESULTS = "@@seedlint-sarif-results@@"
_RESULTS_INDENT = "\n        "


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    """``json.dumps`` of the whole log with ``indent=2``, results written one at a time
    (each dumped alone and indented to its depth: raw newlines in a dump are indentation).
    The rules are those of the findings, in the order their first finding comes."""
    tally = source.tally
    index: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    for code, ct in tally.codes.items():
        index[code] = len(descriptors)
        descriptors.append(_rule_descriptor(code, ct.first, ctx.rules.get(code)))
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "seedlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": ctx.root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": _RESULTS,
                "properties": {"configDigest": source.header.config_digest},
            }
        ],
    }
    text = json.dumps(sarif, ensure_ascii=False, indent=2)
    head, _, tail = text.partition(json.dumps(_RESULTS))
    out.write(head.encode("utf-8"))
    first = True
    for f in source.findings():
        item = json.dumps(_result(f, index[f.code]), ensure_ascii=False, indent=2)
        sep = "[" if first else ","
        out.write((sep + _RESULTS_INDENT + item.replace("\n", _RESULTS_INDENT)).encode("utf-8"))
        first = False
    out.write(("[]" if first else "\n      ]").encode("utf-8"))
    out.write((tail + "\n").encode("utf-8"))


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")
