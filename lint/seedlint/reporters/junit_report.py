"""JUnit XML: one test suite per document, one failing test case per finding.

CI systems that only understand test results (GitLab, Jenkins, Azure) can show a
corpus's findings this way; a clean document is one passing test case, so the count
of documents checked is visible too. Only findings at or above the run's fail level are
failures, so the test results agree with the exit code; the others are passing test
cases whose finding is in ``system-out``, visible without failing the build.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from seedlint.model import Finding, Report
from seedlint.reporters import RenderContext


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


def render(report: Report, ctx: RenderContext) -> str:
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        if not f.waived and not f.baselined:
            by_doc[f.document].append(f)
    docs = [d.document for d in report.documents]
    for extra in by_doc:
        if extra not in docs:
            docs.append(extra)
    root = ET.Element("testsuites", name="seedlint", tests="0", failures="0")
    total = failures = 0
    for doc in docs:
        findings = by_doc.get(doc, [])
        suite = ET.SubElement(root, "testsuite", name=_xml_safe(doc))
        cases = max(1, len(findings))
        suite.set("tests", str(cases))
        failing = [f for f in findings if f.severity.rank >= report.fail_level.rank]
        suite.set("failures", str(len(failing)))
        total += cases
        failures += len(failing)
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
            if f.severity.rank >= report.fail_level.rank:
                fail = ET.SubElement(
                    case, "failure", message=_xml_safe(f.message), type=f.severity.value
                )
                fail.text = text
            else:
                ET.SubElement(case, "system-out").text = f"{f.severity.value}: {text}"
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
