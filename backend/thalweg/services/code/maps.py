"""A Maps view link -> a script that computes its stability map or basin map.

The script holds the surface (``formula.py``), the framework's optimizer with
the map's fixed hyperparameters (``counterparts.py``; on a stability map the
two varied ones are the factory's arguments), the grid, Thalweg's stop rules
(compute/trajectory.py: converged once ‖∇f‖ < tolerance, diverged at the first
non-finite value or point outside the box, max_steps at k = steps) and, for a
basin map, the labelling of end points by compute/grids.py's very
``label_ends`` (its source is printed into the script). Run, it prints the JSON
``POST /api/stability`` or ``POST /api/basins`` answers for the same request.

How each framework runs the grid: JAX vmaps one run over every cell (the varied
hyperparameters enter optax as arrays); torch and Keras step all runs of a basin
map as one (N, 2) tensor under one optimizer (their rules are elementwise and the
runs share every hyperparameter, so this is exact); a stability map needs one
set of hyperparameters per cell: one param group per cell in torch, one
optimizer per cell in Keras (slow: the Keras script runs a smaller grid by
default, see ``KERAS_COUNT``).
"""

from __future__ import annotations

import inspect

from thalweg.compute import grids
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.config import get_settings
from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
from thalweg.services.code.counterparts import LIBRARY, counterpart
from thalweg.services.code.scripts import FACTORY_ARGUMENT, surface_fields, template
from thalweg.services.errors import UnprocessableError
from thalweg.services.maps_query import request_of
from thalweg.services.surfaces import resolve

# Keras holds one set of hyperparameters per optimizer, and stepping 16,384
# optimizers one by one is slow (~0.5 ms per cell and step, measured in
# maps_keras.py.tmpl's comment): its stability script runs at most this many
# values per axis (~25 s for 200 steps) unless the user raises COUNT.
KERAS_COUNT = 16


class Symbol(str):
    """A hyperparameter that varies over the map: written as its name in the code."""

    def __repr__(self) -> str:
        return str(self)

    def __format__(self, spec: str) -> str:
        return str(self)


def optimizer_code(request: StabilityRequest | BasinsRequest, framework: str) -> str:
    """``def optimizer(…)``: the framework's optimizer with the map's hyperparameters."""
    axes = [request.x.name, request.y.name] if isinstance(request, StabilityRequest) else []
    values = request.run().filled() | {name: Symbol(name) for name in axes}
    found = counterpart(framework, request.optimizer, values)
    if found is None:
        raise UnprocessableError(
            f"{LIBRARY[framework]} has no counterpart of {request.optimizer!r}:"
            f" no {framework} script of this map"
        )
    arguments = ", ".join(filter(None, [FACTORY_ARGUMENT[framework], *axes]))
    varied = f"; {' and '.join(axes)} vary over the map" if axes else ""
    lines = [
        f"def optimizer({arguments}):",
        f'    """{OPTIMIZERS[request.optimizer].name} with the map\'s hyperparameters{varied}."""',
        *([f"    # {found.note}."] if found.note else []),
        f"    return {found.code}",
    ]
    return "\n".join(lines)


def _labelling() -> str:
    """compute/grids.py's labels and ``label_ends``, as the engine runs them."""
    labels = f"DIVERGED_LABEL, NOT_CONVERGED_LABEL, UNLABELLED = {grids.DIVERGED_LABEL}, "
    labels += f"{grids.NOT_CONVERGED_LABEL}, {grids.UNLABELLED}"
    sources = (inspect.getsource(grids.Labels), inspect.getsource(grids.label_ends))
    return "\n\n".join([labels, *sources])


def _stability_fields(request: StabilityRequest, surface, framework: str) -> dict[str, str]:
    start = request.start or surface.start
    count = "COUNT = None  # values per axis: None takes each axis's count"
    if framework == "keras" and max(request.x.count, request.y.count) > KERAS_COUNT:
        count = (
            f"COUNT = {KERAS_COUNT}  # values per axis here; the view's map has"
            f" {request.x.count} × {request.y.count}: COUNT = None runs it (slow, see run_all)"
        )
    constants = [
        f"START = {tuple(float(v) for v in start)!r}  # every run starts here",
        "# (hyperparameter, first value, last value, count, scale) of each axis",
        *(
            f"{key}_AXIS = {(a.name, a.min, a.max, a.count, a.scale)!r}"
            for key, a in (("X", request.x), ("Y", request.y))
        ),
        count,
    ]
    return {
        "constants": "\n".join(constants),
        "typing": "",
        "kind": "stability map",
        "route": "POST /api/stability",
        "output": '{"x": [...], "y": [...], "final_loss": [[...]] (null: diverged),\n'
        '     "status": [[...]], "steps_taken": [[...]]},',
    }


def _basins_fields(request: BasinsRequest, surface) -> dict[str, str]:
    limits = get_settings().curvature
    domain = request.domain.as_tuple() if request.domain else surface.domain
    (x0, x1), (y0, y1) = domain
    constants = [
        f"DOMAIN = {tuple(tuple(float(v) for v in a) for a in domain)!r}  # ((x0, x1), (y0, y1))",
        f"RESOLUTION = {request.resolution}  # starts per side of the grid over DOMAIN",
        "# The catalog's minima: a converged run that ends within RADIUS of one ends in it;",
        "# other end points are clustered into at most MAX_FOUND minima more (label_ends).",
        f"MINIMA = {[(float(m.x), float(m.y)) for m in surface.minima]!r}",
        f"RADIUS = {limits.basin_radius * max(x1 - x0, y1 - y0)!r}",
        f"MAX_FOUND = {limits.max_found_minima}",
    ]
    return {
        "constants": "\n".join(constants),
        "typing": "from typing import NamedTuple\n",
        "labelling": _labelling(),
        "kind": "basin map",
        "route": "POST /api/basins",
        "output": '{"x": [...], "y": [...], "minimum": [[...]], "steps_taken": [[...]],\n'
        '     "minima": [[x, y], ...], "known_minima": n}\n'
        "minimum: an index into minima (the catalog's known_minima first, then those\n"
        "found), -1 diverged, -2 not converged, -3 converged beyond MAX_FOUND minima;",
    }


def maps_script(query: str, framework: str) -> str:
    """The map the Maps view link ``query`` shows, as a ``framework`` script (views.py)."""
    request = request_of(query)
    surface = resolve(request)
    fields = surface_fields(request, surface, framework)
    if isinstance(request, StabilityRequest):
        kind, grid = "stability", _stability_fields(request, surface, framework)
    else:
        kind, grid = "basins", _basins_fields(request, surface)
    fields |= grid
    fields |= {
        "title": f"{fields['surface_name']}: Thalweg's {fields['kind']} of"
        f" {OPTIMIZERS[request.optimizer].name}"
        f" in {LIBRARY[framework]}",
        "link": f"/maps.html?{query}",  # the view of the map, on any Thalweg server
        "optimizer": optimizer_code(request, framework),
    }
    parts = [
        template("maps_head").substitute(fields),
        template(f"maps_{framework}").substitute(fields),
        *([template("maps_steps").template] if framework != "jax" else []),
        template(f"maps_{kind}").substitute(fields),
    ]
    return "".join(parts)
