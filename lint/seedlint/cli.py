"""Command line: thin on purpose; everything it does is a call into the library.

Exit codes: 0 clean, 1 findings at or above the fail level (or, with ``--diff``,
changes pending), 2 usage, configuration, rule-file or I/O error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TextIO, cast

from seedlint import __version__
from seedlint.baseline import BaselineError, write_baseline
from seedlint.cache import default_directory, usable_directory
from seedlint.config import Config, ConfigError, load_config, selector_errors
from seedlint.engine import RuleSet
from seedlint.inputrules import INPUT_RULES
from seedlint.model import Applicability, Severity
from seedlint.parallel import default_jobs
from seedlint.reporters import FORMATS, RenderContext, writer
from seedlint.rules import RuleError
from seedlint.runmemo import Recording, RunMemo, recording, replay, run_key
from seedlint.runner import Progress, RunOptions, RunResult, run
from seedlint.shards import ShardError, dump_shard, merge_files, parse_shard, run_shard
from seedlint.sources import DEFAULT_INCLUDE
from seedlint.spool import ReportSource, SpoolError

SUBCOMMANDS = ("check", "hook", "rules", "explain", "schema", "merge", "claims")
_INFO_COMMANDS = ("rules", "explain", "schema", "claims")
"""Commands whose output is only read: a closed pipe (``| head``) is a normal end."""


class UsageError(Exception):
    pass


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _check_parser(prog: str = "seedlint") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Lint a corpus of scraped text documents (default: the config's "
        "`paths`, else seeds/). `seedlint check PATH...` is the same as `seedlint PATH...`.",
        epilog="Commands: seedlint [check] PATH... | hook [OPTIONS] -- FILE... (pre-commit) | "
        "rules | explain CODE | claims PATH... | schema | merge SHARD... "
        "Read a document from stdin with `seedlint - --stdin-filename NAME`.",
    )
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--version", action="version", version=f"seedlint {__version__}")
    p.add_argument("--config", type=Path, help="pyproject.toml or seedlint.yaml to use")
    p.add_argument("--fix", action="store_true", help="apply safe fixes")
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix/--diff: apply unsafe fixes too; alone: accepted, changes nothing",
    )
    p.add_argument(
        "--diff", action="store_true", help="show what --fix would change; write nothing"
    )
    p.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    p.add_argument(
        "--statistics", action="store_true", help="print only a count of findings per rule"
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    p.add_argument("--output-format", choices=FORMATS, default="text")
    p.add_argument("--output-file", type=Path, help="write the main report here, not stdout")
    p.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:PATH",
        help="also write a report (repeatable), e.g. sarif:reports/seeds.sarif",
    )
    p.add_argument("--select", action="append", help="codes or prefixes to enable (comma list)")
    p.add_argument("--extend-select", action="append", help="add to the selection")
    p.add_argument("--ignore", action="append", help="codes or prefixes to disable")
    p.add_argument("--fail-level", choices=[s.value for s in Severity])
    p.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline")
    p.add_argument("--baseline", type=Path, help="baseline file (overrides the config)")
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="record the current findings in the baseline file and exit 0",
    )
    p.add_argument("--concise", action="store_true", help="one line per finding")
    p.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="with `-` as the path: the name the document on stdin is linted as",
    )
    p.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="auto: on a terminal unless NO_COLOR is set",
    )
    p.add_argument("--no-progress", action="store_true")
    p.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)"
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor fill the cache")
    p.add_argument(
        "--cache-dir",
        type=Path,
        help="result cache (default: the project's folder in the user's cache, "
        "$XDG_CACHE_HOME/seedlint; never a folder git tracks)",
    )
    p.add_argument(
        "--shard",
        metavar="I/N",
        help="lint shard I of N only; write a shard report for `seedlint merge`",
    )
    p.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask scheduler ('local': a local cluster)"
    )
    return p


def _selectors(cfg: Config, ns: argparse.Namespace) -> dict[str, list[str]]:
    """Every rule selector in force, by where it was written (config key or option)."""
    out: dict[str, list[str]] = {
        "select": cfg.select or [],
        "extend-select": cfg.extend_select,
        "ignore": cfg.ignore,
        "fixable": cfg.fixable or [],
        "unfixable": cfg.unfixable,
        "severity": list(cfg.severity),
    }
    for glob, codes in cfg.per_file_ignores.items():
        out[f"per-file-ignores[{glob!r}]"] = codes
    for opt in ("select", "extend_select", "ignore"):
        values = _split(getattr(ns, opt, None))
        if values:
            out["--" + opt.replace("_", "-")] = values
    return out


def _validate_selectors(selectors: dict[str, list[str]], ruleset: RuleSet) -> None:
    """Refuse selectors that select nothing: a typo must not turn the gate off."""
    codes = {r.code: r.spec.name for r in ruleset.all_rules}
    codes.update({c: ir.name for c, ir in INPUT_RULES.items()})
    categories: dict[str, list[str]] = {"input": list(INPUT_RULES)}
    for r in ruleset.all_rules:
        categories.setdefault(r.spec.category.value, []).append(r.code)
    errors = selector_errors(selectors, codes, categories)
    if errors:
        raise UsageError("\n  ".join(errors))


def _apply_cli_config(cfg: Config, ns: argparse.Namespace) -> Config:
    if ns.select:
        cfg.select = _split(ns.select)
    if ns.extend_select:
        cfg.extend_select = [*cfg.extend_select, *(_split(ns.extend_select) or [])]
    if ns.ignore:
        cfg.ignore = [*cfg.ignore, *(_split(ns.ignore) or [])]
    if ns.fail_level:
        cfg.fail_level = Severity(ns.fail_level)
    if ns.baseline:
        cfg.baseline = str(ns.baseline.resolve())
    return cfg


def _parse_reports(specs: list[str]) -> list[tuple[str, Path]]:
    out = []
    for spec in specs:
        fmt, sep, path = spec.partition(":")
        if not sep or not path or fmt not in FORMATS:
            raise UsageError(f"--report takes FORMAT:PATH with FORMAT one of {FORMATS}: {spec!r}")
        out.append((fmt, Path(path)))
    return out


def _rules_context(ruleset: RuleSet) -> dict[str, object]:
    ctx: dict[str, object] = {code: r.spec for code, r in ruleset.by_code.items()}
    ctx.update(INPUT_RULES)
    return ctx


_NOT_IN_OUTPUT = {
    "jobs",
    "no_progress",
    "no_cache",
    "cache_dir",
    "config",
    "selectors",
    "hook_scope",
}
"""Options that change how a run goes, not what it prints (the config is in the key as
its content)."""


def cmd_check(argv: Sequence[str]) -> int:
    ns = _check_parser().parse_args(list(argv))
    ns.hook_scope = None
    if any(str(p) == "-" for p in ns.paths):
        from seedlint.stdin import check_stdin

        return check_stdin(ns, _prepare(ns))
    if ns.stdin_filename is not None:
        raise UsageError("--stdin-filename goes with `-` as the path")
    cfg = _prepare(ns)
    return _run_check(ns, cfg, ns.paths or cfg.corpus_paths())


def _prepare(ns: argparse.Namespace) -> Config:
    """The config with the command line applied; its selectors are checked later, once
    the rules are loaded."""
    cfg = load_config(ns.config)
    ns.selectors = _selectors(cfg, ns)
    cfg = _apply_cli_config(cfg, ns)
    if cfg.baseline and not (ns.no_baseline or ns.write_baseline):
        bpath = cfg.resolve(cfg.baseline)
        if not bpath.is_file():
            raise UsageError(
                f"baseline file {bpath} not found: create it with `seedlint --write-baseline`, "
                "or drop the `baseline` setting (or pass --no-baseline)"
            )
    return cfg


def cmd_hook(argv: Sequence[str]) -> int:
    """``seedlint hook [OPTIONS] -- FILE...``: the pre-commit entry point (see ``hook``)."""
    args = list(argv)
    if "--" not in args:
        raise UsageError(
            "seedlint hook: end the options with `--` before the file names "
            "(a file named like an option must not change the run)"
        )
    cut = args.index("--")
    ns = _check_parser("seedlint hook").parse_args(args[:cut])
    if ns.paths:
        raise UsageError("seedlint hook: file names go after `--`")
    if ns.stdin_filename is not None:
        raise UsageError("seedlint hook reads staged files, not stdin")
    from seedlint.hook import staged_scope

    cfg = _prepare(ns)
    root = Path.cwd()
    scope = staged_scope(args[cut + 1 :], cfg, root)
    if scope.missing:
        raise UsageError(
            "the corpus folder(s) "
            + ", ".join(scope.missing)
            + " do not exist: set `paths` in [tool.seedlint] or seedlint.yaml"
        )
    if not scope:
        return 0  # nothing staged belongs to the corpus: not this hook's business
    ns.no_progress = True
    if ns.fix or ns.diff:
        # Fixes are per document: only the staged ones are rewritten (a staged manifest
        # alone has nothing to fix).
        ns.hook_scope = None
        if not scope.files:
            return 0
        return _run_check(ns, cfg, [root / f for f in scope.files])
    ns.hook_scope = scope
    return _run_check(ns, cfg, cfg.corpus_paths())


def _run_check(ns: argparse.Namespace, cfg: Config, paths: list[Path]) -> int:
    return run_at(ns, cfg, paths, Path.cwd())


def run_at(ns: argparse.Namespace, cfg: Config, paths: list[Path], root: Path) -> int:
    """A check of ``paths`` with paths reported relative to ``root``."""
    reports = _parse_reports(ns.report)
    cache_dir: Path | None = None
    if not ns.no_cache:
        env_dir = os.environ.get("SEEDLINT_CACHE_DIR")
        chosen = ns.cache_dir or (Path(env_dir) if env_dir else default_directory(cfg.base_dir))
        cache_dir = usable_directory(chosen)
    plain = not (ns.fix or ns.diff or ns.write_baseline or ns.shard or ns.dask)
    memo = RunMemo.open(cache_dir) if cache_dir is not None and plain else None
    if memo is None:
        return _check(ns, cfg, reports, root, paths, cache_dir, None)
    try:
        options = {k: v for k, v in vars(ns).items() if k not in _NOT_IN_OUTPUT}
        options["color"] = _use_color(ns)
        options["hook_scope"] = (
            None if ns.hook_scope is None else [ns.hook_scope.files, ns.hook_scope.manifest]
        )
        baseline = cfg.resolve(cfg.baseline) if cfg.baseline and not ns.no_baseline else None
        key = run_key(cfg, paths, root, options, baseline)
        stored = memo.get(key) if key is not None else None
        if stored is not None:
            replayed = replay(stored, [str(path) for _, path in reports])
            if replayed is not None:
                return replayed
        rec = Recording()
        progress = Progress(enabled=not ns.no_progress)  # on the real stderr: not recorded
        with recording(rec):
            code = _check(ns, cfg, reports, root, paths, cache_dir, rec, progress)
        if key is not None and code in (0, 1):
            rec.code = code
            memo.put(key, rec)
        return code
    finally:
        memo.close()


def _use_color(ns: argparse.Namespace) -> bool:
    """``--color always`` wins; ``auto`` colours a terminal unless NO_COLOR is set
    (https://no-color.org: any non-empty value)."""
    if ns.color == "always":
        return True
    return ns.color == "auto" and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _check(
    ns: argparse.Namespace,
    cfg: Config,
    reports: list[tuple[str, Path]],
    root: Path,
    paths: list[Path],
    cache_dir: Path | None,
    rec: Recording | None,
    progress: Progress | None = None,
) -> int:
    ruleset = RuleSet.from_config(cfg)
    _validate_selectors(ns.selectors, ruleset)
    level = None
    if ns.fix or ns.diff:
        level = Applicability.UNSAFE if ns.unsafe_fixes else Applicability.SAFE
    progress = progress or Progress(enabled=not ns.no_progress)
    opts = RunOptions(
        fix=level,
        diff=ns.diff,
        use_baseline=not (ns.no_baseline or ns.write_baseline),
        progress=progress,
    )
    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs takes a number of processes >= 1")
    opts.jobs = ns.jobs or default_jobs()
    opts.cache_dir = cache_dir
    if ns.shard or ns.dask:
        if level is not None or ns.write_baseline:
            raise UsageError("--shard and --dask only check: no --fix, --diff or --write-baseline")
    if ns.shard:
        return _write_shard(ns, paths, ruleset, root, opts)
    if ns.dask:
        from seedlint.dask_backend import DaskUnavailable, run_dask

        try:
            address = None if ns.dask == "local" else ns.dask
            result = run_dask(paths, ruleset, root, opts, address=address)
        except DaskUnavailable as exc:
            raise UsageError(str(exc)) from None
    else:
        result = run(paths, ruleset, root, opts)
    progress.close()
    for m in result.missing:
        print(f"seedlint: error: {m}: no such file or directory", file=sys.stderr)
    for e in result.write_errors:
        print(f"seedlint: error: {e}", file=sys.stderr)
    if not result.source.document_count and not result.missing:
        print(
            "seedlint: error: no documents found under "
            + ", ".join(str(p) for p in paths)
            + f" (include: {', '.join(cfg.include or DEFAULT_INCLUDE)})",
            file=sys.stderr,
        )
        return 2
    if ns.hook_scope is not None:
        from seedlint.hook import restrict

        restrict(result.source, ns.hook_scope)
    if ns.write_baseline:
        if not cfg.baseline:
            raise UsageError(
                "--write-baseline needs a baseline path (config 'baseline' or --baseline)"
            )
        bpath = cfg.resolve(cfg.baseline)
        n = write_baseline(bpath, result.source.findings())
        print(f"seedlint: wrote {n} finding(s) to {bpath}", file=sys.stderr)
        return 0
    return _output(result, ns, ruleset, reports, root, rec)


def _output(
    result: RunResult,
    ns: argparse.Namespace,
    ruleset: RuleSet,
    reports: list[tuple[str, Path]],
    root: Path,
    rec: Recording | None = None,
) -> int:
    color = _use_color(ns)
    files = rec.files if rec is not None else None
    code = result.exit_code()
    ctx = RenderContext(
        root=root,
        color=color and ns.output_file is None,
        show_fixes=ns.show_fixes,
        statistics=ns.statistics,
        rules=_rules_context(ruleset),
        # A run that failed (a missing path, an unwritable fix) never says "All checks
        # passed", whatever the findings.
        extra={
            "documents": result.documents,
            "concise": ns.concise,
            "failed": code == 2,
            "diff": ns.diff,
        },
    )
    _emit(result.source, ns.output_format, ns.output_file, ctx, files)
    for fmt, path in reports:
        _emit(
            result.source,
            fmt,
            path,
            RenderContext(root=root, rules=ctx.rules, extra={"documents": result.documents}),
            files,
        )
    if ns.diff:
        sys.stdout.write("".join(result.diffs))
    baseline = result.source.header.baseline
    if baseline and baseline.stale:
        print(
            f"seedlint: {len(baseline.stale)} stale baseline entr(ies): "
            "run --write-baseline to drop them",
            file=sys.stderr,
        )
    if ns.exit_zero and code == 1:
        return 0
    return code


def _write_shard(
    ns: argparse.Namespace, paths: list[Path], ruleset: RuleSet, root: Path, opts: RunOptions
) -> int:
    index, count = parse_shard(ns.shard)
    state = run_shard(paths, ruleset, root, opts, index, count)
    text = dump_shard(state)
    for m in state.missing:
        print(f"seedlint: error: {m}: no such file or directory", file=sys.stderr)
    if ns.output_file is None:
        sys.stdout.write(text)
    else:
        try:
            ns.output_file.parent.mkdir(parents=True, exist_ok=True)
            ns.output_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"cannot write shard report {ns.output_file}: {exc.strerror}"
            ) from None
    print(
        f"seedlint: shard {index}/{count}: {len(state.results)} unit(s) of {state.files} "
        "file(s); combine the shards with `seedlint merge`",
        file=sys.stderr,
    )
    return 2 if state.missing else 0


def cmd_merge(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="seedlint merge",
        description="Merge the shard reports of a `--shard I/N` run into one report: the "
        "corpus-wide passes, waivers and baseline run here. Pass the same config and rule "
        "selection options the shards ran with.",
    )
    p.add_argument("shards", nargs="+", type=Path, help="the N shard reports")
    p.add_argument("--config", type=Path)
    p.add_argument("--select", action="append")
    p.add_argument("--extend-select", action="append")
    p.add_argument("--ignore", action="append")
    p.add_argument("--fail-level", choices=[s.value for s in Severity])
    p.add_argument("--baseline", type=Path)
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--output-format", choices=FORMATS, default="text")
    p.add_argument("--output-file", type=Path)
    p.add_argument("--report", action="append", default=[], metavar="FORMAT:PATH")
    p.add_argument("--statistics", action="store_true")
    p.add_argument("--exit-zero", action="store_true")
    p.add_argument("--concise", action="store_true")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.set_defaults(show_fixes=False, diff=False)
    ns = p.parse_args(list(argv))
    cfg = load_config(ns.config)
    selectors = _selectors(cfg, ns)
    cfg = _apply_cli_config(cfg, ns)
    reports = _parse_reports(ns.report)
    ruleset = RuleSet.from_config(cfg)
    _validate_selectors(selectors, ruleset)
    result = merge_files(ns.shards, ruleset, use_baseline=not ns.no_baseline)
    for m in result.missing:
        print(f"seedlint: error: {m}: no such file or directory", file=sys.stderr)
    return _output(result, ns, ruleset, reports, Path.cwd())


class _TextOut:
    """Bytes to a text stream (stdout, or a recording of it): each write is whole UTF-8
    sequences, as reporters write them."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8"))


def _emit(
    source: ReportSource,
    fmt: str,
    path: Path | None,
    ctx: RenderContext,
    files: dict[str, Path] | None = None,
) -> None:
    """Write one report as the reporter produces it: never whole in memory. A file is
    written beside its final name and moved there when complete."""
    write = writer(fmt)
    if path is None:
        write(source, ctx, cast(IO[bytes], _TextOut(sys.stdout)))
        return
    # A device or a pipe (``/dev/stdout``) is written as it is: it cannot be replaced.
    direct = path.exists() and not path.is_file()
    tmp = path if direct else path.with_name(f".{path.name}.seedlint-tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb", buffering=1 << 20) as fh:
            write(source, ctx, fh)
        if not direct:
            os.replace(tmp, path)
    except OSError as exc:
        if not direct:
            tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write report {path}: {exc.strerror}") from None
    if files is not None:
        files[str(path)] = path


def _first_sentence(text: str, limit: int = 200) -> str:
    """The description's first sentence on one line, for tables."""
    flat = " ".join(text.split())
    m = re.search(r"(?<=[.。!?！？])(?:\s|$)", flat)
    first = flat[: m.start()] if m else flat
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def cmd_rules(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="seedlint rules", description="List the rules in force.")
    p.add_argument("--config", type=Path)
    p.add_argument("--all", action="store_true", help="include rules not selected")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    ns = p.parse_args(list(argv))
    ruleset = RuleSet.from_config(load_config(ns.config))
    active = {r.code for r in ruleset.rules}
    rows = [r.spec for r in ruleset.all_rules if ns.all or r.code in active]
    if ns.format == "json":
        print(
            json.dumps(
                [
                    r.model_dump(mode="json", exclude={"examples"})
                    for r in sorted(rows, key=lambda r: r.code)
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if ns.format == "markdown":
        print("| code | name | category | severity | fix | what it finds |")
        print("|---|---|---|---|---|---|")
        for r in sorted(rows, key=lambda r: r.code):
            what = _first_sentence(r.description) if r.description else r.message
            print(
                f"| {r.code} | {r.name} | {r.category.value} | {r.severity.value} | "
                f"{r.fix.value} | {what.replace('|', '/')} |"
            )
        for ir in INPUT_RULES.values():
            print(
                f"| {ir.code} | {ir.name} | input | {ir.severity.value} | none | {ir.description} |"
            )
        return 0
    lines = []
    for r in rows:
        on = "" if r.code in active else "  (not selected)"
        lines.append(
            (
                r.code,
                f"{r.code:<6} {r.category.value:<13} {r.severity.value:<8} {r.fix.value:<7} "
                f"{r.name}{on}",
            )
        )
    for ir in INPUT_RULES.values():
        lines.append(
            (ir.code, f"{ir.code:<6} {'input':<13} {ir.severity.value:<8} {'none':<7} {ir.name}")
        )
    for _, line in sorted(lines):
        print(line)
    return 0


def cmd_explain(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="seedlint explain", description="Explain a rule.")
    p.add_argument("code")
    p.add_argument("--config", type=Path)
    ns = p.parse_args(list(argv))
    code = ns.code.upper()
    if code in INPUT_RULES:
        ir = INPUT_RULES[code]
        print(
            f"{ir.code} {ir.name} (input, {ir.severity.value})\n\n{ir.description}\n\n"
            f"How to fix: {ir.help}"
        )
        return 0
    ruleset = RuleSet.from_config(load_config(ns.config))
    rule = ruleset.by_code.get(code)
    if rule is None:
        raise UsageError(f"unknown rule code {ns.code!r} (see `seedlint rules --all`)")
    s = rule.spec
    out = [
        f"{s.code} {s.name}",
        f"category: {s.category.value}   severity: {s.severity.value}   fix: {s.fix.value}   "
        f"kind: {s.kind}",
        f"defined in: {rule.source.name}",
        "",
        s.description.strip() or s.message,
    ]
    if s.help:
        out += ["", f"How to fix or waive: {s.help.strip()}"]
    out += [
        "",
        "Waive one finding: in the document's front matter or NAME.meta.yaml sidecar,",
        f'  seedlint: {{waive: [{{code: {s.code}, reason: "why"}}]}}',
    ]
    if s.examples.bad:
        out += ["", "Flagged:"]
        for ex in s.examples.bad:
            out.append("  " + ex.text.replace("\n", "\n  "))
            if ex.fixed is not None:
                out.append("  -> " + ex.fixed.replace("\n", "\n     "))
    if s.examples.good:
        out += ["", "Not flagged:"]
        out += ["  " + ex.text.replace("\n", "\n  ") for ex in s.examples.good]
    print("\n".join(out))
    return 0


def cmd_schema(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="seedlint schema", description="Print the JSON Schema of the JSON report."
    )
    p.parse_args(list(argv))
    from seedlint.schema import report_schema

    print(json.dumps(report_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_claims(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="seedlint claims",
        description="List every figure (region, metric, period, value) read from the documents.",
    )
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--config", type=Path)
    p.add_argument("--format", choices=["text", "tsv", "json"], default="text")
    p.add_argument(
        "--comparable", action="store_true", help="only claims with a region and a dated period"
    )
    ns = p.parse_args(list(argv))
    from seedlint.claims import claims_report, format_claims

    rows, missing = claims_report(ns.paths or [Path("seeds")], load_config(ns.config), Path.cwd())
    for m in missing:
        print(f"seedlint: error: {m}: no such file or directory", file=sys.stderr)
    sys.stdout.write(format_claims(rows, ns.format, ns.comparable))
    return 2 if missing else 0


_WORD = re.compile(r"[a-z][a-z-]*")


def _unknown_command(arg: str) -> str | None:
    """An error for a first argument that reads as a command but is neither a command nor
    an existing path (``seedlint format seeds/`` must not lint ``seeds/`` and pass)."""
    if not _WORD.fullmatch(arg) or Path(arg).exists():
        return None
    close = difflib.get_close_matches(arg, SUBCOMMANDS, n=1)
    hint = f"; did you mean `seedlint {close[0]}`?" if close else ""
    return (
        f"unknown command `{arg}`: it is neither a command ({', '.join(SUBCOMMANDS)}) "
        f"nor an existing file or folder to lint{hint}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    cmd = args[0] if args and args[0] in SUBCOMMANDS else "check"
    try:
        if args and args[0] in SUBCOMMANDS:
            rest = args[1:]
        else:
            rest = args
            if args and (err := _unknown_command(args[0])):
                raise UsageError(err)
        handler = {
            "check": cmd_check,
            "hook": cmd_hook,
            "rules": cmd_rules,
            "explain": cmd_explain,
            "schema": cmd_schema,
            "merge": cmd_merge,
            "claims": cmd_claims,
        }[cmd]
        code = handler(rest)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        # The reader went away (`seedlint rules | head`): stop quietly, and keep Python
        # from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0 if cmd in _INFO_COMMANDS else 1
    except (ConfigError, RuleError, BaselineError, UsageError, ShardError, SpoolError) as exc:
        print(f"seedlint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("seedlint: interrupted", file=sys.stderr)
        return 130
