"""One run over a set of paths: the pipeline the CLI drives.

sources -> per-document rules (and the fix loop) -> corpus passes -> waivers ->
baseline -> report. Kept apart from the CLI so tests and other front ends (pre-commit,
a notebook, a distributed backend) call the same thing.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedlint.baseline import apply_baseline, load_baseline
from seedlint.document import Document
from seedlint.engine import (
    RuleSet,
    apply_waivers,
    assign_fingerprints,
    collect_into,
    document_report,
    finalize_corpus,
    lint_document,
    new_report,
    problem_finding,
    source_options,
    summarize,
)
from seedlint.fixer import WriteRefused, atomic_write, encode_for_write, fix_document
from seedlint.inputrules import INPUT_RULES
from seedlint.model import Applicability, Finding, Report, Severity
from seedlint.sources import discover, read_file


@dataclass
class RunOptions:
    fix: Applicability | None = None
    """Apply fixes at or above this applicability (None: check only)."""
    diff: bool = False
    """Compute fixes but write nothing; collect unified diffs instead."""
    use_baseline: bool = True
    progress: Callable[[int, int], None] | None = None


@dataclass
class RunResult:
    report: Report
    diffs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    def exit_code(self) -> int:
        active = [f for f in self.report.findings if not f.waived and not f.baselined]
        if self.missing or self.write_errors:
            return 2
        if any(f.code in INPUT_RULES and INPUT_RULES[f.code].io_error for f in active):
            return 2
        level = self.report.fail_level.rank
        if any(f.severity.rank >= level for f in active):
            return 1
        if self.diffs:
            return 1
        return 0


def _diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def run(paths: list[Path], ruleset: RuleSet, root: Path, opts: RunOptions) -> RunResult:
    cfg = ruleset.cfg
    sopts = source_options(cfg)
    files, missing = discover(paths, root, sopts)
    report = new_report(ruleset)
    result = RunResult(report=report, missing=missing)
    collected: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    findings: list[Finding] = []
    docs: dict[str, Document] = {}
    for n, path in enumerate(files, start=1):
        sf = read_file(path, root, sopts)
        findings.extend(problem_finding(p) for p in sf.problems)
        if not sf.documents:
            report.documents.append(document_report(sf, None))
        for doc in sf.documents:
            res = lint_document(doc, ruleset)
            dr = document_report(sf, doc)
            if opts.fix is not None and doc.container == "file":
                outcome = fix_document(doc, ruleset, opts.fix, first=res)
                if outcome.changed:
                    try:
                        data = encode_for_write(doc, outcome.doc, outcome.encoding)
                    except WriteRefused as exc:
                        result.write_errors.append(f"{doc.path}: not rewritten: {exc}")
                    else:
                        if opts.diff:
                            result.diffs.append(
                                _diff(
                                    doc.path,
                                    doc.head + doc.text,
                                    outcome.doc.head + outcome.doc.text,
                                )
                            )
                        else:
                            try:
                                atomic_write(path, data)
                            except OSError as exc:
                                result.write_errors.append(
                                    f"{doc.path}: write failed, original kept: {exc}"
                                )
                            else:
                                dr.status = "fixed"
                                dr.sha256_after = hashlib.sha256(data).hexdigest()
                        dr.fixes = outcome.applied
                        doc = outcome.doc
                        res = outcome.result
                        dr = _refresh_facts(dr, doc)
            findings.extend(res.findings)
            collect_into(collected, doc, res)
            docs[doc.doc_id] = doc
            report.documents.append(dr)
        if opts.progress:
            opts.progress(n, len(files))
    findings.extend(finalize_corpus(ruleset, collected, docs))
    assign_fingerprints(findings)
    findings.extend(apply_waivers(findings, docs))
    assign_fingerprints(findings)
    if opts.use_baseline and cfg.baseline:
        bpath = cfg.resolve(cfg.baseline)
        if bpath.is_file():
            report.baseline = apply_baseline(
                findings,
                load_baseline(bpath),
                cfg.baseline,
                set(docs) | {d.document for d in report.documents},
            )
    findings.sort(key=lambda f: (f.path, f.document, f.line, f.column, f.code))
    report.findings = findings
    summarize(report)
    result.documents = docs
    return result


def _refresh_facts(dr: Any, doc: Document) -> Any:
    prov = doc.facts.get("provenance")
    if isinstance(prov, dict):
        dr.provenance = prov
    claims = doc.facts.get("claims")
    if isinstance(claims, list):
        dr.claims = claims
    return dr


class Progress:
    """A one-line progress bar on stderr, shown only on a TTY and after two seconds."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.t0 = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.t0 < 2.0:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def is_failure(f: Finding, fail_level: Severity) -> bool:
    return not f.waived and not f.baselined and f.severity.rank >= fail_level.rank
