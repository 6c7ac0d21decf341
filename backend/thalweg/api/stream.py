"""The WebSocket stream: a scene in, landscape and trajectory frames out.

Protocol (docs/protocol.md): the client sends ``scene`` messages; each new one
cancels the scene in flight. The server answers with ``landscape`` (if asked),
then ``segments`` frames as chunks are computed (if runs are asked), then
``done``, or with ``error``: every scene ends in one of the two.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, WebSocket

from thalweg.api import sockets
from thalweg.config import get_settings
from thalweg.schemas import SceneMessage
from thalweg.services import landscape, trajectories

router = APIRouter()


def scene_frames(text: str) -> Iterator[dict]:
    scene = SceneMessage.model_validate_json(text)
    if scene.landscape is not None:
        yield {"type": "landscape", **landscape.compute(scene.landscape)}
    if scene.trajectories is None:
        yield {"type": "done", "runs": []}
        return
    yield from trajectories.stream(scene.trajectories, get_settings().stream_budget_seconds)


@router.websocket("/api/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, scene_frames)
