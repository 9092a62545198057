"""Peak memory against corpus size: the report must not grow with the findings.

Runs ``seedlint`` from the command line in a fresh process per measurement (one core,
``--no-cache``), writing the JSON, SARIF and HTML reports and the text output to files,
and reads that process's peak RSS and CPU time from ``os.wait4`` (CPU time, not wall
clock: the machine is shared). Corpora, all from ``make_corpus.py`` (same seed):

* dirty: the generated corpus as it is (about 40% of documents carry injected
  defects; some 1.5 findings per KB of text);
* clean: the same corpus without the documents that carry injected defects;
* one 20 MB single-line text file made of the dirty corpus's texts.

``--compare-with DIR`` also runs the seedlint whose package folder is ``DIR`` (another
checkout's ``lint``) on every corpus up to ``--compare-max`` and checks that every report
file is byte-identical, which is how "no change in any finding" is checked field by
field (the JSON report holds every field of every finding).

    python bench/bench_memory.py --sizes 10MB,100MB,1GB
    python bench/bench_memory.py --sizes 25MB,100MB --compare-with ../old/lint
    python bench/bench_memory.py --single-line-only   # the 20 MB single lines only

Writes ``bench/results/memory.json`` and ``bench/RESULTS-memory.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from make_corpus import parse_size  # noqa: E402

REPORTS = ("json", "sarif", "html")
NOTES = [
    "Before the report was spooled (every finding held for the reporters), measured the",
    "same way with `/usr/bin/time -v`: dirty 25 MB with all seven formats written, 1306 MB",
    "(278 MB after, all seven byte-identical); dirty 100 MB with text, JSON, SARIF and",
    "HTML, 4085 MB and 58 s of CPU (291 MB and 63 s after, the four byte-identical).",
    "",
    "What the corpus passes read per document (C101's claims, the manifest check's hashes,",
    "each document's position anchor) is now on disk (`corpusstore.py`; C101 indexes",
    "claims in a private SQLite file). Before, the dirty 1 GB run's RSS, sampled every",
    "20 s, rose from 315 MB (2.5 min of CPU) to 386 MB (5.6 min) and 413 MB (8.7 min,",
    "about 80% of the linting) when the run had to stop. After, the 1 GB row above: 404 MB",
    "at its peak, reached while the HTML page was written (the page kept two more sets",
    "of the 200,000 document ids beside its map of them). With the page keeping one map",
    "and a set of repeated positions (byte-identical page), the same command measured",
    "with `/usr/bin/time -v`: 375 MB peak, 582 s of user CPU, the four reports written.",
    "",
    "What a run retains when the corpus passes start (`python bench/bench_retained.py`,",
    "tracemalloc) is what the detectors' lazily loaded tables take plus the documents",
    "kept for the reporters (at most 32 MB of input): 99.9 MB at 10 MB (2,028 documents)",
    "and 140.0 MB at 100 MB (20,172) before, 96.8 and 133.5 MB after, with no",
    "allocation site left that holds an object per document past the kept ones (the",
    "collected claims, the anchors and the manifest's hashes were three of them).",
    "",
    "The 20 MB single-line file peaked at 1399 MB (the same measured again with",
    "`/usr/bin/time -v` before this round) while its one document was linted: the",
    "detectors' analyses of one huge document, not the report. Measured rule by rule",
    "(RSS over the process's, peak reset before each rule, the shared analyses built by",
    "the first rule that needs them), four rules each held 470-580 MB for a moment to",
    "count a character class with `len(rx.findall(text))`, a list of one string per",
    "character (M102, M107 and X103 through `replacement_soup`, X101 through its Han",
    "count); the claims kept their map back to original offsets as one Python int per",
    "character (288 MB for the rest of the document); A204 grouped repeated n-grams and",
    "ranked token ids with `np.unique` (five to seven arrays of eight bytes per token at",
    "once). Now the classes are counted window by window (`_charcount.py`), the offset",
    "map is the pieces between cuts, and A204 groups by a stable argsort and two flags",
    "and ranks through a table of the id range, and keeps no token lengths beside their",
    "prefix sums: 971 MB peak (row above), the four reports byte-identical to before, as",
    "on dirty-10MB (row above) and on the real-text harness (the same 79,958 findings per",
    "source and code).",
    "",
    "Other 20 MB single lines (`--single-line-only`, same command): an HTML page on one",
    "line 1523 MB before, 1001 MB after; prose with no punctuation or space 1046 MB",
    "before, 776 MB after (149 s and 138 s of CPU); all reports byte-identical (both",
    "measured before the token lengths went, so about 45 MB less now). Figures and metric",
    "terms run together had not finished after 9 minutes of CPU (916 MB peak so far):",
    "the claims read every list's total back to the start of the line, quadratic. With",
    "that bounded, the same 20 MB line takes 36 s of CPU and peaks at 942 MB (JSON report).",
    "",
    "Then still over the 400 MB target. What the single-line text held at its peak (A204,",
    "tracemalloc): about 350 MB before A204 started (the interpreter, the rule pack, the",
    "text and its raw bytes, 127 MB; the page analysis A201/A202 keeps for the document,",
    "224 MB: the line as several 29 MB copies, its Simplified form, casefold, ruby",
    "removal and their pair array), then A204's own 670 MB: about ten int64 arrays per",
    "token (starts, ends, ids, prefix sums, hashes, count bounds, ranks) for",
    "5.6 million tokens, 45 MB each. Next steps, none of which may change a finding:",
    "32-bit token offsets and lengths, dropping the page analysis before A204 runs, and",
    "the claim analysis's remaining 60 MB.",
    "",
    "This round (the 20 MB single lines, `--single-line-only`, each measured against the",
    "code before it in the same run, all four reports byte-identical; `bench/exact.py` finds",
    "no difference in any finding, document entry or fix on dirty-10MB, the text line and",
    "the figures line; the real-text harness gives the same 80,350 findings in every cell):",
    "text line 977 -> 547 MB, prose without punctuation 772 -> 376 MB, HTML page on one line",
    "965 -> 680 MB, figures and metric terms 1075 -> 1085 MB (no change: see below);",
    "CPU time within a few percent of before (same run, shared machine). What changed:",
    "A204 made its polynomial hashes from powers and prefix sums as long as the document",
    "(four arrays of eight bytes per character at once, 230 MB on the text line); they are",
    "now made in blocks of 2**18 positions with the kept powers, the same values bit for",
    "bit. Token offsets, prefix sums, count bounds, exact ids and repeat positions are",
    "32-bit where they fit, code points 16-bit without astral characters; the array walk",
    "numbers the repeated hashes without `np.unique` and drops n's hashes before walking.",
    "glibc raised its mmap threshold each time a large array was freed, so later arrays of",
    "up to 32 MB came from a heap that only shrinks from its top: after A204 the process",
    "kept about 260 MB it no longer used, under every later rule and the reports",
    "(`heap.py` fixes the threshold at 4 MB; documents of ordinary size never allocate so",
    "much). A204 drops the page's derived copies of a huge text (its Simplified form, which",
    "OpenCC makes astral and so 4 bytes a character, casefold, pair slots, built lines: 150",
    "MB) before its arrays; the next rule that needs one makes it again from the text. The",
    "memos of converted lines and of classified furniture lines no longer keep a huge line",
    "for the rest of the run, K102 uses the page's casefolded copy instead of making one,",
    "and pair slots are 16-bit and made a million characters at a time. Per rule on the text",
    "line (RSS over the process's before the rule): A204 620 -> 244 MB, the page 224 -> 150",
    "MB and no longer held while A204 runs.",
    "",
    "Still over 400 MB. The text line's peak is now shared by A204 (its tokens, prefix sums",
    "and one n's hashes and repeats, about 250 MB over 280 MB held before it) and K102 at the",
    "end of the pack (the page made again, plus what every rule keeps in the document's",
    "cache). The figures line's peak was never the analyses: its one document entry holds",
    "91,799 claims and 17,977 findings, which the HTML report turns into one detail object",
    "and one JSON string (1.08 GB at the report, about 630 MB as linting ends); streaming",
    "one document's detail is the next step there. On the HTML line (680 MB), per rule:",
    "X101's script profile keeps one string per one-script Han character of the page",
    "(201 MB held from X101 to the end of the document, against 24 MB on the text line),",
    "and K102 at the end adds 104 MB; counting those characters instead of listing them",
    "is the next step there (X101's own work is elsewhere this round).",
    "",
    "This round, the figures line (`metrics-20MB.txt`, measured against the code before it",
    "in the same run, the four reports byte-identical; all seven formats byte-identical and",
    "`bench/exact.py` identical on a 3 MB dirty corpus, 1 MB of bulletins and a 5,000-claim",
    "line, with and without `--fix`): 1086 -> 687 MB, CPU unchanged (44.5 and 43.4 s). An",
    "entry with more than 512 claims is spooled without them, its claims beside it in",
    "blocks, and every reporter reads them a block at a time (the JSON report dumps the",
    "entry without claims, then each claim at its depth): 1086 -> 786 MB. RSS and the stack",
    "sampled every 20 ms then put the peak at the end of linting, where the entry's 91,799",
    "claim records (about 120 MB) were built while the document's cache still held every",
    "rule's analyses; without a fix nothing reads them again, so they go first (755 MB).",
    "K102's term scanner flagged all 20 million positions of the line at once; a million at",
    "a time, 687 MB. Still over 400 MB, and now flat (sampled RSS, in the table's MB): the",
    "claims' reading and analysis of the line take it from 177 MB before the first claims",
    "rule to 587 MB after it, held to the end of the document (637 MB by K102, which adds",
    "50), and the reports are written at 632-684 MB (the HTML page's one detail object",
    "adds 52). Dropping the claims' reading after the last rule that reads it, as A204",
    "drops the page's copies, is the next step.",
    "",
    "A later round (the two single lines, measured against main's code, all four reports",
    "byte-identical; the real-text harness's JSON reports byte-identical to main's code on",
    "all 18 sources, 81,005 findings; the corpus generator has changed since the rows above",
    "were made, so both codes count 24,489 and 22,466 findings): HTML page on one line 682 ->",
    "523 MB, text line 547 -> 519 MB against main before the figures round; with it merged",
    "(its K102 scanner blocks gave the text line most of its gain), 633 -> 525 and 525 ->",
    "520 MB (rows above); CPU time unchanged. X101 keeps the one-script",
    "characters as strings (2-4 bytes a character, not a list of 80-byte strings: 591 MB on",
    "the page). Then, measured per function with tracemalloc, temporaries as long as the",
    "document went: A204's cover of many windows (`pos + n`, a 64-bit running sum, the token",
    "lengths and the covered ones, 130 MB at once), its grouping for the array walk, its",
    "anchor estimate and the tokenizer's ends are made a block at a time or narrowed first;",
    "K102's casefold of the page's Simplified copy (CPython's buffer of three 4-byte units a",
    "character, 85 MB) and the term scanner's candidates as Python ints (about 100 MB) go a",
    "block at a time (549 MB); the page's source map keeps its runs in arrays, 28 -> 6 MB.",
    "Still over 400 MB: on the page, A204 holds its tokens, prefix sums, exact ids and one",
    "n's hashes (about 240 MB over 210 MB held before it); held under every rule are the",
    "page's bytes and decoded markup (33 MB), and by the end the findings (61 MB for 22,466,",
    "about 2.7 KB each) and the rules' cached copies (Simplified text 28 MB, claim text 28",
    "MB, X101's text 14 MB).",
    "",
    "This round, the figures line again (`metrics-20MB.txt`, measured against the code",
    "before it in the same run, the four reports byte-identical; `bench/exact.py` identical",
    "on a 3 MB dirty corpus, a 150,000-character line of figures and the seeds, fixes",
    "included; the real-text harness's xwlb, dxynews, twnews, cnews and skywork reports",
    "give the same 13,212 findings and 19,790 document entries field by field): 686 -> 621",
    "MB, CPU unchanged (39.5 and 39.6 s). Detectors name the shared analyses they read",
    "(`reads`) and the engine drops each after the last rule of the run that reads it (the",
    "claims after C104); a rule asking for it later fails (SL009) instead of reading the",
    "line a second time. That alone moved the peak little (686 -> 678 MB): what the claims",
    "freed stayed in the allocator's arenas for the later rules and the reports. What the",
    "claims hold went down instead: every quantity kept its own copy of its unit (about 40",
    "MB; 627 MB), and the line's one segment of about a million quantities was as many",
    "objects with their own offsets and values (about 190 MB while the claims were read),",
    "listed once more by the breakdowns; a segment's quantities are now columns",
    "(`QuantityRun`), each quantity made when asked for. Sampled RSS (every 20 ms): the",
    "claims rules take it from 184 to 472 MB (177 to 587 before), 426 MB once they are",
    "released, and the reports are written at 426-487 MB (632-684 before). Still over 400",
    "MB: the peak is now A204's n-gram arrays early in the pack (about 614 MB sampled,",
    "`_members` under `top_share`), freed back to the system when A204 ends; those arrays",
    "are the next step for this line. With main merged (its A204 and K102 work): 682 -> 621",
    "MB against main's code, 37.9 and 39.1 s of CPU, the four reports byte-identical, and",
    "`bench/exact.py` and the five sources identical to main's code again; sampled, A204",
    "606 MB, the claims rules 476 MB, the reports up to 503 MB.",
]
TARGET_MB = 400


def _corpus(out: Path, size: int) -> Path:
    """The dirty corpus of ``size`` bytes of text (made once, then reused)."""
    path = out / f"dirty-{size // 1_000_000}MB.jsonl"
    if not path.is_file():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "make_corpus.py"),
                "--size",
                str(size),
                "--out",
                str(path),
            ],
            check=True,
        )
    return path


def _clean(dirty: Path) -> Path:
    """The dirty corpus's documents that carry no injected defect."""
    path = dirty.with_name(dirty.name.replace("dirty", "clean"))
    if not path.is_file():
        with dirty.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for line in src:
                if not json.loads(line).get("injected"):
                    dst.write(line)
    return path


def _single_line(dirty: Path, size: int = 20_000_000) -> Path:
    """One text file of ``size`` bytes with no line break: the dirty texts run together."""
    path = dirty.with_name("single-line-20MB.txt")
    if not path.is_file():
        written = 0
        with dirty.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for line in src:
                text = re.sub(r"[\r\n\u2028\u2029\x85\x0b\x0c]+", " ", json.loads(line)["text"])
                data = text.encode("utf-8")
                dst.write(text)
                written += len(data)
                if written >= size:
                    break
    return path


_METRIC_TERMS = (
    "新增本土确诊病例",
    "无症状感染者",
    "死亡病例",
    "累计报告确诊病例",
    "GDP增长",
    "地区生产总值",
    "亿元",
    "同比增长",
    "万人",
    "重庆市",
    "上海市",
    "其中",
)


def _shapes(dirty: Path, size: int = 20_000_000) -> list[Path]:
    """Other 20 MB single lines, each a shape a detector could choke on: prose with no
    punctuation or space (no sentence, no token boundary but the characters), figures
    and metric terms with nothing between them (the claim analysis on every few
    characters), and an HTML page written on one line (the page's text nodes)."""
    import random

    prose, metrics, page = (
        dirty.with_name(n)
        for n in ("prose-nopunct-20MB.txt", "metrics-20MB.txt", "single-line-20MB.html")
    )
    if not prose.is_file() or not page.is_file():
        with (
            dirty.open(encoding="utf-8") as src,
            prose.open("w", encoding="utf-8") as a,
            page.open("w", encoding="utf-8") as b,
        ):
            b.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻</title>')
            b.write("</head><body>")
            wa = wb = 0
            for k, line in enumerate(src):
                text = json.loads(line)["text"]
                if wa < size:
                    t = re.sub(r"[^\w]", "", text)
                    a.write(t)
                    wa += len(t.encode("utf-8"))
                if wb < size:
                    t = re.sub(r"[\r\n\u2028\u2029\x85\x0b\x0c]+", " ", text).replace("<", "&lt;")
                    link = f'<a href="/news/{k}.html">相关新闻{k}</a>'
                    piece = f'<div class="item"><p>{t}</p>{link}</div>'
                    b.write(piece)
                    wb += len(piece.encode("utf-8"))
                if wa >= size and wb >= size:
                    break
            b.write("</body></html>")
    if not metrics.is_file():
        rng = random.Random(19)
        with metrics.open("w", encoding="utf-8") as out:
            written = 0
            while written < size:
                chunk = "".join(
                    rng.choice(_METRIC_TERMS)
                    + str(rng.randint(0, 99999))
                    + rng.choice(("例", "%", "", "人"))
                    for _ in range(1000)
                )
                out.write(chunk)
                written += len(chunk.encode("utf-8"))
    return [prose, metrics, page]


def check_args(corpus: Path, out: Path, reports: tuple[str, ...]) -> list[str]:
    """The ``seedlint`` arguments of a measured run: one core, no cache, the text output
    and ``reports`` written to ``out`` (``bench_retained.py`` lints the same way)."""
    args = ["check", str(corpus), "--no-cache", "-j", "1", "--no-progress", "--exit-zero"]
    args += ["--output-file", str(out / "report.txt")]
    for fmt in reports:
        args += ["--report", f"{fmt}:{out / ('report.' + fmt)}"]
    return args


def measure(corpus: Path, work: Path, tag: str, pythonpath: str | None = None) -> dict[str, Any]:
    """One run from the command line; its peak RSS, CPU time and findings."""
    out = work / tag
    out.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "seedlint", *check_args(corpus, out, REPORTS)]
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    proc = subprocess.Popen(args, env=env, cwd=work, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"seedlint failed on {corpus} (exit {proc.returncode})")
    summary = _summary(out / "report.json")
    return {
        "corpus": corpus.name,
        "text_mb": round(corpus.stat().st_size / 1e6, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "findings": summary["findings"] + summary["waived"] + summary["baselined"],
        "documents": summary["documents"],
        "report_mb": {
            fmt: round((out / f"report.{fmt}").stat().st_size / 1e6, 1) for fmt in (*REPORTS, "txt")
        },
        "out": _shown(out),
    }


def _shown(path: Path) -> str:
    """A path as the results may show it: inside the checkout, or just its name."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return path.name


def _summary(path: Path) -> dict[str, int]:
    """The JSON report's summary, read from its tail (the report may be gigabytes)."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - (1 << 16)))
        tail = fh.read().decode("utf-8", "replace")
    block = tail[tail.rindex('"summary": {') :]
    return {
        k: int(m.group(1))
        for k in ("documents", "findings", "waived", "baselined")
        if (m := re.search(rf'"{k}": (\d+)', block))
    }


def _same(a: Path, b: Path) -> dict[str, bool]:
    out = {}
    for name in (*(f"report.{f}" for f in REPORTS), "report.txt"):
        out[name] = _files_equal(a / name, b / name)
    return out


def _files_equal(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def synthetic_child(n_findings: int, n_docs: int, out: Path) -> None:
    """A report of ``n_findings`` findings over ``n_docs`` JSONL records, built and
    written as a run builds and writes it, without linting anything: the report's own
    memory at a scale whose linting takes hours on a shared machine."""
    from seedlint.model import (
        Applicability,
        Category,
        ClaimRecord,
        DocumentReport,
        Edit,
        Finding,
        Fix,
        Report,
        Severity,
    )
    from seedlint.reporters import RenderContext, writer
    from seedlint.spool import SpooledReport

    report = SpooledReport(Report(tool_version="bench", config_digest="0" * 16), out)
    per_doc = max(1, n_findings // n_docs)
    kinds = [
        (
            "A101",
            "pinyin-gloss",
            Category.ARTIFACT,
            Severity.ERROR,
            "拼音注音 `(wǎng)` 在 `網` 之后",
        ),
        ("A102", "half-width-punctuation", Category.ARTIFACT, Severity.WARNING, "半角逗号 `,`"),
        ("M103", "cjk-mojibake", Category.MOJIBAKE, Severity.ERROR, "乱码 `鏂伴椈` 应为 `新闻`"),
        ("C101", "cross-article", Category.CONTRADICTION, Severity.ERROR, "数值与另一篇不一致"),
    ]
    path = "corpus/records.jsonl"
    made = 0
    for d in range(n_docs):
        doc = f"{path}#d{d:08d}"
        report.docs.add(
            DocumentReport(
                path=path,
                document=doc,
                encoding="utf-8",
                provenance={"published": "2022-11-22", "source": "人民网", "published_line": 2},
                claims=[
                    ClaimRecord(id="c1", region="重庆市", metric="new_local_confirmed", value=178)
                ],
            )
        )
        for k in range(per_doc if d < n_docs - 1 else n_findings - made):
            # About one contradiction in a hundred findings, as in the dirty corpus.
            code, name, cat, sev, msg = kinds[3 if k % 100 == 99 else k % 3]
            start = 40 * k
            report.pending.add(
                Finding(
                    code=code,
                    name=name,
                    category=cat,
                    severity=sev,
                    path=path,
                    document=doc,
                    line=k // 3 + 1,
                    column=start % 80 + 1,
                    end_line=k // 3 + 1,
                    end_column=start % 80 + 4,
                    message=f"{msg} ({k})",
                    fingerprint=f"{d:010d}{k:010d}",
                    fix=Fix(
                        applicability=Applicability.SAFE,
                        edits=[Edit(start=start, end=start + 3, replacement="，")],
                    )
                    if k % 2
                    else None,
                    start=start,
                    end=start + 3,
                    snippet="人民網(wǎng)",
                    help="`seedlint --fix` removes injected glosses.",
                    claim="c1" if code == "C101" else None,
                )
            )
            made += 1
    ctx = RenderContext(root=out)
    for fmt, name in (("text", "report.txt"), *((f, f"report.{f}") for f in REPORTS)):
        with (out / name).open("wb", buffering=1 << 20) as fh:
            writer(fmt)(report, ctx, fh)
    report.close()


def synthetic(n_findings: int, n_docs: int, work: Path) -> dict[str, Any]:
    out = work / f"synthetic-{n_findings}"
    out.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, __file__, "--synthetic-child", f"{n_findings},{n_docs}", str(out)]
    proc = subprocess.Popen(args)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the synthetic report failed")
    return {
        "corpus": f"synthetic report, {n_docs} records",
        "text_mb": 0,
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "findings": n_findings,
        "documents": n_docs,
        "report_mb": {
            fmt: round((out / f"report.{fmt}").stat().st_size / 1e6, 1) for fmt in (*REPORTS, "txt")
        },
        "out": _shown(out),
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--synthetic-child":
        n, d = (int(x) for x in sys.argv[2].split(","))
        synthetic_child(n, d, Path(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10MB,100MB,1GB", help="dirty corpus sizes, comma list")
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "memory")
    ap.add_argument("--compare-with", help="another seedlint package folder to run and compare")
    ap.add_argument("--compare-max", default="100MB", help="compare on corpora up to this size")
    ap.add_argument("--no-clean", action="store_true", help="skip the clean corpora")
    ap.add_argument("--no-single-line", action="store_true")
    ap.add_argument(
        "--single-line-only",
        action="store_true",
        help="only the 20 MB single-line files (the text one and the other shapes)",
    )
    ap.add_argument(
        "--synthetic",
        metavar="FINDINGS,DOCS",
        help="only the report's memory: a spooled report of this many findings and records",
    )
    ns = ap.parse_args()
    ns.work.mkdir(parents=True, exist_ok=True)
    rows = []
    if ns.synthetic:
        n, d = (int(x) for x in ns.synthetic.split(","))
        rows.append(synthetic(n, d, ns.work))
        print(json.dumps(rows[-1]), flush=True)
        ns.sizes = ""
    sizes = [parse_size(s) for s in ns.sizes.split(",") if s]
    corpora: list[Path] = []
    for size in sizes:
        dirty = _corpus(ns.work, size)
        corpora.append(dirty)
        if not ns.no_clean:
            corpora.append(_clean(dirty))
    if ns.single_line_only:
        corpora, ns.no_single_line = [], False
    if not ns.no_single_line and sizes:
        source = corpora[0] if corpora and sizes[0] >= 20_000_000 else _corpus(ns.work, 25_000_000)
        corpora.append(_single_line(source))
        if ns.single_line_only:
            corpora += _shapes(source)
    for corpus in corpora:
        row = measure(corpus, ns.work, corpus.stem)
        print(json.dumps(row), flush=True)
        if ns.compare_with and corpus.stat().st_size <= parse_size(ns.compare_max) * 1.05:
            old = measure(corpus, ns.work, corpus.stem + "-before", ns.compare_with)
            row["before"] = {k: old[k] for k in ("peak_rss_mb", "cpu_s", "findings")}
            row["identical"] = _same(ns.work / corpus.stem, ns.work / (corpus.stem + "-before"))
            print(json.dumps(row), flush=True)
        rows.append(row)
    # Runs of other sizes made earlier stay in the results (one size at a time is
    # how a 1 GB corpus fits in a working day); a corpus measured again is replaced.
    raw = REPO / "bench" / "results" / "memory.json"
    raw.parent.mkdir(exist_ok=True)
    earlier = json.loads(raw.read_text(encoding="utf-8"))["rows"] if raw.is_file() else []
    names = {r["corpus"] for r in rows}
    rows = [r for r in earlier if r["corpus"] not in names] + rows
    rows.sort(key=lambda r: (r["corpus"].split("-")[0], r["text_mb"]))
    raw.write_text(
        json.dumps({"machine": platform.platform(), "rows": rows}, indent=1) + "\n",
        encoding="utf-8",
    )
    lines = [
        "# Benchmark: peak memory against corpus size",
        "",
        "Written by `python bench/bench_memory.py` (raw numbers: `bench/results/memory.json`).",
        f"One process, one core, `--no-cache`; JSON, SARIF and HTML reports and the text "
        f"output written to files. Target: peak RSS <= {TARGET_MB} MB whatever the corpus "
        "size and the number of findings. CPU time is the process's (user + system).",
        "",
        "| corpus | MB of text | documents | findings | peak RSS MB | CPU s | JSON MB | "
        "SARIF MB | HTML MB | before: peak RSS MB | reports identical |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        before = r.get("before", {}).get("peak_rss_mb", "")
        same = r.get("identical")
        lines.append(
            f"| {r['corpus']} | {r['text_mb']} | {r['documents']} | {r['findings']} | "
            f"{r['peak_rss_mb']} | {r['cpu_s']} | {r['report_mb']['json']} | "
            f"{r['report_mb']['sarif']} | {r['report_mb']['html']} | {before} | "
            f"{'' if same is None else ('yes' if all(same.values()) else same)} |"
        )
    lines += ["", *NOTES]
    (REPO / "bench" / "RESULTS-memory.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
