"""The WebSocket stream: a scene in, landscape and trajectory frames out.

Protocol (docs/protocol.md): the client sends ``scene`` messages; each new one
cancels the scene in flight. The server answers with ``landscape``, then
``segments`` frames as chunks are computed, then ``done``, or with ``error``.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, WebSocket

from thalweg.api import sockets
from thalweg.schemas import SceneMessage
from thalweg.services import landscape, trajectories

router = APIRouter()


def scene_frames(text: str) -> Iterator[dict]:
    scene = SceneMessage.model_validate_json(text)
    if scene.landscape is not None:
        yield {"type": "landscape", **landscape.compute(scene.landscape)}
    if scene.trajectories is not None:
        yield from trajectories.stream(scene.trajectories)


@router.websocket("/api/stream")
async def stream(websocket: WebSocket) -> None:
    await sockets.serve(websocket, scene_frames)
