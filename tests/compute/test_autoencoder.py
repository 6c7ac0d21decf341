"""The autoencoder: it learns the digits, its shapes, its gradient, its stop rules,
and no recompilation for new hyperparameter values."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute import autoencoder as ae
from thalweg.compute.gan.training import player_config
from thalweg.compute.nets.datasets import DATASETS
from thalweg.compute.nets.models import initial_theta
from thalweg.compute.nets.objective import bucket
from thalweg.compute.nets.training import COMPLETED, DIVERGED
from thalweg.compute.optimizers import OPTIMIZERS

HIDDEN = (16,)


@pytest.fixture(autouse=True)
def _strict_ranks():
    with jax.numpy_rank_promotion("raise"):
        yield


def _digits(n=400):
    x, labels = DATASETS["digits"].generate(n, 0.0, 10, np.random.default_rng(0))
    return np.asarray(x, np.float32), labels


def _trainer(optimizer="adam", values=None, batch=32, rows=400, activation="tanh"):
    values = {**OPTIMIZERS[optimizer].defaults(), **(values or {})}
    enc = ae.encoder_spec(64, HIDDEN, activation)
    dec = ae.decoder_spec(64, HIDDEN, activation)
    player = player_config(enc, optimizer, values)
    config = ae.AeConfig(enc, dec, player, bucket(rows), bucket(batch))
    key = jax.random.key(0)
    parts = [initial_theta(spec, jax.random.fold_in(key, i), "glorot", 0.1, 0.0)
             for i, spec in enumerate((enc, dec))]  # fmt: skip
    theta = np.concatenate(parts)
    return ae.get_trainer(config), values, theta


def _train(trainer, values, theta, x, steps, batch=32):
    inputs = trainer.inputs(x, values, 0.0, batch, steps, 0)
    parts = list(trainer.iterate(theta, inputs))
    carry = parts[-1][0]
    return carry, np.concatenate([r for _, r in parts])[: int(carry.step)]


def test_reconstruction_loss_falls_by_half():
    x, _ = _digits()
    trainer, values, theta = _trainer(values={"lr": 0.01})
    carry, losses = _train(trainer, values, theta, x, steps=300)
    assert int(carry.status) == COMPLETED and losses.shape == (300,)
    before = float(jnp.mean(trainer.errors(theta, x, 0.0)))
    after = float(jnp.mean(trainer.errors(carry.theta, x, 0.0)))
    assert after < 0.5 * before, (before, after)


def test_shapes_of_codes_and_decoded_images():
    x, _ = _digits()
    trainer, _, theta = _trainer()
    codes = trainer.encode(theta, x, 0.0)
    assert codes.shape == (400, 2)
    images = trainer.decode(theta, codes[:5], 0.0)
    assert images.shape == (5, 64) and bool(jnp.all((images > 0) & (images < 1)))
    assert theta.shape == (trainer.config.encoder.size + trainer.config.decoder.size,)


def test_gradient_matches_central_differences():
    x, _ = _digits(20)
    trainer, _, theta = _trainer()
    config = trainer.config

    def loss(t):
        return jnp.mean(ae.reconstruction_error(config, t, jnp.asarray(x, jnp.float64), 0.0))

    theta64 = jnp.asarray(theta, jnp.float64)
    g = jax.grad(loss)(theta64)
    rng = np.random.default_rng(1)
    for i in rng.choice(len(theta), 12, replace=False):
        e = jnp.zeros_like(theta64).at[i].set(1e-6)
        fd = (loss(theta64 + e) - loss(theta64 - e)) / 2e-6
        assert abs(float(g[i]) - float(fd)) <= 1e-6 + 1e-4 * abs(float(fd)), (i, g[i], fd)


def test_new_learning_rates_do_not_recompile():
    x, _ = _digits()
    trainer, values, theta = _trainer(values={"lr": 0.01})
    _train(trainer, values, theta, x, steps=30)
    size = trainer.chunk._cache_size()
    _train(trainer, {**values, "lr": 0.003}, theta, x, steps=60, batch=20)
    assert trainer.chunk._cache_size() == size


def test_divergence_is_reported_at_its_step():
    x, _ = _digits()
    # ReLU layers do not saturate: weights of 1e30 overflow float32 in the next layer.
    trainer, values, theta = _trainer("gd", {"lr": 1e30}, activation="relu")
    carry, losses = _train(trainer, values, theta, x, steps=200)
    assert int(carry.status) == DIVERGED
    assert int(carry.stop) == len(losses) < 200
    assert np.all(np.isfinite(np.asarray(carry.theta)))
