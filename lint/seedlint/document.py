"""A document as the detectors see it: decoded text plus metadata and position mapping.

Detectors only ever see ``Document.text`` (the body, without YAML front matter) and
report code-point offsets into it. The mapping back to file lines and columns, and
the offset of the body inside the file, live here so no detector has to know about
front matter, JSONL records or encodings.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seedlint.htmltext import SourceMap


@dataclass
class Document:
    path: str
    """Path relative to the run's root, with forward slashes."""
    text: str
    doc_id: str = ""
    """``path`` for a plain file, ``path#N`` for record N of a JSONL file."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Front matter, sidecar file or JSONL fields (everything but the text)."""
    encoding: str = "utf-8"
    encoding_confidence: float = 1.0
    encoding_alternatives: list[str] = field(default_factory=list)
    had_bom: bool = False
    head: str = ""
    """The decoded file's text before ``text`` (front matter); never edited."""
    line_offset: int = 0
    """Lines before ``text`` in the file (front matter), or the JSONL line number minus one."""
    container: str = "file"
    """``file``, ``compressed``, ``jsonl``, ``parquet`` or ``html``: records are fixed
    through ``containerfix`` (their text field only), files through ``fixer``; an HTML
    page's findings are on its text nodes, and seedlint never edits markup."""
    raw: bytes | None = None
    """The undecoded bytes of a plain file, for encoding detectors."""
    record: int | None = None
    """The 1-based line (JSONL) or row (Parquet) of a record: where its fix is written."""
    origin_encoding: str | None = None
    """The encoding the file was read with, when a fix has changed ``encoding``."""
    cache: dict[str, Any] = field(default_factory=dict)
    """Per-document memo for analyses shared by several detectors (provenance, claims)."""
    facts: dict[str, Any] = field(default_factory=dict)
    """What detectors extracted for the report's per-document section."""
    source_map: SourceMap | None = None
    """For an HTML page (``container == "html"``): where each character of ``text`` (its
    text nodes) stands in the file, so positions point into the markup as it is."""
    _line_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.doc_id:
            self.doc_id = self.path

    @property
    def body_offset(self) -> int:
        """Code points before ``text`` in the decoded file."""
        return len(self.head)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file, in code points, of a body offset."""
        if self.source_map is not None:
            return self.source_map.position(offset)
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1 + self.line_offset, offset - starts[idx] + 1

    def line_of(self, offset: int) -> tuple[int, int]:
        """Start and end offsets (without newline) of the body line holding ``offset``."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        start = starts[idx]
        # The next line's start, not a search: a search from the line's start costs the
        # line's length for every finding on a long line.
        if idx + 1 < len(starts):
            end = starts[idx + 1] - 1
            if end > start and self.text[end - 1] == "\r":
                end -= 1
        else:
            end = len(self.text)
        return start, end

    def lines(self) -> list[tuple[int, str]]:
        """Every body line with its start offset, without line terminators."""
        out = []
        text = self.text
        starts = self.line_starts
        for i, s in enumerate(starts):
            e = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            line = text[s:e]
            if line.endswith("\r"):
                line = line[:-1]
            out.append((s, line))
        return out
