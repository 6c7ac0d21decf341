"""A scene, precomputed for a page that runs with no server.

The offline page (``thalweg export``) answers the embed page's scene messages
from this payload instead of a WebSocket. Its learning-rate sliders move over a
fixed set of positions: for each run, ``positions`` learning rates spaced
evenly in log10 over two decades either side of the run's own rate (inside the
catalog's range; the run's rate is one of them). Runs are independent, so
R runs need R × positions trajectories, not positions^R.

Arrays travel as base64 of little-endian float32 (a third of the size of
decimal JSON). ``updates`` are not stored: the update taken at step k is
``points[k+1] − points[k]``, which the page recomputes.

With ``curvature`` (the link's ``curv=1``) each trajectory also holds the
curvature layer's answer for its path (services/offline_curvature.py).
"""

from __future__ import annotations

import base64
import math

import numpy as np

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.config import get_settings
from thalweg.schemas import LandscapeRequest, SurfaceRequest, TrajectoryRequest
from thalweg.services import budget, catalog, landscape, offline_curvature, trajectories
from thalweg.services.scene_query import Scene
from thalweg.services.surfaces import resolve

DECADES = 2.0  # slider span either side of the run's learning rate
# Landscapes: the page fits the scene's window to its frame keeping equal axis
# scales (view.js), which widens x in a wide frame and y in a tall one. So the
# file holds three grids: the window (a little wider) and two strips widened
# STRIP times in x or in y, at about as many samples per window width as the
# page's 200. The page's landscape requests get the grid that covers them best.
MARGIN = 1.25
STRIP = 3.5
SAMPLES = 200  # across the window, as the page's RESOLUTION
STRIP_SAMPLES = 100  # across the window inside a strip
ARROWS = 20  # across the window, as the page's FIELD_ARROWS


def float32_base64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, "<f4").tobytes()).decode("ascii")


def rate_positions(lr: float, low: float, high: float, count: int) -> list[float]:
    """``count`` rates log-spaced over ``lr``·10^±DECADES within [low, high]; ``lr`` is one."""
    lo, hi = max(low, lr / 10**DECADES), min(high, lr * 10**DECADES)
    if count == 1 or lo >= hi:
        return [lr]
    grid = [float(f"{r:.3g}") for r in np.geomspace(lo, hi, count)]
    nearest = int(np.argmin(np.abs(np.log(grid) - np.log(lr))))
    grid[nearest] = lr
    return sorted(set(grid))


def _window(scene: Scene) -> tuple[dict[str, tuple[float, float]], bool]:
    """The window the page starts from, and whether it keeps equal axis scales (view.js)."""
    (x0, x1), (y0, y1) = resolve(SurfaceRequest.model_validate(_surface_fields(scene))).domain
    ratio = (x1 - x0) / (y1 - y0)
    return scene.view or {"x": (x0, x1), "y": (y0, y1)}, 1 / 3 < ratio < 3


def _widened(window: dict, grow_x: float, grow_y: float) -> dict[str, list[float]]:
    def widen(lo: float, hi: float, grow: float) -> list[float]:
        middle, half = (lo + hi) / 2, (hi - lo) / 2 * grow
        return [middle - half, middle + half]

    return {"x": widen(*window["x"], grow_x), "y": widen(*window["y"], grow_y)}


def landscape_grids(scene: Scene) -> list[tuple[dict[str, list[float]], int, int]]:
    """(domain, columns, rows) of each grid the file holds."""
    window, equal_aspect = _window(scene)
    base = (_widened(window, MARGIN, MARGIN), SAMPLES, SAMPLES)
    if not equal_aspect:
        return [base]
    long, short = round(STRIP * STRIP_SAMPLES), round(MARGIN * STRIP_SAMPLES)
    return [
        base,
        (_widened(window, STRIP, MARGIN), long, short),
        (_widened(window, MARGIN, STRIP), short, long),
    ]


def _surface_fields(scene: Scene) -> dict:
    return {"surface": scene.surface_field(), "surface_params": scene.surface_params or None}


def _landscape(scene: Scene, domain: dict, columns: int, rows: int, arrows: int) -> dict:
    request = LandscapeRequest.model_validate(
        {**_surface_fields(scene), "domain": domain, "resolution": columns, "arrows": arrows}
    )
    return landscape.compute(request, rows=rows)


def _landscapes(scene: Scene) -> list[dict]:
    """The grids as landscape frames, sharing one arrow field that spans all of them."""
    grids = landscape_grids(scene)
    span = {
        k: [min(d[k][0] for d, _, _ in grids), max(d[k][1] for d, _, _ in grids)]
        for k in ("x", "y")
    }
    widest = (span["x"][1] - span["x"][0]) / (grids[0][0]["x"][1] - grids[0][0]["x"][0])
    count = min(get_settings().max_arrows, round(widest * MARGIN * ARROWS))
    field = _landscape(scene, span, 2, 2, count)["arrows"]
    arrows = {k: float32_base64(field[k]) for k in ("x", "y", "u", "v")}
    out = []
    for domain, columns, rows in grids:
        frame = _landscape(scene, domain, columns, rows, 0)
        out.append(
            {
                **frame,
                **{k: float32_base64(frame[k]) for k in ("x", "y", "z")},
                "arrows": arrows,
            }
        )
    return out


def _trajectory(run: dict) -> dict:
    return {
        "status": run["status"],
        "steps_taken": run["steps_taken"],
        "diverged_at": run["diverged_at"],
        "points": float32_base64(run["points"]),
        "losses": float32_base64(run["losses"]),
        "gradients": float32_base64(run["gradients"]),
        "momenta": float32_base64(run["momenta"]) if "momenta" in run else None,
    }


def _request(scene: Scene, runs: list[dict]) -> TrajectoryRequest:
    return TrajectoryRequest.model_validate(
        {
            **_surface_fields(scene),
            "start": scene.start,
            "steps": scene.steps,
            "tolerance": scene.tolerance,
            "runs": runs,
            "include": ["points", "losses", "gradients", "momenta"],
        }
    )


def _requests(scene: Scene, runs: list[dict]) -> list[TrajectoryRequest]:
    """``runs`` (any number) in requests of at most max_runs."""
    size = get_settings().max_runs
    return [_request(scene, runs[begin : begin + size]) for begin in range(0, len(runs), size)]


def _estimate(requests: list[TrajectoryRequest], charged: set) -> budget.Estimate:
    return sum((trajectories.estimate(r, charged) for r in requests), budget.Estimate())


def _computed(scene: Scene, runs: list[dict], limit: float) -> list[dict]:
    """Trajectories of ``runs``, refused as a whole if they would cost more than
    ``limit`` seconds (services/budget.py)."""
    requests = _requests(scene, runs)
    budget.enforce(_estimate(requests, set()), limit)
    return [run for r in requests for run in trajectories.compute(r, math.inf)["runs"]]


def _rates(optimizer: str, hyperparameters: dict, count: int) -> list[float] | None:
    """The run's learning-rate slider positions; None when it has no log-scaled ``lr``."""
    spec = next((h for h in OPTIMIZERS[optimizer].hyperparameters if h.name == "lr"), None)
    if spec is None or spec.scale != "log":
        return None
    return rate_positions(hyperparameters["lr"], spec.min, spec.max, count)


def _plan(scene: Scene, positions: int) -> tuple[TrajectoryRequest, list[dict], list[dict]]:
    """(the scene's request, its runs with their slider rates, every run to compute)."""
    given = [{"optimizer": r.optimizer, "hyperparameters": r.hyperparameters} for r in scene.runs]
    request = _request(scene, given)  # validates the scene as the API does
    runs, wanted = [], []
    for run in request.runs:
        optimizer, hp = run.optimizer, run.filled()
        rates = _rates(optimizer, hp, positions)
        runs.append({"optimizer": optimizer, "hyperparameters": hp, "lr": rates})
        variants = [{**hp, "lr": rate} for rate in rates] if rates else [hp]
        wanted.extend({"optimizer": optimizer, "hyperparameters": v} for v in variants)
    return request, runs, wanted


def estimate(
    scene: Scene, positions: int, charged: set, curvature: bool = False
) -> budget.Estimate:
    """What ``payload`` will cost; ``charged``: programs counted before (updated)."""
    request, _, wanted = _plan(scene, positions)
    cost = _estimate(_requests(scene, wanted), charged)
    if curvature:
        cost += offline_curvature.estimate(resolve(request), len(wanted), scene.steps)
    return cost


def _with_curvature(trajectory: dict, answer: dict | None) -> dict:
    """The trajectory with its curvature answer (None: the page asks nothing for it)."""
    if answer is not None:
        answer = {
            k: float32_base64(v) if isinstance(v, np.ndarray) else v for k, v in answer.items()
        }
    return {**trajectory, "curvature": answer}


def payload(scene: Scene, positions: int, limit: float = math.inf, curvature: bool = False) -> dict:
    """Everything the offline page needs: catalogs, landscape, each run's slider positions.

    ``limit``: the work budget of its trajectories (and with ``curvature``, of
    the curvature layer's answers), in seconds.
    """
    request, runs, wanted = _plan(scene, positions)
    if curvature:
        budget.enforce(estimate(scene, positions, set(), curvature=True), limit)
    computed = _computed(scene, wanted, limit)
    stored = iter(map(_trajectory, computed))
    if curvature:
        answers = offline_curvature.answers(_surface_fields(scene), computed)
        stored = iter(map(_with_curvature, stored, answers))
    for run in runs:
        run["trajectories"] = [next(stored) for _ in run["lr"] or [None]]
    start = request.start or resolve(request).start
    optimizer_ids = {r.optimizer for r in scene.runs}
    return {
        "version": 1,
        "curvature": curvature,
        "catalogs": {
            "surfaces": [s for s in catalog.surfaces() if s["id"] == scene.surface],
            "optimizers": [o for o in catalog.optimizers() if o["id"] in optimizer_ids],
        },
        "scene": {
            **_surface_fields(scene),
            "start": [float(start[0]), float(start[1])],
            "steps": scene.steps,
            "tolerance": scene.tolerance,
        },
        "landscapes": _landscapes(scene),
        "runs": runs,
    }
