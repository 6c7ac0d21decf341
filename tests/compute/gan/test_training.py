"""GAN training: it learns, its stop rules, no recompilation, every player optimizer."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.gan import views
from thalweg.compute.gan.metrics import energy_distance
from thalweg.compute.gan.players import PLAYER_OPTIMIZERS
from thalweg.compute.nets.training import COMPLETED, DIVERGED

SMALL = {"hidden": (8,), "samples": 64, "batch_size": 16}


def _fakes(run, theta_g, n=400):
    z = np.random.default_rng(9).standard_normal((n, 2)).astype(np.float32)
    gen = run.trainer.config.generator.model
    disc = run.trainer.config.discriminator.model
    axes = (np.zeros(2, np.float32), np.zeros(2, np.float32))
    v = views.compute_views(gen, disc, "non_saturating", theta_g, run.theta_d0, 0.0, 0.0, z,
                            axes, axes, views.manifold_noise(2, 3))  # fmt: skip
    return v.fake


def test_non_saturating_adam_halves_the_distance_on_two_gaussians(run_gan):
    run = run_gan(
        samples=400,
        batch_size=150,
        steps=150,
        g_hyper={"lr": 2e-3, "beta1": 0.5},
        d_hyper={"lr": 2e-3, "beta1": 0.5},
    )
    assert run.status == COMPLETED and run.losses.shape == (150, 2)
    before = energy_distance(run.real, _fakes(run, run.theta_g0))
    after = energy_distance(run.real, _fakes(run, np.asarray(run.carry.theta_g)))
    assert after < 0.5 * before, (before, after)


def test_no_recompilation_for_new_values(run_gan):
    first = run_gan(steps=30, **SMALL)
    compiled = first.trainer.chunk._cache_size()
    run_gan(steps=60, g_hyper={"lr": 0.3, "beta1": 0.5}, d_hyper={"eps": 1e-4}, k=(3, 2),
            seed=5, hidden=(8,), samples=60, batch_size=13)  # fmt: skip
    run_gan(steps=5, k=(0, 1), seed=1, **SMALL)
    assert first.trainer.chunk._cache_size() == compiled == 1
    assert first.trainer.init._cache_size() == 1


def test_penalty_weight_is_an_array(run_gan):
    a = run_gan(steps=10, penalty="r1", weight=0.0, **SMALL)
    b = run_gan(steps=10, penalty="r1", weight=10.0, **SMALL)
    assert a.trainer is b.trainer and a.trainer.chunk._cache_size() == 1
    assert not np.allclose(a.carry.theta_d, b.carry.theta_d)


def test_a_player_with_no_steps_stands_still(run_gan):
    run = run_gan(steps=10, k=(0, 2), **SMALL)
    np.testing.assert_array_equal(run.carry.theta_d, run.theta_d0)
    assert not np.array_equal(run.carry.theta_g, run.theta_g0)
    assert np.all(np.isnan(run.losses[:, 0])) and np.all(np.isfinite(run.losses[:, 1]))


def test_runs_are_seeded(run_gan):
    a, b = run_gan(steps=20, seed=3, **SMALL), run_gan(steps=20, seed=3, **SMALL)
    c = run_gan(steps=20, seed=4, **SMALL)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)


def test_divergence_is_reported_at_its_iteration(run_gan):
    """LSGAN under plain GD with η = 10 overshoots its quadratic and blows up."""
    run = run_gan(steps=500, loss="least_squares", g_opt="gd", d_opt="gd",
                  g_hyper={"lr": 10.0}, d_hyper={"lr": 10.0}, **SMALL)  # fmt: skip
    assert run.status == DIVERGED and 0 < run.stop < 500
    assert run.losses.shape == (run.stop, 2) and np.all(np.isfinite(run.losses))
    assert np.all(np.isfinite(run.carry.theta_g)) and np.all(np.isfinite(run.carry.theta_d))


@pytest.mark.parametrize("optimizer", PLAYER_OPTIMIZERS)
def test_every_player_optimizer_trains_in_float32(run_gan, optimizer):
    """Table-driven over the catalog: a new optimizer is tested the moment it is registered."""
    run = run_gan(steps=25, g_opt=optimizer, d_opt=optimizer, hidden=(4,), samples=32,
                  batch_size=8, g_hyper={"noise": 0.01})  # fmt: skip
    assert run.status == COMPLETED and np.all(np.isfinite(run.losses))
    assert run.carry.theta_g.dtype == jnp.float32 == run.carry.theta_d.dtype
    leaves = jax.tree.leaves((run.carry.opt_g, run.carry.opt_d))
    assert all(leaf.dtype != jnp.float64 for leaf in leaves)
