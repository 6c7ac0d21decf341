"""Networks API in-process: catalog, run, activation curves, 422s, and the WebSocket stream.

Uses the session ``client`` of tests/conftest.py.
"""

from __future__ import annotations

import time

import pytest

SMALL = {
    "dataset": {"name": "moons", "samples": 200},
    "model": {"kind": "mlp", "hidden": [16, 16], "activation": "tanh"},
    "optimizer": {"id": "adam", "hyperparameters": {"lr": 0.05}},
    "steps": 60,
    "landscape": {"directions": "pca", "resolution": 7},
    "decision": {"resolution": 12, "every": 25},
}


def test_catalog(client):
    body = client.get("/api/networks/catalog").json()
    assert {"datasets", "activations", "losses", "model_kinds", "init_schemes", "limits"} <= set(
        body
    )
    alrelu = next(a for a in body["activations"] if a["name"] == "alrelu")
    assert r"|\alpha z|" in alrelu["latex"] and alrelu["alpha"]["default"] == 0.01
    assert len(alrelu["curve"]["z"]) == len(alrelu["curve"]["f"]) == len(alrelu["curve"]["df"])
    hinge = next(loss for loss in body["losses"] if loss["name"] == "hinge")
    assert hinge["tasks"] == ["binary", "multiclass"]


def test_run(client):
    response = client.post("/api/networks/run", json=SMALL)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "completed" and len(body["history"]["test_metric"]) == 61
    assert len(body["landscape"]["z"]) == 7 and body["decision"]["kind"] == "grid"


def test_run_with_curvature(client):
    body = _with(loss="half_mse", optimizer={"id": "gd", "hyperparameters": {"lr": 0.2}},
                 curvature={"every": 20, "top_k": 3})  # fmt: skip
    response = client.post("/api/networks/run", json=body)
    assert response.status_code == 200, response.text
    curvature = response.json()["curvature"]
    assert curvature["steps"] == [0, 20, 40, 60] and len(curvature["sharpness"]) == 4
    assert len(curvature["top_eigenvalues"]) == 3 and len(curvature["density"]["x"]) == 201
    assert all(value > 0 for value in curvature["sharpness"])
    assert client.post("/api/networks/run", json=SMALL).json()["curvature"] is None


def test_stream_with_curvature(client):
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 4, **_with(curvature={"every": 25, "density": False})})
        frames = _frames_until_result(ws, 4)
    progress = [f for f in frames if f["type"] == "progress"]
    assert [f["curvature"]["steps"] for f in progress] == [[0], [25], [50]]
    result = frames[-1]["curvature"]
    assert result["steps"] == [0, 25, 50] and result["density"] is None


def test_activation(client):
    body = client.post(
        "/api/networks/activation",
        json={"name": "elu", "alpha": 0.5, "range": [-2, 2], "points": 5},
    ).json()
    assert body["z"] == [-2, -1, 0, 1, 2] and body["df"][-1] == 1.0
    assert body["f"][0] == pytest.approx(0.5 * (2.718281828**-2 - 1), rel=1e-6)


def _with(**changes):
    body = {**SMALL}
    for key, value in changes.items():
        body[key] = {**body.get(key, {}), **value} if isinstance(value, dict) else value
    return body


BAD = [
    (_with(dataset={"name": "moonz"}), "unknown dataset 'moonz'; valid: xor, moons"),
    (_with(model={"activation": "relu7"}), "unknown activation 'relu7'; valid: sigmoid"),
    (_with(loss="l1"), "unknown loss 'l1'; valid: mse, bce, cross_entropy, hinge"),
    (_with(dataset={"name": "blobs"}, loss="bce"), "does not fit multiclass data; valid: cross"),
    (_with(loss="cross_entropy"), "does not fit binary data; valid: mse, bce, hinge"),
    (_with(model={"kind": "linear"}), "model 'linear' cannot learn moons (binary)"),
    (_with(optimizer={"id": "gda"}), "is for min-max games"),
    (_with(optimizer={"id": "newton"}), "newton needs the 337×337 Hessian"),
    (_with(optimizer={"id": "adam", "hyperparameters": {"lr": 20}}), "lr=20.0 outside"),
    (_with(optimizer={"id": "adam", "hyperparameters": {"rho": 1}}), "valid: lr, beta1"),
    (_with(model={"hidden": [8] * 5}), "at most 4 items"),
    (_with(model={"hidden": [65]}), "less than or equal to 64"),
    (_with(model={"kind": "mlp", "hidden": []}), "needs at least one hidden layer"),
    (_with(model={"activation": "leaky_relu", "alpha": 2}), "alpha for leaky_relu must be in"),
    (_with(model={"start": [0, 0]}), "model.start is for two-parameter models"),
    (_with(dataset={"samples": 2001}), "less than or equal to 2000"),
    (_with(dataset={"name": "digits", "samples": 1800}), "digits has at most 1797 samples"),
    (_with(dataset={"name": "xor", "classes": 3}), "fixed number of classes"),
    (_with(steps=0), "greater than or equal to 1"),
    (_with(steps=5001), "less than or equal to 5000"),
    (_with(batch_size=0), "greater than or equal to 1"),
    (_with(landscape={"resolution": 102}), "less than or equal to 101"),
    (_with(landscape={"directions": "exact"}), "'exact' landscape axes need a two-parameter"),
    (
        _with(dataset={"name": "regression_linear"}, model={"kind": "linear"},
              landscape={"directions": "random"}),
        "filter-normalised random directions need more than one weight",
    ),
    (
        _with(dataset={"name": "digits", "samples": 1797}, model={"hidden": [64] * 4}, steps=5000),
        "reduce steps, samples or layer widths",
    ),
    (_with(surprise=1), "Extra inputs are not permitted"),
    (_with(curvature={"every": 0}), "greater than or equal to 1"),
    (_with(curvature={"top_k": 11}), "less than or equal to 10"),
    (_with(curvature={"density": "maybe"}), "valid boolean"),
    (_with(curvature={"lanczos": 9}), "Extra inputs are not permitted"),
    (
        _with(dataset={"name": "digits", "samples": 1797}, model={"hidden": [64] * 4}, steps=1000,
              curvature={"every": 1}),
        "Hessian-vector products counted as steps",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), BAD, ids=[m[:40] for _, m in BAD])
def test_422_names_what_is_valid(client, body, message):
    response = client.post("/api/networks/run", json=body)
    assert response.status_code == 422
    assert message in " ".join(e["msg"] for e in response.json()["detail"])


def test_activation_422(client):
    response = client.post("/api/networks/activation", json={"name": "relu", "range": [2, 1]})
    assert response.status_code == 422


def _frames_until_result(ws, wanted_id):
    frames = []
    while True:
        frame = ws.receive_json()
        frames.append(frame)
        if frame["type"] in ("result", "error") and frame["id"] == wanted_id:
            return frames


def test_stream(client):
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 3, **SMALL})
        frames = _frames_until_result(ws, 3)
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "dataset" and kinds[-1] == "result" and kinds.count("progress") == 3
    assert all(f["id"] == 3 for f in frames)
    progress = [f for f in frames if f["type"] == "progress"]
    assert [f["offset"] for f in progress] == [0, 25, 50]
    assert [f["step"] for f in progress if "decision" in f] == [49, 60]  # first chunk end ≥ 25k
    assert frames[-1]["landscape"]["path_steps"][-1] == 60


def test_stream_error_frames(client):
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 9, **_with(steps=9999)})
        error = ws.receive_json()
        assert error["type"] == "error" and error["id"] == 9
        assert "less than or equal to 5000" in error["detail"][0]["msg"]
        ws.send_text("not json")
        error = ws.receive_json()
        assert error["type"] == "error" and error["id"] is None


def test_stream_cancels_on_a_new_message(client):
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 1, **_with(steps=5000)})
        assert ws.receive_json()["type"] == "dataset"
        ws.send_json({"type": "train", "id": 2, **SMALL})
        frames = _frames_until_result(ws, 2)
    first = [f for f in frames if f["id"] == 1]
    assert all(f["type"] == "progress" for f in first)  # no result for the cancelled run
    assert len(first) < 20  # stopped within a chunk or so, not after 200 chunks


def test_stream_cancel_message_and_disconnect(client):
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 5, **_with(steps=5000)})
        assert ws.receive_json()["type"] == "dataset"
        ws.send_json({"type": "cancel", "id": 5})
        while (frame := ws.receive_json())["type"] != "cancelled":
            assert frame["type"] == "progress"
        ws.send_json({"type": "train", "id": 6, **_with(steps=5000)})
        assert ws.receive_json()["id"] == 6
    deadline = time.monotonic() + 10
    while client.app.state.streams["active"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.app.state.streams["active"] == 0  # the disconnect stopped the run
