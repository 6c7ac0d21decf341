"""POST /api/curvature, /api/stability, /api/basins: shapes, JSON safety and 422s."""

import json

import numpy as np
import pytest
from thalweg.config import get_settings

LIMITS = get_settings().curvature
LR = {"name": "lr", "min": 0.01, "max": 1.0, "count": 8, "scale": "log"}
SWITCH = {"name": "centered", "min": 0, "max": 1, "count": 2}
DECAY = {"name": "weight_decay", "min": 0.0, "max": 0.5, "count": 3}


def _strict_json(text: str):
    def reject(constant):
        raise AssertionError(f"{constant} in JSON")

    return json.loads(text, parse_constant=reject)


def test_curvature_of_rosenbrock_at_its_minimum(client):
    response = client.post("/api/curvature", json={"surface": "rosenbrock", "point": [1, 1]})
    assert response.status_code == 200
    body = _strict_json(response.text)
    assert body["hessian"] == [[802.0, -400.0], [-400.0, 200.0]]
    low, high = body["eigenvalues"]
    assert low < high and body["gd_stable_lr"] == pytest.approx(2 / high)
    assert len(body["eigenvectors"]) == 2 and "path_eigenvalues" not in body


def test_curvature_where_the_hessian_is_not_finite_answers_nulls(client):
    surface = {"expression": "sqrt(x) + y^2", "domain": {"x": [-1, 1], "y": [-1, 1]}}
    response = client.post("/api/curvature", json={"surface": surface, "point": [-0.5, 0]})
    body = _strict_json(response.text)
    assert body["eigenvalues"] == [None, None] and body["gd_stable_lr"] is None
    assert body["polyak"] is None


def test_curvature_along_a_path(client):
    points = [[0, 0], [0.5, 0.25], [1, 1]]
    response = client.post(
        "/api/curvature", json={"surface": "rosenbrock", "point": [0, 0], "points": points}
    )
    body = _strict_json(response.text)
    assert len(body["path_eigenvalues"]) == 3
    assert np.asarray(body["path_eigenvectors"]).shape == (3, 2, 2)


def test_stability_grids_are_y_major(client):
    body = {"surface": "ill_conditioned", "optimizer": "gd", "steps": 100, "x": LR, "y": DECAY}
    response = client.post("/api/stability", json=body)
    assert response.status_code == 200
    result = _strict_json(response.text)
    assert len(result["x"]) == 8 and len(result["y"]) == 3
    for grid in ("final_loss", "status", "steps_taken"):
        assert [len(row) for row in result[grid]] == [8, 8, 8]
    assert {s for row in result["status"] for s in row} <= {"converged", "diverged", "max_steps"}


def test_basins_grids_are_y_major_and_list_the_minima(client):
    body = {"surface": "himmelblau", "optimizer": "gd", "resolution": 8, "steps": 50}
    body["domain"] = {"x": [0, 5], "y": [-1, 4]}
    response = client.post("/api/basins", json=body)
    assert response.status_code == 200
    result = _strict_json(response.text)
    assert result["x"][0] == 0 and result["x"][-1] == 5 and result["y"][-1] == 4
    assert [len(row) for row in result["minimum"]] == [8] * 8
    assert result["known_minima"] == 4 and len(result["minima"]) >= 4


@pytest.mark.parametrize(
    ("optimizer", "x", "y", "message"),
    [
        ("rmsprop", SWITCH, LR, "cannot be a map axis"),
        ("gd", {"name": "seed", "min": 0, "max": 9, "count": 2}, LR, "cannot be a map axis"),
        ("gd", LR, LR, "different hyperparameters"),
        ("gd", LR, {**DECAY, "scale": "log"}, "log axis needs min > 0"),
        ("gd", LR, {**DECAY, "min": 0.5, "max": 0.1}, "min must be below max"),
        ("gd", LR, {**DECAY, "max": 5.0}, "outside"),
        ("gd", LR, {**DECAY, "name": "momentum"}, "unknown hyperparameter"),
        ("gd", LR, {**DECAY, "count": LIMITS.max_axis_count + 1}, "less than or equal"),
        ("gd", {"name": "noise", "min": 0, "max": 1, "count": 2}, LR, "not available on maps"),
        ("newton", {"name": "damping", "min": 0.1, "max": 1, "count": 2}, LR, "too costly"),
    ],
)
def test_bad_stability_axes_are_422(client, optimizer, x, y, message):
    body = {"surface": "ill_conditioned", "optimizer": optimizer, "x": x, "y": y}
    response = client.post("/api/stability", json=body)
    assert response.status_code == 422
    assert message in response.text


def test_maps_beyond_the_work_limit_are_422(client):
    side = LIMITS.max_axis_count
    body = {
        "surface": "ill_conditioned",
        "optimizer": "adam",
        "steps": get_settings().max_steps,
        "x": {**LR, "count": side},
        "y": {"name": "beta1", "min": 0, "max": 0.9, "count": side},
    }
    response = client.post("/api/stability", json=body)
    assert response.status_code == 422 and response.json()["code"] == "work_budget"
    basins = {"surface": "himmelblau", "optimizer": "adam", "resolution": 256, "steps": 10_000}
    response = client.post("/api/basins", json=basins)
    assert response.status_code == 422 and response.json()["code"] == "work_budget"


@pytest.mark.parametrize(
    "body",
    [
        {"surface": "himmelblau", "optimizer": "gd", "resolution": 1},
        {"surface": "himmelblau", "optimizer": "gd", "resolution": LIMITS.max_basin_resolution + 1},
        {"surface": "himmelblau", "optimizer": "nope"},
        {"surface": "himmelblau", "optimizer": "gd", "hyperparameters": {"lr": 100}},
        {"surface": "himmelblau", "optimizer": "gd", "domain": {"x": [1, 0], "y": [0, 1]}},
        {"surface": "himmelblau", "optimizer": "gd", "hyperparameters": {"noise": 0.1}},
        {"surface": "himmelblau", "optimizer": "lbfgs"},
    ],
)
def test_bad_basin_requests_are_422(client, body):
    assert client.post("/api/basins", json=body).status_code == 422


def test_curvature_path_is_bounded(client):
    points = [[0, 0]] * (LIMITS.max_points + 1)
    body = {"surface": "rosenbrock", "point": [0, 0], "points": points}
    assert client.post("/api/curvature", json=body).status_code == 422
