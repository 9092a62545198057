"""Loading and validating rule packs.

The built-in pack is the ``rules/`` folder shipped as package data ``seedlint.rules``;
users add folders or files through the config. Every problem is reported as a
``RuleError`` that names the file, the rule code and the field, and the CLI turns it
into exit code 2: a broken rule file must stop the gate rather than weaken it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from seedlint.registry import Detector, LoadContext, kinds
from seedlint.ruleschema import RuleFile, RuleSpec
from seedlint.yamlsafe import YamlError, load_yaml_file


class RuleError(Exception):
    """A rule file is unusable. The message is for humans and names file, rule and field."""


@dataclass
class LoadedRule:
    spec: RuleSpec
    detector: Detector
    source: Path

    @property
    def code(self) -> str:
        return self.spec.code


def builtin_rules_dir() -> Path:
    return Path(str(resources.files("seedlint.rulepack")))


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _format_validation(err: ValidationError, prefix: str) -> str:
    parts = []
    for e in err.errors():
        where = _loc(e["loc"])
        parts.append(f"{prefix}{where}: {e['msg']}" if where else f"{prefix}{e['msg']}")
    return "; ".join(parts)


def _rule_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("code"), str):
        return f"rule {raw['code']}"
    return f"rule #{index + 1}"


def load_rule_file(
    path: Path,
    options: dict[str, Any] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[LoadedRule]:
    try:
        data = load_yaml_file(path)
    except YamlError as exc:
        raise RuleError(str(exc)) from None
    if not isinstance(data, dict) or "rules" not in data:
        raise RuleError(f"{path}: a rule file is a mapping with a 'rules:' list")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise RuleError(f"{path}: 'rules' must be a list")
    extra = set(data) - set(RuleFile.model_fields)
    if extra:
        raise RuleError(f"{path}: unknown top-level key(s): {', '.join(sorted(extra))}")
    registered = kinds()
    loaded: list[LoadedRule] = []
    for i, raw in enumerate(raw_rules):
        label = _rule_label(raw, i)
        try:
            spec = RuleSpec.model_validate(raw)
        except ValidationError as exc:
            raise RuleError(f"{path}: {label}: {_format_validation(exc, '')}") from None
        cls = registered.get(spec.kind)
        if cls is None:
            known = ", ".join(sorted(registered))
            raise RuleError(
                f"{path}: rule {spec.code}: kind: unknown detector kind {spec.kind!r} "
                f"(known: {known})"
            )
        merged = {**spec.params, **(overrides or {}).get(spec.code, {})}
        try:
            params: BaseModel = cls.Params.model_validate(merged)
        except ValidationError as exc:
            msg = _format_validation(exc, "params.")
            raise RuleError(f"{path}: rule {spec.code}: {msg}") from None
        ctx = LoadContext(rule_file=path, options=dict(options or {}))
        try:
            detector = cls(spec, params, ctx)
        except (ValueError, OSError, re.error, YamlError) as exc:
            raise RuleError(f"{path}: rule {spec.code}: params: {exc}") from None
        loaded.append(LoadedRule(spec=spec, detector=detector, source=path))
    return loaded


def rule_files(dirs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files.extend(sorted(p for p in d.glob("*.yaml") if p.is_file()))
        else:
            raise RuleError(f"{d}: rule path does not exist")
    return files


def load_rules(
    extra: list[Path] | None = None,
    builtin: bool = True,
    options: dict[str, Any] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[LoadedRule]:
    dirs = ([builtin_rules_dir()] if builtin else []) + list(extra or [])
    rules: list[LoadedRule] = []
    seen: dict[str, Path] = {}
    for f in rule_files(dirs):
        for r in load_rule_file(f, options, overrides):
            if r.code in seen:
                raise RuleError(
                    f"{f}: rule {r.code}: code: duplicate code (first defined in {seen[r.code]})"
                )
            seen[r.code] = f
            rules.append(r)
    return rules
