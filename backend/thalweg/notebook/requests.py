"""Python arguments -> the REST API's request models, validated by the same pydantic code.

A surface is given as

* a catalog id (``"rosenbrock"``): a string that is one word;
* a typed expression (``"(1-x)^2 + 100*(y-x^2)^2"``): any other string, on
  ``domain`` (default ``DEFAULT_DOMAIN``, the page's), or the REST API's dict
  ``{"expression": ..., "domain": {"x": [...], "y": [...]}}``;
* a Python function ``f(x, y)`` of jax.numpy on ``domain``. The request models
  accept only ids and expressions, so for a function the models below replace
  the ``surface`` field by the resolved surface; every other field is
  validated exactly as the REST API validates it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import InstanceOf

from thalweg.notebook.errors import validate
from thalweg.notebook.functions import SurfaceFunction, function_objective
from thalweg.schemas import Domain, LandscapeRequest, SweepRequest, TrajectoryRequest
from thalweg.schemas_curvature import BasinsRequest, CurvatureRequest, StabilityRequest
from thalweg.services.surfaces import ResolvedSurface, unregistered

DEFAULT_DOMAIN = ((-3.0, 3.0), (-3.0, 3.0))  # frontend/js/surface-panel.js
_WORD = re.compile(r"\w+")

Surface = str | Mapping[str, Any] | SurfaceFunction
DomainLike = Sequence[Sequence[float]] | Mapping[str, Sequence[float]]
RunLike = str | Mapping[str, Any]


class FunctionTrajectoryRequest(TrajectoryRequest):
    surface: InstanceOf[ResolvedSurface]


class FunctionLandscapeRequest(LandscapeRequest):
    surface: InstanceOf[ResolvedSurface]


class FunctionSweepRequest(SweepRequest):
    surface: InstanceOf[ResolvedSurface]


class FunctionCurvatureRequest(CurvatureRequest):
    surface: InstanceOf[ResolvedSurface]


class FunctionStabilityRequest(StabilityRequest):
    surface: InstanceOf[ResolvedSurface]


class FunctionBasinsRequest(BasinsRequest):
    surface: InstanceOf[ResolvedSurface]


FUNCTION_MODELS = {
    TrajectoryRequest: FunctionTrajectoryRequest,
    LandscapeRequest: FunctionLandscapeRequest,
    SweepRequest: FunctionSweepRequest,
    CurvatureRequest: FunctionCurvatureRequest,
    StabilityRequest: FunctionStabilityRequest,
    BasinsRequest: FunctionBasinsRequest,
}


def domain_dict(domain: DomainLike) -> dict[str, Any]:
    """``((x0, x1), (y0, y1))`` or ``{"x": ..., "y": ...}`` as the REST API's dict."""
    if isinstance(domain, Mapping):
        return dict(domain)
    x, y = domain
    return {"x": x, "y": y}


def surface_fields(
    surface: Surface, domain: DomainLike | None, surface_params: Mapping[str, float] | None
) -> dict[str, Any]:
    """The ``surface`` and ``surface_params`` fields of a request."""
    params = None if surface_params is None else dict(surface_params)
    if callable(surface):
        box = validate(Domain, domain_dict(domain or DEFAULT_DOMAIN)).as_tuple()
        resolved = unregistered(function_objective(surface), box)
        return {"surface": resolved, "surface_params": params}
    if isinstance(surface, str) and not _WORD.fullmatch(surface):
        surface = {"expression": surface, "domain": domain_dict(domain or DEFAULT_DOMAIN)}
    return {"surface": surface, "surface_params": params}


def request(model: type, fields: dict[str, Any]) -> Any:
    """``fields`` validated by ``model``, or by its function variant for a Python function."""
    if isinstance(fields["surface"], ResolvedSurface):
        model = FUNCTION_MODELS[model]
    return validate(model, fields)


def run_dict(run: RunLike) -> Any:
    """A run as the REST API takes it; a plain string is an optimizer id with its defaults."""
    return {"optimizer": run} if isinstance(run, str) else run
