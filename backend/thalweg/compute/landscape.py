"""Grids of surface values and negative-gradient fields, one jit per shape.

``z[j, i] = f(x_i, y_j)`` (rows are y, as Plotly's contour expects) and the
arrow field ``(u, v) = −∇f`` on a coarser grid; for a game min_x max_y f it is
the field of gradient descent–ascent, ``(−∂f/∂x, +∂f/∂y)`` (Mescheder, Geiger
& Nowozin 2018 draw the Dirac GAN's so). Both are evaluated by
``jit(vmap(...))`` over the flattened grid: a Python loop over 200×200 points
measured ~35 000× slower here.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective

Domain = tuple[tuple[float, float], tuple[float, float]]


class Grid(NamedTuple):
    x: np.ndarray  # (nx,)
    y: np.ndarray  # (ny,)
    z: np.ndarray  # (ny, nx), z[j, i] = f(x[i], y[j])


class ArrowField(NamedTuple):
    x: np.ndarray  # (n,) flattened arrow tails
    y: np.ndarray
    u: np.ndarray  # −∂f/∂x
    v: np.ndarray  # −∂f/∂y; +∂f/∂y for a game (y maximises)


@functools.lru_cache(maxsize=64)
def _evaluators(objective: Objective):
    value = objective.value

    def values(xs, ys, params):
        return value(xs, ys, params)

    def negative_gradients(xs, ys, params):
        grad = jax.grad(lambda x, y: value(x, y, params), argnums=(0, 1))
        gx, gy = jax.vmap(grad)(xs, ys)
        return -gx, -gy

    return jax.jit(values), jax.jit(negative_gradients)


def axes(domain: Domain, columns: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = domain
    return np.linspace(x0, x1, columns), np.linspace(y0, y1, rows)


def value_grid(
    objective: Objective,
    params: np.ndarray,
    domain: Domain,
    resolution: int,
    rows: int | None = None,
) -> Grid:
    """f on a grid over ``domain``: ``resolution`` columns, ``rows`` rows (default: as many)."""
    x, y = axes(domain, resolution, rows or resolution)
    xx, yy = np.meshgrid(x, y)
    values, _ = _evaluators(objective)
    z = values(jnp.asarray(xx.ravel()), jnp.asarray(yy.ravel()), jnp.asarray(params, jnp.float64))
    return Grid(x, y, np.asarray(z).reshape(xx.shape))


def arrow_field(
    objective: Objective, params: np.ndarray, domain: Domain, count: int, game: bool = False
) -> ArrowField:
    """−∇f at the centres of a count × count tiling of ``domain`` (none for count 0).

    ``game``: the field of min_x max_y f instead, (−∂f/∂x, +∂f/∂y).
    """
    if count == 0:
        empty = np.zeros(0)
        return ArrowField(empty, empty, empty, empty)
    (x0, x1), (y0, y1) = domain
    dx, dy = (x1 - x0) / count, (y1 - y0) / count
    x = x0 + dx * (np.arange(count) + 0.5)
    y = y0 + dy * (np.arange(count) + 0.5)
    xx, yy = (a.ravel() for a in np.meshgrid(x, y))
    _, negative_gradients = _evaluators(objective)
    u, v = negative_gradients(jnp.asarray(xx), jnp.asarray(yy), jnp.asarray(params, jnp.float64))
    v = np.asarray(v)
    return ArrowField(xx, yy, np.asarray(u), -v if game else v)
