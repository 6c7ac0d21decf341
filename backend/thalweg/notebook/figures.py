"""Plotly figures drawn as the page draws them (frontend/js/plots), in the page's colours.

The landscape is a filled contour (log surfaces as log10(f − f_min + ε) with
ticks in f, as ``zscale.js``), −∇f arrows as one line trace with heads
(``arrows.js``), global minima as white stars, each run's path in its colour
with the start as a ringed dot and a cross where a run diverged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from thalweg.services.palette import palette

if TYPE_CHECKING:
    from thalweg.notebook.results import Landscape, Run

HEAD_ANGLE = 0.45  # radians either side of an arrow's shaft (arrows.js)
FONT = {"family": "Inter, Segoe UI, system-ui, DejaVu Sans, sans-serif", "size": 14}


def _z_scale(z: np.ndarray, z_min: float | None, z_max: float | None, log: bool):
    """(transformed z, colour bounds, tick values, tick texts), as zscale.js."""
    if not log or z_min is None or z_max is None or not z_max > z_min:
        return z, (z_min or 0.0, z_max or 1.0), None, None
    eps = max((z_max - z_min) * 1e-7, 1e-12)

    def f(value):
        return np.log10(np.maximum(value - z_min, 0) + eps)

    lo, hi = float(f(z_min)), float(f(z_max))
    vals, text = [], []
    k = math.ceil(math.log10(eps * 10))
    step = 2 if hi - lo > 8 else 1
    while f(z_min + 10.0**k) <= hi:
        v = 10.0**k if 0 <= z_min < 0.5 * 10.0**k else float(f"{z_min + 10.0**k:.2g}")
        if lo <= f(v) <= hi:
            vals.append(float(f(v)))
            text.append(f"{v:.2g}")
        k += step
    with np.errstate(invalid="ignore"):
        return f(z), (lo, hi), vals, text


def _nice_step(raw: float) -> float:
    if not raw > 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    unit = raw / power
    return (1 if unit < 1.5 else 2 if unit < 3.5 else 5 if unit < 7.5 else 10) * power


def _arrow_segments(land: Landscape) -> tuple[list, list]:
    """−∇f arrows centred on their grid points, 35–90% of a cell long by log‖∇f‖."""
    (x0, x1), (y0, y1) = land.domain
    a = land.arrows
    n = max(1, round(math.sqrt(len(a["x"]))))
    cell = np.array([(x1 - x0) / n, (y1 - y0) / n])  # lengths are drawn in cells
    norms = np.hypot(a["u"], a["v"])
    xs: list = []
    ys: list = []
    positive = norms[norms > 0]
    if not positive.size:
        return xs, ys
    lo, hi = np.log(positive.min()), np.log(positive.max())
    for i in np.flatnonzero(norms > 0):
        t = (np.log(norms[i]) - lo) / (hi - lo) if hi > lo else 1.0
        direction = np.array([a["u"][i], a["v"][i]]) / cell
        direction /= np.linalg.norm(direction)
        shaft = (0.35 + 0.55 * t) * direction
        tail = np.array([a["x"][i], a["y"][i]]) - shaft / 2 * cell
        tip = tail + shaft * cell
        angle = math.atan2(shaft[1], shaft[0])
        head = 0.3 * np.linalg.norm(shaft)
        wings = [
            tip - head * np.array([math.cos(angle + s), math.sin(angle + s)]) * cell
            for s in (HEAD_ANGLE, -HEAD_ANGLE)
        ]
        for (px, py), (qx, qy) in ((tail, tip), (wings[0], tip), (tip, wings[1])):
            xs += [px, qx, None]
            ys += [py, qy, None]
    return xs, ys


def landscape_traces(land: Landscape, field: bool = True) -> list[go.BaseTraceType]:
    """Contour, optional −∇f field and minima of a landscape."""
    colours = palette()
    z, (lo, hi), vals, text = _z_scale(land.z, land.z_min, land.z_max, land.log_scale)
    levels = (
        {"start": math.floor(lo * 4) / 4, "end": hi, "size": 0.25}
        if vals is not None
        else {"start": lo, "end": hi, "size": _nice_step((hi - lo) / 24)}
    )
    colorbar = {"thickness": 14, "outlinewidth": 0, "title": {"text": "f"}}
    if vals is not None:
        colorbar |= {"tickmode": "array", "tickvals": vals, "ticktext": text}
    traces: list[go.BaseTraceType] = [
        go.Contour(
            x=land.x,
            y=land.y,
            z=z,
            colorscale=[list(stop) for stop in colours.landscape_scale],
            zmin=lo,
            zmax=hi,
            autocontour=False,
            contours={**levels, "coloring": "fill", "showlines": True},
            line={"color": colours.contour_line, "width": 0.7, "smoothing": 0.6},
            connectgaps=False,
            hoverinfo="skip",
            colorbar=colorbar,
            name="f",
        )
    ]
    if field and len(land.arrows["x"]):
        xs, ys = _arrow_segments(land)
        traces.append(
            go.Scatter(
                x=xs, y=ys, mode="lines", name="−∇f", hoverinfo="skip",
                line={"color": colours.field_arrow, "width": 1.2},
            )
        )  # fmt: skip
    if land.minima:
        traces.append(
            go.Scatter(
                x=[m[0] for m in land.minima], y=[m[1] for m in land.minima],
                mode="markers", name="global minimum", hoverinfo="skip",
                marker={"symbol": "star", "size": 17, "color": "#ffffff",
                        "line": {"color": colours.ink, "width": 1.6}},
            )
        )  # fmt: skip
    return traces


def path_traces(runs: Sequence[Run], start: tuple[float, float]) -> list[go.BaseTraceType]:
    """Each run's path in its colour, a cross where it diverged, and the start."""
    colours = palette()
    traces: list[go.BaseTraceType] = []
    for i, run in enumerate(runs):
        traces.append(
            go.Scatter(
                x=run.points[:, 0], y=run.points[:, 1], mode="lines", name=run.label,
                line={"color": colours.run_color(i), "width": 2.6},
                hovertemplate=f"{run.label}<br>x=%{{x:.4g}}, y=%{{y:.4g}}<extra></extra>",
            )
        )  # fmt: skip
        if run.status == "diverged":
            last = run.points[-1]
            traces.append(
                go.Scatter(
                    x=[last[0]], y=[last[1]], mode="markers", showlegend=False,
                    hoverinfo="skip", name=f"{run.label} diverged",
                    marker={"symbol": "x-thin", "size": 18,
                            "line": {"color": colours.danger, "width": 3.5}},
                )
            )  # fmt: skip
    traces.append(
        go.Scatter(
            x=[start[0]], y=[start[1]], mode="markers", name="start", hoverinfo="skip",
            marker={"symbol": "circle-dot", "size": 18, "color": "#ffffff",
                    "line": {"color": colours.ink, "width": 2.5}},
        )
    )  # fmt: skip
    return traces


def plane_layout(domain, x_title: str = "x", y_title: str = "y") -> dict:
    """Axes fixed to the domain, as the page's stacked layout."""
    ink = palette().ink
    (x0, x1), (y0, y1) = domain

    def axis(lo, hi, title):
        return {
            "range": [lo, hi], "showgrid": False, "zeroline": False, "ticks": "outside",
            "showline": True, "linecolor": ink, "mirror": True, "title": {"text": title},
        }  # fmt: skip

    return {
        "xaxis": axis(x0, x1, x_title),
        "yaxis": axis(y0, y1, y_title),
        "font": {**FONT, "color": ink},
        "plot_bgcolor": "rgba(0,0,0,0)",
        "width": 680,
        "height": 600,
        "legend": {"x": 0, "y": -0.12, "orientation": "h", "yanchor": "top"},
    }


def loss_curves(runs: Sequence[Run]) -> go.Figure:
    """f(w_k) − min f and ‖∇f(w_k)‖ against k, log y, as the page's curves.js."""
    colours = palette()
    figure = make_subplots(rows=1, cols=2, subplot_titles=("f(w_k) − f_min", "‖∇f(w_k)‖"))
    finite = [run.losses.min() for run in runs if run.losses.size]
    shift = min(finite) if finite else 0.0
    for i, run in enumerate(runs):
        steps = np.arange(len(run.losses))
        style = {"mode": "lines", "name": run.label, "line": {"color": colours.run_color(i)}}
        loss = np.maximum(run.losses.astype(np.float64) - shift, 1e-30)
        figure.add_trace(go.Scatter(x=steps, y=loss, legendgroup=run.label, **style), 1, 1)
        gnorm = np.linalg.norm(run.gradients, axis=1)
        figure.add_trace(
            go.Scatter(x=steps, y=gnorm, legendgroup=run.label, showlegend=False, **style), 1, 2
        )
    figure.update_yaxes(type="log", exponentformat="power")
    figure.update_xaxes(title_text="step k")
    figure.update_layout(font={**FONT, "color": colours.ink}, width=900, height=380)
    return figure


def _class_colours(labels: np.ndarray, colours) -> list[str]:
    return [colours.class_colors[int(c) % len(colours.class_colors)] for c in labels]


def decision_traces(dataset: dict, decision: dict | None, colours) -> list[go.BaseTraceType]:
    """Training data (filled), test data (rings), the prediction under them (networks/plots.js)."""
    dims, classify = dataset["input_dim"], dataset["task"] != "regression"
    traces: list[go.BaseTraceType] = []
    if dims > 2:
        return traces
    if decision is not None and dims == 2:
        z = decision["z"]
        if decision["value"] == "class":
            k = max(2, dataset["n_classes"])
            scale = [
                [(c + edge) / k, colours.class_colors[c % len(colours.class_colors)]]
                for c in range(k)
                for edge in (0, 1)
            ]
            traces.append(
                go.Heatmap(x=decision["x"], y=decision["y"], z=z, zmin=-0.5, zmax=k - 0.5,
                           colorscale=scale, opacity=0.3, showscale=False, hoverinfo="skip")
            )  # fmt: skip
        else:
            traces.append(
                go.Contour(
                    x=decision["x"], y=decision["y"], z=z, zmin=0, zmax=1, showscale=False,
                    colorscale=[[0, "#f5c26b"], [0.5, "#ffffff"], [1, "#7db8df"]],
                    contours={"start": 0.1, "end": 0.9, "size": 0.1}, opacity=0.85,
                    line={"color": colours.contour_line, "width": 0.5}, hoverinfo="skip",
                )
            )  # fmt: skip
        if decision["value"] == "probability":
            traces.append(
                go.Contour(
                    x=decision["x"], y=decision["y"], z=z, showscale=False, hoverinfo="skip",
                    contours={"coloring": "none", "start": 0.5, "end": 0.5, "size": 1},
                    line={"color": colours.ink, "width": 2}, name="decision boundary",
                )
            )  # fmt: skip
    elif decision is not None:
        traces.append(
            go.Scatter(x=decision["x"], y=decision["z"], mode="lines", name="prediction",
                       line={"color": colours.ink, "width": 2.5})
        )  # fmt: skip
    for part, test in (("train", False), ("test", True)):
        x, y = np.asarray(dataset[f"x_{part}"]), np.asarray(dataset[f"y_{part}"])
        colour = _class_colours(y, colours) if classify else colours.run_color(0)
        px, py = (x[:, 0], x[:, 1]) if dims == 2 else (x[:, 0], y)
        marker = (
            {"size": 7, "color": "rgba(0,0,0,0)", "line": {"color": colour, "width": 1.6}}
            if test
            else {"size": 6, "color": colour, "line": {"color": "#fff", "width": 0.6}}
        )
        traces.append(go.Scatter(x=px, y=py, mode="markers", name=part, marker=marker))
    return traces


def plane_traces(land: dict, colours) -> list[go.BaseTraceType]:
    """The loss on a plane through parameter space and the path projected onto it."""
    path = np.asarray(land["path"])
    return [
        go.Contour(
            x=land["a"], y=land["b"], z=land["z"], ncontours=24, hoverinfo="skip",
            colorscale=[list(stop) for stop in colours.landscape_scale],
            line={"color": colours.contour_line, "width": 0.7}, colorbar={"title": {"text": "L"}},
        ),
        go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name="path",
                   line={"color": colours.run_color(1), "width": 2.2}, marker={"size": 3}),
    ]  # fmt: skip
