"""Fold judges' and readers' files into the committed ``judgments.jsonl`` and
``positives.jsonl``, then refresh ``RESULTS.md``.

    python bench/realtext/merge.py judged      # bench/out/realtext/judged/*.jsonl
    python bench/realtext/merge.py positives   # bench/out/realtext/found/*.jsonl

A judgment for a key already recorded replaces it (a re-judgment). A positive is read as
``{source, document, line, end_line, kind, codes, note}``; its span's hash is taken from
the extracted document, so the committed file holds no text, and its id is derived from
(source, document, line, kind), so merging twice adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judging
from run import OUT, Texts, file_span

JUDGMENT_FIELDS = ("key", "source", "document", "code", "line", "verdict", "fix", "reason")
POSITIVE_FIELDS = (
    "id",
    "source",
    "document",
    "line",
    "end_line",
    "kind",
    "codes",
    "span_sha",
    "note",
)


def _rows(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for f in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                print(f"{f.name}:{n}: not JSON, skipped")
    return rows


def _write(path: Path, recs: list[dict[str, Any]], fields: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in recs:
            out = {k: r[k] for k in fields if r.get(k) is not None}
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")


def merge_judged() -> None:
    have = judging.load_judgments()
    added = 0
    for r in _rows(OUT / "judged"):
        verdict = str(r.get("verdict", "")).lower()
        if verdict not in judging.VERDICTS or not r.get("key"):
            print(f"skipped a row without key or verdict: {str(r)[:120]}")
            continue
        r["verdict"] = verdict
        if r.get("fix") not in judging.FIX_VERDICTS:
            r.pop("fix", None)
        r["reason"] = " ".join(str(r.get("reason", "")).split())[:300] or "(no reason given)"
        added += r["key"] not in have
        have[r["key"]] = r
    recs = sorted(have.values(), key=lambda r: (r["source"], r["code"], r["document"], r["key"]))
    _write(judging.JUDGMENTS, recs, JUDGMENT_FIELDS)
    judging.load_judgments()  # validate what was written
    print(f"{added} new judgments, {len(recs)} in all")


def merge_positives() -> None:
    have = judging.load_positives()
    texts: dict[str, Texts] = {}
    added = 0
    for r in _rows(OUT / "found"):
        src, doc = r.get("source"), r.get("document")
        if not src or not doc or r.get("kind") not in judging.KINDS or not r.get("codes"):
            print(f"skipped a malformed positive: {str(r)[:160]}")
            continue
        if src not in texts:
            texts[src] = Texts(OUT / src)
        d = texts[src].docs.get(doc)
        line, end = int(r["line"]), int(r.get("end_line") or r["line"])
        if d is None or end < line:
            print(f"skipped a positive on an unknown document or span: {src} {doc}")
            continue
        span = file_span(d, line, end)
        if not span.strip():
            print(f"skipped a positive on blank lines: {src} {doc}:{line}")
            continue
        raw = f"{src}\x1f{doc}\x1f{line}\x1f{r['kind']}".encode()
        pid = hashlib.sha256(raw).hexdigest()[:12]
        rec = {
            "id": pid,
            "source": src,
            "document": doc,
            "line": line,
            "end_line": end,
            "kind": r["kind"],
            "codes": sorted(set(r["codes"])),
            "span_sha": judging.span_hash(span),
            "note": " ".join(str(r.get("note", "")).split())[:200] or None,
        }
        added += pid not in have
        have[pid] = rec
    recs = sorted(have.values(), key=lambda r: (r["kind"], r["source"], r["document"], r["line"]))
    _write(judging.POSITIVES, recs, POSITIVE_FIELDS)
    judging.load_positives()
    print(f"{added} new positives, {len(recs)} in all")


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "judged":
        merge_judged()
    elif what == "positives":
        merge_positives()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
