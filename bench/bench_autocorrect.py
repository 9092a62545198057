"""Agreement with AutoCorrect's own test suite on half-width -> full-width punctuation.

AutoCorrect (huacnlee/autocorrect) is the peer tool for CJK typography. Its Rust tests
hold ``"input" => "expected"`` pairs; this script reads them from a local snapshot of
the repository (never copied here), keeps the punctuation part of each expectation and
scores seedlint's punctuation rules (A102, A103, A104) against it:

* AutoCorrect also inserts and removes spaces between CJK and Latin text, which seedlint
  does not do, so both sides are compared with spaces removed;
* a pair whose input and expectation differ (spaces aside) is an *edit* case: it counts
  as reproduced when seedlint's fix gives the expectation;
* a pair whose input and expectation are equal (spaces aside) is a *keep* case: any
  change seedlint makes there is a disagreement (numbers, URLs, English, `Yes!升级`);
* pairs that change anything else (full-width to half-width in English) are skipped;
* A104 (`?`) is scored at ``--unsafe-fixes``, its fix being unsafe;
* cases that differ only by `;` are listed apart: seedlint converts `;` between Chinese
  on purpose where AutoCorrect never does (see A102's description).

It also runs ``seedlint --fix`` on AutoCorrect's Markdown fixture (front matter, fenced
code, HTML tables, links) and compares each changed line with AutoCorrect's expected
output: seedlint makes 2 of AutoCorrect's 5 half-to-full edits there and no other edit;
the 3 it leaves are full stops it does not convert (one after a space, two between Han
characters), and none of the fixture's markup is touched.

Measured: 16 of the 17 half-to-full edits reproduced (15 by safe fixes alone: the `?`
is A104's unsafe fix), 0 of the 99 keep cases changed. The comma next to a Latin word
(`iPhone,好`, `英文,Comma逗号`) is A106's, converted only inside a Chinese sentence, and
the Japanese full stop after hiragana A102's. The one left is a choice, not a gap: a
full stop between Han characters (`后面.阿里巴巴`), which on real pages is as often a
name dot (`韦斯.安德森`) or a place list as a sentence end (see A102's description).

    python bench/bench_autocorrect.py --repo PATH_TO_GIT_DIR [--show]
    AUTOCORRECT_GIT_DIR=PATH_TO_GIT_DIR python bench/bench_autocorrect.py

Skips cleanly (exit 0, a message) when the snapshot is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ENV = "AUTOCORRECT_GIT_DIR"
"""The snapshot's git directory (a bare clone of huacnlee/autocorrect), or ``--repo``."""
FILES = ("autocorrect/src/rule/fullwidth.rs", "autocorrect/src/format.rs")
CODES = ["A102", "A103", "A104", "A106"]
"""A102-A104 and A106 are the half-width punctuation rules; A105 (padding) is spacing."""

_PAIR = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*=>\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'", "r": "\r"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESC.get(m.group(1), m.group(0)), s)


def cases(repo: Path) -> list[tuple[str, str, str]]:
    """(file, input, expected) for every pair in the test modules of ``FILES``."""
    out = []
    for name in FILES:
        proc = subprocess.run(
            ["git", "--git-dir", str(repo), "show", f"HEAD:{name}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            continue
        tests = proc.stdout.split("#[cfg(test)]", 1)[-1]
        for m in _PAIR.finditer(tests):
            out.append((name, _unescape(m.group(1)), _unescape(m.group(2))))
    return out


def _squash(s: str) -> str:
    return s.replace(" ", "")


_HALF, _FULL = ",.;:!?", "，。；：！？"


def _widening(src: str, want: str) -> bool:
    """Whether ``want`` differs from ``src`` only by half-width marks made full-width
    (the direction seedlint fixes; AutoCorrect's full-to-half cases are not counted)."""
    if len(src) != len(want):
        return False
    pairs = zip(src, want, strict=True)
    return all(a == b or (a in _HALF and b == _FULL[_HALF.index(a)]) for a, b in pairs)


MARKDOWN = ("tests/fixtures/markdown.raw.md", "tests/fixtures/markdown.fixed.md")
"""AutoCorrect's Markdown fixture and its expected output: front matter, fenced code,
HTML tables, links, and Chinese prose around them."""


def _show(repo: Path, name: str) -> str | None:
    proc = subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{name}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout if proc.returncode == 0 else None


def markdown_parity(repo: Path) -> dict[str, object] | None:
    """``seedlint --fix`` (the whole default pack, safe fixes) on AutoCorrect's Markdown
    fixture, line by line against AutoCorrect's expected output (spaces aside): every
    line seedlint changes should be a line AutoCorrect changes the same way; markup
    (code, HTML blocks, links, front matter) must come out untouched."""
    raw, want = (_show(repo, n) for n in MARKDOWN)
    if raw is None or want is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "fixture.md"
        doc.write_text(raw, encoding="utf-8")
        (Path(tmp) / "seedlint.yaml").write_text("respect-gitignore: false\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "seedlint", "fixture.md", "--config", "seedlint.yaml"]
        cmd += ["--fix", "--no-cache", "--no-progress", "--exit-zero", "--statistics"]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "lint")}
        subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=env, check=False)
        got = doc.read_text(encoding="utf-8")
    rl, wl, gl = raw.splitlines(), want.splitlines(), got.splitlines()
    if not len(rl) == len(wl) == len(gl):
        return {"lines_added_or_removed": True}
    ours = agree = theirs = 0
    other: list[int] = []  # lines seedlint changed beyond punctuation width
    for i, (r, w, g) in enumerate(zip(rl, wl, gl, strict=True)):
        r, w, g = _squash(r), _squash(w), _squash(g)
        if g != r and not _widening(r, g):
            other.append(i + 1)
            continue
        widened = _widening(r, w)
        theirs += sum(a != b for a, b in zip(r, w, strict=True)) if widened else 0
        for k, (a, b) in enumerate(zip(r, g, strict=True)):
            if a != b:
                ours += 1
                agree += widened and w[k] == b
    return {
        "lines": len(rl),
        "autocorrect_half_to_full_edits": theirs,
        "seedlint_edits": ours,
        "seedlint_edits_as_autocorrect": agree,
        "lines_changed_otherwise": other,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    env = os.environ.get(REPO_ENV)
    ap.add_argument("--repo", type=Path, default=Path(env) if env else None)
    ap.add_argument("--show", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    if args.repo is None or not (args.repo / "HEAD").exists():
        print(f"AutoCorrect snapshot not found (--repo or ${REPO_ENV}): skipped")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lint"))
    from seedlint.model import Applicability
    from seedlint.testing import fix_text, ruleset_for

    rs = ruleset_for(CODES)
    # A104's fix is unsafe (a `?` may stand for a lost character): score at that level.
    level = Applicability.UNSAFE
    got = cases(args.repo)
    edit = edit_ok = edit_safe = keep = keep_ok = semicolon = 0
    misses: list[str] = []
    for _name, src, want in got:
        fixed = fix_text(src, CODES, level=level, ruleset=rs)[0]
        s, w, f = _squash(src), _squash(want), _squash(fixed)
        if s != w and not _widening(s, w):
            continue  # not a half-to-full punctuation case
        if s != w:
            edit += 1
            edit_safe += _squash(fix_text(src, CODES, ruleset=rs)[0]) == w
            if f == w:
                edit_ok += 1
            else:
                misses.append(f"edit  {src!r}\n      want {want!r}\n      got  {fixed!r}")
        elif f != s and f.replace("；", ";") == s:
            semicolon += 1
            misses.append(f"semi  {src!r} -> {fixed!r} (a decision: see A102)")
        else:
            keep += 1
            if f == s:
                keep_ok += 1
            else:
                misses.append(f"keep  {src!r}\n      got  {fixed!r}")
    result: dict[str, object] = {
        "pairs": len(got),
        "edit_cases": edit,
        "edit_reproduced": edit_ok,
        "edit_agreement": round(edit_ok / edit, 3) if edit else None,
        "edit_reproduced_by_safe_fixes": edit_safe,
        "keep_cases": keep,
        "keep_unchanged": keep_ok,
        "semicolon_by_policy": semicolon,
    }
    result["markdown_fixture"] = markdown_parity(args.repo)
    print(json.dumps(result, indent=2))
    if args.show:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
