"""Configuration: ``[tool.seedlint]`` in pyproject.toml or a ``seedlint.yaml``.

Found by walking up from the working directory (the first file that has a seedlint
section wins), or named with ``--config``. Paths in the config are relative to the
config file's folder, so the same config works from any working directory.
"""

from __future__ import annotations

import difflib
import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import tomllib
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from seedlint.model import Severity
from seedlint.yamlsafe import YamlError, load_yaml_file


class ConfigError(Exception):
    pass


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    severity: dict[str, Severity] = Field(default_factory=dict)
    """Severity overrides by code or prefix."""
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Per-rule parameter overrides, merged into the rule's ``params`` before validation."""
    rules: list[str] = Field(default_factory=list)
    """Extra rule files or folders."""
    builtin_rules: bool = Field(default=True, alias="builtin-rules")
    fixable: list[str] | None = None
    unfixable: list[str] = Field(default_factory=list)
    expected_script: Literal["zh-Hans", "zh-Hant", "any"] = Field(
        default="any", alias="expected-script"
    )
    include: list[str] | None = None
    exclude: list[str] = Field(default_factory=list)
    fail_level: Severity = Field(default=Severity.ERROR, alias="fail-level")
    baseline: str | None = None
    max_file_bytes: int = Field(default=50 * 1024 * 1024, alias="max-file-bytes", gt=0)
    respect_gitignore: bool = Field(
        default=True,
        alias="respect-gitignore",
        description="skip files git ignores in a folder walk (as ruff does); false reads a "
        "corpus kept in an ignored folder, such as downloaded or generated data",
    )
    text_field: str = Field(default="text", alias="text-field")
    id_field: str = Field(default="id", alias="id-field")
    manifest: str | None = None
    """Corpus manifest (provenance and fix records), relative to the config file."""
    paths: list[str] | None = None
    """The corpus: what ``seedlint`` lints with no path given and what the pre-commit hook
    checks staged files against (default ``seeds``), relative to the config file."""

    # Where the config came from; not a setting.
    origin: Path | None = Field(default=None, exclude=True)

    @field_validator("include", "exclude", "paths", "rules")
    @classmethod
    def _no_empty_entries(cls, v: list[str] | None) -> list[str] | None:
        """An empty glob or path names nothing: ``include: [""]`` crashed the walk, and
        ``paths: [""]`` quietly linted the config's whole folder."""
        if v is not None and any(not s.strip() for s in v):
            raise ValueError("an empty string names no file: remove it")
        return v

    @field_validator("per_file_ignores")
    @classmethod
    def _no_empty_globs(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        if any(not k.strip() for k in v):
            raise ValueError("an empty glob matches no file: remove it")
        return v

    @field_validator("manifest", "baseline")
    @classmethod
    def _no_empty_path(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("an empty path names no file: remove the key or name a file")
        return v

    @property
    def base_dir(self) -> Path:
        return self.origin.parent if self.origin else Path.cwd()

    def resolve(self, p: str) -> Path:
        path = Path(p)
        return path if path.is_absolute() else self.base_dir / path

    def corpus_paths(self) -> list[Path]:
        """The configured corpus; without one, ``seeds`` in the working directory."""
        if self.paths is None:
            return [Path("seeds")]
        return [self.resolve(p) for p in self.paths]


def _load_section(path: Path) -> dict[str, Any] | None:
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot parse: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{path}: cannot parse: nested too deeply") from None
        except ValueError as exc:  # a number over the interpreter's digit limit
            raise ConfigError(f"{path}: cannot parse: {exc}") from None
        section = data.get("tool", {}).get("seedlint")
        return section if isinstance(section, dict) else None
    try:
        data = load_yaml_file(path)
    except YamlError as exc:
        raise ConfigError(str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    return data


def find_config(start: Path) -> Path | None:
    for d in [start, *start.parents]:
        for name in ("seedlint.yaml", ".seedlint.yaml"):
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file() and _load_section(pp) is not None:
            return pp
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    if path is None:
        path = find_config((start or Path.cwd()).resolve())
        if path is None:
            return Config()
    elif not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    section = _load_section(path) or {}
    try:
        cfg = Config.model_validate(section)
    except ValidationError as exc:
        msgs = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: [tool.seedlint] {msgs}") from None
    cfg.origin = path.resolve()
    return cfg


def _prefix_len(code: str, prefixes: list[str]) -> int:
    """Length of the longest prefix of ``code`` in ``prefixes`` (ALL matches as 0), or -1."""
    best = -1
    for p in prefixes:
        if p == "ALL":
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


def is_selected(cfg: Config, code: str, enabled_by_default: bool) -> bool:
    """ruff's rule: the most specific of select/extend-select and ignore wins."""
    if cfg.select is None:
        sel = 0 if enabled_by_default else -1
    else:
        sel = _prefix_len(code, cfg.select)
    sel = max(sel, _prefix_len(code, cfg.extend_select))
    ign = _prefix_len(code, cfg.ignore)
    return sel >= 0 and sel > ign


def ignored_for_path(cfg: Config, code: str, path: str) -> bool:
    if not cfg.per_file_ignores:  # called per rule and document: skip the path parsing
        return False
    pp = PurePosixPath(path)
    for glob, codes in cfg.per_file_ignores.items():
        if (fnmatch.fnmatch(path, glob) or pp.match(glob)) and _prefix_len(code, codes) >= 0:
            return True
    return False


def severity_for(cfg: Config, code: str, default: Severity) -> Severity:
    best, level = -1, default
    for prefix, sev in cfg.severity.items():
        n = _prefix_len(code, [prefix])
        if n > best:
            best, level = n, sev
    return level


def is_fixable(cfg: Config, code: str) -> bool:
    fix = 0 if cfg.fixable is None else _prefix_len(code, cfg.fixable)
    return fix >= 0 and fix > _prefix_len(code, cfg.unfixable)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def selector_errors(
    selectors: dict[str, list[str]], codes: dict[str, str], categories: dict[str, list[str]]
) -> list[str]:
    """Why each selector that selects nothing is wrong, with a suggestion.

    A selector is ``ALL`` or a code prefix of at least one known rule, matched
    case-sensitively as ruff does (``K``, ``K1``, ``K101``). Rule names and category
    names are not selectors: ruff has none, and a name would select a different set of
    rules than its code prefix does when a rule file adds rules. Each is refused with
    the code(s) it stands for, so a typo can never turn the gate off silently.

    ``selectors`` maps where they come from (``--select``, ``ignore``) to the values;
    ``codes`` maps every known code to its rule name, ``categories`` each category to
    its codes.
    """
    errors: list[str] = []
    by_name = {name: code for code, name in codes.items()}
    for where, values in selectors.items():
        for sel in values:
            if sel == "ALL" or any(c.startswith(sel) for c in codes):
                continue
            msg = f"{where}: unknown rule selector `{sel}`"
            if sel in by_name:
                msg += f": it is the name of rule {by_name[sel]}; select it by its code"
            elif sel in categories:
                msg += (
                    f": `{sel}` is a category; select its rules by code "
                    f"({', '.join(sorted(categories[sel]))})"
                )
            elif any(c.startswith(sel.upper()) for c in codes):
                msg += f"; did you mean `{sel.upper()}`? (codes are upper case)"
            else:
                msg += _suggest(sel, [*codes, *by_name])
            errors.append(msg)
    return errors
