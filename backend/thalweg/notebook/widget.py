"""``thalweg.Widget``: the race, live in a notebook (JupyterLab, Notebook, VS Code, marimo).

    w = thalweg.Widget("rosenbrock", runs=["gd", {"optimizer": "adam",
                                                  "hyperparameters": {"lr": 0.05}}])
    w                      # contour, paths, loss curves and a learning-rate slider per run
    w.runs[0]["lr"] = 0.01  # the kernel recomputes, the figures redraw
    w.set_run(0, lr=0.01)   # the same
    w.runs                 # what the sliders say now (REST API run dicts)
    w.race()               # the current scene as a thalweg.race result (NumPy arrays)

The figures are the page's own modules (``frontend/js/plots/…``) running in the
notebook's browser; every change of the synced ``runs`` (a slider, or
``w.runs[0]["lr"] = …``, ``set_run`` or ``w.runs = [...]`` in Python) is computed
by the kernel through the REST API's request models and services
(``services/trajectories.stream``: the frames a page's socket receives), and the
frames return as a synced trait. No server, no network. Traitlets see
assignments, not mutations, so each run in ``w.runs`` is a :class:`LiveRun`
whose item assignment goes through the widget; a change deeper down
(``w.runs[0]["hyperparameters"]["lr"] = …``) is not seen.

anywidget loads one ES module (``_esm``); the page is many. ``_esm`` is
``frontend/js/widget-loader.js`` followed by the page's modules as text, their
relative specifiers made bare by the offline file's ``module_graph``
(``services/offline_page.py``), and plotly.js's cartesian bundle (the app's
vendored copy). The loader turns each module into a ``blob:`` URL, dependencies
first, and imports ``js/widget.js``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import anywidget
import orjson
import traitlets

from thalweg.config import frontend_dir, get_settings
from thalweg.notebook.errors import ThalwegError, computing
from thalweg.notebook.requests import DomainLike, RunLike, Surface, request, run_dict
from thalweg.notebook.requests import surface_fields as request_surface_fields
from thalweg.notebook.results import Race
from thalweg.notebook.surfaces import race
from thalweg.schemas import LandscapeRequest, TrajectoryRequest
from thalweg.services import catalog, landscape, trajectories
from thalweg.services.encoding import dumps
from thalweg.services.offline_page import PLOTLY, module_graph
from thalweg.services.surfaces import resolve

ENTRY = "js/widget.js"
LOADER = "js/widget-loader.js"
STYLESHEET = "css/widget.css"
RESOLUTION, ARROWS = 200, 20  # as the page's (frontend/js/scene.js)
INCLUDE = ["points", "losses", "gradients", "updates", "momenta"]


@cache
def bundle() -> tuple[str, str]:
    """(``_esm``, ``_css``): the loader, the page's modules and plotly.js; the widget's styles."""
    root = frontend_dir(get_settings())
    sources = module_graph(root, ENTRY)
    loader = (root / LOADER).read_text(encoding="utf-8")
    plotly = (root / PLOTLY).read_text(encoding="utf-8")
    arguments = orjson.dumps(sources).decode(), orjson.dumps(plotly).decode()
    esm = f"{loader}\nexport default widget({arguments[0]}, {arguments[1]}, {ENTRY!r});\n"
    return esm, (root / STYLESHEET).read_text(encoding="utf-8")


def _json(value: Any) -> Any:
    """NumPy arrays as lists, non-finite numbers as None (orjson writes them as null)."""
    return orjson.loads(dumps(value))


class LiveRun(dict):
    """A run of ``Widget.runs`` (``{"optimizer", "hyperparameters"}``) whose assignments redraw.

    ``run["lr"] = 0.01`` sets a hyperparameter (as ``Widget.set_run``) and
    ``run["lr"]`` reads it; ``run["optimizer"] = "adam"`` swaps the optimizer.
    """

    def __init__(self, run: Mapping[str, Any], widget: Widget, index: int) -> None:
        super().__init__(run)
        self._widget, self._index = widget, index

    def __getitem__(self, key: str) -> Any:
        if key not in self and key in self.get("hyperparameters", {}):
            return self["hyperparameters"][key]
        return super().__getitem__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key in ("optimizer", "hyperparameters"):
            runs = [dict(run) for run in self._widget.runs]
            runs[self._index] = {**runs[self._index], key: value}
            if key == "optimizer":  # the new optimizer's own defaults
                runs[self._index]["hyperparameters"] = {}
            self._widget.runs = [self._widget._full_run(run) for run in runs]
        else:
            self._widget.set_run(self._index, **{key: value})


class Widget(anywidget.AnyWidget):
    """A live race: contour, −∇f, paths and loss curves, one η slider per run.

    ``surface``, ``runs``, ``start``, ``steps``, ``tolerance``, ``surface_params``
    and ``domain`` are those of :func:`thalweg.race`; ``lang``: "en" or "de".
    """

    _esm = traitlets.Unicode().tag(sync=True)  # set per instance from bundle()
    _css = traitlets.Unicode().tag(sync=True)
    runs = traitlets.List(traitlets.Dict()).tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)
    # Read-only from Python: what the browser draws (set by the kernel).
    scene = traitlets.Dict().tag(sync=True)
    landscape = traitlets.Dict().tag(sync=True)
    frames = traitlets.List().tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        surface: Surface = "rosenbrock",
        runs: Sequence[RunLike] = ("gd", "momentum", "adam"),
        start: tuple[float, float] | None = None,
        steps: int = 500,
        tolerance: float = 1e-8,
        surface_params: Mapping[str, float] | None = None,
        *,
        domain: DomainLike | None = None,
        lang: str = "en",
    ) -> None:
        esm, css = bundle()
        self._fields = request_surface_fields(surface, domain, surface_params)
        self._surface = surface
        self._options = {"start": start, "steps": steps, "tolerance": tolerance}
        self._options |= {"surface_params": surface_params, "domain": domain}
        full = [self._full_run(run_dict(r)) for r in runs]
        super().__init__(_esm=esm, _css=css, lang=lang, runs=full)
        self.scene = self._scene_of()
        self.landscape = self._landscape_of()
        self._compute()

    def _full_run(self, run: dict) -> dict:
        """A run validated as the REST API does, every hyperparameter filled in (sliders need η)."""
        validated = request(TrajectoryRequest, self._fields | {"runs": [run]}).runs[0]
        spec = next(o for o in catalog.optimizers() if o["id"] == validated.optimizer)
        given = validated.hyperparameters
        values = {h["name"]: given.get(h["name"], h["default"]) for h in spec["hyperparameters"]}
        return {"optimizer": validated.optimizer, "hyperparameters": values}

    def _scene_of(self) -> dict:
        surface = resolve(request(LandscapeRequest, self._fields))
        start = self._options["start"] or surface.start
        (x0, x1), (y0, y1) = surface.domain
        entry = next((s for s in catalog.surfaces() if s["id"] == self._surface), None)
        return _json(
            {
                "surface": entry["id"] if entry else "custom",
                "domain": {"x": [x0, x1], "y": [y0, y1]},
                "start": list(start),
                "steps": self._options["steps"],
                "catalogs": {
                    "surfaces": [entry] if entry else [],
                    "optimizers": catalog.optimizers(),
                },
            }
        )

    def _landscape_of(self) -> dict:
        fields = self._fields | {"resolution": RESOLUTION, "arrows": ARROWS}
        with computing():
            return _json(landscape.compute(request(LandscapeRequest, fields)))

    @traitlets.validate("runs")
    def _live_runs(self, proposal: dict) -> list[LiveRun]:
        return [LiveRun(run, self, i) for i, run in enumerate(proposal["value"])]

    @traitlets.observe("runs")
    def _runs_changed(self, change: dict) -> None:
        if change["old"] != change["new"] and self.scene:
            self._compute()

    def _compute(self) -> None:
        """The trajectories of ``runs`` as the page's stream frames, or the error's message."""
        try:
            validated = request(
                TrajectoryRequest,
                self._fields
                | {"runs": self.runs, "include": INCLUDE}
                | {k: self._options[k] for k in ("start", "steps", "tolerance")},
            )
            with computing():
                frames = list(trajectories.stream(validated, limit=math.inf))
        except ThalwegError as error:
            self.error = str(error)
            return
        self.error = ""
        self.frames = _json(frames)

    def set_run(self, index: int, **hyperparameters: float) -> None:
        """Change run ``index``'s hyperparameters (``w.set_run(0, lr=0.01)``); it redraws."""
        runs = [dict(run, hyperparameters=dict(run["hyperparameters"])) for run in self.runs]
        runs[index]["hyperparameters"].update(hyperparameters)
        self.runs = runs

    def race(self) -> Race:
        """The current scene as :func:`thalweg.race` computes it (NumPy arrays, figures)."""
        options = {k: v for k, v in self._options.items() if k != "domain"}
        return race(self._surface, self.runs, **options, domain=self._options["domain"])
