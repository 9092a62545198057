"""The review page in a real headless browser: what a reviewer sees, clicks and waits for.

Drives Debian's chromium through Playwright (installed by .ci/install-browser). Where no
browser can be installed the tests skip with the reason; they never fail for want of one.
Screenshots and the scale measurements go to reports/ (ignored by git) for people to look
at.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RAW_SEEDS, REPO
from seedlint.rules import load_rules
from test_html_report import (
    HOSTILE,
    finding,
    make_doc,
    make_report,
    render_html,
    span,
    synthetic_corpus,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
REPORTS = REPO / "reports"
SCALE_DOCS = 10_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A fresh chromium profile for this module, or a skip saying why there is none."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("no browser: Playwright is not installed (run .ci/install-browser)")
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not exe:
        pytest.skip("no browser: Debian's chromium is not installed (run .ci/install-browser)")
    with tempfile.TemporaryDirectory(prefix="seedlint-chromium-") as profile:
        with sync_playwright() as pw:
            try:
                ctx = pw.chromium.launch_persistent_context(
                    profile,
                    executable_path=exe,
                    headless=True,
                    args=CHROMIUM_FLAGS,
                    viewport={"width": 1440, "height": 1000},
                )
            except Error as exc:
                pytest.skip(f"no browser: chromium did not start: {str(exc).splitlines()[0]}")
            yield ctx
            ctx.close()


class Page:
    """One opened report, with the page's errors collected (any error fails the test)."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=20_000)

    def open_doc(self, doc_id: str) -> None:
        p = self.page
        p.fill("#q", doc_id)
        p.click(f'#doc-table tr[data-doc="{doc_id}"]')
        p.wait_for_selector(f'#doc-view[data-doc="{doc_id}"]')
        p.fill("#q", "")

    def marks(self, selector: str = "#text mark.hl") -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.page.eval_on_selector_all(
            selector,
            """ms => ms.map(m => ({cats: [...m.classList].filter(c => c.startsWith('c-'))
                .map(c => c.slice(2)), cat: m.dataset.cat, codes: m.dataset.codes.split(' '),
                fids: m.dataset.f.split(' ').map(Number),
                text: m.textContent,
                bg: getComputedStyle(m).backgroundColor}))""",
        )
        return result

    def rows(self) -> list[dict[str, str]]:
        result: list[dict[str, str]] = self.page.eval_on_selector_all(
            "#doc-table tbody tr",
            "rs => rs.map(r => ({doc: r.dataset.doc, cats: r.dataset.cats}))",
        )
        return result

    def close(self) -> None:
        assert not self.errors, self.errors
        self.page.close()


def _seedlint(cwd: Path, *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "seedlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1, 2) and "Traceback" not in proc.stderr, proc.stderr


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The raw seeds linted by the CLI with the shipped rule pack: the HTML and JSON reports."""
    work = tmp_path_factory.mktemp("seeds-review")
    shutil.copytree(RAW_SEEDS, work / "seeds")
    html, js = work / "seeds.html", work / "seeds.json"
    _seedlint(
        work,
        "seeds",
        "--no-progress",
        "--exit-zero",
        "--output-format",
        "html",
        "--output-file",
        str(html),
        "--report",
        f"json:{js}",
    )
    return html, json.loads(js.read_text("utf-8"))


def _active_categories_by_doc(report: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for f in report["findings"]:
        if not f["waived"] and not f["baselined"]:
            out[f["document"]].add(f["category"])
    return out


def test_seed_report_highlights_every_category_it_contains(
    browser: Any, seeds_report: tuple[Path, dict[str, Any]]
) -> None:
    html, report = seeds_report
    page = Page(browser, html)
    rows = page.rows()
    assert sorted(r["doc"] for r in rows) == sorted(f"seeds/{p.name}" for p in RAW_SEEDS.iterdir())
    by_doc = _active_categories_by_doc(report)
    for doc_id, cats in sorted(by_doc.items()):
        page.open_doc(doc_id)
        shown = {c for m in page.marks() for c in m["cats"]}
        assert cats <= shown, f"{doc_id}: no highlighted span for {cats - shown}"
        n_active = sum(1 for f in report["findings"] if f["document"] == doc_id)
        assert page.page.locator("#flist li").count() == n_active
    # The overview counts agree with the JSON report.
    for cat, n in report["summary"]["by_category"].items():
        chip = page.page.locator(f'.chip[data-cat="{cat}"] b')
        assert chip.inner_text() == str(n)
    page.close()


def _rule_with(category: str, name_part: str = "") -> str | None:
    for r in load_rules():
        if r.spec.category.value == category and name_part in r.spec.name and r.spec.enabled:
            return r.code
    return None


def test_seed_keyword_spam_block_is_highlighted(
    browser: Any, seeds_report: tuple[Path, dict[str, Any]]
) -> None:
    code = _rule_with("keyword-spam")
    if code is None:
        pytest.skip("the rule pack has no keyword-spam rule yet: nothing to highlight")
    html, _ = seeds_report
    page = Page(browser, html)
    page.open_doc("seeds/000_ea1647fd556938d9.txt")
    spam = "".join(m["text"] for m in page.marks("#text mark.hl.c-keyword-spam"))
    for county in ("镇远县", "闽侯县", "翁牛特旗", "攀枝花市", "湖南省", "湟源县"):
        assert county in spam, f"{county} of the spam block is not highlighted"
    # The spam block, not the article, is what is marked.
    assert "重慶以快制快" not in spam and "全力推動社會面" not in spam
    page.close()


def test_seed_pinyin_glosses_are_highlighted(
    browser: Any, seeds_report: tuple[Path, dict[str, Any]]
) -> None:
    code = _rule_with("artifact", "pinyin")
    if code is None:
        pytest.skip("the rule pack has no pinyin-gloss rule yet: nothing to highlight")
    html, report = seeds_report
    page = Page(browser, html)
    for name in ("000_ea1647fd556938d9.txt", "001_712f67c0189c27b8.txt"):
        page.open_doc(f"seeds/{name}")
        text = (RAW_SEEDS / name).read_text("utf-8")
        glosses = [
            text[f["start"] : f["end"]]
            for f in report["findings"]
            if f["code"] == code and f["document"] == f"seeds/{name}"
        ]
        assert len(glosses) >= 10, f"{name}: the seed's pinyin glosses were not found"
        # Each gloss is highlighted on exactly its own characters (a highlight may be cut
        # in pieces where another finding overlaps it).
        per_finding: dict[int, str] = defaultdict(str)
        for m in page.marks(f'#text mark.hl[data-codes~="{code}"]'):
            for i, c in zip(m["fids"], m["codes"], strict=True):
                if c == code:
                    per_finding[i] += m["text"]
        assert sorted(per_finding.values()) == sorted(glosses), name
        assert all("(" in g and ")" in g for g in glosses)
    page.close()


def _check_filter(page: Page, cat: str, docs_with: set[str]) -> None:
    """Clicking a category keeps the documents that have it and dims other highlights."""
    p = page.page
    all_rows = len(page.rows())
    p.click(f'.chip[data-cat="{cat}"]')
    rows = page.rows()
    assert {r["doc"] for r in rows} == docs_with
    assert all(cat in r["cats"].split() for r in rows)
    assert p.locator(f'.chip.on[data-cat="{cat}"]').count() == 1
    p.click(f'#doc-table tr[data-doc="{sorted(docs_with)[0]}"]')
    marks = page.marks()
    on = [m for m in marks if cat in m["cats"]]
    off = [m for m in marks if cat not in m["cats"]]
    assert on and all(m["bg"] != "rgba(0, 0, 0, 0)" for m in on)
    assert all(m["bg"] == "rgba(0, 0, 0, 0)" for m in off)
    listed = p.eval_on_selector_all(
        "#flist li", "ls => ls.filter(l => l.offsetParent !== null).map(l => l.className)"
    )
    assert listed and all(f"c-{cat}" in c.split() for c in listed)
    p.click(f'.chip[data-cat="{cat}"]')  # a second click clears the filter
    assert len(page.rows()) == all_rows


def test_clicking_a_category_filters_documents_and_highlights(browser: Any, tmp_path: Path) -> None:
    a = make_doc("人民網(wǎng)报道：镇远县|闽侯县|左权县|绿春县\n", "a.txt")
    b = make_doc("鏂伴椈热线，正文。\n", "b.txt")
    c = make_doc("人民網(wǎng)正文，没有别的。\n", "c.txt")
    fs = [
        finding(a, span(a, "(wǎng)"), "A101", "artifact"),
        finding(a, span(a, "镇远县|闽侯县|左权县|绿春县"), "K001", "keyword-spam", "error"),
        finding(b, span(b, "鏂伴椈"), "M001", "mojibake", "error"),
        finding(c, span(c, "(wǎng)"), "A101", "artifact"),
    ]
    report, docs = make_report([a, b, c], fs)
    path = tmp_path / "r.html"
    path.write_text(render_html(report, docs), "utf-8")
    page = Page(browser, path)
    _check_filter(page, "keyword-spam", {"a.txt"})
    _check_filter(page, "artifact", {"a.txt", "c.txt"})
    # The bar chart filters too.
    page.page.click('.chart .bar[data-cat="mojibake"]')
    assert [r["doc"] for r in page.rows()] == ["b.txt"]
    page.page.click('.chart .bar[data-cat="mojibake"]')
    # So does the rule list: only that rule's highlights keep their colour.
    page.page.select_option("#code", "A101")
    assert sorted(r["doc"] for r in page.rows()) == ["a.txt", "c.txt"]
    page.page.click('#doc-table tr[data-doc="a.txt"]')
    coloured = {m["codes"][0] for m in page.marks() if m["bg"] != "rgba(0, 0, 0, 0)"}
    assert coloured == {"A101"}
    page.close()


def test_seed_report_filters_by_category_when_it_has_several(
    browser: Any, seeds_report: tuple[Path, dict[str, Any]]
) -> None:
    html, report = seeds_report
    by_doc = _active_categories_by_doc(report)
    cats = sorted({c for cs in by_doc.values() for c in cs})
    if len(cats) < 2:
        pytest.skip(f"the seed report has {len(cats)} category(ies): filtering shows nothing")
    page = Page(browser, html)
    for cat in cats:
        _check_filter(page, cat, {d for d, cs in by_doc.items() if cat in cs})
    page.close()


def test_script_in_a_document_is_shown_as_text_and_never_runs(browser: Any, tmp_path: Path) -> None:
    doc = make_doc(HOSTILE, "evil<img src=x onerror=window.__pwned=3>.txt")
    report, docs = make_report([doc], [finding(doc, span(doc, "<img src=x"), "A001", "artifact")])
    path = tmp_path / "evil.html"
    path.write_text(render_html(report, docs), "utf-8")
    page = Page(browser, path)
    page.open_doc(doc.doc_id)
    p = page.page
    assert p.evaluate("window.__pwned") is None
    assert p.locator("img, style:not(head style)").count() == 0
    shown = p.evaluate("document.querySelector('#text').textContent")
    assert shown == HOSTILE.replace("\n", "")
    assert [m["text"] for m in page.marks()] == ["<img src=x"]
    assert p.locator("#doc-view h2").inner_text() == doc.doc_id
    page.close()


def test_fixes_and_unreadable_files_from_a_cli_run(browser: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(RAW_SEEDS / "001_712f67c0189c27b8.txt", corpus)  # glosses, half-width commas
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary")
    html = tmp_path / "fixed.html"
    _seedlint(
        tmp_path, "corpus", "--fix", "--no-progress", "--exit-zero", "--report", f"html:{html}"
    )
    page = Page(browser, html)
    p = page.page
    fixed = p.eval_on_selector_all(
        "#doc-table tbody tr", "rs => rs.filter(r => r.querySelector('.st.fixed')).length"
    )
    if any(r.spec.fix.value == "safe" for r in load_rules()):
        assert fixed == 1, "seed 001 has glosses and half-width commas that safe fixes repair"
        p.click("#doc-table tbody tr:has(.st.fixed)")
        p.wait_for_selector("#fixes")
        if not p.eval_on_selector("#fixes", "d => d.open"):
            p.click("#fixes summary")
        rows = p.locator("#fixes tbody tr")
        assert rows.count() >= 1
        assert p.locator("#fixes tbody tr del").count() == rows.count()
        assert p.locator("#fixes tbody tr ins").count() == rows.count()
        p.evaluate("document.querySelector('#fixes').scrollIntoView()")
        p.screenshot(path=str(_reports() / "review-fixes.png"))
    p.click('.tab[data-tab="unreadable"]')
    cells = p.locator("#unreadable-table tbody tr td").all_inner_texts()
    assert cells[0] == "corpus/bin.txt" and cells[1]
    page.close()


def _reports() -> Path:
    REPORTS.mkdir(exist_ok=True)
    return REPORTS


def test_screenshot_of_the_seed_report(
    browser: Any, seeds_report: tuple[Path, dict[str, Any]]
) -> None:
    html, _ = seeds_report
    page = Page(browser, html)
    if page.page.locator("#text").count():
        first = page.page.locator("#text mark.hl").first
        if first.count():
            first.click()
    out = _reports() / "seeds-review.png"
    page.page.screenshot(path=str(out))
    assert out.stat().st_size > 20_000
    page.close()


@pytest.fixture(scope="module")
def scale_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    t0 = time.perf_counter()
    report, docs = synthetic_corpus(SCALE_DOCS, seed=7)
    t1 = time.perf_counter()
    page = render_html(report, docs)
    t2 = time.perf_counter()
    path = tmp_path_factory.mktemp("scale") / "scale.html"
    path.write_text(page, "utf-8")
    stats = {
        "documents": SCALE_DOCS,
        "findings": len(report.findings),
        "text_chars": sum(len(d.text) for d in docs.values()),
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "build_s": round(t1 - t0, 2),
        "render_s": round(t2 - t1, 2),
    }
    return path, stats


def test_page_for_ten_thousand_documents_is_small_and_fast_to_write(
    scale_page: tuple[Path, dict[str, float]],
) -> None:
    _, stats = scale_page
    assert stats["file_mb"] < 60, stats
    assert stats["render_s"] < 20, stats


def test_page_for_ten_thousand_documents_paints_fast(
    browser: Any, scale_page: tuple[Path, dict[str, float]]
) -> None:
    path, stats = scale_page
    t0 = time.perf_counter()
    page = Page(browser, path)
    load_s = time.perf_counter() - t0
    p = page.page
    fcp = p.evaluate(
        "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0]"
    )
    ready = p.evaluate("window.__seedlintReady")
    assert p.locator("#doc-table tbody tr").count() == 50  # paginated
    t1 = time.perf_counter()
    p.click("#doc-table tbody tr:nth-child(2)")
    p.wait_for_selector("#text .l")
    open_ms = (time.perf_counter() - t1) * 1000
    t2 = time.perf_counter()
    p.click('.chip[data-cat="contradiction"]')
    filter_ms = (time.perf_counter() - t2) * 1000
    stats.update(
        first_contentful_paint_ms=round(fcp),
        ready_ms=round(ready),
        load_s=round(load_s, 2),
        open_document_ms=round(open_ms),
        filter_ms=round(filter_ms),
    )
    (_reports() / "html-scale.json").write_text(json.dumps(stats, indent=2) + "\n", "utf-8")
    print("review page at scale:", stats)
    assert fcp < 3000, stats
    assert ready < 8000, stats
    assert open_ms < 1500 and filter_ms < 1500, stats
    page.close()


def test_cross_article_conflict_shows_both_texts_and_only_the_two_claims(
    browser: Any, tmp_path: Path
) -> None:
    # Two bulletins clean on their own, in conflict with each other (C101 only), each with
    # a second figure on the same line. The reviewer sees both texts with the conflicting
    # figure highlighted, and "only contradicted claims" lists the two totals, not the
    # parts beside them.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    head = "2022年11月22日 来源：{}\n"
    body = "21日0时至24时，重庆市新增本土确诊病例{}例，新增本土无症状感染者1234例。\n"
    (corpus / "a.txt").write_text(head.format("甲报") + body.format(178), "utf-8")
    (corpus / "b.txt").write_text(head.format("乙报") + body.format(187), "utf-8")
    html = tmp_path / "c101.html"
    _seedlint(
        tmp_path, "corpus", "--no-progress", "--exit-zero", "--select", "C101",
        "--report", f"html:{html}",
    )  # fmt: skip
    page = Page(browser, html)
    p = page.page
    for doc_id in ("corpus/a.txt", "corpus/b.txt"):
        page.open_doc(doc_id)
        assert "重庆市新增本土确诊病例" in p.inner_text("#text")
        assert [m["codes"] for m in page.marks()] == [["C101"]]
    p.click('.tab[data-tab="claims"]')
    p.wait_for_selector("#claims-table tbody tr")
    assert p.locator("#claims-table tbody tr").count() == 4
    p.check("#onlyc")
    shown = p.locator("#claims-table tbody tr").all_inner_texts()
    assert len(shown) == 2 and all("1234" not in r for r in shown)
    assert sorted("178" in r for r in shown) == [False, True]
    page.close()


def test_bidi_controls_in_file_names_and_fix_context_show_as_badges(
    browser: Any, tmp_path: Path
) -> None:
    from seedlint.model import Applicability, AppliedFix, DocumentReport

    name = "docs/invoice\u202etxt.exe"  # the override would show it as "exe.txt"
    text = "甲\u202e乙,丙\u2066丁"
    fix = AppliedFix(
        code="T001",
        document=name,
        line=1,
        column=4,
        start=3,
        end=4,
        before=",",
        after="，",
        applicability=Applicability.SAFE,
    )
    doc = make_doc(text.replace(",", "，"), name)
    dr = DocumentReport(path=name, document=name, status="fixed", fixes=[fix])
    report, docs = make_report([doc], [], {name: dr}, unreadable={"bad\u202egnp.txt": "x"})
    path = tmp_path / "bidi.html"
    path.write_text(render_html(report, docs), "utf-8")
    page = Page(browser, path)
    p = page.page
    cell = p.locator("#doc-table tbody tr td.path").first.inner_text()
    assert "\u202e" not in cell and "U+202E" in cell
    page.open_doc(name)
    assert p.locator("#doc-view h2").inner_text() == "docs/invoiceU+202Etxt.exe"
    p.wait_for_selector("#fixes")
    if not p.eval_on_selector("#fixes", "d => d.open"):
        p.click("#fixes summary")
    shown = p.locator("#fixes tbody").inner_text()
    assert "\u202e" not in shown and "\u2066" not in shown
    assert "U+202E" in shown and "U+2066" in shown
    p.click('.tab[data-tab="unreadable"]')
    cells = p.locator("#unreadable-table tbody tr td").all_inner_texts()
    assert cells[0] == "badU+202Egnp.txt"
    assert not page.errors
    page.close()
