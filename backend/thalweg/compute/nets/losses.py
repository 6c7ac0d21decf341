"""Per-example losses on scores, and the L2 penalty.

Every loss maps scores ``s`` (n, k) and targets ``y`` (n,) to per-example losses
(n,); the data loss is their mean (over the rows that count, see
``objective.py``). With t = 2y − 1 ∈ {−1, 1} for binary labels:

* ``mse``            ℓ = (ŷ − y)², ŷ = s for regression; for binary labels ŷ = σ(s)
  (squared error on the probability, as in the lecture slides).
* ``half_mse``       ℓ = ½(s − t)² on the raw score (a linear output), t = y for
  regression and t = 2y − 1 ∈ {−1, 1} for binary labels, so the decision
  boundary stays s = 0. Its Hessian has the scale of the edge-of-stability
  experiments (Cohen et al. 2021 train with ½·MSE): gradient descent with step η
  is stable on a quadratic iff λ_max < 2/η.
* ``bce``            ℓ = −y log σ(s) − (1 − y) log(1 − σ(s)), computed on the
  logit as softplus(s) − y·s, which never takes the log of 0 (σ saturates in
  float32 at |s| ≈ 17; this form is exact there).
* ``cross_entropy``  ℓ = −log softmax(s)_y = logsumexp(s) − s_y.
* ``hinge``          multiclass SVM loss (Weston & Watkins 1999; CS231n), margin Δ = 1:
  ℓ = Σ_{j≠y} max(0, s_j − s_y + 1). A binary model has one score s; it is read
  as the scores (0, s), which gives the usual ℓ = max(0, 1 − t·s).

L2 regularisation adds λ·R(W), R(W) = Σ_layers Σ_{k,l} W_{k,l}² (the slides'
R(W)): weights only, not biases or PReLU slopes, and no factor ½. It is part of
the objective, so it shows in the loss curves and in the landscapes. It differs
from an optimizer's ``weight_decay``, which adds λw to the gradient of every
parameter (biases too) and is invisible in the loss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import jax
import jax.numpy as jnp

PerExample = Callable[[jax.Array, jax.Array], jax.Array]


@dataclass(frozen=True)
class Loss:
    name: str
    title: str
    latex: str
    description: str
    tasks: tuple[str, ...]
    per_example: PerExample  # (scores (n, k), y (n,)) -> (n,)


def _mse(s: jax.Array, y: jax.Array) -> jax.Array:
    if y.dtype == jnp.int32:  # binary labels: squared error of the probability
        return (jax.nn.sigmoid(s[:, 0]) - y) ** 2
    return (s[:, 0] - y) ** 2


def _half_mse(s: jax.Array, y: jax.Array) -> jax.Array:
    target = 2.0 * y - 1.0 if y.dtype == jnp.int32 else y
    return 0.5 * (s[:, 0] - target) ** 2


def _bce(s: jax.Array, y: jax.Array) -> jax.Array:
    return jax.nn.softplus(s[:, 0]) - y * s[:, 0]


def _cross_entropy(s: jax.Array, y: jax.Array) -> jax.Array:
    true = jnp.take_along_axis(s, y[:, None], axis=1)[:, 0]
    return jax.nn.logsumexp(s, axis=1) - true


def _hinge(s: jax.Array, y: jax.Array) -> jax.Array:
    if s.shape[1] == 1:
        s = jnp.concatenate([jnp.zeros_like(s), s], axis=1)
    true = jnp.take_along_axis(s, y[:, None], axis=1)
    margins = jnp.maximum(0.0, s - true + 1.0)
    # The true class contributes max(0, 1) = 1 to the sum; subtract it.
    return jnp.sum(margins, axis=1) - 1.0


_SPECS = (
    Loss(
        name="mse",
        title="Mean squared error",
        latex=r"L = \frac{1}{n}\sum_i (\hat y_i - y_i)^2",
        description="regression; for binary labels the error of the probability σ(s)",
        tasks=("regression", "binary"),
        per_example=_mse,
    ),
    Loss(
        name="bce",
        title="Binary cross-entropy",
        latex=r"L = -\frac{1}{n}\sum_i y_i \log \sigma(s_i) + (1 - y_i)\log(1 - \sigma(s_i))",
        description="binary classification, on the logit s (numerically stable)",
        tasks=("binary",),
        per_example=_bce,
    ),
    Loss(
        name="cross_entropy",
        title="Cross-entropy (softmax)",
        latex=r"L = \frac{1}{n}\sum_i -\log \frac{e^{s_{i,y_i}}}{\sum_j e^{s_{i,j}}}",
        description="multiclass classification over the softmax of the scores",
        tasks=("multiclass",),
        per_example=_cross_entropy,
    ),
    Loss(
        name="hinge",
        title="Multiclass hinge (SVM)",
        latex=r"L = \frac{1}{n}\sum_i \sum_{j \ne y_i} \max(0,\ s_{i,j} - s_{i,y_i} + 1)",
        description="Weston-Watkins multiclass SVM loss, margin Δ = 1; binary: max(0, 1 − t·s)",
        tasks=("binary", "multiclass"),
        per_example=_hinge,
    ),
    Loss(
        name="half_mse",
        title="Half squared error (linear output)",
        latex=r"L = \frac{1}{2n}\sum_i (s_i - t_i)^2",
        description="½·MSE on the raw score; binary labels as targets ±1 (edge of stability)",
        tasks=("regression", "binary"),
        per_example=_half_mse,
    ),
)

LOSSES: Mapping[str, Loss] = MappingProxyType({spec.name: spec for spec in _SPECS})
DEFAULT_LOSS = {"binary": "bce", "multiclass": "cross_entropy", "regression": "mse"}
L2_LATEX = r"L_{\text{total}} = L + \lambda \sum_{l} \lVert W_l \rVert_F^2"


def l2_penalty(params: list[dict[str, jax.Array]]) -> jax.Array:
    """R(W) = Σ_l ‖W_l‖²_F over the weight matrices only."""
    return sum(jnp.sum(layer["w"] ** 2) for layer in params)


def losses_for(task: str) -> list[str]:
    return [spec.name for spec in _SPECS if task in spec.tasks]
