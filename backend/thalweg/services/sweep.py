"""Learning-rate sweeps: one vmapped batch of runs that differ only in η.

The best rate is the one with the lowest final loss among runs that did not
diverge (ties go to fewer steps), the fair baseline for comparing optimizers.
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import (
    STATUS_NAMES,
    RunBatch,
    Runner,
    get_runner,
    hyperparameter_columns,
    make_problem,
)
from thalweg.schemas import RateRange, SweepRequest
from thalweg.services import budget
from thalweg.services.surfaces import ResolvedSurface, resolve
from thalweg.services.trajectories import steps_taken


def learning_rates(spec: list[float] | RateRange) -> np.ndarray:
    if isinstance(spec, RateRange):
        return np.geomspace(spec.min, spec.max, spec.count)
    return np.asarray(spec, np.float64)


def _prepared(
    request: SweepRequest,
) -> tuple[ResolvedSurface, tuple[float, float], np.ndarray, RunBatch, Runner]:
    surface = resolve(request)
    start = request.start or surface.start
    optimizer = OPTIMIZERS[request.optimizer]
    base = request.run().filled()
    rates = learning_rates(request.learning_rates)
    batch = RunBatch(
        starts=np.tile(np.asarray(start, np.float64), (len(rates), 1)),
        hyperparameters=hyperparameter_columns(optimizer, [{**base, "lr": r} for r in rates]),
        seeds=np.full(len(rates), int(base["seed"]), np.uint32),
    )
    runner = get_runner(surface.objective, optimizer, optimizer.family(base)[1], base["noise"] > 0)
    return surface, start, rates, batch, runner


def _estimate(runner: Runner, rates: np.ndarray, steps: int, terms: int | None) -> budget.Estimate:
    return budget.runs_estimate([(runner, len(rates))], steps, terms, record=False)


def estimate(request: SweepRequest) -> budget.Estimate:
    """What ``compute`` would cost (services/budget.py); computes nothing."""
    surface, _, rates, _, runner = _prepared(request)
    return _estimate(runner, rates, request.steps, surface.terms)


def compute(request: SweepRequest, limit: float | None = None) -> dict:
    """The ``POST /api/sweep`` response (``limit``: the work budget, s)."""
    surface, start, rates, batch, runner = _prepared(request)
    budget.enforce(_estimate(runner, rates, request.steps, surface.terms), limit)
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    losses, status, stop = runner.finish(batch, problem)
    results = []
    for row, rate in enumerate(rates):
        taken = steps_taken(int(status[row]), int(stop[row]), start)
        name = STATUS_NAMES[int(status[row])]
        results.append(
            {
                "lr": float(rate),
                "final_loss": None if name == "diverged" else float(losses[row]),
                "status": name,
                "steps_taken": taken,
                "steps_to_tolerance": taken if name == "converged" else None,
            }
        )
    finished = [r for r in results if r["final_loss"] is not None]
    best = min(finished, key=lambda r: (r["final_loss"], r["steps_taken"]), default=None)
    return {"optimizer": request.optimizer, "results": results, "best": best}
