"""What a snapshot shows, computed in one jitted program per architecture and grid size.

For parameters (θ_G, θ_D):

* ``fake``      G(z) for a fixed noise set (the same z every snapshot, so the
                points move smoothly from one snapshot to the next);
* ``heat``      D(x) on an R×R grid, ``heat[i, j] = D(x_j, y_i)`` (rows are y, as
                Plotly's heat maps); D = σ(s) for the log losses, the score s for
                least squares and Wasserstein;
* ``field``     ∇ₓD of that same D on an A×A grid, ``(u, v)`` each (A, A);
* ``push``      −∇ₓ ℓ_g(s(x)) at each fake sample: the direction the generator's
                loss moves that sample (per sample, not divided by the batch size);
* ``manifold``  G over a grid of noise: z₁ ∈ [−3, 3] for d = 1 (a curve), a
                (z₁, z₂) grid for d = 2, and for d > 2 the slice through the first
                two coordinates with the others 0.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.gan import players
from thalweg.compute.nets.models import ModelSpec

MANIFOLD_SPAN = 3.0  # noise coordinates in [−3σ, 3σ]


class Views(NamedTuple):
    fake: np.ndarray  # (n, 2)
    heat: np.ndarray  # (R, R)
    field_u: np.ndarray  # (A, A)
    field_v: np.ndarray  # (A, A)
    push: np.ndarray  # (n, 2)
    manifold: np.ndarray  # (rows, cols, 2)


def grid_points(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(len(ys)·len(xs), 2): row-major over y, so a reshape gives [i, j] = (x_j, y_i)."""
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


def manifold_noise(noise_dim: int, resolution: int) -> np.ndarray:
    """(rows, cols, d) noise: a line for d = 1, else the (z₁, z₂) grid with z₃… = 0."""
    t = np.linspace(-MANIFOLD_SPAN, MANIFOLD_SPAN, resolution, dtype=np.float32)
    if noise_dim == 1:
        return t[None, :, None]
    z = np.zeros((resolution, resolution, noise_dim), np.float32)
    z[..., 0], z[..., 1] = np.meshgrid(t, t)
    return z


def discriminator_value(loss: players.GanLoss, s: jax.Array) -> jax.Array:
    return jax.nn.sigmoid(s) if loss.probability else s


@functools.lru_cache(maxsize=16)
def _views_fn(gen: ModelSpec, disc: ModelSpec, loss_name: str):
    loss = players.LOSSES[loss_name]

    def views(theta_g, theta_d, alpha_g, alpha_d, z, heat_points, field_points, manifold_z):
        def d_value(x):
            return discriminator_value(loss, players.score(disc, theta_d, x, alpha_d))

        def g_loss(x):
            return loss.generator(players.score(disc, theta_d, x, alpha_d))

        fake = players.generate(gen, theta_g, z, alpha_g)
        field = jax.grad(lambda x: jnp.sum(d_value(x)))(field_points)
        push = -jax.grad(lambda x: jnp.sum(g_loss(x)))(fake)
        shape = manifold_z.shape
        curve = players.generate(gen, theta_g, manifold_z.reshape(-1, shape[-1]), alpha_g)
        return fake, d_value(heat_points), field, push, curve.reshape(*shape[:2], 2)

    return jax.jit(views)


def compute_views(
    gen: ModelSpec,
    disc: ModelSpec,
    loss: str,
    theta_g: np.ndarray,
    theta_d: np.ndarray,
    alpha_g: float,
    alpha_d: float,
    z: np.ndarray,
    heat_axes: tuple[np.ndarray, np.ndarray],
    field_axes: tuple[np.ndarray, np.ndarray],
    manifold_z: np.ndarray,
) -> Views:
    """All views for one snapshot (see the module docstring)."""
    fn = _views_fn(gen, disc, loss)
    fake, heat, field, push, manifold = fn(
        np.asarray(theta_g, np.float32),
        np.asarray(theta_d, np.float32),
        np.float32(alpha_g),
        np.float32(alpha_d),
        z,
        grid_points(*heat_axes),
        grid_points(*field_axes),
        manifold_z,
    )
    rows, cols = len(heat_axes[1]), len(heat_axes[0])
    a_rows, a_cols = len(field_axes[1]), len(field_axes[0])
    field = np.asarray(field)
    return Views(
        np.asarray(fake),
        np.asarray(heat).reshape(rows, cols),
        np.ascontiguousarray(field[:, 0].reshape(a_rows, a_cols)),
        np.ascontiguousarray(field[:, 1].reshape(a_rows, a_cols)),
        np.asarray(push),
        np.asarray(manifold),
    )
