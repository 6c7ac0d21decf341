"""Training a small network in-process, as ``POST /api/networks/run``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from thalweg.notebook.errors import computing, validate
from thalweg.notebook.results import Training
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import networks


def train(
    dataset: str | Mapping[str, Any] = "moons",
    model: Mapping[str, Any] | None = None,
    optimizer: str | Mapping[str, Any] = "adam",
    *,
    loss: str | None = None,
    l2: float = 0.0,
    batch_size: int | Literal["all"] = "all",
    steps: int = 500,
    seed: int = 0,
    landscape: Mapping[str, Any] | None = None,
    decision: Mapping[str, Any] | None = None,
    curvature: Mapping[str, Any] | None = None,
) -> Training:
    """Train a model on a data set and slice its loss landscape (Li et al. 2018).

    Minimises L(θ) = mean loss over the training rows + λ·Σ‖W‖² (``l2``,
    weights only) with the optimizer, one mini-batch of ``batch_size`` rows per
    step (``"all"``: full batch). Then L is evaluated on the plane
    θ_final + a·d₁ + b·d₂ (``landscape["directions"]``: ``"pca"`` of the path,
    filter-normalised ``"random"``, or ``"exact"`` w and b of a two-parameter
    model) and the path is projected onto it. ``curvature``, e.g. ``{"every": 10,
    "top_k": 3, "density": True}``, tracks the sharpness λmax(∇²L) by Lanczos every
    k steps (full-batch GD rises to 2/η: the edge of stability, Cohen et al. 2021)
    and adds the final top eigenvalues and spectral density (``response["curvature"]``).

    Arguments are the fields of ``NetworkRequest`` (docs/protocol.md):
    ``dataset`` a name or ``{"name": "spirals", "samples": 300, ...}``,
    ``model`` e.g. ``{"kind": "mlp", "hidden": [16, 16], "activation": "relu"}``,
    ``optimizer`` an id or ``{"id": "gd", "hyperparameters": {"lr": 0.1}}``.
    Raises ThalwegError with the REST API's message.
    """
    fields: dict[str, Any] = {
        "dataset": {"name": dataset} if isinstance(dataset, str) else dict(dataset),
        "optimizer": {"id": optimizer} if isinstance(optimizer, str) else dict(optimizer),
        "loss": loss,
        "l2": l2,
        "batch_size": batch_size,
        "steps": steps,
        "seed": seed,
    }
    if model is not None:
        fields["model"] = dict(model)
    if landscape is not None:
        fields["landscape"] = dict(landscape)
    if decision is not None:
        fields["decision"] = dict(decision)
    if curvature is not None:
        fields["curvature"] = dict(curvature)
    validated = validate(NetworkRequest, fields)
    with computing():
        body = networks.run(validated)
    return Training(body["status"], body["steps_taken"], body["history"], body)
