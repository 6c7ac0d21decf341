"""The sharpness along a training run, and the top-k and spectral density at its end.

The sharpness is λ_max of the Hessian of the full training objective J_train
(λR included, every training row, also for mini-batch runs), as in Cohen et al.
(2021): gradient descent with step η is stable on a quadratic iff λ_max < 2/η,
and full-batch GD on a network sharpens until λ_max sits at 2/η (the edge of
stability). It is estimated at the steps k ≡ 0 (mod ``every``) from the θ_k the
trainer already records for every step, after each chunk, so training stays one
compiled chunk per call and a stream can still be cancelled between chunks.

The first estimate is a cold Lanczos run of ``FULL_STEPS``; each later one runs
``TRACK_STEPS`` from the previous Ritz vector (see ``compute/nets/hessian.py``
for the accuracy this gives). A non-finite estimate (a run about to diverge)
makes the next one cold again.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field

import jax
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.hessian import (
    DENSITY_POINTS,
    DENSITY_PROBES,
    DENSITY_STEPS,
    FULL_STEPS,
    TRACK_STEPS,
    Curvature,
    get_curvature,
    rademacher,
)
from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.objective import Data
from thalweg.compute.nets.training import PARAMS, Inputs
from thalweg.schemas_networks import CurvatureIn


@dataclass
class SharpnessTracker:
    """Collects λ_max at the due steps of each chunk; ``result`` adds top-k and density."""

    spec: CurvatureIn
    programs: Curvature
    train: Data
    l2: jax.Array
    alpha: jax.Array
    # Continuation vectors of Lanczos (m, P), one array per m (slicing per call costs a dispatch).
    fresh: jax.Array  # m = FULL_STEPS
    fresh_track: jax.Array  # m = TRACK_STEPS
    fresh_density: jax.Array  # m = DENSITY_STEPS
    start: jax.Array  # (P,) the cold starting vector
    probes: jax.Array  # (DENSITY_PROBES, P)
    steps: list[int] = field(default_factory=list)
    sharpness: list[float] = field(default_factory=list)
    vector: jax.Array | None = None  # the last Ritz vector, None: start cold
    seconds: float = 0.0

    @classmethod
    def create(
        cls, spec: CurvatureIn, model: ModelSpec, loss: str, inputs: Inputs, seed: int
    ) -> SharpnessTracker:
        size = model.size
        keys = jax.random.split(jax.random.fold_in(jax.random.key(seed), 3), 3)
        fresh = jax.random.normal(keys[0], (min(FULL_STEPS, size), size), DTYPE)
        return cls(
            spec,
            get_curvature(model, loss, DENSITY_POINTS),
            inputs.train,
            inputs.l2,
            inputs.alpha,
            fresh,
            fresh[:TRACK_STEPS],
            fresh[:DENSITY_STEPS],
            jax.random.normal(keys[1], (size,), DTYPE),
            rademacher(keys[2], DENSITY_PROBES, size, DTYPE),
        )

    def _top(self, theta: np.ndarray, v0: jax.Array, fresh: jax.Array):
        values, vector = self.programs.top(theta, self.train, self.l2, self.alpha, v0, fresh)
        return np.asarray(values), vector

    def add(self, offset: int, rows: np.ndarray) -> None:
        """λ_max at the due steps among ``rows`` (the θ of steps offset, offset + 1, …)."""
        started = time.perf_counter()
        first = -(-offset // self.spec.every) * self.spec.every
        due = list(range(first, offset + len(rows), self.spec.every))
        values = []
        for k in due:
            theta = rows[k - offset, PARAMS]
            if self.vector is None:
                top, vector = self._top(theta, self.start, self.fresh)
            else:
                top, vector = self._top(theta, self.vector, self.fresh_track)
            finite = bool(np.isfinite(top[0]))
            self.vector = vector if finite else None
            values.append(float(top[0]))
        self.steps.extend(due)
        self.sharpness.extend(values)
        self.seconds += time.perf_counter() - started

    def since(self, offset: int) -> dict:
        """The estimates at steps ≥ offset (one chunk's, for a progress frame)."""
        first = bisect.bisect_left(self.steps, offset)
        return {
            "steps": self.steps[first:],
            "sharpness": np.asarray(self.sharpness[first:], np.float32),
        }

    def result(self, final: np.ndarray | None) -> dict:
        """The sharpness series, and the top-k eigenvalues and SLQ density at θ_final."""
        started = time.perf_counter()
        top_k, density = [], None
        if final is not None:
            values, _ = self._top(final, self.start, self.fresh)
            top_k = values[: self.spec.top_k]
            if self.spec.density:
                d = self.programs.density(
                    final, self.train, self.l2, self.alpha, self.probes, self.fresh_density
                )
                density = {"x": np.asarray(d.x), "y": np.asarray(d.y)}
        self.seconds += time.perf_counter() - started
        return {
            "steps": self.steps,
            "sharpness": np.asarray(self.sharpness, np.float32),
            "top_eigenvalues": np.asarray(top_k, np.float32),
            "density": density,
        }
