"""What the Python API returns: the REST API's responses as NumPy arrays, with figures.

Arrays are float32, the values the REST API sends (the engine computes in
float64 and rounds once at the edge), so a result equals the server's bit for
bit. Indexing follows the engine: ``points[k] = w_k`` for k = 0 … n with
n = ``steps_taken``, ``losses[k] = f(w_k)``, ``gradients[k] = ∇f(w_k)``, and
``updates[k] = w_{k+1} − w_k`` for k < n.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from thalweg.notebook import figures
from thalweg.services.palette import palette


@dataclass(frozen=True)
class Run:
    """One optimizer's path: w_0 … w_n, f and ∇f there, and the n steps taken."""

    optimizer: str
    hyperparameters: dict[str, float]
    points: np.ndarray  # (n + 1, 2)
    losses: np.ndarray  # (n + 1,)
    gradients: np.ndarray  # (n + 1, 2)
    updates: np.ndarray  # (n, 2)
    momenta: np.ndarray | None  # (n, 2): the first moment after each step, if it has one
    status: str  # "converged", "diverged" or "max_steps"
    steps_taken: int
    diverged_at: int | None

    @property
    def label(self) -> str:
        lr = self.hyperparameters.get("lr")
        return self.optimizer if lr is None else f"{self.optimizer} (η = {lr:g})"

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Run:
        return cls(
            optimizer=body["optimizer"],
            hyperparameters=body["hyperparameters"],
            points=body["points"],
            losses=body["losses"],
            gradients=body["gradients"],
            updates=body["updates"],
            momenta=body.get("momenta"),
            status=body["status"],
            steps_taken=body["steps_taken"],
            diverged_at=body["diverged_at"],
        )


@dataclass(frozen=True)
class Landscape:
    """f on a grid (``z[j, i] = f(x[i], y[j])``, NaN where f is not finite) and −∇f arrows."""

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    arrows: dict[str, np.ndarray]  # x, y, u, v: −∇f at the arrows' grid points
    domain: tuple[tuple[float, float], tuple[float, float]]
    log_scale: bool
    z_min: float | None
    z_max: float | None
    minima: tuple[tuple[float, float], ...] = ()

    def figure(self, field: bool = True) -> go.Figure:
        """The page's bottom layer: contour, −∇f field, minima."""
        traces = figures.landscape_traces(self, field)
        return go.Figure(traces, figures.plane_layout(self.domain))


@dataclass(frozen=True)
class Race:
    """Optimizers from one start on one surface, each run to its stop."""

    runs: list[Run]
    start: tuple[float, float]
    landscape_of: Callable[[int, int], Landscape] = field(repr=False, compare=False)

    def figure(self, resolution: int = 200, arrows: int = 20, field: bool = True) -> go.Figure:
        """Contours, minima, −∇f arrows and every run's path, as the page draws the race."""
        land = self.landscape_of(resolution, arrows)
        traces = figures.landscape_traces(land, field) + figures.path_traces(self.runs, self.start)
        return go.Figure(traces, figures.plane_layout(land.domain))

    def curves(self) -> go.Figure:
        """Loss above the lowest seen, and gradient norm, against the step (log y)."""
        return figures.loss_curves(self.runs)


@dataclass(frozen=True)
class Sweep:
    """One optimizer over learning rates η: its final loss (NaN if it diverged) per η."""

    optimizer: str
    lr: np.ndarray
    final_loss: np.ndarray
    status: list[str]
    steps_taken: np.ndarray
    steps_to_tolerance: list[int | None]
    best: dict[str, Any] | None  # the lowest final loss among runs that did not diverge

    def figure(self) -> go.Figure:
        """Final loss against η (log-log), diverged rates as crosses, the best circled."""
        colours = palette()
        finite = np.isfinite(self.final_loss)
        log_y = bool(finite.any() and (self.final_loss[finite] > 0).all())
        traces = [
            go.Scatter(
                x=self.lr[finite], y=self.final_loss[finite], mode="lines+markers",
                name=self.optimizer, line={"color": colours.run_color(0), "width": 2},
            )
        ]  # fmt: skip
        if not finite.all():
            top = float(np.max(self.final_loss[finite])) if finite.any() else 1.0
            traces.append(
                go.Scatter(
                    x=self.lr[~finite], y=np.full((~finite).sum(), top), mode="markers",
                    name="diverged", marker={"symbol": "x-thin", "size": 10,
                                             "line": {"color": colours.danger, "width": 2}},
                )
            )  # fmt: skip
        if self.best is not None:
            traces.append(
                go.Scatter(
                    x=[self.best["lr"]], y=[self.best["final_loss"]], mode="markers",
                    name=f"best η = {self.best['lr']:.3g}",
                    marker={"size": 14, "color": "rgba(0,0,0,0)",
                            "line": {"color": colours.ink, "width": 2}},
                )
            )  # fmt: skip
        layout = {
            "xaxis": {"type": "log", "title": {"text": "learning rate η"}},
            "yaxis": {"type": "log" if log_y else "linear", "title": {"text": "final loss"}},
            "font": {**figures.FONT, "color": colours.ink},
        }
        return go.Figure(traces, layout)


@dataclass(frozen=True)
class Training:
    """A network's training run: history per step, final prediction, loss landscape.

    ``history`` holds train/test loss and metric, the mini-batch loss and ‖∇L‖
    per step (k = 0 … ``steps_taken``); ``response`` is the whole REST body.
    """

    status: str
    steps_taken: int
    history: dict[str, np.ndarray]
    response: dict[str, Any] = field(repr=False)

    def figure(self) -> go.Figure:
        """Data with the decision boundary; the loss landscape with the path through it."""
        body = self.response
        colours = palette()
        figure = make_subplots(rows=1, cols=2, subplot_titles=("data and prediction", "loss"))
        for trace in figures.decision_traces(body["dataset"], body["decision"], colours):
            figure.add_trace(trace, 1, 1)
        land = body["landscape"]
        if land is not None:
            for trace in figures.plane_traces(land, colours):
                figure.add_trace(trace, 1, 2)
            figure.update_xaxes(title_text=land["axes"][0], row=1, col=2)
            figure.update_yaxes(title_text=land["axes"][1], row=1, col=2)
        figure.update_layout(font={**figures.FONT, "color": colours.ink}, width=980, height=460)
        return figure

    def curves(self) -> go.Figure:
        """Train (solid) and test (dotted) loss against the step."""
        colours = palette()
        steps = np.arange(len(self.history["train_loss"]))
        traces = [
            go.Scatter(x=steps, y=self.history[name], mode="lines", name=name,
                       line={"color": colours.run_color(0), "dash": dash})
            for name, dash in (("train_loss", "solid"), ("test_loss", "dot"))
        ]  # fmt: skip
        layout = {"xaxis": {"title": {"text": "step"}}, "yaxis": {"title": {"text": "loss"}}}
        return go.Figure(traces, layout)
