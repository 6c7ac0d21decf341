"""Resolve a request's surface (registered id or expression) into an objective."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from thalweg.compute.expressions import compile_expression
from thalweg.compute.landscape import Domain
from thalweg.compute.surfaces import SURFACES, Minimum
from thalweg.compute.trajectory import Objective
from thalweg.schemas import ExpressionSurface, SurfaceRequest


@dataclass(frozen=True)
class ResolvedSurface:
    objective: Objective
    params: np.ndarray  # (P,) float64, in the order of the surface's params
    domain: Domain
    start: tuple[float, float]
    log_scale: bool | None  # None: a typed formula's, decided from its grid (landscape.py)
    minima: tuple[Minimum, ...]  # a game's: its equilibria
    game: bool  # min over x, max over y (compute/surfaces.py)
    terms: int | None = None  # a typed expression's size (the work budget's factor)


@functools.lru_cache(maxsize=256)
def _expression_objective(text: str) -> tuple[Objective, int]:
    """The objective and the number of terms of a typed expression."""
    # Equal canonical forms share one Objective key, hence one compiled runner.
    expression = compile_expression(text)
    return Objective(f"expression:{expression.canonical}", expression.value), expression.nodes


def unregistered(
    objective: Objective,
    domain: tuple[tuple[float, float], tuple[float, float]],
    terms: int | None = None,
) -> ResolvedSurface:
    """A surface outside the catalog (typed, or a Python function): no parameters or minima.

    ``terms``: a typed expression's size, which the work budget charges for.
    """
    (x0, x1), (y0, y1) = domain
    return ResolvedSurface(
        objective=objective,
        params=np.zeros(0),
        domain=domain,
        start=(x0 + 0.8 * (x1 - x0), y0 + 0.8 * (y1 - y0)),
        log_scale=None,  # decided from its values (services/landscape.py)
        minima=(),
        game=False,
        terms=terms,
    )


def resolve(request: SurfaceRequest) -> ResolvedSurface:
    surface = request.surface
    if isinstance(surface, ResolvedSurface):  # resolved by the Python API (thalweg.notebook)
        return surface
    if isinstance(surface, ExpressionSurface):
        objective, terms = _expression_objective(surface.expression)
        return unregistered(objective, surface.domain.as_tuple(), terms)
    spec = SURFACES[surface]
    given = request.surface_params or {}
    params = np.asarray([given.get(p.name, p.default) for p in spec.params], np.float64)
    return ResolvedSurface(
        objective=Objective(surface, spec.value),
        params=params,
        domain=spec.domain,
        start=spec.start,
        log_scale=spec.log_scale,
        minima=spec.minima,
        game=spec.kind == "game",
    )
