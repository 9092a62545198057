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


def _repeats_by_unique(
    h: np.ndarray[Any, Any],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """What ``_Grams.repeated`` gave with ``np.unique`` (index, inverse and counts)."""
    _, first, inv, counts = np.unique(h, return_index=True, return_inverse=True, return_counts=True)
    inv = inv.reshape(-1)
    pos = np.flatnonzero(counts[inv] > 1)
    return pos, first[inv[pos]] != pos


def test_much_repeated_n_grams_are_grouped_as_numpy_unique_grouped_them() -> None:
    # The much-repeated branch groups positions by a stable sort and two flags instead
    # of np.unique's seven arrays per position: the same positions and "seen before".
    grouped = 0
    for text in [*_texts(), "，".join(PHRASES[k % 5] for k in range(3000))]:
        g = _Grams(tokenize(text))
        for n in (1, 2, 3, 5, 10):
            if g.n - n + 1 < 2:
                continue
            h = g.hashes(n).copy()
            pos, later = g.repeated(n)
            want_pos, want_later = _repeats_by_unique(h)
            assert pos.dtype.kind == want_pos.dtype.kind  # 32 bits where positions fit
            assert np.array_equal(pos, want_pos) and np.array_equal(later, want_later)
            grouped += int(np.count_nonzero(later) * 16 >= h.size)
    assert grouped >= 20  # the much-repeated branch was taken


def test_counting_a_class_window_by_window_counts_what_findall_counts() -> None:
    from seedlint.detectors import _charcount
    from seedlint.detectors._charcount import count_chars, distinct_chars
    from seedlint.detectors._webtext import HAN_RE

    rng = random.Random(8)
    alphabet = "中华人民共和国abc ，\ufffd𠀀é"
    for size in (0, 5, _charcount.WINDOW - 1, _charcount.WINDOW, 3 * _charcount.WINDOW + 7):
        text = "".join(rng.choice(alphabet) for _ in range(size))
        assert count_chars(HAN_RE, text) == len(HAN_RE.findall(text))
        assert distinct_chars(HAN_RE, text) == set(HAN_RE.findall(text))
        for a, b in ((0, size), (3, size - 2), (size // 3, None), (1, size + 50)):
            if a <= size:
                want = len(HAN_RE.findall(text, a, len(text) if b is None else b))
                assert count_chars(HAN_RE, text, a, b) == want


def test_deciding_replacement_soup_on_a_huge_line_holds_no_list_of_its_characters() -> None:
    import tracemalloc

    from seedlint.detectors.latin_mojibake import replacement_soup

    # A 20 MB single-line page spent 540 MB here on one string per non-ASCII character.
    text = ("新增本土确诊病例\ufffd" * 200_000) + "x"
    tracemalloc.start()
    try:
        assert replacement_soup(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def _offset_list(text: str) -> list[int] | None:
    """The map ``normalize`` kept before: one original offset per character kept."""
    from seedlint.claims import script

    s = script.to_simplified(text)
    for full, ascii_ in script._FULLWIDTH_PAIRS:
        s = s.replace(full, ascii_)
    omap: list[int] = []
    last, cut = 0, False
    for m in script._GLOSS_RE.finditer(s):
        omap.extend(range(last, m.start()))
        last, cut = m.end(), True
    return [*omap, *range(last, len(s))] if cut else None


def test_normalised_offsets_map_back_as_the_per_character_list_did() -> None:
    # The map is kept as pieces (two ints per cut) instead of one int per character,
    # 288 MB on a 20 MB single-line page; orig and orig_end answer as the list did,
    # negative and out-of-range offsets included.
    from seedlint.claims.script import normalize

    rng = random.Random(3)
    alphabet = ["網", "(wǎng)", "（mín）", "人", "民", "(", "（", "1", " ", "(x)", "Ａ", "(wǎng"]
    checked = 0
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        nz, omap = normalize(text), _offset_list(text)
        assert (nz.starts is None) == (omap is None)
        if omap is None:
            continue
        assert len(omap) == len(nz.text)
        for i in range(-len(omap) - 2, len(omap) + 3):
            want: tuple[int | str, int | str] = (
                len(text) if i >= len(omap) else omap[i] if i >= -len(omap) else "IndexError",
                0 if i <= 0 else omap[i - 1] + 1 if i - 1 < len(omap) else "IndexError",
            )
            got: list[int | str] = []
            for f in (nz.orig, nz.orig_end):
                try:
                    got.append(f(i))
                except IndexError:
                    got.append("IndexError")
            assert tuple(got) == want
        checked += 1
    assert checked > 100


def test_dense_ranks_by_table_are_numpy_unique_s_inverse(monkeypatch: pytest.MonkeyPatch) -> None:
    from seedlint.detectors.repetition import _dense_ranks

    monkeypatch.setattr(repetition, "DENSE_TABLE_MIN", 1)
    rng = np.random.default_rng(4)
    cases = [rng.integers(0, 0x110000 + 50, size) for size in (1, 7, 1000, 70_000)]
    cases += [_Grams(tokenize(t)).tokens.exact_ids() for t in _texts()[:10]]
    cases.append(np.array([0, 5, 0x110000 + 3, 2**40], dtype=np.int64))  # out of range
    for ids in cases:
        got = _dense_ranks(ids)
        want = np.unique(ids, return_inverse=True)[1].reshape(-1)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def _hash_by_definition(vals: list[int], a: int, b: int) -> int:
    """The polynomial hash of ``vals[a:b]`` as its definition states it (Python ints)."""
    return sum(v * pow(repetition._BASE, i - a, 1 << 64) for i, v in enumerate(vals[a:b], a)) % (
        1 << 64
    )


def test_hashes_made_block_by_block_are_the_hashes_by_definition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Hashes are computed in blocks with the kept powers, not with powers and prefix sums
    # as long as the document (230 MB at once on a 20 MB single line); the values must
    # be the same bit for bit, for windows that cross a block's edge and for a token
    # longer than a block.
    from seedlint.detectors.repetition import _segment_hashes, _window_hashes

    rng = random.Random(11)
    vals = [rng.randrange(0x110000 + 5000) for _ in range(300)]
    arr = np.array(vals, dtype=np.int64)
    for chunk in (5, 16, 1 << 18):
        monkeypatch.setattr(repetition, "HASH_CHUNK", chunk)
        for n in (1, 4, 10):
            got = _window_hashes(arr, n).tolist()
            assert got == [_hash_by_definition(vals, i, i + n) for i in range(len(vals) - n + 1)]
        cuts = sorted(rng.sample(range(1, 300), 40))
        a = np.array([0, *cuts[:-1]], dtype=np.int32)
        b = np.array(cuts, dtype=np.int32)  # segments end to end, some longer than a block
        got = _segment_hashes(arr, a, b).tolist()
        assert got == [
            _hash_by_definition(vals, x, y) for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ]
        assert int((b - a).max()) > 5


def test_tokens_keep_offsets_in_32_bits_and_code_points_in_16_where_they_fit() -> None:
    t = tokenize("中华人民共和国ATM网关2022年，" * 50)
    assert t.starts.dtype == np.int32 and t.ends.dtype == np.int32
    assert t.cp.dtype == np.uint16
    g = _Grams(t)
    assert g.cs.dtype == np.int32 and g.count_bounds(4).dtype == np.int32
    assert t.exact_ids().dtype == np.int32
    # Astral characters: code points in 32 bits; the tokens are the regex's (a letter
    # run, the astral and Han letters included, then a digit run).
    text = "𠀀中华abc𠀀12" * 40
    astral = tokenize(text)
    assert astral.cp.dtype == np.uint32
    spans = zip(astral.starts.tolist(), astral.ends.tolist(), strict=True)
    assert [text[a:b] for a, b in spans] == ["𠀀中华abc𠀀", "12"] * 40


def test_a_huge_line_is_kept_in_neither_memo_of_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from seedlint.detectors import _webtext

    # One 20 MB single-line page left its converted line (27 MB) in the memo of
    # converted lines and its stripped line in the furniture classifier's memo for the
    # rest of the run.
    monkeypatch.setattr(_webtext, "_T2S_MEMO_CHARS", 100)
    monkeypatch.setattr(_webtext, "_T2S_LINES", {})
    monkeypatch.setattr(_webtext, "_t2s_memo_size", 0)
    long_line = "國家發展" * 50
    assert _webtext._convert_lines(long_line, [(0, len(long_line))]) == "国家发展" * 50
    assert _webtext._T2S_LINES == {}
    assert _webtext._convert_lines("國家", [(0, 2)]) == "国家"
    assert _webtext._T2S_LINES == {"國家": "国家"}

    [rule] = [r for r in ruleset_for(["A201"]).rules if r.code == "A201"]
    furniture = rule.detector.furniture  # type: ignore[attr-defined]
    line = "返回顶部" + "正文" * _webtext._CLASSIFY_MEMO_LINE_MAX
    want = furniture.classify(line)
    assert line not in furniture._memo and furniture.classify(line) == want
    assert furniture.classify("返回顶部") is not None and "返回顶部" in furniture._memo


def test_the_heap_threshold_is_fixed_once() -> None:
    from seedlint import heap

    # Set once for the process (glibc); elsewhere nothing is set and nothing fails.
    first = heap.bound_heap()
    assert isinstance(first, bool)
    assert heap.bound_heap() is True


def test_a_released_page_makes_the_same_copies_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from seedlint.detectors import _webtext

    # A204 drops a huge page's derived copies (150 MB for a 20 MB single line) before
    # its arrays; what a later rule asks for is made again from the text, the same.
    monkeypatch.setattr(_webtext, "RELEASE_MIN_CHARS", 10)
    doc = make_doc("人民網(wǎng)報道：這是一個測試ＡＢＣ。\n  返回頂部  \n發展𠀀ΣΑΣ\n")
    pg = _webtext.page(doc)
    before = (pg.norm, pg.folded(), pg.norm_stripped(), pg.line(0).clean, pg.ruby_lines())
    slots = (pg.norm_slots().tolist(), pg.folded_slots().tolist())
    _webtext.release_copies(doc)
    assert pg._norm is None and "_webtext.t2s" not in doc.cache
    assert _webtext.page(doc) is pg
    again = (pg.norm, pg.folded(), pg.norm_stripped(), pg.line(0).clean, pg.ruby_lines())
    assert again == before
    assert (pg.norm_slots().tolist(), pg.folded_slots().tolist()) == slots


def test_releasing_the_page_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from seedlint.detectors import _webtext
    from seedlint.testing import check_text

    seeds = sorted(Path(__file__).parent.joinpath("fixtures", "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    assert texts

    def findings() -> list[list[tuple[str, int, int, str]]]:
        return [[(f.code, f.start, f.end, f.message) for f in check_text(t)] for t in texts]

    kept = findings()
    monkeypatch.setattr(_webtext, "RELEASE_MIN_CHARS", 1)  # every page released by A204
    assert findings() == kept
    assert sum(map(len, kept)) > 100


def test_pair_slots_made_block_by_block_are_the_whole_text_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint.detectors import _webtext

    # A page's pair slots were made from the whole text's code points at once (12 bytes
    # a character for a moment); blocks give the same slots, across every block edge.
    def whole(text: str) -> list[int]:
        cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if cp.size < 2:
            return []
        x = cp[:-1] * np.uint32(_webtext._K1)
        x ^= cp[1:]
        x *= np.uint32(_webtext._K2)
        x >>= np.uint32(32 - _webtext._SLOT_BITS)
        return [int(v) for v in x]

    rng = random.Random(2)
    for block in (1, 2, 3, 7, 1 << 20):
        monkeypatch.setattr(_webtext, "_SLOT_BLOCK", block)
        for _ in range(100):
            text = "".join(rng.choice("中华a𠀀\ud800 ，Σ") for _ in range(rng.randint(0, 40)))
            got = _webtext.pair_slots(text)
            assert got.dtype == np.uint16 and got.tolist() == whole(text)


def _cover_by_definition(g: _Grams, pos: np.ndarray[Any, Any], n: int) -> int:
    """Characters of the tokens inside the n-grams starting at ``pos``, token by token."""
    inside = [False] * g.n
    for a in pos.tolist():
        for k in range(a, a + n):
            inside[k] = True
    lens = np.diff(g.cs).tolist()
    return sum(c for c, hit in zip(lens, inside, strict=True) if hit)


def test_covered_characters_summed_block_by_block_are_those_by_definition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cover of many windows marks the ends through a view, sums in 32 bits and adds
    # the characters a block of tokens at a time (four arrays of a token's size less).
    monkeypatch.setattr(repetition, "COVER_BLOCK", 7)
    rng = np.random.default_rng(19)
    checked = 0
    for text in _texts()[::4]:
        g = _Grams(tokenize(text))
        for n in (1, 3, 8):
            if g.n < n + 70:
                continue
            m = g.n - n + 1
            for share in (0.3, 0.9):
                pos = np.flatnonzero(rng.random(m) < share)
                if pos.size > 64:  # the many-windows path
                    assert g._cover(pos, n) == _cover_by_definition(g, pos, n)
                    checked += 1
    assert checked > 10


def test_group_numbers_compared_block_by_block_are_numpy_unique_s_inverse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint.detectors.repetition import _group_numbers

    monkeypatch.setattr(repetition, "COVER_BLOCK", 5)
    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 5, 6, 11, 1000):
        keys = rng.integers(0, 40, size).astype(np.uint64) * np.uint64(2**40 + 7)
        want = np.unique(keys, return_inverse=True)[1].reshape(-1)
        assert np.array_equal(_group_numbers(keys), want)


def test_count_bounds_and_the_anchor_estimate_made_in_blocks_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Buckets of 16 bits made a block at a time, first positions a block of tokens at a
    # time: the same counts and the same anchors as the whole arrays at once.
    def bounds_at_once(g: _Grams, n: int) -> np.ndarray[Any, Any]:
        h = g.hashes(n)
        bits = min(16, max(10, int(h.size).bit_length() + 3))
        buckets = (h >> np.uint64(64 - bits)).astype(np.intp)
        return np.bincount(buckets)[buckets]

    def anchors_at_once(g: _Grams, n: int) -> float:
        m = g.n - n + 1
        ids1 = g.exact(1)
        k = int(ids1.max()) + 1
        first = np.full(k, g.n, dtype=np.int64)
        np.minimum.at(first, ids1, np.arange(g.n, dtype=np.int64))
        rank = np.empty(k, dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(k)
        anchors = np.flatnonzero(rank[ids1[:m]] % 8 == 0)
        if not anchors.size:
            return 0.0
        distinct = np.unique(g.exact(n)[anchors]).size
        return float(anchors.size - distinct) / anchors.size

    monkeypatch.setattr(repetition, "COVER_BLOCK", 13)
    for text in _texts()[::3]:
        g = _Grams(tokenize(text))
        for n in (2, 5):
            if g.n <= n:
                continue
            assert np.array_equal(g.count_bounds(n), bounds_at_once(g, n))
            assert g.anchor_estimate(n) == anchors_at_once(g, n)


def test_casefolding_a_huge_text_in_blocks_is_casefolding_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint.detectors import _webtext

    # CPython folds a character alone (no context), into a buffer of three 4-byte units
    # per character: blocks give the same text without that buffer for the whole page.
    monkeypatch.setattr(_webtext, "_FOLD_BLOCK", 3)
    for text in ("", "ab", "ΣΑΣ ΟΔΟΣ", "Straße ﬁne İstanbul", "網址𠮷ABC𠀀ǅǄ", "ŉ" * 10):
        assert _webtext.casefold(text) == text.casefold()


def test_terms_found_a_block_of_candidates_at_a_time_are_those_found_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seedlint.detectors import _webtext
    from seedlint.detectors._webtext import TermScanner, pair_slots

    terms = ["百家乐", "百家", "彩票", "官网注册", "送", "ab", "bab"]
    text = "百家乐官网注册送彩金，百家之言。彩票abab送" * 40 + "百家"
    slots = pair_slots(text)
    want = TermScanner(terms).find(text, slots)
    for block in (1, 2, 7, 64):
        monkeypatch.setattr(_webtext, "_SLOT_BLOCK", block)
        assert TermScanner(terms).find(text, slots) == want
    assert len(want) > 200 and want[:3] == [(0, "百家乐"), (0, "百家"), (3, "官网注册")]
