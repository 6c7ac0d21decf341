"""Stability maps: one optimizer over a grid of two hyperparameters, one vmapped batch.

Every run starts at the same point, so the grid shows where the hyperparameters
let the optimizer converge, crawl (max_steps) or diverge; on a quadratic the
boundary is the one compute/curvature.py derives (η = 2/λmax for gradient
descent, η = 2(1 + β)/λmax for the heavy ball).
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.grids import axis_values
from thalweg.compute.trajectory import DIVERGED, STATUS_NAMES
from thalweg.schemas_curvature import StabilityRequest
from thalweg.services.curvature.runs import run_grid
from thalweg.services.surfaces import resolve
from thalweg.services.trajectories import steps_taken

_NAMES = np.asarray([STATUS_NAMES.get(code, "") for code in range(max(STATUS_NAMES) + 1)])


def compute(request: StabilityRequest) -> dict:
    """Final loss (null if diverged), status and steps taken, y-major grids."""
    surface = resolve(request)
    start = request.start or surface.start
    xs = axis_values(request.x.min, request.x.max, request.x.count, request.x.scale)
    ys = axis_values(request.y.min, request.y.max, request.y.count, request.y.scale)
    grid_x, grid_y = np.meshgrid(xs, ys)  # (ny, nx): row j holds y[j]
    starts = np.tile(np.asarray(start, np.float64), (grid_x.size, 1))
    varied = {request.x.name: grid_x.ravel(), request.y.name: grid_y.ravel()}
    final = run_grid(surface, request, starts, varied)
    # Whether the start can be evaluated does not depend on the hyperparameters:
    # the first run answers for all (a 422 if it cannot).
    steps_taken(int(final.status[0]), int(final.stop[0]), start)
    diverged = final.status == DIVERGED
    shape = grid_x.shape
    return {
        "x": xs,
        "y": ys,
        "final_loss": np.where(diverged, np.nan, final.loss).astype(np.float32).reshape(shape),
        "status": _NAMES[final.status].reshape(shape).tolist(),
        "steps_taken": (final.stop - diverged).astype(np.int32).reshape(shape),
    }
