"""Precision: clean text gets no mojibake finding, and ``--fix`` leaves it byte-identical.

The clean set in tests/data/clean was written for these rules: Simplified and
Traditional news, Classical Chinese with rare characters, English with curly quotes and
accents, full-width punctuation, numbers, URLs, questions with ASCII `?`. Public clean
text (OpenCC's golden texts, ftfy's negative cases, real GB2312 and Big5 pages, Common
Crawl text) and the real seeds complete it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, shared_corpus
from seedlint.cli import main
from seedlint.model import Applicability
from seedlint.rules import load_rules
from seedlint.sources import decode
from seedlint.testing import check_text, fix_text, ruleset_for

CLEAN = REPO / "tests" / "data" / "clean"
M_CODES = sorted(r.code for r in load_rules() if r.code.startswith("M1"))
RULES = ruleset_for(M_CODES)
# Rules about the content of the text (not the file container or lost `?`, which real
# public text does contain: see test_real_lost_question_marks_in_public_text).
CONTENT = [c for c in M_CODES if c not in ("M101", "M106")]
CONTENT_RULES = ruleset_for(CONTENT)


def _codes(text: str, ruleset: object = RULES) -> list[tuple[str, str]]:
    return [(f.code, f.snippet) for f in check_text(text, ruleset=ruleset)]  # type: ignore[arg-type]


def test_the_rule_pack_has_the_mojibake_rules() -> None:
    assert len(M_CODES) == 12
    assert {r.spec.category.value for r in load_rules() if r.code in M_CODES} == {"mojibake"}


@pytest.mark.parametrize("path", sorted(CLEAN.glob("*.txt")), ids=lambda p: p.name)
def test_clean_text_has_no_mojibake_finding(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _codes(text) == []
    fixed, applied = fix_text(text, level=Applicability.UNSAFE, ruleset=RULES)
    assert fixed == text and applied == []


def test_fix_on_the_clean_set_is_byte_identical_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CLEAN, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "docs").iterdir()}
    args = ["docs", "--select", "M1", "--no-cache", "--no-progress", "--jobs", "1"]
    assert main([*args, "--fix", "--unsafe-fixes"]) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "docs").iterdir()} == before


def test_seeds_001_and_003_are_clean_for_every_mojibake_rule() -> None:
    for name in ("001_712f67c0189c27b8.txt", "003_7452ed3e741612d2.txt"):
        text = (FIXTURES / "seeds" / name).read_text(encoding="utf-8")
        assert _codes(text) == [], name
        assert fix_text(text, level=Applicability.UNSAFE, ruleset=RULES)[0] == text


def test_seed_000_reports_exactly_its_lost_characters_and_tag_debris() -> None:
    text = (FIXTURES / "seeds" / "000_ea1647fd556938d9.txt").read_text(encoding="utf-8")
    found = check_text(text, ruleset=RULES)
    assert [(f.code, f.snippet) for f in found] == [
        ("M106", "??"),
        ("M106", "?!?"),
        ("M112", "/a>"),
        ("M106", "?!?"),
        ("M112", "/a>"),
    ]
    assert "space" in found[0].message  # `電??(記者`: the dateline's spaces
    assert "`<`" in found[1].message
    # `保障嗎?` and the other real questions of the page are not findings.
    assert all(f.snippet != "?" for f in found)
    assert [f.fix.applicability.value if f.fix else None for f in found] == [
        None,  # the dateline's lost characters cannot be restored
        "unsafe",  # the debris before the tag: removed once a reviewer agrees
        "safe",
        "unsafe",
        "safe",
    ]
    fixed, _ = fix_text(text, level=Applicability.UNSAFE, ruleset=RULES)
    assert fixed == text.replace("?!?/a>", "")


def test_seed_002_reports_only_its_nbsp_layout_runs() -> None:
    text = (FIXTURES / "seeds" / "002_5df404fbe06626fb.txt").read_text(encoding="utf-8")
    found = check_text(text, ruleset=RULES)
    assert {f.code for f in found} == {"M110"} and len(found) == 6
    fixed, _ = fix_text(text, ruleset=RULES)
    assert fixed == text.replace("\xa0\xa0", "  ").replace("\xa0 ", "  ")
    assert fixed.count("\xa0") == 2  # single NBSPs between a number and Chinese stay


def test_ftfy_negative_cases_are_not_mojibake() -> None:
    cases = json.loads(
        shared_corpus("python-ftfy", "tests", "test-cases", "negative.json").read_text("utf-8")
    )
    for case in cases:
        found = [c for c in _codes(case["original"]) if c[0] in ("M102", "M103", "M104")]
        assert found == [], case["label"]


def _ftfy_cases() -> list[dict[str, str]]:
    folder = shared_corpus("python-ftfy", "tests", "test-cases")
    out: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.json")):
        out.extend(json.loads(path.read_text("utf-8")))
    return out


def test_ftfy_must_not_change_cases_are_left_as_they_are_by_fix() -> None:
    """Every ftfy case whose expected encoding repair is the text itself (its negative
    cases, the synthetic traps, and its one known false positive) comes out of the
    default pack's ``--fix`` unchanged. Three used to change: two U+001A SUBSTITUTE
    characters deleted (a converter's mark of a lost character: now reported with an
    unsafe fix) and a no-break space ending a Romanian word (now left to Latin
    typography)."""
    cases = [c for c in _ftfy_cases() if c.get("fixed-encoding", c["fixed"]) == c["original"]]
    assert len(cases) >= 45
    changed = []
    for case in cases:
        fixed, _ = fix_text(case["original"])
        # ftfy's full repair also decodes HTML entities (M111 does too): either is right
        if fixed not in (case["original"], case["fixed"]):
            changed.append((case["label"], case["original"], fixed))
    assert changed == []


def test_substitute_character_is_reported_but_only_a_reviewer_deletes_it() -> None:
    text = "These control characters \x1a are apparently intentional"
    (f,) = check_text(text, ["M107"])
    assert "SUBSTITUTE" in f.message and "lost" in f.message
    assert f.fix is not None and f.fix.applicability is Applicability.UNSAFE
    assert fix_text(text, ["M107"])[0] == text
    assert fix_text(text, ["M107"], level=Applicability.UNSAFE)[0] == text.replace("\x1a ", " ")
    # the other C0 controls around it are still deleted by the safe fix
    assert fix_text("重庆\x00\x1a\x01市", ["M107"])[0] == "重庆\x1a市"


def test_a_lone_nbsp_ending_a_latin_text_stays_while_one_in_a_chinese_document_goes() -> None:
    assert check_text("NICIODATĂ\xa0", ["M110"]) == []
    assert check_text("Le film sort demain\xa0\nLa suite\n", ["M110"]) == []
    # in a Chinese document: at either edge of a line, after a Latin word, after an
    # English sentence or a bold section number copied from the same page
    text = (
        "本文来源：新华网\xa0\n\xa0“十四五”开局之年\n请加微信：wangjushangwu\xa0\n"
        "keep silent anymore.\xa0\n**02**\xa0\n"
    )
    assert [f.line for f in check_text(text, ["M110"])] == [1, 2, 3, 4, 5]
    assert fix_text(text, ["M110"])[0] == text.replace("\xa0", " ")


@pytest.mark.parametrize(
    "name",
    [
        "us_constitution_zhs.txt",
        "us_constitution_zhs.s2t.txt",
        "us_constitution_zhs.s2tw.txt",
        "us_constitution_zhs.s2hk.txt",
        "us_constitution_zhs.s2twp.txt",
    ],
)
def test_opencc_golden_texts_are_clean(name: str) -> None:
    golden = shared_corpus("OpenCC", "test", "golden")
    path = golden / ("input" if name.count(".") == 1 else "output") / name
    assert _codes(path.read_text(encoding="utf-8"), CONTENT_RULES) == []


@pytest.mark.parametrize("folder", ["gb2312", "big5"])
def test_real_gb2312_and_big5_pages_decoded_right_have_no_mojibake(folder: str) -> None:
    pages = sorted(shared_corpus("char-dataset", folder).iterdir())
    assert len(pages) > 15
    cjk = [c for c in CONTENT if c not in ("M111", "M112")]  # the pages are XML/HTML
    rules = ruleset_for(cjk)
    for page in pages:
        dec = decode(page.read_bytes())
        assert dec is not None
        # Feed markup read as text keeps the old Mac line breaks of its descriptions:
        # M107 reports those stray CRs in a text, rightly, and they are no mojibake.
        codes = [c for c in _codes(dec.text, rules) if c != ("M107", "\r")]
        assert codes == [], page.name


def test_common_crawl_clean_documents_have_no_mojibake() -> None:
    path = shared_corpus("ChineseWebText-examples", "clean.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        assert _codes(text, CONTENT_RULES) == []


def test_classical_chinese_with_rare_characters_is_not_cjk_mojibake() -> None:
    text = shared_corpus("OpenCC", "test", "benchmark", "zuozhuan.txt").read_text("utf-8")
    rules = ruleset_for(["M102", "M103", "M104"])
    assert _codes(text[:400_000], rules) == []


def test_real_lost_question_marks_in_public_text_are_found() -> None:
    """zuozhuan.txt and a GB2312 Wikipedia page really lost characters to `?`."""
    zuo = shared_corpus("OpenCC", "test", "benchmark", "zuozhuan.txt").read_text("utf-8")
    line = next(x for x in zuo.splitlines() if "子玉又在?地" in x)
    assert [c for c, _ in _codes(line)] == ["M106", "M106"]
    page = shared_corpus("char-dataset", "gb2312", "_ude_1.txt").read_bytes().decode("gb18030")
    line = next(x for x in page.splitlines() if "《礼记?王制》" in x)
    found = [f for f in check_text(line, ruleset=RULES) if f.code == "M106"]
    assert found and all("middle dot" in f.message for f in found)
