"""Network training: one jitted ``lax.scan`` over a chunk of steps, any catalog optimizer.

Step k at parameters θ_k (flat, float32):

1. the mini-batch B_k: the training rows in a fresh seeded order each epoch
   (``shuffle``), consecutive slices of ``batch_size`` (the last one shorter,
   as torch's ``drop_last=False``); ``batch_size ≥ n`` is full-batch descent,
   ``batch_size = 1`` is SGD;
2. g_k = ∇J_B(θ_k) (+ σ·ξ_k, ξ_k ~ N(0, I), if the optimizer's ``noise`` σ > 0);
3. records J_train(θ_k), J_test(θ_k), both metrics, J_B(θ_k) and ‖g_k‖, and θ_k;
4. stops as ``diverged`` if J_train(θ_k), J_B(θ_k), g_k or θ_k is non-finite (θ_k
   is not kept), as ``completed`` once k = steps; otherwise θ_{k+1} = θ_k + Δ_k
   with (Δ_k, state) = optimizer.update(g_k, state, θ_k, value=J_B, grad=g_k,
   value_fn=J_B) (line searches and Newton evaluate J_B themselves);
5. with ``TrainConfig.sharpness``, after the chunk's steps, at each kept θ_k with
   k ≡ 0 (mod every): λ_max of ∇²J_train(θ_k) by a warm two-step Lanczos run
   (compute/nets/hessian.py ``tracked_sharpness``), in the same compiled program.

Grad, update and apply are one jit region, and ``CHUNK`` steps one call, so the
Python loop over chunks can report progress and be cancelled between them.
What changes the compiled program is only what changes a shape or the code
(``TrainConfig``): the architecture, loss, optimizer family, noise on/off, the
padded data sizes and the mini-batch bucket. Hyperparameter values, λ, α, the
data values, steps, seeds and the batch size inside its bucket enter as arrays.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.hessian import Tracking, tracked_sharpness
from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.objective import Data, bucket, make_objective, metric
from thalweg.compute.optimizers import OPTIMIZERS, build

CHUNK = 25
RUNNING, COMPLETED, DIVERGED = 0, 1, 2
STATUS_NAMES = {COMPLETED: "completed", DIVERGED: "diverged"}

# Columns of a step's record; θ_k follows them (``PARAMS``).
TRAIN_LOSS, TEST_LOSS, TRAIN_METRIC, TEST_METRIC, BATCH_LOSS, GRAD_NORM = range(6)
COLUMNS = ("train_loss", "test_loss", "train_metric", "test_metric", "batch_loss", "grad_norm")
PARAMS = slice(len(COLUMNS), None)


@dataclass(frozen=True)
class TrainConfig:
    """Everything that fixes the compiled program (the cache key)."""

    model: ModelSpec
    loss: str
    task: str
    optimizer: str
    static: tuple[tuple[str, Any], ...]  # the optimizer's static hyperparameters
    noisy: bool
    train_rows: int  # padded sizes
    test_rows: int
    batch_rows: int | None  # rows per padded mini-batch; None: full batch
    sharpness: bool = False  # λ_max tracked in the chunk (the carry's ``tracking``)


class Inputs(NamedTuple):
    """Per-call arrays: changing any of them reuses the compiled program."""

    train: Data
    test: Data
    hyper: jax.Array  # (H,) float32, the optimizer's dynamic hyperparameters
    l2: jax.Array  # () float32, λ
    alpha: jax.Array  # () float32, the activation's α
    steps: jax.Array  # () int32
    batch_size: jax.Array  # () int32
    samples: jax.Array  # () int32, real training rows
    seeds: jax.Array  # (2,) uint32: shuffle, gradient noise


class Carry(NamedTuple):
    theta: jax.Array  # (P,) θ_k
    opt_state: Any
    step: jax.Array  # k
    status: jax.Array  # RUNNING until a stop rule fires
    stop: jax.Array  # the k at which it fired
    tracking: Tracking | None = None  # with ``TrainConfig.sharpness``


def batch_rows(batch_size: int, samples: int, train_rows: int) -> int | None:
    """The padded mini-batch size for ``batch_size``: None means full batch.

    Sizes up to 8 are exact (SGD must not pay for 8 rows); larger ones are bucketed.
    """
    if batch_size >= samples:
        return None
    return min(batch_size if batch_size <= 8 else bucket(batch_size), train_rows)


def shuffle(key: jax.Array, mask: jax.Array) -> jax.Array:
    """A random order of the rows with the real rows (mask 1) first."""
    u = jax.random.uniform(key, mask.shape, DTYPE)
    return jnp.argsort(jnp.where(mask > 0, u, 2.0))


def minibatch(train: Data, inputs: Inputs, step: jax.Array, rows: int) -> Data:
    """Batch t of epoch e for step k = e·⌈n/B⌉ + t, as a masked ``rows``-row slice."""
    size, n = inputs.batch_size, inputs.samples
    per_epoch = (n + size - 1) // size
    epoch, t = step // per_epoch, step % per_epoch
    key = jax.random.fold_in(jax.random.key(inputs.seeds[0]), epoch)
    order = shuffle(key, train.mask)
    slot = jnp.arange(rows)
    position = t * size + slot
    valid = (slot < size) & (position < n)
    index = order[jnp.minimum(position, train.x.shape[0] - 1)]
    return Data(train.x[index], train.y[index], valid.astype(DTYPE))


class Trainer:
    """Compiled ``init`` and ``chunk`` programs for one ``TrainConfig``."""

    def __init__(self, config: TrainConfig):
        self.config = config
        spec = OPTIMIZERS[config.optimizer]
        static = dict(config.static)
        # Dynamic hyperparameters in the column order of ``Inputs.hyper``.
        self.dynamic = tuple(
            h.name for h in spec.hyperparameters if not h.static and h.name != "seed"
        )
        objective = make_objective(config.model, config.loss)
        task = config.task

        def optimizer(hyper):
            values = {name: hyper[j] for j, name in enumerate(self.dynamic)}
            return build(spec, {**values, **static}), values

        def init(theta, hyper):
            tx, _ = optimizer(hyper)
            zero = jnp.zeros([], jnp.int32)
            return Carry(theta, _float32(tx.init(theta)), zero, zero, zero)

        def step(carry: Carry, inputs: Inputs, noise):
            tx, hyper = optimizer(inputs.hyper)
            theta, k = carry.theta, carry.step

            def loss_on(data):
                return lambda th: objective(th, data, inputs.l2, inputs.alpha)

            if config.batch_rows is None:
                batch = inputs.train
                (batch_loss, scores), g = jax.value_and_grad(loss_on(batch), has_aux=True)(theta)
                train_loss = batch_loss
            else:
                batch = minibatch(inputs.train, inputs, k, config.batch_rows)
                (batch_loss, _), g = jax.value_and_grad(loss_on(batch), has_aux=True)(theta)
                train_loss, scores = loss_on(inputs.train)(theta)
            test_loss, test_scores = loss_on(inputs.test)(theta)

            running = carry.status == RUNNING
            finite = (
                jnp.isfinite(train_loss)
                & jnp.isfinite(batch_loss)
                & jnp.all(jnp.isfinite(g))
                & jnp.all(jnp.isfinite(theta))
            )
            new_status = jnp.where(
                running,
                jnp.where(~finite, DIVERGED, jnp.where(k >= inputs.steps, COMPLETED, RUNNING)),
                carry.status,
            )
            stop = jnp.where(running & (new_status != RUNNING), k, carry.stop)
            advance = new_status == RUNNING

            g_used = g + hyper["noise"] * noise[k % CHUNK] if config.noisy else g
            g_used = jnp.where(advance, g_used, jnp.zeros_like(g))

            def value_fn(th):
                return loss_on(batch)(th)[0]

            updates, opt_state = tx.update(
                g_used, carry.opt_state, theta, value=batch_loss, grad=g_used, value_fn=value_fn
            )
            # where() keeps each leaf's dtype: float32 stays float32 even though
            # 64-bit mode is on and an optimizer might promote internally.
            opt_state = jax.tree.map(
                lambda new, old: jnp.where(advance, new, old).astype(old.dtype),
                opt_state,
                carry.opt_state,
            )
            new_theta = jnp.where(advance, theta + updates, theta).astype(DTYPE)
            record = jnp.concatenate(
                [
                    jnp.stack(
                        [
                            train_loss,
                            test_loss,
                            metric(task, scores, inputs.train),
                            metric(task, test_scores, inputs.test),
                            batch_loss,
                            jnp.linalg.norm(g),
                        ]
                    ).astype(DTYPE),
                    theta,
                ]
            )
            return Carry(new_theta, opt_state, k + 1, new_status, stop, carry.tracking), record

        def chunk(carry: Carry, inputs: Inputs):
            if config.noisy:
                # One draw per chunk, indexed per step (cf. compute/trajectory.py).
                key = jax.random.fold_in(jax.random.key(inputs.seeds[1]), carry.step)
                noise = jax.random.normal(key, (CHUNK, carry.theta.shape[0]), DTYPE)
            else:
                noise = None
            first_step = carry.step
            carry, records = jax.lax.scan(
                lambda c, _: step(c, inputs, noise), carry, None, length=CHUNK
            )
            if config.sharpness:
                carry = carry._replace(tracking=sharpness(carry, records, first_step, inputs))
            return carry, records

        def sharpness(carry: Carry, records, first_step, inputs: Inputs) -> Tracking:
            """λ_max at the chunk's kept θ_k with k ≡ 0 (mod every)."""
            tracking = carry.tracking
            stopped = jnp.where(carry.status == DIVERGED, carry.stop, carry.stop + 1)
            kept = jnp.where(carry.status == RUNNING, CHUNK, stopped - first_step)
            first = (-first_step) % tracking.every
            count = jnp.maximum(0, (kept - first + tracking.every - 1) // tracking.every)

            def loss(th):
                return objective(th, inputs.train, inputs.l2, inputs.alpha)[0]

            return tracked_sharpness(loss, records[:, PARAMS], first, count, tracking)

        self.init = jax.jit(init)
        self.chunk = jax.jit(chunk)
        # Whether the chunk program has run (compiled) in this process: a work
        # budget charges a trainer's compile only until then (services/networks_export.py).
        self.compiled = False

    def inputs(
        self,
        train: Data,
        test: Data,
        hyperparameters: dict[str, float],
        l2: float,
        alpha: float,
        steps: int,
        batch_size: int,
        samples: int,
        seed: int,
    ) -> Inputs:
        """Per-call arrays with the exact dtypes the program was compiled for."""
        hyper = [hyperparameters[name] for name in self.dynamic]
        return Inputs(
            train=train,
            test=test,
            hyper=jnp.asarray(hyper, DTYPE),
            l2=jnp.asarray(l2, DTYPE),
            alpha=jnp.asarray(alpha, DTYPE),
            steps=jnp.asarray(steps, jnp.int32),
            batch_size=jnp.asarray(batch_size, jnp.int32),
            samples=jnp.asarray(samples, jnp.int32),
            seeds=jnp.asarray([seed, int(hyperparameters["seed"])], jnp.uint32),
        )

    def iterate(
        self, theta0: jax.Array, inputs: Inputs, tracking: Tracking | None = None
    ) -> Iterator[tuple[Carry, np.ndarray]]:
        """Yield (carry, records (CHUNK, 6 + P)) per chunk until the run stops; with
        ``TrainConfig.sharpness`` the carry's ``tracking`` starts as ``tracking``."""
        carry = self.init(jnp.asarray(theta0, DTYPE), inputs.hyper)._replace(tracking=tracking)
        for item in run_chunks(self.chunk, carry, inputs):
            self.compiled = True
            yield item


def run_chunks(chunk, carry: Any, inputs: Any) -> Iterator[tuple[Any, np.ndarray]]:
    """Yield (carry, records) per ``chunk(carry, inputs)`` call until the run stops."""
    while True:
        carry, records = chunk(carry, inputs)
        yield carry, np.asarray(records)
        if int(carry.status) != RUNNING:
            return


def _float32(tree: Any) -> Any:
    """64-bit mode makes optax create a few float64 leaves (L-BFGS's memory weights); the
    networks keep their whole state in float32."""
    return jax.tree.map(
        lambda leaf: leaf.astype(DTYPE) if leaf.dtype == jnp.float64 else leaf, tree
    )


def kept_steps(status: int, stop: int) -> int:
    """Records to keep: a diverged θ_k is dropped, the final θ_steps is kept."""
    return stop if status == DIVERGED else stop + 1


@functools.lru_cache(maxsize=32)
def get_trainer(config: TrainConfig) -> Trainer:
    """The compiled trainer for ``config``; bounded so memory stays flat."""
    return Trainer(config)
