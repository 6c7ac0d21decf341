"""Grids of runs: hyperparameter axes, and the minimum each run of a basin map ends in.

A stability map or a basin map is one vmapped batch of the engine
(compute/trajectory.py) with up to 65,536 runs; this module holds what the
engine does not: the axes of a map and the labelling of end points.

Labelling. A run that converged (‖∇f(w_stop)‖ < tolerance) stopped at a
stationary point; near a non-degenerate minimum w* its distance is about
‖∇f‖/λmin(∇²f(w*)), far below any pixel of the map. The ``radius`` within
which an end point counts as "at" a minimum is therefore set by what the map
can show, not by the optimiser: a fraction of the domain's width (the
services use 1%, i.e. 2.56 cells of the largest map), capped at half the
distance between the two closest known minima, so no end point is near two
(Schaffer N.4's four minima are 1.77 apart in a domain 200 wide). End points near
no known minimum (local minima the catalog omits, every minimum of a typed
expression) are clustered greedily: the lowest remaining end point becomes a
new minimum and takes every end point within ``radius``, up to ``limit``
minima (a flat valley of minima would otherwise make one per pixel).
"""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective

DIVERGED_LABEL, NOT_CONVERGED_LABEL, UNLABELLED = -1, -2, -3
# Steps per compiled call for grids: a step of 65,536 runs is costly, so a
# chunk should not run far past the requested steps, and a grid whose runs
# have all stopped should stop. 64 measured as fast as 128-256 and 2-6× faster
# than the engine's 512 on 65,536 runs × 200 steps.
GRID_CHUNK = 64


# CPU per run-step of a grid, relative to gradient descent on a polynomial
# surface (~30 ns here), per primitive of f and ∇f (benchmarks/bench_curvature.py
# --costs): float64 sin and cos measured ~65 ns each (Rastrigin 285 ns, Shubert
# 1,361 ns), other transcendental functions a few ns, arithmetic next to nothing.
_TRIGONOMETRIC = {"sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh"}
_TRANSCENDENTAL = {"exp", "log", "log1p", "expm1", "pow", "sqrt", "rsqrt", "cbrt", "tanh", "erf"}
TRIGONOMETRIC_COST, TRANSCENDENTAL_COST = 2.2, 0.5


@functools.lru_cache(maxsize=256)
def relative_cost(objective: Objective, parameter_count: int) -> float:
    """Estimated CPU of one step of f and ∇f against a polynomial surface's (≥ 1).

    Counts the primitives of the traced ``value_and_grad``; the structure, not
    the parameter values, decides the cost.
    """

    def f(w):
        return objective.value(w[0], w[1], jnp.zeros(parameter_count))

    counts = {"trig": 0, "other": 0}

    def walk(jaxpr) -> None:
        for equation in jaxpr.eqns:
            name = equation.primitive.name
            counts["trig"] += name in _TRIGONOMETRIC
            counts["other"] += name in _TRANSCENDENTAL
            for param in equation.params.values():
                for sub in param if isinstance(param, tuple) else (param,):
                    if hasattr(sub, "eqns") or hasattr(sub, "jaxpr"):
                        walk(getattr(sub, "jaxpr", sub))

    walk(jax.make_jaxpr(jax.value_and_grad(f))(jnp.zeros(2)).jaxpr)
    return 1.0 + TRIGONOMETRIC_COST * counts["trig"] + TRANSCENDENTAL_COST * counts["other"]


def axis_values(low: float, high: float, count: int, scale: Literal["log", "linear"]) -> np.ndarray:
    """``count`` values from ``low`` to ``high``, both included, evenly on a linear or log axis."""
    if scale == "log":
        return np.geomspace(low, high, count)
    return np.linspace(low, high, count)


class Labels(NamedTuple):
    minimum: np.ndarray  # (R,) index into ``minima``, or one of the negative labels
    minima: np.ndarray  # (M, 2): the known minima first, then those found


def label_ends(
    ends: np.ndarray,
    losses: np.ndarray,
    converged: np.ndarray,
    diverged: np.ndarray,
    known: np.ndarray,
    radius: float,
    limit: int,
) -> Labels:
    """The minimum each run ends in.

    ends (R, 2) and losses (R,): w_stop and f(w_stop); converged, diverged (R,)
    booleans (neither: the run reached max_steps). known (K, 2): the catalog's
    minima. Converged runs within ``radius`` (capped as in the module docstring)
    of a known minimum get that one; the others are clustered (module
    docstring). Labels: ≥ 0 a minimum, −1 diverged, −2 not converged, −3
    converged beyond the ``limit`` minima.
    """
    labels = np.full(len(ends), NOT_CONVERGED_LABEL, np.int32)
    labels[diverged] = DIVERGED_LABEL
    known = np.asarray(known, np.float64).reshape(-1, 2)
    minima = list(known)
    if len(known) > 1:
        gaps = np.linalg.norm(known[:, None] - known[None], axis=-1)
        radius = min(radius, gaps[~np.eye(len(known), dtype=bool)].min() / 2)
    if len(known):
        done = np.flatnonzero(converged)  # finite end points only
        distances = np.linalg.norm(ends[done, None, :] - known[None], axis=-1)
        nearest = np.argmin(distances, axis=1)
        near = distances[np.arange(len(done)), nearest] <= radius
        labels[done[near]] = nearest[near]
    pending = np.flatnonzero(converged & (labels == NOT_CONVERGED_LABEL))
    pending = pending[np.argsort(losses[pending], kind="stable")]
    while len(pending) and len(minima) < len(known) + limit:
        centre = ends[pending[0]]
        taken = np.linalg.norm(ends[pending] - centre, axis=1) <= radius
        labels[pending[taken]] = len(minima)
        minima.append(centre)
        pending = pending[~taken]
    labels[pending] = UNLABELLED
    return Labels(labels, np.asarray(minima, np.float64).reshape(-1, 2))
