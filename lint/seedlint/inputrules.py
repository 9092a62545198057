"""seedlint's own findings about its input (``SL`` codes, category ``input``).

These are not YAML rules: they come from the sources stage and the waiver machinery,
before any detector runs. They are listed here so ``seedlint rules`` and
``seedlint explain`` cover every code a report can contain.
"""

from __future__ import annotations

from dataclasses import dataclass

from seedlint.model import Severity


@dataclass(frozen=True)
class InputRule:
    code: str
    name: str
    severity: Severity
    description: str
    help: str
    io_error: bool = False
    """An I/O-level problem: the run exits 2 while it is not baselined."""


INPUT_RULES: dict[str, InputRule] = {
    r.code: r
    for r in [
        InputRule(
            "SL001",
            "unreadable-file",
            Severity.ERROR,
            "The file could not be read or decoded with any text encoding.",
            "Check the file's encoding; exclude it in the config if it is not a document.",
            io_error=True,
        ),
        InputRule(
            "SL002",
            "binary-file",
            Severity.ERROR,
            "The file holds NUL bytes that no text encoding explains: it is not text.",
            "Remove it from the corpus or exclude it with `exclude` in the config.",
            io_error=True,
        ),
        InputRule(
            "SL003",
            "file-too-large",
            Severity.ERROR,
            "The file is larger than `max-file-bytes` and was not read.",
            "Split the file, or raise `max-file-bytes` in the config.",
            io_error=True,
        ),
        InputRule(
            "SL004",
            "malformed-jsonl",
            Severity.ERROR,
            "A JSONL line is not a JSON object with a string text field.",
            "Fix the line; set `text-field` in the config if the text lives elsewhere.",
            io_error=True,
        ),
        InputRule(
            "SL005",
            "empty-document",
            Severity.WARNING,
            "The document is empty: a failed scrape leaves such files behind.",
            "Delete the file or re-fetch the page.",
        ),
        InputRule(
            "SL006",
            "bad-metadata",
            Severity.WARNING,
            "Front matter or a sidecar metadata file could not be parsed; it was ignored.",
            "Fix the YAML of the front matter or of the `.meta.yaml` sidecar.",
        ),
        InputRule(
            "SL007",
            "waiver-without-reason",
            Severity.ERROR,
            "A waiver in the document's metadata gives no reason. A waiver must say why, "
            "so a reviewer can judge it later.",
            "Add `reason:` to the waiver.",
        ),
        InputRule(
            "SL008",
            "unused-waiver",
            Severity.INFO,
            "A waiver in the document's metadata matched no finding: it is stale.",
            "Remove the waiver.",
        ),
        InputRule(
            "SL009",
            "rule-crashed",
            Severity.ERROR,
            "A rule's detector raised an unexpected error on this document. The other rules "
            "still ran; this rule's result for the document is unknown.",
            "Report it with the document attached; meanwhile ignore the rule for this path "
            "with `per-file-ignores`.",
            io_error=True,
        ),
        InputRule(
            "SL010",
            "symlink-outside-root",
            Severity.WARNING,
            "A symbolic link in the corpus points outside the linted folder. It is not read "
            "(a report could quote a private file) and `--fix` never writes through it.",
            "Replace the link by the file it points to, or remove it from the corpus.",
        ),
    ]
}
