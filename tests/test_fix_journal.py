"""Fix records survive a kill: the fix journal, workers that die with their run, temp
files of a killed run removed, and a failure that undoes nothing (issue 20, items 3, 5).

The kills are real: a ``seedlint --fix`` subprocess is sent SIGKILL in the middle of its
rewrites, then the manifest, the files and a later run are examined.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from seedlint.cli import main
from seedlint.manifest import Manifest, journal_path, read_journal

ROOT = Path(__file__).resolve().parent.parent
FIX_RULE = """
rules:
  - code: X901
    name: zero-width-space
    category: artifact
    severity: error
    kind: pattern
    message: zero-width space
    params: {regex: "\\u200b", replacement: ""}
    fix: safe
    examples:
      bad: [{text: "a\\u200bb", fixed: "ab"}]
"""
CONFIG = "rules: [fixrule.yaml]\nmanifest: corpus/manifest.yaml\nselect: [P120, X901]\n"
N_FILES = 12


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(i: int) -> str:
    return f"第{i}篇\n重庆市召开专\u200b题会议，研究部署工作，要求落\u200b实。\n" * 40


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seedlint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "fixrule.yaml").write_text(FIX_RULE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(N_FILES):
        (corpus / f"d{i:02}.txt").write_text(_text(i), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _originals(project: Path) -> dict[str, str]:
    return {p.name: sha(p.read_bytes()) for p in sorted((project / "corpus").glob("*.txt"))}


def _killed_fix(project: Path, script_body: str, args: str = "'--jobs', '1'") -> None:
    """Run ``seedlint --fix`` in a subprocess that ``script_body`` arranges to be killed."""
    script = textwrap.dedent(script_body) + textwrap.dedent(
        f"""
        from seedlint.cli import main
        main(["corpus", "--fix", "--no-progress", "--no-cache", {args}])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lint")}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=project, env=env, check=False, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL


KILL_AFTER_THIRD_REWRITE = """
import os, signal
real = os.replace
done = []
def replace(src, dst):
    real(src, dst)
    if str(dst).endswith(".txt"):
        done.append(dst)
        if len(done) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
"""


def test_a_kill_during_fix_leaves_every_rewritten_file_recorded(project: Path) -> None:
    """SIGKILL after the third rewrite: the next check finds no broken chain (no P120),
    and the manifest keeps each rewritten file's hash from before the fix."""
    before = _originals(project)
    _killed_fix(project, KILL_AFTER_THIRD_REWRITE)
    after = _originals(project)
    rewritten = [n for n in before if before[n] != after[n]]
    assert len(rewritten) == 3
    assert not (project / "corpus" / "manifest.yaml").exists()  # killed before the end
    lines = read_journal(journal_path(project / "corpus" / "manifest.yaml"))
    assert {line["path"] for line in lines} >= set(rewritten)

    # A check run reads the journal: the rewritten files are explained, nothing else.
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    for name in rewritten:
        e = m.entries[name]
        assert e.sha256_received == before[name]
        assert e.sha256 == after[name]
        assert e.chain_problem() is None
    # Files the kill left untouched are not recorded as fixed.
    assert all(m.entries.get(n) is None for n in before if n not in rewritten)

    # A complete --fix afterwards records the rest and removes the journal.
    assert main(["corpus", "--fix", "--no-progress", "--no-cache"]) == 0
    assert not journal_path(project / "corpus" / "manifest.yaml").exists()
    data = yaml.safe_load((project / "corpus" / "manifest.yaml").read_text(encoding="utf-8"))
    by_path = {d["path"]: d for d in data["documents"]}
    for name, original in before.items():
        entry = by_path[name]
        assert entry["sha256_received"] == original
        assert len(entry["fixes"]) == 1
        assert entry["fixes"][0]["sha256_before"] == original
        assert entry["fixes"][0]["codes"] == ["X901"]
    assert main(["corpus", "--no-progress", "--no-cache"]) == 0


def test_a_kill_with_a_manifest_already_there_keeps_the_fix_chains(project: Path) -> None:
    """The first run records the received files; the killed second run's fixes chain
    from them."""
    assert main(["corpus", "--no-progress", "--no-cache", "--fix", "--select", "P120"]) == 0
    received = _originals(project)
    assert (project / "corpus" / "manifest.yaml").exists()
    _killed_fix(project, KILL_AFTER_THIRD_REWRITE)
    assert main(["corpus", "--no-progress", "--no-cache", "--select", "P120"]) == 0
    assert main(["corpus", "--fix", "--no-progress", "--no-cache"]) == 0
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    for name, original in received.items():
        assert m.entries[name].sha256_received == original
        assert m.entries[name].chain_problem() is None
        assert len(m.entries[name].fixes) == 1


def test_a_journal_line_whose_rewrite_never_happened_is_dropped(project: Path) -> None:
    """Killed after the journal line, before the rename: the file still has its old
    hash, so the line records nothing; the next --fix fixes and records the file once."""
    before = _originals(project)
    _killed_fix(
        project,
        """
        import os, signal
        def replace(src, dst):
            os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace
        """,
    )
    assert _originals(project) == before
    assert read_journal(journal_path(project / "corpus" / "manifest.yaml"))
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    assert not any(e.fixes for e in m.entries.values())
    # The temporary file the kill left behind is removed by the next run.
    assert [p for p in (project / "corpus").iterdir() if p.name.endswith(".seedlint.tmp")]
    assert main(["corpus", "--fix", "--no-progress", "--no-cache"]) == 0
    assert not [p for p in (project / "corpus").iterdir() if p.name.endswith(".seedlint.tmp")]
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    assert all(len(m.entries[n].fixes) == 1 for n in before)
    assert all(m.entries[n].sha256_received == before[n] for n in before)


def test_a_torn_or_foreign_journal_line_is_skipped(project: Path) -> None:
    """The kill may cut the last line short; a hand-written line with no hashes is not a
    fix record. Neither stops the run or records anything."""
    jp = journal_path(project / "corpus" / "manifest.yaml")
    jp.write_text('{"path": "d00.txt", "sha256_before": "ab"}\n{"path": "d01.t', encoding="utf-8")
    assert read_journal(jp) == []
    assert main(["corpus", "--fix", "--no-progress", "--no-cache"]) == 0
    assert not jp.exists()


def test_workers_die_with_a_killed_fix_run(project: Path) -> None:
    """--jobs 2, the parent killed by SIGKILL: no worker rewrites a file afterwards (the
    orphans of a killed run used to go on rewriting files nobody would record)."""
    for i in range(40, 100):
        (project / "corpus" / f"d{i:02}.txt").write_text(_text(i), encoding="utf-8")
    pidfile = project / "parent.pid"
    _killed_fix(
        project,
        f"""
        import os, signal, threading, time
        import seedlint.parallel as par
        import seedlint.runner as runner
        runner.SMALL_INPUT_BYTES = 0      # a pool even for this small corpus
        par.CHUNK_UNITS = 20  # an orphan would go on through its chunk
        real = par.atomic_write
        def slow_write(path, data):
            time.sleep(0.3)
            real(path, data)
        par.atomic_write = slow_write
        open({str(pidfile)!r}, "w").write(str(os.getpid()))
        journal = {str(project / "corpus" / ".manifest.yaml.journal")!r}
        def killer():
            # once the workers have journaled two rewrites (or after 60 s)
            for _ in range(6000):
                try:
                    if open(journal).read().count("\\n") >= 2:
                        break
                except OSError:
                    pass
                time.sleep(0.01)
            time.sleep(0.5)  # a rewrite or two lands; more are under way
            os.kill(os.getpid(), signal.SIGKILL)
        threading.Thread(target=killer, daemon=True).start()
        """,
        args="'--jobs', '2'",
    )
    time.sleep(0.5)
    snapshot = _originals(project)
    time.sleep(2.0)
    assert _originals(project) == snapshot, "a worker went on rewriting after its run died"
    # What the workers did rewrite before dying is in the journal.
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    changed = [n for n, h in snapshot.items() if h != sha(_text(int(n[1:3])).encode())]
    assert all(m.entries[n].sha256 == snapshot[n] for n in changed)
    assert len(changed) < 70  # killed halfway


def test_one_failing_file_undoes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash on the fifth file: the four files fixed before it are in the manifest."""
    import seedlint.parallel as par

    before = _originals(project)
    real = par.atomic_write
    writes: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        if len(writes) == 4:
            raise RuntimeError("disk on fire")
        writes.append(path)
        real(path, data)

    monkeypatch.setattr(par, "atomic_write", failing)
    monkeypatch.setattr(par, "CHUNK_UNITS", 1)
    with pytest.raises(RuntimeError):
        from seedlint.config import load_config
        from seedlint.engine import RuleSet
        from seedlint.model import Applicability
        from seedlint.runner import RunOptions, run

        cfg = load_config(None)
        run([Path("corpus")], RuleSet.from_config(cfg), Path.cwd(), RunOptions(Applicability.SAFE))
    data = yaml.safe_load((project / "corpus" / "manifest.yaml").read_text(encoding="utf-8"))
    recorded = {d["path"]: d for d in data["documents"]}
    assert sorted(recorded) == sorted(p.name for p in writes)
    for name, entry in recorded.items():
        assert entry["sha256_received"] == before[name]
        assert entry["fixes"][0]["sha256_after"] == sha((project / "corpus" / name).read_bytes())
    assert not journal_path(project / "corpus" / "manifest.yaml").exists()


def test_a_journaled_container_rewrite_records_its_records(project: Path) -> None:
    """A JSONL file is rewritten by the reading process: its journal line lists the
    records it changed, as the manifest's fix record does."""
    recs = [{"id": f"r{i}", "text": f"专\u200b题{i}"} for i in range(3)]
    raw = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")
    (project / "corpus" / "c.jsonl").write_bytes(raw)
    _killed_fix(
        project,
        """
        import os, signal
        real = os.replace
        def replace(src, dst):
            real(src, dst)
            if str(dst).endswith(".jsonl"):
                os.kill(os.getpid(), signal.SIGKILL)
        os.replace = replace
        """,
    )
    m = Manifest.load(project / "corpus" / "manifest.yaml")
    fix = m.entries["c.jsonl"].fixes[0]
    assert fix.sha256_before == sha(raw)
    assert fix.sha256_after == sha((project / "corpus" / "c.jsonl").read_bytes())
    assert [r["document"] for r in fix.records] == [f"corpus/c.jsonl#r{i}" for i in range(3)]
