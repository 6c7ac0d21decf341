"""The work budget: what a request will cost, estimated before it runs, refused above a limit.

A lecture server must not let one request take a core for long: compiling an
unseen expression for 16 optimizer families took ~5 s here, and 16 L-BFGS runs
of 10,000 steps ~11 s. So every request that runs optimizers is estimated
first, in seconds of one core on the project's machine::

    cost = Σ_families  programs to compile × compile_seconds(optimizer) × size
                      + chunks × CHUNK × padded runs × step_microseconds(optimizer) × size

where ``size`` grows with a typed expression's terms (1 for the reference,
a 15-term typed Rosenbrock, and for catalog surfaces), ``chunks`` assumes no
run stops early, and a program already compiled in this process costs nothing.
A request above ``Settings.work_budget_seconds`` (2 s by default) is refused
with a 422 that names the limit, the estimate and its parts. The coefficients
are measured by ``benchmarks/bench_budget.py`` (which also checks the
estimate against measured CPU time at the limits); estimates err high: XLA's
persistent cache makes repeated compiles cheaper than charged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from thalweg.compute.trajectory import CHUNK, Runner
from thalweg.config import get_settings
from thalweg.services.errors import UnprocessableError


@dataclass(frozen=True)
class OptimizerCost:
    compile_seconds: float  # one chunk program (a family has two: first chunk, later chunks)
    step_microseconds: float  # one run, one step, in a compiled chunk of 16 runs


# CPU time measured by benchmarks/bench_budget.py on 2026-11-30 (2 cores, CPU JAX),
# rounded up; L-BFGS's steps where its line search gives up (measured 13-36 µs).
OPTIMIZER_COSTS: Mapping[str, OptimizerCost] = MappingProxyType(
    {
        "gd": OptimizerCost(0.30, 0.4),
        "momentum": OptimizerCost(0.30, 0.4),
        "nesterov": OptimizerCost(0.30, 0.4),
        "adagrad": OptimizerCost(0.30, 0.4),
        "rmsprop": OptimizerCost(0.30, 0.4),
        "adadelta": OptimizerCost(0.30, 0.4),
        "adam": OptimizerCost(0.35, 0.4),
        "adamw": OptimizerCost(0.35, 0.4),
        "adamax": OptimizerCost(0.35, 0.4),
        "nadam": OptimizerCost(0.35, 0.4),
        "amsgrad": OptimizerCost(0.35, 0.4),
        "radam": OptimizerCost(0.45, 0.4),
        "lion": OptimizerCost(0.35, 0.4),
        "ftrl": OptimizerCost(0.35, 0.4),
        "newton": OptimizerCost(0.90, 1.0),
        "armijo": OptimizerCost(0.40, 1.5),
        "lbfgs": OptimizerCost(1.60, 35.0),
        "gda": OptimizerCost(0.15, 0.4),
        "optimistic_gda": OptimizerCost(0.15, 0.4),
        "alternating_gda": OptimizerCost(0.20, 0.6),
    }
)
REFERENCE_TERMS = 15  # the typed Rosenbrock the coefficients were measured on
TERM_SCALE = 40  # cost ∝ 1 + terms / TERM_SCALE (measured: 15 -> 200 terms ≈ 3×)


@dataclass(frozen=True)
class Estimate:
    compile_seconds: float = 0.0
    run_seconds: float = 0.0
    programs: int = 0
    run_steps: int = 0  # padded runs × steps, summed

    @property
    def seconds(self) -> float:
        return self.compile_seconds + self.run_seconds

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(
            self.compile_seconds + other.compile_seconds,
            self.run_seconds + other.run_seconds,
            self.programs + other.programs,
            self.run_steps + other.run_steps,
        )


def size_factor(terms: int | None) -> float:
    """Cost relative to the reference surface; catalog surfaces (None) count as 1."""
    if terms is None:
        return 1.0
    return max(1.0, (1 + terms / TERM_SCALE) / (1 + REFERENCE_TERMS / TERM_SCALE))


def runs_estimate(
    families: Iterable[tuple[Runner, int]],
    steps: int,
    terms: int | None,
    record: bool = True,
    charged: set | None = None,
) -> Estimate:
    """The cost of running each (runner, number of runs) for ``steps`` steps.

    ``charged``: programs already counted by an earlier estimate of the same
    job (an export's several requests); it is updated.
    """
    size = size_factor(terms)
    charged = set() if charged is None else charged
    total = Estimate()
    for runner, runs in families:
        cost = OPTIMIZER_COSTS[runner.spec.id]
        new = {(id(runner), key) for key in runner.programs_to_compile(runs, steps, record)}
        programs = len(new - charged)
        charged |= new
        padded = 1 << max(0, (runs - 1).bit_length())
        run_steps = math.ceil((steps + 1) / CHUNK) * CHUNK * padded
        total += Estimate(
            compile_seconds=programs * cost.compile_seconds * size,
            run_seconds=run_steps * cost.step_microseconds * 1e-6 * size,
            programs=programs,
            run_steps=run_steps,
        )
    return total


def enforce(estimate: Estimate, limit: float | None = None) -> None:
    """Refuse (422, code ``work_budget``) what would cost more than ``limit`` seconds."""
    limit = get_settings().work_budget_seconds if limit is None else limit
    if estimate.seconds <= limit:
        return
    raise UnprocessableError(
        f"this request would cost about {estimate.seconds:.1f} s of CPU (compiling "
        f"{estimate.programs} programs ≈ {estimate.compile_seconds:.1f} s, "
        f"{estimate.run_steps:,} run-steps ≈ {estimate.run_seconds:.1f} s), over the work "
        f"budget of {limit:g} s: ask for fewer steps, runs or distinct optimizers "
        "(programs compiled once are reused)",
        "work_budget",
        seconds=round(estimate.seconds, 1),
        limit=limit,
    )
