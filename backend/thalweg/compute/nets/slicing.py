"""Loss landscapes: the objective on a plane, on a line, and the path projected.

A plane through an origin θ_c spanned by d₁, d₂ (flat parameter vectors):

    z[j][i] = J(θ_c + a_i d₁ + b_j d₂)        (J: training objective, λR included)

Directions:

* ``random``: Gaussian d with FILTER NORMALISATION (Li et al. 2018, §4): for
  each filter, here the incoming weights of one unit (a column of W),
  d ← d / ‖d‖ · ‖θ_c‖ on that filter. Bias and PReLU-slope directions are zero
  (Li et al.'s ``--xignore biasbn``). d₁ and d₂ are independent draws (nearly
  orthogonal in high dimension, not orthogonalised, as in the paper); the path
  is projected by least squares.
* ``pca``: the first two right singular vectors of M = [θ_i − θ_final]_i over
  the recorded trajectory (Li et al. 2018, §7), with explained variance ratios
  σ_k² / Σσ² (≤ 1 in sum). M is not mean-centred: the plane passes through
  θ_final, which is where the paper's plots put the origin (its code centres
  through sklearn's PCA; the difference is the mean offset). The path's
  coordinates are M·[d₁ d₂]. A rank-deficient M (a straight path) is completed
  by a random unit vector orthogonal to d₁.
* ``exact``: a two-parameter model's own axes, a = w and b = b, origin 0.

The line is the linear interpolation θ(α) = (1 − α)θ₀ + αθ_final (Goodfellow,
Vinyals & Saxe 2015), α ∈ [−0.5, 1.5].

All grid points are evaluated in one jitted program (``lax.map`` over batches
of ``vmap``-ed points, sized so activations stay cache-sized), never in a
Python loop.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from threadpoolctl import threadpool_limits

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.models import ModelSpec, flatten, unflatten
from thalweg.compute.nets.objective import Data, make_objective

ACTIVATION_BUDGET = 1 << 19  # floats of activations per batch of grid points (~2 MB)


def filter_normalized(model: ModelSpec, key: jax.Array, centre: jax.Array) -> jax.Array:
    """A random direction with each filter's norm equal to the centre's (biases zero)."""
    noise = unflatten(model, jax.random.normal(key, centre.shape, DTYPE))
    weights = unflatten(model, centre)
    direction = []
    for d, w in zip(noise, weights, strict=True):
        scale = jnp.linalg.norm(w["w"], axis=0) / jnp.linalg.norm(d["w"], axis=0)
        layer = {name: jnp.zeros_like(leaf) for name, leaf in d.items()}
        layer["w"] = d["w"] * scale[None, :]
        direction.append(layer)
    return flatten(direction)


@functools.lru_cache(maxsize=32)
def _random_directions(model: ModelSpec):
    def directions(key, centre):
        k1, k2 = jax.random.split(key)
        return filter_normalized(model, k1, centre), filter_normalized(model, k2, centre)

    return jax.jit(directions)


def random_directions(model: ModelSpec, key: jax.Array, centre) -> tuple[np.ndarray, np.ndarray]:
    """Two independent filter-normalised directions at ``centre`` (float32)."""
    d1, d2 = _random_directions(model)(key, jnp.asarray(centre, DTYPE))
    return np.asarray(d1), np.asarray(d2)


def pca_directions(
    thetas: np.ndarray, final: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """d₁, d₂ (orthonormal, float32) and the explained variance ratios of the path.

    The top of the SVD of M (S × P) comes from the eigendecomposition of the
    smaller Gram matrix (M Mᵀ or Mᵀ M, float64), on one BLAS thread: OpenBLAS's
    threads fighting XLA's for two cores measured 1.5 s for an SVD that takes
    30 ms alone.
    """
    m = np.asarray(thetas, np.float64) - np.asarray(final, np.float64)
    with threadpool_limits(1):
        if m.shape[0] <= m.shape[1]:
            eigenvalues, u = np.linalg.eigh(m @ m.T)
            top = np.argsort(eigenvalues)[::-1][:2]
            vectors = [m.T @ u[:, k] for k in top]
        else:
            eigenvalues, v = np.linalg.eigh(m.T @ m)
            top = np.argsort(eigenvalues)[::-1][:2]
            vectors = [v[:, k] for k in top]
    variances = np.maximum(eigenvalues[top], 0.0)  # σ_k², the squared singular values
    total = float(np.sum(m * m))
    ratios = np.zeros(2)
    if total > 0:
        ratios[: len(top)] = variances / total
    basis = [
        vec / np.linalg.norm(vec)
        for vec, var in zip(vectors, variances, strict=True)
        if var > 1e-12 * max(variances[0], 1e-30) and np.linalg.norm(vec) > 0
    ]
    rng = np.random.default_rng(seed)
    while len(basis) < 2:  # complete a degenerate path with random orthogonal directions
        v = rng.standard_normal(m.shape[1])
        for u_ in basis:
            v -= (v @ u_) * u_
        basis.append(v / np.linalg.norm(v))
    return basis[0].astype(np.float32), basis[1].astype(np.float32), ratios


def exact_directions(model: ModelSpec) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors on w and b of a two-parameter model (θ = [w, b])."""
    if model.size != 2:
        raise ValueError(f"exact axes need a two-parameter model; this one has {model.size}")
    return np.array([1, 0], np.float32), np.array([0, 1], np.float32)


def project(thetas: np.ndarray, origin: np.ndarray, d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """(S, 2) least-squares coordinates c with θ_i − origin ≈ c₁d₁ + c₂d₂."""
    basis = np.stack([d1, d2], axis=1).astype(np.float64)  # (P, 2)
    delta = np.asarray(thetas, np.float64) - np.asarray(origin, np.float64)
    with threadpool_limits(1):  # see pca_directions
        return np.linalg.solve(basis.T @ basis, basis.T @ delta.T).T


def grid_batch(model: ModelSpec, rows: int) -> int:
    """Grid points per vmapped batch, so one batch's activations stay ~cache-sized."""
    widest = max(fan_out for _, fan_out in model.layer_sizes)
    return max(1, ACTIVATION_BUDGET // (rows * max(widest, 1)))


@functools.lru_cache(maxsize=32)
def _evaluators(model: ModelSpec, loss: str):
    objective = make_objective(model, loss, fold_bias=True)

    def value(theta, data, l2, alpha):
        return objective(theta, data, l2, alpha)[0]

    def plane(origin, d1, d2, a, b, data, l2, alpha, batch):
        aa, bb = jnp.meshgrid(a, b)  # (len(b), len(a)): rows are b
        coords = jnp.stack([aa.ravel(), bb.ravel()], axis=1)

        def at(c):
            return value(origin + c[0] * d1 + c[1] * d2, data, l2, alpha)

        return jax.lax.map(at, coords, batch_size=batch).reshape(aa.shape)

    def line(start, end, alphas, data, l2, alpha):
        return jax.vmap(lambda t: value((1 - t) * start + t * end, data, l2, alpha))(alphas)

    return jax.jit(plane, static_argnames="batch"), jax.jit(line), jax.jit(value)


def plane(
    model: ModelSpec,
    loss: str,
    origin,
    d1,
    d2,
    a: np.ndarray,
    b: np.ndarray,
    data: Data,
    l2: float,
    alpha: float,
) -> np.ndarray:
    """z (len(b), len(a)) with z[j, i] = J(origin + a[i]·d₁ + b[j]·d₂)."""
    evaluate, _, _ = _evaluators(model, loss)
    f32 = functools.partial(jnp.asarray, dtype=DTYPE)
    batch = grid_batch(model, data.x.shape[0])
    args = (f32(origin), f32(d1), f32(d2), f32(a), f32(b), data, f32(l2), f32(alpha))
    return np.asarray(evaluate(*args, batch=batch))


def interpolate(
    model: ModelSpec, loss: str, start, end, alphas: np.ndarray, data: Data, l2: float, alpha: float
) -> np.ndarray:
    """J((1 − α)·start + α·end) for each α."""
    _, line, _ = _evaluators(model, loss)
    f32 = functools.partial(jnp.asarray, dtype=DTYPE)
    return np.asarray(line(f32(start), f32(end), f32(alphas), data, f32(l2), f32(alpha)))


def value(model: ModelSpec, loss: str, theta, data: Data, l2: float, alpha: float) -> float:
    """J(θ) at one point (the direct evaluation the tests compare grids with)."""
    _, _, evaluate = _evaluators(model, loss)
    f32 = functools.partial(jnp.asarray, dtype=DTYPE)
    return float(evaluate(f32(theta), data, f32(l2), f32(alpha)))
