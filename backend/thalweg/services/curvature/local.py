"""Curvature requests -> the Hessian at a point (and along a path), with its stable step sizes.

On a game (compute/surfaces.py, kind "game") the answer adds the Jacobian of
its descent–ascent field (compute/game_jacobian.py): the Hessian of V alone
says nothing about whether GDA settles there.
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.curvature import curvature, gd_stable_lr, polyak_optimum
from thalweg.compute.game_jacobian import game_jacobian
from thalweg.compute.game_jacobian import gda_stable_lr as game_stable_lr
from thalweg.schemas_curvature import CurvatureRequest
from thalweg.services.encoding import float32
from thalweg.services.surfaces import resolve


def compute(request: CurvatureRequest) -> dict:
    """∇²f at ``point``: eigenvalues ascending, ``eigenvectors[i]`` for ``eigenvalues[i]``.

    A non-finite Hessian (e.g. outside a typed expression's domain) leaves as
    nulls; so do the step sizes it implies. On a game, the gradient-descent
    step sizes are null and ``game`` holds J, its eigenvalues and GDA's bound;
    a path then comes as ``path_jacobians`` and ``path_game_eigenvalues``.
    """
    surface = resolve(request)
    points = np.asarray([request.point, *(request.points or [])], np.float64)
    if surface.game:
        return _game(surface, request, points)
    result = curvature(surface.objective, surface.params, points)
    low, high = (float(v) for v in result.eigenvalues[0])
    polyak = polyak_optimum(low, high)
    out = {
        **_hessian(result, request),
        "gd_stable_lr": gd_stable_lr(high),
        "polyak": None if polyak is None else {"lr": polyak[0], "momentum": polyak[1]},
    }
    if request.points is not None:
        # float32, like the paths they come with: the race draws the ellipse of
        # the current step from these without another request.
        out["path_eigenvalues"] = float32(result.eigenvalues[1:])
        out["path_eigenvectors"] = float32(result.eigenvectors[1:])
    return out


def _hessian(result, request: CurvatureRequest) -> dict:
    return {
        "point": list(request.point),
        "hessian": result.hessians[0],
        "eigenvalues": result.eigenvalues[0],
        "eigenvectors": result.eigenvectors[0],
    }


def _game(surface, request: CurvatureRequest, points: np.ndarray) -> dict:
    """The Hessian of V at ``point`` (no descent step sizes) and the game's field there."""
    # Only the first point's Hessian is answered: the path's is not computed.
    hessian = curvature(surface.objective, surface.params, points[:1])
    field = game_jacobian(surface.objective, surface.params, points)
    out = {
        **_hessian(hessian, request),
        "gd_stable_lr": None,
        "polyak": None,
        "game": {
            "jacobian": field.jacobians[0],
            "eigenvalues": field.eigenvalues[0],
            "gda_stable_lr": game_stable_lr(field.eigenvalues[0]),
        },
    }
    if request.points is not None:
        out["path_jacobians"] = float32(field.jacobians[1:])
        out["path_game_eigenvalues"] = float32(field.eigenvalues[1:])
    return out
