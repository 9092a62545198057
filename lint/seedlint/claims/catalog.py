"""What can be claimed and where: the metric and region catalogue, from YAML.

Metric terms (``metrics_zh.yaml``), region names (``regions_zh.yaml``) and extra place
names (a gazetteer) are compiled once per set of files into automata over every spelling
a term may take in the source script, so a user adds a metric or a place with YAML only.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick

from seedlint.claims.numbers import _SUFFIX_QUAL, _UNITS, TIME_UNITS
from seedlint.claims.script import _RAW_GLOSS_RE, _preimages, _simplified_all, to_simplified
from seedlint.claims.times import _SENT_END
from seedlint.lexicons import load_lexicon
from seedlint.yamlsafe import YamlError, load_yaml_file


@dataclass(frozen=True)
class MetricDef:
    id: str
    label: str
    terms: tuple[str, ...]
    units: tuple[str, ...]
    flow: bool = True
    position: str = "after"
    max_gap: int = 6
    after_contains: tuple[str, ...] = ()
    after_excludes: tuple[str, ...] = ()
    before_excludes: tuple[str, ...] = ()
    """Words that, right before the term, make it another figure's continuation."""
    region_in_sentence: bool = False
    """Only a region named in the figure's own sentence is its region: statistics news
    moves from place to place ("深圳经济总量突破3万亿元…今天的中国，经济总量…"), and a region
    carried over from an earlier sentence is too often another one's."""
    periods: tuple[str, ...] = ()
    """The period kinds a figure of this metric can count over (empty: any). A GDP is a
    year's or a quarter's (``span``), never a day's: a day named near it is no period."""
    clause_excludes: tuple[str, ...] = ()
    """Words that, anywhere in the figure's clause group before it, make the figure a plan,
    a forecast or a target ("力争早稻播种面积达到1800万亩"), not a statement of fact."""
    parts: tuple[tuple[str, str], ...] = ()
    """(word, metric id): a part after 其中 led by the word is a figure of that metric."""
    cohort: bool = False
    """Opening a sentence, this metric's figure makes the sentence about that group."""
    cohort_metrics: tuple[tuple[str, str], ...] = ()
    """(metric id, metric id): in a sentence this cohort opens, a later figure of the first
    metric is the cohort's figure of the second ("现有境外输入确诊病例451例…，累计治愈出院病例
    1221例" is the imported cases' recoveries); a figure of a metric not listed gives no claim."""
    accumulates: bool = False
    """A running total of its ``then_new`` flow: the total minus the day's new figure is
    the day before's total (累计确诊, 累计死亡, 累计治愈出院; not 现有疑似)."""
    moment: bool = False
    """A stock that changes within a day (a disaster's toll, 死亡人数升至69人): its figure is
    only as of a stated hour (截至23日12时) or a day's end (截至23日24时), never as of a bare
    day, since two reports of one day may both be right at different hours."""
    then_new: str | None = None
    """The flow metric a bare "，当日新增N例" right after this stock's figure counts
    ("累计死亡病例2788例，当日新增44例": new deaths)."""
    percent: bool = False
    """The figure is a percentage (a growth rate): only a number written with % binds, and
    a number without one never does (the other metrics take no percentage)."""
    clause_contains: tuple[str, ...] = ()
    """Words of which one must occur in the figure's clause group before its term: a
    growth rate is the growth of what the clause names ("企业总市值约10.93兆美元，年成长率为
    13%"), and only that makes it this metric."""
    as_published: bool = False
    """A figure as of the day its article was published (a market value, a ranking's
    edition), when its sentence names no time but 今年: two reports of one day compare."""

    @property
    def unit(self) -> str:
        return self.units[0] if self.units else ""


@dataclass(frozen=True)
class RegionDef:
    name: str
    level: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    def home(self, regions: dict[str, RegionDef]) -> str | None:
        """The city or province this region belongs to (itself when it is one)."""
        r: RegionDef | None = self
        seen = 0
        while r is not None and seen < 8:
            if r.level in ("city", "province"):
                return r.name
            r = regions.get(r.parent) if r.parent else None
            seen += 1
        return None


_METRIC_KEYS = {
    "label",
    "terms",
    "units",
    "flow",
    "position",
    "max_gap",
    "after_contains",
    "after_excludes",
    "before_excludes",
    "clause_excludes",
    "region_in_sentence",
    "accumulates",
    "periods",
    "then_new",
    "cohort",
    "cohort_metrics",
    "parts",
    "moment",
    "percent",
    "clause_contains",
    "as_published",
}


@dataclass
class Catalog:
    """Metrics and regions: what a figure measures and where it applies, from YAML."""

    metrics: dict[str, MetricDef] = field(default_factory=dict)
    regions: dict[str, RegionDef] = field(default_factory=dict)
    contextual: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    """Extra place names (a gazetteer): a mention bounds a claim's region even when the
    place has no entry of its own, so a figure about 成都 is never given to 重庆."""
    _metric_ac: Any = field(default=None, repr=False)
    _region_ac: Any = field(default=None, repr=False)
    _raw_src: str | None = field(default=None, repr=False)
    """Every way a metric term (or a key part of it) can be written before normalisation,
    as a pattern (None when spellings are unknown)."""
    _raw_re: re.Pattern[str] | None = field(default=None, repr=False)
    """``_raw_src`` compiled."""
    _gate_re: re.Pattern[str] | None = field(default=None, repr=False)
    """``_raw_src`` or anything ``_RAW_GLOSS_RE`` finds: one search answers both questions
    a clean document asks (``raw_plain`` and ``may_have_metrics``)."""

    def compile(self) -> Catalog:
        ma = ahocorasick.Automaton()
        by_term: dict[str, list[str]] = {}
        for m in self.metrics.values():
            for t in m.terms:
                by_term.setdefault(to_simplified(t), []).append(m.id)
        for t, ids in by_term.items():
            ma.add_word(t, (len(t), tuple(ids)))
        if len(ma):
            ma.make_automaton()
        self._metric_ac = ma
        self._raw_src = _raw_pattern(by_term)
        if self._raw_src is not None:
            # The gloss pattern led by each bracket as a literal: every branch of the
            # alternation starts with one, so the engine still skips ahead in C.
            tail = _RAW_GLOSS_RE.pattern.removeprefix("[(（]")
            self._gate_re = re.compile(rf"{self._raw_src}|\({tail}|（{tail}")
        ra = ahocorasick.Automaton()
        entries: list[tuple[str, tuple[str, str]]] = [(p, ("place", p)) for p in self.places]
        for r in self.regions.values():
            entries.extend((t, ("region", r.name)) for t in (r.name, *r.aliases))
        entries.extend((t, ("contextual", suffix)) for t, suffix in self.contextual.items())
        entries.extend((t, ("ignore", "")) for t in self.ignore)
        simple = _simplified_all([t for t, _ in entries])
        names = dict(zip(simple, (v for _, v in entries), strict=True))
        # Reversed: pyahocorasick looks a character up among a node's children one by one,
        # and place names share few last characters (市, 县, 区 ...) but hundreds of first
        # ones, so matching the reversed text is several times faster (same matches).
        for t, v in names.items():
            ra.add_word(t[::-1], (len(t), v))
        if len(ra):
            ra.make_automaton()
        self._region_ac = ra
        return self

    def may_have_metrics(self, raw: str) -> bool:
        """False only when ``normalize(raw)`` holds no metric term (``raw`` without pinyin
        glosses, which can split a term): one search of the raw text."""
        if self._raw_src is None:  # spellings unknown: maybe
            return bool(len(self._metric_ac)) if self._metric_ac is not None else False
        if self._raw_re is None:
            # Compiled on first use only: documents ask the gate, which holds the same
            # branches, so most processes never need this pattern on its own.
            self._raw_re = re.compile(self._raw_src)
        return self._raw_re.search(raw) is not None

    def metric_hits(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        ac = self._metric_ac
        if ac is None or not len(ac):
            return []
        return _longest([(e - ln + 1, e + 1, v) for e, (ln, v) in ac.iter(text)])

    def region_hits(self, text: str) -> list[tuple[int, int, tuple[str, str]]]:
        ac = self._region_ac
        if ac is None or not len(ac):
            return []
        # A match ending at e in the reversed text starts at len - 1 - e in the text.
        n1 = len(text) - 1
        return _longest([(n1 - e, n1 - e + ln, v) for e, (ln, v) in ac.iter(text[::-1])])


_MAX_SPELLINGS = 512


def _spellings(c: str, pre: dict[str, frozenset[str]]) -> frozenset[str]:
    """``c`` and every character normalisation turns into ``c``."""
    return pre.get(c, frozenset()) | {c}


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=1)
def _raw_breakdown_test() -> Callable[[str], bool] | None:
    """Whether a raw text may hold what a breakdown needs (其中, or an inclusion's
    bracket ``(含``) in any spelling; None when spellings are unknown."""
    pre = _preimages()
    if pre is None:
        return None

    def sp(word: str) -> str:
        return "".join(_char_class(_spellings(c, pre)) for c in word)

    words = "|".join(sp(w) for w in ("含", "包括", "包含", "其中"))
    # Led by the bracket, so the engine skips from bracket to bracket.
    bracket = re.compile(
        rf"{_char_class(_spellings('(', pre) | _spellings('（', pre))}\s*(?:{words})"
    )
    among = ["".join(s) for s in itertools.product(*(sorted(_spellings(c, pre)) for c in "其中"))]
    brackets = sorted(_spellings("(", pre) | _spellings("（", pre))

    def test(raw: str) -> bool:
        if any(w in raw for w in among):
            return True
        return any(b in raw for b in brackets) and bracket.search(raw) is not None

    return test


class _BreakdownSigns:
    """What a breakdown or an inclusion needs around its words, as patterns: a necessary
    condition for ``find_breakdowns`` to find anything, checked before any number is read.

    A breakdown (``_breakdown_at``) needs a total: a non-percentage quantity with a unit
    ending at most 40 characters before 其中 with no sentence end in between, so the last
    numeral of its number is followed by ``_UNIT_RE``'s shape (blank, 余/多, blank, a unit
    not of time) and then at most 42 characters (``以上``-like suffix and the lead) without a
    sentence end before 其中. It needs a first part of the same kind after 其中 in the same
    sentence: a numeral followed by that shape, with no sentence end between. An inclusion
    (``find_breakdowns``) needs such a quantity, an optional suffix and blanks right before
    ``(含``. Most 其中 in news text (其中一, 其中包括...) have no figure on one side and are
    settled here instead of by normalising the whole document and reading its numbers.

    ``sp`` gives every character that reads as ``c`` once normalised: with the identity
    the patterns apply to normalised text, with ``_spellings`` to a raw text without
    glosses (whose characters stand where their normalised forms do).
    """

    def __init__(self, sp: Callable[[str], frozenset[str]], changed: frozenset[str]) -> None:
        def cls(chars: Iterable[str]) -> str:
            return _char_class(set().union(*(sp(c) for c in chars)))

        def word(w: str) -> str:
            return "".join(cls(c) if len(sp(c)) > 1 else re.escape(c) for c in w)

        def alt(words: Iterable[str]) -> str:
            return "(?:" + "|".join(word(w) for w in words) + ")"

        # Characters that normalise to a blank or a digit without being one themselves.
        blank_extra = {r for c in _BLANKS_AND_DIGITS[0] for r in sp(c) if not r.isspace()}
        digit_extra = {r for c in _BLANKS_AND_DIGITS[1] for r in sp(c) if not _DIGIT.match(r)}
        ws = rf"(?:\s|{_char_class(blank_extra)})" if blank_extra else r"\s"
        num = rf"(?:\d|{cls('零〇一二两三四五六七八九十百千万亿')}"
        num += f"|{_char_class(digit_extra)})" if digit_extra else ")"
        units = [u for u in _UNITS if u not in TIME_UNITS]
        quantity = rf"{num}{ws}?{cls('余多')}?{ws}?{alt(units)}"
        # A raw character that may normalise to something else is never taken for a
        # sentence end (it might not be one): the patterns only get looser.
        ends = "".join(c for c in _SENT_END if c not in changed)
        self.words = re.compile(word("其中"))
        self.total = re.compile(rf"{quantity}[^{re.escape(ends)}]{{0,44}}\Z")
        self.part = re.compile(quantity)
        self.end = re.compile(_char_class(ends))
        self.bracket = re.compile(rf"{cls('(（')}{ws}*{alt(('含', '包括', '包含', '其中'))}")
        self.whole = re.compile(rf"{quantity}{alt(_SUFFIX_QUAL)}?{ws}*\Z")
        self.blanks = frozenset(blank_extra)

    def may_hold(self, t: str) -> bool:
        """False only when ``t`` (normalised, or raw as the spellings say) holds neither a
        breakdown nor an inclusion for ``find_breakdowns``. Linear: each window is at most
        60 characters, and the searches after 其中 are reused until passed."""
        part_at = -1  # where the first figure after the last 其中 looked at begins
        end_at = -1  # where the first sentence end after it is
        for m in self.words.finditer(t):
            p = m.start()
            if self.total.search(t, max(0, p - 60), p) is None:
                continue
            a = p + 2
            # Each search again only once this 其中 is past what it found for an earlier
            # one (none found stays none): every stretch of text is scanned once.
            if 0 <= part_at < a or part_at == -1:
                found = self.part.search(t, a)
                part_at = found.start() if found is not None else len(t) + 1
            if end_at < a:
                found = self.end.search(t, a)
                end_at = found.start() if found is not None else len(t)
            if part_at < end_at:
                return True
        for m in self.bracket.finditer(t):
            k = m.start()
            while k > 0 and (t[k - 1].isspace() or t[k - 1] in self.blanks):
                k -= 1
            if self.whole.search(t, max(0, k - 16), k) is not None:
                return True
        return False


_BLANKS_AND_DIGITS = ("\t\n\x0b\x0c\r \x85\xa0\u3000", "0123456789")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _breakdown_signs() -> tuple[_BreakdownSigns, _BreakdownSigns | None]:
    """The signs for normalised text, and for raw text (None when spellings are unknown)."""
    norm = _BreakdownSigns(lambda c: frozenset(c), frozenset())
    pre = _preimages()
    if pre is None:
        return norm, None
    changed = frozenset(r for srcs in pre.values() for r in srcs)
    return norm, _BreakdownSigns(lambda c: _spellings(c, pre), changed)


def _raw_pattern(terms: Iterable[str]) -> str | None:
    """A pattern's source, found in a raw text wherever a spelling of some term's key is;
    None when spellings are unknown.

    A term's key is the term itself, or when it has more than ``_MAX_SPELLINGS`` spellings
    its longest part with fewer: a normalised text holding the term holds the key, so a
    raw text without any spelling of any key holds no term once normalised.

    The spellings of a key are the product of its characters' spellings, which is what a
    sequence of character classes matches: the keys go into a trie of normalised
    characters, each edge written as the class of that character's spellings. Only the
    first character is written out as literals, one branch per raw spelling, because the
    engine skips from candidate to candidate in C only when every branch is led by a
    literal; the rest of the trie stays classes. The same texts match as with every
    spelling spelled out (a trie of thousands of literal branches), but the pattern is
    over ten times smaller and compiles in milliseconds instead of a tenth of a second in
    every process.
    """
    pre = _preimages()
    if pre is None:
        return None
    trie: dict[str, Any] = {}
    for term in terms:
        sizes = [len(_spellings(c, pre)) for c in term]
        best = (0, 0)
        for i in range(len(sizes)):
            n = 1
            for j in range(i, len(sizes)):
                n *= sizes[j]
                if n > _MAX_SPELLINGS:
                    break
                if j + 1 - i > best[1] - best[0]:
                    best = (i, j + 1)
        if best[1] == best[0]:
            return None
        node = trie
        for c in term[best[0] : best[1]]:
            node = node.setdefault(c, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def edge(c: str) -> str:
        forms = _spellings(c, pre)
        return re.escape(c) if len(forms) == 1 else _char_class(forms)

    def branches(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a key ends here: whatever follows, there is a match
        alts = [edge(c) + branches(child) for c, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    # Raw lead character -> what may follow it (two normalised characters may share one).
    lead: dict[str, list[str]] = {}
    for c, child in trie.items():
        rest = branches(child)
        for r in sorted(_spellings(c, pre)):
            lead.setdefault(r, []).append(rest)
    alts = []
    for r, rests in lead.items():
        if "" in rests:
            alts.append(re.escape(r))
        elif len(rests) == 1:
            alts.append(re.escape(r) + rests[0])
        else:
            alts.append(re.escape(r) + "(?:" + "|".join(rests) + ")")
    return "|".join(alts)


def _longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping matches, longer ones preferred: 新增本土确诊病例 over 日新增."""
    if not hits:
        return []
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    taken: list[tuple[int, int, Any]] = []
    occupied = bytearray(max(h[1] for h in hits))
    for h in hits:
        s, e = h[0], h[1]
        if occupied.find(1, s, e) != -1:
            continue
        occupied[s:e] = b"\x01" * (e - s)
        taken.append(h)
    taken.sort(key=itemgetter(0))
    return taken


def _str_list(v: Any, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise YamlError(f"{where}: expected a list of strings")
    return tuple(v)


def _parts_of(v: Any, where: str) -> tuple[tuple[str, str], ...]:
    if v is None:
        return ()
    if not isinstance(v, dict) or not all(
        isinstance(k, str) and isinstance(x, str) for k, x in v.items()
    ):
        raise YamlError(f"{where}: expected a mapping of words to metric ids")
    return tuple(sorted(v.items(), key=lambda kv: -len(kv[0])))


def _metric_map(v: Any, where: str) -> dict[str, str]:
    if v is None:
        return {}
    if not isinstance(v, dict) or not all(
        isinstance(k, str) and isinstance(x, str) for k, x in v.items()
    ):
        raise YamlError(f"{where}: expected a mapping of metric ids to metric ids")
    return dict(v)


_PERIOD_KINDS = ("day", "window", "asof", "span")


def _period_kinds(v: Any, where: str) -> tuple[str, ...]:
    kinds = _str_list(v, where)
    bad = [k for k in kinds if k not in _PERIOD_KINDS]
    if bad:
        raise YamlError(
            f"{where}: unknown period kind(s) {', '.join(bad)}: {', '.join(_PERIOD_KINDS)}"
        )
    return kinds


def _metric_from(mid: str, spec: Any, origin: str) -> MetricDef:
    where = f"{origin}: metrics.{mid}"
    if not isinstance(spec, dict):
        raise YamlError(f"{where}: expected a mapping")
    unknown = set(spec) - _METRIC_KEYS
    if unknown:
        raise YamlError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    terms = _str_list(spec.get("terms"), f"{where}.terms")
    units = _str_list(spec.get("units"), f"{where}.units")
    if not terms:
        raise YamlError(f"{where}: needs terms")
    if not units:
        raise YamlError(f"{where}: needs units")
    position = str(spec.get("position", "after"))
    if position not in ("after", "before", "either"):
        raise YamlError(f"{where}.position: after, before or either")
    return MetricDef(
        id=mid,
        label=str(spec.get("label", mid)),
        terms=terms,
        units=units,
        flow=bool(spec.get("flow", True)),
        position=position,
        max_gap=int(spec.get("max_gap", 6)),
        after_contains=_str_list(spec.get("after_contains"), f"{where}.after_contains"),
        after_excludes=_str_list(spec.get("after_excludes"), f"{where}.after_excludes"),
        before_excludes=_str_list(spec.get("before_excludes"), f"{where}.before_excludes"),
        clause_excludes=_str_list(spec.get("clause_excludes"), f"{where}.clause_excludes"),
        region_in_sentence=bool(spec.get("region_in_sentence", False)),
        accumulates=bool(spec.get("accumulates", False)),
        periods=_period_kinds(spec.get("periods"), f"{where}.periods"),
        then_new=str(spec["then_new"]) if spec.get("then_new") is not None else None,
        cohort=bool(spec.get("cohort", False)),
        moment=bool(spec.get("moment", False)),
        percent=bool(spec.get("percent", False)),
        clause_contains=_str_list(spec.get("clause_contains"), f"{where}.clause_contains"),
        as_published=bool(spec.get("as_published", False)),
        parts=_parts_of(spec.get("parts"), f"{where}.parts"),
        cohort_metrics=tuple(
            _metric_map(spec.get("cohort_metrics"), f"{where}.cohort_metrics").items()
        ),
    )


@lru_cache(maxsize=16)
def load_catalog(
    metric_files: tuple[Path, ...],
    region_files: tuple[Path, ...],
    place_files: tuple[Path, ...] = (),
    place_labels: tuple[str, ...] | None = None,
) -> Catalog:
    """Load and compile metric and region definitions (files merge in order)."""
    cat = Catalog()
    for f in metric_files:
        data = load_yaml_file(f)
        if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
            raise YamlError(f"{f}: a metrics file is a mapping with a 'metrics:' mapping")
        for mid, spec in data["metrics"].items():
            cat.metrics[str(mid)] = _metric_from(str(mid), spec, str(f))
    for f in region_files:
        data = load_yaml_file(f)
        if not isinstance(data, dict) or not isinstance(data.get("regions"), dict):
            raise YamlError(f"{f}: a regions file is a mapping with a 'regions:' mapping")
        for name, spec in data["regions"].items():
            spec = spec or {}
            if not isinstance(spec, dict):
                raise YamlError(f"{f}: regions.{name}: expected a mapping")
            cat.regions[str(name)] = RegionDef(
                name=str(name),
                level=str(spec.get("level", "")),
                parent=str(spec["parent"]) if spec.get("parent") else None,
                aliases=_str_list(spec.get("aliases"), f"{f}: regions.{name}.aliases"),
            )
        ctx = data.get("contextual") or {}
        if not isinstance(ctx, dict):
            raise YamlError(f"{f}: contextual: expected a mapping word -> suffix")
        cat.contextual.update({str(k): str(v or "") for k, v in ctx.items()})
        cat.ignore = cat.ignore + _str_list(data.get("ignore"), f"{f}: ignore")
    if place_files:
        labels = list(place_labels) if place_labels is not None else None
        lex = load_lexicon(list(place_files), labels=labels)
        # Two-character names (城区, 郊区, 矿区) are also common words: left out.
        names = [t for t in lex.terms if len(t) >= 3]
        # An autonomous prefecture goes by its short name and 州 in bulletins (临夏回族自治州
        # is 临夏州, 延边朝鲜族自治州 延边州): without it, "兰州市新增确诊病例4例，临夏州新增
        # 确诊病例1例" gives Lanzhou the second figure too.
        have = set(names)
        shorts = [t for t in load_lexicon(list(place_files), labels=["short"]).terms]
        for t in list(names):
            if t.endswith("自治州"):
                short = max((x for x in shorts if t.startswith(x)), key=len, default=None)
                if short is not None and short + "州" not in have:
                    names.append(short + "州")
                    have.add(short + "州")
        cat.places = tuple(names)
    return cat.compile()
