"""The Networks view: catalog, one-shot training runs, activation curves, and the stream.

Plain ``def`` handlers for JAX work (FastAPI runs them in its thread pool). The
WebSocket uses the loop of ``api/sockets.py``: each ``train`` message cancels the run in
flight, which stops at the next chunk boundary (docs/protocol.md, "Networks").
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from fastapi import APIRouter, Response, WebSocket
from pydantic import TypeAdapter

from thalweg.api import sockets
from thalweg.api.responses import json_response
from thalweg.schemas import ErrorOut
from thalweg.schemas_networks import (
    ActivationCurve,
    ActivationRequest,
    CancelMessage,
    NetworkRequest,
    NetworkResponse,
    TrainMessage,
)
from thalweg.services import networks, networks_catalog
from thalweg.services.encoding import dumps

router = APIRouter(prefix="/api/networks", tags=["networks"], responses={422: {"model": ErrorOut}})
Message = TypeAdapter(TrainMessage | CancelMessage)


@functools.lru_cache(maxsize=1)
def _catalog() -> bytes:
    return dumps(networks_catalog.catalog())  # static: encode once


@router.get("/catalog")
def catalog() -> Response:
    """Data sets, activations (with sampled f and f'), losses, model kinds, init schemes, limits."""
    return Response(content=_catalog(), media_type="application/json")


@router.post("/run", responses={200: {"model": NetworkResponse}})
def run(request: NetworkRequest) -> Response:
    """Train to the end; the data, the history, the decision grid and the landscape."""
    return json_response(networks.run(request))


@router.post("/activation", responses={200: {"model": ActivationCurve}})
def activation(request: ActivationRequest) -> Response:
    """f(z) and f'(z) (by jax.grad) of one activation on [lo, hi]."""
    return json_response(networks_catalog.activation_curve(request))


def train_frames(text: str) -> Iterator[dict]:
    message = Message.validate_json(text)
    if isinstance(message, CancelMessage):
        yield {"type": "cancelled"}
        return
    yield from networks.stream(message)  # lazy: one compiled chunk per next()


@router.websocket("/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, train_frames)
