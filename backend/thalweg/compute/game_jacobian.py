"""A min-max game's local dynamics: the Jacobian of its vector field, its eigenvalues, GDA's steps.

For a game min_x max_y V(x, y) (x the minimising player, y the maximising one,
as in compute/surfaces.py), gradient descent–ascent follows the field
F(w) = (−∂V/∂x, +∂V/∂y); simultaneous GDA is w ← w + η F(w). Its Jacobian

    J = DF = [[−V_xx, −V_xy], [V_yx, V_yy]]

is not symmetric, so its eigenvalues λ = a ± bi are complex in general: b is
the local rotation of the field, a < 0 contraction, a > 0 expansion. Near w,
the GDA step moves a perturbation δ by δ ← (I + ηJ) δ, multiplying each
eigen-component by 1 + ηλ_i, so it is locally stable iff |1 + ηλ_i| < 1 for
every i (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs", Prop. 3).
Since |1 + ηλ|² = 1 + 2η·Re λ + η²|λ|², that holds iff
**0 < η < −2 Re λ_i / |λ_i|²** for all i: a stable step exists only if every
Re λ_i < 0. For real λ < 0 the bound is 2/|λ|, gradient descent's 2/λmax.

The bilinear game V = c·xy has J = [[0, −c], [c, 0]] and λ = ±ic, so
|1 + ηλ| = √(1 + η²c²) > 1 for every η: GDA spirals out. The Dirac GAN at its
equilibrium has J = [[0, −f′(0)], [f′(0), −γ]] with f′(0) = ½: without the R1
penalty γ the eigenvalues are ±i/2 and GDA diverges; with γ > 0 they move into
the left half-plane and small steps converge (Mescheder, Geiger & Nowozin
2018, "Which Training Methods for GANs do actually Converge?", §2-3).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.curvature import pad_points
from thalweg.compute.trajectory import Objective


class GameJacobian(NamedTuple):
    jacobians: np.ndarray  # (N, 2, 2) J = DF at each point
    eigenvalues: np.ndarray  # (N, 2, 2): [[Re λ1, Im λ1], [Re λ2, Im λ2]], by (Re, Im) ascending


@functools.lru_cache(maxsize=64)
def _analyser(objective: Objective):
    """One jitted, vmapped program per objective; points and parameters enter as arrays."""

    def at(point, params):
        def field(w):
            gx, gy = jax.grad(lambda v: objective.value(v[0], v[1], params))(w)
            return jnp.stack([-gx, gy])

        jacobian = jax.jacfwd(field)(point)
        # A 2×2 matrix's eigenvalues in closed form: λ = τ/2 ± √(τ²/4 − Δ).
        half_trace = 0.5 * jnp.trace(jacobian)
        discriminant = half_trace**2 - jnp.linalg.det(jacobian)
        real_root = jnp.sqrt(jnp.maximum(discriminant, 0.0))
        imaginary = jnp.sqrt(jnp.maximum(-discriminant, 0.0))
        sign = jnp.asarray([-1.0, 1.0])
        eigenvalues = jnp.stack([half_trace + sign * real_root, sign * imaginary], axis=1)
        return jacobian, eigenvalues

    return jax.jit(jax.vmap(at, in_axes=(0, None)))


def game_jacobian(objective: Objective, params: np.ndarray, points: np.ndarray) -> GameJacobian:
    """J and its eigenvalues at each of ``points`` (N, 2); non-finite where V's derivatives are.

    The count is padded to a power of two (``pad_points``), so a path of any
    length compiles one of a few programs.
    """
    padded, n = pad_points(points)
    results = _analyser(objective)(padded, np.asarray(params, np.float64))
    return GameJacobian(*(np.asarray(a)[:n] for a in results))


def gda_stable_lr(eigenvalues: np.ndarray) -> float | None:
    """The largest η for which simultaneous GDA is stable: min_i −2 Re λ_i/|λ_i|².

    ``eigenvalues``: [[Re λ, Im λ], …]. None if some Re λ_i ≥ 0 (then
    |1 + ηλ_i| ≥ 1 whatever η > 0) or some value is not finite.
    """
    values = np.asarray(eigenvalues, np.float64)
    if not np.all(np.isfinite(values)) or np.any(values[:, 0] >= 0):
        return None
    bound = float(np.min(-2.0 * values[:, 0] / np.sum(values**2, axis=1)))
    return bound if math.isfinite(bound) else None
