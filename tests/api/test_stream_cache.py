"""The stream's result cache: a scene asked for again is answered without computing it."""

import pytest
from fastapi.testclient import TestClient
from thalweg.api import stream
from thalweg.app import create_app
from thalweg.config import get_settings

SCENE = {
    "type": "scene",
    "id": 1,
    "landscape": {"surface": "himmelblau", "resolution": 16, "arrows": 4},
    "trajectories": {
        "surface": "himmelblau",
        "steps": 50,
        "runs": [{"optimizer": "adam", "hyperparameters": {"lr": 0.1}}],
    },
}


@pytest.fixture
def counted(monkeypatch):
    """A fresh app (empty cache) whose computations are counted."""
    calls = {"landscape": 0, "trajectories": 0}
    compute_landscape, stream_trajectories = stream.landscape.compute, stream.trajectories.stream

    def landscape(request):
        calls["landscape"] += 1
        return compute_landscape(request)

    def trajectories(request, limit=None):
        calls["trajectories"] += 1
        return stream_trajectories(request, limit)

    monkeypatch.setattr(stream.landscape, "compute", landscape)
    monkeypatch.setattr(stream.trajectories, "stream", trajectories)
    with TestClient(create_app()) as client:
        yield client, calls


def scene(ws, message):
    ws.send_json(message)
    frames = []
    while not frames or frames[-1]["type"] not in ("done", "error"):
        frames.append(ws.receive_json())
    return frames


def test_the_same_scene_twice_is_computed_once_and_answered_the_same(counted):
    client, calls = counted
    with client.websocket_connect("/api/stream") as ws:
        first = scene(ws, SCENE)
        again = scene(ws, {**SCENE, "id": 2})
    assert calls == {"landscape": 1, "trajectories": 1}
    assert [f["type"] for f in again] == [f["type"] for f in first]
    assert [{**f, "id": 1} for f in again] == first, "the same frames, with the new id"


def test_other_sockets_of_the_worker_share_the_cache(counted):
    client, calls = counted
    for _ in range(3):
        with client.websocket_connect("/api/stream") as ws:
            scene(ws, SCENE)
    assert calls == {"landscape": 1, "trajectories": 1}


def test_a_different_scene_is_computed(counted):
    client, calls = counted
    other = {
        **SCENE["trajectories"],
        "runs": [{"optimizer": "adam", "hyperparameters": {"lr": 0.2}}],
    }
    with client.websocket_connect("/api/stream") as ws:
        scene(ws, SCENE)
        frames = scene(ws, {**SCENE, "id": 2, "landscape": None, "trajectories": other})
    assert calls == {"landscape": 1, "trajectories": 2}
    assert frames[-1]["runs"][0]["hyperparameters"]["lr"] == 0.2


def test_the_cache_is_bounded_by_the_settings(app):
    cache = app.state.scene_cache
    settings = get_settings()
    assert (cache.max_entries, cache.max_bytes) == (
        settings.scene_cache_entries,
        settings.scene_cache_bytes,
    )
