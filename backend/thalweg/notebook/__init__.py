"""Thalweg in Python: the engine behind the page, in-process, with Plotly figures.

    import thalweg
    adam = {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}
    race = thalweg.race("rosenbrock", ["gd", adam])
    race.runs[1].points        # (n + 1, 2) NumPy array: w_0 … w_n
    race.figure()              # plotly Figure: contours, minima, −∇f, paths
    race.curves()              # loss and ‖∇f‖ against the step
    thalweg.Widget("rosenbrock", ["gd", adam])  # the race live, η sliders (widget.py)
    thalweg.curvature("rosenbrock", (1, 1)).eigenvalues   # ∇²f's, ascending
    thalweg.stability("rosenbrock", "momentum", {"name": "lr", "min": 1e-4, "max": 1e-2,
                      "count": 64, "scale": "log"}, {"name": "momentum", "min": 0,
                      "max": 0.99, "count": 64}).figure()
    thalweg.basins("himmelblau", "gd", {"lr": 0.01}).figure()
    thalweg.gan(steps=2000).figure()       # real and generated points over D(x)

Requests go through the REST API's pydantic models and services, so results
equal the server's bit for bit, and a bad argument raises
:class:`ThalwegError` with the message the server would answer.
"""

import thalweg.compute  # noqa: F401  (sets XLA_FLAGS and float64 before anything starts JAX)
from thalweg.notebook.code import code
from thalweg.notebook.curvature import Basins, Curvature, StabilityMap, basins, curvature, stability
from thalweg.notebook.errors import ThalwegError
from thalweg.notebook.generative import AutoencoderRun, GanRun, autoencoder, gan
from thalweg.notebook.results import Landscape, Race, Run, Sweep, Training
from thalweg.notebook.surfaces import landscape, race, sweep
from thalweg.notebook.training import train
from thalweg.notebook.widget import Widget

__all__ = [
    "AutoencoderRun",
    "Basins",
    "Curvature",
    "GanRun",
    "Landscape",
    "Race",
    "Run",
    "StabilityMap",
    "Sweep",
    "ThalwegError",
    "Training",
    "Widget",
    "autoencoder",
    "basins",
    "code",
    "curvature",
    "gan",
    "landscape",
    "race",
    "stability",
    "sweep",
    "train",
]
