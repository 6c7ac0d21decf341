"""The WebSocket loop both streams share: latest message wins, frames chunk by chunk.

Each message replaces the one in flight (its task is cancelled). A message is
turned into a lazy generator of frames; every ``next`` runs in the thread pool,
one compiled chunk at a time, so a cancel or a disconnect stops the work at the
next chunk boundary and nothing is left running (``/api/health`` counts the
active streams). Every frame carries the message's ``id``, errors included.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator

import orjson
from fastapi import WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from thalweg.config import get_settings
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

FrameSource = Callable[[str], Iterator[dict]]


async def serve(websocket: WebSocket, frames: FrameSource) -> None:
    """Answer each text message with the frames of ``frames(text)``."""
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
            task = asyncio.create_task(_answer(websocket, text, frames))
    except WebSocketDisconnect:
        pass
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _answer(websocket: WebSocket, text: str, frames: FrameSource) -> None:
    counter = websocket.app.state.streams
    counter["active"] += 1
    message_id = _peek_id(text)
    try:
        source = frames(text)  # a generator: validation and work happen in next()
        while (frame := await run_in_threadpool(next, source, None)) is not None:
            await _send(websocket, {**frame, "id": message_id})
    except ValidationError as error:
        detail = error.errors(include_url=False, include_input=False)
        await _send(websocket, {"type": "error", "id": message_id, "detail": _plain(detail)})
    except UnprocessableError as error:
        await _send(websocket, {"type": "error", "id": message_id, **error.payload()})
    finally:
        counter["active"] -= 1


def _peek_id(text: str) -> int | None:
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
