"""The training objective as a function of the flat parameters, and the metrics.

    J(θ) = Σ_i m_i ℓ(f(x_i; θ), y_i) / Σ_i m_i + λ R(W)

``m`` is a 0/1 row mask. Data are padded to a few bucket sizes (``bucket``) with
m = 0 on the padding, so a new sample count or test fraction reuses a compiled
program unless it crosses a bucket; mini-batches are masks too. The metric is
accuracy for classification and R² = 1 − SS_res / SS_tot for regression.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.losses import LOSSES, l2_penalty
from thalweg.compute.nets.models import ModelSpec, apply, unflatten

Objective = Callable[[jax.Array, "Data", jax.Array, jax.Array], tuple[jax.Array, jax.Array]]


class Data(NamedTuple):
    """Rows padded to a bucket size; ``mask`` is 1 on real rows, 0 on padding."""

    x: jax.Array  # (N, d) float32
    y: jax.Array  # (N,) int32 labels or float32 targets
    mask: jax.Array  # (N,) float32


def bucket(n: int) -> int:
    """The padded size for n rows: the least m·2^k ≥ n with m ∈ {4, 5, 6, 7} (≤ 25 % padding)."""
    n = max(n, 8)
    k = max(0, (n - 1).bit_length() - 3)
    return next(m << k for m in (4, 5, 6, 7, 8) if m << k >= n)


def pad(x: np.ndarray, y: np.ndarray, size: int) -> Data:
    """Rows of (x, y) padded with zeros to ``size``, as device arrays."""
    n = len(x)
    xs = np.zeros((size, x.shape[1]), np.float32)
    ys = np.zeros((size,), y.dtype)
    mask = np.zeros((size,), np.float32)
    xs[:n], ys[:n], mask[:n] = x, y, 1.0
    return Data(jnp.asarray(xs, DTYPE), jnp.asarray(ys), jnp.asarray(mask, DTYPE))


def masked_mean(values: jax.Array, mask: jax.Array) -> jax.Array:
    """Σ m·v / Σ m; NaN for an empty mask (reported as null); padding never leaks inf."""
    return jnp.sum(jnp.where(mask > 0, values * mask, 0.0)) / jnp.sum(mask)


def make_objective(model: ModelSpec, loss: str, fold_bias: bool = False) -> Objective:
    """J(θ; data, λ, α) -> (value, scores); scores (N, outputs) for the metrics.

    ``fold_bias``: see ``models.apply`` (on for landscapes, off for training).
    """
    per_example = LOSSES[loss].per_example

    def objective(theta, data: Data, l2, alpha):
        params = unflatten(model, theta)
        scores = apply(model, params, data.x, alpha, fold_bias)
        value = masked_mean(per_example(scores, data.y), data.mask)
        return value + l2 * l2_penalty(params), scores

    return objective


def metric(task: str, scores: jax.Array, data: Data) -> jax.Array:
    """Accuracy (classification) or R² (regression) over the masked rows."""
    if task == "regression":
        mean = masked_mean(data.y, data.mask)
        residual = masked_mean((scores[:, 0] - data.y) ** 2, data.mask)
        total = masked_mean((data.y - mean) ** 2, data.mask)
        return 1.0 - residual / total
    if task == "binary":
        predicted = (scores[:, 0] > 0).astype(jnp.int32)
    else:
        predicted = jnp.argmax(scores, axis=1)
    return masked_mean((predicted == data.y).astype(DTYPE), data.mask)
