"""What a pre-commit run checks: the staged files that belong to the corpus.

pre-commit passes the names of the staged files, which can be anything in the
repository (a README, a requirements file, a draft the config excludes). The hook
checks only what ``seedlint`` would lint with no path given: the corpus (config
``paths``, default ``seeds``) filtered by ``include``/``exclude``. A staged sidecar
(``NAME.meta.yaml``) stands for its document and a staged manifest for the manifest
checks, so commits that change only those still run the gate. Everything else is
skipped without a word: the hook must not get in the way of ordinary commits.

The run itself covers the whole corpus (served from the cache), so the cross-file
rules (contradicting figures, duplicates, the manifest) see every document; only the
findings on the staged files are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seedlint.config import Config
from seedlint.engine import source_options
from seedlint.sources import SIDECAR_SUFFIX, discover, relpath
from seedlint.spool import SpooledReport

MANIFEST_CODES = ("P120",)
"""Rules about the manifest as a whole, reported when the manifest is staged."""


@dataclass
class Scope:
    files: list[str] = field(default_factory=list)
    """Corpus files (relative to the root) staged themselves or through their sidecar."""
    manifest: str | None = None
    """The manifest's path when it is staged."""
    missing: list[str] = field(default_factory=list)
    """Corpus paths of the config that do not exist."""

    def __bool__(self) -> bool:
        return bool(self.files or self.manifest)


def staged_scope(names: list[str], cfg: Config, root: Path) -> Scope:
    """The part of the corpus that the staged ``names`` touch."""
    corpus, missing = discover(cfg.corpus_paths(), root, source_options(cfg))
    in_corpus = {relpath(f, root) for f in corpus}
    manifest = relpath(cfg.resolve(cfg.manifest), root) if cfg.manifest else None
    scope = Scope(missing=missing)
    files: set[str] = set()
    for name in names:
        rel = relpath(Path(name), root)
        if rel == manifest:
            scope.manifest = rel
            continue
        if rel.endswith(SIDECAR_SUFFIX):
            rel = rel[: -len(SIDECAR_SUFFIX)]
        if rel in in_corpus:
            files.add(rel)
    scope.files = sorted(files)
    return scope


def restrict(report: SpooledReport, scope: Scope) -> None:
    """Keep the findings and documents of the staged files (and, with the manifest
    staged, the manifest's own findings); the summary is counted on what is kept."""
    keep = set(scope.files)

    def kept(path: str, code: str) -> bool:
        if path in keep:
            return True
        return scope.manifest is not None and (path == scope.manifest or code in MANIFEST_CODES)

    report.restrict(
        kept,
        lambda path: path in keep,
        lambda s: str(s.get("document", "")).split("#")[0] in keep,
    )
