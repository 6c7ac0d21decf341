"""``GET /api/code?<scene query>&framework=…``: the scene as a runnable script."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from thalweg.schemas import ErrorOut
from thalweg.services.code.views import script

router = APIRouter(prefix="/api", tags=["export"], responses={422: {"model": ErrorOut}})


@router.get("/code", response_class=Response, responses={200: {"content": {"text/x-python": {}}}})
def get_code(
    request: Request,
    framework: Annotated[Literal["torch", "jax", "keras"], Query()] = "torch",
) -> Response:
    """The scene of the page link whose query this is, as a short script in torch, JAX
    (optax) or Keras: the surface, the optimizers with the scene's hyperparameters, the
    same start, steps and stop rules; it prints the paths as JSON (``--plot``: draws them)."""
    # Worst case measured: a 200-term expression with 16 runs, 64 ms of one core on the
    # first call (tracing the surface once), ~10 ms after; bounded by TrajectoryRequest's limits.
    # A Maps link runs no map (its script does): 56 ms cold (Eggholder), 4-7 ms after.
    # The scene is the query less framework= (the script's docstring prints its link).
    scene = "&".join(p for p in request.url.query.split("&") if p.split("=")[0] != "framework")
    text = script(scene, framework)
    return Response(
        content=text,
        media_type="text/x-python; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="thalweg_{framework}.py"'},
    )
