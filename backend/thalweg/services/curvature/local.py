"""Curvature requests -> the Hessian at a point (and along a path), with its stable step sizes."""

from __future__ import annotations

import numpy as np

from thalweg.compute.curvature import curvature, gd_stable_lr, polyak_optimum
from thalweg.schemas_curvature import CurvatureRequest
from thalweg.services.encoding import float32
from thalweg.services.surfaces import resolve


def compute(request: CurvatureRequest) -> dict:
    """∇²f at ``point``: eigenvalues ascending, ``eigenvectors[i]`` for ``eigenvalues[i]``.

    A non-finite Hessian (e.g. outside a typed expression's domain) leaves as
    nulls; so do the step sizes it implies.
    """
    surface = resolve(request)
    points = [request.point, *(request.points or [])]
    result = curvature(surface.objective, surface.params, np.asarray(points, np.float64))
    low, high = (float(v) for v in result.eigenvalues[0])
    polyak = polyak_optimum(low, high)
    out = {
        "point": list(request.point),
        "hessian": result.hessians[0],
        "eigenvalues": result.eigenvalues[0],
        "eigenvectors": result.eigenvectors[0],
        "gd_stable_lr": gd_stable_lr(high),
        "polyak": None if polyak is None else {"lr": polyak[0], "momentum": polyak[1]},
    }
    if request.points is not None:
        # float32, like the paths they come with: the race draws the ellipse of
        # the current step from these without another request.
        out["path_eigenvalues"] = float32(result.eigenvalues[1:])
        out["path_eigenvectors"] = float32(result.eigenvectors[1:])
    return out
