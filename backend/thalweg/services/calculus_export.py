"""Gradient-check and computation-graph links -> what their views ask the server.

Each view asks one question (``POST /api/gradient-check`` or ``POST /api/graph``)
about f at a point, so its offline file holds that one answer and the catalogs;
``js/calculus-offline-api.js`` answers from them. Both cost what one REST request
costs (within ``work_budget_seconds``). The link's keys are the race's
(scene_query.py: surface, f, domain, sp, start), as the views read them.
"""

from __future__ import annotations

from pydantic import ValidationError

from thalweg.schemas import GradientCheckRequest, GraphRequest, SurfaceRequest
from thalweg.services import catalog, gradient_check, graph
from thalweg.services.errors import UnprocessableError, readable
from thalweg.services.scene_query import DEFAULT_DOMAIN, parse
from thalweg.services.surfaces import resolve

# js/graph/main.js DEFAULT_GRAPH: the graph view's f when the link names none.
DEFAULT_GRAPH = "(1 - x)^2 + 100*(y - x^2)^2"


def _catalogs() -> dict:
    return {"surfaces": catalog.surfaces(), "optimizers": catalog.optimizers()}


def check_request(query: str) -> GradientCheckRequest:
    """What the gradient-check view asks of the link's f at its start (422 text if invalid)."""
    scene = parse(query)
    try:
        return GradientCheckRequest.model_validate(
            {
                "surface": scene.surface_field(),
                "surface_params": scene.surface_params or None,
                "point": scene.start,
            }
        )
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def check_payload(query: str) -> dict:
    """{catalogs, answer}: the gradient check of the link's f at its start."""
    return {"catalogs": _catalogs(), "answer": gradient_check.compute(check_request(query))}


def graph_request(query: str) -> GraphRequest:
    """What the graph view asks of the link's typed f at its start (422 text if invalid)."""
    scene = parse(query)
    expression = scene.expression or DEFAULT_GRAPH
    domain = scene.domain or DEFAULT_DOMAIN
    try:
        surface = SurfaceRequest.model_validate(
            {"surface": {"expression": expression, "domain": domain}}
        )
        point = scene.start or resolve(surface).start
        return GraphRequest.model_validate({"expression": expression, "point": point})
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def graph_payload(query: str) -> dict:
    """{catalogs, answer}: the computation graph of the link's typed f at its start."""
    return {"catalogs": _catalogs(), "answer": graph.compute(graph_request(query))}
