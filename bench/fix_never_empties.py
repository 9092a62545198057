"""No document emptied by ``--fix``, with or without ``--unsafe-fixes``, on real corpora.

Issue 16's target: after any fix run, on every corpus in ``../shared/corpora/`` and every
real-text source the harness extracts (``bench/out/realtext/<source>/``), no document
that held text holds none. The fixer refuses such a fix (``fixguard``); this script
checks the promise end to end, through the command line users run:

1. copy the corpus to a temporary folder (the originals are never touched);
2. read every document seedlint reads there (plain files, Markdown, HTML pages, JSONL,
   compressed files), by document id;
3. run ``seedlint --fix`` (then, on a fresh copy, ``--fix --unsafe-fixes``) with the
   default rule pack;
4. read the documents again and count those that had a non-space character before and
   have none after, and the documents that changed.

Prints one JSON object per corpus and level and a total; exit 1 if any document was
emptied. CPU time (this process and the seedlint runs) is reported, not wall time.

Measured on the 7 shared corpora (69 documents) and the 16 real-text sources (19,513
readable documents): safe fixes changed 3,080 documents and ``--unsafe-fixes`` 3,253;
none emptied, none lost, no write refused (152 s of CPU).

    python bench/fix_never_empties.py                 # shared corpora + real-text sources
    python bench/fix_never_empties.py --only gne,c4zh # some of them
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
REALTEXT = ROOT / "bench" / "out" / "realtext"
sys.path.insert(0, str(ROOT / "lint"))

from seedlint.config import Config  # noqa: E402
from seedlint.engine import source_options  # noqa: E402
from seedlint.sources import discover, read_file  # noqa: E402

CONFIG = "respect-gitignore: false\n"
"""The default configuration, except that a corpus kept in a git-ignored folder (the
harness's extractions) is still walked."""


def corpora(only: set[str] | None) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    if SHARED.is_dir():
        out += [(f"shared/{p.name}", p) for p in sorted(SHARED.iterdir()) if p.is_dir()]
    if REALTEXT.is_dir():
        out += [
            (f"realtext/{p.name}", p)
            for p in sorted(REALTEXT.iterdir())
            if p.is_dir() and p.name != "samples" and (p / ".extracted.json").exists()
        ]
    if only:
        out = [(n, p) for n, p in out if n.split("/", 1)[1] in only or n in only]
    return out


def texts(folder: Path) -> dict[str, str]:
    """Every document's text by (file, document id), as seedlint reads the folder."""
    opts = source_options(Config.model_validate({"respect-gitignore": False}))
    files, _ = discover([folder], folder, opts)
    out: dict[str, str] = {}
    for f in files:
        sf = read_file(f, folder, opts)
        for d in sf.documents:
            out[f"{sf.path}::{d.doc_id}"] = d.text
    return out


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def measure(name: str, folder: Path, unsafe: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="seedlint-empties-") as tmp:
        work = Path(tmp) / "corpus"
        shutil.copytree(folder, work, ignore=shutil.ignore_patterns(".git"))
        for dirpath, _dirs, files in os.walk(work):  # shared corpora may be read-only
            for p in [dirpath, *(os.path.join(dirpath, f) for f in files)]:
                os.chmod(p, os.stat(p).st_mode | 0o200)
        (work / "seedlint.yaml").write_text(CONFIG, encoding="utf-8")
        before = texts(work)
        cmd = [sys.executable, "-m", "seedlint", ".", "--config", "seedlint.yaml", "--fix"]
        report = Path(tmp) / "report.json"
        cmd += ["--no-cache", "--no-progress", "--exit-zero", "--jobs", "1"]
        cmd += ["--output-format", "json", "--output-file", str(report)]
        if unsafe:
            cmd.append("--unsafe-fixes")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "lint")}
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env)
        # Exit 2 with a report: some files were unreadable (reported as SL findings).
        if proc.returncode not in (0, 2) or not report.exists():
            raise RuntimeError(f"seedlint failed on {name}: {proc.stderr[-2000:]}")
        after = texts(work)
    emptied = [
        k for k, t in before.items() if t.strip() and not after.get(k, "").strip() and k in after
    ]
    lost = [k for k in before if k not in after]
    return {
        "corpus": name,
        "level": "unsafe" if unsafe else "safe",
        "documents": len(before),
        "changed": sum(1 for k, t in before.items() if after.get(k, t) != t),
        "emptied": len(emptied),
        "emptied_documents": emptied[:10],
        "documents_missing_after": len(lost),
        "write_errors": proc.stderr.count("write failed"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma list of corpus names (shared or realtext)")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    found = corpora(only)
    if not found:
        print("no corpus found (../shared/corpora or bench/out/realtext): skipped")
        return 0
    t0 = time.process_time()
    total = dict.fromkeys(("documents", "changed", "emptied", "documents_missing_after"), 0)
    total["write_errors"] = 0
    for name, folder in found:
        for unsafe in (False, True):
            row = measure(name, folder, unsafe)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            for k in total:
                total[k] += int(row[k])  # type: ignore[call-overload]
    cpu = time.process_time() - t0 + _child_cpu()
    print(json.dumps({"total": total, "cpu_seconds": round(cpu, 1)}))
    return 1 if total["emptied"] or total["documents_missing_after"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
