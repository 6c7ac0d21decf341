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
    get_runner,
    hyperparameter_columns,
    make_problem,
)
from thalweg.schemas import RateRange, SweepRequest
from thalweg.services import budget
from thalweg.services.surfaces import resolve
from thalweg.services.trajectories import steps_taken


def learning_rates(spec: list[float] | RateRange) -> np.ndarray:
    if isinstance(spec, RateRange):
        return np.geomspace(spec.min, spec.max, spec.count)
    return np.asarray(spec, np.float64)


def compute(request: SweepRequest) -> dict:
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
    budget.enforce(
        budget.runs_estimate([(runner, len(rates))], request.steps, surface.terms, record=False)
    )
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
