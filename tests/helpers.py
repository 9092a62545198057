"""A tiny user rule pack for foundation tests, independent of the built-in rules."""

from __future__ import annotations

from pathlib import Path

USER_RULES = """
rules:
  - code: T201
    name: british-spelling
    category: artifact
    severity: error
    kind: substitution
    message: "`{match}` -> `{replacement}`"
    params: {table: {colour: color, favour: favor}}
    fix: safe
    examples: {bad: [{text: "colour", fixed: "color"}], good: ["color"]}
  - code: T202
    name: shouting
    category: artifact
    severity: warning
    kind: pattern
    message: "shouting `{match}`"
    params: {regex: '!!+', replacement: '!'}
    fix: unsafe
    examples: {bad: [{text: "no!!", fixed: "no!"}], good: ["no!"]}
"""


def user_project(root: Path, extra_config: str = "") -> Path:
    """A folder with a config that loads only USER_RULES; returns the docs folder."""
    (root / "rules").mkdir(exist_ok=True)
    (root / "rules" / "user.yaml").write_text(USER_RULES, encoding="utf-8")
    (root / "seedlint.yaml").write_text(
        "builtin-rules: false\nrules: [rules]\n" + extra_config, encoding="utf-8"
    )
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    return docs


def colour_project(root: Path) -> Path:
    """``user_project`` with one document the user rule flags (`my colour`), for tests
    that feed hostile names and values to a working project; returns the docs folder."""
    docs = user_project(root)
    (docs / "a.txt").write_text("my colour\n", encoding="utf-8")
    return docs
