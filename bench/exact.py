"""Prove a speed change exact: snapshot what seedlint reports, then compare field by field.

A speed step (a prefilter, a gate, a memo) must change no finding. This script lints
inputs with the default pack in one process, no cache, and writes every finding (all
fields, its fix and fix edits included), every document entry (provenance, claims,
encoding, status) and the fixes ``--fix --unsafe-fixes`` would apply (``--diff``), as one
JSON file. Run it before the change (``snapshot``) and after (``compare``): any
difference is printed field by field, and the exit code is 1.

    python bench/exact.py snapshot bench/out/exact-before.json bench/out/bull-dir ...
    python bench/exact.py compare bench/out/exact-before.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from seedlint.config import Config, load_config
from seedlint.engine import RuleSet
from seedlint.model import Applicability
from seedlint.runner import RunOptions, run


def lint(path: Path) -> dict[str, Any]:
    """Findings, document entries and the diff of every fix, for one input path."""
    root = path if path.is_dir() else path.parent
    try:
        cfg = load_config(None, root)
    except Exception:  # no config found: the defaults
        cfg = Config()
    rs = RuleSet.from_config(cfg)
    res = run([path], rs, root, RunOptions(jobs=1))
    findings = [f.model_dump(mode="json") for f in res.report.findings]
    documents = [d.model_dump(mode="json") for d in res.report.documents]
    diff = run([path], rs, root, RunOptions(jobs=1, fix=Applicability.UNSAFE, diff=True))
    return {"findings": findings, "documents": documents, "diffs": diff.diffs}


def snapshot(paths: list[Path]) -> dict[str, Any]:
    return {str(p): lint(p) for p in paths}


def compare(before: dict[str, Any], after: dict[str, Any], limit: int = 20) -> list[str]:
    """The differences, one line each (at most ``limit`` per input and part)."""
    out: list[str] = []
    for path, old in before.items():
        new = after[path]
        for part in ("findings", "documents", "diffs"):
            a, b = old[part], new[part]
            shown = 0
            if len(a) != len(b):
                out.append(f"{path}: {part}: {len(a)} before, {len(b)} after")
            for i, (x, y) in enumerate(zip(a, b, strict=False)):
                if x == y:
                    continue
                shown += 1
                if shown > limit:
                    break
                if isinstance(x, dict) and isinstance(y, dict):
                    keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
                    for k in keys:
                        out.append(f"{path}: {part}[{i}].{k}: {x.get(k)!r} -> {y.get(k)!r}")
                else:
                    out.append(f"{path}: {part}[{i}] differs")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["snapshot", "compare"])
    ap.add_argument("file", type=Path)
    ap.add_argument("paths", nargs="*", type=Path)
    ns = ap.parse_args()
    if ns.mode == "snapshot":
        data = snapshot(ns.paths)
        ns.file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        n = sum(len(v["findings"]) for v in data.values())
        print(f"{len(data)} inputs, {n} findings -> {ns.file}")
        return
    before = json.loads(ns.file.read_text(encoding="utf-8"))
    after = snapshot([Path(p) for p in before])
    diffs = compare(before, after)
    n = sum(len(v["findings"]) for v in after.values())
    for line in diffs:
        print(line)
    print(f"{len(after)} inputs, {n} findings: " + ("IDENTICAL" if not diffs else "DIFFERENT"))
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
