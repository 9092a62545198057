"""What a run keeps per document until the corpus passes: retained bytes, by allocation site.

Peak RSS at 1 GB of text takes a quarter of an hour of CPU to measure; what makes it grow
with the corpus can be seen on small corpora. This lints a corpus in this process (one
core, ``--no-cache``, the JSON report written, as ``bench_memory.py`` runs it) with
``tracemalloc`` on, and takes two snapshots: when the run's accumulator is made (the rule
pack is loaded) and when the corpus passes start (every document has been linted).
The difference is what the run holds for the corpus passes and the report; divided by the
number of documents it must stay flat (and small) as the corpus grows, or the run's
memory grows with the corpus.

    python bench/bench_retained.py bench/out/memory/dirty-10MB.jsonl \
        bench/out/memory/dirty-25MB.jsonl bench/out/memory/dirty-100MB.jsonl

Prints one JSON line per corpus: documents, retained bytes, bytes per document, and the
allocation sites that grew most (file:line, bytes, blocks).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

from bench_memory import check_args


def measure(corpus: Path, top: int) -> dict[str, Any]:
    from seedlint import cli, runner

    marks: dict[str, Any] = {}
    init, finish = runner.Accumulator.__init__, runner.Accumulator.finish

    def on_init(self: runner.Accumulator, *a: Any, **k: Any) -> None:
        init(self, *a, **k)
        marks["start"] = tracemalloc.take_snapshot()
        marks["start_bytes"] = tracemalloc.get_traced_memory()[0]

    def on_finish(self: runner.Accumulator, *a: Any, **k: Any) -> runner.RunResult:
        marks["end"] = tracemalloc.take_snapshot()
        marks["end_bytes"] = tracemalloc.get_traced_memory()[0]
        marks["documents"] = self.stats["documents"]
        return finish(self, *a, **k)

    runner.Accumulator.__init__ = on_init  # type: ignore[method-assign]
    runner.Accumulator.finish = on_finish  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tracemalloc.start(1)
            cli.main(check_args(corpus, Path(tmp), ("json",)))
            tracemalloc.stop()
    finally:
        runner.Accumulator.__init__ = init  # type: ignore[method-assign]
        runner.Accumulator.finish = finish  # type: ignore[method-assign]
    grown = marks["end"].compare_to(marks["start"], "lineno")
    retained = marks["end_bytes"] - marks["start_bytes"]
    docs = marks["documents"]
    return {
        "corpus": corpus.name,
        "documents": docs,
        "retained_bytes": retained,
        "bytes_per_document": round(retained / max(1, docs)),
        "sites": [
            {
                "site": f"{Path(s.traceback[0].filename).name}:{s.traceback[0].lineno}",
                "bytes": s.size_diff,
                "blocks": s.count_diff,
            }
            for s in grown[:top]
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--top", type=int, default=12, help="allocation sites to list")
    ns = ap.parse_args()
    for corpus in ns.corpora:
        if not corpus.is_file():
            raise SystemExit(f"no such corpus: {corpus}")
        print(json.dumps(measure(corpus, ns.top), ensure_ascii=False), flush=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
