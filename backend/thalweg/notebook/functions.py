"""A Python function f(x, y) of jax.numpy as a surface the engine can run.

The engine compiles one program per (objective, optimizer family) and keeps it
in a bounded cache keyed by the objective's ``key``. A function's name or
``id`` would be a wrong key (two lambdas share a name; a freed function's id is
reused), so the key is a digest of what the function computes: its jaxpr at
float64 scalars, and the values of the arrays it closes over. Two functions
with equal keys compute the same f, so sharing a compiled program is correct,
just as two expressions with one canonical form share one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective
from thalweg.notebook.errors import ThalwegError

SurfaceFunction = Callable[[jax.Array, jax.Array], jax.Array]


def function_objective(fn: SurfaceFunction) -> Objective:
    """``fn(x, y) -> f`` (jax.numpy, scalar in, scalar out) as an :class:`Objective`.

    Raises ThalwegError if JAX cannot trace ``fn`` (Python control flow on the
    values, NumPy instead of jax.numpy) or if it does not return one scalar.
    """
    scalar = jnp.zeros((), jnp.float64)
    try:
        closed = jax.make_jaxpr(fn)(scalar, scalar)
    except Exception as error:  # whatever fn raised, said plainly
        raise ThalwegError(
            f"the surface function cannot be traced by JAX (write it with jax.numpy, "
            f"without Python branches on x or y): {type(error).__name__}: {error}"
        ) from error
    shapes = [tuple(a.shape) for a in closed.out_avals]
    if shapes != [()]:
        raise ThalwegError(f"the surface function must return one scalar f(x, y); got {shapes}")
    digest = hashlib.sha256(str(closed.jaxpr).encode())
    for const in closed.consts:
        array = np.asarray(const)
        digest.update(f"{array.dtype}{array.shape}".encode() + array.tobytes())
    return Objective(f"python:{digest.hexdigest()[:32]}", lambda x, y, _params: fn(x, y))
