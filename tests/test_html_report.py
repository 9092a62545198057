"""The review page (``--output-format html``), checked without a browser.

What the page promises a reviewer is pinned here on the embedded data: document text
stays text, spans land on the right characters (UTF-16 in the browser), fixes are shown
with the text around them, the provenance and claims tables appear only with data,
large corpora fall back to excerpts within a text budget. The browser tests
(test_html_report_browser.py) check what a person sees and clicks.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import RAW_SEEDS
from seedlint.document import Document
from seedlint.model import (
    Applicability,
    AppliedFix,
    Category,
    ClaimRecord,
    ClaimRef,
    DocumentReport,
    Edit,
    Finding,
    Fix,
    Report,
    Severity,
)
from seedlint.reporters import RenderContext, renderer
from seedlint.reporters import html_report as hr

# ---------------------------------------------------------------------------------------
# Helpers shared with the browser tests.


def make_doc(text: str, path: str, head: str = "") -> Document:
    return Document(path=path, text=text, head=head, line_offset=head.count("\n"))


def span(doc: Document, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``needle`` in the decoded file (head + text)."""
    full = doc.head + doc.text
    i = -1
    for _ in range(nth + 1):
        i = full.index(needle, i + 1)
    return i, i + len(needle)


def finding(
    doc: Document,
    where: tuple[int, int],
    code: str,
    category: str,
    severity: str = "warning",
    message: str | None = None,
    fix: Fix | None = None,
    waived: str | None = None,
    baselined: bool = False,
) -> Finding:
    start, end = where
    line, col = doc.position(max(0, start - doc.body_offset))
    end_line, end_col = doc.position(max(0, end - doc.body_offset))
    full = doc.head + doc.text
    return Finding(
        code=code,
        name=f"rule-{code.lower()}",
        category=Category(category),
        severity=Severity(severity),
        path=doc.path,
        document=doc.doc_id,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        message=message or f"{category} here: `{full[start:end][:40]}`",
        fingerprint=f"{code}-{doc.doc_id}-{start}",
        fix=fix,
        start=start,
        end=end,
        waived=waived,
        baselined=baselined,
    )


def make_report(
    docs: list[Document],
    findings: list[Finding],
    reports: dict[str, DocumentReport] | None = None,
    unreadable: dict[str, str] | None = None,
) -> tuple[Report, dict[str, Document]]:
    drs = []
    for d in docs:
        dr = (reports or {}).get(d.doc_id) or DocumentReport(path=d.path, document=d.doc_id)
        drs.append(dr)
    for path, reason in (unreadable or {}).items():
        drs.append(DocumentReport(path=path, document=path, status="unreadable", reason=reason))
    return (
        Report(tool_version="test", config_digest="0", findings=findings, documents=drs),
        {d.doc_id: d for d in docs},
    )


def render_html(report: Report, documents: dict[str, Document]) -> str:
    return renderer("html")(report, RenderContext(root=Path("."), extra={"documents": documents}))


_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def page_data(page: str) -> dict[str, Any]:
    """The JSON blocks of a page by id (``meta``, ``claims-data``, ``d0``, ``d1``...)."""
    return {m.group(1): json.loads(m.group(2)) for m in _BLOCK.finditer(page)}


def seed_paragraphs() -> list[str]:
    paras: list[str] = []
    for p in sorted(RAW_SEEDS.glob("*.txt")):
        paras.extend(x.strip() for x in p.read_text("utf-8").split("\n") if len(x.strip()) > 20)
    return paras


CATS = ["mojibake", "mixed-script", "keyword-spam", "provenance", "contradiction", "artifact"]


def synthetic_corpus(n_docs: int, seed: int = 0) -> tuple[Report, dict[str, Document]]:
    """A corpus shaped like a scraped one: real seed paragraphs, findings of every
    category on 70% of the documents, provenance and claims, some fixed documents."""
    rng = random.Random(seed)
    paras = seed_paragraphs()
    docs: list[Document] = []
    findings: list[Finding] = []
    reports: dict[str, DocumentReport] = {}
    for i in range(n_docs):
        text = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(6, 30))) + "\n"
        doc = make_doc(text, f"corpus/{i // 1000:02d}/doc{i:05d}.txt")
        docs.append(doc)
        dr = DocumentReport(path=doc.path, document=doc.doc_id)
        if rng.random() < 0.7:
            for _ in range(rng.randint(1, 8)):
                a = rng.randrange(0, len(text) - 1)
                b = min(len(text), a + rng.choice([1, 2, 3, 6, 12, 40]))
                cat = rng.choice(CATS)
                sev = rng.choice(["error", "warning", "info"])
                findings.append(finding(doc, (a, b), f"T{CATS.index(cat)}01", cat, sev))
        if rng.random() < 0.6:
            dr.provenance = {"date": f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            if rng.random() < 0.8:
                dr.provenance["source"] = rng.choice(["人民网", "重庆发布", "北京青年报"])
        if rng.random() < 0.3:
            dr.claims = [
                ClaimRecord(region="重庆市", metric="新增本土确诊病例", value=rng.randint(100, 999))
            ]
        reports[doc.doc_id] = dr
    return make_report(docs, findings, reports)


# ---------------------------------------------------------------------------------------


HOSTILE = (
    "标题<script>window.__pwned=1</script>\n"
    '正文</script><img src=x onerror="window.__pwned=2"><!-- <b>粗</b> &amp; &lt;\n'
    "尾部 <style>body{display:none}</style>\u2028结束\n"
)


def test_document_markup_is_carried_as_inert_text() -> None:
    doc = make_doc(HOSTILE, "evil<b>.txt")
    f = finding(doc, span(doc, "<img src=x"), "T001", "artifact", message="<script>msg</script>")
    report, docs = make_report([doc], [f])
    page = render_html(report, docs)
    # Exactly our own blocks: meta, one per document, and the page script.
    assert page.count("<script") == 3
    assert page.count("</script>") == 3
    assert "<img" not in page and "<style>body" not in page and "<!-- <b>" not in page
    assert "evil<b>" not in page
    data = page_data(page)
    assert data["d0"]["seg"][0][2] == HOSTILE  # the text survives exactly
    assert data["d0"]["f"][0][6] == "<script>msg</script>"
    assert data["meta"]["docs"][0]["id"] == "evil<b>.txt"


def test_page_loads_nothing_from_the_network() -> None:
    report, docs = synthetic_corpus(20, seed=3)
    page = render_html(report, docs)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_spans_are_utf16_offsets_when_text_has_astral_characters() -> None:
    text = "𠀀𠀁古字🙂後文abc\n第二行𠮷野家目標"
    doc = make_doc(text, "astral.txt", head="---\ntitle: 𠀀\n---\n")
    needles = ["後文abc", "目標", "𠮷"]
    report, docs = make_report(
        [doc], [finding(doc, span(doc, n), "T001", "mojibake") for n in needles]
    )
    det = page_data(render_html(report, docs))["d0"]
    full16 = det["seg"][0][2].encode("utf-16-le")
    got = [full16[2 * f[0] : 2 * f[1]].decode("utf-16-le") for f in det["f"]]
    assert sorted(got) == sorted(needles)
    assert det["len"] * 2 == len(full16)
    # Line numbers count from the file's first line, front matter included.
    assert det["seg"][0][1] == 1
    assert {f[2] for f in det["f"]} == {4, 5}


def test_lone_surrogates_become_replacement_characters_in_place() -> None:
    doc = make_doc("坏\udcff字节后文", "bad.txt")
    report, docs = make_report([doc], [finding(doc, span(doc, "后文"), "T001", "mojibake")])
    page = render_html(report, docs)
    page.encode("utf-8")  # writable
    det = page_data(page)["d0"]
    assert det["seg"][0][2] == "坏\ufffd字节后文"
    assert det["seg"][0][2][det["f"][0][0] : det["f"][0][1]] == "后文"


def _apply_rounds(text: str, rounds: list[list[tuple[int, int, str]]]) -> list[AppliedFix]:
    """The fixer's order: each round's edits applied from the end of the text backwards."""
    applied = []
    for edits in rounds:
        for start, end, repl in sorted(edits, reverse=True):
            applied.append(
                AppliedFix(
                    code="T001",
                    document="d.txt",
                    line=1,
                    column=start + 1,
                    start=start,
                    end=end,
                    before=text[start:end],
                    after=repl,
                    applicability=Applicability.SAFE,
                )
            )
            text = text[:start] + repl + text[end:]
    return applied


def _fix_page(fixed: str, applied: list[AppliedFix]) -> dict[str, Any]:
    doc = make_doc(fixed, "d.txt")
    dr = DocumentReport(path="d.txt", document="d.txt", status="fixed", fixes=applied)
    report, docs = make_report([doc], [], {"d.txt": dr})
    det: dict[str, Any] = page_data(render_html(report, docs))["d0"]
    assert det["mode"] == "full" and det["seg"][0][2] == fixed
    return det


# Two rounds, as the fixer makes them: commas first, then the gloss that a comma fix
# in the first round had to wait for.
ORIGINAL = "甲,乙,丙(bǐng)丁,戊"
FIXED = "甲，乙，丙丁，戊"
ROUNDS = [[(1, 2, "，"), (3, 4, "，"), (12, 13, "，")], [(5, 11, "")]]


def test_fix_shows_the_original_around_before_and_the_fixed_text_around_after() -> None:
    det = _fix_page(FIXED, _apply_rounds(ORIGINAL, ROUNDS))
    got = sorted((r[3], r[4], tuple(r[7]), tuple(r[8])) for r in det["fx"])
    assert got == sorted(
        [
            (",", "，", ("甲", "乙,丙(bǐng)丁,戊"), ("甲", "乙，丙丁，戊")),
            (",", "，", ("甲,乙", "丙(bǐng)丁,戊"), ("甲，乙", "丙丁，戊")),
            (",", "，", ("甲,乙,丙(bǐng)丁", "戊"), ("甲，乙，丙丁", "戊")),
            ("(bǐng)", "", ("甲,乙,丙", "丁,戊"), ("甲，乙，丙", "丁，戊")),
        ]
    )


def test_many_fixes_show_the_text_each_was_applied_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hr, "MAX_MAPPED_FIXES", 0)
    det = _fix_page(FIXED, _apply_rounds(ORIGINAL, ROUNDS))
    by_before = {(r[3], r[7][0]): r for r in det["fx"]}
    # The gloss went in round 2, after every comma was fixed.
    gloss = by_before[("(bǐng)", "甲，乙，丙")]
    assert gloss[7] == gloss[8] == ["甲，乙，丙", "丁，戊"]
    # The last comma went first in round 1, when nothing else had changed yet.
    assert by_before[(",", "甲,乙,丙(bǐng)丁")][8] == ["甲,乙,丙(bǐng)丁", "戊"]


def test_fix_context_is_dropped_when_the_text_does_not_match_the_fixes() -> None:
    applied = _apply_rounds(ORIGINAL, ROUNDS)
    det = _fix_page("完全不同的文本", applied)
    assert [r[7:] for r in det["fx"]] == [[None, None]] * 4


def test_file_level_fix_is_shown_without_context() -> None:
    doc = make_doc("正文\n", "gbk.txt")
    fx = AppliedFix(
        code="M001",
        document="gbk.txt",
        line=1,
        column=1,
        start=0,
        end=0,
        before="encoding gb18030",
        after="encoding utf-8",
        applicability=Applicability.SAFE,
    )
    dr = DocumentReport(path="gbk.txt", document="gbk.txt", status="fixed", fixes=[fx])
    report, docs = make_report([doc], [], {"gbk.txt": dr})
    det = page_data(render_html(report, docs))["d0"]
    assert det["fx"] == [
        ["M001", 1, 1, "encoding gb18030", "encoding utf-8", "safe", 1, None, None]
    ]


def test_provenance_and_claims_tables_appear_only_with_data() -> None:
    report, docs = synthetic_corpus(5, seed=1)
    for d in report.documents:
        d.provenance, d.claims = {}, []
    page = render_html(report, docs)
    data = page_data(page)
    assert data["meta"]["prov"] is None and "claims-data" not in data
    assert 'data-tab="prov"' not in page and 'data-tab="claims"' not in page

    a = make_doc("2020年2月5日，全市新增本土确诊病例178例。\n", "a.txt")
    b = make_doc("全市新增本土确诊病例144例。\n", "b.txt")
    contra = finding(b, span(b, "144例"), "C001", "contradiction", "error", "a.txt says 178")
    contra.claim = "c1"
    miss = finding(b, (0, 0), "P001", "provenance", "error", "no publication date")
    reports = {
        "a.txt": DocumentReport(
            path="a.txt",
            document="a.txt",
            provenance={"source": "人民网", "date": "2020-02-05", "author": ["王斌来", "常碧罗"]},
            claims=[
                {"id": "c1", "metric": "新增本土确诊病例", "value": 178, "start": 13, "end": 17}
            ],
        ),
        "b.txt": DocumentReport(
            path="b.txt",
            document="b.txt",
            provenance={"source": "重庆发布"},
            claims=[
                {"id": "c1", "metric": "新增本土确诊病例", "value": 144, "start": 10, "end": 14},
                {"id": "c2", "metric": "新增无症状感染者", "value": 6157, "line": 9},
            ],
        ),
    }
    report, docs = make_report([a, b], [contra, miss], reports)
    page = render_html(report, docs)
    data = page_data(page)
    prov = data["meta"]["prov"]
    assert prov["cols"] == ["date", "source", "author"]
    assert prov["rows"][0][1] == ["2020-02-05", "人民网", "王斌来; 常碧罗"]
    assert prov["rows"][1][1] == ["", "重庆发布", ""] and prov["rows"][1][2] == 1
    claims = data["claims-data"]
    assert claims["cols"] == ["metric", "value", "line"]
    flagged = [(r[0], r[1][1], bool(r[2])) for r in claims["rows"]]
    assert flagged == [(0, "178", False), (1, "144", True), (1, "6157", False)]
    assert "1 contradicted" in page


def test_provenance_attributes_fold_into_their_field_and_empty_columns_go() -> None:
    a = make_doc("x\n", "a.txt")
    prov = {
        "published": "2022-11-23",
        "published_time": "09:56",
        "published_line": 8,
        "published_origin": "text",
        "source": "人民網",
        "source_line": 8,
        "url": None,
        "authors": [],
        "dateline": {
            "date": "2022-11-22",
            "place": "重慶",
            "line": 15,
            "text": "本報重慶11月22日電",
        },
        "edition": {"paper": "人民日報", "date": "2022-11-23", "page": 2, "line": 11},
    }
    dr = DocumentReport(path="a.txt", document="a.txt", provenance=prov)
    report, docs = make_report([a], [], {"a.txt": dr})
    p = page_data(render_html(report, docs))["meta"]["prov"]
    assert p["cols"] == ["published", "source", "dateline", "edition"]
    (_, cells, issues, _, tips) = p["rows"][0]
    assert cells == [
        "2022-11-23 09:56",
        "人民網",
        "2022-11-22 · 本報重慶11月22日電",
        "2022-11-23 · paper: 人民日報, page: 2",
    ]
    assert tips == {"0": "line 8, from the text", "1": "line 8"} and issues == 0


def test_claim_columns_show_what_people_read() -> None:
    a = make_doc("x\n", "a.txt")
    claim = {
        "region": "重庆市",
        "metric": "new_local_confirmed",
        "metric_label": "new local confirmed cases",
        "period": {
            "kind": "day",
            "text": "21日零时至24时",
            "key": "day:2022-11-21",
            "start": "2022-11-21",
        },
        "value": 178,
        "low": 178,
        "high": 178,
        "unit": "例",
        "start": 3,
        "end": 9,
        "line": 17,
        "column": 97,
        "comparable": True,
    }
    dr = DocumentReport(path="a.txt", document="a.txt", claims=[claim])
    report, docs = make_report([a], [], {"a.txt": dr})
    c = page_data(render_html(report, docs))["claims-data"]
    assert c["cols"] == ["region", "metric_label", "period", "value", "unit", "line"]
    assert c["rows"][0][1] == [
        "重庆市",
        "new local confirmed cases",
        "2022-11-21 · 21日零时至24时",
        "178",
        "例",
        "17",
    ]


def test_a_claim_is_contradicted_by_the_claim_it_conflicts_with_not_by_its_line() -> None:
    # A total and its imported part on one line, the total given twice with two values:
    # one C104 finding on the second total names the first. Both totals are contradicted;
    # the part on the same line and the unrelated figure are not (the span/line guess
    # marked four claims where two conflict).
    a = make_doc("新增病例178例，其中境外输入3例。\n新增病例187例，其中境外输入3例。\n", "a.md")
    at = span(a, "新增病例187例")
    contra = finding(a, at, "C104", "contradiction", "error", "178 earlier in this text")
    contra.claim = "c3"
    contra.other_claim = ClaimRef(document="a.md", claim="c1")
    dr = DocumentReport(
        path="a.md",
        document="a.md",
        claims=[
            ClaimRecord(id="c1", metric="m", value=178, start=0, end=9),
            ClaimRecord(id="c2", metric="imp", value=3, start=10, end=16),
            ClaimRecord(id="c3", metric="m", value=187, start=at[0], end=at[1]),
            ClaimRecord(id="c4", metric="imp", value=3, start=at[1] + 3, end=at[1] + 9),
        ],
    )
    report, docs = make_report([a], [contra], {"a.md": dr})
    page = render_html(report, docs)
    rows = page_data(page)["claims-data"]["rows"]
    assert [r[2] for r in rows] == [
        "C104: conflicts with a figure in this document",
        "",
        "178 earlier in this text",
        "",
    ]
    assert "Claims (4, 2 contradicted)" in page


def test_a_cross_article_conflict_marks_the_claim_named_in_the_other_document() -> None:
    a = make_doc("全市新增病例178例。\n", "a.txt")
    b = make_doc("全市新增病例187例。\n全市新增病例9例。\n", "b.txt")
    fa = finding(a, span(a, "新增病例178例"), "C101", "contradiction", "error", "b.txt says 187")
    fa.claim, fa.other_claim = "c1", ClaimRef(document="b.txt", claim="c1")
    reports = {
        "a.txt": DocumentReport(
            path="a.txt", document="a.txt", claims=[ClaimRecord(id="c1", metric="m", value=178)]
        ),
        "b.txt": DocumentReport(
            path="b.txt",
            document="b.txt",
            claims=[
                ClaimRecord(id="c1", metric="m", value=187),
                ClaimRecord(id="c2", metric="m", value=9),
            ],
        ),
    }
    report, docs = make_report([a, b], [fa], reports)
    rows = page_data(render_html(report, docs))["claims-data"]["rows"]
    assert [(r[0], r[2]) for r in rows] == [
        (0, "b.txt says 187"),
        (1, "C101: conflicts with a figure in a.txt"),
        (1, ""),
    ]


def test_a_contradiction_finding_without_a_claim_id_marks_no_claim() -> None:
    # Nothing is guessed from offsets: a finding that names no claim marks none, even
    # when its span is exactly a claim's.
    a = make_doc("新增病例178例。\n", "a.md")
    at = span(a, "新增病例178例")
    contra = finding(a, at, "C001", "contradiction", "error", "b.md says 187")
    dr = DocumentReport(
        path="a.md",
        document="a.md",
        claims=[ClaimRecord(id="c1", metric="m", value=178, start=at[0], end=at[1])],
    )
    report, docs = make_report([a], [contra], {"a.md": dr})
    page = render_html(report, docs)
    assert [r[2] for r in page_data(page)["claims-data"]["rows"]] == [""]
    assert "0 contradicted" in page


def test_unreadable_documents_are_listed_with_their_reason() -> None:
    ok = make_doc("正文\n", "ok.txt")
    report, docs = make_report([ok], [], unreadable={"bin.dat": "binary file (NUL bytes)"})
    page = render_html(report, docs)
    meta = page_data(page)["meta"]
    assert meta["unreadable"] == [1]
    assert meta["docs"][1]["r"] == "binary file (NUL bytes)"
    assert meta["docs"][1]["st"] == "unreadable"
    assert 'data-tab="unreadable"' in page


def test_long_document_is_shown_as_excerpts_around_its_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hr, "FULL_DOC_LIMIT", 5_000)
    lines = [f"第{i}行，正常的新闻正文内容。" for i in range(2000)]
    lines[1200] = "第1200行，这里有<spam>彩票</spam>。"
    doc = make_doc("\n".join(lines) + "\n", "long.txt")
    report, docs = make_report([doc], [finding(doc, span(doc, "彩票"), "K001", "keyword-spam")])
    det = page_data(render_html(report, docs))["d0"]
    assert det["mode"] == "excerpt"
    shown = "".join(s[2] for s in det["seg"])
    assert "彩票" in shown and len(shown) < 2 * hr.EXCERPT_CONTEXT + 200
    (off, line, seg_text) = det["seg"][0]
    f = det["f"][0]
    assert seg_text[f[0] - off : f[1] - off] == "彩票"
    # Excerpts start at a line start and carry that line's number.
    assert seg_text.startswith("第") and seg_text.split("，")[0] == f"第{line - 1}行"


def test_text_budget_trims_context_and_drops_clean_text(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    paras = seed_paragraphs()
    docs, fs = [], []
    for i in range(40):
        text = "\n".join(rng.choice(paras) for _ in range(30))[:3000] + "\n"
        doc = make_doc(text, f"d{i:02d}.txt")
        docs.append(doc)
        if i % 2:
            a = rng.randrange(0, 2900)
            fs.append(finding(doc, (a, a + 5), "T001", "artifact"))
    report, documents = make_report(docs, fs)
    budget = 10_000
    monkeypatch.setattr(hr, "TEXT_BUDGET", budget)
    data = page_data(render_html(report, documents))
    mode, context = data["meta"]["mode"].split(":")
    assert mode == "excerpt" and hr.MIN_EXCERPT_CONTEXT <= int(context) < hr.EXCERPT_CONTEXT
    embedded = 0
    for i, row in enumerate(data["meta"]["docs"]):
        det = data[f"d{i}"]
        if i % 2 == 0:
            assert row["n"] == 0 and det["mode"] == "none" and "seg" not in det
            continue
        assert det["mode"] == "excerpt"
        embedded += sum(len(s[2]) for s in det["seg"])
        for f in det["f"]:  # every finding lies inside an excerpt
            assert any(s[0] <= f[0] and f[1] <= s[0] + len(s[2]) for s in det["seg"])
    assert budget // 4 < embedded <= budget


def test_suppressed_findings_are_marked_but_not_counted_as_active() -> None:
    doc = make_doc("甲乙丙丁\n", "s.txt")
    fs = [
        finding(doc, span(doc, "甲"), "T001", "artifact", waived="reviewed: a real name"),
        finding(doc, span(doc, "丙"), "T002", "mojibake", baselined=True),
        finding(doc, span(doc, "丁"), "T003", "mojibake", "error"),
    ]
    report, docs = make_report([doc], fs)
    data = page_data(render_html(report, docs))
    row = data["meta"]["docs"][0]
    assert (row["n"], row["e"], row["s"]) == (1, 1, 2)
    assert row["c"] == {"mojibake": 1} and row["cs"] == {"artifact": 1, "mojibake": 1}
    assert [f[8] for f in data["d0"]["f"]] == ["waived: reviewed: a real name", "baselined", ""]


def test_fix_of_a_finding_is_described_with_its_edits() -> None:
    doc = make_doc("日,重庆\n", "f.txt")
    fix = Fix(applicability=Applicability.SAFE, edits=[Edit(start=1, end=2, replacement="，")])
    report, docs = make_report([doc], [finding(doc, (1, 2), "X001", "artifact", fix=fix)])
    f = page_data(render_html(report, docs))["d0"]["f"][0]
    assert f[7] == ["safe", "", [[1, ",", "，"]], None, 0]


def test_cli_writes_the_page_for_a_corpus_with_fixes_and_an_unreadable_file(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("本报记者{{ author }}报道<script>x()</script>。\n", "utf-8")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary")
    out = tmp_path / "reports" / "r.html"
    args = ["corpus", "--no-progress", "--exit-zero", "--report", f"html:{out}"]
    proc = subprocess.run(
        [sys.executable, "-m", "seedlint", *args, "--output-format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 2), proc.stderr
    data = page_data(out.read_text("utf-8"))
    ids = [d["id"] for d in data["meta"]["docs"]]
    assert ids == ["corpus/a.txt", "corpus/bin.txt"]
    assert data["meta"]["docs"][1]["st"] == "unreadable" and data["meta"]["docs"][1]["r"]
    a = data["d0"]
    assert a["seg"][0][2].startswith("本报记者{{ author }}")
    codes = [data["meta"]["codes"][f[4]][0] for f in a["f"]]
    assert "A001" in codes


def test_cli_shows_the_text_of_a_document_whose_only_finding_is_cross_article(
    tmp_path: Path,
) -> None:
    # Each bulletin is clean on its own; only the corpus pass (C101) finds the conflict.
    # Both documents are shown with their text, the conflicting claims marked by id, and
    # a third document with claims but no finding is not kept for the page.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    head = "2022年11月22日 来源：{}\n"
    body = "21日0时至24时，重庆市新增本土确诊病例{}例，新增本土无症状感染者1234例。\n"
    (corpus / "a.txt").write_text(head.format("甲报") + body.format(178), "utf-8")
    (corpus / "b.txt").write_text(head.format("乙报") + body.format(187), "utf-8")
    (corpus / "c.txt").write_text(
        "2022年11月23日 来源：丙报\n22日0时至24时，重庆市新增本土确诊病例9例。\n", "utf-8"
    )
    out = tmp_path / "r.html"
    args = ["corpus", "--no-progress", "--exit-zero", "--select", "C101,C104", "--report"]
    proc = subprocess.run(
        [sys.executable, "-m", "seedlint", *args, f"html:{out}", "--output-format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = Report.model_validate_json(proc.stdout)
    assert sorted((f.document, f.code) for f in report.findings) == [
        ("corpus/a.txt", "C101"),
        ("corpus/b.txt", "C101"),
    ]
    claims = {(d.document, c.id): c for d in report.documents for c in d.claims}
    for f in report.findings:
        assert f.claim is not None and f.other_claim is not None
        mine, other = (
            claims[(f.document, f.claim)],
            claims[(f.other_claim.document, f.other_claim.claim)],
        )
        assert mine.metric == other.metric and mine.value != other.value
    data = page_data(out.read_text("utf-8"))
    docs = data["meta"]["docs"]
    assert [d["id"] for d in docs] == ["corpus/a.txt", "corpus/b.txt", "corpus/c.txt"]
    assert [data[f"d{i}"]["mode"] for i in range(2)] == ["full", "full"]
    assert data["d0"]["seg"][0][2].startswith("2022年11月22日 来源：甲报")
    assert len(data["claims-data"]["rows"]) == 5
    marked = [(r[0], r[1]) for r in data["claims-data"]["rows"] if r[2]]
    assert len(marked) == 2 and {i for i, _ in marked} == {0, 1}


def test_cached_run_still_shows_the_text_of_a_cross_article_only_document(
    tmp_path: Path,
) -> None:
    # The second run takes both bulletins from the result cache (a third file changed,
    # so the run itself is not replayed): their texts are read again for the page.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    head = "2022年11月22日 来源：{}\n"
    body = "21日0时至24时，重庆市新增本土确诊病例{}例。\n"
    (corpus / "a.txt").write_text(head.format("甲报") + body.format(178), "utf-8")
    (corpus / "b.txt").write_text(head.format("乙报") + body.format(187), "utf-8")
    out = tmp_path / "r.html"
    cache = tmp_path / "user-cache"
    args = ["corpus", "--no-progress", "--exit-zero", "--select", "C101"]
    args += ["--cache-dir", str(cache), "--report"]
    modes = []
    for note in ("一", "二"):
        (corpus / "c.txt").write_text(f"说明{note}。\n", "utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "seedlint", *args, f"html:{out}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        data = page_data(out.read_text("utf-8"))
        modes.append([data[f"d{i}"]["mode"] for i in range(2)])
    assert cache.is_dir()  # the second run was served from it
    assert modes == [["full", "full"], ["full", "full"]]
