"""Both players' objectives: the losses' values, and gradients against finite differences."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.gan import players
from thalweg.compute.nets.models import flatten, init

GEN = players.generator_spec(2, (5,), "tanh")
DISC = players.discriminator_spec((6,), "tanh")
ALPHAS = (jnp.float64(0.0), jnp.float64(0.0))


def _setup(seed=0, rows=7):
    key = jax.random.key(seed)
    k = jax.random.split(key, 6)
    theta_g = flatten(init(GEN, k[0], "normal", 0.7, 0.0)).astype(jnp.float64)
    theta_d = flatten(init(DISC, k[1], "normal", 0.7, 0.0)).astype(jnp.float64)
    mask = jnp.asarray([1.0] * (rows - 2) + [0.0, 0.0])  # two padding rows
    batch = players.Batch(
        jax.random.normal(k[2], (rows, 2), jnp.float64),
        jax.random.normal(k[3], (rows, 2), jnp.float64),
        jax.random.uniform(k[4], (rows,), jnp.float64),
        mask,
    )
    return theta_g, theta_d, batch


def _check_against_central_differences(f, theta, seed):
    """jax.grad(f)·v against (f(θ + hv) − f(θ − hv)) / 2h for random directions v (float64)."""
    f = jax.jit(f)
    grad = jax.jit(jax.grad(f))(theta)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        v = jnp.asarray(rng.standard_normal(theta.shape))
        h = 1e-6
        numeric = (f(theta + h * v) - f(theta - h * v)) / (2 * h)
        assert float(grad @ v) == pytest.approx(float(numeric), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("loss", players.LOSSES)
@pytest.mark.parametrize("penalty", players.PENALTIES)
def test_discriminator_gradient(loss, penalty):
    theta_g, theta_d, batch = _setup()
    spec = players.LOSSES[loss]

    def f(theta):
        return players.discriminator_objective(
            spec, penalty, GEN, DISC, theta, theta_g, batch, ALPHAS, jnp.float64(0.8)
        )

    _check_against_central_differences(f, theta_d, seed=1)


@pytest.mark.parametrize("loss", players.LOSSES)
def test_generator_gradient(loss):
    theta_g, theta_d, batch = _setup(seed=2)
    spec = players.LOSSES[loss]

    def f(theta):
        return players.generator_objective(spec, GEN, DISC, theta, theta_d, batch, ALPHAS)

    _check_against_central_differences(f, theta_g, seed=3)


def test_loss_values_at_known_scores():
    """At s = 0 (D(x) = ½) the log losses are log 2 per term; LSGAN ½ and 0; W-GAN 0."""
    s, mask = jnp.zeros(4), jnp.ones(4)
    log2 = np.log(2.0)
    for name, d_value, g_value in [
        ("minimax", 2 * log2, -log2),
        ("non_saturating", 2 * log2, log2),
        ("least_squares", 0.5, 0.5),
        ("wasserstein", 0.0, 0.0),
    ]:
        loss = players.LOSSES[name]
        assert float(players.discriminator_loss(loss, s, s, mask)) == pytest.approx(d_value)
        assert float(players.generator_loss(loss, s, mask)) == pytest.approx(g_value)


def test_minimax_generator_saturates_where_non_saturating_does_not():
    """Goodfellow et al. 2014, §3: when D rejects the fakes (s ≪ 0), log(1 − D) is flat."""
    s = jnp.asarray([-8.0])
    minimax = jax.grad(lambda t: players.LOSSES["minimax"].generator(t)[0])(s)
    non_saturating = jax.grad(lambda t: players.LOSSES["non_saturating"].generator(t)[0])(s)
    assert abs(float(minimax[0])) < 1e-3 < abs(float(non_saturating[0]))
    assert float(minimax[0]) < 0 and float(non_saturating[0]) < 0


def test_r1_and_gp_penalties_on_a_linear_critic():
    """s(x) = a·x + b has ∇ₓs = a everywhere: R1 = ½‖a‖², GP = (‖a‖ − 1)²."""
    linear = players.discriminator_spec((), "tanh")
    a = jnp.asarray([3.0, 4.0])
    theta = jnp.concatenate([a, jnp.asarray([0.5])])
    x = jnp.ones((5, 2))
    mask, eps = jnp.ones(5), jnp.full(5, 0.3)
    r1 = players.penalty("r1", linear, theta, jnp.float64(0), x, x, mask, eps)
    gp = players.penalty("gp", linear, theta, jnp.float64(0), x, -x, mask, eps)
    assert float(r1) == pytest.approx(12.5) and float(gp) == pytest.approx(16.0)
