"""The gradient check: exact differences on a quadratic, the error's V, no recompiles."""

import numpy as np
import pytest
from thalweg.compute.gradient_check import _checker, gradient_check
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import Objective

QUADRATIC = Objective("test-check-quadratic", lambda x, y, p: x**2 + p[0] * y**2)
DELTAS = np.logspace(-14, 0, 57)


def test_differences_on_a_quadratic_match_their_closed_forms():
    # f = x² + κy²: forward differences are ∇f + δ(1, κ) exactly, central ones ∇f.
    kappa, point = 3.0, (0.7, -1.1)
    steps = np.asarray([1e-1, 1e-2, 1e-3])
    check = gradient_check(QUADRATIC, point, np.asarray([kappa]), steps)
    np.testing.assert_allclose(check.analytic, [1.4, -6.6], rtol=1e-15)
    expected = check.analytic + steps[:, None] * np.asarray([1.0, kappa])
    np.testing.assert_allclose(check.forward, expected, rtol=1e-10)
    np.testing.assert_allclose(check.central, np.tile(check.analytic, (3, 1)), rtol=1e-10)
    gap = np.linalg.norm(expected - check.analytic, axis=1)
    scale = np.maximum(np.linalg.norm(expected, axis=1), np.linalg.norm(check.analytic))
    np.testing.assert_allclose(check.forward_error, gap / scale, rtol=1e-8)
    assert np.all(check.central_error < 1e-12)


def check_at_start(surface: str):
    spec = SURFACES[surface]
    params = np.asarray([p.default for p in spec.params])
    return gradient_check(Objective(surface, spec.value), spec.start, params, DELTAS)


def assert_v(errors, bottom):
    """Both arms rise by 10× above the minimum, which lies within two decades of ``bottom``."""
    best = int(np.argmin(errors))
    assert bottom / 100 <= DELTAS[best] <= bottom * 100, DELTAS[best]
    assert errors[0] > 10 * errors[best] and errors[-1] > 10 * errors[best]


# bilinear: f is linear along each axis, so forward differences are exact.
@pytest.mark.parametrize("surface", sorted(set(SURFACES) - {"bilinear"}))
def test_forward_errors_fall_with_the_step_until_round_off_takes_over(surface):
    assert_v(check_at_start(surface).forward_error, bottom=np.sqrt(np.finfo(float).eps))


# Central differences are exact on polynomials of degree ≤ 2 along an axis; these are not.
@pytest.mark.parametrize("surface", ["rosenbrock", "beale", "rastrigin", "ackley", "easom"])
def test_central_errors_bottom_out_lower_and_at_a_larger_step(surface):
    check = check_at_start(surface)
    assert_v(check.central_error, bottom=np.cbrt(np.finfo(float).eps))
    assert check.central_error.min() < check.forward_error.min() / 10


def test_a_vanishing_gradient_has_error_zero_where_the_estimate_vanishes_too():
    check = gradient_check(QUADRATIC, (0.0, 0.0), np.asarray([1.0]), np.asarray([1e-3]))
    assert check.central_error[0] == 0.0
    assert check.forward_error[0] == 1.0  # ‖(δ, δ)‖ against a zero gradient


def test_new_points_parameters_and_steps_never_recompile():
    fresh = Objective("test-check-recompile", QUADRATIC.value)
    gradient_check(fresh, (1.0, 2.0), np.asarray([1.0]), DELTAS)
    gradient_check(fresh, (-3.0, 0.5), np.asarray([7.0]), DELTAS * 2)
    assert _checker(fresh)._cache_size() == 1
