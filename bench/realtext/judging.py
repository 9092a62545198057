"""Judgments, positives and the results table of the real-text harness.

Everything here works from three committed files and needs no snapshot, so a test can
check that ``RESULTS.md`` is what these functions compute:

* ``run.json``: what the last run of ``run.py`` measured per (source, code): documents,
  findings, severities, the keys of the sampled findings and of the judged findings that
  still fire, and which positives each code found. Keys and counts only, no text.
* ``judgments.jsonl``: one line per judged finding: its key, source, document, code,
  line, ``verdict`` (true / false / unsure), ``fix`` (right / wrong, for safe fixes) and a
  one-line ``reason``.
* ``positives.jsonl``: real defects found by reading, not by the rule under test: source,
  document, line span, defect ``kind``, the ``codes`` expected to report it, and a hash of
  the span's text (so a changed extraction is noticed, without committing the text).

A finding's key hashes (source, document, code, matched text, line): it survives rule
changes that keep the finding, message rewording included, and changes when the finding
moves or covers other text.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RUN_JSON = HERE / "run.json"
JUDGMENTS = HERE / "judgments.jsonl"
POSITIVES = HERE / "positives.jsonl"
RESULTS_MD = HERE / "RESULTS.md"

VERDICTS = ("true", "false", "unsure")
FIX_VERDICTS = ("right", "wrong")
KINDS = (
    "lost-characters",
    "gbk-big5-garble",
    "latin-mojibake",
    "encoding-debris",
    "invisible-characters",
    "html-debris",
    "keyword-spam-line",
    "gambling-injection",
    "navigation-furniture",
    "related-links",
    "missing-date",
    "missing-source",
    "conflicting-dates",
    "conflicting-sources",
    "figure-disagreement",
    "script-mix",
    "half-width-punctuation",
)
# The precision each severity must reach on every source where a rule fires this often.
BARS = {"error": 0.97, "warning": 0.85, "info": 0.70}
FIX_BAR = 0.99
MIN_FIRED = 10


def finding_key(source: str, document: str, code: str, match: str, line: int) -> str:
    raw = "\x1f".join((source, document, code, match[:200], str(line)))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def span_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


class FileError(ValueError):
    pass


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not path.exists():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileError(f"{path.name}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise FileError(f"{path.name}:{n}: not an object")
        rec["_line"] = n
        out.append(rec)
    return out


def _need(rec: dict[str, Any], name: str, field: str, kind: type) -> Any:
    v = rec.get(field)
    if not isinstance(v, kind) or (isinstance(v, str) and not v.strip()):
        raise FileError(f"{name}:{rec['_line']}: `{field}` must be a non-empty {kind.__name__}")
    return v


def load_judgments(path: Path = JUDGMENTS) -> dict[str, dict[str, Any]]:
    """Judgments by key; the last line for a key wins (a re-judgment appends)."""
    out: dict[str, dict[str, Any]] = {}
    for rec in _read_jsonl(path):
        for f in ("key", "source", "document", "code", "verdict", "reason"):
            _need(rec, path.name, f, str)
        _need(rec, path.name, "line", int)
        if rec["verdict"] not in VERDICTS:
            raise FileError(f"{path.name}:{rec['_line']}: verdict must be one of {VERDICTS}")
        fix = rec.get("fix")
        if fix is not None and fix not in FIX_VERDICTS:
            raise FileError(f"{path.name}:{rec['_line']}: fix must be one of {FIX_VERDICTS}")
        if len(rec["reason"]) > 300:
            raise FileError(f"{path.name}:{rec['_line']}: reason longer than one line")
        out[rec["key"]] = rec
    return out


def load_positives(path: Path = POSITIVES) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rec in _read_jsonl(path):
        for f in ("id", "source", "document", "kind", "span_sha"):
            _need(rec, path.name, f, str)
        _need(rec, path.name, "line", int)
        _need(rec, path.name, "end_line", int)
        codes = _need(rec, path.name, "codes", list)
        if not codes or not all(isinstance(c, str) for c in codes):
            raise FileError(f"{path.name}:{rec['_line']}: `codes` must list rule codes")
        if rec["kind"] not in KINDS:
            raise FileError(f"{path.name}:{rec['_line']}: unknown kind {rec['kind']!r}")
        if rec["end_line"] < rec["line"]:
            raise FileError(f"{path.name}:{rec['_line']}: end_line before line")
        if rec["id"] in out:
            raise FileError(f"{path.name}:{rec['_line']}: duplicate id {rec['id']}")
        out[rec["id"]] = rec
    return out


def load_run(path: Path = RUN_JSON) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for f in ("sources", "cells", "positives_found"):
        if f not in data:
            raise FileError(f"{path.name}: missing `{f}`")
    return data


@dataclass
class Cell:
    source: str
    code: str
    severity: str
    documents: int
    findings: int
    per100: float
    sampled: int
    judged: int
    true: int
    false: int
    unsure: int
    fix_right: int
    fix_wrong: int
    unjudged_sampled: int

    @property
    def precision(self) -> float | None:
        n = self.true + self.false
        return self.true / n if n else None

    def interval(self) -> tuple[float, float]:
        return wilson(self.true, self.true + self.false)

    @property
    def meets_bar(self) -> bool | None:
        """None when the rule fires too rarely here to be held to its bar, or is unjudged."""
        p = self.precision
        if self.findings < MIN_FIRED or p is None:
            return None
        return p >= BARS.get(self.severity, 0.0)


def cells(run: dict[str, Any], judgments: dict[str, dict[str, Any]]) -> list[Cell]:
    out = []
    for c in run["cells"]:
        verdicts = [judgments[k] for k in c["judged_present"] if k in judgments]
        sampled = set(c["sample"])
        sev = max(c["severity"], key=lambda s: (c["severity"][s], s))
        docs = run["sources"][c["source"]]["documents"]
        out.append(
            Cell(
                source=c["source"],
                code=c["code"],
                severity=sev,
                documents=c["documents"],
                findings=c["findings"],
                per100=100.0 * c["documents"] / docs if docs else 0.0,
                sampled=len(sampled),
                judged=len(verdicts),
                true=sum(v["verdict"] == "true" for v in verdicts),
                false=sum(v["verdict"] == "false" for v in verdicts),
                unsure=sum(v["verdict"] == "unsure" for v in verdicts),
                fix_right=sum(v.get("fix") == "right" for v in verdicts),
                fix_wrong=sum(v.get("fix") == "wrong" for v in verdicts),
                unjudged_sampled=len(sampled - set(c["judged_present"])),
            )
        )
    out.sort(key=lambda c: (c.code, c.source))
    return out


def recall(
    run: dict[str, Any], positives: dict[str, dict[str, Any]]
) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], tuple[int, int]]]:
    """(found, total) per code, and per (kind, source) found by any of the kind's codes."""
    ran = {s for s, v in run["sources"].items() if v["status"] == "ok"}
    found_by: dict[str, list[str]] = run["positives_found"]
    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_kind: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for pid, p in positives.items():
        if p["source"] not in ran:
            continue
        hit = set(found_by.get(pid, ()))
        for code in p["codes"]:
            per_code[code][1] += 1
            per_code[code][0] += code in hit
        per_kind[(p["kind"], p["source"])][1] += 1
        per_kind[(p["kind"], p["source"])][0] += bool(hit & set(p["codes"]))
    return (
        {k: (v[0], v[1]) for k, v in per_code.items()},
        {k: (v[0], v[1]) for k, v in per_kind.items()},
    )


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def render(run: dict[str, Any], judgments: dict[str, Any], positives: dict[str, Any]) -> str:
    cs = cells(run, judgments)
    by_code, by_kind = recall(run, positives)
    lines = [
        "# Real-text results",
        "",
        "Generated by `python bench/realtext/run.py` (or `--results-only` from the committed",
        "`run.json`, `judgments.jsonl` and `positives.jsonl`); never edited by hand. The",
        "texts are not in the repository: `sources.py` names each source's repository, commit",
        "and paths.",
        "",
        f"Rule pack digest: `{run.get('pack_digest', '?')}`; seedlint {run.get('version', '?')}.",
        "",
        "## Sources",
        "",
        "| source | what | repository @ commit | paths | documents | status |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in run["sources"].items():
        status = "ok" if s["status"] == "ok" else f"skipped: {s.get('reason', '')}"
        lines.append(
            f"| {name} | {s['covers']} | {s['repo']} @ {s['commit'][:12]} | {s['paths']} "
            f"| {s['documents']} | {status} |"
        )
    total_docs = sum(s["documents"] for s in run["sources"].values())
    judged = sum(c.judged for c in cs)
    lines += [
        "",
        f"{total_docs} documents; {sum(c.findings for c in cs)} findings; {judged} judged "
        f"findings that still fire ({len(judgments)} judgments recorded); "
        f"{len(positives)} positives.",
        "",
        "## Precision per code and source",
        "",
        "Fired: documents with the finding per 100 documents of the source. Precision counts",
        "`true` over `true` + `false` judgments (unsure left out), with its 95% Wilson",
        "interval. Bar: error ≥ 0.97, warning ≥ 0.85, info ≥ 0.70, held where a code fires",
        f"at least {MIN_FIRED} times on a source. Fix: safe fixes judged right / judged.",
        "",
        "| code | source | severity | fired /100 docs | findings | judged | precision "
        "| 95% CI | unsure | fix right | bar | unjudged in sample |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in cs:
        lo, hi = c.interval()
        ci = f"{lo:.2f}–{hi:.2f}" if c.true + c.false else "–"
        fix = f"{c.fix_right}/{c.fix_right + c.fix_wrong}" if c.fix_right + c.fix_wrong else "–"
        bar = {None: "–", True: "met", False: "**below**"}[c.meets_bar]
        lines.append(
            f"| {c.code} | {c.source} | {c.severity} | {c.per100:.1f} | {c.findings} "
            f"| {c.judged} | {_pct(c.precision)} | {ci} | {c.unsure} | {fix} | {bar} "
            f"| {c.unjudged_sampled} |"
        )
    lines += [
        "",
        "## Precision per code, all sources",
        "",
        "| code | findings | judged | true | false | unsure | precision | 95% CI "
        "| fix right | recall (positives) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for c in cs:
        a = agg[c.code]
        for i, v in enumerate(
            (c.findings, c.judged, c.true, c.false, c.unsure, c.fix_right, c.fix_wrong)
        ):
            a[i] += v
    for code in sorted(set(agg) | set(by_code)):
        f, j, t, fa, u, fr, fw = agg.get(code, [0] * 7)
        lo, hi = wilson(t, t + fa)
        prec = _pct(t / (t + fa)) if t + fa else "–"
        ci = f"{lo:.2f}–{hi:.2f}" if t + fa else "–"
        fix = f"{fr}/{fr + fw}" if fr + fw else "–"
        rc = by_code.get(code)
        rec = f"{rc[0]}/{rc[1]} = {rc[0] / rc[1]:.2f}" if rc and rc[1] else "–"
        lines.append(f"| {code} | {f} | {j} | {t} | {fa} | {u} | {prec} | {ci} | {fix} | {rec} |")
    lines += [
        "",
        "## Recall per defect kind and source",
        "",
        "Positives are real defects found by reading the documents, each listing the codes",
        "that should report it; found: reported by at least one of them on an overlapping line.",
        "",
        "| kind | source | positives | found | recall |",
        "|---|---|---|---|---|",
    ]
    for (kind, source), (k, n) in sorted(by_kind.items()):
        lines.append(f"| {kind} | {source} | {n} | {k} | {k / n:.2f} |")
    lines += [
        "",
        "## Below the bar",
        "",
    ]
    below = [c for c in cs if c.meets_bar is False]
    if not below:
        lines.append("No code is below its bar on a source where it fires 10 or more times.")
    for c in below:
        lines.append(
            f"- {c.code} ({c.severity}) on {c.source}: precision {_pct(c.precision)} over "
            f"{c.true + c.false} judged, bar {BARS[c.severity]:.2f}"
        )
    return "\n".join(lines) + "\n"


def write_results() -> str:
    text = render(load_run(), load_judgments(), load_positives())
    RESULTS_MD.write_text(text, encoding="utf-8")
    return text
