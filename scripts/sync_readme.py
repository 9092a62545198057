"""Regenerate the README's rule table from the YAML rule pack.

    python scripts/sync_readme.py          # rewrite README.md in place
    python scripts/sync_readme.py --check  # exit 1 if README.md is out of date

The table lives between ``<!-- rules:start -->`` and ``<!-- rules:end -->``; a test runs
the check, so the README cannot drift from the rules it documents.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

from seedlint.cli import main as seedlint_main

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table() -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        seedlint_main(["rules", "--all", "--format", "markdown"])
    return buf.getvalue()


def synced(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rule_table()}{END}{tail}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--check", action="store_true")
    ns = p.parse_args()
    text = README.read_text(encoding="utf-8")
    new = synced(text)
    if ns.check:
        if new != text:
            print(
                "README.md rule table is out of date: run scripts/sync_readme.py", file=sys.stderr
            )
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
