"""Shared set-up for the GAN tests, which run with rank promotion as an error.

``train`` builds (or reuses: ``get_trainer`` is cached) the compiled trainer for
a configuration and runs it to the end; tests that share a configuration share
one compilation, so keep the configurations few.
"""

from __future__ import annotations

import jax
import numpy as np
import pytest
from thalweg.compute.gan import players
from thalweg.compute.gan.data import sample_real
from thalweg.compute.gan.training import GanConfig, get_trainer, player_config
from thalweg.compute.nets.models import initial_theta
from thalweg.compute.nets.objective import bucket
from thalweg.compute.optimizers import OPTIMIZERS


@pytest.fixture(autouse=True)
def _strict_ranks():
    with jax.numpy_rank_promotion("raise"):
        yield


class Run:
    """A finished run: losses (iterations, 2), the final carry, and its set-up."""

    def __init__(self, trainer, real, parts, theta_g, theta_d):
        self.trainer, self.real = trainer, real
        self.carry = parts[-1][0]
        self.status, self.stop = int(self.carry.status), int(self.carry.stop)
        self.losses = np.concatenate([r for _, r in parts])[: int(self.carry.step)]
        self.theta_g0, self.theta_d0 = theta_g, theta_d


def train(
    data="two_gaussians",
    samples=200,
    hidden=(16, 16),
    activation="relu",
    noise_dim=2,
    loss="non_saturating",
    penalty="none",
    weight=0.0,
    g_opt="adam",
    g_hyper=None,
    d_opt="adam",
    d_hyper=None,
    k=(1, 1),
    batch_size=64,
    steps=50,
    seed=0,
) -> Run:
    real = sample_real(data, samples, None, seed)
    gen = players.generator_spec(noise_dim, hidden, activation)
    disc = players.discriminator_spec(hidden, activation)
    g_values = {**OPTIMIZERS[g_opt].defaults(), **(g_hyper or {})}
    d_values = {**OPTIMIZERS[d_opt].defaults(), **(d_hyper or {})}
    config = GanConfig(
        player_config(gen, g_opt, g_values),
        player_config(disc, d_opt, d_values),
        loss,
        penalty,
        bucket(samples),
        bucket(batch_size),
    )
    trainer = get_trainer(config)
    inputs = trainer.inputs(
        real, g_values, d_values, (0.0, 0.0), weight, k, batch_size, steps, seed
    )
    key = jax.random.key(seed)
    theta_g = initial_theta(gen, jax.random.fold_in(key, 0), "glorot", 0.1, 0.0)
    theta_d = initial_theta(disc, jax.random.fold_in(key, 1), "glorot", 0.1, 0.0)
    parts = list(trainer.iterate(theta_g, theta_d, inputs))
    return Run(trainer, real, parts, theta_g, theta_d)


@pytest.fixture
def run_gan():
    return train
