"""Curvature benchmarks: prints markdown tables.

    .venv/bin/python benchmarks/bench_curvature.py [--costs | --worst]
        [--compare OTHER/backend --repeats 5] [--persistent-cache DIR]

1. Maps through the services layer (compute + orjson), each case in a fresh
   process: a 128 × 128 stability map (η × weight decay, or η × momentum) on
   the ill-conditioned bowl and a 256 × 256 basin map on Himmelblau, 200 steps.
   "cold" is the first call (tracing and compiling included, no persistent
   cache), "warm" the median of 5 later calls with other ranges. CPU is the
   process's CPU time (all threads): the work budget counts it; wall time
   depends on what else the machine runs.
2. ``--costs``: every optimizer's CPU per run-step on a 16,384-run grid against
   gradient descent's, and its compile time: the source of
   ``CurvatureLimits.map_step_cost`` in config.py.
3. ``--worst``: the largest map the work limit admits, each in a fresh process
   (cold): a 128 × 128 stability map per optimizer on Himmelblau, and 256 × 256
   gradient-descent basin maps on the surfaces with the most sines and cosines.
4. ``--compare OTHER/backend``: the maps' cold CPU, paired: each repeat runs
   every case once with this tree's code and once with OTHER's (another
   checkout's ``backend``), alternately in fresh processes, so the machine's
   load (shared, 2 cores) hits both alike; median, min and max per side.
5. ``--persistent-cache DIR``: every process uses JAX's persistent compilation
   cache in DIR, as the server does (app.py); a first round fills it, so
   "cold" is then the first request after a restart.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BOWL = {"surface": "ill_conditioned", "tolerance": 1e-6, "steps": 200}
LR = {"name": "lr", "min": 0.01, "max": 1.0, "count": 128, "scale": "log"}
BETA = {"min": 0.0, "max": 0.99, "count": 128, "scale": "linear"}
CASES = {
    "stability gd 128×128": (
        "stability",
        {
            **BOWL,
            "optimizer": "gd",
            "x": LR,
            "y": {"name": "weight_decay", "min": 0, "max": 1, "count": 128},
        },
    ),
    "stability momentum 128×128": (
        "stability",
        {**BOWL, "optimizer": "momentum", "x": LR, "y": {**BETA, "name": "momentum"}},
    ),
    "stability adam 128×128": (
        "stability",
        {**BOWL, "optimizer": "adam", "x": LR, "y": {**BETA, "name": "beta1"}},
    ),
    "basins gd 256×256": (
        "basins",
        {"surface": "himmelblau", "optimizer": "gd", "hyperparameters": {"lr": 0.01}},
    ),
    "basins momentum 256×256": (
        "basins",
        {"surface": "himmelblau", "optimizer": "momentum", "hyperparameters": {"lr": 0.002}},
    ),
    # Adam's 256² × 200 steps is beyond the work limit: 128² runs.
    "basins adam 128×128": (
        "basins",
        {"surface": "himmelblau", "optimizer": "adam", "hyperparameters": {"lr": 0.05}},
    ),
}


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def one_case(kind: str, body: dict, repeats: int, cache: str | None = None) -> dict:
    """Run one case in this (fresh) process: cold call, then ``repeats`` warm ones."""
    if cache:
        from thalweg.compute.cache import enable_persistent_cache

        enable_persistent_cache(Path(cache), 256 * 2**20)
    from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
    from thalweg.services.curvature import basins, stability
    from thalweg.services.encoding import dumps

    def call(shift: float) -> tuple[float, float]:
        varied = dict(body)
        if kind == "stability":  # other ranges, the same program
            varied["x"] = {**body["x"], "max": body["x"]["max"] * (1 - shift)}
            request, service = StabilityRequest(**varied), stability
        else:
            if shift:  # Himmelblau's domain, a little smaller
                varied["domain"] = {"x": [-5 + shift, 5], "y": [-5, 5 - shift]}
            request, service = BasinsRequest(**varied), basins
        wall, cpu = _clock()
        dumps(service.compute(request))
        end_wall, end_cpu = _clock()
        return end_wall - wall, end_cpu - cpu

    cold = call(0.0)
    warm = [call(0.01 * (i + 1)) for i in range(repeats)] or [(float("nan"), float("nan"))]
    return {
        "cold_wall": cold[0],
        "cold_cpu": cold[1],
        "warm_wall": statistics.median(w for w, _ in warm),
        "warm_cpu": statistics.median(c for _, c in warm),
    }


def in_fresh_process(
    kind: str, body: dict, repeats: int, backend: str | None = None, cache: str | None = None
) -> dict:
    """``one_case`` in a new interpreter; ``backend``: import thalweg from there instead."""
    command = [sys.executable, __file__, "--case", json.dumps([kind, body, repeats, cache])]
    env = dict(os.environ)
    if backend:
        env["PYTHONPATH"] = os.pathsep.join([backend, env.get("PYTHONPATH", "")])
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(output)


def _map_cases() -> dict[str, tuple[str, dict]]:
    cases = {}
    for name, (kind, body) in CASES.items():
        if kind == "basins":
            side = int(name.split("×")[-1])
            body = {**body, "resolution": side, "steps": 200, "tolerance": 1e-6}
        cases[name] = (kind, body)
    return cases


def compare(other: str, repeats: int, cache: str | None) -> None:
    """Cold CPU of each map with this tree's code and ``other``'s, alternately."""
    here = str(Path(__file__).resolve().parents[1] / "backend")
    cases = _map_cases()
    if cache:  # fill the cache of both sides first
        for kind, body in cases.values():
            for backend in (here, other):
                in_fresh_process(kind, body, 0, backend, cache)
    cold: dict[tuple[str, str], list[float]] = {}
    for repeat in range(repeats):
        for name, (kind, body) in cases.items():
            sides = [("this", here), ("other", other)]
            for side, backend in sides if repeat % 2 == 0 else sides[::-1]:
                result = in_fresh_process(kind, body, 0, backend, cache)
                cold.setdefault((name, side), []).append(result["cold_cpu"])
    print(f"load average after: {os.getloadavg()}\n")
    print("| map | this cold CPU s: median (min–max) | other cold CPU s | this / other |")
    print("|---|---|---|---|")
    for name in cases:
        this, that = cold[(name, "this")], cold[(name, "other")]
        print(
            f"| {name} | {statistics.median(this):.2f} ({min(this):.2f}–{max(this):.2f})"
            f" | {statistics.median(that):.2f} ({min(that):.2f}–{max(that):.2f})"
            f" | {statistics.median(this) / statistics.median(that):.2f} |"
        )


def _largest_steps(kind: str, body: dict, runs: int) -> int:
    """The most steps (a chunk's end) the work budget admits for this map, cold."""
    from thalweg.compute.grids import GRID_CHUNK
    from thalweg.config import get_settings
    from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
    from thalweg.services.curvature.runs import estimate
    from thalweg.services.surfaces import resolve

    model = StabilityRequest if kind == "stability" else BasinsRequest
    limit = get_settings().work_budget_seconds
    steps = 0
    while steps + GRID_CHUNK <= get_settings().max_steps:
        request = model(**body, steps=steps + GRID_CHUNK)
        if estimate(resolve(request), request, runs).seconds > limit:
            break
        steps += GRID_CHUNK
    return steps - 1  # points 0 … steps fill the last chunk


def worst() -> None:
    """The largest admitted maps, cold: the work budget's worst cases."""
    from thalweg.config import get_settings

    limits = get_settings().curvature
    print("| worst case | runs × steps | cold wall s | cold CPU s |")
    print("|---|---|---|---|")
    side = limits.max_axis_count
    for optimizer in limits.map_step_cost:
        axes = _continuous_axes(optimizer, side)
        if axes is None:
            continue
        x, y = axes
        body = {"surface": "himmelblau", "optimizer": optimizer, "x": x, "y": y}
        body["tolerance"] = 0.0  # no run stops early
        steps = _largest_steps("stability", body, side * side)
        r = in_fresh_process("stability", {**body, "steps": steps}, 0)
        print(
            f"| stability {optimizer} | {side}² × {steps} | {r['cold_wall']:.2f}"
            f" | {r['cold_cpu']:.2f} |",
            flush=True,
        )
    for surface_id in ("eggholder", "levi13", "rastrigin", "shubert"):
        body = {"surface": surface_id, "optimizer": "gd", "tolerance": 0.0}
        body |= {"hyperparameters": {"lr": 1e-4}}
        side = limits.max_basin_resolution
        steps = _largest_steps("basins", {**body, "resolution": side}, side * side)
        while steps < 1:  # not one chunk fits the largest grid: the largest that fits
            side //= 2
            steps = _largest_steps("basins", {**body, "resolution": side}, side * side)
        r = in_fresh_process("basins", {**body, "resolution": side, "steps": steps}, 0)
        print(
            f"| basins gd {surface_id} | {side}² × {steps} | {r['cold_wall']:.2f}"
            f" | {r['cold_cpu']:.2f} |",
            flush=True,
        )


def _continuous_axes(optimizer: str, count: int) -> tuple[dict, dict] | None:
    from thalweg.compute.optimizers import OPTIMIZERS

    specs = [
        h
        for h in OPTIMIZERS[optimizer].hyperparameters
        if h.scale in ("log", "linear") and h.name != "noise"
    ]
    if len(specs) < 2:
        return None
    first, second = specs[0], specs[1]
    return tuple(
        {
            "name": h.name,
            "min": h.min if h.scale == "linear" else h.default / 10,
            "max": h.default if h.default > h.min else h.max,
            "count": count,
        }
        for h in (first, second)
    )


def costs() -> None:
    """Each optimizer's CPU per run-step and compile CPU, on 16,384 runs × 256 steps."""
    import numpy as np
    from thalweg.compute.grids import GRID_CHUNK
    from thalweg.compute.optimizers import OPTIMIZERS
    from thalweg.compute.surfaces import SURFACES
    from thalweg.compute.trajectory import (
        Objective,
        RunBatch,
        get_runner,
        hyperparameter_columns,
        make_problem,
    )

    surface = SURFACES["himmelblau"]
    runs, steps = 16_384, 256
    starts = np.random.default_rng(0).uniform(-5, 5, (runs, 2))
    problem = make_problem(np.zeros(0), steps, 0.0, surface.domain)
    print(f"| optimizer | warm CPU s ({runs} runs × {steps} steps) | × gd | compile CPU s |")
    print("|---|---|---|---|")
    reference = None
    for spec in OPTIMIZERS.values():
        base = spec.defaults()
        objective = Objective(f"bench-{spec.id}", surface.value)
        runner = get_runner(objective, spec, spec.family(base)[1], False, GRID_CHUNK)
        columns = hyperparameter_columns(spec, [base] * runs)
        batch = RunBatch(starts, columns, np.zeros(runs, np.uint32))
        cpu = time.process_time()
        runner.final(batch, problem)
        cold = time.process_time() - cpu
        cpu = time.process_time()
        runner.final(batch, problem)
        warm = time.process_time() - cpu
        reference = reference or warm
        ratio = warm / reference
        print(f"| {spec.id} | {warm:.2f} | {ratio:.1f} | {cold - warm:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--costs", action="store_true", help="per-optimizer costs instead")
    parser.add_argument("--worst", action="store_true", help="the largest admitted maps instead")
    parser.add_argument("--compare", metavar="OTHER/backend", help="paired cold CPU against")
    parser.add_argument("--repeats", type=int, default=5, help="of --compare")
    parser.add_argument("--persistent-cache", metavar="DIR", help="JAX's compilation cache")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(one_case(*json.loads(args.case))))
        return
    if args.costs:
        costs()
        return
    if args.worst:
        worst()
        return
    if args.compare:
        compare(args.compare, args.repeats, args.persistent_cache)
        return
    print("| map | cold wall s | cold CPU s | warm wall s | warm CPU s |")
    print("|---|---|---|---|---|")
    if args.persistent_cache:  # a first round fills the cache
        for kind, body in _map_cases().values():
            in_fresh_process(kind, body, 0, cache=args.persistent_cache)
    for name, (kind, body) in _map_cases().items():
        r = in_fresh_process(kind, body, 5, cache=args.persistent_cache)
        print(
            f"| {name} | {r['cold_wall']:.2f} | {r['cold_cpu']:.2f}"
            f" | {r['warm_wall']:.2f} | {r['warm_cpu']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
