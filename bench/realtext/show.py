"""Print an extracted document with line numbers, as seedlint reads it (for judges).

    python bench/realtext/show.py SOURCE DOCUMENT [LINE] [--around N] [--meta]

DOCUMENT is the finding's document (``stories.jsonl#2020-03-01-04`` or ``page.html``);
LINE centres the window (default: the whole document, up to 400 lines).
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import OUT

from seedlint.config import load_config
from seedlint.engine import source_options
from seedlint.sources import read_file


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("document")
    ap.add_argument("line", type=int, nargs="?")
    ap.add_argument("--around", type=int, default=15)
    ap.add_argument("--meta", action="store_true", help="print the metadata too")
    args = ap.parse_args()
    folder = OUT / args.source
    path = folder / args.document.split("#", 1)[0]
    opts = source_options(load_config(folder / "seedlint.yaml"))
    docs = read_file(path, folder, opts).documents
    doc = next((d for d in docs if d.doc_id == args.document), None)
    if doc is None:
        print(f"no document {args.document} in {args.source}", file=sys.stderr)
        return 2
    if args.meta:
        print(json.dumps(doc.metadata, ensure_ascii=False, default=str)[:2000])
        print(f"(encoding {doc.encoding}; line numbers count from {doc.line_offset + 1})")
    lines = doc.text.split("\n")
    # An HTML page's text lines are numbered by the file line each starts on (findings
    # point into the markup).
    numbers = [i + 1 + doc.line_offset for i in range(len(lines))]
    if doc.source_map is not None:
        numbers = [doc.position(s)[0] for s in doc.line_starts]
    lo, hi = 0, min(len(lines), 400)
    if args.line is not None:
        i = bisect.bisect_right(numbers, args.line) - 1 if doc.source_map else args.line - 1
        i = max(i - doc.line_offset if doc.source_map is None else i, 0)
        lo, hi = max(0, i - args.around), min(len(lines), i + args.around + 1)
    for i in range(lo, hi):
        print(f"{numbers[i]:6d}| {lines[i][:1000]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
