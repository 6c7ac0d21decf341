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
from thalweg.schemas import ExpressionSurface, TrajectoryRequest
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
import optax
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
FACTORY_ARGUMENT = {"torch": "params", "jax": "", "keras": ""}
# Measured with Keras 3.15.1 on its JAX backend (tests/reference/code_scripts_check.txt).
KERAS_FLOAT32 = ("sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh")
KERAS_FLOAT32_NOTE = (
    "# keras.ops computes sin, cos, tan, their inverses, sinh, cosh and tanh in float32\n"
    "# even for float64 inputs (its type promotion), so this f agrees with Thalweg's\n"
    "# only to 1e-6 … 5e-4 relative on the catalog's surfaces."
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


def _surface_doc(request: TrajectoryRequest | OptimizerRun, params) -> str:
    surface = request.surface
    if isinstance(surface, ExpressionSurface):
        return f"f(x, y) = {surface.expression}"
    spec = SURFACES[surface]
    values = ", ".join(f"{p.name} = {v:g}" for p, v in zip(spec.params, params, strict=True))
    return f"{spec.name}{f' ({values})' if values else ''}: {spec.formula}"


def surface_fields(
    request: TrajectoryRequest | OptimizerRun, surface: ResolvedSurface, framework: str
) -> dict[str, str]:
    """The template fields every surface script shares: imports, f written in the
    framework, steps and Thalweg's stop rules (tolerance, the divergence box)."""
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    try:
        body = formula(surface.objective, surface.params, framework)
    except FormulaError as error:
        raise UnprocessableError(str(error)) from None
    if framework == "keras" and any(f"keras.ops.{name}(" in body for name in KERAS_FLOAT32):
        body = f"{KERAS_FLOAT32_NOTE}\n{body}"
    doc = _surface_doc(request, surface.params)
    return {
        "framework": framework,
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework],
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
