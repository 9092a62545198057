"""The per-document trigger gate and the per-file shortcuts change no finding.

The gate (``engine.Gate``) skips a rule on a document that holds none of the rule's
triggers; ``sources.RelNamer`` resolves each folder once instead of each file, and
``sources.SidecarNames`` lists it once for sidecars; rule scope is computed per distinct
scope, not per path, and a ``*.ext`` glob is a string comparison. All are speed work:
each test here pins that the result is the one the slow path gives.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from seedlint.config import Config
from seedlint.detectors._regex import gate_literals
from seedlint.engine import RuleSet, lint_documents
from seedlint.rules import load_rules
from seedlint.runner import RunOptions, run
from seedlint.sources import (
    RelNamer,
    SidecarNames,
    SourceOptions,
    iter_units,
    parse_unit,
    path_matches,
    relpath,
    split_suffix,
)
from seedlint.testing import make_doc, ruleset_for

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import make_corpus  # noqa: E402


def _report(path: Path, gate: bool) -> dict[str, Any]:
    rs = RuleSet.from_config(Config.model_validate({"respect-gitignore": False}))
    rs.use_gate = gate
    res = run([path], rs, path.parent, RunOptions(jobs=1))
    return {
        "findings": [f.model_dump(mode="json") for f in res.report.findings],
        "documents": [d.model_dump(mode="json") for d in res.report.documents],
    }


@pytest.mark.parametrize("kind", ["bulletins", "pages"])
def test_gate_changes_no_finding_on_the_bench_corpora(tmp_path: Path, kind: str) -> None:
    """Every finding (fix edits included) and every document entry (provenance, claims)
    is the same with the gate as without it, on the benchmark's own generated corpora:
    short bulletins and web pages, with their injected defects."""
    corpus = tmp_path / f"{kind}.jsonl"
    info = make_corpus.write(corpus, "jsonl", 250_000 if kind == "bulletins" else 400_000, 3, kind)
    assert info["documents"] > (300 if kind == "bulletins" else 50)
    gated, plain = _report(corpus, True), _report(corpus, False)
    assert len(gated["findings"]) > 100
    assert gated == plain


def test_gate_changes_no_finding_on_a_folder_of_bulletin_files(tmp_path: Path) -> None:
    folder = tmp_path / "bulletins"
    make_corpus.write(folder, "dir", 60_000, 5, "bulletins")
    assert _report(folder, True) == _report(folder, False)


def _gated_rules() -> list[tuple[str, Any]]:
    rs = ruleset_for()
    return [(r.code, r) for r in rs.rules if r.detector.triggers() is not None]


def test_the_default_pack_gates_the_traditional_paragraph_rule_and_required_literals() -> None:
    gated = {code for code, _ in _gated_rules()}
    assert {"X101", "A001"} <= gated


@pytest.mark.parametrize(("code", "rule"), _gated_rules())
def test_every_bad_example_of_a_gated_rule_opens_its_gate(code: str, rule: Any) -> None:
    """A rule's own bad examples must all pass its gate: a trigger list that misses one
    would silence the rule on exactly the text it was written for."""
    rs = ruleset_for([code])
    gate = rs.gate()
    assert gate is not None
    for ex in rule.spec.examples.bad:
        doc = make_doc(ex.text, metadata=ex.metadata)
        assert code not in gate.closed(doc), ex.text


def test_a_simplified_document_skips_the_traditional_paragraph_rule() -> None:
    rs = ruleset_for(["X101"])
    gate = rs.gate()
    assert gate is not None
    assert "X101" in gate.closed(make_doc("重庆市召开疫情防控工作会议，部署下一阶段工作。"))
    assert "X101" not in gate.closed(make_doc("重庆市召开疫情防控工作會議。"))
    # A document that declares its own expected script may be reported without one.
    declared = make_doc("重庆市召开会议。", metadata={"expected-script": "zh-Hant"})
    assert "X101" not in gate.closed(declared)


def test_the_traditional_paragraph_rule_is_not_gated_in_a_traditional_corpus() -> None:
    """With zh-Hant expected, X101 reports the Simplified lines of a Simplified
    document: a Traditional-only character is no longer needed, so no gate."""
    rs = ruleset_for(["X101"], expected_script="zh-Hant")
    assert rs.by_code["X101"].detector.triggers() is None


def test_a_pattern_rule_with_requires_runs_only_where_a_literal_occurs(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - code: U101\n"
        "    name: tracking-token\n"
        "    category: artifact\n"
        "    severity: warning\n"
        "    kind: pattern\n"
        "    message: tracking token\n"
        "    description: d\n"
        "    help: h\n"
        "    params: {regex: 'utm_[a-z]+=\\w+', requires: ['utm_']}\n"
        "    examples: {bad: [{text: 'x?utm_source=feed'}], good: ['utm']}\n",
        encoding="utf-8",
    )
    cfg = Config.model_validate({"builtin-rules": False, "select": ["U"]})
    rs = RuleSet(load_rules([rules], builtin=False), cfg)
    gate = rs.gate()
    assert gate is not None
    assert gate.closed(make_doc("没有跟踪参数的正文")) == {"U101"}
    assert gate.closed(make_doc("链接 a?utm_source=x")) == set()
    found = lint_documents([make_doc("链接 a?utm_source=x"), make_doc("正文")], rs)
    assert [len(r.findings) for r in found] == [1, 0]


def test_regex_literals_gate_only_case_sensitive_patterns() -> None:
    """A caseless pattern matches other spellings of its literals: no gate for it."""
    assert gate_literals("utm_[a-z]+=") == ("utm_",)
    assert gate_literals("(?:foo|bar)baz") == ("baz",)
    assert set(gate_literals("(?:foo|bar)\\d+") or ()) == {"foo", "bar"}
    assert gate_literals("utm_[a-z]+=", ["IGNORECASE"]) is None
    assert gate_literals("(?i)utm_") is None
    assert gate_literals("x(?i:utm_)") is None
    assert gate_literals("\\d+") is None  # nothing literal: always runs
    assert gate_literals("[^a]b?") is None


def test_substitution_rules_are_gated_by_their_keys() -> None:
    rs = ruleset_for(["A102", "A103", "A104", "A105"])
    gate = rs.gate()
    assert gate is not None
    assert gate.closed(make_doc("重庆市召开会议。")) == {"A102", "A103", "A104", "A105"}
    assert gate.closed(make_doc("重庆市召开会议,部署工作（ 全文 ）")) == {"A103", "A104"}


def test_rel_namer_names_files_as_relpath_does(tmp_path: Path) -> None:
    """One resolve per folder gives the names one resolve per file gave: nested folders,
    the root itself, a symlinked folder, a symlinked file, a path outside the root."""
    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    (root / "x.txt").write_text("x")
    (root / "a" / "b" / "y.txt").write_text("y")
    (root / "linkdir").symlink_to(root / "a")
    (root / "a" / "link.txt").symlink_to(root / "x.txt")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("o")
    paths = [
        root / "x.txt",
        root / "a" / "b" / "y.txt",
        root / "linkdir" / "b" / "y.txt",
        root / "a" / "link.txt",
        root / "a" / ".." / "x.txt",
        outside,
        root / "missing" / "z.txt",
        Path(os.path.relpath(root / "x.txt")),
    ]
    name = RelNamer(root)
    for p in paths:
        assert name(p) == relpath(p, root), p


PATHS = [
    "a.html",
    "x/a.html",
    "x/y/A.HTML",
    "./a.html",
    "a//b.html",
    "a/./b.html",
    "a/",
    "",
    "/abs/a.html",
    "a.html/.",
    "b.htm",
    "x/a.xhtml",
    "x.html/b.txt",
    ".html",
    "x/a.meta.yaml",
]
GLOBS = [
    "*.html",
    "*.htm",
    "a.html",
    "*.HTML",
    "x/*",
    "**/*.html",
    "?.html",
    ".*",
    "",
    "[!a]*",
    "*",
    "*a.html",
    "*.meta.yaml",
    "*/a.html",
    "*.h?ml",
]


@pytest.mark.parametrize("path", PATHS)
def test_path_globs_match_as_fnmatch_or_pathlib_do(path: str) -> None:
    for glob in GLOBS:
        try:
            want: object = fnmatch.fnmatch(path, glob) or PurePosixPath(path).match(glob)
        except ValueError as exc:
            want = type(exc)
        try:
            got: object = path_matches(path, [glob])
        except ValueError as exc:
            got = type(exc)
        assert got == want, (path, glob)


@pytest.mark.parametrize("path", PATHS)
def test_include_and_exclude_globs_match_as_name_path_or_pathlib_do(path: str) -> None:
    """``path_matches(..., by_name=True)`` (the walk's include and exclude) answers what its name,
    whole-path and pathlib matches answered before the ``*.ext`` fast path."""
    for glob in GLOBS:
        try:
            want: object = (
                fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob)
                or fnmatch.fnmatch(path, glob)
                or PurePosixPath(path).match(glob)
            )
        except ValueError as exc:
            want = type(exc)
        try:
            got: object = path_matches(path, [glob], by_name=True)
        except ValueError as exc:
            got = type(exc)
        assert got == want, (path, glob)


@pytest.mark.parametrize(
    "name",
    ["a.txt", "a.jsonl.gz", "A.JSONL.ZST", "a.", ".bashrc", "a.b.c", "", ".", "..", "x.gz", ".gz"],
)
def test_format_suffix_is_what_pathlib_gives(name: str) -> None:
    lower = name.lower()
    for ext in (".gz", ".zst"):
        if lower.endswith(ext):
            want = (PurePosixPath(lower[: -len(ext)]).suffix, {".gz": "gzip"}.get(ext, "zstd"))
            break
    else:
        want = (PurePosixPath(lower).suffix, None)
    assert split_suffix(name) == want


def test_a_folder_is_listed_once_for_sidecars_and_a_file_without_one_is_not_asked(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("甲")
    (tmp_path / "b.txt").write_text("乙")
    (tmp_path / "b.txt.meta.yaml").write_text("source: 新华社\n")
    (tmp_path / "c.txt.meta.yaml").mkdir()  # a folder by a sidecar's name is no sidecar
    names = SidecarNames()
    assert names.absent(tmp_path / "a.txt")
    assert not names.absent(tmp_path / "b.txt")
    assert not names.absent(tmp_path / "c.txt")  # left to the file system, as before
    assert not SidecarNames().absent(tmp_path / "missing" / "d.txt")  # unlisted folder
    units = {
        u.rel: u for u in iter_units(sorted(tmp_path.glob("*.txt")), tmp_path, SourceOptions())
    }
    assert units["a.txt"].sidecar is False
    assert units["b.txt"].sidecar is None  # parsing reads it
    docs = {d.path: d for u in units.values() for d in parse_unit(u, SourceOptions()).documents}
    assert docs["b.txt"].metadata == {"source": "新华社"}
    assert docs["a.txt"].metadata == {}


def test_rule_scope_is_shared_by_paths_in_the_same_scope_and_follows_per_file_ignores() -> None:
    rs = ruleset_for()
    txt, other, page = rs.rules_for("a/x.txt"), rs.rules_for("b/y.txt"), rs.rules_for("p.html")
    assert txt is other  # one list for every path the scoped rules treat alike
    scoped = {r.code for r in rs.rules if r.spec.exclude_paths}
    assert scoped and scoped <= {r.code for r, _ in txt}
    assert not scoped & {r.code for r, _ in page}
    ignoring = ruleset_for(**{"per-file-ignores": {"b/*": ["M"]}})
    assert not any(r.code.startswith("M") for r, _ in ignoring.rules_for("b/y.txt"))
    assert any(r.code.startswith("M") for r, _ in ignoring.rules_for("a/x.txt"))


# The rules gated by a character or literal their ``check`` returns without, with a
# document that lacks it (closed) and real-looking text that holds it (open).
_CHEAP_GATES = [
    ("M105", "记者从市卫健委获悉，本周新增病例下降。", "记者从市卫健委获悉\ufffd\ufffd本周"),
    ("M106", "会上通报了近期工作。", "会上通报了近期工作?吗"),
    ("M111", "他表示，下一步将继续加大投入。", "AT&amp;T 公司今天宣布"),
    ("M112", "他表示，下一步将继续加大投入。", "他表示，下一步将<br>继续加大投入。"),
    ("A101", "人民网（北京）12月7日电", "人民网(wǎng)北京12月7日电"),
    ("M107", "会议在北京召开。", "会议在北京\x07召开。"),
    ("M108", "会议在北京召开。", "会议在\u200b北京召开。"),
    ("M110", "会议在北京召开。", "会议在\xa0北京召开。"),
    ("X103", "Google 发布新版浏览器。", "Gοogle 发布新版浏览器。"),
    ("X104", "第3季度营收增长。", "第３季度营收增长。"),
]


@pytest.mark.parametrize(("code", "without", "with_trigger"), _CHEAP_GATES)
def test_rules_that_return_at_once_without_their_character_are_gated_by_it(
    code: str, without: str, with_trigger: str
) -> None:
    """HTML residue (`&`, `<`, `>`), lost characters (U+FFFD, `?`), pinyin glosses (an
    opening parenthesis before a letter) and the rare-character rules (invisible
    characters, Greek/Cyrillic look-alikes, full-width letters) skip a document without
    their character, and run on one with it."""
    rs = ruleset_for([code])
    gate = rs.gate()
    assert gate is not None
    assert code in gate.gated
    assert code in gate.closed(make_doc(without))
    assert code not in gate.closed(make_doc(with_trigger))


def test_rare_character_triggers_are_tried_on_the_shared_list_not_the_text() -> None:
    """The gate asks the document's memoised list of rare characters, the one the
    invisible-character and confusable rules read themselves: one scan serves all."""
    rs = ruleset_for(["M108", "X104"])
    gate = rs.gate()
    assert gate is not None
    doc = make_doc("会议在\u200b北京召开，第３季度")
    assert gate.closed(doc) == frozenset()
    assert set(doc.cache["rare-chars"]) == {"\u200b", "３"}


def test_furniture_regexes_are_tried_only_on_lines_holding_a_literal_yet_classify_agrees(
    tmp_path: Path,
) -> None:
    """``classify`` skips a group regex on a line without any of its required literals
    (casefolded): the class of every line is the one trying every regex gives, caseless
    regexes and spellings in another case included."""
    from seedlint.detectors._webtext import load_furniture

    lex = tmp_path / "furniture.yaml"
    lex.write_text("terms:\n  share: [分享到]\n  nav_menu: [首页]\n", encoding="utf-8")
    groups = {
        "share": {"match": "contains", "regexes": ["(?i)share\\s+to\\s+\\w+", "扫码(?:关注|下载)"]},
        "hotline": {"match": "contains", "regexes": ["热线[:：]?\\s*\\d{3,}"]},
    }
    f = load_furniture([lex], groups, max_line_chars=120)
    lines = [
        "SHARE TO Weibo",
        "Share  to wechat",
        "扫码关注我们",
        "服务热线：12345",
        "分享到：微博 微信",
        "市民可拨打热线反映问题",
        "记者从市政府获悉，本周将举行发布会。",
        "sharing is not share-to",
    ]
    gated = [f.classify(s) for s in lines]
    saved = f._line_regexes
    try:
        f._line_regexes = [(name, rx, None) for name, rx, _ in saved]
        f._memo.clear()  # classified again, every regex tried
        plain = [f.classify(s) for s in lines]
    finally:
        f._line_regexes = saved
        f._memo.clear()
    assert gated == plain
    assert gated[0] == ("share", 1) and gated[2] == ("share", 1) and gated[3] == ("hotline", 1)
    assert gated[6] is None


def test_a_furniture_line_seen_in_another_document_gets_the_class_worked_out_for_it() -> None:
    """``classify`` is memoised by line across documents (a site's furniture recurs on
    every page): the memoised class is the one working it out gives, and the memo stays
    bounded."""
    from seedlint.detectors import _webtext

    f = ruleset_for(["A201"]).by_code["A201"].detector.furniture
    lines = [
        "返回顶部",
        "  分享到：微博 微信  ",
        "记者从市政府获悉，本周将举行发布会。",
        "责任编辑：王某",
    ]
    f._memo.clear()
    first = [f.classify(s) for s in lines]
    assert set(f._memo) == {s.strip() for s in lines}
    again = [f.classify(s) for s in lines]
    fresh = [f._classify(s.strip()) for s in lines]
    assert first == again == fresh
    assert first[0] is not None and first[2] is None
    old = _webtext._CLASSIFY_MEMO_MAX
    try:
        _webtext._CLASSIFY_MEMO_MAX = 2
        f._memo.clear()
        for s in lines:
            f.classify(s)
        assert len(f._memo) <= 2
    finally:
        _webtext._CLASSIFY_MEMO_MAX = old
        f._memo.clear()


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["首页"],
        ["a.b", "a*", "(x)", "[y]", "c|d", "\\", "^", "$", "?"],
        ["关于", "关于我们", "我们"],  # one word inside another
        ["about us", "ABOUT US"],
    ],
)
def test_any_substring_regex_matches_exactly_when_one_word_occurs(words: list[str]) -> None:
    """``any_substring_re`` stands in for ``any(w in text for w in words)``: regex
    metacharacters are literal, overlapping words and no words at all included."""
    from seedlint.detectors._regex import any_substring_re

    rx = any_substring_re(words)
    texts = ["", "关于", "我们的首页", "xa.bx", "aaa", "(x)[y]", "c|d", "cd", "a\\b", "about us"]
    texts += [*words, *(f"前{w}后" for w in words)]
    for t in texts:
        assert (rx.search(t) is not None) == any(w in t for w in words), (words, t)


def test_furniture_prefilters_say_what_the_word_by_word_tests_say(raw_seeds: Path) -> None:
    """A201 skips its menu scan when a page holds no home hint and no section name, and a
    span regex when the page holds none of its literals: one alternation search each,
    which answer as the substring tests they replace, on the seeds and on bulletins and
    pages of the bench corpora."""
    from seedlint.detectors import boilerplate
    from seedlint.detectors._webtext import page, required_literals

    det = ruleset_for(["A201"]).by_code["A201"].detector
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw_seeds.glob("*.txt"))]
    texts += [d["text"] for d in make_corpus.bulletins(40_000, 7)]
    texts += [d["text"] for d in make_corpus.documents(100_000, 7)]
    texts += ["网站首页 | 关于我们", "ABOUT US\nHome", "Privacy Policy", "正文没有菜单。"]
    spans = [(rx, required_literals(rx.pattern)) for _, rx, _, _ in det._span_rx]
    assert any(lits for _, lits in spans)
    for t in texts:
        norm = page(make_doc(t)).norm
        folded = norm.casefold()
        assert (boilerplate._HOME_HINTS_RE.search(norm) is not None) == any(
            h in norm for h in boilerplate._HOME_HINTS
        )
        assert (det._sections_rx.search(folded) is not None) == any(
            w in folded for w in det._sections
        )
        for (_, _, gate, _), (_, lits) in zip(det._span_rx, spans, strict=True):
            assert (gate is None) == (lits is None)
            if gate is not None and lits is not None:
                assert (gate.search(norm) is not None) == any(x in norm for x in lits)
