"""Shared fixtures for the compute tests."""

import numpy as np
import pytest
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import (
    RunBatch,
    get_runner,
    hyperparameter_columns,
    make_problem,
)

DOMAIN = ((-2.0, 2.0), (-1.0, 3.0))


@pytest.fixture
def run():
    """run(objective, optimizer, steps, ...) -> (runner, records, status, stop)."""
    return _run


@pytest.fixture
def finish():
    """finish(objective, optimizer, steps, ...) -> (final losses, status, stop), no records."""

    def _finish(*args, **kwargs):
        runner, batch, problem = _prepare(*args, **kwargs)
        return runner.finish(batch, problem)

    return _finish


def _prepare(
    objective,
    optimizer,
    steps,
    tolerance=0.0,
    params=(),
    starts=((-1.5, 2.0),),
    domain=DOMAIN,
    **hyper,
):
    spec = OPTIMIZERS[optimizer]
    values = [{**spec.defaults(), **hyper} for _ in starts]
    noisy = values[0]["noise"] > 0
    runner = get_runner(objective, spec, spec.family(values[0])[1], noisy)
    batch = RunBatch(
        np.asarray(starts, np.float64),
        hyperparameter_columns(spec, values),
        np.asarray([int(v["seed"]) for v in values], np.uint32),
    )
    problem = make_problem(np.asarray(params, np.float64), steps, tolerance, domain)
    return runner, batch, problem


def _run(*args, **kwargs):
    runner, batch, problem = _prepare(*args, **kwargs)
    records, status, stop = runner.run(batch, problem)
    return runner, records, status, stop
