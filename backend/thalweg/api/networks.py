"""The Networks view: catalog, one-shot training runs, activation curves, and the stream.

Plain ``def`` handlers for JAX work (FastAPI runs them in its thread pool); ``run``
trains chunk by chunk in the pool and stops when its client has gone. The
WebSocket uses the loop of ``api/sockets.py``: each ``train`` message cancels the run in
flight, which stops at the next chunk boundary (docs/protocol.md, "Networks").
"""

from __future__ import annotations

import functools

from fastapi import APIRouter, Request, Response, WebSocket
from starlette.concurrency import run_in_threadpool

from thalweg.api import sockets
from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS, json_response
from thalweg.config import get_settings
from thalweg.schemas_networks import (
    ActivationCurve,
    ActivationRequest,
    NetworkRequest,
    NetworkResponse,
    TrainMessage,
)
from thalweg.services import networks, networks_catalog
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

router = APIRouter(prefix="/api/networks", tags=["networks"], responses=ERRORS)
CLIENT_GONE = 499  # nginx's name for it; nobody reads this answer


@functools.lru_cache(maxsize=1)
def _catalog() -> bytes:
    return dumps(networks_catalog.catalog())  # static: encode once


@router.get("/catalog")
def catalog() -> Response:
    """Data sets, activations (with sampled f and f'), losses, model kinds, init schemes, limits."""
    return Response(content=_catalog(), media_type="application/json")


@router.post("/run", responses={200: {"model": NetworkResponse}, **BUSY})
async def run(request: NetworkRequest, http: Request, _: ClientSlot) -> Response:
    """Train to the end; the data, the history, the decision grid and the landscape.

    At most ``network.max_rest_work`` (steps · samples · parameters, ~2 s); the
    WebSocket stream, which shows its progress, allows ``network.max_work``.
    """
    limit = get_settings().network.max_rest_work
    if (work := request.work()) > limit:
        raise UnprocessableError(
            f"this run needs steps·samples·parameters = {work:.3g}, over the {limit:.0e} a"
            " REST request may cost (~2 s): reduce steps, samples or layer widths, or train"
            " over the stream /api/networks/stream",
            "work_budget",
            seconds=round(work / limit * get_settings().work_budget_seconds, 1),
            limit=get_settings().work_budget_seconds,
        )
    steps = networks.run_steps(request)
    while (response := await run_in_threadpool(next, steps)) is None:
        if await http.is_disconnected():
            return Response(status_code=CLIENT_GONE)
    return json_response(response)


@router.post("/activation", responses={200: {"model": ActivationCurve}})
def activation(request: ActivationRequest) -> Response:
    """f(z) and f'(z) (by jax.grad) of one activation on [lo, hi]."""
    return json_response(networks_catalog.activation_curve(request))


train_frames = sockets.training_frames(TrainMessage, networks.stream)


@router.websocket("/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, train_frames)
