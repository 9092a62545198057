"""Baselines: accept today's findings, fail only on new ones.

Entries are keyed by the finding fingerprint (code, document, normalised matched text,
occurrence), which does not move when lines are inserted above a finding. Entries
that no longer match anything are stale and reported, so a baseline shrinks as the
corpus is cleaned instead of silently hiding regressions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from seedlint.model import BaselineStatus, Finding

BASELINE_VERSION = 1


class BaselineError(Exception):
    pass


def load_baseline(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{path}: cannot read baseline: nested too deeply") from None
    except ValueError as exc:  # a number over the interpreter's digit limit
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a seedlint baseline (no 'findings' list)")
    out: dict[str, dict[str, Any]] = {}
    for e in data["findings"]:
        if isinstance(e, dict) and isinstance(e.get("fingerprint"), str):
            out[e["fingerprint"]] = e
    return out


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Record ``findings`` (a stream: only the five fields an entry keeps are held)."""
    rows = [
        (f.document, f.line, f.column, f.code, f.fingerprint, f.message)
        for f in findings
        if not f.waived
    ]
    rows.sort(key=lambda r: r[:4])
    entries = [
        {"fingerprint": fp, "code": code, "document": doc, "line": line, "message": message}
        for doc, line, _column, code, fp, message in rows
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"version": BASELINE_VERSION, "tool": "seedlint", "findings": entries}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(entries)


def apply_baseline(
    findings: list[Finding],
    baseline: dict[str, dict[str, Any]],
    path: str,
    documents_seen: set[str],
) -> BaselineStatus:
    status = BaselineStatus(path=path)
    matched: set[str] = set()
    for f in findings:
        if f.fingerprint in baseline and not f.waived:
            f.baselined = True
            matched.add(f.fingerprint)
    status.matched = len(matched)
    status.stale = [
        e for fp, e in baseline.items() if fp not in matched and e.get("document") in documents_seen
    ]
    return status
