"""One optimizer from many starts or settings: a single vmapped batch of the engine."""

from __future__ import annotations

import numpy as np

from thalweg.compute.grids import GRID_CHUNK
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import Carry, RunBatch, get_runner, make_problem
from thalweg.schemas_curvature import OptimizerRun
from thalweg.services.surfaces import ResolvedSurface


def run_grid(
    surface: ResolvedSurface,
    request: OptimizerRun,
    starts: np.ndarray,
    varied: dict[str, np.ndarray] | None = None,
) -> Carry:
    """The final carry of runs from ``starts`` (R, 2); ``varied``: hyperparameter columns (R,).

    Hyperparameters not varied take the request's values (or the defaults). The
    divergence box is the surface's, as for its trajectories. Each grid size
    (padded to a power of two) compiles once per family; values never do.
    """
    spec = OPTIMIZERS[request.optimizer]
    base = request.run().filled()
    n = len(starts)
    columns = {h.name: np.full(n, base[h.name], np.float64) for h in spec.hyperparameters}
    columns |= varied or {}
    noisy = bool(np.any(columns["noise"] > 0))
    batch = RunBatch(starts, columns, np.full(n, int(base["seed"]), np.uint32))
    runner = get_runner(surface.objective, spec, spec.family(base)[1], noisy, GRID_CHUNK)
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    return runner.final(batch, problem)
