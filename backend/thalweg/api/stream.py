"""The WebSocket stream: a scene in, landscape and trajectory frames out.

Protocol (docs/protocol.md): the client sends ``scene`` messages; each new one
cancels the scene in flight. The server answers with ``landscape``, then
``segments`` frames as chunks are computed, then ``done``, or with ``error``.
Computation runs in the thread pool one chunk at a time, so a cancel or a
disconnect stops the work at the next chunk boundary and nothing is left
running.
"""

from __future__ import annotations

import asyncio
import contextlib

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from thalweg.config import get_settings
from thalweg.schemas import SceneMessage
from thalweg.services import landscape, trajectories
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

router = APIRouter()


@router.websocket("/api/stream")
async def stream(websocket: WebSocket) -> None:
    await websocket.accept()
    counter = websocket.app.state.streams
    task: asyncio.Task | None = None
    try:
        while True:
            text = await websocket.receive_text()
            if task is not None:
                task.cancel()
            if len(text) > get_settings().max_message_bytes:
                await _send(websocket, {"type": "error", "id": None, "detail": "message too large"})
                continue
            task = asyncio.create_task(_scene(websocket, text, counter))
    except WebSocketDisconnect:
        pass
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _scene(websocket: WebSocket, text: str, counter: dict) -> None:
    counter["active"] += 1
    scene_id = _scene_id(text)
    try:
        scene = SceneMessage.model_validate_json(text)
        if scene.landscape is not None:
            frame = await run_in_threadpool(landscape.compute, scene.landscape)
            await _send(websocket, {"type": "landscape", "id": scene_id, **frame})
        if scene.trajectories is not None:
            frames = trajectories.stream(scene.trajectories)  # runs lazily, chunk by chunk
            while (frame := await run_in_threadpool(next, frames, None)) is not None:
                await _send(websocket, {**frame, "id": scene_id})
    except ValidationError as error:
        detail = error.errors(include_url=False, include_input=False)
        await _send(websocket, {"type": "error", "id": scene_id, "detail": _plain(detail)})
    except UnprocessableError as error:
        await _send(websocket, {"type": "error", "id": scene_id, "detail": str(error)})
    finally:
        counter["active"] -= 1


def _scene_id(text: str) -> int | None:
    """The message's id even when the rest is invalid, so its error frame carries it."""
    try:
        value = orjson.loads(text).get("id")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return value if isinstance(value, int) and 0 <= value <= 2**53 else None


def _plain(errors: list[dict]) -> list[dict]:
    """Pydantic errors with their context made JSON-safe (exceptions -> text)."""
    return [
        {**e, "ctx": {k: _json_safe(v) for k, v in e["ctx"].items()}} if "ctx" in e else e
        for e in errors
    ]


def _json_safe(value: object) -> object:
    return value if isinstance(value, int | float | str | bool) else str(value)


async def _send(websocket: WebSocket, frame: dict) -> None:
    await websocket.send_text(dumps(frame).decode())
