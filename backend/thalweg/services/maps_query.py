"""A Maps page link -> the stability or basin map request its page would send.

The server side of ``frontend/js/views/maps/state.js`` (its table ``PROPS``, the
``axis`` type and ``sceneOf``), of the catalog fitting in ``maps/main.js``
(``fit``) and of ``request`` in ``maps/view.js``, read with the networks view's
codec (services/networks_query.py). ``thalweg code`` and ``GET /api/code`` use it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from thalweg.compute.surfaces import SURFACES
from thalweg.config import get_settings
from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
from thalweg.services.errors import UnprocessableError, readable
from thalweg.services.networks_query import READERS, Prop, _number, parse

KINDS = ("stability", "basins")
LOG_LR = {"name": "lr", "min": 0.01, "max": 1, "scale": "log"}
MOMENTUM = {"name": "momentum", "min": 0, "max": 0.99, "scale": "linear"}


def _axis(text: str) -> dict[str, Any] | None:
    """state.js's ``axis``: ``name:min:max:scale``, e.g. ``lr:0.01:1:log``."""
    name, low, high, scale = [*text.split(":"), "", "", ""][:4]
    low_value, high_value = _number(low), _number(high)
    if not re.fullmatch(r"\w+", name, re.ASCII):
        return None
    if low_value is None or high_value is None or not low_value < high_value:
        return None
    if scale not in ("log", "linear") or (scale == "log" and low_value <= 0):
        return None
    return {"name": name, "min": low_value, "max": high_value, "scale": scale}


def _props() -> tuple[Prop, ...]:
    limits = get_settings().curvature
    return (  # state.js PROPS, row by row
        Prop("kind", "map", "string", "stability", values=KINDS),
        Prop("surface", "surface", "string", "ill_conditioned"),
        Prop("surfaceParams", "sp", "dict", {}),
        Prop("optimizer", "opt", "string", "momentum"),
        Prop("hp", "hp", "dict", {}),
        Prop("x", "x", "axis", LOG_LR),
        Prop("y", "y", "axis", MOMENTUM),
        Prop("count", "n", "int", 128, 2, limits.max_axis_count),
        Prop("color", "color", "string", "loss", values=("loss", "steps", "status")),
        Prop("basinSurface", "bsurface", "string", "himmelblau"),
        Prop("basinParams", "bsp", "dict", {}),
        Prop("basinOptimizer", "bopt", "string", "gd"),
        Prop("basinHp", "bhp", "dict", {"lr": 0.01}),
        Prop("resolution", "res", "int", 128, 2, limits.max_basin_resolution),
        Prop("steps", "steps", "int", 200, 1, 10000),
        Prop("tolerance", "tol", "number", 1e-6, 0, 1e6),
    )


def fit(state: dict[str, Any]) -> dict[str, Any]:
    """main.js ``fit``: an unknown (or game) surface or an optimizer not on maps -> the default."""
    state = dict(state)
    defaults = {p.name: p.default for p in _props()}
    on_maps = get_settings().curvature.map_step_cost
    for key in ("surface", "basinSurface"):
        spec = SURFACES.get(state[key])
        if spec is None or spec.kind == "game":
            state[key] = defaults[key]
    for key in ("optimizer", "basinOptimizer"):
        if state[key] not in on_maps:
            state[key] = defaults[key]
    return state


def request_of(query: str) -> StabilityRequest | BasinsRequest:
    """The map request the page of ``query`` sends (view.js ``request``), validated
    (the server's 422 text if not)."""
    state = fit(parse(query, _props(), {**READERS, "axis": _axis}))
    basins = state["kind"] == "basins"
    # sceneOf: each map keeps its own surface, optimizer and hyperparameters
    surface, params, optimizer, hp = (
        ("basinSurface", "basinParams", "basinOptimizer", "basinHp")
        if basins
        else ("surface", "surfaceParams", "optimizer", "hp")
    )
    body = {
        "surface": state[surface],
        "surface_params": state[params] or None,
        "optimizer": state[optimizer],
        "hyperparameters": state[hp],
        "steps": state["steps"],
        "tolerance": state["tolerance"],
    }
    try:
        if basins:
            return BasinsRequest.model_validate(body | {"resolution": state["resolution"]})
        axes = {key: state[key] | {"count": state["count"]} for key in ("x", "y")}
        return StabilityRequest.model_validate(body | axes)
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None
