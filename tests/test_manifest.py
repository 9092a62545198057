"""The corpus manifest: reading and writing it, the integrity findings, and what
``--fix`` records (and never invents)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from seedlint.config import Config
from seedlint.engine import RuleSet
from seedlint.manifest import Entry, FixRecord, Manifest, ManifestError, load_cached
from seedlint.model import Applicability, Finding
from seedlint.runner import RunOptions, RunResult, run
from seedlint.testing import check_text, ruleset_for

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
DATED = "标题\n2022-11-23 09:56 来源：人民网\n\n重庆市召开专题会议，研究部署工作，要求落实。\n"
UNDATED = "标题\n\n重庆市召开专题会议，研究部署下一步工作，要求各区县认真落实到位。\n"
# The test's own rule with a safe fix, so the fix does not depend on the built-in pack.
FIX_RULE = """
rules:
  - code: X901
    name: zero-width-space
    category: artifact
    severity: warning
    kind: pattern
    message: zero-width space
    params: {regex: "\\u200b", replacement: ""}
    fix: safe
    examples:
      bad: [{text: "a\\u200bb", fixed: "ab"}]
"""
GLOSSED = DATED.replace("专题", "专\u200b题")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working directory) with a corpus folder and a config."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "seedlint.yaml").write_text("manifest: corpus/manifest.yaml\n", encoding="utf-8")
    (tmp_path / "fixrule.yaml").write_text(FIX_RULE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "corpus"


def lint(root: Path, fix: bool = False, select: list[str] | None = None) -> RunResult:
    cfg = Config.model_validate(
        {
            "manifest": "corpus/manifest.yaml",
            "rules": ["fixrule.yaml"],
            **({"select": select} if select else {}),
        }
    )
    cfg.origin = root / "seedlint.yaml"
    opts = RunOptions(fix=Applicability.SAFE if fix else None)
    return run([root / "corpus"], RuleSet.from_config(cfg), root, opts)


def p120(result: RunResult) -> list[Finding]:
    return [f for f in result.report.findings if f.code == "P120"]


def test_manifest_round_trips_with_unknown_keys_kept(tmp_path: Path) -> None:
    m = Manifest(path=tmp_path / "m.yaml", header={"corpus": "seeds"})
    m.entries["a.txt"] = Entry(
        path="a.txt",
        sha256="b" * 64,
        sha256_received="a" * 64,
        source="人民網",
        published="2022-11-23",
        fixes=[FixRecord("a" * 64, "b" * 64, ["M101"], 3, "2025-01-01T00:00:00Z", "seedlint")],
        extra={"reviewer": "lead"},
    )
    m.save()
    again = Manifest.load(tmp_path / "m.yaml")
    assert again.header["corpus"] == "seeds"
    e = again.entries["a.txt"]
    assert (e.source, e.published, e.extra) == ("人民網", "2022-11-23", {"reviewer": "lead"})
    assert e.fixes[0].codes == ["M101"] and e.chain_problem() is None
    assert "人民網" in (tmp_path / "m.yaml").read_text(encoding="utf-8")  # not escaped


@pytest.mark.parametrize(
    "content",
    [
        "documents: 3\n",
        "documents:\n  - sha256: abc\n",
        "documents:\n  - path: a.txt\n  - path: a.txt\n",
        "documents:\n  - path: a.txt\n    fixes: [{sha256_before: x}]\n",
        "- just a list\n",
        "documents: [\n",
    ],
)
def test_malformed_manifests_are_refused_with_a_reason(tmp_path: Path, content: str) -> None:
    (tmp_path / "m.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError):
        Manifest.load(tmp_path / "m.yaml")


def test_a_hand_edited_hash_breaks_the_recorded_chain() -> None:
    e = Entry(path="a", sha256="c" * 64, sha256_received="a" * 64)
    assert e.chain_problem() is not None
    e.fixes = [FixRecord("a" * 64, "c" * 64)]
    assert e.chain_problem() is None
    e.fixes = [FixRecord("x" * 64, "c" * 64)]
    assert "fix #1" in (e.chain_problem() or "")


def test_fix_writes_the_manifest_with_extracted_values_only(corpus: Path) -> None:
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")
    (corpus / "undated.txt").write_text(UNDATED, encoding="utf-8")
    before = lint(corpus.parent)
    assert sorted(f.path for f in p120(before)) == ["corpus/dated.txt", "corpus/undated.txt"]
    lint(corpus.parent, fix=True)
    m = Manifest.load(corpus / "manifest.yaml")
    dated, undated = m.entries["dated.txt"], m.entries["undated.txt"]
    assert (dated.published, dated.source) == ("2022-11-23", "人民网")
    assert dated.sha256 == dated.sha256_received == sha(DATED.encode())
    # Nothing is invented: no date, no source, no URL, no licence where none was found.
    assert undated.provenance_values() == {}
    after = lint(corpus.parent)
    assert p120(after) == []
    assert {f.code for f in after.report.findings if f.path == "corpus/undated.txt"} >= {
        "P101",
        "P102",
    }


def test_fix_records_its_own_fixes_with_hashes_before_and_after(corpus: Path) -> None:
    (corpus / "g.txt").write_text(GLOSSED, encoding="utf-8")
    lint(corpus.parent, fix=True)
    fixed = (corpus / "g.txt").read_bytes()
    assert fixed == DATED.encode()
    e = Manifest.load(corpus / "manifest.yaml").entries["g.txt"]
    assert e.sha256_received == sha(GLOSSED.encode())
    assert e.sha256 == sha(fixed)
    assert len(e.fixes) == 1
    rec = e.fixes[0]
    assert (rec.sha256_before, rec.sha256_after) == (sha(GLOSSED.encode()), sha(fixed))
    assert rec.codes and rec.count >= 1 and rec.tool and rec.at
    assert p120(lint(corpus.parent)) == []


def test_changed_file_missing_file_and_unlisted_file_are_findings(corpus: Path) -> None:
    (corpus / "a.txt").write_text(DATED, encoding="utf-8")
    (corpus / "b.txt").write_text(DATED.replace("人民网", "新华网"), encoding="utf-8")
    lint(corpus.parent, fix=True)
    (corpus / "a.txt").write_text(DATED + "追加一行。\n", encoding="utf-8")
    (corpus / "b.txt").unlink()
    (corpus / "c.txt").write_text(DATED, encoding="utf-8")
    found = {(f.path, f.severity.value, f.line) for f in p120(lint(corpus.parent))}
    line_b = next(
        i
        for i, s in enumerate((corpus / "manifest.yaml").read_text().splitlines(), 1)
        if "path: b.txt" in s
    )
    assert found == {
        ("corpus/a.txt", "error", 1),
        ("corpus/manifest.yaml", "warning", line_b),
        ("corpus/c.txt", "warning", 1),
    }
    # --fix lists c.txt but neither launders a.txt's change nor drops b.txt's entry.
    lint(corpus.parent, fix=True)
    again = {(f.path, f.severity.value) for f in p120(lint(corpus.parent))}
    assert again == {("corpus/a.txt", "error"), ("corpus/manifest.yaml", "warning")}


def test_a_hash_edited_in_the_manifest_by_hand_is_a_finding(corpus: Path) -> None:
    (corpus / "a.txt").write_text(DATED, encoding="utf-8")
    lint(corpus.parent, fix=True)
    (corpus / "a.txt").write_text(DATED + "改动。\n", encoding="utf-8")
    mpath = corpus / "manifest.yaml"
    data = yaml.safe_load(mpath.read_text(encoding="utf-8"))
    data["documents"][0]["sha256"] = sha((corpus / "a.txt").read_bytes())
    mpath.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    msgs = [f.message for f in p120(lint(corpus.parent))]
    assert len(msgs) == 1 and "changed by hand" in msgs[0]


def test_documents_outside_the_manifests_folder_are_not_its_business(corpus: Path) -> None:
    other = corpus.parent / "elsewhere"
    other.mkdir()
    (other / "x.txt").write_text(DATED, encoding="utf-8")
    (corpus / "manifest.yaml").write_text("version: 1\ndocuments: []\n", encoding="utf-8")
    cfg = Config.model_validate({"manifest": "corpus/manifest.yaml", "select": ["P120"]})
    cfg.origin = corpus.parent / "seedlint.yaml"
    result = run([other], RuleSet.from_config(cfg), corpus.parent, RunOptions())
    assert p120(result) == []


def test_an_unreadable_manifest_is_one_finding_and_fix_leaves_it_alone(corpus: Path) -> None:
    (corpus / "a.txt").write_text(DATED, encoding="utf-8")
    (corpus / "manifest.yaml").write_text("documents: [\n", encoding="utf-8")
    fs = p120(lint(corpus.parent))
    assert len(fs) == 1 and "cannot be read" in fs[0].message
    result = lint(corpus.parent, fix=True)
    assert any("manifest not updated" in e for e in result.write_errors)
    assert (corpus / "manifest.yaml").read_text(encoding="utf-8") == "documents: [\n"


def test_jsonl_files_are_listed_once_by_file_hash(corpus: Path) -> None:
    line = '{"text": "标题\\n2022-11-23 来源：人民网\\n\\n正文。", "id": 1}\n'
    (corpus / "r.jsonl").write_text(line * 3, encoding="utf-8")
    assert [f.path for f in p120(lint(corpus.parent))] == ["corpus/r.jsonl"]
    lint(corpus.parent, fix=True)
    e = Manifest.load(corpus / "manifest.yaml").entries["r.jsonl"]
    assert e.sha256 == sha((corpus / "r.jsonl").read_bytes())
    assert e.published is None  # per-record provenance stays in the records
    assert p120(lint(corpus.parent)) == []


def test_the_real_seeds_get_their_provenance_recorded(corpus: Path) -> None:
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, corpus / f.name)
        (corpus / f.name).chmod(0o644)
    lint(corpus.parent, fix=True, select=["P"])
    m = Manifest.load(corpus / "manifest.yaml")
    got = {k: (e.published, e.source, e.original_source) for k, e in m.entries.items()}
    assert got == {
        "000_ea1647fd556938d9.txt": ("2022-11-23", "人民網", "人民日報"),
        "001_712f67c0189c27b8.txt": ("2022-09-14", "重慶發布", "重慶日報"),
        "002_5df404fbe06626fb.txt": ("2020-02-05", "城乡统筹发展网", None),
        "003_7452ed3e741612d2.txt": ("2022-12-02", "北京青年报", None),
    }
    for f in SEEDS.glob("*.txt"):
        assert m.entries[f.name].sha256 == sha(f.read_bytes())


def test_manifest_is_read_once_and_again_only_after_it_changes(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("documents: []\n", encoding="utf-8")
    first = load_cached(p)
    assert load_cached(p) is first
    p.write_text("documents:\n  - path: a.txt\n", encoding="utf-8")
    again = load_cached(p)
    assert isinstance(again, Manifest) and "a.txt" in again.entries


def test_a_hash_in_a_documents_own_metadata_is_checked_without_a_manifest() -> None:
    rs = ruleset_for(["P120"])
    good = {"sha256": sha(DATED.encode())}
    assert check_text(DATED, metadata=good, ruleset=rs) == []
    fs = check_text(DATED + "改动", metadata=good, ruleset=rs)
    assert [f.code for f in fs] == ["P120"]
    assert "metadata" in fs[0].message


def test_manifest_values_fill_gaps_and_disagreements_with_the_text_are_reported(
    corpus: Path,
) -> None:
    (corpus / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")
    m = Manifest(path=corpus / "manifest.yaml")
    for name, text in (("undated.txt", UNDATED), ("dated.txt", DATED)):
        m.entries[name] = Entry(path=name, sha256=sha(text.encode()))
    m.entries["undated.txt"].published = "2022-11-20"  # entered by hand from the archive
    m.entries["undated.txt"].source = "重庆日报"
    m.entries["dated.txt"].source = "新华社"  # the text says 人民网
    m.save()
    result = lint(corpus.parent, select=["P1"])
    by_doc: dict[str, set[str]] = {}
    for f in result.report.findings:
        by_doc.setdefault(f.path, set()).add(f.code)
    assert by_doc.get("corpus/undated.txt", set()) == set()
    assert by_doc["corpus/dated.txt"] == {"P108"}
    msg = next(f.message for f in result.report.findings if f.code == "P108")
    assert msg.startswith("manifest says source `新华社`")
    prov = {d.path: d.provenance for d in result.report.documents}["corpus/undated.txt"]
    assert (prov["published"], prov["published_origin"]) == ("2022-11-20", "manifest")


def test_diff_mode_judges_the_file_on_disk_not_the_fix_it_would_write(corpus: Path) -> None:
    (corpus / "g.txt").write_text(GLOSSED, encoding="utf-8")
    lint(corpus.parent, select=["P120"])  # nothing written without --fix
    m = Manifest(path=corpus / "manifest.yaml")
    m.entries["g.txt"] = Entry(path="g.txt", sha256=sha(GLOSSED.encode()))
    m.save()
    cfg = Config.model_validate({"manifest": "corpus/manifest.yaml", "rules": ["fixrule.yaml"]})
    cfg.origin = corpus.parent / "seedlint.yaml"
    opts = RunOptions(fix=Applicability.SAFE, diff=True)
    result = run([corpus], RuleSet.from_config(cfg), corpus.parent, opts)
    assert result.diffs, "the fix should be shown as a diff"
    assert p120(result) == []
    assert (corpus / "g.txt").read_text(encoding="utf-8") == GLOSSED
