"""Computations: trajectories, landscapes, sweeps, gradient checks, computation graphs.

Plain ``def`` handlers: FastAPI runs them in its thread pool, so JAX work never
blocks the event loop.
"""

from fastapi import APIRouter, Response

from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS, json_response
from thalweg.schemas import (
    GradientCheckRequest,
    GradientCheckResponse,
    GraphRequest,
    GraphResponse,
    LandscapeRequest,
    LandscapeResponse,
    SweepRequest,
    SweepResponse,
    TrajectoryRequest,
    TrajectoryResponse,
)
from thalweg.services import gradient_check, graph, landscape, sweep, trajectories

router = APIRouter(prefix="/api", tags=["compute"], responses=ERRORS | BUSY)


@router.post("/trajectories", responses={200: {"model": TrajectoryResponse}})
def post_trajectories(request: TrajectoryRequest, _: ClientSlot) -> Response:
    """Optimizer runs from one start on one surface, each to its stop."""
    return json_response(trajectories.compute(request))


@router.post("/landscape", responses={200: {"model": LandscapeResponse}})
def post_landscape(request: LandscapeRequest, _: ClientSlot) -> Response:
    """f on a grid (``z[j][i] = f(x[i], y[j])``) and the negative-gradient field."""
    return json_response(landscape.compute(request))


@router.post("/sweep", responses={200: {"model": SweepResponse}})
def post_sweep(request: SweepRequest, _: ClientSlot) -> Response:
    """One optimizer over many learning rates; the best by final loss."""
    return json_response(sweep.compute(request))


@router.post("/gradient-check", responses={200: {"model": GradientCheckResponse}})
def post_gradient_check(request: GradientCheckRequest, _: ClientSlot) -> Response:
    """∇f at a point by JAX and by forward and central differences over steps δ."""
    return json_response(gradient_check.compute(request))


@router.post("/graph", responses={200: {"model": GraphResponse}})
def post_graph(request: GraphRequest, _: ClientSlot) -> Response:
    """An expression's computation graph at a point: forward values, backward adjoints."""
    return json_response(graph.compute(request))
