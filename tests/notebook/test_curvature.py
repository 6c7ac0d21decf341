"""thalweg.curvature, stability and basins: the REST API's answers, bit for bit, and figures."""

import numpy as np
import pytest
import thalweg

LR = {"name": "lr", "min": 1e-3, "max": 1.0, "count": 12, "scale": "log"}
MOMENTUM = {"name": "momentum", "min": 0.0, "max": 0.95, "count": 5, "scale": "linear"}


def _grid(rows, dtype) -> np.ndarray:
    return np.asarray([[np.nan if v is None else v for v in row] for row in rows], dtype)


def test_curvature_equals_the_rest_api_and_the_closed_form(client):
    rest = client.post("/api/curvature", json={"surface": "rosenbrock", "point": [1, 1]}).json()
    result = thalweg.curvature("rosenbrock", (1, 1))
    np.testing.assert_array_equal(result.hessian, [[802, -400], [-400, 200]])
    np.testing.assert_array_equal(result.hessian, rest["hessian"])
    np.testing.assert_array_equal(result.eigenvalues, rest["eigenvalues"])
    np.testing.assert_array_equal(result.eigenvectors, rest["eigenvectors"])
    assert result.gd_stable_lr == rest["gd_stable_lr"] == pytest.approx(2 / result.eigenvalues[1])


def test_curvature_of_a_python_function():
    result = thalweg.curvature(lambda x, y: x**2 + 3 * x * y + 5 * y**2, (0.3, -0.2))
    np.testing.assert_allclose(result.hessian, [[2, 3], [3, 10]], atol=1e-12)
    np.testing.assert_allclose(result.eigenvalues, np.linalg.eigvalsh([[2, 3], [3, 10]]))


def test_stability_equals_the_rest_api_and_draws_its_grid(client):
    bowl = {"surface": "ill_conditioned", "surface_params": {"kappa": 10.0}}
    fields = bowl | {"optimizer": "momentum", "steps": 150, "x": LR, "y": MOMENTUM}
    rest = client.post("/api/stability", json=fields).json()
    result = thalweg.stability(
        "ill_conditioned", "momentum", LR, MOMENTUM, steps=150, surface_params={"kappa": 10.0}
    )
    np.testing.assert_array_equal(result.x, rest["x"])
    np.testing.assert_array_equal(result.y, rest["y"])
    assert result.status.tolist() == rest["status"]
    np.testing.assert_array_equal(result.steps_taken, rest["steps_taken"])
    expected = _grid(rest["final_loss"], np.float32)
    assert np.array_equal(result.final_loss, expected, equal_nan=True)
    assert {"converged", "diverged"} <= set(result.status.ravel())  # the grid crosses the edge
    assert result.f_min == 0.0

    traces = result.figure().to_dict()["data"]
    assert [t["type"] for t in traces] == ["heatmap", "heatmap"]  # loss, diverged on top
    shown = np.asarray(result.figure().data[0].z, np.float64)
    converged = result.status == "converged"
    assert (shown[converged] < np.log10(1e-3)).all()  # converged runs end at f ≈ f* = 0
    assert result.figure().to_dict()["layout"]["xaxis"]["type"] == "log"
    codes = np.asarray(result.figure("status").data[0].z)
    assert (codes[result.status == "diverged"] == 2).all() and (codes[converged] == 0).all()
    with pytest.raises(ValueError, match="color must be"):
        result.figure("colour")


def test_basins_equal_the_rest_api_and_find_himmelblaus_four_minima(client):
    fields = {"surface": "himmelblau", "optimizer": "gd", "hyperparameters": {"lr": 0.01}}
    rest = client.post("/api/basins", json=fields | {"resolution": 24}).json()
    result = thalweg.basins("himmelblau", "gd", {"lr": 0.01}, resolution=24)
    np.testing.assert_array_equal(result.minimum, rest["minimum"])
    np.testing.assert_array_equal(result.steps_taken, rest["steps_taken"])
    assert result.minima == [tuple(m) for m in rest["minima"]]
    assert set(np.unique(result.minimum)) >= {0, 1, 2, 3}

    traces = result.figure().to_dict()["data"]
    assert traces[0]["type"] == "image" and len(traces) == 1 + len(result.minima)
    stars = [(t["x"][0], t["y"][0]) for t in traces[1:]]
    assert stars == result.minima


def test_bad_map_arguments_raise_the_rest_apis_message():
    with pytest.raises(thalweg.ThalwegError, match="min must be below max"):
        thalweg.stability("rosenbrock", "gd", {**LR, "min": 2.0}, MOMENTUM)
    with pytest.raises(thalweg.ThalwegError, match="resolution"):
        thalweg.basins("himmelblau", "gd", resolution=10_000)


def test_curvature_of_a_game_is_its_fields_jacobian():
    result = thalweg.curvature("bilinear", (0.3, -0.2))
    np.testing.assert_allclose(result.game_jacobian, [[0, -1], [1, 0]], atol=1e-12)
    np.testing.assert_allclose(sorted(result.game_eigenvalues, key=lambda z: z.imag), [-1j, 1j])
    assert result.gda_stable_lr is None and result.gd_stable_lr is None  # GDA never converges
    assert thalweg.curvature("rosenbrock", (1, 1)).game_jacobian is None
