"""Word lists for detectors: loaded from YAML data files, matched with Aho-Corasick.

A lexicon file is YAML with a ``terms:`` key holding either a list of strings or a
mapping ``label -> list of strings`` (e.g. ``gambling: [...]``). Matching uses
pyahocorasick, so a list of 10,000 terms costs about the same per character as a list
of 10: one pass over the text whatever the list's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from seedlint.yamlsafe import YamlError, load_yaml_file


@dataclass(frozen=True)
class LexiconHit:
    start: int
    end: int
    term: str
    label: str


@dataclass
class Lexicon:
    """A compiled term list. Terms are matched case-insensitively when ``fold_case``."""

    terms: dict[str, str] = field(default_factory=dict)
    """term -> label"""
    fold_case: bool = False
    _automaton: Any = field(default=None, repr=False)

    def add(self, term: str, label: str = "") -> None:
        if term:
            self.terms.setdefault(term.casefold() if self.fold_case else term, label)
            self._automaton = None

    def __contains__(self, term: str) -> bool:
        return (term.casefold() if self.fold_case else term) in self.terms

    def label(self, term: str) -> str | None:
        return self.terms.get(term.casefold() if self.fold_case else term)

    def __len__(self) -> int:
        return len(self.terms)

    def _compiled(self) -> Any:
        if self._automaton is None:
            a = ahocorasick.Automaton()
            for term, label in self.terms.items():
                a.add_word(term, (term, label))
            if len(a):
                a.make_automaton()
            self._automaton = a
        return self._automaton

    def find(self, text: str, longest: bool = True) -> Iterator[LexiconHit]:
        """Matches in text order; with ``longest``, overlapping shorter matches are dropped."""
        if not self.terms:
            return
        a = self._compiled()
        hay = text.casefold() if self.fold_case and len(text.casefold()) == len(text) else text
        hits: list[LexiconHit] = []
        for end_idx, (term, label) in a.iter(hay):
            start = end_idx - len(term) + 1
            hits.append(LexiconHit(start, end_idx + 1, text[start : end_idx + 1], label))
        if not longest:
            yield from sorted(hits, key=lambda h: (h.start, h.end))
            return
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        last_end = -1
        for h in hits:
            if h.start >= last_end:
                yield h
                last_end = h.end


def _terms_from(data: Any, origin: str) -> list[tuple[str, str]]:
    if not isinstance(data, dict) or "terms" not in data:
        raise YamlError(f"{origin}: a lexicon file is a mapping with a 'terms:' key")
    terms = data["terms"]
    out: list[tuple[str, str]] = []
    if isinstance(terms, list):
        label = str(data.get("label", ""))
        out.extend((str(t), label) for t in terms if t is not None)
    elif isinstance(terms, dict):
        for label, items in terms.items():
            if not isinstance(items, list):
                raise YamlError(f"{origin}: terms.{label} must be a list")
            out.extend((str(t), str(label)) for t in items if t is not None)
    else:
        raise YamlError(f"{origin}: 'terms' must be a list or a mapping of lists")
    return out


@lru_cache(maxsize=64)
def _load_file(path: Path) -> tuple[tuple[str, str], ...]:
    if path.suffix == ".txt":
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise YamlError(f"{path}: cannot read lexicon: {exc}") from None
        return tuple((ln.strip(), "") for ln in lines if ln.strip() and not ln.startswith("#"))
    return tuple(_terms_from(load_yaml_file(path), str(path)))


def load_lexicon(
    files: list[Path],
    inline: list[str] | None = None,
    fold_case: bool = False,
    labels: list[str] | None = None,
) -> Lexicon:
    """Build one lexicon from files and inline terms, optionally keeping only some labels."""
    lex = Lexicon(fold_case=fold_case)
    for f in files:
        for term, label in _load_file(f):
            if labels is None or label in labels:
                lex.add(term, label)
    for t in inline or []:
        lex.add(t, "")
    return lex
