"""Split the sampled findings not judged yet into task files, one per judge.

    python bench/realtext/assign.py --groups "P101;P102;A2;A0,A1;M,SL,X;K,C,P"

Each group is a comma list of code prefixes; a judge takes one group, so the same person
judges a rule on every source (consistent verdicts). Per (source, code) at most ``--cap``
findings of the sample are assigned (error-level rules: ``--cap-error``). Task files go
to ``bench/out/realtext/tasks/<n>.jsonl``; judges append their verdicts to
``bench/out/realtext/judged/<n>.jsonl`` and ``merge.py`` folds those into
``judgments.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judging
from run import OUT


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", required=True)
    ap.add_argument("--cap", type=int, default=12)
    ap.add_argument("--cap-error", type=int, default=30)
    ap.add_argument("--cap-doc-level", type=int, default=15, help="P101/P102 per source")
    args = ap.parse_args()
    judged = judging.load_judgments()
    groups = [[p.strip() for p in g.split(",") if p.strip()] for g in args.groups.split(";")]
    tasks: list[list[dict[str, object]]] = [[] for _ in groups]
    for f in sorted((OUT / "samples").glob("*/*.jsonl")):
        rows = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x]
        rows = [r for r in rows if r["key"] not in judged]
        if not rows:
            continue
        code = rows[0]["code"]
        # The longest matching prefix decides the group.
        best = max(
            ((len(p), i) for i, g in enumerate(groups) for p in g if code.startswith(p)),
            default=None,
        )
        if best is None:
            continue
        cap = args.cap
        if code in ("P101", "P102"):
            cap = args.cap_doc_level
        elif any(r["severity"] == "error" for r in rows):
            cap = args.cap_error
        tasks[best[1]].extend(rows[:cap])
    out = OUT / "tasks"
    out.mkdir(parents=True, exist_ok=True)
    (OUT / "judged").mkdir(exist_ok=True)
    for i, rows in enumerate(tasks, 1):
        with (out / f"{i}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"task {i} ({','.join(groups[i - 1])}): {len(rows)} findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
