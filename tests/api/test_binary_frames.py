"""Binary `segments` frames over a real socket: decoded as docs/protocol.md says, they
hold exactly the float32 numbers the REST API returns for the same scene."""

import asyncio
import json
import struct

import httpx
import numpy as np
import pytest
import websockets
from starlette.websockets import WebSocketDisconnect

# Two chunks (600 steps), an optimizer with a first moment, one that diverges.
TRAJECTORIES = {
    "surface": "rosenbrock",
    "start": [-1.5, 2.0],
    "steps": 600,
    "runs": [
        {"optimizer": "adam", "hyperparameters": {"lr": 0.05}},
        {"optimizer": "gd", "hyperparameters": {"lr": 1e-3}},
        {"optimizer": "gd", "hyperparameters": {"lr": 0.5}},
        {"optimizer": "momentum", "hyperparameters": {"lr": 1e-3}},
    ],
}
# The documented column names of each REST array.
COLUMNS = {
    "points": ["x", "y"],
    "losses": ["loss"],
    "gradients": ["gx", "gy"],
    "updates": ["dx", "dy"],
    "momenta": ["mx", "my"],
}


def decode(message: bytes) -> dict:
    """docs/protocol.md, "Binary frames": uint32 H, H bytes of JSON, float32 columns."""
    (length,) = struct.unpack_from("<I", message, 0)
    assert length % 4 == 0
    header = json.loads(message[4 : 4 + length])
    data = np.frombuffer(message, dtype="<f4", offset=4 + length)
    at = 0
    for run in header["runs"]:
        columns = {}
        for name in run["columns"]:
            columns[name] = data[at : at + run["rows"]]
            at += run["rows"]
        run["columns"] = columns
    assert at == data.size, "nothing after the last column"
    return header


def exchange(url: str, scene: dict) -> list[str | bytes]:
    async def run():
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps(scene))
            messages = []
            while True:
                message = await asyncio.wait_for(ws.recv(), timeout=60)
                messages.append(message)
                if isinstance(message, str) and json.loads(message)["type"] in ("done", "error"):
                    return messages

    return asyncio.run(run())


def test_binary_segments_decode_to_the_rest_numbers_as_float32(live_server):
    url = live_server.replace("http", "ws") + "/api/stream?frames=binary"
    messages = exchange(url, {"type": "scene", "id": 2**40 + 3, "trajectories": TRAJECTORIES})
    binary = [decode(m) for m in messages if isinstance(m, bytes)]
    texts = [json.loads(m) for m in messages if isinstance(m, str)]
    assert len(binary) >= 2, "600 steps come in two chunks"
    assert [t["type"] for t in texts] == ["done"], "control frames stay JSON"
    assert all(f["type"] == "segments" and f["id"] == 2**40 + 3 for f in binary)

    names = [name for columns in COLUMNS.values() for name in columns]
    streamed = [dict.fromkeys(names, np.empty(0, np.float32)) for _ in range(4)]
    for frame in binary:
        for run in frame["runs"]:
            assembled = streamed[run["index"]]
            assert assembled["x"].size == frame["offset"], "segments arrive in order"
            for name, values in run["columns"].items():
                assembled[name] = np.concatenate([assembled[name], values])

    rest = httpx.post(f"{live_server}/api/trajectories", json=TRAJECTORIES, timeout=60).json()
    summaries = texts[0]["runs"]
    assert [s["status"] for s in summaries] == [r["status"] for r in rest["runs"]]
    assert "diverged" in [s["status"] for s in summaries]
    for assembled, summary, reference in zip(streamed, summaries, rest["runs"], strict=True):
        taken = summary["steps_taken"]
        assert taken == reference["steps_taken"]
        for array, names in COLUMNS.items():
            if array not in reference:
                assert all(assembled[n].size == 0 for n in names), "no momenta without a moment"
                continue
            expected = np.asarray(reference[array], np.float32).reshape(len(reference[array]), -1)
            rows = taken if array in ("updates", "momenta") else taken + 1
            got = np.stack([assembled[n][:rows] for n in names], axis=1)
            np.testing.assert_array_equal(got, expected, err_msg=array)
        assert np.all(np.isfinite(assembled["x"][: taken + 1]))


def test_without_the_query_parameter_every_frame_is_json_text(live_server):
    url = live_server.replace("http", "ws") + "/api/stream"
    messages = exchange(url, {"type": "scene", "id": 5, "trajectories": TRAJECTORIES})
    assert all(isinstance(m, str) for m in messages)
    frames = [json.loads(m) for m in messages]
    assert {f["type"] for f in frames} == {"segments", "done"}
    assert len(frames[0]["runs"][0]["points"][0]) == 2, "points as [x, y] pairs"


def test_a_binary_client_message_is_still_refused_with_an_error_frame(live_server):
    url = live_server.replace("http", "ws") + "/api/stream?frames=binary"

    async def run():
        async with websockets.connect(url) as ws:
            await ws.send(b"\x00\x01")
            refusal = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            await ws.send(json.dumps({"type": "scene", "id": 9, "trajectories": TRAJECTORIES}))
            while isinstance(message := await asyncio.wait_for(ws.recv(), timeout=60), bytes):
                pass
            return refusal, json.loads(message)

    refusal, last = asyncio.run(run())
    assert refusal["type"] == "error" and "binary" in refusal["detail"]
    assert last["type"] == "done" and last["id"] == 9, "the socket stays usable"


def test_an_unknown_frames_value_closes_the_socket(client):
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/api/stream?frames=xml") as ws,
    ):
        ws.receive_text()
    assert closed.value.code == 1008
