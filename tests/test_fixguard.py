"""Repair beats deletion, and no fix, safe or unsafe, leaves a document empty."""

from __future__ import annotations

from seedlint.model import Applicability
from seedlint.testing import fix_text, ruleset_for


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252, the commonest mojibake (undecodable bytes dropped)."""
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def test_a_mojibake_line_that_looks_like_furniture_is_repaired_not_deleted() -> None:
    # Thai "ษ" in UTF-8 read as cp1252 shows a "©": A201 took the line for a copyright
    # line and deleted it, leaving an empty document; M102's repair must win.
    rs = ruleset_for(None)
    bad = _mojibake("ภาษา") + "\n"
    for level in (Applicability.SAFE, Applicability.UNSAFE):
        fixed, applied = fix_text(bad, level=level, ruleset=rs)
        assert fixed == "ภาษา\n"
        assert {a.code for a in applied} == {"M102"}


def test_the_repaired_line_of_a_longer_document_is_kept() -> None:
    rs = ruleset_for(None)
    bad = _mojibake("ข่าวภาษาไทย") + "\n" + _mojibake("เนื้อหา") + "\n"
    fixed, _ = fix_text(bad, level=Applicability.UNSAFE, ruleset=rs)
    assert fixed == "ข่าวภาษาไทย\nเนื้อหา\n"


def test_no_unsafe_fix_empties_a_one_line_document() -> None:
    rs = ruleset_for(None)
    for text in ("[y]\xa0©\n", "© 2021\n", "[y] © 本站\n"):
        fixed, _ = fix_text(text, level=Applicability.UNSAFE, ruleset=rs)
        assert fixed.strip(), text


def test_a_deletion_that_would_empty_the_document_is_not_counted_fixable() -> None:
    from seedlint.fixguard import is_deletion
    from seedlint.testing import check_text

    rs = ruleset_for(None)
    findings = check_text("© 2021\n", ruleset=rs)
    assert not [f for f in findings if is_deletion(f)]


def test_the_empties_bench_fixes_a_shared_corpus_and_empties_nothing() -> None:
    """``bench/fix_never_empties.py`` measures the promise on real corpora through the
    command line; here on ftfy's test files (one is changed by --fix), when present."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from conftest import shared_corpus

    shared_corpus("python-ftfy")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(root / "bench" / "fix_never_empties.py"), "--only", "python-ftfy"],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [r["level"] for r in rows[:-1]] == ["safe", "unsafe"]
    assert all(r["changed"] >= 1 and r["emptied"] == 0 for r in rows[:-1])
    assert rows[-1]["total"]["emptied"] == 0 and rows[-1]["total"]["write_errors"] == 0
