"""A game's field Jacobian against closed forms, finite differences and GDA's own runs."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.game_jacobian import _analyser, game_jacobian, gda_stable_lr
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import Objective
from thalweg.schemas import TrajectoryRequest
from thalweg.services import trajectories

GAMES = [s for s in SURFACES if SURFACES[s].kind == "game"]


def _objective(surface_id: str) -> Objective:
    return Objective(surface_id, SURFACES[surface_id].value)


def test_there_are_games_to_test():
    assert {"bilinear", "dirac_gan"} <= set(GAMES)


def test_bilinear_game_rotates_everywhere_so_gda_has_no_stable_step():
    """V = xy: J = [[0, −1], [1, 0]], λ = ±i (Mescheder et al. 2018, §2)."""
    points = np.random.default_rng(0).uniform(-2, 2, (9, 2))
    result = game_jacobian(_objective("bilinear"), np.zeros(0), points)
    np.testing.assert_array_equal(result.jacobians, np.tile([[0.0, -1.0], [1.0, 0.0]], (9, 1, 1)))
    np.testing.assert_array_equal(result.eigenvalues, np.tile([[0.0, -1.0], [0.0, 1.0]], (9, 1, 1)))
    assert gda_stable_lr(result.eigenvalues[0]) is None


@pytest.mark.parametrize("gamma", [0.0, 0.3, 1.0, 2.5])
def test_dirac_gan_at_its_equilibrium_is_the_closed_form(gamma):
    """J = [[0, −½], [½, −γ]] (f′(0) = ½): λ = (−γ ± √(γ² − 1))/2."""
    result = game_jacobian(_objective("dirac_gan"), np.asarray([gamma]), np.zeros((1, 2)))
    np.testing.assert_allclose(result.jacobians[0], [[0.0, -0.5], [0.5, -gamma]], atol=1e-15)
    roots = sorted(np.roots([1.0, gamma, 0.25]), key=lambda z: (z.real, z.imag))
    expected = [[z.real, z.imag] for z in roots]
    np.testing.assert_allclose(result.eigenvalues[0], expected, atol=1e-7)  # √ of a 0 discriminant
    bound = gda_stable_lr(result.eigenvalues[0])
    if gamma == 0:
        assert bound is None
    else:  # min −2 Re λ/|λ|²: 4γ while the pair is complex (|λ|² = ¼)
        truth = min(-2 * z.real / abs(z) ** 2 for z in roots)
        assert bound == pytest.approx(truth, rel=1e-6)


@pytest.mark.parametrize("surface_id", GAMES)
def test_jacobian_matches_central_differences_of_the_field(surface_id):
    """J[:, i] ≈ (F(w + δeᵢ) − F(w − δeᵢ))/2δ, F = (−∂V/∂x, +∂V/∂y); eigenvalues as numpy's."""
    surface = SURFACES[surface_id]
    params = np.asarray([0.7 for _ in surface.params])
    grad = jax.grad(lambda w: surface.value(w[0], w[1], jnp.asarray(params)))

    def field(w):
        gx, gy = np.asarray(grad(jnp.asarray(w)))
        return np.asarray([-gx, gy])

    points = np.random.default_rng(1).uniform(-2, 2, (6, 2))
    result = game_jacobian(_objective(surface_id), params, points)
    delta = 1e-6
    for point, jacobian, values in zip(points, *result, strict=True):
        columns = [
            (field(point + delta * e) - field(point - delta * e)) / (2 * delta) for e in np.eye(2)
        ]
        np.testing.assert_allclose(jacobian, np.stack(columns, axis=1), atol=1e-6)
        truth = sorted(np.linalg.eigvals(jacobian), key=lambda z: (z.real, z.imag))
        np.testing.assert_allclose(values, [[z.real, z.imag] for z in truth], atol=1e-7)


def test_gda_stable_lr_is_where_the_sign_of_re_lambda_decides():
    assert gda_stable_lr(np.asarray([[-1.0, 0.0], [-4.0, 0.0]])) == pytest.approx(0.5)  # 2/|λ|
    assert gda_stable_lr(np.asarray([[-1.0, 0.0], [0.0, 0.0]])) is None  # |1 + η·0| = 1
    assert gda_stable_lr(np.asarray([[-1.0, -1.0], [-1.0, 1.0]])) == pytest.approx(1.0)
    assert gda_stable_lr(np.asarray([[np.nan, 0.0], [-1.0, 0.0]])) is None


@pytest.mark.parametrize(("factor", "status"), [(0.8, "converged"), (1.25, "diverged")])
def test_simultaneous_gda_converges_below_the_bound_and_not_above(factor, status):
    """Dirac GAN with γ = 0.5 near its equilibrium: J's bound 2.0 decides what GDA does."""
    params = {"gamma": 0.5}
    values = game_jacobian(_objective("dirac_gan"), np.asarray([0.5]), np.zeros((1, 2))).eigenvalues
    bound = gda_stable_lr(values[0])
    request = TrajectoryRequest(
        surface="dirac_gan",
        surface_params=params,
        start=[0.05, 0.05],
        steps=2000,
        tolerance=1e-8,
        runs=[{"optimizer": "gda", "hyperparameters": {"lr": factor * bound}}],
    )
    run = trajectories.compute(request)["runs"][0]
    if status == "converged":
        assert run["status"] == "converged"
    else:  # it leaves the equilibrium's neighbourhood for good (V's tails bound it)
        radii = np.linalg.norm(np.asarray(run["points"], np.float64), axis=1)
        assert run["status"] != "converged"
        assert radii[-100:].mean() > 5 * radii[0]


def test_a_new_penalty_or_path_length_within_its_power_of_two_does_not_recompile():
    objective = Objective("dirac-gan-compile-test", SURFACES["dirac_gan"].value)
    points = np.random.default_rng(2).uniform(-2, 2, (13, 2))
    game_jacobian(objective, np.asarray([0.0]), points)
    assert _analyser(objective)._cache_size() == 1
    game_jacobian(objective, np.asarray([2.0]), points[:9])  # γ is an array; 9 and 13 pad to 16
    assert _analyser(objective)._cache_size() == 1
