"""The WebSocket stream: a scene in, landscape and trajectory frames out.

Protocol (docs/protocol.md): the client sends ``scene`` messages; each new one
cancels the scene in flight. The server answers with ``landscape`` (if asked),
then ``segments`` frames as chunks are computed (if runs are asked), then
``done``, or with ``error``: every scene ends in one of the two. A client that
opens ``/api/stream?frames=binary`` gets ``segments`` as binary messages
(services/binary_frames.py); every other frame stays JSON text.

Finished parts of a scene are kept in the worker's result cache
(services/result_cache.py), so a scene asked for again is not computed again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, WebSocket

from thalweg.api import sockets
from thalweg.config import get_settings
from thalweg.schemas import SceneMessage
from thalweg.services import binary_frames, landscape, trajectories
from thalweg.services.result_cache import ResultCache, canonical_key

router = APIRouter()


def scene_frames(text: str, cache: ResultCache) -> Iterator[dict]:
    scene = SceneMessage.model_validate_json(text)
    if scene.landscape is not None:
        request = scene.landscape
        yield from cache.frames(
            canonical_key("landscape", request),
            lambda: iter([{"type": "landscape", **landscape.compute(request)}]),
        )
    if scene.trajectories is None:
        yield {"type": "done", "runs": []}
        return
    runs = scene.trajectories
    limit = get_settings().stream_budget_seconds
    yield from cache.frames(
        canonical_key("trajectories", runs), lambda: trajectories.stream(runs, limit)
    )


@router.websocket("/api/stream")
async def stream(websocket: WebSocket, frames: Literal["json", "binary"] = "json") -> None:
    cache = websocket.app.state.scene_cache
    await sockets.serve(
        websocket,
        lambda text: scene_frames(text, cache),
        encode_binary=binary_frames.encode if frames == "binary" else None,
    )
