"""The Networks view: catalog, one-shot training runs, activation curves, and the stream.

Plain ``def`` handlers for JAX work (FastAPI runs them in its thread pool). The
WebSocket follows ``api/stream.py``: each ``train`` message cancels the run in
flight, which stops at the next chunk boundary (docs/protocol.md, "Networks").
"""

from __future__ import annotations

import asyncio
import contextlib
import functools

import orjson
from fastapi import APIRouter, Response, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from thalweg.api.responses import json_response
from thalweg.config import get_settings
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
from thalweg.services.errors import UnprocessableError

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


@router.websocket("/stream")
async def stream(websocket: WebSocket) -> None:
    await websocket.accept()
    task: asyncio.Task | None = None
    try:
        while True:
            text = await websocket.receive_text()
            if task is not None:
                task.cancel()
            if len(text) > get_settings().max_message_bytes:
                await _send(websocket, {"type": "error", "id": None, "detail": "message too large"})
                continue
            task = asyncio.create_task(_train(websocket, text))
    except WebSocketDisconnect:
        pass
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _train(websocket: WebSocket, text: str) -> None:
    counter = websocket.app.state.streams
    counter["active"] += 1
    message_id = _peek_id(text)
    try:
        message = Message.validate_json(text)
        if isinstance(message, CancelMessage):
            await _send(websocket, {"type": "cancelled", "id": message.id})
            return
        frames = networks.stream(message)  # lazy: one compiled chunk per next()
        while (frame := await run_in_threadpool(next, frames, None)) is not None:
            await _send(websocket, {**frame, "id": message_id})
    except ValidationError as error:
        detail = error.errors(include_url=False, include_input=False)
        await _send(websocket, {"type": "error", "id": message_id, "detail": _plain(detail)})
    except UnprocessableError as error:
        await _send(websocket, {"type": "error", "id": message_id, "detail": str(error)})
    finally:
        counter["active"] -= 1


def _peek_id(text: str) -> int | None:
    """The message's id if it has a usable one, so even an invalid message's error is matched."""
    with contextlib.suppress(orjson.JSONDecodeError):
        value = orjson.loads(text)
        if isinstance(value, dict) and isinstance(value.get("id"), int):
            return value["id"]
    return None


def _plain(errors: list[dict]) -> list[dict]:
    """Pydantic errors with their context made JSON-safe (exceptions -> text)."""
    return [
        {**e, "ctx": {k: str(v) for k, v in e["ctx"].items()}} if "ctx" in e else e for e in errors
    ]


async def _send(websocket: WebSocket, frame: dict) -> None:
    await websocket.send_text(dumps(frame).decode())
