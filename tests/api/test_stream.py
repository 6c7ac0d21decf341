"""The WebSocket stream in-process: frames, order, equality with REST, cancellation, errors."""

import json
import time

import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect
from thalweg.config import get_settings

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


def test_a_binary_message_gets_an_error_frame_and_the_socket_stays_usable(client):
    with client.websocket_connect("/api/stream") as ws:
        ws.send_bytes(b"\x00\x01 not text")
        error = ws.receive_json()
        assert error["type"] == "error" and "binary" in error["detail"]
        ws.send_json({**SCENE, "id": 5})
        done = receive_scene(ws)[-1]
        assert done["type"] == "done" and done["id"] == 5


@pytest.mark.parametrize("origin", ["https://evil.example", "http://testserver.evil.example"])
def test_a_page_of_another_origin_may_not_open_a_stream(client, origin):
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/api/stream", headers={"origin": origin}) as ws,
    ):
        ws.receive_json()
    assert refused.value.code == 1008


def test_the_own_origin_and_allowed_origins_may(app, client, monkeypatch):
    with client.websocket_connect("/api/stream", headers={"origin": "http://testserver"}) as ws:
        ws.send_json({**SCENE, "id": 8})
        assert receive_scene(ws)[-1]["type"] == "done"
    proxied = {"origin": "https://thalweg.example", "x-forwarded-host": "thalweg.example"}
    with client.websocket_connect("/api/stream", headers=proxied) as ws:
        ws.send_json({**SCENE, "id": 9})
        assert receive_scene(ws)[-1]["type"] == "done"
    deck = "https://slides.example"
    monkeypatch.setattr(get_settings(), "allowed_origins", [deck])
    with client.websocket_connect("/api/networks/stream", headers={"origin": deck}) as ws:
        ws.send_json({"type": "cancel", "id": 1})
        assert ws.receive_json()["type"] == "cancelled"


@pytest.mark.parametrize("parts", [{"landscape": SCENE["landscape"]}, {}])
def test_a_scene_without_runs_still_ends_with_done(client, parts):
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json({"type": "scene", "id": 3, **parts})
        frames = receive_scene(ws)
    assert [f["type"] for f in frames] == ["landscape"] * ("landscape" in parts) + ["done"]
    assert frames[-1] == {"type": "done", "id": 3, "runs": []}


def test_a_scene_over_the_stream_budget_is_refused_by_name(client):
    large = "+".join(f"sin(x*{k}+y)*cos(y-{k})" for k in range(1, 14))  # 182 terms
    surface = {"expression": large, "domain": {"x": [-2, 2], "y": [-2, 2]}}
    runs = [{"optimizer": "lbfgs"}] * 16
    scene = {
        "type": "scene",
        "id": 4,
        "trajectories": {"surface": surface, "steps": 10_000, "tolerance": 0, "runs": runs},
    }
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(scene)
        (error,) = receive_scene(ws)
    assert error["type"] == "error" and error["id"] == 4
    assert error["code"] == "work_budget"
    assert error["params"]["limit"] == get_settings().stream_budget_seconds
    assert error["params"]["seconds"] > error["params"]["limit"]


def test_pydantic_errors_in_frames_carry_no_input(client):
    scene = {**SCENE, "id": 6, "trajectories": {**SCENE["trajectories"], "steps": 1e400}}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_text(json.dumps(scene).replace("Infinity", "1e400"))
        (error,) = receive_scene(ws)
    assert error["type"] == "error" and error["id"] == 6
    assert all(set(item) <= {"type", "loc", "msg", "ctx"} for item in error["detail"])


def test_messages_that_arrive_meanwhile_collapse_to_the_latest(client):
    long = {**SCENE["trajectories"], "steps": 5000, "tolerance": 0}
    with client.websocket_connect("/api/stream") as ws:
        for message_id in range(1, 7):
            ws.send_json({"type": "scene", "id": message_id, "trajectories": long})
        frames = []
        while not frames or frames[-1]["type"] != "done" or frames[-1]["id"] != 6:
            frames.append(ws.receive_json())
    answered = {frame["id"] for frame in frames}
    # The socket computed the first, then the newest: the ones between were never started
    # (at most one of them, should the first end before the rest arrived).
    assert 6 in answered and len(answered - {1, 6}) <= 1, answered
    assert [f["id"] for f in frames if f["type"] == "done"][-1] == 6
