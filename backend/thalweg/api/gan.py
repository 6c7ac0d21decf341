"""The GAN view: one-shot training runs and the stream.

Plain ``def`` handlers for JAX work (FastAPI runs them in its thread pool). The
WebSocket uses the loop of ``api/sockets.py``: each ``train`` message cancels
the run in flight, which stops at the next chunk boundary (docs/protocol.md, "GAN").
"""

from __future__ import annotations

from fastapi import APIRouter, Response, WebSocket

from thalweg.api import sockets
from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS, json_response
from thalweg.schemas_gan import GanRequest, GanResponse, TrainMessage
from thalweg.services import gan, gan_catalog
from thalweg.services.encoding import dumps

router = APIRouter(prefix="/api/gan", tags=["gan"], responses=ERRORS | BUSY)


@router.get("/catalog")
def catalog() -> Response:
    """Distributions, losses, penalties, the players' optimizers, activations, limits."""
    return Response(content=dumps(gan_catalog.catalog()), media_type="application/json")


@router.post("/run", responses={200: {"model": GanResponse}})
def run(request: GanRequest, _: ClientSlot) -> Response:
    """Train to the end: the real points, the snapshots, the loss and distance history."""
    return json_response(gan.run(request))


train_frames = sockets.training_frames(TrainMessage, gan.stream)


@router.websocket("/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, train_frames)
