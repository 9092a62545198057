"""``lexicon``: a list of terms (inline or from data files), matched in one pass.

Backed by Aho-Corasick (see ``seedlint.lexicons``), so the cost does not grow with the
size of the list. ``word_boundary`` keeps Latin terms from matching inside words;
``replacement`` makes every hit fixable (e.g. ``""`` to delete).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

from seedlint.document import Document
from seedlint.lexicons import load_lexicon
from seedlint.model import Edit
from seedlint.registry import Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec


class LexiconParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terms: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    """Lexicon data files, relative to the rule file."""
    labels: list[str] | None = None
    """Keep only terms with these labels from the files."""
    ignore_case: bool = False
    word_boundary: bool = False
    replacement: str | None = None

    @model_validator(mode="after")
    def _has_terms(self) -> LexiconParams:
        if not self.terms and not self.files:
            raise ValueError("give 'terms' or 'files'")
        return self


def _is_word(ch: str) -> bool:
    return ch.isalnum() and ord(ch) < 0x2E80  # Han has no word boundaries to respect


@register
class LexiconDetector(Detector):
    kind = "lexicon"
    Params = LexiconParams

    def __init__(self, rule: RuleSpec, params: LexiconParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        files = [ctx.resolve(f) for f in params.files]
        for f in files:
            if not f.is_file():
                raise ValueError(f"lexicon file not found: {f}")
        self.lexicon = load_lexicon(files, params.terms, params.ignore_case, params.labels)

    def check(self, doc: Document) -> Iterator[Hit]:
        p: LexiconParams = self.params
        text = doc.text
        for h in self.lexicon.find(text):
            if p.word_boundary and (
                (h.start > 0 and _is_word(text[h.start - 1]))
                or (h.end < len(text) and _is_word(text[h.end]))
            ):
                continue
            edits = None
            if p.replacement is not None:
                edits = [Edit(start=h.start, end=h.end, replacement=p.replacement)]
            yield Hit(
                h.start,
                h.end,
                data={"match": h.term, "term": h.term, "label": h.label},
                edits=edits,
            )
