"""The model's prediction over the data's bounding box (decision boundary / heat map).

For 2-D inputs a resolution × resolution grid, ``z[j][i]`` at (x[i], y[j]) as
Plotly's heat maps expect; for 1-D inputs a curve. The value is

* binary:     p(y = 1 | x) = σ(s)   (the boundary is the 0.5 contour)
* multiclass: the predicted class argmax s, and its probability max softmax(s)
* regression: ŷ = s

One jitted program per (model, task) and grid shape; θ and α are arrays.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.models import ModelSpec, apply, unflatten


class Prediction(NamedTuple):
    axes: list[np.ndarray]  # one axis per input feature (1 or 2)
    value: np.ndarray  # (ny, nx) or (nx,): probability, class or ŷ
    confidence: np.ndarray | None  # multiclass: probability of the predicted class


def grid_points(bounds: list[tuple[float, float]], resolution: int) -> tuple[list, np.ndarray]:
    """Axes over ``bounds`` and the (resolution^d, d) points, x varying fastest."""
    axes = [np.linspace(lo, hi, resolution, dtype=np.float32) for lo, hi in bounds]
    mesh = np.meshgrid(*axes)  # 2-D: rows are y, columns x
    return axes, np.stack([m.ravel() for m in mesh], axis=1).astype(np.float32)


@functools.lru_cache(maxsize=64)
def _predictor(model: ModelSpec, task: str):
    def predict(theta, points, alpha):
        scores = apply(model, unflatten(model, theta), points, alpha)
        if task == "binary":
            return jax.nn.sigmoid(scores[:, 0]), jnp.zeros(0, DTYPE)
        if task == "multiclass":
            probs = jax.nn.softmax(scores, axis=1)
            return jnp.argmax(scores, axis=1).astype(DTYPE), jnp.max(probs, axis=1)
        return scores[:, 0], jnp.zeros(0, DTYPE)

    return jax.jit(predict)


def predict_grid(
    model: ModelSpec,
    task: str,
    theta: jax.Array,
    alpha: float,
    bounds: list[tuple[float, float]],
    resolution: int,
) -> Prediction:
    """The prediction over ``bounds`` (one (lo, hi) per input feature, 1 or 2 of them)."""
    axes, points = grid_points(bounds, resolution)
    value, confidence = _predictor(model, task)(
        jnp.asarray(theta, DTYPE), jnp.asarray(points), jnp.asarray(alpha, DTYPE)
    )
    shape = (resolution,) * len(bounds)
    value = np.asarray(value).reshape(shape)
    confidence = np.asarray(confidence).reshape(shape) if task == "multiclass" else None
    return Prediction(axes, value, confidence)
