"""Calibrates and checks the work budget (services/budget.py); prints Markdown tables.

1. **Per optimizer**: the CPU seconds to compile a family's two chunk programs
   for an unseen objective (a typed Rosenbrock, 14 nodes), and the CPU
   microseconds per run and step of a compiled chunk of 16 runs. These are the
   coefficients of ``services/budget.OPTIMIZER_COSTS``; the table prints both.
2. **Worst cases**: requests at the limits (16 runs × 10,000 steps of every
   family on an unseen 200-node expression, L-BFGS and Newton alone, a sweep, an
   export): the budget's estimate beside the measured CPU time, and whether the
   budget admits it.

CPU time is the process's (``time.process_time``), so it counts XLA's threads.
Run from the repository root::

    .venv/bin/python benchmarks/bench_budget.py
"""

from __future__ import annotations

import itertools
import math
import time

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import CHUNK
from thalweg.config import get_settings
from thalweg.schemas import SweepRequest, TrajectoryRequest
from thalweg.services import budget, sweep, trajectories

REFERENCE = "(1-x)^2 + 100*(y-x^2)^2"
# Where line searches give up after their last trial (L-BFGS: ~20× dearer steps).
FLAT = "sin(x)*cos(y) + 0"
RUNS, LONG = 16, 10_000
_fresh = itertools.count()


def _request(optimizer_id: str, steps: int, expression: str) -> TrajectoryRequest:
    """RUNS runs of one optimizer, never stopped as converged (tolerance 0)."""
    return TrajectoryRequest.model_validate(
        {
            "surface": {"expression": expression, "domain": {"x": [-2, 2], "y": [-1, 3]}},
            "steps": steps,
            "tolerance": 0,
            "runs": [{"optimizer": optimizer_id}] * RUNS,
        }
    )


def _cpu(request: TrajectoryRequest) -> float:
    started = time.process_time()
    trajectories.compute(request, limit=math.inf)
    return time.process_time() - started


def _per_step(optimizer_id: str, expression: str) -> float:
    """µs per run-step of compiled programs (runs that stop early count as running on)."""
    request = _request(optimizer_id, LONG, expression)
    _cpu(_request(optimizer_id, CHUNK, expression))  # compiled
    return _cpu(request) / trajectories.estimate(request).run_steps * 1e6


def calibrate() -> None:
    """Compile: an unseen objective, both programs; steps: 16 runs × 10,000 once compiled."""
    print(
        "| optimizer | compile s, 2 programs (measured) | (table) "
        "| µs per run-step (measured) | (table) |"
    )
    print("|---|---|---|---|---|")
    for optimizer_id in OPTIMIZERS:
        # A new constant term: a new objective, so both programs compile anew.
        expression = f"{REFERENCE} + {next(_fresh)}"
        first = _cpu(_request(optimizer_id, CHUNK, expression))  # 2 programs, 2 chunks
        per_step = max(_per_step(optimizer_id, text) for text in (expression, FLAT))
        compile_seconds = first - 2 * CHUNK * RUNS * per_step * 1e-6
        table = budget.OPTIMIZER_COSTS[optimizer_id]
        print(
            f"| {optimizer_id} | {compile_seconds:.2f} | {2 * table.compile_seconds:.2f} "
            f"| {per_step:.2f} | {table.step_microseconds:.2f} |"
        )


def worst_cases() -> None:
    print()
    print("| request | estimate s | measured CPU s | admitted |")
    print("|---|---|---|---|")
    big = "+".join(f"sin(x*{k}+y)*cos(y-{k})" for k in range(1, 14))  # 182 terms
    cases = []
    for i, optimizer_id in enumerate(OPTIMIZERS):
        cases.append(
            (
                f"16 × 10,000 {optimizer_id}, 200-node expression",
                TrajectoryRequest.model_validate(
                    {
                        "surface": {
                            "expression": f"{big}+{i}",
                            "domain": {"x": [-2, 2], "y": [-2, 2]},
                        },
                        "steps": 10_000,
                        "tolerance": 0,
                        "runs": [{"optimizer": optimizer_id}] * 16,
                    }
                ),
            )
        )
    all_ids = list(OPTIMIZERS)[:16]
    cases.append(
        (
            "16 optimizers × 500 steps, unseen expression",
            TrajectoryRequest.model_validate(
                {
                    "surface": {
                        "expression": "(2-x)^2 + 90*(y-x^2)^2",
                        "domain": {"x": [-2, 2], "y": [-2, 2]},
                    },
                    "steps": 500,
                    "runs": [{"optimizer": o} for o in all_ids],
                }
            ),
        )
    )
    for name, request in cases:
        estimate = trajectories.estimate(request)
        started = time.process_time()
        trajectories.compute(request, limit=math.inf)
        measured = time.process_time() - started
        print(
            f"| {name} | {estimate.seconds:.2f} | {measured:.2f} "
            f"| {'yes' if estimate.seconds <= get_settings().work_budget_seconds else 'no'} |"
        )
    sweep_request = SweepRequest.model_validate(
        {
            "surface": "rosenbrock",
            "steps": 10_000,
            "optimizer": "adam",
            "learning_rates": {"min": 1e-4, "max": 1, "count": 256},
        }
    )
    started = time.process_time()
    sweep.compute(sweep_request)
    print(f"| sweep adam 256 rates × 10,000 | – | {time.process_time() - started:.2f} | – |")


if __name__ == "__main__":
    calibrate()
    worst_cases()
