"""Curvature in-process: the Hessian at a point, stability maps and basins of attraction.

As ``POST /api/curvature``, ``/api/stability`` and ``/api/basins``: the same
pydantic models validate the arguments and the same services compute, so the
numbers are the server's. Grids are y-major like the REST API's
(``status[j, i]`` belongs to ``x[i]``, ``y[j]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go

from thalweg.notebook import figures
from thalweg.notebook.errors import computing
from thalweg.notebook.requests import DomainLike, Surface, domain_dict, request, surface_fields
from thalweg.schemas_curvature import BasinsRequest, CurvatureRequest, StabilityRequest
from thalweg.services.curvature import basins as basins_service
from thalweg.services.curvature import local
from thalweg.services.curvature import stability as stability_service
from thalweg.services.palette import palette
from thalweg.services.surfaces import resolve

AxisLike = Mapping[str, Any]  # {"name": "lr", "min": 1e-3, "max": 1, "count": 64, "scale": "log"}


@dataclass(frozen=True)
class Curvature:
    """∇²f at a point: H, its eigenvalues λ₁ ≤ λ₂ and unit eigenvectors (rows), and 2/λmax.

    Gradient descent with step η is stable near a minimum iff η < 2/λmax
    (``gd_stable_lr``; None where λmax ≤ 0 and on games). On a game min_x max_y V,
    ``game_jacobian`` is J of its field (−∂V/∂x, +∂V/∂y), ``game_eigenvalues`` J's
    (complex), and simultaneous gradient descent-ascent is stable iff η < ``gda_stable_lr``
    (None: no step is; the bilinear game's λ = ±i, Mescheder et al. 2018).
    ``response``: the whole REST body.
    """

    hessian: np.ndarray  # (2, 2)
    eigenvalues: np.ndarray  # (2,), ascending
    eigenvectors: np.ndarray  # (2, 2): row i belongs to eigenvalues[i]
    gd_stable_lr: float | None
    game_jacobian: np.ndarray | None  # (2, 2), games only
    game_eigenvalues: np.ndarray | None  # (2,) complex, games only
    gda_stable_lr: float | None
    response: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class StabilityMap:
    """One optimizer over a grid of two hyperparameters, every run from the same start."""

    x_axis: dict[str, Any]
    y_axis: dict[str, Any]
    x: np.ndarray
    y: np.ndarray
    final_loss: np.ndarray  # (ny, nx), NaN where the run diverged
    status: np.ndarray  # (ny, nx) of "converged", "diverged", "max_steps"
    steps_taken: np.ndarray  # (ny, nx)
    f_min: float | None  # the lowest known minimum of f, if the surface has one

    def figure(self, color: str = "loss") -> go.Figure:
        """A heat map of the final loss (``color="loss"``, log colour), of the steps taken
        (``"steps"``) or of the status (``"status"``); diverged cells dark red."""
        colours = palette().status_colors
        diverged = self.status == "diverged"
        hover = "%{x:.3g}, %{y:.3g}: %{z:.3g}<extra></extra>"
        if color == "status":
            order = ("converged", "max_steps", "diverged")
            codes = np.vectorize(order.index)(self.status)
            edges = [(k / 3, (k + 1) / 3) for k in range(3)]
            scale = [[e, colours[s]] for s, pair in zip(order, edges, strict=True) for e in pair]
            main = go.Heatmap(
                x=self.x, y=self.y, z=codes, zmin=-0.5, zmax=2.5, colorscale=scale,
                colorbar={"tickvals": [0, 1, 2], "ticktext": list(order)},
                hovertemplate="%{x:.3g}, %{y:.3g}<extra></extra>",
            )  # fmt: skip
        else:
            if color == "steps":
                z, title = np.where(diverged, np.nan, self.steps_taken), "steps taken"
            elif color == "loss":  # as the Maps view: above the known minimum f*, else 0
                z = np.log10(np.maximum(self.final_loss - (self.f_min or 0.0), 1e-30))
                title = "log₁₀(f − f*)" if self.f_min is not None else "log₁₀ f"
            else:
                raise ValueError(f"color must be 'loss', 'steps' or 'status', not {color!r}")
            main = go.Heatmap(
                x=self.x, y=self.y, z=z, colorscale="Viridis", reversescale=color == "loss",
                colorbar={"title": {"text": title}}, hovertemplate=hover,
            )  # fmt: skip
        traces = [main]
        if diverged.any() and color != "status":
            traces.append(
                go.Heatmap(
                    x=self.x, y=self.y, z=np.where(diverged, 1.0, np.nan), showscale=False,
                    colorscale=[[0, colours["diverged"]], [1, colours["diverged"]]],
                    name="diverged", hovertemplate="%{x:.3g}, %{y:.3g}: diverged<extra></extra>",
                )
            )  # fmt: skip
        layout = {
            "xaxis": _map_axis(self.x_axis),
            "yaxis": _map_axis(self.y_axis),
            "font": {**figures.FONT, "color": palette().ink},
            "width": 680,
            "height": 600,
        }
        return go.Figure(traces, layout)


def _map_axis(axis: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": axis["scale"], "title": {"text": axis["name"]}, "ticks": "outside"}


@dataclass(frozen=True)
class Basins:
    """One optimizer from every start of a grid: which minimum each start ends in.

    ``minimum[j, i]`` indexes ``minima`` (the first ``known_minima`` are the
    catalog's, the rest found by the runs), or is −1 (diverged), −2 (not
    converged in the steps), −3 (converged, but to no labelled point).
    """

    x: np.ndarray
    y: np.ndarray
    minimum: np.ndarray  # (ny, nx)
    steps_taken: np.ndarray  # (ny, nx)
    minima: list[tuple[float, float]]
    known_minima: int
    steps: int

    def figure(self) -> go.Figure:
        """One colour per minimum, lighter where fewer steps were needed; minima as stars."""
        colours = palette()
        light = 0.55 * (1 - np.minimum(1, self.steps_taken / max(1, self.steps)))
        image = np.zeros((*self.minimum.shape, 3))
        for label in np.unique(self.minimum):
            mask = self.minimum == label
            if label < 0:
                image[mask] = _rgb(colours.basin_colors[int(label)])
            else:
                base = _rgb(_minimum_color(int(label)))
                image[mask] = base + (255 - base) * light[mask, None]
        dx, dy = self.x[1] - self.x[0], self.y[1] - self.y[0]
        traces: list[go.BaseTraceType] = [
            go.Image(z=np.round(image), x0=self.x[0], dx=dx, y0=self.y[0], dy=dy,
                     hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>")
        ]  # fmt: skip
        for i, (mx, my) in enumerate(self.minima):
            kind = "minimum" if i < self.known_minima else "found"
            traces.append(
                go.Scatter(
                    x=[mx], y=[my], mode="markers", name=f"{kind} {i + 1} ({mx:.3g}, {my:.3g})",
                    marker={"symbol": "star", "size": 15, "color": _minimum_color(i),
                            "line": {"color": "#ffffff", "width": 1.5}},
                )
            )  # fmt: skip
        domain = (
            (self.x[0] - dx / 2, self.x[-1] + dx / 2),
            (self.y[0] - dy / 2, self.y[-1] + dy / 2),
        )
        layout = figures.plane_layout(domain)
        layout["yaxis"]["autorange"] = False  # an image's rows would flip the y axis
        return go.Figure(traces, layout)


def _minimum_color(i: int) -> str:
    """The Maps view's ``minimumColor``: the runs' palette, then hues by the golden angle."""
    runs = palette().run_colors
    return runs[i] if i < len(runs) else f"hsl({round(i * 137.508 % 360)}, 62%, 45%)"


def _rgb(colour: str) -> np.ndarray:
    """'#rrggbb' or 'hsl(h, s%, l%)' as RGB 0 … 255 (plotly.colors has no hsl reader)."""
    if colour.startswith("#"):
        return np.asarray([int(colour[k : k + 2], 16) for k in (1, 3, 5)], np.float64)
    hue, s, lightness = (float(v) for v in colour[4:-1].replace("%", "").split(","))
    a = s / 100 * min(lightness / 100, 1 - lightness / 100)

    def channel(n: int) -> float:
        k = (n + hue / 30) % 12
        return 255 * (lightness / 100 - a * max(-1, min(k - 3, 9 - k, 1)))

    return np.asarray([channel(0), channel(8), channel(4)])


def curvature(
    surface: Surface,
    point: tuple[float, float],
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
) -> Curvature:
    """∇²f(point) by JAX (forward over reverse), its eigen-decomposition and 2/λmax.

    As ``POST /api/curvature``. Rosenbrock at (1, 1): H = [[802, −400], [−400, 200]].
    """
    fields = surface_fields(surface, domain, surface_params) | {"point": point}
    validated = request(CurvatureRequest, fields)
    with computing():
        body = local.compute(validated)
    game = body.get("game")
    return Curvature(
        hessian=np.asarray(body["hessian"], np.float64),
        eigenvalues=np.asarray(body["eigenvalues"], np.float64),
        eigenvectors=np.asarray(body["eigenvectors"], np.float64),
        gd_stable_lr=body["gd_stable_lr"],
        game_jacobian=None if game is None else np.asarray(game["jacobian"], np.float64),
        game_eigenvalues=None
        if game is None
        else np.asarray([complex(*p) for p in game["eigenvalues"]]),
        gda_stable_lr=None if game is None else game["gda_stable_lr"],
        response=body,
    )


def stability(
    surface: Surface,
    optimizer: str,
    x: AxisLike,
    y: AxisLike,
    hyperparameters: Mapping[str, float] | None = None,
    start: tuple[float, float] | None = None,
    steps: int = 200,
    tolerance: float | None = None,
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
) -> StabilityMap:
    """``optimizer`` from ``start`` for every (x, y) of two hyperparameters, as one vmapped batch.

    ``x``, ``y``: ``{"name": "lr", "min": …, "max": …, "count": …, "scale": "log"}``
    (up to 128 each); the other hyperparameters from ``hyperparameters``, else the
    catalog's defaults. Each run stops as in :func:`thalweg.race`. On a quadratic,
    gradient descent is stable iff η < 2/λmax, the heavy ball iff η < 2(1 + β)/λmax.
    As ``POST /api/stability``.
    """
    fields = surface_fields(surface, domain, surface_params) | _run_fields(
        optimizer, hyperparameters, steps, tolerance
    )
    fields |= {"start": start, "x": dict(x), "y": dict(y)}
    validated = request(StabilityRequest, fields)
    with computing():
        body = stability_service.compute(validated)
        minima = resolve(validated).minima
    return StabilityMap(
        x_axis=validated.x.model_dump(),
        y_axis=validated.y.model_dump(),
        x=np.asarray(body["x"]),
        y=np.asarray(body["y"]),
        final_loss=np.asarray(body["final_loss"], np.float32),
        status=np.asarray(body["status"]),
        steps_taken=np.asarray(body["steps_taken"]),
        f_min=min(m.value for m in minima) if minima else None,
    )


def basins(
    surface: Surface,
    optimizer: str,
    hyperparameters: Mapping[str, float] | None = None,
    steps: int = 200,
    resolution: int = 128,
    tolerance: float | None = None,
    surface_params: Mapping[str, float] | None = None,
    *,
    domain: DomainLike | None = None,
    window: DomainLike | None = None,
) -> Basins:
    """``optimizer`` from every start of a ``resolution``² grid over ``window`` (default:
    the surface's domain, up to 256²); each start labelled by the minimum it ends in.
    As ``POST /api/basins``."""
    fields = surface_fields(surface, domain, surface_params) | _run_fields(
        optimizer, hyperparameters, steps, tolerance
    )
    fields |= {"resolution": resolution, "domain": None if window is None else domain_dict(window)}
    validated = request(BasinsRequest, fields)
    with computing():
        body = basins_service.compute(validated)
    return Basins(
        x=np.asarray(body["x"]),
        y=np.asarray(body["y"]),
        minimum=np.asarray(body["minimum"]),
        steps_taken=np.asarray(body["steps_taken"]),
        minima=[tuple(m) for m in np.asarray(body["minima"]).tolist()],
        known_minima=body["known_minima"],
        steps=validated.steps,
    )


def _run_fields(
    optimizer: str,
    hyperparameters: Mapping[str, float] | None,
    steps: int,
    tolerance: float | None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "optimizer": optimizer,
        "hyperparameters": dict(hyperparameters or {}),
        "steps": steps,
    }
    if tolerance is not None:
        fields["tolerance"] = tolerance
    return fields
