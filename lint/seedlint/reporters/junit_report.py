"""JUnit XML: one test suite per document, one failing test case per finding.

CI systems that only understand test results (GitLab, Jenkins, Azure) can show a
corpus's findings this way; a clean document is one passing test case, so the count
of documents checked is visible too. Only findings at or above the run's fail level are
failures, so the test results agree with the exit code; the others are passing test
cases whose finding is in ``system-out``, visible without failing the build.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO

from seedlint.model import Finding, Report
from seedlint.reporters import RenderContext, held_bytes
from seedlint.spool import ReportSource


def _xml_safe(s: str) -> str:
    """XML 1.0 cannot carry most control characters, which mojibake findings quote."""
    return "".join(
        ch
        if ch in "\t\n\r"
        or (0x20 <= ord(ch) < 0xD800)
        or (0xE000 <= ord(ch) < 0xFFFE)
        or ord(ch) >= 0x10000
        else f"\\x{ord(ch):02x}"
        for ch in s
    )


def _suite(doc: str, findings: list[Finding], fail_rank: int) -> tuple[str, int, int]:
    """One document's test suite as ``ET.indent`` lays it out one level down; its test
    cases and failures."""
    suite = ET.Element("testsuite", name=_xml_safe(doc))
    cases = max(1, len(findings))
    suite.set("tests", str(cases))
    failing = [f for f in findings if f.severity.rank >= fail_rank]
    suite.set("failures", str(len(failing)))
    if not findings:
        ET.SubElement(suite, "testcase", classname=_xml_safe(doc), name="seedlint")
    for f in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml_safe(doc),
            name=_xml_safe(f"{f.code} {f.name} line {f.line} col {f.column}"),
        )
        text = _xml_safe(
            f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n{f.snippet}\n{f.help}"
        )
        if f.severity.rank >= fail_rank:
            fail = ET.SubElement(
                case, "failure", message=_xml_safe(f.message), type=f.severity.value
            )
            fail.text = text
        else:
            ET.SubElement(case, "system-out").text = f"{f.severity.value}: {text}"
    ET.indent(suite, level=1)
    suite.tail = None
    return ET.tostring(suite, encoding="unicode"), cases, len(failing)


def write(source: ReportSource, ctx: RenderContext, out: IO[bytes]) -> None:
    """Suites in document order, then documents that have findings but no entry.

    The totals on ``<testsuites>`` come first, so they are counted from the index
    before the suites are written one at a time."""
    tally = source.tally
    fail_rank = source.header.fail_level.rank
    index = tally.docs
    listed: set[str] = set()
    total = failures = 0
    for entry in source.entries():
        d = entry.report
        listed.add(d.document)
        total += max(1, index[d.document].active if d.document in index else 0)
        if d.document in index:
            failures += index[d.document].failing
    extras = [doc for doc, ix in index.items() if ix.active and doc not in listed]
    total += sum(index[doc].active for doc in extras)
    failures += sum(index[doc].failing for doc in extras)
    out.write(
        b"<?xml version='1.0' encoding='utf-8'?>\n"
        + f'<testsuites name="seedlint" tests="{total}" failures="{failures}"'.encode()
    )
    any_suite = False

    def suites() -> Iterator[str]:
        for entry in source.entries():
            yield entry.report.document
        yield from extras

    for doc in suites():
        findings = [f for f in source.findings_of(doc) if not f.waived and not f.baselined]
        xml, _, _ = _suite(doc, findings, fail_rank)
        out.write((">\n  " if not any_suite else "\n  ").encode() + xml.encode("utf-8"))
        any_suite = True
    out.write(b"\n</testsuites>\n" if any_suite else b" />\n")


def render(report: Report, ctx: RenderContext) -> str:
    return held_bytes(write, report, ctx).decode("utf-8")
