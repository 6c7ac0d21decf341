"""Run the torch and Keras scripts of ``thalweg code`` and compare them with Thalweg.

Outside the test suite: it needs torch, which the project does not depend on.
For each scene below (every optimizer, on the four surfaces of the torch
reference file, from the same starts) it writes the torch and the Keras
script, runs them in a separate virtualenv, and compares each printed path
with the engine's float64 path: the largest relative difference
max_k ‖w_k − w*_k‖ / max(‖w*_k‖, 1) and the step counts. A run whose
counterpart is marked exact (``services/code/counterparts.py``) must agree to
1e-6; the others are recorded with the note their script carries. Each
script's ``--plot`` is also run (matplotlib, Agg backend) once per framework.
First, every catalog surface and a few expressions are printed for both
frameworks and their value and gradient compared with the engine's at 10
points (must agree to 1e-9; Keras's to 1e-3, as its trigonometric functions
compute in float32). Then the gradient-check and computation-graph views'
scripts are run and compared with the views' answers (``code_calculus.py``).
Last, the Maps view's scripts: small stability and basin maps (``MAPS``) printed
by the torch and Keras scripts against the grids Thalweg's API answers
(statuses, steps and minima equal, losses within 1e-6 relative where the
counterpart is exact).

Run from the repository root with the project's environment; the other
virtualenv is created if missing, with exactly ``torch==2.13.0`` (that spec
takes the CPU wheel; any other pulls gigabytes of CUDA packages)::

    PYTHONPATH=backend /work/main/.venv/bin/python tests/reference/check_code_scripts.py \
        --venv /work/torchenv

Writes ``tests/reference/code_scripts_check.txt`` (one line per run) and exits
non-zero if an exact counterpart disagrees.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import orjson
from code_calculus import calculus_lines
from thalweg.compute.expressions import compile_expression
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import POINT, Objective
from thalweg.services import trajectories
from thalweg.services.code.counterparts import counterpart
from thalweg.services.code.formula import formula
from thalweg.services.code.maps import Symbol
from thalweg.services.code.scripts import request_of
from thalweg.services.code.views import script
from thalweg.services.curvature import basins, stability
from thalweg.services.maps_query import request_of as map_request_of
from thalweg.services.scene_query import parse

REQUIRED_TORCH = "2.13.0"
PACKAGES = [f"torch=={REQUIRED_TORCH}", "numpy", "keras", "jax", "matplotlib", "scikit-learn"]
OUT = Path(__file__).resolve().parent / "code_scripts_check.txt"
TOLERANCE = 1e-6
# keras.ops computes trigonometric functions in float32 (Keras 3.15.1, JAX backend); its
# scripts say so. Their formulas are held to this instead of 1e-9.
FLOAT32 = 1e-3
RUNS = (
    "gd:lr=0.001;momentum:lr=0.0005,dampening=0.1;nesterov:lr=0.0005,weight_decay=0.01;"
    "adagrad:lr=0.1;rmsprop:lr=0.01,momentum=0.5,centered=1;adadelta:lr=1;adam:lr=0.05;"
    "adamw:lr=0.05,weight_decay=0.1;adamax:lr=0.05;nadam:lr=0.02;amsgrad:lr=0.05;"
    "radam:lr=0.05;lion:lr=0.01;ftrl:lr=0.1"
)
SCENES = {
    "rosenbrock": f"surface=rosenbrock&start=-1.5,2&steps=100&runs={RUNS}",
    "beale": f"surface=beale&start=1,1.5&steps=100&runs={RUNS}",
    "ill_conditioned": f"surface=ill_conditioned&sp=kappa:10&start=-4,1.5&steps=100&runs={RUNS}",
    "himmelblau": f"surface=himmelblau&start=-0.5,-0.5&steps=100&runs={RUNS}",
}


# Small maps (the view's links less view=): a stability map's cells need one torch
# param group or Keras optimizer each, so they stay small here.
MAPS = {
    "heavy ball on the bowl": "n=8",
    "adam on himmelblau": "n=6&surface=himmelblau&opt=adam&x=lr:0.001:0.3:log"
    "&y=beta1:0:0.95:linear&steps=150",
    "gd basins of himmelblau": "map=basins&res=16",
    "rmsprop basins of the camel": "map=basins&res=16&bsurface=six_hump_camel&bopt=rmsprop"
    "&bhp=lr:0.01",
}


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", *PACKAGES], check=True)
    version = subprocess.run(
        [str(python), "-c", "import torch; print(torch.__version__.split('+')[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if version != REQUIRED_TORCH:
        sys.exit(f"{venv} has torch {version}; this check needs exactly {REQUIRED_TORCH}")
    return python


EXPRESSIONS = [
    "sin(x)*cos(y) + x^2/10",
    "max(abs(x), 2*y) - min(x, y) + atan2(y, x+5)",
    "softplus(x) + relu(y) + log10(x + 5) + log2(y + 3) + cbrt(x*y + 1)",
    "sigmoid(x) * tanh(y) + sqrt(x^2 + y^2 + 1) + arcsinh(x) * cosh(y/3)",
]
# Evaluates every printed formula at the given points in torch (autograd) and in
# Keras on its JAX backend (jax.grad of the keras.ops formula): value and ∇f.
FORMULA_CHECK = """
import json, os, sys
os.environ["KERAS_BACKEND"] = "jax"
import jax
jax.config.update("jax_enable_x64", True)
import keras, torch
keras.config.set_floatx("float64")
torch.set_default_dtype(torch.float64)
out = []
for case in json.load(sys.stdin):
    rows = {}
    for framework in ("torch", "keras"):
        body = "\\n".join("    " + line for line in case[framework].splitlines())
        space = {"torch": torch, "keras": keras, "jax": jax}
        exec("def f(x, y):\\n" + body, space)
        f, got = space["f"], []
        for x, y in case["points"]:
            if framework == "torch":
                w = torch.tensor([x, y], requires_grad=True)
                value = f(w[0], w[1])
                value.backward()
                got.append([value.item(), *w.grad.tolist()])
            else:
                value, grad = jax.value_and_grad(lambda w: f(w[0], w[1]))(jax.numpy.asarray([x, y]))
                got.append([float(value), *grad.tolist()])
        rows[framework] = got
    out.append(rows)
print(json.dumps(out))
"""


def formula_cases() -> list[tuple[str, Objective, np.ndarray, tuple]]:
    cases = [
        (sid, Objective(sid, spec.value), spec.default_params(), spec.domain)
        for sid, spec in SURFACES.items()
    ]
    box = ((-2.0, 2.0), (-2.0, 2.0))
    for text in EXPRESSIONS:
        cases.append((text, Objective(text, compile_expression(text).value), np.zeros(0), box))
    return cases


def check_formulas(python: Path) -> list[str]:
    """Every catalog surface and a few expressions, printed for torch and Keras, against ∇f."""
    rng = np.random.default_rng(0)
    cases, expected = [], []
    for _, objective, params, ((x0, x1), (y0, y1)) in formula_cases():
        points = np.stack([rng.uniform(x0, x1, 10), rng.uniform(y0, y1, 10)], axis=1)
        params = np.asarray(params)

        def value(w, objective=objective, params=params):
            return objective.value(w[0], w[1], params)

        v, g = jax.vmap(jax.value_and_grad(value))(jnp.asarray(points))
        expected.append(np.column_stack([v, g]))
        cases.append(
            {fw: formula(objective, params, fw) for fw in ("torch", "keras")}
            | {"points": points.tolist()}
        )
    out = subprocess.run(
        [str(python), "-c", FORMULA_CHECK], input=json.dumps(cases), capture_output=True,
        text=True, env={**os.environ, "KERAS_BACKEND": "jax"}, check=True,
    )  # fmt: skip
    lines = ["# formulas: value and ∇f at 10 points against the engine's, max relative difference"]
    for (name, *_), want, got in zip(
        formula_cases(), expected, json.loads(out.stdout), strict=True
    ):
        for framework in ("torch", "keras"):
            gap = np.abs(np.asarray(got[framework]) - want) / np.maximum(np.abs(want), 1.0)
            lines.append(f"formula {framework} {name!r} {float(gap.max()):.2e}")
    return lines


def engine_paths(link: str) -> list[np.ndarray]:
    request = request_of(parse(link))
    start, problem, groups = trajectories.prepare(request, math.inf)  # unbudgeted
    out: list = [None] * len(request.runs)
    for group in groups:
        records, status, stop = group.runner.run(group.batch, problem)
        for row, i in enumerate(group.indices):
            taken = trajectories.steps_taken(int(status[row]), int(stop[row]), start)
            out[i] = records[row, : taken + 1, POINT]
    return out


def run_script(python: Path, text: str, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scene.py"
        path.write_text(text)
        env = {**os.environ, "MPLBACKEND": "Agg", "KERAS_BACKEND": "jax"}
        env.pop("PYTHONPATH", None)
        out = subprocess.run(
            [str(python), str(path), *args], capture_output=True, text=True, env=env, timeout=900
        )
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return out.stdout


def difference(path: np.ndarray, reference: np.ndarray) -> float:
    n = min(len(path), len(reference))
    gap = np.linalg.norm(path[:n] - reference[:n], axis=1)
    return float(np.max(gap / np.maximum(np.linalg.norm(reference[:n], axis=1), 1.0)))


def map_answer(query: str) -> dict:
    """The grids POST /api/stability or /api/basins answers for the map of ``query``."""
    request = map_request_of(query)
    service = basins if request.__class__.__name__ == "BasinsRequest" else stability
    return orjson.loads(orjson.dumps(service.compute(request), option=orjson.OPT_SERIALIZE_NUMPY))


def check_maps(python: Path) -> tuple[list[str], int]:
    """Each map's torch and Keras script against Thalweg's grids: (lines, failures)."""
    lines = [
        "# maps: framework map optimizer exact cells status/minimum_equal steps_equal"
        " max_diff verdict",
        "# max_diff: stability, final losses |a − b| / max(|b|, 1) against the API's float32"
        " ones; basins, the minima's coordinates |a − b| (inf: another number of minima)",
    ]
    failures = 0
    for framework in ("torch", "keras"):
        for number, (name, query) in enumerate(MAPS.items()):
            text = script(f"view=maps&{query}", framework)
            printed = json.loads(run_script(python, text))
            if number in (0, 2):
                run_script(python, text, "--plot")  # must draw without error
            want = map_answer(query)
            request = map_request_of(query)
            axes = [a.name for a in (getattr(request, "x", None), getattr(request, "y", None)) if a]
            values = request.run().filled() | {a: Symbol(a) for a in axes}
            exact = counterpart(framework, request.optimizer, values).exact
            key = "status" if "status" in want else "minimum"
            labels = np.asarray(printed[key]) == np.asarray(want[key])
            steps = np.asarray(printed["steps_taken"]) == np.asarray(want["steps_taken"])
            if key == "status":
                mine = np.asarray(printed["final_loss"], float)
                theirs = np.asarray(want["final_loss"], float)
                both = np.isfinite(mine) & np.isfinite(theirs)
                gap = np.abs(mine - theirs)[both] / np.maximum(np.abs(theirs[both]), 1.0)
                worst = float(gap.max()) if gap.size else 0.0
            else:
                found = np.asarray(printed["minima"]).reshape(-1, 2)
                known = np.asarray(want["minima"]).reshape(-1, 2)
                same = found.shape == known.shape
                worst = np.inf
                if same:
                    worst = float(np.abs(found - known).max()) if found.size else 0.0
                labels &= same
            ok = labels.all() and steps.all() and worst <= TOLERANCE
            verdict = "agrees" if ok else "differs"
            if exact and not ok:
                verdict, failures = "FAILS", failures + 1
            lines.append(
                f"{framework} {name.replace(' ', '_')} {request.optimizer} {exact} {labels.size}"
                f" {int(labels.sum())} {int(steps.sum())} {worst:.2e} {verdict}"
            )
    return lines, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path("/work/torchenv"))
    args = parser.parse_args()
    python = ensure_venv(args.venv)
    versions = run_script(
        python,
        "import torch, keras, jax; print(torch.__version__, keras.__version__, jax.__version__)",
    ).split()
    lines = [
        f"# thalweg code scripts against the engine (float64 paths), torch {versions[0]},"
        f" keras {versions[1]} (JAX backend, jax {versions[2]})",
        f"# exact: the counterpart should reproduce Thalweg's path; it must agree to {TOLERANCE:g}",
        "# framework surface optimizer exact steps(script/thalweg) max_rel_diff verdict",
    ]
    formula_lines = check_formulas(python)
    failures = sum(
        float(line.rsplit(" ", 1)[1]) > (FLOAT32 if " keras " in line else 1e-9)
        for line in formula_lines[1:]
    )
    lines += formula_lines
    for framework in ("torch", "keras"):
        for number, (surface, link) in enumerate(SCENES.items()):
            text = script(link, framework)
            printed = json.loads(run_script(python, text))["runs"]
            if number == 0:
                run_script(python, text, "--plot")  # must draw without error
            request = request_of(parse(link))
            reference = engine_paths(link)
            printed_by_name = {run["optimizer"]: np.asarray(run["points"]) for run in printed}
            for i, run in enumerate(request.runs):
                found = counterpart(framework, run.optimizer, run.filled())
                if found is None:
                    lines.append(f"{framework} {surface} {run.optimizer} - - - none in {framework}")
                    continue
                path = printed_by_name[run.optimizer]
                gap = difference(path, reference[i])
                same_length = len(path) == len(reference[i])
                ok = gap <= TOLERANCE and same_length
                verdict = "agrees" if ok else "differs"
                if found.exact and not ok:
                    verdict, failures = "FAILS", failures + 1
                lines.append(
                    f"{framework} {surface} {run.optimizer} {found.exact} "
                    f"{len(path) - 1}/{len(reference[i]) - 1} {gap:.2e} {verdict}"
                )
    calculus, calculus_failures = calculus_lines(functools.partial(run_script, python))
    lines += calculus
    failures += calculus_failures
    map_lines, map_failures = check_maps(python)
    lines += map_lines
    failures += map_failures
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if failures:
        sys.exit(f"{failures} formulas or exact counterparts disagree")


if __name__ == "__main__":
    main()
