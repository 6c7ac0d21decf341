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

``encode_binary`` (a frame -> bytes, or None to keep it JSON) sends the frames
it accepts as binary messages, to a client that asked for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator

import orjson
from fastapi import WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from thalweg.api.errors import plain_errors
from thalweg.config import get_settings
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

FrameSource = Callable[[str], Iterator[dict]]
BinaryEncoder = Callable[[dict], bytes | None]
logger = logging.getLogger(__name__)


def origin_allowed(websocket: WebSocket) -> bool:
    """No Origin (a script), the server's own, or one the settings allow."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    own = {f"{scheme}://{websocket.headers.get('host', '')}" for scheme in ("http", "https")}
    return origin in own or origin in get_settings().allowed_origins


async def serve(
    websocket: WebSocket, frames: FrameSource, encode_binary: BinaryEncoder | None = None
) -> None:
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
            task = asyncio.create_task(_answer(websocket, text, frames, encode_binary))
    except WebSocketDisconnect:
        pass
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _answer(
    websocket: WebSocket, text: str, frames: FrameSource, encode_binary: BinaryEncoder | None
) -> None:
    counter = websocket.app.state.streams
    counter["active"] += 1
    message_id = _peek_id(text)
    try:
        source = frames(text)  # a generator: validation and work happen in next()
        while (frame := await run_in_threadpool(next, source, None)) is not None:
            frame = {**frame, "id": message_id}
            binary = encode_binary(frame) if encode_binary else None
            if binary is None:
                await _send(websocket, frame)
            else:
                await websocket.send_bytes(binary)
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
        value = orjson.loads(text).get("id")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return value if isinstance(value, int) and 0 <= value <= 2**53 else None


async def _send(websocket: WebSocket, frame: dict) -> None:
    await websocket.send_text(dumps(frame).decode())
