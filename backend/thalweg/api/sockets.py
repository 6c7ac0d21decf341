"""The WebSocket loop every stream shares: latest message wins, frames chunk by chunk.

A message is turned into a lazy generator of frames, run in the thread pool
one compiled chunk per ``next``; the frames of one trip there (``_slice``) are
encoded there too and sent together. A socket computes one message at a time:
a newer message supersedes the one in flight, which never starts its next
chunk (a frame already computed is still sent), and messages that arrive
meanwhile collapse to the latest (a student dragging a slider sends one every
few milliseconds). Cancelling the
task instead left its chunk running in the pool while the next one started,
so a busy hall filled the pool with answers nobody would read. A disconnect
stops the work the same way and nothing is left running (``/api/health``
counts the active streams). Every frame carries the message's ``id``, errors
included.

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
import functools
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
from fastapi import WebSocket, WebSocketDisconnect, status
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import from_json

from thalweg.api.errors import plain_errors
from thalweg.config import get_settings
from thalweg.schemas_networks import CancelMessage
from thalweg.services.encoding import dumps
from thalweg.services.errors import UnprocessableError

FrameSource = Callable[[str], Iterator[dict]]
BinaryEncoder = Callable[[dict], bytes | None]
logger = logging.getLogger(__name__)
# Longest a computed frame waits for the frames after it, to go out together:
# one frame at 60 Hz, so a long scene still grows on screen every frame.
SLICE_SECONDS = 0.016


def training_frames(train: type[BaseModel], stream: Callable[[Any], Iterator[dict]]) -> FrameSource:
    """The frames of a view that trains: ``train`` messages stream (one compiled chunk
    per ``next``), a ``cancel`` message is answered ``cancelled``."""
    message = TypeAdapter(train | CancelMessage)

    def frames(text: str) -> Iterator[dict]:
        parsed = message.validate_json(text)
        if isinstance(parsed, CancelMessage):
            yield {"type": "cancelled"}
            return
        yield from stream(parsed)

    return frames


def origin_allowed(websocket: WebSocket) -> bool:
    """No Origin (a script), the server's own, or one the settings allow.

    The server's own host is its ``Host`` header, or the ``X-Forwarded-Host`` a
    proxy sets (a page's script cannot set either on a WebSocket).
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    hosts = {websocket.headers.get("host"), websocket.headers.get("x-forwarded-host")} - {None}
    own = {f"{scheme}://{host}" for scheme in ("http", "https") for host in hosts}
    return origin in own or origin in get_settings().allowed_origins


class _Mailbox:
    """The newest message not yet taken, and how many have been put."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.count = 0
        self.ready = asyncio.Event()

    def put(self, text: str) -> None:
        self.text, self.count = text, self.count + 1
        self.ready.set()

    def newer_than(self, count: int) -> bool:
        """Has a message been put since the ``count``-th?"""
        return self.count != count

    async def take(self) -> tuple[str, int]:
        await self.ready.wait()
        self.ready.clear()
        text, self.text = self.text, None
        return text, self.count


async def serve(
    websocket: WebSocket, frames: FrameSource, encode_binary: BinaryEncoder | None = None
) -> None:
    """Answer each text message with the frames of ``frames(text)``."""
    if not origin_allowed(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="origin not allowed")
        return
    await websocket.accept()
    mailbox = _Mailbox()
    worker = asyncio.create_task(_work(websocket, frames, mailbox, encode_binary))
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                await _send(websocket, _refusal("binary messages are not accepted: send JSON text"))
            elif len(text) > get_settings().max_message_bytes:
                await _send(websocket, _refusal("message too large"))
            else:
                mailbox.put(text)
    except WebSocketDisconnect:
        pass
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await worker


async def _work(
    websocket: WebSocket,
    frames: FrameSource,
    mailbox: _Mailbox,
    encode_binary: BinaryEncoder | None,
) -> None:
    """Answer the newest message, one at a time, until the socket closes."""
    while True:
        text, number = await mailbox.take()
        superseded = functools.partial(mailbox.newer_than, number)
        await _answer(websocket, text, frames, superseded, encode_binary)


async def _answer(
    websocket: WebSocket,
    text: str,
    frames: FrameSource,
    superseded: Callable[[], bool],
    encode_binary: BinaryEncoder | None,
) -> None:
    counter = websocket.app.state.streams
    counter["active"] += 1
    message_id = _peek_id(text)
    try:
        source = frames(text)  # a generator: validation and work happen in next()
        finished = False
        while not finished and not superseded():
            messages, finished, error = await anyio.to_thread.run_sync(
                _slice,
                source,
                superseded,
                message_id,
                encode_binary,
                limiter=websocket.app.state.stream_limiter,
            )
            for message in messages:
                if isinstance(message, bytes):
                    await websocket.send_bytes(message)
                else:
                    await websocket.send_text(message)
            if error is not None:
                raise error
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


def _slice(
    source: Iterator[dict],
    superseded: Callable[[], bool],
    message_id: int | None,
    encode_binary: BinaryEncoder | None,
) -> tuple[list[str | bytes], bool, Exception | None]:
    """The next frames of ``source``, encoded, from one trip to the thread pool.

    Frames are taken until the source ends (``finished``), a newer message
    arrives (the next chunk is then never started), or ``SLICE_SECONDS``
    have passed. A scene's last chunk and its ``done`` thus go out together:
    one trip per frame cost the page 1-8 ms between them (benchmarks/bench_slider.py)
    and the event loop the encoding. A frame once computed is sent, never
    dropped. An error ends the slice; the frames before it go out first.
    """
    messages: list[str | bytes] = []
    deadline = time.monotonic() + SLICE_SECONDS
    try:
        while not superseded():
            frame = next(source, None)
            if frame is None:
                return messages, True, None
            frame = {**frame, "id": message_id}
            binary = encode_binary(frame) if encode_binary else None
            messages.append(dumps(frame).decode() if binary is None else binary)
            if time.monotonic() > deadline:
                break
    except Exception as error:  # raised again on the event loop, after these frames
        return messages, True, error
    return messages, False, None


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
