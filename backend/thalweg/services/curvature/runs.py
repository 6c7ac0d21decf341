"""One optimizer from many starts or settings: a single vmapped batch of the engine."""

from __future__ import annotations

import numpy as np

from thalweg.compute.grids import GRID_CHUNK, relative_cost
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import Carry, RunBatch, _padded_size, get_runner, make_problem
from thalweg.config import get_settings
from thalweg.schemas_curvature import OptimizerRun
from thalweg.services.errors import UnprocessableError
from thalweg.services.surfaces import ResolvedSurface


def step_cost(surface: ResolvedSurface, optimizer: str) -> float:
    """One grid step of this optimizer on this surface, in gradient-descent run-steps."""
    cost = get_settings().curvature.map_step_cost[optimizer]
    return cost * relative_cost(surface.objective, len(surface.params))


def affordable_steps(cost: float, runs: int) -> int:
    """The most steps a map of ``runs`` may take within the work limit (−1: none).

    The padding runs too, and every chunk runs to its end: steps s cost
    ⌊s / GRID_CHUNK + 1⌋ chunks (points 0 … s).
    """
    budget = get_settings().curvature.max_grid_work
    chunks = int(budget / (_padded_size(runs) * GRID_CHUNK * cost))
    return chunks * GRID_CHUNK - 1


def check_work(surface: ResolvedSurface, request: OptimizerRun, runs: int) -> None:
    """422 unless the map fits the work limit, with the steps or runs that would."""
    cost = step_cost(surface, request.optimizer)
    most = affordable_steps(cost, runs)
    if request.steps <= most:
        return
    if most >= 1:
        advice = f"at most {most} steps for this grid"
    else:
        fitting = get_settings().curvature.max_grid_work / (GRID_CHUNK * cost)
        advice = f"a grid of fewer than {max(1, int(fitting))} runs"
    raise UnprocessableError(
        f"{runs} runs × {request.steps} steps of {request.optimizer} on this surface exceed"
        f" the work limit; use {advice}",
        "map_work",
        runs=runs,
        steps=request.steps,
    )


def run_grid(
    surface: ResolvedSurface,
    request: OptimizerRun,
    starts: np.ndarray,
    varied: dict[str, np.ndarray] | None = None,
) -> Carry:
    """The final carry of runs from ``starts`` (R, 2); ``varied``: hyperparameter columns (R,).

    Hyperparameters not varied take the request's values (or the defaults). The
    divergence box is the surface's, as for its trajectories. Each grid size
    (padded to a power of two) compiles once per family; values never do. A
    map beyond the work budget is a 422 before anything runs.
    """
    check_work(surface, request, len(starts))
    spec = OPTIMIZERS[request.optimizer]
    base = request.run().filled()
    n = len(starts)
    columns = {h.name: np.full(n, base[h.name], np.float64) for h in spec.hyperparameters}
    columns |= varied or {}
    batch = RunBatch(starts, columns, np.full(n, int(base["seed"]), np.uint32))
    # Noise-free: the request schema keeps noise off maps.
    runner = get_runner(surface.objective, spec, spec.family(base)[1], False, GRID_CHUNK)
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    return runner.final(batch, problem)
