"""What every process builds before its first document must stay exact when built fast.

Start-up work (the table of what normalisation turns into what, the raw-text prefilter of
the claims catalog, the batch conversion of place names, the lazy pinyin readings) is
each checked here against the straightforward way of computing it.
"""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from unittest import mock

from seedlint import claims as claims_mod
from seedlint.claims import catalog as claims_catalog
from seedlint.claims import normalize
from seedlint.claims import script as claims_script
from seedlint.rules import builtin_rules_dir
from test_claims import CAT, LEX


def _reference_preimages() -> dict[str, frozenset[str]] | None:
    """The table built one code point at a time, with a Python step for each."""
    chars = [
        chr(c)
        for lo, hi in ((0x80, 0xD7FF), (0xE000, 0xFFFD), (0x20000, 0x3134F))
        for c in range(lo, hi + 1)
    ]
    out = claims_script._t2s().convert("\n".join(chars)).split("\n")
    assert len(out) == len(chars)
    pre: dict[str, set[str]] = {}
    for c, o in zip(chars, out, strict=True):
        if o != c:
            assert len(o) == 1
            pre.setdefault(o, set()).add(c)
    for full, ascii_ in claims_script._FULLWIDTH_PAIRS:
        pre.setdefault(ascii_, set()).add(full)
    for target, sources in claims_script._PHRASE_ONLY.items():
        pre.setdefault(target, set()).update(sources)
    return {k: frozenset(v) for k, v in pre.items()}


def _keys() -> list[list[list[str]]]:
    """Each metric term's key as the list of its characters' spellings (the part with at
    most ``_MAX_SPELLINGS`` spellings, as the catalog chooses it)."""
    pre = claims_script._preimages()
    assert pre is not None
    keys = []
    for term in {claims_mod.to_simplified(t) for m in CAT.metrics.values() for t in m.terms}:
        forms = [sorted(claims_catalog._spellings(c, pre)) for c in term]
        best = (0, 0)
        for i in range(len(forms)):
            n = 1
            for j in range(i, len(forms)):
                n *= len(forms[j])
                if n > claims_catalog._MAX_SPELLINGS:
                    break
                if j + 1 - i > best[1] - best[0]:
                    best = (i, j + 1)
        assert best[1] > best[0]
        keys.append(forms[best[0] : best[1]])
    return keys


def test_preimages_are_the_table_built_one_code_point_at_a_time() -> None:
    assert claims_script._preimages() == _reference_preimages()


def test_raw_prefilter_finds_every_spelling_of_every_key() -> None:
    """Exhaustive: every combination of spellings, alone and inside other text."""
    gate = CAT._gate_re
    assert gate is not None
    n = 0
    for key in _keys():
        for spelling in itertools.product(*key):
            s = "".join(spelling)
            assert CAT.may_have_metrics(s), s
            assert gate.search("今天天气很好" + s + "。") is not None, s
            n += 1
    assert n > 1000


def test_raw_prefilter_matches_exactly_the_texts_the_spelled_out_trie_matches() -> None:
    """The classes-and-literals pattern against the plain alternation of every spelling of
    every key, on texts made of near misses: keys with a character swapped for another
    spelling character, cut short, or run together."""
    keys = _keys()
    spelled = sorted(
        {"".join(sp) for key in keys for sp in itertools.product(*key)}, key=len, reverse=True
    )
    reference = re.compile("|".join(re.escape(s) for s in spelled))
    alphabet = sorted({c for key in keys for forms in key for c in forms} | set("，。的了在"))
    rng = random.Random(8)
    found = 0
    for _ in range(4000):
        parts = []
        for _ in range(rng.randint(1, 3)):
            s = list("".join(rng.choice(forms) for forms in rng.choice(keys)))
            roll = rng.random()
            if roll < 0.5:
                s[rng.randrange(len(s))] = rng.choice(alphabet)
            elif roll < 0.75:
                s = s[: rng.randrange(1, len(s) + 1)]
            parts.append("".join(s))
        text = "".join(parts)
        want = reference.search(text) is not None
        assert CAT.may_have_metrics(text) is want, text
        found += want
    assert 400 < found < 3600  # both outcomes well represented


def test_raw_prefilter_still_passes_text_whose_normalised_form_has_a_term() -> None:
    for term in ("新增確診病例", "累計確診病例", "無症狀感染者"):
        assert term not in normalize(term).text or CAT.may_have_metrics("前文" + term)
    assert not CAT.may_have_metrics("今天天气很好，我们去公园散步。")


def test_place_names_convert_in_one_call_as_they_do_one_by_one() -> None:
    names = [
        *CAT.places,
        *(t for r in CAT.regions.values() for t in (r.name, *r.aliases)),
        *CAT.contextual,
        *CAT.ignore,
        "臺灣省",
        "ascii name",
        "",
        "兩\n行",
    ]
    assert claims_script._simplified_all(names) == [claims_mod.to_simplified(n) for n in names]


def test_pinyin_readings_are_loaded_only_when_a_gloss_candidate_is_checked() -> None:
    """Only the single-character table, never the whole of pypinyin (its phrase
    dictionary and segmenter cost 0.16 s of CPU a process)."""
    code = (
        "import sys\n"
        "from seedlint.config import Config\n"
        "from seedlint.engine import RuleSet\n"
        "from seedlint.testing import check_text\n"
        "from seedlint.detectors import pinyin_gloss\n"
        "RuleSet.from_config(Config())\n"
        "assert pinyin_gloss._single_char_table.cache_info().currsize == 0, 'read at start-up'\n"
        "found = check_text('人民網(wǎng)今天發(fā)布', codes=['A101'])\n"
        "assert [f.code for f in found] == ['A101', 'A101'], found\n"
        "assert pinyin_gloss._single_char_table() is not None\n"
        "assert 'pypinyin' not in sys.modules, 'the whole package was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_single_character_table_gives_pypinyins_readings_for_every_han_code_point() -> None:
    """The readings a gloss is checked against are pypinyin's own, for every code point
    of the Han blocks and of its table, and with the table missing pypinyin answers."""
    from seedlint.detectors import pinyin_gloss as pg

    table = pg._single_char_table()
    assert table is not None
    points = set(table) | set(range(0x3400, 0xA000)) | set(range(0xF900, 0xFB00))
    points |= set(range(0x20000, 0x323B0))
    for cp in sorted(points):
        ch = chr(cp)
        assert set(pg._char_readings(ch)) == set(pg._pypinyin_readings(ch)), hex(cp)
    pg._single_char_table.cache_clear()
    try:
        with mock.patch("importlib.util.find_spec", return_value=None):
            assert pg._single_char_table() is None
            assert "wǎng" in pg._char_readings("网")
    finally:
        pg._single_char_table.cache_clear()


def test_yaml_short_cut_loads_what_pyyaml_loads() -> None:
    """Every shipped rule and lexicon file, and scalars each implicit resolver claims."""
    import yaml

    from seedlint.yamlsafe import load_yaml_file, load_yaml_text

    files = sorted(builtin_rules_dir().glob("*.yaml")) + sorted(LEX.glob("*.yaml"))
    assert len(files) > 8
    for f in files:
        assert load_yaml_file(f) == yaml.safe_load(f.read_text(encoding="utf-8")), f
    tricky = (
        "a: [yes, No, on, ~, null, '', 1, -2, 0x1F, 0o17, 1_000, 3.5, .inf, -.NaN, 1e3,\n"
        "    2020-01-02, 2020-01-02 03:04:05, 上海, 'yes', \"1\", +1, .5, 重庆市]\n"
        "b: {? , c: }\n"
    )
    got = load_yaml_text(tricky, "tricky")
    want = yaml.safe_load(tricky)
    assert repr(got) == repr(want)  # repr: NaN is not equal to itself
