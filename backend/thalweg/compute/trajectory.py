"""Optimizer trajectories: one jitted ``lax.scan`` per (objective, family).

A run evaluates f and ∇f at w_k, stops or takes the step, and records

* ``points[k] = w_k``, ``losses[k] = f(w_k)``, ``gradients[k] = ∇f(w_k)``,
* ``updates[k] = w_{k+1} − w_k`` and ``momenta[k]`` (the optimizer's first
  moment after that step, if it has one),

for k = 0, 1, …. Stopping is checked at every w_k, before stepping:

* ``diverged`` at k if f(w_k), ∇f(w_k) or w_k is non-finite, or w_k left the
  box ``|w − centre|∞ ≤ limit``; w_k is not kept (steps_taken = k − 1);
* ``converged`` at k if ‖∇f(w_k)‖ < tolerance (steps_taken = k);
* ``max_steps`` once k = steps (steps_taken = steps).

The scan runs a fixed number of iterations (``CHUNK``, or the runner's
``length``) per call and carries its state, so neither ``steps`` nor a new
start, seed or hyperparameter value ever changes a compiled shape: a slider
move reuses the compiled program. The
Python loop over chunks also lets a stream send partial results and cancel
between chunks, and stops as soon as every run has stopped. Runs of the same
family are vmapped together; their count is padded to a power of two.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

from thalweg.compute.optimizers import OptimizerSpec, build
from thalweg.compute.surfaces import ValueFn

CHUNK = 512
RUNNING, CONVERGED, DIVERGED, MAX_STEPS = 0, 1, 2, 3
STATUS_NAMES = {CONVERGED: "converged", DIVERGED: "diverged", MAX_STEPS: "max_steps"}


@dataclass(frozen=True)
class Objective:
    """f(x, y; params) with a cache identity (a surface id or a canonical expression)."""

    key: str
    value: ValueFn = field(compare=False, hash=False)


class Carry(NamedTuple):
    point: jax.Array  # (2,) w_k
    opt_state: Any
    step: jax.Array  # k, the index of the point about to be evaluated
    status: jax.Array  # RUNNING until a stop rule fires
    stop: jax.Array  # k at which it fired
    loss: jax.Array  # f at the last point evaluated while running: f(w_stop) once stopped
    end: jax.Array  # (2,) that point: w_stop once stopped (a basin map's end point)


# Columns of the packed per-step record. One packed output per scan step, not
# five: five scan outputs measured ~8× slower per step here.
POINT, LOSS, GRADIENT, UPDATE, MOMENT = slice(0, 2), 2, slice(3, 5), slice(5, 7), slice(7, 9)
RECORD_WIDTH = 9


class Problem(NamedTuple):
    """The per-call, non-compiled inputs shared by every run of a batch."""

    surface_params: np.ndarray  # (P,)
    steps: int  # the last k
    tolerance: float  # ‖∇f‖ threshold; 0 disables
    centre: tuple[float, float]
    limit: float  # half-width of the divergence box

    def packed(self) -> np.ndarray:
        """One float64 vector, so a call moves one array to the device, not five."""
        head = [self.steps, self.tolerance, *self.centre, self.limit]
        return np.concatenate([np.asarray(head, np.float64), self.surface_params])


_STEPS, _TOLERANCE, _CENTRE, _LIMIT, _SURFACE_PARAMS = 0, 1, slice(2, 4), 4, slice(5, None)


@dataclass
class RunBatch:
    """R runs of one family: starts (R, 2), hyperparameters name -> (R,), seeds (R,)."""

    starts: np.ndarray
    hyperparameters: dict[str, np.ndarray]
    seeds: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


def _padded_size(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


class Runner:
    """Compiled init + chunk programs for one (objective, family, noisy); chunks of ``length``."""

    def __init__(
        self,
        objective: Objective,
        spec: OptimizerSpec,
        static: tuple[tuple[str, Any], ...],
        noisy: bool,
        length: int = CHUNK,
    ):
        self.spec = spec
        self.static = dict(static)
        self.length = length
        # Hyperparameters that enter as arrays, in the column order of ``hyper``.
        self.dynamic = tuple(
            h.name for h in spec.hyperparameters if not h.static and h.name != "seed"
        )
        value = objective.value

        def optimizer(hyper_row):
            values = {name: hyper_row[j] for j, name in enumerate(self.dynamic)}
            return build(spec, {**values, **self.static}), values

        def init_one(start, hyper_row):
            tx, _ = optimizer(hyper_row)
            zero = jnp.zeros([], jnp.int32)
            return Carry(start, tx.init(start), zero, zero, zero, jnp.zeros([], start.dtype), start)

        def step_one(carry: Carry, hyper_row, noise_row, problem):
            tx, hyper = optimizer(hyper_row)

            def f(point):
                return value(point[0], point[1], problem[_SURFACE_PARAMS])

            w, k = carry.point, carry.step
            v, g = jax.value_and_grad(f)(w)
            finite = (
                jnp.isfinite(v)
                & jnp.all(jnp.isfinite(g))
                & jnp.all(jnp.abs(w - problem[_CENTRE]) <= problem[_LIMIT])
            )
            converged = finite & (jnp.linalg.norm(g) < problem[_TOLERANCE])
            at_end = finite & ~converged & (k >= problem[_STEPS])
            # Integer arithmetic, not jnp.where: while the loop body still ran as
            # many small kernels (see thalweg.compute), data-dependent selects
            # split it further (measured 10× slower per step). A stopped run
            # keeps stepping unobserved; its records past the stop are trimmed,
            # so nothing needs freezing but the final loss, which takes a
            # select (arithmetic would let a later NaN in): ~3% of a sweep.
            code = DIVERGED * _int(~finite) + CONVERGED * _int(converged) + MAX_STEPS * _int(at_end)
            running = _int(carry.status == RUNNING)
            status = carry.status + running * code
            stop = carry.stop + running * _int(code > 0) * k
            loss = jnp.where(carry.status == RUNNING, v, carry.loss)
            end = jnp.where(carry.status == RUNNING, w, carry.end)

            g_used = g + hyper["noise"] * noise_row[k % length] if noisy else g
            updates, opt_state = tx.update(
                g_used, carry.opt_state, w, value=v, grad=g_used, value_fn=f
            )
            moment = _first_moment(opt_state, spec.moment_field, w)
            record = jnp.concatenate([w, v[None], g, updates, moment])
            return Carry(w + updates, opt_state, k + 1, status, stop, loss, end), record

        def draw(seed, first_step):
            # One vectorised draw per chunk, indexed inside the loop: a threefry
            # call per step, or noise fed as scan inputs, measured 3-5× slower.
            key = jax.random.fold_in(jax.random.key(seed), first_step)
            return jax.random.normal(key, (length, 2), jnp.float64)

        def chunk(carry, hyper, seeds, problem, record):
            noise = jax.vmap(draw)(seeds, carry.step) if noisy else jnp.zeros((len(seeds), 0))
            step_all = jax.vmap(step_one, in_axes=(0, 0, 0, None))

            def body(c, _):
                c, records = step_all(c, hyper, noise, problem)
                return c, records if record else None

            carry, records = jax.lax.scan(body, carry, None, length=length)
            return carry, jnp.swapaxes(records, 0, 1) if record else None  # (R, length, width)

        def first_chunk(starts, hyper, seeds, problem, record):
            return chunk(jax.vmap(init_one)(starts, hyper), hyper, seeds, problem, record)

        # Two programs: the first chunk also initialises, so a run of fewer
        # than CHUNK steps (the common case) is one call; the second is only
        # compiled when a run is longer. A call's dispatch costs ~20 µs.
        # ``record=False`` compiles a variant that keeps only the carry (its
        # ``loss`` is the final loss): a sweep needs no path, and 8 optimizers
        # × 64 rates measured 15.7 ms with the records, 7.2 ms without.
        # Without records, a run longer than one chunk starts with the small
        # ``init`` program instead, so only one scan compiles: each scan costs
        # as much to compile (XLA: 0.16-0.42 s for gradient descent on 65,536 runs,
        # by the load) and ``init`` ~0.05 s (jax_log_compiles; cold maps 0.96 -> 0.71 s).
        self.init = jax.jit(jax.vmap(init_one))
        self.first_chunk = jax.jit(first_chunk, static_argnames="record")
        self.chunk = jax.jit(chunk, static_argnames="record")
        # (program, padded runs, record) of every call so far: what a request
        # would compile anew is what the work budget charges for.
        self.compiled: set[tuple[str, int, bool]] = set()

    def programs_to_compile(
        self, runs: int, steps: int, record: bool = True
    ) -> set[tuple[str, int, bool]]:
        """The programs ``runs`` runs of ``steps`` steps would call that are not compiled yet."""
        size = _padded_size(runs)
        if steps < self.length:  # the first call evaluates w_0 … w_{length-1}
            needed = {("first", size, record)}
        elif record:
            needed = {("first", size, record), ("chunk", size, record)}
        else:  # ``init`` is not counted: it compiles ~3-8× faster than a scan
            needed = {("chunk", size, record)}
        return needed - self.compiled

    def iterate(
        self, batch: RunBatch, problem: Problem, record: bool = True
    ) -> Iterator[tuple[Carry, jax.Array | None]]:
        """Yield (carry, records) chunk by chunk until every run has stopped.

        Without ``record`` the records are None and only the carry is computed,
        and a run of more than one chunk calls ``init`` and then ``chunk`` only.
        """
        # NumPy arrays straight into the jitted calls: jit's C++ path moves them;
        # jnp.asarray first measured ~0.14 ms per array here.
        size = _padded_size(len(batch))
        hyper = np.stack([batch.hyperparameters[name] for name in self.dynamic], axis=1)
        hyper = _pad(hyper.astype(np.float64), size)
        seeds = _pad(batch.seeds.astype(np.uint32), size)
        packed = problem.packed()
        starts = _pad(batch.starts.astype(np.float64), size)
        if record or problem.steps < self.length:
            carry, records = self.first_chunk(starts, hyper, seeds, packed, record=record)
            self.compiled.add(("first", size, record))
        else:
            carry = self.init(starts, hyper)
            carry, records = self.chunk(carry, hyper, seeds, packed, record=False)
            self.compiled.add(("chunk", size, False))
        while True:
            yield carry, records
            if not np.any(np.asarray(carry.status)[: len(batch)] == RUNNING):
                return
            carry, records = self.chunk(carry, hyper, seeds, packed, record=record)
            self.compiled.add(("chunk", size, record))

    def run(self, batch: RunBatch, problem: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All runs to the end: records (R, n, RECORD_WIDTH), status (R,), stop (R,)."""
        parts = list(self.iterate(batch, problem))
        carry = parts[-1][0]
        records = np.concatenate([np.asarray(r) for _, r in parts], axis=1)
        n = len(batch)
        return records[:n], np.asarray(carry.status)[:n], np.asarray(carry.stop)[:n]

    def final(self, batch: RunBatch, problem: Problem) -> Carry:
        """All runs to the end without their paths: the final carry, padding trimmed."""
        *_, (carry, _) = self.iterate(batch, problem, record=False)
        n = len(batch)
        return jax.tree.map(lambda a: np.asarray(a)[:n], carry)

    def finish(
        self, batch: RunBatch, problem: Problem
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All runs to the end without their paths: final loss (R,), status (R,), stop (R,)."""
        carry = self.final(batch, problem)
        return carry.loss, carry.status, carry.stop


def steps_taken_at(status: int, stop: int) -> int:
    """Steps of a stopped run: a diverged point is not kept, a converged one is."""
    return stop - 1 if status == DIVERGED else stop


def _pad(values: np.ndarray, size: int) -> np.ndarray:
    values = np.asarray(values)
    if len(values) == size:
        return values
    filler = np.repeat(values[:1], size - len(values), axis=0)
    return np.concatenate([values, filler], axis=0)


def _int(flag: jax.Array) -> jax.Array:
    return flag.astype(jnp.int32)


def _first_moment(opt_state: Any, name: str | None, like: jax.Array) -> jax.Array:
    if name is None:
        return jnp.zeros_like(like)
    return optax.tree_utils.tree_get(opt_state, name)


@functools.lru_cache(maxsize=128)
def get_runner(
    objective: Objective,
    spec: OptimizerSpec,
    static: tuple[tuple[str, Any], ...],
    noisy: bool,
    length: int = CHUNK,
) -> Runner:
    """The compiled runner for (objective, family, noisy); bounded so memory stays flat.

    Noise on/off is part of the key: the noise-free program, the common case,
    carries no noise code (it measured ~3× faster per step). Grids of many runs
    (compute/grids.py) use shorter chunks: each step of a grid is costly, so a
    512-step chunk wastes most of a short run, and they stop sooner.
    """
    return Runner(objective, spec, static, noisy, length)


def make_problem(
    surface_params: np.ndarray,
    steps: int,
    tolerance: float,
    domain: tuple[tuple[float, float], tuple[float, float]],
    far: float = 1e3,
) -> Problem:
    """Shared inputs; the divergence box is ``far`` domain widths around its centre."""
    (x0, x1), (y0, y1) = domain
    return Problem(
        surface_params=np.asarray(surface_params, np.float64),
        steps=steps,
        tolerance=tolerance,
        centre=((x0 + x1) / 2, (y0 + y1) / 2),
        limit=far * max(x1 - x0, y1 - y0),
    )


def hyperparameter_columns(
    spec: OptimizerSpec, runs: list[Mapping[str, float]]
) -> dict[str, np.ndarray]:
    """Per-name columns for a batch of runs of one family."""
    return {
        h.name: np.asarray([run[h.name] for run in runs], np.float64) for h in spec.hyperparameters
    }
