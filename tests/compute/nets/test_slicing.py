"""Landscapes: grids equal direct evaluation, filter normalisation, PCA, exact plane, paths."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.nets import slicing
from thalweg.compute.nets.datasets import make_dataset
from thalweg.compute.nets.models import initial_theta, make_spec, unflatten
from thalweg.compute.nets.objective import bucket, make_objective, pad

SPEC = make_spec("mlp", 2, "binary", 2, (16, 16), "tanh")
DS = make_dataset("moons", 120, seed=0)
DATA = pad(DS.x_train, DS.y_train, bucket(len(DS.x_train)))
THETA = initial_theta(SPEC, jax.random.key(0), "glorot", 0.1, 0.0)


def test_plane_equals_direct_evaluation():
    d1, d2 = slicing.random_directions(SPEC, jax.random.key(1), THETA)
    a = np.linspace(-1, 1, 7, dtype=np.float32)
    b = np.linspace(-0.5, 1.5, 5, dtype=np.float32)
    z = slicing.plane(SPEC, "bce", THETA, d1, d2, a, b, DATA, 0.01, 0.0)
    assert z.shape == (5, 7) and z.dtype == np.float32
    # The training objective itself (no bias folding), one point at a time.
    objective = jax.jit(make_objective(SPEC, "bce"))
    for i, j in [(0, 0), (3, 2), (6, 4), (1, 3)]:
        theta = jnp.asarray(THETA + a[i] * d1 + b[j] * d2)
        direct = float(objective(theta, DATA, jnp.float32(0.01), jnp.float32(0))[0])
        assert z[j, i] == pytest.approx(direct, rel=1e-5)


def test_filter_normalisation():
    d1, d2 = slicing.random_directions(SPEC, jax.random.key(3), THETA)
    assert not np.allclose(d1, d2)
    for d in (d1, d2):
        for dl, wl in zip(unflatten(SPEC, d), unflatten(SPEC, THETA), strict=True):
            np.testing.assert_allclose(
                np.linalg.norm(dl["w"], axis=0), np.linalg.norm(wl["w"], axis=0), rtol=1e-5
            )
            assert np.all(dl["b"] == 0)  # biases are not perturbed


def test_pca_directions_are_orthonormal(run_training):
    run = run_training("moons", hyper={"lr": 0.05}, steps=100)
    d1, d2, ratios = slicing.pca_directions(run.thetas, run.thetas[-1], seed=0)
    basis = np.stack([d1, d2]).astype(np.float64)
    np.testing.assert_allclose(basis @ basis.T, np.eye(2), atol=1e-5)
    assert np.all(ratios >= 0) and ratios.sum() <= 1 + 1e-9 and ratios[0] >= ratios[1]
    path = slicing.project(run.thetas, run.thetas[-1], d1, d2)
    np.testing.assert_allclose(path[-1], [0, 0], atol=1e-6)
    # Projected coordinates equal (θ − θ_final)·d for an orthonormal basis.
    np.testing.assert_allclose(path[:, 0], (run.thetas - run.thetas[-1]) @ d1, atol=1e-4)


def test_pca_completes_a_straight_path():
    start, end = np.zeros(5, np.float32), np.arange(5, dtype=np.float32)
    thetas = np.stack([start + t * (end - start) for t in np.linspace(0, 1, 6)])
    d1, d2, ratios = slicing.pca_directions(thetas, end, seed=0)
    assert ratios[0] == pytest.approx(1.0) and ratios[1] == pytest.approx(0.0, abs=1e-12)
    assert abs(float(d1 @ d2)) < 1e-6 and np.linalg.norm(d2) == pytest.approx(1.0, rel=1e-6)


def test_exact_plane_is_the_closed_form_mse():
    ds = make_dataset("regression_linear", 50, seed=2)
    spec = make_spec("linear", 1, "regression", 0)
    data = pad(ds.x_train, ds.y_train, bucket(len(ds.x_train)))
    e_w, e_b = slicing.exact_directions(spec)
    a = np.linspace(-1, 4, 11, dtype=np.float32)
    b = np.linspace(-3, 2, 9, dtype=np.float32)
    z = slicing.plane(spec, "mse", np.zeros(2), e_w, e_b, a, b, data, 0.0, 0.0)
    x, y = ds.x_train[:, 0].astype(np.float64), ds.y_train.astype(np.float64)
    expected = np.mean((a[None, :, None] * x + b[:, None, None] - y) ** 2, axis=-1)
    np.testing.assert_allclose(z, expected, rtol=1e-5)


def test_interpolation_endpoints():
    end = THETA + 0.3
    alphas = np.array([0.0, 0.5, 1.0], np.float32)
    line = slicing.interpolate(SPEC, "bce", THETA, end, alphas, DATA, 0.0, 0.0)
    assert line[0] == pytest.approx(slicing.value(SPEC, "bce", THETA, DATA, 0.0, 0.0), rel=1e-6)
    assert line[2] == pytest.approx(slicing.value(SPEC, "bce", end, DATA, 0.0, 0.0), rel=1e-6)


def test_least_squares_projection_recovers_coordinates():
    rng = np.random.default_rng(0)
    d1, d2 = rng.normal(size=(2, 30)).astype(np.float32)  # not orthogonal
    origin = rng.normal(size=30).astype(np.float32)
    coords = rng.normal(size=(8, 2))
    thetas = origin + coords[:, :1] * d1 + coords[:, 1:] * d2
    np.testing.assert_allclose(slicing.project(thetas, origin, d1, d2), coords, atol=1e-4)


def test_grid_batches_bound_memory():
    big = make_spec("mlp", 64, "multiclass", 10, (64, 64), "relu")
    assert slicing.grid_batch(big, 1536) * 1536 * 64 <= slicing.ACTIVATION_BUDGET
    assert slicing.grid_batch(SPEC, 512) >= 32
