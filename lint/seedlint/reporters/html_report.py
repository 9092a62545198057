"""The review page: one self-contained HTML file for people who curate a corpus.

Curators judge findings by looking at them in the text, so the page shows each
document with its findings' spans highlighted in the colour of their category, what
``--fix`` changed (before and after, with context), the corpus's provenance and
claims, and the documents that could not be read.

Design constraints, each pinned by a test:

* **No network.** CSS and JavaScript are inline; nothing is loaded from anywhere, so
  the file can be attached to a CI run or mailed and opened offline.
* **Document text never becomes markup.** All corpus text travels as JSON inside
  ``<script type="application/json">`` blocks with ``<``, ``>`` and ``&`` escaped (so
  no ``</script>`` in a document can close the block) and is put on the page with
  ``textContent`` only. The static overview is built here with ``html.escape``.
  Invisible and bidi-control characters are drawn as visible ``U+XXXX`` badges, in
  the text, in file names and in what ``--fix`` changed: a right-to-left override in a
  scraped page or its name must not reorder what the reviewer reads.
* **Large corpora stay usable.** The overview is static HTML ahead of all data, so
  it paints before the data is parsed. Each document's text and findings sit in their
  own JSON block, parsed only when that document is opened; tables are paginated.
  The embedded text has a budget: past it, documents with findings keep excerpts
  around their findings (the context shrinks until the budget holds) and clean
  documents carry no text.
* **Offsets are exact.** Findings carry code-point offsets into the decoded file
  (front matter included); JavaScript strings count UTF-16 units, so offsets are
  converted here for text with characters outside the BMP (CJK Extension B, emoji).
"""

from __future__ import annotations

import bisect
import html
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from seedlint.document import Document
from seedlint.model import AppliedFix, Category, ClaimRecord, DocumentReport, Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import Contradiction, DocumentEntry, ReportSource, Tally

FULL_DOC_LIMIT = 100_000
"""Code points of one document shown in full; longer documents get excerpts."""
TEXT_BUDGET = 12_000_000
"""Code points of corpus text embedded in one page (about 36 MB of UTF-8 for Chinese)."""
EXCERPT_CONTEXT = 400
MIN_EXCERPT_CONTEXT = 60
MAX_FIXES_SHOWN = 500
MAX_FIX_TEXT = 2000
FIX_CONTEXT = 40
MAX_EDITS_SHOWN = 10
MAX_CELL = 300
RECONSTRUCT_BUDGET = 50_000_000
"""Characters copied while undoing fixes to show their context; past it, no context."""
MAX_MAPPED_FIXES = 1000

CATEGORY_COLORS: dict[str, str] = {
    "mojibake": "#f76707",
    "mixed-script": "#1c7ed6",
    "keyword-spam": "#e03131",
    "provenance": "#0ca678",
    "contradiction": "#ae3ec9",
    "artifact": "#f59f00",
    "input": "#868e96",
}
SEVERITIES = ("error", "warning", "info")
PUBLIC_CATEGORIES = [c.value for c in Category if c is not Category.INPUT]

PROVENANCE_ORDER = [
    "published",
    "date",
    "publication_date",
    "source",
    "publisher",
    "original_source",
    "authors",
    "author",
    "editors",
    "editor",
    "dateline",
    "edition",
    "url",
    "retrieved",
    "licence",
    "license",
    "copyright",
    "header_dates",
]
ATTRIBUTE_SUFFIXES = ("_line", "_origin", "_time", "_column")
"""``published_line`` and the like describe ``published``: folded into its cell."""
CLAIM_ORDER = [
    "region",
    "metric_label",
    "metric",
    "period",
    "value",
    "unit",
    "qualifier",
    "text",
    "line",
]
CLAIM_HIDDEN = {
    "id",
    "start",
    "end",
    "span",
    "offsets",
    "document",
    "doc",
    "path",
    "column",
    "end_line",
    "end_column",
    "low",
    "high",
    "comparable",
}
_DICT_NOISE = {"line", "column", "end_line", "end_column", "start_offset", "key", "kind"}
CONTRADICTION_KEYS = (
    "contradiction",
    "contradictions",
    "contradicts",
    "contradicted",
    "conflict",
    "conflicts",
    "conflicts_with",
    "inconsistent",
)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def _json(data: object) -> str:
    """JSON that is inert inside a ``<script>`` element whatever the strings hold."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], s)


def _clean(s: str) -> str:
    """Lone surrogates cannot be written as UTF-8; U+FFFD keeps every offset in place."""
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _display(v: Any) -> str:
    """A provenance or claim value as one line of text, whatever shape a rule gave it.

    Dicts are read as "a date or period, with the words it was found in" when they have
    such keys (``date``/``start``/``end``/``time``, ``text``): ``2022-11-21 · 21日零时至24时``.
    """
    if v is None:
        return ""
    if isinstance(v, str):
        out = v
    elif isinstance(v, bool):
        out = "yes" if v else "no"
    elif isinstance(v, float) and v.is_integer():
        out = str(int(v))
    elif isinstance(v, (list, tuple)):
        out = "; ".join(x for x in (_display(x) for x in v) if x)
    elif isinstance(v, dict):
        out = _display_dict(v)
    else:
        out = str(v)
    return _clip(_clean(out), MAX_CELL)


def _display_dict(v: dict[str, Any]) -> str:
    if "value" in v and len(v) <= 3:
        return _display(v["value"])
    when = _display(v.get("date") or v.get("start"))
    if v.get("end") and not isinstance(v.get("end"), int) and v.get("end") != v.get("start"):
        when += "–" + _display(v["end"])
    if v.get("time"):
        when = f"{when} {_display(v['time'])}".strip()
    parts = [when] if when else []
    if v.get("text"):
        parts.append(_display(v["text"]))
    else:
        used = {"date", "start", "end", "time", "text", "month_day"} | _DICT_NOISE
        rest = ", ".join(
            f"{k}: {_display(x)}" for k, x in v.items() if k not in used and x not in (None, "")
        )
        if rest:
            parts.append(rest)
    return " · ".join(parts)


class _Text:
    """Offset arithmetic on one decoded file: lines, UTF-16 units, excerpts."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.full = _clean(doc.head + doc.text)
        self.n = len(self.full)
        self.base_line = doc.line_offset - doc.head.count("\n")
        self._nl: list[int] | None = None
        self._astral: list[int] | None = (
            [m.start() for m in _ASTRAL.finditer(self.full)] if _ASTRAL.search(self.full) else None
        )

    def u16(self, off: int) -> int:
        off = max(0, min(off, self.n))
        return off if self._astral is None else off + bisect.bisect_left(self._astral, off)

    def line(self, off: int) -> int:
        if self._nl is None:
            self._nl = [m.start() for m in re.finditer("\n", self.full)]
        return self.base_line + 1 + bisect.bisect_left(self._nl, max(0, min(off, self.n)))

    def windows(self, spans: Iterable[tuple[int, int]], w: int) -> list[tuple[int, int]]:
        """Merged excerpt windows around spans, snapped to line edges when one is near."""
        n, text = self.n, self.full
        raw: list[tuple[int, int]] = []
        for s0, e0 in spans:
            s = max(0, min(s0, n))
            e = max(s, min(e0, n))
            if e - s > 2 * w:
                raw.append((s - w, s + w))
                raw.append((e - w, e + w))
            else:
                raw.append((s - w, e + w))
        out: list[tuple[int, int]] = []
        for a0, b0 in sorted(raw):
            a, b = max(0, a0), min(n, b0)
            if a > 0:
                nl = text.rfind("\n", max(0, a - w // 2), a)
                if nl != -1:
                    a = nl + 1
            if b < n:
                nl = text.find("\n", b, min(n, b + w // 2))
                if nl != -1:
                    b = nl
            if out and a <= out[-1][1] + 1:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out


@dataclass
class _Entry:
    id: str
    path: str
    dr: DocumentReport | None
    doc: Document | None
    findings: list[Finding] = field(default_factory=list)
    text: _Text | None = None
    windows: list[tuple[int, int]] | None = None
    """None: the whole text; []: no text; else the excerpt windows."""

    @property
    def status(self) -> str:
        return self.dr.status if self.dr else "ok"

    @property
    def fixes(self) -> list[AppliedFix]:
        return self.dr.fixes if self.dr else []


@dataclass
class _Plan:
    """What the text budget needs of a document whose text is kept."""

    text: _Text
    spans: list[tuple[int, int]]
    flagged: bool
    """It has findings or fixes."""
    windows: list[tuple[int, int]] | None = None


def _plan_text(entries: list[_Plan]) -> str:
    """Decide per document: full text, excerpts, or none, within TEXT_BUDGET."""
    flagged = [e for e in entries if e.flagged]
    clean = [e for e in entries if not e.flagged]

    def spans(e: _Plan) -> list[tuple[int, int]]:
        return e.spans or [(0, 0)]

    full_cost = sum(e.text.n for e in flagged if e.text.n <= FULL_DOC_LIMIT)
    w = EXCERPT_CONTEXT
    mode = "full"
    if full_cost > TEXT_BUDGET:
        mode = "excerpt"
    while True:
        used = 0
        for e in flagged:
            if mode == "full" and e.text.n <= FULL_DOC_LIMIT:
                e.windows = None
                used += e.text.n
            else:
                e.windows = e.text.windows(spans(e), w)
                used += sum(b - a for a, b in e.windows)
        if used <= TEXT_BUDGET or w <= MIN_EXCERPT_CONTEXT:
            break
        w = max(MIN_EXCERPT_CONTEXT, w // 2)
    for e in clean:
        if e.text.n <= FULL_DOC_LIMIT and used + e.text.n <= TEXT_BUDGET:
            e.windows = None
            used += e.text.n
        else:
            e.windows = []
    return mode if mode == "full" else f"excerpt:{w}"


def _suppressed(f: Finding) -> str:
    if f.waived:
        return "waived: " + f.waived
    return "baselined" if f.baselined else ""


def _fix_rows(e: _Entry) -> list[list[Any]]:
    """Each applied fix with the original text around it before, the fixed text after.

    The fixer applies each round's edits from the end of the text backwards, so undoing
    the recorded list in reverse order walks back through every intermediate text to the
    original, and each edit's offsets hold in the text it was applied to. Mapping an
    edit's span through the edits made before it (to the original) and after it (to the
    fixed text) costs the square of the number of fixes: past ``MAX_MAPPED_FIXES`` the
    context is the text the edit was applied to, on both sides.
    """
    fixes = e.fixes
    final = e.text.full if e.text else None
    edits = [fx for fx in fixes if _is_text_edit(fx)]
    steps: list[tuple[str, str] | None] = [None] * len(fixes)
    original: str | None = None
    if final is not None and len(edits) * len(final) <= RECONSTRUCT_BUDGET:
        cur = final
        for k in range(len(fixes) - 1, -1, -1):
            fx = fixes[k]
            if not _is_text_edit(fx):
                continue  # a file-level change (the encoding), no text edit
            a, b = fx.start, fx.start + len(fx.after)
            if cur[a:b] != fx.after:
                steps = [None] * len(fixes)
                break
            steps[k] = (cur[max(0, a - FIX_CONTEXT) : a], cur[b : b + FIX_CONTEXT])
            cur = cur[:a] + fx.before + cur[b:]
        else:
            original = cur
    mapped = original is not None and final is not None and len(edits) <= MAX_MAPPED_FIXES
    rows: list[list[Any]] = []
    for k, fx in enumerate(fixes):
        file_level = not _is_text_edit(fx)
        ctx_before = ctx_after = steps[k]
        if mapped and not file_level and original is not None and final is not None:
            s0, e0 = _map_back(fixes, k, fx.start), _map_back(fixes, k, fx.start + len(fx.before))
            s1 = _map_forward(fixes, k, fx.start)
            e1 = _map_forward(fixes, k, fx.start + len(fx.after))
            ctx_before = (original[max(0, s0 - FIX_CONTEXT) : s0], original[e0 : e0 + FIX_CONTEXT])
            ctx_after = (final[max(0, s1 - FIX_CONTEXT) : s1], final[e1 : e1 + FIX_CONTEXT])
        rows.append(
            [
                fx.code,
                fx.line,
                fx.column,
                _clip(_clean(fx.before), MAX_FIX_TEXT),
                _clip(_clean(fx.after), MAX_FIX_TEXT),
                fx.applicability.value,
                1 if file_level else 0,
                list(ctx_before) if ctx_before else None,
                list(ctx_after) if ctx_after else None,
            ]
        )
    rows.sort(key=lambda r: (r[1], r[2]))
    return rows


def _is_text_edit(fx: AppliedFix) -> bool:
    return not (fx.start == fx.end and fx.before != "")


def _map_back(fixes: list[AppliedFix], k: int, pos: int) -> int:
    """A position in the text fix k was applied to, in the original text."""
    for j in range(k - 1, -1, -1):
        fx = fixes[j]
        if not _is_text_edit(fx):
            continue
        end_after = fx.start + len(fx.after)
        if pos >= end_after:
            pos += len(fx.before) - len(fx.after)
        elif pos > fx.start:
            pos = fx.start + len(fx.before)  # inside text an earlier fix wrote
    return pos


def _map_forward(fixes: list[AppliedFix], k: int, pos: int) -> int:
    """A position in the text right after fix k, in the fixed text."""
    for j in range(k + 1, len(fixes)):
        fx = fixes[j]
        if not _is_text_edit(fx):
            continue
        end_before = fx.start + len(fx.before)
        if pos >= end_before:
            pos += len(fx.after) - len(fx.before)
        elif pos > fx.start:
            pos = fx.start + len(fx.after)  # inside text a later fix rewrote
    return pos


class _Codes:
    """The rules that fired, as a table the page indexes into (keeps findings small)."""

    def __init__(self, ctx: RenderContext) -> None:
        self.rules = ctx.rules
        self.index: dict[str, int] = {}
        self.rows: list[list[Any]] = []

    def idx(self, f: Finding) -> int:
        i = self.index.get(f.code)
        if i is None:
            spec = self.rules.get(f.code)
            help_ = getattr(spec, "help", "") or f.help
            desc = str(getattr(spec, "description", "") or "").strip().split("\n\n")[0]
            i = self.index[f.code] = len(self.rows)
            self.rows.append([f.code, f.name, f.category.value, help_, " ".join(desc.split())])
        return i


def _finding_row(f: Finding, e: _Entry, codes: _Codes) -> list[Any]:
    t = e.text
    s, en = (t.u16(f.start), t.u16(f.end)) if t else (0, 0)
    fix: list[Any] | None = None
    if f.fix is not None:
        edits = []
        for ed in f.fix.edits[:MAX_EDITS_SHOWN]:
            before = _clip(t.full[ed.start : ed.end], 200) if t else ""
            edits.append([t.line(ed.start) if t else f.line, before, _clip(ed.replacement, 200)])
        fix = [
            f.fix.applicability.value,
            f.fix.description,
            edits,
            f.fix.encoding,
            max(0, len(f.fix.edits) - MAX_EDITS_SHOWN),
        ]
    return [
        s,
        en,
        f.line,
        f.column,
        codes.idx(f),
        SEVERITIES.index(f.severity.value),
        _clean(f.message),
        fix,
        _suppressed(f),
        f.end_line,
    ]


def _detail(e: _Entry, codes: _Codes) -> dict[str, Any]:
    d: dict[str, Any] = {
        "f": [_finding_row(f, e, codes) for f in e.findings],
    }
    t = e.text
    if t is None:
        d["mode"] = "none"
    elif e.windows is None:
        d["mode"] = "full"
        d["seg"] = [[0, t.line(0), t.full]]
    elif not e.windows:
        d["mode"] = "none"
    else:
        d["mode"] = "excerpt"
        d["seg"] = [[t.u16(a), t.line(a), t.full[a:b]] for a, b in e.windows]
    if t is not None:
        d["len"] = t.u16(t.n)
    if e.fixes:
        rows = _fix_rows(e)
        d["fx"] = rows[:MAX_FIXES_SHOWN]
        d["fxmore"] = max(0, len(rows) - MAX_FIXES_SHOWN)
    return d


def _index_row(e: _Entry) -> dict[str, Any]:
    active = [f for f in e.findings if not f.waived and not f.baselined]
    sev = Counter(f.severity.value for f in active)
    row: dict[str, Any] = {
        "id": e.id,
        "n": len(active),
        "e": sev["error"],
        "w": sev["warning"],
        "i": sev["info"],
        "c": dict(Counter(f.category.value for f in active)),
        "k": dict(Counter(f.code for f in e.findings)),
        "st": e.status,
    }
    sup = [f for f in e.findings if f.waived or f.baselined]
    if sup:
        row["s"] = len(sup)
        row["cs"] = dict(Counter(f.category.value for f in sup))
    if e.path != e.id:
        row["p"] = e.path
    if e.fixes:
        row["fx"] = len(e.fixes)
    if e.dr is not None:
        if e.dr.reason:
            row["r"] = _clean(e.dr.reason)
        if e.dr.encoding:
            row["enc"] = e.dr.encoding
    return row


def _columns(seen: Iterable[str], order: list[str], hidden: set[str]) -> list[str]:
    """Keys worth a column (``seen``: those with a value somewhere): known ones first,
    then the rest; never one empty everywhere."""
    keys = {k for k in seen if k not in hidden}
    first = [k for k in order if k in keys]
    return first + sorted(k for k in keys if k not in order)


def _filled(d: dict[str, Any]) -> Iterator[str]:
    return (k for k, v in d.items() if v not in (None, "", [], {}))


def _claim_dict(c: ClaimRecord) -> dict[str, Any]:
    return c.model_dump(exclude_unset=True) | {"metric": c.metric}


def _prov_row(i: int, e: _Entry, cols: list[str]) -> list[Any] | None:
    if e.dr is None or e.status == "unreadable":
        return None
    prov = e.dr.provenance
    cells, tips = [], {}
    for j, k in enumerate(cols):
        cell = _display(prov.get(k))
        if cell and prov.get(k + "_time") and isinstance(prov.get(k), str):
            cell += " " + _display(prov[k + "_time"])
        tip = [f"line {prov[k + '_line']}"] if isinstance(prov.get(k + "_line"), int) else []
        if prov.get(k + "_origin"):
            tip.append(f"from the {_display(prov[k + '_origin'])}")
        if tip and cell:
            tips[j] = ", ".join(tip)
        cells.append(cell)
    issues = [
        f"{f.code} {f.message}"
        for f in e.findings
        if f.category is Category.PROVENANCE and not f.waived and not f.baselined
    ]
    return [i, cells, len(issues), _clip("\n".join(issues), 1000), tips]


def _contradicted(findings: Iterable[Contradiction]) -> dict[tuple[str, str], str]:
    """Why each contradicted claim is, keyed by (document, claim id); ``findings`` in the
    order of the page (document by document, each sorted by span).

    A contradiction finding names the claim it is on and the claim it conflicts with, by
    id (``Finding.claim``, ``Finding.other_claim``): both are contradicted, and nothing
    else is. Matching by span or line marked every figure sharing the finding's line (a
    total and its imported part), so a page counted twice the claims really in conflict.
    """
    why: dict[tuple[str, str], str] = {}
    for f in findings:
        why.setdefault((f.document, f.claim), f.message)
        if f.other is not None:
            where = "this document" if f.other[0] == f.document else f.document
            why.setdefault(f.other, f"{f.code}: conflicts with a figure in {where}")
    return why


def _own_flag(c: dict[str, Any]) -> str | None:
    """A claim record that carries its own contradiction flag (reports from other tools)."""
    for k in CONTRADICTION_KEYS:
        v = c.get(k)
        if v:
            return (_display(v) if not isinstance(v, bool) else "") or "contradicted"
    return None


def _claim_rows(
    i: int,
    e: _Entry,
    claims: Iterable[ClaimRecord],
    cols: list[str],
    contra: dict[tuple[str, str], str],
) -> Iterator[list[Any]]:
    """The claims table's rows of one document, one claim at a time (``claims`` are
    read from the spool as they go: one entry can hold a hundred thousand)."""
    if e.dr is None:
        return
    for claim in claims:
        c = _claim_dict(claim)
        cid = c.get("id")
        why = _own_flag(c) or (contra.get((e.id, cid)) if isinstance(cid, str) else None)
        yield [i, [_display(c.get(k)) for k in cols], _clip(why, 1000) if why else ""]


# ---------------------------------------------------------------------------------------
# The static part: overview, chart, filters. Escaped with html.escape, painted first.


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _chart(counts: dict[str, int], cats: list[str]) -> str:
    """Findings per category as an inline SVG bar chart (clickable: filters the page)."""
    bar_h, gap, label_w, width = 16, 6, 110, 440
    top = max([counts.get(c, 0) for c in cats] + [1])
    height = len(cats) * (bar_h + gap) + gap
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="Findings per category">'
    ]
    for k, c in enumerate(cats):
        n = counts.get(c, 0)
        y = gap + k * (bar_h + gap)
        w = 0 if n == 0 else max(3, round((width - label_w - 60) * n / top))
        color = CATEGORY_COLORS.get(c, "#868e96")
        parts.append(
            f'<g class="bar" data-cat="{_e(c)}"><title>{_e(c)}: {n} finding(s)</title>'
            f'<rect x="0" y="{y}" width="{width}" height="{bar_h}" fill="transparent"/>'
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.78:.0f}" text-anchor="end">{_e(c)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" fill="{color}"/>'
            f'<text class="{"n" if n else "n zero"}" x="{label_w + w + 6}" '
            f'y="{y + bar_h * 0.78:.0f}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _card(label: str, value: object, sub: str = "", cls: str = "") -> str:
    return (
        f'<div class="card {cls}"><div class="v">{_e(value)}</div>'
        f'<div class="k">{_e(label)}</div>{f"<div class=s>{_e(sub)}</div>" if sub else ""}</div>'
    )


def _rules_table(tally: Tally, codes: _Codes) -> str:
    if not codes.rows:
        return '<p class="muted">No rule fired.</p>'
    ct = tally.codes

    def active(code: str) -> int:
        return ct[code].active if code in ct else 0

    out = [
        '<table class="grid rules"><thead><tr><th>Code</th><th>Name</th><th>Category</th>'
        "<th>Severity</th><th class=num>Active</th><th class=num>Suppressed</th>"
        "<th>Fix</th><th>What it finds</th></tr></thead><tbody>"
    ]
    for code, name, cat, help_, desc in sorted(codes.rows, key=lambda r: (-active(r[0]), r[0])):
        c = ct.get(code)
        sev = c.first.severity.value if c else ""
        out.append(
            f"<tr><td><code>{_e(code)}</code></td><td>{_e(name)}</td>"
            f'<td><span class="cat c-{_e(cat)}">{_e(cat)}</span></td>'
            f'<td><span class="sev {_e(sev)}">{_e(sev)}</span></td>'
            f"<td class=num>{active(code)}</td><td class=num>{c.suppressed if c else 0}</td>"
            f"<td>{_e(c.fix if c else '—')}</td>"
            f'<td class="desc">{_e(desc)}{f"<div class=help>{_e(help_)}</div>" if help_ else ""}'
            "</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _code_select(tally: Tally) -> str:
    """A rule filter: one category often holds several rules a reviewer judges apart."""
    if len(tally.codes) < 2:
        return ""
    opts = "".join(
        f'<option value="{_e(c)}">{_e(c)} {_e(ct.name)} ({ct.active + ct.suppressed})</option>'
        for c, ct in sorted(tally.codes.items())
    )
    return (
        '<select id="code" aria-label="filter by rule"><option value="">all rules</option>'
        f"{opts}</select>"
    )


def _css() -> str:
    rules = []
    for c, col in CATEGORY_COLORS.items():
        rules.append(
            f".c-{c}{{--cc:{col};--cb:{col}33}}"
            f'body[data-filter="{c}"] mark.hl:not(.c-{c}){{background:none;'
            "border-color:transparent;box-shadow:none}"
            f'body[data-filter="{c}"] .flist li:not(.c-{c}){{display:none}}'
        )
    return _CSS + "".join(rules)


class _Spill:
    """Text written to a temporary file now and copied into the page later (the page's
    parts come in an order other than the one they are computed in)."""

    def __init__(self) -> None:
        self.fh = tempfile.TemporaryFile()
        self.items = 0

    def item(self, s: str) -> None:
        """A list item: comma-separated from the previous one."""
        self.fh.write(((",") if self.items else "").encode() + s.encode("utf-8"))
        self.items += 1

    def text(self, s: str) -> None:
        self.fh.write(s.encode("utf-8"))
        self.items += 1

    def copy_to(self, out: IO[bytes]) -> None:
        self.fh.seek(0)
        shutil.copyfileobj(self.fh, out, 1 << 20)
        self.fh.close()


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    """The page in one pass over the documents and their findings.

    A first pass over the document entries finds the table columns (provenance and claim
    keys) and the documents whose text is kept; the text budget is planned on those
    alone. The second pass computes each document's detail, list row and table rows,
    spilling them to temporary files; the overview (counted in the report's index) is
    written first, then the spilled parts, in the order a held page had them."""
    docs = ctx.extra.get("documents")
    documents: dict[str, Document] = docs if isinstance(docs, dict) else {}
    tally = source.tally
    report = source.header

    # One map of the documents' ids, no sets beside it: at 200,000 documents each set of
    # ids was another 20 MB at the peak of a run that must stay under 400 MB.
    order: dict[str, int] = {}
    repeats: set[int] = set()  # positions in the entry stream of a document seen before
    prov_keys: set[str] = set()
    prov_filled: set[str] = set()
    claim_filled: set[str] = set()
    has_claims = has_label = False
    plans: dict[str, _Plan] = {}

    def plan(doc_id: str, dr: DocumentReport | None) -> None:
        doc = documents.get(doc_id)
        if doc is None:
            return
        spans = [(f.start, f.end) for f in _sorted(source.findings_of(doc_id))]
        flagged = bool(spans) or bool(dr is not None and dr.fixes)
        plans[doc_id] = _Plan(_Text(doc), spans, flagged)

    for pos, entry in enumerate(source.entries()):
        dr = entry.report
        if dr.document in order:
            repeats.add(pos)
            continue
        order[dr.document] = len(order)
        if dr.provenance:
            prov_keys.update(dr.provenance)
            prov_filled.update(_filled(dr.provenance))
        for c in entry.claims():
            cd = _claim_dict(c)
            has_claims = True
            has_label = has_label or "metric_label" in cd
            claim_filled.update(_filled(cd))
        plan(dr.document, dr)
    extras = [doc_id for doc_id in tally.docs if doc_id not in order]
    for doc_id in extras:
        order[doc_id] = len(order)
        plan(doc_id, None)
    mode = _plan_text(list(plans.values()))

    prov_cols: list[str] | None = None
    if prov_keys:
        folded = {
            k
            for k in prov_keys
            for suf in ATTRIBUTE_SUFFIXES
            if k.endswith(suf) and k[: -len(suf)] in prov_keys
        }
        prov_cols = _columns(prov_filled, PROVENANCE_ORDER, folded)
    claim_cols: list[str] | None = None
    contra: dict[tuple[str, str], str] = {}
    if has_claims:
        hidden = set(CLAIM_HIDDEN)
        if has_label:
            hidden.add("metric")  # the label says the same for people
        claim_cols = _columns(claim_filled, CLAIM_ORDER, hidden)
        on_page = sorted(
            tally.contradictions,
            key=lambda f: (order.get(f.document, len(order)), f.start, -f.end, f.code),
        )
        contra = _contradicted(on_page)

    codes = _Codes(ctx)
    details, index, prov_rows, claim_rows = _Spill(), _Spill(), _Spill(), _Spill()
    unreadable: list[int] = []
    with_findings = fixed_docs = n_fixes = n_contra = 0

    def entries() -> Iterator[tuple[str, str, DocumentEntry | None]]:
        for pos, entry in enumerate(source.entries()):
            if pos not in repeats:
                yield entry.report.document, entry.report.path, entry
        for doc_id in extras:
            fs = source.findings_of(doc_id)
            yield doc_id, fs[0].path if fs else doc_id, None

    for i, (doc_id, path, ent) in enumerate(entries()):
        e = _Entry(doc_id, path, ent.report if ent else None, documents.get(doc_id))
        e.findings = _sorted(source.findings_of(doc_id))
        p = plans.get(doc_id)
        if p is not None:
            e.text, e.windows = p.text, p.windows
        d = _detail(e, codes)
        details.text(f'<script type="application/json" id="d{i}">{_json(d)}</script>')
        row = _index_row(e)
        index.item(_json(row))
        if row["n"]:
            with_findings += 1
        if e.status == "unreadable":
            unreadable.append(i)
        if e.fixes:
            fixed_docs += 1
            n_fixes += len(e.fixes)
        if prov_cols is not None:
            prow = _prov_row(i, e, prov_cols)
            if prow is not None:
                prov_rows.item(_json(prow))
        if claim_cols is not None:
            claims = ent.claims() if ent is not None else iter(())
            for crow in _claim_rows(i, e, claims, claim_cols, contra):
                claim_rows.item(_json(crow))
                n_contra += 1 if crow[2] else 0
        del e, d
        plans.pop(doc_id, None)
    n_docs = index.items
    n_prov, n_claims = prov_rows.items, claim_rows.items

    by_cat: Counter[str] = Counter()
    by_sev: Counter[str] = Counter()
    for (_code, cat, sev), n in tally.active.items():
        by_cat[cat.value] += n
        by_sev[sev.value] += n
    n_active = sum(tally.active.values())
    sup_cat = tally.suppressed_by_category
    cats = list(PUBLIC_CATEGORIES)
    if by_cat.get("input") or sup_cat.get("input"):
        cats.append("input")
    waived, baselined = tally.waived, tally.baselined

    h: list[str] = []
    title = f"seedlint review: {n_docs} document(s), {n_active} finding(s)"
    h.append(
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{_css()}</style></head><body>"
    )
    gate = "fails" if tally.failing else "passes"
    h.append(
        f'<header><h1>seedlint review</h1><div class="meta">seedlint {_e(report.tool_version)} · '
        f"report {_e(report.report_version)} · config {_e(report.config_digest)} · "
        f'fail level {_e(report.fail_level.value)} · <span class="gate {gate}">gate {gate}</span>'
        "</div></header>"
    )
    h.append('<section class="overview"><div class="cards">')
    h.append(_card("documents", n_docs, f"{with_findings} with findings"))
    h.append(
        _card(
            "active findings",
            n_active,
            " · ".join(f"{by_sev.get(s, 0)} {s}" for s in SEVERITIES),
            "err" if by_sev.get("error") else "",
        )
    )
    h.append(_card("fixes applied", n_fixes, f"in {fixed_docs} document(s)"))
    h.append(_card("suppressed", waived + baselined, f"{waived} waived · {baselined} baselined"))
    h.append(_card("unreadable", len(unreadable), "documents", "err" if unreadable else ""))
    if claim_cols is not None:
        h.append(_card("claims", n_claims, f"{n_contra} contradicted", "err" if n_contra else ""))
    h.append("</div>")
    h.append(f'<div class="chartbox"><h2>Findings per category</h2>{_chart(by_cat, cats)}</div>')
    h.append("</section>")
    chips = ['<button class="chip all on" data-cat="">all categories</button>']
    for c in cats:
        n = by_cat.get(c, 0)
        s = sup_cat.get(c, 0)
        if n or s:
            chips.append(
                f'<button class="chip c-{_e(c)}" data-cat="{_e(c)}"><i></i>{_e(c)} '
                f"<b>{n}</b>{f'<small>+{s}</small>' if s else ''}</button>"
            )
    h.append(
        '<nav class="filters"><div class="chips">'
        + "".join(chips)
        + "</div>"
        + _code_select(tally)
        + '<input id="q" type="search" placeholder="document name…" aria-label="filter by name">'
        '<label><input type="checkbox" id="only"> with findings only</label>'
        '<label title="findings waived in the document or kept in the baseline">'
        '<input type="checkbox" id="sup" checked> show suppressed</label>'
        "</nav>"
    )
    tabs = [("docs", f"Documents ({n_docs})")]
    if prov_cols is not None:
        tabs.append(("prov", f"Provenance ({n_prov})"))
    if claim_cols is not None:
        tabs.append(("claims", f"Claims ({n_claims}, {n_contra} contradicted)"))
    if unreadable:
        tabs.append(("unreadable", f"Unreadable ({len(unreadable)})"))
    tabs.append(("rules", f"Rules ({len(codes.rows)})"))
    h.append(
        '<div class="tabs" role="tablist">'
        + "".join(
            f'<button role="tab" class="tab{" on" if k == "docs" else ""}" data-tab="{k}">'
            f"{_e(label)}</button>"
            for k, label in tabs
        )
        + "</div>"
    )
    note = ""
    if mode != "full":
        note = (
            '<p class="warnbar">This corpus is larger than the page\'s text budget: documents with '
            f"findings show excerpts ({_e(mode.split(':')[1])} characters of context around each "
            "finding) and clean documents carry no text.</p>"
        )
    h.append(
        f'<main><section id="tab-docs" class="pane on">{note}<div class="split">'
        '<div class="listcol"><div id="doc-table"></div></div>'
        '<div class="viewcol"><div id="doc-view" class="empty">'
        "<p>Select a document on the left (<kbd>j</kbd>/<kbd>k</kbd> step through the list).</p>"
        "</div></div></div></section>"
    )
    if prov_cols is not None:
        h.append('<section id="tab-prov" class="pane"><div id="prov-table"></div></section>')
    if claim_cols is not None:
        h.append(
            '<section id="tab-claims" class="pane"><label class="onlyc"><input type="checkbox" '
            'id="onlyc"> only contradicted claims</label><div id="claims-table"></div></section>'
        )
    if unreadable:
        h.append(
            '<section id="tab-unreadable" class="pane"><div id="unreadable-table"></div></section>'
        )
    h.append(f'<section id="tab-rules" class="pane">{_rules_table(tally, codes)}</section></main>')
    h.append(
        "<noscript><p class=warnbar>The document views need JavaScript; the overview above "
        "is complete without it.</p></noscript>"
    )
    out.write("".join(h).encode("utf-8"))
    meta_head = {"cats": cats, "colors": CATEGORY_COLORS, "codes": codes.rows}
    out.write(
        f'<script type="application/json" id="meta">{_json(meta_head)[:-1]},"docs":['.encode()
    )
    index.copy_to(out)
    out.write(f'],"mode":{_json(mode)},"prov":'.encode())
    if prov_cols is None:
        out.write(b"null")
    else:
        out.write(f'{{"cols":{_json(prov_cols)},"rows":['.encode())
        prov_rows.copy_to(out)
        out.write(b"]}")
    out.write(f',"unreadable":{_json(unreadable)}}}</script>'.encode())
    if claim_cols is not None:
        out.write(
            f'<script type="application/json" id="claims-data">{{"cols":{_json(claim_cols)},'
            '"rows":['.encode()
        )
        claim_rows.copy_to(out)
        out.write(b"]}</script>")
    details.copy_to(out)
    out.write(f"<script>{_JS}</script></body></html>\n".encode())


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, -f.end, f.code))


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")


_CSS = """
:root {
  --fg: #1f2328; --mut: #656d76; --bd: #d0d7de; --bg: #f6f8fa; --ok: #2f9e44;
  --err: #e03131; --warn: #f08c00; --info: #1c7ed6;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC",
    "Microsoft YaHei", sans-serif;
  font-size: 14px; color: var(--fg);
}
* { box-sizing: border-box }
body { margin: 0; background: #fff }
header { display: flex; align-items: baseline; gap: 16px; padding: 10px 20px;
  background: #24292f; color: #fff }
header h1 { font-size: 18px; margin: 0 }
header .meta { color: #c9d1d9; font-size: 12px }
.gate { padding: 1px 8px; border-radius: 10px; font-weight: 600 }
.gate.passes { background: var(--ok) }
.gate.fails { background: var(--err) }
.overview { display: flex; flex-wrap: wrap; gap: 12px 32px; padding: 12px 20px;
  border-bottom: 1px solid var(--bd) }
.cards { display: grid; grid-template-columns: repeat(3, minmax(140px, 1fr)); gap: 8px;
  align-content: start }
.card { border: 1px solid var(--bd); border-radius: 8px; padding: 6px 12px; background: var(--bg) }
.card .v { font-size: 22px; font-weight: 700 }
.card .k { color: var(--mut) }
.card .s { font-size: 12px; color: var(--mut) }
.card.err .v { color: var(--err) }
.chartbox h2 { font-size: 13px; margin: 0 0 4px; color: var(--mut); font-weight: 600 }
.chart text { font-size: 12px; fill: var(--fg) }
.chart .n { font-weight: 700 }
.chart .zero { fill: #adb5bd }
.chart .bar { cursor: pointer }
.chart .bar:hover rect:first-child { fill: #f1f3f5 }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; padding: 8px 20px;
  border-bottom: 1px solid var(--bd); position: sticky; top: 0; background: #fff; z-index: 5 }
.chips { display: flex; flex-wrap: wrap; gap: 6px }
.chip { border: 1px solid var(--bd); background: #fff; border-radius: 14px; padding: 3px 10px;
  cursor: pointer; font: inherit; display: inline-flex; align-items: center; gap: 5px }
.chip i { width: 10px; height: 10px; border-radius: 50%; background: var(--cc) }
.chip small { color: var(--mut) }
.chip.on { background: #24292f; color: #fff; border-color: #24292f }
.chip.on small { color: #c9d1d9 }
#q { padding: 4px 8px; border: 1px solid var(--bd); border-radius: 6px; width: 170px;
  font: inherit }
.filters label { color: var(--mut); font-size: 13px }
#code { font: inherit; padding: 3px 4px; border: 1px solid var(--bd); border-radius: 6px;
  max-width: 190px }
.tabs { display: flex; gap: 2px; padding: 8px 20px 0; border-bottom: 1px solid var(--bd) }
.tab { border: 1px solid transparent; border-bottom: none; background: none; padding: 6px 14px;
  cursor: pointer; font: inherit; color: var(--mut); border-radius: 6px 6px 0 0 }
.tab.on { border-color: var(--bd); background: #fff; color: var(--fg); font-weight: 600;
  margin-bottom: -1px }
main { padding: 12px 20px }
.pane { display: none }
.pane.on { display: block }
.split { display: grid; grid-template-columns: minmax(380px, 32%) 1fr; gap: 16px;
  align-items: start }
@media (max-width: 1100px) { .split { grid-template-columns: 1fr } }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px }
.grid th, .grid td { border-bottom: 1px solid #eaeef2; padding: 4px 6px; text-align: left;
  vertical-align: top }
.grid th { background: var(--bg); position: sticky; top: 0; font-weight: 600;
  white-space: nowrap }
.grid th button { all: unset; cursor: pointer }
.grid th button:hover { text-decoration: underline }
.grid .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap }
.grid tbody tr { cursor: pointer }
.grid tbody tr:hover { background: #f6f8fa }
.grid tr.sel { background: #fff3bf !important }
.grid tr.contra { background: #f8f0fc }
.grid tr.contra td:first-child { box-shadow: inset 3px 0 #ae3ec9 }
.grid tr.issue td:first-child { box-shadow: inset 3px 0 #0ca678 }
.grid .missing { color: #c92a2a }
.grid td.path { word-break: break-all; max-width: 340px }
.grid td.desc { max-width: 560px; color: var(--mut) }
.help { color: var(--fg); margin-top: 3px }
.rules tbody tr, .fixtab tbody tr { cursor: default }
.pager { display: flex; gap: 8px; align-items: center; padding: 6px 0; color: var(--mut);
  font-size: 13px }
.pager button, .dhead .nav button { font: inherit; border: 1px solid var(--bd); background: #fff;
  border-radius: 5px; padding: 2px 9px; cursor: pointer }
.pager button:disabled { opacity: .4; cursor: default }
.catbar { display: flex; height: 8px; width: 90px; border-radius: 3px; overflow: hidden;
  background: #f1f3f5; margin: 4px 0 0 auto }
.catbar span { background: var(--cc) }
.cat { display: inline-block; border-radius: 4px; padding: 0 6px; background: var(--cb);
  border-left: 3px solid var(--cc); font-size: 12px; white-space: nowrap }
.sev { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 0 5px;
  border-radius: 3px; color: #fff }
.sev.error { background: var(--err) }
.sev.warning { background: var(--warn) }
.sev.info { background: var(--info) }
.st { font-size: 12px; padding: 0 5px; border-radius: 3px; background: #e9ecef }
.st.fixed { background: #d3f9d8 }
.st.unreadable { background: #ffe3e3; color: #c92a2a }
.muted { color: var(--mut) }
.warnbar { background: #fff9db; border: 1px solid #ffe066; padding: 6px 10px; border-radius: 6px }
#doc-view.empty { color: var(--mut); padding: 30px; border: 1px dashed var(--bd);
  border-radius: 8px }
.dhead { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin-bottom: 8px }
.dhead h2 { font-size: 16px; margin: 0; word-break: break-all }
.dhead .nav { margin-left: auto; display: flex; gap: 6px; align-items: center }
.dbody { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 14px;
  align-items: start }
@media (max-width: 1300px) { .dbody { grid-template-columns: 1fr } }
.text { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", system-ui, sans-serif;
  font-size: 15px; line-height: 1.75; border: 1px solid var(--bd); border-radius: 8px;
  padding: 8px 0; background: #fff; max-height: 78vh; overflow: auto }
.l { white-space: pre-wrap; word-break: break-word; padding: 0 12px 0 56px; position: relative;
  min-height: 1.75em }
.l::before { content: attr(data-n); position: absolute; left: 0; width: 44px; text-align: right;
  color: #adb5bd; font-size: 11px; font-family: ui-monospace, monospace; user-select: none }
.gapline { color: var(--mut); font-style: italic; padding: 2px 56px; background: var(--bg);
  font-size: 12px }
mark.hl { background: var(--cb); color: inherit; border-bottom: 2px solid var(--cc);
  cursor: pointer; border-radius: 2px; padding: 0 }
mark.hl.multi { box-shadow: inset 0 -5px 0 -3px var(--c2) }
mark.hl.sup { background: none; border-bottom: 2px dashed var(--cc) }
mark.hl.pt { display: inline-block; width: 0; border: none; position: relative }
mark.hl.pt::after { content: ""; position: absolute; left: -5px; top: -2px;
  border: 5px solid transparent; border-top-color: var(--cc) }
mark.hl.flash { outline: 2px solid #24292f; outline-offset: 1px }
.ctl { font-family: ui-monospace, monospace; font-size: 10px; color: #c92a2a;
  border: 1px solid #ffa8a8; border-radius: 3px; padding: 0 2px; margin: 0 1px;
  background: #fff5f5 }
.nbsp { background: repeating-linear-gradient(90deg, #e9ecef 0 2px, transparent 2px 4px) }
.side { position: sticky; top: 60px; display: flex; flex-direction: column; gap: 10px;
  max-height: 82vh; overflow: auto }
.note { border: 1px solid var(--bd); border-radius: 8px; padding: 8px 10px;
  background: var(--bg); font-size: 13px }
.note h3, .fbox h3 { font-size: 12px; text-transform: uppercase; color: var(--mut);
  margin: 0 0 6px }
.note .item { border-left: 3px solid var(--cc); padding: 2px 8px; margin: 6px 0;
  background: #fff; border-radius: 0 4px 4px 0 }
.note .msg { margin: 3px 0 }
.note .fix { color: #2b8a3e }
.note .supd { color: var(--mut); font-style: italic }
.flist { list-style: none; margin: 0; padding: 0; font-size: 12.5px }
.flist li { border-left: 3px solid var(--cc); padding: 3px 8px; margin: 3px 0; cursor: pointer;
  background: #fff }
.flist li:hover { background: var(--cb) }
.flist li.sup { opacity: .6 }
.flist .loc { color: var(--mut); font-family: ui-monospace, monospace; font-size: 11px }
.fbox { border: 1px solid var(--bd); border-radius: 8px; padding: 8px 10px }
details.fixes { border: 1px solid #b2f2bb; background: #f4fce3; border-radius: 8px;
  padding: 6px 10px; margin-top: 12px }
details.fixes summary { cursor: pointer; font-weight: 600 }
.fixtab { margin-top: 6px; background: #fff }
.fixtab td { width: 46% }
.fixtab td.loc { width: 8%; font-family: ui-monospace, monospace; color: var(--mut);
  font-size: 11px; white-space: nowrap }
.ba { white-space: pre-wrap; word-break: break-word; line-height: 1.6; margin: 2px 0;
  font-family: "Noto Sans CJK SC", system-ui, sans-serif }
.ba del { background: #ffe3e3; color: #c92a2a; text-decoration: line-through }
.ba ins { background: #d3f9d8; color: #2b8a3e; text-decoration: none }
.ba del.empty::after, .ba ins.empty::after { content: "∅"; font-size: 11px }
.ba .cx { color: var(--mut) }
.ba .tag { display: inline-block; width: 50px; color: var(--mut); font-size: 11px }
.dmeta { color: var(--mut); font-size: 12px }
.dprov { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; margin: -2px 0 8px }
.dprov b { color: var(--mut); font-weight: 600 }
.dprov .missing { color: #c92a2a }
.reason { color: #c92a2a }
.onlyc { display: block; margin-bottom: 6px; color: var(--mut) }
kbd { border: 1px solid var(--bd); border-radius: 3px; padding: 0 4px; font-size: 11px;
  background: var(--bg) }
"""

_JS = r"""
(function () {
"use strict";
const $ = (s, r) => (r || document).querySelector(s);
const $$ = (s, r) => [...(r || document).querySelectorAll(s)];
// Every node is built here; text only ever goes in as text nodes, never as markup.
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const k in attrs || {}) {
    const v = attrs[k];
    if (v == null) continue;
    if (k === "class") n.className = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of kids) {
    if (c != null) n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}
const M = JSON.parse($("#meta").textContent);
const CATS = M.cats, CODES = M.codes, DOCS = M.docs, SEV = ["error", "warning", "info"];
DOCS.forEach((d, i) => { d.i = i; });
const S = {cat: "", code: "", q: "", only: false, sup: true, open: -1, list: [],
  cache: new Map()};

// A document's text and findings are parsed only when it is opened.
// Finding layout: [start, end, line, col, code index, severity index, message, fix,
// suppressed ("" or why), end line]; offsets are UTF-16 units into the decoded file.
function details(i) {
  if (!S.cache.has(i)) {
    const node = document.getElementById("d" + i);
    const det = node ? JSON.parse(node.textContent) : {f: [], mode: "none"};
    det.f.forEach((f, j) => { f.i = j; });
    S.cache.set(i, det);
  }
  return S.cache.get(i);
}
const codeOf = f => CODES[f[4]][0];
const catOf = f => CODES[f[4]][2];
const tint = (n, c) => { n.classList.add("c-" + c); return n; };

// Invisible and bidi-control characters are drawn as badges: an override must not
// reorder what the reviewer reads, and a zero-width space must be seen to be judged.
const CTL = new RegExp("[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f" +
  "\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064" +
  "\\u2066-\\u2069\\u3164\\ufeff\\ufff9-\\ufffb]|\\u00a0+", "g");
function addText(parent, s) {
  let last = 0, m;
  CTL.lastIndex = 0;
  while ((m = CTL.exec(s))) {
    if (m.index > last) parent.append(s.slice(last, m.index));
    const ch = m[0];
    if (ch.charCodeAt(0) === 0xa0) {
      parent.append(el("span", {class: "nbsp", title: ch.length + " no-break space(s)"}, ch));
    } else {
      const u = "U+" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      parent.append(el("span", {class: "ctl", title: "invisible character " + u}, u));
    }
    last = m.index + ch.length;
  }
  if (last < s.length) parent.append(s.slice(last));
}
// File names and other short corpus strings, with the same badges: a bidi override in a
// file name must not reorder the name, or the row, it is shown in.
function named(s) {
  const n = el("span");
  addText(n, s == null ? "" : String(s));
  return n;
}

// ---------- a sortable, paginated table
function Table(host, cols, rowsFn, o) {
  const st = {sort: o.sort, dir: o.dir || -1, page: 0, size: o.size || 50, rows: []};
  function header() {
    const tr = el("tr");
    for (const c of cols) {
      const th = el("th", {class: c.num ? "num" : null});
      if (!c.v) { th.textContent = c.label; tr.append(th); continue; }
      const arrow = st.sort === c.k ? (st.dir < 0 ? " ▼" : " ▲") : "";
      th.append(el("button", {onclick: () => {
        if (st.sort === c.k) st.dir = -st.dir;
        else { st.sort = c.k; st.dir = c.num ? -1 : 1; }
        draw();
      }}, c.label + arrow));
      tr.append(th);
    }
    return tr;
  }
  function draw(keepPage) {
    let rows = rowsFn();
    const c = cols.find(c => c.k === st.sort);
    if (c && c.v) {
      rows = rows.slice().sort((a, b) => {
        const x = c.v(a), y = c.v(b);
        return (x < y ? -1 : x > y ? 1 : 0) * st.dir || (o.tie ? o.tie(a, b) : 0);
      });
    }
    st.rows = rows;
    const pages = Math.max(1, Math.ceil(rows.length / st.size));
    if (!keepPage) st.page = 0;
    st.page = Math.min(st.page, pages - 1);
    const first = st.page * st.size, tb = el("tbody");
    for (const r of rows.slice(first, first + st.size)) {
      const tr = el("tr");
      if (o.rowInit) o.rowInit(tr, r);
      for (const c of cols) {
        const td = el("td", {class: c.cls || null}), v = c.cell(r);
        if (v instanceof Node) td.append(v); else td.textContent = v == null ? "" : String(v);
        tr.append(td);
      }
      tb.append(tr);
    }
    const pager = el("div", {class: "pager"},
      el("button", {onclick: () => { st.page--; draw(true); },
        disabled: st.page <= 0 ? "" : null}, "‹ prev"),
      rows.length
        ? `${first + 1}–${Math.min(rows.length, first + st.size)} of ${rows.length}` : "none",
      el("button", {onclick: () => { st.page++; draw(true); },
        disabled: st.page >= pages - 1 ? "" : null}, "next ›"));
    host.replaceChildren(pager, el("table", {class: "grid"}, el("thead", null, header()), tb));
    if (o.after) o.after();
  }
  function showRow(r) {
    const i = st.rows.indexOf(r);
    const p = Math.floor(i / st.size);
    if (i >= 0 && p !== st.page) { st.page = p; draw(true); }
  }
  return {draw, st, showRow};
}

// ---------- the documents list
function docMatches(d) {
  if (S.only && !d.n && !(S.sup && d.s)) return false;
  if (S.cat && !(d.c[S.cat] || (S.sup && d.cs && d.cs[S.cat]))) return false;
  if (S.code && !d.k[S.code]) return false;
  return !S.q || d.id.toLowerCase().includes(S.q);
}
function catbar(d) {
  const title = CATS.filter(c => d.c[c]).map(c => c + ": " + d.c[c]).join(", ");
  const bar = el("div", {class: "catbar", title});
  for (const c of CATS) if (d.c[c]) bar.append(tint(el("span", {style: `flex:${d.c[c]}`}), c));
  return bar;
}
const docCols = [
  {k: "id", label: "Document", cls: "path", v: d => d.id, cell: d => named(d.id)},
  {k: "n", label: "Findings", num: true, cls: "num", v: d => d.n * 1e6 + d.e * 1e3 + (d.s || 0),
    cell: d => el("div", null, String(d.n),
      d.s ? el("small", {class: "muted", title: "waived or baselined"}, " +" + d.s) : null,
      catbar(d))},
  {k: "e", label: "Err", num: true, cls: "num", v: d => d.e, cell: d => d.e || ""},
  {k: "w", label: "Warn", num: true, cls: "num", v: d => d.w, cell: d => d.w || ""},
  {k: "fx", label: "Fixes", num: true, cls: "num", v: d => d.fx || 0, cell: d => d.fx || ""},
  {k: "st", label: "Status", v: d => d.st, cell: d => el("span", {class: "st " + d.st}, d.st)},
];
let docTable;
function initDocs() {
  docTable = Table($("#doc-table"), docCols, () => DOCS.filter(docMatches), {
    sort: "n", dir: -1, size: 50,
    tie: (a, b) => (b.e - a.e) || (a.id < b.id ? -1 : 1),
    rowInit: (tr, d) => {
      tr.dataset.doc = d.id;
      tr.dataset.i = d.i;
      tr.dataset.cats = Object.keys(d.c).concat(Object.keys(d.cs || {})).join(" ");
      if (d.i === S.open) tr.classList.add("sel");
      tr.addEventListener("click", () => openDoc(d.i));
    },
    after: () => { S.list = docTable.st.rows; },
  });
  docTable.draw();
}

// ---------- one document
function openDoc(i, noHash) {
  S.open = i;
  const d = DOCS[i], det = details(i), v = $("#doc-view");
  v.className = "";
  v.dataset.doc = d.id;
  $$("#doc-table tr.sel").forEach(t => t.classList.remove("sel"));
  const row = $(`#doc-table tr[data-i="${i}"]`);
  if (row) row.classList.add("sel");
  if (!noHash) history.replaceState(null, "", "#doc=" + encodeURIComponent(d.id));
  const pos = S.list.indexOf(d);
  const facts = [d.enc, `${d.n} finding(s)`, d.s ? `${d.s} suppressed` : null,
    d.fx ? `${d.fx} fix(es) applied` : null].filter(Boolean).join(" · ");
  const head = el("div", {class: "dhead"}, el("h2", null, named(d.id)),
    el("span", {class: "st " + d.st}, d.st), el("span", {class: "dmeta"}, facts),
    el("span", {class: "nav"},
      el("button", {onclick: () => step(-1), title: "previous (k)"}, "‹ prev"),
      el("span", {class: "dmeta"}, pos >= 0 ? `${pos + 1}/${S.list.length}` : ""),
      el("button", {onclick: () => step(1), title: "next (j)"}, "next ›")));
  const kids = [head];
  if (d.r) kids.push(el("p", {class: "reason"}, "Could not be read: ", named(d.r)));
  const prov = provOf(i);
  if (prov) kids.push(prov);
  const text = el("div", {class: "text", id: "text"});
  renderText(text, det);
  const note = el("div", {class: "note", id: "note"}, el("h3", null, "Finding"),
    el("div", {class: "muted"}, "Click a highlighted span to see its code, message and fix."));
  kids.push(el("div", {class: "dbody"}, text, el("div", {class: "side"}, note, findingList(det))));
  if (det.fx && det.fx.length) kids.push(fixView(det));
  v.replaceChildren(...kids);
}
let provRows = null;
function provOf(i) {  // the document's provenance in one line under its name
  if (!M.prov) return null;
  if (!provRows) { provRows = new Map(); for (const r of M.prov.rows) provRows.set(r[0], r); }
  const r = provRows.get(i);
  if (!r) return null;
  const line = el("div", {class: "dprov"});
  M.prov.cols.forEach((c, j) => {
    if (j < 6 && r[1][j]) {
      line.append(el("span", {title: r[4][j] || null}, el("b", null, label(c) + " "), r[1][j]));
    }
  });
  if (r[2]) line.append(el("span", {class: "missing", title: r[3]}, `${r[2]} provenance issue(s)`));
  return line;
}
function step(k) {
  if (!S.list.length) return;
  let p = S.list.indexOf(DOCS[S.open]);
  p = p < 0 ? 0 : Math.max(0, Math.min(S.list.length - 1, p + k));
  docTable.showRow(S.list[p]);
  openDoc(S.list[p].i);
}

// The text, cut at every finding boundary and line break; each piece covered by findings
// becomes one <mark> coloured by the innermost finding's category.
function renderText(box, det) {
  if (det.mode === "none" || !det.seg) {
    box.append(el("p", {class: "gapline"}, det.len != null
      ? "Text not embedded (a clean document in a corpus over the page's text budget)."
      : "No text available."));
    return;
  }
  const F = det.f.filter(f => S.sup || !f[8]);
  let prevEnd = 0;
  for (const [off, line0, s] of det.seg) {
    if (off > prevEnd) box.append(gap(off - prevEnd));
    const L = s.length, end = off + L;
    prevEnd = end;
    const spans = F.filter(f => f[1] > f[0] && f[0] < end && f[1] > off)
      .sort((x, y) => x[0] - y[0]);
    const pins = new Map();
    for (const f of F) {
      if (f[0] === f[1] && f[0] >= off && f[0] <= end) {
        const k = f[0] - off;
        if (!pins.has(k)) pins.set(k, []);
        pins.get(k).push(f);
      }
    }
    const cuts = new Set([0, L, ...pins.keys()]);
    for (const f of spans) { cuts.add(Math.max(0, f[0] - off)); cuts.add(Math.min(L, f[1] - off)); }
    const b = [...cuts].sort((x, y) => x - y);
    let ln = line0, cur = el("div", {class: "l", "data-n": ln}), si = 0, active = [];
    box.append(cur);
    for (let k = 0; k < b.length; k++) {
      const a = b[k];
      for (const f of pins.get(a) || []) cur.append(pin(f));
      if (k === b.length - 1) break;
      active = active.filter(f => f[1] - off > a);
      while (si < spans.length && spans[si][0] - off <= a) {
        if (spans[si][1] - off > a) active.push(spans[si]);
        si++;
      }
      s.slice(a, b[k + 1]).split("\n").forEach((p, pi) => {
        if (pi > 0) { ln++; cur = el("div", {class: "l", "data-n": ln}); box.append(cur); }
        if (p.endsWith("\r")) p = p.slice(0, -1);
        if (!p) return;
        if (active.length) cur.append(mark(active, p)); else addText(cur, p);
      });
    }
  }
  const last = box.lastChild;
  if (last && !last.childNodes.length && box.children.length > 1) last.remove();
  if (det.len != null && prevEnd < det.len) box.append(gap(det.len - prevEnd));
}
const gap = n => el("div", {class: "gapline"}, `… ${n} characters not shown …`);
function mark(act, p) {
  const inner = act.reduce((x, y) => (y[1] - y[0] < x[1] - x[0] ? y : x));
  const cats = [...new Set(act.map(catOf))];
  const m = tint(el("mark", {class: "hl"}), catOf(inner));
  for (const c of cats) m.classList.add("c-" + c);
  if (cats.length > 1) {
    m.classList.add("multi");
    m.style.setProperty("--c2", M.colors[cats.find(c => c !== catOf(inner))] || "#868e96");
  }
  if (act.every(f => f[8])) m.classList.add("sup");
  m.dataset.cat = catOf(inner);
  m.dataset.f = act.map(f => f.i).join(" ");
  m.dataset.codes = act.map(codeOf).join(" ");  // aligned with data-f
  m.title = act.map(f => codeOf(f) + ": " + f[6]).join("\n");
  addText(m, p);
  return m;
}
function pin(f) {
  const m = tint(el("mark", {class: "hl pt", "data-cat": catOf(f), "data-f": String(f.i),
    "data-codes": codeOf(f), title: codeOf(f) + ": " + f[6]}), catOf(f));
  if (f[8]) m.classList.add("sup");
  return m;
}
const HOW = {safe: "seedlint --fix", unsafe: "seedlint --fix --unsafe-fixes"};
function findingItem(f) {
  const [code, name, cat, help] = CODES[f[4]];
  const it = tint(el("div", {class: "item"},
    el("div", null, el("span", {class: "sev " + SEV[f[5]]}, SEV[f[5]]), " ", el("b", null, code),
      " ", name, " ", el("span", {class: "loc muted"}, `line ${f[2]}:${f[3]}`)),
    el("div", {class: "msg"}, f[6])), cat);
  const fix = f[7];
  if (fix) {
    const how = HOW[fix[0]] ? ": " + HOW[fix[0]] : "";
    const box = el("div", {class: "fix"}, `fix (${fix[0]}${how})` + (fix[1] ? ": " + fix[1] : ""));
    if (fix[3]) box.append(el("div", null, "rewrite the file as " + fix[3]));
    for (const [ln, b, a] of fix[2]) {
      box.append(el("div", {class: "ba"}, el("span", {class: "tag"}, "line " + ln),
        el("del", null, b), a ? " → " : "", a ? el("ins", null, a) : " (delete)"));
    }
    if (fix[4]) box.append(el("div", {class: "muted"}, `+${fix[4]} more edit(s)`));
    it.append(box);
  }
  if (f[8]) it.append(el("div", {class: "supd"}, f[8]));
  if (help) it.append(el("div", {class: "muted"}, help));
  return it;
}
function showNote(ids, det) {
  const n = $("#note");
  if (!n) return;
  n.replaceChildren(el("h3", null, ids.length > 1 ? `${ids.length} findings here` : "Finding"),
    ...ids.map(i => findingItem(det.f[i])));
}
function findingList(det) {
  const ul = el("ul", {class: "flist", id: "flist"});
  for (const f of det.f) {
    const msg = f[6].length > 140 ? f[6].slice(0, 140) + "…" : f[6];
    const loc = el("span", {class: "loc"}, `${f[2]}:${f[3]} `);
    const li = tint(el("li", {"data-f": String(f.i), "data-code": codeOf(f)}, loc,
      el("b", null, codeOf(f)), " ", msg), catOf(f));
    if (f[8]) { li.classList.add("sup"); if (!S.sup) li.style.display = "none"; }
    li.addEventListener("click", () => {
      showNote([f.i], det);
      const m = $$("#text mark.hl").find(m => m.dataset.f.split(" ").includes(String(f.i)));
      if (!m) return;
      m.scrollIntoView({block: "center"});
      m.classList.add("flash");
      setTimeout(() => m.classList.remove("flash"), 1200);
    });
    ul.append(li);
  }
  if (!det.f.length) ul.append(el("li", {class: "muted"}, "none"));
  return el("div", {class: "fbox"}, el("h3", null, `All findings (${det.f.length})`), ul);
}
function oneLine(s, tail) {  // context up to the nearest line break, shown as ⏎
  const i = tail ? s.lastIndexOf("\n") : s.indexOf("\n");
  return i < 0 ? s : tail ? "⏎" + s.slice(i + 1) : s.slice(0, i) + "⏎";
}
// What --fix changed. Fix layout: [code, line, col, before, after, applicability,
// file-level (an encoding change), [context in the original], [context in the fixed text]].
function fixView(det) {
  const n = det.fx.length + (det.fxmore || 0), byCode = {};
  for (const r of det.fx) byCode[r[0]] = (byCode[r[0]] || 0) + 1;
  const codes = Object.entries(byCode).map(([c, k]) => `${c} ×${k}`).join(", ");
  const dt = el("details", {class: "fixes", id: "fixes"},
    el("summary", null, `What --fix changed: ${n} edit(s) (${codes})`));
  if (n <= 12) dt.open = true;
  const tb = el("tbody");
  for (const [code, ln, col, b, a, app, file, c0, c1] of det.fx) {
    const side = (txt, tag, cx) => {
      const c = el("div", {class: "ba"});
      if (cx) c.append(el("span", {class: "cx"}, "…", named(oneLine(cx[0], true))));
      const t = el(tag);
      addText(t, txt);
      if (!txt) t.classList.add("empty");
      c.append(t);
      if (cx) c.append(el("span", {class: "cx"}, named(oneLine(cx[1], false)), "…"));
      return c;
    };
    tb.append(el("tr", null,
      el("td", {class: "loc"}, `${ln}:${col}`, el("br"), code, el("br"), app),
      el("td", null, file ? el("div", {class: "ba"}, el("del", null, named(b)))
        : side(b, "del", c0)),
      el("td", null, file ? el("div", {class: "ba"}, el("ins", null, named(a)))
        : side(a, "ins", c1))));
  }
  const head = el("tr", null, el("th", null, "where"), el("th", null, "before"),
    el("th", null, "after"));
  dt.append(el("table", {class: "grid fixtab"}, el("thead", null, head), tb));
  if (det.fxmore) dt.append(el("div", {class: "muted"}, `+${det.fxmore} more`));
  return dt;
}

// ---------- the other tabs, built when first shown
function docLink(i) {
  return el("a", {href: "#doc=" + encodeURIComponent(DOCS[i].id), onclick: e => {
    e.preventDefault();
    tab("docs");
    docTable.showRow(DOCS[i]);
    openDoc(i);
  }}, named(DOCS[i].id));
}
const docCol = {k: "doc", label: "Document", cls: "path", v: r => DOCS[r[0]].id,
  cell: r => docLink(r[0])};
const label = c => c.replace(/_label$/, "").replace(/_/g, " ");
const tables = {};
function initTab(k) {
  if (tables[k] !== undefined) return;
  tables[k] = null;
  if (k === "prov") {
    const P = M.prov;
    const cols = [docCol, ...P.cols.map((c, j) => ({k: c, label: label(c), v: r => r[1][j],
      cell: r => (r[1][j] ? el("span", {title: r[4][j] || null}, r[1][j])
        : el("span", {class: "missing", title: "not found"}, "—"))})),
    {k: "issues", label: "Issues", num: true, cls: "num", v: r => r[2],
      cell: r => el("span", {title: r[3]}, r[2] || "")}];
    tables[k] = Table($("#prov-table"), cols, () => P.rows.filter(r => docMatches(DOCS[r[0]])),
      {sort: "issues", dir: -1, size: 100, rowInit: (tr, r) => {
        if (r[2]) { tr.classList.add("issue"); tr.title = r[3]; }
      }});
  } else if (k === "claims") {
    const C = JSON.parse($("#claims-data").textContent);
    const num = x => (x !== "" && !isNaN(Number(x)) ? Number(x) : x);
    const cols = [docCol, ...C.cols.map((c, j) => ({k: c, label: label(c), v: r => num(r[1][j]),
      cell: r => r[1][j]})),
    {k: "contra", label: "Contradiction", v: r => (r[2] ? 1 : 0), cell: r => r[2]}];
    const only = $("#onlyc");
    tables[k] = Table($("#claims-table"), cols,
      () => C.rows.filter(r => (!only.checked || r[2]) && docMatches(DOCS[r[0]])),
      {sort: "contra", dir: -1, size: 100,
        rowInit: (tr, r) => { if (r[2]) tr.classList.add("contra"); }});
    only.addEventListener("change", () => tables[k].draw());
  } else if (k === "unreadable") {
    tables[k] = Table($("#unreadable-table"), [
      {k: "doc", label: "Document", cls: "path", v: i => DOCS[i].id, cell: i => named(DOCS[i].id)},
      {k: "r", label: "Reason", v: i => DOCS[i].r || "", cell: i => named(DOCS[i].r)}],
    () => M.unreadable.filter(i => !S.q || DOCS[i].id.toLowerCase().includes(S.q)),
    {sort: "doc", dir: 1, size: 100});
  }
  if (tables[k]) tables[k].draw();
}
function tab(k) {
  $$(".tab").forEach(t => t.classList.toggle("on", t.dataset.tab === k));
  $$(".pane").forEach(p => p.classList.toggle("on", p.id === "tab-" + k));
  initTab(k);
}
$$(".tab").forEach(t => t.addEventListener("click", () => tab(t.dataset.tab)));

// ---------- filters
function redraw() {
  docTable.draw();
  for (const t of Object.values(tables)) if (t) t.draw();
}
function setCat(c) {
  S.cat = S.cat === c ? "" : c;
  $$(".chip").forEach(b => b.classList.toggle("on", b.dataset.cat === S.cat));
  if (S.cat) document.body.dataset.filter = S.cat; else delete document.body.dataset.filter;
  redraw();
  if (S.open >= 0 && !docMatches(DOCS[S.open]) && S.list.length) openDoc(S.list[0].i);
}
$$(".chip, .chart .bar").forEach(b => b.addEventListener("click", () => setCat(b.dataset.cat)));
$("#q").addEventListener("input", e => { S.q = e.target.value.trim().toLowerCase(); redraw(); });
const codeStyle = document.head.appendChild(el("style"));
if ($("#code")) $("#code").addEventListener("change", e => {
  S.code = e.target.value;
  const c = CSS.escape(S.code);  // other rules' highlights step back, as with categories
  codeStyle.textContent = S.code ? `mark.hl:not([data-codes~="${c}"]) {background: none;
    border-color: transparent; box-shadow: none} .flist li:not([data-code="${c}"]) {display: none}`
    : "";
  redraw();
  if (S.open >= 0 && !docMatches(DOCS[S.open]) && S.list.length) openDoc(S.list[0].i);
});
$("#only").addEventListener("change", e => { S.only = e.target.checked; redraw(); });
$("#sup").addEventListener("change", e => {
  S.sup = e.target.checked;
  redraw();
  if (S.open >= 0) openDoc(S.open, true);
});
document.addEventListener("click", e => {
  const m = e.target.closest && e.target.closest("#text mark.hl");
  if (m && S.open >= 0) showNote(m.dataset.f.split(" ").map(Number), details(S.open));
});
document.addEventListener("keydown", e => {
  if (e.target.tagName === "INPUT") return;
  if (e.key === "j") step(1); else if (e.key === "k") step(-1);
});

initDocs();
const want = decodeURIComponent((location.hash.match(/^#doc=(.*)$/) || [])[1] || "");
const wanted = want ? DOCS.findIndex(d => d.id === want) : -1;
if (wanted >= 0) { docTable.showRow(DOCS[wanted]); openDoc(wanted, true); }
else if (S.list.length && S.list[0].n) openDoc(S.list[0].i, true);
window.__seedlintReady = performance.now();
document.body.dataset.ready = "1";
})();
"""
