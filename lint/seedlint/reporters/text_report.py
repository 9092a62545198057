"""Terminal output in ruff's shape: ``path:line:col: CODE message``, the span, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import IO

from seedlint.document import Document
from seedlint.model import Applicability, Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
MAX_LINE_SHOWN = 120


def _c(ctx: RenderContext, code: str, s: str) -> str:
    return f"{code}{s}{_RESET}" if ctx.color else s


def _span_lines(f: Finding, doc: Document | None) -> list[str]:
    """The offending line, clipped around the span, with a caret underline."""
    if doc is None or f.end < f.start or f.start - doc.body_offset < 0:
        return []
    start = f.start - doc.body_offset
    ls, le = doc.line_of(min(start, len(doc.text)))
    n = le - ls  # the line is not copied: on a one-line 20 MB file that is per finding
    col0 = start - ls
    width = max(1, min(f.end - doc.body_offset, le) - start)
    lo = max(0, col0 - 40)
    # Long spans (a whole spam line) are clipped like long lines: the start of the span
    # is what locates it, and a screen of carets helps nobody.
    hi = min(n, lo + MAX_LINE_SHOWN)
    width = max(1, min(width, hi - col0))
    shown = ("…" if lo else "") + doc.text[ls + lo : ls + hi] + ("…" if hi < n else "")
    pad = col0 - lo + (1 if lo else 0)

    # CJK characters are two columns wide in a terminal: keep the caret under them.
    def w(s: str) -> int:
        return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in s)

    prefix = shown[:pad]
    marked = shown[pad : pad + width]
    gutter = f"{f.line} | "
    return [
        gutter + shown,
        " " * (len(gutter) - 2) + "| " + " " * w(prefix) + "^" * max(1, w(marked)),
    ]


def _mark(f: Finding) -> str:
    """`` [*]`` for a safe fix, `` [-]`` for an unsafe one (ruff's convention)."""
    if f.fix is None:
        return ""
    return " [*]" if f.fix.applicability is Applicability.SAFE else " [-]"


def format_finding(f: Finding, ctx: RenderContext, doc: Document | None = None) -> str:
    mark = _mark(f)
    loc = f"{f.path}:{f.line}:{f.column}:"
    if f.document != f.path:
        loc = f"{f.document}:{f.line}:{f.column}:"
    sev = _c(ctx, _COLORS.get(f.severity.value, ""), f.severity.value)
    head = f"{_c(ctx, _BOLD, loc)} {_c(ctx, _BOLD, f.code)}{mark} {f.message} ({f.name}, {sev})"
    out = [head]
    if not ctx.extra.get("concise"):
        out.extend("  " + ln for ln in _span_lines(f, doc))
        if f.help:
            out.append("  " + _c(ctx, _DIM, f"= help: {f.help}"))
    return "\n".join(out)


SEVERITY_ORDER = ("error", "warning", "info")
"""Most severe first, in every summary."""


def _statistics(active: Iterable[Finding]) -> str:
    """ruff's ``--statistics``: one line per rule, most frequent first, and nothing else.

    ``[*]``: every hit has a safe fix; ``[-]``: every hit has a fix, some only unsafe;
    a rule whose hits differ says how many of each instead of claiming one mark.
    """
    counts: Counter[tuple[str, str]] = Counter()
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    for f in active:
        counts[(f.code, f.name)] += 1
        mark = _mark(f)
        if mark == " [*]":
            safe[f.code] += 1
        elif mark == " [-]":
            unsafe[f.code] += 1
    lines = []
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        note = ""
        if safe[code] == n:
            star = "[*]"
        elif safe[code] + unsafe[code] == n and not safe[code]:
            star = "[-]"
        else:
            star = "   "
            parts = [
                f"{k} {what}"
                for k, what in (
                    (safe[code], "with a safe fix"),
                    (unsafe[code], "with an unsafe fix"),
                    (n - safe[code] - unsafe[code], "without a fix"),
                )
                if k
            ]
            if len(parts) > 1:
                note = f"  ({', '.join(parts)})"
        lines.append(f"{n:>6}  {code:<6} {star} {name}{note}")
    return "\n".join(lines) + "\n" if lines else ""


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    """The findings as they stream by, then the fixes and the summary line."""
    docs = ctx.extra.get("documents")
    documents: dict[str, Document] = docs if isinstance(docs, dict) else {}
    active = (f for f in source.findings() if not f.waived and not f.baselined)
    if ctx.statistics:
        out.write(_statistics(active).encode("utf-8"))
        return
    n_active = n_fix = n_unsafe = 0
    for f in active:
        # A line is written before the next finding is read: the joined text of every
        # line, as before, without holding it.
        out.write(("\n" if n_active else "").encode("utf-8"))
        out.write(format_finding(f, ctx, documents.get(f.document)).encode("utf-8"))
        n_active += 1
        if f.fix is not None:
            if f.fix.applicability is Applicability.SAFE:
                n_fix += 1
            elif f.fix.applicability is Applicability.UNSAFE:
                n_unsafe += 1
    lines: list[str] = []
    # With --diff nothing is written: the fixes are what --fix would do.
    pending = bool(ctx.extra.get("diff"))
    if ctx.show_fixes:
        for entry in source.entries():
            for fx in entry.report.fixes:
                what = "would fix" if pending else "fixed"
                if fx.kind == "encoding":
                    lines.append(
                        f"{what} {fx.document}: {fx.code} transcode {fx.before} -> {fx.after}"
                    )
                    continue
                lines.append(
                    f"{what} {fx.document}:{fx.line}:{fx.column}: {fx.code} "
                    f"{fx.before!r} -> {fx.after!r}"
                )
    report = source.header
    s = report.summary
    sev = (
        ", ".join(f"{s.by_severity[k]} {k}" for k in SEVERITY_ORDER if s.by_severity.get(k))
        or "none"
    )
    if n_active:
        summary = f"Found {s.findings} finding(s) ({sev}) in {s.documents} document(s)."
    elif ctx.extra.get("failed"):
        summary = f"No findings in {s.documents} document(s), but the run failed (see above)."
    elif not s.fixed:
        out.write(b"All checks passed!\n")  # ruff's words: waivers and the baseline did their job
        return
    else:
        summary = f"All checks passed: {s.documents} document(s)."
    extras = []
    if s.fixed:
        extras.append(f"would apply {s.fixed} fix(es)" if pending else f"{s.fixed} fix(es) applied")
    if n_fix:
        extras.append(f"{n_fix} fixable with `seedlint --fix`")
    if n_unsafe:
        extras.append(f"{n_unsafe} more with `--unsafe-fixes`")
    if s.waived:
        extras.append(f"{s.waived} waived")
    if s.baselined:
        extras.append(f"{s.baselined} in the baseline")
    if report.baseline and report.baseline.stale:
        extras.append(f"{len(report.baseline.stale)} stale baseline entr(ies)")
    if extras:
        summary += " " + "; ".join(extras) + "."
    lines.append(summary)
    out.write((("\n" if n_active else "") + "\n".join(lines) + "\n").encode("utf-8"))


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")
