"""Running rules on strings: what rule tests, rule examples and benchmarks call.

semgrep-style rule tests need a way to lint a text without files. These helpers build
in-memory documents and run exactly the engine and fixer the CLI runs.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from seedlint.config import Config
from seedlint.document import Document
from seedlint.engine import (
    RuleSet,
    assign_fingerprints,
    collect_into,
    finalize_corpus,
    lint_document,
)
from seedlint.fixer import fix_document
from seedlint.model import Applicability, AppliedFix, Finding
from seedlint.rules import LoadedRule, load_rules


@lru_cache(maxsize=8)
def _builtin(expected_script: str) -> tuple[LoadedRule, ...]:
    return tuple(load_rules(options={"expected-script": expected_script}))


def ruleset_for(
    codes: list[str] | None = None, expected_script: str = "any", **cfg: Any
) -> RuleSet:
    """The built-in rules (all of them, or ``codes``, enabled or not)."""
    config = Config.model_validate({"expected-script": expected_script, **cfg})
    rules = list(_builtin(expected_script))
    if codes is not None:
        rules = [r for r in rules if r.code in codes]
        config.select = list(codes)
    else:
        config.select = ["ALL"]
    return RuleSet(rules, config)


def make_doc(text: str, path: str = "doc.txt", metadata: dict[str, Any] | None = None) -> Document:
    return Document(path=path, text=text, metadata=dict(metadata or {}), raw=text.encode("utf-8"))


def check_text(
    text: str,
    codes: list[str] | None = None,
    metadata: dict[str, Any] | None = None,
    ruleset: RuleSet | None = None,
    path: str = "doc.txt",
) -> list[Finding]:
    """Per-document findings plus the corpus pass over this one document."""
    return check_corpus([text], codes, [metadata] if metadata else None, ruleset, [path])[0]


def check_corpus(
    texts: list[str],
    codes: list[str] | None = None,
    metadata: list[dict[str, Any] | None] | None = None,
    ruleset: RuleSet | None = None,
    paths: list[str] | None = None,
) -> list[list[Finding]]:
    """Findings per document for a small in-memory corpus, corpus-wide passes included."""
    rs = ruleset or ruleset_for(codes)
    docs = [
        make_doc(
            t,
            (paths or [])[i] if paths and i < len(paths) else f"doc{i}.txt",
            (metadata or [])[i] if metadata and i < len(metadata) else None,
        )
        for i, t in enumerate(texts)
    ]
    collected: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    per_doc: dict[str, list[Finding]] = {d.doc_id: [] for d in docs}
    for d in docs:
        res = lint_document(d, rs)
        per_doc[d.doc_id].extend(res.findings)
        collect_into(collected, d, res)
    for f in finalize_corpus(rs, collected, {d.doc_id: d for d in docs}):
        per_doc.setdefault(f.document, []).append(f)
    out = []
    for d in docs:
        fs = per_doc[d.doc_id]
        assign_fingerprints(fs)
        out.append(sorted(fs, key=lambda f: (f.start, f.code)))
    return out


def fix_text(
    text: str,
    codes: list[str] | None = None,
    level: Applicability = Applicability.SAFE,
    metadata: dict[str, Any] | None = None,
    ruleset: RuleSet | None = None,
) -> tuple[str, list[AppliedFix]]:
    """The text after applying fixes at ``level`` to a fixed point, and what was applied."""
    rs = ruleset or ruleset_for(codes)
    doc = make_doc(text, metadata=metadata)
    out = fix_document(doc, rs, level)
    return out.doc.text, out.applied
