"""The WebSocket stream in-process: frames, order, equality with REST, cancellation, errors."""

import time

import numpy as np

SCENE = {
    "type": "scene",
    "id": 1,
    "landscape": {"surface": "rosenbrock", "resolution": 16, "arrows": 4},
    "trajectories": {
        "surface": "rosenbrock",
        "start": [-1.5, 2.0],
        "steps": 600,
        "runs": [
            {"optimizer": "gd", "hyperparameters": {"lr": 1e-3}},
            {"optimizer": "adam", "hyperparameters": {"lr": 0.05}},
            {"optimizer": "gd", "hyperparameters": {"lr": 0.5}},
            {"optimizer": "newton"},
        ],
    },
}


def receive_scene(ws):
    frames = []
    while True:
        frame = ws.receive_json()
        frames.append(frame)
        if frame["type"] in ("done", "error"):
            return frames


def assemble(frames, count):
    """Concatenate segments per run, as the page does."""
    runs = [{"points": [], "losses": [], "gradients": [], "updates": []} for _ in range(count)]
    for frame in frames:
        if frame["type"] != "segments":
            continue
        for segment in frame["runs"]:
            run = runs[segment["index"]]
            assert len(run["points"]) == frame["offset"]  # segments arrive in order
            for key in run:
                run[key].extend(segment[key])
    return runs


def test_scene_streams_landscape_segments_then_done_equal_to_rest(client):
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(SCENE)
        frames = receive_scene(ws)
    assert frames[0]["type"] == "landscape"
    assert frames[-1]["type"] == "done" and all(f["id"] == 1 for f in frames)
    assert sum(f["type"] == "segments" for f in frames) >= 2  # 600 steps in chunks of 512
    streamed = assemble(frames, 4)
    rest = client.post("/api/trajectories", json=SCENE["trajectories"]).json()["runs"]
    for run, summary, reference in zip(streamed, frames[-1]["runs"], rest, strict=True):
        assert summary["status"] == reference["status"]
        assert summary["steps_taken"] == reference["steps_taken"]
        assert run["points"] == reference["points"]
        assert run["losses"] == reference["losses"]
        assert run["updates"][: summary["steps_taken"]] == reference["updates"]
    assert frames[-1]["runs"][2]["status"] == "diverged"


def test_a_new_scene_cancels_the_one_in_flight(client):
    long = {**SCENE, "id": 2, "landscape": None}
    long["trajectories"] = {**SCENE["trajectories"], "steps": 10000, "tolerance": 0}
    short = {**SCENE, "id": 3, "landscape": None}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(long)
        ws.send_json(short)
        ids = []
        while True:
            frame = ws.receive_json()
            ids.append(frame["id"])
            if frame["type"] == "done" and frame["id"] == 3:
                break
    assert ids.count(2) < 10000 // 512  # the long scene was cut short
    assert all(i == 3 for i in ids[ids.index(3) :])


def test_disconnect_leaves_nothing_running(client):
    long = {**SCENE, "id": 4, "landscape": None}
    long["trajectories"] = {**SCENE["trajectories"], "steps": 10000, "tolerance": 0}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(long)
        assert ws.receive_json()["type"] == "segments"
    deadline = time.monotonic() + 10
    while client.get("/api/health").json()["streams"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get("/api/health").json()["streams"] == 0


def test_bad_scene_gets_an_error_frame_and_the_socket_stays_usable(client):
    bad = {**SCENE, "id": 5, "trajectories": {**SCENE["trajectories"], "steps": -3}}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(bad)
        error = ws.receive_json()
        assert error["type"] == "error" and error["id"] == 5
        assert "steps" in str(error["detail"])
        ws.send_text("{not json")
        assert ws.receive_json()["type"] == "error"
        ws.send_json({**SCENE, "id": 6, "landscape": None})
        frames = receive_scene(ws)
    assert frames[-1]["type"] == "done" and frames[-1]["id"] == 6


def test_expression_error_carries_the_column(client):
    scene = {
        "type": "scene",
        "id": 7,
        "landscape": {
            "surface": {"expression": "sin(x) + y^", "domain": {"x": [-1, 1], "y": [-1, 1]}}
        },
    }
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(scene)
        error = ws.receive_json()
    assert error["type"] == "error"
    assert error["detail"][0]["ctx"]["column"] == 12


def test_an_unprocessable_scene_names_its_error(client):
    surface = {"expression": "log(x)", "domain": {"x": [-1, 1], "y": [-1, 1]}}
    trajectories = {**SCENE["trajectories"], "surface": surface, "start": [-0.5, 0.25]}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json({**SCENE, "id": 8, "landscape": None, "trajectories": trajectories})
        error = ws.receive_json()
    assert error == {
        "type": "error",
        "id": 8,
        "detail": "f or its gradient is not finite at the start point (-0.5, 0.25)",
        "code": "start_not_finite",
        "params": {"x": -0.5, "y": 0.25},
    }


def test_momenta_are_streamed_for_optimizers_with_a_first_moment(client):
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json({**SCENE, "id": 8, "landscape": None})
        frames = receive_scene(ws)
    segments = [s for f in frames if f["type"] == "segments" for s in f["runs"]]
    assert all(("momenta" in s) == (s["index"] == 1) for s in segments)
    adam = next(s for s in segments if s["index"] == 1)
    assert np.asarray(adam["momenta"]).shape == np.asarray(adam["points"]).shape
