"""Curvature: the Hessian at a point, stability maps and basin maps.

Plain ``def`` handlers: FastAPI runs them in its thread pool, so JAX work never
blocks the event loop.
"""

from fastapi import APIRouter, Response

from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS, json_response
from thalweg.schemas_curvature import (
    BasinsRequest,
    BasinsResponse,
    CurvatureRequest,
    CurvatureResponse,
    StabilityRequest,
    StabilityResponse,
)
from thalweg.services.curvature import basins, local, stability

router = APIRouter(prefix="/api", tags=["curvature"], responses=ERRORS | BUSY)


@router.post("/curvature", responses={200: {"model": CurvatureResponse}})
def post_curvature(request: CurvatureRequest, _: ClientSlot) -> Response:
    """∇²f at a point: eigenvalues, eigenvectors and the largest stable GD step 2/λmax."""
    return json_response(local.compute(request))


@router.post("/stability", responses={200: {"model": StabilityResponse}})
def post_stability(request: StabilityRequest, _: ClientSlot) -> Response:
    """One optimizer over a grid of two hyperparameters: final loss, status, steps."""
    return json_response(stability.compute(request))


@router.post("/basins", responses={200: {"model": BasinsResponse}})
def post_basins(request: BasinsRequest, _: ClientSlot) -> Response:
    """One optimizer from a grid of starts: the minimum each start ends in."""
    return json_response(basins.compute(request))
