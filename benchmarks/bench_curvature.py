"""Curvature benchmarks: prints markdown tables.

    .venv/bin/python benchmarks/bench_curvature.py [--costs | --worst]

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
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

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


def one_case(kind: str, body: dict, repeats: int) -> dict:
    """Run one case in this (fresh) process: cold call, then ``repeats`` warm ones."""
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


def in_fresh_process(kind: str, body: dict, repeats: int) -> dict:
    command = [sys.executable, __file__, "--case", json.dumps([kind, body, repeats])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output)


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
    print("| map | cold wall s | cold CPU s | warm wall s | warm CPU s |")
    print("|---|---|---|---|---|")
    for name, (kind, body) in CASES.items():
        if kind == "basins":
            side = int(name.split("×")[-1])
            body = {**body, "resolution": side, "steps": 200, "tolerance": 1e-6}
        r = in_fresh_process(kind, body, 5)
        print(
            f"| {name} | {r['cold_wall']:.2f} | {r['cold_cpu']:.2f}"
            f" | {r['warm_wall']:.2f} | {r['warm_cpu']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
