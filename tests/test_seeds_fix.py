"""--fix on the raw seeds: it runs, only reported spans change, and a second run is a no-op.

Replaying the applied fixes recorded in the report, in order, on the original text must
give exactly the fixed file, and each recorded ``before`` must be what stood there: that
proves no byte outside a reported span changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from seedlint.cli import main


def test_fix_on_raw_seeds_is_traceable_and_idempotent(seeds_copy: Path, raw_seeds: Path) -> None:
    rc = main(
        [
            "seeds",
            "--fix",
            "--no-progress",
            "--exit-zero",
            "--output-format",
            "json",
            "--output-file",
            "fix1.json",
        ]
    )
    assert rc in (0, 1)
    report = json.loads(Path("fix1.json").read_text(encoding="utf-8"))
    for doc in report["documents"]:
        name = Path(doc["path"]).name
        original = (raw_seeds / name).read_text(encoding="utf-8")
        fixed = (seeds_copy / name).read_text(encoding="utf-8")
        text = original
        for fx in doc["fixes"]:
            if fx["kind"] != "edit":
                continue
            assert text[fx["start"] : fx["end"]] == fx["before"], (name, fx)
            text = text[: fx["start"]] + fx["after"] + text[fx["end"] :]
        assert text == fixed, f"{name}: the file changed outside the recorded fixes"
        if not doc["fixes"]:
            assert fixed == original
    snapshot = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    main(
        [
            "seeds",
            "--fix",
            "--no-progress",
            "--exit-zero",
            "--output-format",
            "json",
            "--output-file",
            "fix2.json",
        ]
    )
    second = json.loads(Path("fix2.json").read_text(encoding="utf-8"))
    assert all(not d["fixes"] for d in second["documents"])
    assert {p.name: p.read_bytes() for p in seeds_copy.iterdir()} == snapshot
