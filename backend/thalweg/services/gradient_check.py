"""Gradient-check requests -> analytic ∇f and its finite-difference estimates.

The steps are fixed: quarter decades from 1e-14 to 1, wide enough to show
both arms of the error's V in float64 (compute/gradient_check.py).
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.gradient_check import gradient_check
from thalweg.schemas import GradientCheckRequest
from thalweg.services.errors import UnprocessableError
from thalweg.services.surfaces import resolve

DELTAS = np.logspace(-14, 0, 57)


def compute(request: GradientCheckRequest) -> dict:
    """The whole ``POST /api/gradient-check`` response."""
    surface = resolve(request)
    point = request.point or surface.start
    check = gradient_check(surface.objective, point, surface.params, DELTAS)
    if not (np.isfinite(check.value) and np.all(np.isfinite(check.analytic))):
        raise UnprocessableError(
            f"f or its gradient is not finite at ({point[0]:.6g}, {point[1]:.6g})",
            "check_not_finite",
            x=point[0],
            y=point[1],
        )
    # A difference that overflows is written as null (orjson), never as NaN.
    return {
        "point": list(point),
        "value": check.value,
        "analytic": check.analytic,
        "deltas": DELTAS,
        "forward": check.forward,
        "central": check.central,
        "forward_error": check.forward_error,
        "central_error": check.central_error,
    }
