"""Generative models in-process: a GAN on 2D points and an autoencoder on digits.

As ``POST /api/gan/run`` and ``POST /api/autoencoder/run``: the same pydantic
models validate the arguments (the REST API's fields, docs/protocol.md) and the
same services train, so the numbers are the server's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from thalweg.notebook import figures
from thalweg.notebook.errors import computing, validate
from thalweg.schemas_autoencoder import AutoencoderRequest
from thalweg.schemas_gan import GanRequest
from thalweg.services import autoencoder as autoencoder_service
from thalweg.services import gan as gan_service
from thalweg.services.palette import palette


@dataclass(frozen=True)
class GanRun:
    """A GAN's training: both players' losses per iteration and snapshots every ``every``.

    ``history``: ``d_loss``, ``g_loss`` per iteration; at the snapshots' ``steps``
    the energy distance and the grid Jensen–Shannon estimate between real and
    generated points, and the modes covered (mixtures only). ``snapshots[k]``:
    the generated points, D(x) on a grid, ∇ₓD, the push −∇L_G on the samples
    and the generator's manifold. ``response``: the whole REST body.
    """

    status: str
    steps_taken: int
    real: np.ndarray  # (n, 2)
    history: dict[str, Any]
    snapshots: list[dict[str, Any]]
    response: dict[str, Any] = field(repr=False)

    def figure(self, snapshot: int = -1) -> go.Figure:
        """Real and generated points over D(x), with the generator's manifold, at a snapshot."""
        colours = palette()
        shot = self.snapshots[snapshot]
        heat = shot["discriminator"]
        value = "D(x)" if self.response["value"] == "probability" else "D score"
        fake = np.asarray(shot["fake"], np.float32)
        traces: list[go.BaseTraceType] = [
            go.Heatmap(x=heat["x"], y=heat["y"], z=heat["z"], colorscale="RdBu", opacity=0.55,
                       colorbar={"title": {"text": value}}, hoverinfo="skip", name=value),
            go.Scatter(x=self.real[:, 0], y=self.real[:, 1], mode="markers", name="real",
                       marker={"size": 5, "color": colours.ink, "opacity": 0.7}),
            go.Scatter(x=fake[:, 0], y=fake[:, 1], mode="markers", name="generated",
                       marker={"size": 5, "color": colours.run_color(1)}),
        ]  # fmt: skip
        for k, line in enumerate(shot["manifold"]):
            points = np.asarray(line, np.float64)
            traces.append(
                go.Scatter(
                    x=points[:, 0], y=points[:, 1], mode="lines", name="G(z) manifold",
                    showlegend=k == 0, legendgroup="manifold", hoverinfo="skip",
                    line={"color": colours.run_color(1), "width": 0.8},
                )
            )  # fmt: skip
        (x0, x1), (y0, y1) = self.response["bounds"]
        layout = figures.plane_layout(((x0, x1), (y0, y1)))
        layout["title"] = {"text": f"iteration {shot['step']}"}
        return go.Figure(traces, layout)

    def curves(self) -> go.Figure:
        """Both players' losses per iteration; energy distance at the snapshots."""
        colours = palette()
        figure = make_subplots(rows=1, cols=2, subplot_titles=("losses", "energy distance"))
        steps = np.arange(1, len(self.history["d_loss"]) + 1)
        for i, name in enumerate(("d_loss", "g_loss")):
            figure.add_trace(
                go.Scatter(x=steps, y=self.history[name], mode="lines", name=name,
                           line={"color": colours.run_color(i)}), 1, 1,
            )  # fmt: skip
        figure.add_trace(
            go.Scatter(x=self.history["steps"], y=self.history["distance"], mode="lines+markers",
                       name="energy distance", line={"color": colours.ink}), 1, 2,
        )  # fmt: skip
        figure.update_xaxes(title_text="iteration")
        figure.update_layout(font={**figures.FONT, "color": colours.ink}, width=900, height=380)
        return figure


@dataclass(frozen=True)
class AutoencoderRun:
    """An autoencoder's training on 8×8 digits: mini-batch loss per step and snapshots.

    ``snapshots[k]``: every row's 2D code (``latent``), train and test
    reconstruction loss, reconstructions of ``originals``, and images decoded
    over the latent plane. ``labels``: each row's digit.
    """

    status: str
    steps_taken: int
    labels: np.ndarray
    batch_loss: np.ndarray
    snapshots: list[dict[str, Any]]
    response: dict[str, Any] = field(repr=False)

    def figure(self, snapshot: int = -1) -> go.Figure:
        """The codes of every digit in the latent plane, one colour per digit."""
        colours = palette()
        shot = self.snapshots[snapshot]
        codes = np.asarray(shot["latent"], np.float64)
        traces = [
            go.Scatter(
                x=codes[self.labels == d, 0], y=codes[self.labels == d, 1], mode="markers",
                name=str(d), marker={"size": 5, "color": colours.digit_colors[d]},
            )
            for d in np.unique(self.labels)
        ]  # fmt: skip
        layout = {
            "xaxis": {"title": {"text": "z₁"}},
            "yaxis": {"title": {"text": "z₂"}, "scaleanchor": "x"},
            "title": {"text": f"codes after {shot['step']} steps"},
            "font": {**figures.FONT, "color": colours.ink},
            "width": 680,
            "height": 600,
        }
        return go.Figure(traces, layout)

    def curves(self) -> go.Figure:
        """Mini-batch loss per step; train and test loss at the snapshots."""
        colours = palette()
        traces = [
            go.Scatter(x=np.arange(1, len(self.batch_loss) + 1), y=self.batch_loss, mode="lines",
                       name="mini-batch", line={"color": colours.run_color(0), "width": 1}),
        ]  # fmt: skip
        steps = [s["step"] for s in self.snapshots]
        for name, dash in (("train_loss", "solid"), ("test_loss", "dot")):
            traces.append(
                go.Scatter(x=steps, y=[s[name] for s in self.snapshots], mode="lines+markers",
                           name=name, line={"color": colours.ink, "dash": dash})
            )  # fmt: skip
        layout = {"xaxis": {"title": {"text": "step"}}, "yaxis": {"title": {"text": "loss"}}}
        return go.Figure(traces, layout)


def gan(**fields: Any) -> GanRun:
    """Train a GAN on 2D points, as ``POST /api/gan/run`` with these fields.

    Each iteration takes ``k_discriminator`` steps of D on L_D and then
    ``k_generator`` steps of G on L_G (``loss``: ``minimax``, ``non_saturating``,
    ``wasserstein`` or ``least_squares``; ``penalty``: ``{"kind": "r1" | "gp",
    "weight": γ}``), each player with its own optimizer. E.g.
    ``thalweg.gan(data={"name": "grid", "modes": 9}, steps=2000, every=200)``.
    Raises ThalwegError with the REST API's message.
    """
    body = _trained(GanRequest, gan_service.run, fields)
    real = np.asarray(body["real"], np.float32)  # as the REST API sends it
    shots = body["snapshots"]
    return GanRun(body["status"], body["steps_taken"], real, body["history"], shots, body)


def autoencoder(**fields: Any) -> AutoencoderRun:
    """Train an autoencoder 64 → hidden → 2 → hidden → 64 on 8×8 digits, as
    ``POST /api/autoencoder/run`` with these fields (mean squared reconstruction
    error; e.g. ``thalweg.autoencoder(hidden=[32], steps=1000)``)."""
    body = _trained(AutoencoderRequest, autoencoder_service.run, fields)
    labels, losses = np.asarray(body["labels"]), np.asarray(body["batch_loss"])
    return AutoencoderRun(
        body["status"], body["steps_taken"], labels, losses, body["snapshots"], body
    )


def _trained(model: type, run: Callable[[Any], dict], fields: dict[str, Any]) -> dict:
    """The REST route's body for ``fields``, validated by its model."""
    validated = validate(model, dict(fields))
    with computing():
        return run(validated)
