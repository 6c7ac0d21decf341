"""The Networks view's catalog (datasets, activations with curves, losses, …)
and activation curves for plotting f and f′."""

from __future__ import annotations

import numpy as np

from thalweg.compute.nets import activations
from thalweg.compute.nets.activations import ACTIVATIONS
from thalweg.compute.nets.datasets import DATASETS
from thalweg.compute.nets.losses import DEFAULT_LOSS, L2_LATEX, LOSSES
from thalweg.compute.nets.models import INIT_SCHEMES, KIND_TASKS, KINDS
from thalweg.compute.nets.training import CHUNK
from thalweg.schemas_networks import LIMITS, NETWORK_OPTIMIZERS, ActivationRequest

DIRECTIONS = {
    "random": "two random directions, filter-normalised (Li et al. 2018); biases not perturbed",
    "pca": "the first two principal directions of the trajectory θ_k − θ_final (Li et al. 2018)",
    "exact": "the parameters themselves: a = w, b = b (two-parameter models)",
}


def activation_curve(request: ActivationRequest) -> dict:
    z = np.linspace(*request.range, request.points, dtype=np.float32)
    f, df = activations.curves(request.name, request.alpha_value, z)
    return {"name": request.name, "alpha": request.alpha_value, "z": z, "f": f, "df": df}


def catalog() -> dict:
    """Everything the Networks view needs to build its controls."""
    z = np.linspace(-4, 4, 161, dtype=np.float32)
    acts = []
    for a in ACTIVATIONS.values():
        alpha = a.alpha.default if a.alpha else 0.0
        f, df = activations.curves(a.name, alpha, z)
        acts.append(
            {
                "name": a.name,
                "title": a.title,
                "latex": a.latex,
                "derivative": a.derivative,
                "description": a.description,
                "reference": a.reference,
                "alpha": None if a.alpha is None else vars(a.alpha),
                "learnable": a.learnable,
                "curve": {"z": z, "f": f, "df": df},
            }
        )
    return {
        "datasets": [
            {
                "name": s.name,
                "title": s.title,
                "description": s.description,
                "input_dim": s.input_dim,
                "task": s.task(),
                "n_classes": s.n_classes(),
                "classes": None
                if s.classes is None
                else {"default": s.classes[0], "max": s.classes[1]},
                "default_noise": s.default_noise,
                "max_noise": s.max_noise,
                "default_samples": s.default_samples,
                "max_samples": s.max_samples,
                "reference": s.reference,
            }
            for s in DATASETS.values()
        ],
        "activations": acts,
        "losses": [
            {
                "name": s.name,
                "title": s.title,
                "latex": s.latex,
                "description": s.description,
                "tasks": list(s.tasks),
            }
            for s in LOSSES.values()
        ],
        "default_loss": DEFAULT_LOSS,
        "l2": {"latex": L2_LATEX, "description": "λ·Σ‖W‖²: weights only, part of the loss"},
        "model_kinds": [
            {"kind": k, "description": d, "tasks": list(KIND_TASKS[k])} for k, d in KINDS.items()
        ],
        "init_schemes": [{"name": k, "description": d} for k, d in INIT_SCHEMES.items()],
        "directions": [{"name": k, "description": d} for k, d in DIRECTIONS.items()],
        "optimizers": list(NETWORK_OPTIMIZERS),
        "chunk": CHUNK,
        "limits": LIMITS.model_dump(),
    }
