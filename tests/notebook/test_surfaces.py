"""thalweg.race / landscape / sweep: the REST API's numbers, bit for bit, and its errors."""

import jax.numpy as jnp
import numpy as np
import pytest
import thalweg
from thalweg.notebook.functions import function_objective

RUNS = [
    {"optimizer": "gd", "hyperparameters": {"lr": 1e-3}},
    {"optimizer": "momentum", "hyperparameters": {"lr": 1e-3}},
    "adam",
    {"optimizer": "adam", "hyperparameters": {"lr": 0.1}},
    {"optimizer": "gd", "hyperparameters": {"lr": 1e-3, "noise": 0.5, "seed": 3}},
]
SCENES = [
    {"surface": "rosenbrock", "start": [-1.5, 2.0], "steps": 300},
    {"surface": "ill_conditioned", "surface_params": {"kappa": 30.0}, "steps": 700},
    {
        "surface": {"expression": "x^2 + 3*sin(y)", "domain": {"x": [-3, 3], "y": [-2, 2]}},
        "steps": 100,
    },
]


def same(api_array, rest_values) -> bool:
    """Bit for bit: the REST API's JSON carries float32 in its shortest round-trip form."""
    rest = np.asarray(
        [np.nan if v is None else v for v in np.ravel(rest_values)], np.float32
    ).reshape(np.shape(api_array))
    return api_array.dtype == np.float32 and np.array_equal(api_array, rest, equal_nan=True)


@pytest.mark.parametrize("scene", SCENES, ids=["rosenbrock", "params", "expression"])
def test_race_equals_the_rest_api_bit_for_bit(client, scene):
    runs = RUNS
    rest_runs = [{"optimizer": r} if isinstance(r, str) else r for r in runs]
    # The Python API first: it compiles (a notebook's CPU is its own: no budget), so the
    # REST request after it is within the server's work budget even on a cold server.
    race = thalweg.race(
        scene["surface"],
        runs,
        start=scene.get("start"),
        steps=scene["steps"],
        surface_params=scene.get("surface_params"),
    )
    rest = client.post("/api/trajectories", json={**scene, "runs": rest_runs}).json()["runs"]
    assert len(race.runs) == len(rest) == len(runs)
    for run, body in zip(race.runs, rest, strict=True):
        assert (run.optimizer, run.status, run.steps_taken) == (
            body["optimizer"], body["status"], body["steps_taken"]
        )  # fmt: skip
        assert run.hyperparameters == body["hyperparameters"]
        for name in ("points", "losses", "gradients", "updates"):
            assert same(getattr(run, name), body[name]), name
        assert (run.momenta is None) == ("momenta" not in body)
        if run.momenta is not None:
            assert same(run.momenta, body["momenta"])


def test_landscape_equals_the_rest_api(client):
    request = {"surface": "himmelblau", "resolution": 40, "arrows": 6}
    rest = client.post("/api/landscape", json=request).json()
    land = thalweg.landscape("himmelblau", resolution=40, arrows=6)
    for name in ("x", "y", "z"):
        assert same(getattr(land, name), rest[name])
    for name in ("x", "y", "u", "v"):
        assert same(land.arrows[name], rest["arrows"][name])
    assert (land.z_min, land.z_max) == (rest["z_min"], rest["z_max"])
    assert land.log_scale == rest["log_scale"]
    assert len(land.minima) == 4


def test_sweep_equals_the_rest_api(client):
    rates = {"min": 1e-3, "max": 5.0, "count": 12}
    request = {"surface": "rosenbrock", "optimizer": "gd", "steps": 200, "learning_rates": rates}
    rest = client.post("/api/sweep", json=request).json()
    result = thalweg.sweep("rosenbrock", "gd", learning_rates=rates, steps=200)
    assert result.lr.tolist() == [r["lr"] for r in rest["results"]]
    assert result.status == [r["status"] for r in rest["results"]]
    expected = [np.nan if r["final_loss"] is None else r["final_loss"] for r in rest["results"]]
    np.testing.assert_array_equal(result.final_loss, expected)
    assert "diverged" in result.status  # the sweep reaches rates that blow up
    assert result.best == rest["best"]


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def test_a_python_function_runs_like_the_same_typed_expression():
    box = ((-2.0, 2.0), (-1.0, 3.0))
    kwargs = {"start": (-1.5, 2.0), "steps": 400, "domain": box}
    from_function = thalweg.race(rosenbrock, ["adam", "momentum"], **kwargs)
    typed = thalweg.race("(1-x)^2 + 100*(y-x^2)^2", ["adam", "momentum"], **kwargs)
    for a, b in zip(from_function.runs, typed.runs, strict=True):
        assert a.steps_taken == b.steps_taken
        np.testing.assert_allclose(a.points, b.points, rtol=1e-6)
    land = thalweg.landscape(rosenbrock, resolution=30, domain=box)
    assert land.domain == box and land.z.shape == (30, 30)


def test_a_function_key_is_what_it_computes():
    def shifted(c):
        offset = jnp.asarray([c, 0.0])
        return lambda x, y: (x - offset[0]) ** 2 + y**2

    assert (
        function_objective(rosenbrock).key
        == function_objective(lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2).key
    )
    assert function_objective(shifted(1.0)).key != function_objective(shifted(2.0)).key
    assert function_objective(shifted(1.0)).key == function_objective(shifted(1.0)).key
    # Different closed-over constants must not share a compiled program.
    gd = [{"optimizer": "gd", "hyperparameters": {"lr": 0.1}}]
    one = thalweg.race(shifted(1.0), gd, start=(0.0, 0.0), steps=300)
    two = thalweg.race(shifted(2.0), gd, start=(0.0, 0.0), steps=300)
    np.testing.assert_allclose(one.runs[0].points[-1], [1.0, 0.0], atol=1e-5)
    np.testing.assert_allclose(two.runs[0].points[-1], [2.0, 0.0], atol=1e-5)


@pytest.mark.parametrize(
    ("call", "type_", "text"),
    [
        (lambda: thalweg.race("rosenbrok", ["adam"]), "unknown_surface", "unknown surface"),
        (
            lambda: thalweg.race(
                "rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 50}}]
            ),
            "hyperparameter_range",
            "runs.0: lr=50.0 outside",
        ),
        (lambda: thalweg.race("rosenbrock", ["adam"], steps=0), "greater_than_equal", "steps"),
        (lambda: thalweg.race("x^^2", ["adam"]), "expression", "surface.expression"),
        (
            lambda: thalweg.race("rosenbrock", ["adam"], surface_params={"kappa": 2}),
            "value_error",
            "unknown surface parameter",
        ),
        (
            lambda: thalweg.race(rosenbrock, ["adam"], domain=((1, 0), (0, 1))),
            "value_error",
            "domain.x must be an interval",
        ),
    ],
)
def test_invalid_arguments_raise_the_rest_apis_validation_message(call, type_, text):
    with pytest.raises(thalweg.ThalwegError, match=text) as error:
        call()
    assert error.value.errors[0]["type"] == type_


def test_errors_of_the_computation_and_of_functions_are_thalweg_errors():
    with pytest.raises(thalweg.ThalwegError, match="not finite at the start") as error:
        thalweg.race("log(x)", ["gd"], start=(-1.0, 1.0))
    assert error.value.code == "start_not_finite"
    with pytest.raises(thalweg.ThalwegError, match="cannot be traced by JAX"):
        thalweg.race(lambda x, y: x if x > 0 else y, ["gd"])
    with pytest.raises(thalweg.ThalwegError, match=r"one scalar f\(x, y\); got \[\(2,\)\]"):
        thalweg.race(lambda x, y: jnp.stack([x, y]), ["gd"])
