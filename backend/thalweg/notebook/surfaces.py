"""Races, landscapes and learning-rate sweeps on 2D surfaces, in-process.

Each function builds the REST API's request, validates it with the same
pydantic model and calls the same service, so its numbers are the server's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from thalweg.notebook.errors import computing
from thalweg.notebook.requests import (
    DomainLike,
    RunLike,
    Surface,
    domain_dict,
    request,
    run_dict,
    surface_fields,
)
from thalweg.notebook.results import Landscape, Race, Run, Sweep
from thalweg.schemas import LandscapeRequest, SweepRequest, TrajectoryRequest
from thalweg.services import landscape as landscape_service
from thalweg.services import sweep as sweep_service
from thalweg.services import trajectories
from thalweg.services.surfaces import resolve


def race(
    surface: Surface,
    runs: Sequence[RunLike],
    start: tuple[float, float] | None = None,
    steps: int = 500,
    tolerance: float = 1e-8,
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
) -> Race:
    """Run optimizers from one start w_0 on f until each stops.

    Each run iterates w_{k+1} = w_k + Δw_k with Δw_k from its optimizer (optax;
    see docs/optimizers.md for the update rules and their torch conventions)
    applied to ∇f(w_k). It stops as ``converged`` at the first k with
    ‖∇f(w_k)‖ < ``tolerance``, as ``diverged`` at the first w_k where f, ∇f or
    w_k is not finite or w_k is 1000 domain widths away (that point is not
    kept), else after ``steps`` steps.

    ``surface``: a catalog id, a typed expression or a function f(x, y) of
    jax.numpy (the last two on ``domain``, ``((x0, x1), (y0, y1))``).
    ``runs``: optimizer ids, or dicts ``{"optimizer": "adam",
    "hyperparameters": {"lr": 0.05}}`` as in ``POST /api/trajectories``.
    ``start``: default the surface's. Raises ThalwegError with the REST API's message.
    """
    fields = surface_fields(surface, domain, surface_params)
    validated = request(
        TrajectoryRequest,
        fields
        | {"runs": [run_dict(r) for r in runs], "start": start, "steps": steps}
        | {"tolerance": tolerance},
    )
    with computing():
        body = trajectories.compute(validated, limit=math.inf)  # your own CPU: no budget
        first = resolve(validated).start if validated.start is None else validated.start

    def landscape_of(resolution: int, arrows: int) -> Landscape:
        return landscape(
            surface, resolution=resolution, arrows=arrows, surface_params=surface_params,
            domain=domain,
        )  # fmt: skip

    return Race([Run.from_body(run) for run in body["runs"]], tuple(first), landscape_of)


def landscape(
    surface: Surface,
    resolution: int = 200,
    arrows: int = 20,
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
    window: DomainLike | None = None,
) -> Landscape:
    """f on a ``resolution``² grid over ``window`` (default: the domain) and −∇f on ``arrows``².

    ``z[j, i] = f(x[i], y[j])``; for a typed expression or a function, ``domain``
    is where it lives, as in :func:`race`. As ``POST /api/landscape``.
    """
    fields = surface_fields(surface, domain, surface_params)
    window_dict = None if window is None else domain_dict(window)
    validated = request(
        LandscapeRequest,
        fields | {"resolution": resolution, "arrows": arrows, "domain": window_dict},
    )
    with computing():
        body = landscape_service.compute(validated)
        minima = tuple((m.x, m.y) for m in resolve(validated).minima)
    return Landscape(
        x=body["x"],
        y=body["y"],
        z=body["z"],
        arrows=body["arrows"],
        domain=(tuple(body["domain"]["x"]), tuple(body["domain"]["y"])),
        log_scale=body["log_scale"],
        z_min=body["z_min"],
        z_max=body["z_max"],
        minima=minima,
    )


def sweep(
    surface: Surface,
    optimizer: str,
    learning_rates: Sequence[float] | Mapping[str, Any] | None = None,
    hyperparameters: Mapping[str, float] | None = None,
    start: tuple[float, float] | None = None,
    steps: int = 500,
    tolerance: float = 1e-8,
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
) -> Sweep:
    """One optimizer from one start for every learning rate η; the best η by final loss.

    ``learning_rates``: a list, or ``{"min": 1e-4, "max": 1, "count": 32}``
    (geometric; that is the default). The best is the lowest f(w_n) among
    runs that did not diverge, ties to fewer steps. As ``POST /api/sweep``.
    """
    fields = surface_fields(surface, domain, surface_params) | {
        "optimizer": optimizer,
        "hyperparameters": dict(hyperparameters or {}),
        "start": start,
        "steps": steps,
        "tolerance": tolerance,
    }
    if learning_rates is not None:
        fields["learning_rates"] = (
            dict(learning_rates) if isinstance(learning_rates, Mapping) else list(learning_rates)
        )
    validated = request(SweepRequest, fields)
    with computing():
        body = sweep_service.compute(validated, limit=math.inf)
    rows = body["results"]
    return Sweep(
        optimizer=body["optimizer"],
        lr=np.asarray([r["lr"] for r in rows]),
        final_loss=np.asarray([r["final_loss"] for r in rows], np.float64),
        status=[r["status"] for r in rows],
        steps_taken=np.asarray([r["steps_taken"] for r in rows]),
        steps_to_tolerance=[r["steps_to_tolerance"] for r in rows],
        best=body["best"],
    )
