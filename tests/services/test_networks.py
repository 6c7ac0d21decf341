"""Network service: response shape, landscapes against direct math, streaming, divergence.

Requests reuse the configurations of tests/compute/nets (moons/xor, 200 samples,
2-16-16-1 tanh, Adam, full batch) so the compiled trainer is shared.
"""

from __future__ import annotations

import jax
import numpy as np
import orjson
import pytest
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import networks
from thalweg.services.encoding import dumps


@pytest.fixture(autouse=True)
def _strict_ranks():
    with jax.numpy_rank_promotion("raise"):
        yield


def request(**overrides) -> NetworkRequest:
    body = {
        "dataset": {"name": "moons", "samples": 200},
        "model": {"kind": "mlp", "hidden": [16, 16], "activation": "tanh"},
        "optimizer": {"id": "adam", "hyperparameters": {"lr": 0.05}},
        "steps": 100,
        "landscape": {"directions": "pca", "resolution": 11},
        "decision": {"resolution": 16, "every": 50},
    }
    body.update(overrides)
    return NetworkRequest.model_validate(body)


def roundtrip(payload: dict) -> dict:
    """What a client receives: orjson's encoding, parsed back; it must be plain JSON."""
    text = dumps(payload)
    assert b"NaN" not in text and b"Infinity" not in text
    return orjson.loads(text)


def test_run_response():
    out = roundtrip(networks.run(request()))
    assert out["status"] == "completed" and out["steps_taken"] == 100 and out["diverged_at"] is None
    history = out["history"]
    assert set(history) == {
        "train_loss", "test_loss", "train_metric", "test_metric", "batch_loss", "grad_norm",
    }  # fmt: skip
    assert all(len(v) == 101 for v in history.values())
    assert out["final"]["train_loss"] == history["train_loss"][-1]
    assert out["model"] == {
        "kind": "mlp", "layers": [[2, 16], [16, 16], [16, 1]], "activation": "tanh",
        "alpha": 0.0, "parameters": 337, "loss": "bce", "metric": "accuracy",
    }  # fmt: skip
    ds = out["dataset"]
    assert len(ds["x_train"]) == 160 and len(ds["x_test"]) == 40 and ds["task"] == "binary"
    grid = out["decision"]
    assert grid["kind"] == "grid" and grid["value"] == "probability" and grid["step"] == 100
    assert np.shape(grid["z"]) == (16, 16) and len(grid["x"]) == len(grid["y"]) == 16
    land = out["landscape"]
    assert np.shape(land["z"]) == (11, 11) and land["axes"] == ["PC1", "PC2"]
    assert len(land["path"]) == len(land["path_steps"]) == 101
    assert land["path_steps"][-1] == 100 and sum(land["explained_variance"]) <= 1
    assert len(land["interpolation"]["loss"]) == len(land["interpolation"]["alpha"])
    assert out["parameters"] is None  # only for models with ≤ 64 parameters
    assert out["timing"]["steps_per_second"] > 0


def test_random_plane_centre_is_the_final_loss():
    out = networks.run(request(landscape={"directions": "random", "resolution": 5}, l2=0.01))
    land = out["landscape"]
    assert land["a"][2] == 0 and land["b"][2] == 0
    assert land["z"][2, 2] == pytest.approx(out["final"]["train_loss"], rel=1e-5)
    line = land["interpolation"]
    assert line["loss"][np.argmin(np.abs(line["alpha"] - 1))] == pytest.approx(
        out["final"]["train_loss"], rel=1e-5
    )


def test_exact_plane_of_linear_regression_is_the_mse_of_the_returned_data():
    out = roundtrip(
        networks.run(
            request(
                dataset={"name": "regression_linear", "samples": 60},
                model={"kind": "linear", "start": [-1.0, 2.0]},
                optimizer={"id": "gd", "hyperparameters": {"lr": 0.5}},
                steps=200,
                landscape={"directions": "exact", "resolution": 9},
            )
        )
    )
    land = out["landscape"]
    assert land["axes"] == ["w", "b"]
    x = np.asarray(out["dataset"]["x_train"])[:, 0]
    y = np.asarray(out["dataset"]["y_train"])
    a, b, z = np.asarray(land["a"]), np.asarray(land["b"]), np.asarray(land["z"])
    expected = np.mean((a[None, :, None] * x + b[:, None, None] - y) ** 2, axis=-1)
    np.testing.assert_allclose(z, expected, rtol=1e-5)
    assert land["path"][0] == [-1.0, 2.0]  # the start, in (w, b)
    w, b0 = np.polyfit(x, y, 1)
    assert land["optimum"] == pytest.approx([w, b0], rel=1e-5)
    assert out["parameters"]["final"] == pytest.approx([w, b0], abs=1e-3)
    assert out["decision"]["kind"] == "curve" and out["history"]["train_metric"][-1] > 0.8


def test_stream_frames():
    frames = list(networks.stream(request(steps=120)))
    kinds = [f["type"] for f in frames]
    assert kinds[0] == "dataset" and kinds[-1] == "result"
    assert set(kinds[1:-1]) == {"progress"}
    progress = frames[1:-1]
    assert [f["offset"] for f in progress] == [0, 25, 50, 75, 100]
    assert progress[-1]["step"] == 120
    streamed = np.concatenate([f["train_loss"] for f in progress])
    np.testing.assert_array_equal(streamed, frames[-1]["history"]["train_loss"])
    with_grid = [f["step"] for f in progress if "decision" in f]
    assert with_grid == [74, 120]  # the first chunk end at or after every 50 steps
    assert frames[0]["decision"]["step"] == 0
    assert "dataset" not in frames[-1]


def test_stream_two_parameter_positions():
    frames = list(
        networks.stream(
            request(
                dataset={"name": "regression_linear", "samples": 60},
                model={"kind": "linear"},
                optimizer={"id": "gd", "hyperparameters": {"lr": 0.5}},
                steps=30,
                landscape={"directions": "exact", "resolution": 9},
            )
        )
    )
    positions = np.concatenate([f["position"] for f in frames if f["type"] == "progress"])
    np.testing.assert_allclose(positions, frames[-1]["landscape"]["path"], rtol=1e-6)


def test_divergence_is_reported_and_json_stays_finite():
    out = roundtrip(
        networks.run(
            request(
                dataset={"name": "regression_linear", "samples": 60},
                model={"kind": "linear", "start": [1.0, 1.0]},
                optimizer={"id": "gd", "hyperparameters": {"lr": 8.0}},
                steps=500,
                landscape={"directions": "exact", "resolution": 9},
            )
        )
    )
    assert out["status"] == "diverged" and 0 < out["diverged_at"] < 500
    assert len(out["history"]["train_loss"]) == out["diverged_at"]
    assert out["steps_taken"] == out["diverged_at"] - 1


def test_empty_test_set_reports_null_test_metrics():
    out = roundtrip(
        networks.run(
            request(dataset={"name": "xor", "samples": 200, "test_fraction": 0}, landscape=None)
        )
    )
    assert out["dataset"]["x_test"] == [] and out["landscape"] is None
    assert set(out["history"]["test_loss"]) == {None} and out["final"]["test_metric"] is None
    assert None not in out["history"]["train_loss"]
