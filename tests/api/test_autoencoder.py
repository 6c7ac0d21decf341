"""Autoencoder API in-process: a run, its shapes, 422s at the bounds, and the stream.

Uses the session ``client`` of tests/conftest.py; the requests share one small
architecture, so they share one compilation.
"""

from __future__ import annotations

import json

import pytest
from thalweg.schemas_autoencoder import AutoencoderMessage, AutoencoderRequest

SMALL = {"hidden": [8], "batch_size": 32, "steps": 60, "every": 25, "grid": 3, "reconstructions": 4}


def test_run_shapes_and_falling_loss(client):
    response = client.post("/api/autoencoder/run", json={**SMALL, "steps": 300, "every": 100})
    assert response.status_code == 200, response.text
    body = json.loads(response.text)
    assert body["status"] == "completed" and body["steps_taken"] == 300
    assert len(body["labels"]) == 1797 and set(body["labels"]) == set(range(10))
    assert len(body["originals"]) == 4 and len(body["originals"][0]) == 64
    assert [s["step"] for s in body["snapshots"]] == [0, 100, 200, 300]
    assert len(body["batch_loss"]) == 300
    first, last = body["snapshots"][0], body["snapshots"][-1]
    assert len(last["latent"]) == 1797 and len(last["latent"][0]) == 2
    assert len(last["reconstructions"]) == 4 and len(last["reconstructions"][0]) == 64
    plane = last["plane"]
    assert len(plane["x"]) == len(plane["y"]) == 3
    assert [len(plane["images"]), len(plane["images"][0]), len(plane["images"][0][0])] == [3, 3, 64]
    assert last["train_loss"] < 0.7 * first["train_loss"]
    assert last["test_loss"] < 0.7 * first["test_loss"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"steps": 5001}, "less than or equal to 5000"),
        ({"hidden": [8, 8, 8]}, "at most 2 items"),
        ({"hidden": [65]}, "less than or equal to 64"),
        ({"batch_size": 0}, "greater than or equal to 1"),
        ({"every": 30}, "multiple of 25"),
        ({"steps": 5000, "every": 25}, "snapshots"),
        ({"grid": 16}, "less than or equal to 15"),
        ({"activation": "swish2"}, "unknown activation"),
        ({"optimizer": {"id": "lbfgs"}}, "cannot train the autoencoder"),
        ({"optimizer": {"id": "gda"}}, "min-max games"),
        ({"optimizer": {"id": "adam", "hyperparameters": {"lr": 50}}}, "lr"),
        ({"hidden": [64, 64], "batch_size": 1024, "steps": 5000, "every": 100}, "reduce"),
        ({"seed": -1}, "greater than or equal to 0"),
        ({"surprise": 1}, "Extra inputs"),
    ],
)
def test_422_names_what_is_wrong(client, body, message):
    response = client.post("/api/autoencoder/run", json={**SMALL, **body})
    assert response.status_code == 422, response.text
    assert message in response.text


def test_the_stream_allows_more_work_than_a_request():
    big = {"hidden": [64], "batch_size": 64, "steps": 5000, "every": 100}
    with pytest.raises(ValueError, match="reduce"):
        AutoencoderRequest.model_validate(big)
    assert AutoencoderMessage.model_validate({"type": "train", "id": 1, **big}).steps == 5000


def test_stream(client):
    with client.websocket_connect("/api/autoencoder/stream") as ws:
        ws.send_json({"type": "train", "id": 4, **SMALL})
        frames = []
        while not frames or frames[-1]["type"] not in ("result", "error"):
            frames.append(ws.receive_json())
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "data" and kinds[-1] == "result" and set(kinds[1:-1]) == {"progress"}
    assert all(f["id"] == 4 for f in frames)
    assert [f["snapshot"]["step"] for f in frames if "snapshot" in f] == [0, 25, 50, 60]
    assert sum(len(f["batch_loss"]) for f in frames[1:-1]) == 60


def test_the_defaults_are_a_valid_run(client):
    answer = client.post("/api/autoencoder/run", json={})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "completed" and answer.json()["steps_taken"] == 750
