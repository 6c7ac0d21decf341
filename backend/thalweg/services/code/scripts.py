"""A scene link -> a short script that reproduces its runs in torch, JAX (optax) or Keras.

The script holds the surface (its formula printed from the very function the
engine runs, see ``formula.py``), the framework's optimizers with the scene's
hyperparameters (``counterparts.py``), the same start, step count and stop
rules, in float64. Run, it prints ``{"runs": [{"optimizer": id, "points":
[[x, y], …]}, …]}``; with ``--plot`` it draws them with matplotlib.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from string import Template

from pydantic import ValidationError

from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import make_problem
from thalweg.schemas import ExpressionSurface, SurfaceRequest, TrajectoryRequest
from thalweg.schemas_curvature import OptimizerRun
from thalweg.services.code.counterparts import LIBRARY, counterpart
from thalweg.services.code.formula import FormulaError, formula
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import readable
from thalweg.services.palette import palette
from thalweg.services.scene_query import Scene, parse
from thalweg.services.surfaces import ResolvedSurface, resolve

TEMPLATES = Path(__file__).parent / "templates"
IMPORTS = {
    "jax": """
import jax

jax.config.update("jax_enable_x64", True)  # float64, as Thalweg computes
import jax.numpy as jnp
import numpy as np
""",
    "torch": """
import numpy as np
import torch

torch.set_default_dtype(torch.float64)  # as Thalweg computes
""",
    "keras": """
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported: ∇f comes from jax.grad
import jax

jax.config.update("jax_enable_x64", True)  # float64, as Thalweg computes
import keras
import numpy as np

keras.config.set_floatx("float64")
""",
}
OPTIMIZER_IMPORTS = {"jax": "import optax\n"}  # torch.optim and keras.optimizers come along
FACTORY_ARGUMENT = {"torch": "params", "jax": "", "keras": ""}
# Measured with Keras 3.15.1 on its JAX backend (tests/reference/code_scripts_check.txt).
_TRIGONOMETRIC = ("sin", "cos", "tan", "sinh", "cosh", "tanh")
KERAS_FLOAT32 = (*_TRIGONOMETRIC, *(f"arc{name}" for name in _TRIGONOMETRIC), "arctan2")
KERAS_FLOAT32_NOTE = (
    "# keras.ops computes sin, cos, tan, sinh, cosh, tanh, their inverses and arctan2\n"
    "# in float32 even for float64 inputs (its type promotion), so this f agrees with\n"
    "# Thalweg's only to 1e-6 … 5e-4 relative on the catalog's surfaces."
)


@functools.cache
def template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.py.tmpl").read_text(encoding="utf-8"))


def request_of(scene: Scene) -> TrajectoryRequest:
    """The scene's runs as the page would request them, validated (422 text if not)."""
    try:
        return TrajectoryRequest.model_validate(
            {
                "surface": scene.surface_field(),
                "surface_params": scene.surface_params or None,
                "start": scene.start,
                "steps": scene.steps,
                "tolerance": scene.tolerance,
                "runs": [{"optimizer": r.optimizer, "hyperparameters": r.hyperparameters}
                         for r in scene.runs],
            }
        )  # fmt: skip
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def optimizer_block(request: TrajectoryRequest, framework: str) -> str:
    """``OPTIMIZERS = [(id, factory), …]`` with a comment where the framework differs."""
    library = LIBRARY[framework]
    argument = FACTORY_ARGUMENT[framework]
    lines = ["OPTIMIZERS = ["]
    for run in request.runs:
        values = run.filled()
        found = counterpart(framework, run.optimizer, values)
        if found is None:
            lines.append(f"    # {run.optimizer}: {library} has none; left out.")
            continue
        notes = [found.note] if found.note else []
        if values["noise"]:
            notes.append(
                f"Thalweg adds gradient noise σ = {values['noise']:g}; this script does not"
            )
        lines += [f"    # {note}." for note in notes]
        factory = f"lambda {argument}: {found.code}" if argument else f"lambda: {found.code}"
        lines.append(f'    ("{run.optimizer}", {factory}),')
    lines.append("]")
    return "\n".join(lines)


def surface_doc(request: SurfaceRequest, params) -> str:
    """One line naming the request's surface: its name, parameters and formula."""
    surface = request.surface
    if isinstance(surface, ExpressionSurface):
        return f"f(x, y) = {surface.expression}"
    spec = SURFACES[surface]
    values = ", ".join(f"{p.name} = {v:g}" for p, v in zip(spec.params, params, strict=True))
    return f"{spec.name}{f' ({values})' if values else ''}: {spec.formula}"


def surface_formula(surface: ResolvedSurface, framework: str) -> str:
    """The body of the script's ``def f(x, y):`` (422 text if it cannot be written),
    with a note where Keras computes in float32."""
    try:
        body = formula(surface.objective, surface.params, framework)
    except FormulaError as error:
        raise UnprocessableError(str(error)) from None
    return with_keras_note(body, framework)


def with_keras_note(body: str, framework: str) -> str:
    """``body``, after a note if it is Keras code that computes in float32."""
    if framework == "keras" and any(f"keras.ops.{name}(" in body for name in KERAS_FLOAT32):
        return f"{KERAS_FLOAT32_NOTE}\n{body}"
    return body


def surface_fields(
    request: TrajectoryRequest | OptimizerRun, surface: ResolvedSurface, framework: str
) -> dict[str, str]:
    """The template fields every optimizer script on a surface shares: imports, f written
    in the framework, steps and Thalweg's stop rules (tolerance, the divergence box)."""
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    body = surface_formula(surface, framework)
    doc = surface_doc(request, surface.params)
    return {
        "framework": framework,
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework] + OPTIMIZER_IMPORTS.get(framework, ""),
        "steps": str(request.steps),
        "tolerance": repr(request.tolerance),
        "domain": repr(tuple(tuple(float(v) for v in axis) for axis in surface.domain)),
        "centre": repr(tuple(float(v) for v in problem.centre)),
        "limit": repr(float(problem.limit)),
        "surface_name": doc.split(":")[0],
        "surface_doc": doc.replace("\\", "\\\\").replace('"""', "'''"),
        "formula": "\n".join(f"    {line}" for line in body.splitlines()),
    }


def race_script(query: str, framework: str) -> str:
    """The race scene ``query`` names as a ``framework`` script (services/code/views.py)."""
    scene = parse(query)
    request = request_of(scene)
    surface = resolve(request)
    start = request.start or surface.start
    colours = palette()
    fields = surface_fields(request, surface, framework)
    fields |= {
        "title": f"{fields['surface_name']}: Thalweg's race in {LIBRARY[framework]}",
        "link": f"/?{query}",  # the page of the scene, on any Thalweg server
        "start": repr(tuple(float(v) for v in start)),
        "log_scale": repr(surface.log_scale),
        "colors": json.dumps(list(colours.run_colors)),
        "landscape": json.dumps([c for _, c in colours.landscape_scale]),
    }
    parts = [
        template("head").substitute(fields),
        "\n\n" + optimizer_block(request, framework) + "\n",
        template(framework).template,
        template("tail").template,
    ]
    return "".join(parts)
