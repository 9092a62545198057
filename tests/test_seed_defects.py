"""Defects a careful reader found in the seeds after review, pinned on the raw seeds.

Each item was once missed by the gate: `?!?` debris of lost characters at a line end,
people.cn's related-reading block (`本網專稿`), a headline ending in a half-width `?`,
half-width commas between a Chinese word and a number, half-width semicolons ending
Chinese clauses, padded and half-width brackets. The first test pins the finding (code,
span, fix class) each one gets on the raw seeds; the second that ``--fix`` on a copy of
the raw seeds plus the unsafe codes a reviewer accepted leaves none of them unreported;
the third that the reviewed corpus in ``seeds/`` holds none of them except what its
sidecars waive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedlint.cli import main

REPO = Path(__file__).resolve().parent.parent

# (seed, code, line, column, end line, end column, matched text, fix class, context): the
# matched text must stand at that span of the raw seed, inside ``context``.
RAW_FINDINGS = [
    # 1. lost-character debris of `?!?/a>` (the tag itself is M112's)
    ("000", "M106", 29, 47, 29, 50, "?!?", "unsafe", "的問題?!?/a>"),
    ("000", "M106", 33, 204, 33, 207, "?!?", "unsafe", "4231人?!?/a>"),
    # 2. the related-reading block after the editor credit, under its `本網專稿` heading
    ("000", "A202", 27, 1, 33, 210, None, "safe", "本網(wǎng)專稿\n一線聲音"),
    # 3. a headline ending in a half-width `?`
    ("000", "A104", 30, 40, 30, 41, "?", "unsafe", "如何保障?\n"),
    # 4. a half-width comma between a Chinese word and a number
    ("000", "A102", 33, 145, 33, 146, ",", "safe", "李畔通報,11月22日"),
    ("002", "A102", 27, 29, 27, 30, ",", "safe", "开展暗查暗访,2月2日"),
    ("003", "A102", 18, 4, 18, 5, ",", "safe", "第二天,12月1日"),
    # 5. half-width semicolons ending Chinese clauses
    ("003", "A102", 34, 30, 34, 31, ";", "safe", "医疗资源准备;"),
    ("003", "A102", 36, 29, 36, 30, ";", "safe", "兜底保障;"),
    # 6. padded title marks, half-width parentheses around a date and after lost characters
    ("000", "A105", 11, 1, 11, 9, "《 人民日報 》", "safe", "《 人民日報 》( 2022年"),
    ("000", "A103", 11, 9, 11, 28, "( 2022年11月23日 02 版)", "safe", "》( 2022年11月23日 02 版)"),
    ("000", "A103", 15, 16, 15, 27, "(記者王斌來、常碧羅)", "safe", "電??(記者王斌來、常碧羅)"),
]

# What each item leaves in the text if it survives, in either script (X102 converts the
# two Traditional seeds to Simplified).
RESIDUES = {
    "000": [
        "問題?!?",
        "问题?!?",
        "4231人?!?",
        "本網(wǎng)專稿",
        "本网专稿",
        "如何保障?",
        "通報,11月22日",
        "通报,11月22日",
        "《 人民日報 》",
        "《 人民日报 》",
        "( 2022年",
        "（ 2022年",
        "??(",
    ],
    "002": ["暗访,2月2日"],
    "003": ["第二天,12月1日", "资源准备;", "兜底保障;"],
}


def _seed(folder: Path, key: str) -> Path:
    (path,) = folder.glob(f"{key}_*.txt")
    return path


def _lint(folder: Path, out: str, *extra: str) -> dict[str, object]:
    rc = main(
        [
            folder.name,
            "--no-cache",
            "--no-progress",
            "--exit-zero",
            "--output-format",
            "json",
            "--output-file",
            out,
            *extra,
        ]
    )
    assert rc in (0, 1)
    report: dict[str, object] = json.loads(Path(out).read_text(encoding="utf-8"))
    return report


def _offset(text: str, line: int, column: int) -> int:
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    return starts[line - 1] + column - 1


def test_each_defect_is_found_on_the_raw_seeds_with_its_code_span_and_fix_class(
    seeds_copy: Path,
) -> None:
    report = _lint(seeds_copy, "raw.json")
    findings = report["findings"]
    assert isinstance(findings, list)
    for key, code, line, col, end_line, end_col, snippet, fix, context in RAW_FINDINGS:
        path = _seed(seeds_copy, key)
        text = path.read_text(encoding="utf-8")
        start = _offset(text, line, col)
        assert context in text, (key, context)
        at = text.index(context)
        assert at <= start < at + len(context), (key, code, line, col, "not inside", context)
        if snippet is not None:
            assert text[start : start + len(snippet)] == snippet, (key, code, line, col)
        hits = [
            f
            for f in findings
            if Path(f["path"]).name == path.name
            and f["code"] == code
            and (f["line"], f["column"], f["end_line"], f["end_column"])
            == (line, col, end_line, end_col)
        ]
        assert len(hits) == 1, (key, code, line, col)
        assert hits[0]["fix"] is not None and hits[0]["fix"]["applicability"] == fix, (
            key,
            code,
            hits[0]["fix"],
        )


def _unreported(folder: Path, report: dict[str, object], honour_waivers: bool) -> list[str]:
    """Residues of the items still in the text with no finding covering them."""
    findings = report["findings"]
    assert isinstance(findings, list)
    left = []
    for key, residues in RESIDUES.items():
        path = _seed(folder, key)
        text = path.read_text(encoding="utf-8")
        spans = [
            (_offset(text, f["line"], f["column"]), _offset(text, f["end_line"], f["end_column"]))
            for f in findings
            if Path(f["path"]).name == path.name
            and not f["code"].startswith("SL")
            and (honour_waivers or not f["waived"])
        ]
        for residue in residues:
            i = text.find(residue)
            while i != -1:
                if not any(a < i + len(residue) and i < b for a, b in spans):
                    left.append(f"{path.name}: {residue!r}")
                i = text.find(residue, i + 1)
    return left


def test_fixing_the_raw_seeds_with_the_reviewed_unsafe_codes_leaves_no_defect_unreported(
    seeds_copy: Path,
) -> None:
    _lint(seeds_copy, "safe.json", "--fix")
    for code in ("A104", "X102", "M106", "A201"):  # the unsafe fixes a reviewer accepted
        _lint(seeds_copy, f"unsafe-{code}.json", "--fix", "--unsafe-fixes", "--select", code)
    report = _lint(seeds_copy, "after.json")
    assert _unreported(seeds_copy, report, honour_waivers=True) == []
    # What is still reported is only what no rule may remove: the dateline's lost `??`.
    left = {
        (Path(f["path"]).name[:3], f["code"], f["snippet"])
        for f in report["findings"]  # type: ignore[union-attr]
        if f["code"] in ("M106", "A102", "A103", "A104", "A105", "A202")
    }
    assert left == {("000", "M106", "??")}


def test_the_reviewed_corpus_holds_none_of_them_but_the_waived_dateline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    report = _lint(REPO / "seeds", str(tmp_path / "seeds.json"))
    assert _unreported(REPO / "seeds", report, honour_waivers=False) == []
    for key, residues in RESIDUES.items():
        text = _seed(REPO / "seeds", key).read_text(encoding="utf-8")
        assert [r for r in residues if r in text] == [], key
    waived = [f for f in report["findings"] if f["waived"]]  # type: ignore[union-attr]
    assert ("M106", "??") in {(f["code"], f["snippet"]) for f in waived}
