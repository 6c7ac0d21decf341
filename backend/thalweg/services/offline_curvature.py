"""The curvature layer's answers, precomputed for a race scene's offline file (``curv=1``).

Once a scene settles, the page asks POST /api/curvature once per run with its
path (local-curvature.js): ``points`` the path up to its first point beyond
±1e6 or non-finite, ``point`` the catalog minimum (a game's equilibrium)
nearest the path's end, else the end if it converged, else the start. The
offline file holds that answer for every trajectory it holds (each run at each
learning-rate position), computed from the float32 points the page has, and
frontend/js/offline-api.js answers from it. It holds what the layer reads: the
path's arrays and the step-size bound at ``point``.

All of a file's points go through one vmapped program (compute/curvature.py,
compute/game_jacobian.py), so it compiles once whatever the paths' lengths.
Its cost, measured here (/tmp bench, 2026-11-30, CPU of one process, 524,288
points): compile 0.44-0.72 s on catalog surfaces (Rosenbrock, Rastrigin,
Levi N.13, Eggholder, Shubert, the Dirac GAN), 0.63 s on a typed 159-term
expression; then 0.03-0.92 µs per point (Shubert the dearest) and 1.0-1.7 µs
on that expression. benchmarks/bench_offline_curvature.py, exports of 32-128
trajectories with 82k-199k points (Shubert, Eggholder, the Dirac GAN, a typed
sum of sines): 0.49-0.77 s of CPU against estimates of 0.88-1.07 s.
"""

from __future__ import annotations

import numpy as np

from thalweg.compute.curvature import curvature, gd_stable_lr
from thalweg.compute.game_jacobian import game_jacobian
from thalweg.compute.game_jacobian import gda_stable_lr as game_stable_lr
from thalweg.schemas import SurfaceRequest
from thalweg.services import budget
from thalweg.services.encoding import float32
from thalweg.services.scene_query import query_of, raw_params
from thalweg.services.surfaces import ResolvedSurface, resolve

COORDINATE_BOUND = 1e6  # the server's Point bound, up to which the page sends a path
COMPILE_SECONDS = 0.75  # one program, at budget.size_factor 1 (measured ≤ 0.72 s)
POINT_MICROSECONDS = 1.0  # per point, at budget.size_factor 1 (measured ≤ 0.92 µs)


def wanted(query: str) -> bool:
    """Does the link turn the curvature layer on (state.js reads ``curv`` as a bool)?"""
    return raw_params(query_of(query)).get("curv") in ("1", "true")


def estimate(surface: ResolvedSurface, trajectories: int, steps: int) -> budget.Estimate:
    """The cost of ``answers`` for ``trajectories`` paths of up to ``steps`` + 1 points.

    Every export is charged its compile: the program's padded size depends on
    where runs stop, so whether it was compiled before is not known here.
    """
    size = budget.size_factor(surface.terms)
    points = trajectories * (steps + 2)  # each path and the point asked at
    padded = 1 << max(0, (points - 1).bit_length())
    return budget.Estimate(
        compile_seconds=COMPILE_SECONDS * size,
        run_seconds=padded * POINT_MICROSECONDS * 1e-6 * size,
        programs=1,
    )


def _sent(points: np.ndarray) -> np.ndarray:
    """The page's float32 path up to its first point it would not send (finitePrefix)."""
    path = np.asarray(points, np.float32).astype(np.float64).reshape(-1, 2)
    inside = np.all(np.abs(path) <= COORDINATE_BOUND, axis=1)  # False for NaN too
    return path[: len(path) if inside.all() else int(np.argmin(inside))]


def _asked_at(path: np.ndarray, full: np.ndarray, status: str, surface: ResolvedSurface):
    """The page's ``point`` (local-curvature.js minimumOf) and whether it is a minimum."""
    end = np.asarray(full, np.float32).astype(np.float64).reshape(-1, 2)[-1]
    if surface.minima:
        best = surface.minima[0]
        for minimum in surface.minima[1:]:  # a NaN end keeps the first, as the page's reduce
            if np.hypot(minimum.x - end[0], minimum.y - end[1]) < np.hypot(
                best.x - end[0], best.y - end[1]
            ):
                best = minimum
        return np.asarray([best.x, best.y]), True
    if status == "converged":
        return end, True
    return path[0], False


def answers(scene_surface: dict, runs: list[dict]) -> list[dict | None]:
    """The page's /api/curvature answer for each computed run (None: the page asks nothing).

    ``scene_surface``: the scene's ``surface`` and ``surface_params`` request fields;
    ``runs``: services/trajectories' runs (``points``, ``status``).
    """
    surface = resolve(SurfaceRequest.model_validate(scene_surface))
    paths = [_sent(run["points"]) for run in runs]
    asked = [
        _asked_at(p, r["points"], r["status"], surface) if len(p) else None
        for p, r in zip(paths, runs, strict=True)
    ]
    flat = np.concatenate(
        [np.zeros((0, 2))]
        + [
            np.concatenate([a[0][None], p])
            for a, p in zip(asked, paths, strict=True)
            if a is not None
        ]
    )
    analyse = game_jacobian if surface.game else curvature
    result = analyse(surface.objective, surface.params, flat)
    out, begin = [], 0
    for point, path in zip(asked, paths, strict=True):
        if point is None:
            out.append(None)
            continue
        at, along = begin, slice(begin + 1, begin + 1 + len(path))
        begin = along.stop
        out.append(_answer(surface.game, result, at, along, point[1]))
    return out


def _answer(game: bool, result, at: int, along: slice, at_minimum: bool) -> dict:
    """The fields the layer reads; the path's arrays as float32 (the file encodes them)."""
    if game:
        bound = game_stable_lr(result.eigenvalues[at]) if at_minimum else None
        return {
            "game": {"gda_stable_lr": bound},
            "path_jacobians": float32(result.jacobians[along]),
            "path_game_eigenvalues": float32(result.eigenvalues[along]),
        }
    return {
        "gd_stable_lr": gd_stable_lr(float(result.eigenvalues[at][1])) if at_minimum else None,
        "path_eigenvalues": float32(result.eigenvalues[along]),
        "path_eigenvectors": float32(result.eigenvectors[along]),
    }
