"""The Generative view's catalog: distributions, losses, penalties, the optimizers a
player (and the autoencoder) may use, activations, and the limits of both modes, all
read from the registries that validate a request (schemas_gan), so the page's
pickers cannot offer what the server refuses."""

from __future__ import annotations

from thalweg.compute import autoencoder
from thalweg.compute.gan.data import DISTRIBUTIONS
from thalweg.compute.gan.players import LOSSES, PENALTIES, PLAYER_OPTIMIZERS
from thalweg.compute.gan.training import CHUNK
from thalweg.compute.nets.activations import ACTIVATIONS
from thalweg.config import get_settings
from thalweg.schemas_gan import CUSTOM, LIMITS


def catalog() -> dict:
    """Everything the Generative view needs to build its controls."""
    return {
        "distributions": [
            {
                "name": d.name,
                "title": d.title,
                "description": d.description,
                "default_noise": d.default_noise,
                "max_noise": d.max_noise,
                "modes": list(d.modes),
                "reference": d.reference,
            }
            for d in DISTRIBUTIONS.values()
        ],
        "custom": CUSTOM,
        "losses": [
            {
                "name": s.name,
                "title": s.title,
                "probability": s.probability,
                "reference": s.reference,
            }
            for s in LOSSES.values()
        ],
        "penalties": list(PENALTIES),
        "optimizers": list(PLAYER_OPTIMIZERS),
        "activations": [{"name": a.name, "title": a.title} for a in ACTIVATIONS.values()],
        "chunk": CHUNK,
        "limits": LIMITS.model_dump(),
        "autoencoder": {
            "chunk": autoencoder.CHUNK,
            "limits": get_settings().autoencoder.model_dump(),
        },
    }
