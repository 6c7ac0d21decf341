"""GAN API in-process: run, 422s, divergence without NaN, and the WebSocket stream.

Uses the session ``client`` of tests/conftest.py. The requests share one small
architecture, so they share one compilation.
"""

from __future__ import annotations

import json
import math

import pytest
from thalweg.schemas_gan import GanRequest, TrainMessage

SMALL = {
    "data": {"name": "ring", "samples": 64},
    "generator": {"noise_dim": 2, "hidden": [8], "activation": "relu"},
    "discriminator": {"hidden": [8], "activation": "relu"},
    "batch_size": 32,
    "steps": 60,
    "every": 25,
    "view": {"resolution": 6, "field": 4, "manifold": 3},
}


def _with(**changes):
    body = {**SMALL}
    for key, value in changes.items():
        body[key] = {**body.get(key, {}), **value} if isinstance(value, dict) else value
    return body


def _strict(text: str):
    """JSON that refuses NaN and ±Infinity, which Python's json module would accept."""

    def refuse(constant):
        raise AssertionError(f"non-JSON number {constant} in the response")

    return json.loads(text, parse_constant=refuse)


def test_run(client):
    response = client.post("/api/gan/run", json=SMALL)
    assert response.status_code == 200, response.text
    body = _strict(response.text)
    assert body["status"] == "completed" and body["steps_taken"] == 60
    assert len(body["real"]) == 64 and len(body["centres"]) == 8
    assert [s["step"] for s in body["snapshots"]] == [0, 25, 50, 60]
    assert body["history"]["steps"] == [0, 25, 50, 60]
    assert len(body["history"]["d_loss"]) == len(body["history"]["g_loss"]) == 60
    assert len(body["history"]["distance"]) == len(body["history"]["covered"]) == 4
    shot = body["snapshots"][-1]
    assert len(shot["fake"]) == 64 and len(shot["push"]) == 64
    assert len(shot["discriminator"]["x"]) == 6 and len(shot["discriminator"]["z"]) == 6
    assert all(0 <= p <= 1 for row in shot["discriminator"]["z"] for p in row)  # a probability
    assert len(shot["field"]["u"]) == 4 and len(shot["manifold"]) == 3
    assert shot["coverage"]["modes"] == 8 and 0 <= shot["js"] <= 1
    assert body["value"] == "probability"


def test_custom_points_and_a_one_dimensional_noise(client):
    points = [[math.cos(t / 5), math.sin(t / 5)] for t in range(30)]
    body = client.post(
        "/api/gan/run",
        json=_with(data={"name": "custom", "points": points}, generator={"noise_dim": 1},
                   loss="wasserstein", penalty={"kind": "gp", "weight": 10}, steps=25),
    ).json()  # fmt: skip
    assert body["status"] == "completed" and body["centres"] is None
    assert len(body["real"]) == 30 and body["history"]["covered"] is None
    assert len(body["snapshots"][0]["manifold"]) == 1 and body["value"] == "score"


def test_a_diverging_run_reports_its_iteration_and_no_nan(client):
    gd = {"id": "gd", "hyperparameters": {"lr": 10}}
    body = _with(loss="least_squares", steps=500, every=250,
                 optimizers={"generator": gd, "discriminator": gd})  # fmt: skip
    response = client.post("/api/gan/run", json=body)
    assert response.status_code == 200
    result = _strict(response.text)
    assert result["status"] == "diverged" and 0 < result["diverged_at"] < 500
    assert len(result["history"]["d_loss"]) == result["diverged_at"] == result["steps_taken"]
    assert result["snapshots"][-1]["step"] == result["diverged_at"]


def test_a_player_without_steps_has_null_losses(client):
    body = _strict(client.post("/api/gan/run", json=_with(k_discriminator=0, steps=25)).text)
    assert set(body["history"]["d_loss"]) == {None} and None not in body["history"]["g_loss"]


BAD = [
    (_with(data={"name": "rings"}), "unknown distribution 'rings'; valid: line, two_gaussians"),
    (_with(loss="hinge"), "unknown loss 'hinge'; valid: minimax, non_saturating"),
    (_with(optimizers={"generator": {"id": "newton"}}), "cannot train a GAN player"),
    (_with(optimizers={"discriminator": {"id": "lbfgs"}}), "cannot train a GAN player"),
    (_with(optimizers={"discriminator": {"id": "gda"}}), "defined on the two coordinates"),
    (
        _with(optimizers={"generator": {"id": "adam", "hyperparameters": {"lr": 99}}}),
        "lr=99.0 outside [1e-06, 10]",
    ),
    (
        _with(optimizers={"generator": {"id": "adam", "hyperparameters": {"rho": 0.9}}}),
        "unknown hyperparameter 'rho' for adam",
    ),
    (_with(data={"name": "custom"}), "custom data needs points"),
    (_with(data={"name": "custom", "points": [[0, 0], [1e3, 0]]}), "less than or equal to 100"),
    (_with(data={"name": "custom", "points": [[0, 0]] * 1001}), "at most 1000 items"),
    (_with(data={"name": "ring", "points": [[0, 0], [1, 1]]}), "points are for custom data"),
    (_with(data={"name": "ring", "modes": 9}), "modes is for the grid"),
    (_with(data={"name": "ring", "noise": 0.9}), "noise for ring must be in [0, 0.5]"),
    (_with(generator={"noise_dim": 9}), "less than or equal to 8"),
    (_with(discriminator={"hidden": [8] * 5}), "at most 4 items"),
    (_with(discriminator={"activation": "relu7"}), "unknown activation 'relu7'"),
    (_with(penalty={"kind": "r2"}), "'none', 'r1' or 'gp'"),
    (_with(k_discriminator=0, k_generator=0), "must be at least 1"),
    (_with(every=30), "every must be a multiple of 25"),
    (_with(steps=5000, every=25), "snapshots > 51"),
    (_with(data={"samples": 1000}, steps=5000, every=100), "snapshots · samples = 51·1000"),
    (
        _with(generator={"hidden": [64, 64, 64, 64]}, steps=5000, every=100, batch_size=512),
        "reduce steps, k, the batch or the widths",
    ),
    (_with(batch_size=0), "greater than or equal to 1"),
    (_with(colour="red"), "Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_422_names_what_is_wrong(client, body, message):
    response = client.post("/api/gan/run", json=body)
    assert response.status_code == 422
    assert message in response.text


def test_non_finite_custom_points_are_a_422(client):
    text = json.dumps(_with(data={"name": "custom", "points": [[0, 0], [float("nan"), 1]]}))
    headers = {"content-type": "application/json"}
    response = client.post("/api/gan/run", content=text, headers=headers)
    assert response.status_code == 422


def test_stream(client):
    with client.websocket_connect("/api/gan/stream") as ws:
        ws.send_json({"type": "train", "id": 7, **SMALL})
        frames = []
        while not frames or frames[-1]["type"] not in ("result", "error"):
            frames.append(ws.receive_json())
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "data" and kinds[-1] == "result" and set(kinds[1:-1]) == {"progress"}
    assert all(f["id"] == 7 for f in frames)
    assert frames[0]["snapshot"]["step"] == 0 and len(frames[0]["real"]) == 64
    steps = [f["snapshot"]["step"] for f in frames if "snapshot" in f]
    assert steps == [0, 25, 50, 60]
    losses = [value for f in frames[1:-1] for value in f["d_loss"]]
    assert len(losses) == 60 and frames[-1]["status"] == "completed"


def test_the_stream_allows_more_work_than_a_request():
    big = _with(discriminator={"hidden": [32, 32]}, generator={"hidden": [32, 32]},
                batch_size=150, steps=5000, every=100)  # fmt: skip
    with pytest.raises(ValueError, match="reduce steps"):
        GanRequest.model_validate(big)
    assert TrainMessage.model_validate({"type": "train", "id": 1, **big}).steps == 5000


def test_stream_error_frame_and_cancel(client):
    with client.websocket_connect("/api/gan/stream") as ws:
        ws.send_json({"type": "train", "id": 1, **_with(every=30)})
        error = ws.receive_json()
        assert error["type"] == "error" and error["id"] == 1
        assert "multiple of 25" in json.dumps(error["detail"])
        ws.send_json({"type": "train", "id": 2, **_with(steps=5000, every=100)})
        assert ws.receive_json()["type"] == "data"
        ws.send_json({"type": "cancel", "id": 3})
        frame = ws.receive_json()
        while frame["id"] == 2:  # frames already on their way
            assert frame["type"] == "progress"
            frame = ws.receive_json()
        assert frame == {"type": "cancelled", "id": 3}


def test_catalog_offers_what_a_request_accepts(client):
    body = client.get("/api/gan/catalog").json()
    names = [d["name"] for d in body["distributions"]]
    assert names == ["line", "two_gaussians", "ring", "grid", "spiral", "moons"]
    assert {loss["name"] for loss in body["losses"]} == {
        "minimax",
        "non_saturating",
        "least_squares",
        "wasserstein",
    }
    assert "newton" not in body["optimizers"] and "adam" in body["optimizers"]
    for optimizer in body["optimizers"]:
        GanRequest.model_validate(
            {"optimizers": {"generator": {"id": optimizer}, "discriminator": {"id": optimizer}}}
        )
    assert body["limits"]["max_steps"] == GanRequest.model_fields["steps"].metadata[1].le
