"""Benchmark provenance extraction and the provenance rules (P101-P108).

Measures:

* the four seeds: extracted publication date, source and original source against the
  values read off them by hand, and the later-dated lines of seed 003;
* generated articles (the generator of ``tests/test_provenance_generated.py``: seed-like
  pages in Simplified/Traditional, ASCII/full-width, several date forms) left clean or
  broken one way each (date or source removed, conflicting duplicates, future date,
  metadata disagreeing, dateline out of range, later-dated lines appended, provenance
  moved into metadata): per mutation, recall of the expected findings, exact-match rate
  and false positives (findings the generator does not expect);
* real text without provenance headers (ChineseWebText clean and dirty documents,
  Zuozhuan chunks from OpenCC) as hard negatives: only P101/P102 may fire there;
* speed: extraction in docs/s and ms/doc, and MB/s of extraction and of all provenance
  rules next to the generic anchors (A001 pattern, A002 lexicon) on the same documents,
  plus one 1.8 MB document to show extraction stays linear; and MB/s on the whole pack's
  realistic corpus (``make_corpus.py``), each rule alone and all eight.

    python bench/bench_provenance.py            # full run, writes bench/results/provenance.json
    python bench/bench_provenance.py --quick    # small and fast
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from growth import growth  # noqa: E402
from seedlint.document import Document  # noqa: E402
from seedlint.engine import lint_document  # noqa: E402
from seedlint.provenance import extract_provenance  # noqa: E402
from seedlint.testing import check_text, make_doc, ruleset_for  # noqa: E402
from test_provenance_generated import CODES, KINDS, mutate  # noqa: E402
from test_provenance_seeds import EXPECTED  # noqa: E402

SHARED = REPO.parent / "shared" / "corpora"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
OUT = REPO / "bench" / "results" / "provenance.json"


def seeds_section() -> dict[str, Any]:
    rows = {}
    print("\n== seeds: extracted vs expected")
    print(f"{'seed':28} {'published':11} {'source':16} {'original':10} ok")
    for name, exp in sorted(EXPECTED.items()):
        p = extract_provenance(make_doc((SEEDS / name).read_text(encoding="utf-8"), name))
        ok = (p.published, p.source, p.original_source) == (
            exp["published"],
            exp["source"],
            exp["original_source"],
        )
        rows[name] = {
            "published": p.published.isoformat() if p.published else None,
            "source": p.source,
            "original_source": p.original_source,
            "ok": ok,
        }
        print(
            f"{name:28} {rows[name]['published']!s:11} {p.source!s:16} "
            f"{p.original_source!s:10} {'yes' if ok else 'NO'}"
        )
    text3 = (SEEDS / "003_7452ed3e741612d2.txt").read_text(encoding="utf-8")
    later = [f.line for f in check_text(text3, ["P106"])]
    print(f"seed 003 later-dated lines flagged (P106): {len(later)} at lines {later}")
    return {"seeds": rows, "seed_003_p106_lines": later}


def generated_section(size: int) -> dict[str, Any]:
    rs = ruleset_for(CODES)
    out: dict[str, Any] = {}
    print(f"\n== generated articles ({size} per mutation)")
    print(
        f"{'mutation':16} {'expect':>6} {'recall':>7} {'exact':>6} {'FP':>4} {'FP/doc':>7} "
        f"{'precision':>9}"
    )
    tot_tp = tot_fp = tot_exp = 0
    for kind in KINDS:
        rng = random.Random(f"bench-provenance-{kind}")
        tp = fp = expected = exact = 0
        fp_examples: list[dict[str, Any]] = []
        for _ in range(size):
            text, meta, exp = mutate(kind, rng)
            got = Counter(f.code for f in check_text(text, metadata=meta or None, ruleset=rs))
            exact += got == exp
            for code in set(got) | set(exp):
                tp += min(got[code], exp[code])
                extra = max(0, got[code] - exp[code])
                fp += extra
                if extra and len(fp_examples) < 2:
                    fp_examples.append({"code": code, "text": text[:300]})
            expected += sum(exp.values())
        recall = tp / expected if expected else None
        precision = tp / (tp + fp) if tp + fp else None
        out[kind] = {
            "documents": size,
            "expected_findings": expected,
            "recall": recall,
            "exact_match_rate": exact / size,
            "false_positives": fp,
            "fp_per_doc": fp / size,
            "precision": precision,
            "fp_examples": fp_examples,
        }
        tot_tp, tot_fp, tot_exp = tot_tp + tp, tot_fp + fp, tot_exp + expected
        r = "-" if recall is None else f"{recall:.3f}"
        pr = "-" if precision is None else f"{precision:.3f}"
        print(
            f"{kind:16} {expected:6d} {r:>7} {exact / size:6.3f} {fp:4d} {fp / size:7.3f} {pr:>9}"
        )
    total = {
        "recall": tot_tp / tot_exp if tot_exp else None,
        "precision": tot_tp / (tot_tp + tot_fp) if tot_tp + tot_fp else None,
        "false_positives": tot_fp,
    }
    print(f"{'ALL':16} {tot_exp:6d} {total['recall']:.3f}  precision {total['precision']:.3f}")
    return {"mutations": out, "total": total}


def _hard_negative_docs(limit: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    docs: list[tuple[str, str, dict[str, Any] | None]] = []
    cwt = SHARED / "ChineseWebText-examples"
    for fn in ("clean.jsonl", "dirty.jsonl"):
        p = cwt / fn
        if p.is_file():
            for line in p.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                meta = {k: v for k, v in rec.items() if k != "text"} or None
                docs.append((f"cwt-{fn}", rec["text"], meta))
    zz = SHARED / "OpenCC" / "test" / "benchmark" / "zuozhuan.txt"
    if zz.is_file():
        text = zz.read_text(encoding="utf-8")
        step = max(1, len(text) // max(1, limit))
        for i in range(0, min(len(text), step * limit), step):
            docs.append(("zuozhuan", text[i : i + 3000], None))
    return docs


def hard_negative_section(limit: int) -> dict[str, Any]:
    rs = ruleset_for(CODES)
    docs = _hard_negative_docs(limit)
    by_code: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for origin, text, meta in docs:
        for f in check_text(text, metadata=meta, ruleset=rs):
            if f.code in ("P101", "P102"):
                continue  # they have no provenance: these findings are right
            by_code[f.code] += 1
            if len(examples) < 5:
                examples.append({"origin": origin, "code": f.code, "message": f.message})
    print(f"\n== real text without provenance headers ({len(docs)} docs): false positives")
    print(dict(by_code) or "none")
    return {
        "documents": len(docs),
        "false_positives_by_code": dict(by_code),
        "fp_rate": sum(by_code.values()) / len(docs) if docs else None,
        "examples": examples,
    }


def _timed(fn: Any, docs: list[Document], reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        fresh = [Document(path=d.path, text=d.text, metadata=d.metadata, raw=d.raw) for d in docs]
        # CPU time of this process: other jobs on a shared machine do not count.
        t = time.process_time()
        for d in fresh:
            fn(d)
        best = min(best, time.process_time() - t)
    return best


def speed_section(size: int, reps: int) -> dict[str, Any]:
    seeds = [make_doc(p.read_text(encoding="utf-8"), p.name) for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random("bench-provenance-speed")
    gen = [make_doc(mutate(rng.choice(KINDS), rng)[0], f"g{i}.txt") for i in range(size)]
    sets = {"seeds x50": seeds * 50, f"generated x{size}": gen}
    zz = SHARED / "OpenCC" / "test" / "benchmark" / "zuozhuan.txt"
    rs_p = ruleset_for(CODES)
    rs_a1 = ruleset_for(["A001"])
    rs_a2 = ruleset_for(["A002"])
    out: dict[str, Any] = {}
    print(f"\n== speed (CPU time, best of {reps})")
    print(
        f"{'documents':18} {'docs':>5} {'docs/s':>8} {'ms/doc':>7} {'p99 ms':>7} "
        f"{'extract MB/s':>12} {'P rules MB/s':>12} {'A001 MB/s':>9} {'A002 MB/s':>9}"
    )
    for name, docs in sets.items():
        mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
        t_ex = _timed(extract_provenance, docs, reps)
        per: list[float] = []
        for d in docs:
            fresh = Document(path=d.path, text=d.text)
            t_ns = time.process_time_ns()
            extract_provenance(fresh)
            per.append((time.process_time_ns() - t_ns) / 1e6)
        t_p = _timed(lambda d: lint_document(d, rs_p), docs, reps)
        t_a1 = _timed(lambda d: lint_document(d, rs_a1), docs, reps)
        t_a2 = _timed(lambda d: lint_document(d, rs_a2), docs, reps)
        row = {
            "documents": len(docs),
            "mb": mb,
            "docs_per_s": len(docs) / t_ex,
            "ms_per_doc": t_ex / len(docs) * 1e3,
            "ms_per_doc_p50": statistics.median(per),
            "ms_per_doc_p99": sorted(per)[int(0.99 * (len(per) - 1))],
            "extract_mb_s": mb / t_ex,
            "p_rules_mb_s": mb / t_p,
            "a001_mb_s": mb / t_a1,
            "a002_mb_s": mb / t_a2,
        }
        out[name] = row
        print(
            f"{name:18} {len(docs):5d} {row['docs_per_s']:8.0f} {row['ms_per_doc']:7.3f} "
            f"{row['ms_per_doc_p99']:7.3f} {row['extract_mb_s']:12.1f} "
            f"{row['p_rules_mb_s']:12.1f} {row['a001_mb_s']:9.1f} {row['a002_mb_s']:9.1f}"
        )
    if zz.is_file():
        big = make_doc(zz.read_text(encoding="utf-8"), "zuozhuan.txt")
        mb = len(big.text.encode("utf-8")) / 1e6
        t = _timed(extract_provenance, [big], max(1, reps // 2))
        out["zuozhuan (one 1.8 MB doc)"] = {"mb": mb, "extract_mb_s": mb / t, "seconds": t}
        print(f"one large document: {mb:.1f} MB extracted in {t * 1e3:.0f} ms ({mb / t:.1f} MB/s)")
    return out


def pack_throughput(size: str, seed: int = 0, reps: int = 3) -> dict[str, Any]:
    """MB/s of P101-P108 on the whole pack's realistic corpus (``make_corpus.py``), CPU time
    of the detectors over fresh documents: each rule alone (extraction included) and all
    eight sharing one extraction."""
    import gc
    import math
    import tempfile

    import make_corpus

    path = Path(tempfile.mkdtemp(prefix="seedlint-bench-")) / f"corpus-{size}-{seed}.jsonl"
    make_corpus.write(path, "jsonl", make_corpus.parse_size(size), seed)
    docs = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        text = rec.pop("text")
        docs.append(Document(path=path.name, text=text, doc_id=f"{path.name}#{i}", metadata=rec))
    path.unlink()
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6

    def seconds(codes: list[str]) -> float:
        dets = [r.detector for r in ruleset_for(codes).rules]
        best = math.inf
        for _ in range(reps):
            fresh = [
                Document(path=d.path, text=d.text, doc_id=d.doc_id, metadata=d.metadata)
                for d in docs
            ]
            gc.collect()
            t0 = time.process_time()
            for d in fresh:
                for det in dets:
                    for _ in det.check(d):
                        pass
            best = min(best, time.process_time() - t0)
        return best

    rates = {c: mb / seconds([c]) for c in CODES}
    rates["P101-P108"] = mb / seconds(CODES)
    rates["extraction alone"] = mb / _timed(extract_provenance, docs, reps)
    print(f"\n== pack corpus (make_corpus.py --size {size}: {len(docs)} documents, {mb:.1f} MB)")
    print("MB/s of CPU time: " + ", ".join(f"{k} {v:.1f}" for k, v in rates.items()))
    return {
        "corpus": f"make_corpus.py --size {size} --seed {seed}",
        "documents": len(docs),
        "mb": mb,
        "mb_per_s": rates,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=300, help="generated documents per mutation")
    ap.add_argument("--reps", type=int, default=5, help="timing repetitions (best is kept)")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--no-write", action="store_true", help="do not write the JSON result")
    ap.add_argument("--pack-size", help="pack-corpus throughput run (default 10MB; quick 2MB)")
    args = ap.parse_args()
    size = 40 if args.quick else args.size
    reps = 2 if args.quick else args.reps
    result: dict[str, Any] = {"codes": CODES, "size": size}
    result.update(seeds_section())
    result["generated"] = generated_section(size)
    result["hard_negatives"] = hard_negative_section(60 if args.quick else 300)
    result["speed"] = speed_section(size * 2, reps)
    result["pack_corpus"] = pack_throughput(args.pack_size or ("2MB" if args.quick else "10MB"))
    print("\n== growth with document length (exponent; 1.0 is linear), 8x longer documents")
    result["growth_exponent"] = growth(CODES)
    if not args.no_write and not args.quick:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
