"""Basin maps: one optimizer from a grid of starts; which minimum each start ends in.

The starts are the landscape's grid over the domain (``x[i]``, ``y[j]``), run as
one vmapped batch; compute/grids.py labels the end points.
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.grids import label_ends
from thalweg.compute.landscape import axes
from thalweg.compute.trajectory import CONVERGED, DIVERGED
from thalweg.config import get_settings
from thalweg.schemas_curvature import BasinsRequest
from thalweg.services.curvature.runs import run_grid
from thalweg.services.surfaces import resolve


def compute(request: BasinsRequest) -> dict:
    """The minimum (index, or −1 diverged, −2 not converged, −3 unlabelled) and steps per start."""
    limits = get_settings().curvature
    surface = resolve(request)
    domain = request.domain.as_tuple() if request.domain else surface.domain
    xs, ys = axes(domain, request.resolution, request.resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)  # (ny, nx): row j holds y[j]
    starts = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    final = run_grid(surface, request, starts)
    diverged = final.status == DIVERGED
    (x0, x1), (y0, y1) = domain
    labels = label_ends(
        final.end,
        final.loss,
        final.status == CONVERGED,
        diverged,
        np.asarray([(m.x, m.y) for m in surface.minima], np.float64),
        limits.basin_radius * max(x1 - x0, y1 - y0),
        limits.max_found_minima,
    )
    shape = grid_x.shape
    return {
        "x": xs,
        "y": ys,
        "minimum": labels.minimum.reshape(shape),
        # A start where f cannot be evaluated diverges at step 0, having taken none.
        "steps_taken": np.maximum(final.stop - diverged, 0).astype(np.int32).reshape(shape),
        "minima": labels.minima,
        "known_minima": len(surface.minima),
    }
