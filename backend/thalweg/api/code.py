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
    # Work, measured on this machine (CPU seconds of one core, 2026-11-30):
    # - a race: a 200-term expression with 16 runs, 64 ms on the first call (tracing the
    #   surface once), ~10 ms after; bounded by TrajectoryRequest's limits;
    # - the graph view: 57 nodes of hypot and softplus, 73 ms on the first call; the
    #   gradient check: a 151-term expression, 10 ms (services/code/graph.py, check.py);
    # - a network: 1.4-1.6 s for a model shape the process has not prepared yet (the
    #   trainer's input program and the batch-order program compile; worst: 4 × 64 tanh
    #   on digits, batch 1, 5,000 steps, 305 kB of script), ~40 ms after; bounded by
    #   NetworkRequest's work limit and `max_code_order_rows`. The first digits scene of a
    #   process also imports scikit-learn (1.7 s, once, as POST /api/networks/run does).
    # - a Maps link runs no map (its script does): 56 ms cold (Eggholder), 4-7 ms after.
    # The scene is the query less framework=, which names the script, not the scene.
    scene = "&".join(p for p in request.url.query.split("&") if p.split("=")[0] != "framework")
    text = script(scene, framework)
    return Response(
        content=text,
        media_type="text/x-python; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="thalweg_{framework}.py"'},
    )
