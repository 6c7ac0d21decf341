"""The WebSocket loop both streams share: latest message wins, frames chunk by chunk.

Each message replaces the one in flight (its task is cancelled). A message is
turned into a lazy generator of frames; every ``next`` runs in the thread pool,
one compiled chunk at a time, so a cancel or a disconnect stops the work at the
next chunk boundary and nothing is left running (``/api/health`` counts the
active streams). Every frame carries the message's ``id``, errors included.

A page of another origin may not open a stream (a student's browser would
otherwise compute for any site it visits): the ``Origin`` header, when sent,
must be the server's own or one of ``Settings.allowed_origins``; scripts send
none. A binary message gets an error frame and the socket stays open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator

from fastapi import WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError
from pydantic_core import from_json
from starlette.concurrency import run_in_threadpool

from thalweg.api.errors import plain_errors
from thalweg.config import get_settings
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

FrameSource = Callable[[str], Iterator[dict]]
logger = logging.getLogger(__name__)


def origin_allowed(websocket: WebSocket) -> bool:
    """No Origin (a script), the server's own, or one the settings allow."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    own = {f"{scheme}://{websocket.headers.get('host', '')}" for scheme in ("http", "https")}
    return origin in own or origin in get_settings().allowed_origins


async def serve(websocket: WebSocket, frames: FrameSource) -> None:
    """Answer each text message with the frames of ``frames(text)``."""
    if not origin_allowed(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="origin not allowed")
        return
    await websocket.accept()
    task: asyncio.Task | None = None
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                await _send(websocket, _refusal("binary messages are not accepted: send JSON text"))
                continue
            if task is not None:
                task.cancel()
            if len(text) > get_settings().max_message_bytes:
                await _send(websocket, _refusal("message too large"))
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
        detail = plain_errors(error.errors(include_url=False), with_input=False)
        await _send(websocket, {"type": "error", "id": message_id, "detail": detail})
    except UnprocessableError as error:
        await _send(websocket, {"type": "error", "id": message_id, **error.payload()})
    except WebSocketDisconnect:
        pass  # the page left; nothing to tell
    except Exception:
        # A fault of ours: say so rather than leave the page waiting for a frame.
        logger.exception("stream failed on message %s", message_id)
        await _send(websocket, {"type": "error", "id": message_id, "detail": "internal error"})
    finally:
        counter["active"] -= 1


def _refusal(detail: str) -> dict:
    return {"type": "error", "id": None, "detail": detail}


def _peek_id(text: str) -> int | None:
    """The message's id even when the rest is invalid, so its error frame carries it."""
    try:
        # pydantic's parser, as the message's own: orjson refuses numbers like 1e400.
        value = from_json(text).get("id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and 0 <= value <= 2**53 else None


async def _send(websocket: WebSocket, frame: dict) -> None:
    await websocket.send_text(dumps(frame).decode())
