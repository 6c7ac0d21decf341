"""Curvature of the training loss: Hessian-vector products, Lanczos, top-k, SLQ density.

Hessian-vector products (Pearlmutter 1994) never form the P×P Hessian:

    H(θ) v = d/dε ∇J(θ + ε v) |_{ε=0}     (``jax.jvp`` of ``jax.grad``, ~2 gradients)

Lanczos builds an orthonormal basis q_1..q_m of the Krylov space
span{v, Hv, …, H^{m−1}v} and the tridiagonal T_m = Qᵀ H Q (diagonal α_j = q_jᵀ H q_j,
off-diagonal β_j = ‖r_j‖ of the residual r_j = H q_j − α_j q_j − β_{j−1} q_{j−1}).
The eigenvalues of T_m (Ritz values) approach H's extreme eigenvalues first, so
a few dozen products give the sharpness λ_max and the top-k (Golub & Van Loan,
§10.1). In finite precision the q_j lose orthogonality and Ritz values repeat;
for the sizes here (P ≤ ~20 000, m ≤ 64) we reorthogonalise every r_j against
all previous q's, twice ("twice is enough", Parlett 1998, §6.9). If r_j vanishes
(an invariant subspace: a tiny model, or a starting vector in few eigenvectors)
Lanczos continues with a fresh random vector orthogonal to Q and β_j = 0, so T_m
stays exact; m never exceeds P.

Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017; Ghorbani, Krishnan & Xiao
2019; Yao et al. 2020, PyHessian): for a unit probe v, vᵀ g(H) v = Σ_i τ_i g(θ_i)
with Ritz values θ_i and weights τ_i = (e_1ᵀ y_i)² (y_i: the eigenvectors of
T_m; Σ τ_i = 1). With Rademacher probes v ∈ {±1}^P/√P, E[vᵀ g(H) v] =
(1/P) Σ_j g(λ_j), so the average over probes of Σ_i τ_i N(t; θ_i, σ²) estimates
the spectral density φ(t) = (1/P) Σ_j δ(t − λ_j) broadened by a Gaussian of width σ.

Written by hand: jax.scipy has no eigsh, and scipy's ARPACK would call back into
Python once per product; here a whole Lanczos run is one compiled program (or a
part of the training chunk: ``tracked_sharpness``). The number of steps m is a static shape
(each m compiles once); everything else (θ, data, λ, α, probes) enters as arrays.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.objective import Data, make_objective

Loss = Callable[[jax.Array], jax.Array]
BROADENING = 0.01  # σ of the density, as a fraction of its Ritz values' range

# Lanczos sizes of the Networks view (each capped at P). Tracking restarts from the
# previous Ritz vector: on 2-32-32-1 tanh moons under GD (η = 0.15, 5,000 steps, every
# 10) two steps stayed within 6e-5 of a cold 64-step run, 100 samples 2-16-16-1 at
# η = 0.2 within 7e-4; in a catapult (η = 0.3) the lag reached 5 % (3 steps: 1 %).
# The m = 2 runs are compiled into the trainer's chunk (``tracked_sharpness``); one per
# model runs m = 64: the first start vector, the final top-k and the density, one run
# per probe (a separate vmapped density program doubled compile time).
TRACK_STEPS = 2
FULL_STEPS = 64  # the first estimate (cold), the final top-k and each density probe
DENSITY_PROBES = 4
SHORT_RUN = 4  # Lanczos runs of up to this many steps are unrolled
DENSITY_POINTS = 201


def products(steps: int, every: int, with_density: bool) -> int:
    """Hessian-vector products of a tracked run: ⌈(steps + 1)/every⌉ warm restarts, a cold
    run at the first θ, and one (top-k) or ``DENSITY_PROBES`` (top-k and density) at the last."""
    tracked = -(-(steps + 1) // every) * TRACK_STEPS
    return tracked + FULL_STEPS * (1 + (DENSITY_PROBES if with_density else 1))


class Tridiagonal(NamedTuple):
    """T_m = Qᵀ H Q: diagonal ``alpha`` (m,), off-diagonal ``beta`` (m − 1,), basis Q (m, P)."""

    alpha: jax.Array
    beta: jax.Array
    basis: jax.Array


def hvp(loss: Loss, theta: jax.Array, v: jax.Array) -> jax.Array:
    """H(θ) v by forward-over-reverse differentiation."""
    return jax.jvp(jax.grad(loss), (theta,), (v,))[1]


def _orthogonalise(basis: jax.Array, w: jax.Array) -> jax.Array:
    """w minus its projection on the rows of ``basis`` (zero rows project nothing), twice."""
    # (basis @ w) @ basis, not basis.T @ …: the transposed product measured 2× slower
    # (64 steps on 1,185 parameters: 17 -> 6 ms without the products).
    w = w - (basis @ w) @ basis
    return w - (basis @ w) @ basis


def lanczos(
    matvec: Callable[[jax.Array], jax.Array], v0: jax.Array, fresh: jax.Array
) -> Tridiagonal:
    """m = len(fresh) Lanczos steps from v0 with full reorthogonalisation.

    ``fresh`` (m, P): random vectors that continue the basis where the Krylov space
    is exhausted (β_j = 0); m ≤ P is required.
    """
    steps, size = fresh.shape
    eps = jnp.finfo(v0.dtype).eps
    # A short run is unrolled: as a loop, its basis updates cost more than its products.
    unroll = steps <= SHORT_RUN
    basis = jnp.zeros((steps + 1, size), v0.dtype).at[0].set(v0 / jnp.linalg.norm(v0))

    def body(j, state):
        basis, alpha, beta = state
        q = basis[j]
        hq = matvec(q)
        a = q @ hq
        r = _orthogonalise(basis, hq)
        b = jnp.linalg.norm(r)
        # Below ~100 ulps of ‖Hq‖ the residual is rounding noise: the space is invariant.
        exhausted = b <= 100 * eps * jnp.linalg.norm(hq)

        def restart():
            fresh_q = _orthogonalise(basis, fresh[j])
            return fresh_q / jnp.linalg.norm(fresh_q)

        # cond, not where: the restart's projections cost as much as the step's own; but
        # in a short (unrolled) run a cond costs more than they do.
        if unroll:
            following = jnp.where(exhausted, restart(), r / b)
        else:
            following = jax.lax.cond(exhausted, restart, lambda: r / b)
        basis = basis.at[j + 1].set(following)
        return basis, alpha.at[j].set(a), beta.at[j].set(jnp.where(exhausted, 0.0, b))

    zeros = jnp.zeros(steps, v0.dtype)
    basis, alpha, beta = jax.lax.fori_loop(0, steps, body, (basis, zeros, zeros), unroll=unroll)
    return Tridiagonal(alpha, beta[:-1], basis[:steps])


def ritz(t: Tridiagonal) -> tuple[jax.Array, jax.Array, jax.Array]:
    """Ritz values (ascending), their weights τ_i = (e_1ᵀ y_i)², and eigenvectors y_i of T_m."""
    if len(t.alpha) == 2:
        values, vectors = _eigh2(t.alpha[0], t.beta[0], t.alpha[1])
    else:
        matrix = jnp.diag(t.alpha) + jnp.diag(t.beta, 1) + jnp.diag(t.beta, -1)
        values, vectors = jnp.linalg.eigh(matrix)
    return values, vectors[0] ** 2, vectors


def _eigh2(a: jax.Array, b: jax.Array, d: jax.Array) -> tuple[jax.Array, jax.Array]:
    """Eigenpairs of [[a, b], [b, d]] in closed form (ascending), for the tracking steps
    (instead of LAPACK's eigh in the chunk's loop: measured 5-10 % of the tracking time).

    λ± = (a + d)/2 ± √(((a − d)/2)² + b²); the top eigenvector is (cos φ, sin φ) with
    φ = ½·atan2(2b, a − d) (the Jacobi rotation that diagonalises the matrix)."""
    mean, half = (a + d) / 2, (a - d) / 2
    radius = jnp.hypot(half, b)
    phi = jnp.arctan2(b, half) / 2
    c, s = jnp.cos(phi), jnp.sin(phi)
    return jnp.stack([mean - radius, mean + radius]), jnp.stack(
        [jnp.stack([-s, c]), jnp.stack([c, s])]
    )


class RitzPairs(NamedTuple):
    """One Lanczos run: Ritz values (largest first), their SLQ weights, the top Ritz vector."""

    values: jax.Array  # (m,)
    weights: jax.Array  # (m,), Σ = 1
    vector: jax.Array  # (P,) Qᵀy of the largest value, unit norm


def ritz_pairs(loss: Loss, theta: jax.Array, v0: jax.Array, fresh: jax.Array) -> RitzPairs:
    """Lanczos on H(θ) from v0 with m = len(fresh) steps, as Ritz pairs.

    The vector is a warm start for the next θ along a path: H changes little in a
    few steps, so a short run from it resolves λ_max again. A run from a
    Rademacher probe is one SLQ sample (``density``).
    """
    # linearize: the gradient's forward and backward pass at θ once, then only the
    # tangent pass per product (two-step runs in the training chunk: 0.26 -> 0.18 ms;
    # in a 64-step loop XLA had already hoisted the invariant part: 6.0 ms either way).
    _, matvec = jax.linearize(jax.grad(loss), theta)
    t = lanczos(matvec, v0, fresh)
    values, weights, vectors = ritz(t)
    return RitzPairs(values[::-1], weights[::-1], t.basis.T @ vectors[:, -1])


class Tracking(NamedTuple):
    """λ_max tracked by the training chunk (compute/nets/training.py): one estimate per due
    step k ≡ 0 (mod ``every``), ``TRACK_STEPS`` Lanczos steps from the last Ritz vector."""

    vector: jax.Array  # (P,) the last Ritz vector: the next estimate's start
    fresh: jax.Array  # (TRACK_STEPS, P) Lanczos' continuation vectors
    probe: jax.Array  # (P,) the start instead of a non-finite vector
    every: jax.Array  # () int32
    estimates: jax.Array  # (chunk,) the last chunk's estimates in order of their steps, then NaN


def tracked_sharpness(loss: Loss, thetas: jax.Array, first, count, tracking: Tracking) -> Tracking:
    """λ_max at thetas[first + j·every] for j < count (dynamic: no recompilation), each
    by ``TRACK_STEPS`` Lanczos steps from the previous Ritz vector.

    One loop after the chunk's training scan, in the same program: a ``lax.cond`` per
    step inside the scan made XLA:CPU run the whole scan op by op (3× slower even
    with no step due), and a separate call per chunk cost more in dispatch and in
    copying the θs back than its products. A non-finite Ritz vector (an overflowing
    product just before a divergence) restarts from the probe.
    """

    def body(j, state):
        values, v = state
        start = jnp.where(jnp.all(jnp.isfinite(v)), v, tracking.probe)
        pairs = ritz_pairs(loss, thetas[first + j * tracking.every], start, tracking.fresh)
        return values.at[j].set(pairs.values[0]), pairs.vector

    values = jnp.full(thetas.shape[0], jnp.nan, thetas.dtype)
    values, vector = jax.lax.fori_loop(0, count, body, (values, tracking.vector))
    return tracking._replace(vector=vector, estimates=values)


def density(
    nodes: np.ndarray, weights: np.ndarray, points: int = DENSITY_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """SLQ: (x, φ(x)) on ``points`` points, the Ritz values ± 5σ, from K runs' (K, m) nodes
    and weights: φ(t) = (1/K) Σ_k Σ_i τ_ki N(t; θ_ki, σ²), σ = ``BROADENING`` × their range."""
    nodes, weights = np.asarray(nodes, np.float64), np.asarray(weights, np.float64)
    lo, hi = nodes.min(), nodes.max()
    sigma = max(BROADENING * (hi - lo), 1e-6 * max(1.0, abs(hi)))
    x = np.linspace(lo - 5 * sigma, hi + 5 * sigma, points)
    gauss = np.exp(-0.5 * ((x[:, None] - nodes.reshape(-1)[None, :]) / sigma) ** 2)
    y = gauss @ weights.reshape(-1) / (len(nodes) * sigma * np.sqrt(2 * np.pi))
    return x, y


def rademacher(key: jax.Array, count: int, size: int, dtype) -> jax.Array:
    """``count`` probes with entries ±1/√size (unit vectors)."""
    signs = jax.random.rademacher(key, (count, size), dtype)
    return signs / jnp.sqrt(jnp.asarray(size, dtype))


@functools.lru_cache(maxsize=16)
def get_lanczos(model: ModelSpec, loss: str) -> Callable[..., RitzPairs]:
    """``ritz_pairs`` compiled on the objective of ``model`` and ``loss``:
    (θ, data, λ, α, v0, fresh) -> RitzPairs. One compilation per m (``fresh``'s rows)
    and padded data size; bounded cache, like the trainers. (The tracking during
    training is compiled into the trainer's chunk instead: ``track``.)"""
    objective = make_objective(model, loss)

    def run(theta, data: Data, l2, alpha, v0, fresh):
        return ritz_pairs(lambda th: objective(th, data, l2, alpha)[0], theta, v0, fresh)

    return jax.jit(run)
