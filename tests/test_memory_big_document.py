"""One huge document must not make the analyses hold several copies of it per statistic.

A 20 MB page on one line (7 million tokens) took over a gigabyte in A204 alone: its
n-gram statistics kept every n's hashes, sorted hashes and repeat positions (eight bytes
per token each) for nine values of n until the document was done, and the hash powers
of the longest document stayed for the rest of the run. These tests pin that each n's
arrays are dropped once that n is judged, that the powers past a bound are not kept,
that the duplicate walk on arrays counts what the list walk counts, and that neither
changes a statistic; and that the bounded memo of converted lines, which a long run
fills, still converts every line of the document that overflows it.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from seedlint.detectors import repetition
from seedlint.detectors.repetition import _Grams, _powers, first_excess, tokenize
from seedlint.testing import make_doc, ruleset_for

PHRASES = ["防控疫情", "中华人民共和国", "最新地址", "新增本土确诊病例", "ATM网关", "2022"]


def _params() -> Any:
    [rule] = [r for r in ruleset_for(["A204"]).rules if r.code == "A204"]
    return rule.detector.params


def _texts() -> list[str]:
    """Texts that reach the n-gram statistics: repeated phrases, and vocabularies small
    enough that n-grams repeat without any limit being clearly over or under."""
    rng = random.Random(5)
    han = "的了是在一国人民中华共和新增本土确诊病例防控疫情最地址"
    out = []
    for k in range(40):
        vocab = ["".join(rng.choice(han) for _ in range(rng.randint(1, 4))) for _ in range(k + 3)]
        words = [rng.choice(vocab + PHRASES[: k % 4]) for _ in range(rng.randint(80, 900))]
        out.append(rng.choice(["，", "", " "]).join(words))
    return out


def test_each_n_s_arrays_are_dropped_once_it_is_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[_Grams] = []

    class Recorded(_Grams):
        def __init__(self, tokens: Any) -> None:
            super().__init__(tokens)
            made.append(self)

    monkeypatch.setattr(repetition, "_Grams", Recorded)
    p = _params()
    n0 = min(p.dup_ngram_max)
    shortest = min(p.top_ngram_max)
    judged = 0
    for text in _texts():
        made.clear()
        if first_excess(make_doc(text), p) is not None:
            continue  # a statistic over its limit ends the walk (and frees it all)
        for g in made:
            judged += 1
            # At most the first duplicate n's hashes (the anchor estimate's) remain, no
            # sorted copy, and the counts of the shortest top n (which bound the rest).
            assert set(g._hashes) <= {n0}
            assert not g._sorted
            assert set(g._counts) <= {shortest}
    assert judged >= 10


def test_dropping_the_arrays_changes_no_statistic(monkeypatch: pytest.MonkeyPatch) -> None:
    p = _params()
    texts = _texts()
    got = [first_excess(make_doc(t), p) for t in texts]
    monkeypatch.setattr(_Grams, "forget", lambda self, n, keep_counts=False: None)
    kept = [first_excess(make_doc(t), p) for t in texts]
    assert got == kept
    assert any(g is not None for g in got) and any(g is None for g in got)


def test_a_huge_document_s_hash_powers_are_not_kept_for_the_run() -> None:
    small_pw, small_inv = (a.copy() for a in _powers(5000))
    n = repetition._POWERS_KEPT + 12345
    pw, inv = _powers(n)
    assert pw.size >= n and inv.size >= n
    assert repetition._POWERS[0].size <= repetition._POWERS_KEPT  # not kept
    assert np.array_equal(pw[:5000], small_pw[:5000])
    assert np.array_equal(inv[:5000], small_inv[:5000])
    assert int(pw[1]) * int(inv[1]) % (1 << 64) == 1
    # A long token sequence hashes the same with powers made for it alone.
    tokens = tokenize("中华人民共和国" * 3000)
    assert _Grams(tokens).hashes(4).size == tokens.ids.size - 3


def test_the_array_walk_counts_what_the_list_walk_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    from test_boilerplate import _repetitive_documents

    texts = _repetitive_documents(random.Random(23), 250) + _texts()
    texts += ["，".join(PHRASES[k % 5] for k in range(3000))]  # one long periodic run
    by_lists = []
    for text in texts:
        g = _Grams(tokenize(text))
        by_lists.append([g.duplicate_share(n) for n in (1, 2, 10, 15, 20, 50)])
    monkeypatch.setattr(repetition, "WALK_LISTS_MAX", 0)  # every walk on arrays
    by_arrays = []
    for text in texts:
        g = _Grams(tokenize(text))
        by_arrays.append([g.duplicate_share(n) for n in (1, 2, 10, 15, 20, 50)])
    assert by_arrays == by_lists
    assert sum(1 for v in by_lists for share, _ in v if share > 0) > 500


def test_the_detector_on_repetitive_text_is_the_same_with_either_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = _params()
    texts = _texts()
    got = [first_excess(make_doc(t), p) for t in texts]
    monkeypatch.setattr(repetition, "WALK_LISTS_MAX", 0)
    assert [first_excess(make_doc(t), p) for t in texts] == got


def test_the_array_walk_gives_the_statistics_by_their_definition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_boilerplate import test_ngram_statistics_equal_counting_every_ngram as by_definition

    monkeypatch.setattr(repetition, "WALK_LISTS_MAX", 0)
    by_definition()


def test_a_line_memo_that_fills_mid_document_still_converts_every_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint.detectors import _webtext

    # A long run fills the memo of converted lines; the document that overflows it
    # holds lines found in it and new ones. A201 failed on two such records of the
    # 1 GB benchmark corpus with a KeyError (SL009, and exit 2).
    monkeypatch.setattr(_webtext, "_T2S_MEMO_CHARS", 12)
    monkeypatch.setattr(_webtext, "_T2S_LINES", {})
    monkeypatch.setattr(_webtext, "_t2s_memo_size", 0)
    first = "國家\n發展"
    assert _webtext._convert_lines(first, [(0, 2), (3, 5)]) == "国家\n发展"
    text = "國家\n這是一個很長的繁體句子\n發展"
    spans = [(0, 2), (3, 14), (15, 17)]
    assert _webtext._convert_lines(text, spans) == "国家\n这是一个很长的繁体句子\n发展"
