"""Local curvature: the Hessian of a surface, its eigen-decomposition, stable step sizes.

Near a point w the surface is its quadratic model
f(w + d) ≈ f(w) + ∇f(w)·d + ½ dᵀH d, with H = ∇²f(w) = Q diag(λ₁, λ₂) Qᵀ
(λ₁ ≤ λ₂, the columns of Q orthonormal). Along the eigenvector q_i the model
is a parabola of curvature λ_i, so the contour ellipses of the model have the
eigenvectors as axes, with half-lengths ∝ 1/√λ_i.

Why a learning rate is "too large" (Nesterov 2004, §1.2.3; Goh, "Why Momentum
Really Works", Distill 2017): on f(w) = ½ wᵀHw, gradient descent
w ← w − η H w multiplies the component along q_i by (1 − ηλ_i) per step, so it
converges iff |1 − ηλ_i| < 1 for all i, i.e. **η < 2/λmax** (for λ₁ > 0).
The heavy ball w_{k+1} = w_k − η∇f(w_k) + β(w_k − w_{k−1}) (torch's SGD with
momentum β and no dampening is the same iteration) has per component the
characteristic polynomial z² − (1 + β − ηλ_i) z + β, whose roots lie inside
the unit circle iff 0 ≤ β < 1 and **0 < ηλ_i < 2(1 + β)**. Its fastest
worst-case rate, (√κ − 1)/(√κ + 1) with κ = λmax/λmin, is reached at Polyak's
(1964) optimum η* = 4/(√λmax + √λmin)², β* = ((√λmax − √λmin)/(√λmax + √λmin))².
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective


class Curvature(NamedTuple):
    hessians: np.ndarray  # (N, 2, 2) ∇²f at each point
    eigenvalues: np.ndarray  # (N, 2) ascending
    eigenvectors: np.ndarray  # (N, 2, 2): eigenvectors[n, i] belongs to eigenvalues[n, i]


@functools.lru_cache(maxsize=64)
def _analyser(objective: Objective):
    """One jitted, vmapped program per objective; points and parameters enter as arrays."""

    def at(point, params):
        hessian = jax.hessian(lambda w: objective.value(w[0], w[1], params))(point)
        finite = jnp.all(jnp.isfinite(hessian))
        # LAPACK's answer for a non-finite matrix is undefined: decompose a
        # harmless one instead and report NaN, which leaves the server as null.
        values, vectors = jnp.linalg.eigh(jnp.where(finite, hessian, jnp.eye(2)))
        return hessian, jnp.where(finite, values, jnp.nan), jnp.where(finite, vectors.T, jnp.nan)

    return jax.jit(jax.vmap(at, in_axes=(0, None)))


def curvature(objective: Objective, params: np.ndarray, points: np.ndarray) -> Curvature:
    """H, its eigenvalues and eigenvectors at each of ``points`` (N, 2).

    The count is padded to a power of two, so a path of any length compiles
    one of a few programs.
    """
    padded, n = pad_points(points)
    results = _analyser(objective)(padded, np.asarray(params, np.float64))
    return Curvature(*(np.asarray(a)[:n] for a in results))


def pad_points(points: np.ndarray) -> tuple[np.ndarray, int]:
    """``points`` (N, 2) as float64, padded to a power of two with copies of the first; N."""
    points = np.asarray(points, np.float64).reshape(-1, 2)
    n = len(points)
    size = 1 << max(0, (n - 1).bit_length())
    return np.concatenate([points, np.repeat(points[:1], size - n, axis=0)]), n


def gd_stable_lr(lambda_max: float) -> float | None:
    """2/λmax: gradient descent is stable near the point iff η is below it; None if λmax ≤ 0.

    With λmax ≤ 0 the point is a local maximum or a flat spot: no step size
    makes gradient descent settle there.
    """
    if not math.isfinite(lambda_max) or lambda_max <= 0:
        return None
    return 2.0 / lambda_max


def polyak_optimum(lambda_min: float, lambda_max: float) -> tuple[float, float] | None:
    """Polyak's heavy-ball (η*, β*) for a quadratic with these curvatures; None unless 0 < λmin.

    η* = 4/(√λmax + √λmin)², β* = ((√λmax − √λmin)/(√λmax + √λmin))² (Polyak 1964).
    """
    if not (math.isfinite(lambda_min) and math.isfinite(lambda_max)) or lambda_min <= 0:
        return None
    big, small = math.sqrt(lambda_max), math.sqrt(lambda_min)
    return 4.0 / (big + small) ** 2, ((big - small) / (big + small)) ** 2
