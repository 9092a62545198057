"""Benchmark start-up: what every seedlint process pays before its first document.

A pre-commit hook on one file, each run whose cache misses and each spawned worker
import seedlint and build the full default rule pack (``RuleSet.from_config(Config())``)
first. Each measurement is a fresh interpreter; the best of ``--runs`` is reported (the
machine is shared, so the best is the least disturbed). Two regimes: with the bytecode
cache (an installed package) and without it (``PYTHONDONTWRITEBYTECODE``, every module
compiled from source, as in a fresh checkout that may not write ``__pycache__``).

A second table times the start-up steps of the claims catalog one by one, in one fresh
process each run, so a regression can be told apart from the neighbours' noise.

    python bench/bench_startup.py            # bench/results/startup.json
    python bench/bench_startup.py --quick    # fewer runs
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TOTAL = r"""
import json, sys, time
t0 = time.perf_counter()
from seedlint.config import Config
from seedlint.engine import RuleSet
t1 = time.perf_counter()
rs = RuleSet.from_config(Config())
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "from_config": t2 - t1, "total": t2 - t0,
                  "rules": len(rs.rules), "pypinyin": "pypinyin" in sys.modules}))
"""

STEPS = r"""
import json, time
from pathlib import Path
from seedlint import claims
from seedlint.rules import builtin_rules_dir
from seedlint.yamlsafe import load_yaml_file
lex = builtin_rules_dir() / "lexicons"
out = {}
t = time.perf_counter(); claims.script._t2s(); out["opencc"] = time.perf_counter() - t
t = time.perf_counter(); claims.script._preimages(); out["preimages"] = time.perf_counter() - t
t = time.perf_counter()
for f in sorted(builtin_rules_dir().glob("*.yaml")) + sorted(lex.glob("*.yaml")):
    load_yaml_file(f)
out["yaml_all_files"] = time.perf_counter() - t
t = time.perf_counter()
claims.load_catalog((lex / "metrics_zh.yaml",), (lex / "regions_zh.yaml",),
                    (lex / "gazetteer_zh.yaml",), None)
out["load_catalog"] = time.perf_counter() - t
print(json.dumps(out))
"""


def _run(code: str, pyc: bool, prefix: str) -> dict[str, float]:
    env = dict(os.environ)
    if pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = prefix
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _best(runs: list[dict[str, float]], key: str) -> dict[str, float]:
    return min(runs, key=lambda r: r[key])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="3 runs")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results/startup.json")
    a = ap.parse_args()
    runs = 3 if a.quick else a.runs
    result: dict[str, object] = {"runs": runs, "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as prefix:
        _run(TOTAL, True, prefix)  # fills the bytecode cache
        print(f"{'regime':<22}{'imports':>9}{'from_config':>13}{'total':>8}  (best of {runs})")
        for name, pyc in (("bytecode cache", True), ("compiled from source", False)):
            best = _best([_run(TOTAL, pyc, prefix) for _ in range(runs)], "total")
            result[name.replace(" ", "_")] = best
            print(
                f"{name:<22}{best['imports']:>9.3f}{best['from_config']:>13.3f}"
                f"{best['total']:>8.3f}  rules={best['rules']:.0f} "
                f"pypinyin loaded={bool(best['pypinyin'])}"
            )
        steps = [_run(STEPS, True, prefix) for _ in range(runs)]
    best_steps = {k: min(s[k] for s in steps) for k in steps[0]}
    result["catalog_steps"] = best_steps
    print("claims catalog steps (best of each):")
    for k, v in best_steps.items():
        print(f"  {k:<16}{v:>8.4f} s")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
