"""Sharded runs for batch schedulers: ``seedlint --shard i/N`` and ``seedlint merge``.

A Slurm array or a Kubernetes indexed job runs ``seedlint CORPUS --shard i/N
--output-file shard-i.json`` once per ``i`` in 1..N (1-based: with Kubernetes pass
``$((JOB_COMPLETION_INDEX + 1))``); every shard discovers the same files and lints the
units (files, record batches) whose stable hash falls in its bucket, so shards are
balanced and need no coordination. ``seedlint merge shard-*.json`` then folds the unit
results in run order and runs the corpus-wide passes, waivers and the baseline over the
whole corpus: the merged report is the one a single process would have written (the
tests hold the two to equality).

A shard file is JSON: who made it (shard, tool version, config digest, file count), a
summary for humans, and the unit results compressed in ``datacodec``'s data-only encoding
(corpus data is whatever a detector's ``collect`` returns: plain data and seedlint record
types, by the detector contract). Loading a shard file never runs code named by it: a
damaged or crafted one is refused with a message (format 1 held pickles and is refused).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from seedlint import __version__, datacodec
from seedlint.engine import RuleSet, source_options
from seedlint.parallel import UnitResult
from seedlint.runner import Accumulator, RunOptions, RunResult, lint_units
from seedlint.sources import Select, discover

SHARD_KIND = "seedlint-shard"
SHARD_FORMAT = 2
MAX_STATE_BYTES = 1 << 34
"""A shard's decompressed state larger than this is refused (a compression bomb)."""


class ShardError(Exception):
    """Shard files that cannot be merged into one report (the message says why)."""


def parse_shard(spec: str) -> tuple[int, int]:
    """``"i/N"`` (1 <= i <= N) -> (i, N)."""
    left, sep, right = spec.partition("/")
    try:
        index, count = int(left), int(right)
    except ValueError:
        index = count = 0
    if not sep or count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard takes i/N with 1 <= i <= N (e.g. 2/8), not {spec!r}")
    return index, count


def bucket(rel: str, seq: int, count: int) -> int:
    """The 0-based shard of unit ``seq`` of file ``rel``: stable across machines and runs."""
    digest = hashlib.blake2b(f"{rel}\0{seq}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def shard_select(index: int, count: int) -> Select:
    return lambda rel, seq: bucket(rel, seq, count) == index - 1


@dataclass
class ShardState:
    index: int
    count: int
    digest: str
    tool_version: str
    files: int
    missing: list[str] = field(default_factory=list)
    file_sha: dict[str, str] = field(default_factory=dict)
    results: list[UnitResult] = field(default_factory=list)


def run_shard(
    paths: list[Path],
    ruleset: RuleSet,
    root: Path,
    opts: RunOptions,
    index: int,
    count: int,
) -> ShardState:
    """Lint shard ``index`` of ``count`` (check only: a shard never writes documents)."""
    files, missing = discover(paths, root, source_options(ruleset.cfg))
    file_sha: dict[str, str] = {}
    o = replace(opts, fix=None, diff=False, keep_text_bytes=0, progress=None)
    select = shard_select(index, count)
    results = [
        r.without_documents()
        for r in lint_units(files, ruleset, root, o, select=select, file_sha=file_sha)
    ]
    return ShardState(
        index=index,
        count=count,
        digest=ruleset.digest(),
        tool_version=__version__,
        files=len(files),
        missing=missing,
        file_sha=file_sha,
        results=results,
    )


def dump_shard(state: ShardState) -> str:
    try:
        payload = datacodec.dumps((state.file_sha, state.results))
    except datacodec.EncodeError as exc:
        raise ShardError(f"a detector collected data that cannot go into a shard: {exc}") from None
    body = {
        "kind": SHARD_KIND,
        "format": SHARD_FORMAT,
        "shard": f"{state.index}/{state.count}",
        "tool_version": state.tool_version,
        "config_digest": state.digest,
        "files": state.files,
        "missing": state.missing,
        "summary": {
            "units": len(state.results),
            "documents": sum(len(r.docs) for r in state.results),
            "document_findings": sum(len(d.findings) for r in state.results for d in r.docs),
            "input_problems": sum(len(r.problems) for r in state.results),
        },
        "state": base64.b64encode(zlib.compress(payload, 6)).decode("ascii"),
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def load_shard(text: str, source: str = "shard") -> ShardState:
    try:
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("kind") != SHARD_KIND:
            raise ShardError(f"{source}: not a seedlint shard report (make one with --shard i/N)")
        if body.get("format") != SHARD_FORMAT:
            raise ShardError(f"{source}: shard format {body.get('format')!r} is not supported")
        index, count = parse_shard(str(body["shard"]))
        file_sha, results = _decode_state(body["state"])
        if not isinstance(file_sha, dict) or not isinstance(results, list):
            raise ValueError("the state is not (file hashes, unit results)")
        if not all(isinstance(r, UnitResult) for r in results):
            raise ValueError("the state holds something other than unit results")
        return ShardState(
            index=index,
            count=count,
            digest=str(body["config_digest"]),
            tool_version=str(body["tool_version"]),
            files=int(body["files"]),
            missing=[str(m) for m in body.get("missing", [])],
            file_sha=dict(file_sha),
            results=list(results),
        )
    except ShardError:
        raise
    except (KeyError, TypeError, ValueError, zlib.error) as exc:
        raise ShardError(f"{source}: damaged shard report: {type(exc).__name__}: {exc}") from None


def _decode_state(encoded: object) -> tuple[object, object]:
    if not isinstance(encoded, str):
        raise ValueError("the state is not a string")
    z = zlib.decompressobj()
    raw = z.decompress(base64.b64decode(encoded, validate=True), MAX_STATE_BYTES)
    if z.unconsumed_tail:
        raise ValueError(f"the state expands beyond {MAX_STATE_BYTES} bytes")
    value = datacodec.loads(raw)
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError("the state is not (file hashes, unit results)")
    return value[0], value[1]


def merge_states(
    states: list[ShardState],
    ruleset: RuleSet,
    use_baseline: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """One report from all N shards of a run, as a single process would have made it."""
    if not states:
        raise ShardError("no shard reports to merge")
    count = states[0].count
    seen: dict[int, ShardState] = {}
    for s in states:
        if s.count != count:
            raise ShardError(f"shard {s.index}/{s.count} does not belong to a run of {count}")
        if s.index in seen:
            raise ShardError(f"shard {s.index}/{count} given twice")
        seen[s.index] = s
    absent = [i for i in range(1, count + 1) if i not in seen]
    if absent:
        raise ShardError(
            f"missing shard(s) {', '.join(f'{i}/{count}' for i in absent)}: "
            "a merged report must cover the whole corpus"
        )
    digest = ruleset.digest()
    for s in states:
        if s.digest != digest:
            raise ShardError(
                f"shard {s.index}/{count} was made with another rule pack or config "
                f"(digest {s.digest}, here {digest}): merge with the config the shards used"
            )
        if s.tool_version != __version__ or s.files != states[0].files:
            raise ShardError(
                f"shard {s.index}/{count} saw another corpus or seedlint version "
                f"({s.files} files, seedlint {s.tool_version})"
            )
    file_sha: dict[str, str] = {}
    for s in states:
        for rel, sha in s.file_sha.items():
            if file_sha.setdefault(rel, sha) != sha:
                raise ShardError(f"{rel} changed while the shards ran: run them again")
    results = sorted((r for s in states for r in s.results), key=lambda r: (r.rel, r.seq))
    for a, b in itertools.pairwise(results):
        if (a.rel, a.seq) == (b.rel, b.seq):
            raise ShardError(f"{a.rel} (unit {a.seq}) is in two shards")
    acc = Accumulator(ruleset, progress, states[0].files, file_sha)
    for r in results:
        acc.add(r)
    result = acc.finish(use_baseline)
    result.missing = list(dict.fromkeys(m for s in states for m in s.missing))
    return result


def merge_files(paths: list[Path], ruleset: RuleSet, use_baseline: bool = True) -> RunResult:
    states = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ShardError(f"{p}: cannot read shard report: {exc}") from None
        states.append(load_shard(text, str(p)))
    return merge_states(states, ruleset, use_baseline)
