"""The sharpness along a training run, and the top-k and spectral density at its end.

The sharpness is λ_max of the Hessian of the full training objective J_train
(λR included, every training row, also for mini-batch runs), as in Cohen et al.
(2021): gradient descent with step η is stable on a quadratic iff λ_max < 2/η,
and full-batch GD on a network sharpens until λ_max sits at 2/η (the edge of
stability). It is estimated at the steps k ≡ 0 (mod ``every``) inside the
trainer's compiled chunk (compute/nets/training.py), so a stream can still be
cancelled between chunks and the estimates cost no call of their own.

Before training, a cold Lanczos run of ``FULL_STEPS`` at θ_0 from a Rademacher
probe gives the first start vector; each estimate then runs ``TRACK_STEPS``
from the previous Ritz vector (see ``compute/nets/hessian.py`` for the accuracy
this gives).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.hessian import (
    DENSITY_PROBES,
    FULL_STEPS,
    TRACK_STEPS,
    RitzPairs,
    Tracking,
    density,
    get_lanczos,
    rademacher,
)
from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.objective import Data
from thalweg.compute.nets.training import CHUNK, Inputs
from thalweg.schemas_networks import CurvatureIn


@dataclass
class SharpnessTracker:
    """Collects λ_max at the due steps of each chunk; ``result`` adds top-k and density."""

    spec: CurvatureIn
    lanczos: Callable[..., RitzPairs]
    train: Data
    l2: jax.Array
    alpha: jax.Array
    fresh: jax.Array  # (m, P) continuation vectors of Lanczos, m = FULL_STEPS
    probes: jax.Array  # (DENSITY_PROBES, P) Rademacher; the first one starts cold runs
    tracking: Tracking  # the trainer's start: the Ritz vector at θ_0
    steps: list[int] = field(default_factory=list)
    sharpness: list[float] = field(default_factory=list)
    seconds: float = 0.0  # the cold run at θ_0 (the estimates run inside the chunks)
    final_seconds: float = 0.0  # top-k and density at θ_final

    @classmethod
    def create(
        cls,
        spec: CurvatureIn,
        model: ModelSpec,
        loss: str,
        inputs: Inputs,
        seed: int,
        theta0: np.ndarray,
    ) -> SharpnessTracker:
        started = time.perf_counter()
        size = model.size
        keys = jax.random.split(jax.random.fold_in(jax.random.key(seed), 3))
        fresh = jax.random.normal(keys[0], (min(FULL_STEPS, size), size), DTYPE)
        probes = rademacher(keys[1], DENSITY_PROBES, size, DTYPE)
        lanczos = get_lanczos(model, loss)
        cold = lanczos(theta0, inputs.train, inputs.l2, inputs.alpha, probes[0], fresh)
        tracking = Tracking(
            vector=cold.vector,
            fresh=fresh[:TRACK_STEPS],
            probe=probes[0],
            every=jnp.asarray(spec.every, jnp.int32),
            estimates=jnp.full(CHUNK, jnp.nan, DTYPE),
        )
        tracker = cls(spec, lanczos, inputs.train, inputs.l2, inputs.alpha, fresh, probes, tracking)
        jax.block_until_ready(tracking)
        tracker.seconds = time.perf_counter() - started
        return tracker

    def add(self, offset: int, rows: int, estimates: jax.Array) -> None:
        """The estimates of the chunk starting at step ``offset``: ``rows`` kept steps and
        its carry's ``tracking.estimates`` (one per due step, in order)."""
        every = self.spec.every
        due = range(-(-offset // every) * every, offset + rows, every)
        values = np.asarray(estimates)[: len(due)]
        self.steps.extend(due)
        self.sharpness.extend(values.tolist())

    def _run(self, theta: np.ndarray, v0: jax.Array) -> RitzPairs:
        return self.lanczos(theta, self.train, self.l2, self.alpha, v0, self.fresh)

    def since(self, offset: int) -> dict:
        """The estimates at steps ≥ offset (one chunk's, for a progress frame)."""
        first = bisect.bisect_left(self.steps, offset)
        return {
            "steps": self.steps[first:],
            "sharpness": np.asarray(self.sharpness[first:], np.float32),
        }

    def result(self, final: np.ndarray | None) -> dict:
        """The sharpness series; at θ_final the top-k eigenvalues (from a cold run) and, if
        asked for, the SLQ density (that run and ``DENSITY_PROBES`` − 1 more)."""
        started = time.perf_counter()
        top_k, slq = np.zeros(0, np.float32), None
        if final is not None:
            probes = self.probes if self.spec.density else self.probes[:1]
            runs = [self._run(final, probe) for probe in probes]
            top_k = np.asarray(runs[0].values[: self.spec.top_k])
            if self.spec.density:
                x, y = density([r.values for r in runs], [r.weights for r in runs])
                slq = {"x": x.astype(np.float32), "y": y.astype(np.float32)}
        self.final_seconds = time.perf_counter() - started
        return {
            "steps": self.steps,
            "sharpness": np.asarray(self.sharpness, np.float32),
            "top_eigenvalues": top_k,
            "density": slq,
        }
