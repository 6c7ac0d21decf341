"""thalweg.train: the REST API's training run, bit for bit, and its figure."""

import numpy as np
import pytest
import thalweg

REQUEST = {
    "dataset": {"name": "moons", "samples": 120},
    "model": {"kind": "mlp", "hidden": [6]},
    "optimizer": {"id": "gd", "hyperparameters": {"lr": 0.2}},
    "steps": 150,
    "landscape": {"directions": "pca", "resolution": 11},
}


def test_train_equals_the_rest_api(client):
    rest = client.post("/api/networks/run", json=REQUEST).json()
    result = thalweg.train(**REQUEST)
    assert (result.status, result.steps_taken) == (rest["status"], rest["steps_taken"])
    for name, values in rest["history"].items():
        expected = np.asarray([np.nan if v is None else v for v in values], np.float32)
        assert np.array_equal(result.history[name], expected, equal_nan=True), name
    land = result.response["landscape"]
    np.testing.assert_array_equal(land["z"], np.asarray(rest["landscape"]["z"], np.float32))
    np.testing.assert_array_equal(land["path"], np.asarray(rest["landscape"]["path"], np.float32))


def test_train_figure_has_boundary_data_landscape_and_path():
    result = thalweg.train(**REQUEST)
    traces = result.figure().to_dict()["data"]
    names = [t.get("name") for t in traces]
    assert "decision boundary" in names and "train" in names and "path" in names
    plane = traces[names.index("path") - 1]
    assert plane["type"] == "contour" and plane["xaxis"] == "x2"


def test_invalid_training_arguments_raise_the_validation_message():
    with pytest.raises(thalweg.ThalwegError, match="cannot learn") as error:
        thalweg.train("moons", {"kind": "linear"})
    assert error.value.errors[0]["type"] == "value_error"


def test_train_tracks_the_sharpness_and_ends_at_the_top_eigenvalue():
    request = REQUEST | {"landscape": None, "curvature": {"every": 50, "top_k": 2}}
    result = thalweg.train(**request)
    curvature = result.response["curvature"]
    assert curvature["steps"] == [0, 50, 100, 150] and len(curvature["top_eigenvalues"]) == 2
    assert curvature["top_eigenvalues"][0] == pytest.approx(curvature["sharpness"][-1], rel=1e-3)
