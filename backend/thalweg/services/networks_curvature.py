"""The sharpness along a training run, and the top-k and spectral density at its end.

The sharpness is λ_max of the Hessian of the full training objective J_train
(λR included, every training row, also for mini-batch runs), as in Cohen et al.
(2021): gradient descent with step η is stable on a quadratic iff λ_max < 2/η,
and full-batch GD on a network sharpens until λ_max sits at 2/η (the edge of
stability). It is estimated at the steps k ≡ 0 (mod ``every``) from the θ_k the
trainer already records for every step, after each chunk, so training stays one
compiled chunk per call and a stream can still be cancelled between chunks.

The first estimate is a cold Lanczos run of ``FULL_STEPS`` from a Rademacher
probe; each later one runs ``TRACK_STEPS`` from the previous Ritz vector (see
``compute/nets/hessian.py`` for the accuracy this gives). A non-finite estimate
(a run about to diverge) makes the next one cold again.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field

import jax
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.hessian import (
    DENSITY_PROBES,
    FULL_STEPS,
    TRACK_STEPS,
    Programs,
    RitzPairs,
    density,
    get_lanczos,
    rademacher,
)
from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.objective import Data
from thalweg.compute.nets.training import CHUNK, PARAMS, Inputs
from thalweg.schemas_networks import CurvatureIn


@dataclass
class SharpnessTracker:
    """Collects λ_max at the due steps of each chunk; ``result`` adds top-k and density."""

    spec: CurvatureIn
    lanczos: Programs
    train: Data
    l2: jax.Array
    alpha: jax.Array
    # Continuation vectors of Lanczos (m, P), one array per m (slicing per call costs a dispatch).
    fresh: jax.Array  # m = FULL_STEPS
    fresh_track: jax.Array  # m = TRACK_STEPS
    probes: jax.Array  # (DENSITY_PROBES, P) Rademacher; the first one starts cold runs
    steps: list[int] = field(default_factory=list)
    sharpness: list[float] = field(default_factory=list)
    vector: jax.Array | None = None  # the last Ritz vector, None: start cold
    seconds: float = 0.0  # tracking λ_max during training
    final_seconds: float = 0.0  # top-k and density at θ_final

    @classmethod
    def create(
        cls, spec: CurvatureIn, model: ModelSpec, loss: str, inputs: Inputs, seed: int
    ) -> SharpnessTracker:
        size = model.size
        keys = jax.random.split(jax.random.fold_in(jax.random.key(seed), 3))
        fresh = jax.random.normal(keys[0], (min(FULL_STEPS, size), size), DTYPE)
        return cls(
            spec,
            get_lanczos(model, loss),
            inputs.train,
            inputs.l2,
            inputs.alpha,
            fresh,
            fresh[:TRACK_STEPS],
            rademacher(keys[1], DENSITY_PROBES, size, DTYPE),
        )

    def _run(self, theta: np.ndarray, v0: jax.Array, fresh: jax.Array) -> RitzPairs:
        return self.lanczos.run(theta, self.train, self.l2, self.alpha, v0, fresh)

    def add(self, offset: int, rows: np.ndarray) -> None:
        """λ_max at the due steps among ``rows`` (the θ of steps offset, offset + 1, …):
        a cold run if there is no Ritz vector to start from, the rest in one call."""
        started = time.perf_counter()
        every = self.spec.every
        due = list(range(-(-offset // every) * every, offset + len(rows), every))
        values: list[float] = []
        if due and self.vector is None:
            pairs = self._run(rows[due[0] - offset, PARAMS], self.probes[0], self.fresh)
            values.append(float(np.asarray(pairs.values)[0]))
            self.vector = pairs.vector
        if len(due) > len(values) and np.isfinite(values[-1] if values else 0.0):
            thetas = np.zeros((CHUNK, self.probes.shape[1]), np.float32)
            thetas[: len(rows)] = rows[:, PARAMS]
            estimates, self.vector = self.lanczos.track(
                thetas,
                np.int32(due[len(values)] - offset),
                np.int32(every),
                np.int32(len(due) - len(values)),
                self.train,
                self.l2,
                self.alpha,
                self.vector,
                self.fresh_track,
            )
            values.extend(np.asarray(estimates)[: len(due) - len(values)].tolist())
        if values and not np.isfinite(values[-1]):
            self.vector = None
        self.steps.extend(due[: len(values)])
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
        """The sharpness series; at θ_final the top-k eigenvalues (from a cold run) and, if
        asked for, the SLQ density (that run and ``DENSITY_PROBES`` − 1 more)."""
        started = time.perf_counter()
        top_k, slq = np.zeros(0, np.float32), None
        if final is not None:
            probes = self.probes if self.spec.density else self.probes[:1]
            runs = [self._run(final, probe, self.fresh) for probe in probes]
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
