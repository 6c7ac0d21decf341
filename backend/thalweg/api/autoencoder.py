"""The autoencoder (the Generative view's second mode): one-shot runs and the stream.

A plain ``def`` handler for JAX work (FastAPI runs it in its thread pool). The
WebSocket uses the loop of ``api/sockets.py``: each ``train`` message cancels the
run in flight at the next chunk boundary (docs/protocol.md, "Autoencoder").
"""

from __future__ import annotations

from fastapi import APIRouter, Response, WebSocket

from thalweg.api import sockets
from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS, json_response
from thalweg.schemas_autoencoder import (
    AutoencoderMessage,
    AutoencoderRequest,
    AutoencoderResponse,
)
from thalweg.services import autoencoder

router = APIRouter(prefix="/api/autoencoder", tags=["autoencoder"], responses=ERRORS | BUSY)


@router.post("/run", responses={200: {"model": AutoencoderResponse}})
def run(request: AutoencoderRequest, _: ClientSlot) -> Response:
    """Train to the end: the digits' labels, the snapshots and the batch losses."""
    return json_response(autoencoder.run(request))


train_frames = sockets.training_frames(AutoencoderMessage, autoencoder.stream)


@router.websocket("/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, train_frames)
