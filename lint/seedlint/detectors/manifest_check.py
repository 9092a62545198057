"""``manifest``: the corpus and its manifest agree, byte for byte.

Corpus-wide: ``collect`` hands over each document's path and SHA-256, ``finalize``
compares them with the manifest (``manifest`` in the config): a document under the
manifest's folder that it does not list, an entry whose file is gone, a file whose hash
is not the recorded one, or recorded hashes that do not chain from the received file
through the recorded fixes (a hand-edited hash). The manifest is read once per run.

Per document, a hash recorded in the document's own metadata (``sha256`` in a sidecar
file or a JSONL field, the SHA-256 of the document's text in UTF-8) is checked the same
way, so corpora that carry hashes per record are covered without a manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from seedlint.document import Document
from seedlint.manifest import Manifest, ManifestError, doc_abspath, load_cached, sha256_file
from seedlint.registry import CorpusHit, Detector, Hit, LoadContext, register
from seedlint.ruleschema import RuleSpec

_META_HASH_KEYS = ("sha256", "text_sha256", "content_sha256")


class ManifestParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check_metadata_hash: bool = True
    """Also compare a ``sha256`` recorded in the document's own metadata with its text."""


def _display(p: Path) -> str:
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


@register
class ManifestDetector(Detector):
    kind = "manifest"
    Params = ManifestParams
    corpus_wide = True

    def __init__(self, rule: RuleSpec, params: ManifestParams, ctx: LoadContext) -> None:
        super().__init__(rule, params, ctx)
        mp = ctx.options.get("manifest")
        self.manifest_path: Path | None = Path(mp) if mp else None

    def check(self, doc: Document) -> Iterator[Hit]:
        p: ManifestParams = self.params
        if not p.check_metadata_hash or not doc.metadata:
            return
        for key in _META_HASH_KEYS:
            recorded = doc.metadata.get(key)
            if not isinstance(recorded, str) or not recorded.strip():
                continue
            recorded = recorded.strip().lower()
            actual = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
            if actual != recorded:
                yield Hit(
                    0,
                    0,
                    message=(
                        f"the text's SHA-256 {actual[:12]} is not the `{key}` recorded in its "
                        f"metadata ({recorded[:12]}): the text changed after it was recorded"
                    ),
                )
            return

    def collect(self, doc: Document) -> Any:
        if self.manifest_path is None:
            return None
        digest = hashlib.sha256(doc.raw).hexdigest() if doc.raw is not None else None
        return (doc.path, digest)

    def finalize(self, collected: Iterable[tuple[str, Any]]) -> Iterator[CorpusHit]:
        if self.manifest_path is None:
            return
        shown = _display(self.manifest_path)
        m = load_cached(self.manifest_path)
        if isinstance(m, ManifestError):
            yield CorpusHit(
                doc_id=shown,
                path=shown,
                hit=Hit(0, 0, message=f"the manifest cannot be read: {m}", severity="error"),
                line=1,
                column=1,
                end_line=1,
                end_column=1,
            )
            return
        yield from self._check_documents(m, collected)
        yield from self._check_entries(m, shown)

    def _check_documents(
        self, m: Manifest, collected: Iterable[tuple[str, Any]]
    ) -> Iterator[CorpusHit]:
        seen: set[str] = set()
        for _doc_id, data in collected:
            path, digest = data
            if path in seen:
                continue  # one finding per file, not per JSONL record
            seen.add(path)
            abspath = doc_abspath(path)
            if abspath.resolve() == self.manifest_path.resolve():  # type: ignore[union-attr]
                continue
            key = m.key_for(abspath)
            if key is None:
                continue  # outside the manifest's folder: another corpus
            entry = m.entries.get(key)
            file_id = path  # JSONL records share their file's finding
            if entry is None:
                yield _doc_hit(
                    file_id,
                    path,
                    f"`{path}` is not in the manifest {m.path.name}: its provenance and hash "
                    "are not recorded (`seedlint --fix` adds it)",
                    "warning",
                )
                continue
            if digest is None or (entry.sha256 is not None and digest != entry.sha256):
                # Confirm on disk: with --diff (or a failed write) the linted text is the
                # fixed one while the file is not; a JSONL record carries no file bytes.
                digest = sha256_file(abspath) or digest
            if entry.sha256 is not None and digest is not None and digest != entry.sha256:
                explained = any(f.sha256_after == digest for f in entry.fixes)
                why = (
                    "a recorded fix produced it but the entry's sha256 was changed since"
                    if explained
                    else "no recorded fix explains the change"
                )
                yield _doc_hit(
                    file_id,
                    path,
                    f"`{path}` has SHA-256 {digest[:12]}, the manifest records "
                    f"{entry.sha256[:12]}: {why}",
                    "error",
                )
                continue
            problem = entry.chain_problem()
            if problem is not None:
                yield _doc_hit(
                    file_id,
                    path,
                    f"manifest entry for `{path}`: {problem}: a hash was changed by hand",
                    "error",
                )

    def _check_entries(self, m: Manifest, shown: str) -> Iterator[CorpusHit]:
        for key, entry in sorted(m.entries.items()):
            if m.abspath(key).exists():
                continue
            yield CorpusHit(
                doc_id=shown,
                path=shown,
                hit=Hit(
                    0,
                    0,
                    message=f"manifest entry `{key}` has no file: the document was removed "
                    "or renamed without updating the manifest",
                    severity="warning",
                ),
                line=entry.line,
                column=1,
                end_line=entry.line,
                end_column=1,
                snippet=key,
            )


def _doc_hit(doc_id: str, path: str, message: str, severity: str) -> CorpusHit:
    return CorpusHit(
        doc_id=doc_id,
        path=path,
        hit=Hit(0, 0, message=message, severity=severity),
        line=1,
        column=1,
        end_line=1,
        end_column=1,
    )
