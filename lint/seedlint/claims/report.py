"""``seedlint claims``: the facts of a corpus, printed for people or as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from seedlint.claims.binding import analysis_for
from seedlint.claims.catalog import Catalog, load_catalog
from seedlint.claims.claim import Claim


def describe_claims(claims: Iterable[Claim]) -> list[str]:
    """One line per claim, for debugging and the ``claims`` command's text output."""
    out = []
    for c in claims:
        per = c.period.describe() if c.period else "(no period)"
        out.append(f"{c.region or '?'} | {c.metric} | {per} | {c.value_text()} | {c.text}")
    return out


# --------------------------------------------------------------------------- listing


def catalog_of(rules: Iterable[Any]) -> Catalog | None:
    """The catalog of the first rule whose detector reads claims (config-aware)."""
    for r in rules:
        cat = getattr(getattr(r, "detector", None), "catalog", None)
        if isinstance(cat, Catalog):
            return cat
    return None


def claims_report(
    paths: list[Path], cfg: Any, root: Path
) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[str]]:
    """Every document's claims under the configured catalog, and the paths not found.

    Used by ``seedlint claims``: the same extraction the rules run, without the rules.
    """
    from seedlint.engine import RuleSet, source_options
    from seedlint.rules import builtin_rules_dir
    from seedlint.sources import discover, read_file

    ruleset = RuleSet.from_config(cfg)
    catalog = catalog_of(ruleset.rules) or catalog_of(ruleset.all_rules)
    if catalog is None:
        lex = builtin_rules_dir() / "lexicons"
        catalog = load_catalog((lex / "metrics_zh.yaml",), (lex / "regions_zh.yaml",))
    opts = source_options(cfg)
    files, missing = discover(paths, root, opts)
    rows: list[tuple[str, list[dict[str, Any]]]] = []
    for f in files:
        sf = read_file(f, root, opts)
        for doc in sf.documents:
            a = analysis_for(doc, catalog)
            rows.append((doc.doc_id, [c.to_dict(doc, catalog) for c in a.claims]))
    return rows, missing


def format_claims(
    rows: list[tuple[str, list[dict[str, Any]]]], fmt: str = "text", comparable_only: bool = False
) -> str:
    """Claims as an aligned text table, TSV, or JSON (one object per document)."""
    import json

    def keep(c: dict[str, Any]) -> bool:
        return bool(c.get("comparable")) or not comparable_only

    if fmt == "json":
        data = [{"document": d, "claims": [c for c in cs if keep(c)]} for d, cs in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    header = ["document", "line:col", "region", "metric", "period", "value", "text"]
    table: list[list[str]] = []
    for doc_id, cs in rows:
        for c in cs:
            if not keep(c):
                continue
            per = c.get("period")
            pkey = (per.get("key") or f"({per['kind']}: {per['text']})") if per else "-"
            q = c["qualifier"]
            value = f"{c['value']}{c['unit']}" + ("" if q == "exact" else f" [{q}]")
            if c.get("derived_from"):
                value += " [derived]"
            table.append(
                [
                    doc_id,
                    f"{c.get('line', '?')}:{c.get('column', '?')}",
                    c.get("region") or "?",
                    c["metric"],
                    pkey,
                    value,
                    c["text"].replace("\n", " ").replace("\t", " "),
                ]
            )
    if fmt == "tsv":
        return "".join("\t".join(r) + "\n" for r in [header, *table])
    widths = [max(_width(r[i]) for r in [header, *table]) for i in range(len(header) - 1)]
    lines = []
    for r in [header, *table]:
        cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    n_docs = sum(1 for _, cs in rows if any(keep(c) for c in cs))
    lines.append(f"{len(table)} claim(s) in {n_docs} of {len(rows)} document(s)")
    return "\n".join(lines) + "\n"


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in s)
