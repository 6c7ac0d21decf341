"""Shared set-up for the network tests, which run with rank promotion as an error.

``train`` builds (or reuses: ``get_trainer`` is cached) the compiled trainer for
a configuration and runs it to the end, so tests that share a configuration
share one compilation; keep the configurations few, compiling dominates.
"""

from __future__ import annotations

import jax
import numpy as np
import pytest
from thalweg.compute.nets.datasets import make_dataset
from thalweg.compute.nets.losses import DEFAULT_LOSS
from thalweg.compute.nets.models import initial_theta, make_spec
from thalweg.compute.nets.objective import bucket, pad
from thalweg.compute.nets.training import (
    PARAMS,
    TrainConfig,
    batch_rows,
    get_trainer,
    kept_steps,
)
from thalweg.compute.optimizers import OPTIMIZERS


@pytest.fixture(autouse=True)
def _strict_ranks():
    with jax.numpy_rank_promotion("raise"):
        yield


class Run:
    """A finished run: records (kept, 6) and thetas (kept, P), with its set-up."""

    def __init__(self, trainer, dataset, spec, records, carry, inputs, theta0):
        self.trainer, self.dataset, self.spec = trainer, dataset, spec
        self.carry, self.inputs, self.theta0 = carry, inputs, theta0
        self.status, self.stop = int(carry.status), int(carry.stop)
        kept = kept_steps(self.status, self.stop)
        self.records = records[:kept, : PARAMS.start]
        self.thetas = records[:kept, PARAMS]


def train(
    dataset="moons",
    samples=200,
    kind="mlp",
    hidden=(16, 16),
    activation="tanh",
    loss=None,
    optimizer="adam",
    hyper=None,
    steps=100,
    batch_size=None,
    l2=0.0,
    alpha=0.0,
    seed=0,
    data_seed=0,
    noise=None,
    theta0=None,
) -> Run:
    ds = make_dataset(dataset, samples, noise, seed=data_seed)
    spec = make_spec(kind, ds.input_dim, ds.task, ds.n_classes, hidden, activation)
    loss = loss or DEFAULT_LOSS[ds.task]
    values = {**OPTIMIZERS[optimizer].defaults(), **(hyper or {})}
    n = len(ds.x_train)
    batch = min(batch_size or n, n)
    rows = (bucket(n), bucket(len(ds.x_test)))
    config = TrainConfig(
        spec,
        loss,
        ds.task,
        optimizer,
        OPTIMIZERS[optimizer].family(values)[1],
        values["noise"] > 0,
        *rows,
        batch_rows(batch, n, rows[0]),
    )
    trainer = get_trainer(config)
    inputs = trainer.inputs(
        pad(ds.x_train, ds.y_train, rows[0]),
        pad(ds.x_test, ds.y_test, rows[1]),
        values,
        l2,
        alpha,
        steps,
        batch,
        n,
        seed,
    )
    if theta0 is None:
        theta0 = initial_theta(spec, jax.random.key(seed), "glorot", 0.1, alpha)
    parts = list(trainer.iterate(theta0, inputs))
    records = np.concatenate([r for _, r in parts])
    return Run(trainer, ds, spec, records, parts[-1][0], inputs, np.asarray(theta0))


@pytest.fixture
def run_training():
    return train
