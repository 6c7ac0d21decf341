"""Thalweg in Python: the engine behind the page, in-process, with Plotly figures.

    import thalweg
    adam = {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}
    race = thalweg.race("rosenbrock", ["gd", adam])
    race.runs[1].points        # (n + 1, 2) NumPy array: w_0 … w_n
    race.figure()              # plotly Figure: contours, minima, −∇f, paths
    race.curves()              # loss and ‖∇f‖ against the step
    thalweg.Widget("rosenbrock", ["gd", adam])  # the race live, η sliders (widget.py)

Requests go through the REST API's pydantic models and services, so results
equal the server's bit for bit, and a bad argument raises
:class:`ThalwegError` with the message the server would answer.
"""

import thalweg.compute  # noqa: F401  (sets XLA_FLAGS and float64 before anything starts JAX)
from thalweg.notebook.code import code
from thalweg.notebook.errors import ThalwegError
from thalweg.notebook.results import Landscape, Race, Run, Sweep, Training
from thalweg.notebook.surfaces import landscape, race, sweep
from thalweg.notebook.training import train
from thalweg.notebook.widget import Widget

__all__ = [
    "Landscape",
    "Race",
    "Run",
    "Sweep",
    "ThalwegError",
    "Training",
    "Widget",
    "code",
    "landscape",
    "race",
    "sweep",
    "train",
]
