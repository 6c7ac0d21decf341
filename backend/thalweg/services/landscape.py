"""Landscape requests -> grid and arrow frames (float32 on the wire)."""

from __future__ import annotations

import numpy as np

from thalweg.compute.landscape import arrow_field, value_grid
from thalweg.schemas import LandscapeRequest
from thalweg.services.encoding import float32
from thalweg.services.surfaces import resolve

# A linear map of 12 colours paints a surface flat when half of its plane lies in
# the lowest ~1/8 of its range. The catalog's hand-set log_scale flags agree with
# this rule on 32 of its 34 surfaces (levi13 and ill_conditioned are flagged for
# the depth of their minimum's basin; their medians lie at 0.21 and 0.27).
LOG_MEDIAN_FRACTION = 0.135


def spans_decades(finite: np.ndarray) -> bool:
    """Whether a value grid wants a log colour scale: (median − min) < 0.135 (max − min)."""
    if finite.size == 0:
        return False
    low, high = float(finite.min()), float(finite.max())
    return high > low and float(np.median(finite)) - low < LOG_MEDIAN_FRACTION * (high - low)


def compute(request: LandscapeRequest, rows: int | None = None) -> dict:
    """The landscape frame; ``rows``: grid rows if not ``request.resolution`` (offline files)."""
    surface = resolve(request)
    domain = request.domain.as_tuple() if request.domain else surface.domain
    grid = value_grid(surface.objective, surface.params, domain, request.resolution, rows)
    arrows = arrow_field(surface.objective, surface.params, domain, request.arrows, surface.game)
    finite = grid.z[np.isfinite(grid.z)]
    # Non-finite values become null in JSON (orjson), which Plotly draws as gaps.
    return {
        "x": float32(grid.x),
        "y": float32(grid.y),
        "z": float32(grid.z),
        "arrows": {
            "x": float32(arrows.x),
            "y": float32(arrows.y),
            "u": float32(np.nan_to_num(arrows.u, posinf=0.0, neginf=0.0)),
            "v": float32(np.nan_to_num(arrows.v, posinf=0.0, neginf=0.0)),
        },
        "domain": {"x": list(domain[0]), "y": list(domain[1])},
        "log_scale": spans_decades(finite) if surface.log_scale is None else surface.log_scale,
        "z_min": float(finite.min()) if finite.size else None,
        "z_max": float(finite.max()) if finite.size else None,
    }
