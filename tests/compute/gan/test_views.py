"""Snapshot views against direct evaluation: heat map, ∇ₓD, arrows on fakes, manifold."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.gan import players, views
from thalweg.compute.nets.models import initial_theta

GEN = players.generator_spec(2, (8,), "tanh")
DISC = players.discriminator_spec((8,), "tanh")
HEAT = (np.linspace(-2, 2, 9, dtype=np.float32), np.linspace(-1, 3, 7, dtype=np.float32))
FIELD = (np.linspace(-2, 2, 4, dtype=np.float32), np.linspace(-1, 3, 5, dtype=np.float32))
Z = np.random.default_rng(0).standard_normal((6, 2)).astype(np.float32)


def _thetas():
    theta_g = initial_theta(GEN, jax.random.key(1), "normal", 0.8, 0.0)
    theta_d = initial_theta(DISC, jax.random.key(2), "normal", 0.8, 0.0)
    return theta_g, theta_d


def _views(loss, noise_dim=2, gen=GEN, z=Z):
    theta_g, theta_d = _thetas()
    if gen is not GEN:
        theta_g = initial_theta(gen, jax.random.key(1), "normal", 0.8, 0.0)
    return views.compute_views(gen, DISC, loss, theta_g, theta_d, 0.0, 0.0, z, HEAT, FIELD,
                               views.manifold_noise(noise_dim, 5)), theta_g, theta_d  # fmt: skip


def _d(loss, theta_d, point):
    s = players.score(DISC, jnp.asarray(theta_d), jnp.asarray([point], jnp.float32), 0.0)[0]
    return float(jax.nn.sigmoid(s)) if players.LOSSES[loss].probability else float(s)


@pytest.mark.parametrize("loss", ["non_saturating", "wasserstein"])
def test_heat_map_is_d_at_the_grid_points(loss):
    v, _, theta_d = _views(loss)
    assert v.heat.shape == (7, 9)
    rng = np.random.default_rng(3)
    for i, j in zip(rng.integers(0, 7, 6), rng.integers(0, 9, 6), strict=True):
        direct = _d(loss, theta_d, (HEAT[0][j], HEAT[1][i]))
        assert v.heat[i, j] == pytest.approx(direct, rel=1e-5, abs=1e-6)


def test_field_is_the_gradient_of_d_by_central_differences():
    v, _, theta_d = _views("non_saturating")
    h = 1e-2  # float32: a coarse step, a loose tolerance
    for i, j in [(0, 0), (2, 1), (4, 3)]:
        x, y = float(FIELD[0][j]), float(FIELD[1][i])
        du = _d("non_saturating", theta_d, (x + h, y)) - _d("non_saturating", theta_d, (x - h, y))
        dv = _d("non_saturating", theta_d, (x, y + h)) - _d("non_saturating", theta_d, (x, y - h))
        assert v.field_u[i, j] == pytest.approx(du / (2 * h), rel=2e-2, abs=1e-4)
        assert v.field_v[i, j] == pytest.approx(dv / (2 * h), rel=2e-2, abs=1e-4)


def test_arrows_on_fakes_descend_the_generator_loss():
    """Moving a fake a little along its arrow lowers ℓ_g(s(x)) (non-saturating: softplus(−s))."""
    v, theta_g, theta_d = _views("non_saturating")
    fakes = players.generate(GEN, jnp.asarray(theta_g), jnp.asarray(Z), 0.0)
    np.testing.assert_allclose(v.fake, fakes, rtol=1e-6)
    for x, push in zip(v.fake, v.push, strict=True):
        before = -np.log(max(_d("non_saturating", theta_d, x), 1e-30))
        after = -np.log(max(_d("non_saturating", theta_d, x + 1e-2 * push), 1e-30))
        assert after < before


def test_manifold_is_g_over_the_noise_grid():
    v, theta_g, _ = _views("non_saturating")
    t = np.linspace(-3, 3, 5, dtype=np.float32)
    assert v.manifold.shape == (5, 5, 2)
    i, j = 1, 3  # row i is z₂ = t_i, column j is z₁ = t_j
    direct = players.generate(GEN, jnp.asarray(theta_g), jnp.asarray([[t[j], t[i]]]), 0.0)[0]
    np.testing.assert_allclose(v.manifold[i, j], direct, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("noise_dim", "shape"), [(1, (1, 5, 2)), (4, (5, 5, 2))])
def test_manifold_of_one_and_of_more_noise_dimensions(noise_dim, shape):
    gen = players.generator_spec(noise_dim, (8,), "tanh")
    z = np.zeros((3, noise_dim), np.float32)
    v, theta_g, _ = _views("non_saturating", noise_dim, gen, z)
    assert v.manifold.shape == shape
    noise = views.manifold_noise(noise_dim, 5)
    assert np.all(noise[..., 2:] == 0)
    direct = players.generate(gen, jnp.asarray(theta_g), jnp.asarray(noise[0, 2][None]), 0.0)[0]
    np.testing.assert_allclose(v.manifold[0, 2], direct, rtol=1e-5, atol=1e-6)
