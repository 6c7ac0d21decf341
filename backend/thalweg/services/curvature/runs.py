"""One optimizer from many starts or settings: a single vmapped batch of the engine.

A map is priced before it runs, in the shared work budget's terms
(services/budget.py): its programs to compile and its run-steps. The budget's
own coefficients are measured on batches of 16 runs; a grid of thousands
steps each run ~13× cheaper and compiles a little longer, so grids have their
own, measured by ``benchmarks/bench_curvature.py --costs``:

* one grid step of gradient descent on a polynomial surface: ~30 ns of CPU
  (16,384-65,536 runs), times the optimizer's ``map_step_cost`` (config.py)
  and the surface's ``relative_cost`` (sines and cosines dominate);
* one grid program: up to 0.6 s (the first and later chunks of a family
  together took 0.7-1.15 s, RAdam the most), times the budget's size factor
  of a typed expression.
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.grids import GRID_CHUNK, relative_cost
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import (
    Carry,
    RunBatch,
    Runner,
    _padded_size,
    get_runner,
    make_problem,
)
from thalweg.config import get_settings
from thalweg.schemas_curvature import OptimizerRun
from thalweg.services import budget
from thalweg.services.surfaces import ResolvedSurface

GRID_STEP_SECONDS = 30e-9
GRID_COMPILE_SECONDS = 0.6


def step_cost(surface: ResolvedSurface, optimizer: str) -> float:
    """One grid step of this optimizer on this surface, in gradient-descent steps."""
    cost = get_settings().curvature.map_step_cost[optimizer]
    return cost * relative_cost(surface.objective, len(surface.params))


def estimate(surface: ResolvedSurface, request: OptimizerRun, runs: int) -> budget.Estimate:
    """The CPU a map of ``runs`` runs will take; no run is assumed to stop early.

    The padding runs too, and every chunk runs to its end: ``steps`` take
    ⌊steps / GRID_CHUNK⌋ + 1 chunks (points 0 … steps).
    """
    programs = len(_runner(surface, request).programs_to_compile(runs, request.steps, False))
    run_steps = (request.steps // GRID_CHUNK + 1) * GRID_CHUNK * _padded_size(runs)
    return budget.Estimate(
        compile_seconds=programs * GRID_COMPILE_SECONDS * budget.size_factor(surface.terms),
        run_seconds=run_steps * GRID_STEP_SECONDS * step_cost(surface, request.optimizer),
        programs=programs,
        run_steps=run_steps,
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
    map over the work budget is a 422 (``work_budget``) before anything runs.
    """
    budget.enforce(estimate(surface, request, len(starts)))
    spec = OPTIMIZERS[request.optimizer]
    n = len(starts)
    base = request.run().filled()
    columns = {h.name: np.full(n, base[h.name], np.float64) for h in spec.hyperparameters}
    columns |= varied or {}
    batch = RunBatch(starts, columns, np.full(n, int(base["seed"]), np.uint32))
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    return _runner(surface, request).final(batch, problem)


def _runner(surface: ResolvedSurface, request: OptimizerRun) -> Runner:
    # Noise-free: the request schema keeps noise off maps.
    spec = OPTIMIZERS[request.optimizer]
    family = spec.family(request.run().filled())[1]
    return get_runner(surface.objective, spec, family, False, GRID_CHUNK)
