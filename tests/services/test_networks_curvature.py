"""Sharpness during training: the edge of stability, the response, the stream, divergence.

One configuration throughout (so one set of compiled programs): 100 points of
two moons, all for training, a 2-16-16-1 tanh MLP with a linear output under
½·MSE (targets ±1), full-batch gradient descent at η = 0.2 (2/η = 10).

Why this setting: it is the smallest we found that shows the edge of stability
honestly within a second of training. The sharpness starts at 5.4 (0.54 · 2/η),
climbs (progressive sharpening) to 2/η by step ~600 and then stays there: its
estimates every 10 steps from 600 to 1,000 lay within [9.86, 10.13] when the
test was written (the issue's larger run, 200 points and 2-32-32-1 at η = 0.15,
settles at 12.7–14.0 vs 13.3 from step 500 to 5,000; benchmarks/bench_sharpness.py).
"""

from __future__ import annotations

import jax
import numpy as np
import orjson
import pytest
from thalweg.compute.nets.hessian import get_lanczos
from thalweg.compute.nets.objective import make_objective
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import networks
from thalweg.services.encoding import dumps

ETA = 0.2


@pytest.fixture(autouse=True, scope="module")
def _strict_ranks():
    """Module-wide, so the module's shared runs compile under the same config as its tests."""
    with jax.numpy_rank_promotion("raise"):
        yield


def request(**overrides) -> NetworkRequest:
    body = {
        "dataset": {"name": "moons", "samples": 100, "test_fraction": 0},
        "model": {"kind": "mlp", "hidden": [16, 16], "activation": "tanh"},
        "loss": "half_mse",
        "optimizer": {"id": "gd", "hyperparameters": {"lr": ETA}},
        "steps": 1000,
        "landscape": None,
        "curvature": {"every": 10, "top_k": 5, "density": True},
    }
    body.update(overrides)
    return NetworkRequest.model_validate(body)


def roundtrip(payload: dict) -> dict:
    text = dumps(payload)
    assert b"NaN" not in text and b"Infinity" not in text
    return orjson.loads(text)


@pytest.fixture(scope="module")
def edge_run():
    return roundtrip(networks.run(request()))


def test_gradient_descent_sharpens_to_the_edge_of_stability(edge_run):
    curvature = edge_run["curvature"]
    steps, sharpness = np.array(curvature["steps"]), np.array(curvature["sharpness"])
    threshold = 2 / ETA
    assert edge_run["status"] == "completed"
    assert steps.tolist() == list(range(0, 1001, 10))
    # It rises: it starts well below 2/η ...
    assert sharpness[0] < 0.7 * threshold
    # ... and from step 600 on it stays within 10 % of 2/η (never far above: GD is
    # at the edge of stability, not past it; the loss keeps going down).
    late = sharpness[steps >= 600]
    assert np.all(np.abs(late - threshold) < 0.1 * threshold), late
    loss = np.array(edge_run["history"]["train_loss"])
    assert loss[-1] < 0.5 * loss[0]


def test_tracked_sharpness_matches_a_cold_lanczos_run(edge_run):
    """The warm two-step estimates against 64 cold steps from a random vector at θ_final."""
    final_sharpness = edge_run["curvature"]["sharpness"][-1]  # step 1000, the final θ
    top = edge_run["curvature"]["top_eigenvalues"]
    assert len(top) == 5 and top == sorted(top, reverse=True)
    assert final_sharpness == pytest.approx(top[0], rel=1e-3)


def test_top_eigenvalues_equal_the_dense_hessian_at_the_returned_weights():
    """A 2-4-4-1 network (37 parameters ≤ 64, so the response carries θ_final)."""
    req = request(
        model={"kind": "mlp", "hidden": [4, 4], "activation": "tanh"},
        steps=200,
        curvature={"every": 50, "top_k": 8, "density": False},
    )
    out = roundtrip(networks.run(req))
    plan = networks.prepare(req)
    objective = make_objective(plan.model, plan.loss)
    inputs = (plan.inputs.train, plan.inputs.l2, plan.inputs.alpha)
    final = np.asarray(out["parameters"]["final"], np.float32)
    dense = jax.jit(jax.hessian(lambda th: objective(th, *inputs)[0]))(final)
    expected = np.linalg.eigvalsh(np.asarray(dense, np.float64))[::-1][:8]
    assert out["curvature"]["density"] is None
    np.testing.assert_allclose(out["curvature"]["top_eigenvalues"], expected, rtol=1e-4)


def test_density_of_the_response(edge_run):
    density = edge_run["curvature"]["density"]
    x, y = np.array(density["x"]), np.array(density["y"])
    assert len(x) == len(y) == 201 and np.all(np.diff(x) > 0) and np.all(y >= 0)
    assert np.trapezoid(y, x) == pytest.approx(1.0, abs=1e-3)
    top = edge_run["curvature"]["top_eigenvalues"][0]
    assert x[0] < 0.05 * top and top < x[-1] < 1.1 * top  # the grid spans the spectrum


def test_timing_separates_curvature_from_training(edge_run):
    timing = edge_run["timing"]
    assert timing["sharpness_ms"] > 0 and timing["spectrum_ms"] > 0 and timing["train_ms"] > 0


def test_without_curvature_the_response_has_none():
    out = roundtrip(networks.run(request(steps=30, curvature=None)))
    assert out["curvature"] is None
    assert out["timing"]["sharpness_ms"] == out["timing"]["spectrum_ms"] == 0


def test_stream_frames_carry_the_chunks_estimates():
    frames = list(networks.stream(request(steps=120, curvature={"every": 20, "top_k": 3})))
    progress = [f for f in frames if f["type"] == "progress"]
    steps = [k for f in progress for k in f["curvature"]["steps"]]
    assert steps == [0, 20, 40, 60, 80, 100, 120]
    assert [f["curvature"]["steps"] for f in progress][:2] == [[0, 20], [40]]
    streamed = np.concatenate([f["curvature"]["sharpness"] for f in progress])
    result = frames[-1]["curvature"]
    assert result["steps"] == steps
    np.testing.assert_array_equal(streamed, result["sharpness"])
    assert len(result["top_eigenvalues"]) == 3


def test_divergence_stops_the_estimates_and_json_stays_finite():
    out = roundtrip(
        networks.run(request(optimizer={"id": "gd", "hyperparameters": {"lr": 5.0}}, steps=300))
    )
    assert out["status"] == "diverged"
    curvature = out["curvature"]
    assert curvature["steps"] and curvature["steps"][-1] < out["diverged_at"]
    assert len(curvature["steps"]) == len(curvature["sharpness"])


def test_other_intervals_reuse_the_compiled_programs(edge_run):
    plan = networks.prepare(request())
    programs = get_lanczos(plan.model, plan.loss), plan.trainer.chunk
    before = tuple(program._cache_size() for program in programs)
    for every in (7, 25, 40):
        out = networks.run(request(steps=60, curvature={"every": every, "top_k": 2}))
        assert out["curvature"]["steps"] == list(range(0, 61, every))
    # Other tests may have compiled these programs before: none is added here.
    assert tuple(program._cache_size() for program in programs) == before
