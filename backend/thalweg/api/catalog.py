"""Health and the catalogs that build the UI: surfaces and optimizers."""

from fastapi import APIRouter, Request, Response

from thalweg import __version__
from thalweg.api.responses import json_response
from thalweg.schemas import OptimizerOut, SurfaceOut
from thalweg.services import catalog

router = APIRouter(prefix="/api", tags=["catalog"])


@router.get("/health")
def health(request: Request) -> dict[str, str | int]:
    """Liveness, version, and the number of scenes being streamed right now."""
    return {"status": "ok", "version": __version__, "streams": request.app.state.streams["active"]}


@router.get("/surfaces", responses={200: {"model": list[SurfaceOut]}})
def surfaces() -> Response:
    return json_response(catalog.surfaces())


@router.get("/optimizers", responses={200: {"model": list[OptimizerOut]}})
def optimizers() -> Response:
    return json_response(catalog.optimizers())
