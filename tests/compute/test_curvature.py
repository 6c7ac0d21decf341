"""Hessians against closed forms and finite differences; stable step sizes against theory."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.curvature import _analyser, curvature, gd_stable_lr, polyak_optimum
from thalweg.compute.expressions import compile_expression
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import Objective


def _objective(surface_id: str) -> Objective:
    return Objective(surface_id, SURFACES[surface_id].value)


def test_rosenbrock_hessian_at_its_minimum_is_the_closed_form():
    result = curvature(_objective("rosenbrock"), np.zeros(0), np.asarray([[1.0, 1.0]]))
    np.testing.assert_allclose(result.hessians[0], [[802.0, -400.0], [-400.0, 200.0]], rtol=1e-12)
    # λ = 501 ∓ √(301² + 400²): the roots of λ² − 1002λ + 400.
    root = math.sqrt(301.0**2 + 400.0**2)
    np.testing.assert_allclose(result.eigenvalues[0], [501 - root, 501 + root], rtol=1e-12)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
def test_ill_conditioned_bowl_is_diag_one_kappa_everywhere(kappa):
    points = np.random.default_rng(0).uniform(-3, 3, (7, 2))
    result = curvature(_objective("ill_conditioned"), np.asarray([kappa]), points)
    np.testing.assert_allclose(result.hessians, np.tile(np.diag([1.0, kappa]), (7, 1, 1)))
    np.testing.assert_allclose(result.eigenvalues, np.tile([1.0, kappa], (7, 1)))
    assert gd_stable_lr(result.eigenvalues[0, 1]) == pytest.approx(2 / kappa)


@pytest.mark.parametrize("surface_id", list(SURFACES))
def test_hessian_matches_central_differences_of_the_gradient_at_the_start(surface_id):
    """H[:, i] ≈ (∇f(w + δeᵢ) − ∇f(w − δeᵢ)) / 2δ, error O(δ²) + O(ε‖∇f‖/δ)."""
    surface = SURFACES[surface_id]
    params = np.asarray(surface.default_params())
    start = np.asarray(surface.start, np.float64)
    gradient = jax.grad(lambda w: surface.value(w[0], w[1], jnp.asarray(params)))
    delta = 1e-6  # truncation δ²·f⁗/6 matters on the rippled surfaces; round-off ~1e-10·‖∇f‖
    columns = [
        (gradient(start + delta * e) - gradient(start - delta * e)) / (2 * delta) for e in np.eye(2)
    ]
    estimate = np.stack(columns, axis=1)
    hessian = curvature(_objective(surface_id), params, start[None]).hessians[0]
    scale = max(1.0, float(np.abs(hessian).max()), float(np.linalg.norm(gradient(start))))
    np.testing.assert_allclose(hessian, estimate, atol=1e-5 * scale)


def test_eigenvectors_are_orthonormal_and_belong_to_their_eigenvalues():
    points = np.random.default_rng(1).uniform(-4, 4, (16, 2))
    result = curvature(_objective("himmelblau"), np.zeros(0), points)
    assert np.all(np.diff(result.eigenvalues, axis=1) >= 0)  # ascending
    for h, values, vectors in zip(*result, strict=True):
        np.testing.assert_allclose(vectors @ vectors.T, np.eye(2), atol=1e-12)
        np.testing.assert_allclose(vectors @ h, values[:, None] * vectors, atol=1e-9 * abs(h).max())


def test_a_path_is_one_program_per_power_of_two_and_equals_pointwise_results():
    objective = Objective("test-curvature-path", SURFACES["rosenbrock"].value)
    points = np.random.default_rng(2).uniform(-2, 2, (13, 2))
    together = curvature(objective, np.zeros(0), points)
    assert _analyser(objective)._cache_size() == 1
    curvature(objective, np.zeros(0), points[:9])  # 9 and 13 both pad to 16
    assert _analyser(objective)._cache_size() == 1
    for n, point in enumerate(points):
        alone = curvature(objective, np.zeros(0), point[None])
        np.testing.assert_allclose(alone.hessians[0], together.hessians[n])


def test_a_non_finite_hessian_gives_nan_eigenvalues():
    expression = compile_expression("sqrt(x) + y^2")
    result = curvature(Objective("test-sqrt", expression.value), np.zeros(0), [[-1.0, 0.0]])
    assert np.all(np.isnan(result.eigenvalues)) and np.all(np.isnan(result.eigenvectors))
    assert gd_stable_lr(float(result.eigenvalues[0, 1])) is None


@pytest.mark.parametrize("lambda_max", [0.0, -2.0, math.nan])
def test_no_stable_step_without_positive_curvature(lambda_max):
    assert gd_stable_lr(lambda_max) is None


def _heavy_ball_rate(lr: float, beta: float, curvatures: list[float]) -> float:
    """Spectral radius of (w_{k+1}, w_k) ← [[1 + β − ηλ, −β], [1, 0]] (w_k, w_{k−1})."""
    return max(
        float(np.abs(np.linalg.eigvals([[1 + beta - lr * lam, -beta], [1, 0]])).max())
        for lam in curvatures
    )


@pytest.mark.parametrize("kappa", [4.0, 100.0])
def test_polyak_optimum_reaches_the_optimal_heavy_ball_rate(kappa):
    lr, beta = polyak_optimum(1.0, kappa)
    optimal = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert _heavy_ball_rate(lr, beta, [1.0, kappa]) == pytest.approx(optimal, rel=1e-6)
    # Any other (η, β) nearby converges more slowly in the worst case.
    for other in [(lr * 1.05, beta), (lr * 0.95, beta), (lr, beta * 0.9)]:
        assert _heavy_ball_rate(*other, [1.0, kappa]) > optimal
    assert polyak_optimum(0.0, kappa) is None and polyak_optimum(-1.0, kappa) is None
