"""POST /api/trajectories, /api/landscape, /api/sweep in-process: shapes, errors, limits."""

import math

import numpy as np
import pytest

RACE = {
    "surface": "rosenbrock",
    "start": [-1.5, 2.0],
    "steps": 300,
    "runs": [
        {"optimizer": "gd", "hyperparameters": {"lr": 1e-3}},
        {"optimizer": "momentum", "hyperparameters": {"lr": 1e-3}},
        {"optimizer": "adam", "hyperparameters": {"lr": 0.001}},
        {"optimizer": "adam", "hyperparameters": {"lr": 0.1}},
    ],
}


def test_trajectories_return_every_run_in_request_order(client):
    runs = client.post("/api/trajectories", json=RACE).json()["runs"]
    assert [r["optimizer"] for r in runs] == ["gd", "momentum", "adam", "adam"]
    assert runs[2]["hyperparameters"]["lr"] == 0.001 and runs[3]["hyperparameters"]["lr"] == 0.1
    assert runs[2]["hyperparameters"]["beta2"] == 0.999  # defaults filled in
    for run in runs:
        n = run["steps_taken"]
        assert len(run["points"]) == len(run["losses"]) == len(run["gradients"]) == n + 1
        assert len(run["updates"]) == n
        assert run["points"][0] == [-1.5, 2.0]
        assert run["status"] in ("converged", "diverged", "max_steps")
    assert "momenta" not in runs[0] and len(runs[1]["momenta"]) == runs[1]["steps_taken"]
    assert runs[2]["points"] != runs[3]["points"]


def test_losses_are_the_surface_at_the_points(client):
    run = client.post("/api/trajectories", json=RACE).json()["runs"][3]
    x, y = np.asarray(run["points"], np.float64).T
    expected = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    np.testing.assert_allclose(run["losses"], expected, rtol=1e-4, atol=1e-6)


def test_diverging_run_is_reported_with_its_step_and_finite_json(client):
    body = {**RACE, "runs": [{"optimizer": "gd", "hyperparameters": {"lr": 0.5}}]}
    response = client.post("/api/trajectories", json=body)
    assert b"NaN" not in response.content and b"Infinity" not in response.content
    run = response.json()["runs"][0]
    assert run["status"] == "diverged"
    assert run["diverged_at"] == run["steps_taken"] + 1
    assert all(math.isfinite(v) for point in run["points"] for v in point)


def test_expression_surface(client):
    body = {
        "surface": {"expression": "(x-1)^2 + 2*(y+0.5)^2", "domain": {"x": [-3, 3], "y": [-3, 3]}},
        "start": [2.0, 2.0],
        "steps": 2000,
        "tolerance": 1e-6,
        "runs": [{"optimizer": "gd", "hyperparameters": {"lr": 0.1}}],
    }
    run = client.post("/api/trajectories", json=body).json()["runs"][0]
    assert run["status"] == "converged"
    np.testing.assert_allclose(run["points"][-1], [1.0, -0.5], atol=1e-5)


def test_surface_params_change_the_surface(client):
    body = {
        "surface": "ill_conditioned",
        "start": [1.0, 1.0],
        "steps": 5,
        "runs": [{"optimizer": "gd"}],
    }
    low = client.post("/api/trajectories", json={**body, "surface_params": {"kappa": 1}}).json()
    high = client.post("/api/trajectories", json={**body, "surface_params": {"kappa": 100}}).json()
    assert low["runs"][0]["losses"][0] == pytest.approx(1.0)
    assert high["runs"][0]["losses"][0] == pytest.approx(50.5)


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"surface": "rosenbrok"}, "valid: sphere, rosenbrock"),
        ({"runs": [{"optimizer": "adamm"}]}, "valid: gd, momentum"),
        (
            {"runs": [{"optimizer": "adam", "hyperparameters": {"momentum": 0.9}}]},
            "valid: lr, beta1",
        ),
        ({"runs": [{"optimizer": "adam", "hyperparameters": {"lr": 50}}]}, "outside [1e-06, 10]"),
        ({"runs": [{"optimizer": "rmsprop", "hyperparameters": {"centered": 0.5}}]}, "integer"),
        ({"steps": 0}, "greater than or equal to 1"),
        ({"steps": 10001}, "less than or equal to 10000"),
        ({"runs": []}, "at least 1"),
        ({"runs": [{"optimizer": "gd"}] * 17}, "at most 16"),
        ({"start": [1e300, 0]}, "less than or equal to"),
        ({"surface_params": {"kappa": 5}}, "unknown surface parameter 'kappa'"),
        ({"tolerance": -1}, "greater than or equal to 0"),
        ({"surprise": 1}, "Extra inputs are not permitted"),
    ],
)
def test_bad_requests_get_422_that_names_what_is_valid(client, patch, needle):
    response = client.post("/api/trajectories", json={**RACE, **patch})
    assert response.status_code == 422
    assert needle in response.text
    assert client.get("/api/health").status_code == 200


def test_bad_expression_names_the_column(client):
    body = {**RACE, "surface": {"expression": "x + z", "domain": {"x": [-1, 1], "y": [-1, 1]}}}
    response = client.post("/api/trajectories", json=body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["ctx"]["column"] == 5 and "unknown name 'z'" in error["msg"]
    # named for a client that translates it: code and parameters beside the English
    assert error["ctx"]["code"] == "unknown_name" and error["ctx"]["name"] == "z"


def test_out_of_range_hyperparameter_is_named_with_its_range(client):
    body = {**RACE, "runs": [{"optimizer": "adam", "hyperparameters": {"lr": 50}}]}
    [error] = client.post("/api/trajectories", json=body).json()["detail"]
    assert error["type"] == "hyperparameter_range"
    assert error["ctx"] == {"name": "lr", "value": 50.0, "min": "1e-06", "max": "10"}
    assert error["msg"] == "lr=50.0 outside [1e-06, 10]"


def test_non_finite_start_is_rejected(client):
    body = {
        **RACE,
        "surface": {"expression": "log(x)", "domain": {"x": [-1, 1], "y": [-1, 1]}},
        "start": [-0.5, 0.0],
    }
    response = client.post("/api/trajectories", json=body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "f or its gradient is not finite at the start point (-0.5, 0)",
        "code": "start_not_finite",
        "params": {"x": -0.5, "y": 0.0},
    }


def test_landscape_orientation_and_arrows(client):
    body = {"surface": "rosenbrock", "resolution": 7, "arrows": 3}
    grid = client.post("/api/landscape", json=body).json()
    x, y, z = np.asarray(grid["x"]), np.asarray(grid["y"]), np.asarray(grid["z"], np.float64)
    assert z.shape == (7, 7)
    j, i = 5, 2  # z[j][i] = f(x[i], y[j])
    assert z[j, i] == pytest.approx((1 - x[i]) ** 2 + 100 * (y[j] - x[i] ** 2) ** 2, rel=1e-5)
    a = grid["arrows"]
    assert len(a["x"]) == 9
    ax, ay = a["x"][0], a["y"][0]
    assert a["u"][0] == pytest.approx(2 * (1 - ax) + 400 * ax * (ay - ax**2), rel=1e-4)
    assert a["v"][0] == pytest.approx(-200 * (ay - ax**2), rel=1e-4)
    assert grid["log_scale"] is True and grid["z_min"] >= 0


def test_landscape_of_an_expression_with_gaps_sends_null_not_nan(client):
    body = {
        "surface": {"expression": "log(x)", "domain": {"x": [-1, 1], "y": [-1, 1]}},
        "resolution": 4,
    }
    response = client.post("/api/landscape", json=body)
    assert b"NaN" not in response.content
    assert response.json()["z"][0][0] is None


def test_landscape_limits(client):
    assert (
        client.post("/api/landscape", json={"surface": "sphere", "resolution": 513}).status_code
        == 422
    )
    assert (
        client.post("/api/landscape", json={"surface": "sphere", "arrows": 65}).status_code == 422
    )


def test_sweep_finds_the_best_rate(client):
    body = {
        "surface": "ill_conditioned",
        "surface_params": {"kappa": 10},
        "start": [-4.0, 1.5],
        "steps": 100,
        "optimizer": "gd",
        "learning_rates": {"min": 1e-3, "max": 0.5, "count": 24},
    }
    sweep = client.post("/api/sweep", json=body).json()
    assert len(sweep["results"]) == 24
    # GD on ½(x² + 10y²) diverges once η > 2/10 and is fastest near η = 2/(1 + 10).
    for r in sweep["results"]:
        assert (r["status"] == "diverged") == (r["lr"] > 0.2)
    finished = [r for r in sweep["results"] if r["final_loss"] is not None]
    assert sweep["best"]["final_loss"] == min(r["final_loss"] for r in finished)
    assert 0.1 < sweep["best"]["lr"] < 0.2


def test_sweep_rejects_optimizers_without_a_learning_rate(client):
    body = {"surface": "sphere", "optimizer": "lbfgs", "learning_rates": [0.1, 0.2]}
    response = client.post("/api/sweep", json=body)
    assert response.status_code == 422 and "no learning rate" in response.text


def test_include_selects_the_arrays(client):
    body = {**RACE, "include": ["losses"]}
    run = client.post("/api/trajectories", json=body).json()["runs"][1]
    assert set(run) >= {"points", "losses", "status"}
    assert not {"gradients", "updates", "momenta"} & set(run)
    assert (
        client.post("/api/trajectories", json={**RACE, "include": ["hessians"]}).status_code == 422
    )


def test_gradient_check_sends_finite_json(client):
    body = {"surface": {"expression": "exp(50*x) + y", "domain": {"x": [-1, 1], "y": [-1, 1]}}}
    response = client.post("/api/gradient-check", json={**body, "point": [14.0, 0.0]})
    assert response.status_code == 200
    assert "NaN" not in response.text and "Infinity" not in response.text
    out = response.json()
    assert out["analytic"][1] == 1.0
    assert None in [row[0] for row in out["forward"]]  # f(w + δ) overflows for δ = 1: null


def test_gradient_check_rejects_points_outside_the_coordinate_bound(client):
    response = client.post("/api/gradient-check", json={"surface": "sphere", "point": [1e300, 0]})
    assert response.status_code == 422


def test_graph_backpropagates_through_an_expression(client):
    response = client.post("/api/graph", json={"expression": "x*y + sin(x)", "point": [1, 2]})
    assert response.status_code == 200
    out = response.json()
    assert [n["label"] for n in out["nodes"]] == ["x", "y", "×", "x", "sin", "+"]
    assert out["gradient"] == pytest.approx(out["jax_gradient"])
    assert out["gradient"][1] == 1.0


def test_graph_of_a_bad_or_too_large_expression_is_refused(client):
    bad = client.post("/api/graph", json={"expression": "2x", "point": [0, 0]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["ctx"]["code"] == "implicit_product"
    large = client.post("/api/graph", json={"expression": "+".join(["x"] * 40), "point": [0, 0]})
    assert large.status_code == 422 and large.json()["code"] == "graph_too_large"
    nan = client.post("/api/graph", json={"expression": "log(x) + y", "point": [-1, 0]})
    assert nan.status_code == 200 and nan.json()["nodes"][1]["value"] is None  # log(−1): null
