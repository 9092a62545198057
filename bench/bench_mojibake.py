"""Recall, false positives and speed of the mojibake rules (M101-M112) against ftfy.

Labels come from how each case is made, never from the rules under test. The corruption
generators are the ones tests/test_mojibake_recall.py pins lower bounds with: a clean
paragraph gets one mis-decoding (UTF-8 read as Windows-1252, Latin-1, MacRoman, GBK,
GB18030 or Big5; a span or the whole paragraph), debris, a lost `?`, a U+FFFD, an
invisible character or HTML residue at a seeded random place. A case is *detected* when
a finding of the expected rule overlaps the corrupted span and *exactly repaired* when
applying the fixes (unsafe included) gives back the original paragraph; *faithful* when
the fixed text differs from the original only where U+FFFD marks a lost character.

False positives: every rule over known-clean text (the project's clean set, clean seeds,
OpenCC's golden texts, ChineseWebText's clean examples, ftfy's negative cases, GB2312
and Big5 web pages decoded right) must stay silent; findings on public text that really
lost characters (`?` in the Zuozhuan, a GB2312 Wikipedia page) are listed separately.

Speed: a corpus of ``--size`` MB of documents cut from the public Chinese text (repeated
to size), with 5% of documents carrying an injected corruption, linted with the twelve
rules one document at a time, side by side with ``ftfy.fix_text`` in its default
configuration and in a mojibake-only configuration over the same documents.

    python bench/bench_mojibake.py              # 50 MB corpus, 300 cases per kind
    python bench/bench_mojibake.py --quick      # 5 MB corpus, 60 cases per kind
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import ftfy

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"
sys.path.insert(0, str(REPO / "tests"))

from seedlint.engine import lint_document  # noqa: E402
from seedlint.sources import decode  # noqa: E402
from seedlint.testing import make_doc  # noqa: E402
from test_mojibake_recall import (  # noqa: E402
    KINDS,
    M_RULES,
    clean_paragraphs,
    evaluate,
    generate,
)

CODES = [f"M1{i:02d}" for i in range(1, 13)]
_TAG = re.compile(r"<!\[CDATA\[|\]\]>|<[^<>]*>")
FTFY_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _read(*parts: str) -> str | None:
    p = SHARED.joinpath(*parts)
    return p.read_text(encoding="utf-8") if p.is_file() else None


def clean_sources() -> dict[str, list[str]]:
    """Known-clean documents by source (for the false-positive table)."""
    out: dict[str, list[str]] = defaultdict(list)
    for p in sorted((REPO / "tests" / "data" / "clean").glob("*.txt")):
        out["clean set (tests/data/clean)"].append(p.read_text(encoding="utf-8"))
    for name in ("001_712f67c0189c27b8.txt", "003_7452ed3e741612d2.txt"):
        out["seeds 001, 003"].append(
            (REPO / "tests" / "fixtures" / "seeds" / name).read_text(encoding="utf-8")
        )
    golden = SHARED / "OpenCC" / "test" / "golden"
    if golden.is_dir():
        for p in sorted(golden.rglob("*.txt")):
            out["OpenCC golden (Simp/Trad/TW/HK)"].append(p.read_text(encoding="utf-8"))
    cwt = _read("ChineseWebText-examples", "clean.jsonl")
    if cwt:
        out["ChineseWebText clean"] = [json.loads(x)["text"] for x in cwt.splitlines() if x]
    neg = _read("python-ftfy", "tests", "test-cases", "negative.json")
    if neg:
        out["ftfy negative.json"] = [c["original"] for c in json.loads(neg)]
    for folder in ("gb2312", "big5"):
        d = SHARED / "char-dataset" / folder
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.name in LOSSY_PAGES:
                    continue  # pages that really lost characters: see lossy_sources
                dec = decode(p.read_bytes())
                if dec is not None:
                    out[f"char-dataset {folder} pages (markup rules off)"].append(dec.text)
    return out


# Public pages whose `?` were audited by hand as lost characters (not questions): a
# Wikipedia article that lost `——`, `·` and IPA letters to GB2312, a press release that
# lost `——`, a Big5 book list that lost the `·` in translated names, a blog post that
# lost a character before `，`.
LOSSY_PAGES = {
    "_ude_1.txt": "gb2312",
    "acnnewswire.net.xml": "gb2312",
    "letterlego.blogspot.com.xml": "big5",
    "0804.blogspot.com.xml": "big5",
}


def lossy_sources() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    zuo = _read("OpenCC", "test", "benchmark", "zuozhuan.txt")
    if zuo:
        out["OpenCC zuozhuan.txt"] = [zuo]
    for name, folder in LOSSY_PAGES.items():
        p = SHARED / "char-dataset" / folder / name
        if p.is_file():
            dec = decode(p.read_bytes())
            if dec is not None:
                out[f"char-dataset {folder}/{name}"] = [_strip_markup(dec.text)]
    return out


def findings_by_code(text: str, codes: list[str] | None = None) -> Counter[str]:
    res = lint_document(make_doc(text), M_RULES, collect=False)
    return Counter(f.code for f in res.findings if codes is None or f.code in codes)


def false_positives() -> list[dict[str, Any]]:
    rows = []
    for source, docs in clean_sources().items():
        codes = [c for c in CODES if not ("markup" in source and c in ("M111", "M112"))]
        per_code: Counter[str] = Counter()
        flagged = 0
        for d in docs:
            c = findings_by_code(d, codes)
            per_code.update(c)
            flagged += bool(c)
        rows.append(
            {
                "source": source,
                "documents": len(docs),
                "chars": sum(len(d) for d in docs),
                "documents_with_findings": flagged,
                "findings": dict(per_code),
            }
        )
    return rows


def real_losses() -> list[dict[str, Any]]:
    rows = []
    for source, docs in lossy_sources().items():
        c: Counter[str] = Counter()
        for d in docs:
            c.update(findings_by_code(d))
        rows.append({"source": source, "findings": dict(c)})
    return rows


def recall(n: int, seed: int) -> list[dict[str, Any]]:
    paragraphs = clean_paragraphs()
    rows = []
    for kind in KINDS:
        cases = generate(kind, n, seed, paragraphs)
        outs = [evaluate(c) for c in cases]
        rep = [o for c, o in zip(cases, outs, strict=True) if c.repairable]
        rows.append(
            {
                "kind": kind,
                "rule": "/".join(cases[0].codes) if cases else "",
                "cases": len(cases),
                "detected": sum(o.detected for o in outs) / max(1, len(outs)),
                "repairable": len(rep),
                "exact_repair": sum(o.exact for o in rep) / len(rep) if rep else None,
                "safe_exact_repair": sum(o.safe_exact for o in rep) / len(rep) if rep else None,
                "faithful": sum(o.faithful for o in outs) / max(1, len(outs)),
                "idempotent": all(o.clean_after_fix for o in outs),
            }
        )
    return rows


def ftfy_cases() -> list[dict[str, Any]]:
    """ftfy's own real-world cases: detection, and our span repair vs ftfy's whole-text one."""
    from seedlint.model import Applicability
    from seedlint.testing import fix_text

    rows = []
    for name in ("in-the-wild.json", "synthetic.json", "language-names.json"):
        raw = _read("python-ftfy", "tests", "test-cases", name)
        if raw is None:
            continue
        cases = [c for c in json.loads(raw) if c.get("expect") == "pass"]
        det = same_as_ftfy = expected = 0
        for c in cases:
            o = c["original"]
            found = findings_by_code(o, ["M102", "M107"])
            det += bool(found)
            fixed = fix_text(o, level=Applicability.UNSAFE, ruleset=M_RULES)[0]
            same_as_ftfy += fixed == ftfy.fix_encoding(o, FTFY_MOJIBAKE_ONLY)
            expected += fixed == c.get("fixed-encoding", c["fixed"])
        rows.append(
            {
                "file": name,
                "cases": len(cases),
                "detected": det / len(cases),
                "same_as_ftfy_fix_encoding": same_as_ftfy / len(cases),
                "equals_expected": expected / len(cases),
            }
        )
    return rows


def _strip_markup(page: str) -> str:
    for _ in range(2):  # feeds escape their HTML once more
        page = html.unescape(_TAG.sub("", page))
    return page


def corpus(size: int, seed: int) -> tuple[list[str], list[tuple[int, str, int, int]]]:
    """Documents of ~4 KB cut from the public Chinese text, 5% with one corruption.

    Returns the documents and, for each injected one, (index, kind, start, end)."""
    texts = [t for docs in lossy_sources().values() for t in docs]
    for source, docs in clean_sources().items():
        if "markup" in source:
            # Feed pages: keep the text a scraper would, without the XML around it.
            docs = [_strip_markup(d) for d in docs]
        texts.extend(docs)
    pieces: list[str] = []
    for t in texts:
        lines = t.splitlines(keepends=True)
        buf: list[str] = []
        n = 0
        for line in lines:
            buf.append(line)
            n += len(line)
            if n >= 4000:
                pieces.append("".join(buf))
                buf, n = [], 0
        if buf:
            pieces.append("".join(buf))
    rng = random.Random(seed)
    docs: list[str] = []
    injected: list[tuple[int, str, int, int]] = []
    total = 0
    kinds = list(KINDS)
    while total < size:
        doc = rng.choice(pieces)
        if rng.random() < 0.05:
            kind = rng.choice(kinds)
            lines = doc.split("\n")
            idx = [i for i, x in enumerate(lines) if len(x) >= 20]
            if idx:
                li = rng.choice(idx)
                case = KINDS[kind](lines[li], rng)
                if case is not None:
                    off = sum(len(x) + 1 for x in lines[:li])
                    lines[li] = case.corrupted
                    doc = "\n".join(lines)
                    injected.append((len(docs), kind, off + case.start, off + case.end))
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs, injected


def speed(docs: list[str], injected: list[tuple[int, str, int, int]]) -> dict[str, Any]:
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    # Warm both sides up (code tables, regexes) so that one-time set-up is not timed.
    lint_document(make_doc(docs[0]), M_RULES, collect=False)
    ftfy.fix_text(docs[0], FTFY_MOJIBAKE_ONLY)
    ftfy.fix_text(docs[0])
    t0 = time.perf_counter()
    results = [lint_document(make_doc(d), M_RULES, collect=False) for d in docs]
    t_rules = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        ftfy.fix_text(d, FTFY_MOJIBAKE_ONLY)
    t_ftfy_moji = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        ftfy.fix_text(d)
    t_ftfy = time.perf_counter() - t0
    per_rule: dict[str, float] = {}
    for rule in M_RULES.rules:
        t0 = time.perf_counter()
        for d in docs:
            for _ in rule.detector.check(make_doc(d)):
                pass
        per_rule[rule.code] = time.perf_counter() - t0
    hits = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, kind, s, e in injected:
        codes = KINDS_CODES[kind]
        ok = any(
            f.code in codes and f.start < max(e, s + 1) and f.end > s for f in results[i].findings
        )
        hits += ok
        by_kind[kind][0] += ok
        by_kind[kind][1] += 1
    return {
        "documents": len(docs),
        "megabytes": round(mb, 2),
        "seconds": {
            "seedlint_M1xx": round(t_rules, 3),
            "ftfy_mojibake_only": round(t_ftfy_moji, 3),
            "ftfy_default": round(t_ftfy, 3),
        },
        "mb_per_s": {
            "seedlint_M1xx": round(mb / t_rules, 2),
            "ftfy_mojibake_only": round(mb / t_ftfy_moji, 2),
            "ftfy_default": round(mb / t_ftfy, 2),
        },
        "mb_per_s_per_rule_alone": {k: round(mb / v, 1) for k, v in per_rule.items()},
        "injected_documents": len(injected),
        "injected_detected": hits,
        "injected_by_kind": {k: {"detected": v[0], "injected": v[1]} for k, v in by_kind.items()},
        "findings": dict(Counter(f.code for r in results for f in r.findings)),
    }


KINDS_CODES: dict[str, tuple[str, ...]] = {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=50.0, help="corpus size in MB (default 50)")
    ap.add_argument("--cases", type=int, default=300, help="generated cases per kind")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--quick", action="store_true", help="5 MB corpus, 60 cases per kind")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "mojibake.json")
    args = ap.parse_args()
    if args.quick:
        args.size, args.cases = 5.0, 60
    if not SHARED.is_dir():
        print("note: ../shared/corpora is absent; only the repository's own text is used")

    paragraphs = clean_paragraphs()
    for kind in KINDS:
        sample = generate(kind, 1, args.seed, paragraphs)
        KINDS_CODES[kind] = sample[0].codes if sample else ()

    print(f"== recall: {args.cases} generated cases per kind (seed {args.seed})")
    rec = recall(args.cases, args.seed)
    print(f"{'corruption':36s} {'rule':9s} {'n':>4s} {'detect':>7s} {'exact':>7s} "
          f"{'safe':>6s} {'faithful':>8s}")  # fmt: skip
    for r in rec:
        ex = "-" if r["exact_repair"] is None else f"{r['exact_repair']:.3f}"
        sx = "-" if r["safe_exact_repair"] is None else f"{r['safe_exact_repair']:.3f}"
        print(
            f"{r['kind']:36s} {r['rule']:9s} {r['cases']:4d} {r['detected']:7.3f} {ex:>7s} "
            f"{sx:>6s} {r['faithful']:8.3f}"
        )

    print("\n== ftfy's own test cases (M102 + M107; repair vs ftfy.fix_encoding)")
    fc = ftfy_cases()
    for r in fc:
        print(
            f"{r['file']:22s} n={r['cases']:3d} detected {r['detected']:.3f}  "
            f"same as ftfy {r['same_as_ftfy_fix_encoding']:.3f}  "
            f"= expected {r['equals_expected']:.3f}"
        )

    print("\n== false positives on known-clean text (any M1xx finding)")
    fp = false_positives()
    for r in fp:
        print(
            f"{r['source']:44s} docs {r['documents']:4d} chars {r['chars']:8d} "
            f"flagged {r['documents_with_findings']:3d} {r['findings'] or ''}"
        )
    print("\n== public text with real losses (audited: the `?` stand for lost characters)")
    rl = real_losses()
    for r in rl:
        print(f"{r['source']:44s} {r['findings']}")

    print(f"\n== speed: {args.size:.0f} MB corpus, 5% of documents with one injected corruption")
    docs, injected = corpus(int(args.size * 1e6), args.seed)
    sp = speed(docs, injected)
    for k in ("seedlint_M1xx", "ftfy_mojibake_only", "ftfy_default"):
        print(f"{k:22s} {sp['seconds'][k]:8.2f} s  {sp['mb_per_s'][k]:8.2f} MB/s")
    print("each rule alone (MB/s):", sp["mb_per_s_per_rule_alone"])
    print(
        f"{sp['documents']} documents, {sp['megabytes']} MB; injected {sp['injected_documents']}, "
        f"detected {sp['injected_detected']}; findings {sp['findings']}"
    )

    result = {
        "size_mb": args.size,
        "cases_per_kind": args.cases,
        "seed": args.seed,
        "recall": rec,
        "ftfy_cases": fc,
        "false_positives": fp,
        "real_losses": rl,
        "speed": sp,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
