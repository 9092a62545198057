"""Beyond one machine: the same shards, run as tasks on a Dask cluster.

Each task is one shard of the corpus (``shards.run_shard``): a worker reads its own
units from storage every worker can see (the paths are made absolute), lints them with
the same ``process_unit`` as every other backend, and sends back only the small unit
results. The client merges them with ``shards.merge_states``, which runs the corpus-wide
passes (the cross-article claim index) once over everything. Nothing but the rule-set
recipe (config + rule codes) and paths travels to the workers; each worker builds the
rule set once and checks its digest, so a worker with another rule pack fails loudly
instead of linting with other rules.

Needs ``pip install 'seedlint[dask]'``. Check-only: fixes are written by local runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seedlint.engine import RuleSet
from seedlint.parallel import RuleSetRecipe, build_ruleset, recipe_for
from seedlint.runner import RunOptions, RunResult
from seedlint.shards import ShardState, merge_states, run_shard


class DaskUnavailable(RuntimeError):
    pass


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable(
            "the Dask backend needs dask.distributed: pip install 'seedlint[dask]'"
        ) from None
    return Client


def _shard_task(
    recipe: RuleSetRecipe, paths: list[str], root: str, index: int, count: int
) -> ShardState:
    ruleset = build_ruleset(recipe)
    return run_shard([Path(p) for p in paths], ruleset, Path(root), RunOptions(), index, count)


def run_dask(
    paths: list[Path],
    ruleset: RuleSet,
    root: Path,
    opts: RunOptions | None = None,
    client: Any = None,
    address: str | None = None,
    shards: int | None = None,
) -> RunResult:
    """Lint ``paths`` on a Dask cluster (``client``, or the scheduler at ``address``, or
    a local cluster on loopback) in ``shards`` tasks (default: the cluster's threads)."""
    opts = opts or RunOptions()
    if opts.fix is not None or opts.diff:
        raise ValueError("the Dask backend only checks; run --fix locally")
    client_cls = _client_class()
    own = None
    if client is None:
        if address:
            own = client = client_cls(address)
        else:
            import distributed

            cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
                host="127.0.0.1", dashboard_address=None, processes=True, threads_per_worker=1
            )
            own = client = client_cls(cluster)
    try:
        n = shards or max(1, sum(client.nthreads().values()))
        recipe = recipe_for(ruleset)
        abs_paths = [str(p.absolute()) for p in paths]
        futures = [
            client.submit(_shard_task, recipe, abs_paths, str(root.absolute()), i, n, pure=False)
            for i in range(1, n + 1)
        ]
        states: list[ShardState] = client.gather(futures)
    finally:
        if own is not None:
            cluster_obj = getattr(own, "cluster", None)
            own.close()
            if cluster_obj is not None and address is None:
                cluster_obj.close()
    return merge_states(states, ruleset, opts.use_baseline)
