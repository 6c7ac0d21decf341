"""Training: learning, batch semantics, divergence, noise, no recompilation, all optimizers."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.nets.losses import LOSSES
from thalweg.compute.nets.models import apply, unflatten
from thalweg.compute.nets.objective import Data, pad
from thalweg.compute.nets.training import (
    BATCH_LOSS,
    COMPLETED,
    DIVERGED,
    TEST_METRIC,
    TRAIN_LOSS,
    TRAIN_METRIC,
    Inputs,
    batch_rows,
    minibatch,
)
from thalweg.schemas_networks import NETWORK_OPTIMIZERS


def test_learns_xor(run_training):
    run = run_training("xor", hyper={"lr": 0.05}, steps=200)
    assert run.status == COMPLETED and len(run.records) == 201
    loss = run.records[:, TRAIN_LOSS]
    assert loss[-1] < 0.3 * loss[0]
    assert run.records[-1, TRAIN_METRIC] > 0.9


def test_separates_moons(run_training):
    run = run_training("moons", hyper={"lr": 0.05}, steps=300)
    assert run.records[-1, TEST_METRIC] > 0.9
    assert run.records.dtype == np.float32 and run.thetas.dtype == np.float32
    assert run.carry.theta.dtype == jnp.float32


def test_full_batch_gradient_is_on_the_training_loss(run_training):
    run = run_training("xor", steps=30)
    np.testing.assert_array_equal(run.records[:, BATCH_LOSS], run.records[:, TRAIN_LOSS])


def test_sgd_uses_one_example_per_step(run_training):
    run = run_training("xor", steps=20, batch_size=1, hyper={"lr": 0.01})
    ds = run.dataset
    # The first batch loss is the loss of exactly one training example at θ₀.
    scores = apply(run.spec, unflatten(run.spec, run.theta0), ds.x_train, 0.0)
    singles = np.asarray(LOSSES["bce"].per_example(scores, ds.y_train))
    assert np.min(np.abs(singles - run.records[0, BATCH_LOSS])) < 1e-6
    assert not np.allclose(run.records[:, BATCH_LOSS], run.records[:, TRAIN_LOSS])


def test_an_epoch_visits_every_row_once():
    n = 13
    x = np.arange(n, dtype=np.float32)[:, None]
    train = pad(x, np.zeros(n, np.int32), 16)
    select = jax.jit(minibatch, static_argnums=3)
    for size in (1, 4, 5, 9):
        rows = batch_rows(size, n, 16)
        inputs = Inputs(
            train, train, jnp.zeros(1), jnp.float32(0), jnp.float32(0), jnp.int32(1),
            jnp.int32(size), jnp.int32(n), jnp.asarray([7, 0], jnp.uint32),
        )  # fmt: skip
        per_epoch = -(-n // size)
        seen = []
        for k in range(per_epoch):
            batch: Data = select(train, inputs, jnp.int32(k), rows)
            real = np.asarray(batch.mask) > 0
            assert real.sum() == min(size, n - k * size)
            seen.extend(np.asarray(batch.x)[real, 0].astype(int))
        assert sorted(seen) == list(range(n))  # the last batch of an epoch is shorter
        first = select(train, inputs, jnp.int32(0), rows)
        again = select(train, inputs, jnp.int32(per_epoch), rows)  # a new epoch, a new order
        assert not np.array_equal(np.asarray(again.x), np.asarray(first.x))


def test_batch_buckets():
    assert batch_rows(200, 160, 160) is None  # ≥ n: full batch
    assert batch_rows(1, 160, 160) == 1 and batch_rows(8, 160, 160) == 8
    assert batch_rows(9, 160, 160) == 10 and batch_rows(33, 160, 160) == 40


def test_divergence_stops_and_reports(run_training):
    run = run_training(
        "regression_linear", samples=40, kind="linear", optimizer="gd", hyper={"lr": 8.0},
        steps=500, theta0=np.asarray([1.0, 1.0], np.float32),
    )  # fmt: skip
    assert run.status == DIVERGED and 0 < run.stop < 500
    assert len(run.records) == run.stop  # θ_k at the diverged step is dropped
    assert np.all(np.isfinite(run.records[:, TRAIN_LOSS]))


def test_noise_is_seeded(run_training):
    a = run_training("xor", steps=20, hyper={"noise": 0.5, "seed": 1})
    b = run_training("xor", steps=20, hyper={"noise": 0.5, "seed": 1})
    c = run_training("xor", steps=20, hyper={"noise": 0.5, "seed": 2})
    clean = run_training("xor", steps=20)
    np.testing.assert_array_equal(a.thetas, b.thetas)
    assert not np.array_equal(a.thetas, c.thetas)
    assert not np.array_equal(a.thetas, clean.thetas)


def test_no_recompilation_for_new_values(run_training):
    first = run_training("xor", steps=30, batch_size=20)
    compiled = first.trainer.chunk._cache_size()
    run_training("xor", steps=60, batch_size=18, hyper={"lr": 0.3, "beta1": 0.5}, l2=0.1,
                 seed=4, data_seed=9, noise=0.4)  # fmt: skip
    run_training("xor", steps=5, batch_size=17, hyper={"eps": 1e-4, "weight_decay": 0.01})
    assert first.trainer.chunk._cache_size() == compiled == 1
    assert first.trainer.init._cache_size() == 1


def test_prelu_slopes_are_learned(run_training):
    run = run_training("xor", activation="prelu", alpha=0.25, steps=50, hyper={"lr": 0.05})
    slope_index = 2 * 16 + 16  # layer 0: w (2×16), b (16), then a
    assert run.thetas[0, slope_index] == pytest.approx(0.25)
    assert run.thetas[-1, slope_index] != pytest.approx(0.25)


def test_multiclass_hinge_on_blobs(run_training):
    run = run_training("blobs", kind="neuron", loss="hinge", steps=100, hyper={"lr": 0.05})
    assert run.records[-1, TEST_METRIC] > 0.8


@pytest.mark.parametrize("optimizer", NETWORK_OPTIMIZERS)
def test_every_optimizer_trains_in_float32(run_training, optimizer):
    """Table-driven over the catalog: a new optimizer is tested the moment it is registered."""
    run = run_training(
        "regression_linear", samples=40, kind="linear", optimizer=optimizer, steps=10,
        theta0=np.asarray([0.0, 0.0], np.float32),
    )  # fmt: skip
    assert run.status == COMPLETED and len(run.records) == 11
    assert run.carry.theta.dtype == jnp.float32
    leaves = jax.tree.leaves(run.carry.opt_state)
    assert all(leaf.dtype != jnp.float64 for leaf in leaves)
    assert np.all(np.isfinite(run.records))
    assert run.records[-1, TRAIN_LOSS] <= run.records[0, TRAIN_LOSS] + 1e-6
