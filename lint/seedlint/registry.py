"""Detector kinds: the bridge between a YAML rule and the code that runs it.

A rule names a ``kind``; the kind is a ``Detector`` subclass registered here with its
own pydantic ``Params`` model, so a rule's ``params:`` block is validated against the
kind before anything runs (Vale's typed rule kinds). Each kind lives in one module of
``seedlint.detectors``; importing that package registers them all.

Two entry points per detector:

* ``check(doc)`` runs per document and yields ``Hit`` objects (offsets into
  ``doc.text``). It must be linear in the document length.
* ``triggers()`` (optional) names what must occur in a document for the rule to find
  anything in it: literals, a character class, metadata keys. The engine scans each
  document once for every rule's triggers together and skips the rules whose
  triggers are absent, so a clean document does not pay each rule's setup.
* ``collect(doc)`` / ``finalize(collected)`` form an optional corpus-wide pass: the
  engine gathers whatever ``collect`` returns per document (small, and data only:
  ``datacodec`` must encode it, since a run keeps it on disk, not in memory) and hands
  it all to ``finalize`` once, as an iterable of ``(document id, data)`` in read order
  (which a run reads back from disk: it may be iterated more than once, but a pass that
  holds all of it grows with the corpus), and ``finalize`` yields ``CorpusHit`` objects.
  Cross-document checks index what they collect by key; they never compare all pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from seedlint.document import Document
from seedlint.model import Applicability, Edit

if TYPE_CHECKING:
    from seedlint.ruleschema import RuleSpec


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass
class Hit:
    """One place a detector objects to, in code-point offsets into ``doc.text``."""

    start: int
    end: int
    data: dict[str, Any] = field(default_factory=dict)
    """Values for the rule's message template (``{match}`` is always available)."""
    edits: list[Edit] | None = None
    """The fix, or None when the detector cannot offer one for this hit."""
    applicability: Applicability | None = None
    """Lowers the rule's fix applicability for this hit (never raises it)."""
    message: str | None = None
    """A complete message replacing the rule's template."""
    encoding: str | None = None
    """A file-level fix: write the document in this encoding."""
    fix_description: str = ""
    severity: str | None = None
    """Lowers or raises this hit's severity when the detector knows better (e.g. a lone gloss)."""
    claim: str | None = None
    """The id of the claim (``ClaimRecord.id``) the hit is on, for claim rules."""
    other_claim: tuple[str, str] | None = None
    """(document id, claim id) of the claim the hit's claim conflicts with."""


@dataclass
class CorpusHit:
    """A hit from a corpus-wide pass, already resolved to a document and position."""

    doc_id: str
    path: str
    hit: Hit
    line: int
    column: int
    end_line: int
    end_column: int
    snippet: str = ""


@dataclass
class LoadContext:
    """What a detector may need at load time: where its rule file lives, the config."""

    rule_file: Path | None
    options: dict[str, Any] = field(default_factory=dict)
    """Corpus-level settings from the config (e.g. ``expected-script``)."""

    def resolve(self, relative: str) -> Path:
        """Resolve a data-file path given in a rule relative to the rule file's folder."""
        p = Path(relative)
        if p.is_absolute() or self.rule_file is None:
            return p
        return self.rule_file.parent / p


@dataclass(frozen=True)
class Triggers:
    """What a document must hold for a rule to report or collect anything in it.

    A promise, not a hint: when ``doc.text`` contains none of ``literals``, no match of
    ``chars`` or ``rare`` and ``doc.metadata`` none of the ``metadata`` keys, the rule's ``check``
    yields nothing and its ``collect`` returns None, and neither leaves anything in
    ``doc.facts`` that the report reads. The engine then skips the rule on that
    document; a test lints the bench corpora with and without this gate and compares
    every finding. A detector that cannot promise this declares no triggers. A skipped
    rule cannot fail either: a regex that would run over its time budget (SL009) on a
    document without its literals is simply not run there.
    """

    literals: tuple[str, ...] = ()
    chars: re.Pattern[str] | None = None
    """A pattern of which one match (one character, usually) opens the gate."""
    rare: re.Pattern[str] | None = None
    """A character class inside ``_rarechars``' union (controls, zero-width, bidi,
    no-break spaces, Greek, Cyrillic, full-width letters, private use): tried on the
    document's short list of those characters, one scan the gate and the rules share,
    instead of on the whole text. It matches the list exactly when it matches the text."""
    metadata: tuple[str, ...] = ()


class Detector:
    kind: ClassVar[str] = ""
    Params: ClassVar[type[BaseModel]] = NoParams
    corpus_wide: ClassVar[bool] = False
    reads: ClassVar[tuple[str, ...]] = ()
    """Shared analyses of ``doc.cache`` that ``check`` and ``collect`` read, by the name
    they were registered under (``releases``). The engine lets each go right after the
    last rule of the run that reads it: the claims' reading of a 20 MB line of figures
    (some 400 MB) was otherwise held through every rule after the claims rules."""

    def __init__(self, rule: RuleSpec, params: Any, ctx: LoadContext) -> None:
        self.rule = rule
        self.params = params
        self.ctx = ctx

    def check(self, doc: Document) -> Iterable[Hit]:
        return ()

    def triggers(self) -> Triggers | None:
        """What must occur for this rule to fire (see ``Triggers``); None: it may fire on
        any document, so it always runs."""
        return None

    def collect(self, doc: Document) -> Any:
        return None

    def finalize(self, collected: Iterable[tuple[str, Any]]) -> Iterator[CorpusHit]:
        return iter(())


_KINDS: dict[str, type[Detector]] = {}

RELEASED_KEY = "seedlint.released"
"""``doc.cache`` key: the names of the shared analyses already let go in this lint pass."""

_RELEASERS: dict[str, Callable[[Document], None]] = {}


class AnalysisReleased(RuntimeError):
    """A shared analysis was asked for after the engine let it go: the asking detector
    does not name it in ``reads``. Computing it again would double the work of the
    costliest analyses on a huge document (about 50 s for a 20 MB line of figures), so
    this fails the rule loudly instead (SL009) and a test of the rule pack catches it."""


def releases(name: str) -> Callable[[Callable[[Document], None]], Callable[[Document], None]]:
    """Register the function that drops shared analysis ``name`` from a document."""

    def deco(fn: Callable[[Document], None]) -> Callable[[Document], None]:
        _RELEASERS[name] = fn
        return fn

    return deco


def releaser(name: str) -> Callable[[Document], None] | None:
    return _RELEASERS.get(name)


def release(doc: Document, name: str) -> None:
    """Drop shared analysis ``name`` from ``doc`` and remember that it went."""
    fn = _RELEASERS.get(name)
    if fn is None:
        return
    fn(doc)
    released = doc.cache.get(RELEASED_KEY)
    if not isinstance(released, set):
        released = doc.cache[RELEASED_KEY] = set()
    released.add(name)


def ensure_held(doc: Document, name: str) -> None:
    """Raise ``AnalysisReleased`` when ``name`` was let go in this lint pass."""
    released = doc.cache.get(RELEASED_KEY)
    if released and name in released:
        raise AnalysisReleased(
            f"the shared analysis {name!r} was released after the last rule that reads it; "
            "a detector that reads it must name it in `reads`"
        )


def register(cls: type[Detector]) -> type[Detector]:
    if not cls.kind:
        raise TypeError(f"{cls.__name__} has no kind")
    if cls.kind in _KINDS and _KINDS[cls.kind] is not cls:
        raise TypeError(f"detector kind {cls.kind!r} registered twice")
    _KINDS[cls.kind] = cls
    return cls


def kinds() -> dict[str, type[Detector]]:
    import seedlint.detectors  # noqa: F401  (registers every kind)

    return dict(_KINDS)
