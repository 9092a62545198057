"""Every way of running gives the single-process report: worker processes (any --jobs),
shards merged with `seedlint merge`, and the Dask backend. The corpus holds a
contradiction between a plain file and a JSONL record in another batch (so in another
shard), so the corpus-wide pass is part of what must agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedlint import parallel, runner, sources
from seedlint.cli import main
from seedlint.document import Document
from seedlint.engine import RuleSet, lint_document, lint_documents
from seedlint.runner import RunOptions, RunResult, run
from seedlint.shards import (
    ShardError,
    dump_shard,
    load_shard,
    merge_states,
    parse_shard,
    run_shard,
)
from seedlint.testing import make_doc, ruleset_for
from test_scale_inputs import build_corpus


@pytest.fixture(scope="module")
def rs() -> RuleSet:
    return ruleset_for()


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sources, "BATCH_RECORDS", 8)
    monkeypatch.setattr(runner, "SMALL_INPUT_BYTES", 0)  # use the pool even on a tiny corpus
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 2)
    return build_corpus(tmp_path)


def _json(result: RunResult) -> str:
    return result.report.model_dump_json()


def _cross_file_contradiction(result: RunResult) -> bool:
    return any(
        f.code == "C101" and f.path.endswith(".jsonl") and ".txt" in f.message
        for f in result.report.findings
    ) or any(
        f.code == "C101" and f.path.endswith(".txt") and ".jsonl" in f.message
        for f in result.report.findings
    )


def test_worker_processes_give_the_single_process_report(
    corpus: Path, tmp_path: Path, rs: RuleSet
) -> None:
    one = run([corpus], rs, tmp_path, RunOptions(jobs=1))
    two = run([corpus], rs, tmp_path, RunOptions(jobs=2))
    assert _cross_file_contradiction(one)
    assert one.stats["units"] >= 8 and one.stats["units"] == two.stats["units"]
    assert _json(one) == _json(two)
    # the reporters see the same documents (those with findings) either way
    assert sorted(one.documents) == sorted(two.documents)
    assert all(two.documents[k].text == d.text for k, d in one.documents.items())


def test_sharded_runs_merge_into_the_single_process_report(
    corpus: Path, tmp_path: Path, rs: RuleSet
) -> None:
    single = run([corpus], rs, tmp_path, RunOptions())
    states = [
        load_shard(dump_shard(run_shard([corpus], rs, tmp_path, RunOptions(), i, 3)))
        for i in (1, 2, 3)
    ]
    assert all(s.results for s in states)  # the hash spreads units over every shard
    units = sorted((r.rel, r.seq) for s in states for r in s.results)
    assert len(units) == len(set(units)) == single.stats["units"]
    merged = merge_states(list(reversed(states)), rs)
    assert _json(merged) == _json(single)


def test_merge_refuses_a_missing_duplicate_or_foreign_shard(
    corpus: Path, tmp_path: Path, rs: RuleSet
) -> None:
    states = [run_shard([corpus], rs, tmp_path, RunOptions(), i, 2) for i in (1, 2)]
    with pytest.raises(ShardError, match="missing shard"):
        merge_states(states[:1], rs)
    with pytest.raises(ShardError, match="given twice"):
        merge_states([states[0], states[0], states[1]], rs)
    other = ruleset_for(["A001"])
    with pytest.raises(ShardError, match="another rule pack or config"):
        merge_states(states, other)
    with pytest.raises(ShardError, match="1 <= i <= N"):
        parse_shard("0/3")


def test_cli_shards_and_merge_match_a_plain_run(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    base = ["corpus", "--no-progress", "--no-cache"]
    rc_plain = main([*base, "--output-format", "json", "--output-file", "plain.json"])
    assert rc_plain == 1
    for i in (1, 2):
        assert main([*base, "--shard", f"{i}/2", "--output-file", f"s{i}.json"]) == 0
    shard = json.loads((tmp_path / "s1.json").read_text(encoding="utf-8"))
    assert shard["kind"] == "seedlint-shard" and shard["shard"] == "1/2"
    rc = main(["merge", "s1.json", "s2.json", "--output-format", "json", "--output-file", "m.json"])
    assert rc == rc_plain
    plain = (tmp_path / "plain.json").read_text(encoding="utf-8")
    assert (tmp_path / "m.json").read_text(encoding="utf-8") == plain
    assert main(["merge", "s1.json"]) == 2  # incomplete
    assert main([*base, "--shard", "1/2", "--fix"]) == 2  # shards only check


def test_dask_backend_gives_the_single_process_report(
    corpus: Path, tmp_path: Path, rs: RuleSet
) -> None:
    distributed = pytest.importorskip("distributed")
    from seedlint.dask_backend import run_dask

    single = run([corpus], rs, tmp_path, RunOptions())
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=2,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = run_dask([corpus], rs, tmp_path, client=client, shards=3)
    assert _cross_file_contradiction(result)
    assert _json(result) == _json(single)


def test_output_order_does_not_depend_on_worker_timing(
    tmp_path: Path, rs: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "SMALL_INPUT_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 1)
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(40):
        # long and short documents alternate, so workers finish out of order
        body = "市民在公园里散步。" * (400 if i % 2 else 1)
        (docs / f"d{i:02d}.txt").write_text(f"本报记者{{{{ author }}}}报道。\n{body}\n", "utf-8")
    one = run([docs], rs, tmp_path, RunOptions(jobs=1))
    two = run([docs], rs, tmp_path, RunOptions(jobs=2))
    assert [d.document for d in two.report.documents] == [f"many/d{i:02d}.txt" for i in range(40)]
    assert _json(one) == _json(two)


def test_cli_runs_on_a_dask_scheduler_given_by_address(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.chdir(tmp_path)
    base = ["corpus", "--no-progress", "--no-cache", "--output-format", "json"]
    rc_plain = main([*base, "--output-file", "plain.json"])
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    ) as cluster:
        rc = main([*base, "--dask", cluster.scheduler_address, "--output-file", "dask.json"])
    assert rc == rc_plain
    plain = (tmp_path / "plain.json").read_text(encoding="utf-8")
    assert (tmp_path / "dask.json").read_text(encoding="utf-8") == plain
    assert main(["corpus", "--dask", "local", "--fix"]) == 2  # the cluster only checks


def test_a_worker_that_rebuilds_the_rule_set_gets_the_same_rules(rs: RuleSet) -> None:
    recipe = parallel.recipe_for(rs)
    rebuilt = parallel.build_ruleset(recipe)
    assert [r.code for r in rebuilt.rules] == [r.code for r in rs.rules]
    assert rebuilt.digest() == rs.digest()
    only = ruleset_for(["A001"])
    assert [r.code for r in parallel.build_ruleset(parallel.recipe_for(only)).rules] == ["A001"]
    bad = parallel.RuleSetRecipe(rs.cfg, ("NOPE",), rs.digest())
    with pytest.raises(RuntimeError, match="cannot be rebuilt"):
        parallel.build_ruleset(bad)


def test_linting_a_batch_rule_by_rule_gives_each_document_its_own_findings(
    rs: RuleSet,
) -> None:
    """``lint_documents`` runs each rule over the whole batch before the next rule; the
    shared analyses in each document's cache must not leak between documents."""
    here = Path(__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((here / "fixtures" / "seeds").glob("*"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((here / "data" / "clean").glob("*"))]
    assert len(texts) >= 8

    def docs() -> list[Document]:
        return [make_doc(t, path=f"d{i}.txt") for i, t in enumerate(texts)]

    one_by_one = [lint_document(d, rs) for d in docs()]
    batched = lint_documents(docs(), rs)
    assert sum(len(r.findings) for r in one_by_one) > 100
    assert [[f.model_dump() for f in r.findings] for r in batched] == [
        [f.model_dump() for f in r.findings] for r in one_by_one
    ]
    assert [repr(r.collected) for r in batched] == [repr(r.collected) for r in one_by_one]


def test_a_folder_of_files_is_linted_in_batches_with_the_same_report(
    tmp_path: Path, rs: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = parallel.process_units

    def counting(units, ruleset, work, keeps):  # type: ignore[no-untyped-def]
        batches.append(len(units))
        return real(units, ruleset, work, keeps)

    here = Path(__file__).parent
    for p in sorted((here / "fixtures" / "seeds").glob("*.txt")):
        for k in range(3):
            (tmp_path / f"{k}_{p.name}").write_bytes(p.read_bytes())
    monkeypatch.setattr(parallel, "process_units", counting)
    batched = run([tmp_path], rs, tmp_path, RunOptions(jobs=1))
    assert max(batches) > 1
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 1)
    batches.clear()
    single = run([tmp_path], rs, tmp_path, RunOptions(jobs=1))
    assert max(batches) == 1
    assert batched.report.model_dump_json() == single.report.model_dump_json()
