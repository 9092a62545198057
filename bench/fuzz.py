"""The long fuzz campaign: random hostile documents through lint and --fix twice.

``python bench/fuzz.py --minutes N`` runs the properties of ``tests/fuzzing.py`` on
random documents (random Unicode from every plane, random bytes, the adversarial shapes)
until the time is up, with a fresh random seed each run (the CI suite is derandomised),
and prints the counts: cases tried, failures found (distinct by message). Each failing
input is written to ``bench/out/fuzz/`` to be turned into a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from fuzzing import check_document, default_ruleset, documents  # noqa: E402
from seedlint.model import Applicability  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "fuzz")
    ap.add_argument(
        "--unsafe-every", type=int, default=4, help="every Nth case with --unsafe-fixes"
    )
    ns = ap.parse_args()
    ns.out.mkdir(parents=True, exist_ok=True)
    rs = default_ruleset()
    deadline = time.monotonic() + ns.minutes * 60
    counts = {"cases": 0, "failures": 0}
    distinct: dict[str, int] = {}

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(doc=documents())
    def one(doc: tuple[bytes, str]) -> None:
        if time.monotonic() > deadline:
            raise _TimeUp
        counts["cases"] += 1
        level = (
            Applicability.UNSAFE if counts["cases"] % ns.unsafe_every == 0 else Applicability.SAFE
        )
        t0 = time.monotonic()
        try:
            check_document(doc[0], doc[1], rs, level)
        except Exception as exc:  # every failure is recorded, the campaign goes on
            counts["failures"] += 1
            key = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
            distinct[key] = distinct.get(key, 0) + 1
            h = hashlib.sha256(doc[0]).hexdigest()[:12]
            (ns.out / f"{h}-{doc[1]}").write_bytes(doc[0])
            (ns.out / f"{h}.json").write_text(
                json.dumps({"name": doc[1], "level": level.value, "error": key}) + "\n"
            )
        slow = time.monotonic() - t0
        if slow > 30:
            distinct[f"slow: {slow:.0f} s"] = distinct.get(f"slow: {slow:.0f} s", 0) + 1

    try:
        one()
    except _TimeUp:
        pass
    print(json.dumps({**counts, "minutes": ns.minutes, "distinct": distinct}, indent=1))
    return 1 if counts["failures"] else 0


class _TimeUp(Exception):
    pass


if __name__ == "__main__":
    sys.exit(main())
