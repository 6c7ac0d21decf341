"""A scene as a runnable torch, JAX or Keras script, in-process (as ``thalweg code``)."""

from __future__ import annotations

from typing import Literal

from thalweg.notebook.errors import computing
from thalweg.services.code.views import script


def code(scene: str, framework: Literal["torch", "jax", "keras"] = "torch") -> str:
    """The script of the scene a page link (or its query) names, as ``GET /api/code`` writes it.

    Run with ``python``, it prints ``{"runs": [{"optimizer": id, "points": [[x, y], …]}, …]}``;
    ``--plot`` draws the paths. Raises ThalwegError with the REST API's message.
    """
    with computing():
        return script(scene, framework)
