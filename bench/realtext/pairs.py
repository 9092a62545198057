"""Cross-article checks on real bulletins: faithful republications and one-figure edits.

    python bench/realtext/pairs.py            # needs bench/out/realtext/xwlb (run.py extracts it)
    python bench/realtext/pairs.py --limit 400

C101 compares figures across documents, and the real sources rarely hold two reports of
one quantity. This script builds them from the CCTV bulletin transcripts (source
``xwlb``), in ``bench/out/realtext/pairs/`` (ignored by git: the texts are never
committed):

* **faithful**: every sampled bulletin published by a second outlet unchanged. Any C101
  or C102 error in that corpus is a false alarm on text that agrees with itself (or a
  real disagreement between two different bulletins, which the script lists to judge).
* **altered**: the second outlet's copy has one figure (a number followed by 例) changed.
  Recall is the share of altered figures that C101 reports at the changed figure (a
  finding whose span holds it: the copies also disagree where the bulletins of
  consecutive days do, and those findings are not this one). It is
  given over every altered figure and over those the extractor reads as a comparable
  claim in the original (region, metric and period known), by the figure's place in its
  paragraph (first sentence or later) and by metric.

A bulletin is a story with a figure in 例 and a 24时 cut-off (the health commissions'
daily wording). The sample is every such story in id order, up to ``--limit``; the
altered figure is chosen by a hash of the story id, so runs are repeatable.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "bench" / "out" / "realtext"
FIGURE = re.compile(r"(?<![\d.])(\d{1,7})(?=例)")
BULLETIN = re.compile(r"24\s*时")


def bulletins(limit: int) -> list[dict[str, Any]]:
    src = OUT / "xwlb" / "stories.jsonl"
    if not src.exists():
        sys.exit(f"{src} is missing: run `python bench/realtext/run.py --only xwlb` first")
    out = []
    with src.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = rec["text"]
            if "确诊" in text and BULLETIN.search(text) and FIGURE.search(text):
                out.append(rec)
    out.sort(key=lambda r: r["id"])
    return out[:limit]


def lint(folder: Path) -> list[dict[str, Any]]:
    report = folder / "report.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "seedlint",
            str(folder),
            "--select",
            "C101,C102,C103,C104",
            "--no-cache",
            "--output-format",
            "json",
            "--output-file",
            str(report),
        ],
        check=False,
        cwd=folder,
    )
    findings: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return findings


def write(folder: Path, name: str, recs: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # The pairs live in an ignored folder (the texts are never committed): walk it anyway.
    (folder / "seedlint.yaml").write_text("respect-gitignore: false\n", encoding="utf-8")
    with (folder / name).open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def second_outlet(rec: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "b-" + rec["id"],
        "date": rec["date"],
        "url": "https://news.example.org/" + rec["id"] + ".html",
        "text": text,
    }


def pick(rec: dict[str, Any]) -> re.Match[str] | None:
    figures = list(FIGURE.finditer(rec["text"]))
    if not figures:
        return None
    h = int(hashlib.sha256(rec["id"].encode()).hexdigest(), 16)
    return figures[h % len(figures)]


def place(text: str, i: int) -> str:
    """``first`` when offset i is in its paragraph's first sentence, else ``later``."""
    para = text.rfind("\n", 0, i) + 1
    return "later" if any(c in "。！？" for c in text[para:i]) else "first"


def comparable_claims(rec: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, end, metric) of the claims the extractor reads in the original with a key."""
    from seedlint.claims import analysis_for, catalog_of
    from seedlint.testing import make_doc, ruleset_for

    global _CATALOG
    if _CATALOG is None:
        _CATALOG = catalog_of(ruleset_for(["C101"]).rules)
    assert _CATALOG is not None
    meta = {k: v for k, v in rec.items() if k != "text"}
    doc = make_doc(rec["text"], path="a.jsonl", metadata=meta)
    return [(c.start, c.end, c.metric) for c in analysis_for(doc, _CATALOG).claims if c.key]


_CATALOG: Any = None


def _covers(f: dict[str, Any], at: tuple[int, int]) -> bool:
    """Whether finding ``f``'s span holds the (line, column) ``at``."""
    line, col = at
    start = (f["line"], f["column"])
    end = (f.get("end_line") or f["line"], f.get("end_column") or f["column"] + 1)
    return start <= (line, col) < end


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=400)
    args = ap.parse_args()
    recs = bulletins(args.limit)
    base = OUT / "pairs"

    # Faithful republications.
    faithful = base / "faithful"
    write(faithful, "a.jsonl", recs)
    write(faithful, "b.jsonl", [second_outlet(r, r["text"]) for r in recs])
    fs = lint(faithful)
    errors = Counter(f["code"] for f in fs if f["severity"] == "error")
    codes = Counter(f["code"] for f in fs)
    print(f"faithful: {len(recs)} bulletins under two outlets; findings {dict(codes)}")
    print(f"  errors: C101 {errors['C101']}, C102 {errors['C102']}")
    for f in fs:
        if f["code"] in ("C101", "C102") and f["severity"] == "error":
            print(f"  {f['code']} {f['document']}:{f['line']} {f['message'][:160]}")

    # One figure altered in the second outlet's copy.
    altered = base / "altered"
    changed: dict[str, tuple[str, str | None]] = {}
    where: dict[str, tuple[int, int]] = {}  # (line, column) of the altered figure, 1-based
    b_recs = []
    for r in recs:
        m = pick(r)
        if m is None:
            continue
        v = int(m.group(1))
        nv = v + max(1, v // 10) if v < 10**6 else v + 1000
        text = r["text"][: m.start()] + str(nv) + r["text"][m.end() :]
        b = second_outlet(r, text)
        b_recs.append(b)
        metric = next((mt for cs, ce, mt in comparable_claims(r) if cs <= m.start() < ce), None)
        changed[b["id"]] = (place(r["text"], m.start()), metric)
        where[b["id"]] = (
            text.count("\n", 0, m.start()) + 1,
            m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1,
        )
    write(altered, "a.jsonl", recs)
    write(altered, "b.jsonl", b_recs)
    fs = lint(altered)
    found: set[str] = set()
    for f in fs:
        if f["code"] != "C101":
            continue
        doc = f["document"].rsplit("#", 1)[-1]
        # At the changed figure: a finding elsewhere in the copy is another disagreement
        # (bulletins of consecutive days that differ on their own), not this one found.
        if doc in changed and _covers(f, where[doc]):
            found.add(doc)
    n = len(changed)
    share = len(found) / max(n, 1)
    print(f"altered: {n} copies with one figure changed; C101 reports {len(found)} ({share:.2f})")
    readable = {k: v for k, v in changed.items() if v[1] is not None}
    hits = sum(1 for k in readable if k in found)
    print(f"  figures read as a comparable claim in the original: {hits}/{len(readable)}")
    for label, idx in (("place in paragraph", 0), ("metric", 1)):
        total: Counter[str] = Counter()
        hit: Counter[str] = Counter()
        for bid, v in readable.items():
            total[str(v[idx])] += 1
            hit[str(v[idx])] += bid in found
        print(f"  by {label}: " + ", ".join(f"{k} {hit[k]}/{total[k]}" for k in sorted(total)))
    missed = [k for k in readable if k not in found]
    for k in missed[:15]:
        print(f"  missed: {k} {readable[k]}")


if __name__ == "__main__":
    main()
