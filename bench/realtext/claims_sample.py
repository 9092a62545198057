"""Precision of the economy, market and disaster claims themselves, on real text.

C101-C104 fire only where two figures meet, so on general news they fire too rarely to
measure (a handful of findings over all sources). What they stand on can be measured: the
claims every document yields. This script reads the harness reports
(``bench/out/realtext/<source>.report.json``, written by ``run.py``), keeps the claims of
the non-COVID metrics of the catalogue (``rules/lexicons/metrics_zh.yaml``: the economy
statistics, the market value growth, the disasters' tolls and losses) and draws a
deterministic sample of them per (source, metric kind): every comparable claim (those with
a region and a period, the ones C101 and C104 compare) and up to ``--per-cell`` others by
a fixed hash of their key, so a change to the extraction leaves the rest of the sample as
it was and the claims it adds or changes are exactly the new unjudged ones.

    python bench/realtext/claims_sample.py              # the precision table
    python bench/realtext/claims_sample.py --show       # + every unjudged sampled claim
    python bench/realtext/claims_sample.py --show-all   # + every sampled claim

Each claim is printed with its document, line, sentence and the paragraph's opening (a
date stated once dates the paragraph) so a reader can judge: are the value, unit, metric,
region and period the claim states what the text says? Verdicts go to
``claim_judgments.jsonl`` (committed: key, source, document, line, metric, ``verdict``
true / false / unsure and a short reason in English; no text of the documents). A claim's
key hashes what it states as well as where it is, so a claim the extraction changes
(another region, period or value) is judged again.

The table (per source and metric kind, all claims and comparable ones) is printed here and
pasted into ``bench/RESULTS.md`` under "Claim precision on general news".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import OUT, Texts  # noqa: E402

JUDGMENTS = HERE / "claim_judgments.jsonl"
SOURCES = (
    "xwlb",
    "cnews",
    "skywork",
    "twnews",
    "sogou",
    "cctv_pages",
    "terminus",
    "drcd",
    "cwced",
    "gne",
)
KINDS = {
    "gdp": "economy",
    "grain_output": "economy",
    "grain_sown_area": "economy",
    "retail_sales": "economy",
    "market_cap_growth": "market",
}
PER_CELL = 60
STOPS = "。！？!?；;\n"


def kind_of(metric: str) -> str | None:
    """The metric kind of a non-COVID metric, None for the epidemic's."""
    if metric.startswith("disaster_"):
        return "disaster"
    return KINDS.get(metric)


def claim_key(source: str, document: str, c: dict[str, Any]) -> str:
    """Where the claim is and what it states: a changed claim is a new one to judge."""
    period = c.get("period") or {}
    stated = [
        source,
        document,
        c["start"],
        c["end"],
        c["metric"],
        c.get("region"),
        period.get("key"),
        c.get("value"),
        c.get("qualifier"),
        c.get("unit"),
    ]
    return hashlib.sha256(json.dumps(stated, ensure_ascii=False).encode()).hexdigest()[:20]


def rank(key: str) -> str:
    return hashlib.sha256(f"claims:{key}".encode()).hexdigest()


def load_judgments() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if JUDGMENTS.exists():
        for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                out[j["key"]] = j
    return out


def claims_of(source: str) -> list[tuple[str, dict[str, Any]]]:
    report = OUT / f"{source}.report.json"
    if not report.exists():
        return []
    data = json.loads(report.read_text(encoding="utf-8"))
    out = []
    for doc in data.get("documents", []):
        name = doc.get("document") or doc.get("path") or ""
        published = (doc.get("provenance") or {}).get("published")
        for c in doc.get("claims") or []:
            if kind_of(c["metric"]) is not None:
                out.append((name, {**c, "_published": published}))
    return out


def sample(
    source: str, claims: list[tuple[str, dict[str, Any]]], per_cell: int
) -> list[tuple[str, str, dict[str, Any]]]:
    """Every comparable claim, and per metric kind the judged ones and then the
    lowest-ranked others up to ``per_cell``."""
    judged = load_judgments()
    cells: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    picked: list[tuple[str, str, dict[str, Any]]] = []
    for document, c in claims:
        key = claim_key(source, document, c)
        if c.get("comparable"):
            picked.append((key, document, c))
        else:
            cells[str(kind_of(c["metric"]))].append((key, document, c))
    for items in cells.values():
        items.sort(key=lambda t: (t[0] not in judged, rank(t[0])))
        picked.extend(items[:per_cell])
    return picked


def sentence_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The claim's sentence (the claim in ⟦ ⟧) and its paragraph's first sentence."""
    s = max(text.rfind(ch, 0, start) for ch in STOPS) + 1
    e = min((i for i in (text.find(ch, end) for ch in STOPS) if i != -1), default=len(text))
    sent = text[s:start] + "⟦" + text[start:end] + "⟧" + text[end : e + 1]
    p = text.rfind("\n", 0, start) + 1
    first = min((i for i in (text.find(ch, p) for ch in "。！？\n") if i != -1), default=len(text))
    opening = text[p : first + 1] if p < s else ""
    if len(sent) > 400:
        sent = sent[:400] + "…"
    return sent, opening[:200]


def describe(c: dict[str, Any]) -> str:
    period = c.get("period") or {}
    return (
        f"{c['metric']} region={c.get('region')} period={period.get('key')} "
        f"value={c.get('value')} {c.get('unit')} ({c.get('qualifier')})"
        f"{' comparable' if c.get('comparable') else ''}"
    )


def precision(k: int, n: int) -> str:
    if n == 0:
        return "–"
    return f"{k / n:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--per-cell", type=int, default=PER_CELL)
    ap.add_argument("--show", action="store_true", help="print the unjudged sampled claims")
    ap.add_argument("--show-all", action="store_true", help="print every sampled claim")
    args = ap.parse_args()
    judged = load_judgments()
    # per (source, kind): claims, comparable, true, false, comparable true, comparable
    # false, unjudged in the sample
    rows: list[tuple[str, str, list[int]]] = []
    for source in args.sources.split(","):
        claims = claims_of(source)
        if not claims:
            continue
        picked = sample(source, claims, args.per_cell)
        texts = Texts(OUT / source) if (args.show or args.show_all) else None
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
        for _, c in claims:
            k = str(kind_of(c["metric"]))
            counts[k][0] += 1
            counts[k][1] += bool(c.get("comparable"))
        for key, document, c in picked:
            k = str(kind_of(c["metric"]))
            v = judged.get(key, {}).get("verdict")
            cell = counts[k]
            if v in ("true", "false"):
                cell[2] += v == "true"
                cell[3] += v == "false"
                if c.get("comparable"):
                    cell[4] += v == "true"
                    cell[5] += v == "false"
            elif v is None:
                cell[6] += 1
            if texts is not None and (args.show_all or v is None):
                d = texts.docs.get(document)
                date = c.get("_published")
                if d is not None:
                    sent, opening = sentence_of(d.text, c["start"], c["end"])
                else:
                    sent, opening = "(document not found)", ""
                print(f"--- {key} {source} {document} line {c.get('line')} [{v or 'UNJUDGED'}]")
                print(f"    {describe(c)}  published {date}")
                if opening:
                    print(f"    ¶ {opening}")
                print(f"    {sent}")
        for k in sorted(counts):
            cell = counts[k]
            rows.append((source, k, cell))
    print()
    print(
        "| source | metric kind | claims | comparable | judged | true | false | precision "
        "| comparable judged | comparable precision | unjudged in sample |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    agg: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for source, k, (n, comp, t, f, ct, cf, un) in rows:
        print(
            f"| {source} | {k} | {n} | {comp} | {t + f} | {t} | {f} | {precision(t, t + f)} "
            f"| {ct + cf} | {precision(ct, ct + cf)} | {un} |"
        )
        for i, x in enumerate((n, comp, t, f, ct, cf, un)):
            agg[k][i] += x
    every = [sum(cell[i] for cell in agg.values()) for i in range(7)]
    for k, (n, comp, t, f, ct, cf, un) in [*sorted(agg.items()), ("every kind", every)]:
        print(
            f"| all | {k} | {n} | {comp} | {t + f} | {t} | {f} | {precision(t, t + f)} "
            f"| {ct + cf} | {precision(ct, ct + cf)} | {un} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
