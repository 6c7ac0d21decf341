"""Calibrates and checks the work budget (services/budget.py); prints Markdown tables.

1. **Per optimizer**: the CPU seconds to compile a family's two chunk programs
   for an unseen objective (a typed Rosenbrock, 15 terms), and the CPU
   microseconds per run and step of 16 compiled runs (the dearer of Rosenbrock
   and sin·cos, where line searches give up). These are the coefficients of
   ``services/budget.OPTIMIZER_COSTS``; the table prints both.
2. **Near the limits**: trajectory requests (16 optimizers on an unseen
   expression, 16 Adam runs of 10,000 steps on a 182-term one, 4 L-BFGS runs)
   and a 256-rate sweep, the budget's estimate beside the measured CPU time
   and whether the 2 s budget admits them; then the worst case of the routes
   priced by limits alone (landscape, gradient check, graph, networks REST).

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
from thalweg.schemas import (
    GradientCheckRequest,
    GraphRequest,
    LandscapeRequest,
    SweepRequest,
    TrajectoryRequest,
)
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import (
    budget,
    gradient_check,
    graph,
    landscape,
    networks,
    sweep,
    trajectories,
)

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


def _measured(compute) -> float:
    started = time.process_time()
    compute()
    return time.process_time() - started


def _trajectory_case(name: str, body: dict) -> tuple[str, float, float]:
    request = TrajectoryRequest.model_validate(body)
    estimate = trajectories.estimate(request)
    return name, estimate.seconds, _measured(lambda: trajectories.compute(request, math.inf))


def _typed(expression: str) -> dict:
    return {"expression": f"{expression} + {next(_fresh)}", "domain": {"x": [-2, 2], "y": [-2, 2]}}


def worst_cases() -> None:
    """The budget's estimate beside measured CPU at the limits, and each route's worst case."""
    big = "+".join(f"sin(x*{k}+y)*cos(y-{k})" for k in range(1, 14))  # 182 terms
    first_16 = [{"optimizer": o} for o in list(OPTIMIZERS)[:16]]
    cases = [
        _trajectory_case(
            "trajectories: 16 optimizers × 500 steps, unseen expression",
            {"surface": _typed(REFERENCE), "steps": 500, "runs": first_16},
        ),
        _trajectory_case(
            "trajectories: 16 × Adam × 10,000 steps, unseen 182-term expression",
            {"surface": _typed(big), "steps": 10_000, "tolerance": 0, "runs": first_16[6:7] * 16},
        ),
        _trajectory_case(
            "trajectories: 4 × L-BFGS × 2,000 steps, unseen expression",
            {
                "surface": _typed(FLAT),
                "steps": 2_000,
                "tolerance": 0,
                "runs": [{"optimizer": "lbfgs"}] * 4,
            },
        ),
    ]
    sweep_request = SweepRequest.model_validate(
        {
            "surface": _typed(REFERENCE),
            "steps": 10_000,
            "optimizer": "adam",
            "learning_rates": {"min": 1e-4, "max": 1, "count": 256},
        }
    )
    cases.append(
        (
            "sweep: Adam × 256 rates × 10,000 steps, unseen expression",
            sweep.estimate(sweep_request).seconds,
            _measured(lambda: sweep.compute(sweep_request, math.inf)),
        )
    )
    print()
    print("| request | estimate s | measured CPU s | admitted (2 s) |")
    print("|---|---|---|---|")
    for name, estimate, measured in cases:
        admitted = "yes" if estimate <= get_settings().work_budget_seconds else "no"
        print(f"| {name} | {estimate:.2f} | {measured:.2f} | {admitted} |")
    print()
    print("| route, its largest request | measured CPU s |")
    print("|---|---|")
    landscape_request = LandscapeRequest.model_validate(
        {"surface": _typed(big), "resolution": 512, "arrows": 64}
    )
    check_request = GradientCheckRequest.model_validate({"surface": _typed(big)})
    graph_request = GraphRequest.model_validate(
        {"expression": "+".join(f"sin(x*{k})*y" for k in range(1, 9)), "point": [1, 2]}
    )
    network = NetworkRequest.model_validate(NETWORK)
    rows = [
        (
            "landscape: 512 × 512, 64 arrows, unseen 182-term expression",
            lambda: landscape.compute(landscape_request),
        ),
        (
            "gradient check: unseen 182-term expression",
            lambda: gradient_check.compute(check_request),
        ),
        ("computation graph: sin(x*1)*y + … + sin(x*8)*y", lambda: graph.compute(graph_request)),
        (
            f"networks REST: work = {network.work():.2g} (the REST limit)",
            lambda: networks.run(network),
        ),
    ]
    for name, compute in rows:
        print(f"| {name} | {_measured(compute):.2f} |")


# The largest networks run a REST request admits (NetworkLimits.max_rest_work).
NETWORK = {
    "dataset": {"name": "digits", "samples": 1797},
    "model": {"kind": "mlp", "hidden": [64, 64, 64], "activation": "relu"},
    "optimizer": {"id": "adam", "hyperparameters": {"lr": 0.001}},
    "steps": 169,
}


if __name__ == "__main__":
    calibrate()
    worst_cases()
