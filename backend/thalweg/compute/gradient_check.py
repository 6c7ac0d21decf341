"""The slides' gradient check: finite differences against JAX's analytic gradient.

With a step δ and the unit vectors e_i,

* forward differences  g_i ≈ (f(w + δ e_i) − f(w)) / δ,
  error ≈ δ/2 · |∂²f/∂w_i²| (truncation) + 2ε|f|/δ (round-off);
* central differences  g_i ≈ (f(w + δ e_i) − f(w − δ e_i)) / (2δ),
  error ≈ δ²/6 · |∂³f/∂w_i³| + ε|f|/δ,

where ε ≈ 2.2e-16 in float64. So the error falls as δ shrinks until round-off
takes over: the V of every gradient-check plot, with its bottom near
δ ≈ √ε ≈ 1e-8 for forward and ∛ε ≈ 1e-5 for central differences. The
relative error of an estimate g is ‖g − ∇f‖ / max(‖g‖, ‖∇f‖), as in CS231n's
gradient check; it is 0 where both vanish.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective


class GradientCheck(NamedTuple):
    value: float  # f(w)
    analytic: np.ndarray  # (2,) ∇f(w) by automatic differentiation
    forward: np.ndarray  # (D, 2) forward-difference estimates, one row per δ
    central: np.ndarray  # (D, 2) central-difference estimates
    forward_error: np.ndarray  # (D,) relative error of each forward estimate
    central_error: np.ndarray  # (D,)


@functools.lru_cache(maxsize=64)
def _checker(objective: Objective):
    """One jitted program per objective; the point, parameters and steps enter as arrays."""

    def check(point, params, deltas):
        def f(w):
            return objective.value(w[0], w[1], params)

        value, analytic = jax.value_and_grad(f)(point)
        unit = jnp.eye(2, dtype=point.dtype)

        def estimates(delta):
            plus = jax.vmap(lambda e: f(point + delta * e))(unit)
            minus = jax.vmap(lambda e: f(point - delta * e))(unit)
            return (plus - value) / delta, (plus - minus) / (2 * delta)

        forward, central = jax.vmap(estimates)(deltas)

        def relative_error(estimate):
            scale = jnp.maximum(jnp.linalg.norm(estimate, axis=-1), jnp.linalg.norm(analytic))
            gap = jnp.linalg.norm(estimate - analytic, axis=-1)
            return jnp.where(scale > 0, gap / jnp.where(scale > 0, scale, 1.0), 0.0)

        return value, analytic, forward, central, relative_error(forward), relative_error(central)

    return jax.jit(check)


def gradient_check(
    objective: Objective, point: tuple[float, float], params: np.ndarray, deltas: np.ndarray
) -> GradientCheck:
    """Analytic ∇f(point) and its finite-difference estimates for each step in ``deltas``."""
    results = _checker(objective)(
        np.asarray(point, np.float64),
        np.asarray(params, np.float64),
        np.asarray(deltas, np.float64),
    )
    value, analytic, forward, central, forward_error, central_error = map(np.asarray, results)
    return GradientCheck(float(value), analytic, forward, central, forward_error, central_error)
