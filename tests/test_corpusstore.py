"""What the corpus passes read is kept on disk, and gives the passes what held lists gave.

A run used to keep, per document, what each corpus-wide rule collected (C101's claims)
and a position stub, in lists and dicts: at a gigabyte of text that state alone pushed
the run past its memory target. These tests pin that the on-disk store reads back what
was written, in order, as often as a pass iterates; that C101's index on disk reports
exactly what the in-memory index reported (the same hits, in the same order, on random
claims with bounds, ties and many documents per key); that a damaged store is an error,
not a wrong answer; and that the accumulator's memory no longer grows per document.
"""

from __future__ import annotations

import random
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from seedlint.corpusstore import Anchors, CollectedSpool, CorpusStoreError
from seedlint.detectors.contradiction import ClaimContradiction, Collected, Rec
from seedlint.model import DocumentReport
from seedlint.parallel import DocOut, UnitResult
from seedlint.runner import Accumulator
from seedlint.testing import ruleset_for


def _rec(key: str, lo: float, hi: float, exact: bool, line: int) -> Rec:
    return Rec(key, lo, hi, exact, f"{lo:g}", 0, 5, line, 1, line, 6, f"t{line}", f"c{line}")


def test_collected_entries_read_back_in_order_as_often_as_iterated(tmp_path: Path) -> None:
    spool = CollectedSpool(tmp_path)
    data = Collected("a.txt", "2022-11-22", [_rec("k|m|p", 1, 1, True, 3)])
    spool.add("C101", "a.txt", data)
    spool.add("M101", "a.txt", ("a.txt", None))
    spool.add("C101", "b.jsonl#7", None)
    items = spool.items("C101")
    assert len(items) == 2
    first = list(items)
    assert first == [("a.txt", data), ("b.jsonl#7", None)]
    assert type(first[0][1].claims[0]) is Rec
    spool.add("C101", "c.txt", 3)  # added after a read: appended, not lost
    assert [d for d, _ in spool.items("C101")] == ["a.txt", "b.jsonl#7", "c.txt"]
    assert list(spool.items("M101")) == [("a.txt", ("a.txt", None))]
    assert list(spool.items("X999")) == []
    spool.close()


def test_a_damaged_collected_file_is_an_error_not_a_wrong_answer(tmp_path: Path) -> None:
    spool = CollectedSpool(tmp_path)
    spool.add("C101", "a.txt", 1)
    path = spool.flush("C101")
    assert path is not None
    path.write_bytes(b"\x93\x01\x02\x03")  # a list of three: not an entry
    with pytest.raises(CorpusStoreError):
        list(spool.items("C101"))
    path.write_bytes(b"\x92\xa1a")  # an entry cut off: not a shorter pass
    with pytest.raises(CorpusStoreError):
        list(spool.items("C101"))
    path.write_bytes(b"\xc1")  # not msgpack at all
    with pytest.raises(CorpusStoreError):
        list(spool.items("C101"))


def test_anchors_keep_the_last_of_a_repeated_document_and_know_no_other(tmp_path: Path) -> None:
    anchors = Anchors(tmp_path)
    assert anchors.get("a.txt") is None  # nothing added: no database opened
    for i in range(5000):  # more than one insert batch
        anchors.add(f"f.jsonl#{i}", "f.jsonl", "")
    anchors.add("a.md", "a.md", "---\ntitle: x\n---\n")
    anchors.add("a.md", "a.md", "---\n---\n")
    assert anchors.get("f.jsonl#4999") == ("f.jsonl", "")
    assert anchors.get("a.md") == ("a.md", "---\n---\n")
    assert anchors.get("missing") is None
    anchors.close()


def _reference_hits(det: ClaimContradiction, collected: list[tuple[str, Any]]) -> list[str]:
    """C101's hits as the index held in memory gave them (the code before the disk index)."""
    docs = [(doc_id, data) for doc_id, data in collected if isinstance(data, Collected)]
    index: dict[str, list[tuple[int, Rec]]] = defaultdict(list)
    for di, (_, data) in enumerate(docs):
        for r in data.claims:
            index[r.key].append((di, r))
    out = []
    for key, group in index.items():
        if len(group) >= 2:
            out.extend(repr(h) for h in det._conflicts(key, group, lambda di: docs[di]))
    return out


def test_the_disk_index_reports_what_the_memory_index_reported() -> None:
    det = ruleset_for(["C101"]).rules[0].detector
    assert isinstance(det, ClaimContradiction)
    rng = random.Random(19)
    keys = [f"城{i}|new_local_confirmed|day:2022-11-{i:02d}" for i in range(1, 13)]
    collected: list[tuple[str, Any]] = []
    for d in range(400):
        recs = []
        for line in range(rng.randint(0, 4)):
            lo = float(rng.choice([10, 12, 12, 15, 100, 178, 187]))
            kind = rng.random()
            if kind < 0.7:
                rec = _rec(rng.choice(keys), lo, lo, True, line + 1)
            elif kind < 0.85:
                rec = _rec(rng.choice(keys), lo, float("inf"), False, line + 1)  # 超…
            else:
                rec = _rec(rng.choice(keys), 0.0, lo, False, line + 1)  # 不足…
            recs.append(rec)
        data: Any = Collected(f"d{d}.txt", f"2022-11-{d % 28 + 1:02d}", recs) if recs else None
        collected.append((f"d{d}.txt", data if d % 37 else ("not", "claims")))
    expected = _reference_hits(det, collected)
    assert len(expected) > 50  # the random corpus does conflict
    assert [repr(h) for h in det.finalize(collected)] == expected
    assert [repr(h) for h in det.finalize(iter(collected))] == expected  # one pass suffices


def _unit(seq: int, n_docs: int) -> UnitResult:
    out = UnitResult("big.jsonl", seq, [], "utf-8", None)
    out.path = "big.jsonl"
    for i in range(n_docs):
        doc_id = f"big.jsonl#{seq * n_docs + i:08d}"
        recs = [_rec(f"城{i % 50}|m|day:2022-11-21", float(i), float(i), True, 2)]
        out.docs.append(
            DocOut(
                report=DocumentReport(path="big.jsonl", document=doc_id),
                findings=[],
                collected={"C101": Collected("big.jsonl", "2022-11-22", recs)},
                doc_id=doc_id,
                path="big.jsonl",
                head="",
                container="jsonl",
                waivers=None,
                facts={},
                document=None,
            )
        )
    return out


def test_the_accumulator_holds_nothing_per_document_for_the_corpus_passes(tmp_path: Path) -> None:
    acc = Accumulator(ruleset_for(["C101"]), spool_dir=tmp_path)
    acc.add(_unit(0, 200))  # the first unit opens files and databases: not counted
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for seq in range(1, 11):
            acc.add(_unit(seq, 200))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Held, each document's claims and anchor took over 1 KB; on disk, nothing grows
    # with the 2,000 documents but the spool's counters and write buffers.
    assert grown < 100 * 2000, grown
    assert len(acc.collected.items("C101")) == 2200
    assert acc.anchors.count == 2200
    result = acc.finish()
    # The 50 keys each hold 44 different values: every document contradicts another.
    assert result.source.tally.findings == 2200
    result.source.close()
