"""Computation-graph requests -> an expression's nodes at a point, and its gradient twice."""

from __future__ import annotations

import jax
import numpy as np

from thalweg.compute.expression_graph import computation_graph, size
from thalweg.compute.expressions import Expression, compile_expression
from thalweg.config import get_settings
from thalweg.schemas import GraphRequest
from thalweg.services.errors import UnprocessableError


def drawable(request: GraphRequest) -> Expression:
    """The request's expression, if its graph is small enough to draw (422 if not)."""
    expression = compile_expression(request.expression)
    limit = get_settings().max_graph_nodes
    nodes = size(expression.tree)
    if nodes > limit:
        raise UnprocessableError(
            f"the computation graph has {nodes} nodes; at most {limit} are drawn",
            "graph_too_large",
            nodes=nodes,
            limit=limit,
        )
    return expression


def compute(request: GraphRequest) -> dict:
    """The whole ``POST /api/graph`` response; NaN and ±inf leave as null (orjson)."""
    expression = drawable(request)
    x, y = request.point
    graph = computation_graph(expression.tree, x, y)
    by_input = {
        name: float(sum(n.adjoint for n in graph if n.kind == "input" and n.label == name))
        for name in "xy"
    }
    exact = jax.grad(lambda w: expression.value(w[0], w[1], np.zeros(0)))(np.asarray([x, y]))
    return {
        "nodes": [node._asdict() for node in graph],
        "point": [x, y],
        "gradient": [by_input["x"], by_input["y"]],
        "jax_gradient": [float(g) for g in exact],
    }
