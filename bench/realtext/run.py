"""The real-text harness: lint public text that others wrote, sample findings for judging,
score judged precision and recall on positives found by reading.

    python bench/realtext/run.py                  # extract, lint, sample, write results
    python bench/realtext/run.py --only xwlb,gne   # some sources (the others keep their cells)
    python bench/realtext/run.py --results-only    # RESULTS.md from the committed files

Steps:
1. extract each source (``sources.py``) into ``bench/out/realtext/<source>/`` unless it is
   already there, in the form users hand to seedlint;
2. lint it with the default rule pack and default configuration, through the command
   line, to ``bench/out/realtext/<source>.report.json``;
3. per (source, code): documents, findings, severities; a fixed-seed sample of up to 30
   findings, written with context to ``bench/out/realtext/samples/<source>/<code>.jsonl``
   (and ``.md`` to read), marking those not judged yet;
4. which positives (``positives.jsonl``) each code reports;
5. ``run.json`` and ``RESULTS.md`` (``judging.py``).

A judge reads a sample file and appends lines to ``judgments.jsonl`` (see ``judging.py``
for the fields); ``run.py --results-only`` then refreshes the table.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import judging  # noqa: E402
from sources import REPO, SOURCES, Source, SourceMissing  # noqa: E402

OUT = REPO / "bench" / "out" / "realtext"
SAMPLE_SIZE = 30
CONTEXT_LINES = 1


def extract(src: Source, force: bool) -> tuple[Path, int]:
    folder = OUT / src.name
    stamp = folder / ".extracted.json"
    if not force and stamp.exists():
        meta = json.loads(stamp.read_text())
        if meta.get("commit") == src.commit:
            return folder, int(meta["documents"])
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    # Default configuration: this file stops the search for a config at the source's folder
    # (which git ignores: the texts are never committed, so the walk must not skip them).
    (folder / "seedlint.yaml").write_text("respect-gitignore: false\n")
    n = src.extract(src, folder)
    stamp.write_text(json.dumps({"commit": src.commit, "documents": n}))
    return folder, n


def lint(folder: Path, report: Path, jobs: int) -> float:
    report.unlink(missing_ok=True)
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "seedlint", ".", "--config", "seedlint.yaml", "--no-progress"]
    cmd += ["--no-cache", "--exit-zero", "--output-format", "json", "--output-file", str(report)]
    cmd += ["--jobs", str(jobs)]
    proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True)
    # Exit 2 with a report: some files were unreadable (reported as SL findings).
    if proc.returncode not in (0, 1, 2) or not report.exists():
        raise RuntimeError(f"seedlint failed on {folder.name}: {proc.stderr[-2000:]}")
    return time.perf_counter() - t0


class Texts:
    """The documents of an extracted source as seedlint reads them, by document id."""

    def __init__(self, folder: Path) -> None:
        from seedlint.config import load_config
        from seedlint.engine import source_options
        from seedlint.sources import discover, read_file

        opts = source_options(load_config(folder / "seedlint.yaml"))
        files, _ = discover([folder], folder, opts)
        self.docs: dict[str, Any] = {}
        for f in files:
            for d in read_file(f, folder, opts).documents:
                self.docs[d.doc_id] = d

    def span(self, document: str, f: dict[str, Any]) -> tuple[str, str, str]:
        """(matched text, context with the match in ⟦ ⟧, fixed context) of a finding."""
        d = self.docs.get(document)
        if d is None:
            return "", "", ""
        starts = d.line_starts
        text = d.text

        def off(line: int, col: int) -> int:
            i = min(max(line - 1 - d.line_offset, 0), len(starts) - 1)
            return min(starts[i] + col - 1, len(text))

        if getattr(d, "source_map", None) is not None:
            # An HTML page: lines and columns point into the markup, offsets into its text.
            s, e = min(f["start"], len(text)), min(f["end"], len(text))
            e = max(e, s)
            first = max(bisect.bisect_right(starts, s) - 1 - CONTEXT_LINES, 0)
            last = min(bisect.bisect_right(starts, e) - 1 + CONTEXT_LINES, len(starts) - 1)
        else:
            s, e = off(f["line"], f["column"]), off(f["end_line"], f["end_column"])
            e = max(e, s)
            first = max(f["line"] - 1 - d.line_offset - CONTEXT_LINES, 0)
            last = min(f["end_line"] - 1 - d.line_offset + CONTEXT_LINES, len(starts) - 1)
        c0 = starts[first]
        c1 = starts[last + 1] if last + 1 < len(starts) else len(text)
        if e - s > 600:
            shown = text[s : s + 300] + " … " + text[e - 300 : e]
        else:
            shown = text[s:e]
        ctx = text[max(c0, s - 400) : s] + "⟦" + shown + "⟧" + text[e : min(c1, e + 400)]
        fixed = ""
        fix = f.get("fix")
        if fix and fix.get("edits"):
            # Edits count from the start of the decoded file, front matter included.
            edits = [
                {**x, "start": x["start"] - d.body_offset, "end": x["end"] - d.body_offset}
                for x in fix["edits"]
            ]
            lo = min(x["start"] for x in edits)
            hi = max(x["end"] for x in edits)
            if hi - lo <= 2000:
                a0 = max(text.rfind("\n", 0, lo) + 1, lo - 300)
                a1 = text.find("\n", hi)
                a1 = len(text) if a1 == -1 else min(a1, hi + 300)
                piece = text[a0:a1]
                for x in sorted(edits, key=lambda x: -x["start"]):
                    piece = piece[: x["start"] - a0] + x["replacement"] + piece[x["end"] - a0 :]
                fixed = piece
            else:
                fixed = f"({len(edits)} edits over {hi - lo} characters)"
        return text[s:e], ctx, fixed


def file_span(d: Any, line: int, end_line: int) -> str:
    """Lines ``line``..``end_line`` of the document's file as seedlint numbers them: the
    body's lines after the front matter, or an HTML page's markup lines (its findings'
    lines are file lines; its text nodes are laid out differently)."""
    if d.container == "html" and d.raw is not None:
        markup = d.raw.decode(d.encoding, errors="replace").lstrip("\ufeff")
        return "\n".join(markup.split("\n")[line - 1 : end_line])
    lines = d.text.split("\n")
    return "\n".join(lines[line - 1 - d.line_offset : end_line - d.line_offset])


def _file_of(document: str) -> str:
    return document.split("#", 1)[0]


def positive_hits(
    source: str, texts: Texts, findings: list[dict[str, Any]], positives: dict[str, Any]
) -> tuple[dict[str, list[str]], list[str]]:
    mine = [p for p in positives.values() if p["source"] == source]
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_doc[f["document"]].append(f)
    found: dict[str, list[str]] = {}
    stale: list[str] = []
    for p in mine:
        d = texts.docs.get(p["document"])
        if d is None:
            stale.append(f"{p['id']}: document {p['document']} not in the extraction")
            continue
        if judging.span_hash(file_span(d, p["line"], p["end_line"])) != p["span_sha"]:
            stale.append(f"{p['id']}: lines {p['line']}-{p['end_line']} changed")
        codes = sorted(
            {
                f["code"]
                for f in by_doc.get(p["document"], ())
                if f["line"] <= p["end_line"] and f["end_line"] >= p["line"]
            }
        )
        found[p["id"]] = codes
    return found, stale


def rank(source: str, code: str, key: str) -> str:
    return hashlib.sha256(f"{source}:{code}:{key}".encode()).hexdigest()


def draw(source: str, code: str, keyed: list[Any], judgments: dict[str, Any]) -> list[Any]:
    """Up to SAMPLE_SIZE findings with distinct keys: those judged already, then the
    lowest-ranked by a fixed hash of the key (bottom-k). A rule change that adds or
    removes findings leaves the rest of the sample as it was, so the new unjudged ones
    are exactly the new findings that rank low enough."""
    first: dict[str, Any] = {}
    for item in keyed:
        first.setdefault(item[0], item)
    order = sorted(first, key=lambda k: (k not in judgments, rank(source, code, k)))
    return [first[k] for k in order[:SAMPLE_SIZE]]


def analyse(
    src: Source, folder: Path, report: Path, judgments: dict[str, Any], positives: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, list[str]], list[str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    findings = [f for f in data["findings"] if not f.get("waived")]
    texts = Texts(folder)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        groups[f["code"]].append(f)
    cells = []
    sample_dir = OUT / "samples" / src.name
    if sample_dir.exists():
        shutil.rmtree(sample_dir)
    sample_dir.mkdir(parents=True)
    for code, fs in sorted(groups.items()):
        keyed = []
        for f in fs:
            match, ctx, fixed = texts.span(f["document"], f)
            key = judging.finding_key(src.name, f["document"], code, match, f["line"])
            keyed.append((key, f, match, ctx, fixed))
        sample = draw(src.name, code, keyed, judgments)
        present = {k for k, *_ in keyed}
        rows = []
        for key, f, match, ctx, fixed in sample:
            j = judgments.get(key)
            rows.append(
                {
                    "key": key,
                    "source": src.name,
                    "document": f["document"],
                    "code": code,
                    "severity": f["severity"],
                    "line": f["line"],
                    "column": f["column"],
                    "message": f["message"],
                    "match": match[:300],
                    "context": ctx,
                    "fix_applicability": (f.get("fix") or {}).get("applicability"),
                    "fixed_context": fixed,
                    "file": _file_of(f["document"]),
                    "judged": j["verdict"] if j else None,
                }
            )
        with (sample_dir / f"{code}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        with (sample_dir / f"{code}.md").open("w", encoding="utf-8") as fh:
            for r in rows:
                mark = r["judged"] or "UNJUDGED"
                fh.write(f"## {r['key']} [{mark}] {r['document']}:{r['line']}:{r['column']}\n")
                fh.write(f"{code} {r['severity']}: {r['message']}\n\n{r['context']}\n")
                if r["fixed_context"]:
                    fh.write(f"\nfix ({r['fix_applicability']}) → {r['fixed_context']}\n")
                fh.write("\n")
        cells.append(
            {
                "source": src.name,
                "code": code,
                "severity": dict(Counter(f["severity"] for f in fs)),
                "findings": len(fs),
                "documents": len({f["document"] for f in fs}),
                "sample": sorted(r["key"] for r in rows),
                "judged_present": sorted(k for k in judgments if k in present),
            }
        )
    found, stale = positive_hits(src.name, texts, findings, positives)
    return cells, found, stale


def pack_digest() -> tuple[str, str]:
    import seedlint

    h = hashlib.sha256()
    for p in sorted((REPO / "rules").rglob("*.yaml")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16], seedlint.__version__


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", help="comma list of sources to run (others keep their cells)")
    ap.add_argument("--results-only", action="store_true", help="recompute RESULTS.md only")
    ap.add_argument("--re-extract", action="store_true", help="extract even if present")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    judgments = judging.load_judgments()
    positives = judging.load_positives()
    if args.results_only:
        print(judging.write_results())
        return 0

    only = set(args.only.split(",")) if args.only else None
    old = judging.load_run() if judging.RUN_JSON.exists() else None
    run: dict[str, Any] = {"sources": {}, "cells": [], "positives_found": {}}
    run["pack_digest"], run["version"] = pack_digest()
    OUT.mkdir(parents=True, exist_ok=True)
    for src in SOURCES:
        meta = {
            "covers": src.covers,
            "repo": src.repo,
            "commit": src.commit,
            "paths": src.paths,
            "form": src.form,
        }
        if only is not None and src.name not in only and old and src.name in old["sources"]:
            run["sources"][src.name] = old["sources"][src.name]
            run["cells"] += [c for c in old["cells"] if c["source"] == src.name]
            run["positives_found"].update(
                {
                    k: v
                    for k, v in old["positives_found"].items()
                    if positives.get(k, {}).get("source") == src.name
                }
            )
            continue
        try:
            folder, n = extract(src, args.re_extract)
        except SourceMissing as exc:
            print(f"{src.name}: skipped: {exc}")
            run["sources"][src.name] = {**meta, "status": "skipped", "reason": str(exc)}
            run["sources"][src.name]["documents"] = 0
            continue
        report = OUT / f"{src.name}.report.json"
        secs = lint(folder, report, args.jobs)
        cells, found, stale = analyse(src, folder, report, judgments, positives)
        run["sources"][src.name] = {**meta, "status": "ok", "documents": n}
        run["cells"] += cells
        run["positives_found"].update(found)
        nf = sum(c["findings"] for c in cells)
        print(f"{src.name}: {n} documents, {nf} findings, {len(cells)} codes, {secs:.1f} s")
        for s in stale:
            print(f"  stale positive {s}")
    judging.RUN_JSON.write_text(
        json.dumps(run, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    text = judging.write_results()
    unjudged = sum(c.unjudged_sampled for c in judging.cells(run, judgments))
    print(text)
    print(f"{unjudged} sampled findings not judged yet: see {OUT.relative_to(REPO)}/samples/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
