"""The result cache: an unchanged corpus is not linted again, and anything a result
depends on (content, rules, config, data files, the manifest) invalidates it."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from helpers import user_project
from seedlint import parallel, sources
from seedlint.cache import DB_NAME, Cache, default_directory, namespace
from seedlint.cli import main
from seedlint.config import load_config
from seedlint.engine import RuleSet
from seedlint.model import Applicability, DocumentReport
from seedlint.parallel import DocOut, UnitResult
from seedlint.runner import RunOptions, RunResult, run
from seedlint.sources import Unit
from seedlint.testing import ruleset_for
from test_scale_inputs import build_corpus


@pytest.fixture
def lint_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every document the rules actually run on (the cache skips the others)."""
    calls: list[str] = []
    real = parallel.lint_documents

    def counting(docs, ruleset, collect=True):  # type: ignore[no-untyped-def]
        calls.extend(doc.doc_id for doc in docs)
        return real(docs, ruleset, collect)

    monkeypatch.setattr(parallel, "lint_documents", counting)
    return calls


def _run(paths: list[Path], rs: RuleSet, root: Path, cache: Path) -> RunResult:
    return run(paths, rs, root, RunOptions(cache_dir=cache))


def test_second_run_over_an_unchanged_corpus_lints_nothing_and_reports_the_same(
    tmp_path: Path, lint_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "BATCH_RECORDS", 8)
    corpus = build_corpus(tmp_path)
    rs = ruleset_for()
    cache = tmp_path / "cache"
    first = _run([corpus], rs, tmp_path, cache)
    n_docs = len(lint_calls)
    assert n_docs == first.stats["documents"] > 40
    lint_calls.clear()
    second = _run([corpus], rs, tmp_path, cache)
    assert lint_calls == []
    assert second.stats["units_cached"] == second.stats["units"] == first.stats["units"]
    assert second.report.model_dump_json() == first.report.model_dump_json()
    # the documents the text reporter quotes are there again (parsed, not linted)
    assert sorted(second.documents) == sorted(first.documents)
    uncached = run([corpus], rs, tmp_path, RunOptions())
    assert uncached.report.model_dump_json() == first.report.model_dump_json()


def test_changing_one_file_or_one_record_relints_only_that_unit(
    tmp_path: Path, lint_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "BATCH_RECORDS", 8)
    corpus = build_corpus(tmp_path)
    rs = ruleset_for()
    cache = tmp_path / "cache"
    _run([corpus], rs, tmp_path, cache)
    (corpus / "claim_a.txt").write_text("天气晴朗。\n", encoding="utf-8")
    jl = corpus / "records.jsonl"
    lines = jl.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[20] = json.dumps({"id": "r20", "text": "改过的记录。"}, ensure_ascii=False) + "\n"
    jl.write_text("".join(lines), encoding="utf-8")
    lint_calls.clear()
    again = _run([corpus], rs, tmp_path, cache)
    relinted = set(lint_calls)
    assert "corpus/claim_a.txt" in relinted
    batch = {f"corpus/records.jsonl#r{i}" for i in range(16, 24)}  # r20's batch of 8
    assert relinted == {"corpus/claim_a.txt"} | batch
    fresh = run([corpus], rs, tmp_path, RunOptions())
    assert again.report.model_dump_json() == fresh.report.model_dump_json()


def _project(tmp_path: Path) -> tuple[Path, Path]:
    docs = user_project(tmp_path)
    (docs / "a.txt").write_text("my colour!!\n", encoding="utf-8")
    (docs / "b.txt").write_text("a favour\n", encoding="utf-8")
    return docs, tmp_path / "seedlint.yaml"


def _codes(result: RunResult) -> list[tuple[str, str]]:
    return sorted((f.document, f.code) for f in result.report.findings)


def test_editing_a_rule_file_invalidates_the_cache(tmp_path: Path) -> None:
    docs, cfg_path = _project(tmp_path)
    cache = tmp_path / "cache"
    rs = RuleSet.from_config(load_config(cfg_path))
    before = _run([docs], rs, tmp_path, cache)
    assert ("docs/b.txt", "T201") in _codes(before)
    rule_file = tmp_path / "rules" / "user.yaml"
    rule_file.write_text(
        rule_file.read_text(encoding="utf-8").replace("favour: favor", "flavour: flavor"),
        encoding="utf-8",
    )
    rs2 = RuleSet.from_config(load_config(cfg_path))
    after = _run([docs], rs2, tmp_path, cache)
    assert after.stats.get("units_cached", 0) == 0
    assert ("docs/b.txt", "T201") not in _codes(after)


def test_changing_the_config_invalidates_the_cache(tmp_path: Path) -> None:
    docs, cfg_path = _project(tmp_path)
    cache = tmp_path / "cache"
    before = _run([docs], RuleSet.from_config(load_config(cfg_path)), tmp_path, cache)
    assert ("docs/a.txt", "T202") in _codes(before)
    cfg_path.write_text(cfg_path.read_text(encoding="utf-8") + "ignore: [T202]\n", "utf-8")
    after = _run([docs], RuleSet.from_config(load_config(cfg_path)), tmp_path, cache)
    assert after.stats.get("units_cached", 0) == 0
    assert ("docs/a.txt", "T202") not in _codes(after)
    assert ("docs/a.txt", "T201") in _codes(after)


def test_a_data_file_or_the_manifest_changes_the_cache_namespace(tmp_path: Path) -> None:
    _, cfg_path = _project(tmp_path)
    cfg_path.write_text(cfg_path.read_text(encoding="utf-8") + "manifest: m.yaml\n", "utf-8")
    (tmp_path / "m.yaml").write_text("documents: []\n", encoding="utf-8")
    rs = RuleSet.from_config(load_config(cfg_path))
    ns0 = namespace(rs)
    (tmp_path / "m.yaml").write_text("documents: [{path: a.txt}]\n", encoding="utf-8")
    ns1 = namespace(rs)
    (tmp_path / "rules" / "extra-terms.txt").write_text("colour\n", encoding="utf-8")
    ns2 = namespace(rs)
    assert len({ns0, ns1, ns2}) == 3


def test_a_word_list_a_rule_names_outside_the_rule_folders_changes_the_namespace(
    tmp_path: Path,
) -> None:
    _, cfg_path = _project(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "spam.yaml").write_text("terms: [博彩]\n", encoding="utf-8")
    (tmp_path / "rules" / "spam.yaml").write_text(
        "rules:\n  - code: T301\n    name: spam\n    category: spam\n    severity: warning\n"
        "    kind: inline-spam\n    params: {spam_lexicons: [../shared/spam.yaml]}\n"
        "    message: spam\n",
        encoding="utf-8",
    )
    cfg = load_config(cfg_path)
    before = namespace(cfg)
    assert namespace(cfg) == before
    (shared / "spam.yaml").write_text("terms: [博彩, 代开发票]\n", encoding="utf-8")
    assert namespace(cfg) != before


def test_a_data_file_changed_in_place_with_its_size_and_mtime_kept_changes_the_namespace(
    tmp_path: Path,
) -> None:
    _, cfg_path = _project(tmp_path)
    data = tmp_path / "rules" / "extra-terms.txt"
    data.write_text("colour\n", encoding="utf-8")
    st = data.stat()
    cfg = load_config(cfg_path)
    before = namespace(cfg)
    data.write_text("favour\n", encoding="utf-8")  # same size
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert namespace(cfg) != before


def test_a_rule_that_compares_with_today_is_not_served_from_yesterdays_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedlint import cache

    _, cfg_path = _project(tmp_path)
    cfg = load_config(cfg_path)
    monkeypatch.setattr(cache, "_today", lambda: "2026-01-01")
    plain = namespace(cfg)
    monkeypatch.setattr(cache, "_today", lambda: "2026-01-02")
    assert namespace(cfg) == plain  # no rule of this pack looks at the date
    dated = cfg.model_copy(update={"builtin_rules": True})  # P107: "in the future"
    monkeypatch.setattr(cache, "_today", lambda: "2026-01-01")
    day1 = namespace(dated)
    assert namespace(dated) == day1
    monkeypatch.setattr(cache, "_today", lambda: "2026-01-02")
    assert namespace(dated) != day1


def test_fix_still_fixes_a_file_whose_findings_came_from_the_cache(tmp_path: Path) -> None:
    docs, cfg_path = _project(tmp_path)
    cache = tmp_path / "cache"
    rs = RuleSet.from_config(load_config(cfg_path))
    _run([docs], rs, tmp_path, cache)
    res = run([docs], rs, tmp_path, RunOptions(fix=Applicability.SAFE, cache_dir=cache))
    assert (docs / "a.txt").read_text(encoding="utf-8") == "my color!!\n"
    assert (docs / "b.txt").read_text(encoding="utf-8") == "a favor\n"
    assert sum(len(d.fixes) for d in res.report.documents) == 2
    # the fixed files are new content: the next check lints them and caches the result
    check = _run([docs], rs, tmp_path, cache)
    assert ("docs/a.txt", "T201") not in _codes(check)


def test_a_damaged_cache_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, cfg_path = _project(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DB_NAME).write_bytes(b"this is not a database" * 100)
    rs = RuleSet.from_config(load_config(cfg_path))
    res = _run([docs], rs, tmp_path, cache)
    assert ("docs/a.txt", "T201") in _codes(res)
    assert "cache disabled" in capsys.readouterr().err


def test_cli_caches_in_the_users_cache_folder_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEEDLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _project(tmp_path)
    assert main(["docs", "--no-progress", "--no-cache"]) == 1
    assert not (tmp_path / "xdg").exists()
    assert main(["docs", "--no-progress"]) == 1
    cache_dir = default_directory(tmp_path)
    assert cache_dir.is_relative_to(tmp_path / "xdg" / "seedlint")
    assert not (tmp_path / ".seedlint-cache").exists()  # never inside the project
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*")
    db = sqlite3.connect(cache_dir / DB_NAME)
    assert db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 2
    db.close()
    assert main(["docs", "--no-progress", "--cache-dir", "elsewhere"]) == 1
    assert (tmp_path / "elsewhere" / DB_NAME).is_file()


def test_corpus_data_that_is_not_plain_data_is_simply_not_cached(tmp_path: Path) -> None:
    c = Cache(tmp_path / "c", "ns")
    unit = Unit("a.txt", tmp_path / "a.txt", 0, "file", digest="d")
    bad = UnitResult(
        "a.txt",
        0,
        docs=[
            DocOut(
                report=DocumentReport(path="a.txt", document="a.txt"),
                findings=[],
                collected={"X": lambda: None},
                doc_id="a.txt",
                path="a.txt",
                head="",
            )
        ],
    )
    c.store(unit, bad)
    c.close()
    assert Cache(tmp_path / "c", "ns").lookup(unit) is None


# ---------------------------------------------------------------------------------------
# The run memo: a check over unchanged inputs replays the recorded output


@pytest.fixture
def memo_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEEDLINT_CACHE_DIR", raising=False)
    docs, _ = _project(tmp_path)
    return docs


@pytest.fixture
def rule_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often the rule pack is loaded: a replay never loads it."""
    loads: list[int] = []
    real = RuleSet.from_config

    def counting(cfg):  # type: ignore[no-untyped-def]
        loads.append(1)
        return real(cfg)

    monkeypatch.setattr(RuleSet, "from_config", counting)
    return loads


def _check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*argv, "--no-progress"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_unchanged_check_replays_output_reports_and_exit_code_without_loading_rules(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["docs", "--report", "json:out/r.json", "--report", "sarif:out/r.sarif"]
    first = _check(argv, capsys)
    assert rule_loads == [1] and first[0] == 1 and "T201" in first[1]
    written = {p: Path(p).read_bytes() for p in ("out/r.json", "out/r.sarif")}
    for p in written:
        Path(p).unlink()
    second = _check(argv, capsys)
    assert rule_loads == [1]  # replayed: the rule pack was not even loaded
    assert second == first
    assert {p: Path(p).read_bytes() for p in written} == written


def test_an_edited_document_sidecar_rule_or_option_is_not_replayed(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    base = _check(["docs"], capsys)
    steps = [
        lambda: (memo_project / "b.txt").write_text("a favour, a favour\n", encoding="utf-8"),
        lambda: (memo_project / "a.txt.meta.yaml").write_text(
            "seedlint:\n  waive:\n    - {code: T202, reason: quoted as published}\n",
            encoding="utf-8",
        ),
        lambda: (Path("rules") / "user.yaml").write_text(
            (Path("rules") / "user.yaml").read_text(encoding="utf-8").replace("favour", "flavour"),
            encoding="utf-8",
        ),
    ]
    outputs = [base[1]]
    for step in steps:
        step()
        loads = len(rule_loads)
        _, out, _ = _check(["docs"], capsys)
        assert len(rule_loads) == loads + 1, "a changed input must be linted, not replayed"
        assert out != outputs[-1]
        outputs.append(out)
    loads = len(rule_loads)
    _, out, _ = _check(["docs", "--output-format", "json"], capsys)
    assert len(rule_loads) == loads + 1 and json.loads(out)["findings"]
    code, out, _ = _check(["docs", "--exit-zero"], capsys)
    assert len(rule_loads) == loads + 2 and code == 0


def test_fix_and_no_cache_runs_are_never_replayed(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    _check(["docs"], capsys)
    assert _check(["docs", "--no-cache"], capsys)[0] == 1 and len(rule_loads) == 2
    _check(["docs", "--fix"], capsys)
    assert len(rule_loads) == 3
    assert (memo_project / "a.txt").read_text(encoding="utf-8") == "my color!!\n"
    # the fixed corpus is new input: checked afresh, not the recorded pre-fix output
    code, out, _ = _check(["docs"], capsys)
    assert len(rule_loads) == 4 and "favour" not in out and code == 0  # a warning is left


def test_a_run_too_large_to_keep_is_run_again_not_replayed(
    memo_project: Path,
    rule_loads: list[int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint import runmemo

    monkeypatch.setattr(runmemo, "MAX_RECORDING_CHARS", 10)
    first = _check(["docs"], capsys)
    assert _check(["docs"], capsys) == first
    assert len(rule_loads) == 2


def test_only_the_most_recent_runs_are_kept_for_replay(
    memo_project: Path,
    rule_loads: list[int],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint import runmemo

    monkeypatch.setattr(runmemo, "KEEP_RUNS", 1)
    _check(["docs"], capsys)
    _check(["docs", "--concise"], capsys)  # a second recording pushes the first out
    _check(["docs", "--concise"], capsys)
    assert len(rule_loads) == 2
    _check(["docs"], capsys)
    assert len(rule_loads) == 3


def test_workers_encode_results_for_the_cache_and_the_reading_process_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedlint import runner

    monkeypatch.setattr(sources, "BATCH_RECORDS", 8)
    monkeypatch.setattr(runner, "SMALL_INPUT_BYTES", 0)  # the pool even on a tiny corpus
    corpus = build_corpus(tmp_path)
    rs = ruleset_for()
    blobs: list[bool] = []
    real = Cache.store

    def spying(self, unit, result):  # type: ignore[no-untyped-def]
        blobs.append(result.cache_blob is not None)
        return real(self, unit, result)

    monkeypatch.setattr(Cache, "store", spying)
    opts = RunOptions(jobs=2, cache_dir=tmp_path / "cache")
    first = run([corpus], rs, tmp_path, opts)
    assert blobs and all(blobs)
    second = run([corpus], rs, tmp_path, opts)
    assert second.stats["units_cached"] == second.stats["units"] == first.stats["units"]
    assert second.report.model_dump_json() == first.report.model_dump_json()


def test_a_replay_rewrites_a_changed_report_file_and_leaves_an_identical_one_alone(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["docs", "--report", "json:out/r.json", "--report", "sarif:out/r.sarif"]
    _check(argv, capsys)
    json_file, sarif_file = Path("out/r.json"), Path("out/r.sarif")
    recorded = json_file.read_bytes()
    json_file.write_bytes(b"{}")  # edited by hand since
    before = sarif_file.stat().st_mtime_ns
    _check(argv, capsys)
    assert rule_loads == [1]
    assert json_file.read_bytes() == recorded
    assert sarif_file.stat().st_mtime_ns == before


def test_a_row_planted_in_the_run_memo_writes_no_file_and_changes_no_exit_code(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from seedlint import runmemo

    argv = ["docs", "--report", "json:out/r.json", "--cache-dir", "c"]
    first = _check(argv, capsys)
    assert first[0] == 1
    db_file = Path("c") / runmemo.DB_NAME
    planted = memo_project.parent / "planted.txt"
    db = sqlite3.connect(db_file)
    db.execute("UPDATE runs SET code = 0, stdout = x''")
    db.execute("UPDATE run_files SET name = ?", (str(planted),))
    db.commit()
    db.close()
    second = _check(argv, capsys)
    assert not planted.exists()
    assert rule_loads == [1, 1]  # a miss: the run went on without the memo
    assert second == first
    third = _check(argv, capsys)  # the honest recording replaced the planted row
    assert rule_loads == [1, 1] and third == first


def test_a_memo_row_whose_report_bytes_do_not_match_their_hash_is_a_miss(
    memo_project: Path, rule_loads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from seedlint import runmemo

    argv = ["docs", "--report", "json:out/r.json", "--cache-dir", "c"]
    first = _check(argv, capsys)
    recorded = Path("out/r.json").read_bytes()
    Path("out/r.json").unlink()
    db_file = Path("c") / runmemo.DB_NAME
    db = sqlite3.connect(db_file)
    db.execute("UPDATE run_files SET data = x'7b7d'")
    db.commit()
    db.close()
    assert _check(argv, capsys) == first
    assert rule_loads == [1, 1]
    assert Path("out/r.json").read_bytes() == recorded
